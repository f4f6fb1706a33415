"""Metrics as plain functions over ids and strings; no model judge."""

from __future__ import annotations

import re

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Result:
    """One answered question, as the metrics see it."""

    id: str
    category: str
    lang: str
    expected_codes: tuple[str, ...]
    retrieved: tuple[tuple[str, ...], ...]  # the codes each source carries, in rank order
    cited_codes: tuple[str, ...]
    answer: str
    abstained: bool
    expect_abstain: bool
    must_contain: tuple[tuple[str, ...], ...]
    latency_ms: float


def recall(expected, retrieved, k: int) -> float | None:
    """Share of the expected codes carried by some source in the top k."""
    if not expected:
        return None
    carried = {code for codes in retrieved[:k] for code in codes}
    return sum(1 for code in expected if code in carried) / len(expected)


def reciprocal_rank(expected, retrieved) -> float | None:
    if not expected:
        return None
    for rank, codes in enumerate(retrieved, 1):
        if any(code in codes for code in expected):
            return 1.0 / rank
    return 0.0


def valid_citations(cited, retrieved, corpus_codes) -> tuple[int, int]:
    """(valid, total): a citation is valid when the corpus has it and a source of the answer carries it."""
    carried = {code for codes in retrieved for code in codes}
    return sum(1 for code in cited if code in corpus_codes and code in carried), len(cited)


def contains_all(answer: str, groups) -> bool | None:
    """Every group has a string the answer contains, spacing aside (gold is checked against the
    sources spacing aside too: PDF text prints "5 年以上" where a reader types "5年以上")."""
    if not groups:
        return None
    compact = _SPACES.sub("", answer)
    return all(any(_SPACES.sub("", s) in compact for s in group) for group in groups)


_SPACES = re.compile(r"\s+")


def _mean(values) -> float:
    values = [v for v in values if v is not None]
    return float(np.mean(values)) if values else float("nan")


def recall_at_k(results: list[Result], k: int = 5) -> float:
    return _mean(recall(r.expected_codes, r.retrieved, k) for r in results if not r.expect_abstain)


def mrr(results: list[Result]) -> float:
    return _mean(reciprocal_rank(r.expected_codes, r.retrieved) for r in results if not r.expect_abstain)


def citation_validity(results: list[Result], corpus_codes) -> float:
    valid = total = 0
    for r in results:
        v, t = valid_citations(r.cited_codes, r.retrieved, corpus_codes)
        valid, total = valid + v, total + t
    return valid / total if total else 1.0


def must_contain_rate(results: list[Result]) -> float:
    return _mean(contains_all(r.answer, r.must_contain) for r in results if not r.expect_abstain)


def abstain_accuracy(results: list[Result]) -> float:
    return _mean(r.abstained == r.expect_abstain for r in results)


def latency_percentile(results: list[Result], q: float) -> float:
    return float(np.percentile([r.latency_ms for r in results], q)) if results else float("nan")


def summarise(results: list[Result], corpus_codes, k: int = 5) -> dict[str, float]:
    return {
        "questions": len(results),
        f"recall@{k}": round(recall_at_k(results, k), 4),
        "mrr": round(mrr(results), 4),
        "citation_validity": round(citation_validity(results, corpus_codes), 4),
        "must_contain_rate": round(must_contain_rate(results), 4),
        "abstain_accuracy": round(abstain_accuracy(results), 4),
        "latency_p50_ms": round(latency_percentile(results, 50), 1),
        "latency_p95_ms": round(latency_percentile(results, 95), 1),
    }
