"""The career-guidance assistant: `streamlit run app.py`.

A thin shell: answers come from `retrieval.answer`, view data from
`retrieval.explore`, the consultation brief from `retrieval.brief`, the words
on the screen from `retrieval/labels.toml`. Heavy objects are built once per
process; everything about a user (the chat, ticks, the client's details) lives
in `st.session_state` and leaves only through a download button. Record and
model text is never rendered as HTML.
"""

from __future__ import annotations

import threading
import time
import uuid

import streamlit as st

from retrieval import brief as briefing
from retrieval import explore
from retrieval.answer import COMPOSER, answer
from retrieval.explore import EN, ROLE, STANDARD, ZH, escape_markdown, field_line, label
from retrieval.factory import build_engine, build_knowledge, index_manager, ingest
from retrieval.index import IndexUnreadable
from retrieval.search import Filters
from retrieval.settings import Settings
from retrieval.transcript import TranscriptLog

VIEWS = ("chat", "browse", "ladder", "gap", "compare", "check", "brief")
LANGUAGES = {ZH: "中文", EN: "English"}  # each language named in itself: the same in both interfaces
# The two level scales: Taiwan iCAP standards and tasks run from 1 to 6, the Hong Kong QF from 1 to 7.
SCALES = {"TW": (1, 6), "HK": (1, 7), "both": (1, 7)}
GROUP_CITATIONS = 8  # more citations than this are grouped by the record they come from
KEEP = "page"  # widget values survive while another view is shown
# Session keys that hold a consultation: cleared together by "clear this consultation".
CONSULTATION = ("messages", "brief_situation", "brief_goal", "brief_counsellor", "brief_client", "brief_target",
                "brief_current")
CONSULTATION_PREFIXES = ("tick::", "include::", "cite-")


@st.cache_resource(show_spinner=False)
def build_lock() -> threading.Lock:
    """One index build at a time in this process, however many browsers open the first page together."""
    return threading.Lock()


@st.cache_resource(show_spinner=False)
def load_knowledge(settings: Settings):
    knowledge = build_knowledge(settings, ensure_index=False)
    # the first page shows at once; the names and the segmenter are ready by the time a question is typed
    threading.Thread(target=knowledge.warm, name="warm-knowledge", daemon=True).start()
    return knowledge


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
    """Rows of corpus data as a grid (a grid shows text as text), tall enough for every row: no inner scroll."""
    st.dataframe([{title: row.get(key, "") for key, title in columns.items()} for row in rows], hide_index=True,
                 height="content")


def text_table(rows: list[dict], columns: dict[str, str]) -> None:
    """Rows with long text (an item, what covers it, why) as a table that wraps its cells: every row and every
    column in view. st.table reads Markdown in cells, so record text is escaped to show as written."""
    st.table([{title: md(row.get(key, "")) for key, title in columns.items()} for row in rows])


def pair_columns(lang: str, left: str, right: str) -> dict[str, str]:
    """Columns of a table of classed pairs: the item, how strongly the other side covers it, by what, and why."""
    names = {"target": "gap.target_item", "current": "gap.current_item",
             "left": "compare.left", "right": "compare.right"}
    return {f"{left}_code": label("code", lang), f"{left}_name": label(names[left], lang),
            "strength_label": label("match.strength", lang),
            f"{right}_code": label("code", lang) + " ", f"{right}_name": label(names[right], lang),
            "reason": label("match.reason", lang)}


def bullets(items: list[dict], text_key: str = "text") -> None:
    if items:
        st.markdown("\n".join(f"- `{i['code']}` {md(i.get('local', ''))} {md(i[text_key])}".replace("  ", " ")
                              for i in items))


def choose(widget, title: str, options: list, key: str, lang: str, format_func=str, where=st, **kwargs):
    """A radio or select box whose option labels change with the language.

    The value lives in `state[key]`; the widget itself is keyed per language. A keyed widget whose labels
    change under it shows no selection in the browser until the next click, so a language switch draws a
    fresh widget that starts on the kept value."""
    state = st.session_state
    widget_key = f"{key}@{lang}"
    value = state.get(key)
    state[widget_key] = value if value in options else options[0]

    def keep() -> None:
        state[key] = state[widget_key]

    picked = getattr(where, widget)(title, options, key=widget_key, format_func=format_func, on_change=keep,
                                    **kwargs)
    state[key] = picked
    return picked


def pick(title: str, options: list, key: str, names: dict, default=None, where=st):
    """An occupation picker that starts on `default` and keeps its choice across views and languages."""
    lang = st.session_state.get("lang", ZH)
    if st.session_state.get(key) not in options:
        st.session_state[key] = default if default in options else options[0]
    return choose("selectbox", title, options, key, lang, format_func=lambda c: names.get(c, c), where=where)


# --- chat ----------------------------------------------------------------------------------------


def show_source(knowledge, code: str, lang: str) -> None:
    """A cited code, opened: what it names, where it sits, and for a duty or a task what it contains."""
    corpus = knowledge.corpus
    record = explore.source_record(corpus, knowledge.chunk_for, code)
    with st.container(border=True):
        if record is None:
            st.warning(code)
            return
        st.markdown(f"**`{code}`** {md(record['item'] or record['title'])}")
        st.caption(label("bar", lang).join(md(field_line(label(key, lang), value, lang)) for key, value in (
            ("record.document", record["document"]),
            ("record.framework", label("fw." + record["framework"], lang)),
            ("record.level", record["level"] if record["level"] is not None else "—"),
            ("record.file", record["file"]))))
        children = explore.item_children(corpus, code)
        for group in children:
            st.markdown(f"**{label(group['key'], lang)}**")
            if group["key"] == "record.duty_tasks":
                st.markdown("\n".join(f"- `{t['code']}` " + md(paren(t["text"], f"{label('level', lang)} {t['level']}",
                                                                     lang)) for t in group["items"]))
            else:
                bullets(group["items"])
        warn_two_names(corpus, code, lang, only=code)
        if record["text"] and not children:
            st.code(record["text"], language=None, wrap_lines=True)
        elif record["text"]:
            with st.expander(label("record.text", lang)):
                st.code(record["text"], language=None, wrap_lines=True)


def warn_two_names(corpus, code: str, lang: str, only: str | None = None) -> None:
    """The parser's finding that the source prints a code with two names: one caution listing them all."""
    found = [i for i in explore.two_names(corpus, code) if only is None or i["code"] == only]
    if found:
        sep = label("list_sep", lang)
        st.warning("\n".join([md(label("check.two_names_intro", lang, n=len(found)))] + [
            f"- `{i['code']}` {md(sep.join(label('quote', lang, text=n) for n in i['names']))}" for i in found]))


def citation_groups(corpus, codes) -> list[tuple[str, list[str]]]:
    """Citations in order, each once, grouped by the record they belong to: a TW item under its standard or
    unit, an HK unit under the first cited role that lists it (else its career path)."""
    codes = list(dict.fromkeys(codes))
    roles = [corpus.role(code) for code in codes if corpus.role(code) is not None]
    groups: dict[str, list[str]] = {}
    for code in codes:
        if corpus.hk_unit(code) is not None:
            lister = next((r for r in roles if code in r.unit_codes), None)
            path = next((p for p in corpus.career_paths if p.unit(code) is not None), None)
            key = lister.id if lister else (path.id if path else code)
        else:
            key = code.split("/", 1)[0]
        groups.setdefault(key, []).append(code)
    return list(groups.items())


def show_citations(knowledge, codes, n: int, lang: str) -> None:
    corpus = knowledge.corpus
    codes = list(dict.fromkeys(codes))
    if len(codes) <= GROUP_CITATIONS:
        picked = st.pills(label("citations", lang), codes, key=f"cite-{n}")
        if picked:
            show_source(knowledge, picked, lang)
        return
    st.caption(label("citations", lang))
    names = {o.code: o.name for o in explore.occupations(corpus)} | {p.id: p.title for p in corpus.career_paths}
    for g, (owner, members) in enumerate(citation_groups(corpus, codes)):
        # Within a group the record's code is in the group's title: each pill shows only the item's own part.
        def short(code: str, owner: str = owner) -> str:
            return label("citations.whole", lang) if code == owner else code.split("/", 1)[-1]

        picked = st.pills(label("citations.group", lang, name=names.get(owner, owner), code=owner), members,
                          key=f"cite-{n}-{g}", format_func=short)
        if picked:
            show_source(knowledge, picked, lang)


def show_sources(sources, lang: str) -> None:
    """The retrieved records, once each, in the interface language."""
    rows, seen = [], set()
    for source in sources:
        if source.code in seen:
            continue
        seen.add(source.code)
        rows.append({"code": source.code, "title": source.title, "level": str(source.level or "—"),
                     "framework": label(f"fw.{source.framework}", lang) if source.framework in ("TW", "HK")
                     else source.framework})
    with st.expander(label("sources", lang)):
        table(rows, {"code": label("code", lang), "title": label("name", lang),
                     "framework": label("record.framework", lang), "level": label("record.level", lang)})


def notice_text(notice, lang: str) -> str:
    """A notice of the answer in the interface language (typed notices render themselves)."""
    render = getattr(notice, "render", None)
    return render(lang) if callable(render) else str(notice)


def show_answer(knowledge, result, n: int, lang: str, fallback: bool) -> None:
    for notice in result.notices:
        (st.warning if fallback else st.info)(md(notice_text(notice, lang)))  # a notice can quote the user
    st.markdown(explore.safe_answer_markdown(result.text))
    if result.abstained:  # a refusal cites nothing and lists nothing: what was retrieved is unrelated
        st.caption(label("abstained", lang))
        return
    if result.citations:
        show_citations(knowledge, result.citations, n, lang)
    if result.sources:
        show_sources(result.sources, lang)


def show_coverage(corpus, lang: str) -> None:
    """The first page says what the documents cover, so no one learns it from a refusal."""
    covered = explore.coverage(corpus)
    sep = label("list_sep", lang)

    def named(pairs) -> str:
        return sep.join(paren(name, code, lang) for code, name in pairs)

    lines = []
    if covered["standards"]:
        lines.append(field_line(label("coverage.tw", lang), named(covered["standards"]), lang))
    if covered["units"]:
        lines.append(field_line(label("coverage.units", lang), named(covered["units"]), lang))
    for _, name, roles in covered["paths"]:
        lines.append(field_line(label("coverage.hk", lang), label(
            "coverage.roles", lang, name=name, roles=" → ".join(title for _, title in roles)), lang))
    with st.container(border=True):
        st.markdown(f"**{label('coverage.title', lang)}**")
        st.markdown("\n".join(f"- {md(line)}" for line in lines))
        st.caption(label("coverage.outside", lang))


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
        show_coverage(knowledge.corpus, lang)
        st.markdown(label("starters", lang))
        columns = st.columns(2)
        for n, question in enumerate(explore.starter_questions(knowledge.corpus, lang)):
            if columns[n % 2].button(question, key=f"starter-{n}"):
                pending = question
    # No max_chars: a pasted case note arrives whole; the answer says what it read (Answer.notices).
    question = st.chat_input(label("ask", lang), key="ask") or pending
    if question is None:
        return
    if not question.strip():  # refused here: no empty bubble, nothing sent
        st.warning(label("ask.blank", lang))
        return
    with st.chat_message("user"):
        st.markdown(md(question))
    with st.chat_message("assistant"):
        shown = st.empty()
        streamed: list[str] = []

        def on_token(token: str) -> None:  # a draft: replaced by the checked answer as soon as it is ready
            streamed.append(token)
            shown.markdown(f"_{label('draft', lang)}_\n\n" + explore.safe_answer_markdown("".join(streamed)))

        with st.spinner(label("thinking", lang)):
            history = [{"role": m["role"], "content": m["content"]} for m in state.messages]
            # With no language signal in the question (a code, a symbol), the reply follows the interface.
            result = answer(question, history, knowledge=knowledge, engine=engine, k=settings.top_k,
                            filters=filters, on_token=on_token if configured else None, default_lang=lang)
        shown.empty()  # the unchecked draft never stays on screen
    state.messages += [{"role": "user", "content": question},
                       {"role": "assistant", "content": result.text, "answer": result, "id": uuid.uuid4().hex[:10]}]
    if log is not None:
        log.append(state.session_id, result, filters=filters.__dict__)
    st.rerun()  # the history loop shows the new answer with its citations


# --- explore -------------------------------------------------------------------------------------


def show_standard(data: dict, lang: str) -> None:
    st.markdown(field_line(f"**{label('description', lang)}**", md(data["description"]), lang))
    st.markdown(f"**{label('entry', lang)}**")
    bullets(data["entry_requirements"])
    for duty in data["duties"]:
        st.markdown(f"#### {md(duty['local'])} {md(duty['name'])} `{duty['code']}`")
        for task in duty["tasks"]:
            title = paren(f"{task['local']} {task['name']}", f"{label('level', lang)} {task['level']}", lang)
            with st.expander(f"{md(title)} · {task['code']}"):
                for key in ("indicators", "outputs", "knowledge", "skills"):
                    if task[key]:
                        st.markdown(f"**{label(key, lang)}**")
                        bullets(task[key])
    for key in ("knowledge", "skills", "attitudes"):
        with st.expander(counted(label(key, lang), len(data[key]), lang)):
            bullets(data[key])


def show_unit(data: dict, lang: str) -> None:
    st.markdown(f"`{data['code']}` {md(data['domain'])}{label('bar', lang)}{label('level', lang)} {data['level']}")
    for group in data["task_groups"]:
        with st.expander(f"{group['number']}. {md(group['name'])}"):
            bullets(group["indicators"])
    for key in ("knowledge", "skills"):
        with st.expander(label(key, lang)):
            bullets(data[key])
    with st.expander(label("assessment_design", lang)):
        for part in data["assessment"].values():
            st.markdown("\n".join(f"- {md(t)}" for t in part))


def paren(text: str, inner, lang: str) -> str:
    """`text（inner）` in Chinese, `text (inner)` in English."""
    return label("paren", lang, text=text, inner=inner)


def counted(text: str, n: int, lang: str) -> str:
    return paren(text, n, lang)


def show_role(data: dict, lang: str) -> None:
    q = data["qualification"]
    st.caption(md(data["typical_titles"]))
    st.markdown(md("".join(data["purpose"])))
    bar = label("bar", lang)
    st.markdown(md(field_line(label("qualification", lang), q["title"], lang)) + f"{bar}{label('qf_level', lang)} "
                f"{q['level']}{bar}{q['credits']} {label('credits', lang)} `{data['code']}`")
    st.markdown(f"**{label('entry', lang)}**")
    bullets([{"code": data["code"], "text": t} for t in q["entry_requirements"]])
    for key in ("core", "functional"):
        st.markdown(f"#### {counted(label(key, lang), len(data[key]), lang)}")
        for unit in data[key]:
            detail = (f"{label('qf_level', lang)} {unit['level']}{label('comma', lang)}"
                      f"{unit['credits']} {label('credits', lang)}")
            with st.expander(md(paren(f"{unit['code']} {unit['title']}", detail, lang))):
                st.markdown(md(field_line(label("learning_outcome", lang), unit["learning_outcome"], lang)))
                st.markdown(f"**{label('assessment', lang)}**")
                st.markdown("\n".join(f"- {md(g)}" for g in unit["assessment_guidelines"]))
    with st.expander(label("soft_skills", lang)):
        bullets(data["soft_skills"], "definition")
    courses_table(data["courses"], lang)
    st.markdown(f"**{label('on_the_job', lang)}**")
    bullets(data["on_the_job_learning"])


def courses_table(courses: list[dict], lang: str) -> None:
    """Example courses: they have no code of their own, so the table shows none (the role's code is above)."""
    st.markdown(f"#### {label('courses', lang)}")
    table(courses, {"programme": label("programme", lang), "level": label("level", lang),
                    "provider": label("provider", lang)})


def browse_view(corpus, names: dict, lang: str) -> None:
    codes = [o.code for o in explore.occupations(corpus)]
    code = pick(label("occupation", lang), codes, "browse", names)
    data = explore.view(corpus, code)
    st.subheader(paren(data.get("name") or data.get("title"), code, lang))
    warn_two_names(corpus, code, lang)
    {STANDARD: show_standard, "unit": show_unit, ROLE: show_role}[data["kind"]](data, lang)


def ladder_view(corpus, lang: str) -> None:
    data = explore.ladder(corpus)
    st.graphviz_chart(explore.ladder_dot(data, lang), width="stretch")
    st.caption(label("ladder.caption", lang))
    for path in data["paths"]:
        st.markdown(f"#### {md(label('ladder.hk', lang, name=path['name']))}")
        for rung in path["rungs"]:
            step = rung["to_next"]
            comma = label("comma", lang)
            line = (f"**{md(rung['title'])}** `{rung['code']}` " + md(field_line(
                label("qf_level", lang), f"{rung['level']}{comma}{rung['credits']} {label('credits', lang)}{comma}"
                f"{rung['qualification']}", lang)))
            if step:
                line += "　→ " + label("ladder.next", lang, units=step["units"], credits=step["credits"])
            st.markdown(line)
            st.caption(md(field_line(label("education", lang), " ".join(rung["education_progression"]), lang)))
    st.markdown(f"#### {label('ladder.tw_list', lang)}")
    for family in data["families"]:
        key = "ladder.tw" if family["kind"] == STANDARD else "ladder.tw_units"
        st.markdown(f"**{md(label(key, lang, name=family['name']))}**")
        bullets([dict(m, text=paren(m["name"], f"{label('level', lang)} {m['level']}", lang))
                 for m in family["members"]])
    st.caption(label("scales_note", lang))


def gap_view(knowledge, names: dict, lang: str) -> None:
    corpus = knowledge.corpus
    codes = [o.code for o in explore.occupations(corpus)]
    step = explore.adjacent_rungs(corpus) or (None, None)
    left, right = st.columns(2)
    current = pick(label("current", lang), codes, "gap_current", names, step[0], left)
    target = pick(label("target", lang), codes, "gap_target", names, step[1], right)
    if current == target:
        st.info(label("same", lang))
        return
    result = explore.gap(corpus, current, target, knowledge.embed, lang)
    if result["kind"] == "units":
        st.markdown(label("gap.summary", lang, units=len(result["units_to_gain"]),
                          credits=result["credits_to_gain"], shared=len(result["shared"])))
        relation = explore.unit_relation(corpus, current, target)
        if relation:
            if relation["same_area"]:
                st.caption(md(label("gap.relation", lang, total=relation["total"], same_area=relation["same_area"],
                                    new_area=relation["new_area"],
                                    areas=label("list_sep", lang).join(relation["areas"]))))
            else:
                st.caption(md(label("gap.relation_none", lang, total=relation["total"])))
        st.markdown(f"#### {counted(label('gap.units', lang), len(result['units_to_gain']), lang)}")
        table(result["units_to_gain"], {"code": label("code", lang), "title": label("name", lang),
                                        "level": label("qf_level", lang), "credits": label("col.credits", lang),
                                        "core": label("col.core", lang),
                                        "strength_label": label("match.strength", lang)})
        related = [u for u in result["units_to_gain"] if u.get("covered_by")]
        if related:  # a unit not held under its code can still be partly covered by a current one
            st.markdown(f"#### {counted(label('gap.covered', lang), len(related), lang)}")
            text_table([dict(u, current_code=u["covered_by"][0]["code"], current_name=u["covered_by"][0]["text"],
                             target_code=u["code"], target_name=u["title"]) for u in related],
                       pair_columns(lang, "target", "current"))
    else:
        st.info(label("related_note", lang))
        if result["current"]["framework"] != result["target"]["framework"]:
            st.caption(label("scales_note", lang))
        st.markdown(label("gap.content", lang, total=result["total"], covered=len(result["covered"]),
                          new=len(result["new"])))
        st.markdown(f"#### {counted(label('gap.new', lang), len(result['new']), lang)}")
        table(result["new"], {"code": label("code", lang), "name": label("name", lang)})
        st.markdown(f"#### {counted(label('gap.covered', lang), len(result['covered']), lang)}")
        text_table(result["covered"], pair_columns(lang, "target", "current"))
    # Units to gain are already listed above: the steps add what is not a unit (knowledge, skills, outputs).
    steps = [s for s in result.get("steps", []) if not (result["kind"] == "units" and s.get("kind") == "unit")]
    if steps:
        st.markdown(f"#### {label('check.steps', lang)}")
        st.markdown("\n".join(f"- {md(step['text'])} `{step['code']}`" for step in steps))
    if result["courses"]:
        courses_table(result["courses"], lang)
    st.markdown(f"**{label('entry', lang)}**")
    bullets(result["entry_requirements"])


def compare_view(knowledge, names: dict, lang: str) -> None:
    corpus = knowledge.corpus
    codes = [o.code for o in explore.occupations(corpus)]
    pair = explore.same_level_pair(corpus) or (None, None)
    columns = st.columns(2)
    left = pick(label("compare.left", lang), codes, "cmp_left", names, pair[0], columns[0])
    right = pick(label("compare.right", lang), codes, "cmp_right", names, pair[1], columns[1])
    if left == right:
        st.info(label("same", lang))
        return
    result = explore.compare(corpus, left, right, knowledge.embed, lang)
    for n, (column, side) in enumerate(zip(st.columns(2), ("left", "right")), 1):
        with column.container(border=True):
            st.markdown(f"#### {md(result[side]['name'])}")
            st.markdown("\n".join(f"- {md(field_line(row[0], row[n], lang))}" for row in result["rows"]))
            st.caption(md(result[side]["summary"]))
    if result["scales_differ"]:
        st.caption(label("scales_note", lang))
    if result["shared_units"]:
        st.markdown(f"#### {label('compare.shared', lang)}")
        table(result["shared_units"], {"code": label("code", lang), "title": label("name", lang)})
    st.markdown(f"#### {label('compare.related', lang)}")
    st.info(label("related_note", lang))
    if result["related"]:
        text_table(result["related"], pair_columns(lang, "right", "left"))
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
    warn_two_names(corpus, target, lang)  # the source's own inconsistency, as the parser found it
    for group in explore.checklist(corpus, target):
        title = label(group["name"], lang) if group["name"] in ("core", "functional") else group["name"]
        with st.expander(f"{counted(md(title) + ' · ' + group['code'], len(group['items']), lang)}"):
            for item in group["items"]:
                st.checkbox(f"`{item['code']}` {md(item['label'].split(' ', 1)[-1])}",
                            key=f"tick::{target}::{item['code']}", persist_state=KEEP)
    result = explore.self_check(corpus, target, ticked(target) or set(), lang)
    st.progress(result["readiness"] / 100,
                text=field_line(label("check.readiness", lang), f"{result['readiness']}%", lang))
    st.caption(label("check.done", lang, done=result["done"], total=result["total"]) + (
        label("bar", lang) + label("check.credits", lang, done=result["credits_done"], total=result["credits_total"])
        if "credits_total" in result else ""))
    if not result["missing"]:
        st.success(label("check.complete", lang))
        return
    st.markdown(f"#### {counted(label('check.missing', lang), len(result['missing']), lang)}")
    table(result["missing"], {"code": label("code", lang), "name": label("name", lang),
                              "group_name": label("group", lang)})
    st.markdown(f"#### {label('check.steps', lang)}")
    st.markdown("\n".join(f"- {md(step['text'])} `{step['code']}`" for step in result["steps"]))
    if result["courses"]:
        courses_table(result["courses"], lang)


def clear_consultation() -> None:
    """Forget this tab's consultation (chat, ticks, client details, choices) without reloading the page."""
    state = st.session_state
    for key in list(state.keys()):
        if key in CONSULTATION or str(key).startswith(CONSULTATION_PREFIXES):
            del state[key]
    state.messages = []
    state.cleared = True


def brief_view(knowledge, names: dict, lang: str) -> None:
    corpus, state = knowledge.corpus, st.session_state
    if state.pop("cleared", False):
        st.success(label("brief.cleared", lang))
    st.caption(label("brief.intro", lang))
    left, right = st.columns(2)
    counsellor = left.text_input(label("brief.counsellor", lang), key="brief_counsellor", persist_state=KEEP)
    client = right.text_input(label("brief.client", lang), key="brief_client", persist_state=KEEP)
    situation = st.text_area(label("brief.situation", lang), key="brief_situation", persist_state=KEEP)
    goal = st.text_area(label("brief.goal", lang), key="brief_goal", persist_state=KEEP)
    codes = [o.code for o in explore.occupations(corpus)]
    none = {"": label("brief.none", lang)}
    left, right = st.columns(2)
    target = pick(label("target", lang), [""] + codes, "brief_target", names | none,
                  state.get("check_target") if ticked(state.get("check_target", "")) is not None else None, left)
    current = pick(label("brief.current", lang), [""] + codes, "brief_current", names | none, None, right)
    check = None
    if target and target in [o.code for o in explore.occupations(corpus, (STANDARD, ROLE))]:
        ticks = ticked(target)
        check = explore.self_check(corpus, target, ticks, lang) if ticks is not None else None
    answered = [m for m in state.messages if m["role"] == "assistant"]
    with st.expander(label("brief.include", lang), expanded=bool(answered)):
        chosen = [m for n, m in enumerate(answered)
                  if st.checkbox(md(m["answer"].question), value=True, key=f"include::{m.get('id', n)}")]
    answers = [m["answer"] for m in chosen]
    brief = briefing.build_brief(corpus, situation=situation, goal=goal, target=target or None, check=check,
                                 current=current or None, exchanges=briefing.exchanges_from_answers(answers),
                                 lang=lang, embed=knowledge.embed)
    brief.counsellor, brief.client = counsellor.strip(), client.strip()
    st.caption(label("brief.questions", lang, n=len(answers), total=len(answered)))
    found = briefing.identifiers("\n".join((counsellor, client, situation, goal)))
    if found:  # the export keeps what was typed: the caution makes that a choice
        st.warning(label("brief.caution", lang, kinds=label("list_sep", lang).join(label(f"pii.{t}", lang)
                                                                                    for t in found)))
    stamp = time.strftime("%Y%m%d")
    columns = st.columns(4)
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
    columns[3].button(label("brief.clear", lang), key="clear", on_click=clear_consultation,
                      help=label("brief.clear.help", lang))
    if font_missing:
        st.warning(f"PDF: install the Debian package {briefing.CJK_FONT_PACKAGE} ({briefing.CJK_FONT}).")
    with st.expander(label("brief.preview", lang), expanded=True):
        st.markdown(briefing.render_markdown(brief))


# --- the page ------------------------------------------------------------------------------------


def about_panel(engine, engine_error: str, settings: Settings, lang: str) -> None:
    """What an administrator needs, folded away from the client sitting beside the counsellor."""
    with st.expander(label("about", lang)):
        st.caption(label("engine.model", lang, name=engine.name) if engine else label("engine.composer", lang))
        if engine_error:
            st.warning(label("engine.failed", lang, error=engine_error))
        if settings.transcript_log:
            st.caption(label("transcripts.on", lang))
        st.markdown(f"**{label('index', lang)}**")
        manifest = index_manager(settings).current_manifest()
        if manifest:
            problems = label("list_sep", lang).join(f"{f}: {r}" for f, r in manifest.problems) or label(
                "index.none", lang)
            st.markdown("\n".join(f"- {md(field_line(name, value, lang))}" for name, value in (
                (label("index.build", lang), manifest.build_id), (label("index.chunks", lang), manifest.chunk_count),
                (label("index.embedder", lang), manifest.embedder), (label("index.problems", lang), problems))))
        if "rebuilt" in st.session_state:
            st.success(label("index.rebuilt", lang, summary=st.session_state.pop("rebuilt")))
        if not settings.allow_rebuild:
            st.caption(label("index.rebuild.off", lang))
        elif st.button(label("index.rebuild", lang), key="rebuild"):
            summary = build_index(settings, lang, force=True, where=st.sidebar)
            load_knowledge.clear()
            st.session_state.rebuilt = summary.describe().splitlines()[0]
            st.rerun()


def sidebar(knowledge, engine, engine_error: str, settings: Settings, names: dict) -> tuple[str, Filters]:
    state = st.session_state
    with st.sidebar:
        lang = st.radio("介面語言 / Language", list(LANGUAGES), key="lang", horizontal=True,
                        format_func=LANGUAGES.get, persist_state=KEEP)
        covered = explore.coverage(knowledge.corpus)
        st.caption(label("coverage", lang, standards=len(covered["standards"]), units=len(covered["units"]),
                         paths=len(covered["paths"]), roles=covered["roles"]))
        st.subheader(label("filters", lang))
        framework = choose("radio", label("framework", lang), ["both", "TW", "HK"], "framework", lang,
                           format_func=lambda v: label(f"fw.{v}", lang), horizontal=True,
                           help=label("framework.help", lang))
        scale = SCALES[framework]
        title = label("levels", lang) if framework == "both" else label(f"levels.{framework}", lang)
        # One slider per scale: a TW range 1-6 and an HK range 1-7 are different widgets.
        low, high = st.slider(title, *scale, value=scale, key=f"levels@{framework}", help=label("levels.help", lang))
        roles = [""] + [o.code for o in explore.occupations(knowledge.corpus, (ROLE,))]
        role = choose("selectbox", label("role_filter", lang), roles, "role", lang,
                      format_func=lambda c: names.get(c, label("any", lang)), help=label("role_filter.help", lang))
        # An unnarrowed level bound stays off: a bound also drops chunks that have no level.
        filters = Filters(framework=None if framework == "both" else framework,
                          min_level=low if low > scale[0] else None, max_level=high if high < scale[1] else None,
                          role=role or None)
        about_panel(engine, engine_error, settings, lang)
    state.setdefault("lang", lang)
    return lang, filters


def view_choice(lang: str) -> str:
    """The view, kept under a stable key in the URL (?view=gap): a shared link opens on the same view."""
    state = st.session_state
    if "view" not in state:
        asked = st.query_params.get("view")
        state["view"] = asked if asked in VIEWS else VIEWS[0]
    view = choose("radio", "view", list(VIEWS), "view", lang, format_func=lambda v: label(f"view.{v}", lang),
                  horizontal=True, label_visibility="collapsed")
    if st.query_params.get("view") != view:
        st.query_params["view"] = view
    return view


def main() -> None:
    st.set_page_config(page_title="職涯導航助理 · Career guidance", page_icon="🧭", layout="wide")
    settings = Settings.from_env()
    state = st.session_state
    state.setdefault("messages", [])
    state.setdefault("session_id", uuid.uuid4().hex[:12])
    # The language radio sets this before the run starts: the first-start progress bar is already in it.
    lang = state.get("lang", ZH)
    if index_manager(settings).current_id() is None:
        build_index(settings, lang)
    try:
        knowledge = load_knowledge(settings)
    except IndexUnreadable:  # damaged, or written by an older version: derived data, rebuilt as on a first start
        build_index(settings, lang, force=True)
        knowledge = load_knowledge(settings)
    engine, engine_error = load_engine(settings)
    lang = state.get("lang", ZH)  # the language radio's value, set before this run
    names = {o.code: label("occupation.option", lang, name=o.name, code=o.code, framework=o.framework)
             for o in explore.occupations(knowledge.corpus)}
    lang, filters = sidebar(knowledge, engine, engine_error, settings, names)

    st.title(label("title", lang))
    st.caption(label("tagline", lang))
    view = view_choice(lang)
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
