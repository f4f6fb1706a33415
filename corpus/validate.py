"""`python -m corpus.validate [--json] [PATH …]`: parse sources and report.

Prints each document's kind, code, title, counts and warnings, and each file
that could not be parsed with the reason. Exits 1 when any file failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .load import SOURCES_DIR, Corpus, load_corpus, source_paths


def report(corpus: Corpus) -> list[dict]:
    rows = [
        {
            "file": d.source,
            "kind": d.kind,
            "code": d.code,
            "title": d.title,
            "counts": d.counts(),
            "warnings": list(d.warnings),
        }
        for d in corpus.documents
    ]
    rows += [{"file": p.file, "kind": None, "code": None, "title": None, "error": p.reason} for p in corpus.problems]
    return rows


def format_text(rows: list[dict]) -> str:
    lines = []
    for row in rows:
        if "error" in row:
            lines.append(f"✗ {row['file']}: {row['error']}")
            continue
        lines.append(f"✓ {row['file']}  [{row['kind']}]  {row['code']}  {row['title']}")
        for key, value in row["counts"].items():
            if isinstance(value, dict):
                value = ", ".join(f"{k} {v}" for k, v in value.items())
            lines.append(f"    {key}: {value}")
        for warning in row["warnings"]:
            lines.append(f"    ⚠ {warning}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.validate", description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, help=f"files or folders (default: {SOURCES_DIR})")
    parser.add_argument("--json", action="store_true", help="print a JSON list of documents")
    args = parser.parse_args(argv)

    paths: list[Path] = []
    for path in args.paths or [SOURCES_DIR]:
        if not path.exists():
            print(f"✗ {path}: no such file or folder", file=sys.stderr)
            return 2
        paths += source_paths(path) if path.is_dir() else [path]
    corpus = load_corpus(paths=paths)
    rows = report(corpus)
    print(json.dumps(rows, ensure_ascii=False, indent=2) if args.json else format_text(rows))
    return 1 if corpus.problems else 0


if __name__ == "__main__":
    sys.exit(main())
