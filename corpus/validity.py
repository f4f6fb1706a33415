"""How current a TW standard is: the dates of its version table.

iCAP re-assesses a standard at least every three years and withdraws one that is
not updated. `is_stale` says whether a standard's latest update is more than that
long before a given day; the wording of the warning is the answer layer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .records import Standard

REVIEW_YEARS = 3  # iCAP re-assesses standards at least this often
_DATE = re.compile(r"(\d{2,4})\s*[/.\-年]\s*(\d{1,2})\s*[/.\-月]\s*(\d{1,2})")
ROC_OFFSET = 1911  # 民國 years, as older exports print them (107/12/21 = 2018-12-21)


def parse_version_date(text: str) -> date | None:
    """`2018/12/21`, `2018-12-21`, `2018年12月21日` or the 民國 `107/12/21`; None when there is no valid date."""
    match = _DATE.search(text or "")
    if not match:
        return None
    year, month, day = (int(g) for g in match.groups())
    if year < 1000:
        year += ROC_OFFSET
    try:
        return date(year, month, day)
    except ValueError:
        return None


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier (29 February falls back to the 28th)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


@dataclass(frozen=True)
class Validity:
    """What a warning about a standard's age needs: its code, its latest update and whether that is too old."""

    code: str
    last_updated: date | None
    stale: bool
    years: int = REVIEW_YEARS


def is_stale(standard: "Standard", today: date, years: int = REVIEW_YEARS) -> bool:
    """Whether the latest date in the standard's version table is more than `years` before `today`.
    A standard without a dated version table is never called stale: nothing says when it was updated."""
    updated = standard.last_updated
    return updated is not None and updated < years_before(today, years)


def validity(standard: "Standard", today: date, years: int = REVIEW_YEARS) -> Validity:
    return Validity(standard.code, standard.last_updated, is_stale(standard, today, years), years)
