import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from retrieval.store import StoreLocation, StoreUnavailable, VectorStore


def test_embedded_store_returns_nearest_by_cosine(tmp_path):
    store = VectorStore(StoreLocation(path=tmp_path / "chroma"))
    vectors = np.eye(4, dtype=np.float32)
    store.add(["a", "b", "c", "d"], vectors)
    assert store.count() == 4
    hits = store.query(np.array([0.9, 0.1, 0, 0], dtype=np.float32), 2)
    assert [i for i, _ in hits] == ["a", "b"] and hits[0][1] > hits[1][1]
    assert store.query(vectors[0], 0) == []


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def chroma_server(tmp_path):
    port = _free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("chroma run did not start")
    yield port
    process.terminate()
    process.wait(timeout=10)


@pytest.mark.integration
def test_chroma_server_returns_the_same_hits_as_the_embedded_store(tmp_path, chroma_server, corpus, embedder,
                                                                   embedding_cache):
    from retrieval.index import IndexManager
    from retrieval.search import HybridRetriever

    embedded = IndexManager(tmp_path / "embedded")
    served = IndexManager(tmp_path / "served", chroma_host="127.0.0.1", chroma_port=chroma_server)
    embedded.ingest(embedder, corpus=corpus, cache=embedding_cache)
    served.ingest(embedder, corpus=corpus, cache=embedding_cache)
    assert served.current_manifest().store.startswith("chroma://127.0.0.1")
    local = HybridRetriever(embedded.open(), embedder)
    remote = HybridRetriever(served.open(), embedder)
    for query in ("怎麼做就業轉介", "training manager skills", "繼任計劃", "106998L5"):
        for mode in ("dense", "hybrid"):
            assert [h.chunk.id for h in local.search(query, 5, mode=mode).hits] == [
                h.chunk.id for h in remote.search(query, 5, mode=mode).hits
            ]


@pytest.mark.integration
def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreUnavailable, match="127.0.0.1"):
        VectorStore(StoreLocation(host="127.0.0.1", port=_free_port(), collection="chunks-x"))
