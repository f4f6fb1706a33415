import pytest

from retrieval.chunks import build_chunks
from retrieval.codes import CodeCatalog


@pytest.fixture(scope="module")
def catalog(corpus):
    return CodeCatalog.from_chunks(build_chunks(corpus), corpus)


@pytest.mark.parametrize(
    "query, found",
    [
        ("BHR1212-002v3", ("BHR1212-002v3",)),
        ("bhr1212-002v3/t2.4 的內容", ("BHR1212-002v3/T2.4",)),
        ("BHR1212-002v3 的 K03", ("BHR1212-002v3/K03",)),
        ("訓練經理 T2.4 是什麼", ("BHR1212-002v3/T2.4",)),
        ("訓練主管的 T1.1", ("BHR1212-002v3/T1.1",)),  # a related occupation in the standard's name note
        ("就業服務人員 O1.2.1", ("BHR3333-004v2/O1.2.1",)),
        ("106998L5", ("106998L5",)),
        ("HK:人才管理經理的資歷級別", ("HK:人才管理經理",)),
        ("What is SS28 in 培訓專案主管人員?", ("BHR1212-001v2/SS28",)),
    ],
)
def test_codes_resolve_in_every_canonical_form(catalog, query, found):
    match = catalog.resolve(query)
    assert match.found == found and match.missing == ()


def test_a_code_without_version_or_a_historical_version_resolves_to_the_current_one(catalog):
    match = catalog.resolve("BHR3333-004 是什麼")
    assert match.found == ("BHR3333-004v2",) and "歷史版本" in match.notes[0]
    assert catalog.resolve("BHR1212-002v2").found == ("BHR1212-002v3",)
    assert catalog.resolve("BHR5R0061").found == ("BHR5R0061v2",)  # a unit code without its version: the latest


@pytest.mark.parametrize(
    "query, missing",
    [
        ("BHR9999-999v1", ("BHR9999-999v1",)),
        ("106999L9 是什麼", ("106999L9",)),
        ("BHR1212-002v3/T9.9", ("BHR1212-002v3/T9.9",)),
        ("訓練經理 T9.9", ("BHR1212-002v3/T9.9",)),
        ("HK:人才管理顧問", ("HK:人才管理顧問",)),
    ],
)
def test_well_formed_unknown_codes_are_missing_not_neighbours(catalog, query, missing):
    match = catalog.resolve(query)
    assert match.missing == missing and match.found == ()


@pytest.mark.parametrize("query", ["協調職涯發展有列 A01、A02 嗎", "協調職涯發展的 K03 是什麼"])
def test_a_bare_item_code_of_a_kind_the_record_numbers_none_of_asks_for_that_kind(catalog, query):
    # the competency unit numbers none of its items: an item code asked of it is not a near-miss code to refuse
    match = catalog.resolve(query)
    assert match.kind_absent and match.missing == () and match.found == ()


def test_a_bare_item_code_of_a_kind_the_record_numbers_stays_missing(catalog):
    match = catalog.resolve("訓練經理的 A99 是什麼")  # it numbers attitudes A01…: A99 is a code that does not exist
    assert match.missing == ("BHR1212-002v3/A99",) and match.kind_absent == ()


def test_catalog_round_trips(catalog):
    assert CodeCatalog.from_dict(catalog.to_dict()) == catalog


def test_historical_codes_are_kept_as_printed_and_name_the_current_version(catalog, corpus):
    # as the version tables print them, so that an answer quoting one finds it among the known codes
    assert catalog.aliases == {"BHR3333-004": "BHR3333-004v2", "BHR1212-002v2": "BHR1212-002v3",
                               "BHR1212-002v1": "BHR1212-002v3"} == corpus.historical_codes()
    assert {"BHR3333-004", "BHR1212-002v1"} <= corpus.codes() | set(catalog.aliases)
    assert catalog.current("BHR1212-002v1") == "BHR1212-002v3" == catalog.current("bhr1212-002V1")
    assert catalog.current("BHR1212-002v2/t2.4") == "BHR1212-002v3/T2.4"
    assert catalog.current("BHR1212-002v3") is None and catalog.current("BHR9999-999v1") is None
    # v1 of a standard named in a question: answered from the current version, with both codes in the note
    match = catalog.resolve("BHR1212-002v1 的工作任務")
    assert match.found == ("BHR1212-002v3",) and match.historical == (("BHR1212-002v1", "BHR1212-002v3"),)
    assert "BHR1212-002v1" in match.notes[0] and "BHR1212-002v3" in match.notes[0]


def test_the_latest_version_of_a_bare_code_is_found_without_a_scan(catalog):
    assert catalog._latest_version("bhr1212-002") == "BHR1212-002v3"
    assert catalog.resolve("BHR1212-001 的技能").found == ("BHR1212-001v2",)


@pytest.mark.parametrize("query, first, last", [
    ("就業服務人員的態度 A01~A05 分別是什麼", "A01", "A05"),
    ("訓練經理 K01 到 K03", "K01", "K03"),
    ("BHR1212-002v3 的 P2.1.1 至 P2.1.3", "P2.1.1", "P2.1.3"),
])
def test_a_range_of_item_codes_names_every_item_between(catalog, corpus, query, first, last):
    found = catalog.resolve(query).found
    record = found[0].split("/", 1)[0]
    items = [c.split("/", 1)[1] for c in sorted(corpus.codes()) if c.startswith(record + "/")
             and c.split("/", 1)[1][0] == first[0] and c.split("/", 1)[1].count(".") == first.count(".")
             and first <= c.split("/", 1)[1] <= last]
    assert [c.split("/", 1)[1] for c in found] == items and len(items) >= 3
