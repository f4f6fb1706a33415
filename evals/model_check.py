"""`python -m evals.model_check`: the configured chat model on a fixed subset of the answer set.

    CAREER_CHAT_PROVIDER=openai CAREER_CHAT_BASE_URL=http://127.0.0.1:8080/v1 CAREER_CHAT_MODEL=m \\
        python -m evals.model_check [--size 40] [--with-composer] [--out model-check.json] [--log run.jsonl]

The subset is fixed (follow-ups first, then questions spread evenly over the file by id), so runs
with different models compare. Printed per engine: how often the composer had to answer instead
(fallback), must-contain on the answers the model wrote, follow-ups that cite their record, invented
codes, answers in the wrong script, prompt text in answers, what the guard removed from the model's
answers, why the composer answered instead, and model reads that overran the time limit by more than
a second.

`--log` appends each answered question to a JSONL file as soon as it is answered; a run started again
with the same log asks only the questions not logged yet for that engine with the current prompts (each
model record carries a fingerprint of prompts/; one written with other prompts is asked again, and records
without one, from logs written before it was kept, count as logged), and the figures cover them all. A slow model on a loaded machine can be measured in several sittings, and a partial run still
counts what it answered (`--size` of 20 is the every-other half of 40, so figures compare).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
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
    guard_dropped_sentences: int = 0  # sentences the guard removed from the model's answers (shown or not)
    guard_removed_codes: int = 0  # codes naming no record (or none the model was given) the guard removed
    guard_rejected: int = 0  # model answers the guard found not to answer (the composer answered)
    guard_prompt_text: int = 0  # model answers whose raw text held prompt lines (removed before anyone saw them)
    guard_quoted: int = 0  # uncited model sentences quoting their sources or draft, given the quoted code
    guard_stood_in: int = 0  # dropped model statements replaced by the draft's statement of the same codes
    guard_lead_kept: int = 0  # model answers that left out the draft's lead (direct answer): it was put first
    guard_off_draft: int = 0  # model answers citing none of the draft's codes (rejected: another question)
    guard_restated: int = 0  # uncited model sentences stating a draft statement's figures, kept in its words
    guard_lists_restored: int = 0  # draft lists a model answer summarised away (kept no item of), put back
    guard_completed: int = 0  # draft lines a model copied only the first sentence of, completed from the draft
    fallback_reasons: str = ""  # why the composer answered instead: error type and count


_ERROR_TYPE = re.compile(r"[（(]([A-Z][A-Za-z]*(?:Error|Timeout|Rejected|Exception))[)）]")


def figures(engine: str, questions: list[Question], results: list[metrics.Result], answers: list, corpus_codes,
            reads: list[float], limit_s: float | None, checks: list[dict] | None = None) -> ModelFigures:
    """`checks`: per question, what the guard did to the model's answer (`dropped`, `removed`, `rejected`)."""
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
    reasons: dict[str, int] = {}
    for _, _, a in answered:
        if a.engine == COMPOSER and engine != COMPOSER:
            for notice in a.notices:
                for error in _ERROR_TYPE.findall(notice):
                    reasons[error] = reasons.get(error, 0) + 1
    checks = checks or []
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
        wrong_script=sum(1 for _, r, _ in answered if _wrong_script(guard, r.answer, r.lang)),
        prompt_leaks=sum(1 for _, r, _ in answered if prompt_lines.remove(r.answer)[1]),
        reads=len(reads),
        limit_overruns=sum(1 for s in reads if limit_s is not None and s > limit_s + LIMIT_SLACK_S),
        longest_read_s=round(max(reads), 2) if reads else 0.0,
        median_latency_ms=round(statistics.median(r.latency_ms for r in results), 1) if results else 0.0,
        guard_dropped_sentences=sum(c.get("dropped", 0) for c in checks),
        guard_removed_codes=sum(c.get("removed", 0) for c in checks),
        guard_rejected=sum(1 for c in checks if c.get("rejected")),
        guard_prompt_text=sum(1 for c in checks if c.get("raw") and prompt_lines.remove(c["raw"])[1]),
        guard_quoted=sum(c.get("quoted", 0) for c in checks),
        guard_stood_in=sum(c.get("stood_in", 0) for c in checks),
        guard_lead_kept=sum(1 for c in checks if c.get("lead_kept")),
        guard_off_draft=sum(1 for c in checks if c.get("off_draft")),
        guard_restated=sum(c.get("restated", 0) for c in checks),
        guard_lists_restored=sum(c.get("lists_restored", 0) for c in checks),
        guard_completed=sum(c.get("completed", 0) for c in checks),
        fallback_reasons=", ".join(f"{k} {v}" for k, v in sorted(reasons.items())),
    )


def _wrong_script(guard, text: str, lang: str) -> bool:
    """Chinese answers: characters of the other script. English ones: Chinese terms mixing both
    (转介評估表), which no source prints."""
    if lang == guard.EN:
        return guard.wrong_script(text, guard.ZH_TW) and guard.wrong_script(text, guard.ZH_CN)
    return guard.wrong_script(text, lang)


def timed(engine, reads: list[float], texts: list[dict | None] | None = None):
    """Record the wall-clock time of every model read (condense and answer), around the engine's reader,
    and (`texts`) each read as the engine got it (text, cut, timings; None when it failed), in order, so a
    logged run can be checked again (`--regrade`)."""
    read = engine._read

    def measured(*args, **kwargs):
        started = time.monotonic()
        got = None
        try:
            got = read(*args, **kwargs)
            return got
        finally:
            reads.append(time.monotonic() - started)
            if texts is not None:  # None: the read failed
                texts.append(asdict(got) if got is not None else None)

    engine._read = measured
    return engine


class Replayed(Exception):
    """A logged read that failed (a timeout, a server error): replayed as the same failure."""


def replay_engine(engine_name: str):
    """A ModelEngine whose reads return, one by one, what a logged run's model sent for the question being
    asked (`.load(logged_reads)` before each question): the current engine and guard checked against the
    same model output, without a model. A read logged as failed (None) fails again."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from retrieval.chat import ModelEngine, StreamRead

    engine = ModelEngine(FakeListChatModel(responses=["unused"]), name=engine_name)
    pending: list = []

    def read(messages, on_token, max_tokens):
        logged = pending.pop(0) if pending else None
        if logged is None:
            raise Replayed("the logged read failed, or none is left for this question")
        return StreamRead(**logged)

    engine._read = read
    engine.load = lambda reads: pending.__setitem__(slice(None), list(reads))
    return engine


def guarded(engine, checks: list[dict]):
    """Record what the guard did to each model answer (around the engine's `write`)."""
    write = engine.write

    def recorded(*args, **kwargs):
        reply = write(*args, **kwargs)
        checks.append({"dropped": len(reply.checked.dropped_sentences), "removed": len(reply.checked.removed_codes),
                       "rejected": not reply.checked.answers, "quoted": reply.checked.quoted,
                       "stood_in": reply.checked.stood_in, "lead_kept": reply.checked.lead_kept,
                       "off_draft": reply.checked.off_draft, "restated": reply.checked.restated,
                       "lists_restored": reply.checked.lists_restored, "completed": reply.checked.completed,
                       "dropped_reasons": [d.reason for d in reply.checked.dropped_sentences],
                       "raw": reply.raw, "cut": reply.cut, "first_token_s": reply.first_token_s})
        return reply

    engine.write = recorded
    return engine


@dataclass(frozen=True)
class Logged:
    """An answer as the log keeps it: what `figures` reads from an answer object."""

    engine: str
    notices: tuple[str, ...] = ()


def prompts_fingerprint(prompts_dir: Path | None = None) -> str:
    """What the model was asked with: a hash of every prompt file's name and text (default: prompts/)."""
    from retrieval.guard import PROMPTS_DIR

    prompts_dir = prompts_dir or PROMPTS_DIR
    digest = hashlib.sha256()
    for path in sorted(prompts_dir.glob("*")):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _record(name: str, result: metrics.Result, answered, reads: list[float], checks: list[dict],
            texts: list[dict | None] | None = None, prompts: str = "") -> dict:
    record = {"run": name, "id": result.id, "engine": answered.engine, "notices": list(answered.notices),
              "reads": [round(s, 2) for s in reads], "checks": checks, "result": asdict(result),
              "must_contain": metrics.contains_all(result.answer, result.must_contain),
              "model_reads": list(texts or [])}
    if prompts:
        record["prompts"] = prompts
    return record


def _current(record: dict | None, prompts: str) -> dict | None:
    """A logged record, unless it is a model's answer to other prompts than today's (asked again then)."""
    if record is None or record["run"] == COMPOSER or record.get("prompts", prompts) == prompts:
        return record
    return None


def _from_record(record: dict) -> tuple[metrics.Result, Logged]:
    data = dict(record["result"])
    for key in ("expected_codes", "cited_codes"):
        data[key] = tuple(data[key])
    data["retrieved"] = tuple(tuple(codes) for codes in data["retrieved"])
    data["must_contain"] = tuple(tuple(options) for options in data["must_contain"])
    return metrics.Result(**data), Logged(record["engine"], tuple(record["notices"]))


def read_log(path: Path | None) -> dict[tuple[str, str], dict]:
    """(run name, question id) -> the logged record; later lines win."""
    if path is None or not path.exists():
        return {}
    records = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
                records[(record["run"], record["id"])] = record
            except (ValueError, KeyError) as error:
                raise ValueError(f"{path}:{number}: not a model_check record ({error})") from error
    return records


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
    parser.add_argument("--log", type=Path, help="append each answer to this JSONL as it comes; questions "
                                                   "already logged for an engine are not asked again")
    parser.add_argument("--logged-only", action="store_true",
                        help="ask nothing: figures over the questions of the subset the log holds, per engine")
    parser.add_argument("--regrade", action="store_true",
                        help="ask no model: answer the logged questions again with the current pipeline and guard, "
                             "the model sending what the log says it sent (logs written with read texts)")
    args = parser.parse_args(argv)
    if args.regrade:
        return regrade(args)

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
    checks: list[dict] = []
    texts: list[dict | None] = []
    functions, corpus_codes = build_pipelines(["hybrid"], args.k, engine="configured", settings=settings,
                                              chat_engine=guarded(timed(engine, reads, texts), checks))
    runs = [(engine.name, functions["hybrid"], settings.chat_timeout_s)]
    if args.with_composer:
        plain, _ = build_pipelines(["hybrid"], args.k, settings=settings)
        runs.insert(0, (COMPOSER, plain["hybrid"], None))
    logged = read_log(args.log)
    prompts = prompts_fingerprint()
    rows, per_question = [], {}
    for name, answer_fn, limit in runs:
        records, asked = [], []
        for question in questions:
            record = _current(logged.get((name, question.id)), prompts)
            if record is None and args.logged_only:
                continue
            if record is None:
                del reads[:], checks[:], texts[:]
                answered: list = []
                [result] = run_pipeline(answer_fn, [question], answers=answered)
                record = _record(name, result, answered[0], reads, list(checks), texts,
                                 prompts if name != COMPOSER else "")
                if args.log:
                    args.log.parent.mkdir(parents=True, exist_ok=True)
                    with args.log.open("a", encoding="utf-8") as log:
                        log.write(json.dumps(record, ensure_ascii=False) + "\n")
            records.append(record)
            asked.append(question)
            print(".", end="", file=sys.stderr, flush=True)
        print(file=sys.stderr)
        results, answers = zip(*(_from_record(r) for r in records)) if records else ((), ())
        rows.append(figures(name, asked, list(results), list(answers), corpus_codes,
                            [s for r in records for s in r["reads"]], limit, [c for r in records for c in r["checks"]]))
        per_question[name] = [{"id": r["id"], "engine": r["engine"], "answer": r["result"]["answer"],
                               "cited_codes": r["result"]["cited_codes"], "abstained": r["result"]["abstained"],
                               "notices": r["notices"], "latency_ms": r["result"]["latency_ms"],
                               "must_contain": r["must_contain"], "reads": r["reads"], "checks": r["checks"]}
                              for r in records]
    print(format_figures(rows))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"questions": [q.id for q in questions], "figures": [asdict(r) for r in rows],
                                        "results": per_question}, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


def regrade(args) -> int:
    """Figures of a logged run as the current pipeline and guard would give them: each logged question
    asked again, its model reads replayed from the log (a failed read, replayed as a failure)."""
    logged = read_log(args.log)
    if not logged:
        print(f"✗ --regrade needs --log with a model_check log ({args.log} has no records)", file=sys.stderr)
        return 2
    questions = fixed_subset(load_questions(args.questions), args.size)
    rows = []
    for name in dict.fromkeys(run for run, _ in logged if run != COMPOSER):
        engine = replay_engine(name)
        checks: list[dict] = []
        functions, corpus_codes = build_pipelines(["hybrid"], args.k, engine="configured",
                                                  chat_engine=guarded(engine, checks))
        asked, results, answers, all_checks, reads = [], [], [], [], []
        for question in questions:
            record = logged.get((name, question.id))
            if record is None or "model_reads" not in record:
                continue
            engine.load(record["model_reads"])
            del checks[:]
            results += run_pipeline(functions["hybrid"], [question], answers=answers)
            asked.append(question)
            all_checks += checks
            reads += record["reads"]
        if asked:
            rows.append(figures(f"{name} (regraded)", asked, results, answers, corpus_codes, reads, None, all_checks))
    if not rows:
        print("✗ no logged model run has read texts to replay", file=sys.stderr)
        return 2
    print(format_figures(rows))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"figures": [asdict(r) for r in rows]}, ensure_ascii=False, indent=1),
                            encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
