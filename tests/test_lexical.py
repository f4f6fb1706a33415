from pathlib import Path

from retrieval.chunks import build_chunks
from retrieval.lexical import LexicalIndex, glossary_terms, normalise, query_tokens, tokenize


def test_simplified_is_normalised_to_traditional():
    assert normalise("就业转介") == "就業轉介"
    assert tokenize("训练经理") == tokenize("訓練經理")


def test_simplified_assessment_words_read_as_the_documents_print_them():
    assert normalise("评核指引") == normalise("評核指引") == "評核指引" and normalise("考核") == "考核"


def test_tokens_keep_codes_whole_and_lower_case_latin():
    tokens = tokenize("BHR1212-002v3 T2.4 與 106904L7 Training")
    assert {"bhr1212-002v3", "bhr1212-002", "t2.4", "106904l7", "training"} <= set(tokens)
    assert "就業" in tokenize("就業轉介") and "業轉" in tokenize("就業轉介")


def test_glossary_maps_english_to_corpus_terms():
    assert "訓練經理" in glossary_terms("What does a training manager do?")
    assert "繼任計劃" in glossary_terms("succession planning units")
    assert "訓練經理" in "".join(query_tokens("training manager"))


def test_bm25_finds_the_referral_task(corpus, tmp_path):
    chunks = build_chunks(corpus)
    index = LexicalIndex.build([c.id for c in chunks], [c.text for c in chunks])
    index.save(tmp_path)
    loaded = LexicalIndex.load(tmp_path)
    by_id = {c.id: c for c in chunks}
    for query in ("就業轉介", "就业转介"):
        top = [by_id[i].code for i, _ in loaded.search(query_tokens(query), 3)]
        assert top[0] == "BHR3333-004v2/T3.3", top
    assert loaded.search(query_tokens("zzzz"), 3) == []


def test_the_streamed_build_scores_as_bm25s_does(corpus, monkeypatch):
    """The index is built one text at a time; its scores are those of bm25s.BM25.index over all token lists."""
    import bm25s
    import numpy as np

    monkeypatch.setattr("retrieval.lexical.SCORE_BLOCK", 7)  # several scoring blocks, one partly filled
    chunks = build_chunks(corpus)
    texts = [c.text + " " + " ".join(c.codes) for c in chunks]
    streamed = LexicalIndex.build((c.id for c in chunks), iter(texts))
    reference = bm25s.BM25()
    reference.index([tokenize(t) or ["∅"] for t in texts], show_progress=False)
    whole = LexicalIndex(reference, [c.id for c in chunks])
    assert streamed.ids == whole.ids and streamed._vocab.keys() == whole._vocab.keys()
    for query in ("訓練經理的工作任務", "人才管理經理需要哪些能力單元", "training manager skills", "BHR1212-002v3 T2.4"):
        tokens = query_tokens(query)
        assert np.allclose(streamed.scores(tokens), whole.scores(tokens), atol=1e-5), query
        assert [i for i, _ in streamed.search(tokens, 5)] == [i for i, _ in whole.search(tokens, 5)], query


def test_simplified_reads_as_the_documents_traditional_variants():
    from retrieval.lexical import normalise
    assert normalise("能力为本课程") == normalise("能力為本課程") == "能力為本課程"
    assert normalise("启动") == "啟動" and normalise("里面") == "裡面"


def test_cantonese_words_are_cut_whole_so_no_made_up_word_reads_as_a_topic():
    from retrieval.lexical import segment

    words = segment("香港嗰套入面有冇提過同工會開會")
    assert {"嗰套", "入面", "有冇", "工會"} <= set(words) and "套入" not in words
    assert segment("佢哋嗰啲課程") == ["佢哋", "嗰啲", "課程"]  # 嗰 simplifies out of jieba's block (𠮶)


def test_every_glossary_term_is_written_as_questions_are_read():
    """Terms stand in the question text as written: one OpenCC would rewrite (雇主 → 僱主) matches nothing there."""
    from retrieval.lexical import load_glossary

    for english, terms in load_glossary():
        assert all(normalise(t) == t for t in terms), (english, terms)


def test_everyday_english_about_the_work_reaches_the_items_that_print_it(corpus):
    """How job seekers and HR staff describe their work and themselves finds the items the seeds print for it."""
    chunks = build_chunks(corpus)
    index = LexicalIndex.build([c.id for c in chunks], [c.text for c in chunks])
    by_id = {c.id: c for c in chunks}
    cases = (
        ("I'm calm under pressure", "壓力容忍"),  # an attitude of the employment services and training manager records
        ("very detail-oriented", "謹慎細心"),
        ("I love organising health talks", "健康教育"),  # the HK unit on health education activities
        ("I help job hunters with CV writing", "履歷撰寫"),  # the employment services knowledge item K11
        ("I coach line managers", "前線管理人員"),
        ("I book venues and handle training logistics", "場地佈置"),
        ("I handle disputes between staff", "爭端"),
        ("I write proposals for tenders", "提案書"),
        ("I deal with vendors", "供應商"),
        ("I'm persuasive", "說服"),
    )
    for question, printed in cases:
        top = [by_id[i] for i, _ in index.search(query_tokens(question), 5)]
        assert any(printed in normalise(c.text) for c in top), (question, [c.code for c in top])
    assert not glossary_terms("I love cooking and gardening")  # what is no work reads as nothing the records print


def test_part_of_speech_asked_first_in_a_process_does_not_hang():
    # loading jieba takes the module's lock; asking for tags before any text was cut once held it twice
    import subprocess
    import sys

    code = "from retrieval.lexical import could_be_topic, function_word; print(could_be_topic('新創'), function_word('這些'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[1])
    assert done.stdout.split() == ["True", "True"]
