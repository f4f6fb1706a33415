import json

import pytest

from evals.samples import QuestionSetError, default_question_files, load_questions


def test_own_question_sets_load_and_cite_only_corpus_codes(corpus):
    files = default_question_files()
    questions = [q for f in files for q in load_questions(f)]
    assert len(questions) >= 150
    codes = corpus.codes()
    assert all(set(q.expected_codes) <= codes for q in questions)
    retrieval = load_questions(next(f for f in files if f.name == "retrieval.jsonl"))
    assert len(retrieval) >= 80 and all(q.expected_codes for q in retrieval)
    assert {q.lang for q in questions} == {"zh-TW", "zh-CN", "en"}
    assert sum(q.expect_abstain for q in questions) >= 12
    assert sum(bool(q.history) for q in questions) >= 10


@pytest.mark.parametrize("line, message", [
    ("not json", "not JSON"),
    (json.dumps({"id": "x"}), "missing field"),
    (json.dumps({"id": "x", "question": "q", "history": [], "expected_codes": [], "must_contain": [],
                 "expect_abstain": "no", "lang": "en", "category": "c"}), "expect_abstain"),
    (json.dumps({"id": "x", "question": "q", "history": [{"role": "bot", "content": "x"}], "expected_codes": [],
                 "must_contain": [], "expect_abstain": False, "lang": "en", "category": "c"}), "history"),
])
def test_bad_lines_name_the_line_and_field(tmp_path, line, message):
    path = tmp_path / "set.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match=message) as error:
        load_questions(path)
    assert "set.jsonl:1" in str(error.value)
