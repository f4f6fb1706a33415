"""What every writer writes into: each code cited once, in order; headings set apart; the zh/en
sentence of the answer's language; a record shown by its own name."""

from retrieval.answering.language import EN, ZH_TW
from retrieval.answering.writers import Writing, messages
from retrieval.answering.writers.base import Draft, display_name


def test_a_code_is_cited_once_in_the_order_first_cited():
    w = Writing(ZH_TW)
    w.cite("A1", "B2", "")
    w.cite("B2", "C3")
    assert w.cited == ["A1", "B2", "C3"]


def test_a_heading_is_set_apart_from_what_comes_before_it():
    d = Draft(EN)
    d.heading("first")
    d.add("line")
    d.heading("second")
    assert d.lines[0] != "" and d.lines[1:3] == ["line", ""] and len(d.lines) == 4


def test_the_sentence_of_the_answer_language_is_written():
    assert Draft(EN).t("zh", "en") == "en" and Draft(ZH_TW).t("zh", "en") == "zh"


def test_a_record_is_shown_by_its_own_name(corpus):
    assert all(s.name in display_name(corpus, s.code) for s in corpus.standards)
    assert all(r.title in display_name(corpus, r.id) for r in corpus.roles)


def test_every_sentence_is_written_in_both_languages():
    assert all({"zh", "en"} <= set(pair) for pair in messages()["say"].values())
