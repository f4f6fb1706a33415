"""The career-guidance assistant: `streamlit run app.py`.

A thin shell: answers come from `retrieval.answer`, view data from
`retrieval.explore`, the consultation brief from `retrieval.brief`. Heavy
objects are built once per process; everything about a user (the chat, ticks,
the client's details) lives in `st.session_state` and leaves only through a
download button. Record and model text is never rendered as HTML.
"""

from __future__ import annotations

import threading
import time
import uuid

import streamlit as st

from retrieval import brief as briefing
from retrieval import explore
from retrieval.answer import COMPOSER, answer
from retrieval.explore import EN, ROLE, STANDARD, ZH, escape_markdown, label
from retrieval.factory import build_engine, build_knowledge, index_manager, ingest
from retrieval.search import Filters
from retrieval.settings import Settings
from retrieval.transcript import TranscriptLog

VIEWS = ("chat", "browse", "ladder", "gap", "compare", "check", "brief")
STARTERS = {
    ZH: ("訓練經理需要哪些技能？", "從人才管理主任升到人才管理經理，還缺什麼？", "就業服務人員的工作任務有哪些？",
         "培訓專案主管人員和訓練經理有什麼不同？"),
    EN: ("What skills does a training manager need?", "How do I move from talent management officer to manager?",
         "What are the tasks of an employment services officer?", "What is the career ladder in talent management?"),
}
LEVELS = (1, 7)  # iCAP and HK QF both run from level 1 to 7
KEEP = "page"  # widget values survive while another view is shown


@st.cache_resource(show_spinner=False)
def build_lock() -> threading.Lock:
    """One index build at a time in this process, however many browsers open the first page together."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def load_knowledge(settings: Settings):
    return build_knowledge(settings, ensure_index=False)


@st.cache_resource(show_spinner=False)
def load_engine(settings: Settings):
    try:
        return build_engine(settings), ""
    except Exception as error:  # a misconfigured model must not take the app down: the composer answers
        return None, f"{type(error).__name__}: {error}"


@st.cache_resource(show_spinner=False)
def load_log(path) -> TranscriptLog:
    return TranscriptLog(path)


def build_index(settings: Settings, lang: str, force: bool = False, where=st):
    """Build the index behind a progress bar (first start, or a rebuild)."""
    with build_lock():
        if not force and index_manager(settings).current_id() is not None:
            return None  # another session built it while this one waited
        bar = where.progress(0.0, text=label("index.building", lang, done=0, total="…"))
        summary = ingest(settings, force=force, progress=lambda done, total: bar.progress(
            done / max(total, 1), text=label("index.building", lang, done=done, total=total)))
        bar.empty()
        return summary


def md(text) -> str:
    return escape_markdown(str(text))


def table(rows: list[dict], columns: dict[str, str]) -> None:
    """Rows of corpus data as a grid (a grid shows text as text)."""
    st.dataframe([{title: row.get(key, "") for key, title in columns.items()} for row in rows], hide_index=True)


def pair_columns(lang: str, left: str, right: str) -> dict[str, str]:
    """Columns of a table of related pairs (left item ↔ right item)."""
    names = {"target": "gap.target_item", "current": "gap.current_item",
             "left": "compare.left", "right": "compare.right"}
    return {f"{left}_code": label("code", lang), f"{left}_name": label(names[left], lang),
            f"{right}_code": label("code", lang) + " ", f"{right}_name": label(names[right], lang),
            "similarity": label("similarity", lang)}


def bullets(items: list[dict], text_key: str = "text") -> None:
    if items:
        st.markdown("\n".join(f"- `{i['code']}` {md(i.get('local', ''))} {md(i[text_key])}".replace("  ", " ")
                              for i in items))


# --- chat ----------------------------------------------------------------------------------------


def show_source(knowledge, code: str, lang: str) -> None:
    record = explore.source_record(knowledge.corpus, knowledge.chunk_for, code)
    with st.container(border=True):
        if record is None:
            st.warning(code)
            return
        st.markdown(f"**`{code}`** {md(record['item'] or record['title'])}")
        st.caption(" ｜ ".join(md(part) for part in (
            f"{label('record.document', lang)}：{record['document']}",
            f"{label('record.framework', lang)}：{label('fw.' + record['framework'], lang)}",
            f"{label('record.level', lang)}：{record['level'] if record['level'] is not None else '—'}",
            f"{label('record.file', lang)}：{record['file']}")))
        st.code(record["text"], language=None, wrap_lines=True)


def show_answer(knowledge, result, n: int, lang: str, fallback: bool) -> None:
    for notice in result.notices:
        (st.warning if fallback else st.info)(md(notice))  # a notice can quote what the user typed
    st.markdown(explore.safe_answer_markdown(result.text))
    if result.abstained:
        st.caption(label("abstained", lang))
    if result.citations:
        picked = st.pills(label("citations", lang), result.citations, key=f"cite-{n}")
        if picked:
            show_source(knowledge, picked, lang)
    if result.sources:
        with st.expander(label("sources", lang)):
            table([s.__dict__ for s in result.sources], {"code": label("code", lang), "title": label("name", lang),
                                                         "framework": label("record.framework", lang),
                                                         "level": label("record.level", lang), "score": "score"})


def chat_view(knowledge, engine, filters: Filters, lang: str, settings: Settings, log) -> None:
    state = st.session_state
    configured = engine is not None
    for n, message in enumerate(state.messages):
        with st.chat_message(message["role"]):
            if message["role"] == "user":
                st.markdown(md(message["content"]))
            else:
                result = message["answer"]
                show_answer(knowledge, result, n, lang, fallback=configured and result.engine == COMPOSER)
    pending = None
    if not state.messages:
        st.markdown(label("starters", lang))
        columns = st.columns(2)
        for n, question in enumerate(STARTERS[lang]):
            if columns[n % 2].button(question, key=f"starter-{n}"):
                pending = question
    question = st.chat_input(label("ask", lang)) or pending
    if not question:
        return
    with st.chat_message("user"):
        st.markdown(md(question))
    with st.chat_message("assistant"):
        shown = st.empty()
        streamed: list[str] = []

        def on_token(token: str) -> None:
            streamed.append(token)
            shown.markdown(explore.safe_answer_markdown("".join(streamed)))

        with st.spinner(label("thinking", lang)):
            history = [{"role": m["role"], "content": m["content"]} for m in state.messages]
            result = answer(question, history, knowledge=knowledge, engine=engine, k=settings.top_k,
                            filters=filters, on_token=on_token if configured else None)
    state.messages += [{"role": "user", "content": question},
                       {"role": "assistant", "content": result.text, "answer": result}]
    if log is not None:
        log.append(state.session_id, result, filters=filters.__dict__)
    st.rerun()  # the history loop shows the new answer with its citations


# --- explore -------------------------------------------------------------------------------------


def pick(title: str, options: list, key: str, names: dict, default=None, where=st):
    index = options.index(default) if default in options else 0
    return where.selectbox(title, options, index=index, key=key, format_func=lambda c: names.get(c, c),
                           persist_state=KEEP)


def show_standard(data: dict, lang: str) -> None:
    st.markdown(f"**{label('description', lang)}**：{md(data['description'])}")
    st.markdown(f"**{label('entry', lang)}**")
    bullets(data["entry_requirements"])
    for duty in data["duties"]:
        st.markdown(f"#### {md(duty['local'])} {md(duty['name'])} `{duty['code']}`")
        for task in duty["tasks"]:
            with st.expander(f"{md(task['local'])} {md(task['name'])}（{label('level', lang)} {task['level']}）"
                             f" · {task['code']}"):
                for key in ("indicators", "outputs", "knowledge", "skills"):
                    if task[key]:
                        st.markdown(f"**{label(key, lang)}**")
                        bullets(task[key])
    for key in ("knowledge", "skills", "attitudes"):
        with st.expander(f"{label(key, lang)}（{len(data[key])}）"):
            bullets(data[key])


def show_unit(data: dict, lang: str) -> None:
    st.markdown(f"`{data['code']}` {md(data['domain'])}｜{label('level', lang)} {data['level']}")
    for group in data["task_groups"]:
        with st.expander(f"{group['number']}. {md(group['name'])}"):
            bullets(group["indicators"])
    for key in ("knowledge", "skills"):
        with st.expander(label(key, lang)):
            bullets(data[key])
    with st.expander(label("assessment_design", lang)):
        for part in data["assessment"].values():
            st.markdown("\n".join(f"- {md(t)}" for t in part))


def show_role(data: dict, lang: str) -> None:
    q = data["qualification"]
    st.caption(md(data["typical_titles"]))
    st.markdown(md("".join(data["purpose"])))
    st.markdown(f"**{label('qualification', lang)}**：{md(q['title'])}｜{label('qf_level', lang)} {q['level']}｜"
                f"{q['credits']} {label('credits', lang)} `{data['code']}`")
    st.markdown(f"**{label('entry', lang)}**")
    bullets([{"code": data["code"], "text": t} for t in q["entry_requirements"]])
    for key in ("core", "functional"):
        st.markdown(f"#### {label(key, lang)}（{len(data[key])}）")
        for unit in data[key]:
            with st.expander(f"{unit['code']} {md(unit['title'])}（{label('qf_level', lang)} {unit['level']}，"
                             f"{unit['credits']} {label('credits', lang)}）"):
                st.markdown(f"**{label('learning_outcome', lang)}**：{md(unit['learning_outcome'])}")
                st.markdown(f"**{label('assessment', lang)}**")
                st.markdown("\n".join(f"- {md(g)}" for g in unit["assessment_guidelines"]))
    with st.expander(label("soft_skills", lang)):
        bullets(data["soft_skills"], "definition")
    courses_table(data["courses"], lang)
    st.markdown(f"**{label('on_the_job', lang)}**")
    bullets(data["on_the_job_learning"])


def courses_table(courses: list[dict], lang: str) -> None:
    st.markdown(f"#### {label('courses', lang)}")
    table(courses, {"code": label("code", lang), "programme": label("programme", lang),
                    "level": label("level", lang), "provider": label("provider", lang)})


def browse_view(corpus, names: dict, lang: str) -> None:
    codes = [o.code for o in explore.occupations(corpus)]
    code = pick(label("occupation", lang), codes, "browse", names)
    data = explore.view(corpus, code)
    st.subheader(f"{data.get('name') or data.get('title')}（{code}）")
    {STANDARD: show_standard, "unit": show_unit, ROLE: show_role}[data["kind"]](data, lang)


def ladder_view(corpus, lang: str) -> None:
    data = explore.ladder(corpus)
    st.graphviz_chart(explore.ladder_dot(data, lang), width="stretch")
    st.caption(label("ladder.caption", lang))
    for rung in data["rungs"]:
        step = rung["to_next"]
        line = (f"**{md(rung['title'])}** `{rung['code']}`：{label('qf_level', lang)} {rung['level']}，"
                f"{rung['credits']} {label('credits', lang)}，{md(rung['qualification'])}")
        if step:
            line += "　→ " + label("ladder.next", lang, units=step["units"], credits=step["credits"])
        st.markdown(line)
        st.caption(f"{label('education', lang)}：" + " ".join(md(t) for t in rung["education_progression"]))
    st.markdown(f"**{label('ladder.tw', lang)}**")
    bullets([dict(s, text=f"{s['name']}（{label('level', lang)} {s['level']}）") for s in data["standards"]])
    st.caption(label("scales_note", lang))


def gap_view(knowledge, names: dict, lang: str) -> None:
    corpus = knowledge.corpus
    codes = [o.code for o in explore.occupations(corpus)]
    roles = [o.code for o in explore.occupations(corpus, (ROLE,))]
    left, right = st.columns(2)
    current = pick(label("current", lang), codes, "gap_current", names, roles[1] if len(roles) > 2 else None, left)
    target = pick(label("target", lang), codes, "gap_target", names, roles[2] if len(roles) > 2 else None, right)
    if current == target:
        st.info(label("same", lang))
        return
    result = explore.gap(corpus, current, target, knowledge.embed)
    if result["kind"] == "units":
        st.markdown(label("gap.summary", lang, units=len(result["units_to_gain"]),
                          credits=result["credits_to_gain"], shared=len(result["shared"])))
        st.markdown(f"#### {label('gap.units', lang)}")
        table(result["units_to_gain"], {"code": label("code", lang), "title": label("name", lang),
                                        "level": label("qf_level", lang), "credits": label("credits", lang),
                                        "core": label("core", lang)})
    else:
        st.info(label("related_note", lang))
        if result["current"]["framework"] != result["target"]["framework"]:
            st.caption(label("scales_note", lang))
        st.markdown(label("gap.content", lang, total=result["total"], covered=len(result["covered"]),
                          new=len(result["new"])))
        st.markdown(f"#### {label('gap.new', lang)}")
        table(result["new"], {"code": label("code", lang), "name": label("name", lang)})
        st.markdown(f"#### {label('gap.covered', lang)}")
        table(result["covered"], pair_columns(lang, "target", "current"))
    if result["courses"]:
        courses_table(result["courses"], lang)
    st.markdown(f"**{label('entry', lang)}**")
    bullets(result["entry_requirements"])


def compare_view(knowledge, names: dict, lang: str) -> None:
    corpus = knowledge.corpus
    codes = [o.code for o in explore.occupations(corpus)]
    roles = [o.code for o in explore.occupations(corpus, (ROLE,))]
    standards = [o.code for o in explore.occupations(corpus, (STANDARD,))]
    columns = st.columns(2)
    left = pick(label("compare.left", lang), codes, "cmp_left", names, standards[-1] if standards else None,
                columns[0])
    right = pick(label("compare.right", lang), codes, "cmp_right", names, roles[2] if len(roles) > 2 else None,
                 columns[1])
    if left == right:
        st.info(label("same", lang))
        return
    result = explore.compare(corpus, left, right, knowledge.embed, lang)
    for n, (column, side) in enumerate(zip(st.columns(2), ("left", "right")), 1):
        with column.container(border=True):
            st.markdown(f"#### {md(result[side]['name'])}")
            st.markdown("\n".join(f"- **{md(row[0])}**：{md(row[n])}" for row in result["rows"]))
            st.caption(md(result[side]["summary"]))
    if result["scales_differ"]:
        st.caption(label("scales_note", lang))
    if result["shared_units"]:
        st.markdown(f"#### {label('compare.shared', lang)}")
        table(result["shared_units"], {"code": label("code", lang), "title": label("name", lang)})
    st.markdown(f"#### {label('compare.related', lang)}")
    st.info(label("related_note", lang))
    if result["related"]:
        table(result["related"], pair_columns(lang, "left", "right"))
    else:
        st.markdown(label("compare.none", lang))


def ticked(target: str) -> set[str] | None:
    """The items ticked for a target in this session, or None when its self-check was never opened."""
    prefix = f"tick::{target}::"
    keys = [k for k in st.session_state if str(k).startswith(prefix)]
    return {k[len(prefix):] for k in keys if st.session_state[k]} if keys else None


def check_view(corpus, names: dict, lang: str) -> None:
    targets = [o.code for o in explore.occupations(corpus, (STANDARD, ROLE))]
    target = pick(label("check.target", lang), targets, "check_target", names)
    st.caption(label("check.help", lang))
    for group in explore.checklist(corpus, target):
        title = label(group["name"], lang) if group["name"] in ("core", "functional") else group["name"]
        with st.expander(f"{md(title)} · {group['code']}（{len(group['items'])}）"):
            for item in group["items"]:
                st.checkbox(f"`{item['code']}` {md(item['label'].split(' ', 1)[-1])}",
                            key=f"tick::{target}::{item['code']}", persist_state=KEEP)
    result = explore.self_check(corpus, target, ticked(target) or set(), lang)
    st.progress(result["readiness"] / 100, text=f"{label('check.readiness', lang)}：{result['readiness']}%")
    st.caption(label("check.done", lang, done=result["done"], total=result["total"]) + (
        "｜" + label("check.credits", lang, done=result["credits_done"], total=result["credits_total"])
        if "credits_total" in result else ""))
    if not result["missing"]:
        st.success(label("check.complete", lang))
        return
    st.markdown(f"#### {label('check.missing', lang)}（{len(result['missing'])}）")
    table(result["missing"], {"code": label("code", lang), "name": label("name", lang),
                              "group_name": label("group", lang)})
    st.markdown(f"#### {label('check.steps', lang)}")
    st.markdown("\n".join(f"- {md(step['text'])} `{step['code']}`" for step in result["steps"]))
    if result["courses"]:
        courses_table(result["courses"], lang)


def brief_view(knowledge, names: dict, lang: str) -> None:
    corpus, state = knowledge.corpus, st.session_state
    st.caption(label("brief.intro", lang))
    situation = st.text_area(label("brief.situation", lang), key="brief_situation", persist_state=KEEP)
    goal = st.text_area(label("brief.goal", lang), key="brief_goal", persist_state=KEEP)
    codes = [o.code for o in explore.occupations(corpus)]
    none = {"": label("brief.none")}
    left, right = st.columns(2)
    target = pick(label("target", lang), [""] + codes, "brief_target", names | none,
                  state.get("check_target") if ticked(state.get("check_target", "")) is not None else None, left)
    current = pick(label("brief.current", lang), [""] + codes, "brief_current", names | none, None, right)
    check = None
    if target and target in [o.code for o in explore.occupations(corpus, (STANDARD, ROLE))]:
        ticks = ticked(target)
        check = explore.self_check(corpus, target, ticks, lang) if ticks is not None else None
    answers = [m["answer"] for m in state.messages if m["role"] == "assistant"]
    brief = briefing.build_brief(corpus, situation=situation, goal=goal, target=target or None, check=check,
                                 current=current or None, exchanges=briefing.exchanges_from_answers(answers),
                                 lang=lang, embed=knowledge.embed)
    st.caption(label("brief.questions", lang, n=len(answers)))
    stamp = time.strftime("%Y%m%d")
    columns = st.columns(3)
    # Made on click and held in memory only: nothing about the client is written to disk.
    columns[0].download_button(f"{label('brief.download', lang)} Markdown", lambda: briefing.render_markdown(brief),
                               f"career-brief-{stamp}.md", "text/markdown", on_click="ignore", key="dl_md")
    columns[1].download_button(f"{label('brief.download', lang)} DOCX", lambda: briefing.render_docx(brief),
                               f"career-brief-{stamp}.docx", "application/vnd.openxmlformats-officedocument."
                               "wordprocessingml.document", on_click="ignore", key="dl_docx")
    font_missing = not briefing.CJK_FONT.is_file()
    columns[2].download_button(f"{label('brief.download', lang)} PDF", lambda: briefing.render_pdf(brief),
                               f"career-brief-{stamp}.pdf", "application/pdf", on_click="ignore", key="dl_pdf",
                               disabled=font_missing)
    if font_missing:
        st.warning(f"PDF: install the Debian package {briefing.CJK_FONT_PACKAGE} ({briefing.CJK_FONT}).")
    with st.expander(label("brief.preview", lang), expanded=True):
        st.markdown(briefing.render_markdown(brief))


# --- the page ------------------------------------------------------------------------------------


def sidebar(knowledge, engine, engine_error: str, settings: Settings, names: dict) -> tuple[str, Filters]:
    with st.sidebar:
        choice = st.radio("介面語言 / Language", ("中文", "English"), key="lang", horizontal=True, persist_state=KEEP)
        lang = EN if choice == "English" else ZH
        st.subheader(label("filters", lang))
        framework = st.radio(label("framework", lang), ("both", "TW", "HK"), key="framework", horizontal=True,
                             format_func=lambda v: label(f"fw.{v}", lang), persist_state=KEEP)
        low, high = st.slider(label("levels", lang), *LEVELS, value=LEVELS, key="levels", persist_state=KEEP)
        roles = [""] + [o.code for o in explore.occupations(knowledge.corpus, (ROLE,))]
        role = st.selectbox(label("role_filter", lang), roles, key="role", persist_state=KEEP,
                            format_func=lambda c: names.get(c, label("any")))
        # An unnarrowed level bound stays off: a bound also drops chunks that have no level.
        filters = Filters(framework=None if framework == "both" else framework,
                          min_level=low if low > LEVELS[0] else None, max_level=high if high < LEVELS[1] else None,
                          role=role or None)
        st.subheader(label("engine", lang))
        st.markdown(f"`{engine.name}`" if engine else label("engine.composer", lang))
        if engine_error:
            st.warning(label("engine.failed", lang, error=engine_error))
        if settings.transcript_log:
            st.caption("Transcripts: on (redacted)" if lang == EN else "對話紀錄：開啟（已遮蔽個資）")
        st.subheader(label("index", lang))
        manifest = index_manager(settings).current_manifest()
        if manifest:
            problems = "；".join(f"{f}: {r}" for f, r in manifest.problems) or label("index.none", lang)
            st.markdown("\n".join(f"- {md(k)}：{md(v)}" for k, v in (
                (label("index.build", lang), manifest.build_id), (label("index.chunks", lang), manifest.chunk_count),
                (label("index.embedder", lang), manifest.embedder), (label("index.problems", lang), problems))))
        if "rebuilt" in st.session_state:
            st.success(label("index.rebuilt", lang, summary=st.session_state.pop("rebuilt")))
        if st.button(label("index.rebuild", lang), key="rebuild"):
            summary = build_index(settings, lang, force=True, where=st.sidebar)
            load_knowledge.clear()
            st.session_state.rebuilt = summary.describe().splitlines()[0]
            st.rerun()
    return lang, filters


def main() -> None:
    st.set_page_config(page_title="職涯導航助理 · Career guidance", page_icon="🧭", layout="wide")
    settings = Settings.from_env()
    state = st.session_state
    state.setdefault("messages", [])
    state.setdefault("session_id", uuid.uuid4().hex[:12])
    # The language radio sets this before the run starts: the first-start progress bar is already in it.
    lang = EN if state.get("lang") == "English" else ZH
    if index_manager(settings).current_id() is None:
        build_index(settings, lang)
    knowledge = load_knowledge(settings)
    engine, engine_error = load_engine(settings)
    names = {o.code: o.label() for o in explore.occupations(knowledge.corpus)}
    lang, filters = sidebar(knowledge, engine, engine_error, settings, names)

    st.title(label("title", lang))
    st.caption(label("tagline", lang))
    view = st.radio("view", VIEWS, key="view", horizontal=True, label_visibility="collapsed", bind="query-params",
                    format_func=lambda v: label(f"view.{v}", lang))
    log = load_log(settings.transcript_log) if settings.transcript_log else None
    if view == "chat":
        chat_view(knowledge, engine, filters, lang, settings, log)
    elif view == "browse":
        browse_view(knowledge.corpus, names, lang)
    elif view == "ladder":
        ladder_view(knowledge.corpus, lang)
    elif view == "gap":
        gap_view(knowledge, names, lang)
    elif view == "compare":
        compare_view(knowledge, names, lang)
    elif view == "check":
        check_view(knowledge.corpus, names, lang)
    else:
        brief_view(knowledge, names, lang)


main()
