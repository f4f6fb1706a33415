"""The consultation brief: shaped after BHR3333-004v2 O1.2.1 and O2.3.1, every fact with its code."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from retrieval import brief as briefing
from retrieval import explore
from retrieval.brief import Exchange

SITUATION = "五年人資專員經驗，現任人才管理主任 <b>並非標記</b>"
GOAL = "兩年內升任人才管理經理"
CITED = re.compile(r"（([^（）]+)）$")


@pytest.fixture(scope="module")
def knowledge(retriever, corpus):
    from retrieval.answer import Knowledge

    return Knowledge(retriever, corpus)


@pytest.fixture(scope="module")
def session(knowledge):
    """Two real answers, as the app keeps them."""
    from retrieval.answer import answer

    first = answer("訓練經理需要哪些技能？", [], knowledge=knowledge)
    second = answer("從人才管理主任升到人才管理經理，還缺什麼？", [], knowledge=knowledge)
    return briefing.exchanges_from_answers([first, second])


@pytest.fixture(scope="module")
def role_brief(corpus, session):
    check = explore.self_check(corpus, "HK:人才管理經理", {"106907L5", "106911L5"})
    return briefing.build_brief(corpus, situation=SITUATION, goal=GOAL, target="HK:人才管理經理", check=check,
                                exchanges=session)


def test_every_fact_carries_codes_the_corpus_defines(corpus, role_brief):
    codes = corpus.codes()
    facts = role_brief.requirements + role_brief.assessment + role_brief.plan
    assert facts and all(f.codes and set(f.codes) <= codes for f in facts)
    for code in (briefing.NEEDS_FORM, briefing.PLAN_FORM, briefing.BACKGROUND, briefing.NEEDS,
                 briefing.ASSESS_NEEDS, briefing.ASSESS_COMPETENCY, briefing.JOINT_PLAN):
        assert code in codes, code
    assert role_brief.form_names == ("就業服務需求表", "職能發展計畫")  # as the standard names its outputs


def test_brief_content_follows_the_self_check(corpus, role_brief):
    role = corpus.role("HK:人才管理經理")
    required = {c for f in role_brief.requirements for c in f.codes}
    assert set(role.unit_codes) <= required
    missing = {c for f in role_brief.assessment[1:] for c in f.codes}
    assert missing == set(role.unit_codes) - {"106907L5", "106911L5"}
    assert role_brief.assessment[0].text.startswith("來自自我檢核：準備度")
    plan = " ".join(f.text for f in role_brief.plan)
    assert all(c.programme in plan for c in role.courses)


def test_markdown_has_the_sections_codes_client_words_and_answers(role_brief, session):
    markdown = briefing.render_markdown(role_brief)
    assert f"## 一、就業服務需求表（{briefing.NEEDS_FORM}）" in markdown
    assert f"## 二、職能發展計畫（{briefing.PLAN_FORM}）" in markdown
    assert "## 三、諮詢問答紀錄" in markdown
    for code in ("HK:人才管理經理", "106921L5", "107100L5", "BHR1212-002v3/S01", "106907L5"):
        assert code in markdown
    assert "五年人資專員經驗，現任人才管理主任 \\<b\\>並非標記\\</b\\>" in markdown  # as typed, never markup
    assert GOAL in markdown
    for exchange in session:
        assert exchange.question in markdown and "、".join(exchange.citations) in markdown
    items = [line[2:] for line in markdown.splitlines() if line.startswith("- ")]
    assert items and all(CITED.search(item) for item in items)  # every listed fact ends with its code


def test_docx_opens_and_contains_the_codes(role_brief):
    from docx import Document

    document = Document(io.BytesIO(briefing.render_docx(role_brief)))
    text = "\n".join(p.text for p in document.paragraphs)
    for code in (briefing.NEEDS_FORM, briefing.PLAN_FORM, "HK:人才管理經理", "106921L5", "BHR1212-002v3/S01"):
        assert code in text
    assert SITUATION in text and GOAL in text
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert f"一、就業服務需求表（{briefing.NEEDS_FORM}）" in headings


def test_pdf_is_a_pdf_with_chinese_text_and_whole_codes(role_brief):
    pdf = briefing.render_pdf(role_brief)
    assert pdf.startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    text = text.decode("utf-8")
    assert "就業服務需求表" in text and "職能發展計畫" in text and "人才管理經理" in text
    for code in (briefing.NEEDS_FORM, briefing.PLAN_FORM, "HK:人才管理經理", "106921L5", "107100L5"):
        assert code in text, code  # never split across lines
    assert "兩年內升任人才管理經理" in text


def test_pdf_without_the_cjk_font_names_the_package(role_brief, tmp_path):
    with pytest.raises(briefing.FontMissing, match="fonts-noto-cjk"):
        briefing.render_pdf(role_brief, font=tmp_path / "missing.ttc")


def test_brief_from_the_gap_when_no_self_check(corpus):
    brief = briefing.build_brief(corpus, target="BHR1212-002v3", current="BHR3333-004v2")
    assert brief.assessment[0].codes == ("BHR3333-004v2", "BHR1212-002v3")
    same = [f for f in brief.assessment if f.text.startswith("已具備（同一能力）")]
    assert any(f.codes == ("BHR1212-002v3/S02", "BHR3333-004v2/S02") for f in same)
    assert not any(re.search(r"\d\.\d{2,}", f.text) for f in brief.assessment)  # classed, never a bare score
    assert brief.plan and all(f.codes for f in brief.plan)
    planned = [c for f in brief.plan for c in f.codes]
    assert planned.count("BHR1212-002v3/K01") == 1  # each knowledge item once, however many tasks ask for it
    units = briefing.build_brief(corpus, target="HK:人才管理經理", current="HK:人才管理主任")
    assert any(f.text.startswith("共需補足 25 個能力單元") for f in units.assessment)


def test_brief_gap_is_the_move(corpus):
    """The brief's classed items are exactly those `moves.move` classes, with its strengths and covering codes."""
    from retrieval import moves

    found = moves.move(corpus, "HK:人才管理主任", "BHR1212-002v3")
    brief = briefing.build_brief(corpus, target="BHR1212-002v3", current="HK:人才管理主任", lang="en")
    classed = [f for f in brief.assessment if f.text.startswith(("Already has it", "Partly covered"))]
    assert [f.codes for f in classed] == [(m.target,) + tuple(c.code for c in m.covered_by) for m in found.covered]
    for f, m in zip(classed, found.covered):
        assert f.text.startswith("Already has it" if m.strength == "same" else "Partly covered")
    missing = [f.codes[0] for f in brief.assessment if f.text.startswith("New to learn")]
    assert missing == [m.target for m in found.missing]


def test_a_self_check_for_another_target_is_not_used(corpus):
    check = explore.self_check(corpus, "BHR1212-002v3", set())
    brief = briefing.build_brief(corpus, target="HK:人才管理經理", check=check)
    assert brief.assessment == [] and brief.plan == []
    assert "尚未做自我檢核" in briefing.render_markdown(brief)


def test_empty_brief_still_renders_in_every_format(corpus):
    brief = briefing.build_brief(corpus)
    markdown = briefing.render_markdown(brief)
    assert "（尚未選擇目標職業或崗位）" in markdown and "（未填寫）" in markdown
    assert briefing.render_docx(brief)[:2] == b"PK"
    assert briefing.render_pdf(brief).startswith(b"%PDF")


def test_english_brief(corpus):
    check = explore.self_check(corpus, "BHR1212-002v3", {"BHR1212-002v3/P1.1.1"}, "en")
    brief = briefing.build_brief(corpus, target="BHR1212-002v3", check=check, lang="en",
                                 exchanges=[Exchange("What skills?", "S01 (BHR1212-002v3/S01)",
                                                     ("BHR1212-002v3/S01",))])
    markdown = briefing.render_markdown(brief)
    heading = next(line for line in markdown.splitlines() if line.startswith("## ") and briefing.NEEDS_FORM in line)
    assert explore.item_text(corpus, briefing.NEEDS_FORM) in heading  # the form as the standard names it
    assert "- Task T1.1 確認組織訓練政策 (level 5) (BHR1212-002v3/T1.1)" in markdown
    assert "From the self-check: readiness 3% (1 of 29 items)" in markdown


def test_answers_keep_their_markup_but_lose_images_and_links(corpus):
    exchange = Exchange("q", "**T1**\n![x](http://evil/p.png) [a](http://evil) <i>", ("BHR1212-002v3",))
    markdown = briefing.render_markdown(briefing.build_brief(corpus, exchanges=[exchange]))
    assert "> **T1**" in markdown and "http://evil" not in markdown and "&lt;i&gt;" in markdown


def test_plain_lines_for_docx_and_pdf():
    lines = briefing.plain_lines("**H**\n| a | b |\n|---|---|\n| 1 | 2 |\n[t](http://x)")
    assert lines == ["H", " a｜b ", " 1｜2 ", "t"]


def test_docx_names_the_east_asian_font_and_numbers_its_pages(corpus):
    from docx import Document

    brief = briefing.build_brief(corpus, situation="背景", target="BHR1212-002v3")
    brief.counsellor, brief.client = "諮詢員乙", "案號 7"
    document = Document(io.BytesIO(briefing.render_docx(brief)))
    styles = document.styles.element.xml
    # A theme attribute would win over the named font: none may be left.
    assert "eastAsiaTheme" not in styles and f'w:eastAsia="{briefing.DOCX_FONT}"' in styles
    section = document.sections[0]
    assert brief.date in section.header.paragraphs[0].text
    assert all(f" {field} " in section.footer._element.xml for field in ("PAGE", "NUMPAGES"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "諮詢員乙" in text and "案號 7" in text


def test_brief_without_people_has_no_empty_fields(corpus):
    markdown = briefing.render_markdown(briefing.build_brief(corpus))
    for key in ("doc.counsellor", "doc.client"):
        assert explore.field_line(explore.label(key), "", explore.ZH).strip() not in markdown


@pytest.mark.parametrize("text, kinds", [
    ("電話 0912-345-678", ["[PHONE]"]),
    ("mail: someone@example.com；身分證 A123456789", ["[EMAIL]", "[TW-ID]"]),
    ("五年人資經驗，想轉任訓練經理", []),
])
def test_identifiers_use_the_transcript_patterns(text, kinds):
    from retrieval.transcript import redact

    assert sorted(briefing.identifiers(text)) == sorted(kinds)
    assert all(kind in redact(text) for kind in kinds)  # the same patterns the transcript log redacts with


def test_without_the_followed_standard_the_brief_cites_none_of_its_codes(corpus, seeds_dir):
    from corpus import load_corpus

    followed = corpus.document(briefing.SERVICE_STANDARD)
    others = [p for p in sorted(seeds_dir.iterdir()) if p.is_file() and p.name != Path(followed.source).name]
    smaller = load_corpus(seeds_dir, paths=others)
    assert smaller.document(briefing.SERVICE_STANDARD) is None
    brief = briefing.build_brief(smaller, situation="背景", target=corpus.standards[-1].code
                                 if corpus.standards[-1].code != followed.code else corpus.standards[0].code)
    markdown = briefing.render_markdown(brief)
    assert briefing.SERVICE_STANDARD not in markdown  # never a code the corpus does not have
    assert "背景" in markdown and brief.requirements


def test_forms_file_errors_name_the_file(tmp_path):
    broken = tmp_path / "brief_forms.toml"
    broken.write_text('standard = "X"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="brief_forms.toml"):
        briefing.load_forms(broken)
