"""The vector store: Chroma, embedded (PersistentClient) or a `chroma run` server.

This is the only module that imports chromadb. Vectors are always computed by
our embedder and passed in; Chroma's own embedding function (which would
download a model) is never used. Filtering happens in Python on the fused hits,
so only ids and vectors live here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

COLLECTION_PREFIX = "chunks"


class StoreUnavailable(RuntimeError):
    """The Chroma server cannot be reached (or the embedded store cannot be opened)."""


def chromadb_version() -> str:
    import chromadb

    return chromadb.__version__


@dataclass(frozen=True)
class StoreLocation:
    """Where a build's vectors live: a folder (embedded) or a collection on a server."""

    path: Path | None = None
    host: str = ""
    port: int = 8000
    collection: str = COLLECTION_PREFIX

    @property
    def is_server(self) -> bool:
        return bool(self.host)

    def describe(self) -> str:
        return f"chroma://{self.host}:{self.port}/{self.collection}" if self.is_server else f"{self.path}"


def _client(location: StoreLocation):
    import chromadb
    from chromadb.config import Settings

    settings = Settings(anonymized_telemetry=False)
    try:
        if location.is_server:
            return chromadb.HttpClient(host=location.host, port=location.port, settings=settings)
        location.path.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(location.path), settings=settings)
    except Exception as error:  # chromadb raises plain ValueError/ConnectionError variants
        raise StoreUnavailable(f"cannot open the vector store at {location.describe()}: {error}") from error


class VectorStore:
    """Ids and vectors, cosine distance."""

    def __init__(self, location: StoreLocation) -> None:
        self.location = location
        self._count: int | None = None
        self._client = _client(location)
        try:
            self._collection = self._client.get_or_create_collection(
                location.collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
        except Exception as error:
            raise StoreUnavailable(f"cannot open collection at {location.describe()}: {error}") from error

    def add(self, ids: list[str], vectors: np.ndarray, batch_size: int = 2000) -> None:
        self._count = None
        for start in range(0, len(ids), batch_size):
            self._collection.upsert(
                ids=ids[start : start + batch_size], embeddings=np.asarray(vectors[start : start + batch_size])
            )

    def count(self) -> int:
        # A build's collection never changes after it is written, so its size is asked once.
        if self._count is None:
            self._count = self._collection.count()
        return self._count

    def query(self, vector, k: int) -> list[tuple[str, float]]:
        """The k nearest ids with cosine similarity (1 - distance), best first."""
        try:
            k = min(k, self.count()) if k > 0 else 0
            if k == 0:
                return []
            result = self._collection.query(
                query_embeddings=[np.asarray(vector, dtype=np.float32)], n_results=k, include=["distances"]
            )
        except Exception as error:  # a server that went away: httpx, chromadb and OS errors alike
            raise StoreUnavailable(f"vector search failed at {self.location.describe()}: {error}") from error
        return [(i, 1.0 - float(d)) for i, d in zip(result["ids"][0], result["distances"][0])]

    def drop(self) -> None:
        try:
            self._client.delete_collection(self.location.collection)
        except Exception:
            pass  # already gone: dropping is only clean-up


def drop_collections(location: StoreLocation, keep: set[str]) -> None:
    """On a server, remove this project's collections other than those in `keep` (old builds)."""
    client = _client(location)
    for collection in client.list_collections():
        name = getattr(collection, "name", collection)
        if name.startswith(COLLECTION_PREFIX) and name not in keep:
            client.delete_collection(name)
