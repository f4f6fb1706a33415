"""`python -m retrieval ingest | search | ask | move` — the command-line face of the index and the records."""

from __future__ import annotations

import argparse
import json
import sys

from .settings import Settings, describe


def _progress_bar():
    from tqdm import tqdm

    bar = None

    def update(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc="embedding chunks", unit="chunk", file=sys.stderr)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return update


def cmd_ingest(args, settings: Settings) -> int:
    from .factory import ingest

    summary = ingest(settings, progress=_progress_bar(), force=args.rebuild)
    print(summary.describe())
    return 1 if summary.problems and args.strict else 0


def cmd_search(args, settings: Settings) -> int:
    from .factory import open_retriever
    from .index import IndexMissing
    from .search import Filters

    try:
        retriever = open_retriever(settings, mode=args.mode)
    except IndexMissing as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    filters = Filters(framework=args.framework, min_level=args.min_level, max_level=args.max_level, role=args.role)
    result = retriever.search(args.query, k=args.k, filters=filters)
    if args.json:
        print(json.dumps(
            {
                "query": result.query,
                "codes_found": list(result.codes.found),
                "codes_missing": list(result.codes.missing),
                "notes": list(result.codes.notes),
                "timings_ms": result.timings_ms,
                "hits": [
                    {"rank": n, "id": h.chunk.id, "score": round(h.score, 5), "codes": list(h.codes),
                     "section": h.chunk.section, "title": h.chunk.title, "text": h.chunk.text}
                    for n, h in enumerate(result.hits, 1)
                ],
            },
            ensure_ascii=False, indent=2,
        ))
        return 0
    for note in result.codes.notes:
        print(f"ℹ {note}")
    for code in result.codes.missing:
        print(f"✗ not found in the corpus: {code}")
    for n, hit in enumerate(result.hits, 1):
        first_line = hit.chunk.text.splitlines()[0]
        pin = " (code)" if hit.pinned else ""
        print(f"{n}. {hit.chunk.code}  [{hit.chunk.section}] score {hit.score:.4f}{pin}")
        print(f"   {first_line}")
        print(f"   codes: {', '.join(hit.codes[:8])}{' …' if len(hit.codes) > 8 else ''}")
    print(f"({result.timings_ms.get('total', 0):.0f} ms)")
    return 0


def print_answer(result, as_json: bool) -> None:
    if as_json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    for notice in result.notices:
        print(f"ℹ {notice}")
    print(result.text)
    if result.citations:
        print("\n引用 / cited: " + ", ".join(result.citations))
    print(f"[{result.engine}{' · abstained' if result.abstained else ''}]")


def cmd_ask(args, settings: Settings) -> int:
    from .answer import answer
    from .factory import build_engine, build_knowledge

    knowledge = build_knowledge(settings, progress=_progress_bar())
    engine = build_engine(settings)
    streaming = engine is not None and not args.json

    def on_token(piece: str) -> None:  # provisional: the checked answer is printed after it, on stdout
        print(piece, end="", flush=True, file=sys.stderr)

    def ask(question: str, history: list[dict]):
        result = answer(question, history, knowledge=knowledge, engine=engine, k=args.k,
                        on_token=on_token if streaming else None)
        if streaming:
            print(file=sys.stderr)
        print_answer(result, args.json)  # always the checked answer: streamed text was only a draft
        return result

    if args.question:
        ask(args.question, [])
        return 0
    history: list[dict] = []
    print("職涯助理 — 輸入問題，空白行或 Ctrl-D 結束。 (Ask a question; an empty line or Ctrl-D ends.)")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            break
        if not question or question.lower() in ("quit", "exit", "q"):
            break
        result = ask(question, history)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": result.text}]
    return 0


def build_embed(settings: Settings):
    """The configured embedder as texts → vectors, through the embedding cache in the data folder."""
    from .embeddings import EmbeddingCache, embed_with_cache, make_embedder

    embedder = make_embedder(settings.embedder)
    cache = EmbeddingCache(settings.cache_path)
    return lambda texts: embed_with_cache(embedder, list(texts), cache)[0]


def _shown(code: str, local: str, text: str) -> str:
    """`BHR…/S02 溝通協調能力`, `106907L5 title`, `BHR5R0061v2 K1 …`: the code once, then the words."""
    if local and local != code and code.endswith("/" + local) and text.startswith(local + " "):
        text = text[len(local) + 1:]
    return f"{code} {text}"


_STRENGTH_MARK = {"same": "✓ same", "partial": "~ partial", "none": "✗ none"}


def print_move(result) -> None:
    """A move for a person: what is covered, what is missing, the entry requirements, the next steps."""
    a, b = result.from_, result.to
    print(f"{a.title} ({a.id}, {a.framework} level {a.level}) → {b.title} ({b.id}, {b.framework} level {b.level})")
    if a.framework != b.framework:
        print("ℹ TW standard levels and HK QF levels are different scales: no equivalence is implied.")
    covered, missing = result.covered, result.missing
    print(f"\nCovered ({len(covered)} of {len(result.items)}):")
    for m in covered:
        by = "; ".join(_shown(c.code, c.local, c.text) for c in m.covered_by)
        print(f"  {_STRENGTH_MARK[m.strength]:<10} {_shown(m.target, m.local, m.target_text)}")
        print(f"             ← {by}\n             ({m.reason})")
    print(f"\nMissing ({len(missing)}):")
    for m in missing:
        print(f"  {_STRENGTH_MARK['none']:<10} {_shown(m.target, m.local, m.target_text)}")
    print("\nEntry requirements:")
    for r in result.entry.requirements or ():
        print(f"  - {r.text} ({r.code})")
    if not result.entry.requirements:
        print("  (none stated)")
    print("\nNext steps:")
    for step in result.next_steps:
        parts = (f"level {step.level}" if step.level is not None else "",
                 f"{step.credits} credits" if step.credits is not None else "", step.provider)
        extra = ", ".join(x for x in parts if x)
        print(f"  - [{step.kind}] {step.code} {step.text}" + (f" ({extra})" if extra else ""))
    if not result.next_steps:
        print("  (none: every item is covered)")


NO_BUILD = "no index built yet: run `python -m retrieval ingest`"


def served_corpus(settings: Settings):
    """The records the app serves: those stored with the current build, so no source is parsed and the CLI
    answers from the same records as the app. A build of changed sources is used whole and stderr says so;
    without a usable build the sources folder is parsed, and stderr says so and what to run."""
    from corpus import load_corpus

    from .factory import index_manager
    from .index import IndexMissing, IndexUnreadable

    try:
        index = index_manager(settings).open(settings.sources_dir)
    except IndexMissing:
        print(f"ℹ {NO_BUILD}; reading the records from {settings.sources_dir} meanwhile", file=sys.stderr)
        return load_corpus(settings.sources_dir)
    except IndexUnreadable as error:
        print(f"ℹ the index cannot be read ({error}): run `python -m retrieval ingest --rebuild`; "
              f"reading the records from {settings.sources_dir} meanwhile", file=sys.stderr)
        return load_corpus(settings.sources_dir)
    if index.status.stale:
        print(f"ℹ {index.status.describe()}", file=sys.stderr)
    return index.corpus


def cmd_move(args, settings: Settings) -> int:
    from .moves import UnknownRecord, move

    corpus = served_corpus(settings)
    try:
        # Unknown ids are reported before any model loads.
        from .moves import record

        record(corpus, args.from_id), record(corpus, args.to_id)
    except UnknownRecord as error:
        print(f"✗ {error}", file=sys.stderr)
        return 2
    embed = None if args.no_embed else build_embed(settings)
    result = move(corpus, args.from_id, args.to_id, embed=embed)
    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_move(result)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m retrieval",
        description="Index and search the competency standards.",
        epilog="Settings (environment variables):\n" + describe(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="build or refresh the index from corpus/sources")
    p.add_argument("--rebuild", action="store_true", help="rebuild even if nothing changed")
    p.add_argument("--strict", action="store_true", help="exit 1 when a source file could not be parsed")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="print the ranked hits for a question")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true")
    p.add_argument("--mode", choices=("hybrid", "dense", "lexical"), default="hybrid")
    p.add_argument("--framework", choices=("TW", "HK"))
    p.add_argument("--min-level", type=int)
    p.add_argument("--max-level", type=int)
    p.add_argument("--role", help="an HK role id such as HK:人才管理經理")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question (no question: an interactive session that keeps history)")
    p.add_argument("question", nargs="?")
    p.add_argument("--k", type=int, default=5)
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("move", help="what a move between two records covers, misses, requires and asks next")
    p.add_argument("from_id", metavar="FROM", help="a TW standard or unit code, or an HK role id (HK:<title>)")
    p.add_argument("to_id", metavar="TO", help="a TW standard or unit code, or an HK role id (HK:<title>)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--no-embed", action="store_true", help="wording and vocabulary only, no embedding model")
    p.set_defaults(func=cmd_move)

    args = parser.parse_args(argv)
    return args.func(args, Settings.from_env())
