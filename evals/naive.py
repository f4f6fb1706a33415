"""The baseline a textbook LangChain RAG gives: fixed-size chunks of the raw files, dense top-k,
the chunks returned as the answer. Same embedder as the project, so the difference is the design."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from corpus.codes import HK_UNIT_CODE, ITEM_CODE
from corpus.load import Corpus, decode
from corpus.records import CareerPath, Standard
from retrieval.answer import Answer, Source
from retrieval.embeddings import EmbeddingCache, embed_with_cache

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
_LOCAL = re.compile(rf"(?<![A-Za-z0-9.])({ITEM_CODE})(?![0-9])")
_HK_UNIT = re.compile(rf"(?<!\d){HK_UNIT_CODE}")


@dataclass(frozen=True)
class NaiveChunk:
    id: str
    text: str
    codes: tuple[str, ...]
    source: str


def chunk_codes(text: str, document, corpus_codes) -> tuple[str, ...]:
    """The canonical codes a raw chunk carries: its document's, and those its text names."""
    codes = [document.code]
    if isinstance(document, Standard):
        codes += [document.qualify(m) for m in _LOCAL.findall(text)]
    if isinstance(document, CareerPath):
        codes += _HK_UNIT.findall(text)
        codes += [role.id for role in document.roles if role.title in text]
    return tuple(c for c in dict.fromkeys(codes) if c in corpus_codes)


class NaiveRAG:
    name = "naive"

    def __init__(self, corpus: Corpus, sources_dir: Path, embedder: Embeddings, cache: EmbeddingCache | None) -> None:
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        corpus_codes = corpus.codes()
        by_source = {d.source: d for d in corpus.documents}
        self.chunks: list[NaiveChunk] = []
        for name, document in by_source.items():
            text = decode((Path(sources_dir) / name).read_bytes(), name)
            for n, piece in enumerate(splitter.split_text(text)):
                self.chunks.append(NaiveChunk(f"{name}#{n}", piece, chunk_codes(piece, document, corpus_codes), name))
        self.embedder = embedder
        self.vectors, _ = embed_with_cache(embedder, [c.text for c in self.chunks], cache)

    def answer(self, question: str, history=(), k: int = 5) -> Answer:
        query = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        scores = self.vectors @ query
        top = np.argsort(-scores)[:k]
        sources = tuple(
            Source(c.id, c.codes[0] if c.codes else "", c.codes, c.source, "raw", "", None, c.source, c.text,
                   round(float(scores[i]), 5))
            for i in top
            for c in (self.chunks[i],)
        )
        return Answer(question, "\n\n".join(s.text for s in sources), (), sources, False, self.name)
