"""The counsellor's consultation brief, exported as Markdown, DOCX and PDF.

It follows the two outputs the employment-services standard asks a counsellor
to produce: 就業服務需求表 (BHR3333-004v2/O1.2.1: the client's background and
needs, assessed against the target's requirements) and 職能發展計畫
(BHR3333-004v2/O2.3.1: the competency assessment and the development plan).
Every fact drawn from the corpus carries its canonical code; what the client
said is kept as the counsellor typed it. Nothing here writes to disk: the
renderers return bytes for a download.
"""

from __future__ import annotations

import io
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from corpus.load import Corpus
from corpus.records import HKRole, Standard

from . import explore
from .explore import EN, ZH, escape_markdown

SERVICE_STANDARD = "BHR3333-004v2"
NEEDS_FORM = f"{SERVICE_STANDARD}/O1.2.1"  # 就業服務需求表
PLAN_FORM = f"{SERVICE_STANDARD}/O2.3.1"  # 職能發展計畫
# The behaviour indicators each part of the brief carries out.
BACKGROUND, NEEDS, ASSESS_NEEDS = (f"{SERVICE_STANDARD}/P1.2.{n}" for n in (3, 1, 4))
ASSESS_COMPETENCY, JOINT_PLAN = f"{SERVICE_STANDARD}/P2.3.1", f"{SERVICE_STANDARD}/P2.3.3"

# Noto Sans CJK as Debian's fonts-noto-cjk installs it. In the collection, face 2
# is SC and face 3 is TC: the corpus is Traditional Chinese, so TC glyph forms.
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FONT_INDEX = 3
CJK_FONT_PACKAGE = "fonts-noto-cjk"

_TEXT = {
    "title": ("職涯諮詢摘要", "Career consultation brief"),
    "date": ("日期", "Date"),
    "basis": ("依據就業服務人員職能基準（{code}）的工作產出「{needs}」與「{plan}」整理。客戶資料依諮詢人員輸入原文記錄。",
              "Shaped after the outputs “{needs}” and “{plan}” of the employment-services standard ({code}). "
              "Client details are recorded as the counsellor entered them."),
    "needs_form": ("一、就業服務需求表", "1. Employment service needs form (就業服務需求表)"),
    "plan_form": ("二、職能發展計畫", "2. Competency development plan (職能發展計畫)"),
    "questions": ("三、諮詢問答紀錄", "3. Questions and cited answers"),
    "situation": ("求職者背景與現況", "Client situation"),
    "goal": ("需要協助項目與目標", "Client goal"),
    "requirements": ("目標職業的要求：{name}", "Requirements of the target: {name}"),
    "assessment": ("職能評估與落差", "Competency assessment and gap"),
    "plan": ("發展步驟與課程", "Development steps and courses"),
    "not_entered": ("（未填寫）", "(not entered)"),
    "no_target": ("（尚未選擇目標職業或崗位）", "(no target occupation or role chosen yet)"),
    "no_gap": ("尚未做自我檢核，也未選擇目前的職業或崗位，因此未評估落差。",
               "No self-check done and no current occupation or role chosen, so the gap was not assessed."),
    "no_plan": ("尚無發展步驟：請先完成自我檢核或選擇目前的職業或崗位。",
                "No steps yet: do the self-check or choose a current occupation or role first."),
    "no_questions": ("本次對話尚無問答。", "No questions were asked in this session."),
    "question": ("問 {n}", "Q{n}"),
    "cited": ("引用", "Cited"),
    "abstained": ("（超出語料庫範圍，未引用來源）", "(outside the corpus; nothing cited)"),
    "from_check": ("來自自我檢核：準備度 {readiness}%（已具備 {done}／{total} 項）",
                   "From the self-check: readiness {readiness}% ({done} of {total} items)"),
    "from_check_credits": ("，學分 {done}／{total}", ", credits {done} of {total}"),
    "missing": ("尚缺：{label}", "Missing: {label}"),
    "from_gap": ("由 {current}（{current_code}）到目標的落差", "The gap from {current} ({current_code}) to the target"),
    "gain": ("需補足：{label}（第 {level} 級，{credits} 學分）", "To gain: {label} (QF level {level}, {credits} credits)"),
    "gap_units": ("共需補足 {units} 個能力單元，{credits} 學分", "{units} units to gain, {credits} credits in all"),
    "related": ("已有相關基礎（依內容比對，非官方對應）：{target} ↔ {current}",
                "Related (matched by content, not official equivalence): {target} ↔ {current}"),
    "new": ("需要新學：{label}", "New to learn: {label}"),
    "level": ("{name}：級別 {level}", "{name}: level {level}"),
    "qualification": ("資歷：{title}，資歷級別第 {level} 級，{credits} 學分",
                      "Qualification: {title}, QF level {level}, {credits} credits"),
    "entry": ("入門條件：{text}", "Entry requirement: {text}"),
    "task": ("工作任務 {label}（職能級別 {level}）", "Task {label} (level {level})"),
    "knowledge": ("知識 {label}", "Knowledge {label}"),
    "skill": ("技能 {label}", "Skill {label}"),
    "attitude": ("態度 {label}", "Attitude {label}"),
    "core": ("核心能力單元 {code} {title}（第 {level} 級，{credits} 學分）",
             "Core unit {code} {title} (QF level {level}, {credits} credits)"),
    "functional": ("職能能力單元 {code} {title}（第 {level} 級，{credits} 學分）",
                   "Functional unit {code} {title} (QF level {level}, {credits} credits)"),
    "indicator": ("行為指標 {label}", "Behaviour indicator {label}"),
}


def _t(key: str, lang: str, **values) -> str:
    zh, en = _TEXT[key]
    return (en if lang == EN else zh).format(**values)


@dataclass(frozen=True)
class Fact:
    """One statement and the canonical codes it comes from."""

    text: str
    codes: tuple[str, ...]

    def cite(self, lang: str = ZH) -> str:
        codes = "、".join(self.codes) if lang != EN else ", ".join(self.codes)
        return f"{self.text}（{codes}）" if lang != EN else f"{self.text} ({codes})"


def fact(text: str, *codes: str) -> Fact:
    return Fact(text, tuple(dict.fromkeys(c for c in codes if c)))


@dataclass(frozen=True)
class Exchange:
    """A question of the session and its cited answer (markdown the app composed)."""

    question: str
    answer: str
    citations: tuple[str, ...]
    abstained: bool = False


@dataclass
class Brief:
    situation: str = ""  # as the counsellor typed it
    goal: str = ""
    target: Fact | None = None  # the target's name, with its code
    requirements: list[Fact] = field(default_factory=list)
    assessment: list[Fact] = field(default_factory=list)
    plan: list[Fact] = field(default_factory=list)
    exchanges: list[Exchange] = field(default_factory=list)
    lang: str = ZH
    date: str = field(default_factory=lambda: time.strftime("%Y-%m-%d"))
    form_names: tuple[str, str] = ("就業服務需求表", "職能發展計畫")  # O1.2.1 and O2.3.1, as the corpus names them


# --- building ---------------------------------------------------------------------------------


def requirements(corpus: Corpus, target: str, lang: str = ZH) -> list[Fact]:
    """What the target asks for, item by item, each with its code."""
    record = corpus.owner(target)
    facts: list[Fact] = []
    if isinstance(record, Standard):
        facts.append(fact(_t("level", lang, name=record.name, level=record.level), record.code))
        facts += [fact(_t("entry", lang, text=t), record.code) for t in record.entry_requirements]
        for task in record.tasks:
            facts.append(fact(_t("task", lang, label=f"{task.code} {task.name}", level=task.level),
                              record.qualify(task.code)))
        for key, items in (("knowledge", record.knowledge), ("skill", record.skills), ("attitude", record.attitudes)):
            facts += [fact(_t(key, lang, label=f"{i.code} {i.text}"), record.qualify(i.code)) for i in items]
    elif isinstance(record, HKRole):
        q = record.qualification
        facts.append(fact(_t("qualification", lang, title=q.title, level=q.qf_level, credits=q.credits), record.id))
        facts += [fact(_t("entry", lang, text=t), record.id) for t in q.entry_requirements]
        view = explore.role_view(corpus, record.id)
        for unit in view["core"] + view["functional"]:
            facts.append(fact(_t("core" if unit["core"] else "functional", lang, code=unit["code"], title=unit["title"],
                                 level=unit["level"], credits=unit["credits"]), unit["code"]))
    return facts


def assessment_from_check(check: dict, lang: str = ZH) -> list[Fact]:
    target = check["target"]["code"]
    summary = _t("from_check", lang, readiness=check["readiness"], done=check["done"], total=check["total"])
    if "credits_total" in check:
        summary += _t("from_check_credits", lang, done=check["credits_done"], total=check["credits_total"])
    facts = [fact(summary, target)]
    facts += [fact(_t("missing", lang, label=m["label"]), m["code"]) for m in check["missing"]]
    return facts


def plan_from_check(check: dict, lang: str = ZH) -> list[Fact]:
    facts = [fact(step["text"], step["code"]) for step in check["steps"]]
    facts += [fact(explore.course_step(c, lang), c["code"]) for c in check["courses"]]
    return facts


def assessment_from_gap(result: dict, lang: str = ZH) -> list[Fact]:
    current = result["current"]
    facts = [fact(_t("from_gap", lang, current=current["name"], current_code=current["code"]),
                  current["code"], result["target"]["code"])]
    if result["kind"] == "units":
        facts.append(fact(_t("gap_units", lang, units=len(result["units_to_gain"]), credits=result["credits_to_gain"]),
                          result["target"]["code"]))
        facts += [fact(_t("gain", lang, label=f"{u['code']} {u['title']}", level=u["level"], credits=u["credits"]),
                       u["code"]) for u in result["units_to_gain"]]
        return facts
    facts += [fact(_t("related", lang, target=p["target"], current=p["current"]), p["target_code"], p["current_code"])
              for p in result["covered"]]
    facts += [fact(_t("new", lang, label=n["label"]), n["code"]) for n in result["new"]]
    return facts


def plan_from_gap(result: dict, lang: str = ZH) -> list[Fact]:
    if result["kind"] == "units":
        facts = [fact(explore.label("step.unit", lang, code=u["code"], title=u["title"], level=u["level"],
                                    credits=u["credits"]), u["code"]) for u in result["units_to_gain"]]
    else:
        facts = [fact(_t("new", lang, label=n["label"]), n["code"]) for n in result["new"]]
    facts += [fact(explore.course_step(c, lang), c["code"]) for c in result["courses"]]
    facts += [fact(_t("entry", lang, text=e["text"]), e["code"]) for e in result["entry_requirements"]]
    return facts


def build_brief(corpus: Corpus, *, situation: str = "", goal: str = "", target: str | None = None,
                check: dict | None = None, current: str | None = None, exchanges: list[Exchange] | tuple = (),
                lang: str = ZH, embed=None) -> Brief:
    """The brief for a target: its requirements, the gap (the self-check for this target when done, else the gap
    from the current occupation when one is chosen) and the plan that follows from it."""
    forms = tuple(explore.item_text(corpus, code) or default
                  for code, default in ((NEEDS_FORM, "就業服務需求表"), (PLAN_FORM, "職能發展計畫")))
    brief = Brief(situation=situation.strip(), goal=goal.strip(), exchanges=list(exchanges), lang=lang,
                  form_names=forms)
    if not target:
        return brief
    brief.target = fact(explore.occupation(corpus, target).name, target)
    brief.requirements = requirements(corpus, target, lang)
    if check and check["target"]["code"] == target:
        brief.assessment = assessment_from_check(check, lang)
        brief.plan = plan_from_check(check, lang)
    elif current and current != target:
        result = explore.gap(corpus, current, target, embed)
        brief.assessment = assessment_from_gap(result, lang)
        brief.plan = plan_from_gap(result, lang)
    return brief


# --- rendering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Block:
    """One piece of the document, so the three formats say the same thing."""

    kind: str  # title, note, h1, h2, text (client's own words), item, answer, cited
    text: str


def _blocks(brief: Brief) -> list[_Block]:
    lang = brief.lang
    cite = (lambda code: f" ({code})") if lang == EN else (lambda code: f"（{code}）")
    needs_name, plan_name = brief.form_names
    blocks = [
        _Block("title", _t("title", lang)),
        _Block("note", f"{_t('date', lang)}：{brief.date}"),
        _Block("note", _t("basis", lang, code=SERVICE_STANDARD, needs=needs_name, plan=plan_name)),
        _Block("h1", _t("needs_form", lang) + cite(NEEDS_FORM)),
        _Block("h2", _t("situation", lang) + cite(BACKGROUND)),
        _Block("text", brief.situation or _t("not_entered", lang)),
        _Block("h2", _t("goal", lang) + cite(NEEDS)),
        _Block("text", brief.goal or _t("not_entered", lang)),
    ]
    if brief.target:
        blocks.append(_Block("h2", _t("requirements", lang, name=brief.target.cite(lang)) + cite(ASSESS_NEEDS)))
        blocks += [_Block("item", f.cite(lang)) for f in brief.requirements]
    else:
        blocks.append(_Block("h2", _t("requirements", lang, name="—") + cite(ASSESS_NEEDS)))
        blocks.append(_Block("note", _t("no_target", lang)))
    blocks.append(_Block("h1", _t("plan_form", lang) + cite(PLAN_FORM)))
    blocks.append(_Block("h2", _t("assessment", lang) + cite(ASSESS_COMPETENCY)))
    blocks += [_Block("item", f.cite(lang)) for f in brief.assessment] or [_Block("note", _t("no_gap", lang))]
    blocks.append(_Block("h2", _t("plan", lang) + cite(JOINT_PLAN)))
    blocks += [_Block("item", f.cite(lang)) for f in brief.plan] or [_Block("note", _t("no_plan", lang))]
    blocks.append(_Block("h1", _t("questions", lang)))
    if not brief.exchanges:
        blocks.append(_Block("note", _t("no_questions", lang)))
    for n, exchange in enumerate(brief.exchanges, 1):
        blocks.append(_Block("h2", f"{_t('question', lang, n=n)}：{exchange.question}"))
        blocks.append(_Block("answer", exchange.answer))
        cited = ("、" if lang != EN else ", ").join(exchange.citations) or _t("abstained", lang)
        blocks.append(_Block("cited", f"{_t('cited', lang)}：{cited}"))
    return blocks


def render_markdown(brief: Brief) -> str:
    """Markdown; the client's words and record text are escaped, the answers are the app's own markdown."""
    out: list[str] = []
    previous = ""
    for block in _blocks(brief):
        if out and not (block.kind == previous == "item"):
            out.append("")  # a blank line between blocks, none inside a list
        previous = block.kind
        if block.kind == "title":
            out.append(f"# {escape_markdown(block.text, line_start=False)}")
        elif block.kind == "h1":
            out.append(f"## {escape_markdown(block.text, line_start=False)}")
        elif block.kind == "h2":
            out.append(f"### {escape_markdown(block.text, line_start=False)}")
        elif block.kind == "item":
            out.append(f"- {escape_markdown(block.text)}")
        elif block.kind == "answer":
            out.append("\n".join(f"> {line}" if line else ">" for line in
                                 explore.safe_answer_markdown(block.text).splitlines()))
        elif block.kind == "text":
            out.append("  \n".join(escape_markdown(line) for line in block.text.splitlines()))
        else:
            out.append(f"*{escape_markdown(block.text)}*")
    return "\n".join(out) + "\n"


def plain_lines(markdown: str) -> list[str]:
    """An answer's markdown as plain lines for DOCX and PDF: emphasis and table rules dropped."""
    lines = []
    for line in markdown.splitlines():
        if re.fullmatch(r"\s*\|?[\s:|-]+\|?\s*", line) and "-" in line:
            continue
        line = re.sub(r"\*\*(.+?)\*\*", r"\1", line)
        line = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)
        lines.append(line.strip("|").replace(" | ", "｜") if line.startswith("|") else line)
    return lines


def render_docx(brief: Brief) -> bytes:
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "Quote"):
        style = document.styles[style_name]
        # Word picks the East Asian font from w:eastAsia; without it CJK falls back per machine.
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        fonts.set(qn("w:eastAsia"), "Noto Sans CJK TC")
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = _t("title", brief.lang)
    document.core_properties.author = ""
    for block in _blocks(brief):
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "h1":
            document.add_heading(block.text, level=1)
        elif block.kind == "h2":
            document.add_heading(block.text, level=2)
        elif block.kind == "item":
            document.add_paragraph(block.text, style="List Bullet")
        elif block.kind == "answer":
            for line in plain_lines(block.text):
                if line.strip():
                    document.add_paragraph(line, style="Quote")
        elif block.kind == "text":
            document.add_paragraph(block.text)
        else:
            document.add_paragraph().add_run(block.text).italic = True
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class FontMissing(FileNotFoundError):
    pass


def render_pdf(brief: Brief, font: Path | str = CJK_FONT, font_index: int = CJK_FONT_INDEX) -> bytes:
    font = Path(font)
    if not font.is_file():
        raise FontMissing(f"The PDF needs a CJK font and {font} is missing: install the Debian package "
                          f"{CJK_FONT_PACKAGE} (apt-get install {CJK_FONT_PACKAGE}).")
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(_t("title", brief.lang))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_font("cjk", fname=str(font), collection_font_number=font_index)
    pdf.add_page()
    sizes = {"title": 18, "h1": 14, "h2": 12}

    def write(text: str, size: float = 10.5, indent: float = 0.0, height: float = 6.0) -> None:
        pdf.set_font("cjk", size=size)
        pdf.set_x(pdf.l_margin + indent)
        width = pdf.w - pdf.r_margin - pdf.l_margin - indent
        room = width - 2 * pdf.c_margin - 0.5  # multi_cell pads each side by c_margin
        lines = [line for paragraph in text.splitlines() for line in _wrap(pdf, paragraph, room)]
        pdf.multi_cell(width, height, "\n".join(lines), new_x="LMARGIN", new_y="NEXT")

    for block in _blocks(brief):
        if block.kind in sizes:
            pdf.ln(3 if block.kind != "title" else 0)
            write(block.text, sizes[block.kind], height=sizes[block.kind] * 0.55)
        elif block.kind == "item":
            write("• " + block.text, indent=3)
        elif block.kind == "answer":
            pdf.set_text_color(60, 60, 60)
            for line in plain_lines(block.text):
                if line.strip():
                    write(line, 10, indent=5)
            pdf.set_text_color(0, 0, 0)
        elif block.kind == "note" or block.kind == "cited":
            pdf.set_text_color(90, 90, 90)
            write(block.text, 9.5)
            pdf.set_text_color(0, 0, 0)
        else:
            write(block.text)
    return bytes(pdf.output())


# A code, or any run of printable ASCII, is one unbreakable piece; CJK breaks between characters,
# and brackets and punctuation stay with what they enclose (no line starts with "）" or ends with "（").
_PIECE = re.compile(r"[（「『]*(?:HK:[\u3400-\u9fff]+|[!-~]+|\S)[）」』，。、；：！？]*|\s+")


def _wrap(pdf, text: str, width: float) -> list[str]:
    """Lines that fit `width`, never splitting a code such as BHR1212-002v3/P2.4.1 or HK:人才管理經理."""
    lines, line = [], ""
    for piece in _PIECE.findall(text):
        if pdf.get_string_width(line + piece) <= width:
            line += piece
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = piece.lstrip()
        while pdf.get_string_width(line) > width:  # longer than a whole line: split it after all
            cut = max(1, next(n for n in range(len(line), 0, -1) if pdf.get_string_width(line[:n]) <= width))
            lines.append(line[:cut])
            line = line[cut:]
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def exchanges_from_answers(answers) -> list[Exchange]:
    """The session's answers (retrieval.answer.Answer) as brief entries."""
    return [Exchange(a.question, a.text, tuple(a.citations), a.abstained) for a in answers]
