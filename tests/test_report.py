from evals.report import main, markdown

REPORT = {
    "questions": ["q.jsonl"], "k": 5,
    "summary": {p: {"questions": 2, "recall@5": v, "mrr": v, "citation_validity": 1.0, "must_contain_rate": v,
                    "abstain_accuracy": 1.0, "latency_p50_ms": 1.0, "latency_p95_ms": 2.0}
                for p, v in (("hybrid", 0.9), ("naive", 0.5))},
    "by_category": {"hybrid": {"tasks": {"questions": 2, "recall@5": 0.9}}},
}


def test_markdown_has_a_table_per_pipeline_and_category():
    text = markdown(REPORT)
    assert "| hybrid | 2 | 0.9 |" in text and "| naive | 2 | 0.5 |" in text
    assert "## hybrid by category" in text and "| tasks | 2 | 0.9 |" in text


def test_report_writes_markdown_and_png(tmp_path):
    import json

    source = tmp_path / "r.json"
    source.write_text(json.dumps(REPORT))
    assert main(["--in", str(source), "--out-dir", str(tmp_path)]) == 0
    png = (tmp_path / "pipelines.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert main(["--in", str(tmp_path / "missing.json")]) == 2
