"""Plain data for the app's explore views: browse, ladder, gap, compare and self-check.

Pure functions over the parsed corpus (no Streamlit), so the views stay thin
and the same data feeds the consultation brief. Every item carries the
canonical code a counsellor can look up: TW items as `BHR1212-002v3/P2.4.1`,
HK units as `106904L7`, HK roles as `HK:人才管理經理`. Where two records are
matched by their wording rather than by an official table, the result says so.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from corpus.codes import framework_of
from corpus.load import Corpus
from corpus.records import CompetencyUnit, HKRole, Standard

from . import matching, moves

TW, HK = "TW", "HK"
ZH, EN = "zh-TW", "en"
STANDARD, UNIT, ROLE = "standard", "unit", "role"

# The interface's words live in labels.toml, one entry per label with both languages side by side.
# Corpus text is shown as written (Traditional Chinese).
LABELS_FILE = Path(__file__).with_name("labels.toml")
LANGS = (ZH, EN)


def load_labels(path: Path = LABELS_FILE) -> dict[str, tuple[str, str]]:
    """Every label as (zh-TW, en); a missing language is an error that names the file and the label."""
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{path}: cannot read the interface labels: {error}") from error
    labels = {}
    for key, entry in table.items():
        missing = [lang for lang in LANGS if not isinstance(entry, dict) or not str(entry.get(lang, "")).strip()]
        if missing:
            raise ValueError(f"{path}: label [{key!r}] has no text for {', '.join(missing)}")
        labels[key] = (entry[ZH], entry[EN])
    return labels


LABELS: dict[str, tuple[str, str]] = load_labels()


def label(key: str, lang: str = ZH, **values) -> str:
    zh, en = LABELS[key]
    text = en if lang == EN else zh
    return text.format(**values) if values else text


def field_line(name: str, value, lang: str = ZH) -> str:
    """`name：value` in Chinese, `name: value` in English."""
    return label("field", lang, name=name, value=value)


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
            found += [Occupation(r.id, r.title, HK, ROLE, r.qualification.qf_level) for r in rungs(corpus, path)]
    return found


def occupation(corpus: Corpus, code: str) -> Occupation:
    found = next((o for o in occupations(corpus) if o.code == code), None)
    if found is None:
        raise KeyError(f"{code} is not an occupation, unit or role in the corpus")
    return found


def coverage(corpus: Corpus) -> dict:
    """What the corpus covers, counted and named from its records."""
    return {"standards": [(s.code, s.name) for s in sorted(corpus.standards, key=lambda s: (s.level or 0, s.code))],
            "units": [(u.code, u.name) for u in corpus.units],
            "paths": [(p.id, p.name, [(r.id, r.title) for r in rungs(corpus, p)]) for p in corpus.career_paths],
            "roles": len(corpus.roles)}


def steps_up(corpus: Corpus) -> dict[str, tuple[str, str]]:
    """A real step up on every career path that has one, by path id: the middle step of its ladder."""
    found = {}
    for path in corpus.career_paths:
        ordered = rungs(corpus, path)
        if len(ordered) >= 2:
            n = max(0, len(ordered) // 2 - 1)
            found[path.id] = (ordered[n].id, ordered[n + 1].id)
    return found


def adjacent_rungs(corpus: Corpus, code: str | None = None) -> tuple[str, str] | None:
    """A real step up for defaults and examples: on the path `code` names (a role or path id, see
    `matching.career_path`), else on the path with the most rungs (the first of those in corpus order)."""
    steps = steps_up(corpus)
    if code is not None:
        path = matching.career_path(corpus, code)
        return steps.get(path.id) if path else None
    longest = sorted((p for p in corpus.career_paths if p.id in steps), key=lambda p: -len(p.roles))
    return steps[longest[0].id] if longest else None


def same_level_pair(corpus: Corpus) -> tuple[str, str] | None:
    """A TW standard and an HK role at the same level number (the scales differ: a comparison, not a match)."""
    for s in sorted(corpus.standards, key=lambda s: (-(s.level or 0), s.code)):
        role = next((r for r in corpus.roles if r.qualification.qf_level == s.level), None)
        if role is not None:
            return s.code, role.id
    return None


def starter_questions(corpus: Corpus, lang: str = ZH) -> list[str]:
    """Example questions built from the records, so they always name something the corpus covers."""
    standards = sorted(corpus.standards, key=lambda s: (s.level or 0, s.code))
    found = []
    if standards:
        found.append(label("starter.skills", lang, name=standards[-1].name))
    step = adjacent_rungs(corpus)
    if step:
        found.append(label("starter.move", lang, current=corpus.role(step[0]).title, target=corpus.role(step[1]).title))
    if standards:
        found.append(label("starter.tasks", lang, name=standards[0].name))
    families: dict[str, list[Standard]] = {}
    for s in standards:
        families.setdefault(s.occupation.code or s.occupation.name, []).append(s)
    pair = next((f for f in families.values() if len(f) > 1), None)
    if pair:
        found.append(label("starter.compare", lang, a=pair[0].name, b=pair[1].name))
    elif same_level_pair(corpus):
        a, b = same_level_pair(corpus)
        found.append(label("starter.compare", lang, a=corpus.document(a).name, b=corpus.role(b).title))
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


def item_children(corpus: Corpus, code: str) -> list[dict]:
    """What a cited duty or task contains, so opening it shows more than the standard's header:
    a duty's tasks, a task's indicators, outputs, knowledge and skills. Empty for anything else."""
    match = _TW_ITEM.match(code)
    s = corpus.document(match["doc"]) if match else None
    if not isinstance(s, Standard):
        return []
    for duty in s.duties:
        if duty.code == match["local"]:
            return [{"key": "record.duty_tasks", "items": [
                {"code": s.qualify(t.code), "local": t.code, "text": t.name, "level": t.level} for t in duty.tasks]}]
        for task in duty.tasks:
            if task.code == match["local"]:
                return [{"key": key, "items": _coded(s, getattr(task, key))}
                        for key in ("indicators", "outputs", "knowledge", "skills") if getattr(task, key)]
    return []


def two_names(corpus: Corpus, code: str) -> list[dict]:
    """Items of a standard whose code the source prints with more than one name (the parser keeps them all)."""
    s = corpus.document(code.split("/", 1)[0])
    if not isinstance(s, Standard):
        return []
    return [{"code": s.qualify(i.code), "names": (i.text,) + tuple(i.other_texts)}
            for i in s.knowledge + s.skills + s.attitudes if i.other_texts]


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
        "framework": chunk.framework if chunk else framework_of(code),
        "level": chunk.level if chunk else getattr(owner, "level", None),
        "document": f"{document}（{code.split('/', 1)[0]}）",
        "file": chunk.source if chunk else getattr(owner, "source", ""),
        "section": chunk.section if chunk else "",
        "text": chunk.text if chunk else "",
    }


# --- ladder -------------------------------------------------------------------------------


def rungs(corpus: Corpus, path) -> list[HKRole]:
    """A career path's roles from the bottom rung up, as its document orders them (`CareerPath.ladder`)."""
    return list(path.ladder)


def ladder(corpus: Corpus) -> dict:
    """Every HK career path bottom → top (QF level, credits, the step to the next rung) and every TW family:
    standards grouped by their occupation, competency units by their domain."""
    paths = []
    for path in corpus.career_paths:
        ordered = rungs(corpus, path)
        rows = []
        for n, role in enumerate(ordered):
            q = role.qualification
            upper = ordered[n + 1] if n + 1 < len(ordered) else None
            step = None
            if upper is not None:
                missing, shared = matching.unit_gap(role, upper)
                step = {"code": upper.id, "units": len(missing), "shared": len(shared),
                        "credits": sum(corpus.hk_unit(c).credits for c in missing)}
            rows.append({"code": role.id, "title": role.title, "rank": role.rank, "level": q.qf_level,
                         "credits": q.credits, "qualification": q.title, "units": len(role.units),
                         "core": len(role.core_units), "functional": len(role.functional_units),
                         "education_progression": list(q.education_progression), "to_next": step})
        paths.append({"code": path.id, "name": path.name, "rungs": rows})
    families: dict[tuple[str, str], dict] = {}
    for s in sorted(corpus.standards, key=lambda s: (s.level or 0, s.code)):
        key = (STANDARD, s.occupation.code or s.occupation.name)
        family = families.setdefault(key, {"code": s.occupation.code, "name": s.occupation.name or s.category.name,
                                           "kind": STANDARD, "members": []})
        family["members"].append({"code": s.code, "name": s.name, "level": s.level})
    for u in sorted(corpus.units, key=lambda u: (u.level or 0, u.code)):
        family = families.setdefault((UNIT, u.domain), {"code": "", "name": u.domain, "kind": UNIT, "members": []})
        family["members"].append({"code": u.code, "name": u.name, "level": u.level})
    return {"paths": paths, "families": list(families.values())}


def _dot(text: str) -> str:
    """A DOT string literal: record text must never close the quote or start an escape."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _inches(text: str, size: float) -> float:
    """About how wide text is drawn: CJK characters are square, others about half as wide."""
    return max((sum(size if ord(c) >= 0x2E80 else 0.6 * size for c in line) for line in text.split("\n")),
               default=0) / 72


def _box_title(text: str) -> str:
    """A box's title as kind over name ("Hong Kong QF" / "人才管理"): narrower than one line."""
    return text.replace("：", "\n", 1) if "：" in text else text.replace(": ", "\n", 1)


def ladder_dot(data: dict, lang: str = ZH) -> str:
    """Graphviz DOT: a level axis; one box per career path with its rungs, one per TW family beside them.

    Nothing is drawn on an edge: the step to the next rung is a node of its own on a rank between the two
    levels, so an arrow only ever meets a box at its border and no text sits on a line. Every node of a
    box is at least as wide as the box's title, so a title never runs over the box's border, and every node is
    sized from its own text (the renderer's font is wider than Graphviz's guess), so text never meets a border."""
    levels = [r["level"] for p in data["paths"] for r in p["rungs"] if r["level"] is not None]
    levels += [m["level"] for f in data["families"] for m in f["members"] if m["level"] is not None]
    if not levels:
        return "digraph ladder {\n}"
    axis = list(range(min(levels), max(levels) + 1))
    font = 'fontname="Noto Sans CJK TC"'
    lines = ["digraph ladder {",
             "  rankdir=BT; newrank=true; nodesep=0.3; ranksep=0.22; splines=true;",
             f'  node [shape=box, style="rounded,filled", {font}, fontsize=11, margin="0.22,0.12"];',
             f'  edge [{font}, fontsize=9, color="#555555"];',
             f'  graph [{font}, fontsize=11];']
    for level in axis:  # the level's own rank, then a rank for the steps up from it
        lines.append(f'  "L{level}" [label={_dot(label("ladder.axis", lang) + f" {level}")}, shape=plaintext, style=""];')
        lines.append(f'  "S{level}" [label="", shape=point, style=invis, width=0.01, height=0.01];')
    chain = [name for level in axis for name in (f'"L{level}"', f'"S{level}"')][:-1]
    lines.append("  " + " -> ".join(chain) + " [style=invis];")
    ranks: dict[str, list[str]] = {}
    steps = []
    for n, path in enumerate(data["paths"]):
        title = _box_title(label("ladder.hk", lang, name=path["name"]))
        width = round(_inches(title, 11) + 0.3, 2)
        lines.append(f'  subgraph cluster_hk{n} {{ label={_dot(title)}; color="#4a78b5"; margin=14;')
        for m, rung in enumerate(path["rungs"]):
            text = (f"{rung['title']}\n{rung['code']}\n"
                    f"{label('qf_level', lang)} {rung['level']}｜{rung['credits']} {label('credits', lang)}")
            lines.append(f'    {_dot(rung["code"])} [label={_dot(text)}, fillcolor="#dce8f7", '
                         f'width={max(width, round(_inches(text, 11) + 0.5, 2))}];')
            ranks.setdefault(f'"L{rung["level"]}"', []).append(_dot(rung["code"]))
            step = rung["to_next"]
            if step:
                node = _dot(f"step:{path['code']}:{m}")
                text = label("ladder.step", lang, units=step["units"], credits=step["credits"])
                lines.append(f'    {node} [label={_dot(text)}, shape=box, style="filled", fillcolor="#fff8e1", '
                             f'color="#c9b26b", fontsize=9, margin="0.14,0.08", width={round(_inches(text, 9) + 0.4, 2)}];')
                ranks.setdefault(f'"S{rung["level"]}"', []).append(node)
                steps.append((_dot(rung["code"]), node, _dot(step["code"])))
        lines.append("  }")
    for n, family in enumerate(data["families"]):
        title = _box_title(label("ladder.tw" if family["kind"] == STANDARD else "ladder.tw_units", lang,
                                 name=family["name"]))
        width = round(_inches(title, 11) + 0.3, 2)
        lines.append(f'  subgraph cluster_tw{n} {{ label={_dot(title)}; color="#3f8f5a"; margin=14;')
        for member in family["members"]:
            text = f"{member['name']}\n{member['code']}\n{label('level', lang)} {member['level']}"
            lines.append(f'    {_dot(member["code"])} [label={_dot(text)}, fillcolor="#e0f2e6", '
                         f'width={max(width, round(_inches(text, 11) + 0.5, 2))}];')
            if member["level"] is not None:
                ranks.setdefault(f'"L{member["level"]}"', []).append(_dot(member["code"]))
        lines.append("  }")
    for lower, node, upper in steps:
        lines.append(f"  {lower} -> {node} [arrowhead=none];")
        lines.append(f"  {node} -> {upper};")
    for rank, members in ranks.items():
        lines.append("  { rank=same; " + " ".join([rank] + members) + "; }")
    lines.append("}")
    return "\n".join(lines)


def unit_relation(corpus: Corpus, current: str, target: str) -> dict | None:
    """How two HK roles' units relate when they share no unit code: by the function areas both list."""
    a, b = corpus.role(current), corpus.role(target)
    if a is None or b is None or set(a.unit_codes) & set(b.unit_codes):
        return None
    held = {ref.function_area for ref in a.units}
    same = [ref for ref in b.units if ref.function_area in held]
    areas = list(dict.fromkeys(ref.function_area for ref in same))
    return {"total": len(b.units), "same_area": len(same), "new_area": len(b.units) - len(same), "areas": areas}


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


def reason_text(match: moves.ItemMatch, lang: str = ZH) -> str:
    """Why an item is classed as it is, in the reader's language (never a bare similarity score)."""
    concepts = label("list_sep", lang).join(moves.concept_name(c, lang) for c in match.concepts)
    return label(f"reason.{match.basis}", lang, code=match.target, concepts=concepts)


def classed_row(match: moves.ItemMatch, lang: str = ZH) -> dict:
    """One target item of a move as the views and the brief show it: its strength, what covers it and why.

    `current_*` name the first covering item (the strongest); `covered_by` lists them all."""
    first = match.covered_by[0] if match.covered_by else None
    return {"target_code": match.target, "target": match.target_text,
            "target_name": _name(match.local, match.target_text),
            "local": match.local, "kind": match.kind, "strength": match.strength,
            "strength_label": label(f"strength.{match.strength}", lang), "reason": reason_text(match, lang),
            "covered_by": [c.to_dict() for c in match.covered_by],
            "current_code": first.code if first else "", "current": first.text if first else "",
            "current_name": _name(first.local, first.text) if first else ""}


def step_rows(steps, lang: str = ZH) -> list[dict]:
    """A move's next steps (moves.NextStep) as lines with their codes; courses are listed apart (course_rows)."""
    rows = []
    for step in steps:
        if step.kind == "unit":
            text = label("step.unit", lang, code=step.code, title=step.text, level=step.level, credits=step.credits)
        elif step.kind in ("knowledge", "skill"):
            tasks = label("list_sep", lang).join(code.rsplit("/", 1)[-1] for code in step.for_items)
            used_by = label("step.used_by", lang, tasks=tasks) if step.for_items else ""
            text = label(f"step.{step.kind}", lang, label=step.text, used_by=used_by)
        elif step.kind == "output":
            text = label("step.output", lang, outputs=step.text)
        elif step.kind == "task_group":
            text = label("step.task_group", lang, label=step.text)
        else:
            continue
        rows.append({"code": step.code, "kind": step.kind, "text": text, "for": list(step.for_items)})
    return rows


def gap(corpus: Corpus, current: str, target: str, embed: moves.Embed | None = None, lang: str = ZH) -> dict:
    """What the target asks for that the current occupation or role does not have: `moves.move`, as view data.

    Every target item is classed same / partial / none with what covers it and why. Two HK roles also get the
    units to gain (every target unit not held under the same code: a QF unit is held or not) and their credits."""
    found = moves.move(corpus, current, target, embed=embed)
    left, right = occupation(corpus, current), occupation(corpus, target)
    rows = [classed_row(m, lang) for m in found.items]
    result = {"current": left.__dict__, "target": right.__dict__, "entry_requirements": _entry(corpus, target),
              "courses": course_rows(corpus.role(target)) if right.kind == ROLE else [],
              "total": len(rows), "covered": [r for r in rows if r["strength"] != moves.NONE],
              "new": [dict(r, code=r["target_code"], label=r["target"], name=r["target_name"])
                      for r in rows if r["strength"] == moves.NONE],
              "steps": step_rows(found.next_steps, lang), "related": True}
    if left.kind == ROLE and right.kind == ROLE:
        target_role = _role(corpus, target)
        units = [dict(unit_row(corpus, target_role, r["target_code"]), strength=r["strength"],
                      strength_label=r["strength_label"], reason=r["reason"], covered_by=r["covered_by"])
                 for r in rows if r["strength"] != moves.SAME]
        result.update(kind="units", units_to_gain=units, related=False,
                      shared=[r["target_code"] for r in rows if r["strength"] == moves.SAME],
                      credits_to_gain=sum(u["credits"] for u in units))
        return result
    result.update(kind="content")
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


def compare(corpus: Corpus, left: str, right: str, embed: moves.Embed | None = None, lang: str = ZH) -> dict:
    """Two occupations side by side, TW against HK included. `related`: the right side's items that the left
    side covers, classed by `moves.move(left → right)` (same / partial, with the reason)."""
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
    found = moves.move(corpus, left, right, embed=embed)
    related = []
    for match in found.covered:
        row = classed_row(match, lang)
        related.append(dict(row, right_code=row["target_code"], right=row["target"], right_name=row["target_name"],
                            left_code=row["current_code"], left=row["current"], left_name=row["current_name"]))
    return {"left": a, "right": b, "rows": rows, "shared_units": shared, "related": related,
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


def ticked_matches(corpus: Corpus, target: str, ticked) -> tuple[moves.ItemMatch, ...]:
    """The self-check as a move's items: a task is same when all its indicators are ticked, partial when some are;
    a unit is same when ticked. What the person ticked is the current "record"."""
    record = corpus.owner(target)
    found = []
    if isinstance(record, Standard):
        for task in record.tasks:
            codes = [record.qualify(p.code) for p in task.indicators]
            done = [c for c in codes if c in ticked]
            strength = moves.SAME if codes and len(done) == len(codes) else moves.PARTIAL if done else moves.NONE
            found.append(moves.ItemMatch(record.qualify(task.code), f"{task.code} {task.name}", strength,
                                         tuple(moves.Covering(c, c, c.rsplit("/", 1)[-1]) for c in done),
                                         "ticked in the self-check", task.code, moves.TASK))
    elif isinstance(record, HKRole):
        for code in record.unit_codes:
            strength = moves.SAME if code in ticked else moves.NONE
            found.append(moves.ItemMatch(code, code, strength, (), "ticked in the self-check", code, moves.UNIT))
    return tuple(found)


def self_check(corpus: Corpus, target: str, ticked: set[str] | frozenset[str], lang: str = ZH) -> dict:
    """Readiness for a target from what the user ticked, the missing items with codes, and next steps: the same
    `moves.next_steps` a move uses, so each knowledge, skill, output or unit is named once."""
    groups = checklist(corpus, target)
    items = [(g, i) for g in groups for i in g["items"]]
    done = [i for _, i in items if i["code"] in ticked]
    missing = [dict(i, name=_name(i["code"], i["label"]), group=g["code"],
                    group_name=label(g["name"], lang) if g["name"] in ("core", "functional") else g["name"])
               for g, i in items if i["code"] not in ticked]
    result = {"target": occupation(corpus, target).__dict__, "total": len(items), "done": len(done),
              "missing": missing, "ticked": sorted(i["code"] for i in done)}
    record = corpus.owner(target)
    steps = step_rows(moves.next_steps(corpus, target, ticked_matches(corpus, target, ticked)), lang)
    if isinstance(record, Standard):
        result["readiness"] = round(100 * len(done) / len(items)) if items else 100
        if missing:
            steps += [{"code": record.code, "kind": "entry", "text": label("step.entry", lang, text=t), "for": []}
                      for t in record.entry_requirements]
        result["steps"] = steps
        result["courses"] = []
    else:
        total = sum(i["credits"] for _, i in items)
        earned = sum(i["credits"] for i in done)
        result.update(credits_total=total, credits_done=earned,
                      readiness=round(100 * earned / total) if total else 100)
        result["steps"] = steps + _role_steps(corpus, record, [m["code"] for m in missing], lang)
        result["courses"] = course_rows(record) if missing else []
    return result


def _role_steps(corpus: Corpus, role: HKRole, missing: list[str], lang: str) -> list[dict]:
    """Beyond the units themselves: a lower rung that lists some of them, and the role's on-the-job learning."""
    if not missing:
        return []
    steps = []
    for lower in matching.ladder(corpus, role.id):
        if lower.rank_order >= role.rank_order:
            continue
        listed = [c for c in missing if c in set(lower.unit_codes)]
        if listed:
            steps.append({"code": lower.id, "kind": "lower", "for": listed,
                          "text": label("step.lower", lang, role=lower.title, units="、".join(listed))})
    steps += [{"code": role.id, "kind": "on_the_job", "for": [], "text": label("step.ojt", lang, text=t)}
              for t in role.on_the_job_learning]
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
