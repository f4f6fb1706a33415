"""The quality gate: every question set through answer(), in the default CI run, each set with its floors.

The floors are regression gates at what the sets measure today (`docs/quality.md` has the figures and
the targets they fall short of); raise them as answers improve, never lower them to make a change pass.
"""

import json
import math

import pytest

from evals import metrics
from evals.run import build_pipelines, main, run_pipeline
from evals.samples import QUESTIONS_DIR, load_questions

K = 5

FLOORS = {
    "answers.jsonl": {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.97},
    "retrieval.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.95},
    # written by someone who never read the answering code; see evals/questions/README.md
    "blind.jsonl": {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.95},
    # written later by another engineer who read neither the code nor the other sets; never tuned on
    "heldout.jsonl": {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.9},
    # written from the sources by someone who had not read the code; the developers look at its failures
    "dev.jsonl": {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.95},
    # a second one, by another writer who read neither the code nor any other set
    "dev2.jsonl": {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.92},
    # two more by two more writers (users' voices, own situations, fit, not-listed items); dev3 is looked at,
    # dev4 was kept unread while dev3 was worked on, to measure how that work carried over
    "dev3.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.92},
    "dev4.jsonl": {"recall@5": 0.85, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.84},
    # a fifth, measured unread at the end of the pass that worked on dev3 and dev4, then looked at
    "dev5.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.94},
    # two more, written blind in the next pass: dev6 looked at in it, dev7 kept unread to measure it (opened in the
    # pass after, when dev8 was written)
    "dev6.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.94},
    "dev7.jsonl": {"recall@5": 0.92, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.94},
    # written blind for the pass after (kept unread then; opened in the pass that wrote dev9); its whole-role
    # questions expect one representative unit of the role, so its recall reads low
    "dev8.jsonl": {"recall@5": 0.75, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.95},
    # written blind for the pass that opened dev8 (unread while dev8 was worked on, then opened for its classes)
    "dev9.jsonl": {"recall@5": 0.75, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.92},
    # written blind for the pass that opened dev9 (kept unread then; opened in the pass that wrote dev11)
    "dev10.jsonl": {"recall@5": 0.68, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.95},
    # written blind for the pass that opened dev10 (unread while dev10 was worked on, then opened)
    "dev11.jsonl": {"recall@5": 0.78, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.92},
    # written blind in the pass that opened dev11 (kept unread then; opened in the pass that wrote dev13)
    "dev12.jsonl": {"recall@5": 0.74, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.94},
    # written blind in the pass that opened dev12 (kept unread then; opened in the pass that wrote dev14)
    "dev13.jsonl": {"recall@5": 0.7, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.85},
    # written blind in the pass that opened dev13 (kept unread then; opened in the pass that wrote dev15)
    "dev14.jsonl": {"recall@5": 0.72, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.88},
    # written blind in the pass that opened dev14 (kept unread then; opened in the pass that wrote dev16)
    "dev15.jsonl": {"recall@5": 0.9, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.85},
    # written blind in the pass that opened dev15 (kept unread then; opened in the pass that wrote dev17)
    "dev16.jsonl": {"recall@5": 0.65, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.85},
    # written blind in the pass that opened dev16 (kept unread then; opened in the pass that wrote dev18)
    "dev17.jsonl": {"recall@5": 0.93, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.93},
    # written blind in the pass that opened dev17 (kept unread then; opened in the pass that wrote dev19)
    "dev18.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.9},
    # written blind in the pass that opened dev18 (kept unread then; opened in the pass that wrote dev20)
    "dev19.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.95, "must_contain_rate": 0.95},
    # written blind in the pass that opened dev19 (kept unread then; opened in the pass that wrote dev21)
    "dev20.jsonl": {"recall@5": 0.93, "citation_validity": 1.0, "abstain_accuracy": 0.97, "must_contain_rate": 0.85},
    # written blind in the pass that opened dev20 (kept unread then; opened in the pass that wrote dev22)
    "dev21.jsonl": {"recall@5": 0.86, "citation_validity": 1.0, "abstain_accuracy": 0.97, "must_contain_rate": 0.9},
    # written blind in the pass that opened dev21 (kept unread then; opened in the pass that wrote dev23)
    "dev22.jsonl": {"recall@5": 0.93, "citation_validity": 1.0, "abstain_accuracy": 0.97, "must_contain_rate": 0.93},
    # written blind in the pass that opened dev22, kept unread (measured on the pass's start: must 0.820, recall@5
    # 0.974, abstention 0.960)
    "dev23.jsonl": {"recall@5": 0.95, "citation_validity": 1.0, "abstain_accuracy": 0.93, "must_contain_rate": 0.78},
}


@pytest.fixture(scope="module")
def answers_report(tmp_path_factory):
    """The answer set's report, written by the command scripts outside the project run."""
    out = tmp_path_factory.mktemp("eval") / "answers.json"
    assert main(["--questions", str(QUESTIONS_DIR / "answers.jsonl"), "--pipeline", "hybrid", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def reports(answers_report):
    """Each set's summary, all answered by one pipeline (built once: the sets share its warm caches)."""
    functions, corpus_codes = build_pipelines(["hybrid"], K)
    found = {"answers.jsonl": answers_report}
    for name in FLOORS:
        if name not in found:
            results = run_pipeline(functions["hybrid"], load_questions(QUESTIONS_DIR / name))
            found[name] = {"summary": {"hybrid": metrics.summarise(results, corpus_codes, K)}}
    return found


def test_every_question_set_has_floors():
    assert {path.name for path in QUESTIONS_DIR.glob("*.jsonl")} == set(FLOORS)


@pytest.mark.parametrize("name, metric, floor",
                         [(name, metric, floor) for name, floors in FLOORS.items() for metric, floor in floors.items()])
def test_quality_gate(reports, name, metric, floor):
    value = reports[name]["summary"]["hybrid"][metric]
    assert not math.isnan(value) and value >= floor, f"{name}: {metric} = {value} < {floor}"


def test_report_lists_every_question_with_its_checks(answers_report):
    report = answers_report
    results = report["results"]["hybrid"]
    assert len(results) == report["summary"]["hybrid"]["questions"] >= 100
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
