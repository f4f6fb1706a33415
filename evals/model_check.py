"""`python -m evals.model_check`: the configured chat model on a fixed subset of the answer set.

    CAREER_CHAT_PROVIDER=openai CAREER_CHAT_BASE_URL=http://127.0.0.1:8080/v1 CAREER_CHAT_MODEL=m \\
        python -m evals.model_check [--size 40] [--with-composer] [--out model-check.json]

The subset is fixed (follow-ups first, then questions spread evenly over the file by id), so runs
with different models compare. Printed per engine: how often the composer had to answer instead
(fallback), must-contain on the answers the model wrote, follow-ups that cite their record, invented
codes, answers in the wrong script, prompt text in answers, and model reads that overran the time
limit by more than a second.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from . import metrics
from .run import EngineNotConfigured, build_pipelines, run_pipeline
from .samples import QUESTIONS_DIR, Question, load_questions

COMPOSER = "composer"
LIMIT_SLACK_S = 1.0  # a read may end this much after its limit


def fixed_subset(questions: list[Question], size: int = 40, followups: int = 10) -> list[Question]:
    """Up to `followups` questions with history (a quarter of a smaller subset), then the rest spread
    evenly over the others (by id)."""
    ordered = sorted(questions, key=lambda q: q.id)
    chosen = [q for q in ordered if q.history][:min(followups, size // 4)]
    others = [q for q in ordered if not q.history]
    wanted = max(0, size - len(chosen))
    if others and wanted:
        step = len(others) / wanted
        chosen += [others[int(i * step)] for i in range(min(wanted, len(others)))]
    return chosen


@dataclass(frozen=True)
class ModelFigures:
    engine: str
    questions: int
    answered: int  # not abstained
    model_written: int
    fallback_rate: float  # answered by the composer although a model was configured
    must_contain_model: float  # on the answers the model wrote
    must_contain_all: float
    followups_on_record: float  # follow-ups citing an expected code (or its record)
    invented_codes: int  # code-shaped tokens naming no record, in any answer
    wrong_script: int
    prompt_leaks: int
    reads: int
    limit_overruns: int  # model reads longer than the limit + LIMIT_SLACK_S
    longest_read_s: float
    median_latency_ms: float


def figures(engine: str, questions: list[Question], results: list[metrics.Result], answers: list, corpus_codes,
            reads: list[float], limit_s: float | None) -> ModelFigures:
    from retrieval import guard

    prompt_lines = guard.PromptLines.from_dir(fills={"language": guard.LANGUAGE_NAMES.values()})
    answered = [(q, r, a) for q, r, a in zip(questions, results, answers) if not r.abstained]
    written = [(q, r, a) for q, r, a in answered if a.engine != COMPOSER]

    def mean(values) -> float:
        values = [v for v in values if v is not None]
        return round(sum(values) / len(values), 3) if values else float("nan")

    def on_record(q: Question, r: metrics.Result) -> bool:
        documents = {c.split("/", 1)[0] for c in q.expected_codes}
        return any(c in q.expected_codes or c.split("/", 1)[0] in documents for c in r.cited_codes)

    followups = [(q, r) for q, r, _ in answered if q.history and q.expected_codes]
    invented = sum(1 for _, r, _ in answered for m in guard.find_codes(r.answer, corpus_codes) if m.code is None)
    invented += sum(1 for _, r, _ in answered for c in r.cited_codes if c not in corpus_codes)
    return ModelFigures(
        engine=engine,
        questions=len(results),
        answered=len(answered),
        model_written=len(written),
        fallback_rate=round(1 - len(written) / len(answered), 3) if answered and engine != COMPOSER else 0.0,
        must_contain_model=mean(metrics.contains_all(r.answer, r.must_contain) for _, r, _ in written),
        must_contain_all=mean(metrics.contains_all(r.answer, r.must_contain) for _, r, _ in answered),
        followups_on_record=mean(on_record(q, r) for q, r in followups),
        invented_codes=invented,
        wrong_script=sum(1 for _, r, _ in answered if guard.wrong_script(r.answer, r.lang)),
        prompt_leaks=sum(1 for _, r, _ in answered if prompt_lines.remove(r.answer)[1]),
        reads=len(reads),
        limit_overruns=sum(1 for s in reads if limit_s is not None and s > limit_s + LIMIT_SLACK_S),
        longest_read_s=round(max(reads), 2) if reads else 0.0,
        median_latency_ms=round(statistics.median(r.latency_ms for r in results), 1) if results else 0.0,
    )


def timed(engine, reads: list[float]):
    """Record the wall-clock time of every model read (condense and answer), around the engine's reader."""
    read = engine._read

    def measured(*args, **kwargs):
        started = time.monotonic()
        try:
            return read(*args, **kwargs)
        finally:
            reads.append(time.monotonic() - started)

    engine._read = measured
    return engine


def format_figures(rows: list[ModelFigures]) -> str:
    columns = [f for f in asdict(rows[0]) if f != "engine"]
    lines = ["| engine | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    lines += [f"| {row.engine} | " + " | ".join(str(getattr(row, c)) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.model_check", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=QUESTIONS_DIR / "answers.jsonl")
    parser.add_argument("--size", type=int, default=40)
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--with-composer", action="store_true", help="also run the composer alone, for the table")
    parser.add_argument("--out", type=Path, help="write figures and per-question answers as JSON")
    args = parser.parse_args(argv)

    from retrieval.factory import build_engine
    from retrieval.settings import Settings

    settings = Settings.from_env()
    engine = build_engine(settings)
    if engine is None:
        print(f"✗ {EngineNotConfigured.__name__}: set CAREER_CHAT_PROVIDER, CAREER_CHAT_MODEL and "
              "CAREER_CHAT_BASE_URL", file=sys.stderr)
        return 2
    questions = fixed_subset(load_questions(args.questions), args.size)
    reads: list[float] = []
    functions, corpus_codes = build_pipelines(["hybrid"], args.k, engine="configured", settings=settings,
                                              chat_engine=timed(engine, reads))
    runs = [(engine.name, functions["hybrid"], reads, settings.chat_timeout_s)]
    if args.with_composer:
        plain, _ = build_pipelines(["hybrid"], args.k, settings=settings)
        runs.insert(0, (COMPOSER, plain["hybrid"], [], None))
    rows, per_question = [], {}
    for name, answer_fn, run_reads, limit in runs:
        answers: list = []
        results = run_pipeline(answer_fn, questions, answers=answers,
                               progress=lambda: print(".", end="", file=sys.stderr, flush=True))
        print(file=sys.stderr)
        rows.append(figures(name, questions, results, answers, corpus_codes, run_reads, limit))
        per_question[name] = [{"id": r.id, "engine": a.engine, "answer": r.answer, "cited_codes": list(r.cited_codes),
                               "abstained": r.abstained, "notices": list(a.notices), "latency_ms": r.latency_ms,
                               "must_contain": metrics.contains_all(r.answer, r.must_contain)}
                              for r, a in zip(results, answers)]
    print(format_figures(rows))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"questions": [q.id for q in questions], "figures": [asdict(r) for r in rows],
                                        "results": per_question}, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
