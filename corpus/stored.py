"""Parsed records as JSON, so that a start opens them instead of parsing every source again.

An index build writes the corpus it was built from (`write_corpus`); serving reads
it back (`read_corpus`) as the same frozen records. The file names its schema (a
digest of the record types' fields, so that a field added to a record makes older
files unreadable rather than wrong) and the corpus fingerprint; a file of another
schema, or one whose content does not match its fingerprint, is refused with an
error naming the file and the reason.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import types
import typing
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Union, get_args, get_origin, get_type_hints

from .load import Corpus, SourceFile, SourceProblem
from .records import HK_CAREER_PATH, TW_STANDARD, TW_UNIT, CareerPath, CompetencyUnit, Standard

FORMAT = 1  # of the file around the records; the records' own shape is in `schema()`
KINDS = {TW_STANDARD: Standard, TW_UNIT: CompetencyUnit, HK_CAREER_PATH: CareerPath}


class StoredCorpusError(ValueError):
    """A stored corpus that cannot be used: missing, of another format, or inconsistent."""


@lru_cache(maxsize=1)
def schema() -> str:
    """A digest of every record type's fields and their types, with the file format."""
    seen: dict[str, list[str]] = {}

    def visit(tp) -> None:
        if dataclasses.is_dataclass(tp):
            if tp.__qualname__ in seen:
                return
            hints = get_type_hints(tp)
            seen[tp.__qualname__] = [f"{f.name}:{hints[f.name]}" for f in dataclasses.fields(tp)]
            for f in dataclasses.fields(tp):
                visit(hints[f.name])
        for arg in get_args(tp):
            visit(arg)

    for kind in sorted(KINDS):
        visit(KINDS[kind])
    text = json.dumps([FORMAT, sorted(seen.items())], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def corpus_to_dict(corpus: Corpus) -> dict:
    return {
        "format": FORMAT,
        "schema": schema(),
        "fingerprint": corpus.fingerprint,
        "codes": [d.code for d in corpus.documents],  # what a whole file holds: a cut one is refused
        "documents": [_encode(d) for d in corpus.documents],
        "problems": [[p.file, p.reason] for p in corpus.problems],
        "files": [[f.name, f.sha256] for f in corpus.files],
    }


def corpus_from_dict(data: dict, source: str = "stored corpus") -> Corpus:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("schema") != schema():
        found = f"{data.get('format')}/{data.get('schema')}" if isinstance(data, dict) else type(data).__name__
        raise StoredCorpusError(f"{source}: records of format {found}, this version reads {FORMAT}/{schema()}: "
                                "rebuild the index")
    try:
        documents = tuple(_decode_document(d) for d in data["documents"])
        corpus = Corpus(
            documents,
            tuple(SourceProblem(file, reason) for file, reason in data["problems"]),
            tuple(SourceFile(name, sha256) for name, sha256 in data["files"]),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise StoredCorpusError(f"{source}: cannot be read as records ({type(error).__name__}: {error})") from error
    codes = data.get("codes", [d.code for d in documents])  # one JSON object: a cut file does not parse at all
    if corpus.fingerprint != data.get("fingerprint") or [d.code for d in documents] != codes:
        raise StoredCorpusError(f"{source}: its records do not match its fingerprint and codes (a partial or "
                                "edited file)")
    return corpus


def write_corpus(corpus: Corpus, path: Path) -> None:
    """A header line (format, schema, fingerprint, problems, files), then one document per line: neither
    writing nor reading ever holds the whole corpus as one JSON value (~80 MB of text at 100k chunks)."""
    head = corpus_to_dict(Corpus((), corpus.problems, corpus.files))
    head["fingerprint"] = corpus.fingerprint
    head["codes"] = [d.code for d in corpus.documents]
    del head["documents"]
    with open(path, "w", encoding="utf-8") as out:
        out.write(json.dumps(head, ensure_ascii=False) + "\n")
        for document in corpus.documents:
            out.write(json.dumps(_encode(document), ensure_ascii=False, separators=(",", ":")) + "\n")


def read_corpus(path: Path) -> Corpus:
    """What `write_corpus` wrote, one document at a time (a file holding one JSON object is read too)."""
    try:
        with open(path, encoding="utf-8") as lines:
            head = json.loads(lines.readline())
            if isinstance(head, dict) and "documents" not in head:
                if "codes" not in head:
                    raise StoredCorpusError(f"{path}: its header lists no document codes: rebuild the index")
                head = {**head, "documents": (json.loads(line) for line in lines if line.strip())}
            return corpus_from_dict(head, str(path))
    except FileNotFoundError as error:
        raise StoredCorpusError(f"{path}: missing (an index built by an older version): rebuild the index") from error
    except (OSError, ValueError) as error:
        if isinstance(error, StoredCorpusError):
            raise
        raise StoredCorpusError(f"{path}: cannot be read ({error})") from error


# --- encoding ---------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    """Records to plain JSON values; `kind` (not an init field) is kept to tell documents apart."""
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode_document(data: dict):
    kind = data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    return _decoder(KINDS[kind])(data)


@lru_cache(maxsize=None)
def _decoder(tp) -> Callable[[Any], Any]:
    """A decoder per type, built once from the type hints: records stay the only description of the format."""
    if dataclasses.is_dataclass(tp):
        hints = get_type_hints(tp)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(tp) if f.init]

        def record(data: dict):
            return tp(**{name: decode(data[name]) for name, decode in fields})

        return record
    origin = get_origin(tp)
    if origin is tuple:
        args = get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            if item is _same:
                return tuple
            return lambda values: tuple(item(v) for v in values)
        items = [_decoder(a) for a in args]
        return lambda values: tuple(decode(v) for decode, v in zip(items, values))
    if origin in (Union, types.UnionType):
        options = [a for a in get_args(tp) if a is not type(None)]
        if len(options) == 1:
            inner = _decoder(options[0])
            if inner is _same:
                return _same
            return lambda value: None if value is None else inner(value)
        raise TypeError(f"cannot decode a union of {options}")
    if tp in (str, int, float, bool, typing.Any):
        return _same
    raise TypeError(f"cannot decode {tp!r}")


def _same(value):
    return value
