import math

from evals.metrics import (
    Result, abstain_accuracy, citation_validity, contains_all, must_contain_rate, mrr, recall, recall_at_k,
    reciprocal_rank, summarise,
)


def result(**kw):
    base = dict(id="q", category="c", lang="zh-TW", expected_codes=("A",), retrieved=(("X",), ("A", "B")),
                cited_codes=("A",), answer="答案含 A", abstained=False, expect_abstain=False,
                must_contain=(("A", "甲"),), latency_ms=10.0)
    base.update(kw)
    return Result(**base)


def test_recall_and_reciprocal_rank_read_codes_in_rank_order():
    assert recall(("A", "C"), (("X",), ("A", "B")), 5) == 0.5
    assert recall(("A",), (("X",), ("A",)), 1) == 0.0
    assert reciprocal_rank(("A",), (("X",), ("A",))) == 0.5
    assert reciprocal_rank(("Z",), (("X",),)) == 0.0 and recall((), (), 5) is None


def test_citation_validity_needs_corpus_and_source():
    results = [result(cited_codes=("A", "B", "FAKE"), retrieved=(("A",),))]
    assert citation_validity(results, {"A", "B"}) == 1 / 3
    assert citation_validity([result(cited_codes=())], {"A"}) == 1.0


def test_must_contain_and_abstention():
    assert contains_all("含 甲", (("A", "甲"),)) and contains_all("x", ()) is None
    assert not contains_all("含 甲", (("甲",), ("乙",)))
    results = [result(), result(abstained=True, expect_abstain=True, must_contain=()),
               result(abstained=True)]
    assert abstain_accuracy(results) == 2 / 3
    assert must_contain_rate(results) == 1.0  # abstain-expected questions are not counted


def test_summary_has_every_metric():
    summary = summarise([result(), result(latency_ms=30.0)], {"A"}, k=5)
    assert summary["recall@5"] == 1.0 and summary["mrr"] == 0.5 and summary["citation_validity"] == 1.0
    assert summary["latency_p50_ms"] == 20.0 and summary["questions"] == 2
    assert math.isnan(recall_at_k([result(expect_abstain=True)])) and math.isnan(mrr([]))
