"""The ladder writer: the HK QF rungs of the path asked about (or of every path) over real
retrieval and records, and the Taiwan standards by level."""

import re

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.answering.language import ZH_TW
from retrieval.answering.writers.base import Draft
from retrieval.answering.writers.ladder import LadderWriter


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def test_the_ladder_of_a_role_and_the_rung_above_it(knowledge):
    ladder = answer("人才管理主任的職業階梯是怎樣的？", [], knowledge=knowledge)
    assert re.search(r"助理.*主任.*經理.*總監", ladder.text.replace("\n", " "))
    assert "往上一級是人才管理經理" in ladder.text


def test_a_ladder_is_drawn_for_the_path_asked_about_and_every_path_when_none_is_named(corpus, fixtures_dir):
    from corpus import Corpus, parse_file

    extra = tuple(parse_file(fixtures_dir / name) for name in ("hk_compensation.txt", "hk_learning_development.txt"))
    three = Corpus(corpus.documents + extra)
    writer = LadderWriter(three)

    def ladder(entities):
        d = Draft(ZH_TW)
        return d, writer.write(d, list(entities))

    second = extra[1]
    own, focus = ladder((second.id,))
    assert set(focus) == {r.id for r in second.roles}
    assert all(r.title in own.text for r in second.roles)
    assert not any(r.title in own.text for r in corpus.career_paths[0].roles)
    _, every = ladder(())
    assert set(every) == {r.id for p in three.career_paths for r in p.roles}


def test_a_standard_is_placed_among_the_taiwan_standards_by_level(corpus):
    for s in corpus.standards:
        d = Draft(ZH_TW)
        assert LadderWriter(corpus).write(d, [s.code]) == [s.code]
        assert d.cited == [t.code for t in sorted(corpus.standards, key=lambda t: (t.level or 0, t.code))]


def test_each_rung_says_how_many_core_and_functional_units_it_lists(knowledge, corpus):
    ladder = answer("For each HK talent management rank, how many core vs functional units are there?", [],
                    knowledge=knowledge)
    for role in next(p for p in corpus.career_paths if p.roles).roles:
        line = next(line for line in ladder.text.splitlines() if role.id in line)
        assert f"{len(role.core_units)} core, {len(role.functional_units)} functional" in line
