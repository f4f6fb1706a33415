"""`python -m evals.run`: answer every question through `answer()` and measure.

    python -m evals.run [--questions FILE …] [--k 5] [--pipeline hybrid|dense|lexical|naive|all]
                        [--engine composer|configured] [--out report.json] [--report]

`--pipeline` takes one name, a comma-separated list, or `all`. `--engine configured`
answers with the chat model the settings configure (CAREER_CHAT_PROVIDER …), the
composer answering when it fails; the default is the composer alone. `--out` writes
JSON with `summary` and `results`, each keyed by pipeline.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import metrics
from .samples import Question, QuestionSetError, default_question_files, load_questions

PIPELINES = ("hybrid", "dense", "lexical", "naive")
ENGINES = ("composer", "configured")


def result_of(question: Question, answer, latency_ms: float) -> metrics.Result:
    return metrics.Result(
        id=question.id,
        category=question.category,
        lang=question.lang,
        expected_codes=question.expected_codes,
        retrieved=tuple(tuple(s.codes) for s in answer.sources),
        cited_codes=tuple(answer.citations),
        answer=answer.text,
        abstained=answer.abstained,
        expect_abstain=question.expect_abstain,
        must_contain=question.must_contain,
        latency_ms=round(latency_ms, 2),
    )


def checks(result: metrics.Result, corpus_codes, k: int) -> dict:
    valid, total = metrics.valid_citations(result.cited_codes, result.retrieved, corpus_codes)
    return {
        f"recall@{k}": metrics.recall(result.expected_codes, result.retrieved, k),
        "reciprocal_rank": metrics.reciprocal_rank(result.expected_codes, result.retrieved),
        "citations_valid": valid == total,
        "must_contain": metrics.contains_all(result.answer, result.must_contain),
        "abstain_ok": result.abstained == result.expect_abstain,
    }


def run_pipeline(answer_fn, questions: list[Question], progress=None, answers: list | None = None) -> list[metrics.Result]:
    """`answers`, when given, receives each question's answer object (its engine and notices)."""
    results = []
    for question in questions:
        started = time.perf_counter()
        answered = answer_fn(question)
        results.append(result_of(question, answered, (time.perf_counter() - started) * 1000))
        if answers is not None:
            answers.append(answered)
        if progress:
            progress()
    return results


class EngineNotConfigured(ValueError):
    pass


def build_pipelines(names: list[str], k: int, engine: str = "composer", settings=None, chat_engine=None):
    """answer functions by pipeline name, built from the environment's settings (the edge).

    `engine="configured"`: the retrieval pipelines answer through the chat model the settings
    configure (the naive baseline has no engine); `chat_engine` passes one in instead."""
    from retrieval.answer import Knowledge, answer
    from retrieval.factory import build_embedder, build_engine, build_knowledge, embedding_cache, ingest
    from retrieval.search import HybridRetriever
    from retrieval.settings import Settings

    settings = settings or Settings.from_env()
    if engine != "configured":
        chat_engine = None
    elif chat_engine is None:
        chat_engine = build_engine(settings)
        if chat_engine is None:
            raise EngineNotConfigured("--engine configured: no chat model is configured (set CAREER_CHAT_PROVIDER, "
                                      "CAREER_CHAT_MODEL and CAREER_CHAT_BASE_URL)")
    embedder = build_embedder(settings)
    summary = ingest(settings, embedder)  # embeds nothing when the index is up to date
    if summary.rebuilt:
        print(f"index: {summary.describe()}", file=sys.stderr)
    hybrid = build_knowledge(settings, embedder)
    corpus = hybrid.corpus
    functions = {}
    for name in names:
        if name == "naive":
            from .naive import NaiveRAG

            naive = NaiveRAG(corpus, settings.sources_dir, embedder, embedding_cache(settings))
            functions[name] = lambda q, naive=naive: naive.answer(q.question, q.history, k=k)
        else:
            retriever = HybridRetriever(hybrid.retriever.index, embedder, mode=name)
            knowledge = Knowledge(retriever, corpus, embed=hybrid.embed)
            functions[name] = lambda q, knowledge=knowledge: answer(q.question, list(q.history), knowledge=knowledge, k=k,
                                                                    engine=chat_engine)
    return functions, corpus.codes()


def format_table(summary: dict[str, dict]) -> str:
    if not summary:
        return ""
    columns = list(next(iter(summary.values())).keys())
    lines = ["| pipeline | " + " | ".join(columns) + " |", "|---" * (len(columns) + 1) + "|"]
    for name, row in summary.items():
        lines.append(f"| {name} | " + " | ".join(str(row[c]) for c in columns) + " |")
    return "\n".join(lines)


def by_category(results: list[metrics.Result], corpus_codes, k: int) -> dict[str, dict]:
    categories = sorted({r.category for r in results})
    return {c: metrics.summarise([r for r in results if r.category == c], corpus_codes, k) for c in categories}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.run", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", nargs="+", type=Path, help="JSONL question sets (default: evals/questions/*.jsonl)")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--pipeline", default="hybrid", help="hybrid, dense, lexical, naive, a comma list, or all")
    parser.add_argument("--engine", default="composer", choices=ENGINES,
                        help="composer (default) or configured: the chat model the settings configure")
    parser.add_argument("--out", type=Path, help="write the JSON report here")
    parser.add_argument("--report", action="store_true", help="also write Markdown tables and a PNG chart next to --out")
    args = parser.parse_args(argv)

    names = list(PIPELINES) if args.pipeline == "all" else [p.strip() for p in args.pipeline.split(",")]
    unknown = [n for n in names if n not in PIPELINES]
    if unknown:
        parser.error(f"unknown pipeline(s) {', '.join(unknown)}; choose from {', '.join(PIPELINES)}")
    files = args.questions or default_question_files()
    try:
        questions = [q for path in files for q in load_questions(path)]
    except (OSError, QuestionSetError) as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2

    from tqdm import tqdm

    try:
        functions, corpus_codes = build_pipelines(names, args.k, engine=args.engine)
    except EngineNotConfigured as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    summary, per_category, per_question = {}, {}, {}
    for name in names:
        with tqdm(total=len(questions), desc=name, unit="q", file=sys.stderr) as bar:
            answered: list = []
            results = run_pipeline(functions[name], questions, progress=bar.update, answers=answered)
        summary[name] = metrics.summarise(results, corpus_codes, args.k)
        per_category[name] = by_category(results, corpus_codes, args.k)
        per_question[name] = [
            {
                "id": r.id,
                "category": r.category,
                "lang": r.lang,
                "retrieved_codes": [code for codes in r.retrieved for code in codes],
                "cited_codes": list(r.cited_codes),
                "answer": r.answer,
                "abstained": r.abstained,
                "latency_ms": r.latency_ms,
                "checks": checks(r, corpus_codes, args.k),
                "engine": getattr(a, "engine", name),  # which engine wrote it: the model, or the composer
                "notices": list(getattr(a, "notices", ())),
            }
            for r, a in zip(results, answered)
        ]
    print(format_table(summary))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        report = {"questions": [str(f) for f in files], "k": args.k, "engine": args.engine, "summary": summary,
                  "by_category": per_category, "results": per_question}
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.out}")
        if args.report:
            from .report import write_report

            for path in write_report(report, args.out.parent):
                print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
