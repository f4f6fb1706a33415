import pytest

from corpus.load import SourceError, decode, detect_kind, load_corpus, parse_text

from .conftest import SEEDS_DIR


def test_seed_corpus_loads_every_document(corpus):
    assert sorted(d.code for d in corpus.documents) == [
        "BHR1212-001v2", "BHR1212-002v3", "BHR3333-004v2", "BHR5R0061v2", "HK:人才管理",
    ]
    assert len(corpus.files) == 5 and len(corpus.fingerprint) == 64
    codes = corpus.codes()
    assert {"BHR5R0061v2", "106904L7", "HK:人才管理經理", "BHR3333-004v2/O1.2.1"} <= codes
    assert "BHR9999-999v1" not in codes and "106999L9" not in codes


def test_format_is_detected_from_content_not_name(corpus, tmp_path):
    seed = corpus.document("BHR5R0061v2").source
    renamed = tmp_path / "hk_career_path.md"
    renamed.write_bytes((SEEDS_DIR / seed).read_bytes())
    loaded = load_corpus(paths=[renamed])
    assert loaded.documents[0].kind == "tw_unit"
    assert detect_kind("hello") is None


def test_big5_files_are_decoded(tmp_path, fixtures_dir):
    text = (fixtures_dir / "tw_standard_marketing.txt").read_text(encoding="utf-8")
    big5 = tmp_path / "big5.txt"
    big5.write_bytes(text.encode("cp950"))
    loaded = load_corpus(paths=[big5])
    assert not loaded.problems
    assert loaded.documents[0].name == "行銷企劃人員"


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty file"),
        (b"  \n\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("今天天氣很好".encode("utf-8"), "unknown format"),
        (b"\xff\xfe\xfa\x80\x81", "cannot be decoded"),
        ("職能基準代碼\tBHR1212-009v1\n".encode("utf-8") + "T1.1".encode(), "cannot be parsed"),
    ],
)
def test_bad_files_are_reported_with_name_and_reason(tmp_path, fixtures_dir, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = fixtures_dir / "tw_unit_interview.txt"
    loaded = load_corpus(paths=[bad, good])
    assert [d.code for d in loaded.documents] == ["BHR4R0012v1"]
    (problem,) = loaded.problems
    assert problem.file == "bad.txt" and reason in problem.reason


def test_oversized_file_is_rejected_before_parsing():
    with pytest.raises(SourceError, match="over the"):
        decode(b"x" * (6 * 1024 * 1024), "huge.txt")


def test_same_code_in_two_files_keeps_the_first(tmp_path, fixtures_dir):
    data = (fixtures_dir / "tw_unit_interview.txt").read_bytes()
    (tmp_path / "a.txt").write_bytes(data)
    (tmp_path / "b.txt").write_bytes(data)
    loaded = load_corpus(tmp_path)
    assert len(loaded.documents) == 1
    assert loaded.problems[0].file == "b.txt" and "already defined by a.txt" in loaded.problems[0].reason


def test_parse_text_names_the_source_in_errors():
    with pytest.raises(SourceError) as error:
        parse_text("no markers here", "notes.txt")
    assert error.value.file == "notes.txt"


def test_a_units_listing_is_every_role_that_lists_it_and_nothing_else_has_one(corpus):
    for role in corpus.roles:
        for ref in role.units:
            assert (role, ref) in corpus.listing(ref.code)
    assert all(ref.code == code for code in {u.code for r in corpus.roles for u in r.units}
               for _, ref in corpus.listing(code))
    assert corpus.listing(corpus.standards[0].code) == ()
