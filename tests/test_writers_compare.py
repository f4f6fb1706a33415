"""The comparison writer: two records side by side over real retrieval and records, and one
record against what the question found in the other framework."""

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.answering.language import EN, ZH_TW, Request
from retrieval.answering.writers.base import Draft
from retrieval.answering.writers.compare import CompareWriter
from retrieval.answering.writers.records import RecordWriter
from retrieval.codes import CodeMatch
from retrieval.search import SearchResult


@pytest.fixture(scope="module")
def knowledge(retriever, corpus, embedder, embedding_cache):
    from retrieval.embeddings import embed_with_cache

    return Knowledge(retriever, corpus, embed=lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0])


def test_cross_framework_comparison_is_related_not_equivalent(knowledge):
    result = answer("台灣的訓練經理跟香港的人才管理經理有什麼不同？", [], knowledge=knowledge)
    assert result.intent == "compare" and "非官方對應" in result.text and "不同的量尺" in result.text
    assert {"BHR1212-002v3", "HK:人才管理經理"} <= set(result.citations)


def test_two_records_are_set_side_by_side_each_cited(corpus):
    for s in corpus.standards:
        for role in corpus.roles:
            d = Draft(EN)
            assert CompareWriter(corpus).write(d, [s.code, role.id], SearchResult("q", ())) == [s.code, role.id]
            assert d.cited[:2] == [s.code, role.id]
            assert len([line for line in d.lines if line.startswith("|")]) == 6  # header, rule, three rows, codes


def test_one_record_with_nothing_found_to_compare_gets_its_overview(corpus):
    s = corpus.standards[0]
    assert CompareWriter(corpus).write(Draft(ZH_TW), [s.code], SearchResult("q", ())) is None
    request = Request("q", ZH_TW, "compare", (s.code,), CodeMatch(), "q", intents=("compare",))
    written = RecordWriter(corpus).write(request, SearchResult("q", ()))
    assert written.focus == (s.code,) and written.citations[0] == s.code and s.description in written.text
