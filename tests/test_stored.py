import json

import pytest

from corpus import load_corpus
from corpus.stored import FORMAT, StoredCorpusError, corpus_from_dict, corpus_to_dict, read_corpus, write_corpus


def test_every_record_survives_the_round_trip(corpus, fixtures_dir, tmp_path):
    for source in [corpus, load_corpus(paths=sorted(fixtures_dir.glob("*.txt")))]:
        path = tmp_path / "corpus.json"
        write_corpus(source, path)
        again = read_corpus(path)
        assert again.documents == source.documents and again.problems == source.problems
        assert again.files == source.files and again.fingerprint == source.fingerprint
        assert again.codes() == source.codes()
        assert [type(d) for d in again.documents] == [type(d) for d in source.documents]


def test_the_stored_form_is_plain_json_with_its_format(corpus):
    data = json.loads(json.dumps(corpus_to_dict(corpus), ensure_ascii=False))
    assert data["format"] == FORMAT and data["fingerprint"] == corpus.fingerprint
    assert {d["kind"] for d in data["documents"]} == {"tw_standard", "tw_unit", "hk_career_path"}


def test_another_format_or_record_shape_is_refused(corpus):
    for changed in ({"format": FORMAT + 1}, {"schema": "0" * 16}):
        with pytest.raises(StoredCorpusError, match="x/corpus.json: records of format .*rebuild"):
            corpus_from_dict({**corpus_to_dict(corpus), **changed}, "x/corpus.json")


def test_the_schema_follows_the_record_types(monkeypatch):
    import dataclasses

    from corpus import records, stored

    before = stored.schema()
    stored.schema.cache_clear()
    changed = dataclasses.make_dataclass("Definition", [("mark", str), ("term", str), ("text", str), ("x", int)],
                                         frozen=True)
    monkeypatch.setattr(records.Standard, "__annotations__",
                        {**records.Standard.__annotations__, "definitions": tuple[changed, ...]})
    try:
        assert stored.schema() != before
    finally:
        stored.schema.cache_clear()


def test_a_damaged_file_is_refused_with_its_name(corpus, tmp_path):
    data = corpus_to_dict(corpus)
    data["documents"][0].pop("code")
    with pytest.raises(StoredCorpusError, match="corpus.json: cannot be read as records"):
        corpus_from_dict(data, str(tmp_path / "corpus.json"))
    with pytest.raises(StoredCorpusError, match="missing"):
        read_corpus(tmp_path / "nothing.json")
    (tmp_path / "half.json").write_text(json.dumps(corpus_to_dict(corpus))[:500], encoding="utf-8")
    with pytest.raises(StoredCorpusError, match="half.json: cannot be read"):
        read_corpus(tmp_path / "half.json")


def test_the_file_holds_one_document_per_line_and_a_cut_file_is_refused(corpus, tmp_path):
    path = tmp_path / "corpus.json"
    write_corpus(corpus, path)
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + len(corpus.documents) and "documents" not in json.loads(lines[0])
    path.write_text("\n".join(lines[:-1]) + "\n" + lines[-1][:100], encoding="utf-8")
    with pytest.raises(StoredCorpusError, match="corpus.json: cannot be read as records"):
        read_corpus(path)
    path.write_text("\n".join(lines[:-1]) + "\n", encoding="utf-8")  # a whole line missing: the fingerprint says so
    with pytest.raises(StoredCorpusError, match="fingerprint"):
        read_corpus(path)
