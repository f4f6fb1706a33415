"""Pure helpers over records for career questions: ladders, unit gaps and the old item types.

Which target items a current record covers is decided by `moves` (same / partial / none, with the
covering items and a reason). `coverage` and `related_pairs` remain for callers written against the
older `Item`/`Pair` types and delegate to it: a pair exists only where `moves` finds evidence, and
its `similarity` is 1.0 for a same item and 0.5 for a partial one, never a text similarity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

import numpy as np

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, HKRole, Standard

RELATED_THRESHOLD = 0.35
Embed = Callable[[list[str]], np.ndarray]


@dataclass(frozen=True)
class Item:
    """One comparable requirement: a task, a K/S item or an HK unit, with its canonical code."""

    code: str
    label: str  # local code and name, as shown
    text: str  # name and detail, for wording overlap

    @property
    def name(self) -> str:
        return self.label.split(" ", 1)[-1]


@dataclass(frozen=True)
class Pair:
    left: Item
    right: Item
    similarity: float


def bigrams(text: str) -> set[str]:
    chars = re.sub(r"[^\u3400-\u9fffA-Za-z0-9]", "", text)
    return {chars[i : i + 2] for i in range(len(chars) - 1)}


def similarity(a: str, b: str) -> float:
    """Dice coefficient of character bigrams: 1.0 for the same wording, 0 for none shared."""
    x, y = bigrams(a), bigrams(b)
    return 2 * len(x & y) / (len(x) + len(y)) if x and y else 0.0


def standard_items(s: Standard) -> list[Item]:
    items = []
    for task in s.tasks:
        text = task.name + "：" + "；".join(p.text for p in task.indicators)
        items.append(Item(s.qualify(task.code), f"{task.code} {task.name}", text))
    items += [Item(s.qualify(k.code), f"{k.code} {k.text}", k.text) for k in s.knowledge]
    items += [Item(s.qualify(k.code), f"{k.code} {k.text}", k.text) for k in s.skills]
    items += [Item(s.qualify(a.code), f"{a.code} {a.text}", a.text + "：" + a.definition) for a in s.attitudes]
    return items


def role_items(corpus: Corpus, role: HKRole) -> list[Item]:
    items = []
    for ref in role.units:
        unit = corpus.hk_unit(ref.code)
        outcome = unit.outcome_for(role.id)
        text = unit.title + "：" + (outcome.learning_outcome if outcome else "")
        items.append(Item(unit.code, f"{unit.code} {unit.title}", text))
    return items


def unit_items(u: CompetencyUnit) -> list[Item]:
    """A TW competency unit's items; they have no sub-codes, so each carries the unit's code."""
    items = [Item(u.code, f"{g.number}-{i} {text}", text) for g in u.task_groups for i, text in enumerate(g.indicators, 1)]
    items += [Item(u.code, f"K{i} {text}", text) for i, text in enumerate(u.knowledge, 1)]
    items += [Item(u.code, f"S{i} {text}", text) for i, text in enumerate(u.skills, 1)]
    return items


def hk_unit_item(corpus: Corpus, code: str) -> Item:
    unit = corpus.hk_unit(code)
    outcomes = "；".join(o.learning_outcome for o in unit.outcomes)
    return Item(unit.code, f"{unit.code} {unit.title}", unit.title + "：" + outcomes)


def items_of(corpus: Corpus, code: str) -> list[Item]:
    record = corpus.owner(code)
    if isinstance(record, Standard):
        return standard_items(record)
    if isinstance(record, HKRole):
        return role_items(corpus, record)
    if isinstance(record, CompetencyUnit):
        return unit_items(record)
    return []


def score_matrix(left: list[Item], right: list[Item], embed: Embed | None = None) -> np.ndarray:
    """Relatedness in [0, 1]: shared wording (bigram Dice) and, when an embedder is given,
    meaning (e5 cosine, rescaled from its compressed 0.85-1.0 band)."""
    dice = np.array([[similarity(a.text, b.text) for b in right] for a in left], dtype=np.float32)
    if embed is None or not left or not right:
        return dice
    vl, vr = embed([a.name for a in left]), embed([b.name for b in right])
    cosine = np.clip((np.asarray(vl) @ np.asarray(vr).T - 0.85) / 0.15, 0, 1)
    return 0.5 * dice + 0.5 * cosine


_KINDS = ((re.compile(r"^T\d"), "task"), (re.compile(r"^K\d"), "knowledge"), (re.compile(r"^SS?\d"), "skill"),
          (re.compile(r"^A\d"), "attitude"), (re.compile(r"^\d+-\d+$"), "task_group"))


def _as_move_item(item: Item):
    """An old `Item` as `moves.Item`: the kind read from its local code, the detail from its text."""
    from . import moves

    local, _, name = item.label.partition(" ")
    if item.code == local:  # an HK unit, labelled by its code
        kind = moves.UNIT
    else:
        kind = next((k for pattern, k in _KINDS if pattern.match(local)), moves.KNOWLEDGE)
    _, _, detail = item.text.partition("：")
    return moves.Item(item.code, local, kind, name or item.name, tuple(d for d in detail.split("；") if d))


def related_pairs(left: list[Item], right: list[Item], embed: Embed | None = None,
                  threshold: float = RELATED_THRESHOLD) -> list[Pair]:
    """For each left item the right item that best covers it, per `moves` (`threshold` is kept for callers;
    a partial is 0.5 and a same item 1.0); best first."""
    from . import moves

    if not left or not right:
        return []
    matches = moves.match_items(tuple(_as_move_item(i) for i in left), tuple(_as_move_item(i) for i in right), embed)
    by_key = {_as_move_item(i).key: i for i in right}
    pairs = []
    for item, match in zip(left, matches):
        if match.strength == moves.NONE:
            continue
        score = 1.0 if match.strength == moves.SAME else 0.5
        if score >= threshold:
            pairs.append(Pair(item, by_key[match.covered_by[0].key], score))
    return sorted(pairs, key=lambda p: -p.similarity)


@dataclass(frozen=True)
class Coverage:
    covered: list[Pair]  # target items with a related item in the current record
    new: list[Item]  # target items with none


def coverage(current: list[Item], target: list[Item], embed: Embed | None = None,
             threshold: float = RELATED_THRESHOLD) -> Coverage:
    """What of the target the current record already covers (per `moves`), and what is new."""
    pairs = {p.left.code + p.left.label: p for p in related_pairs(target, current, embed, threshold)}
    return Coverage([pairs[i.code + i.label] for i in target if i.code + i.label in pairs],
                    [i for i in target if i.code + i.label not in pairs])


def career_path(corpus: Corpus, code: str | None) -> CareerPath | None:
    """The career path a code names: a role's path, or the path itself (`HK:<name>`).

    No code names a path only when the corpus has exactly one: with several, which one is meant is the
    caller's to say, never a list position."""
    if code is None:
        return corpus.career_paths[0] if len(corpus.career_paths) == 1 else None
    path = corpus.path_of(code) or corpus.document(code)
    return path if isinstance(path, CareerPath) else None


def ladder(corpus: Corpus, code: str | None = None) -> list[HKRole]:
    """The roles of the career path `code` names (a role id or the path's id), from the bottom rung up, as
    the document orders them; [] when the code names no path (see `career_path`)."""
    path = career_path(corpus, code)
    return list(path.ladder) if path else []


def next_rung(corpus: Corpus, role_id: str, step: int) -> HKRole | None:
    """The rung `step` rungs up (1) or down (-1) the ladder of an HK role; None past either end, or for a
    code that is no role."""
    rungs = ladder(corpus, role_id) if corpus.role(role_id) is not None else []
    ids = [r.id for r in rungs]
    at = ids.index(role_id) + step if role_id in ids else -1
    return rungs[at] if 0 <= at < len(rungs) else None


def ladders(corpus: Corpus) -> dict[str, list[HKRole]]:
    """Every career path's roles from the bottom rung up, by path id, in corpus order."""
    return {path.id: list(path.ladder) for path in corpus.career_paths}


def unit_gap(current: HKRole, target: HKRole) -> tuple[list[str], list[str]]:
    """Units of the target the current role does not list, and those it shares."""
    held = set(current.unit_codes)
    return [c for c in target.unit_codes if c not in held], [c for c in target.unit_codes if c in held]
