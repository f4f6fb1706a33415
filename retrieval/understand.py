"""What a question asks: its language, intent, the records it names, and follow-up focus.

Rule-based and offline, so the default engine needs no model. Instructions in
a question are data: an injection attempt is recognised, never obeyed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .codes import CodeCatalog, CodeMatch
from .lexical import glossary_terms, normalise, segment, to_simplified, to_traditional

MAX_QUESTION_CHARS = 2000
ZH_TW, ZH_CN, EN = "zh-TW", "zh-CN", "en"

# First match wins: the multi-record intents before the single-record ones.
INTENT_PATTERNS: tuple[tuple[str, str], ...] = (
    ("gap", r"差距|缺少|還需要|還缺|還要|需要補|要補|補哪些|補足|補強|想升|升到|升至|升上|升任|升為|升(?:助理|主任|經理|總監)|"
            r"晉升到|晉升為|轉到|轉職|轉換|轉為|跳到|"
            r"多學|\bgaps?\b|missing|\black\b|still need|what (?:else|more) do i need|move (?:from|up)|step up|"
            r"transition|switch"),
    ("compare", r"比較|差異|不同|相比|對照|異同|相似|關聯|關係|一樣|相同|共同點|compare|comparison|versus|\bvs\b|difference|differ|"
                r"similar|same level|in common|related to|relationship|relate"),
    ("ladder", r"階梯|晉升|升遷|職涯路徑|發展路徑|職業路徑|往上|下一步|下一級|上一級|再上|更高的|更低的|"
               r"career path|ladder|promot|next (?:step|level|rung|role)|progress to|move up|rung"),
    ("courses", r"課程|進修|營辦|院校|大學|學院|開課|什麼課|哪些課|在職學習|course|programme|program\b|provider|universit|"
                r"on-the-job|where (?:can|to) (?:i )?study"),
    ("soft_skills", r"軟實力|附加能力|熟練|水平|soft skill|proficien"),
    ("progression", r"教育途徑|就業途徑|progression|pathway|就讀"),
    ("qualification", r"資歷級別|資歷名銜|資歷學分|學分|資歷架構|資歷|錄取要求|入學|報讀|培訓目標|qf\b|qf level|qualification|"
                      r"credits?\b|admission|training objective"),
    ("entry", r"學歷|經歷|經驗|入門|條件|資格|門檻|擔任|適合|一般要求|entry|education|degree|experience|requirement|"
              r"prerequisite|conditions?\b|qualified|how (?:do|can) i become|get (?:into|hired)|suitable"),
    ("assessment", r"評量|評核|考核|評估方式|如何評估|assess|evaluat|evidence"),
    ("outputs", r"工作產出|產出|成果物|表單|文件|output|deliverable|documents?\b|produce"),
    ("indicators", r"行為指標|indicator"),
    ("knowledge", r"知識|knowledge|know\b"),
    ("skills", r"技能|技巧|skill"),
    ("attitudes", r"態度|attitude"),
    ("units", r"能力單元|核心能力|職能能力|單元|\bunits?\b|core|functional"),
    ("definitions", r"【註|註\d|定義|意思|名詞|definition|what does .* mean|meaning"),
    ("titles", r"職銜|頭銜|job titles?|typical titles?"),
    ("tasks", r"工作任務|任務|職責|工作內容|做什麼|做哪些|負責|怎麼做|如何做|要做|工作項目|task|dut(?:y|ies)|responsib|purpose|"
              r"\bdo\b|\bdoes\b"),
)

_INJECTION = re.compile(
    r"ignore (?:all |any |the )?(?:previous|prior|above|earlier|your)|disregard|system prompt|developer (?:mode|message)|"
    r"jailbreak|\bdan\b|pretend (?:to be|you are)|act as|you are now|reveal|print your|repeat (?:the|your) (?:instructions|prompt)|"
    r"忽略|無視|忘記(?:之前|以上|先前)|系統提示|系統指令|提示詞|開發者模式|越獄|扮演|假裝|你現在是|原始指令|輸出你的|"
    r"you are an? (?:unfiltered|unrestricted|uncensored)|what are your (?:rules|instructions)|let'?s play a game|"
    r"base64|[A-Za-z0-9+/]{40,}={0,2}",
    re.I,
)
# Citation demands inside a question: never obeyed, reported as ignored.
_CITE_DEMAND = re.compile(r"(?:cite|引用|標註|附上|註明).{0,20}?([A-Z]{3}\d{4}-\d{3}(?:v\d+)?|\d{4,8}L\d)", re.I)
_FOLLOWUP_CUE = re.compile(r"^(?:那|還有|另外|它|他|其|這個|那個|該|此|and|what about|how about|its?\b|they|them|their)|它|其|該職|此職|\bit\b|\bits\b",
                           re.I)
# Occupations people ask about that the corpus does not hold; their presence means out of scope.
_FOREIGN_OCCUPATION = re.compile(
    r"(?:工程師|設計師|護理師|醫師|藥師|律師|會計師|廚師|教師|老師|司機|護士|醫生|技師|建築師|警察|消防員|店員|廚|程式設計|軟體|"
    r"nurse|engineer|lawyer|doctor|physician|teacher|accountant|developer|programmer|chef|driver|pilot|pharmacist|"
    r"architect|designer|police|cashier|plumber|electrician)",
    re.I,
)
_UNCOVERED = re.compile(
    r"薪水|薪資|月薪|年薪|時薪|待遇|工資|收入|賺多少|職缺|工作機會|徵才|招聘中|哪家公司|salary|salaries|wage|income|"
    r"how much .{0,20}(?:earn|make|paid)|job openings?|vacanc|who is hiring",
    re.I,
)
_GENERIC_WORDS = frozenset(
    "工作 需要 什麼 哪些 能力 內容 如何 怎麼 請問 知道 可以 應該 問題 介紹 說明 一下 相關 有關 具備 要求 職業 告訴 我們 你們 "
    "一個 這個 那個 是否 還有 另外 哪個 多少 幾個 列出 提供 主要 包括 包含 以及 以上 以下 為何 為什麼 了解 想要 想知道 "
    "目前 現在 如果 怎樣 哪裡 需具備 必須 具有 擁有 有沒有 是不是 請列 做到 所需".split()
)


@dataclass(frozen=True)
class Request:
    question: str  # cleaned
    lang: str
    intent: str
    entities: tuple[str, ...]  # records the question names (codes), in order
    codes: CodeMatch  # codes written in the question
    query: str  # what is searched
    followup: bool = False
    injection: bool = False
    cite_demands: tuple[str, ...] = ()
    problem: str = ""  # set when the question cannot be answered at all (empty)
    intents: tuple[str, ...] = ()  # every intent shown, strongest first
    uncovered: bool = False  # asks about something the standards do not cover (salary, openings)

    @property
    def english(self) -> bool:
        return self.lang == EN


def clean_question(text: str) -> str:
    """Control characters out, whitespace folded, length capped."""
    text = "".join(ch if unicodedata.category(ch)[0] != "C" or ch in "\n\t" else " " for ch in text or "")
    text = re.sub(r"\s+", " ", text).strip()
    return text[:MAX_QUESTION_CHARS]


def detect_language(text: str) -> str:
    cjk = re.findall(r"[\u3400-\u9fff]", text)
    latin_words = re.findall(r"[A-Za-z]{2,}", text)
    codes = re.findall(r"[A-Za-z]{3}\d", text)
    if (cjk == [] and latin_words) or (len(latin_words) - len(codes) >= 3 and sum(map(len, latin_words)) > len(cjk) * 2):
        return EN
    # Per character, so that variants (台 → 臺) do not make Traditional text look Simplified.
    simplified = sum(1 for c in cjk if to_traditional(c) != c and to_simplified(c) == c)
    traditional = sum(1 for c in cjk if to_simplified(c) != c)
    return ZH_CN if simplified > traditional else ZH_TW


def detect_intents(text: str) -> tuple[str, ...]:
    """Every intent the question shows, strongest first; `overview` when none."""
    lowered = normalise(text)
    found = tuple(intent for intent, pattern in INTENT_PATTERNS if re.search(pattern, lowered, re.I))
    return found or ("overview",)


def detect_intent(text: str) -> str:
    return detect_intents(text)[0]


def asks_uncovered_topic(text: str) -> bool:
    """Salaries, openings and the like: the standards say nothing about them."""
    return bool(_UNCOVERED.search(normalise(text)))


def named_entities(text: str, catalog: CodeCatalog) -> list[str]:
    """Records the text names by code or by name (occupation, related occupation, HK role, career path)."""
    traditional = normalise(text)
    expanded = traditional + " " + " ".join(glossary_terms(text))
    match = catalog.resolve(text)
    entities = list(match.found)
    names = sorted(catalog.names, key=len, reverse=True)
    remaining = expanded
    for name in names:
        if len(name) >= 2 and name.lower() in remaining:
            entities.append(catalog.names[name])
            remaining = remaining.replace(name.lower(), " ")
    for code in catalog.path_ids:
        if code[3:] in remaining and code not in entities:
            entities.append(code)  # the career path itself, e.g. 人才管理
    return list(dict.fromkeys(entities))


def content_words(text: str) -> list[str]:
    """The words that carry the question's meaning, in Traditional Chinese."""
    words = []
    for run in re.findall(r"[\u3400-\u9fff]+", normalise(text)):
        words += [w for w in segment(run) if len(w) >= 2 and w not in _GENERIC_WORDS]
    if detect_language(text) == EN:
        words += [normalise(t) for t in glossary_terms(text)]
    return list(dict.fromkeys(words))


def mentions_foreign_occupation(text: str, catalog: CodeCatalog) -> bool:
    stripped = normalise(text)
    for name in catalog.names:
        stripped = stripped.replace(name.lower(), " ")
    return bool(_FOREIGN_OCCUPATION.search(stripped))


def focus_from_history(history: list[dict], catalog: CodeCatalog) -> list[str]:
    """The records the conversation was last about: the latest user turn that names one, else the
    latest answer's first full code (bare item codes in an answer are ambiguous)."""
    for message in reversed(history or []):
        if message.get("role") == "user":
            entities = named_entities(str(message.get("content", "")), catalog)
            if entities:
                return entities
    for message in reversed(history or []):
        if message.get("role") == "assistant":
            codes = _codes_in(str(message.get("content", "")), catalog)
            if codes:
                return codes[:1]
    return []


_RANKS = {"助理": "助理", "主任": "主任", "經理": "經理", "總監": "總監", "assistant": "助理", "officer": "主任",
          "manager": "經理", "director": "總監"}


def _other_rank(focus: list[str], question: str, catalog: CodeCatalog) -> str | None:
    """After a question about 人才管理經理, "那總監呢？" means 人才管理總監."""
    role = next((c for c in focus if c.startswith("HK:") and c[-2:] in _RANKS.values()), None)
    if role is None:
        return None
    lowered = normalise(question)
    for word, rank in _RANKS.items():
        if word in lowered and role[-2:] != rank and f"{role[:-2]}{rank}" in catalog.codes:
            return f"{role[:-2]}{rank}"
    return None


def _codes_in(text: str, catalog: CodeCatalog) -> list[str]:
    found = re.findall(r"[A-Z]{3}\d{4}-\d{3}v\d+|[A-Z]{3}\d[A-Z]\d{4}v\d+|\d{6}L\d|HK:[\u4e00-\u9fff]+", text)
    return [c for c in dict.fromkeys(found) if c in catalog.codes]


def understand(question: str, history: list[dict], catalog: CodeCatalog, names_of: dict[str, str]) -> Request:
    """`names_of` maps an entity code to its display name, used to make a follow-up searchable."""
    cleaned = clean_question(question)
    if not cleaned:
        return Request("", ZH_TW, "empty", (), CodeMatch(), "", problem="empty")
    lang = detect_language(cleaned)
    intents = detect_intents(cleaned)
    intent = intents[0]
    demands = tuple(m.group(1) for m in _CITE_DEMAND.finditer(cleaned))
    # A code the user asks to have cited is an instruction, not the subject of the question.
    subject = _CITE_DEMAND.sub(" ", cleaned) if demands else cleaned
    # English: the glossary's Chinese terms let names ("training manager" -> 訓練經理) scope bare item codes.
    query = subject + (" " + " ".join(glossary_terms(subject)) if lang == EN else "")
    codes = catalog.resolve(query)
    entities = named_entities(query, catalog)
    followup = False
    if not entities and not codes.missing and history:
        focus = focus_from_history(history, catalog)
        rank_role = _other_rank(focus, cleaned, catalog)
        if rank_role:
            followup, entities = True, [rank_role]
            focus = entities
        if focus and (followup or _FOLLOWUP_CUE.search(cleaned) or len(content_words(cleaned)) <= 2):
            followup = True
            entities = focus
            query = subject + " " + " ".join(names_of.get(code, code) for code in focus)
    injection = bool(_INJECTION.search(cleaned))
    return Request(cleaned, lang, intent, tuple(entities), codes, query, followup, injection, demands,
                   intents=intents, uncovered=asks_uncovered_topic(cleaned))
