"""The quality gate: the project's own question sets through answer(), in the default CI run."""

import json
import math

import pytest

from evals.run import main

GATE = {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.9, "must_contain_rate": 0.85}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    out = tmp_path_factory.mktemp("eval") / "report.json"
    assert main(["--pipeline", "hybrid", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("metric, floor", GATE.items())
def test_quality_gate(report, metric, floor):
    value = report["summary"]["hybrid"][metric]
    assert not math.isnan(value) and value >= floor, f"{metric} = {value} < {floor}"


def test_report_lists_every_question_with_its_checks(report):
    results = report["results"]["hybrid"]
    assert len(results) == report["summary"]["hybrid"]["questions"] >= 150
    first = results[0]
    assert set(first) >= {"id", "retrieved_codes", "cited_codes", "answer", "abstained", "latency_ms", "checks"}
    assert set(first["checks"]) == {"recall@5", "reciprocal_rank", "citations_valid", "must_contain", "abstain_ok"}
    assert report["by_category"]["hybrid"]["out_of_corpus"]["abstain_accuracy"] >= 0.9


def test_any_question_file_in_the_format_runs(tmp_path, capsys):
    questions = tmp_path / "mine.jsonl"
    questions.write_text(json.dumps({
        "id": "m1", "question": "就業轉介要填哪些表單？", "history": [], "expected_codes": ["BHR3333-004v2/T3.3"],
        "must_contain": [["轉介同意書"]], "expect_abstain": False, "lang": "zh-TW", "category": "mine"},
        ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["--questions", str(questions), "--pipeline", "hybrid,lexical"]) == 0
    table = capsys.readouterr().out
    assert "| hybrid | 1 | 1.0 |" in table and "| lexical |" in table


def test_a_broken_question_file_is_reported(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    assert main(["--questions", str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err
