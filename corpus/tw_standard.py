"""Parser for Taiwan iCAP 職能基準 (occupational competency standards).

The text is a PDF/HTML table extraction: one table row a line, cells split by
tabs, page breaks that repeat the header and split a cell in two. Cells are
classified by the code they start with (T, O, P, K, S, a level digit), and by
their header column only when they carry no code (the tail of a split cell).
"""

from __future__ import annotations

import re

from .codes import (
    ATTITUDE_CODE,
    DUTY_CODE,
    INDICATOR_CODE,
    KNOWLEDGE_CODE,
    OUTPUT_CODE,
    SKILL_CODE,
    TASK_CODE,
    is_standard_code,
)
from .records import (
    CodedText,
    CompetencyItem,
    Definition,
    Duty,
    NamedCode,
    NoteSection,
    Standard,
    Task,
    VersionEntry,
)
from .text import (
    first_int,
    join_fragments,
    normalised_for_comparison,
    parse_definition,
    split_cells,
    split_coded,
    strip_bullet,
    tidy,
)

MARKER = "職能基準代碼"

_COLUMN_HEADINGS = (
    ("工作產出", "outputs"),
    ("行為指標", "indicators"),
    ("級別", "level"),
    ("knowledge", "knowledge"),
    ("skills", "skills"),
)
_CELL_KINDS = (
    (re.compile(rf"^{TASK_CODE}"), "task"),
    (re.compile(rf"^{DUTY_CODE}(?![\d.])"), "duty"),
    (re.compile(rf"^{OUTPUT_CODE}"), "outputs"),
    (re.compile(rf"^{INDICATOR_CODE}"), "indicators"),
    (re.compile(r"^[1-7]$"), "level"),
    (re.compile(rf"^{KNOWLEDGE_CODE}"), "knowledge"),
    (re.compile(rf"^{SKILL_CODE}(?!\d)"), "skills"),
)
_ATTITUDE_MARKER = re.compile(r"A\s*=\s*attitude", re.I)
_NOTES_MARKER = re.compile(r"^[#\s]*(?:<b>)?\s*說明與補充事項")
_FIELD_LABELS = {
    "職能基準代碼": "code",
    "職類": "trade",
    "職業": "occupation_title",
    "職類別": "category",
    "職類別代碼": "category_code",
    "職業別": "occupation",
    "職業別代碼": "occupation_code",
    "行業別": "industry",
    "行業別代碼": "industry_code",
    "工作描述": "description",
    "基準級別": "level",
}


def looks_like_standard(text: str) -> bool:
    return MARKER in text and bool(re.search(r"T\d+\.\d+", text))


def parse_standard(text: str, source: str) -> Standard:
    lines = text.splitlines()
    warnings: list[str] = []
    table_start = _find(lines, _is_table_header)
    attitude_start = _find(lines, lambda l: bool(_ATTITUDE_MARKER.search(l)), table_start or 0)
    notes_start = _find(lines, lambda l: bool(_NOTES_MARKER.match(tidy(l)) or _NOTES_MARKER.match(l)))
    if table_start is None:
        raise ValueError("no task table (a header row with 行為指標) found")
    end_of_table = min(i for i in (attitude_start, notes_start, len(lines)) if i is not None)

    fields = _header_fields(lines[:table_start])
    code = fields.get("code", "")
    if not is_standard_code(code):
        raise ValueError(f"職能基準代碼 '{code}' is not a standard code like BHR1212-002v3")
    name, name_note = _split_name(fields.get("occupation_title") or fields.get("trade", ""))

    duties = _parse_task_table(lines[table_start:end_of_table], warnings)
    attitude_lines = lines[attitude_start + 1 : notes_start] if attitude_start is not None else []
    notes = _parse_notes(lines[notes_start + 1 :] if notes_start is not None else [])

    knowledge = _merge_items(duties, "knowledge", warnings)
    skills = _merge_items(duties, "skills", warnings)
    _check_codes(duties, warnings)
    return Standard(
        source=source,
        code=code,
        name=name,
        name_note=name_note,
        versions=_parse_versions(lines[:table_start]),
        category=NamedCode(fields.get("category", ""), fields.get("category_code", "")),
        occupation=NamedCode(fields.get("occupation", ""), fields.get("occupation_code", "")),
        industry=NamedCode(fields.get("industry", ""), fields.get("industry_code", "")),
        description=fields.get("description", ""),
        level=first_int(fields.get("level", "")),
        duties=duties,
        knowledge=knowledge,
        skills=skills,
        attitudes=_parse_attitudes(attitude_lines),
        entry_requirements=_entry_requirements(notes),
        definitions=_definitions(notes),
        notes=notes,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def _find(lines: list[str], predicate, start: int = 0) -> int | None:
    return next((i for i in range(start, len(lines)) if predicate(lines[i])), None)


def _is_table_header(line: str) -> bool:
    cells = split_cells(tidy(line) if "\t" not in line else line)
    first = tidy(cells[0]) if cells else ""
    return first.startswith(("主要職責", "工作任務")) and "行為指標" in line


def _header_fields(lines: list[str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in lines:
        cells = [tidy(c) for c in split_cells(line)]
        for i, cell in enumerate(cells):
            key = _FIELD_LABELS.get(re.sub(r"\s*\(.*\)$", "", cell).replace(" ", ""))
            if key is None or key in fields:
                continue
            value = next((c for c in cells[i + 1 :] if c), "")
            if _FIELD_LABELS.get(value.replace(" ", "")):
                value = ""  # the next cell is another label: this one is empty
            if key == "code" and not is_standard_code(value):
                continue  # the version table's column heading, not the field
            fields[key] = value
    return fields


def _split_name(value: str) -> tuple[str, str]:
    """`訓練經理 (此基準相關職業包含：…)` -> ("訓練經理", "此基準相關職業包含：…")."""
    match = re.match(r"^(.*?)\s*[（(](.*)[)）]\s*$", value)
    return (match.group(1).strip(), match.group(2).strip()) if match else (value.strip(), "")


def _parse_versions(lines: list[str]) -> tuple[VersionEntry, ...]:
    versions = []
    for line in lines:
        cells = [tidy(c) for c in split_cells(line)]
        if len(cells) >= 6 and re.fullmatch(r"[Vv]\d+", cells[0]) and is_standard_code(cells[1]):
            versions.append(VersionEntry(*cells[:6]))
    return tuple(versions)


# --- task table ---------------------------------------------------------------


def _column_kinds(header: list[str]) -> list[str | None]:
    """Which field each header column holds; columns before 工作產出 name duty and task."""
    kinds: list[str | None] = []
    for cell in header:
        kind = next((k for heading, k in _COLUMN_HEADINGS if heading in cell), None)
        kinds.append(kind)
    first_output = kinds.index("outputs") if "outputs" in kinds else 2
    for i in range(first_output):
        kinds[i] = "duty" if i == 0 and first_output > 1 else "task"
    return kinds


def _classify(cell: str, index: int, columns: list[str | None]) -> str | None:
    for pattern, kind in _CELL_KINDS:
        if pattern.match(cell):
            return kind
    return columns[index] if index < len(columns) else None


def _parse_task_table(lines: list[str], warnings: list[str]) -> tuple[Duty, ...]:
    columns: list[str | None] = []
    rows: list[dict[str, str]] = []
    for line in lines:
        raw = split_cells(line)
        if _is_table_header(line):
            columns = _column_kinds([tidy(c) for c in raw])
            continue
        cells = [(i, tidy(c)) for i, c in enumerate(raw) if tidy(c)]
        if not cells:
            continue
        kinds = [(_classify(cell, i, columns), cell) for i, cell in cells]
        starts_row = any(kind in ("task", "duty") and re.match(DUTY_CODE, cell) for kind, cell in kinds)
        if starts_row or not rows:
            rows.append({})
        row = rows[-1]
        for kind, cell in kinds:
            if kind is None:
                warnings.append(f"table cell '{cell[:30]}' has no column; skipped")
                continue
            if kind == "task" and re.match(DUTY_CODE + r"(?![\d.])", cell):
                kind = "duty"
            row[kind] = join_fragments(row.get(kind, ""), cell)
    return _rows_to_duties(rows, warnings)


def _rows_to_duties(rows: list[dict[str, str]], warnings: list[str]) -> tuple[Duty, ...]:
    duties: list[tuple[str, str, list[Task]]] = []
    for row in rows:
        if "duty" in row:
            code, name = _code_and_name(row["duty"], DUTY_CODE)
            duties.append((code, name, []))
        if "task" not in row:
            continue
        if not duties:
            warnings.append(f"task '{row['task'][:20]}' comes before any duty; skipped")
            continue
        code, name = _code_and_name(row["task"], TASK_CODE)
        tasks = duties[-1][2]
        level = first_int(row.get("level", ""))
        if level is None and tasks:
            level = tasks[-1].level  # a level cell spanning several task rows
        tasks.append(
            Task(
                code=code,
                name=name,
                level=level,
                outputs=_coded(row.get("outputs", ""), OUTPUT_CODE),
                indicators=_coded(row.get("indicators", ""), INDICATOR_CODE),
                knowledge=_coded(row.get("knowledge", ""), KNOWLEDGE_CODE),
                skills=_coded(row.get("skills", ""), SKILL_CODE),
            )
        )
    return tuple(Duty(code, name, tuple(tasks)) for code, name, tasks in duties)


def _code_and_name(cell: str, pattern: str) -> tuple[str, str]:
    match = re.match(rf"^({pattern})\s*(.*)$", cell)
    return (match.group(1), tidy(match.group(2))) if match else ("", tidy(cell))


def _coded(cell: str, pattern: str) -> tuple[CodedText, ...]:
    return tuple(CodedText(code, text) for code, text in split_coded(cell, pattern))


def _merge_items(duties: tuple[Duty, ...], field: str, warnings: list[str]) -> tuple[CompetencyItem, ...]:
    """The standard's distinct K (or S) items from the codes listed on task rows."""
    seen: dict[str, tuple[str, str, list[str]]] = {}
    for duty in duties:
        for task in duty.tasks:
            for item in getattr(task, field):
                if item.code not in seen:
                    seen[item.code] = (item.text, task.code, [])
                    continue
                first_text, first_task, others = seen[item.code]
                same = normalised_for_comparison(item.text) == normalised_for_comparison(first_text)
                if not same and item.text not in others:
                    others.append(item.text)
                    warnings.append(
                        f"{item.code} is printed as '{first_text}' ({first_task}) and as "
                        f"'{item.text}' ({task.code}); kept both, the first is the item's name"
                    )
    items = [CompetencyItem(code, text, other_texts=tuple(others)) for code, (text, _, others) in seen.items()]
    return tuple(sorted(items, key=lambda item: (first_int(item.code) or 0, item.code)))


def _check_codes(duties: tuple[Duty, ...], warnings: list[str]) -> None:
    """Report codes that do not fit their place; keep them as printed."""
    seen_outputs: dict[str, str] = {}
    for duty in duties:
        for task in duty.tasks:
            if not task.code.startswith(duty.code + "."):
                warnings.append(f"task {task.code} is listed under duty {duty.code}")
            task_number = task.code[1:]
            for output in task.outputs:
                if output.code[1:].rsplit(".", 1)[0] != task_number:
                    warnings.append(
                        f"output {output.code} '{output.text}' is listed under {task.code} but numbered "
                        f"for T{output.code[1:].rsplit('.', 1)[0]}; kept as printed"
                    )
                if output.code in seen_outputs:
                    warnings.append(
                        f"output code {output.code} is used twice: '{seen_outputs[output.code]}' and '{output.text}'"
                    )
                seen_outputs.setdefault(output.code, output.text)
            for indicator in task.indicators:
                if indicator.code[1:].rsplit(".", 1)[0] != task_number:
                    warnings.append(f"indicator {indicator.code} is listed under {task.code}; kept as printed")
            for item in task.knowledge + task.skills:
                if not re.fullmatch(r"[KS]\d{2,3}", item.code):
                    warnings.append(
                        f"code '{item.code}' on {task.code} is malformed (expected {item.code[0]} and two digits); "
                        "kept as printed"
                    )
    if not duties:
        warnings.append("the task table has no duties")


# --- attitudes and notes -----------------------------------------------------------


def _parse_attitudes(lines: list[str]) -> tuple[CompetencyItem, ...]:
    text = " ".join(tidy(line) for line in lines if not _is_table_header(line))
    items = []
    for code, body in split_coded(text, ATTITUDE_CODE):
        name, definition = (re.split(r"[：:]", strip_bullet(body), maxsplit=1) + [""])[:2]
        items.append(CompetencyItem(code, name.strip(), definition.strip()))
    return tuple(items)


def _parse_notes(lines: list[str]) -> tuple[NoteSection, ...]:
    """Group the notes' bullet items under their headings.

    A heading is an item that ends with a colon, or one followed by deeper items.
    """
    entries: list[tuple[int, str]] = []
    for line in lines:
        if not line.strip():
            continue
        expanded = line.replace("\t", "    ")
        depth = len(expanded) - len(expanded.lstrip())
        for part in re.split(r"(?=【註\s*\d+\s*】)", line) if "<p>" in line else [line]:
            text = strip_bullet(tidy(part))
            if text:
                entries.append((depth, text))
    sections: list[tuple[str, list[str]]] = [("", [])]
    for i, (depth, text) in enumerate(entries):
        deeper_follows = i + 1 < len(entries) and entries[i + 1][0] > depth
        if text.endswith((":", "：")) or (deeper_follows and not text.startswith("【註")):
            sections.append((text.rstrip(":："), []))
        else:
            sections[-1][1].append(text)
    return tuple(NoteSection(heading, tuple(items)) for heading, items in sections if heading or items)


def _entry_requirements(notes: tuple[NoteSection, ...]) -> tuple[str, ...]:
    return tuple(item for s in notes if "建議擔任" in s.heading for item in s.items)


def _definitions(notes: tuple[NoteSection, ...]) -> tuple[Definition, ...]:
    """【註N】 items anywhere, and the unmarked items under a 名詞定義 heading."""
    definitions = []
    for section in notes:
        for item in section.items:
            marked = parse_definition(item)
            if marked:
                definitions.append(Definition(*marked))
            elif "定義" in section.heading:
                parts = re.split(r"[：:，,]", item, maxsplit=1)
                term, text = (parts[0], parts[1]) if len(parts) == 2 else ("", item)
                definitions.append(Definition("", term.strip(), text.strip()))
    return tuple(definitions)
