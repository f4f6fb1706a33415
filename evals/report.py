"""`python -m evals.report [--in evals/reports/latest.json] [--out-dir evals/reports]`:
Markdown tables per pipeline and per category, and a PNG chart comparing pipelines."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .run import format_table

REPORTS_DIR = Path(__file__).parent / "reports"
CHART_METRICS = ("recall@5", "mrr", "citation_validity", "must_contain_rate", "abstain_accuracy")


def markdown(report: dict) -> str:
    lines = ["# Evaluation report", "", f"Questions: {', '.join(report['questions'])}; k = {report['k']}", "",
             "## Pipelines", "", format_table(report["summary"])]
    for pipeline, categories in report["by_category"].items():
        lines += ["", f"## {pipeline} by category", "", format_table(categories).replace("| pipeline |", "| category |")]
    return "\n".join(lines) + "\n"


def chart(report: dict, path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")  # no display on servers and in CI
    import matplotlib.pyplot as plt

    pipelines = list(report["summary"])
    metrics = [m for m in CHART_METRICS if m in next(iter(report["summary"].values()))]
    figure, axes = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / max(len(pipelines), 1)
    for n, pipeline in enumerate(pipelines):
        values = [report["summary"][pipeline][m] for m in metrics]
        positions = [i + n * width for i in range(len(metrics))]
        bars = axes.bar(positions, values, width, label=pipeline)
        axes.bar_label(bars, fmt="%.2f", fontsize=7)
    axes.set_xticks([i + width * (len(pipelines) - 1) / 2 for i in range(len(metrics))], metrics)
    axes.set_ylim(0, 1.1)
    axes.set_title("Pipelines on the project's question sets")
    axes.legend(loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def write_report(report: dict, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    md = out_dir / "report.md"
    md.write_text(markdown(report), encoding="utf-8")
    return [md, chart(report, out_dir / "pipelines.png")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.report", description=__doc__.splitlines()[0])
    parser.add_argument("--in", dest="source", type=Path, default=REPORTS_DIR / "latest.json")
    parser.add_argument("--out-dir", type=Path, default=REPORTS_DIR)
    args = parser.parse_args(argv)
    if not args.source.exists():
        print(f"✗ {args.source}: no report; run python -m evals.run --out {args.source}", file=sys.stderr)
        return 2
    for path in write_report(json.loads(args.source.read_text(encoding="utf-8")), args.out_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
