"""Read source files, detect their format from content, and parse them.

A file that cannot be read or parsed becomes a `SourceProblem` naming the file
and the reason; every other file is still parsed.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .hk_career import looks_like_career_path, parse_career_path
from .records import (
    HK_CAREER_PATH,
    TW_STANDARD,
    TW_UNIT,
    CareerPath,
    CompetencyUnit,
    Document,
    HKRole,
    HKUnit,
    Standard,
    UnitRef,
)
from .tw_standard import looks_like_standard, parse_standard
from .tw_unit import looks_like_unit, parse_unit

SOURCES_DIR = Path(__file__).parent / "sources"
MAX_FILE_BYTES = 5 * 1024 * 1024  # the largest real standard is under 100 KB
ENCODINGS = ("utf-8-sig", "cp950", "big5hkscs")

_PARSERS = (
    # A unit names 職能單元代碼 and no 職能基準代碼, so it is tested first.
    (TW_UNIT, looks_like_unit, parse_unit),
    (TW_STANDARD, looks_like_standard, parse_standard),
    (HK_CAREER_PATH, looks_like_career_path, parse_career_path),
)


class SourceError(Exception):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass(frozen=True)
class SourceProblem:
    file: str
    reason: str


@dataclass(frozen=True)
class SourceFile:
    name: str
    sha256: str


def decode(data: bytes, name: str) -> str:
    """UTF-8 first, then Big5/cp950 (how older iCAP exports are encoded)."""
    if len(data) > MAX_FILE_BYTES:
        raise SourceError(name, f"file is {len(data) / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit")
    if not data.strip():
        raise SourceError(name, "empty file")
    if b"\x00" in data[:65536]:
        raise SourceError(name, "binary file (contains NUL bytes), not a text document")
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.replace("\r\n", "\n").replace("\r", "\n")
    raise SourceError(name, "cannot be decoded as UTF-8 or Big5/cp950")


def detect_kind(text: str) -> str | None:
    return next((kind for kind, looks_like, _ in _PARSERS if looks_like(text)), None)


def parse_text(text: str, source: str) -> Document:
    for kind, looks_like, parse in _PARSERS:
        if looks_like(text):
            try:
                return parse(text, source)
            except ValueError as error:
                raise SourceError(source, f"looks like a {kind} but cannot be parsed: {error}") from error
    raise SourceError(
        source,
        "unknown format: no 職能基準代碼 (TW standard), 職能單元代碼 (TW unit) or "
        "'…的職業資歷說明' heading with unit codes (HK career path) found",
    )


def parse_file(path: Path) -> Document:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:  # refused before reading: a 50 MB upload never reaches memory
            raise SourceError(path.name, f"file is {size / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:.0f} MB limit")
        data = path.read_bytes()
    except OSError as error:
        raise SourceError(path.name, f"cannot be read: {error.strerror or error}") from error
    return parse_text(decode(data, path.name), path.name)


@dataclass(frozen=True)
class Corpus:
    documents: tuple[Document, ...]
    problems: tuple[SourceProblem, ...] = ()
    files: tuple[SourceFile, ...] = ()

    @property
    def standards(self) -> tuple[Standard, ...]:
        return self._index["standards"]

    @property
    def units(self) -> tuple[CompetencyUnit, ...]:
        return self._index["competency_units"]

    @property
    def career_paths(self) -> tuple[CareerPath, ...]:
        return self._index["career_paths"]

    def __post_init__(self) -> None:
        # Lookups by code run for every answer; dicts keep them flat as the corpus grows.
        paths = tuple(d for d in self.documents if isinstance(d, CareerPath))
        index = {
            "standards": tuple(d for d in self.documents if isinstance(d, Standard)),
            "competency_units": tuple(d for d in self.documents if isinstance(d, CompetencyUnit)),
            "career_paths": paths,
            "documents": {d.code: d for d in self.documents},
            "roles": {r.id: r for p in paths for r in p.roles},
            "units": {u.code: u for p in paths for u in p.units},
            "paths": {r.id: p for p in paths for r in p.roles},
            "unit_paths": {u.code: p for p in paths for u in p.units},
            "listings": {},
        }
        for role in index["roles"].values():
            for ref in role.units:
                index["listings"].setdefault(ref.code, []).append((role, ref))
        object.__setattr__(self, "_index", index)

    def document(self, code: str) -> Document | None:
        return self._index["documents"].get(code)

    @property
    def roles(self) -> tuple[HKRole, ...]:
        return tuple(self._index["roles"].values())

    def role(self, role_id: str) -> HKRole | None:
        return self._index["roles"].get(role_id)

    def path_of(self, role_id: str) -> CareerPath | None:
        return self._index["paths"].get(role_id)

    def hk_unit(self, code: str) -> HKUnit | None:
        return self._index["units"].get(code)

    def path_of_unit(self, code: str) -> CareerPath | None:
        return self._index["unit_paths"].get(code)

    def listing(self, unit_code: str) -> tuple[tuple[HKRole, UnitRef], ...]:
        """The roles listing an HK unit, each with how it lists it (core or functional)."""
        return tuple(self._index["listings"].get(unit_code, ()))

    def owner(self, code: str) -> Document | HKRole | HKUnit | None:
        """The record a canonical code names: a document, an HK role or an HK unit (items: their document)."""
        base = code.split("/", 1)[0]
        return self.document(base) or self.role(base) or self.hk_unit(base)

    def codes(self) -> frozenset[str]:
        """Every canonical code the corpus defines: the only codes an answer may cite."""
        return frozenset(code for d in self.documents for code in d.item_codes())

    def historical_codes(self) -> dict[str, str]:
        """Codes of earlier versions, as the version tables print them -> the current version's code.
        An answer may print them (naming the current one); they are answered from the current version."""
        current = {d.code for d in self.standards}
        return {old: s.code for s in self.standards for old in s.historical_codes if old not in current}

    @property
    def fingerprint(self) -> str:
        return fingerprint_of(self.files)


def fingerprint_of(files) -> str:
    """One digest of file names and contents, independent of their order."""
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.name):
        digest.update(f"{f.name}:{f.sha256}\n".encode())
    return digest.hexdigest()


def source_paths(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith((".", "README")))


def source_files(directory: Path | str) -> tuple[SourceFile, ...]:
    """Every source file of a folder with its content hash, those that fail to parse included:
    what an index build was made from, to tell later whether the folder changed since."""
    return tuple(SourceFile(p.name, file_sha256(p)) for p in source_paths(Path(directory)))


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_corpus(directory: Path | str = SOURCES_DIR, paths: list[Path] | None = None) -> Corpus:
    """Parse every source file; problems are collected, never raised."""
    paths = paths if paths is not None else source_paths(Path(directory))
    documents: list[Document] = []
    problems: list[SourceProblem] = []
    files: list[SourceFile] = []
    owners: dict[str, str] = {}
    for path in paths:
        try:
            document = parse_file(path)
        except SourceError as error:
            problems.append(SourceProblem(error.file, error.reason))
            continue
        if document.code in owners:
            problems.append(
                SourceProblem(path.name, f"{document.code} is already defined by {owners[document.code]}; ignored")
            )
            continue
        owners[document.code] = path.name
        documents.append(document)
        files.append(SourceFile(path.name, hashlib.sha256(path.read_bytes()).hexdigest()))
    return Corpus(tuple(documents), tuple(problems), tuple(files))
