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
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from corpus.codes import HK_ID
from corpus.load import Corpus
from corpus.records import HKRole, Standard

from . import explore
from .explore import EN, ZH, escape_markdown
from .transcript import PATTERNS as REDACTION_PATTERNS

FORMS_FILE = Path(__file__).with_name("brief_forms.toml")
_PARTS = ("needs_form", "plan_form", "background", "needs", "assess_needs", "assess_competency", "joint_plan")


def load_forms(path: Path = FORMS_FILE) -> tuple[str, dict[str, str]]:
    """The standard the brief follows and the canonical code of each part (brief_forms.toml)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        standard, parts = data["standard"], data["parts"]
        return standard, {part: f"{standard}/{parts[part]}" for part in _PARTS}
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"{path}: needs `standard` and [parts] {', '.join(_PARTS)}: {error!r}") from error


SERVICE_STANDARD, _FORMS = load_forms()
NEEDS_FORM, PLAN_FORM, BACKGROUND, NEEDS, ASSESS_NEEDS, ASSESS_COMPETENCY, JOINT_PLAN = (_FORMS[p] for p in _PARTS)

# Noto Sans CJK as Debian's fonts-noto-cjk installs it. In the collection, face 2
# is SC and face 3 is TC: the corpus is Traditional Chinese, so TC glyph forms.
CJK_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
CJK_FONT_INDEX = 3
CJK_FONT_PACKAGE = "fonts-noto-cjk"

def _t(key: str, lang: str, **values) -> str:
    """A text of the document, from the interface catalogue (retrieval/labels.toml, the `doc.` entries)."""
    return explore.label("doc." + key, lang, **values)


def identifiers(text: str) -> list[str]:
    """Kinds of personal identifier the text seems to hold (ID, phone, e-mail), by the transcript log's patterns.
    The brief keeps what the counsellor typed; this only lets the screen say so before an export."""
    return list(dict.fromkeys(tag for tag, pattern in REDACTION_PATTERNS if pattern.search(text or "")))


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
    counsellor: str = ""  # optional, as typed: a name or a staff code
    client: str = ""  # optional, as typed: a name or a case number
    form_names: tuple[str, str] = ("", "")  # the two forms as the corpus names them
    follows_standard: bool = True  # the followed standard is in the corpus: its codes can be cited


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


def _covered_fact(row: dict, lang: str) -> Fact:
    """A target item the current record covers, classed (same / partial) with the reason: never a bare score."""
    current = explore.label("list_sep", lang).join(c["text"] for c in row["covered_by"])  # the codes are cited
    text = _t("covered", lang, strength=row["strength_label"], target=row["target"], current=current,
              reason=row["reason"])
    return fact(text, row["target_code"], *(c["code"] for c in row["covered_by"]))


def assessment_from_gap(result: dict, lang: str = ZH) -> list[Fact]:
    """The gap as `explore.gap` (that is, `moves.move`) classes it: covered items with strength and reason, then
    what is missing."""
    current = result["current"]
    facts = [fact(_t("from_gap", lang, current=current["name"], current_code=current["code"]),
                  current["code"], result["target"]["code"])]
    facts += [_covered_fact(row, lang) for row in result["covered"]]
    if result["kind"] == "units":
        facts.append(fact(_t("gap_units", lang, units=len(result["units_to_gain"]), credits=result["credits_to_gain"]),
                          result["target"]["code"]))
        facts += [fact(_t("gain", lang, label=f"{u['code']} {u['title']}", level=u["level"], credits=u["credits"]),
                       u["code"]) for u in result["units_to_gain"]]
        return facts
    facts += [fact(_t("new", lang, label=n["label"]), n["code"]) for n in result["new"]]
    return facts


def plan_from_gap(result: dict, lang: str = ZH) -> list[Fact]:
    """The move's next steps (each unit, knowledge, skill or output once), the courses, the entry requirements."""
    facts = [fact(step["text"], step["code"]) for step in result["steps"]]
    facts += [fact(explore.course_step(c, lang), c["code"]) for c in result["courses"]]
    facts += [fact(_t("entry", lang, text=e["text"]), e["code"]) for e in result["entry_requirements"]]
    return facts


def build_brief(corpus: Corpus, *, situation: str = "", goal: str = "", target: str | None = None,
                check: dict | None = None, current: str | None = None, exchanges: list[Exchange] | tuple = (),
                lang: str = ZH, embed=None) -> Brief:
    """The brief for a target: its requirements, the gap (the self-check for this target when done, else the gap
    from the current occupation when one is chosen) and the plan that follows from it."""
    # Without the followed standard in the corpus, the brief keeps its shape but cites none of its codes.
    follows = corpus.document(SERVICE_STANDARD) is not None
    forms = tuple((explore.item_text(corpus, code) if follows else "") or _t(default, lang)
                  for code, default in ((NEEDS_FORM, "needs_default"), (PLAN_FORM, "plan_default")))
    brief = Brief(situation=situation.strip(), goal=goal.strip(), exchanges=list(exchanges), lang=lang,
                  form_names=forms, follows_standard=follows)
    if not target:
        return brief
    brief.target = fact(explore.occupation(corpus, target).name, target)
    brief.requirements = requirements(corpus, target, lang)
    if check and check["target"]["code"] == target:
        brief.assessment = assessment_from_check(check, lang)
        brief.plan = plan_from_check(check, lang)
    elif current and current != target:
        result = explore.gap(corpus, current, target, embed, lang)
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
    def cite(code: str) -> str:
        return (f" ({code})" if lang == EN else f"（{code}）") if brief.follows_standard else ""

    needs_name, plan_name = brief.form_names
    blocks = [
        _Block("title", _t("title", lang)),
        _Block("note", explore.field_line(_t("date", lang), brief.date, lang)),
    ]
    blocks += [_Block("note", explore.field_line(_t(key, lang), value, lang))
               for key, value in (("counsellor", brief.counsellor.strip()), ("client", brief.client.strip())) if value]
    if brief.follows_standard:
        blocks.append(_Block("note", _t("basis", lang, code=SERVICE_STANDARD, needs=needs_name, plan=plan_name)))
    blocks += [
        _Block("h1", _t("needs_form", lang, name=needs_name) + cite(NEEDS_FORM)),
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
    blocks.append(_Block("h1", _t("plan_form", lang, name=plan_name) + cite(PLAN_FORM)))
    blocks.append(_Block("h2", _t("assessment", lang) + cite(ASSESS_COMPETENCY)))
    blocks += [_Block("item", f.cite(lang)) for f in brief.assessment] or [_Block("note", _t("no_gap", lang))]
    blocks.append(_Block("h2", _t("plan", lang) + cite(JOINT_PLAN)))
    blocks += [_Block("item", f.cite(lang)) for f in brief.plan] or [_Block("note", _t("no_plan", lang))]
    blocks.append(_Block("h1", _t("questions", lang)))
    if not brief.exchanges:
        blocks.append(_Block("note", _t("no_questions", lang)))
    for n, exchange in enumerate(brief.exchanges, 1):
        blocks.append(_Block("h2", explore.field_line(_t("question", lang, n=n), exchange.question, lang)))
        blocks.append(_Block("answer", exchange.answer))
        cited = explore.label("list_sep", lang).join(exchange.citations) or _t("abstained", lang)
        blocks.append(_Block("cited", explore.field_line(_t("cited", lang), cited, lang)))
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


DOCX_FONT = "Noto Sans CJK TC"


def _set_fonts(rpr, font: str) -> None:
    """Name the font for every script. A theme attribute (w:eastAsiaTheme …) wins over a named font, and the
    default template sets them, so they are removed: otherwise Word picks the East Asian font per machine."""
    from docx.oxml.ns import qn

    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), font)


def _page_field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays the pages out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()  # one run per part, as Word writes fields
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def render_docx(brief: Brief) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    defaults = document.styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(default_rpr, DOCX_FONT)
    language = default_rpr.find(qn("w:lang"))
    if language is not None:
        language.set(qn("w:eastAsia"), "zh-TW")
    for style_name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "Quote", "Header", "Footer"):
        _set_fonts(document.styles[style_name].element.get_or_add_rPr(), DOCX_FONT)
    for fonts in document.styles.element.iter(qn("w:rFonts")):  # every other style that names theme fonts
        if fonts.get(qn("w:eastAsiaTheme")):
            _set_fonts(fonts.getparent(), DOCX_FONT)
    document.styles["Normal"].font.size = Pt(10.5)
    title = _t("title", brief.lang)
    document.core_properties.title = title
    document.core_properties.author = ""
    section = document.sections[0]
    header = section.header.paragraphs[0]
    header.text = f"{title}　{brief.date}" if brief.lang != EN else f"{title} · {brief.date}"
    header.style = document.styles["Header"]
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    before, middle, after = _t("page", brief.lang, page="\0", pages="\1").replace("\0", "\n").replace(
        "\1", "\n").split("\n")
    footer.add_run(before)
    _page_field(footer, "PAGE")
    footer.add_run(middle)
    _page_field(footer, "NUMPAGES")
    footer.add_run(after)
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

    title = _t("title", brief.lang)
    page_text = _t("page", brief.lang, page="{page}", pages="{nb}")

    class _Pages(FPDF):
        """Each page: the title and date on top, the page number of all pages at the bottom."""

        def header(self) -> None:
            self.set_font("cjk", size=8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, f"{title}　{brief.date}", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0, 0, 0)
            self.ln(2)

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("cjk", size=8)
            self.set_text_color(110, 110, 110)
            self.cell(0, 5, page_text.replace("{page}", str(self.page_no())), align="C")
            self.set_text_color(0, 0, 0)

    pdf = _Pages(format="A4")
    pdf.set_title(title)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font("cjk", fname=str(font), collection_font_number=font_index)
    pdf.alias_nb_pages("{nb}")
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
_PIECE = re.compile(rf"[（「『]*(?:{HK_ID}|[!-~]+|\S)[）」』，。、；：！？]*|\s+")


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
