import pytest

from corpus.codes import CANONICAL_CODE, framework_of, hk_id, is_hk_unit_code, is_standard_code, is_unit_code


def test_every_code_the_seed_corpus_defines_is_read_whole_by_the_canonical_pattern(corpus):
    # Parsers, the catalog, the guard and the evals all read codes with this pattern: a code it
    # read only in part would be cited cut (BHR1212-002v3/T2.1 for /T2.1.3) or flagged as invented.
    for code in corpus.codes():
        assert CANONICAL_CODE.fullmatch(code), code


def test_the_framework_of_every_seed_record_follows_from_its_code_alone(corpus):
    for document in corpus.documents:
        expected = "HK" if document.kind.startswith("hk") else "TW"
        for code in document.item_codes():
            assert framework_of(code) == expected, code


@pytest.mark.parametrize(
    "text, standard, unit, hk_unit",
    [
        ("BHR1212-002v3", True, False, False),
        ("BHR1212-002", True, False, False),  # as version tables print it
        ("BHR5R0061v2", False, True, False),
        ("BHR1212002v3", False, False, False),  # a standard code without its hyphen is not a unit code
        ("106904L7", False, False, True),
        ("1069L7", False, False, True),
        ("106904L", False, False, False),
    ],
)
def test_code_kinds_are_told_apart_by_format(text, standard, unit, hk_unit):
    assert (is_standard_code(text), is_unit_code(text), is_hk_unit_code(text)) == (standard, unit, hk_unit)


def test_an_hk_id_is_read_as_one_code_inside_prose():
    role = hk_id("人才管理經理")
    found = [m.group() for m in CANONICAL_CODE.finditer(f"晉升到{role}，需要 106904L7 與 BHR1212-002v3/P2.1.3。")]
    assert found == ["HK:人才管理經理", "106904L7", "BHR1212-002v3/P2.1.3"]


@pytest.mark.parametrize("code, kind", [("A01", "attitude"), ("BHR1212-002v3/SS28", "skill"), ("T1", "task"),
                                        ("T2.1", "task"), ("P1.2.2", "indicator"), ("K08", "knowledge"),
                                        ("106904L7", None), ("BHR1212-002v3", None)])
def test_an_item_code_names_its_kind_by_its_letters(code, kind):
    from corpus.codes import item_kind

    assert item_kind(code) == kind
