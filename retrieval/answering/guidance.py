"""Writers for the user's own situation: a move from one record to another ("I do X, I want Y"),
eligibility for a target, and which records fit the abilities a user claims.

They write from `retrieval.moves` (the one matcher the views and the brief also use) and the
plan's situation; classed items carry both sides' codes and the matcher's reason.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, Standard

from .. import moves
from ..codes import framework_of
from ..items import Item
from ..lexical import normalise, segment, tokenize
from ..matching import next_rung
from .cues import related_terms
from .evidence import ItemIndex, closest_to_each, says
from .plan import CJK_RUN, MOVE, Plan, Vocabulary, job_record
from .writers import Writing


MAX_HAVE = 8
MAX_MISSING = 10
MAX_PRINTING_OTHERS = 4  # a move's items of kinds not asked that print the question's words
MAX_STEPS = 6
MAX_FITS = 3
# What a person's abilities are matched against: what a record asks one to do or know.
COMPETENCE_KINDS = ("task", "indicator", "output", "knowledge", "skill", "attitude", "unit", "outcome", "guideline",
                    "soft_skill")
# e5 cosines of a claim and an item sit in a narrow band near 1: a claim counts as matched by an item it reads
# like from DENSE_CLAIM on, its strength scaled over the band above DENSE_CLAIM_FLOOR
DENSE_CLAIM, DENSE_CLAIM_FLOOR = 0.93, 0.9
DENSE_ALONE = (DENSE_CLAIM - DENSE_CLAIM_FLOOR) / (1 - DENSE_CLAIM_FLOOR)
BODY_WEIGHT = 0.5  # a claim's word printed only in an item's definition ("…自動自發做事…"), not in its name
MAX_HEAD = 20  # the longest name an item written "name：definition" has
FILLED_WEIGHT = 0.5  # choosing a claim's item: how much it counts that the claim's words fill the item
DENSE_MIX = 1.0  # choosing a claim's item: how much reading like the claim counts beside printing its words
# a word of the question outside what the user says they do or like ("想在企業內幫員工…": where, not what)
UNSTATED_WEIGHT = 0.5
FOCUS_WEIGHT = 1.0  # how much the share of a record's items printing a claim's words adds to its match
CLAIM_DEPTH = 30  # items read for the records whose items best match the claims
CLAIM_RECORDS = 8  # of those, the records ranked beside the ones in view (each has its items read and embedded)
UNPRINTED_CLAIM_WEIGHT = 3.0  # about the rarity of a word a few dozen items print
KIND_ORDER = ("task", "task_group", "unit", "knowledge", "skill", "attitude")  # a TW unit's tasks are its task groups
FIELD_KINDS = ("progression", "learning", "soft_skill", "classification")  # shown in a move only when asked
# how much a claim matched by an item of a kind says of a record: a competence itself more than a line
# under one (an indicator, an outcome) and most of all more than an assessment guideline
KIND_WEIGHT = {"task": 1.0, "unit": 1.0, "knowledge": 1.0, "skill": 1.0, "attitude": 1.0, "soft_skill": 0.95,
               "output": 0.9, "indicator": 0.9, "outcome": 0.9, "guideline": 0.85}
JUNIOR_LEVELS = 1  # levels above a framework's lowest that still count as a first job
NOT_ELIGIBLE_WEIGHT = 0.5  # a record whose entry requirements the user's schooling or years do not meet


class GuidanceWriter:
    def __init__(self, corpus: Corpus, vocab: Vocabulary, items: ItemIndex, embed: moves.Embed | None = None,
                 in_view: tuple[str, ...] = ()) -> None:
        self.corpus = corpus
        self.vocab = vocab
        self.items = items
        self.embed = embed
        self.in_view = in_view  # the records retrieval found near the question
        self.standing: tuple[str, dict] | None = None  # where the user stands now, read from what they do
        self._stood_for: str | None = None  # the target `standing` was read for (sides() is asked more than once)

    def _movable(self, records, framework: str = "") -> list[str]:
        """Of some records, those a move can end at (a career path stands for its roles), within a
        framework when one is given."""
        found = []
        for code in records:
            path = self.corpus.document(code)
            if isinstance(path, CareerPath):
                found += [r.id for r in path.roles]
            elif self._moves(code):
                found.append(code)
        return [c for c in dict.fromkeys(found) if not framework or framework_of(c) == framework]

    def _record_ids(self, codes) -> list[str]:
        """The records of some codes that a move can start or end at."""
        return [base for base in dict.fromkeys(code.split("/", 1)[0] for code in codes) if self._moves(base)]

    def _moves(self, code: str) -> bool:
        """Whether a move can start or end at a record: a TW standard or unit, or an HK role
        (what `moves.record` reads; asked without building the record's items)."""
        return job_record(self.corpus, code)

    def sides(self, plan: Plan) -> tuple[str | None, str | None]:
        """The move's (current, target) records. Where the user stands now is asked and no job held is named, the
        current one is read from the work described (kept in `self.standing` with the items it matched)."""
        situation = plan.situation
        current = self._record_ids(situation.current)
        if situation.someone_else and len(current) >= 2:
            # "我是訓練部的主管，組裡有位培訓主任想…": the asker's own job is told first, then the one asked about
            current = current[-1:]
        target = self._record_ids(situation.target) or self._best_rungs(situation.target, current)
        others = [c for c in self._record_ids(plan.subjects) if c not in current + target]
        # "where would that sit on the HK ladder": a career path asked as a whole, no rung of it named
        ladder_asked = not target and not others and not current \
            and any(isinstance(self.corpus.document(c), CareerPath) for c in plan.subjects)
        if not current and len(target) >= 2:  # "先做幾年X…要到Y需要什麼": X is the first step, Y the goal
            current, target = target[:1], target[-1:]
        if not target:
            target = others[-1:] or self._best_rungs(plan.subjects, current)
            others = others[:-1]
        if not current and others:
            current = [others[0]]
        if not current and target and plan.standing_asked and plan.form == MOVE:
            # "我而家似邊個崗位？想升經理欠咩": the record the work described is like is where the move starts
            if self._stood_for != target[0]:
                self.standing, self._stood_for = self._standing(plan, target[0], exclude=not ladder_asked), target[0]
            current = [self.standing[0]] if self.standing else []
            if self.standing and ladder_asked:  # "…I run TNAs: where would that sit on the ladder?": the rung the
                above = next_rung(self.corpus, self.standing[0], 1)  # work is like, and the move up from it
                target = [above.id if above else self.standing[0]]
        return (current[0] if current else None), (target[0] if target else None)

    def _best_rungs(self, codes, current: list[str]) -> list[str]:
        """A career path as the goal ("香港人才管理的工作"): the rung the current record covers best, or
        its first rung when nothing is known of the current job."""
        for code in codes:
            path = self.corpus.document(code)
            if not isinstance(path, CareerPath) or not path.roles:
                continue
            rungs = sorted(path.roles, key=lambda r: r.rank_order)
            if not current:
                return [rungs[0].id]
            scored = [(_covered(moves.move(self.corpus, current[0], r.id, embed=self.embed, within_pair=False)), r.id)
                      for r in rungs]  # rungs ranked against each other: how alike each reads overall counts
            return [max(scored)[1]]
        return []

    # --- a move -----------------------------------------------------------------------------

    def move(self, plan: Plan) -> Writing | None:
        current, target = self.sides(plan)
        if target is None:
            return None
        w = Writing(plan.lang)
        self._understood(w, plan, current, target)
        if self.standing and self.standing[0] == current:  # the record the work described is like, and what it matched
            code, found = self.standing
            level = _level(w, _ref(moves.record(self.corpus, code)))
            w.add(w.say(_of_whom("standing", plan), name=self._name(w, code), level=level))
            for label, item in found.items():
                w.add(_matched_line(w, label, item))
            w.add("")
        situation = plan.situation
        if "level" in plan.kinds and (ref := _ref(moves.record(self.corpus, target))).level is not None:
            w.add(w.say("qf_level_of" if ref.framework == "HK" else "level_of", subject=self._name(w, target),
                        level=ref.level, cite=w.cite(target)))  # "這個基準是幾級？我心理系有在建議科系裡嗎"
        # "am I eligible?": the entry requirements checked against what the user said come first
        eligibility = "entry" in plan.kinds or plan.admission_asked or (
            current in (None, target) and (situation.years or situation.education) and not situation.abilities) or (
            # "我的資歷算夠嗎" of a target with no qualification of its own: its entry requirements are the credentials
            "qualification" in plan.kinds and not self.items.items_of((target,), ("qualification",)))
        if current is not None and current != target:
            found = moves.move(self.corpus, current, target, embed=self.embed)
            entry, steps = found.entry, found.next_steps
            if eligibility:
                self._entry(w, plan, entry)
            listed = self._unit_gap(w, current, target, "unit" in plan.kinds)
            self._have_and_missing(w, plan, found, _asked_kinds(plan), show_missing=not listed)
        else:
            entry = moves.entry_of(self.corpus, target)
            steps = ()
            if eligibility:
                self._entry(w, plan, entry)
            claimed = self._abilities(w, plan, target) if situation.abilities else set()
            if claimed or situation.abilities or not eligibility or _asked_kinds(plan) or plan.gap_asked:
                self._requires(w, target, _asked_kinds(plan), claimed, plan)
        if not eligibility:
            self._entry(w, plan, entry)
        self._target_fields(w, plan, target, FIELD_KINDS + (() if steps else ("course",)))
        self._steps(w, steps, plan.kinds)
        if current and framework_of(current) != framework_of(target):
            w.add("")
            w.add(w.say("scales"))
        return w

    def _standing(self, plan: Plan, target: str, exclude: bool = True) -> tuple[str, dict] | None:
        """The record the work the user describes is most like, in the target's framework and not the target
        itself, with the items it matched (None when nothing described matches). Only what the user says they
        do counts: the question's other words are also the target's and what they have not done ("TNA 我冇掂過")."""
        claims = _with_terms(plan, plan.situation.abilities, bare=True)
        if not claims:
            return None
        fits = self._fits_by_items(replace(plan, subjects=(), framework=framework_of(target)), claims)
        return next(((code, found) for code, found, _ in fits if not exclude or code != target), None)

    def _target_fields(self, w: Writing, plan: Plan, target: str, kinds: tuple[str, ...] = FIELD_KINDS) -> None:
        """What the question asks of the target beyond its demands and entry ("讀完之後升學上可以接哪一級": its
        progression, its on-the-job learning, its soft skills, its courses when no next steps name them; a thing it
        quotes): those items of the target."""
        parts = [(w.say("part", kind=w.kind(kind)), self.items.items_of((target,), (kind,)))
                 for kind in plan.kinds if kind in kinds]
        if plan.quoted:  # "課程要覆蓋多少單元才算「能力為本課程」": the target's notes on the thing quoted
            notes = [s.item for s in self.items.rank(plan.quoted, subjects=(target,), only=("note", "definition"),
                                                       full_forms=plan.full_forms, limit=2) if s.coverage >= 1]
            parts.append((w.say("compare_on", terms=("、" if not w.en else ", ").join(plan.quoted)), notes))
        for lead, items in parts:
            if items:
                w.add("")
                w.add(lead)
                for item in items:
                    w.add(f"- {w.q(item.label)}：{w.q(item.text)}{w.cite(item.code)}" if not w.en else
                          f"- {w.q(item.label)}: {w.q(item.text)}{w.cite(item.code)}")

    def _understood(self, w: Writing, plan: Plan, current: str | None, target: str) -> None:
        if current:
            w.add(w.say(_of_whom("move_understood", plan), current=self._name(w, current), target=self._name(w, target)))
        else:
            w.add(w.say(_of_whom("target_understood", plan), target=self._name(w, target)))
        for words, code in plan.named_loosely:  # "教育訓練" taken for 訓練經理: said, so the user can correct it
            if code in (current, target):
                w.add(w.say("taken_for", words=words, name=self.vocab.name_of(code)))
        facts = []
        if plan.situation.years:
            facts.append(w.say("years", years=_number(plan.situation.years)))
        if plan.situation.education:
            facts.append(w.say("education", education=plan.situation.education))
        if plan.situation.held_course:
            facts.append(w.say("held", title=w.q(plan.situation.held_course), level=plan.situation.held_qf_level))
        if facts:
            w.add(w.say(_of_whom("you_said", plan), facts=("、" if not w.en else ", ").join(facts)))

    def _unit_gap(self, w: Writing, current: str, target: str, list_them: bool = False) -> bool:
        """Two rungs of one career path: the units the target lists and the current role does not, each
        named when units are asked ("要補返啲咩能力單元"). Returns whether they were listed."""
        here, there = self.corpus.role(current), self.corpus.role(target)
        if here is None or there is None or self.corpus.path_of(current) is not self.corpus.path_of(target):
            return False
        missing = [c for c in there.unit_codes if c not in here.unit_codes]
        credits = sum(self.corpus.hk_unit(c).credits for c in missing)
        shared = len(there.unit_codes) - len(missing)
        if w.lines and w.lines[-1]:
            w.add("")
        w.add(w.say("unit_gap", count=len(missing), credits=credits, shared=shared,
                    current=w.q(here.title), target=w.q(there.title)))
        if not list_them:
            return False
        for code in missing:
            unit = self.corpus.hk_unit(code)
            w.add(f"- {w.q(unit.title)}{w.say('unit_level_credits', level=unit.qf_level, credits=unit.credits)}"
                  f"{w.cite(code)}")
        return bool(missing)

    def _have_and_missing(self, w: Writing, plan: Plan, found: moves.Move, kinds: tuple[str, ...] = (),
                          show_missing: bool = True) -> None:
        asked = [m for m in found.items if not kinds or m.kind in kinds] or list(found.items)
        have = [m for m in asked if m.covered]
        missing = [m for m in asked if not m.covered]
        w.add("")
        w.add(w.say(_of_whom("have", plan), count=len(have), total=len(found.items)))
        if not have:
            w.add(w.say("have_none"))
        ranked = sorted(have, key=lambda m: m.strength != moves.SAME)
        for m in ranked[:MAX_HAVE]:
            covering = "、".join(f"{w.q(_bare(c.text, c.code))}{w.cite(c.code)}" for c in m.covered_by[:2])
            w.add(w.say("have_line", strength=w.say(m.strength), target=w.q(_bare(m.target_text, m.target)),
                        cite=w.cite(m.target),
                        covering=covering, reason=self._reason(w, m)))
        if ranked[MAX_HAVE:]:  # the rest named too, without their reasons
            w.add(w.say("have_more", items=("、" if not w.en else "; ").join(
                f"{w.q(_bare(m.target_text, m.target))}{w.cite(m.target)}" for m in ranked[MAX_HAVE:])))
        if not show_missing:
            return
        w.add("")
        w.add(w.say("missing", count=len(missing)))
        needed = {step.code: len(step.for_items) for step in found.next_steps}  # by the open work needing it
        ordered = sorted(missing, key=lambda m: (KIND_ORDER.index(m.kind) if m.kind in KIND_ORDER else len(KIND_ORDER),
                                                 -needed.get(m.target, 0)))
        # every missing item, one line per kind ("tasks: …; knowledge: …"): what is missing is the answer, whole;
        # a standard's tasks one line per duty, so the main parts of the job still to learn are named too
        duties = self._duties_of(found.to.id)
        by_duty: dict[tuple[str, str], list] = {}
        for m in ordered:
            if m.kind == "task" and m.target in duties:
                by_duty.setdefault(duties[m.target], []).append(m)
        for (parent, context), tasks in by_duty.items():
            label = w.kind("task") + w.say("under_task", parent=parent, context=w.q(context))
            w.add(_named_line(w, label, [(m.target_text, m.target) for m in tasks]))
        grouped = {m.target for tasks in by_duty.values() for m in tasks}
        _lines_per_kind(w, [(m.kind, m.target_text, m.target) for m in ordered if m.target not in grouped])

    def _requires(self, w: Writing, target: str, kinds: tuple[str, ...] = (),
                  claimed: set[str] = frozenset(), plan: Plan | None = None) -> None:
        """What the target asks of anyone moving in: its tasks or units, core first; only the kinds
        asked about ("which skills am I missing"), less what the user's claims already match; within a
        kind, those printing what the question is about first ("which units are about training")."""
        every = moves.record(self.corpus, target).items
        items = [i for i in every if not kinds or i.kind in kinds] or list(every)
        left = [i for i in items if i.key not in claimed]
        w.add("")
        if len(left) < len(items):
            w.add(w.say("still_needed", count=len(left), total=len(items)))
        else:
            w.add(w.say("requires", count=len(items)))
        items = left
        about = [(t,) + plan.full_forms.get(t, ()) for t in plan.telling] if plan else []

        def printed(item) -> int:  # how many of the words the question is about the item prints
            text = normalise(item.text)
            return sum(any(f in text for f in forms) for forms in about)

        ordered = sorted(items, key=lambda i: (KIND_ORDER.index(i.kind) if i.kind in KIND_ORDER else len(KIND_ORDER),
                                               -printed(i)))
        # a task with the duty it is part of: the job's main parts read from the list ("主要職責分哪幾大塊")
        duties = self._duties_of(target)
        for item in ordered[:MAX_MISSING]:
            parent, context = duties.get(item.code, ("", ""))
            under = w.say("under_task", parent=parent, context=context) if context else ""
            w.add(f"- {w.kind(item.kind)} {w.q(item.text)}{under}{w.cite(item.code)}")
        rest = ordered[MAX_MISSING:]
        # the rest named too, one line per kind: what a move needs is the answer, whole
        _lines_per_kind(w, [(i.kind, i.text, i.code) for i in rest])
        # "企業那套講職能、講成效的東西不太懂": items of the other kinds that print what the user's words are about
        # (only beside tasks or units: a kind asked by name, "哪些知識", is the list asked for)
        shown = set(items)
        counts = {i: printed(i) for i in every if i not in shown and i.key not in claimed and i.kind != "task_group"} \
            if set(kinds) <= {"task", "task_group", "unit"} else {}
        printing = sorted((i for i, n in counts.items() if n), key=lambda i: -counts[i])
        if printing:
            w.add("")
            w.add(w.say("compare_on", terms=("、" if not w.en else ", ").join(
                t for t in plan.telling if any(says(normalise(i.text), t, plan.full_forms) for i in printing))))
            _lines_per_kind(w, [(i.kind, i.text, i.code) for i in printing[:MAX_PRINTING_OTHERS]])

    def _duties_of(self, record: str) -> dict[str, tuple[str, str]]:
        """Each task of a standard with the duty it is part of: code -> (the duty's code, its name)."""
        return {i.code: (i.parent, i.context) for i in self.items.items_of((record,), ("task",)) if i.parent}

    def _reason(self, w: Writing, m: moves.ItemMatch) -> str:
        """The matcher's reason in the reader's language, from what it rests on."""
        names = ("、" if not w.en else ", ").join(moves.concept_name(c, "en" if w.en else "zh-TW") for c in m.concepts)
        return w.say("basis_" + m.basis, concepts=names)

    def _abilities(self, w: Writing, plan: Plan, target: str) -> set[str]:
        """The claims against the target's items; returns the items a claim fully matches."""
        matched = moves.match_abilities(self.corpus, target, plan.situation.abilities, embed=self.embed)
        w.add("")
        w.add(w.say("abilities"))
        covered = set()
        for a in matched:
            if a.strength == moves.NONE:
                w.add(w.say("ability_none", ability=a.ability))
                continue
            items = "、".join(f"{w.q(c.text)}{w.cite(c.code)}" for c in a.matched[:2])
            w.add(w.say("ability_line", ability=a.ability, strength=w.say(a.strength), items=items))
            if a.strength == moves.SAME:
                covered |= {c.key for c in a.matched[:2]}
        return covered

    def _entry(self, w: Writing, plan: Plan, entry: moves.Entry) -> None:
        if not entry.requirements:
            return
        checks = moves.check_entry(entry, plan.situation.education or None, plan.situation.years,
                                   self._held(plan, entry.record))
        w.add("")
        w.add(w.say("entry"))
        role = self.corpus.role(entry.record)
        if role is not None:  # the qualification that leads to the role
            q = role.qualification
            w.add(w.say("target_qualification", title=w.q(q.title), level=q.qf_level, credits=q.credits,
                        cite=w.cite(role.id)))
        asked = bool(plan.situation.education or plan.situation.years or plan.situation.held_course)
        admission = [c for c in checks if c.requirement.source == "qualification_entry"]
        # schooling given that meets no admission ladder: the rung below is a way in (unless that is the job held)
        below = next_rung(self.corpus, role.id, -1) if role is not None and plan.situation.education and admission else None
        below = below if below is not None and below.id not in plan.situation.current else None
        # the first rung has none below: its own courses under its level are the way in ("只有中五，不夠的話點算")
        first = [c for c in role.courses if c.level < role.qualification.qf_level] \
            if role is not None and below is None and plan.situation.education and admission else []
        for check in checks:
            w.add(_check_line(w, check, with_status=asked))
            if check is (admission[-1] if admission else None) and not any(c.status == moves.MET for c in admission):
                if below is not None:
                    # "中學讀完六年，冇DSE五科2級，係咪讀唔到？": the way in one rung down, after the ladders not met
                    joined = (" 或 " if not w.en else " or ").join(map(w.q, below.qualification.entry_requirements))
                    w.add(w.say("way_in_below", title=w.q(below.title), level=below.qualification.qf_level,
                                requirements=joined, cite=w.cite(below.id)))
                elif first:
                    named = (f"{w.q(c.programme)}（{c.provider}）" if not w.en else f"{w.q(c.programme)} ({c.provider})"
                             for c in first[:MAX_STEPS])
                    names = ("、" if not w.en else "; ").join(dict.fromkeys(named))
                    w.add(w.say("way_in_courses", level=first[0].level, courses=names, cite=w.cite(role.id)))

    def _steps(self, w: Writing, steps, kinds: tuple[str, ...] = ()) -> None:
        """The first next steps; those of the kinds asked ("有冇入門課程可以讀": the courses) come first."""
        if not steps:
            return
        w.add("")
        w.add(w.say("next_steps"))
        shown = sorted(steps, key=lambda s: s.kind not in kinds)[:MAX_STEPS]
        for step in shown:
            extra = f"（{step.provider}）" if step.provider and not w.en else (f" ({step.provider})" if step.provider else "")
            w.add(f"- {w.kind(step.kind)} {w.q(_bare(step.text, step.code))}{extra}{w.cite(step.code)}")
        # the outputs the work still to learn produces, named in one line: what to be able to hand in
        _lines_per_kind(w, [(s.kind, s.text, s.code) for s in steps if s.kind == "output" and s not in shown])

    # --- which records fit ------------------------------------------------------------------

    def fit(self, plan: Plan) -> Writing | None:
        current, _ = self.sides(plan)
        records = self._record_ids(plan.subjects)
        if current is not None and (plan.situation.current or len(records) == 1):
            return self._fit_from(plan, current)  # "HK manager, 8 yrs: which iCAP standard fits me?"
        rungs = [r.id for c in plan.subjects if isinstance(path := self.corpus.document(c), CareerPath)
                 for r in sorted(path.roles, key=lambda r: r.rank_order)]
        if rungs and "level" in plan.kinds and not plan.situation.abilities \
                and (plan.situation.education or plan.situation.years):
            # "大學學歷、HR做過5年，應該從哪一級開始應徵": the level to start at is what schooling and years decide
            return self._fits_by_entry(plan, rungs, told_only=True)
        if len(records) == 1 and not plan.situation.abilities:
            return self._fit_from(plan, records[0])  # "an HK unit similar to the TW unit X": what X is closest to
        claims = _claims(plan)
        if len(records) >= 2 and (plan.situation.education or plan.situation.years) \
                and (not claims or "entry" in plan.kinds):  # "心理系剛畢業，就服員跟訓練經理哪個適合我",
            return self._fits_by_entry(plan, records)  # "…的建議條件算得上嗎": their entry rules
        if not claims:
            return None
        fits = self._fits_by_items(plan, claims)
        if not fits:
            return None
        w = Writing(plan.lang)
        w.add(w.say("fit_lead", abilities=("、" if not w.en else ", ").join(label for label, _ in claims)))
        matched: set[str] = set()
        said = dict(claims)
        for n, (code, found, disliked) in enumerate(fits, 1):
            ref = moves.record(self.corpus, code)
            w.add("")
            w.add(w.say("fit_line_items", n=n, name=self._name(w, code), level=_level(w, _ref(ref)),
                        count=len(found), total=len(claims)))
            for label, item in found.items():
                matched.add(label)
                w.add(_matched_line(w, label, item))
                if (note := self._defining(code, item, said.get(label, ()))) is not None:
                    w.add(f"    {w.kind(note.kind)} {w.q(note.text)}{w.cite(note.code)}")
            self._titles_said(w, plan, code)
            if n == 1:
                self._known_as(w, code)
            checks = self._entry_checks(plan, code)  # one met (a way in), else one not met
            decided = [c for c in checks if c.status == moves.MET][:1] or [c for c in checks if c.status == moves.NOT_MET][:1] \
                or (checks[:1] if plan.situation.years else [])  # years whose line of work only the user knows
            for check in decided:  # the entry requirement the user's schooling or years decide, met or not
                w.add("  " + _check_line(w, check, with_status=True))
            shown = set(found.values())  # (a TW unit's items all carry the unit's code: told apart as items)
            missing = [i for i in self.items.items_of((code,), ("task", "unit")) if i not in shown and i.parent][:3] \
                or [i for i in self.items.items_of((code,), ("unit", "task")) if i not in shown][:3]
            if missing:
                w.add("  - " + w.say("fit_missing", items="、".join(f"{w.q(i.text)}{w.cite(i.code)}" for i in missing)))
            if disliked:  # "不想管預算": where the record asks for it (編列與管理年度預算), so the user can weigh it
                w.add("  - " + w.say("fit_disliked", items="、".join(f"{w.q(i.text)}{w.cite(i.code)}" for i in disliked)))
        self._asked_of_best(w, plan, fits[0][0])
        unmatched = [label for label, _ in claims if label not in matched]
        if unmatched:
            w.add("")
            w.add(w.say("ability_unmatched", abilities="、".join(unmatched)))
        w.add("")
        w.add(w.say("scales"))
        return w

    def _defining(self, code: str, item: Item, terms: tuple[str, ...]) -> Item | None:
        """The record's definition of a term the matched item prints, when it prints what the user said and the
        item does not ("設計內部職涯路徑圖" → 設計職涯發展策略, whose 【註1】 suggests 建議職涯路徑)."""
        text = normalise(item.text)
        for note in self.items.items_of((code,), ("definition",)):
            says = normalise(note.text)
            defined = says.split(":", 1)[0]
            # the word as the user said it: the item may print it only in a broader form (職涯發展 for 職涯路徑)
            if len(defined) >= 2 and defined in text and any(t in says and t not in text for t in terms):
                return note
        return None

    def _fits_by_entry(self, plan: Plan, records: list[str], told_only: bool = False) -> Writing:
        """Records named side by side, for someone who told only their schooling or years: each one's entry
        requirements checked against them, those the user meets first (`told_only`: only the requirements on
        schooling or years, the rungs of a whole ladder being many)."""
        w = Writing(plan.lang)
        w.add(w.say(_of_whom("fit_entry_lead", plan)))
        checked = [(code, self._entry_checks(plan, code)) for code in records]
        checked.sort(key=lambda pair: not any(c.status == moves.MET for c in pair[1]))
        for n, (code, checks) in enumerate(checked, 1):
            w.add("")
            w.add(f"{n}. {self._name(w, code)}{_level(w, _ref(moves.record(self.corpus, code)))}")
            for check in checks:
                if not told_only or check.status != moves.CANNOT_TELL or any(
                        c.kind != "other" for alternative in check.requirement.alternatives for c in alternative):
                    w.add("  " + _check_line(w, check, with_status=True))
        if len({framework_of(c) for c in records}) > 1:
            w.add("")
            w.add(w.say("scales"))
        return w

    def _fits_by_items(self, plan: Plan,
                       claims: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, dict, list[Item]]]:
        """Records ranked by how well their items print what the user says they do or like: each claim
        counts once per record, by its best item (how much of the claim's telling words it prints as words
        of its own, or how closely it reads like the claim), weighed by the rarity of the claim's words (a
        rare word says more about the job than 管理 does), so a record with many lines does not win by
        volume. The records named when two or more are compared (each shown, matched or not), else those
        of the career path or framework named, else those near the question. (record, {claim: its best
        item}, the items it demands that the user said they would rather not do)."""
        named = self._record_ids(plan.subjects)
        paths = [c for c in plan.subjects if isinstance(self.corpus.document(c), CareerPath)]
        candidates = named if len(named) >= 2 else self._movable(paths) if paths else self._movable(
            self._with_ladders(self.in_view + self._printing_claims(claims)), plan.framework)
        candidates += [c for c in named if c not in candidates]
        if plan.situation.junior and len(named) < 2:
            candidates = self._lower_rungs(candidates)  # "an entry-level HR job": the first rungs of each framework
        # "傾聽", printed by no record: the closest related term the vocabulary gives it (晤談) is what it says
        related = {t: printed[:1] for _, terms in claims for t in terms if not self._printed(t, plan)
                   and (printed := tuple(b for b in related_terms().get(t, ()) if self._printed(b, plan)))}
        plan = replace(plan, full_forms={**plan.full_forms, **related})
        # "專案管理 (PMP certified)": the words no record prints say nothing of which item it is
        claims = [(label, tuple(t for t in terms if self._printed(t, plan)) or terms) for label, terms in claims]
        stated = set(plan.situation.abilities)
        weights = {label: _claim_weight(self.items, plan, terms) * (1.0 if label in stated else UNSTATED_WEIGHT)
                   for label, terms in claims}
        rarity = {t: self.items.rarity(t, plan.full_forms.get(t, ())) for _, terms in claims for t in terms}
        scored = []
        for code in candidates:
            pool = self.items.items_of((code,), COMPETENCE_KINDS)
            texts = [normalise(i.text) for i in pool]  # read once for every claim's focus
            found: dict = {}
            weight = 0.0
            closeness = self._closeness(claims, pool)
            for (label, terms), close in zip(claims, closeness):
                item, quality = _best_item(pool, terms, rarity, plan.full_forms, close)
                if item is None:
                    continue
                found[label] = item
                # a record whose items keep returning to the claim's words is more about it than one naming them once
                # (a four-character word by its halves too: 職涯規劃 is about 職涯)
                words = terms + tuple(p for t in terms if len(t) == 4 and CJK_RUN.fullmatch(t) for p in (t[:2], t[2:]))
                focus = sum(1 for text in texts if any(_prints_word(text, t, plan.full_forms) for t in words))
                weight += quality * KIND_WEIGHT.get(item.kind, 1.0) * weights[label] \
                    * (1.0 + FOCUS_WEIGHT * focus / len(pool))
            disliked = self._disliked(plan, pool)
            for terms, _ in disliked:  # "討厭跑業務和談判": a record demanding it fits less
                weight -= max(self.items.rarity(t, plan.full_forms.get(t, ())) for t in terms)
            if found and self._not_eligible(plan, code):
                weight *= NOT_ELIGIBLE_WEIGHT  # "BBA, 4 yrs": a rung asking more schooling or years fits later
            if found or code in named:  # a record named is said, matched or not
                scored.append((weight, len(found), code, found, list(dict.fromkeys(item for _, item in disliked))))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        shown = scored[:MAX_FITS]
        # one record named beside "which one fits" ("培訓專案主管是不是就不太適合？"): it is shown, wherever it ranks
        shown += [t for t in scored[MAX_FITS:] if len(named) == 1 and t[2] == named[0]]
        return [(code, found, disliked) for _, _, code, found, disliked in shown]

    def _disliked(self, plan: Plan, pool: list[Item]) -> list[tuple[tuple[str, ...], Item]]:
        """For each thing the user would rather not do that an item of the pool demands: its words, and the first
        item printing them all."""
        found = []
        for _, terms in _dislikes(plan):
            terms = tuple(t for t in terms if self._printed(t, plan)) or terms
            if (item := next((i for i in pool if _prints_all(normalise(i.text), terms, plan.full_forms)), None)):
                found.append((terms, item))
        return found

    def _with_ladders(self, records) -> list[str]:
        """Records with, for a rung of a career path, the path itself: one rung found near the question makes
        every rung a candidate (which rung fits is what is asked, and retrieval finds the one whose words are
        nearest, not the one whose work is)."""
        found = []
        for code in records:
            found.append(code)
            # an HK unit near the question: the ladder whose rungs list it
            path = self.corpus.path_of(code) if self.corpus.role(code) is not None else self.corpus.path_of_unit(code)
            if path is not None:
                found.append(path.code)
        return list(dict.fromkeys(found))

    def _printing_claims(self, claims: list[tuple[str, tuple[str, ...]]]) -> tuple[str, ...]:
        """The records whose items best match the claims' words (what the user does is looked for in the
        items themselves, not only in the passages retrieval found near the whole question)."""
        tokens = tokenize(" ".join(t for _, terms in claims for t in terms))
        if not tokens:
            return ()
        return tuple(dict.fromkeys(r for r, _ in self.items.lexicon.search(tokens, CLAIM_DEPTH)))[:CLAIM_RECORDS]

    def _printed(self, term: str, plan: Plan) -> bool:
        """Whether some record prints a term or one of its full forms."""
        return any(self.items.known(f) for f in (term,) + plan.full_forms.get(term, ()))

    def _entry_checks(self, plan: Plan, code: str) -> tuple[moves.EntryCheck, ...]:
        """A record's entry requirements checked against the schooling and years the user gave (none: none)."""
        if not (plan.situation.education or plan.situation.years or plan.situation.held_course):
            return ()
        return moves.check_entry(moves.entry_of(self.corpus, code), plan.situation.education or None,
                                 plan.situation.years, self._held(plan, code))

    def _held(self, plan: Plan, record: str) -> moves.Held | None:
        """The qualification the user holds, as the checks take it: listed here when the record's own career-path
        document lists it (a course of that path is in a related subject, by the document's account)."""
        situation = plan.situation
        if not situation.held_course or situation.held_qf_level is None:
            return None
        path = self.corpus.path_of(record)
        listed = path is not None and any(c.qualification_title == situation.held_course
                                          for role in path.roles for c in role.courses)
        return moves.Held(situation.held_course, situation.held_qf_level, listed)

    def _not_eligible(self, plan: Plan, code: str) -> bool:
        """Some entry requirement is not met and none is (an HK rung's academic and vocational ladders are
        two ways in: one met is enough)."""
        statuses = {c.status for c in self._entry_checks(plan, code)}
        return moves.NOT_MET in statuses and moves.MET not in statuses

    def _lower_rungs(self, codes: list[str]) -> list[str]:
        """Of some records, those within one level of the lowest of their framework (levels of the two
        frameworks are different scales, so each is read on its own)."""
        levels = {c: moves.record(self.corpus, c).level for c in codes}
        lowest: dict[str, int] = {}
        for code, level in levels.items():
            if level is not None:
                lowest[framework_of(code)] = min(level, lowest.get(framework_of(code), level))
        return [c for c, level in levels.items()
                if level is None or level <= lowest[framework_of(c)] + JUNIOR_LEVELS]

    def _closeness(self, claims: list[tuple[str, tuple[str, ...]]], pool: list[Item]) -> list[dict[tuple[str, str], float]]:
        """For each claim, the cosine of each item of a pool with it (dense similarity), keyed by the item's
        kind and text."""
        if self.embed is None or not claims or not pool:
            return [{} for _ in claims]
        return [{_text_key(item): cos for item, cos in close}
                for close in closest_to_each(self.embed, [label for label, _ in claims], pool, len(pool))]

    def _fit_from(self, plan: Plan, current: str) -> Writing:
        """Which records someone in `current` is closest to (within the framework the question names, if
        any): each ranked by how much of it the current record covers, then the best as a move."""
        candidates = self.closest_candidates(plan, current)
        # records ranked against each other: how alike each reads to the current one overall counts
        scored = sorted(((_coverage(moves.move(self.corpus, current, c, embed=self.embed, within_pair=False)), c)
                         for c in candidates), reverse=True)[:MAX_FITS]
        w = Writing(plan.lang)
        w.add(w.say("fit_from", current=self._name(w, current)))
        for words, code in plan.named_loosely:  # "培訓主任" taken for 人才管理主任: said, so it can be corrected
            if code == current:
                w.add(w.say("taken_for", words=words, name=self.vocab.name_of(code)))
        for n, (share, code) in enumerate(scored, 1):
            w.add(f"{n}. {self._name(w, code)}" + w.say("fit_share", share=round(share * 100)))
            self._titles_said(w, plan, code)
            if n == 1:
                self._known_as(w, code)
        if scored:
            best = scored[0][1]
            found = moves.move(self.corpus, current, best, embed=self.embed)
            self._have_and_missing(w, plan, found, _asked_kinds(plan))
            self._entry(w, plan, found.entry)
            self._steps(w, found.next_steps, plan.kinds)
        w.add("")
        w.add(w.say("scales"))
        return w

    def closest_candidates(self, plan: Plan, current: str) -> list[str]:
        """The records a fit from `current` ranks: those near it (within the framework asked, if any). A
        competency unit is a part of a job, so a job is compared with jobs unless units are asked for."""
        wanted = plan.framework or self._other_framework(plan, current)
        near = self.in_view + tuple(self.items.neighbours(current, framework=wanted))
        candidates = [c for c in self._movable(near, wanted) if c != current]
        if not self._is_unit(current) and "unit" not in plan.kinds:
            candidates = [c for c in candidates if not self._is_unit(c)] or candidates
        return candidates

    def _is_unit(self, code: str) -> bool:
        return isinstance(self.corpus.document(code), CompetencyUnit)

    def _asked_of_best(self, w: Writing, plan: Plan, code: str) -> None:
        """"Which standard describes my job, and what do I produce when I bid?": the second part, of the best fit
        (its items of the kinds asked, those printing the question's words first)."""
        kinds = tuple(k for k in plan.kinds if k in ANSWERED_OF_FIT)
        if not kinds:
            return
        ranked = self.items.rank(plan.telling, plan.broader, subjects=(code,), only=kinds,
                                 full_forms=plan.full_forms, limit=MAX_ASKED_OF_FIT)
        items = [s.item for s in ranked if s.score > 0] or self.items.items_of((code,), kinds)[:MAX_ASKED_OF_FIT]
        if not items:
            return
        w.add("")
        w.add(w.say("detail_lead", subject=self._name(w, code), kind=w.kind(kinds[0])))
        for item in items:
            w.add(f"- {w.kind(item.kind)} {w.q(item.text)}{_where(w, item)}{w.cite(item.code)}")

    def _known_as(self, w: Writing, code: str) -> None:
        """The jobs the closest record stands for: a standard's note on its name (the occupations it covers),
        a role's typical titles — the names such a job goes by in adverts."""
        document = self.corpus.document(code)
        lines = [f"  - {w.q(document.name_note)}{w.cite(code)}"] if isinstance(document, Standard) and document.name_note \
            else [f"  - {w.kind(i.kind)} {w.q(i.text)}{w.cite(i.code)}" for i in self.items.items_of((code,), ("title",))]
        for line in lines:
            if line not in w.lines:  # the titles the question's words already brought up
                w.add(line)

    def _titles_said(self, w: Writing, plan: Plan, code: str) -> None:
        """The job titles a record lists, or the note on a standard's name, when they print a word the question
        uses ("做培訓那一塊" → its titles 培訓主任…; "我們不是培訓機構" → 此職業乃適用於專業培訓機構…): how such
        jobs are advertised, and where the record says it applies."""
        name = normalise(self.vocab.name_of(code))  # "人才" asked of 人才管理經理 says nothing of its titles
        topical = [t for t in plan.telling if t not in name]
        document = self.corpus.document(code)
        lines = [(f"  - {w.q(document.name_note)}{w.cite(code)}", document.name_note)] \
            if isinstance(document, Standard) and document.name_note else []
        lines += [(f"  - {w.kind(i.kind)} {w.q(i.text)}{w.cite(i.code)}", i.text)
                  for i in self.items.items_of((code,), ("title",))]
        for line, text in lines:
            if any(says(normalise(text), t, plan.full_forms) for t in topical):
                w.add(line)

    def _other_framework(self, plan: Plan, current: str) -> str:
        """Both frameworks named ("在香港做主任…台灣有冇對應嘅"): the one the user is not in."""
        others = set(plan.frameworks) - {framework_of(current)}
        return next(iter(others)) if len(others) == 1 else ""

    def _name(self, w: Writing, code: str) -> str:
        name = w.q(self.vocab.name_of(code))
        return f"{name}{w.cite(code)}"


def _where(w: Writing, item: Item) -> str:
    """The task an item serves: the one an indicator or output sits under, those that list a K or S item
    (a claim matched by 接案評估表 is matched by the task of assessing whether to take on a project)."""
    where = w.say("under_task", parent=item.parent, context=w.q(item.context)) if item.parent and item.context else ""
    if item.used_by:
        where += w.say("used_by", tasks=("、" if not w.en else ", ").join(item.used_by))
    return where


def _matched_line(w: Writing, label: str, item: Item) -> str:
    """What the user said and the item it matched ("  - 籌備員工培訓課程 → 能力單元 …（107010L4）")."""
    return f"  - {w.q(label)} → {w.kind(item.kind)} {w.q(item.text)}{_where(w, item)}{w.cite(item.code)}"


def _check_line(w: Writing, check: moves.EntryCheck, with_status: bool) -> str:
    """An entry requirement with its code, and (when the user gave schooling or years) whether they meet it."""
    line = w.say("entry_line", text=w.q(check.requirement.text), cite=w.cite(check.requirement.code))
    if not with_status:
        return line
    reason = check.reason if w.en else w.say("because_" + (check.why or check.status.replace(" ", "_")))
    return line + w.say("entry_status", status=w.say("status_" + check.status.replace(" ", "_")), reason=reason)


def _of_whom(key: str, plan: Plan) -> str:
    """A message about the person whose situation was told: the user, or someone they ask for ("對方")."""
    return key + "_other" if plan.situation.someone_else else key


def _claims(plan: Plan) -> list[tuple[str, tuple[str, ...]]]:
    """What the user says they do or like, each with the question's terms it holds ("一對一談話" →
    一對一、談話), then each other term the records print on its own ("抗壓性還可以" → 抗壓)."""
    claims = _with_terms(plan, plan.situation.abilities, bare=True)
    held = {t for _, terms in claims for t in terms}
    disliked = {t for _, terms in _dislikes(plan) for t in terms}
    schooling = normalise(plan.situation.education)  # "中學畢業": who the user is, not an ability
    return claims + [(t, (t,)) for t in plan.telling if t not in held | disliked and t not in schooling]


def _best_item(pool: list[Item], terms: tuple[str, ...], rarity: dict[str, float],
               full_forms: dict[str, tuple[str, ...]], close: dict[tuple[str, str], float]) -> tuple[Item | None, float]:
    """A claim's best item of a record, and how well it matches (0-1). Lexically, the share of the claim's
    rarity the item prints as words of its own (核對 is not printed by 評核對業務), a word in its name more than
    one in its definition; by meaning, how closely it reads like the claim. The item chosen is the one best
    by both, and by how much of it the claim's words fill (專案管理技能 before 監控專案管理計畫), a competence
    before a line under one; the match counts the better of the two. A claim no item prints is matched by
    meaning alone, from DENSE_CLAIM on."""
    total = sum(rarity.get(t, 0.0) or 1.0 for t in terms) or 1.0
    # cosines sit higher for short texts: an item is chosen by how it reads beside the record's other items
    # (from their median to the closest), a match counted by its cosine itself
    cosines = sorted(close.values())
    middle, top = (cosines[len(cosines) // 2], cosines[-1]) if cosines else (1.0, 1.0)
    best, best_key, best_quality = None, (0.0,), 0.0
    for item in pool:
        text = normalise(item.text)
        head, body = _head_and_body(text)
        share = min(1.0, sum((rarity.get(t, 0.0) or 1.0) * (1.0 if _prints_word(head, t, full_forms) else BODY_WEIGHT)
                             for t in terms if _prints_word(text, t, full_forms)) / total)
        cosine = close.get(_text_key(item), 0.0)
        dense = max(0.0, (cosine - DENSE_CLAIM_FLOOR) / (1 - DENSE_CLAIM_FLOOR))
        if share <= 0 and dense < DENSE_ALONE:
            continue
        nearer = max(0.0, (cosine - middle) / (top - middle)) if top > middle else 0.0
        kind = KIND_WEIGHT.get(item.kind, 1.0)
        # an item the claim's words fill (專案管理技能) is more about them than one they are a part of
        filled = sum(len(t) for t in terms if t in text) / max(len(text), 1) if share > 0 else 0.0
        key = (round((share + DENSE_MIX * nearer + FILLED_WEIGHT * min(1.0, filled)) * kind, 6), kind, -len(text))
        if key > best_key:
            best, best_key, best_quality = item, key, max(share, dense)
    return best, best_quality


def _head_and_body(text: str) -> tuple[str, str]:
    """An item written as a name and its definition ("謹慎細心：…", "溝通和協商技能:與客戶溝通…"): the name is
    what the item is, the definition only describes it. Other items are all name."""
    head, colon, body = text.partition(":")  # NFKC has made "：" a ":"
    return (head, body) if colon and len(head) <= MAX_HEAD else (text, "")


def _text_key(item: Item) -> tuple[str, str]:
    return item.kind, normalise(item.text)


def _prints_all(text: str, terms: tuple[str, ...], full_forms: dict[str, tuple[str, ...]]) -> bool:
    return bool(terms) and all(_prints_word(text, t, full_forms) for t in terms)


def _prints_word(text: str, term: str, full_forms: dict[str, tuple[str, ...]]) -> bool:
    """Whether a normalised text prints a term (or one of its full forms) as words of its own: where it
    starts and ends, the text's words start and end (jieba's cut), and a Latin word whole."""
    return any(_as_words(text, form) for form in (term,) + tuple(full_forms.get(term, ())))


def _as_words(text: str, term: str) -> bool:
    term = normalise(term)
    if not term or term not in text:
        return False
    if term.isascii():
        return re.search(rf"(?<![a-z0-9]){re.escape(term)}(?![a-z0-9])", text) is not None
    bounds = _word_bounds(text)
    start = text.find(term)
    while start >= 0:
        if start in bounds and start + len(term) in bounds:
            return True
        start = text.find(term, start + 1)
    return False


@lru_cache(maxsize=65536)
def _word_bounds(text: str) -> frozenset[int]:
    """Where the words of a text start and end: jieba's cut, and the shorter words its search mode finds
    inside a long one (個人資料 holds 資料)."""
    bounds, at = {0, len(text)}, 0
    for word in segment(text):
        at += len(word)
        bounds.add(at)
    for word in set(segment(text, for_search=True)):
        if len(word) >= 2:
            start = text.find(word)
            while start >= 0:
                bounds.update((start, start + len(word)))
                start = text.find(word, start + 1)
    return frozenset(bounds)


def _claim_weight(items: ItemIndex, plan: Plan, terms: tuple[str, ...]) -> float:
    """How much a claim says about a job: the rarity of the words of it the records print (a rare word says
    more than 管理 does); a claim in words no record prints ("出考卷") counts as an ordinary word."""
    printed = [items.rarity(t, plan.full_forms.get(t, ())) for t in terms if t not in plan.unknown_terms]
    return sum(printed) if printed else UNPRINTED_CLAIM_WEIGHT


def _dislikes(plan: Plan) -> list[tuple[str, tuple[str, ...]]]:
    """What the user would rather not do, each with the question's terms it holds."""
    return _with_terms(plan, plan.situation.dislikes)


def _with_terms(plan: Plan, phrases, bare: bool = False) -> list[tuple[str, tuple[str, ...]]]:
    """Each of the user's phrases with the question's terms it holds (none: left out, unless `bare`: "教人"
    holds no word the records print, and is matched by what reads like it)."""
    found = []
    for phrase in phrases:
        said = normalise(phrase)
        terms = tuple(t for t in plan.aspect if t in said)
        if plan.english:  # "juggling 時程": the glossary's words put in an English claim are what it says
            terms += tuple(t for t in CJK_RUN.findall(said) if len(t) >= 2 and t not in terms)
        if terms or bare:
            found.append((phrase, terms))
    return found


ANSWERED_OF_FIT = ("output", "knowledge", "skill", "attitude", "course", "qualification", "entry")
MAX_ASKED_OF_FIT = 4


def _asked_kinds(plan: Plan) -> tuple[str, ...]:
    """The kinds of the target's items the question asks about ("which knowledge am I missing")."""
    kinds = tuple(k for k in plan.kinds if k in KIND_ORDER)
    return kinds + ("task_group",) if "task" in kinds else kinds  # a TW unit's tasks are its task groups


def _coverage(found: moves.Move) -> float:
    """Share of the target's items covered (same 1, partial ½)."""
    if not found.items:
        return 0.0
    return sum(1.0 if m.strength == moves.SAME else 0.5 for m in found.items if m.covered) / len(found.items)


def _lines_per_kind(w: Writing, entries: list[tuple[str, str, str]]) -> None:
    """(kind, text, code) entries named one line per kind, in their order ("- 知識：A（…）、B（…）")."""
    for kind in dict.fromkeys(k for k, _, _ in entries):
        w.add(_named_line(w, w.kind(kind) if kind else "", [(text, code) for k, text, code in entries if k == kind]))


def _named_line(w: Writing, label: str, named: list[tuple[str, str]]) -> str:
    """One line naming (text, code) items after a label ("- 知識：A（…）、B（…）"), each with its code once."""
    names = ("、" if not w.en else "; ").join(f"{w.q(_bare(text, code))}{w.cite(code)}" for text, code in named)
    return f"- {label}{'：' if not w.en else ': '}{names}" if label else f"- {names}"


def _bare(text: str, code: str) -> str:
    """An item's words without the local code its citation already carries ("S02 溝通協調能力" cited
    as …/S02 reads "溝通協調能力")."""
    head, _, rest = text.partition(" ")
    return rest if rest and (code.endswith("/" + head) or code == head) else text


def _covered(found: moves.Move) -> float:
    """How much of the target is covered, counted (same 1, partial ½): the rung a job reaches furthest into."""
    return sum(1.0 if m.strength == moves.SAME else 0.5 for m in found.items if m.covered)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _ref(record: moves.Record):
    return moves._ref(record)


def _level(w: Writing, ref) -> str:
    if ref.level is None:
        return ""
    key = "qf_level_short" if ref.framework == "HK" else "tw_level_short"
    return w.say(key, level=ref.level)
