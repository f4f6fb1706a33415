"""Answers written from whole records: the writer each kind of record and section gets, the code
notes after the answer, and what reaches them over real retrieval."""

import re

import pytest

from retrieval.answer import Knowledge, answer
from retrieval.answering.language import ZH_TW, Request
from retrieval.answering.writers.records import RecordWriter
from retrieval.codes import CodeMatch
from retrieval.search import SearchResult


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    return Knowledge(retriever, corpus)


def facts_are_cited(text: str) -> bool:
    """Every list item ends in (or contains) a code citation."""
    items = [line for line in text.splitlines() if line.startswith("- ")]
    return all(re.search(r"[（(][^）)]*(?:[A-Z]{3}\d|\d{6}L\d|HK:)", line) for line in items)


def write(corpus, intent: str, *entities: str, intents: tuple[str, ...] = ()):
    request = Request("q", ZH_TW, intent, entities, CodeMatch(), "q", intents=intents or (intent,))
    return RecordWriter(corpus).write(request, SearchResult("q", ()))


def test_a_task_question_gets_its_indicators_outputs_and_codes(knowledge):
    # answered from item evidence (the item writer); the whole-record writers stand behind it
    result = answer("怎麼做就業轉介", [], knowledge=knowledge)
    first_line = result.text.splitlines()[0]
    assert "BHR3333-004v2/T3.3" in first_line and "就業轉介" in first_line  # the answer opens with the task
    for code in ("BHR3333-004v2/P3.3.1", "BHR3333-004v2/O3.3.2", "BHR3333-004v2/K08"):
        assert code in result.citations and code in result.text
    assert facts_are_cited(result.text)


def test_historical_version_is_explained(knowledge):
    result = answer("BHR3333-004 是什麼？", [], knowledge=knowledge)
    assert "BHR3333-004v2" in result.citations and "歷史版本" in result.text


def test_each_kind_of_record_is_written_about_itself(corpus):
    s, unit, path = corpus.standards[0], corpus.units[0], corpus.career_paths[0]
    task = s.qualify(s.tasks[0].code)
    for entity in (s.code, task, unit.code, path.roles[0].id, path.units[0].code):
        written = write(corpus, "overview", entity)
        assert written.focus == (entity,) and written.citations[0] == entity.split("/")[0]  # opens with the record
    assert set(write(corpus, "overview", path.id).focus) == {r.id for r in path.roles}  # a path: its ladder


def test_a_gap_from_one_record_answers_what_it_asks_of_a_newcomer(corpus):
    s = corpus.standards[0]
    written = write(corpus, "gap", s.code, intents=("gap", "ladder"))
    assert written.intent == "entry" and written.focus == (s.code,)
    assert all(r in written.text for r in s.entry_requirements)


def test_nothing_named_and_nothing_found_writes_nothing(corpus):
    written = write(corpus, "overview")
    assert (written.text, written.citations, written.focus) == ("", (), ())
