"""Nothing is lost between a source file and what can be retrieved and cited.

Every content line of every source (the frozen seeds and every fixture document
of the three formats) is cut into the units a reader would quote: a table cell,
an HTML paragraph or list item, a coded item (T/O/P/K/S/A), a row whose cells
belong together. Each unit, normalised, must be found *whole*:

- in one chunk of its own document (one chunk holds all the parts of a row), so
  that it is retrievable with the document's code, and
- in the document's typed records (some string field, or one record's scalar
  fields read in order), so that an item-level index can reach it.

The normalisation ignores layout only: Unicode width (NFKC), whitespace, HTML
tags and markdown markers, bullets and list enumerators, and punctuation (the
parsers and chunks re-punctuate, e.g. `：` after a label). Letters and digits
must appear contiguously and in order. A cell that a page break split in two is
rejoined, as the parsers do, before it is looked up.

The unit extraction below is written from the formats' documentation
(/work/shared/DOMAIN.md), not from the parsers, so a parser that drops text is
caught rather than mirrored.
"""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from corpus.load import Corpus, decode, detect_kind, parse_text
from corpus.records import HK_CAREER_PATH, TW_STANDARD, TW_UNIT
from retrieval.chunks import build_chunks

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"

# --- lines that carry no content: each pattern matches a whole stripped line ---------------
LAYOUT_LINES = [
    # Table column headings, repeated at every page break of a TW standard's task table.
    r"(主要職責|工作任務).*行為指標.*",
    # The TW version table's column headings.
    r"版本\s+職能基準代碼\s+職能基準名稱.*",
    # A TW standard's title line restates Standard.name + the word 職能基準 (the name is checked in its field).
    r"(#+\s*)?\S+職能基準",
    # Section headings of a TW standard: the sections are the record's fields (attitudes, notes).
    r"(<b>)?\s*職能內涵\s*\(\s*A\s*=\s*attitude\s*態度\s*\)\s*(</b>)?",
    r"(#+\s*)?說明與補充事項",
    # The heading of a TW standard's entry requirements (建議擔任此職類/職業之學歷/經歷/或能力條件): its items are
    # Standard.entry_requirements, the heading is kept in NoteSection.heading, and the entry chunk is titled
    # with one wording for every standard (the printed one varies: 經歷/經驗, spaces around the slashes).
    r"[-*•●\s]*(\*\*)?\s*建議擔任此職類\s*/\s*職業之學歷.*條件\s*[:：]?\s*(\*\*)?",
    # A TW unit's 更新紀錄 label on a line of its own (its value follows on the next line).
    r"更新紀錄",
    # An HK role's heading restates HKRole.title + 的職業資歷說明 (the title is in every role chunk's context line).
    r"#+\s*\S+的職業資歷說明",
    # HK section headings 甲/乙/丙: the document's structure, which the record's fields follow.
    r"#+\s*[甲乙丙][.．].*",
    # HK sub-headings that title the table that follows (units, soft skills, courses).
    r"(#+\s*|\*\*)?(附加能力要求|工作能力要求|市面上相關的進修課程)(\*\*)?",
    # HK table column headings.
    r"類型\s+主要職能\s+能力單元名稱.*",
    r"能力名稱\s*\*?\s+熟練程度.*",
    r"學習成果\s+評核指引.*",
    r"資歷名銜\s+進修課程名稱.*",
    # Markdown table separators and the 完 (end) mark closing each HK role.
    r"[-\s|]+",
    r"完",
]
_LAYOUT = [re.compile(p) for p in LAYOUT_LINES]

# Field labels: the record's field names, not content (the value next to them is checked).
LABELS = {
    # TW standard header
    "職能基準代碼", "職能基準名稱", "職能基準名稱(擇一填寫)", "職類", "職業", "所屬類別", "職類別", "職類別代碼",
    "職業別", "職業別代碼", "行業別", "行業別代碼", "工作描述", "基準級別",
    # TW unit
    "職能單元代碼", "職能單元名稱", "領域類別", "職能單元級別", "工作任務與行為指標", "職能內涵(K=knowledge知識)",
    "職能內涵(S=skills技能)", "評量設計參考", "說明與補充事項", "更新紀錄",
    # HK role
    "專業領域", "工作崗位", "典型的職銜", "主要目的和職責", "一般要求", "資歷名銜", "資歷級別", "資歷學分(僅供參考)",
    "資歷學分", "資歷錄取要求", "資歷培訓目標", "學習成果陳述", "關鍵或可取的在職學習",
}
# Cells that records hold as structure rather than text: the HK unit type (UnitRef.core), a TW unit's
# assessment sections (Assessment.evidence/context/methods) and an HK outcome statement's two routes
# (Qualification.education_progression/employment_progression). They must still be in a chunk.
STRUCTURAL = {"核心", "職能", "評量證據", "評量情境與資源", "評量方法", "教育途徑", "就業途徑"}

_TAG = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^>\s]+)>")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(?:p|li|ol|ul|br|div)\b[^>]*>", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•●◆■▪·]|\\\*)\s*")
_ENUMERATOR = re.compile(r"^\s*(?:\d+\s*[.、．](?!\d)|[一二三四五六七八九十]+\s*、|\(\d+\)|（\d+）)\s*")
_ITEM_CODE = re.compile(r"(?<![A-Za-z0-9.])(?:T\d+(?:\.\d+)?|[OP]\d+\.\d+\.\d+|K\d{2,3}|S{1,2}\d{2,3}|A\d{2,3})(?![\d.])")
_TASK_CODE = re.compile(r"^T\d+\.\d+")
_HK_UNIT_CODE = re.compile(r"^\d{4,8}L\d$")
_NOTE_MARK = re.compile(r"【\s*註\s*(\d+)\s*】")


def plain(text: str) -> str:
    """Markup off, entities decoded; autolinks keep their address."""
    text = _SCRIPT.sub(" ", text)
    text = _AUTOLINK.sub(r" \1 ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text)
    text = re.sub(r"\^\{(.*?)\}", r"\1", text).replace("**", "").replace("\\*", "*")
    return re.sub(r"\s+", " ", text).strip()


def strip_marks(text: str) -> str:
    """Bullets and list enumerators are layout: `• a`, `4. a`, `一、a` -> `a`."""
    previous = None
    while previous != text:
        previous = text
        text = _ENUMERATOR.sub("", _BULLET.sub("", text)).strip()
    return text


def normalise(text: str) -> str:
    """Letters and digits only, width-folded and case-folded; a note mark 【註 1】 reads as its number."""
    text = _NOTE_MARK.sub(r"\1", unicodedata.normalize("NFKC", plain(text))).casefold()
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def blocks(cell: str) -> list[str]:
    """An HTML cell's paragraphs and list items, each without its bullet or enumerator."""
    pieces = (strip_marks(plain(piece)) for piece in _BLOCK_TAG.split(_SCRIPT.sub(" ", cell)))
    return [p for p in pieces if normalise(p)]


def is_label(cell: str) -> bool:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", plain(cell)).replace("（", "(").replace("）", ")")) in {
        unicodedata.normalize("NFKC", label) for label in LABELS
    }


def is_layout(line: str) -> bool:
    stripped = line.strip()
    return any(p.fullmatch(stripped) for p in _LAYOUT)


@dataclass
class Unit:
    """What one piece of source says: parts that must be found together."""

    line: int
    quote: str
    parts: list[str] = field(default_factory=list)
    # How records hold it, where that differs from the text: a number typed as an int with its note beside it.
    record_parts: list[str] | None = None
    lines: set[int] = field(default_factory=set)  # every source line it takes text from

    def extend(self, text: str, line: int) -> None:
        """The tail of a cell that a page break (or row wrap) cut off."""
        self.parts[0] += normalise(text)
        self.quote += " ⏎ " + text.strip()
        self.lines.add(line)


def _unit(line: int, quote: str, *parts: str) -> Unit:
    return Unit(line, quote.strip(), [p for p in (normalise(p) for p in parts) if p], lines={line})


# --- per format: cut a source into units ------------------------------------------------------------


def tw_standard_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    in_table = False
    section = "header"
    last_in_column: dict[int, Unit] = {}
    task = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = plain(line)
        if not stripped:
            continue
        if re.fullmatch(r"(<b>)?\s*職能內涵\s*\(\s*A\s*=\s*attitude.*", line.strip()):
            section, in_table = "attitudes", False
            continue
        if re.fullmatch(r"(#+\s*)?說明與補充事項", line.strip()):
            section, in_table = "notes", False
            continue
        if re.match(r"^(主要職責|工作任務)", stripped) and "行為指標" in stripped:
            in_table = section == "header" or in_table
            if section == "header":
                section = "table"
            continue
        if is_layout(line):
            continue
        cells = line.split("\t")
        if section == "header":
            values = [c for c in cells if normalise(c) and not is_label(c)]
            if values and re.fullmatch(r"[Vv]\d+", plain(values[0])):  # a version row: its cells belong together
                units.append(_unit(n, line, *values))
            else:
                units += [_unit(n, c, strip_marks(plain(c))) for c in values]
        elif section == "table":
            starts_task = any(_TASK_CODE.match(plain(c)) for c in cells)
            for i, cell in enumerate(cells):
                value = plain(cell)
                if not normalise(value):
                    continue
                matches = list(_ITEM_CODE.finditer(value))
                head = value[: matches[0].start()] if matches else value
                if normalise(head):
                    if re.fullmatch(r"\s*[1-7]\s*", head) and starts_task:  # a task's 職能級別
                        units.append(_unit(n, f"{task} level {head}", task, head))
                    elif i in last_in_column and not starts_task:
                        last_in_column[i].extend(head, n)  # the tail of a cell split across rows
                    else:
                        units.append(_unit(n, head, head))
                for k, match in enumerate(matches):
                    end = matches[k + 1].start() if k + 1 < len(matches) else len(value)
                    item = value[match.start() : end]
                    if _TASK_CODE.match(item):
                        task = item
                        unit = _unit(n, item, item)
                    elif item.startswith("T"):
                        unit = _unit(n, item, item)
                    else:  # an output, indicator, K or S item: found with its task
                        unit = _unit(n, item, item, _TASK_CODE.match(task).group() if task else "")
                    units.append(unit)
                    last_in_column[i] = unit
        else:  # attitudes and notes: paragraphs and bullet items
            for cell in cells:
                for block in blocks(cell):
                    coded = list(re.finditer(r"(?<![A-Za-z0-9])A\d{2,3}", block)) if section == "attitudes" else []
                    if not coded:
                        units.append(_unit(n, block, block))
                    for k, match in enumerate(coded):
                        end = coded[k + 1].start() if k + 1 < len(coded) else len(block)
                        units.append(_unit(n, block[match.start() : end], block[match.start() : end]))
    return units


def tw_unit_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not plain(line) or is_layout(line):
            continue
        cells = line.split("\t")
        for cell in cells:
            if is_label(cell):
                continue
            units += [_unit(n, b, b) for b in blocks(cell)]
    return units


def hk_career_units(text: str) -> list[Unit]:
    units: list[Unit] = []
    table = None
    unit_type, area = "", ""
    last_outcome: Unit | None = None
    code = ""
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if not plain(line):
            continue
        if re.fullmatch(r"類型\s+主要職能.*", stripped):
            table, unit_type, area = "units", "", ""
        elif re.fullmatch(r"能力名稱\s*\*?\s+熟練程度.*", stripped):
            table = "soft_skills"
        elif re.fullmatch(r"學習成果\s+評核指引.*", stripped):
            table = "outcomes"
        elif re.fullmatch(r"資歷名銜\s+進修課程名稱.*", stripped):
            table = "courses"
        if is_layout(line):
            continue
        cells = [c for c in line.split("\t")]
        texts = [plain(c) for c in cells]
        codes = [t for t in texts if _HK_UNIT_CODE.match(t)]
        if "\t" not in line:
            table = None
            units += [_unit(n, b, b) for b in blocks(line)]
            continue
        if table == "units" and codes:
            for t in texts:
                if t in ("核心", "職能"):
                    unit_type = t
            before = [t for t in texts[: texts.index(codes[0])] if t and t not in ("核心", "職能")]
            if len(before) > 1:
                area = before[0]
            title = strip_marks(before[-1]) if before else ""
            after = [t for t in texts[texts.index(codes[0]) + 1 :] if t]
            units.append(_unit(n, line, unit_type, area, title, codes[0], *after))
            continue
        if table == "soft_skills" and re.match(r"^\d+\s*[.．]", texts[0]):
            name = strip_marks(texts[0])
            gloss = re.fullmatch(r"(.*?)\s*[（(]\s*指?(.*)[)）]", name)  # `名稱 (指…)`: name and description
            parts = [gloss.group(1), gloss.group(2)] if gloss else [name]
            units.append(_unit(n, line, *parts, *[t for t in texts[1:] if t]))
            continue
        if table == "courses" and re.match(r"^\d+\s*[.．]", texts[0]):
            units.append(_unit(n, line, *[strip_marks(t) for t in texts if t]))
            continue
        if table == "outcomes" and is_label(cells[0]):
            table = None  # a labelled field after the table
        if table == "outcomes":
            if codes:
                code = codes[0]
            html_cells = [c for c in cells if re.search(r"<li", c)]
            for cell in html_cells:
                units += [_unit(n, b, b, code) for b in blocks(cell)]
            others = [(i, t) for i, (c, t) in enumerate(zip(cells, texts)) if t and c not in html_cells]
            if codes:
                outcome = [strip_marks(t) for _, t in others]
                last_outcome = _unit(n, line, *outcome)
                units.append(last_outcome)
            elif last_outcome is not None:
                for _, t in others:  # an outcome's text that a page break carried under the repeated header
                    last_outcome.extend(t, n)
            continue
        # a labelled field (or its continuation line): the value's paragraphs and list items
        label = re.sub(r"\s+", "", plain(cells[0]))
        if label == "資歷錄取要求":  # alternatives (`A 或 B`): each is one requirement
            units += [_unit(n, part, part) for part in re.split(r"\s+或\s+", plain(" ".join(cells[1:]))) if part]
            continue
        if label == "資歷級別" or label.startswith("資歷學分"):  # `資歷架構第 6 級`, `175 (基於能力單元配置)`
            value = plain(" ".join(cells[1:]))
            number = re.search(r"\d+", value)
            note = re.search(r"[（(](.*)[)）]", value)
            unit = _unit(n, value, value)
            unit.record_parts = [normalise(number.group())] if number else []
            if label.startswith("資歷學分") and note:
                unit.record_parts.append(normalise(note.group(1)))
            units.append(unit)
            continue
        for cell in cells:
            if is_label(cell):
                continue
            units += [_unit(n, b, b) for b in blocks(cell)]
    return units


EXTRACTORS = {TW_STANDARD: tw_standard_units, TW_UNIT: tw_unit_units, HK_CAREER_PATH: hk_career_units}


# --- where units may be found ----------------------------------------------------------------------


def record_strings(record) -> list[str]:
    """Every string a record holds, and each record's scalar fields read in order."""
    found: list[str] = []

    def walk(value) -> None:
        if dataclasses.is_dataclass(value):
            scalars = []
            for f in dataclasses.fields(value):
                if f.name in ("source", "warnings", "kind"):
                    continue
                item = getattr(value, f.name)
                if isinstance(item, (str, int)) and not isinstance(item, bool):
                    scalars.append(str(item))
                walk(item)
            found.append(normalise("".join(scalars)))
        elif isinstance(value, (tuple, list)):
            for item in value:
                walk(item)
        elif isinstance(value, str):
            found.append(normalise(value))
        elif isinstance(value, int) and not isinstance(value, bool):
            found.append(str(value))

    walk(record)
    return [s for s in found if s]


def source_documents() -> list[Path]:
    seeds = sorted(SEEDS.glob("*.txt"))
    others = sorted(p for p in FIXTURES.glob("*.txt"))
    return seeds + [p for p in others if detect_kind(decode(p.read_bytes(), p.name))]


def test_the_frozen_seeds_and_a_fixture_of_each_format_are_walked():
    kinds = [detect_kind(decode(p.read_bytes(), p.name)) for p in source_documents()]
    assert len(list(SEEDS.glob("*.txt"))) == 5, "the frozen copy of the five seeds is missing"
    assert {TW_STANDARD, TW_UNIT, HK_CAREER_PATH} <= set(kinds)
    assert len(kinds) >= 8


@pytest.mark.parametrize("path", source_documents(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_content_line_reaches_a_record_and_a_chunk_of_its_document(path):
    text = decode(path.read_bytes(), path.name)
    kind = detect_kind(text)
    document = parse_text(text, path.name)
    units = EXTRACTORS[kind](text)
    # The extraction itself skips nothing: every line with content other than labels gave a unit.
    read = {n for u in units for n in u.lines}
    skipped = [
        f"{n}: {line[:80]}" for n, line in enumerate(text.splitlines(), 1)
        if plain(line) and not is_layout(line) and n not in read
        and not all(is_label(c) or not normalise(c) for c in line.split("\t"))
    ]
    assert not skipped, f"{path.name}: lines the test did not cut into units: {skipped}"

    chunks = [c for c in build_chunks(Corpus((document,))) if document.code in c.codes]
    chunk_texts = [normalise(c.text) for c in chunks]
    strings = record_strings(document)

    not_in_chunk = [u for u in units if not any(all(p in t for p in u.parts) for t in chunk_texts)]
    not_in_record = [
        u for u in units
        if any(p not in STRUCTURAL and not any(p in s for s in strings) for p in (u.record_parts or u.parts) if p)
    ]
    report = [f"{path.name}: {len(units)} units"]
    report += [f"  not in any chunk  line {u.line}: {u.quote[:160]}" for u in not_in_chunk]
    report += [f"  not in any record line {u.line}: {u.quote[:160]}" for u in not_in_record]
    print("\n".join(report))
    assert not not_in_chunk and not not_in_record, "\n".join(report)
