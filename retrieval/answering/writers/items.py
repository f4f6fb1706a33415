"""Writers for answers built from item evidence: yes/no, a detail, a list, how a task is done,
a multi-part question. Each writes from the plan and the ranked items only; sentences come
from `vocabulary/messages.toml`.

Every fact is followed by the code it is cited by, once.
"""

from __future__ import annotations

import re

from dataclasses import replace
from itertools import zip_longest

from corpus.codes import framework_of, is_hk_id
from corpus.records import CareerPath, CompetencyUnit, HKRole, HKUnit, Standard

from ... import moves
from ...lexical import normalise
from ...items import (ADMISSION, ASSESSMENT, CLASSIFICATION, COURSE, CREDIT, DEFINITION, ENTRY, INDICATOR, KNOWLEDGE,
                      LEVEL, NOTE, OUTPUT, OVERVIEW, PURPOSE, QUALIFICATION, SKILL, SOFT_SKILL, TASK, UNIT, VERSION,
                      Item)
from ..cues import load_cues, related_terms
from ..evidence import DEMAND_KINDS, Embed, ItemIndex, Scored, closest, defines, says
from ..plan import COMPARE, DETAIL, HOW, LIST, MULTI, YES_NO, Plan, Vocabulary, is_duty, job_record
from .base import Writing

# what answers for a kind asked: a task's indicators and outputs say what its work is, a unit's outcome and
# guidelines what it demands
KIND_FAMILY = {TASK: (TASK, INDICATOR, OUTPUT), UNIT: (UNIT, "outcome", "guideline")}
NAMING_TASKS = 2  # a word printed by more tasks than this names none of them
MAX_NAMED_TASKS = 3
MAX_BROADER_FIRST = 2  # closest items found through the vocabulary's related terms, before those printing the words
MAX_SUPPORT = 3  # supporting items after a yes/no answer
MAX_SUPPORT_EACH = 2  # … after each record's answer, when several are asked at once
SMALL_SECTION = 5  # a record's items of the kind asked, shown whole when there are no more than this
LISTED_SHARE = 0.5  # weighted share of the question's terms an item must print to answer "yes"
TASK_FOCUS_SHARE = 0.5  # share of the terms a task's own wording must print to be what is asked about
WHOLE_KIND_SHARE = 0.6  # terms printed by this share of a kind's items do not single any out
MAX_DETAIL = 4
MAX_LISTED = 12
MAX_COMPARE = 12
MAX_PER_SIDE = 2  # items per side that answer the words of a comparison
LEVEL_FAR = 99  # how far an item without a comparable level is from the one asked about
MAX_PRINTING = 6  # records looked in for a quoted term the question names no record for
RELATIVE_FLOOR = 0.45  # an item scoring under this share of the best one is not shown as an answer
TASK_KINDS = {TASK, INDICATOR, OUTPUT, KNOWLEDGE, SKILL}
COMPETENCY_KINDS = (KNOWLEDGE, SKILL, "attitude")  # what a TW record asks a person to know, do and be
WORK_KINDS = {TASK, INDICATOR, OUTPUT, KNOWLEDGE, SKILL, "attitude", UNIT, "outcome", "guideline", "soft_skill", "entry",
              "course", "qualification", "learning", "progression"}  # what a record asks of a person
UNIT_KINDS = {"outcome", "guideline", LEVEL, CREDIT}
# Kinds a whole-record section of the composer shows; the other kinds are listed item by item.
SECTION_KINDS = {TASK, INDICATOR, OUTPUT, KNOWLEDGE, SKILL, "attitude", "entry", UNIT, "soft_skill", "course",
                 "qualification", "assessment"}
SMALL_KINDS = {ENTRY, "soft_skill", "qualification", "version", "classification"}  # a record prints a few of each
MAX_SAYING_OTHERS = 1  # items of another kind printing the words, before the kind asked, in a "yes"'s support
LIST_KINDS = {"task", "indicator", "output", "knowledge", "skill", "attitude", "entry", "definition", "note", "version",
              "unit", "outcome", "guideline", "assessment", "soft_skill", "course", "progression", "learning", "purpose",
              "title", "qualification", "classification"}


class ItemWriter:
    """Writes the item-level answer shapes from a plan and the item index."""

    def __init__(self, items: ItemIndex, vocab: Vocabulary, in_view: tuple[str, ...] = (),
                 embed: Embed | None = None) -> None:
        self.items = items
        self.vocab = vocab
        self.corpus = items.corpus
        self.in_view = in_view  # the records retrieval found near the question: where to look when none is named
        self.embed = embed  # dense similarity, for what no item prints in so many words

    def _where(self, plan: Plan) -> tuple[str, ...]:
        return plan.subjects or self.in_view

    # --- entry --------------------------------------------------------------------------

    def write(self, plan: Plan) -> Writing | None:
        """The answer, or None when the plan is better answered as a whole-record section."""
        w = Writing(plan.lang)
        if plan.credits_differ and plan.subjects:
            self.credits_apart(w, plan)  # "哪幾個單元的學分比級別高": those whose credits are not their level
            return w if w.lines else None
        if plan.superlative and self.extreme(w, plan):
            return w  # "嗰七個入面邊個學分最多": of what the latest answer listed (else the units named), the most
        if plan.count_asked:
            self.counts(w, plan)
        defined = self._defined(plan)
        # "有哪些工作產出？全部列給我，我期末報告要用": every one, not those of the task "報告" picks out
        focus = None if defined or (plan.all_asked and plan.form == LIST) else self._focused_task(plan)
        also = None
        if focus is None and not defined and _task_asked_with_its_items(plan):
            # "老闆要我弄一份成效評估報告…這屬於哪個任務、會用到哪些知識": the user asks which task the work is, so
            # the task printing most of their words is it, however many words only set the scene (and a second
            # one for the words it does not print: "帶人這塊包括哪些任務？招人那部分要懂什麼")
            focus = self._focused_task(plan, least_share=0.0)
            also = self._second_task(plan, *focus, least_share=0.0) if focus else None
        if plan.gap_asked and not plan.kinds and plan.form != COMPARE and (tasks := self._tasks_named(plan)):
            # "最近要開始做轉介跟結案，要補什麼": what those tasks take to do — their knowledge and skills
            for standard, task in tasks:
                if w.lines:
                    w.add("")
                self.task_detail(w, standard, task, (KNOWLEDGE, SKILL))
            return w
        if plan.likened and plan.subjects and plan.kinds:
            self.likened(w, plan)
        elif plan.form == COMPARE:
            if not self.compare(w, plan):
                return None
        elif plan.level_relation and len(plan.subjects) == 1 and set(plan.kinds) & {TASK, UNIT}:
            self.list_by_level(w, plan)  # "which tasks are above the standard's level", "is T3.3 higher than the rest"
            if rest := tuple(k for k in plan.kinds if k not in (LEVEL, TASK, UNIT)):
                w.add("")  # "T2.3 要產出職能發展計畫的那個任務…跟其他任務一樣是3級嗎": its output too
                self.multi(w, replace(plan, kinds=rest), None)
        elif plan.form in (DETAIL, LIST) and (notes := self._quoted_notes(plan)):
            w.add(w.say("detail_lead", subject=self._subject_label(w, plan), kind=w.kind(notes[0].kind)))
            for line in self._lines_once(w, notes):  # "要涵蓋多少能力單元才算「能力為本課程」": what they say of it
                w.add(line)
            for note in notes:
                self._marked_on(w, note)
            # "要交出哪些產出？另外哪一項是在講評量工具": the kind asked beside the thing quoted, listed too (not when a
            # count is asked: "18個單元至少要覆蓋幾個才算「能力為本課程」" is the note's to answer)
            for kind in (k for k in plan.kinds if k in LIST_KINDS and k not in (NOTE, DEFINITION)
                         and not plan.count_asked):
                items = self.items.items_of(_records(plan.subjects), (kind,)) if plan.subjects else []
                if items:
                    w.add("")
                    w.add(w.say("part", kind=w.kind(kind)))
                    for line in self._lines_once(w, items[:MAX_LISTED]):
                        w.add(line)
        elif plan.note_marks and (notes := self._marked_notes(plan)):
            w.add(w.say("detail_lead", subject=self._subject_label(w, plan), kind=w.kind(notes[0].kind)))
            for item in notes:  # "【註2】評量工具是怎麼定義的": that note of the record, and where it is marked
                w.add(self._item_line(w, item))
                self._marked_on(w, item)
        elif plan.form == LIST and plan.kinds and self._list_under_item(plan) and self._items_under(plan):
            self.list_under(w, plan)  # "T4 到 T6 的工作產出列個清單": that kind under each item named
        elif plan.unit_status:
            for role in plan.subjects:  # "the director's functional (non-core) units, every one"
                self.units_of_status(w, role, plan.unit_status == "core")
        elif plan.form in (LIST, DETAIL) and set(plan.kinds) == {UNIT} and (areas := self._areas_named(plan)):
            for role, area in areas:  # "「繼任計劃」這個主要職能下有哪幾個能力單元": the units under that function area
                self.units_in_area(w, role, area)
        elif names_items(plan) or self._only_codes_asked(plan):
            self.named_items(w, plan)  # "A01~A05", "K01 和 K03": each item named
        elif plan.duties_asked and TASK in plan.kinds and plan.subjects and not plan.count_asked \
                and not any("/" in s for s in plan.subjects) \
                and (plan.form in (LIST, MULTI) or plan.form == DETAIL and (len(plan.kinds) > 1 or not plan.telling)):
            # "三個主要職責各叫什麼", "最新版的日期和主要職責": the duties, each part asked (not "我最缺的是哪一塊
            # 主要職責", whose words pick the duty)
            self.multi(w, plan, None)
        elif defined and plan.form != MULTI:  # "「轉介」具體指什麼": the record's own definition answers it
            if not self.detail(w, replace(plan, subjects=_records(plan.subjects),
                                          terms=plan.terms + self._named_words(plan))):
                return None
        elif plan.quoted and not plan.subjects and plan.form != YES_NO and (printing := self._printing(plan)):
            # 「能力為本課程」, printed so by some records: their items, whatever the records near the question
            if not self.detail(w, replace(plan, kinds=(), subjects=printing)):
                return None
        elif plan.level_asked and COURSE in plan.kinds and set(plan.kinds) <= {COURSE, LEVEL} \
                and (courses := self._courses_at_level(plan)):
            # "有冇啲 QF4 課程係專門教培訓嘅": the courses at that level, those about what is asked first
            w.add(w.say("at_level", subject=self._subject_label(w, plan), kind=w.kind(COURSE), level=plan.level_asked,
                        count=len(courses)))
            for item in courses:
                w.add(self._item_line(w, item, with_record=not plan.subjects))
        elif plan.form == YES_NO and (asked := self._unit_and_role(plan)):
            self.unit_not_listed(w, *asked)  # "Is 107008L5 part of the Assistant role, or only higher ranks?"
        elif plan.form == YES_NO and not plan.aspect \
                and (unit := self._focused_unit(plan)) is not None:
            self.unit_detail(w, plan, unit)  # "升經理係咪一定要識培訓需要分析？": that unit, and who lists it
        elif plan.level_asked and plan.subjects and set(plan.kinds) & {TASK, UNIT} \
                and set(plan.kinds) <= {TASK, UNIT, LEVEL} and len(plan.subjects) == 1 \
                and (plan.form != YES_NO or not plan.situation.stated):
            # "哪幾個任務是 4 級？其他都是3嗎": those at that level, however it is asked (a level the user holds,
            # "same QF3 diploma", asks for nothing at that level); after the record's own when it is asked too
            if LEVEL in plan.kinds:
                self.level_and_credits(w, plan, (LEVEL,))
                w.add("")
            self.list_at_level(w, plan)
        elif plan.form == YES_NO and plan.subjects and plan.kinds and set(plan.kinds) <= {LEVEL, CREDIT} \
                and not plan.telling:
            self.level_and_credits(w, plan, plan.kinds)  # "學分加埋係咪175？": the figure itself answers
        elif (plan.form in (YES_NO, DETAIL) or plan.form == HOW and not set(plan.kinds) & {LEVEL, CREDIT}) \
                and len(jobs := self._jobs(plan)) >= 2 and plan.telling:
            # "訓練經理和人才管理經理都要做培訓需求分析嗎？各自是哪一條", "兩邊分別是怎麼寫的": each answers for itself,
            # after the levels when they are asked too ("兩個的級別對得起來嗎？")
            if numeric := tuple(k for k in plan.kinds if k in (LEVEL, CREDIT)):
                self.level_and_credits(w, plan, numeric)
                if len({framework_of(job) for job in jobs}) > 1:
                    w.add(w.say("scales"))  # a TW level and a QF level are not one scale: never an equivalence
            for job in jobs:
                if w.lines:
                    w.add("")
                self.yes_no(w, replace(plan, subjects=(job,)), support=MAX_SUPPORT_EACH, lead=plan.form == YES_NO)
        elif plan.form == YES_NO and plan.terms:
            self.yes_no(w, plan)
        elif plan.gap_asked and plan.situation.current and set(plan.kinds) <= {TASK} and plan.telling:
            # "老闆要我負責接班人培養，我現有的職能夠用嗎？": what the job held lists on it, or the closest (負責 says
            # it is work, not that tasks are asked)
            self.yes_no(w, replace(plan, kinds=()), lead=False)
        elif plan.form == HOW and (focus or self._task_for(plan)):
            self.how(w, *(focus or self._task_for(plan)))
        elif plan.form == HOW and not plan.subjects and (record := self._record_for_terms(plan)) \
                and (found := self._task_for(replace(plan, subjects=(record,)))):
            self.how(w, *found)  # "個案找到工作以後我們要結案…基準裡結案這段要做哪些事": the record the words describe
        elif plan.level_relation and plan.subjects and set(plan.kinds) & {TASK, UNIT}:
            self.list_by_level(w, plan)  # several subjects: each one's items above (or below) its level
        elif plan.form == MULTI:
            self.multi(w, plan, focus, also)
        elif self._list_under_item(plan) and (plan.form == LIST or (
                plan.form == DETAIL and plan.kinds and (not plan.telling or set(plan.kinds) <= {TASK})
                and self._items_under(plan))):  # "「規劃求職活動」這塊要幫求職者做哪些事": the duty's tasks, each
            self.list_under(w, plan)  # "T2 各任務的工作產出": every item of that kind under the item named
        elif plan.level_asked and plan.subjects and set(plan.kinds) & {TASK, UNIT}:
            self.list_at_level(w, plan)
        elif focus and set(plan.kinds) <= TASK_KINDS and _lists_asked(focus[1], plan.kinds) \
                and not self._item_says_more(plan, focus[1]) \
                and not (plan.form == LIST and len(plan.situation.abilities) >= 2):  # each thing done picks its own
            self.task_detail(w, *focus, plan.kinds)
            second = self._second_task(plan, *focus)
            if second is not None:  # "for stakeholder management and customer complaints": both tasks
                w.add("")
                self.task_detail(w, *second, plan.kinds)
        elif (unit := self._focused_unit(plan)) is not None:
            self.unit_detail(w, plan, unit)
        elif plan.terms and not self._whole_kind(plan):
            numeric = tuple(k for k in plan.kinds if k in (LEVEL, CREDIT))
            if numeric and plan.subjects:  # "適用在什麼單位？級別幾級？": the level is a part of its own
                self.level_and_credits(w, plan, numeric)
                plan = replace(plan, kinds=tuple(k for k in plan.kinds if k not in numeric))
            if not self.detail(w, plan) and plan.kinds and plan.subjects and not plan.telling:
                # the words said only how the user talks ("最後面有一條更新紀錄"): the kind asked, whole
                self.multi(w, plan, None)
            if not w.lines:
                return None
        elif set(plan.kinds) & {LEVEL, CREDIT} and plan.subjects:
            self.level_and_credits(w, plan, plan.kinds)
            rest = tuple(k for k in plan.kinds if k not in (LEVEL, CREDIT))
            if rest and (all(isinstance(self.corpus.document(x), (Standard, CompetencyUnit)) for x in plan.subjects)
                         or not set(rest) & SECTION_KINDS):
                # "是幾級的單元？最近一次修訂是哪年": a standard's or unit's level, then the rest (a role's too when
                # no section of it shows the rest: "讀完之後可以再升去讀第幾級" → its progression)
                self.multi(w, replace(plan, kinds=rest), None)
        elif plan.subjects and plan.kinds and not set(plan.kinds) & SECTION_KINDS:
            self.multi(w, plan, None)  # a kind no record section shows (versions, notes, titles…): all of it
            if not w.lines and plan.kind_phrases:  # none of that kind: the items labelled as asked ("基準更新紀錄")
                self.detail(w, replace(plan, terms=plan.kind_phrases, kinds=()))
        elif not (plan.count_asked and len(plan.subjects) >= 2 and w.lines):
            return None  # a whole section answers; but "各有幾個主要職責" of two records: their counts side by side
        if plan.gap_asked and plan.subjects and plan.form in (DETAIL, YES_NO) and w.lines \
                and set(_records(plan.subjects)) <= set(plan.situation.current) \
                and not set(plan.kinds) & {ENTRY, "qualification", LEVEL, CREDIT}:  # getting in is asked, not a skill
            # "我現有的職能夠用嗎？哪裡可以補？": where else the standards teach what is asked
            self._printed_elsewhere(w, plan, [t for t in plan.telling if self.items.printing(t)])
        if plan.form == LIST and UNIT in plan.kinds and w.lines \
                and any(isinstance(self.corpus.document(s), CareerPath) for s in plan.subjects) \
                and (best := next((c for c in w.cited if self.corpus.hk_unit(c)), None)):
            w.add("")  # "哪個職級、哪個單元最對口": the units of a whole ladder, and the rungs listing the best one
            self._listed_by(w, best)
        unsaid = [item for s in plan.subjects if "/" in s and s not in w.cited
                  and (item := self.items.item(s)) is not None and item.kind != TASK]
        if unsaid and w.lines and plan.form in (DETAIL, MULTI):
            w.add("")  # "when was it released, what was it called before, and what is K16?": K16 is a part too
            for item in unsaid:
                w.add(self._item_line(w, item))
        return w if w.lines else None

    # --- shapes -------------------------------------------------------------------------

    def _jobs(self, plan: Plan) -> tuple[str, ...]:
        return tuple(s for s in plan.subjects if job_record(self.corpus, s))

    def yes_no(self, w: Writing, plan: Plan, support: int = MAX_SUPPORT, lead: bool = True) -> None:
        """Whether the records list what is asked: the item that does, or the closest ones. `lead`: the
        answer opens with "yes" (a yes/no question), not only with what is listed (a "which item" one)."""
        # an English word or an abbreviation nothing reads is how it is put (a term that is its own full form, 活動,
        # is one word among the others)
        def key_of(terms: tuple[str, ...]) -> tuple[str, ...]:
            rewritten = [t for t in terms if t in plan.full_forms and (t.isascii() or plan.full_forms[t] != (t,))]
            # beside a word rewritten (投訴 → 申訴), a word the vocabulary keeps as it is (性騷擾) is asked as much
            return (tuple(t for t in terms if t in rewritten or rewritten and t in plan.full_forms)
                    or tuple(t for t in terms if t not in plan.filler and (t not in plan.unknown_terms or not t.isascii())))

        # "打風嗰陣倉庫要停工…有冇講到業務持續性", "也要做風險評估嗎？我做工安天天…": the words that only set the
        # scene are not what must be listed, whatever they abbreviate
        key = key_of(tuple(t for t in plan.terms if t not in plan.scene_terms)) or key_of(plan.terms) \
            or plan.aspect or plan.terms
        ranked = self._rank(plan, limit=12)
        subject = self._subject_label(w, plan)
        weights = {t: self.items.rarity(t, plan.full_forms.get(t, ())) for t in key}
        total = sum(weights.values()) or 1.0

        def said(scored: Scored) -> float:
            text = normalise(scored.item.search_text)
            return sum(weights[t] for t in key if says(text, t, plan.full_forms)) / total

        # "要編年度預算嗎" and an item prints 年度 (訓練計畫) but not 預算: the most telling word asked must be printed
        # (a word no record prints, "換成", is how it is asked: it tells nothing)
        printed = [t for t in key if t in plan.full_forms or self.items.known(t)]
        most_telling = max(printed, key=lambda t: weights[t]) if len(key) >= 2 and printed else None

        def says_telling(scored: Scored) -> bool:
            return most_telling is None or says(normalise(scored.item.search_text), most_telling, plan.full_forms)

        listed = sorted((s for s in ranked if said(s) >= LISTED_SHARE and says_telling(s)), key=lambda s: -said(s))
        # "就服員的態度裡有同理心嗎", "一定要有諮商師證照才能做嗎": the kind named is where "yes" must be found;
        # an item of another kind printing the words only relates
        asked_kinds = tuple(k for k in plan.kinds if k in LIST_KINDS)
        answering = {f for k in asked_kinds for f in KIND_FAMILY.get(k, (k,))}
        other_kinds = [s for s in listed if asked_kinds and s.item.kind not in answering]
        listed = [s for s in listed if s not in other_kinds]
        if plan.examples_asked:  # "它有舉例哪些宣傳方式嗎": the item giving examples of the word quoted (else the rarest)
            marked = load_cues().example_marked
            focus = plan.quoted or sorted(key, key=lambda t: -weights[t])[:1]
            giving = [i for i in self.items.items_of(_records(self._where(plan)))
                      if marked.search(i.text) and any(t in normalise(i.search_text) for t in focus)]
            giving.sort(key=lambda i: i.kind != DEFINITION)  # a 【註】 defining the word by examples first
            listed = [Scored(i, 0.0, 1.0) for i in giving[:1]] + listed
        if listed:
            best = listed[0].item
            # "is section B an industry standard?" and the note says 「並不代表行業標準」: what it says, not "yes"
            negated = any(load_cues().negated_before.search(normalise(best.text)[:at])
                          for t in key for at in _positions(normalise(best.text), (t,) + plan.full_forms.get(t, ())))
            # "規定非大專不可嗎" and the rule reads "大專以上…;或5年以上相關領域工作經驗": another route, not a must
            either = best.kind == ENTRY and lead and bool(_OTHER_ROUTE.search(best.text))
            advantage = best.kind == ENTRY and lead and bool(_AN_ADVANTAGE.search(best.text))  # "會是一項優勢"
            message = "item_says" if negated else "an_advantage" if advantage else "either_route" if either \
                else "yes_listed" if lead else "listed"
            w.add(w.say(message, subject=subject, kind=w.kind(best.kind), item=w.q(best.text), cite=w.cite(best.code)))
            self._context_line(w, best)
            if self.corpus.hk_unit(best.code):
                self._listed_by(w, best.code)
            support_items = [s.item for s in listed[1:] + [s for s in ranked if s not in listed and s.score > 0]]
            if best.kind in plan.kinds or plan.others_asked:  # "要幾年經驗？要不要證明？", "還是換成別的": the other
                # items of the kind asked (or of the item found) come first,
                same = [i for i in support_items if i.kind == best.kind]  # the closest first
                if plan.others_asked or best.kind in SMALL_KINDS:  # the rest of a short section, in its order
                    same += [i for i in self.items.items_of(_records((best.record,)), (best.kind,))
                             if i != best and i not in same]
                if plan.others_asked:  # the alternatives asked for: all of that kind
                    support = max(support, min(len(same), MAX_LISTED))
                # but an item of another kind printing the words asked comes before them, one printing a word the
                # item found leaves out first ("要做就業後的跟蹤回訪嗎": the task, then the skill 就業追蹤能力;
                # "找講師、招募人": 招募人才, then what names 講師)
                words = tuple(t for t in plan.terms if t not in plan.filler and t not in plan.unknown_terms)
                left_out = tuple(t for t in words if not says(normalise(best.search_text), t, plan.full_forms))
                anywhere = (self._rank(replace(plan, kinds=(), terms=left_out), limit=12) if left_out else []) + (
                    self._rank(replace(plan, kinds=()), limit=12) if plan.kinds else ranked)
                saying = sorted((s.item for s in anywhere if s.item.kind != best.kind
                                 and any(says(normalise(s.item.text), t, plan.full_forms) for t in key + left_out)),
                                key=lambda i: not any(says(normalise(i.text), t, plan.full_forms) for t in left_out))
                saying = saying[:MAX_SAYING_OTHERS]
                same = [i for i in same if i not in saying]
                support_items = saying + same[:support - len(saying)] + [
                    i for i in support_items if i not in same and i not in saying]
            elif best.kind not in COMPETENCY_KINDS:  # "是不是包括項目風險評估這塊": beside the work found, the knowledge
                # or skill printing the words (what it takes), before more of the same work
                takes = next((i for i in support_items if i.kind in COMPETENCY_KINDS
                              and any(says(normalise(i.text), t, plan.full_forms) for t in key + plan.broader)), None)
                support_items = ([takes] if takes else []) + [i for i in support_items if i is not takes]
            support_items = [i for i in support_items if (i.kind, normalise(i.text)) != (best.kind, normalise(best.text))]
            self._also_related(w, support_items[:support])
            return
        if plan.kinds and plan.subjects and set(plan.kinds) - SECTION_KINDS - {LEVEL, CREDIT, DEFINITION}:
            self.multi(w, plan, None)  # "以前是不是叫別的名字？" with versions asked: the versions answer it
            if w.lines:
                return
        texts = [normalise(s.item.search_text) for s in ranked if s not in other_kinds]
        # what the record does not print, rarest first (else the rarest words asked)
        unprinted = [t for t in sorted(key, key=lambda t: -weights[t])
                     if not any(says(text, t, plan.full_forms) for text in texts)]
        telling = (unprinted or sorted(key, key=lambda t: -weights[t]))[:3]
        asked = "、".join(telling) if not w.en else ", ".join(telling)
        section = self.items.items_of(_records(self._where(plan)), asked_kinds) if asked_kinds else []
        whole = len(section) <= (MAX_LISTED if ENTRY in asked_kinds else SMALL_SECTION)  # entry requirements: all
        competencies = [k for k in COMPETENCY_KINDS if k not in asked_kinds]
        if asked_kinds and not section and plan.subjects and set(asked_kinds) <= set(COMPETENCY_KINDS) and (
                instead := self.items.items_of(_records(self._where(plan)), tuple(competencies))):
            # "does the unit define attitudes the way the standards do? If not, what does it list instead?": it
            # lists none of them; what it asks of a person instead is its other competencies
            w.add(w.say("kind_none", subject=subject, kind=w.kind(asked_kinds[0])))
            for kind in competencies:
                for line in self._lines_once(w, [i for i in instead if i.kind == kind][:MAX_LISTED]):
                    w.add(line)
            return
        if section and plan.subjects and (whole or other_kinds or TASK not in asked_kinds):
            # not among the kind asked ("最接近的是哪一項知識"): that kind's items (all of a small section, else
            # the closest of them), then what prints the words ("需要做 SWOT 分析嗎" asks no task as such: what
            # comes closest of any kind)
            kind = w.kind(asked_kinds[0])
            close = [i for i in self._closest(plan, ranked) if i.kind in asked_kinds]
            if not whole and len(close) < support and self.embed is not None:
                close += [i for i, _ in closest(self.embed, " ".join(plan.aspect or telling), section, support)
                          if i not in close]
            shown = section if whole else close[:support] or section[:support]
            w.add(w.say("not_listed_kind" if whole else "closest_of_kind", subject=subject, kind=kind, asked=asked))
            for line in self._lines_once(w, shown):
                w.add(line)
            related = [s.item for s in other_kinds] or [
                i for i in self._closest(replace(plan, kinds=()), ranked) if i.kind not in asked_kinds]
            self._also_related(w, related[:support])
            self._printed_elsewhere(w, plan, [t for t in unprinted if t in plan.telling])
            return
        close = self._closest(plan, ranked)
        if not close:
            w.add(w.say("nothing_close", subject=subject, asked=asked))
            return
        w.add(w.say("not_listed", subject=subject, asked=asked))
        for line in self._lines_once(w, close[:support]):  # a note every role prints alike: once
            w.add(line)
        self._printed_elsewhere(w, plan, [t for t in unprinted if t in plan.telling])

    def _also_related(self, w: Writing, items: list[Item]) -> None:
        if items:
            w.add("")
            w.add(w.say("also_related"))
            for line in self._lines_once(w, items):
                w.add(line)

    def _printed_elsewhere(self, w: Writing, plan: Plan, unprinted: list[str]) -> None:
        """"訓練經理有要求做 SWOT 嗎？": not there, but the records that print the words asked do."""
        if not unprinted or not plan.subjects:
            return
        own = set(_records(plan.subjects))
        subject = plan.subjects[0]
        at, _, _ = self._level_of(self.corpus.owner(subject.split("/", 1)[0]), subject)

        def distance(record: str, level: int | None) -> int:
            """How far a record is from the one asked about: its framework, then its level (the assistant's
            QF 3: a QF 4 unit before a QF 5 one); a framework's levels are not another's."""
            if framework_of(record) != framework_of(subject):
                return 2 * LEVEL_FAR
            return abs(level - at) if at is not None and level is not None else LEVEL_FAR

        def level_of(record: str) -> int | None:
            return self._level_of(self.corpus.owner(record), record)[0]

        per_term = [sorted(dict.fromkeys(r for f in (t,) + plan.full_forms.get(t, ()) for r in self.items.printing(f)
                                         if r not in own), key=lambda r: distance(r, level_of(r))) for t in unprinted]
        # each word's records in turn ("招募" and "數據分析": the nearest of each, then the next …)
        records = tuple(dict.fromkeys(r for rank in zip_longest(*per_term) for r in rank if r))[:MAX_PRINTING]
        if not records:
            return
        ranked = self.items.rank(tuple(unprinted), (), subjects=records, full_forms=plan.full_forms, limit=24)

        def printed(item: Item) -> list[str]:
            text = normalise(item.search_text)
            return [t for t in unprinted if says(text, t, plan.full_forms)]

        # those printing most of the words first, then the nearest
        elsewhere = sorted((s.item for s in ranked if s.item.record not in own and printed(s.item)),
                           key=lambda i: (-len(printed(i)), distance(i.record, i.level)))
        seen: set[str] = set()  # a unit listed by its role and on its own: once
        elsewhere = [i for i in elsewhere if not (self.corpus.hk_unit(i.code) and (i.code in seen or seen.add(i.code)))]
        if (elsewhere := elsewhere[:MAX_SUPPORT_EACH]) and not any(i.code in w.cited for i in elsewhere):
            said = list(dict.fromkeys(t for i in elsewhere for t in printed(i)))
            w.add("")
            w.add(w.say("printed_elsewhere", asked=("、" if not w.en else ", ").join(said)))
            for line in self._lines_once(w, elsewhere, with_record=True):
                w.add(line)

    def _closest(self, plan: Plan, ranked: list[Scored]) -> list[Item]:
        """What comes closest to an item the records do not list: items printing most of the words asked,
        those of the kind asked, the others printing some of them, and where these are too few, the items
        that read most alike ("Kirkpatrick's four levels" → 訓練成效評估)."""
        # an item printing only 自己 is no closer; one printing a broader term of the asked one (法規 for 勞基法) is
        topical = list(plan.aspect + plan.broader)
        printing = [s.item for s in ranked if s.score > 0
                    and any(says(normalise(s.item.search_text), t, plan.full_forms) for t in topical)]
        strong = [s.item for s in ranked if s.item in printing and s.coverage >= LISTED_SHARE / 2]
        # "有「主動積極」這項態度嗎", "有沒有年齡限制": the items of the kind asked come first
        asked = tuple(k for k in plan.kinds if k in LIST_KINDS)
        of_kind = [i for i in printing if i.kind in asked]
        pool = self.items.items_of(_records(self._where(plan)), asked or DEMAND_KINDS)
        alike: list[Item] = []
        aspect = " ".join(plan.aspect)
        if self.embed is not None and aspect and len(set(strong + of_kind + printing)) < MAX_SUPPORT:
            alike = [item for item, _ in closest(self.embed, aspect, pool, MAX_SUPPORT)]
        kind_items = pool if asked else []
        # what the vocabulary says is closest to a word no record prints (Kirkpatrick → 訓練成效評估) comes first
        def first_related(item: Item) -> int:  # the vocabulary lists the closest related term first
            text = normalise(item.search_text)
            return next((n for n, b in enumerate(plan.broader) if b in text), len(plan.broader))

        broad = sorted((s.item for s in self.items.rank(tuple(plan.broader), (), subjects=self._where(plan),
                                                        kinds=asked, limit=MAX_SUPPORT * 2)
                        if first_related(s.item) < len(plan.broader)),  # printing a related term whole
                       key=first_related) if plan.broader and self._where(plan) else []
        # "招聘網站或者ATS": two words no record prints, each its related terms: the closest item for each first
        groups = [g for t in plan.aspect if (g := related_terms().get(t))]
        if len(groups) >= 2:
            def group_of(item: Item) -> int:
                text = normalise(item.search_text)
                return next((n for n, g in enumerate(groups) if any(b in text for b in g)), len(groups))
            firsts = list({group_of(i): i for i in reversed(broad)}.items())
            broad = [i for _, i in sorted(firsts, key=lambda gi: gi[0])] + broad
        broad = list(dict.fromkeys(broad))[:MAX_BROADER_FIRST]
        # "跟工會溝通或協商": beside the related terms of the word no record prints, the item printing the other
        # words asked (溝通協調能力), the rarest words first
        weight = {t: self.items.rarity(t, plan.full_forms.get(t, ())) for t in plan.aspect}
        said_too = sorted((i for i in printing if i not in broad),
                          key=lambda i: -sum(weight[t] for t in plan.aspect
                                             if says(normalise(i.search_text), t, plan.full_forms)))
        said_too = said_too[:1] if broad else []
        return list(dict.fromkeys(broad + said_too + strong + of_kind + printing + alike + kind_items))[:MAX_SUPPORT]

    def detail(self, w: Writing, plan: Plan) -> bool:
        """The items that answer: the best one for each term the question uses, then the strongest."""
        ranked = [s for s in self._rank(plan, limit=24) if s.score > 0]
        # an HK unit asked for: its learning outcome or guideline for the role answers too, cited by the unit
        asked = [s for s in ranked if s.item.kind in plan.kinds
                 or (UNIT in plan.kinds and s.item.kind in ("outcome", "guideline"))
                 or (NOTE in plan.kinds and s.item.kind == DEFINITION)]  # a 【註】 definition is a note to a reader
        if TASK in plan.kinds and plan.form == LIST and plan.subjects:
            # tasks listed by what they involve too: "寫提案" picks 評估專案承接可行性, whose indicator develops 提案書
            tasks = {i.code: i for i in self.items.items_of(_records(plan.subjects), (TASK,))}
            for s in ranked:
                task = tasks.get(f"{s.item.record}/{s.item.parent}") if s.item.kind in (INDICATOR, OUTPUT) else None
                if task is not None and s.coverage > 0 and task not in [a.item for a in asked]:
                    asked.append(Scored(task, s.score, s.coverage))
        # the record's own definition of what is asked comes first ("宣傳方法是哪些" → its 【註】), whatever kind is asked
        shown: list[Item] = [s.item for s in ranked if s.item.kind == "definition"
                             and defines(s.item, plan.quoted or plan.terms)][:1]
        ranked = asked or ranked  # an item of the kind asked about, when one matches, before any other
        # "從來沒做過'內部稽核'，這塊具體要求什麼": the items printing what is quoted first, and only its word picks more
        quoted = [s for s in ranked if any(q in normalise(s.item.search_text) for q in plan.quoted)]
        ranked = quoted + [s for s in ranked if s not in quoted]
        if not ranked:
            return False
        if plan.examples_asked:  # "舉了哪些例子": the items that give examples of what is asked, first
            marked = load_cues().example_marked
            ranked = sorted(ranked, key=lambda s: not (s.coverage > 0 and marked.search(s.item.text)))
        for term in (plan.quoted if quoted else plan.terms):
            forms = (term,) + plan.full_forms.get(term, ())
            best = next((s.item for s in ranked if any(f in normalise(s.item.search_text) for f in forms)), None)
            if best is not None and best not in shown:
                shown.append(best)
        floor = ranked[0].score * RELATIVE_FLOOR
        # "從來沒做過'內部稽核'，這塊具體要求什麼": every item printing what is quoted (a few), whatever the usual length
        limit = max(MAX_DETAIL, min(len(quoted), MAX_LISTED))
        if plan.form == LIST and asked:  # "有哪些…課程": every item of that kind the words pick out
            shown += [s.item for s in asked if s.coverage > 0 and s.item not in shown]
            limit = MAX_LISTED
        # "證明或年資", "之前還有哪幾版": a short section asked about, all of it ("whoever runs those projects, what
        # experience should they have": the entry requirements of the record found, every line)
        whole = self._small_section(plan, ranked[0].item.record if ranked else "")
        if whole:
            shown = [i for i in shown if i in whole] + [i for i in whole if i not in shown]
            limit = max(limit, len(whole))
            if plan.admission_asked:  # "入學要求": what admits to the qualification, not what employers ask
                ranked = [s for s in ranked if s.item.kind != ENTRY or s.item in whole]
        shown += [s.item for s in ranked if s.score >= floor and s.item not in shown]
        head = shown[:limit]
        if group := self._numbered_group(plan, head):  # "會用哪些方法考核": the items found are numbered parts of
            shown = [i for i in head if i in group] + [i for i in group if i not in head]  # one list: every part
            limit = len(shown)
        order = [s.item for s in ranked]
        shown = sorted(shown[:limit], key=lambda i: (not defines(i, plan.terms) if i.kind == "definition" else True,
                                                     order.index(i) if i in order else len(order)))
        # one record named: its label leads; none or several: each line says whose item it is
        one_record = len(plan.subjects) == 1 or len({i.record for i in shown}) == 1 and len(plan.subjects) <= 2
        if plan.subjects and (one_record or len(plan.subjects) == 2):
            kinds = {i.kind for i in shown}
            w.add(w.say("detail_lead", subject=self._subject_label(w, plan) if len(plan.subjects) <= 2
                        else self._record_label(w, shown[0].record),
                        kind=w.kind(shown[0].kind) if len(kinds) == 1 else w.say("items")))
        else:
            w.add(w.say("found_in"))
        lines = self._lines_once(w, shown, with_record=not (plan.subjects and one_record))
        tasks = [(n, found) for n, item in enumerate(shown) if (found := self._task_of(item)) is not None]
        if len(shown) <= 2 and tasks and len(lines) == len(shown):  # "轉介要做哪些事": a task's name says little,
            at, (standard, task) = tasks[0]  # its indicators and outputs say it
            lines[at + 1:at + 1] = self._task_content(w, standard, task)
        for line in lines:
            w.add(line)  # a note every role prints alike: once, with each code
        return True

    def _task_of(self, item: Item):
        """The (standard, task) a task item is, when it is one task (not a duty heading) of a standard."""
        if item.kind != TASK or not item.parent:
            return None
        standard = self.corpus.document(item.record)
        local = item.code.rsplit("/", 1)[-1]
        task = standard.task(local) if isinstance(standard, Standard) else None
        return (standard, task) if task is not None and (task.indicators or task.outputs) else None

    def _task_content(self, w: Writing, standard: Standard, task) -> list[str]:
        """What a task shown in an answer consists of, as lines under it: how it is done and what it produces."""
        return ([f"  - {w.q(p.text)}{w.cite(standard.qualify(p.code))}" for p in task.indicators]
                + [f"  - {w.kind(OUTPUT)} {w.q(o.text)}{w.cite(standard.qualify(o.code))}" for o in task.outputs])

    def _item_says_more(self, plan: Plan, task) -> bool:
        """Whether an item of the kind asked prints more of the question's words than the task the words
        describe: "做完訓練成效評估之後要交出什麼文件" is its output 訓練評估報告, not a task about 評估."""
        asked = tuple(k for k in plan.kinds if k in (OUTPUT, KNOWLEDGE, SKILL))
        if not asked or not plan.terms:
            return False
        wording = _task_wording(task)
        in_task = sum(1 for t in plan.terms if says(wording, t, plan.full_forms))
        ranked = self.items.rank(plan.terms, plan.broader, subjects=self._where(plan), only=asked,
                                 full_forms=plan.full_forms, limit=3)
        return any(r.score > 0 and r.coverage > in_task / len(plan.terms) for r in ranked)

    def _numbered_group(self, plan: Plan, shown: list[Item]) -> list[Item]:
        """Every item of a numbered list ("評量方法 1" … "評量方法 5") when the items of the asked kind found are
        all parts of that one list."""
        found = [i for i in shown if i.kind in plan.kinds]
        if not found or not all(_NUMBERED_LABEL.search(i.label) for i in found):
            return []
        stems = {_NUMBERED_LABEL.sub("", i.label) for i in found}
        if len(stems) != 1:
            return []
        stem = stems.pop()
        records = tuple(dict.fromkeys(i.record for i in found))
        return [i for i in self.items.items_of(records, tuple({i.kind for i in found}))
                if _NUMBERED_LABEL.search(i.label) and _NUMBERED_LABEL.sub("", i.label) == stem][:MAX_LISTED]

    def _small_section(self, plan: Plan, found: str = "") -> list[Item]:
        """Every item of the kind asked, of the one record asked about (none named: of the record `found`, when
        the kind is one a record prints a few of), when there are only a few of them."""
        kinds = tuple(k for k in plan.kinds if k in LIST_KINDS)
        records = _records(plan.subjects) or ((found,) if found and kinds and set(kinds) <= SMALL_KINDS else ())
        if len(records) != 1 or not kinds:
            return []
        items = _admitting(plan, self.items.items_of(records, kinds))
        # "軟技能要乜嘢水平": a list asked is the whole list, a detail the whole of a short section
        return items if len(items) <= (MAX_LISTED if plan.form == LIST else SMALL_SECTION) else []

    def how(self, w: Writing, standard: Standard, task) -> None:
        """A task in full: how it is done (indicators), what it produces, the K/S it uses."""
        code = standard.qualify(task.code)
        w.add(w.say("how_lead", subject=self._record_label(w, standard.code), task=w.kind(TASK),
                    name=f"{task.code} {w.q(task.name)}", cite=w.cite(code)))
        for p in task.indicators:
            w.add(f"- {w.q(p.text)}{w.cite(standard.qualify(p.code))}")
        w.add("")
        w.add(w.say("how_outputs") if task.outputs else w.say("how_none"))
        for o in task.outputs:
            w.add(f"- {w.q(o.text)}{w.cite(standard.qualify(o.code))}")
        if task.knowledge or task.skills:
            w.add("")
            w.add(w.say("how_ks"))
            for k in task.knowledge + task.skills:
                w.add(f"- {w.q(k.text)}{w.cite(standard.qualify(k.code))}")

    def task_detail(self, w: Writing, standard: Standard, task, kinds: tuple[str, ...]) -> None:
        """The part of one task the question asks for: its outputs, its K/S, or all of it."""
        asked = set(kinds) - {TASK}
        if not asked or INDICATOR in asked:
            self.how(w, standard, task)
            return
        w.add(w.say("task_lead", subject=self._record_label(w, standard.code), task=w.kind(TASK),
                    name=f"{task.code} {w.q(task.name)}", cite=w.cite(standard.qualify(task.code))))
        pools = ((OUTPUT, task.outputs), (KNOWLEDGE, task.knowledge), (SKILL, task.skills))
        for kind, pool in pools:
            if kind not in asked:
                continue
            w.add(w.say("part", kind=w.kind(kind)))
            if not pool:
                w.add(w.say("list_none", subject=w.kind(TASK), kind=w.kind(kind)))
            for entry in pool:
                w.add(f"- {w.q(entry.text)}{w.cite(standard.qualify(entry.code))}")

    def list_at_level(self, w: Writing, plan: Plan) -> None:
        kinds = tuple(k for k in plan.kinds if k in (TASK, UNIT))
        items = [i for i in self.items.items_of(plan.subjects, kinds)
                 if i.level == plan.level_asked and (i.kind != TASK or i.parent)]
        label = self._subject_label(w, plan)
        w.add(w.say("at_level", subject=label, kind=w.kind(kinds[0]), level=plan.level_asked, count=len(items)))
        for item in items:
            w.add(self._item_line(w, item))

    def _courses_at_level(self, plan: Plan) -> list[Item]:
        """The courses at the level asked, of the roles asked about (else of every career path in the framework
        named), those printing the question's words first."""
        records = _records(plan.subjects) or tuple(r.id for p in self.corpus.career_paths for r in p.roles
                                                   if not plan.framework or framework_of(r.id) == plan.framework)
        at_level = [i for i in self.items.items_of(records, (COURSE,)) if i.level == plan.level_asked]
        topical = plan.aspect
        about = [i for i in at_level if any(t in normalise(i.text) for t in topical)]
        return about + [i for i in at_level if i not in about]

    def counts(self, w: Writing, plan: Plan) -> None:
        """How many items of each asked kind each subject lists (an HK role's units: core and functional)."""
        for subject in plan.subjects:
            for kind in (k for k in plan.kinds if k in LIST_KINDS):
                # tasks counted are those under a duty (or under the item named), the duties when they are asked
                items = [i for i in self.items.items_of((subject,), (kind,)) if i.code != subject
                         and (kind != TASK or "/" in subject
                              or (not i.parent if plan.duties_asked else bool(i.parent)))]
                if not items:
                    continue
                role = self.corpus.role(subject)
                detail = w.say("count_units", core=len(role.core_units), functional=len(role.functional_units)) \
                    if role is not None and kind == UNIT else ""
                label = w.kind("duty" if kind == TASK and plan.duties_asked and "/" not in subject else kind)
                w.add(w.say("count_line", subject=self._record_label(w, subject), count=len(items), kind=label,
                            detail=detail, cite=w.cite(subject)))
        if w.lines:
            w.add("")

    def extreme(self, w: Writing, plan: Plan) -> bool:
        """Of the items the latest answer listed (else the units the plan selects), those with the most (or least)
        credits or the highest (or lowest) level, with the figure; False when fewer than two carry the figure."""
        figure = CREDIT if CREDIT in plan.kinds else LEVEL
        items = [i for i in map(self.items.item, plan.listed_before) if i is not None]
        among = w.say("among_listed_before")
        if not items and UNIT in plan.kinds and plan.subjects:
            # "人才管理助理啲能力單元入面，邊個學分最多": the units of the records named, those the words select
            # ("core") when they select two or more
            units = self.items.items_of(plan.subjects, (UNIT,))
            words = [t for t in plan.aspect if t not in plan.unknown_terms]
            picked = [i for i in units if all(says(normalise(i.search_text), t, plan.full_forms) for t in words)]
            items = list({i.code: i for i in (picked if len(picked) >= 2 else units)}.values())
            among = w.say("among_listed_by", subject="、".join(self._record_label(w, s) for s in plan.subjects))
        valued = [(getattr(i, "credits" if figure == CREDIT else "level"), i) for i in items]
        valued = [(v, i) for v, i in valued if v is not None]
        if len(valued) < 2:
            return False
        best = (max if plan.superlative == "most" else min)(v for v, _ in valued)
        w.add(w.say(f"extreme_{plan.superlative}_{figure}", count=len(valued), among=among))
        for value, item in valued:
            if value == best:
                w.add(self._item_line(w, item) + w.say("level_credits_suffix", level=item.level, credits=item.credits))
        return True

    def credits_apart(self, w: Writing, plan: Plan) -> None:
        """The units whose credits differ from their QF level (a qualification's credits are their sum)."""
        for subject in plan.subjects:
            units = [i for i in self.items.items_of((subject,), (UNIT,)) if i.level is not None and i.credits is not None]
            apart = [i for i in units if i.credits != i.level]
            if not units:
                continue
            w.add(w.say("credits_apart", subject=self._record_label(w, subject), count=len(apart), total=len(units)))
            for item in apart:
                w.add(self._item_line(w, item) + w.say("level_credits_suffix", level=item.level, credits=item.credits))

    def list_by_level(self, w: Writing, plan: Plan) -> None:
        """The tasks (or units) whose level is above, below or the same as their own record's level (or a task's)."""
        kinds = tuple(k for k in plan.kinds if k in (TASK, UNIT))
        for subject in plan.subjects:
            base = subject.split("/", 1)[0]
            record = self.corpus.owner(base)
            own, _, _ = self._level_of(record, subject)
            if own is None:
                continue
            # a task named ("就業轉介任務，職能級別是否比其他任務高"): the other tasks of its record that are not below
            # it (or above it), so a tie is seen; a record named: its tasks above (or below) its own level
            one_task, above, same = "/" in subject, plan.level_relation == "above", plan.level_relation == "same"
            items = [i for i in self.items.items_of((base,), kinds) if i.level is not None and i.code != subject
                     and (i.kind != TASK or i.parent)
                     and (i.level == own if same else one_task if i.level == own else (i.level > own) == above)]
            label = self._record_label(w, subject)
            key = f"level_{plan.level_relation}" + ("_item" if one_task else "") + ("" if items else "_none")
            w.add(w.say(key, subject=label, kind=w.kind(kinds[0]), level=own, count=len(items), cite=w.cite(subject)))
            for item in items:
                w.add(self._item_line(w, item) + w.say("at_level_suffix", level=item.level))

    def likened(self, w: Writing, plan: Plan) -> None:
        """The subject's items of the kind asked closest to an item of another record ("香港經理級那個「進行培訓
        需要分析」，跟台灣訓練經理哪一條行為指標最像"), by that item's wording."""
        named = self.items.item(plan.likened) if "/" in plan.likened else None
        wording = named.text if named else self.vocab.name_of(plan.likened)
        # its wording first (an item printing most of it), then what reads most like it ("彈性" against an attitude
        # worded otherwise, "應對不確定性")
        section = self.items.items_of(plan.subjects, plan.kinds)
        whole = len(section) <= SMALL_SECTION  # a short section is shown whole, closest first
        shown = len(section) if whole else MAX_SUPPORT
        ranked = [s.item for s in self.items.rank(plan.terms, plan.broader, subjects=plan.subjects, only=plan.kinds,
                                                    full_forms=plan.full_forms, limit=shown)
                  if s.score > 0 and s.coverage >= LISTED_SHARE]
        if self.embed is not None and len(ranked) < shown:
            ranked += [i for i, _ in closest(self.embed, wording, [i for i in section if i not in ranked],
                                             shown - len(ranked))]
        if whole:
            ranked += [i for i in section if i not in ranked]
        w.add(w.say("likened", item=w.q(wording), cite=w.cite(plan.likened), subject=self._subject_label(w, plan),
                    kind=w.kind(plan.kinds[0])))
        for item in ranked:
            w.add(self._item_line(w, item))
        if not ranked:
            w.add(w.say("likened_none"))

    def multi(self, w: Writing, plan: Plan, focus, also=None) -> None:
        """Each part of the question answered in turn (`also`: a second task the question describes)."""
        if not plan.subjects and not focus:
            plan = replace(plan, subjects=self._subject_from_terms(plan))
        # "「職能學習地圖」是哪個工作任務的產出？那個任務底下有幾條行為指標": the task above the item named
        focus = focus or self._named_task(plan) or (self._task_above(plan) if TASK in plan.kinds else None)
        numeric = tuple(k for k in plan.kinds if k in (LEVEL, CREDIT))
        unit = self._focused_unit(plan) if numeric and UNIT in plan.kinds else None
        if numeric and plan.subjects and not (unit and plan.unit_referred):
            self.level_and_credits(w, plan, numeric)
        if unit is not None:  # "助理要識僱傭條例嗎？嗰個單元幾多學分？": that unit's level and credits
            found = self.corpus.hk_unit(unit)
            w.add(w.say("unit_lead", title=w.q(found.title), level=found.qf_level, credits=found.credits,
                        cite=w.cite(unit)))
        rest = tuple(k for k in plan.kinds if k not in (LEVEL, CREDIT) and k in LIST_KINDS)
        if not focus:  # "要涵蓋多少單元才算「能力為本課程」": the note on the quoted thing answers
            quoted = self._quoted_notes(plan)
            for line in self._lines_once(w, quoted, with_record=True):
                w.add(line)
            # "X 在那個單元裡指什麼？還有它最近一次修訂是哪一年": the record's own definition is a part
            defined = [i for i in self.items.items_of(_records(plan.subjects), (DEFINITION,)) if defines(i, plan.terms)]
            for line in self._lines_once(w, [i for i in defined if i not in quoted][:1]):
                w.add(line)
        if focus and set(rest) <= TASK_KINDS:
            for task in (focus, also) if also else (focus,):
                if w.lines:
                    w.add("")
                if TASK in rest and len(rest) > 1:  # "what is done, and what does it take": the task in full
                    self.how(w, *task)
                else:
                    self.task_detail(w, *task, rest)
            return
        for kind in rest:
            items = self._of_kind(plan, kind)
            if not items:
                continue
            if w.lines:
                w.add("")
            # a standard's top tasks are its duties (主要職責); a competency unit's are its tasks
            named = "duty" if kind == TASK and plan.duties_asked and not any(i.parent for i in items) \
                and all(isinstance(self.corpus.document(i.record), Standard) for i in items) else kind
            w.add(w.say("part", kind=w.kind(named)))
            several = len({i.record for i in items}) > 1  # "哪個單元跟哪個崗位": whose item each one is
            for item in items:
                w.add(self._item_line(w, item, with_record=several, kind=named))

    def _quoted_notes(self, plan: Plan) -> list[Item]:
        """The notes or definitions that print a term the question quotes, in the records asked about (else
        in those printing it); a note every role prints alike comes with each of them."""
        if not plan.quoted:
            return []
        where = _records(self._where(plan)) or self._printing(plan)
        best = [s.item for s in self.items.rank(plan.quoted, subjects=where, only=(NOTE, DEFINITION), limit=2)
                if s.score > 0 and s.coverage >= 1]
        texts = {normalise(i.text) for i in best}
        alike = [i for i in self.items.items_of(where, (NOTE, DEFINITION)) if normalise(i.text) in texts]
        return list(dict.fromkeys(best + alike))

    def _lines_once(self, w: Writing, items: list[Item], with_record: bool = False) -> list[str]:
        """One line per text: an item several records print alike is shown once, with each one's code."""
        by_text: dict[tuple[str, str], list[Item]] = {}
        for item in items:
            by_text.setdefault((item.kind, normalise(item.text)), []).append(item)
        lines = []
        for same in by_text.values():
            line = self._item_line(w, same[0], with_record=with_record and len(same) == 1)
            if len(same) > 1:
                line = line.removesuffix(w.cite(same[0].code)) + w.cite(*(i.code for i in same))
            lines.append(line)
        return lines

    def _printing(self, plan: Plan) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r for q in plan.quoted for r in self.items.printing(q)))[:MAX_PRINTING]

    def _marked_on(self, w: Writing, note: Item) -> None:
        """The items of the note's record whose text carries its mark ("…評量工具【註2】與方式"): what it explains."""
        if note.kind != DEFINITION or not note.label.startswith("【"):
            return
        marking = [i for i in self.items.items_of((note.record,)) if i.kind != DEFINITION and note.label in i.text]
        if marking:
            w.add(w.say("marked_on", mark=note.label))
            for item in marking:
                w.add(self._item_line(w, item))

    def _marked_notes(self, plan: Plan) -> list[Item]:
        labels = {f"【註{mark}】" for mark in plan.note_marks}
        return [i for i in self.items.items_of(_records(self._where(plan)), ("definition",)) if i.label in labels]

    def named_items(self, w: Writing, plan: Plan) -> None:
        items = [i for i in map(self.items.item, plan.subjects) if i is not None]
        if not items:
            return
        kinds = {i.kind for i in items}
        records = list(dict.fromkeys(i.record for i in items))
        w.add(w.say("detail_lead", subject="、".join(self._record_label(w, r) for r in records),
                    kind=w.kind(items[0].kind) if len(kinds) == 1 else w.say("items")))
        for item in items:
            w.add(self._item_line(w, item))

    def list_under(self, w: Writing, plan: Plan) -> None:
        kinds = tuple(k for k in plan.kinds if k in LIST_KINDS) or (TASK,)
        items = self._items_under(replace(plan, kinds=kinds))
        label = self._subject_label(w, plan)
        if not items:
            w.add(w.say("list_none", subject=label, kind=w.kind(kinds[0])))
            return
        w.add(w.say("list_lead", subject=label, count=len(items), kind=w.kind(kinds[0])))
        for item in items:
            w.add(self._item_line(w, item, under_shown=True))

    def level_and_credits(self, w: Writing, plan: Plan, kinds: tuple[str, ...]) -> None:
        for subject in plan.subjects or self._subject_from_terms(plan):
            record = self.corpus.owner(subject.split("/", 1)[0])
            label = self._record_label(w, subject, with_code=False)
            level, credits, qf = self._level_of(record, subject)
            if LEVEL in kinds or (CREDIT in kinds and qf and level is not None):  # QF credits come with their level
                if level is None:
                    w.add(w.say("no_level", subject=label))
                    continue
                # "級別是不是5級？": yes or no first; each record's level under the name it prints (基準級別)
                said = "" if plan.level_said is None else w.say("yes" if plan.level_said == level else "no")
                key = "qf_level_of" if qf else "standard_level_of" if isinstance(record, Standard) and "/" not in subject \
                    else "unit_level_of" if isinstance(record, CompetencyUnit) else "level_of"
                w.add(said + w.say(key, subject=label, level=level, cite=w.cite(subject)))
            if credits is not None and (CREDIT in kinds or (qf and level is not None)):  # and a QF level with
                w.add(w.say("credits_of", subject=label, credits=credits, cite=w.cite(subject)))  # its credits
            if isinstance(record, HKUnit):
                self._listed_by(w, record.code)

    def compare(self, w: Writing, plan: Plan) -> bool:
        """Two records side by side on what is asked (their levels, then the asked kinds or terms),
        and what differs: the items only one side lists."""
        sides = [s for s in plan.subjects if self.corpus.owner(s.split("/", 1)[0]) is not None][:2]
        if len(sides) == 1 and len(plan.quoted) >= 2:
            return self._each_quoted(w, plan, sides[0])  # "「高級水平」同「中級水平」有咩分別": what each says
        if len(sides) == 1:
            return self._versions(w, plan, sides[0])
        if len(sides) < 2:
            return False
        labels = [self._record_label(w, s) for s in sides]
        w.add(w.say("compare_lead", left=labels[0], right=labels[1]))
        for side, label in zip(sides, labels):
            level, credits, qf = self._level_of(self.corpus.owner(side.split("/", 1)[0]), side)
            if level is not None:
                key = "compare_qf" if qf else "compare_level"
                w.add(w.say(key, name=label, level=level, credits=credits if credits is not None else "—",
                            cite=w.cite(side)))
        if len({framework_of(s) for s in sides}) > 1:
            w.add(w.say("compare_scales"))
        if set(plan.kinds) == {UNIT} and len(areas := self._areas_named(replace(plan, subjects=tuple(sides)))) >= 2:
            for role, area in areas:  # "主任與經理在「員工學習及發展」下所列的能力單元有何不同": each one's, every one
                self.units_in_area(w, role, area)
            return True
        kinds = tuple(k for k in plan.kinds if k in LIST_KINDS)
        work_asked = set(plan.kinds) & (WORK_KINDS | {LEVEL, CREDIT})
        topical = [t for t in plan.telling if t not in plan.work_words]
        if set(plan.kinds) <= {LEVEL, CREDIT} and topical:
            # "兩者服務的對象差在哪" (beside their levels): what each job is for, in its own words, then what each
            # prints on the words asked
            at = len(w.lines)
            self._what_each_is(w, sides)
            if self._compare_terms(w, plan, sides):
                return True  # "就服的多元文化認知跟協調職涯發展的平等、多元有關係嗎": what each prints on it
            del w.lines[at:]
        if not work_asked:  # nothing of the work or its level asked ("both are 1212, what differs?")
            self._what_each_is(w, sides)  # what each job is for, in its own words
            if plan.quoted:  # "就業轉介 和單元裡的「管理服務供應商與契約」是不是一回事": the item printing it
                quoting = [i for i in self.items.items_of(tuple(sides)) if i.kind != OVERVIEW
                           and any(q in normalise(i.text) for q in plan.quoted)]
                for line in self._lines_once(w, quoting[:MAX_DETAIL], with_record=True):
                    w.add(line)
            if len({framework_of(s) for s in sides}) > 1 and self._related(w, sides, labels):
                return True  # two frameworks: their items differ in kind, so what relates is matched by content
            kinds += self._main_kinds(sides)  # what each does
        elif not kinds and not (plan.terms and self._compare_terms(w, plan, sides)) and work_asked <= {LEVEL, CREDIT}:
            # "級別、行業": the levels above, then what each prints for the rest; "差在哪？哪個級別比較高" (nothing
            # printed on the rest): the levels, and what each job is for
            self._what_each_is(w, sides)
        if kinds and plan.quoted:  # "在「學習理論」上的要求有什麼差別？哪一份把它列成知識": what each prints on it first
            said = plan.quoted + tuple(t for t in plan.terms if t not in plan.quoted and any(t in q for q in plan.quoted))
            self._compare_terms(w, replace(plan, terms=said, broader=(), phrases=()), sides)  # the quote, or its words
        for kind in kinds:
            columns = [self._side_items(plan, side, kind) for side in sides]
            if not any(columns):
                continue
            # what each side lists at all (a filter by the words asked picks what is shown, not what is shared)
            every = [self.items.items_of((side,), (kind,)) for side in sides]
            texts = [{_compared(i) for i in column} for column in every]
            w.add("")
            w.add(w.say("compare_kind", kind=w.kind(kind)))
            for label, column, other in ((labels[0], columns[0], texts[1]), (labels[1], columns[1], texts[0])):
                only = [i for i in column if _compared(i) not in other]
                w.add(w.say("compare_only", name=label, count=len(only)) if only else w.say("compare_none_only", name=label))
                for item in only[:MAX_COMPARE]:
                    w.add(self._item_line(w, item, under_shown=True))
                if len(only) > MAX_COMPARE:
                    w.add(w.say("more", count=len(only) - MAX_COMPARE))
            # "how many core units each, and any unit in both": in both at all, whatever the words picked
            shared = [i for i in columns[0] if _compared(i) in texts[1]] \
                or [i for i in every[0] if _compared(i) in texts[1]]
            if shared:
                w.add(w.say("compare_shared", items=("、" if not w.en else ", ").join(
                    w.q(i.label if i.kind == SOFT_SKILL else i.text) + (w.cite(i.code) if i.code != i.record else "")
                    for i in shared[:MAX_COMPARE])))
        return True

    def _each_quoted(self, w: Writing, plan: Plan, side: str) -> bool:
        """Two things a record names, compared: the first item printing each, side by side."""
        items = self.items.items_of((side,))
        found = [next((i for i in items if q in normalise(i.text)), None) for q in plan.quoted]
        if not all(found):
            return False
        w.add(w.say("compare_quoted", subject=self._record_label(w, side),
                    terms=("、" if not w.en else ", ").join(w.q(q) for q in plan.quoted)))
        for line in self._lines_once(w, list(dict.fromkeys(found))):
            w.add(line)
        return True

    def _what_each_is(self, w: Writing, sides: list[str]) -> None:
        """Each side's description of the job (its first purpose line) and its own note on where it applies."""
        lines = []
        for side in sides:
            item = next((i for i in self.items.items_of((side.split("/", 1)[0],), (TASK,)) if i.code == side), None)
            task = self._task_of(item) if item is not None else None
            if task is not None:  # a task compared: how it is done and what it produces
                lines += [self._item_line(w, item, with_record=True)] + self._task_content(w, *task)
                continue
            own = self.items.items_of((side,), (PURPOSE, NOTE))
            purpose = [i for i in own if i.kind == PURPOSE][:1]
            note = [i for i in own if i.kind == NOTE and i.label == "說明"][:1]  # a standard's note on its name
            if not purpose:  # a competency unit states no purpose: its first piece of work says what it is for,
                # and its tasks what it centres on
                purpose = self.items.items_of((side,), (INDICATOR,))[:1] + self.items.items_of((side,), (TASK,))
            lines += [self._item_line(w, i, with_record=True) for i in purpose + note]
        if lines:
            w.add("")
        for line in lines:
            w.add(line)

    def _compare_terms(self, w: Writing, plan: Plan, sides: list[str]) -> bool:
        """What each side prints on the words asked; False when a side prints nothing on them."""
        per_side = []
        for side in sides:
            ranked = self.items.rank(plan.terms, plan.broader, subjects=(side,), full_forms=plan.full_forms,
                                     limit=MAX_PER_SIDE, phrases=plan.phrases)
            per_side.append([self._item_line(w, s.item, with_record=True) for s in ranked
                             if s.score > 0 and s.coverage > 0])
        if not all(per_side):
            return False
        w.add("")
        said = plan.aspect or plan.terms
        w.add(w.say("compare_on", terms=("、" if not w.en else ", ").join(said)))
        w.lines += [line for lines in per_side for line in lines]
        return True

    def _related(self, w: Writing, sides: list[str], labels: list[str]) -> bool:
        """Records of two frameworks: the right side's items the left side's cover (by the move matcher:
        wording and shared concepts), then what each lists that the other does not."""
        try:
            found = moves.move(self.corpus, sides[0], sides[1])
        except KeyError:
            return False
        related = [m for m in found.items if m.covered]
        w.add("")
        w.add(w.say("compare_related", count=len(related)))
        for m in related[:MAX_COMPARE]:
            covering = "、".join(f"{w.q(c.text)}{w.cite(c.code)}" for c in m.covered_by[:2])
            w.add(f"- {w.q(m.target_text)}{w.cite(m.target)} ↔ {covering}")
        used = {c.code for m in related for c in m.covered_by}
        left_only = [i for i in self.items.items_of((sides[0],), self._main_kinds(sides[:1])) if i.code not in used
                     and i.code != sides[0] and (i.kind != TASK or i.parent)]
        right_only = [m for m in found.items if not m.covered and m.kind in self._main_kinds(sides[1:])]
        for label, only in ((labels[0], [(i.text, i.code) for i in left_only]),
                            (labels[1], [(m.target_text, m.target) for m in right_only])):
            w.add("")
            w.add(w.say("compare_only", name=label, count=len(only)) if only else w.say("compare_none_only", name=label))
            for text, code in only[:MAX_COMPARE]:
                w.add(f"- {w.q(text)}{w.cite(code)}")
        return True

    def _versions(self, w: Writing, plan: Plan, side: str) -> bool:
        """One standard compared with an earlier version of itself: its version table, which is what the
        documents say of versions (they do not list what changed item by item)."""
        standard = self.corpus.document(side.split("/", 1)[0])
        if not isinstance(standard, Standard) or len(standard.versions) < 2:
            return False
        said = {normalise(v) for v in plan.said_versions}
        others = [v for v in standard.versions if v.code != standard.code
                  and (normalise(v.version) in said or normalise(v.code) in said)]
        if not others:
            return False
        w.add(w.say("versions_lead", subject=self._record_label(w, standard.code)))
        for item in self.items.items_of((standard.code,), (VERSION,)):
            w.add(self._item_line(w, item))
        w.add(w.say("versions_no_diff"))
        return True

    def _side_items(self, plan: Plan, side: str, kind: str) -> list[Item]:
        items = self.items.items_of((side,), (kind,))
        if kind == TASK and plan.duties_asked:  # "number of main duties": the duties side by side
            items = [i for i in items if not i.parent] or items
        if plan.telling and len(items) > MAX_COMPARE:
            # every item the words asked select ("核心單元": all sixteen core units), in the record's order
            ranked = self.items.rank(plan.telling, plan.broader, subjects=(side,), only=(kind,),
                                     full_forms=plan.full_forms, limit=len(items))
            chosen = {s.item for s in ranked if s.score > 0}
            items = [i for i in items if i in chosen] or items[:MAX_COMPARE]
        return items

    def _main_kinds(self, sides) -> tuple[str, ...]:
        """What two records are compared on when the question names nothing: their tasks or units."""
        kinds = []
        for side in sides:
            kinds.append(UNIT if self.corpus.role(side) else TASK)
        return tuple(dict.fromkeys(kinds))

    # --- helpers ------------------------------------------------------------------------

    def _rank(self, plan: Plan, limit: int) -> list[Scored]:
        kinds = tuple(k for k in plan.kinds if k not in (LEVEL, CREDIT))
        return self.items.rank(plan.terms, plan.broader, subjects=self._where(plan), kinds=kinds,
                               full_forms=plan.full_forms, limit=limit, phrases=plan.phrases,
                               kind_phrases=plan.kind_phrases)

    def _of_kind(self, plan: Plan, kind: str) -> list[Item]:
        kinds = (NOTE, DEFINITION) if kind == NOTE else (kind,)  # a 【註】 definition is a note to a reader
        # "what's the industry code, and which attitude is A05": a kind the record holds, not its items, is the record's
        where = _records(plan.subjects) if kind in RECORD_LEVEL_KINDS else plan.subjects
        items = _admitting(plan, self.items.items_of(where, kinds) if plan.subjects else [])
        if not items and plan.subjects and not any("/" in x for x in plan.subjects) \
                and (cue := load_cues().kinds.get(kind)) is not None:
            # none of that kind, but an item labelled as one ("基準更新紀錄", a note, for the versions asked)
            items = [i for i in self.items.items_of(_records(plan.subjects)) if i.label != i.code
                     and cue.search(normalise(i.label))]
        seen: set[tuple[str, str]] = set()
        items = [i for i in items if not (i.kind == UNIT and i.code in plan.subjects)
                 and not (i.kind == TASK and "/" in i.code and i.code in plan.subjects)  # the duty asked about
                 and not ((i.code, i.text) in seen or seen.add((i.code, i.text)))]
        if kind in (UNIT, TASK) and plan.level_asked is not None \
                and (at_level := [i for i in items if i.level == plan.level_asked]):
            items = at_level  # "which of the level-7 core units": those at that level (a role's units are of several)
        under_item = any("/" in s for s in plan.subjects)  # "T2 底下的任務": every one of them, not the closest
        if kind == TASK and plan.duties_asked and not under_item:  # "三個主要職責各叫什麼": the duties, all of them
            return [i for i in items if not i.parent] or items
        # "做學生生涯輔導二十幾年…我這背景大概缺哪些知識": what sets the scene of a gap is what the user has, not
        # what picks the items missing
        terms = [t for t in plan.terms if not (plan.gap_asked and t in plan.scene_terms)]
        broader = plan.broader if terms == list(plan.terms) else ()
        if terms and len(items) > MAX_DETAIL and not under_item:
            kept = set(items)
            ranked = self.items.rank(terms, broader, subjects=plan.subjects, only=kinds,
                                     full_forms=plan.full_forms, limit=len(items))
            picked = [s.item for s in ranked if s.score > 0 and s.item in kept][:MAX_DETAIL]
            # "會用哪些方法考核": the closest are numbered parts of one list (評量方法 1–5), so all of it
            items = self._numbered_group(replace(plan, kinds=kinds), picked) or picked or items
        return items

    def unit_detail(self, w: Writing, plan: Plan, code: str) -> None:
        """An HK unit the question describes: its code, level and credits, the roles listing it, and the
        parts asked about (learning outcome, assessment guidelines)."""
        unit = self.corpus.hk_unit(code)
        w.add(w.say("unit_lead", title=w.q(unit.title), level=unit.qf_level, credits=unit.credits, cite=w.cite(code)))
        self._listed_by(w, code)
        for kind in [k for k in plan.kinds if k in ("outcome", "guideline")] or ["outcome", "guideline"]:
            items = [i for i in self.items.items_of((code,), (kind,))]
            if items:
                w.add("")
                w.add(w.say("part", kind=w.kind(kind)))
                for item in items:
                    context = f"（{item.context}）" if item.context and not w.en else (f" ({item.context})" if item.context else "")
                    w.add(f"- {w.q(item.text)}{context}{w.cite(code)}")

    def units_of_status(self, w: Writing, role_code: str, core: bool) -> None:
        """A role's core (or functional) units, every one, with its function area, level and credits."""
        role = self.corpus.role(role_code)
        units = [self.corpus.hk_unit(ref.code) for ref in role.units if ref.core == core]
        if w.lines:
            w.add("")
        w.add(w.say("units_of_status", role=w.q(role.title), status=w.say("core" if core else "functional"),
                    count=len(units), credits=sum(u.credits or 0 for u in units), cite=w.cite(role_code)))
        said = {i.code: i.text for i in self.items.items_of((role_code,), (UNIT,))}  # with its function area
        for unit in units:
            w.add(_unit_line(w, unit, said.get(unit.code, unit.title)))

    def units_in_area(self, w: Writing, role_code: str, area: str) -> None:
        """A role's units under one function area, every one, with its level and credits."""
        role = self.corpus.role(role_code)
        units = [u for ref in role.units if (u := self.corpus.hk_unit(ref.code)) and u.function_area == area]
        if w.lines:
            w.add("")
        w.add(w.say("units_in_area", role=w.q(role.title), area=area, count=len(units),
                    credits=sum(u.credits or 0 for u in units), cite=w.cite(role_code)))
        for unit in units:
            w.add(_unit_line(w, unit, unit.title))

    def _areas_named(self, plan: Plan) -> list[tuple[str, str]]:
        """(role, function area) for each role asked about whose units' function area the question names whole
        (a term or a quoted phrase)."""
        said = [normalise(t) for t in plan.quoted + plan.terms]
        named = []
        for code in plan.subjects:
            role = self.corpus.role(code)
            areas = dict.fromkeys(u.function_area for ref in (role.units if role else ())
                                  if (u := self.corpus.hk_unit(ref.code)))
            named += [(code, a) for a in areas if any(normalise(a) == t or len(t) > len(a) and normalise(a) in t
                                                      for t in said)]
        return named

    def unit_not_listed(self, w: Writing, unit_code: str, role_code: str) -> None:
        """A role asked about a unit it does not list: no, the roles that do list it (the answer to "or only
        higher ranks?"), and what the role says nearest to it — its items printing the unit's title ("在制定和
        進行培訓需要分析上提供支援"), then those reading most like it. (A role that lists the unit is its context,
        not a second subject: the plan leaves the unit, answered by `unit_detail`.)"""
        unit, role = self.corpus.hk_unit(unit_code), self.corpus.role(role_code)
        w.add(w.say("unit_not_listed", role=w.q(role.title), title=w.q(unit.title), cite=w.cite(role_code)))
        w.add(w.say("unit_lead", title=w.q(unit.title), level=unit.qf_level, credits=unit.credits, cite=w.cite(unit_code)))
        self._listed_by(w, unit_code)
        pool = self.items.items_of((role_code,))
        near = [i for i in pool if normalise(unit.title) in normalise(i.text)]
        if self.embed is not None:
            work = [i for i in pool if i.kind in (UNIT, "outcome", PURPOSE)]  # not its notes or learning tips
            near += [i for i, _ in closest(self.embed, unit.title, work, MAX_SUPPORT) if i not in near]
        if near:
            w.add("")
            w.add(w.say("closest_in", role=w.q(role.title)))
            for item in near[:MAX_SUPPORT]:
                w.add(self._item_line(w, item))

    def _only_codes_asked(self, plan: Plan) -> bool:
        """Several items named by code, and none of them prints the question's words: those words say why
        or how they are wanted ("要建職能字典…A01 到 A05 可以一次列給我嗎"), the items are what is asked."""
        if len(plan.subjects) < 2 or not all("/" in c for c in plan.subjects) or plan.form == COMPARE:
            return False
        named = [i for i in self.items.items_of(_records(plan.subjects)) if i.code in plan.subjects]
        kinds = {i.kind for i in named}  # items of one kind, the kind asked ("T4.2 的產出編號怎麼是 O4.1.1" is not)
        return len(kinds) == 1 and (not plan.kinds or kinds <= set(plan.kinds)) \
            and not any(says(normalise(i.search_text), t, plan.full_forms) for i in named for t in plan.telling)

    def _unit_and_role(self, plan: Plan) -> tuple[str, str] | None:
        """A question naming one HK unit and one role that does not list it (one that does is the unit's
        context: the plan keeps the unit alone)."""
        units = [s for s in plan.subjects if self.corpus.hk_unit(s)]
        roles = [s for s in plan.subjects if self.corpus.role(s)]
        if len(units) == 1 and len(roles) == 1 and len(plan.subjects) == 2 and set(plan.kinds) <= {UNIT} \
                and units[0] not in self.corpus.role(roles[0]).unit_codes:
            return units[0], roles[0]
        return None

    def _listed_by(self, w: Writing, code: str) -> None:
        for role, ref in self.corpus.listing(code):
            w.add(w.say("listed_by", role=w.q(role.title), core=w.say("core" if ref.core else "functional"),
                        cite=w.cite(role.id)))

    def _focused_unit(self, plan: Plan) -> str | None:
        """The HK unit a question is about: named by code, or described by its title ("有冇一個單元係講
        預測分析…") when the question asks what a unit carries."""
        named = [s for s in plan.subjects if self.corpus.hk_unit(s)]
        if len(named) == 1 and (set(plan.kinds) & UNIT_KINDS or not plan.kinds):
            return named[0]
        if plan.subjects and not all(self.corpus.role(s) for s in plan.subjects) or not plan.terms:
            return None
        if plan.form == LIST or not set(plan.kinds) & UNIT_KINDS:
            return None  # units asked for as a list, or nothing a single unit carries
        ranked = self.items.rank(plan.terms, plan.broader, subjects=plan.subjects, only=(UNIT,),
                                 full_forms=plan.full_forms, limit=1)
        if ranked and ranked[0].score > 0 and ranked[0].coverage >= TASK_FOCUS_SHARE:
            return ranked[0].item.code
        return None

    def _subject_from_terms(self, plan: Plan) -> tuple[str, ...]:
        """The record (or HK unit) the question describes without naming it."""
        ranked = self.items.rank(plan.terms, plan.broader, subjects=self.in_view, full_forms=plan.full_forms, limit=1)
        if not ranked or ranked[0].score <= 0:
            return ()
        item = ranked[0].item
        return (item.code if self.corpus.hk_unit(item.code) else item.record,)

    def _record_for_terms(self, plan: Plan) -> str | None:
        """The record a question describes without naming it, by all its words: of the records whose items match
        them best, the one printing most of them, rarest first (結案 beside 個案 and 資料 is the employment
        record's 結案紀錄, not a training project's 專案結案); ties go to the best match."""
        ranked = self.items.rank(plan.terms, plan.broader, subjects=self.in_view, full_forms=plan.full_forms,
                                 limit=RECORD_VOTE_DEPTH)
        records = list(dict.fromkeys(s.item.record for s in ranked if s.score > 0))
        weights = {t: self.items.rarity(t, plan.full_forms.get(t, ())) for t in plan.terms
                   if t not in plan.filler and t not in plan.unknown_terms}

        def printed(record: str) -> float:
            texts = [normalise(i.search_text) for i in self.items.items_of((record,))]
            return sum(w for t, w in weights.items() if any(says(text, t, plan.full_forms) for text in texts))

        return max(records, key=printed) if records else None

    def _second_task(self, plan: Plan, standard: Standard, task, least_share: float = TASK_FOCUS_SHARE):
        """The task the rest of the question is about, when the first task does not print those words (nor
        the knowledge and skills it lists: 訓練成效評估 is T3.1's K09)."""
        wording = normalise(task.name + "".join(p.text for p in task.indicators + task.outputs
                                                + task.knowledge + task.skills))
        rest = tuple(t for t in plan.terms if not says(wording, t, plan.full_forms))
        if not rest or len(rest) == len(plan.terms):
            return None
        other = self._focused_task(replace(plan, terms=rest, subjects=(standard.code,)), least_share)
        return other if other is not None and other[1].code != task.code else None

    def _tasks_named(self, plan: Plan) -> list:
        """The tasks of the standard asked about that the question's words name, each word by the task naming
        it (its name first, else its indicators and outputs); a word that many tasks print names none."""
        standards = [d for d in (self.corpus.document(s) for s in _records(plan.subjects)) if isinstance(d, Standard)]
        if len(standards) != 1:
            return []
        standard = standards[0]
        tasks = [(t, normalise(t.name), _task_wording(t)) for t in standard.tasks]
        found = []
        for term in plan.telling:
            named = [t for t, name, _ in tasks if says(name, term, plan.full_forms)] or [
                t for t, _, wording in tasks if says(wording, term, plan.full_forms)]
            if 1 <= len(named) <= NAMING_TASKS:
                found += [t for t in named[:1] if t not in found]
        return [(standard, t) for t in found[:MAX_NAMED_TASKS]]

    def _focused_task(self, plan: Plan, least_share: float = TASK_FOCUS_SHARE):
        """The one task of a standard the question's terms describe ("在招募人才時", "做就業媒合的時候"),
        when the terms are mostly printed by it (its name, indicators and outputs): `least_share` of them."""
        if not plan.terms or TASK in plan.kinds and any(is_duty(s) for s in plan.subjects):
            return None  # "T1 底下的工作任務全部列出來": a duty's tasks are asked, every one
        subjects = plan.subjects or ()
        ranked = self.items.rank(plan.terms, (), subjects=self._where(plan), only=(TASK, INDICATOR, OUTPUT),
                                 full_forms=plan.full_forms, limit=8)
        # a knowledge or skill item the question names in its own words ("做完訓練成效評估之後"): the tasks
        # listing it are where that is done
        named = {i.code for i in self.items.items_of(self._where(plan), (KNOWLEDGE, SKILL))
                 if plan.phrases and all(p in normalise(i.text) for p in plan.phrases)}
        best, best_key = None, (False, 0, 0, 0)
        for order, scored in enumerate(ranked):
            if scored.score <= 0:
                break
            item = scored.item
            standard = self.corpus.document(item.record)
            if not isinstance(standard, Standard):
                continue
            local = item.label if item.kind == TASK else item.parent
            task = standard.task(local)
            if task is None:
                continue
            wording = _task_wording(task)
            name = normalise(task.name)
            found = sum(1 for t in plan.terms if says(wording, t, plan.full_forms))
            in_name = sum(1 for t in plan.terms if says(name, t, plan.full_forms))
            lists = any(standard.qualify(e.code) in named for e in task.knowledge + task.skills)
            key = (lists, found, in_name, -order)
            if (lists or found / len(plan.terms) >= least_share) \
                    and (subjects or found >= 2 or found == len(plan.terms)) and key > best_key:
                best, best_key = (standard, task), key
        return best

    def _defined(self, plan: Plan) -> bool:
        """Whether a term of the question is one a record defines (a 【註】 note or an item's definition):
        "what counts as 轉介" is answered by that definition, not by the task that uses the word."""
        named = self._named_words(plan)
        if not plan.terms and not named:
            return False
        # "PMP 是必備證照嗎？客戶很愛看": in a yes/no, a defined word (客戶) is asked about only when quoted
        terms = (plan.quoted if plan.form == YES_NO and DEFINITION not in plan.kinds else plan.terms) + named
        definitions = self.items.items_of(_records(self._where(plan)), ("definition",))  # a record defines for all
        return bool(terms) and any(defines(item, terms) for item in definitions)

    def _named_words(self, plan: Plan) -> tuple[str, ...]:
        """The wording of the items the question names by their words, quoted (「提案書」 for an output), as terms."""
        if plan.form == YES_NO or not any("/" in s for s in plan.subjects):
            return ()
        return plan.items_quoted

    def _whole_kind(self, plan: Plan) -> bool:
        """Whether the terms fail to single out items of the asked kinds ("哪些機構的課程": every course
        names a provider): then the question asks for the whole list."""
        kinds = tuple(k for k in plan.kinds if k in LIST_KINDS)
        if not kinds or not plan.subjects:
            return False
        pool = self.items.items_of(plan.subjects, kinds)
        if not pool:
            return False
        # "what documented outputs should I expect to find": words of talk single out nothing
        terms = tuple(t for t in plan.telling if t not in plan.work_words)
        if not terms:
            return True
        matched = sum(1 for item in pool if self.items.coverage(item, terms, plan.full_forms) > 0)
        if matched == 0:  # the terms are not about these items: the kind as a whole is asked,
            # unless they describe something else the record says ("之後可以繼續讀什麼" → its progression)
            if set(kinds) <= {"definition"}:
                return False
            elsewhere = self.items.rank(terms, (), subjects=plan.subjects, full_forms=plan.full_forms, limit=1)
            return not (elsewhere and elsewhere[0].coverage >= TASK_FOCUS_SHARE)
        return matched >= WHOLE_KIND_SHARE * len(pool)

    def _named_task(self, plan: Plan):
        """The (standard, task) a subject names by its code, when one does."""
        for subject in plan.subjects:
            base, _, local = subject.partition("/")
            standard = self.corpus.document(base)
            if isinstance(standard, Standard):
                task = standard.task(local)
                if task is not None:
                    return standard, task
        return None

    def _task_above(self, plan: Plan):
        """The (standard, task) an indicator or output named as the subject sits under."""
        for subject in plan.subjects:
            base = subject.split("/", 1)[0]
            standard = self.corpus.document(base)
            item = next((i for i in self.items.items_of((base,), (INDICATOR, OUTPUT)) if i.code == subject), None)
            if isinstance(standard, Standard) and item is not None and standard.task(item.parent) is not None:
                return standard, standard.task(item.parent)
        return None

    def _list_under_item(self, plan: Plan) -> bool:
        return any("/" in s for s in plan.subjects)

    def _items_under(self, plan: Plan) -> list[Item]:
        kinds = tuple(k for k in plan.kinds if k in LIST_KINDS)
        return [i for i in self.items.items_of(plan.subjects, kinds) if i.code not in plan.subjects] if kinds else []

    def _task_for(self, plan: Plan):
        """The task a how-question is about: the one named, else the best match in the standard."""
        for subject in plan.subjects:
            base, _, local = subject.partition("/")
            standard = self.corpus.document(base)
            if not isinstance(standard, Standard):
                continue
            task = standard.task(local)
            if task is None and (item := self.items.item(subject)) is not None and item.parent:
                task = standard.task(item.parent)  # "「職能學習地圖」…具體要怎麼做": the task whose output it is
            if task is None and plan.terms:
                ranked = self.items.rank(plan.terms, plan.broader, subjects=(base,),
                                         kinds=(TASK, INDICATOR, OUTPUT), full_forms=plan.full_forms, limit=1)
                if ranked and ranked[0].score > 0:
                    item = ranked[0].item
                    local_task = item.label if item.kind == TASK else item.parent
                    task = standard.task(local_task)
            if task is not None:
                return standard, task
        return None

    def _item_line(self, w: Writing, item: Item, with_record: bool = False, under_shown: bool = False,
                   kind: str = "") -> str:
        """One item: its kind (or the name given, "duty" for a top-level task), its text, where it sits, and its
        code once (a local label that the code already carries is not printed again)."""
        prefix = (f"{self._record_label(w, item.record)}" + (": " if w.en else "：")) if with_record else ""
        label = f"{item.label} " if item.kind in (ASSESSMENT, INDICATOR) and item.label not in item.code else ""
        where = (w.say("under_task", parent=item.parent, context=w.q(item.context))
                 if item.parent and item.context and not under_shown else "")
        if item.used_by:
            where += w.say("used_by", tasks="、".join(item.used_by) if not w.en else ", ".join(item.used_by))
        return f"- {prefix}{w.kind(kind or item.kind)} {label}{w.q(item.text)}{where}{w.cite(item.code)}"

    def _context_line(self, w: Writing, item: Item) -> None:
        """Where an item sits: the task above an indicator or output, the tasks listing a knowledge or skill
        item ("就服員要懂個資法嗎": K14, listed on T3.4)."""
        if item.parent and item.context:
            w.add(w.say("under_task", parent=item.parent, context=w.q(item.context)).strip("（）() "))
        elif item.used_by and isinstance(standard := self.corpus.document(item.record), Standard):
            tasks = [(code, standard.task(code)) for code in item.used_by]
            named = [f"{code} {w.q(task.name)}" if task is not None else code for code, task in tasks]
            w.add(w.say("listed_on_tasks", tasks=("、" if not w.en else "; ").join(named)))
        elif item.kind == QUALIFICATION and item.level:  # "是不是碩士那一級": the qualification's level with it
            w.add(w.say("qualification_at", level=item.level, credits=item.credits))

    def _subject_label(self, w: Writing, plan: Plan) -> str:
        if not plan.subjects:
            return w.q("語料庫") if not w.en else "the corpus"
        return "、".join(self._record_label(w, s) for s in plan.subjects[:2]) if not w.en else \
            " and ".join(self._record_label(w, s) for s in plan.subjects[:2])

    def _record_label(self, w: Writing, code: str, with_code: bool = True) -> str:
        """A record by name; an HK role has no official code, so it is named in prose."""
        base, _, local = code.partition("/")
        name = self.vocab.name_of(base)
        if local:
            item = self.items.item(code)
            if item is not None:
                return f"{w.q(name)}{local} {w.q(item.text)}" if not w.en else f"{w.q(name)} {local} {w.q(item.text)}"
        if is_hk_id(base) or not with_code or name == base:
            return w.q(name)
        return f"{w.q(name)}（{base}）" if not w.en else f"{w.q(name)} ({base})"

    def _level_of(self, record, subject: str) -> tuple[int | None, int | None, bool]:
        if isinstance(record, Standard):
            local = subject.partition("/")[2]
            task = record.task(local)
            return (task.level if task else record.level), None, False
        if isinstance(record, CompetencyUnit):
            return record.level, None, False
        if isinstance(record, HKRole):
            return record.qualification.qf_level, record.qualification.credits, True
        if isinstance(record, HKUnit):
            return record.qf_level, record.credits, True
        return None, None, False


def _positions(text: str, forms: tuple[str, ...]) -> list[int]:
    """Where any of some wordings starts in a text."""
    return [m.start() for f in forms if f for m in re.finditer(re.escape(f), text)]


def names_items(plan: Plan) -> bool:
    """The question names several items by code and asks nothing more of them ("A01~A05 分別是什麼")."""
    return len(plan.subjects) >= 2 and all("/" in c for c in plan.subjects) and not plan.terms and plan.form != COMPARE


RECORD_VOTE_DEPTH = 12  # items read for the records a question describes without naming one
_OTHER_ROUTE = re.compile(r"[;；。，,]\s*或|\bor\b")  # an entry rule giving a second route ("…;或5年以上…")
_AN_ADVANTAGE = re.compile(r"優勢|加分|\badvantage|\bpreferred\b|\ban asset\b")  # an entry item that is no must


_NUMBERED_LABEL = re.compile(r"(?<=[\u3400-\u9fff])\s*\d+$")  # "評量方法 3": the third of a numbered list (not K03)
RECORD_LEVEL_KINDS = frozenset({CLASSIFICATION, ENTRY, VERSION, PURPOSE})  # held by a record, not by an item


def _records(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The records of some codes (an item code's own record)."""
    return tuple(dict.fromkeys(code.split("/", 1)[0] for code in codes))


def _task_asked_with_its_items(plan: Plan) -> bool:
    """Whether the question asks which task some work is, and what else of that task (its outputs, its
    knowledge): one standard asked about, no task named, not every task wanted."""
    kinds = set(plan.kinds)
    return TASK in kinds and len(kinds) > 1 and kinds <= TASK_KINDS and plan.form in (MULTI, DETAIL) \
        and len(plan.subjects) == 1 and "/" not in plan.subjects[0] and not plan.all_asked \
        and not plan.duties_asked and not plan.count_asked


def _lists_asked(task, kinds: tuple[str, ...]) -> bool:
    """Whether a task the terms describe lists anything of the kinds asked. "Which skill is about following up
    placements" describes a task listing no skill: the skill printing those words answers, not the task."""
    pools = {OUTPUT: task.outputs, KNOWLEDGE: task.knowledge, SKILL: task.skills}
    asked = [k for k in kinds if k in pools]
    return not asked or any(pools[k] for k in asked)


def _unit_line(w: Writing, unit, text: str) -> str:
    """An HK unit listed: its code, what it says, its level and credits."""
    figures = w.say("unit_level_credits", level=unit.qf_level, credits=unit.credits)
    return f"- {unit.code} {w.q(text)}{figures}{w.cite(unit.code)}"


def _compared(item: Item) -> str:
    """What two records' items are matched on: a unit by its code (core for one role, functional for another), a
    soft skill by its name (its level may differ), else its text."""
    if item.kind == UNIT:
        return item.code
    return normalise(item.label if item.kind == SOFT_SKILL else item.text)


def _task_wording(task) -> str:
    """What a task says of its work: its name, indicators and outputs, normalised."""
    return normalise(task.name + "".join(p.text for p in task.indicators + task.outputs))


def _admitting(plan: Plan, items: list[Item]) -> list[Item]:
    """Admission asked ("入學要求"): of a role's entry requirements, those admitting to its qualification (all of
    them when none does); other items as they are."""
    if not plan.admission_asked:
        return items
    return [i for i in items if i.kind != ENTRY or i.label == ADMISSION] or items
