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
import gc
import hashlib
import json
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, get_args, get_type_hints

import msgspec

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
    _check_head(data, source)
    with paused_gc():
        try:
            documents = tuple(_decode_document(d) for d in data["documents"])
            corpus = Corpus(
                documents,
                tuple(SourceProblem(file, reason) for file, reason in data["problems"]),
                tuple(SourceFile(name, sha256) for name, sha256 in data["files"]),
            )
        except (KeyError, TypeError, ValueError, msgspec.MsgspecError) as error:
            raise StoredCorpusError(f"{source}: cannot be read as records ({type(error).__name__}: {error})") from error
    codes = data.get("codes", [d.code for d in documents])  # one JSON object: a cut file does not parse at all
    if corpus.fingerprint != data.get("fingerprint") or [d.code for d in documents] != codes:
        raise StoredCorpusError(f"{source}: its records do not match its fingerprint and codes (a partial or "
                                "edited file)")
    return corpus


def _check_head(data: Any, source: str) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("schema") != schema():
        found = f"{data.get('format')}/{data.get('schema')}" if isinstance(data, dict) else type(data).__name__
        raise StoredCorpusError(f"{source}: records of format {found}, this version reads {FORMAT}/{schema()}: "
                                "rebuild the index")


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
        with open(path, "rb") as lines:
            head = json.loads(lines.readline())
            if isinstance(head, dict) and "documents" not in head:
                if "codes" not in head:
                    raise StoredCorpusError(f"{path}: its header lists no document codes: rebuild the index")
                head = {**head, "documents": (_DocumentLine(line) for line in lines if line.strip())}
            return corpus_from_dict(head, str(path))
    except FileNotFoundError as error:
        raise StoredCorpusError(f"{path}: missing (an index built by an older version): rebuild the index") from error
    except (OSError, ValueError) as error:
        if isinstance(error, StoredCorpusError):
            raise
        raise StoredCorpusError(f"{path}: cannot be read ({error})") from error


@contextmanager
def paused_gc():
    """No cyclic garbage collection while many long-lived records are made, and none over them after:
    at 100k chunks the collector would otherwise scan the growing heap again and again (more than half
    of the load time), then once more on the next allocation. The records hold no cycles, so moving
    them out of the collector's reach (`gc.freeze`) loses nothing: reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# --- encoding ---------------------------------------------------------------------------------


def _encode(value: Any) -> Any:
    """Records to plain JSON values; `kind` (not an init field) is kept to tell documents apart."""
    if dataclasses.is_dataclass(value):
        return {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


class _Kind(msgspec.Struct):
    kind: str = ""


@dataclasses.dataclass(frozen=True)
class _DocumentLine:
    """One stored document still as JSON text: decoded straight into its record type."""

    text: bytes


def _decode_document(data: dict | _DocumentLine):
    line = isinstance(data, _DocumentLine)
    kind = _KIND.decode(data.text).kind if line else data.get("kind")
    if kind not in KINDS:
        raise ValueError(f"unknown document kind {kind!r}")
    return _json_decoder(KINDS[kind]).decode(data.text) if line else msgspec.convert(data, KINDS[kind])


_KIND = msgspec.json.Decoder(_Kind)


@lru_cache(maxsize=None)
def _json_decoder(tp) -> msgspec.json.Decoder:
    """Typed decoding in C, from the record types' hints: records stay the only description of the format."""
    return msgspec.json.Decoder(tp)
