"""The Streamlit app, driven in-process with AppTest over the real corpus and a real index.

The app's data folder is a temporary one (the index is built there on the
first run, from the shared embedding cache, in about two seconds).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from corpus.records import Standard
from retrieval import brief as briefing
from retrieval import matching

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CACHE = ROOT / "data" / "embedding-cache.sqlite"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("app") / "data"


@pytest.fixture
def app(data_dir, monkeypatch):
    monkeypatch.setenv("CAREER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CAREER_EMBEDDING_CACHE", str(CACHE))
    for name in ("CAREER_CHAT_PROVIDER", "CAREER_TRANSCRIPT_LOG"):
        monkeypatch.delenv(name, raising=False)
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def ask(at: AppTest, question: str) -> AppTest:
    at.chat_input[0].set_value(question).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def show(at: AppTest, view: str) -> AppTest:
    at.radio(key="view").set_value(view).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown(markdown: str) -> str:
    """Markdown source as a reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def text_of(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.label for e in at.expander] + [a.value for a in at.info] + [w.value for w in at.warning]
    return shown("\n".join(parts))


def last_answer(at: AppTest):
    return at.session_state["messages"][-1]["answer"]


# --- first start, sidebar -----------------------------------------------------------------------


def test_first_start_builds_the_index_and_offers_starter_questions(app, data_dir):
    assert (data_dir / "index" / "CURRENT").exists()
    assert app.title[0].value == "職涯導航助理"
    starters = [b.label for b in app.button if b.key and b.key.startswith("starter-")]
    assert len(starters) == 4 and "訓練經理需要哪些技能？" in starters
    sidebar = "\n".join(m.value for m in app.sidebar.markdown)
    from retrieval.index import IndexManager

    manifest = IndexManager(data_dir / "index").current_manifest()
    assert manifest.build_id in sidebar and str(manifest.chunk_count) in sidebar and manifest.embedder in sidebar
    assert "composer" in sidebar  # no chat model configured
    assert app.sidebar.button(key="rebuild")


def test_rebuild_action_makes_a_new_build(app, data_dir):
    from retrieval.index import IndexManager

    before = IndexManager(data_dir / "index").current_id()
    app.sidebar.button(key="rebuild").click().run()
    assert not app.exception
    after = IndexManager(data_dir / "index").current_id()
    assert after != before
    assert any("rebuild requested" in s.value for s in app.sidebar.success)
    assert after in "\n".join(m.value for m in app.sidebar.markdown)
    ask(app, "訓練經理需要哪些技能？")  # the new build serves answers
    assert "BHR1212-002v3/S01" in last_answer(app).citations


# --- chat ---------------------------------------------------------------------------------------


def test_chat_question_answer_citations_and_a_source_opened(app, corpus):
    ask(app, "訓練經理需要哪些技能？")
    user, assistant = app.chat_message[0], app.chat_message[1]
    assert user.name == "user" and assistant.name == "assistant"
    answer_text = assistant.markdown[0].value
    standard = corpus.document("BHR1212-002v3")
    for skill in standard.skills:  # every skill of the standard, each with its code
        assert skill.text in answer_text and f"BHR1212-002v3/{skill.code}" in answer_text
    pills = app.button_group(key="cite-1")
    assert "BHR1212-002v3/S01" in pills.options

    pills.set_value("BHR1212-002v3/S01").run()
    record = app.chat_message[1].code[0].value
    assert "【台灣職能基準 BHR1212-002v3｜訓練經理" in record and "S01 組織規劃能力" in record
    header = "\n".join(m.value for m in app.chat_message[1].markdown)
    assert "`BHR1212-002v3/S01`" in header and "組織規劃能力" in header
    details = shown("\n".join(c.value for c in app.chat_message[1].caption))
    assert "訓練經理（BHR1212-002v3）" in details and "台灣 iCAP" in details and "5" in details
    assert standard.source in details  # the source document the record was parsed from


def test_history_is_kept_per_session_and_used_for_follow_ups(app, data_dir):
    ask(app, "訓練經理需要哪些技能？")
    ask(app, "那知識呢？")
    follow_up = last_answer(app)
    assert "BHR1212-002v3/K01" in follow_up.citations  # resolved from the conversation
    assert len(app.chat_message) == 4
    other = AppTest.from_file(APP, default_timeout=90).run()  # another browser: nothing shared
    assert other.session_state["messages"] == [] and not other.chat_message


def test_starter_question_is_answered(app):
    app.button(key="starter-1").click().run()
    result = last_answer(app)
    assert result.question == "從人才管理主任升到人才管理經理，還缺什麼？"
    assert {"HK:人才管理主任", "HK:人才管理經理", "106907L5"} <= set(result.citations)


def test_abstention_says_what_the_corpus_covers(app, corpus):
    ask(app, "廚師需要什麼技能？")
    result = last_answer(app)
    assert result.abstained and not result.citations
    shown = text_of(app)
    assert "目前語料庫涵蓋" in shown and all(s.name in shown for s in corpus.standards)
    assert not app.chat_message[1].button_group  # nothing to cite, no citation chips


def test_user_and_answer_text_never_render_as_html(app):
    ask(app, "<img src=x onerror=alert(1)> 訓練經理需要哪些技能？")
    shown = app.chat_message[0].markdown[0].value
    assert "\\<img" in shown  # escaped, shown as text
    for view in ("chat", "browse", "ladder", "gap", "compare", "check", "brief"):
        show(app, view)
        assert not [m for m in app.markdown if m.proto.allow_html], view


def test_sidebar_filters_narrow_the_sources(app):
    app.sidebar.radio(key="framework").set_value("HK").run()
    ask(app, "績效管理需要哪些能力？")
    assert {s.framework for s in last_answer(app).sources} == {"HK"}
    table = app.chat_message[1].expander[0].dataframe[0].value
    assert set(table.iloc[:, 2]) == {"HK"}  # the sources table shows the same

    app.sidebar.radio(key="framework").set_value("both").run()
    app.sidebar.slider(key="levels").set_value((6, 7)).run()
    ask(app, "培訓需要分析")
    levels = {s.level for s in last_answer(app).sources if s.score}
    assert levels and all(6 <= level <= 7 for level in levels)

    app.sidebar.slider(key="levels").set_value((1, 7)).run()
    app.sidebar.selectbox(key="role").set_value("HK:人才管理總監").run()
    ask(app, "繼任計劃")
    retrieved = [s for s in last_answer(app).sources if s.score]
    assert retrieved and all(s.code == "HK:人才管理總監" or s.framework == "HK" for s in retrieved)


def test_english_interface(app):
    app.sidebar.radio(key="lang").set_value("English").run()
    assert app.title[0].value == "Career guidance assistant"
    assert "Chat" in app.radio(key="view").options and "Career ladder" in app.radio(key="view").options
    app.button(key="starter-0").click().run()
    result = last_answer(app)
    assert result.lang == "en" and "BHR1212-002v3/S01" in result.citations
    assert "Citations" in app.button_group(key="cite-1").label
    show(app, "ladder")
    assert "QF level" in app.get("graphviz_chart")[0].proto.spec


def test_unreachable_model_shows_a_notice_and_the_composer_answers(data_dir, monkeypatch):
    monkeypatch.setenv("CAREER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CAREER_EMBEDDING_CACHE", str(CACHE))
    monkeypatch.setenv("CAREER_CHAT_PROVIDER", "openai")
    monkeypatch.setenv("CAREER_CHAT_MODEL", "test-model")
    monkeypatch.setenv("CAREER_CHAT_BASE_URL", "http://127.0.0.1:9/v1")  # the discard port: nothing listens
    monkeypatch.setenv("CAREER_CHAT_TIMEOUT_S", "5")
    at = AppTest.from_file(APP, default_timeout=90).run()
    ask(at, "訓練經理需要哪些技能？")
    result = last_answer(at)
    assert result.engine == "composer" and "BHR1212-002v3/S01" in result.citations
    warnings = [w.value for w in at.warning]
    assert any("模型" in w for w in warnings), warnings  # the notice says the model was not used


# --- explore views ------------------------------------------------------------------------------


def test_browse_a_tw_standard_and_an_hk_role(app, corpus):
    show(app, "browse")
    app.selectbox(key="browse").set_value("BHR1212-002v3").run()
    shown = text_of(app)
    standard = corpus.document("BHR1212-002v3")
    for task in standard.tasks:
        assert standard.qualify(task.code) in shown  # each task, by code
        for indicator in task.indicators:
            assert f"`{standard.qualify(indicator.code)}`" in shown
        for output in task.outputs:
            assert f"`{standard.qualify(output.code)}`" in shown
    assert "`BHR1212-002v3/P2.4.1`" in shown and "`BHR1212-002v3/A01`" in shown

    app.selectbox(key="browse").set_value("HK:人才管理經理").run()
    shown = text_of(app)
    role = corpus.role("HK:人才管理經理")
    for ref in role.units:
        unit = corpus.hk_unit(ref.code)
        assert any(e.label.startswith(unit.code) and f"{unit.credits}" in e.label for e in app.expander)
        outcome = unit.outcome_for(role.id)
        assert outcome.learning_outcome in shown
        assert outcome.assessment_guidelines[0] in shown
    assert "核心能力單元（12）" in shown and "職能能力單元（13）" in shown
    courses = app.dataframe[0].value
    assert len(courses) == len(role.courses) and set(courses.iloc[:, 0]) == {role.id}


def test_ladder_diagram_and_education_progression(app, corpus):
    show(app, "ladder")
    spec = app.get("graphviz_chart")[0].proto.spec
    assert spec.startswith("digraph")
    rungs = matching.ladder(corpus)
    assert [r.rank for r in rungs] == ["助理", "主任", "經理", "總監"]
    for rung in rungs:
        q = rung.qualification
        assert rung.id in spec and f"資歷級別 {q.qf_level}｜{q.credits} 學分" in spec
    for standard in corpus.standards:
        assert standard.code in spec and f"rank=same; \"L{standard.level}\"" in spec
    shown = text_of(app)
    for rung in rungs:
        assert rung.qualification.education_progression[0] in shown
    assert "不同的量尺" in shown


def test_gap_between_two_roles_and_between_frameworks(app, corpus):
    show(app, "gap")
    assert app.selectbox(key="gap_current").value == "HK:人才管理主任"
    assert app.selectbox(key="gap_target").value == "HK:人才管理經理"
    missing, _ = matching.unit_gap(corpus.role("HK:人才管理主任"), corpus.role("HK:人才管理經理"))
    units = app.dataframe[0].value
    assert list(units.iloc[:, 0]) == missing
    credits = sum(corpus.hk_unit(c).credits for c in missing)
    assert f"共 {credits} 學分" in text_of(app)
    courses = app.dataframe[1].value
    assert len(courses) == len(corpus.role("HK:人才管理經理").courses)

    app.selectbox(key="gap_current").set_value("BHR1212-002v3").run()
    shown = text_of(app)
    assert "related, not official equivalence" in shown and "不同的量尺" in shown


def test_compare_tw_against_hk(app):
    show(app, "compare")
    shown = text_of(app)
    assert "BHR1212-002v3" in shown and "HK:人才管理經理" in shown
    assert "資歷級別 5（128 學分）" in shown and "related, not official equivalence" in shown
    related = app.dataframe[0].value
    assert len(related) > 0 and related.iloc[0, 0].startswith("BHR1212-002v3/")


def test_self_check_readiness_missing_items_and_courses(app, corpus):
    show(app, "check")
    app.selectbox(key="check_target").set_value("HK:人才管理經理").run()
    app.checkbox(key="tick::HK:人才管理經理::106907L5").check().run()
    progress = app.get("progress")[0].proto
    role = corpus.role("HK:人才管理經理")
    total = sum(corpus.hk_unit(c).credits for c in role.unit_codes)
    assert progress.text.endswith(f"{round(100 * 5 / total)}%")
    missing = app.dataframe[0].value
    assert len(missing) == len(role.units) - 1 and "106907L5" not in set(missing.iloc[:, 0])
    courses = app.dataframe[1].value
    assert len(courses) == len(role.courses)

    app.selectbox(key="check_target").set_value("BHR1212-002v3").run()
    standard: Standard = corpus.document("BHR1212-002v3")
    for indicator in standard.tasks[0].indicators:
        app.checkbox(key=f"tick::BHR1212-002v3::{standard.qualify(indicator.code)}").check().run()
    indicators = sum(len(t.indicators) for t in standard.tasks)
    done = len(standard.tasks[0].indicators)
    assert app.get("progress")[0].proto.text.endswith(f"{round(100 * done / indicators)}%")
    steps = "\n".join(m.value for m in app.markdown)
    assert "BHR1212-002v3/T1.2" in steps and "BHR1212-002v3/T1.1" not in steps.split("#### ")[-1]


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


def test_brief_export_has_the_session_the_self_check_and_codes(app, downloads, corpus):
    ask(app, "訓練經理需要哪些技能？")
    show(app, "check")
    app.selectbox(key="check_target").set_value("HK:人才管理經理").run()
    app.checkbox(key="tick::HK:人才管理經理::106907L5").check().run()
    show(app, "brief")
    assert app.selectbox(key="brief_target").value == "HK:人才管理經理"  # the self-check's target
    app.text_area(key="brief_situation").input("五年人資專員經驗，現任人才管理主任。").run()
    app.text_area(key="brief_goal").input("兩年內升任人才管理經理。").run()
    assert not app.exception

    preview = app.expander[0].markdown[0].value
    for code in (briefing.NEEDS_FORM, briefing.PLAN_FORM, "HK:人才管理經理", "106911L5", "BHR1212-002v3/S01"):
        assert code in preview
    assert "五年人資專員經驗" in preview and "訓練經理需要哪些技能？" in preview
    assert "106907L5）" not in preview.split("職能評估與落差")[1].split("發展步驟")[0]  # ticked: not missing

    assert set(downloads) == {"md", "docx", "pdf"}
    markdown = downloads["md"]()
    assert markdown.strip() == preview.strip()
    docx = downloads["docx"]()
    assert docx[:2] == b"PK"
    pdf = downloads["pdf"]()
    assert pdf.startswith(b"%PDF")

    import io

    from docx import Document

    text = "\n".join(p.text for p in Document(io.BytesIO(docx)).paragraphs)
    assert briefing.NEEDS_FORM in text and "106911L5" in text and "兩年內升任人才管理經理" in text


def test_client_details_survive_switching_views_but_not_sessions(app):
    show(app, "brief")
    app.text_area(key="brief_situation").input("求職者背景").run()
    show(app, "ladder")
    show(app, "brief")
    assert app.text_area(key="brief_situation").value == "求職者背景"
    fresh = AppTest.from_file(APP, default_timeout=90).run()
    fresh.radio(key="view").set_value("brief").run()
    assert fresh.text_area(key="brief_situation").value == ""
