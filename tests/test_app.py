"""The Streamlit app, driven in-process with AppTest over the real corpus and a real index.

The app's data folder is a temporary one (the index is built there on the
first run, from the shared embedding cache, in about two seconds). Interface
words are read from the label catalogue, so the tests assert what is shown,
not how it is worded.
"""

from __future__ import annotations

import dataclasses
import io
import re
import subprocess
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from corpus.records import Standard
from retrieval import brief as briefing
from retrieval import explore
from retrieval.explore import EN, ZH, label

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("app") / "data"


@pytest.fixture
def app(data_dir, monkeypatch):
    monkeypatch.setenv("CAREER_DATA_DIR", str(data_dir))  # sources and cache: conftest's test settings
    for name in ("CAREER_CHAT_PROVIDER", "CAREER_TRANSCRIPT_LOG", "CAREER_ALLOW_REBUILD"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    return ok(at)


def lang_of(at: AppTest) -> str:
    return at.session_state["lang"] if "lang" in at.session_state else ZH


def show(at: AppTest, view: str) -> AppTest:
    at.radio(key=f"view@{lang_of(at)}").set_value(view).run()
    return ok(at)


def english(at: AppTest) -> AppTest:
    at.sidebar.radio(key="lang").set_value(EN).run()
    return ok(at)


def shown(markdown: str) -> str:
    """Markdown source as a reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def text_of(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.label for e in at.expander] + [a.value for a in at.info] + [w.value for w in at.warning]
    return shown("\n".join(parts))


def last_answer(at: AppTest):
    return at.session_state["messages"][-1]["answer"]


def preview_of(at: AppTest) -> str:
    return next(e for e in at.main.expander if e.label == label("brief.preview")).markdown[0].value


def citation_pills(message) -> dict[str, list[str]]:
    return {group.key: list(group.options) for group in message.button_group if str(group.key).startswith("cite-")}


# --- first start, sidebar -----------------------------------------------------------------------


def test_first_page_says_what_the_corpus_covers_and_starters_name_its_records(app, data_dir, corpus):
    assert (data_dir / "index" / "CURRENT").exists()
    assert app.title[0].value == label("title")
    page = text_of(app)
    for record in list(corpus.standards) + list(corpus.units):
        assert record.name in page and record.code in page
    for path in corpus.career_paths:
        assert path.name in page and all(role.title in page for role in path.roles)
    names = [s.name for s in corpus.standards] + [r.title for r in corpus.roles]
    starters = [b.label for b in app.button if b.key and b.key.startswith("starter-")]
    assert len(starters) == 4 and all(any(name in q for name in names) for q in starters)
    # One line in the sidebar says how much is covered, counted from the records.
    line = "\n".join(c.value for c in app.sidebar.caption)
    for count in (len(corpus.standards), len(corpus.units), len(corpus.career_paths), len(corpus.roles)):
        assert str(count) in line


def test_sidebar_keeps_internals_in_the_about_panel_and_rebuilding_off(app, data_dir):
    from retrieval.index import IndexManager

    manifest = IndexManager(data_dir / "index").current_manifest()
    about = app.sidebar.expander[0]
    assert about.label == label("about")
    inside = "\n".join(m.value for m in about.markdown)
    assert manifest.build_id in inside and manifest.embedder in inside
    outside = [m.value for m in app.sidebar.markdown if m not in about.markdown]
    assert not any(manifest.build_id in text or manifest.embedder in text for text in outside)
    assert not [b for b in app.sidebar.button if b.key == "rebuild"]  # off unless an administrator allows it
    assert label("index.rebuild.off") in "\n".join(c.value for c in about.caption)


def test_rebuild_allowed_by_the_admin_setting_makes_a_new_build(data_dir, monkeypatch):
    from retrieval.index import IndexManager

    monkeypatch.setenv("CAREER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CAREER_ALLOW_REBUILD", "1")
    at = ok(AppTest.from_file(APP, default_timeout=90).run())
    before = IndexManager(data_dir / "index").current_id()
    at.sidebar.expander[0].button(key="rebuild").click().run()
    ok(at)
    after = IndexManager(data_dir / "index").current_id()
    assert after != before and after in "\n".join(m.value for m in at.sidebar.markdown)
    ask(at, "訓練經理需要哪些技能？")  # the new build serves answers
    assert "BHR1212-002v3/S01" in last_answer(at).citations


def test_level_filter_explains_the_two_scales(app):
    slider = app.sidebar.slider[0]
    assert slider.help == label("levels.help") and (slider.min, slider.max) == (1, 7)
    app.sidebar.radio(key="framework@zh-TW").set_value("TW").run()
    slider = ok(app).sidebar.slider[0]
    assert (slider.min, slider.max) == (1, 6) and slider.label == label("levels.TW")
    app.sidebar.radio(key="framework@zh-TW").set_value("HK").run()
    assert (ok(app).sidebar.slider[0].min, app.sidebar.slider[0].max) == (1, 7)


# --- chat ---------------------------------------------------------------------------------------


def test_chat_answer_citations_a_source_opened_and_a_translated_sources_table(app, corpus):
    ask(app, "訓練經理需要哪些技能？")
    user, assistant = app.chat_message[0], app.chat_message[1]
    assert user.name == "user" and assistant.name == "assistant"
    answer_text = assistant.markdown[0].value
    standard = corpus.document("BHR1212-002v3")
    for skill in standard.skills:  # every skill of the standard, each with its code
        assert skill.text in answer_text and f"BHR1212-002v3/{skill.code}" in answer_text
    pills = app.button_group(key="cite-1")
    assert "BHR1212-002v3/S01" in pills.options and len(set(pills.options)) == len(pills.options)

    pills.set_value("BHR1212-002v3/S01").run()
    record = ok(app).chat_message[1].code[0].value
    assert "S01 組織規劃能力" in record
    header = "\n".join(m.value for m in app.chat_message[1].markdown)
    assert "`BHR1212-002v3/S01`" in header and "組織規劃能力" in header
    details = shown("\n".join(c.value for c in app.chat_message[1].caption))
    assert "訓練經理（BHR1212-002v3）" in details and label("fw.TW") in details and standard.source in details

    table = app.chat_message[1].expander[0].dataframe[0].value
    assert list(table.columns) == [label(k) for k in ("code", "name", "record.framework", "record.level")]
    assert table.iloc[:, 0].is_unique  # each record once
    assert set(table.iloc[:, 2]) <= {label("fw.TW"), label("fw.HK")}  # never a raw "TW"


def test_many_citations_are_grouped_by_record_each_code_once(app, corpus):
    current, target = explore.adjacent_rungs(corpus)
    ask(app, label("starter.move", current=corpus.role(current).title, target=corpus.role(target).title))
    result = last_answer(app)
    groups = citation_pills(app.chat_message[1])
    if len(result.citations) <= 8:
        pytest.skip("the answer cites few codes")
    assert len(groups) > 1
    assert sum(len(options) for options in groups.values()) == len(set(result.citations))  # each code once
    titles = [g.label for g in app.chat_message[1].button_group]
    assert any(corpus.role(target).title in t for t in titles)
    for group in app.chat_message[1].button_group:  # a pill shows the item's own part, not its record's code again
        owner = re.search(r"[（(]([^（()）]+)[)）]$", group.label)[1]
        assert not [o for o in group.options if o != owner and o.startswith(owner + "/")]


def test_a_duty_citation_opens_the_duty_with_its_tasks(app, corpus):
    ask(app, "訓練經理需要哪些技能？")
    messages = app.session_state["messages"]
    duty = corpus.document("BHR1212-002v3").duties[0]
    code = f"BHR1212-002v3/{duty.code}"
    messages[-1]["answer"] = dataclasses.replace(messages[-1]["answer"], citations=(code,))
    app.session_state["messages"] = messages
    app.run()
    ok(app).button_group(key="cite-1").set_value(code).run()
    opened = shown("\n".join(m.value for m in ok(app).chat_message[1].markdown))
    for task in duty.tasks:
        assert f"BHR1212-002v3/{task.code}" in opened and task.name in opened


def test_refusal_shows_no_citations_and_no_sources(app, corpus):
    ask(app, "廚師需要什麼技能？")
    result = last_answer(app)
    assert result.abstained and not result.citations
    message = app.chat_message[1]
    assert not citation_pills(message) and not message.expander  # no sources under a refusal
    assert label("abstained") in "\n".join(c.value for c in message.caption)


def test_whitespace_question_is_refused_in_the_input(app):
    ask(app, "   \n\t ")
    assert app.session_state["messages"] == [] and not app.chat_message
    assert label("ask.blank") in [w.value for w in app.warning]


def test_long_pasted_case_note_arrives_whole(app):
    note = "求職者背景：" + "曾在零售業擔任門市人員，負責排班與新人帶領。" * 110 + "請問他要轉做訓練經理需要哪些技能？"
    assert len(note) > 2300
    ask(app, note)
    result = last_answer(app)
    assert app.session_state["messages"][0]["content"] == note  # the whole paste reached the answer layer
    assert shown(app.chat_message[0].markdown[0].value) == note  # and is shown whole
    infos = [shown(i.value) for i in app.chat_message[1].info]
    assert infos == list(result.notices)  # what the answer layer says it read is on the screen


def test_refusal_follows_the_interface_language_without_a_language_signal(app):
    ask(app, "<script>")
    assert last_answer(app).lang == ZH
    english(app)
    ask(app, "<script>")
    assert last_answer(app).lang == EN


def test_user_and_answer_text_never_render_as_html(app):
    ask(app, "<img src=x onerror=alert(1)> 訓練經理需要哪些技能？")
    assert "\\<img" in app.chat_message[0].markdown[0].value  # escaped, shown as text
    for view in ("chat", "browse", "ladder", "gap", "compare", "check", "brief"):
        show(app, view)
        assert not [m for m in app.markdown if m.proto.allow_html], view


def test_history_is_kept_per_session_and_used_for_follow_ups(app):
    ask(app, "訓練經理需要哪些技能？")
    ask(app, "那知識呢？")
    assert "BHR1212-002v3/K01" in last_answer(app).citations  # resolved from the conversation
    assert len(app.chat_message) == 4
    other = AppTest.from_file(APP, default_timeout=90).run()  # another browser: nothing shared
    assert other.session_state["messages"] == [] and not other.chat_message


def test_sidebar_filters_narrow_the_sources(app):
    app.sidebar.radio(key="framework@zh-TW").set_value("HK").run()
    ask(app, "績效管理需要哪些能力？")
    sources = last_answer(app).sources
    assert {s.framework for s in sources if s.score} == {"HK"}  # what was searched for (named records aside)
    table = app.chat_message[1].expander[0].dataframe[0].value
    assert set(table.iloc[:, 2]) == {label(f"fw.{s.framework}") for s in sources}  # the table shows the same

    app.sidebar.radio(key="framework@zh-TW").set_value("both").run()
    app.sidebar.slider(key="levels@both").set_value((6, 7)).run()
    ask(app, "培訓需要分析")
    levels = {s.level for s in last_answer(app).sources if s.score}
    assert levels and all(6 <= level <= 7 for level in levels)


# --- language and the URL -------------------------------------------------------------------------


def test_english_interface_keeps_the_selections_and_has_no_leftovers(app, corpus):
    show(app, "ladder")
    app.sidebar.radio(key="framework@zh-TW").set_value("HK").run()
    english(app)
    assert app.title[0].value == label("title", EN)
    assert app.radio(key="view@en").value == "ladder"  # the view and the filter are kept
    assert app.sidebar.radio(key="framework@en").value == "HK"
    assert "QF level" in app.get("graphviz_chart")[0].proto.spec
    options = app.sidebar.selectbox(key="role@en").options
    assert label("any", EN) in options and label("any", ZH) not in options
    interface = "\n".join([c.value for c in app.caption] + [m.value for m in app.sidebar.markdown])
    assert "：" not in interface.replace(label("ladder.caption", EN), "")
    show(app, "gap")
    strengths = set(app.dataframe[0].value.iloc[:, -1])
    assert strengths and not [v for v in strengths if re.search(r"[\u3400-\u9fff]", v)]  # classed in English
    app.selectbox(key="gap_current@en").set_value("BHR1212-002v3").run()
    english_picker = ok(app).selectbox(key="gap_current@en")
    assert not [o for o in english_picker.options if re.search("[（）｜]", o)]  # option labels in English too
    app.sidebar.radio(key="lang").set_value(ZH).run()
    assert ok(app).selectbox(key="gap_current@zh-TW").value == "BHR1212-002v3"  # the pick survives the switch
    english(app)
    show(app, "chat")
    app.button(key="starter-0").click().run()
    assert last_answer(ok(app)).lang == EN
    assert "Citations" in app.button_group(key="cite-1").label


def test_the_view_is_in_the_url_under_a_stable_key(app, data_dir, monkeypatch):
    english(app)
    show(app, "gap")
    assert app.query_params["view"] == "gap"
    fresh = AppTest.from_file(APP, default_timeout=90)
    fresh.query_params["view"] = "gap"
    ok(fresh.run())
    assert fresh.radio(key="view@zh-TW").value == "gap" and fresh.selectbox(key="gap_current@zh-TW")


def test_unreachable_model_shows_a_notice_and_the_composer_answers(data_dir, monkeypatch):
    monkeypatch.setenv("CAREER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CAREER_CHAT_PROVIDER", "openai")
    monkeypatch.setenv("CAREER_CHAT_MODEL", "test-model")
    monkeypatch.setenv("CAREER_CHAT_BASE_URL", "http://127.0.0.1:9/v1")  # the discard port: nothing listens
    monkeypatch.setenv("CAREER_CHAT_TIMEOUT_S", "5")
    at = AppTest.from_file(APP, default_timeout=90).run()
    ask(at, "訓練經理需要哪些技能？")
    result = last_answer(at)
    assert result.engine == "composer" and "BHR1212-002v3/S01" in result.citations
    assert result.notices and [w.value for w in at.chat_message[1].warning]  # the notice says the model was not used


# --- explore views ------------------------------------------------------------------------------


def test_browse_a_tw_standard_and_an_hk_role(app, corpus):
    show(app, "browse")
    app.selectbox(key="browse@zh-TW").set_value("BHR1212-002v3").run()
    page = text_of(ok(app))
    standard = corpus.document("BHR1212-002v3")
    for task in standard.tasks:
        assert standard.qualify(task.code) in page
        for item in task.indicators + task.outputs:
            assert f"`{standard.qualify(item.code)}`" in page

    app.selectbox(key="browse@zh-TW").set_value("HK:人才管理經理").run()
    page = text_of(ok(app))
    role = corpus.role("HK:人才管理經理")
    for ref in role.units:
        unit = corpus.hk_unit(ref.code)
        assert any(e.label.startswith(unit.code) and f"{unit.credits}" in e.label for e in app.expander)
        assert unit.outcome_for(role.id).learning_outcome in page
    courses = app.dataframe[0].value
    assert len(courses) == len(role.courses)
    assert not any(str(v).startswith("HK:") for v in courses.to_numpy().ravel())  # no pseudo-code cells


def test_ladder_draws_every_path_and_family_without_labels_on_edges(app, corpus):
    show(app, "ladder")
    spec = app.get("graphviz_chart")[0].proto.spec
    for path in corpus.career_paths:
        assert all(f'"{role.id}"' in spec for role in path.roles)
    for record in list(corpus.standards) + list(corpus.units):
        assert f'"{record.code}"' in spec
    edges = [line for line in spec.splitlines() if "->" in line and "invis" not in line]
    assert edges and not [e for e in edges if "label" in e]  # step texts are nodes, never on an arrow
    page = text_of(app)
    for role in corpus.roles:
        assert role.qualification.education_progression[0] in page


def test_gap_between_two_rungs_shows_every_unit_and_how_the_rungs_relate(app, corpus):
    show(app, "gap")
    current, target = app.selectbox(key="gap_current@zh-TW").value, app.selectbox(key="gap_target@zh-TW").value
    assert (current, target) == explore.adjacent_rungs(corpus)
    units = app.dataframe[0]
    result = explore.gap(corpus, current, target)
    assert list(units.value.iloc[:, 0]) == [u["code"] for u in result["units_to_gain"]]
    relation = explore.unit_relation(corpus, current, target)
    if relation:
        page = text_of(app)
        assert f"{relation['total']}" in page and all(area in page for area in relation["areas"])
    courses = app.dataframe[1].value
    assert len(courses) == len(corpus.role(target).courses)
    assert not any(str(v).startswith("HK:") for v in courses.to_numpy().ravel())


def test_gap_across_frameworks(app):
    show(app, "gap")
    app.selectbox(key="gap_current@zh-TW").set_value("BHR1212-002v3").run()
    page = text_of(ok(app))
    assert label("related_note") in page and label("scales_note") in page


def test_compare_tw_against_hk(app, corpus):
    show(app, "compare")
    left, right = explore.same_level_pair(corpus)
    page = text_of(app)
    assert left in page and right in page and label("related_note") in page


def test_self_check_readiness_missing_items_courses_and_two_name_warning(app, corpus):
    show(app, "check")
    app.selectbox(key="check_target@zh-TW").set_value("HK:人才管理經理").run()
    app.checkbox(key="tick::HK:人才管理經理::106907L5").check().run()
    progress = ok(app).get("progress")[0].proto
    role = corpus.role("HK:人才管理經理")
    total = sum(corpus.hk_unit(c).credits for c in role.unit_codes)
    assert progress.text.endswith(f"{round(100 * 5 / total)}%")
    missing = app.dataframe[0].value
    assert len(missing) == len(role.units) - 1 and "106907L5" not in set(missing.iloc[:, 0])

    doubled = [s for s in corpus.standards if any(i.other_texts for i in s.knowledge + s.skills)]
    assert doubled, "the seed corpus prints some codes with two names"
    app.selectbox(key="check_target@zh-TW").set_value(doubled[0].code).run()
    warnings = shown("\n".join(w.value for w in ok(app).warning))
    for item in doubled[0].knowledge + doubled[0].skills:
        if item.other_texts:
            assert doubled[0].qualify(item.code) in warnings and item.other_texts[0] in warnings
    steps = "\n".join(m.value for m in app.markdown if m.value.startswith("- "))
    assert "—" not in steps


# --- the brief ----------------------------------------------------------------------------------


@pytest.fixture
def downloads(monkeypatch):
    """What the download buttons would serve: their deferred generators, by file name."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def capture(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name.rsplit(".", 1)[-1]] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name=file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    return made


def test_brief_export_has_the_session_the_self_check_the_people_and_codes(app, downloads, corpus):
    ask(app, "訓練經理需要哪些技能？")
    show(app, "check")
    app.selectbox(key="check_target@zh-TW").set_value("HK:人才管理經理").run()
    app.checkbox(key="tick::HK:人才管理經理::106907L5").check().run()
    show(app, "brief")
    assert app.selectbox(key="brief_target@zh-TW").value == "HK:人才管理經理"  # the self-check's target
    app.text_input(key="brief_counsellor").input("諮詢員甲").run()
    app.text_input(key="brief_client").input("個案 2026-017").run()
    app.text_area(key="brief_situation").input("五年人資專員經驗，現任人才管理主任。").run()
    app.text_area(key="brief_goal").input("兩年內升任人才管理經理。").run()
    ok(app)
    assert not app.warning  # nothing that looks like an ID, a phone or an e-mail

    preview = preview_of(app)
    for code in (briefing.NEEDS_FORM, briefing.PLAN_FORM, "HK:人才管理經理", "BHR1212-002v3/S01"):
        assert code in preview
    assert "諮詢員甲" in preview and "個案 2026-017" in preview and "五年人資專員經驗" in preview
    assert set(downloads) == {"md", "docx", "pdf"}
    assert downloads["md"]().strip() == preview.strip()

    from docx import Document

    docx = Document(io.BytesIO(downloads["docx"]()))
    text = "\n".join(p.text for p in docx.paragraphs)
    assert briefing.NEEDS_FORM in text and "諮詢員甲" in text and "兩年內升任人才管理經理" in text
    header = docx.sections[0].header.paragraphs[0].text
    assert label("doc.title") in header and re.search(r"\d{4}-\d\d-\d\d", header)
    footer = docx.sections[0].footer._element.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    styles = docx.styles.element.xml
    assert 'w:eastAsia="Noto Sans CJK TC"' in styles and "eastAsiaTheme" not in styles

    pdf = downloads["pdf"]()
    assert pdf.startswith(b"%PDF")
    if subprocess.run(["which", "pdftotext"], capture_output=True).returncode == 0:
        pages = subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True).stdout.decode().split("\f")
        pages = [p for p in pages if p.strip()]
        assert len(pages) > 1
        for n, page in enumerate(pages, 1):
            assert label("doc.page", page=n, pages=len(pages)) in page and label("doc.title") in page


def test_brief_cautions_about_identifiers_before_export(app):
    show(app, "brief")
    app.text_area(key="brief_situation").input("聯絡電話 0912-345-678，信箱 someone@example.com").run()
    caution = "\n".join(w.value for w in ok(app).warning)
    assert label("pii.[PHONE]") in caution and label("pii.[EMAIL]") in caution
    assert "0912-345-678" in preview_of(app)  # the export keeps what was typed


def test_a_question_can_be_left_out_of_the_brief_and_the_session_cleared(app):
    ask(app, "訓練經理需要哪些技能？")
    ask(app, "廚師需要什麼技能？")
    show(app, "brief")
    app.text_area(key="brief_situation").input("求職者背景").run()
    first = app.session_state["messages"][1]
    app.checkbox(key=f"include::{first['id']}").uncheck().run()
    preview = preview_of(ok(app))
    assert "廚師需要什麼技能" in preview and "訓練經理需要哪些技能" not in preview

    app.button(key="clear").click().run()
    ok(app)
    assert app.session_state["messages"] == [] and app.text_area(key="brief_situation").value == ""
    assert app.radio(key="view@zh-TW").value == "brief"  # still on the page: no reload


def test_client_details_survive_switching_views_but_not_sessions(app):
    show(app, "brief")
    app.text_area(key="brief_situation").input("求職者背景").run()
    show(app, "ladder")
    show(app, "brief")
    assert app.text_area(key="brief_situation").value == "求職者背景"
    fresh = AppTest.from_file(APP, default_timeout=90).run()
    fresh.radio(key="view@zh-TW").set_value("brief").run()
    assert fresh.text_area(key="brief_situation").value == ""


def test_an_unreadable_index_is_rebuilt_like_a_first_start(tmp_path, monkeypatch):
    import streamlit as st

    from retrieval.index import IndexManager

    data = tmp_path / "data"
    monkeypatch.setenv("CAREER_DATA_DIR", str(data))
    ok(AppTest.from_file(APP, default_timeout=90).run())
    manager = IndexManager(data / "index")
    before = manager.current_id()
    (manager.builds / before / "corpus.json").write_text("{not json", encoding="utf-8")  # damaged, or from an old version
    st.cache_resource.clear()
    at = ok(AppTest.from_file(APP, default_timeout=90).run())
    assert manager.current_id() != before and at.title[0].value == label("title")
