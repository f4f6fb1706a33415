"""Default components built from `Settings`, at the edges (CLI, app, evals)."""

from __future__ import annotations

import os
from pathlib import Path

from langchain_core.embeddings import Embeddings

from .answer import Knowledge
from .embeddings import EmbeddingCache, embed_with_cache, make_embedder
from .index import IndexManager, IndexStatus, IngestSummary, LiveIndex
from .search import HybridRetriever
from .settings import Settings


def index_manager(settings: Settings) -> IndexManager:
    return IndexManager(settings.index_dir, settings.chroma_host, settings.chroma_port)


def embedding_cache(settings: Settings) -> EmbeddingCache:
    return EmbeddingCache(settings.cache_path)


def build_embedder(settings: Settings, num_threads: int | None = None) -> Embeddings:
    if num_threads:
        # Batch embedding during a build uses every core; single queries are fastest on one.
        os.environ["OMP_NUM_THREADS"] = str(num_threads)
    return make_embedder(settings.embedder)


def ingest(settings: Settings, embedder: Embeddings | None = None, progress=None, force: bool = False,
           sources_dir: Path | None = None) -> IngestSummary:
    embedder = embedder or build_embedder(settings, num_threads=os.cpu_count())
    cache = embedding_cache(settings)
    try:
        return index_manager(settings).ingest(
            embedder, sources_dir=sources_dir or settings.sources_dir, cache=cache, progress=progress, force=force
        )
    finally:
        cache.close()


def open_retriever(settings: Settings, embedder: Embeddings | None = None, mode: str = "hybrid") -> HybridRetriever:
    """The retriever over the current build; `retriever.index.corpus` holds that build's records and
    `retriever.index.status` whether the sources folder changed since."""
    embedder = embedder or build_embedder(settings)
    return HybridRetriever(index_manager(settings).open(settings.sources_dir), embedder, mode=mode)


def index_status(settings: Settings) -> IndexStatus:
    """Whether the served build matches the sources folder (cheap: files are re-hashed only when touched)."""
    return index_manager(settings).status(settings.sources_dir)


def build_knowledge(settings: Settings, embedder: Embeddings | None = None, mode: str = "hybrid",
                    ensure_index: bool = True, progress=None) -> Knowledge:
    """Everything `answer()` needs, from settings, opened from the current build (records included; no
    source is parsed). With `ensure_index`, a missing index (or only builds of an older format) is built
    first. Sources changed since the build are not rebuilt here: `knowledge.retriever.index.status` says so."""
    embedder = embedder or build_embedder(settings)
    if ensure_index and index_manager(settings).current_id() is None:
        ingest(settings, embedder, progress=progress)
    retriever = open_retriever(settings, embedder, mode=mode)
    cache = embedding_cache(settings)
    return Knowledge(retriever, retriever.index.corpus, embed=lambda texts: embed_with_cache(embedder, texts, cache)[0])


class LiveKnowledge:
    """`get()`: a Knowledge over the build an ingest job last swapped in, for app processes that run for
    days beside a separate ingest job: one per process, asked once per request (see docs/deployment.md)."""

    def __init__(self, settings: Settings, embedder: Embeddings | None = None, mode: str = "hybrid",
                 interval: float = 2.0) -> None:
        self.embedder = embedder or build_embedder(settings)
        self.mode = mode
        self._cache = embedding_cache(settings)
        self.index = LiveIndex(index_manager(settings), settings.sources_dir, interval=interval)
        self._knowledge: Knowledge | None = None

    def get(self) -> Knowledge:
        loaded = self.index.get()
        knowledge = self._knowledge
        if knowledge is None or knowledge.retriever.index is not loaded:
            embedder, cache = self.embedder, self._cache
            knowledge = Knowledge(HybridRetriever(loaded, embedder, mode=self.mode), loaded.corpus,
                                  embed=lambda texts: embed_with_cache(embedder, texts, cache)[0])
            self._knowledge = knowledge
        return knowledge


def build_engine(settings: Settings):
    """The configured chat model engine, or None for the grounded composer."""
    if not settings.chat_provider:
        return None
    from .chat import ModelEngine, make_chat_model

    return ModelEngine(make_chat_model(settings), settings.chat_timeout_s, settings.chat_max_tokens,
                       name=f"{settings.chat_provider}:{settings.chat_model}",
                       first_token_timeout_s=settings.chat_first_token_timeout_s)
