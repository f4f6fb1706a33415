"""The HK QF writers: a role's sections over real retrieval and records, a unit with the roles
that list it, and the courses of every role narrowed to the provider a question names."""

import re

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.lexical import normalise
from retrieval.answering.language import ZH_TW
from retrieval.answering.writers.base import Draft
from retrieval.answering.writers.role import RoleWriter


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def test_hk_role_units_and_qualification(knowledge):
    units = answer("人才管理經理的能力單元有哪些？", [], knowledge=knowledge)
    assert "共列出 25 個能力單元，合共 128 學分" in units.text
    assert "106907L5" in units.citations and len([c for c in units.citations if c.endswith(("L4", "L5"))]) == 25
    qualification = answer("人才管理主任的資歷級別是多少", [], knowledge=knowledge)
    assert re.search(r"第 ?4 ?級", qualification.text.splitlines()[0]) and "HK:人才管理主任" in qualification.citations


def test_the_units_section_cites_every_unit_of_the_role(corpus):
    for role in corpus.roles:
        d = Draft(ZH_TW)
        RoleWriter(corpus).write(d, role, "units")
        assert d.cited == [role.id, *(r.code for core in (True, False) for r in role.units if r.core == core)]


def test_a_unit_names_every_role_that_lists_it(corpus):
    for path in corpus.career_paths:
        for unit in path.units:
            d = Draft(ZH_TW)
            RoleWriter(corpus).unit(d, unit)
            assert d.cited == [unit.code, *(r.id for r in corpus.roles if unit.code in r.unit_codes)]


def test_courses_are_narrowed_to_the_provider_named(corpus):
    writer = RoleWriter(corpus)
    every = writer.all_courses(Draft(ZH_TW))
    assert every == [r.id for r in sorted(corpus.roles, key=lambda r: r.rank_order)]
    names = {c.provider for r in corpus.roles for c in r.courses}
    offering = {p: [r.id for r in corpus.roles if any(p in c.provider for c in r.courses)] for p in names}
    # a provider offering some roles' courses, whose name keeps in the question's reading and holds no other's
    provider = next(p for p in sorted(names) if 0 < len(offering[p]) < len(corpus.roles)
                    and normalise(p) == p.lower() and not any(o.split("（")[0] in p for o in names - {p}))
    d = Draft(ZH_TW)
    narrowed = writer.all_courses(d, provider)
    assert set(narrowed) == set(offering[provider]) and set(d.cited) == set(narrowed)
    assert all(provider in line for line in d.lines if re.match(r"\d+\. ", line))
