"""Writers for the user's own situation: a move from one record to another ("I do X, I want Y"),
eligibility for a target, and which records fit the abilities a user claims.

They write from `retrieval.moves` (the one matcher the views and the brief also use) and the
plan's situation; classed items carry both sides' codes and the matcher's reason.
"""

from __future__ import annotations

import numpy as np

from corpus.load import Corpus
from corpus.records import CareerPath, CompetencyUnit, Standard

from .. import moves
from ..codes import framework_of
from ..items import Item
from ..lexical import normalise
from .evidence import ItemIndex, closest_to_each
from .plan import Plan, Vocabulary
from .writers import Writing

MAX_HAVE = 8
MAX_MISSING = 10
MAX_MISSING_ASKED = 30  # when the question names the kind it wants listed
MAX_STEPS = 6
MAX_FITS = 3
# What a person's abilities are matched against: what a record asks one to do or know.
COMPETENCE_KINDS = ("task", "indicator", "output", "knowledge", "skill", "attitude", "unit", "outcome", "guideline",
                    "soft_skill")
# e5 cosines of a claim and an item sit in a narrow band near 1: a claim counts as matched by an item it reads
# like from DENSE_CLAIM on, its strength scaled over the band above DENSE_CLAIM_FLOOR
DENSE_CLAIM, DENSE_CLAIM_FLOOR = 0.93, 0.9
UNPRINTED_CLAIM_WEIGHT = 3.0  # about the rarity of a word a few dozen items print
KIND_ORDER = ("task", "unit", "knowledge", "skill", "attitude")
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
        return isinstance(self.corpus.document(code), (Standard, CompetencyUnit)) or self.corpus.role(code) is not None

    def sides(self, plan: Plan) -> tuple[str | None, str | None]:
        situation = plan.situation
        current = self._record_ids(situation.current)
        target = self._record_ids(situation.target) or self._best_rungs(situation.target, current)
        others = [c for c in self._record_ids(plan.subjects) if c not in current + target]
        if not current and len(target) >= 2:  # "先做幾年X…要到Y需要什麼": X is the first step, Y the goal
            current, target = target[:1], target[-1:]
        if not target:
            target = others[-1:] or self._best_rungs(plan.subjects, current)
            others = others[:-1]
        if not current and others:
            current = [others[0]]
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
            scored = [(_covered(moves.move(self.corpus, current[0], r.id, embed=self.embed)), r.id) for r in rungs]
            return [max(scored)[1]]
        return []

    # --- a move -----------------------------------------------------------------------------

    def move(self, plan: Plan) -> Writing | None:
        current, target = self.sides(plan)
        if target is None:
            return None
        w = Writing(plan.lang)
        self._understood(w, plan, current, target)
        situation = plan.situation
        # "am I eligible?": the entry requirements checked against what the user said come first
        eligibility = "entry" in plan.kinds or (current in (None, target) and (situation.years or situation.education)
                                                and not situation.abilities)
        if current is not None and current != target:
            found = moves.move(self.corpus, current, target, embed=self.embed)
            entry, steps = found.entry, found.next_steps
            if eligibility:
                self._entry(w, plan, entry)
            listed = self._unit_gap(w, current, target, "unit" in plan.kinds)
            self._have_and_missing(w, found, _asked_kinds(plan), show_missing=not listed)
        else:
            entry = moves.entry_of(self.corpus, target)
            steps = ()
            if eligibility:
                self._entry(w, plan, entry)
            claimed = self._abilities(w, plan, target) if situation.abilities else set()
            if claimed or situation.abilities or not eligibility or _asked_kinds(plan):
                self._requires(w, target, _asked_kinds(plan), claimed)
        if not eligibility:
            self._entry(w, plan, entry)
        self._steps(w, steps)
        if current and framework_of(current) != framework_of(target):
            w.add("")
            w.add(w.say("scales"))
        return w

    def _understood(self, w: Writing, plan: Plan, current: str | None, target: str) -> None:
        if current:
            w.add(w.say("move_understood", current=self._name(w, current), target=self._name(w, target)))
        else:
            w.add(w.say("target_understood", target=self._name(w, target)))
        facts = []
        if plan.situation.years:
            facts.append(w.say("years", years=_number(plan.situation.years)))
        if plan.situation.education:
            facts.append(w.say("education", education=plan.situation.education))
        if facts:
            w.add(w.say("you_said", facts=("、" if not w.en else ", ").join(facts)))

    def _unit_gap(self, w: Writing, current: str, target: str, list_them: bool = False) -> bool:
        """Two rungs of one career path: the units the target lists and the current role does not, each
        named when units are asked ("要補返啲咩能力單元"). Returns whether they were listed."""
        here, there = self.corpus.role(current), self.corpus.role(target)
        if here is None or there is None or self.corpus.path_of(current) is not self.corpus.path_of(target):
            return False
        missing = [c for c in there.unit_codes if c not in here.unit_codes]
        credits = sum(self.corpus.hk_unit(c).credits for c in missing)
        shared = len(there.unit_codes) - len(missing)
        w.add(w.say("unit_gap", count=len(missing), credits=credits, shared=shared,
                    current=w.q(here.title), target=w.q(there.title)))
        if not list_them:
            return False
        for code in missing:
            unit = self.corpus.hk_unit(code)
            w.add(f"- {w.q(unit.title)}{w.say('unit_level_credits', level=unit.qf_level, credits=unit.credits)}"
                  f"{w.cite(code)}")
        return bool(missing)

    def _have_and_missing(self, w: Writing, found: moves.Move, kinds: tuple[str, ...] = (),
                          show_missing: bool = True) -> None:
        asked = [m for m in found.items if not kinds or m.kind in kinds] or list(found.items)
        have = [m for m in asked if m.covered]
        missing = [m for m in asked if not m.covered]
        w.add("")
        w.add(w.say("have", count=len(have), total=len(found.items)))
        if not have:
            w.add(w.say("have_none"))
        for m in sorted(have, key=lambda m: m.strength != moves.SAME)[:MAX_HAVE]:
            covering = "、".join(f"{w.q(_bare(c.text, c.code))}{w.cite(c.code)}" for c in m.covered_by[:2])
            w.add(w.say("have_line", strength=w.say(m.strength), target=w.q(_bare(m.target_text, m.target)),
                        cite=w.cite(m.target),
                        covering=covering, reason=self._reason(w, m)))
        if not show_missing:
            return
        w.add("")
        w.add(w.say("missing", count=len(missing)))
        ordered = sorted(missing, key=lambda m: KIND_ORDER.index(m.kind) if m.kind in KIND_ORDER else len(KIND_ORDER))
        limit = MAX_MISSING_ASKED if kinds else MAX_MISSING  # "which units must I add": every one of them
        for m in ordered[:limit]:
            w.add(f"- {w.kind(m.kind) if m.kind else ''} {w.q(_bare(m.target_text, m.target))}{w.cite(m.target)}"
                  .replace("-  ", "- "))
        if len(ordered) > limit:
            w.add(w.say("more", count=len(ordered) - limit))

    def _requires(self, w: Writing, target: str, kinds: tuple[str, ...] = (),
                  claimed: set[str] = frozenset()) -> None:
        """What the target asks of anyone moving in: its tasks or units, core first; only the kinds
        asked about ("which skills am I missing"), less what the user's claims already match."""
        items = moves.record(self.corpus, target).items
        items = [i for i in items if not kinds or i.kind in kinds] or list(items)
        left = [i for i in items if i.key not in claimed]
        w.add("")
        if len(left) < len(items):
            w.add(w.say("still_needed", count=len(left), total=len(items)))
        else:
            w.add(w.say("requires", count=len(items)))
        items = left
        ordered = sorted(items, key=lambda i: KIND_ORDER.index(i.kind) if i.kind in KIND_ORDER else len(KIND_ORDER))
        for item in ordered[:MAX_MISSING]:
            w.add(f"- {w.kind(item.kind)} {w.q(item.text)}{w.cite(item.code)}")
        if len(ordered) > MAX_MISSING:
            w.add(w.say("more", count=len(ordered) - MAX_MISSING))

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
        checks = moves.check_entry(entry, plan.situation.education or None, plan.situation.years)
        w.add("")
        w.add(w.say("entry"))
        role = self.corpus.role(entry.record)
        if role is not None:  # the qualification that leads to the role
            q = role.qualification
            w.add(w.say("target_qualification", title=w.q(q.title), level=q.qf_level, credits=q.credits,
                        cite=w.cite(role.id)))
        asked = bool(plan.situation.education or plan.situation.years)
        for check in checks:
            w.add(_check_line(w, check, with_status=asked))

    def _steps(self, w: Writing, steps) -> None:
        if not steps:
            return
        w.add("")
        w.add(w.say("next_steps"))
        for step in steps[:MAX_STEPS]:
            extra = f"（{step.provider}）" if step.provider and not w.en else (f" ({step.provider})" if step.provider else "")
            w.add(f"- {w.kind(step.kind)} {w.q(_bare(step.text, step.code))}{extra}{w.cite(step.code)}")

    # --- which records fit ------------------------------------------------------------------

    def fit(self, plan: Plan) -> Writing | None:
        current, _ = self.sides(plan)
        records = self._record_ids(plan.subjects)
        if current is not None and (plan.situation.current or len(records) == 1):
            return self._fit_from(plan, current)  # "HK manager, 8 yrs: which iCAP standard fits me?"
        if len(records) == 1 and not plan.situation.abilities:
            return self._fit_from(plan, records[0])  # "an HK unit similar to the TW unit X": what X is closest to
        claims = _claims(plan)
        if not claims:
            return None
        fits = self._fits_by_items(plan, claims)
        if not fits:
            return None
        w = Writing(plan.lang)
        w.add(w.say("fit_lead", abilities=("、" if not w.en else ", ").join(label for label, _ in claims)))
        matched: set[str] = set()
        for n, (code, found) in enumerate(fits, 1):
            ref = moves.record(self.corpus, code)
            w.add("")
            w.add(w.say("fit_line_items", n=n, name=self._name(w, code), level=_level(w, _ref(ref)),
                        count=len(found), total=len(claims)))
            for label, item in found.items():
                matched.add(label)
                w.add(f"  - {w.q(label)} → {w.kind(item.kind)} {w.q(item.text)}{w.cite(item.code)}")
            self._titles_said(w, plan, code)
            checks = self._entry_checks(plan, code)  # one met (a way in), else one not met
            decided = [c for c in checks if c.status == moves.MET][:1] or [c for c in checks if c.status == moves.NOT_MET][:1]
            for check in decided:  # the entry requirement the user's schooling or years decide, met or not
                w.add("  " + _check_line(w, check, with_status=True))
            shown = {it.code for it in found.values()}
            missing = [i for i in self.items.items_of((code,), ("task", "unit")) if i.code not in shown and i.parent][:3] \
                or [i for i in self.items.items_of((code,), ("unit",)) if i.code not in shown][:3]
            if missing:
                w.add("  - " + w.say("fit_missing", items="、".join(f"{w.q(i.text)}{w.cite(i.code)}" for i in missing)))
        unmatched = [label for label, _ in claims if label not in matched]
        if unmatched:
            w.add("")
            w.add(w.say("ability_unmatched", abilities="、".join(unmatched)))
        w.add("")
        w.add(w.say("scales"))
        return w

    def _fits_by_items(self, plan: Plan, claims: list[tuple[str, tuple[str, ...]]]) -> list[tuple[str, dict]]:
        """Records ranked by how well their items print what the user says they do or like, each claim
        weighed by the rarity of its words (a rare word says more about the job than 管理 does): the records
        named when two or more are compared, else those of the career path or framework named, else those
        near the question. (record, {claim: the item that prints it best})."""
        named = self._record_ids(plan.subjects)
        paths = [c for c in plan.subjects if isinstance(self.corpus.document(c), CareerPath)]
        candidates = named if len(named) >= 2 else self._movable(paths) if paths else self._movable(
            self.in_view, plan.framework)
        if plan.situation.junior and len(named) < 2:
            candidates = self._lower_rungs(candidates)  # "an entry-level HR job": the first rungs of each framework
        scored = []
        for code in candidates:
            found: dict = {}
            weight = 0.0
            alike = self._alike(claims, code)
            for label, terms in claims:
                ranked = self.items.rank(terms, (), subjects=(code,), only=COMPETENCE_KINDS,
                                         full_forms=plan.full_forms, limit=10, phrases=plan.phrases)
                printing = [r for r in ranked if r.score > 0 and r.coverage > 0]
                best = max(printing, key=lambda r: (r.coverage, r.score)) if printing else None
                quality, item = (best.coverage, best.item) if best else (0.0, None)
                if label in alike and alike[label][1] > quality:  # "設計教案" reads like 設計學習策略的內容
                    item, quality = alike[label]
                if item is None:
                    continue
                found[label] = item
                # and more when many of the record's items are about it ("諗策略": a director's units)
                weight += quality * _claim_weight(self.items, plan, terms) * (1 + np.log(max(1, len(printing))))
            for label, terms in _dislikes(plan):  # "討厭跑業務和談判": a record demanding it fits less
                ranked = self.items.rank(terms, (), subjects=(code,), only=COMPETENCE_KINDS,
                                         full_forms=plan.full_forms, limit=3)
                if any(r.score > 0 and r.coverage >= 1 for r in ranked):
                    weight -= max(self.items.rarity(t, plan.full_forms.get(t, ())) for t in terms)
            if found and self._not_eligible(plan, code):
                weight *= NOT_ELIGIBLE_WEIGHT  # "BBA, 4 yrs": a rung asking more schooling or years fits later
            if found:
                scored.append((weight, len(found), code, found))
        scored.sort(key=lambda t: (-t[0], -t[1], t[2]))
        return [(code, found) for _, _, code, found in scored[:MAX_FITS]]

    def _entry_checks(self, plan: Plan, code: str) -> tuple[moves.EntryCheck, ...]:
        """A record's entry requirements checked against the schooling and years the user gave (none: none)."""
        if not (plan.situation.education or plan.situation.years):
            return ()
        return moves.check_entry(moves.entry_of(self.corpus, code), plan.situation.education or None,
                                 plan.situation.years)

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

    def _alike(self, claims: list[tuple[str, tuple[str, ...]]], code: str) -> dict[str, tuple[Item, float]]:
        """Each claim's closest item of a record by dense similarity, with how close (0 below
        DENSE_CLAIM_FLOOR, 1 for the same text), where it is close enough to count."""
        if self.embed is None or not claims:
            return {}
        pool = self.items.items_of((code,), COMPETENCE_KINDS)
        found = {}
        for (label, _), best in zip(claims, closest_to_each(self.embed, [label for label, _ in claims], pool, 1)):
            if best and best[0][1] >= DENSE_CLAIM:
                found[label] = (best[0][0], (best[0][1] - DENSE_CLAIM_FLOOR) / (1 - DENSE_CLAIM_FLOOR))
        return found

    def _fit_from(self, plan: Plan, current: str) -> Writing:
        """Which records someone in `current` is closest to (within the framework the question names, if
        any): each ranked by how much of it the current record covers, then the best as a move."""
        wanted = plan.framework or self._other_framework(plan, current)
        near = self.in_view + tuple(self.items.neighbours(current, framework=wanted))
        candidates = [c for c in self._movable(near, wanted) if c != current]
        scored = sorted(((_coverage(moves.move(self.corpus, current, c, embed=self.embed)), c) for c in candidates),
                        reverse=True)[:MAX_FITS]
        w = Writing(plan.lang)
        w.add(w.say("fit_from", current=self._name(w, current)))
        for n, (share, code) in enumerate(scored, 1):
            w.add(f"{n}. {self._name(w, code)}" + w.say("fit_share", share=round(share * 100)))
            self._titles_said(w, plan, code)
        if scored:
            best = scored[0][1]
            found = moves.move(self.corpus, current, best, embed=self.embed)
            self._have_and_missing(w, found, _asked_kinds(plan))
            self._entry(w, plan, found.entry)
            self._steps(w, found.next_steps)
        w.add("")
        w.add(w.say("scales"))
        return w

    def _titles_said(self, w: Writing, plan: Plan, code: str) -> None:
        """The job titles a record lists, when they print a word the question uses ("做培訓那一塊" → its
        titles 培訓主任…): how such jobs are advertised."""
        name = normalise(self.vocab.name_of(code))  # "人才" asked of 人才管理經理 says nothing of its titles
        topical = [t for t in plan.telling if t not in name]
        for item in self.items.items_of((code,), ("title",)):
            text = normalise(item.text)
            if any(t in text or any(f in text for f in plan.full_forms.get(t, ())) for t in topical):
                w.add(f"  - {w.kind(item.kind)} {w.q(item.text)}{w.cite(item.code)}")

    def _other_framework(self, plan: Plan, current: str) -> str:
        """Both frameworks named ("在香港做主任…台灣有冇對應嘅"): the one the user is not in."""
        others = set(plan.frameworks) - {framework_of(current)}
        return next(iter(others)) if len(others) == 1 else ""

    def _name(self, w: Writing, code: str) -> str:
        name = w.q(self.vocab.name_of(code))
        return f"{name}{w.cite(code)}"


def _check_line(w: Writing, check: moves.EntryCheck, with_status: bool) -> str:
    """An entry requirement with its code, and (when the user gave schooling or years) whether they meet it."""
    line = w.say("entry_line", text=w.q(check.requirement.text), cite=w.cite(check.requirement.code))
    if not with_status:
        return line
    reason = check.reason if w.en else w.say("because_" + check.status.replace(" ", "_"))
    return line + w.say("entry_status", status=w.say("status_" + check.status.replace(" ", "_")), reason=reason)


def _claims(plan: Plan) -> list[tuple[str, tuple[str, ...]]]:
    """What the user says they do or like, each with the question's terms it holds ("一對一談話" →
    一對一、談話), then each other term the records print on its own ("抗壓性還可以" → 抗壓)."""
    claims = _with_terms(plan, plan.situation.abilities)
    held = {t for _, terms in claims for t in terms}
    disliked = {t for _, terms in _dislikes(plan) for t in terms}
    schooling = normalise(plan.situation.education)  # "中學畢業": who the user is, not an ability
    return claims + [(t, (t,)) for t in plan.telling if t not in held | disliked and t not in schooling]


def _claim_weight(items: ItemIndex, plan: Plan, terms: tuple[str, ...]) -> float:
    """How much a claim says about a job: the rarity of the words of it the records print (a rare word says
    more than 管理 does); a claim in words no record prints ("出考卷") counts as an ordinary word."""
    printed = [items.rarity(t, plan.full_forms.get(t, ())) for t in terms if t not in plan.unknown_terms]
    return sum(printed) if printed else UNPRINTED_CLAIM_WEIGHT


def _dislikes(plan: Plan) -> list[tuple[str, tuple[str, ...]]]:
    """What the user would rather not do, each with the question's terms it holds."""
    return _with_terms(plan, plan.situation.dislikes)


def _with_terms(plan: Plan, phrases) -> list[tuple[str, tuple[str, ...]]]:
    """Each of the user's phrases with the question's terms it holds (none: left out)."""
    found = []
    for phrase in phrases:
        said = normalise(phrase)
        terms = tuple(t for t in plan.aspect if t in said)
        if terms:
            found.append((phrase, terms))
    return found


def _asked_kinds(plan: Plan) -> tuple[str, ...]:
    """The kinds of the target's items the question asks about ("which knowledge am I missing")."""
    return tuple(k for k in plan.kinds if k in KIND_ORDER)


def _coverage(found: moves.Move) -> float:
    """Share of the target's items covered (same 1, partial ½)."""
    if not found.items:
        return 0.0
    return sum(1.0 if m.strength == moves.SAME else 0.5 for m in found.items if m.covered) / len(found.items)


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
