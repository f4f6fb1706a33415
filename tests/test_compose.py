"""The composer over real retrieval and records: what each kind of question gets."""

import re

import pytest

from retrieval.answer import Knowledge, answer


@pytest.fixture(scope="module")
def knowledge(retriever, corpus, embedder, embedding_cache):
    from retrieval.embeddings import embed_with_cache

    return Knowledge(retriever, corpus, embed=lambda texts: embed_with_cache(embedder, texts, embedding_cache)[0])


def ask(knowledge, question, history=()):
    return answer(question, list(history), knowledge=knowledge)


def facts_are_cited(text: str) -> bool:
    """Every list item ends in (or contains) a code citation."""
    items = [line for line in text.splitlines() if line.startswith("- ")]
    return all(re.search(r"[（(][^）)]*(?:[A-Z]{3}\d|\d{6}L\d|HK:)", line) for line in items)


def test_a_task_question_gets_its_indicators_outputs_and_codes(knowledge):
    result = ask(knowledge, "怎麼做就業轉介")
    first_line = result.text.splitlines()[0]
    assert "BHR3333-004v2/T3.3" in first_line and "就業轉介" in first_line  # the answer opens with the task
    for code in ("BHR3333-004v2/P3.3.1", "BHR3333-004v2/O3.3.2", "BHR3333-004v2/K08"):
        assert code in result.citations and code in result.text
    assert facts_are_cited(result.text)


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


def test_hk_role_units_and_qualification(knowledge):
    units = ask(knowledge, "人才管理經理的能力單元有哪些？")
    assert "共列出 25 個能力單元，合共 128 學分" in units.text
    assert "106907L5" in units.citations and len([c for c in units.citations if c.endswith(("L4", "L5"))]) == 25
    qualification = ask(knowledge, "人才管理主任的資歷級別是多少")
    assert re.search(r"第 ?4 ?級", qualification.text.splitlines()[0]) and "HK:人才管理主任" in qualification.citations


def test_ladder_and_gap(knowledge):
    ladder = ask(knowledge, "人才管理主任的職業階梯是怎樣的？")
    assert re.search(r"助理.*主任.*經理.*總監", ladder.text.replace("\n", " "))
    assert "往上一級是人才管理經理" in ladder.text
    gap = ask(knowledge, "人才管理經理想升總監，要多學哪些能力單元？")
    assert re.search(r"30 個能力單元.*175 學分", gap.text) and "106904L7" in gap.citations


def test_moving_between_two_tw_standards_shows_both_sides(knowledge):
    result = ask(knowledge, "我是培訓專案主管人員，想轉到訓練經理，還需要什麼？")
    assert "非官方對應" in result.text
    assert any(c.startswith("BHR1212-001v2/") for c in result.citations)
    assert any(c.startswith("BHR1212-002v3/") for c in result.citations)


def test_cross_framework_comparison_is_related_not_equivalent(knowledge):
    result = ask(knowledge, "台灣的訓練經理跟香港的人才管理經理有什麼不同？")
    assert result.intent == "compare" and "非官方對應" in result.text and "不同的量尺" in result.text
    assert {"BHR1212-002v3", "HK:人才管理經理"} <= set(result.citations)


def test_historical_version_is_explained(knowledge):
    result = ask(knowledge, "BHR3333-004 是什麼？")
    assert "BHR3333-004v2" in result.citations and "歷史版本" in result.text


def test_a_ladder_is_drawn_for_the_path_asked_about_and_every_path_when_none_is_named(corpus, fixtures_dir):
    from corpus import Corpus, parse_file
    from retrieval.answering.language import Request
    from retrieval.codes import CodeMatch
    from retrieval.compose import Composer
    from retrieval.search import SearchResult

    extra = tuple(parse_file(fixtures_dir / name) for name in ("hk_compensation.txt", "hk_learning_development.txt"))
    three = Corpus(corpus.documents + extra)
    composer = Composer(three)

    def ladder(entities):
        request = Request("階梯", "zh-TW", "ladder", entities, CodeMatch(), "階梯", intents=("ladder",))
        return composer.compose(request, SearchResult("階梯", ()))

    second = extra[1]
    own = ladder((second.id,))
    assert set(own.focus) == {r.id for r in second.roles}
    assert all(r.title in own.text for r in second.roles)
    assert not any(r.title in own.text for r in corpus.career_paths[0].roles)
    every = ladder(())
    assert set(every.focus) == {r.id for p in three.career_paths for r in p.roles}
