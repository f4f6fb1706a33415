"""Plain data for the app's explore views: browse, ladder, gap, compare and self-check.

Pure functions over the parsed corpus (no Streamlit), so the views stay thin
and the same data feeds the consultation brief. Every item carries the
canonical code a counsellor can look up: TW items as `BHR1212-002v3/P2.4.1`,
HK units as `106904L7`, HK roles as `HK:人才管理經理`. Where two records are
matched by their wording rather than by an official table, the result says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.load import Corpus
from corpus.records import CompetencyUnit, HKRole, Standard

from . import matching

TW, HK = "TW", "HK"
ZH, EN = "zh-TW", "en"
STANDARD, UNIT, ROLE = "standard", "unit", "role"
RANK_EN = {"助理": "assistant", "主任": "officer", "經理": "manager", "總監": "director"}

# The interface's words. Corpus text is shown as written (Traditional Chinese).
LABELS: dict[str, tuple[str, str]] = {
    "title": ("職涯導航助理", "Career guidance assistant"),
    "tagline": ("依據台灣 iCAP 職能基準與香港資歷架構回答，每項說法附代碼。",
                "Answers from Taiwan iCAP competency standards and the Hong Kong QF, every claim with its code."),
    "view.chat": ("對話", "Chat"),
    "view.browse": ("職業瀏覽", "Browse"),
    "view.ladder": ("職涯階梯", "Career ladder"),
    "view.gap": ("差距分析", "Gap"),
    "view.compare": ("職業比較", "Compare"),
    "view.check": ("自我檢核", "Self-check"),
    "view.brief": ("諮詢摘要", "Consultation brief"),
    "language": ("介面語言", "Interface language"),
    "filters": ("檢索篩選", "Search filters"),
    "framework": ("職能架構", "Framework"),
    "fw.both": ("台灣＋香港", "Both"),
    "fw.TW": ("台灣 iCAP", "Taiwan iCAP"),
    "fw.HK": ("香港資歷架構", "Hong Kong QF"),
    "levels": ("級別範圍", "Level range"),
    "role_filter": ("香港崗位", "HK role"),
    "any": ("（不限 / any）", "（不限 / any）"),  # an option label: the same in both languages
    "engine": ("回答引擎", "Answer engine"),
    "engine.composer": ("內建依據式回答（composer）", "Built-in grounded composer"),
    "engine.failed": ("設定的模型無法載入（{error}），改由內建依據式回答。",
                      "The configured model could not be loaded ({error}); the grounded composer answers instead."),
    "index": ("索引狀態", "Index status"),
    "index.build": ("版本", "Build"),
    "index.chunks": ("段落數", "Chunks"),
    "index.embedder": ("向量模型", "Embedder"),
    "index.problems": ("無法解析的來源", "Sources that failed to parse"),
    "index.none": ("沒有問題", "none"),
    "index.rebuild": ("重建索引", "Rebuild index"),
    "index.rebuilt": ("索引已重建：{summary}", "Index rebuilt: {summary}"),
    "index.building": ("第一次啟動：正在建立索引（{done}/{total}）…", "First start: building the index ({done}/{total})…"),
    "starters": ("可以這樣問：", "Try asking:"),
    "ask": ("輸入職涯問題…", "Ask a career question…"),
    "thinking": ("查詢中…", "Looking it up…"),
    "citations": ("引用來源（點選代碼查看原文）", "Citations (pick a code to see the source)"),
    "sources": ("檢索到的來源", "Retrieved sources"),
    "abstained": ("未引用任何來源：此問題超出語料庫範圍。", "No sources cited: the question is outside the corpus."),
    "record.framework": ("架構", "Framework"),
    "record.level": ("級別", "Level"),
    "record.document": ("文件", "Document"),
    "record.file": ("來源檔案", "Source file"),
    "record.item": ("條目", "Item"),
    "record.text": ("原文", "Record text"),
    "occupation": ("職業或崗位", "Occupation or role"),
    "description": ("工作描述", "Description"),
    "entry": ("入門條件", "Entry requirements"),
    "duty": ("主要職責", "Duty"),
    "task": ("工作任務", "Task"),
    "indicators": ("行為指標", "Behaviour indicators"),
    "outputs": ("工作產出", "Outputs"),
    "knowledge": ("知識", "Knowledge"),
    "skills": ("技能", "Skills"),
    "attitudes": ("態度", "Attitudes"),
    "core": ("核心能力單元", "Core units"),
    "functional": ("職能能力單元", "Functional units"),
    "learning_outcome": ("學習成果", "Learning outcome"),
    "assessment": ("評核指引", "Assessment guidelines"),
    "assessment_design": ("評量設計", "Assessment design"),
    "qualification": ("資歷", "Qualification"),
    "courses": ("課程例子（資歷名冊）", "Example courses (Qualifications Register)"),
    "on_the_job": ("關鍵或可取的在職學習", "Key on-the-job learning"),
    "soft_skills": ("附加能力要求（軟實力）", "Soft skills"),
    "education": ("教育途徑", "Education progression"),
    "level": ("級別", "level"),
    "qf_level": ("資歷級別", "QF level"),
    "credits": ("學分", "credits"),
    "code": ("代碼", "Code"),
    "name": ("名稱", "Name"),
    "provider": ("提供機構", "Provider"),
    "programme": ("課程", "Programme"),
    "ladder.caption": ("香港人才管理職業資歷階梯（由助理到總監），台灣職能基準依基準級別並列。兩地級別是不同的量尺，並列不代表對等。",
                       "The Hong Kong talent-management ladder (assistant to director), with Taiwan standards "
                       "placed by their level. The two level scales differ: standing side by side is not equivalence."),
    "ladder.hk": ("香港資歷架構", "Hong Kong QF"),
    "ladder.tw": ("台灣職能基準", "Taiwan standards"),
    "ladder.axis": ("級別", "Level"),
    "ladder.next": ("升上一級需補 {units} 個能力單元（{credits} 學分）", "Next rung: {units} units to gain ({credits} credits)"),
    "current": ("目前的職業或崗位", "Current occupation or role"),
    "target": ("目標職業或崗位", "Target occupation or role"),
    "gap.units": ("要補足的能力單元", "Units to gain"),
    "gap.summary": ("需要補足 {units} 個能力單元，共 {credits} 學分；兩者共有 {shared} 個單元。",
                    "{units} units to gain, {credits} credits in all; the two roles share {shared} units."),
    "gap.covered": ("已有相關基礎", "Already related"),
    "gap.new": ("需要新學的項目", "New to learn"),
    "gap.target_item": ("目標的項目", "Target item"),
    "gap.current_item": ("目前的相關項目", "Related current item"),
    "similarity": ("相關度", "Relatedness"),
    "group": ("所屬", "Group"),
    "gap.content": ("目標的 {total} 項中，{covered} 項與目前的內容相關，{new} 項是新的。",
                    "Of the target's {total} items, {covered} relate to the current record and {new} are new."),
    "related_note": ("依內容比對的相關項目，非官方對應（related, not official equivalence）。",
                     "Matched by content: related, not official equivalence."),
    "scales_note": ("台灣職能基準級別與香港資歷架構級別是不同的量尺，不能直接等同。",
                    "Taiwan standard levels and Hong Kong QF levels are different scales and are not equivalent."),
    "same": ("請選擇兩個不同的職業或崗位。", "Pick two different occupations or roles."),
    "compare.left": ("左側", "Left"),
    "compare.right": ("右側", "Right"),
    "compare.shared": ("共同的能力單元", "Shared units"),
    "compare.related": ("相關內容", "Related content"),
    "compare.none": ("沒有明顯相關的項目。", "No clearly related items."),
    "row.framework": ("架構", "Framework"),
    "row.level": ("級別", "Level"),
    "row.contents": ("內容", "Contents"),
    "row.entry": ("入門條件", "Entry requirements"),
    "check.target": ("檢核目標", "Target"),
    "check.help": ("勾選您已經能做到的項目；勾選只留在這個瀏覽器分頁，不會儲存。",
                   "Tick what you can already do; ticks stay in this browser tab and are not stored."),
    "check.readiness": ("準備度", "Readiness"),
    "check.done": ("已具備 {done}／{total} 項", "{done} of {total} items"),
    "check.credits": ("學分：{done}／{total}", "Credits: {done} of {total}"),
    "check.missing": ("尚缺的項目", "Missing items"),
    "check.steps": ("下一步", "Next steps"),
    "check.complete": ("所有項目都已勾選。", "Every item is ticked."),
    "step.task": ("加強 {task}：補足知識 {knowledge}；技能 {skills}",
                  "Strengthen {task}: knowledge {knowledge}; skills {skills}"),
    "step.output": ("練習完成工作產出 {outputs}", "Practise producing {outputs}"),
    "step.entry": ("確認入門條件：{text}", "Check the entry requirement: {text}"),
    "step.unit": ("修習能力單元 {code} {title}（第 {level} 級，{credits} 學分）",
                  "Gain unit {code} {title} (QF level {level}, {credits} credits)"),
    "step.lower": ("較低一級的 {role} 也列出 {units}，可先從該級課程開始",
                   "{role}, a lower rung, also lists {units}: its courses are a first step"),
    "step.course": ("課程：{programme}（{title}；第 {level} 級；{provider}）",
                    "Course: {programme} ({title}; level {level}; {provider})"),
    "step.ojt": ("在職學習：{text}", "On-the-job learning: {text}"),
    "brief.intro": ("依就業服務人員職能基準（BHR3333-004v2）的工作產出整理；客戶資料只在此分頁中，不會儲存，只有在您下載時才會匯出。",
                    "Shaped after the employment-services standard (BHR3333-004v2) outputs; client details stay in "
                    "this tab, are never stored, and leave it only when you download."),
    "brief.situation": ("求職者背景與現況", "Client situation"),
    "brief.goal": ("需要協助項目與目標", "Client goal"),
    "brief.current": ("目前的職業或崗位（自我檢核未做時用於差距分析）", "Current occupation or role (for the gap when no self-check)"),
    "brief.none": ("（未選 / none）", "（未選 / none）"),
    "brief.preview": ("預覽", "Preview"),
    "brief.download": ("下載", "Download"),
    "brief.questions": ("納入本次對話的 {n} 個問答", "Includes the session's {n} questions and answers"),
}


def label(key: str, lang: str = ZH, **values) -> str:
    zh, en = LABELS[key]
    text = en if lang == EN else zh
    return text.format(**values) if values else text


# --- what can be chosen -------------------------------------------------------------------


@dataclass(frozen=True)
class Occupation:
    code: str
    name: str
    framework: str
    kind: str
    level: int | None

    def label(self) -> str:
        """The same in both interface languages: a select box keeps showing an option's old text when only
        its wording changes, so option labels carry nothing to translate."""
        return f"{self.name}（{self.code}｜{self.framework}）"


def occupations(corpus: Corpus, kinds: tuple[str, ...] = (STANDARD, UNIT, ROLE)) -> list[Occupation]:
    """TW standards by level, TW units, then HK roles from the bottom rung up."""
    found: list[Occupation] = []
    if STANDARD in kinds:
        found += [Occupation(s.code, s.name, TW, STANDARD, s.level)
                  for s in sorted(corpus.standards, key=lambda s: (s.level or 0, s.code))]
    if UNIT in kinds:
        found += [Occupation(u.code, u.name, TW, UNIT, u.level) for u in corpus.units]
    if ROLE in kinds:
        for path in corpus.career_paths:
            found += [Occupation(r.id, r.title, HK, ROLE, r.qualification.qf_level)
                      for r in sorted(path.roles, key=lambda r: r.rank_order)]
    return found


def occupation(corpus: Corpus, code: str) -> Occupation:
    found = next((o for o in occupations(corpus) if o.code == code), None)
    if found is None:
        raise KeyError(f"{code} is not an occupation, unit or role in the corpus")
    return found


# --- one record ---------------------------------------------------------------------------


def _coded(standard: Standard, items) -> list[dict]:
    return [{"code": standard.qualify(i.code), "local": i.code, "text": i.text} for i in items]


def standard_tree(corpus: Corpus, code: str) -> dict:
    """A TW standard: duties → tasks with indicators, outputs and K/S; then K, S, A."""
    s = corpus.document(code)
    if not isinstance(s, Standard):
        raise KeyError(f"{code} is not a Taiwan competency standard")
    return {
        "code": s.code, "name": s.name, "framework": TW, "kind": STANDARD, "level": s.level,
        "description": s.description,
        "entry_requirements": [{"code": s.code, "text": text} for text in s.entry_requirements],
        "duties": [
            {"code": s.qualify(duty.code), "local": duty.code, "name": duty.name, "tasks": [
                {"code": s.qualify(task.code), "local": task.code, "name": task.name, "level": task.level,
                 "indicators": _coded(s, task.indicators), "outputs": _coded(s, task.outputs),
                 "knowledge": _coded(s, task.knowledge), "skills": _coded(s, task.skills)}
                for task in duty.tasks
            ]}
            for duty in s.duties
        ],
        "knowledge": _coded(s, s.knowledge),
        "skills": _coded(s, s.skills),
        "attitudes": [{"code": s.qualify(a.code), "local": a.code, "text": a.text, "definition": a.definition}
                      for a in s.attitudes],
    }


def unit_tree(corpus: Corpus, code: str) -> dict:
    """A TW competency unit: its items have no codes of their own, so each carries the unit's."""
    u = corpus.document(code)
    if not isinstance(u, CompetencyUnit):
        raise KeyError(f"{code} is not a Taiwan competency unit")
    return {
        "code": u.code, "name": u.name, "framework": TW, "kind": UNIT, "level": u.level, "domain": u.domain,
        "task_groups": [{"code": u.code, "number": g.number, "name": g.name,
                         "indicators": [{"code": u.code, "local": f"{g.number}-{n}", "text": text}
                                        for n, text in enumerate(g.indicators, 1)]}
                        for g in u.task_groups],
        "knowledge": [{"code": u.code, "local": f"K{n}", "text": text} for n, text in enumerate(u.knowledge, 1)],
        "skills": [{"code": u.code, "local": f"S{n}", "text": text} for n, text in enumerate(u.skills, 1)],
        "assessment": {"evidence": list(u.assessment.evidence), "context": list(u.assessment.context),
                       "methods": list(u.assessment.methods)},
    }


def _role(corpus: Corpus, code: str) -> HKRole:
    role = corpus.role(code)
    if role is None:
        raise KeyError(f"{code} is not a Hong Kong QF role")
    return role


def unit_row(corpus: Corpus, role: HKRole, code: str) -> dict:
    """An HK unit as this role lists it, with the role's learning outcome and assessment guidelines."""
    unit = corpus.hk_unit(code)
    ref = next(r for r in role.units if r.code == code)
    outcome = unit.outcome_for(role.id)
    return {"code": unit.code, "title": unit.title, "level": unit.qf_level, "credits": unit.credits,
            "core": ref.core, "function_area": unit.function_area,
            "learning_outcome": outcome.learning_outcome if outcome else "",
            "assessment_guidelines": list(outcome.assessment_guidelines) if outcome else []}


def course_rows(role: HKRole) -> list[dict]:
    return [{"code": role.id, "programme": c.programme, "title": c.qualification_title, "level": c.level,
             "provider": c.provider} for c in role.courses]


def role_view(corpus: Corpus, code: str) -> dict:
    """An HK role: its qualification, core and functional units, soft skills and courses."""
    role = _role(corpus, code)
    q = role.qualification
    units = [unit_row(corpus, role, c) for c in role.unit_codes]
    return {
        "code": role.id, "title": role.title, "framework": HK, "kind": ROLE, "rank": role.rank, "post": role.post,
        "level": q.qf_level, "credits": q.credits, "typical_titles": role.typical_titles,
        "purpose": [p for p in role.purpose if "職業資歷階梯之目的" not in p],
        "general_requirements": list(role.general_requirements),
        "qualification": {"code": role.id, "title": q.title, "level": q.qf_level, "credits": q.credits,
                          "entry_requirements": list(q.entry_requirements),
                          "training_objective": q.training_objective,
                          "education_progression": list(q.education_progression),
                          "employment_progression": list(q.employment_progression)},
        "core": [u for u in units if u["core"]],
        "functional": [u for u in units if not u["core"]],
        "soft_skills": [{"code": role.id, "name": s.name, "proficiency": s.proficiency,
                         "definition": s.proficiency_definition} for s in role.soft_skills],
        "courses": course_rows(role),
        "on_the_job_learning": [{"code": role.id, "text": text} for text in role.on_the_job_learning],
    }


def view(corpus: Corpus, code: str) -> dict:
    """The browse view of any occupation, unit or role."""
    kind = occupation(corpus, code).kind
    return {STANDARD: standard_tree, UNIT: unit_tree, ROLE: role_view}[kind](corpus, code)


# --- a code, opened -----------------------------------------------------------------------


_TW_ITEM = re.compile(r"^(?P<doc>[^/]+)/(?P<local>[A-Z]\d+(?:\.\d+)*)$")


def item_text(corpus: Corpus, code: str) -> str:
    """What a canonical code names, in the record's own words ('' for a whole document)."""
    match = _TW_ITEM.match(code)
    if match:
        s = corpus.document(match["doc"])
        local = match["local"]
        if isinstance(s, Standard):
            for duty in s.duties:
                if duty.code == local:
                    return duty.name
                for task in duty.tasks:
                    if task.code == local:
                        return task.name
                    for item in task.indicators + task.outputs:
                        if item.code == local:
                            return item.text
            for item in s.knowledge + s.skills + s.attitudes:
                if item.code == local:
                    return item.text
        return ""
    unit = corpus.hk_unit(code)
    if unit is not None:
        return unit.title
    role = corpus.role(code)
    return role.title if role is not None else ""


def source_record(corpus: Corpus, chunk_for, code: str) -> dict | None:
    """Everything a counsellor needs to check a cited code: what it names and the record it sits in.

    `chunk_for(code)` is `Knowledge.chunk_for`: the indexed text that carries the code.
    """
    chunk = chunk_for(code)
    owner = corpus.owner(code)
    if chunk is None and owner is None:
        return None
    document = getattr(owner, "name", None) or getattr(owner, "title", None) or (chunk.title if chunk else code)
    return {
        "code": code,
        "item": item_text(corpus, code),
        "title": chunk.title if chunk else document,
        "framework": chunk.framework if chunk else (HK if code.startswith("HK:") or corpus.hk_unit(code) else TW),
        "level": chunk.level if chunk else getattr(owner, "level", None),
        "document": f"{document}（{code.split('/', 1)[0]}）",
        "file": chunk.source if chunk else getattr(owner, "source", ""),
        "section": chunk.section if chunk else "",
        "text": chunk.text if chunk else "",
    }


# --- ladder -------------------------------------------------------------------------------


def ladder(corpus: Corpus, role_id: str | None = None) -> dict:
    """The HK roles bottom → top with QF level, credits and the step to the next rung; TW standards by level."""
    rungs = matching.ladder(corpus, role_id)
    path = corpus.path_of(rungs[0].id) if rungs else None
    rows = []
    for n, role in enumerate(rungs):
        q = role.qualification
        upper = rungs[n + 1] if n + 1 < len(rungs) else None
        step = None
        if upper is not None:
            missing, shared = matching.unit_gap(role, upper)
            step = {"code": upper.id, "units": len(missing), "shared": len(shared),
                    "credits": sum(corpus.hk_unit(c).credits for c in missing)}
        rows.append({"code": role.id, "title": role.title, "rank": role.rank, "level": q.qf_level,
                     "credits": q.credits, "qualification": q.title, "units": len(role.units),
                     "core": len(role.core_units), "functional": len(role.functional_units),
                     "education_progression": list(q.education_progression), "to_next": step})
    standards = [{"code": s.code, "name": s.name, "level": s.level}
                 for s in sorted(corpus.standards, key=lambda s: (s.level or 0, s.code))]
    standards += [{"code": u.code, "name": u.name, "level": u.level} for u in corpus.units]
    return {"path": {"code": path.id, "name": path.name} if path else None, "rungs": rows, "standards": standards}


def _dot(text: str) -> str:
    """A DOT string literal: record text must never close the quote or start an escape."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def ladder_dot(data: dict, lang: str = ZH) -> str:
    """Graphviz DOT: a level axis, the HK rungs joined by their step up, TW standards beside their level."""
    levels = sorted({r["level"] for r in data["rungs"]} | {s["level"] for s in data["standards"] if s["level"]})
    # newrank: one global ranking, so `rank=same` can line up nodes of the two clusters by level.
    lines = ["digraph ladder {", "  rankdir=BT; newrank=true; nodesep=0.35; ranksep=0.45;",
             '  node [shape=box, style="rounded,filled", fontname="Noto Sans CJK TC", fontsize=11];',
             '  edge [fontname="Noto Sans CJK TC", fontsize=9];']
    axis = label("ladder.axis", lang)
    for level in levels:
        lines.append(f'  "L{level}" [label={_dot(f"{axis} {level}")}, shape=plaintext, style=""];')
    lines += [f'  "L{a}" -> "L{b}" [style=invis];' for a, b in zip(levels, levels[1:])]
    lines.append(f'  subgraph cluster_hk {{ label={_dot(label("ladder.hk", lang))}; color="#4a78b5";')
    for rung in data["rungs"]:
        rank = RANK_EN.get(rung["rank"], rung["rank"]) if lang == EN else rung["rank"]
        text = (f"{rung['title']}（{rank}）\n{rung['code']}\n"
                f"{label('qf_level', lang)} {rung['level']}｜{rung['credits']} {label('credits', lang)}")
        lines.append(f"    {_dot(rung['code'])} [label={_dot(text)}, fillcolor=\"#dce8f7\"];")
    lines.append("  }")
    lines.append(f'  subgraph cluster_tw {{ label={_dot(label("ladder.tw", lang))}; color="#3f8f5a";')
    for s in data["standards"]:
        text = f"{s['name']}\n{s['code']}\n{label('level', lang)} {s['level']}"
        lines.append(f"    {_dot(s['code'])} [label={_dot(text)}, fillcolor=\"#e0f2e6\"];")
    lines.append("  }")
    for rung in data["rungs"]:
        step = rung["to_next"]
        if step:
            text = label("ladder.next", lang, units=step["units"], credits=step["credits"])
            lines.append(f"  {_dot(rung['code'])} -> {_dot(step['code'])} [label={_dot(text)}];")
    for level in levels:
        members = [r["code"] for r in data["rungs"] if r["level"] == level]
        members += [s["code"] for s in data["standards"] if s["level"] == level]
        lines.append("  { rank=same; " + " ".join([f'"L{level}"'] + [_dot(m) for m in members]) + "; }")
    lines.append("}")
    return "\n".join(lines)


# --- gap and compare ----------------------------------------------------------------------


def _entry(corpus: Corpus, code: str) -> list[dict]:
    record = corpus.owner(code)
    if isinstance(record, Standard):
        return [{"code": record.code, "text": t} for t in record.entry_requirements]
    if isinstance(record, HKRole):
        return [{"code": record.id, "text": t} for t in record.qualification.entry_requirements]
    return []


def _name(code: str, text: str) -> str:
    """An item's label without its canonical code in front (HK units are labelled by their code)."""
    return text[len(code) + 1:] if text.startswith(code + " ") else text


def _pair(pair: matching.Pair) -> dict:
    return {"target_code": pair.left.code, "target": pair.left.label,
            "target_name": _name(pair.left.code, pair.left.label),
            "current_code": pair.right.code, "current": pair.right.label,
            "current_name": _name(pair.right.code, pair.right.label), "similarity": pair.similarity}


def gap(corpus: Corpus, current: str, target: str, embed: matching.Embed | None = None) -> dict:
    """What the target asks for that the current occupation or role does not have.

    Two HK roles: the units to gain, by code (official: both list QF units). Anything else: the target's
    items matched by content against the current record's (related, not official equivalence).
    """
    left, right = occupation(corpus, current), occupation(corpus, target)
    result = {"current": left.__dict__, "target": right.__dict__, "entry_requirements": _entry(corpus, target),
              "courses": course_rows(corpus.role(target)) if right.kind == ROLE else []}
    if left.kind == ROLE and right.kind == ROLE:
        current_role, target_role = _role(corpus, current), _role(corpus, target)
        missing, shared = matching.unit_gap(current_role, target_role)
        units = [unit_row(corpus, target_role, c) for c in missing]
        result.update(kind="units", units_to_gain=units, shared=shared,
                      credits_to_gain=sum(u["credits"] for u in units), related=False)
        return result
    cover = matching.coverage(matching.items_of(corpus, current), matching.items_of(corpus, target), embed)
    result.update(kind="content", related=True, total=len(cover.covered) + len(cover.new),
                  covered=[_pair(p) for p in cover.covered],
                  new=[{"code": i.code, "label": i.label, "name": _name(i.code, i.label)} for i in cover.new])
    return result


def profile(corpus: Corpus, code: str, lang: str = ZH) -> dict:
    """One side of a comparison."""
    found = occupation(corpus, code)
    record = corpus.owner(code)
    en = lang == EN
    if isinstance(record, Standard):
        contents = (f"{len(record.duties)} duties, {len(record.tasks)} tasks, {len(record.knowledge)} K, "
                    f"{len(record.skills)} S, {len(record.attitudes)} A" if en else
                    f"{len(record.duties)} 職責／{len(record.tasks)} 任務／知識 {len(record.knowledge)}／"
                    f"技能 {len(record.skills)}／態度 {len(record.attitudes)}")
        level = f"{label('level', lang)} {record.level}"
        summary = record.description
    elif isinstance(record, CompetencyUnit):
        contents = (f"{len(record.task_groups)} task groups, {len(record.knowledge)} K, {len(record.skills)} S" if en
                    else f"{len(record.task_groups)} 任務群／知識 {len(record.knowledge)}／技能 {len(record.skills)}")
        level = f"{label('level', lang)} {record.level}"
        summary = record.domain
    else:
        q = record.qualification
        contents = (f"{len(record.core_units)} core and {len(record.functional_units)} functional units" if en
                    else f"核心 {len(record.core_units)}／職能 {len(record.functional_units)} 能力單元")
        level = f"{label('qf_level', lang)} {q.qf_level}（{q.credits} {label('credits', lang)}）"
        summary = "".join(p for p in record.purpose if "職業資歷階梯之目的" not in p)
    return {"code": code, "name": found.name, "framework": found.framework,
            "framework_label": label(f"fw.{found.framework}", lang), "level": found.level, "level_label": level,
            "contents": contents, "summary": summary, "entry_requirements": _entry(corpus, code)}


def compare(corpus: Corpus, left: str, right: str, embed: matching.Embed | None = None, lang: str = ZH) -> dict:
    """Two occupations side by side, TW against HK included; related items are matched by content."""
    a, b = profile(corpus, left, lang), profile(corpus, right, lang)
    rows = [(label("code", lang), a["code"], b["code"]),
            (label("row.framework", lang), a["framework_label"], b["framework_label"]),
            (label("row.level", lang), a["level_label"], b["level_label"]),
            (label("row.contents", lang), a["contents"], b["contents"]),
            (label("row.entry", lang), "；".join(e["text"] for e in a["entry_requirements"]),
             "；".join(e["text"] for e in b["entry_requirements"]))]
    shared: list[dict] = []
    role_a, role_b = corpus.role(left), corpus.role(right)
    if role_a and role_b:
        shared = [unit_row(corpus, role_b, c) for c in role_b.unit_codes if c in set(role_a.unit_codes)]
    pairs = matching.related_pairs(matching.items_of(corpus, left), matching.items_of(corpus, right), embed,
                                   threshold=0.3)
    return {"left": a, "right": b, "rows": rows, "shared_units": shared,
            "related": [{"left_code": p.left.code, "left": p.left.label, "left_name": _name(p.left.code, p.left.label),
                         "right_code": p.right.code, "right": p.right.label,
                         "right_name": _name(p.right.code, p.right.label), "similarity": p.similarity} for p in pairs],
            "scales_differ": a["framework"] != b["framework"]}


# --- self-check ---------------------------------------------------------------------------


def checklist(corpus: Corpus, target: str) -> list[dict]:
    """What can be ticked: a standard's behaviour indicators by task, or a role's units (core, functional)."""
    record = corpus.owner(target)
    if isinstance(record, Standard):
        return [{"code": record.qualify(task.code), "name": f"{task.code} {task.name}",
                 "items": [{"code": record.qualify(p.code), "label": f"{p.code} {p.text}"} for p in task.indicators]}
                for task in record.tasks]
    if isinstance(record, HKRole):
        groups = []
        for core in (True, False):
            refs = [r for r in record.units if r.core == core]
            groups.append({"code": record.id, "core": core, "name": "core" if core else "functional", "items": [
                {"code": r.code, "label": f"{r.code} {corpus.hk_unit(r.code).title}",
                 "level": corpus.hk_unit(r.code).qf_level, "credits": corpus.hk_unit(r.code).credits}
                for r in refs]})
        return groups
    raise KeyError(f"{target}: a self-check needs a Taiwan standard or an HK role")


def self_check(corpus: Corpus, target: str, ticked: set[str] | frozenset[str], lang: str = ZH) -> dict:
    """Readiness for a target from what the user ticked, the missing items with codes, and next steps."""
    groups = checklist(corpus, target)
    items = [(g, i) for g in groups for i in g["items"]]
    done = [i for _, i in items if i["code"] in ticked]
    missing = [dict(i, name=_name(i["code"], i["label"]), group=g["code"],
                    group_name=label(g["name"], lang) if g["name"] in ("core", "functional") else g["name"])
               for g, i in items if i["code"] not in ticked]
    result = {"target": occupation(corpus, target).__dict__, "total": len(items), "done": len(done),
              "missing": missing, "ticked": sorted(i["code"] for i in done)}
    record = corpus.owner(target)
    if isinstance(record, Standard):
        result["readiness"] = round(100 * len(done) / len(items)) if items else 100
        result["steps"] = _standard_steps(record, {m["group"] for m in missing}, lang)
        result["courses"] = []
    else:
        total = sum(i["credits"] for _, i in items)
        earned = sum(i["credits"] for i in done)
        result.update(credits_total=total, credits_done=earned,
                      readiness=round(100 * earned / total) if total else 100)
        result["steps"] = _role_steps(corpus, record, [m["code"] for m in missing], lang)
        result["courses"] = course_rows(record) if missing else []
    return result


def _standard_steps(s: Standard, open_tasks: set[str], lang: str) -> list[dict]:
    steps = []
    for task in s.tasks:
        code = s.qualify(task.code)
        if code not in open_tasks:
            continue
        knowledge = "、".join(f"{k.code} {k.text}" for k in task.knowledge) or "—"
        skills = "、".join(f"{k.code} {k.text}" for k in task.skills) or "—"
        steps.append({"code": code, "text": label("step.task", lang, task=f"{task.code} {task.name}",
                                                  knowledge=knowledge, skills=skills)})
        if task.outputs:
            outputs = "、".join(f"{o.code} {o.text}" for o in task.outputs)
            steps.append({"code": s.qualify(task.outputs[0].code), "text": label("step.output", lang, outputs=outputs)})
    if open_tasks:
        steps += [{"code": s.code, "text": label("step.entry", lang, text=t)} for t in s.entry_requirements]
    return steps


def _role_steps(corpus: Corpus, role: HKRole, missing: list[str], lang: str) -> list[dict]:
    if not missing:
        return []
    steps = []
    for code in missing:
        unit = corpus.hk_unit(code)
        steps.append({"code": code, "text": label("step.unit", lang, code=code, title=unit.title,
                                                  level=unit.qf_level, credits=unit.credits)})
    for lower in matching.ladder(corpus, role.id):
        if lower.rank_order >= role.rank_order:
            continue
        listed = [c for c in missing if c in set(lower.unit_codes)]
        if listed:
            steps.append({"code": lower.id, "text": label("step.lower", lang, role=lower.title,
                                                          units="、".join(listed))})
    steps += [{"code": role.id, "text": label("step.ojt", lang, text=t)} for t in role.on_the_job_learning]
    return steps


def course_step(course: dict, lang: str = ZH) -> str:
    return label("step.course", lang, programme=course["programme"], title=course["title"],
                 level=course["level"], provider=course["provider"])


# --- safe text ----------------------------------------------------------------------------


# Characters that start markup anywhere (emphasis, code, links, HTML, Streamlit's math and
# :color[...] directives), and block markers at the start of a line.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|~])")
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=>#])|(\d+)([.)]))", re.M)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\((?:[^)]*)\)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*\S+.*$", re.M)
_BARE_URL = re.compile(r"(?:https?://|www\.)[^\s<>()（）「」`]+", re.I)


def escape_markdown(text: str, line_start: bool = True) -> str:
    """Record or client text placed inside our markdown: shown literally, never as markup, HTML or math.
    Codes (BHR1212-002v3/P2.4.1, HK:人才管理經理) stay as written, so they can be searched for.
    `line_start=False` for text after a heading's `#`s, where list and heading markers are plain text."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    if not line_start:
        return escaped
    return _MD_LINE_START.sub(
        lambda m: m.group(1) + ("\\" + m.group(2) if m.group(2) else m.group(3) + "\\" + m.group(4)), escaped)


def safe_answer_markdown(text: str) -> str:
    """An answer's markdown with what could reach outside the page removed.

    The composer writes plain lists, headings and tables; a chat model, or a source quoted
    verbatim, could also carry images (which load a URL on display), links or HTML. Images
    and links keep only their text, a bare URL is shown as code (visible, not clickable),
    and HTML is shown as text.
    """
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _REFERENCE.sub("", text)
    text = _BARE_URL.sub(lambda m: f"`{m.group(0)}`", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace("$", "\\$")
