from evals.naive import NaiveRAG, chunk_codes

from .conftest import SEEDS_DIR


def test_raw_chunks_carry_the_codes_their_text_names(corpus):
    standard = corpus.document("BHR1212-002v3")
    codes = chunk_codes("T1.2 依據職能建立 O1.2.1 職能學習地 K03訓練與發展", standard, corpus.codes())
    assert codes == ("BHR1212-002v3", "BHR1212-002v3/T1.2", "BHR1212-002v3/O1.2.1", "BHR1212-002v3/K03")
    path = corpus.career_paths[0]
    assert "106904L7" in chunk_codes("核心\t106904L7\t7", path, corpus.codes())


def test_naive_baseline_returns_raw_chunks_as_the_answer(corpus, embedder, embedding_cache):
    naive = NaiveRAG(corpus, SEEDS_DIR, embedder, embedding_cache)
    assert len(naive.chunks) > 100 and all(len(c.text) <= 500 for c in naive.chunks)
    result = naive.answer("就業轉介", k=5)
    assert len(result.sources) == 5 and result.citations == () and not result.abstained
    assert result.text.startswith(result.sources[0].text[:20])
