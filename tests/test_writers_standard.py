"""The Taiwan competency standard writer: a whole section over real retrieval and records, and
each section or item of a seed standard cited by its own codes."""

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.answering.language import ZH_TW
from retrieval.answering.writers.base import Draft
from retrieval.answering.writers.standard import StandardWriter


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def ask(knowledge, question, history=()):
    return answer(question, list(history), knowledge=knowledge)


def written(standard, intent: str, item: str = "") -> Draft:
    d = Draft(ZH_TW)
    StandardWriter().write(d, standard, intent, item)
    return d


def test_skills_of_an_occupation_and_a_follow_up(knowledge):
    first = ask(knowledge, "訓練經理需要哪些技能？")
    assert first.intent == "skills" and "列出 7 項技能" in first.text
    follow = ask(knowledge, "那知識呢？", [{"role": "user", "content": "訓練經理需要哪些技能？"},
                                        {"role": "assistant", "content": first.text}])
    assert follow.intent == "knowledge" and "BHR1212-002v3/K09" in follow.citations


def test_simplified_question_gets_a_simplified_answer(knowledge):
    result = ask(knowledge, "训练经理需要哪些技能？")
    assert result.lang == "zh-CN" and "训练经理" in result.text and "訓練經理" not in result.text
    assert "BHR1212-002v3/S01" in result.citations


def test_english_question_gets_english_framing_with_quoted_terms(knowledge):
    result = ask(knowledge, "What are the entry requirements for a training manager?")
    assert result.lang == "en" and result.text.startswith("Suggested education")
    assert "「大專以上" in result.text and "BHR1212-002v3" in result.citations


def test_the_outputs_section_cites_every_output_of_the_standard_in_order(corpus):
    for s in corpus.standards:
        outputs = [s.qualify(o.code) for t in s.tasks for o in t.outputs]
        assert written(s, "outputs").cited == [s.code, *dict.fromkeys(outputs)]


def test_the_outputs_of_one_task_are_only_that_tasks(corpus):
    for s in corpus.standards:
        task = next(t for t in s.tasks if t.outputs)
        d = written(s, "outputs", task.code)
        assert d.cited == [s.qualify(task.code), *(s.qualify(o.code) for o in task.outputs)]


def test_a_knowledge_item_names_the_tasks_that_list_it(corpus):
    for s in corpus.standards:
        item = next(k for k in s.knowledge if any(k.code in t.knowledge_codes for t in s.tasks))
        users = [s.qualify(t.code) for t in s.tasks if item.code in t.knowledge_codes]
        d = written(s, "overview", item.code)
        assert d.cited == [s.qualify(item.code), *users] and item.text in d.text


def test_an_item_the_standard_does_not_list_gets_its_overview(corpus):
    for s in corpus.standards:
        assert written(s, "overview", "K999").lines == written(s, "overview").lines
        assert all(duty.name in written(s, "overview").text for duty in s.duties)
