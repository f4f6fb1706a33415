"""Parser for Taiwan iCAP 職能單元 (competency units).

The text is a two-column table: a label cell, then an HTML value. A line whose
first cell is empty continues the previous field (a page break in the source).
"""

from __future__ import annotations

import re

from .codes import is_unit_code
from .records import Assessment, CompetencyUnit, Definition, TaskGroup
from .text import Block, first_int, html_blocks, parse_definition, split_cells, strip_bullet, strip_enumerator, tidy

MARKER = "職能單元代碼"

_LABELS = {
    "職能單元代碼": "code",
    "職能單元名稱": "name",
    "領域類別": "domain",
    "職能單元級別": "level",
    "工作任務與行為指標": "tasks",
    "職能內涵(K=knowledge知識)": "knowledge",
    "職能內涵(S=skills技能)": "skills",
    "評量設計參考": "assessment",
    "說明與補充事項": "notes",
    "更新紀錄": "updates",
}


def looks_like_unit(text: str) -> bool:
    return MARKER in text


def parse_unit(text: str, source: str) -> CompetencyUnit:
    fields = _fields(text)
    warnings: list[str] = []
    code = tidy(fields.get("code", ""))
    if not is_unit_code(code):
        raise ValueError(f"職能單元代碼 '{code}' is not a unit code like BHR5R0061v2")
    task_groups = _task_groups(html_blocks(fields.get("tasks", "")), warnings)
    if not task_groups:
        warnings.append("工作任務與行為指標 has no task groups")
    note_blocks = [strip_bullet(b.text) for b in html_blocks(fields.get("notes", ""))]
    definitions = tuple(Definition(*d) for d in map(parse_definition, note_blocks) if d)
    return CompetencyUnit(
        source=source,
        code=code,
        name=tidy(fields.get("name", "")),
        domain=tidy(fields.get("domain", "")),
        level=first_int(tidy(fields.get("level", ""))),
        task_groups=task_groups,
        knowledge=_list_items(fields.get("knowledge", "")),
        skills=_list_items(fields.get("skills", "")),
        assessment=_assessment(html_blocks(fields.get("assessment", "")), warnings),
        definitions=definitions,
        notes=tuple(n for n in note_blocks if not parse_definition(n)),
        update_record=tuple(tidy(line) for line in fields.get("updates", "").splitlines() if tidy(line)),
        warnings=tuple(warnings),
    )


def _fields(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if not line.strip():
            continue
        cells = split_cells(line)
        label = _LABELS.get(re.sub(r"\s+", "", tidy(cells[0])))
        if label:
            current = label
            fields[current] = " ".join(cells[1:])
        elif current:  # a continuation line, or the body under a label line
            fields[current] = (fields[current] + "\n" + " ".join(c for c in cells if c)).strip()
    return fields


def _task_groups(blocks: list[Block], warnings: list[str]) -> tuple[TaskGroup, ...]:
    """Paragraphs (or items with sub-items) open a group; list items are its behaviour indicators."""
    groups: list[tuple[str, list[str]]] = []
    for i, block in enumerate(blocks):
        text = strip_enumerator(strip_bullet(block.text))
        if block.kind == "p" or _has_children(blocks, i):
            groups.append((text, []))
        elif groups:
            groups[-1][1].append(text)
        else:
            warnings.append(f"behaviour indicator '{text[:20]}' comes before any task group")
    return tuple(TaskGroup(i + 1, name, tuple(items)) for i, (name, items) in enumerate(groups))


def _has_children(blocks: list[Block], i: int) -> bool:
    return i + 1 < len(blocks) and blocks[i + 1].depth > blocks[i].depth


def _list_items(value: str) -> tuple[str, ...]:
    return tuple(strip_enumerator(strip_bullet(b.text)) for b in html_blocks(value))


_ASSESSMENT_SECTIONS = (("證據", "evidence"), ("情境", "context"), ("方法", "methods"))
_CHINESE_ENUMERATOR = re.compile(r"^[一二三四五六七八九十]+、")


def _assessment(blocks: list[Block], warnings: list[str]) -> Assessment:
    """Sections 評量證據 / 評量情境與資源 / 評量方法, each a list of items.

    Numbered paragraphs that a page break pushed out of the list stay with the
    last section.
    """
    sections: dict[str, list[str]] = {"evidence": [], "context": [], "methods": []}
    current = None
    for i, block in enumerate(blocks):
        text = strip_enumerator(strip_bullet(block.text))
        is_heading = _CHINESE_ENUMERATOR.match(block.text) or _has_children(blocks, i)
        section = next((key for word, key in _ASSESSMENT_SECTIONS if word in text), None) if is_heading else None
        if section:
            current = section
        elif current:
            sections[current].append(text)
        else:
            warnings.append(f"assessment item '{text[:20]}' comes before any section")
    return Assessment(tuple(sections["evidence"]), tuple(sections["context"]), tuple(sections["methods"]))
