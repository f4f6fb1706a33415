"""Hybrid search: dense (Chroma) and lexical (BM25) fused by reciprocal rank.

Codes named in the query come first; filters on framework, level and role are
applied in Python to the fused hits (a Chroma `where` costs far more at scale).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from functools import lru_cache

from langchain_core.embeddings import Embeddings

from .chunks import Chunk
from .codes import CodeMatch
from .index import LoadedIndex
from .lexical import query_tokens, to_traditional
from .store import StoreUnavailable

MODES = ("hybrid", "dense", "lexical")
RRF_K = 60
EMBED_QUERY_CHARS = 320  # as much of a query as is embedded: a pasted page costs no more than a question


@dataclass(frozen=True)
class Filters:
    framework: str | None = None  # "TW" or "HK"
    min_level: int | None = None
    max_level: int | None = None
    role: str | None = None  # an HK role id, e.g. HK:人才管理經理

    def accepts(self, chunk: Chunk) -> bool:
        if self.framework and chunk.framework != self.framework:
            return False
        if self.min_level is not None and (chunk.level is None or chunk.level < self.min_level):
            return False
        if self.max_level is not None and (chunk.level is None or chunk.level > self.max_level):
            return False
        if self.role and self.role not in chunk.roles and self.role not in chunk.codes:
            return False
        return True

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.framework, self.min_level, self.max_level, self.role))


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    score: float
    dense: float | None = None
    lexical: float | None = None
    pinned: bool = False  # named by a code in the query

    @property
    def codes(self) -> tuple[str, ...]:
        return self.chunk.codes


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]
    codes: CodeMatch = field(default_factory=CodeMatch)
    timings_ms: dict[str, float] = field(default_factory=dict)
    degraded: str = ""  # why vector search was skipped, when it was
    pool: tuple[Chunk, ...] = ()  # every fused chunk in rank order, `hits` first: what the question is near

    @property
    def retrieved_codes(self) -> list[str]:
        return [code for hit in self.hits for code in hit.codes]


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    """Fuse ranked id lists: score(id) = Σ 1 / (k + rank)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores.items(), key=lambda pair: (-pair[1], pair[0]))


class HybridRetriever:
    """`search(query, k, filters)` over one loaded index."""

    def __init__(self, index: LoadedIndex, embedder: Embeddings, mode: str = "hybrid", depth: int = 50) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        self.index = index
        self.embedder = embedder
        self.mode = mode
        self.depth = depth
        self._embed_query = lru_cache(maxsize=256)(embedder.embed_query)

    def search(self, query: str, k: int = 5, filters: Filters | None = None, mode: str | None = None,
               codes: CodeMatch | None = None) -> SearchResult:
        """`codes`: what the question names, when the caller has resolved it already (the question
        plan); otherwise the codes written in the query."""
        mode = mode or self.mode
        filters = filters or Filters()
        timings: dict[str, float] = {}
        started = time.perf_counter()
        codes = codes if codes is not None else self.index.catalog.resolve(query)
        if codes.missing and not codes.found:
            # A code that does not exist: report it, never fall back to near neighbours.
            return SearchResult(query, (), codes, {"total": _ms(started)})

        # Filtering happens after fusion, so look deeper when filters are on.
        depth = self.depth * (4 if filters.active else 1)
        dense: list[tuple[str, float]] = []
        lexical: list[tuple[str, float]] = []
        degraded = ""
        if mode in ("hybrid", "dense"):
            t = time.perf_counter()
            vector = self._embed_query(to_traditional(query[:EMBED_QUERY_CHARS]))
            try:
                dense = self.index.store.query(vector, depth)
            except StoreUnavailable as error:
                # The vector store went away (a Chroma server restarting): keyword search still answers.
                degraded = str(error)
                mode = "lexical"
            timings["dense"] = _ms(t)
        if mode in ("hybrid", "lexical"):
            t = time.perf_counter()
            lexical = self.index.lexical.search(query_tokens(query), depth)
            timings["lexical"] = _ms(t)

        rankings = [[i for i, _ in ranking] for ranking in (dense, lexical) if ranking]
        fused = reciprocal_rank_fusion(rankings)
        dense_scores, lexical_scores = dict(dense), dict(lexical)
        by_id = self.index.by_id
        hits = [
            Hit(by_id[i], score, dense_scores.get(i), lexical_scores.get(i))
            for i, score in fused
            if i in by_id and filters.accepts(by_id[i])
        ]
        if codes.found:
            hits = self._pin(hits, codes.found, filters)
        timings["total"] = _ms(started)
        return SearchResult(query, tuple(hits[:k]), codes, timings, degraded, tuple(hit.chunk for hit in hits))

    def _pin(self, hits: list[Hit], found: tuple[str, ...], filters: Filters) -> list[Hit]:
        """For each named code its best own chunk first, then every other chunk carrying a named code,
        then the rest; relevance orders each group."""
        relevance = {hit.chunk.id: n for n, hit in enumerate(hits)}
        known = {hit.chunk.id: hit for hit in hits}

        def by_relevance(chunks: list[Chunk]) -> list[Chunk]:
            return sorted(chunks, key=lambda c: relevance.get(c.id, len(relevance)))

        heads: list[Chunk] = []
        carriers: list[Chunk] = []
        for code in found:
            carrying = [c for c in self.index.carriers.get(code, []) if filters.accepts(c)]
            own = by_relevance([c for c in carrying if c.code == code]) or by_relevance(carrying)
            heads += own[:1]
            carriers += carrying
        ordered: list[Hit] = []
        seen: set[str] = set()
        for chunk in heads + by_relevance(carriers):
            if chunk.id not in seen:
                seen.add(chunk.id)
                base = known.get(chunk.id)
                ordered.append(Hit(chunk, base.score if base else 0.0, base.dense if base else None,
                                   base.lexical if base else None, pinned=True))
        ordered += [hit for hit in hits if hit.chunk.id not in seen]
        return ordered


def _ms(since: float) -> float:
    return round((time.perf_counter() - since) * 1000, 2)
