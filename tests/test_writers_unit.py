"""The Taiwan competency unit writer, on the seed unit: each section shows what the record lists."""

import re

from retrieval.answering.language import ZH_TW
from retrieval.answering.writers.base import Draft
from retrieval.answering.writers.unit import UnitWriter


def written(unit, intent: str) -> Draft:
    d = Draft(ZH_TW)
    UnitWriter().write(d, unit, intent)
    return d


def test_the_assessment_section_numbers_every_evidence_context_and_method(corpus):
    for unit in corpus.units:
        d = written(unit, "assessment")
        a = unit.assessment
        assert len([line for line in d.lines if re.match(r"\d+\. ", line)]) == len(a.evidence + a.context + a.methods)
        assert all(text in d.text for text in a.evidence + a.context + a.methods)
        assert d.cited == [unit.code]


def test_the_task_section_shows_every_task_group_and_leaves_the_competencies_to_the_overview(corpus):
    for unit in corpus.units:
        tasks, overview = written(unit, "tasks"), written(unit, "overview")
        assert all(g.name in tasks.text and all(i in tasks.text for i in g.indicators) for g in unit.task_groups)
        assert not any(k in tasks.text for k in unit.knowledge)
        assert all(k in overview.text for k in unit.knowledge + unit.skills)


def test_the_notes_section_shows_every_definition(corpus):
    for unit in corpus.units:
        d = written(unit, "definitions")
        assert all(n.term in d.text and n.text in d.text for n in unit.definitions)
