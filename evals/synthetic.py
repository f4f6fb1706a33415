"""A synthetic corpus in the real source formats, for measuring scale through the real parsers.

    python -m evals.synthetic --out DIR --standards N --career-paths M [--seed S]
    python -m evals.synthetic --out DIR --chunks 10000 [--hk-share 0.2] [--seed S]

Writes Taiwan 職能基準 documents and Hong Kong 職業資歷說明 (career-path)
documents laid out exactly like the seeds in corpus/sources/: tab-separated
table rows, the table header repeated after a page break that splits a row
(its cells continue on the next page), HTML lists in cells, 【註N】 notes,
version tables, `<b>` or plain labels. Every code is fresh and never collides
with a real one:

    TW standards   BS<letter><9000+n>-<nnn>v<1|2>   e.g. BSA9000-001v2  (seeds are BHR…)
    HK units       2xxxxxL<level>                     e.g. 200001L5      (seeds are 106…/107…/108…)
    HK paths       HK:<domain><function>              e.g. HK:物流營運管理 (seed: HK:人才管理)

The wording is the seed documents' own phrases (indicators, K/S items,
attitudes, HK units, outcomes, guidelines, …) recombined clause by clause and
placed in a domain, deterministically from --seed.

Chunks per document (what `retrieval.chunks.build_chunks` makes of it):

    TW standard    6 + tasks       overview, one per task, K, S, A, entry requirements, notes
                                   (tasks: 3–12 a standard, so 9–18 chunks; 13.5 on average)
    HK path        1 + 6·roles + distinct units
                                   ladder; per role: overview, core units, functional units,
                                   qualification, soft skills, courses; one per unit
                                   (3–4 roles of 3–6 units each, one unit shared: ~36 on average)

The plan (every file's code, kind and expected counts) is written to
DIR/.plan.json (a dot file, so the corpus loader skips it); `verify(DIR)`
parses the folder with `corpus.load.load_corpus` and compares.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from corpus.load import SOURCES_DIR, Corpus, load_corpus
from corpus.records import CareerPath, Standard

PLAN_FILE = ".plan.json"
TW_MIN_TASKS, TW_MAX_TASKS = 3, 12
TW_FIXED_CHUNKS = 6  # overview, K, S, A, entry requirements, notes

DOMAINS = (
    "物流", "倉儲", "零售", "電子商務", "餐旅", "觀光", "金融", "保險", "不動產", "資訊安全", "雲端服務", "數據分析",
    "智慧製造", "品質管理", "環境保護", "能源", "農業", "食品安全", "長期照顧", "社會工作", "文化創意", "出版",
    "廣播影視", "運動休閒", "會展", "航空服務", "航運", "公共行政", "採購", "法務", "客戶服務", "供應鏈", "綠色營建",
    "職業安全衛生", "醫務管理", "半導體", "紡織", "車輛", "生技", "遊戲",
)
SPECIALTIES = ("策略", "營運", "品質", "專案", "教育訓練", "績效", "風險", "流程", "資料", "客戶關係", "產品", "合規",
               "採購", "行銷", "永續")
ROLE_WORDS = ("經理", "主管", "專員", "管理師", "規劃人員", "督導", "分析人員", "企劃人員", "服務人員", "專案主管",
              "稽核人員", "顧問")
HK_FUNCTIONS = ("營運管理", "客戶服務", "品質保證", "資訊科技", "採購及供應", "財務規劃", "市場推廣", "培訓發展", "風險管理",
                "合規管理", "項目管理", "數據治理", "產品開發", "業務拓展", "可持續發展", "設施管理", "行政支援",
                "物料控制", "公共關係", "流程改善")
CATEGORY_NAMES = ("企業經營管理 / 營運管理", "企業經營管理 / 專案管理", "企業經營管理 / 品質管理", "資訊科技 / 資訊管理",
                  "物流運輸 / 物流管理", "金融財務 / 財務管理", "行銷與銷售 / 行銷管理", "政府公共事務 / 公共行政")
INDUSTRY_NAMES = (("支援服務業 / 企業總管理機構及管理顧問業", "N70"), ("批發及零售業 / 零售業", "G47"),
                  ("運輸及倉儲業 / 倉儲業", "H53"), ("金融及保險業 / 金融服務業", "K64"),
                  ("出版影音及資通訊業 / 電腦程式設計、諮詢及相關服務業", "J62"), ("製造業 / 電子零組件製造業", "C26"))
PROVIDERS = ("香港示例大學", "示例專業進修學院", "職業訓練示例學院", "示例持續教育學院", "示例理工學院")
DEGREES = {7: ("博士", "博士學位"), 6: ("碩士", "碩士學位 / 深造文憑"), 5: ("學士", "學士學位 / 專業文憑"),
           4: ("高級文憑", "副學士 / 高級文憑 / 高級證書"), 3: ("證書", "證書 / 文憑")}
HK_ROLE_LEVEL = {"總監": 6, "經理": 5, "主任": 4, "助理": 3}
HK_POST = {"總監": "領袖", "經理": "經理", "主任": "主任", "助理": "助理"}
PROFICIENCY = {6: ("專家水平", "在異常困難的情況下施展能力；充當主要資源並向他人提供建議"),
               5: ("高級水平", "在相當困難的情況下施展能力；通常只需要很少或根本不需要指導"),
               4: ("中級水平", "在困難的情況下施展能力；需要偶爾指導"),
               3: ("基本水平", "在一般的情況下施展能力；需要經常指導")}
ZH_NUMBERS = "零一二三四五六七八九十"

# What a recombined phrase must not contain: anything a parser reads as a code, a cell or markup.
_UNSAFE = re.compile(r"[A-Za-z]\d|\d[A-Za-z]|[\t<>【】*#|]|http|職能基準代碼|職能單元代碼|職業資歷說明|說明與補充事項|attitude")
_NOTE_MARK = re.compile(r"【\s*註\s*\d+\s*】")
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


# --- vocabulary ---------------------------------------------------------------------------


@dataclass
class Vocabulary:
    """The seed documents' phrases, by the kind of place they fill."""

    indicators: list[str]
    task_names: list[str]
    duty_names: list[str]
    outputs: list[str]
    knowledge: list[str]
    skills: list[str]
    attitudes: list[tuple[str, str]]
    descriptions: list[str]
    entry: list[str]
    definitions: list[tuple[str, str]]
    unit_titles: list[str]
    function_areas: list[str]
    outcomes: list[str]
    guidelines: list[str]
    activities: list[str]
    purposes: list[str]
    requirements: list[str]
    soft_skills: list[tuple[str, str]]
    on_the_job: list[str]
    objectives: list[str]


def _clean(texts) -> list[str]:
    out = []
    for text in texts:
        text = _NOTE_MARK.sub("", text or "").strip()
        if len(text) >= 2 and not _UNSAFE.search(text):
            out.append(text)
    return sorted(dict.fromkeys(out))


def harvest(corpus: Corpus | None = None) -> Vocabulary:
    """Phrases from the seed corpus (corpus/sources), in a stable order."""
    corpus = corpus or load_corpus(SOURCES_DIR)
    standards = corpus.standards
    tasks = [t for s in standards for t in s.tasks]
    paths = corpus.career_paths
    roles = [r for p in paths for r in p.roles]
    units = [u for p in paths for u in p.units]
    return Vocabulary(
        indicators=_clean([i.text for t in tasks for i in t.indicators]
                          + [i for u in corpus.units for g in u.task_groups for i in g.indicators]),
        task_names=_clean([t.name for t in tasks] + [g.name for u in corpus.units for g in u.task_groups]),
        duty_names=_clean([d.name for s in standards for d in s.duties]),
        outputs=_clean([o.text for t in tasks for o in t.outputs]),
        knowledge=_clean([k.text for s in standards for k in s.knowledge]
                         + [k for u in corpus.units for k in u.knowledge]),
        skills=_clean([k.text for s in standards for k in s.skills] + [k for u in corpus.units for k in u.skills]),
        attitudes=sorted({(a.text, a.definition) for s in standards for a in s.attitudes
                          if not _UNSAFE.search(a.text + a.definition)}),
        descriptions=_clean([s.description for s in standards]),
        entry=_clean([e for s in standards for e in s.entry_requirements]),
        definitions=sorted({(d.term, d.text) for s in standards for d in s.definitions
                            if d.term and len(d.text) < 80 and not _UNSAFE.search(d.term + d.text)}),
        unit_titles=_clean([u.title for u in units]),
        function_areas=_clean([u.function_area for u in units]),
        outcomes=_clean([o.learning_outcome for u in units for o in u.outcomes]),
        guidelines=_clean([g for u in units for o in u.outcomes for g in o.assessment_guidelines]),
        activities=_clean([a for r in roles for a in r.specialism_activities]),
        purposes=_clean([p for r in roles for p in r.purpose if "階梯之目的" not in p]),
        requirements=_clean([g for r in roles for g in r.general_requirements]),
        soft_skills=sorted({(s.name, s.description) for r in roles for s in r.soft_skills
                            if not _UNSAFE.search(s.name + s.description) and "(" not in s.description}),
        on_the_job=_clean([o for r in roles for o in r.on_the_job_learning]),
        objectives=_clean([r.qualification.training_objective for r in roles]),
    )


class Phrases:
    """Recombines seed phrases: the first clause of one with the rest of another, set in a domain."""

    def __init__(self, rng: random.Random, vocabulary: Vocabulary) -> None:
        self.rng = rng
        self.v = vocabulary

    def pick(self, items):
        return items[self.rng.randrange(len(items))]

    def mix(self, items: list[str], domain: str = "", p_domain: float = 0.5) -> str:
        a, b = self.pick(items), self.pick(items)
        head = re.split(r"[，；]", a, maxsplit=1)[0]
        tail = re.split(r"[，；]", b, maxsplit=1)
        text = head.rstrip("。") + "，" + tail[1] if len(tail) > 1 else head
        if domain and self.rng.random() < p_domain:
            text = f"依據{domain}需求，" + text
        return text

    def short(self, items: list[str], domain: str = "", p_domain: float = 0.3) -> str:
        text = self.pick(items)
        if domain and self.rng.random() < p_domain:
            text = domain + text
        return text

    def distinct(self, items: list[str], n: int, domain: str = "", p_domain: float = 0.3) -> list[str]:
        """n different short phrases (a domain prefix makes more when the seeds run out)."""
        seen: list[str] = []
        while len(seen) < n:
            text = self.short(items, domain, p_domain if len(seen) < len(items) else 1.0)
            if text not in seen:
                seen.append(text)
            elif len(seen) >= len(items):
                seen.append(f"{domain}{text}{len(seen)}")
        return seen


# --- plans --------------------------------------------------------------------------------


@dataclass
class DocPlan:
    file: str
    kind: str  # tw_standard | hk_career_path
    code: str
    name: str
    chunks: int
    counts: dict = field(default_factory=dict)


def tw_chunks(tasks: int) -> int:
    return TW_FIXED_CHUNKS + tasks


def hk_chunks(roles: int, distinct_units: int) -> int:
    return 1 + 6 * roles + distinct_units


# --- Taiwan standards ---------------------------------------------------------------------


@dataclass
class _Task:
    code: str
    name: str
    level: int
    outputs: list[tuple[str, str]]
    indicators: list[tuple[str, str]]
    knowledge: list[str]  # codes
    skills: list[str]


@dataclass
class _Standard:
    code: str
    name: str
    note: str
    domain: str
    category: tuple[str, str]
    occupation: tuple[str, str]
    industry: tuple[str, str]
    description: str
    level: int
    versions: list[tuple[str, ...]]
    duties: list[tuple[str, str, list[_Task]]]
    knowledge: dict[str, str]
    skills: dict[str, str]
    attitudes: list[tuple[str, str, str]]
    entry: list[str]
    definitions: list[tuple[str, str, str]]
    other_notes: list[str]


def make_standard(rng: random.Random, words: Phrases, index: int, name: str, tasks_total: int,
                  related: list[str]) -> _Standard:
    domain = next((d for d in DOMAINS if name.startswith(d)), DOMAINS[index % len(DOMAINS)])
    category_letter = "ACDEFGIJKLMNOPQRTUVWXYZ"[index % 23]  # BS?: never BHR/BMK
    occupation = 9000 + (index // 999)
    base = f"BS{category_letter}{occupation:04d}-{index % 999 + 1:03d}"
    version = 1 + (index % 3 == 0)
    code = f"{base}v{version}"
    level = rng.randint(3, 6)
    versions = []
    if version == 2:
        versions = [("V2", code, name, "最新版本", "略", "2023/06/30"),
                    ("V1", f"{base}v1", name, "歷史版本", f"已被《{code}》取代", "2019/12/31")]
    # duties of 1–4 tasks adding up to tasks_total
    sizes = []
    left = tasks_total
    while left:
        size = min(left, rng.randint(1, 4))
        sizes.append(size)
        left -= size
    k_count, s_count = rng.randint(4, 12), rng.randint(3, 10)
    knowledge = {f"K{i:02d}": t for i, t in enumerate(words.distinct(words.v.knowledge, k_count, domain), 1)}
    skills = {f"S{i:02d}": t for i, t in enumerate(words.distinct(words.v.skills, s_count, domain), 1)}
    k_codes, s_codes = list(knowledge), list(skills)
    duties = []
    duty_names = words.distinct(words.v.duty_names, len(sizes), domain)
    task_number = 0
    for d, size in enumerate(sizes, 1):
        tasks = []
        for t in range(1, size + 1):
            task_number += 1
            n_out = rng.choice((0, 1, 1, 2))
            outputs = [(f"O{d}.{t}.{o}", words.short(words.v.outputs, domain)) for o in range(1, n_out + 1)]
            indicators = [(f"P{d}.{t}.{p}", words.mix(words.v.indicators, domain))
                          for p in range(1, rng.randint(1, 4) + 1)]
            task_level = min(7, max(1, level + rng.choice((-1, 0, 0, 0))))
            tasks.append(_Task(f"T{d}.{t}", words.short(words.v.task_names, domain), task_level,
                               outputs, indicators, sorted(rng.sample(k_codes, rng.randint(1, min(5, k_count)))),
                               sorted(rng.sample(s_codes, rng.randint(1, min(4, s_count))))))
        duties.append((f"T{d}", duty_names[d - 1], tasks))
    # every K and S item appears on some task, or it would not be in the standard
    all_tasks = [t for _, _, ts in duties for t in ts]
    for codes, attr in ((k_codes, "knowledge"), (s_codes, "skills")):
        used = {c for t in all_tasks for c in getattr(t, attr)}
        for c in codes:
            if c not in used:
                task = rng.choice(all_tasks)
                setattr(task, attr, sorted(getattr(task, attr) + [c]))
    picked = rng.sample(words.v.attitudes, min(5, len(words.v.attitudes)))
    attitudes = [(f"A{i:02d}", n, d) for i, (n, d) in enumerate(picked, 1)]
    definitions = []
    for mark, (term, text) in enumerate(rng.sample(words.v.definitions, rng.randint(1, 2)), 1):
        definitions.append((str(mark), term, text))
    # the 【註N】 marks sit in indicators, as in the seeds
    for mark, term, _ in definitions:
        task = rng.choice(all_tasks)
        pcode, ptext = task.indicators[0]
        task.indicators[0] = (pcode, ptext.rstrip("。") + f"{term}【註{mark}】。")
    years = rng.randint(1, 5)
    entry = [f"大專以上，{domain}或相關系所畢業，且具{years}年以上相關工作經驗。", words.pick(words.v.entry)]
    other = ["由「勞動部勞動力發展署」提供，有如疑問請洽詢提供單位。"] if rng.random() < 0.3 else []
    industry = INDUSTRY_NAMES[index % len(INDUSTRY_NAMES)]
    return _Standard(
        code=code, name=name, note=("此基準相關職業包含：" + "、".join(related)) if related else "", domain=domain,
        category=(CATEGORY_NAMES[index % len(CATEGORY_NAMES)], f"BS{category_letter}"),
        occupation=(f"{domain}相關專業人員", f"{occupation:04d}"), industry=industry,
        description=f"於{domain}領域，" + words.mix(words.v.descriptions, p_domain=0), level=level, versions=versions,
        duties=duties, knowledge=knowledge, skills=skills, attitudes=attitudes, entry=entry,
        definitions=definitions, other_notes=other,
    )


def _split_point(rng: random.Random, text: str) -> int | None:
    """A place between two CJK characters, where a page break may cut a cell."""
    points = [i for i in range(2, len(text) - 1) if _IDEOGRAPH.match(text[i - 1]) and _IDEOGRAPH.match(text[i])]
    return rng.choice(points) if points else None


def render_standard(s: _Standard, rng: random.Random, style: int) -> str:
    """Style 0: plain labels, glued codes (like 003); 1: <b> labels, HTML attitudes (like 001);
    2: layered task header without a duty column heading, bulleted attitudes (like 002)."""
    b = (lambda t: f"<b>{t}</b>") if style == 1 else (lambda t: t)
    lines = ["", "", f"### {s.name}職能基準" if style == 1 else f"{s.name}職能基準", ""]
    if s.versions:
        lines.append("版本\t職能基準代碼\t職能基準名稱\t狀態\t更新說明\t發展更新日期")
        lines += ["\t".join(v) for v in s.versions]
        lines.append("")
    title = f"{s.name} ({s.note})" if s.note else s.name
    lines += [
        f"{b('職能基準代碼')}\t\t{s.code}\t\t\t",
        f"{b('職能基準名稱')} (擇一填寫)\t\t{b('職類')}\t\t\t",
        f"\t\t{b('職業')}\t{title}\t\t",
        f"{b('所屬類別') if style == 1 else '所屬 類別'}\t{b('職類別')}\t{s.category[0]}\t\t{b('職類別代碼')}\t{s.category[1]}\t",
        f"\t{b('職業別')}\t{s.occupation[0]}\t\t{b('職業別代碼')}\t{s.occupation[1]}\t",
        f"\t{b('行業別')}\t{s.industry[0]}\t\t{b('行業別代碼')}\t{s.industry[1]}\t",
        f"{b('工作描述')}\t\t{s.description}\t\t\t",
        f"{b('基準級別')}\t\t{s.level}\t\t\t",
        "",
    ]
    if style == 2:
        header = "工作任務 (依需要分層)\t\t工作產出\t行為指標\t職能 級別\t職能內涵 (K=knowledge 知識)\t職能內涵 (S=skills 技能)"
    else:
        header = "主要職責\t工作任務\t工作產出\t行為指標\t職能 級別\t職能內涵 (K=knowledge 知識)\t職能內涵 (S=skills 技能)"
    repeat = header.replace("職能 級別", "職能級別")
    lines.append(header)
    glue = style == 0

    def coded(code: str, text: str) -> str:
        return f"{code}{text}" if glue and _IDEOGRAPH.match(text[:1]) and rng.random() < 0.5 else f"{code} {text}"

    rows_since_break = 0
    for duty_code, duty_name, tasks in s.duties:
        previous_level = None
        for n, task in enumerate(tasks):
            duty_cell = coded(duty_code, duty_name) if n == 0 else ""
            level_cell = "" if task.level == previous_level and rng.random() < 0.5 else str(task.level)
            previous_level = task.level
            cells = [
                duty_cell,
                coded(task.code, task.name),
                " ".join(coded(c, t) for c, t in task.outputs),
                " ".join(f"{c} {t}" for c, t in task.indicators),
                level_cell,
                " ".join(coded(c, s.knowledge[c]) for c in task.knowledge),
                " ".join(coded(c, s.skills[c]) for c in task.skills),
            ]
            rows_since_break += 1
            if rows_since_break >= 3 and rng.random() < 0.5:
                # A page break cuts this row: its cells go on under the repeated header.
                rows_since_break = 0
                tail = [""] * 7
                cut = _split_point(rng, cells[3])
                if cut:
                    cells[3], tail[3] = cells[3][:cut], cells[3][cut:]
                if len(task.knowledge) > 1:
                    keep = len(task.knowledge) // 2
                    cells[5] = " ".join(coded(c, s.knowledge[c]) for c in task.knowledge[:keep])
                    tail[5] = " ".join(coded(c, s.knowledge[c]) for c in task.knowledge[keep:])
                if style == 0 and rng.random() < 0.5:
                    name_cut = _split_point(rng, cells[1])
                    if name_cut:
                        cells[1], tail[1] = cells[1][:name_cut], cells[1][name_cut:]
                lines += ["\t".join(cells), "", repeat, "\t".join(tail)]
            else:
                lines.append("\t".join(cells))
    # attitudes
    if style == 1:
        lines += ["<b>職能內涵 ( A=attitude 態度 )</b>\t\t\t\t\t\t", "", repeat,
                  " ".join(f"<p>{c} {n}：{d}</p>" for c, n, d in s.attitudes) + "\t\t\t\t\t\t", ""]
    else:
        lines += ["", "職能內涵 (A=attitude 態度)", ""]
        for c, n, d in s.attitudes:
            lines += [f"- {c} {n}：{d}" if style == 2 else f"{c} {n}：{d}", "" if style == 0 else None]
        lines = [line for line in lines if line is not None]
        lines.append("")
    # notes
    if style == 1:
        lines += ["#### 說明與補充事項", "", "- 建議擔任此職類/職業之學歷/經歷/或能力條件："]
        lines += [f"  - {e}" for e in s.entry]
        lines.append("- 其他補充說明：")
        lines += [f"  - {o}" for o in s.other_notes]
        lines += [f"  - 【註 {m}】{t}：{d}" for m, t, d in s.definitions]
    elif style == 0:
        lines += ["說明與補充事項", "", "● **建議擔任此職類 / 職業之學歷 / 經驗 / 或能力條件：**", ""]
        lines += [f"- {e}" for e in s.entry]
        lines += ["", "● **其他補充說明：**", ""]
        lines += [f"- {o}" for o in s.other_notes]
        lines += [f"- **【註{m}】**{t}：{d}" for m, t, d in s.definitions]
    else:
        lines += ["說明與補充事項", ""]
        lines += [f"- {o}" for o in s.other_notes]
        lines.append("- 建議擔任此職類/職業之學歷/經歷/或能力條件：")
        lines += [f"  - {e}" for e in s.entry]
        lines.append("- 其他補充說明：")
        lines += [f"  - 【註 {m}】{t}：{d}" for m, t, d in s.definitions]
    text = "\n".join(lines)
    # the 【註N】 marks in indicators: printed as superscripts, as in the seeds
    sup = "^{【註\\1】}" if style == 0 else "<sup>【註\\1】</sup>"
    body, notes = text.split("說明與補充事項", 1)
    return re.sub(r"【註(\d+)】", sup, body) + "說明與補充事項" + notes


def standard_counts(s: _Standard) -> dict:
    tasks = [t for _, _, ts in s.duties for t in ts]
    return {
        "duties": len(s.duties), "tasks": len(tasks), "indicators": sum(len(t.indicators) for t in tasks),
        "outputs": sum(len(t.outputs) for t in tasks), "knowledge": len(s.knowledge), "skills": len(s.skills),
        "attitudes": len(s.attitudes), "entry_requirements": len(s.entry), "definitions": len(s.definitions),
        "versions": len(s.versions),
    }


# --- Hong Kong career paths -----------------------------------------------------------------


@dataclass
class _Unit:
    code: str
    title: str
    level: int
    credits: int
    area: str
    core: bool


@dataclass
class _Role:
    rank: str
    title: str
    units: list[_Unit]
    outcomes: dict[str, tuple[str, list[str]]]
    soft_skills: list[tuple[str, str]]
    courses: list[tuple[str, str, int, str]]


def make_career_path(rng: random.Random, words: Phrases, stem: str, domain: str, n_roles: int, unit_counts: list[int],
                     next_unit: list[int]) -> tuple[str, list[_Role]]:
    ranks = list(HK_ROLE_LEVEL)[:n_roles]  # the generator's own rank titles, top of the ladder first, as in the seed
    roles = []
    shared: _Unit | None = None
    for r, rank in enumerate(ranks):
        level = HK_ROLE_LEVEL[rank]
        units = []
        titles = words.distinct(words.v.unit_titles, unit_counts[r], domain, 0.3)
        areas = words.distinct(words.v.function_areas, 3, domain, 0.2)
        n_core = max(1, unit_counts[r] // 2)
        for u in range(unit_counts[r]):
            next_unit[0] += 1
            unit_level = max(2, min(7, level + rng.choice((-1, 0, 0, 1))))
            code = f"{next_unit[0]}L{unit_level}"
            units.append(_Unit(code, titles[u], unit_level, rng.randint(3, 7), areas[min(u // 2, 2)], u < n_core))
        if shared is not None:  # the role below lists one functional unit of the role above, as in the seed fixture
            units[-1] = _Unit(shared.code, shared.title, shared.level, shared.credits, shared.area, False)
        shared = next((u for u in units if not u.core), None)
        outcomes = {u.code: (words.mix(words.v.outcomes, domain, 0.3),
                             words.distinct(words.v.guidelines, rng.randint(1, 3))) for u in units}
        soft = rng.sample(words.v.soft_skills, min(len(words.v.soft_skills), rng.randint(2, 5)))
        degree, _ = DEGREES[level]
        courses = [(f"{domain}{degree}", f"{domain}{HK_FUNCTIONS[(i + r) % len(HK_FUNCTIONS)]}{degree}", level,
                    PROVIDERS[(i + r) % len(PROVIDERS)]) for i in range(rng.randint(1, 4))]
        roles.append(_Role(rank, stem + rank, units, outcomes, soft, courses))
    # a shared unit keeps its title, level and credits; each listing role states its own outcome
    return stem, roles


def render_career_path(stem: str, domain: str, roles: list[_Role], rng: random.Random, words: Phrases) -> str:
    lines = [""]
    for role in roles:
        level = HK_ROLE_LEVEL[role.rank]
        b = (lambda t: f"<b>{t}</b>") if rng.random() < 0.7 else (lambda t: t)
        activities = words.distinct(words.v.activities, rng.randint(2, 4), domain)
        lines += [
            "", f"## {role.title}的職業資歷說明", "", "### 甲. 職位描述和能力要求", "",
            f"{b('專業領域')}\t<p>{stem}</p> <p>參考香港{domain}界別《能力標準說明》（第一版），該職能的主要活動包括：</p> "
            '<ul style="list-style-type: none">' + "".join(f"<li>• {a}</li>" for a in activities) + "</ul>",
            f"{b('工作崗位')}\t{HK_POST[role.rank]}",
            f"{b('典型的職銜')}\t僱主以不同方式用職銜為職位分類。負責此職位的從業員，通常持有{role.title}、{domain}{role.rank}等職銜。",
            (f"{b('主要目的和職責')}\t<p>{words.pick(words.v.purposes)}</p> "
             "<p>為達到職業資歷階梯之目的，此職位的職責以學習成果來描述。詳情請見「乙. 資歷說明及能力單元配對」。</p>"),
            f"{b('一般要求')}\t" + '<ul style="list-style-type: none">'
            + "".join(f"<li>• {g}</li>" for g in words.distinct(words.v.requirements, rng.randint(2, 4))) + "</ul>",
            "", f"以下工作能力要求是按照{domain}界別《能力標準說明》中的能力單元順序排列：", "",
            "工作能力要求\t\t\t\t\t", "類型\t主要職能\t能力單元名稱\t編號\t級別\t資歷學分（僅供參考）",
        ]
        for core in (True, False):
            kind_written, area = False, None
            for n, unit in enumerate((u for u in role.units if u.core == core), 1):
                kind_cell = ("核心" if core else "職能") if not kind_written else ""
                kind_written = True
                area_cell = unit.area if unit.area != area else ""
                area = unit.area
                shift = "\t" if area_cell == "" and rng.random() < 0.2 else ""  # a row the extraction shifted by a cell
                lines.append(f"{kind_cell}\t{area_cell}\t{shift}{n}. {unit.title}\t{unit.code}\t{unit.level}\t"
                             f"{unit.credits}")
        lines += ["", "### 附加能力要求", "", "除了能力單元之外，不同專業與學科的許多軟實力也有助此職位的成功。以下列表闡明此職位的潛在職業成功要素：", "",
                  "能力名稱 *\t熟練程度\t熟練程度的定義"]
        proficiency, meaning = PROFICIENCY[level]
        for n, (name, description) in enumerate(role.soft_skills, 1):
            lines.append(f"{n}. {name} (指{description})\t{proficiency}\t{meaning}")
        credits = sum(u.credits for u in role.units)
        _, title_suffix = DEGREES[level]
        lines += [
            "", "\\* 能力名稱及描述皆以 O\\*NET 和受訪者及焦點小組參與者的意見來建議。", "", "## 乙. 資歷說明及能力單元配對", "",
            "本節內容僅供參考；並不代表行業標準。培訓服務供應商或機構的培訓部可視乎進修人士的實際需要作調整。", "",
            f"資歷名銜\t{stem} / {domain}{title_suffix}",
            f"資歷級別\t資歷架構第 {level} 級",
            f"資歷學分 (僅供參考)\t{credits} (基於能力單元配置)",
            f"資歷錄取要求\t學術 / 專業階梯: 已達大學最低入學要求或同等水平。 或 職業資歷階梯: 完成資歷架構認可的第 {level - 1} 級相關學科資歷。",
            f"資歷培訓目標\t{words.pick(words.v.objectives)}",
            "", "學習成果\t評核指引\t主要職能\t能力單元名稱\t編號",
        ]
        area = None
        for n, unit in enumerate(role.units, 1):
            outcome, guidelines = role.outcomes[unit.code]
            area_cell = unit.area if unit.area != area else ""
            area = unit.area
            star = " *" if unit.core else ""
            def items(gs):
                return '<ul style="list-style-type: none"> ' + " ".join(f"<li>{g}</li>" for g in gs) + " </ul>"

            if n % 4 == 0 and len(guidelines) > 1:
                # a page break: the outcome text and the last guideline go on under the repeated header
                cut = _split_point(rng, outcome)
                head, tail = (outcome[:cut], outcome[cut:]) if cut else (outcome, "")
                lines.append(f"{n}. {head}\t{items(guidelines[:-1])}\t{area_cell}\t{unit.title}{star}\t{unit.code}")
                lines += ["", "", "", "學習成果\t評核指引\t主要職能\t能力單元名稱\t編號", f"{tail}\t{items(guidelines[-1:])}\t\t\t"]
            else:
                lines.append(f"{n}. {outcome}\t{items(guidelines)}\t{area_cell}\t{unit.title}{star}\t{unit.code}")
        n_core = sum(u.core for u in role.units)
        lines += [
            "", f"\\* 這{ZH_NUMBERS[n_core] if n_core <= 10 else n_core}個能力單元適用於{domain}界別中所有專業領域上此職位的人。", "",
            "學習成果陳述\t<p>教育途徑：</p> <ul> <li>完成此資歷的進修人士，可就讀" + f"{domain}界別的資歷架構第 {level + 1} 級資歷培訓。</li> </ul> "
            "<p>就業途徑：</p> <ul> <li>達成此資歷的進修人士，已具備能力履行此職位的職責。</li> </ul>",
            "", "## 丙. 與職業發展相關的關鍵發展和學習經驗", "",
            "<b>關鍵或可取的在職學習</b>\t" + '<ul style="list-style-type: none"> '
            + " ".join(f"<li>• {o}</li>" for o in words.distinct(words.v.on_the_job, rng.randint(2, 4))) + " </ul>",
            "-------------------\t---", "", "### 市面上相關的進修課程", "",
            "市面上有各種各樣進修課程，可擴充擔任此職位的從業員所需的知識和技能。以下是資歷名冊上資歷頒授課程的一些例子，以供參考：", "",
            "資歷名銜\t進修課程名稱\t級別\t營辦者 / 機構名稱",
        ]
        lines += [f"{n}. {q}\t{p}\t{lv}\t{prov}" for n, (q, p, lv, prov) in enumerate(role.courses, 1)]
        lines += ["", "有關資歷名冊上資歷頒授課程的完整名單，請瀏覽 <https://www.hkqr.gov.hk>。", "", "完"]
    return "\n".join(lines) + "\n"


def career_path_counts(roles: list[_Role]) -> dict:
    distinct = {u.code for r in roles for u in r.units}
    return {
        "roles": len(roles), "distinct_units": len(distinct),
        "units_per_role": {r.title: len(r.units) for r in roles},
        "core_per_role": {r.title: sum(u.core for u in r.units) for r in roles},
        "soft_skills_per_role": {r.title: len(r.soft_skills) for r in roles},
        "courses_per_role": {r.title: len(r.courses) for r in roles},
        "qualification_credits": {r.title: sum(u.credits for u in r.units) for r in roles},
    }


# --- names -----------------------------------------------------------------------------------


def _names(rng: random.Random, parts: tuple[tuple[str, ...], ...], n: int, taken: set[str]) -> list[str]:
    combos = [""]
    for options in parts:
        combos = [c + o for c in combos for o in options]
    rng.shuffle(combos)
    combos = [c for c in combos if c not in taken and not any(t in c for t in taken)]
    names = combos[:n]
    while len(names) < n:  # more documents than combinations: number them
        names.append(f"{combos[len(names) % len(combos)]}{len(names) // len(combos) + 1}")
    return names


# --- writing -----------------------------------------------------------------------------------


def generate(out: Path, standards: int, career_paths: int, seed: int = 0, *, tw_tasks: list[int] | None = None,
             hk_shapes: list[tuple[int, list[int]]] | None = None,
             vocabulary: Vocabulary | None = None, seeds: Corpus | None = None) -> list[DocPlan]:
    """Write `standards` TW standards and `career_paths` HK career paths into `out`; returns the plan.

    `seeds` (default: corpus/sources) gives the wording and the names the new documents must not take."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    seeds = seeds or load_corpus(SOURCES_DIR)
    words = Phrases(rng, vocabulary or harvest(seeds))
    taken = {d.name for d in seeds.standards} | {d.name for d in seeds.units} | {p.name for p in seeds.career_paths}
    tw_tasks = tw_tasks or [rng.randint(TW_MIN_TASKS, TW_MAX_TASKS) for _ in range(standards)]
    hk_shapes = hk_shapes or [random_hk_shape(rng) for _ in range(career_paths)]
    plans: list[DocPlan] = []

    names = _names(rng, (DOMAINS, SPECIALTIES, ROLE_WORDS), standards, taken)
    for i in range(standards):
        bare = names[i].rstrip("0123456789")
        role_word = next(w for w in sorted(ROLE_WORDS, key=len, reverse=True) if bare.endswith(w))
        stem = bare[: -len(role_word)]
        related = [stem + rng.choice(("助理", "專員", "主任"))] if rng.random() < 0.3 else []
        s = make_standard(rng, words, i, names[i], tw_tasks[i], related)
        file = f"syn_tw_{i:06d}.txt"
        (out / file).write_text(render_standard(s, rng, style=i % 3), encoding="utf-8")
        plans.append(DocPlan(file, "tw_standard", s.code, s.name, tw_chunks(tw_tasks[i]), standard_counts(s)))

    stems = _names(rng, (DOMAINS, HK_FUNCTIONS), career_paths, taken)
    next_unit = [200000]
    for j in range(career_paths):
        n_roles, unit_counts = hk_shapes[j]
        domain = next(d for d in DOMAINS if stems[j].startswith(d))
        stem, roles = make_career_path(rng, words, stems[j], domain, n_roles, unit_counts, next_unit)
        file = f"syn_hk_{j:06d}.txt"
        (out / file).write_text(render_career_path(stem, domain, roles, rng, words), encoding="utf-8")
        counts = career_path_counts(roles)
        plans.append(DocPlan(file, "hk_career_path", f"HK:{stem}", stem, hk_chunks(n_roles, counts["distinct_units"]),
                             counts))
    (out / PLAN_FILE).write_text(
        json.dumps({"seed": seed, "documents": [asdict(p) for p in plans]}, ensure_ascii=False, indent=0),
        encoding="utf-8",
    )
    return plans


def random_hk_shape(rng: random.Random) -> tuple[int, list[int]]:
    n_roles = rng.choice((3, 4))
    return n_roles, [rng.randint(3, 6) for _ in range(n_roles)]


def hk_shape_chunks(shape: tuple[int, list[int]]) -> int:
    n_roles, unit_counts = shape
    return hk_chunks(n_roles, sum(unit_counts) - (n_roles - 1))  # one unit shared between adjacent roles


def plan_for_chunks(total: int, hk_share: float = 0.2, seed: int = 0) -> tuple[list[int], list[tuple[int, list[int]]]]:
    """Document shapes whose chunks add up to exactly `total` (for totals of 9 or more)."""
    rng = random.Random(seed + 1)
    shapes: list[tuple[int, list[int]]] = []
    hk_total = 0
    while hk_total < total * hk_share:
        shape = random_hk_shape(rng)
        if total - hk_total - hk_shape_chunks(shape) < tw_chunks(TW_MIN_TASKS):
            break
        shapes.append(shape)
        hk_total += hk_shape_chunks(shape)
    left = total - hk_total
    tasks: list[int] = []
    low, high = tw_chunks(TW_MIN_TASKS), tw_chunks(TW_MAX_TASKS)
    while left > 0:
        if left <= high:
            if left < low:
                raise ValueError(f"cannot make exactly {total} chunks")
            tasks.append(left - TW_FIXED_CHUNKS)
            break
        size = rng.randint(low, high)
        if 0 < left - size < low:
            size = left - low
        tasks.append(size - TW_FIXED_CHUNKS)
        left -= size
    return tasks, shapes


def generate_chunks(out: Path, total: int, hk_share: float = 0.2, seed: int = 0,
                    seeds: Corpus | None = None) -> list[DocPlan]:
    tasks, shapes = plan_for_chunks(total, hk_share, seed)
    return generate(out, len(tasks), len(shapes), seed, tw_tasks=tasks, hk_shapes=shapes, seeds=seeds)


# --- verification ---------------------------------------------------------------------------------


def read_plan(folder: Path) -> list[DocPlan]:
    data = json.loads((folder / PLAN_FILE).read_text(encoding="utf-8"))
    return [DocPlan(**d) for d in data["documents"]]


def parsed_counts(document) -> dict:
    if isinstance(document, Standard):
        counts = document.counts()
        return {key: counts[key] for key in ("duties", "tasks", "indicators", "outputs", "knowledge", "skills",
                                             "attitudes", "entry_requirements", "definitions", "versions")}
    if isinstance(document, CareerPath):
        counts = document.counts()
        return {
            "roles": counts["roles"], "distinct_units": counts["distinct_units"],
            "units_per_role": counts["units_per_role"], "core_per_role": counts["core_per_role"],
            "soft_skills_per_role": counts["soft_skills_per_role"], "courses_per_role": counts["courses_per_role"],
            "qualification_credits": counts["qualification_credits"],
        }
    return {}


def verify(folder: Path, corpus: Corpus | None = None) -> list[str]:
    """Every difference between the plan and what the real parsers and chunker make of the folder."""
    from retrieval.chunks import build_chunks

    corpus = corpus or load_corpus(folder)
    errors = [f"{p.file}: {p.reason}" for p in corpus.problems]
    plans = {p.file: p for p in read_plan(folder)}
    by_source = {d.source: d for d in corpus.documents}
    chunks_by_source: dict[str, int] = {}
    for chunk in build_chunks(corpus):
        chunks_by_source[chunk.source] = chunks_by_source.get(chunk.source, 0) + 1
    for file, plan in plans.items():
        document = by_source.get(file)
        if document is None:
            errors.append(f"{file}: not parsed")
            continue
        if document.code != plan.code:
            errors.append(f"{file}: code {document.code}, planned {plan.code}")
        if document.warnings:
            errors.append(f"{file}: warnings {list(document.warnings)}")
        if chunks_by_source.get(file, 0) != plan.chunks:
            errors.append(f"{file}: {chunks_by_source.get(file, 0)} chunks, planned {plan.chunks}")
        counts = parsed_counts(document)
        if counts != plan.counts:
            diff = {k: (counts.get(k), v) for k, v in plan.counts.items() if counts.get(k) != v}
            errors.append(f"{file}: counts differ (parsed, planned): {diff}")
    return errors


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evals.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--standards", type=int, default=0)
    parser.add_argument("--career-paths", type=int, default=0)
    parser.add_argument("--chunks", type=int, help="instead of counts: documents adding up to exactly this many chunks")
    parser.add_argument("--hk-share", type=float, default=0.2, help="with --chunks: share of chunks from HK paths")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--seeds", type=Path, default=SOURCES_DIR, help="folder whose documents give the wording")
    parser.add_argument("--verify", action="store_true", help="parse the folder afterwards and compare with the plan")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    seeds = load_corpus(args.seeds)
    if args.chunks:
        plans = generate_chunks(args.out, args.chunks, args.hk_share, args.seed, seeds=seeds)
    else:
        plans = generate(args.out, args.standards, args.career_paths, args.seed, seeds=seeds)
    tw = sum(p.kind == "tw_standard" for p in plans)
    print(f"wrote {tw} TW standards and {len(plans) - tw} HK career paths ({sum(p.chunks for p in plans)} chunks) "
          f"to {args.out} in {time.perf_counter() - started:.1f} s")
    if args.verify:
        errors = verify(args.out)
        for error in errors[:50]:
            print(f"  ✗ {error}", file=sys.stderr)
        print("verified: every file parses with the planned counts" if not errors else f"{len(errors)} differences")
        return 1 if errors else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
