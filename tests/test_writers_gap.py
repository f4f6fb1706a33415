"""What a move between two records asks: over real retrieval and records (the answer of a move
question), and the gap writer's own unit and content gaps on the seed records."""

import re

import pytest

from retrieval import matching
from retrieval.answer import Knowledge, answer
from retrieval.answering.language import ZH_TW
from retrieval.answering.writers.base import Draft
from retrieval.answering.writers.gap import GapWriter


@pytest.fixture(scope="module")
def knowledge(retriever, corpus, embedder, embedding_cache):
    from retrieval.embeddings import embed_with_cache

    return Knowledge(retriever, corpus, embed=lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0])


def test_the_units_to_gain_for_the_rung_above(knowledge):
    gap = answer("人才管理經理想升總監，要多學哪些能力單元？", [], knowledge=knowledge)
    assert re.search(r"30 個能力單元.*175 學分", gap.text) and "106904L7" in gap.citations


def test_moving_between_two_tw_standards_shows_both_sides(knowledge):
    result = answer("我是培訓專案主管人員，想轉到訓練經理，還需要什麼？", [], knowledge=knowledge)
    assert "非官方對應" in result.text
    assert any(c.startswith("BHR1212-001v2/") for c in result.citations)
    assert any(c.startswith("BHR1212-002v3/") for c in result.citations)


def test_one_role_is_measured_from_the_rung_below_it(corpus):
    writer = GapWriter(corpus)
    for path in corpus.career_paths:
        rungs = path.ladder
        assert writer.write(Draft(ZH_TW), [rungs[0].id]) is None  # nothing below the bottom rung
        for lower, upper in zip(rungs, rungs[1:]):
            d = Draft(ZH_TW)
            assert writer.write(d, [upper.id]) == [lower.id, upper.id]
            missing, _ = matching.unit_gap(lower, upper)
            assert set(missing) <= set(d.cited) and not set(lower.unit_codes) - set(upper.unit_codes) & set(d.cited)


def test_two_roles_are_measured_upwards_whatever_their_order(corpus):
    writer = GapWriter(corpus)
    rungs = corpus.career_paths[0].ladder
    assert writer.write(Draft(ZH_TW), [rungs[2].id, rungs[1].id]) == [rungs[1].id, rungs[2].id]


def test_between_two_standards_only_the_two_records_items_are_cited(corpus):
    current, target = corpus.standards[:2]
    d = Draft(ZH_TW)
    assert GapWriter(corpus).write(d, [current.code, target.code]) == [current.code, target.code]
    assert d.cited[:2] == [current.code, target.code]
    assert all(c.split("/")[0] in (current.code, target.code) for c in d.cited)
