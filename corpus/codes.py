"""The code formats of the sources, defined once.

Parsers check the codes they read against these, the code catalog resolves codes named in a
question with them, the outgoing-text guard checks every code an answer prints with them, and
the evaluation reads codes out of answers with them. A code's framework is decided here only.

- TW occupational standard: `BHR1212-002v3` (field, category, occupation code, serial, version).
  Its items are cited under it: `BHR1212-002v3/T2.4`, `/P2.4.1`, `/O2.4.1`, `/K06`, `/S01`, `/A02`.
- TW competency unit: `BHR5R0061v2`: after the field and category, a digit, a letter (which
  tells it from a standard code printed without its hyphen), and a serial.
- HK unit of competency: `106904L7`: a serial and `L` + its QF level.
- HK role and career path: no official code; cited by id, `HK:` + the title the document prints.
"""

from __future__ import annotations

import re

STANDARD_BASE = r"[A-Z]{3}\d{4}-\d{3}"
UNIT_BASE = r"[A-Z]{3}\d[A-Z][A-Z0-9]{0,2}\d{3,4}"
VERSION = r"v\d+"
STANDARD_CODE = rf"{STANDARD_BASE}(?:{VERSION})?"  # as printed in a version table, the version may be left out
UNIT_CODE = rf"{UNIT_BASE}(?:{VERSION})?"
HK_UNIT_CODE = r"\d{4,8}L\d"
HK_ID_PREFIX = "HK:"
HK_ID = r"HK:[\u3400-\u9fff]+"

DUTY_CODE = r"T\d+"
TASK_CODE = r"T\d+\.\d+"
INDICATOR_CODE = r"P\d+\.\d+\.\d+"
OUTPUT_CODE = r"O\d+\.\d+\.\d+"
KNOWLEDGE_CODE = r"K\d{2,3}"
SKILL_CODE = r"S{1,2}\d{2,3}"  # `SS28` is a source typo kept as printed
ATTITUDE_CODE = r"A\d{2,3}"
ITEM_CODE = (rf"(?:{TASK_CODE}|{DUTY_CODE}|[PO]\d+\.\d+\.\d+|{KNOWLEDGE_CODE}|{SKILL_CODE}|{ATTITUDE_CODE})")

# The item kind an item code's letters name (K11: a knowledge item), as retrieval.items names kinds
_KIND_OF_LETTERS = {"T": "task", "P": "indicator", "O": "output", "K": "knowledge", "S": "skill", "SS": "skill",
                    "A": "attitude"}


def item_kind(item_code: str) -> str | None:
    """The kind of item a code names (`A01` → attitude), from its letters alone; None if none."""
    letters = re.match(r"[A-Za-z]*", item_code.rsplit("/", 1)[-1]).group(0).upper()
    return _KIND_OF_LETTERS.get(letters)


# Every canonical code as printed in answers: a TW standard and its items, a TW unit, an HK unit,
# an HK role or career path.
CANONICAL_CODE = re.compile(
    rf"{STANDARD_CODE}(?:/{ITEM_CODE})?|{UNIT_BASE}{VERSION}|(?<!\d){HK_UNIT_CODE}|{HK_ID}"
)


def hk_id(title: str) -> str:
    """The id an HK role or career path is cited by."""
    return f"{HK_ID_PREFIX}{title}"


def is_hk_id(code: str) -> bool:
    return code.startswith(HK_ID_PREFIX)


def is_standard_code(code: str) -> bool:
    return re.fullmatch(STANDARD_CODE, code) is not None


def is_unit_code(code: str) -> bool:
    """A TW competency unit's code with its version, as the unit's own page prints it."""
    return re.fullmatch(rf"{UNIT_BASE}{VERSION}", code) is not None


def is_hk_unit_code(code: str) -> bool:
    return re.fullmatch(HK_UNIT_CODE, code) is not None


def framework_of(code: str) -> str:
    """TW or HK, from a code's format: HK unit codes and HK role or path ids are HK."""
    return "HK" if is_hk_id(code) or is_hk_unit_code(code.split("/", 1)[0]) else "TW"
