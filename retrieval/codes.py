"""Codes named in a question, resolved against the codes the index carries.

A query may name a code in any canonical form (`BHR1212-002v3/T2.4`), without
its version suffix (`BHR3333-004`), as a historical version listed in a
standard's version table, or as a bare item code next to an occupation name
(`訓練經理 T2.4`). A well-formed code that matches nothing is reported as
missing: it is never matched to a near neighbour.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property

from corpus.codes import (  # noqa: F401  (re-exported: the guard and writers read them here)
    CANONICAL_CODE,
    HK_ID_PREFIX,
    HK_UNIT_CODE,
    ITEM_CODE,
    STANDARD_BASE,
    STANDARD_CODE,
    UNIT_BASE,
    UNIT_CODE,
    framework_of,
    hk_id,
    is_hk_id,
    item_kind,
)
from corpus.load import Corpus
from corpus.records import Standard

from .chunks import Chunk
from .lexical import to_traditional

def convert_outside_codes(text: str, convert) -> str:
    """Apply a script conversion to everything but the codes (an HK role id must stay as cited)."""
    pieces, last = [], 0
    for match in CANONICAL_CODE.finditer(text):
        pieces += [convert(text[last : match.start()]), match.group()]
        last = match.end()
    return "".join(pieces) + convert(text[last:])


_ROLE_MENTION = re.compile(rf"{HK_ID_PREFIX}\s*([\u3400-\u9fff]+)", re.I)

_DOC = re.compile(rf"(?<![A-Z0-9])({STANDARD_CODE}|{UNIT_CODE}|{HK_UNIT_CODE})(?:\s*/\s*({ITEM_CODE}))?"
                  rf"(?![A-Za-z0-9])", re.I)
_DOC_THEN_ITEM = re.compile(rf"^\s*(?:的|之|'s)?\s*({ITEM_CODE})(?![A-Za-z0-9.])", re.I)
_RANGE_TAIL = re.compile(rf"^\s*(?:~|-|–|—|到|至|to)\s*({ITEM_CODE})(?![A-Za-z0-9])", re.I)
_ITEM_RANGE = re.compile(rf"(?<![A-Za-z0-9./-])({ITEM_CODE})\s*(?:~|-|–|—|到|至|to)\s*({ITEM_CODE})(?![A-Za-z0-9])", re.I)
_BARE_ITEM = re.compile(rf"(?<![A-Za-z0-9./-])({ITEM_CODE})(?![A-Za-z0-9])", re.I)


@dataclass(frozen=True)
class CodeMatch:
    """What the codes in a question resolve to."""

    found: tuple[str, ...] = ()  # canonical codes that exist, in the order named
    missing: tuple[str, ...] = ()  # well-formed codes with no record
    notes: tuple[str, ...] = ()  # e.g. a historical version resolved to the current one
    historical: tuple[tuple[str, str], ...] = ()  # (historical code as written, the current code)
    # bare item codes of a kind the record named has none of ("does the unit define attitudes (A01, A02…)?"):
    # a question about that kind, not a code to refuse; a code of a kind it has (K99) stays missing
    kind_absent: tuple[str, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.found or self.missing)


@dataclass
class CodeCatalog:
    """The codes and names an index knows, for resolving mentions."""

    codes: frozenset[str]
    names: dict[str, str] = field(default_factory=dict)  # occupation, unit or role name -> document/role code
    # Historical version code, as the version table prints it (BHR3333-004, BHR1212-002v1) -> current code.
    # An answer may print these: they name a record (the current version), so they are never shown as [?].
    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_chunks(cls, chunks: list[Chunk], corpus: Corpus | None = None) -> "CodeCatalog":
        codes = frozenset(code for chunk in chunks for code in chunk.codes)
        names: dict[str, str] = {}
        for chunk in chunks:
            if chunk.section in ("overview", "role_overview"):
                names.setdefault(chunk.title, chunk.code)
        aliases = corpus.historical_codes() if corpus else {}
        for document in corpus.documents if corpus else ():
            if isinstance(document, Standard):
                related = re.search(r"相關職業(?:包含|包括)?[：:](.*)", document.name_note)
                for name in re.split(r"[、，,]", related.group(1)) if related else ():
                    if name.strip():
                        names.setdefault(name.strip(), document.code)
        return cls(codes, names, aliases)

    def to_dict(self) -> dict:
        return {"codes": sorted(self.codes), "names": self.names, "aliases": self.aliases}

    @classmethod
    def from_dict(cls, data: dict) -> "CodeCatalog":
        return cls(frozenset(data["codes"]), dict(data["names"]), dict(data["aliases"]))

    # --- resolution ---------------------------------------------------------------------

    def _canonical(self, raw: str) -> str | None:
        """The catalog's spelling of a document code (case-insensitive)."""
        return self._by_upper.get(raw.upper())

    def __post_init__(self) -> None:
        # Computed once: resolution runs on every question, and large corpora carry ~10^5 codes.
        self.documents = sorted(c for c in self.codes if "/" not in c)
        self._by_upper = {c.upper(): c for c in self.documents}
        self._alias_by_upper = {old.upper(): current for old, current in self.aliases.items()}
        self._latest: dict[str, str] = {}  # BHR3333-004 -> its newest BHR3333-004vN
        for code in self.documents:
            versioned = re.fullmatch(r"(.+)v(\d+)", code)
            if versioned:
                base = versioned.group(1).upper()
                best = self._latest.get(base)
                if best is None or int(versioned.group(2)) > int(best.rsplit("v", 1)[1]):
                    self._latest[base] = code
        self.hk_ids = [c for c in self.documents if is_hk_id(c)]  # HK roles and career paths

    def _latest_version(self, base: str) -> str | None:
        """`BHR3333-004` -> the newest `BHR3333-004vN` in the catalog."""
        return self._latest.get(base.upper())

    def current(self, code: str) -> str | None:
        """The current code for a historical version's code, item suffix kept (case-insensitive):
        `BHR1212-002v1/T2.4` -> `BHR1212-002v3/T2.4`; None when the code is not a historical one."""
        document, slash, item = code.partition("/")
        now = self._alias_by_upper.get(document.upper())
        return now + slash + item.upper() if now else None

    def _resolve_document(self, raw: str, notes: list[str], historical: list[tuple[str, str]]) -> str | None:
        exact = self._canonical(raw)
        if exact:
            return exact
        alias = self._alias_by_upper.get(raw.upper())
        if alias:
            notes.append(f"{raw} 為歷史版本，現行版本為 {alias}")
            historical.append((raw, alias))
            return alias
        if re.fullmatch(f"{STANDARD_BASE}|{UNIT_BASE}", raw, re.I):
            latest = self._latest_version(raw.upper())
            if latest:
                return latest
        return None

    @cached_property
    def _items_by_document(self) -> dict[str, tuple[str, ...]]:
        """Each document's item codes, in code order: built on the first question that needs them (a range, a
        bare code the record named lacks), not at start-up, and never scanned again per question."""
        items: dict[str, list[str]] = {}
        for code in self.codes:
            document, slash, _ = code.partition("/")
            if slash:
                items.setdefault(document, []).append(code)
        return {d: tuple(sorted(codes, key=lambda c: _code_key(c.split("/", 1)[1]))) for d, codes in items.items()}

    def _items_of(self, document: str) -> tuple[str, ...]:
        """The item codes of one document, in code order."""
        return self._items_by_document.get(document, ())

    def _named_documents(self, text: str) -> list[str]:
        """Documents whose occupation, unit or role name the text mentions (longest names first)."""
        found = []
        remaining = to_traditional(text)
        for name in sorted(self.names, key=len, reverse=True):
            if len(name) >= 2 and name in remaining:
                found.append(self.names[name])
                remaining = remaining.replace(name, " ")
        return list(dict.fromkeys(found))

    def resolve(self, text: str, in_view: tuple[str, ...] = ()) -> CodeMatch:
        """Codes the text names. A bare item code (`T2.4`, `K11`) is read only against a record the
        text names or one already `in_view` (the conversation's subject): alone, it names nothing."""
        text = unicodedata.normalize("NFKC", text)
        historical: list[tuple[str, str]] = []
        found: list[str] = []
        missing: list[str] = []
        notes: list[str] = []
        absent: list[str] = []
        consumed: list[tuple[int, int]] = []
        for match in _ROLE_MENTION.finditer(text):
            run = match.group(1)
            known = [c for c in self.hk_ids if _names_prefix(run, c.removeprefix(HK_ID_PREFIX))]
            if known:
                found.append(max(known, key=len))
            else:
                missing.append(hk_id(run))
            consumed.append((match.start(), match.end()))
        for match in _DOC.finditer(text):
            raw_doc, raw_item = match.group(1), match.group(2)
            end = match.end()
            if raw_item is None:
                follow = _DOC_THEN_ITEM.match(text[end:])
                if follow:
                    raw_item = follow.group(1)
                    end += follow.end()
            last = _RANGE_TAIL.match(text[end:]) if raw_item else None
            if last:
                end += last.end()
            consumed.append((match.start(), end))
            document = self._resolve_document(raw_doc, notes, historical)
            if document is None:
                missing.append(raw_doc + (f"/{raw_item}" if raw_item else ""))
                continue
            if raw_item:
                code = f"{document}/{_item_spelling(raw_item)}"
                (found if code in self.codes else missing).append(code)
                if last:  # "BHR1212-002v3 的 P2.1.1 至 P2.1.3"
                    found += [c for c in self._items_of(document)
                              if _between(c.split("/", 1)[1], _item_spelling(raw_item), _item_spelling(last.group(1)))]
            else:
                found.append(document)
        rest = "".join(" " if any(a <= i < b for a, b in consumed) else ch for i, ch in enumerate(text))
        bare = [m.group(1) for m in _BARE_ITEM.finditer(rest)]
        if bare:
            named = (self._named_documents(rest) or [d for d in found if "/" not in d]
                     or [d.split("/", 1)[0] for d in in_view if d.split("/", 1)[0] in self._by_upper.values()])
            scope = named
            ranges = [(_item_spelling(m.group(1)), _item_spelling(m.group(2))) for m in _ITEM_RANGE.finditer(rest)]
            for raw_item in bare:
                item = _item_spelling(raw_item)
                hits = [f"{doc}/{item}" for doc in scope if f"{doc}/{item}" in self.codes]
                for first, last in ranges:  # "A01~A05": every item between, in the record's order
                    if item == first:
                        hits += [c for doc in scope for c in self._items_of(doc) if _between(c.split("/", 1)[1], first, last)]
                if hits:
                    found += hits
                elif named and not any(self._has_kind(doc, item) for doc in named):
                    absent.append(item)
                elif named:
                    missing += [f"{doc}/{item}" for doc in named]
        return CodeMatch(tuple(dict.fromkeys(found)), tuple(dict.fromkeys(missing)), tuple(notes),
                         tuple(dict.fromkeys(historical)), tuple(dict.fromkeys(absent)))

    def _has_kind(self, document: str, item: str) -> bool:
        """Whether the record lists any item of the kind the item code names (knowledge for K11)."""
        kind = item_kind(item)
        return any(item_kind(c) == kind for c in self._items_of(document))


def _names_prefix(run: str, name: str) -> bool:
    """Whether a run of Chinese text starts with `name` as a whole word."""
    return run == name or (run.startswith(name) and run[len(name)] in "的之是有需要和與及嗎呢在")


def _code_key(item: str) -> tuple[str, tuple[int, ...]]:
    """`P2.1.3` -> ("P", (2, 1, 3)): items compare by their letters, then their numbers."""
    letters = re.match(r"[A-Z]+", item).group()
    return letters, tuple(int(n) for n in re.findall(r"\d+", item))


def _between(item: str, first: str, last: str) -> bool:
    """Whether an item falls in a range its first and last codes name (same letters, same depth)."""
    (letters, numbers), (a_letters, a), (b_letters, b) = _code_key(item), _code_key(first), _code_key(last)
    return letters == a_letters == b_letters and len(numbers) == len(a) == len(b) and a <= numbers <= b


def _item_spelling(raw: str) -> str:
    return raw.upper()
