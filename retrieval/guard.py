"""The one policy for outgoing text: what a model (or a quoted source cell) may put on the screen.

Pure functions, no models, no I/O except reading the prompt files and the level words
(vocabulary/level_words.tsv) once:

- codes match only as whole tokens (`…/T2.1/P2.1.3` is not `…/T2.1`), and unknown ones never pass;
- links, images, active HTML and URLs are removed (labels stay as text);
- `<think>` reasoning blocks are removed;
- no line of any prompt file reaches the user;
- model text is put in the question's script, codes untouched;
- a cut stream ends on a complete sentence, never inside a code;
- each model sentence is checked against the record its code points to: names, levels, credits and
  numbers must be the record's (English level words, "advanced level" or "QF Level 5", are read as the
  records' terms through the vocabulary). A sentence without a code that quotes what the model was given
  (a source line, a draft sentence, item names) gets that piece's code and is checked the same way.
  Sentences that fail, or state facts without a code, are dropped.

`check_model_answer` runs all of it and returns a `CheckedText`; `answers` says whether what remains
still answers (otherwise the caller falls back to the composer).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Callable, Collection, Iterable, Mapping, Sequence

from .answering.notices import Notice, render
from .codes import CANONICAL_CODE, ITEM_CODE, convert_outside_codes
from .lexical import to_simplified, to_traditional

EN, ZH_CN, ZH_TW = "en", "zh-CN", "zh-TW"
PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
MIN_PROMPT_LINE = 12  # shorter prompt lines ("Rules:") are ordinary words

# --- notices (one type for the whole answer: answering.notices) ---------------------------------


CODES_REMOVED = "codes_removed"  # {codes}: written codes that name no record (or none the model was given)
LINKS_REMOVED = "links_removed"
SENTENCES_DROPPED = "sentences_dropped"  # {count}: sentences the cited records do not support
PROMPT_LEAK = "prompt_leak"
CUT_TOKENS = "cut_tokens"  # the model's answer reached the token limit
CUT_TIME = "cut_time"  # the model's answer reached the time limit
WRONG_LANGUAGE = "wrong_language"

# Their templates live with every other notice's, in answering/vocabulary/messages.toml.
render_notice = render


# --- codes as whole tokens ----------------------------------------------------------------------

# A canonical code followed by more code characters (`/P2.1.3`, `.3`, `x`) is a different, longer token.
_CODE_TAIL = re.compile(r"(?:[/.\-][A-Za-z0-9]+|[A-Za-z0-9_])+")
_LOCAL = re.compile(rf"(?<![A-Za-z0-9./\-_:])({ITEM_CODE})(?![A-Za-z0-9_]|[./\-][A-Za-z0-9])")
_HK_PARTICLES = "的之是有需要和與与及嗎吗呢在等或、，,。；;：:）)」"  # what may follow an HK role id in running text


@dataclass(frozen=True)
class CodeMention:
    start: int
    end: int
    written: str  # as written
    code: str | None  # the canonical code, or None when it names no record


def find_codes(text: str, known_codes: Collection[str]) -> list[CodeMention]:
    """Canonical codes in the text, each matched as a whole token against the known codes."""
    mentions = []
    for match in CANONICAL_CODE.finditer(text):
        start, end, written = match.start(), match.end(), match.group()
        if start and re.match(r"[A-Za-z0-9/_\-]", text[start - 1]):
            tail_start = start
            while tail_start and re.match(r"[A-Za-z0-9/._\-]", text[tail_start - 1]):
                tail_start -= 1
            mentions.append(CodeMention(tail_start, end, text[tail_start:end], None))
            continue
        if written.startswith("HK:"):
            code = _known_hk_prefix(written, known_codes)
            if code:
                end = start + len(code)
            mentions.append(CodeMention(start, end, text[start:end], code))
            continue
        tail = _CODE_TAIL.match(text, end)
        if tail:
            end = tail.end()
            mentions.append(CodeMention(start, end, text[start:end], None))
            continue
        mentions.append(CodeMention(start, end, written, written if written in known_codes else None))
    return mentions


def _known_hk_prefix(written: str, known_codes: Collection[str]) -> str | None:
    """`HK:<role>的…`: the longest known id the run starts with, followed by a particle or nothing."""
    for size in range(len(written), 3, -1):
        head, rest = written[:size], written[size:]
        if head in known_codes and (not rest or rest[0] in _HK_PARTICLES):
            return head
    return None


def mark_unknown_codes(text: str, known_codes: Collection[str]) -> str:
    """Quoted source text: a code-shaped token that names no record is shown as [?]."""
    pieces, last = [], 0
    for mention in find_codes(text, known_codes):
        pieces += [text[last:mention.start], mention.written if mention.code else "[?]"]
        last = mention.end
    return "".join(pieces) + text[last:]


def _document_of(code: str) -> str:
    return code.split("/", 1)[0]


def resolve_local(local: str, documents: Sequence[str], known_codes: Collection[str]) -> str | None:
    """`K13` in an answer about exactly one document -> `<document>/K13`, when that code exists."""
    documents = list(dict.fromkeys(documents))
    if len(documents) != 1:
        return None
    code = f"{documents[0]}/{local.upper()}"
    return code if code in known_codes else None


# --- links, reasoning, prompt text, script --------------------------------------------------------

_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\(\s*[a-z][a-z0-9+.-]*:[^)]*\)", re.I)
_HTML_ACTIVE = re.compile(r"<\s*/?\s*(?:img|script|iframe|a|object|embed)\b[^>]*>", re.I)
_URL = re.compile(r"\b(?:https?|javascript|data):[^\s)）」』>\]]*", re.I)


def neutralise_links(text: str) -> str:
    """No image, link or URL in an answer, whatever a source cell or a model carried; labels stay as text."""
    text = _IMAGE.sub(lambda m: m.group(1), text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _HTML_ACTIVE.sub("", text)
    return _URL.sub("", text)


_THINK_BLOCK = re.compile(r"<think\b[^>]*>.*?</think\s*>", re.S | re.I)
_THINK_OPEN = re.compile(r"<think\b[^>]*>", re.I)


def strip_reasoning(text: str) -> str:
    """Reasoning models' `<think>…</think>` blocks out; an unterminated one hides everything after it."""
    text = _THINK_BLOCK.sub("", text)
    opened = _THINK_OPEN.search(text)
    if opened:
        text = text[:opened.start()]
    closed = list(re.finditer(r"</think\s*>", text, re.I))
    if closed:  # the chat template opened the block: everything before its end is reasoning
        text = text[closed[-1].end():]
    return text.lstrip()


class ReasoningFilter:
    """Streaming counterpart of `strip_reasoning`: feed pieces, get what may be shown so far."""

    def __init__(self) -> None:
        self._held = ""
        self._inside = False

    def feed(self, piece: str) -> str:
        self._held += piece
        shown = []
        while self._held:
            if self._inside:
                close = re.search(r"</think\s*>", self._held, re.I)
                if not close:
                    self._held = self._held[-12:]  # keep a possible partial closing tag
                    break
                self._held, self._inside = self._held[close.end():].lstrip(), False
                continue
            opened = re.search(r"<think\b[^>]*>", self._held, re.I)
            if opened:
                shown.append(self._held[:opened.start()])
                self._held, self._inside = self._held[opened.end():], True
                continue
            partial = self._held.rfind("<")
            if partial != -1 and "think>".startswith(self._held[partial + 1:partial + 7].lower()[:6]) \
                    and len(self._held) - partial < 8:
                shown.append(self._held[:partial])
                self._held = self._held[partial:]
            else:
                shown.append(self._held)
                self._held = ""
            break
        return "".join(shown)


def _loose(line: str) -> str:
    """A regex for a prompt line whatever the whitespace; {placeholders} match any short text."""
    parts = re.split(r"\{[a-z_]+\}", line)
    literal = [r"\s+".join(re.escape(word) for word in part.split()) for part in parts]
    return r"[^\n]{1,200}?".join(literal)


@dataclass(frozen=True)
class PromptLines:
    """Every line of the prompt files (≥ 12 characters), as patterns to find in outgoing text."""

    patterns: tuple[re.Pattern, ...]

    @classmethod
    def from_dir(cls, prompts_dir: Path = PROMPTS_DIR, fills: Mapping[str, Iterable[str]] | None = None) -> "PromptLines":
        """`fills` expands placeholders with their known values (the language names)."""
        lines: list[str] = []
        for path in sorted(prompts_dir.glob("*.md")):
            for raw in path.read_text(encoding="utf-8").splitlines():
                line = raw.strip()
                placeholders = re.findall(r"\{([a-z_]+)\}", line)
                for name in placeholders:
                    if fills and name in fills:
                        lines += [line.replace("{" + name + "}", value) for value in fills[name]]
                literal = re.sub(r"\{[a-z_]+\}", "", line).strip()
                if len(literal) >= MIN_PROMPT_LINE:
                    lines.append(line)
        unique = dict.fromkeys(line for line in lines if len(line) >= MIN_PROMPT_LINE)
        return cls(tuple(re.compile(_loose(line)) for line in unique))

    def remove(self, text: str) -> tuple[str, bool]:
        """(text without any prompt line, whether one was found)."""
        found = False
        for pattern in self.patterns:
            text, count = pattern.subn("", text)
            found = found or bool(count)
        return text, found


_CJK_CHAR = re.compile(r"[\u3400-\u9fff]")
# Characters OpenCC's s2t always changes that Traditional Chinese as written in Taiwan uses as they are.
TRADITIONAL_AS_WRITTEN = frozenset("台")


def _simplified_only(ch: str) -> bool:
    return ch not in TRADITIONAL_AS_WRITTEN and to_traditional(ch) != ch and to_simplified(ch) == ch


def _traditional_only(ch: str) -> bool:
    return to_simplified(ch) != ch


def to_script(text: str, lang: str) -> str:
    """Model text in the question's script, codes untouched. Only characters of the other script change
    (Traditional text is not re-normalised: 台 stays 台), converted in context (发 → 發 or 髮)."""
    if lang not in (ZH_TW, ZH_CN):
        return text
    wrong, convert = (_simplified_only, to_traditional) if lang == ZH_TW else (_traditional_only, to_simplified)

    def fix(part: str) -> str:
        if not any(wrong(ch) for ch in part):
            return part
        converted = convert(part)
        if len(converted) != len(part):
            return "".join(convert(ch) if wrong(ch) else ch for ch in part)
        return "".join(new if wrong(old) else old for old, new in zip(part, converted))

    return convert_outside_codes(text, fix)


def records_script(texts: Iterable[str]) -> str:
    """ZH_TW or ZH_CN: the script most of the texts' script-specific characters belong to ('' when none)."""
    traditional = simplified = 0
    for text in texts:
        for ch in _CJK_CHAR.findall(text):
            traditional += _traditional_only(ch)
            simplified += _simplified_only(ch)
    return ZH_TW if traditional > simplified else ZH_CN if simplified > traditional else ""


def wrong_script(text: str, lang: str) -> bool:
    """Whether Chinese text has characters only the other script uses (codes ignored)."""
    if lang not in (ZH_TW, ZH_CN):
        return False
    bare = CANONICAL_CODE.sub(" ", text)
    wrong = _simplified_only if lang == ZH_TW else _traditional_only
    return any(wrong(ch) for ch in bare if "\u3400" <= ch <= "\u9fff")


# --- sentences ----------------------------------------------------------------------------------

_TERMINATOR = r"(?:[。！？!?]+|\.(?=\s|$))[」』”’\"）)\]]*"
_ENDS = "。！？!?"
_CLOSERS = "」』”’\"）)]"
_OPENING, _CLOSING = "「『“（(", "」』”）)"
_LIST_MARKER = re.compile(r"^\s*(?:[-*•]|\d{1,2}[.)、])\s+")


def _split_line(line: str) -> list[str]:
    """Sentences of one line; a terminator inside 「quotes」 or brackets does not end one."""
    sentences, start, depth, i = [], 0, 0, 0
    while i < len(line):
        ch = line[i]
        if ch in _OPENING:
            depth += 1
        elif ch in _CLOSING:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in _ENDS or (ch == "." and (i + 1 == len(line) or line[i + 1].isspace()))):
            while i + 1 < len(line) and (line[i + 1] in _ENDS or line[i + 1] in _CLOSERS):
                i += 1
            sentences.append(line[start:i + 1])
            start = i + 1
        i += 1
    if start < len(line):
        sentences.append(line[start:])
    return sentences


def split_sentences(text: str) -> list[str]:
    """Sentences and line breaks, in order; joining them gives the text back."""
    pieces: list[str] = []
    for line in re.split(r"(\n+)", text):
        if not line:
            continue
        if line.startswith("\n"):
            pieces.append(line)
            continue
        marker = _LIST_MARKER.match(line)
        head = marker.group() if marker else ""
        sentences = _split_line(line[len(head):])
        if head:
            sentences = [head + (sentences[0] if sentences else "")] + sentences[1:]
        pieces += sentences
    return pieces


def complete_prefix(text: str) -> str:
    """What a cut stream may keep: its complete sentences (a trailing partial sentence, and any
    partial code in it, is dropped)."""
    last = None
    for match in re.finditer(rf"{_TERMINATOR}|\n", text):
        last = match.end()
    return text[:last] if last is not None else ""


# --- checking one sentence against its records -------------------------------------------------

_BRACKETS = re.compile(r"[（(]([^（）()]{1,200})[)）]")
_QUOTED = re.compile(r"「([^」]{2,40})」|『([^』]{2,40})』|“([^”]{2,40})”|\"([^\"]{2,40})\"")
_LEVEL_TERM = re.compile(r"([\u4e00-\u9fff]{2})水平")
_LEVEL_NUMBER = re.compile(r"第\s*(\d+)\s*級|級別\s*第?\s*(\d+)|level[\s-]*(\d+)|(\d+)\s*級", re.I)
_CREDIT_NUMBER = re.compile(r"(\d+)\s*個?\s*學分|學分\s*[：:]?\s*(\d+)|(\d+)\s*credits?|credits?\s*[：:]?\s*(\d+)", re.I)
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_CJK = re.compile(r"[\u3400-\u9fff]+")
_NAME_STOP = "\\s〔（(；;，,。：:【】｜|"  # not 、: names list with it (職場關係法規、…法律)
_FUNCTION_CHARS = re.compile(r"[的之與和及与]")
_QUOTE_CHARS = "「」『』“”\"()（）[]*【】 "
_LIST_SEP = re.compile(r"[、]")
_LEAD_WORDS = re.compile(r"^(?:包括|包含|including|有|為|是|如|例如|即|及|與|和|或|以及|等)+")
_PARTICLES = set("的之了與和及或与")
# What follows a local code without being its name ("T2.4 需要…", "K13 的…").
_NOT_A_NAME = re.compile(r"^(?:[的之是有为在与和及或等、]|需要|包括|包含|要求|涉及|负责|产出|属于|对应)")  # normalised
SUPPORT_SHARE = 0.3  # share of a Chinese sentence's character pairs its cited records must contain
ALTERED_SHARE = 0.5  # a phrase sharing this much of an item's name, without being it, is an altered name


@lru_cache(maxsize=512)
def normalise(text: str) -> str:
    """Compare across scripts, regional wording and widths: NFKC, Simplified (many-to-one: 計畫 and 計劃
    both become 计划), no spaces, lower case."""
    return re.sub(r"\s+", "", to_simplified(unicodedata.normalize("NFKC", text))).lower()


def _mask_codes(text: str) -> str:
    text = CANONICAL_CODE.sub(" ", text)
    text = _LOCAL.sub(" ", text)
    return _LIST_MARKER.sub(" ", text)


def _numbers(pattern: re.Pattern, text: str) -> set[str]:
    return {next(g for g in m.groups() if g) for m in pattern.finditer(text)}


def _level_terms(text: str) -> set[str]:
    return {m.group() for m in _LEVEL_TERM.finditer(text) if not (_PARTICLES & set(m.group(1)))}


_LABELLED_LEVEL = re.compile(r"([\u4e00-\u9fff]{2,4}?)[\s：:為为是屬属]*第?\s*(\d+)\s*[級级]")


def _labelled_levels(text: str) -> dict[str, set[str]]:
    """`資歷級別 第4級` -> {'資歷級別': {'4'}}: which level a labelled scale gives."""
    levels: dict[str, set[str]] = {}
    for match in _LABELLED_LEVEL.finditer(normalise(text)):
        levels.setdefault(match.group(1), set()).add(match.group(2))
    return levels


LEVEL_WORDS_PATH = Path(__file__).with_name("vocabulary") / "level_words.tsv"
_LEVEL_KINDS = ("proficiency", "scale", "cue")


def _alternatives(words) -> str:
    """Longest first, so "QF level" wins over "QF"; spaces match any whitespace."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class LevelWords:
    """English words for the levels the records print in Chinese (vocabulary/level_words.tsv): an English
    sentence's levels are read as the records' terms, so the same checks hold in every language."""

    proficiency: tuple[tuple[str, str], ...]  # (English word, the records' term as normalised: 高级水平)
    scales: tuple[tuple[str, str], ...]  # (English name, the records' label as normalised: 资历级别)
    cues: tuple[str, ...]

    @classmethod
    def load(cls, path: Path = LEVEL_WORDS_PATH) -> "LevelWords":
        found: dict[str, list[tuple[str, str]]] = {kind: [] for kind in _LEVEL_KINDS}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = [cell.strip() for cell in line.split("\t")]
            if len(cells) != 3 or cells[0] not in _LEVEL_KINDS:
                raise ValueError(f"{path}:{number}: expected a kind ({', '.join(_LEVEL_KINDS)}), the records' "
                                 "term and English words (|), tab-separated")
            kind, term, words = cells
            english = [w.strip().lower() for w in words.split("|") if w.strip()]
            if not english:
                raise ValueError(f"{path}:{number}: no English words")
            if kind != "cue" and not _CJK.fullmatch(term):
                raise ValueError(f"{path}:{number}: {kind} needs the records' Chinese term, not {term!r}")
            record_term = normalise(term + "水平") if kind == "proficiency" else normalise(term)
            found[kind] += [(word, record_term) for word in english]
        if found["proficiency"] and not found["cue"]:
            raise ValueError(f"{path}: no cue words, so no proficiency word would ever count as a level")
        return cls(tuple(found["proficiency"]), tuple(found["scale"]), tuple(w for w, _ in found["cue"]))

    @cached_property
    def _proficiency_patterns(self) -> tuple[re.Pattern, ...]:
        if not self.proficiency:
            return ()
        word, cue = _alternatives(w for w, _ in self.proficiency), _alternatives(self.cues)
        return (re.compile(rf"\b({word})(?:\s+|-)(?:{cue})\b", re.I),  # advanced level, intermediate-level
                re.compile(rf"\b(?:{cue})\s*(?:[:：=]|is\b|of\b|at\b|required\b|needed\b)?\s*(?:(?:an?|the)\s+)?"
                           rf"({word})\b", re.I),  # proficiency: expert, level of intermediate
                re.compile(rf"[:：]\s*({word})\b", re.I))  # 主動學習與學習策略: advanced

    @cached_property
    def _scale_pattern(self) -> re.Pattern | None:
        if not self.scales:
            return None
        return re.compile(rf"\b({_alternatives(w for w, _ in self.scales)})\s*[-:：]?\s*(\d+)\b", re.I)

    def terms(self, text: str) -> set[str]:
        """The records' proficiency terms (normalised) an English text states."""
        term_of = dict(self.proficiency)
        return {term_of[m.group(1).lower()] for pattern in self._proficiency_patterns for m in pattern.finditer(text)}

    def scale_levels(self, text: str) -> dict[str, set[str]]:
        """`QF Level 5` -> {'资历级别': {'5'}}, as `_labelled_levels` reads 資歷級別 第5級."""
        levels: dict[str, set[str]] = {}
        if self._scale_pattern is not None:
            label_of = {w: label for w, label in self.scales}
            for match in self._scale_pattern.finditer(text):
                label = label_of[re.sub(r"\s+", " ", match.group(1).lower())]
                levels.setdefault(label, set()).add(match.group(2))
        return levels


@lru_cache(maxsize=1)
def level_words() -> LevelWords:
    return LevelWords.load()


def item_names(record: str, local: str) -> set[str]:
    """The names a record prints after a local code: `K13 勞資相關法規`, `S11 說服技巧（另載為：關懷技巧）`."""
    names = set()
    pattern = rf"(?<![A-Za-z0-9./]){re.escape(local)}(?![A-Za-z0-9]|\.\d)\s+([^{_NAME_STOP}〔]+)(?:（另載為：([^）]+)）)?"
    for match in re.finditer(pattern, record):
        names.update(n for n in match.groups() if n)
        if record[match.end(1):match.end(1) + 1] in "：:":  # `S09 規劃技能：組織資源規劃分配能力`
            names.add(re.match(rf"[^{_NAME_STOP.replace('：:', '')}〔]+", record[match.start(1):]).group())
    return {n for n in names if len(n) >= 2}


def _common_in_order(name: str, phrase: str) -> int:
    """Longest common subsequence length (names are short)."""
    previous = [0] * (len(phrase) + 1)
    for a in name:
        current = [0]
        for j, b in enumerate(phrase):
            current.append(previous[j] + 1 if a == b else max(previous[j + 1], current[j]))
        previous = current
    return previous[-1]


def _altered(phrase: str, names: set[str]) -> bool:
    """Whether a phrase standing next to a code is a changed form of the item's name."""
    phrase = _FUNCTION_CHARS.sub("", normalise(phrase))
    if len(phrase) < 2 or not names:
        return False
    plain = {_FUNCTION_CHARS.sub("", normalise(n)) for n in names}
    if any(n in phrase or phrase in n for n in plain):  # the name, or a verbatim part of it
        return False
    return any(_common_in_order(n, phrase[-(len(n) + 4):]) >= ALTERED_SHARE * len(n) for n in plain if len(n) >= 3)


def _bigrams(text: str) -> list[str]:
    return [run[i:i + 2] for run in _CJK.findall(text) for i in range(len(run) - 1)]


@dataclass(frozen=True)
class _Cited:
    code: str
    local: str  # the part after the document, '' for a document
    start: int
    end: int
    record: str


@dataclass(frozen=True)
class _RecordView:
    """What the checks read from one record's text, computed once per record."""

    flat: str
    level_terms: frozenset[str]
    skill_levels: tuple[tuple[str, frozenset[str]], ...]  # (a named item, the levels the record gives it)
    level_numbers: frozenset[str]
    credit_numbers: frozenset[str]
    numbers: frozenset[str]
    labelled_levels: tuple[tuple[str, frozenset[str]], ...]


@lru_cache(maxsize=512)
def _view(record: str) -> _RecordView:
    masked = _mask_codes(record)
    flat = normalise(record)
    skills = []
    for segment in re.split(r"[\n；;]", record):
        head, _, rest = normalise(segment).partition(":")  # NFKC made "：" a ":"
        terms = _level_terms(rest)
        if 2 <= len(head) <= 20 and terms:
            skills.append((head, frozenset(terms)))
    return _RecordView(flat, frozenset(_level_terms(flat)), tuple(skills), frozenset(_numbers(_LEVEL_NUMBER, masked)),
                       frozenset(_numbers(_CREDIT_NUMBER, masked)), frozenset(_NUMBER.findall(masked)),
                       tuple((k, frozenset(v)) for k, v in _labelled_levels(masked).items()))


@lru_cache(maxsize=2048)
def _item_names(record: str, local: str) -> frozenset[str]:
    return frozenset(item_names(record, local))


def _sentence_problem(sentence: str, cited: list[_Cited], draft: str, lang: str, subjects_text: str = "") -> str:
    """Why a cited sentence does not hold against its records ('' when it holds). Names the question's
    subjects print may be quoted too (a comparison names the record it compares with)."""
    views = [_view(record) for record in dict.fromkeys(c.record for c in cited)]
    flat = "\n".join(v.flat for v in views)
    drafted = _view(draft)
    bare = _mask_codes(sentence)
    # Quoted names are the record's.
    for match in _QUOTED.finditer(bare):
        quoted = next(g for g in match.groups() if g)
        if len(quoted) <= 20 and not re.search(r"[。，,；;：:]", quoted) and _CJK.search(quoted):
            name = normalise(quoted)
            if name not in flat and name not in normalise(subjects_text) and name not in drafted.flat:
                return f"quoted name not in the cited record: {quoted}"
    # `T2.2 <name>`: the name printed after a local code is that item's name (of any cited item so coded).
    for local in dict.fromkeys(c.local for c in cited if c.local):
        names = {normalise(n) for c in cited if c.local == local for n in _item_names(c.record, local)}
        pattern = (rf"(?<![A-Za-z0-9.]){re.escape(local)}(?![A-Za-z0-9]|\.\d)[\s「『（(]*([^{_NAME_STOP}、」』）)]+)"
                   rf"(?=$|[（(：:，,。、」』）);；]|\s+[A-Z0-9])")
        for match in re.finditer(pattern, sentence):
            written = normalise(match.group(1))
            if names and _CJK.match(written) and not _NOT_A_NAME.match(written) and not any(
                    written.startswith(n) or n.startswith(written) for n in names):
                return f"{local} is not called {match.group(1)}"
    # `<name>（code, …）`: the phrase before a bracketed citation is not an altered form of the items'
    # names, and a list of names before it holds only the records' names.
    for group in _BRACKETS.finditer(sentence):
        inside = [c for c in cited if group.start() < c.start < group.end()]
        if not inside or not _is_code_only(group.group()):
            continue
        previous = max((o.end for o in cited if o.end <= group.start()), default=0)
        before = re.split(r"[。；;，,：:\n)）]", sentence[previous:group.start()])[-1]
        items = [p for p in (_LEAD_WORDS.sub("", p.strip(_QUOTE_CHARS)) for p in _LIST_SEP.split(before)) if p]
        for item in items[1:]:  # the first may carry a lead-in ("技能包括…")
            if 2 <= len(item) <= 20 and _CJK.search(item) and normalise(item) not in flat:
                return f"listed name not in the cited record: {item}"
        named = [(c, set(_item_names(c.record, c.local))) for c in inside if c.local and not c.local.startswith("P")]
        named = [(c, names) for c, names in named if names]  # behaviour indicators are statements, not names
        # A phrase the record prints as it stands (the item's description) is quoted, not an altered name.
        if items and named and normalise(items[-1]) not in flat and all(_altered(items[-1], names) for _, names in named):
            return f"altered name for {named[0][0].code}: {items[-1]}"
    # `<name>（<label>）`: a label the draft or the records put after another name is not this name's
    # (the 1.5B's 「人才管理經理（助理）」, where the draft prints 人才管理經理（經理） and 人才管理助理（助理）).
    swapped = _swapped_label(bare, "\n".join([draft, subjects_text] + [c.record for c in cited]))
    if swapped:
        return swapped
    # Levels: a proficiency term is the record's, and the one the record gives that named item.
    said = normalise(bare)
    english = level_words()
    terms = _level_terms(said) | english.terms(bare)
    for term in terms - set().union(*(v.level_terms for v in views)):
        return f"level not in the cited record: {term}"
    if terms:
        for view in views:
            for head, given in view.skill_levels:
                if head in said and not terms & given:
                    return f"level of {head} is {'、'.join(sorted(given))}"
    # Numbers: levels, credits and any other number are the record's (counts and sums: the draft's too).
    for pattern, what, allowed in (
            (_LEVEL_NUMBER, "level", set().union(*(v.level_numbers for v in views))),
            (_CREDIT_NUMBER, "credits", set().union(drafted.credit_numbers, *(v.credit_numbers for v in views)))):
        wrong = _numbers(pattern, bare) - allowed
        if wrong:
            return f"{what} not in the cited record: {', '.join(sorted(wrong))}"
    record_levels: dict[str, set[str]] = {}
    for view in views:
        for label, numbers in view.labelled_levels:
            record_levels.setdefault(label, set()).update(numbers)
    stated_levels = _labelled_levels(bare)
    for label, numbers in english.scale_levels(bare).items():
        stated_levels.setdefault(label, set()).update(numbers)
    for label, numbers in stated_levels.items():
        if label in record_levels and not numbers & record_levels[label]:
            return f"{label} is {'、'.join(sorted(record_levels[label]))} in the cited record"
    stated = set(_NUMBER.findall(_CREDIT_NUMBER.sub(" ", _LEVEL_NUMBER.sub(" ", bare))))
    wrong = stated - set().union(drafted.numbers, *(v.numbers for v in views))
    if wrong:
        return f"number not in the cited record: {', '.join(sorted(wrong))}"
    # Items cited with a task belong to that task.
    tasks = [c for c in cited if re.fullmatch(r"T\d+(?:\.\d+)?", c.local)]
    for c in cited:
        same = [t for t in tasks if _document_of(t.code) == _document_of(c.code)]
        if same and c.local and not c.local.startswith("T") and not any(
                re.search(rf"(?<![A-Za-z0-9./]){re.escape(c.local)}(?![A-Za-z0-9]|\.\d)", t.record) for t in same):
            return f"{c.local} does not belong to {', '.join(dict.fromkeys(t.local for t in same))}"
    # Support: a Chinese sentence says something its records say.
    pairs = _bigrams(said)
    if lang != EN and len(pairs) >= 3:
        matched = sum(1 for p in pairs if p in flat or p in drafted.flat)
        if matched < max(2, SUPPORT_SHARE * len(pairs)):
            return "the cited records do not say this"
    return ""


_LABELLED = re.compile(r"([\u4e00-\u9fff]{2,})[（(]([^（）()\n]{1,12})[)）]")
SAME_NAME = 4  # characters a written name and a printed one must end with in common to be the same name


@lru_cache(maxsize=256)
def _labels(text: str) -> tuple[tuple[str, str], ...]:
    """(the words before a bracket, the label in it) for every bracketed label a text prints, normalised;
    citations are no labels."""
    return tuple((normalise(m.group(1)), normalise(m.group(2)).replace(" ", "")) for m in _LABELLED.finditer(text)
                 if not _is_code_only(m.group(0)[len(m.group(1)):]))


def _common_end(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _swapped_label(sentence: str, printed: str) -> str:
    """Why a `<name>（<label>）` of the sentence is not what the draft and the records print ('' when it
    is): the label is one they put after some name, never after this one, which they print with others."""
    known = _labels(printed)
    all_labels = {label for _, label in known}
    for words, label in _labels(sentence):
        if label not in all_labels:
            continue  # not a label the sources use (a level, a note): other checks read it
        own = {given for name, given in known if _common_end(words, name) >= SAME_NAME}
        if own and label not in own:
            return f"{words[-SAME_NAME:]}… is labelled {'、'.join(sorted(own))}, not {label}"
    return ""


# --- citing what the model quoted ---------------------------------------------------------------

# Small models copy the sources and the draft but leave the code out. A sentence that quotes one piece
# of what the model was given (near-verbatim, after normalising script, width and spaces), or that is
# a list of item names, gets that piece's code instead of being dropped; it is then checked against
# the cited record like any other sentence.
QUOTE_SHARE = 0.9  # share of a sentence's characters that must come, in order, from one piece of evidence
MIN_QUOTED = 6  # a quotation has at least this many characters (normalised, punctuation out)
NAME_LEFTOVER = 4  # characters besides item names a name-list sentence may have ("包括", "技能有")
_NEGATORS = frozenset("不未非无没勿否别莫")  # normalised: a quotation may not add one (不需要 + a name)


@dataclass(frozen=True)
class Evidence:
    """One piece of what the model was given, with the codes it stands under: a source line, an item's
    name (`name=True`), or a cited sentence of the draft."""

    codes: tuple[str, ...]
    text: str
    name: bool = False


@lru_cache(maxsize=8192)
def _core(text: str) -> str:
    """What a quotation is compared on: codes, list markers, spaces and punctuation out; normalised."""
    return re.sub(r"[\W_]+", "", normalise(_mask_codes(text)))


def _quotes(core: str, evidence: str) -> bool:
    """Whether `core` is (nearly) a verbatim piece of `evidence`: QUOTE_SHARE of its characters in common
    blocks, in order, and no negation the evidence does not have."""
    if core in evidence:
        return True
    pairs = [core[i:i + 2] for i in range(len(core) - 1)]
    if sum(p in evidence for p in pairs) < QUOTE_SHARE * len(pairs) - 1:  # cheap filter first
        return False
    blocks = difflib.SequenceMatcher(None, core, evidence, autojunk=False).get_matching_blocks()
    matched = [False] * len(core)
    for block in blocks:
        for i in range(block.a, block.a + block.size):
            matched[i] = True
    if sum(matched) < QUOTE_SHARE * len(core):
        return False
    return not any(ch in _NEGATORS for ch, ok in zip(core, matched) if not ok)


def _about(codes: tuple[str, ...], subject_codes: Sequence[str]) -> bool:
    return all(any(c == s or c.startswith(s + "/") or _document_of(c) == _document_of(s) for s in subject_codes)
               for c in codes)


def _one_choice(found: list[tuple[str, ...]], subject_codes: Sequence[str]) -> tuple[str, ...]:
    """The codes of the evidence a sentence quotes, when that is one piece (or one within the question's
    subjects); () when it is ambiguous."""
    choices = list(dict.fromkeys(found))
    if len(choices) > 1:
        choices = [c for c in choices if _about(c, subject_codes)]
    return choices[0] if len(choices) == 1 else ()


_OWNER = re.compile(r"^\s*([\u4e00-\u9fff]{2,12})[的之]")


def quoted_codes(sentence: str, evidence: Sequence[Evidence], subject_codes: Sequence[str] = (),
                 subjects_text: str = "") -> tuple[str, ...]:
    """The codes a sentence without a citation may be given: those of the source line or draft sentence it
    quotes, or of the item names it lists; () when it quotes nothing, or when what it quotes is ambiguous.
    A quote may be put after the name of a record the question is about (`subjects_text`, the subjects'
    records: 「就業服務人員的「壓力容忍」是<A01's description>」 quotes A01's line)."""
    owner = _OWNER.match(sentence)
    if owner and normalise(owner.group(1)) in normalise(subjects_text):
        found = quoted_codes(sentence[owner.end():], evidence, subject_codes)
        if found:
            return found
    core = _core(sentence)
    if len(core) < 2:
        return ()
    if len(core) >= MIN_QUOTED:
        found = [e.codes for e in evidence if not e.name and _quotes(core, _core(e.text))]
        if found:
            return _one_choice(found, subject_codes)
    names = sorted({(_core(e.text), e.codes) for e in evidence if e.name and len(_core(e.text)) >= 2},
                   key=lambda item: -len(item[0]))
    rest, placed = core, []  # (where the name stands, its codes)
    for name, _ in names:
        if name in rest:
            choice = _one_choice([c for n, c in names if n == name], subject_codes)
            if not choice:
                return ()
            placed.append((rest.index(name), choice))
            rest = rest.replace(name, "|" * len(name))  # same length: positions stay
    leftover = rest.replace("|", "")
    if not placed or len(leftover) > NAME_LEFTOVER or _NEGATORS & set(leftover):
        return ()
    return tuple(dict.fromkeys(code for _, codes in sorted(placed) for code in codes))


_TRAILING = re.compile(rf"(?:\s|{_TERMINATOR})*$")


def with_citation(sentence: str, codes: Sequence[str]) -> str:
    """The sentence with `（code、…）` after its last word (before its full stop), as the composer cites."""
    body = _TRAILING.sub("", sentence)
    return f"{body}（{'、'.join(codes)}）{sentence[len(body):]}"


def cite_quotations(text: str, evidence: Sequence[Evidence], known_codes: Collection[str],
                    subject_codes: Sequence[str] = ()) -> str:
    """Every sentence without a code that quotes the evidence, with the quoted piece's code (the draft a
    model is shown, so it sees each fact next to its code)."""
    pieces = []
    split = split_sentences(text)
    for index, piece in enumerate(split):
        following = split[index + 1] if index + 1 < len(split) else ""
        if _is_code_only(following) and not following.startswith("\n"):
            pass  # 「…知識。（HK:…）」: the code after it is the sentence's own
        elif not piece.startswith("\n") and piece.strip() and not find_codes(piece, known_codes) \
                and not _LOCAL.search(piece) and not _LEAD_IN.match(piece):
            codes = quoted_codes(piece, evidence, subject_codes)
            if codes:
                piece = with_citation(piece, codes)
        pieces.append(piece)
    return "".join(pieces)


# --- the whole answer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DroppedSentence:
    text: str
    reason: str


@dataclass(frozen=True)
class CheckedText:
    """Model text after the outgoing-text policy."""

    text: str
    citations: tuple[str, ...]  # canonical codes of the kept sentences, in order
    removed_codes: tuple[str, ...]  # codes written that name no record (or none the model was given)
    dropped_sentences: tuple[DroppedSentence, ...]
    flagged: bool  # something was removed: the model's text was not trusted as written
    notices: tuple[Notice, ...]
    kept_cited: int = 0  # cited sentences kept
    failed: int = 0  # cited sentences dropped because they do not hold against their records
    wrong_language: bool = False
    quoted: int = 0  # sentences without a code that quoted the evidence and were given its code
    off_draft: bool = False  # the draft cites codes and the model's kept statements cite none of them
    stood_in: int = 0  # dropped statements replaced by the draft's statement of the same codes
    lead_kept: int = 0  # the draft's lead statements put first because the model's answer left them out
    restated: int = 0  # uncited sentences restating a draft statement's figures (kept in the draft's words)
    # or counting one of its lists
    lists_restored: int = 0  # draft lists the model summarised away (none of their items kept), put back
    completed: int = 0  # draft lines the model copied only the first sentence of, completed from the draft

    @property
    def answers(self) -> bool:
        """Whether what remains still answers: a checked, cited statement (or a restated draft statement),
        more kept than failed, in the question's language, about what the draft answered (a statement citing
        one of its codes, or restating one of its statements). Decided on the model's own statements: what
        the draft lends (stand-ins, its lead, its lists) does not count. Otherwise the caller falls back to
        the composer."""
        own = self.kept_cited + self.restated
        return own >= 1 and self.failed <= own and not self.wrong_language and not self.off_draft


_LEAD_IN = re.compile(r"^\s*(?:#{1,6}\s.*|\*\*[^*]{1,40}\*\*[:：]?|.{1,60}[:：])\s*$")


def _is_code_only(piece: str) -> bool:
    rest = _LOCAL.sub("", CANONICAL_CODE.sub("", piece))
    return not re.sub(r"[\s（）()、,，;；。.\[\]?]", "", rest) and bool(CANONICAL_CODE.search(piece) or _LOCAL.search(piece))


def check_model_answer(
    text: str,
    *,
    subject_codes: Sequence[str],
    record_text_for: Callable[[str], str | None],
    known_codes: Collection[str],
    lang: str,
    allowed_codes: Collection[str] | None = None,
    draft: str = "",
    prompt_lines: PromptLines | None = None,
    cut: str = "",
    evidence: Sequence[Evidence] = (),
) -> CheckedText:
    """Check a model's answer statement by statement.

    subject_codes: the records the question is about (the plan's subjects); local item codes (K13,
        O2.4.1) are read as that document's when the sentence or the subjects name exactly one.
    record_text_for: the text of the record a code points to (None when there is none).
    known_codes: every code the corpus has. allowed_codes: the codes the model was given (its sources);
        default: any known code.
    draft: the composer's answer from the same sources; numbers it states count as supported.
    prompt_lines: the prompt files' lines (default: every file in prompts/).
    cut: '' or CUT_TOKENS / CUT_TIME when the stream was stopped: only complete sentences are kept.
    evidence: what the model was given, piece by piece with its codes; a sentence without a code that
        quotes one piece (or lists item names) is given its code, then checked like any cited sentence.
    """
    allowed = known_codes if allowed_codes is None else allowed_codes
    notices: list[Notice] = []
    text = strip_reasoning(text)
    if cut:
        text = complete_prefix(text)
        notices.append(Notice.of(cut))
    linked = neutralise_links(text)
    if linked != text:
        notices.append(Notice.of(LINKS_REMOVED))
    text, leaked = (prompt_lines or _default_prompt_lines()).remove(linked)
    if leaked:
        notices.append(Notice.of(PROMPT_LEAK))

    pieces = split_sentences(text)
    merged: list[str] = []
    for piece in pieces:
        if merged and not piece.startswith("\n") and not merged[-1].startswith("\n") and _is_code_only(piece):
            merged[-1] += piece  # "…能力。（BHR…/S01）": the code belongs to the sentence before it
        else:
            merged.append(piece)

    subject_documents = list(dict.fromkeys(_document_of(c) for c in subject_codes))
    subjects_text = "\n".join(record_text_for(c) or "" for c in subject_codes)
    drafted = _draft_statements(draft, known_codes)
    removed: list[str] = []
    dropped: list[DroppedSentence] = []
    kept: list[tuple[str, list[_Cited]]] = []  # sentence, its citations; line breaks have none
    failed = kept_cited = quoted = stood_in = restated = 0
    stated: set[str] = set()  # the cited sentences kept, normalised
    for piece in merged:
        if piece.startswith("\n") or not piece.strip():
            kept.append((piece, []))
            continue
        bad, cited = _citations(piece, known_codes, allowed, subject_documents)
        if not bad and not cited and not _LEAD_IN.match(piece):
            codes = quoted_codes(piece, evidence, subject_codes, subjects_text)
            if codes and all(c in allowed for c in codes):
                piece = with_citation(piece, codes)
                bad, cited = _citations(piece, known_codes, allowed, subject_documents)
                quoted += 1
        if bad:
            removed += bad
            dropped.append(DroppedSentence(piece, f"unknown code: {', '.join(bad)}"))
            failed += 1
            continue
        if not cited:
            own = _drafted_words(piece, drafted)
            if _LEAD_IN.match(piece):
                kept.append((piece, []))
            elif own is not None and normalise(own.text) not in stated:
                # The composer's own uncited sentence (a heading, a caveat, a count), copied: kept as the
                # draft has it, so a changed word or number never passes.
                stated.add(normalise(own.text))
                kept.append((_as_placed(own.text, piece), []))
            elif (same := _restated(piece, drafted)) is not None:
                # A short answer in the model's words stating the draft's figures (「人才管理经理一共要掌握25个
                # 能力单元」 for 「…共列出 25 个能力单元…：」): the draft's statement, in its words, stands for it.
                if normalise(same.text) not in stated:
                    stated.add(normalise(same.text))
                    kept.append((_as_sentence(_as_placed(same.text, piece)), _cited_in(same.text, same.codes)))
                restated += 1
            elif _counts_a_list(piece, drafted):  # 「它有5項行為指標。」: the count of a list the draft prints
                kept.append((piece, []))
                restated += 1
            else:
                dropped.append(DroppedSentence(piece, "no code cited"))
            continue
        cited = [_Cited(c.code, c.local, c.start, c.end, record_text_for(c.code) or "") for c in cited]
        problem = _sentence_problem(piece, cited, draft, lang, subjects_text) or _renamed(piece, cited, drafted)
        if problem:
            dropped.append(DroppedSentence(piece, problem))
            failed += 1
            # The draft's statement of the same codes stands in (an item whose name the model misspelt
            # is still listed, correctly); it does not count as the model's.
            written = {m.code for m in find_codes(piece, known_codes) if m.code}  # as the draft's are keyed
            stand_in = _stand_in(written or {c.code for c in cited}, drafted)
            if stand_in is not None and normalise(stand_in.text) not in stated:
                stated.add(normalise(stand_in.text))
                kept.append((_as_placed(stand_in.text, piece), _cited_in(stand_in.text, stand_in.codes)))
                stood_in += 1
            continue
        said = normalise(piece)
        if said in stated and not _LIST_MARKER.match(piece):  # a small model re-reading its prompt writes
            dropped.append(DroppedSentence(piece, "repeated"))  # the draft's sentences twice; list items may
            continue  # recur under several headings
        stated.add(said)
        kept.append((_expand_bracketed(piece, cited), cited))
        kept_cited += 1

    own_codes = {c.code for piece, cited in kept for c in cited}  # before the draft lends anything more
    draft_codes = {code for statement in drafted for code in statement.codes}
    off_draft = bool(draft_codes) and not own_codes & draft_codes and not restated
    kept = _without_dangling_lead_ins(kept)
    lead = _missing_lead(drafted, kept)
    if lead:
        kept = [(_joined(lead), _cited_in("", [code for d in lead for code in d.codes])), ("\n\n", [])] + kept
    kept, completed = _completed_lines(drafted, kept)
    lists = _missing_lists(drafted, kept) if kept_cited + restated else []
    for block in lists:
        kept += [("\n\n", []), (_joined(block), _cited_in("", [code for d in block for code in d.codes]))]
    out = "".join(piece for piece, _ in kept)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    out = to_script(out, lang)
    if lang == EN:  # Chinese source terms as the sources print them: in the cited records' script
        records = dict.fromkeys(record_text_for(c.code) or "" for _, cited in kept for c in cited)
        out = to_script(out, records_script(text[:2000] for text in records))
    citations = tuple(dict.fromkeys(c.code for _, cited in kept for c in cited))
    removed_codes = tuple(dict.fromkeys(removed))
    if removed_codes:
        notices.append(Notice.of(CODES_REMOVED, codes="、".join(removed_codes)))
    if dropped:
        notices.append(Notice.of(SENTENCES_DROPPED, count=len(dropped)))
    unquoted = re.sub(r"「[^」]*」|『[^』]*』|“[^”]*”|（[^）]*）|\([^)]*\)", "", CANONICAL_CODE.sub("", out))
    plain = re.sub(r"[\s\W\d_]+", "", unquoted)
    wrong_language = lang == EN and len(_CJK.sub("", plain)) < len("".join(_CJK.findall(plain)))
    if wrong_language:
        notices.append(Notice.of(WRONG_LANGUAGE))
    flagged = bool(removed_codes or dropped or leaked)
    return CheckedText(out, citations, removed_codes, tuple(dropped), flagged, tuple(notices), kept_cited, failed,
                       wrong_language, quoted, off_draft, stood_in, len(lead), restated, len(lists), completed)


# --- what the draft lends ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Drafted:
    """One statement of the composer's draft (already checked: the composer writes from the records)."""

    text: str  # as in the draft (a list item with its marker)
    codes: tuple[str, ...]  # the whole codes it cites, in order
    lead: bool  # part of the draft's lead: its first paragraph, before any blank line, heading or list
    new_line: bool = False  # it starts a line of the draft


_HEADING = re.compile(r"^\s*(?:#{1,6}\s|\*\*)")


def _draft_statements(draft: str, known_codes: Collection[str]) -> list[_Drafted]:
    statements, lead, new_line = [], True, True
    for piece in split_sentences(draft):
        if piece.startswith("\n"):
            lead = lead and piece.count("\n") < 2 and bool(statements)
            new_line = True
            continue
        if not piece.strip():
            continue
        if statements and not new_line and _is_code_only(piece):  # "…能力。（BHR…/S01）": one statement
            last = statements.pop()
            piece, new_line, lead = last.text + piece, last.new_line, last.lead
        elif _LIST_MARKER.match(piece) or _HEADING.match(piece):
            lead = False
        codes = tuple(dict.fromkeys(m.code for m in find_codes(piece, known_codes) if m.code))
        statements.append(_Drafted(piece, codes, lead, new_line))
        new_line = False
    return statements


def _joined(statements: Sequence[_Drafted]) -> str:
    return "".join(("\n" if d.new_line and i else "") + d.text for i, d in enumerate(statements))


def _drafted_words(piece: str, drafted: Sequence[_Drafted]) -> _Drafted | None:
    """The draft's uncited statement a model sentence copies (near-verbatim: `_quotes`), if one."""
    core = _core(piece)
    if len(core) < MIN_QUOTED:
        return None
    found = [d for d in drafted if not d.codes and _quotes(core, _core(d.text))]
    return found[0] if len(found) == 1 else None


RESTATE_SHARE = 2 / 3  # share of a restating sentence's words (digits aside) that come, in order, from the draft's


def _restated(piece: str, drafted: Sequence[_Drafted]) -> _Drafted | None:
    """The one draft statement a model sentence restates in other words: every number it states is that
    statement's, in the same order (a reversed 「第4级到第3级」 is not 「第3级到第4级」), and RESTATE_SHARE of
    its other characters come from it, in order, with no negation it lacks. Only sentences stating a figure: without
    one, a loose paraphrase cannot be told from another claim."""
    core = _core(piece)
    numbers = _NUMBER.findall(normalise(_mask_codes(piece)))
    if not numbers or len(core) < MIN_QUOTED:
        return None
    found = []
    for d in drafted:
        theirs = _NUMBER.findall(normalise(_mask_codes(d.text)))
        if not _in_order(numbers, theirs):
            continue
        evidence = _core(d.text)
        blocks = difflib.SequenceMatcher(None, core, evidence, autojunk=False).get_matching_blocks()
        matched = [False] * len(core)
        for block in blocks:
            for i in range(block.a, block.a + block.size):
                matched[i] = True
        words = [ok for ch, ok in zip(core, matched) if not ch.isdigit()]  # the figures matched already
        if sum(words) >= RESTATE_SHARE * len(words) and not any(
                ch in _NEGATORS for ch, ok in zip(core, matched) if not ok):
            found.append(d)
    texts = {normalise(d.text) for d in found}
    return found[0] if len(texts) == 1 else None


def _in_order(wanted: Sequence[str], given: Sequence[str]) -> bool:
    """Whether `wanted` is a subsequence of `given`."""
    rest = iter(given)
    return all(any(w == g for g in rest) for w in wanted)


def _as_sentence(text: str) -> str:
    """A statement that introduced the draft's list (「…共列出 25 个能力单元…：」), ending as a sentence."""
    return re.sub(r"[:：]\s*$", lambda m: "." if m.group().startswith(":") else "。", text)


def _missing_lists(drafted: Sequence[_Drafted], kept: list[tuple[str, list]]) -> list[list[_Drafted]]:
    """The draft's lists (with the heading or lead-in line before each) of which the model's answer kept no
    item: the 1.5B wrote 「軟實力要達到「專家水平」」 for the five skills the draft lists under
    「**附加能力要求（軟實力）**」. An item is kept when the answer holds its label (「主動學習與學習策略：…」),
    its text nearly verbatim, or cites its codes when no other statement of the draft cites the same. A list
    the model kept part of is its choice. The draft chose its lists for the question, so one the answer
    left out whole comes back even when the answer did not speak of it (the cost: a short answer giving
    the QF level asked for gets the qualification's other particulars the draft lists after it)."""
    answer = "".join(piece for piece, _ in kept)
    said, core = normalise(answer).replace(" ", ""), _core(answer)
    cited = {c.code for _, citations in kept for c in citations}
    by_codes: dict[tuple[str, ...], int] = {}
    for d in drafted:
        by_codes[tuple(sorted(d.codes))] = by_codes.get(tuple(sorted(d.codes)), 0) + 1

    def held(item: _Drafted) -> bool:
        head = _head(item.text)
        if head and head in said:
            return True
        if item.codes and by_codes[tuple(sorted(item.codes))] == 1 and set(item.codes) <= cited:
            return True
        return len(_core(item.text)) >= MIN_QUOTED and _quotes(_core(item.text), core)

    missing = []
    for block in _draft_lists(drafted):
        items = [d for d in block if _LIST_MARKER.match(d.text)]
        if any(d.codes for d in items) and not any(held(d) for d in items):
            first = block[0]
            missing.append([_Drafted(first.text, first.codes, False, False)] + block[1:])
    return missing


def _completed_lines(drafted: Sequence[_Drafted], kept: list[tuple[str, list]]) -> tuple[list[tuple[str, list]], int]:
    """The kept statements, each that copies only the first sentence of a draft line (an item of several
    sentences) followed by the rest of that line when the answer holds none of it: the 0.5B copied
    「資歷培訓目標：此資歷培訓是針對…而設。」 and left out the next sentence, the topics the training covers."""
    lines: list[list[_Drafted]] = []
    for d in drafted:
        if d.new_line or not lines:
            lines.append([d])
        else:
            lines[-1].append(d)
    lines = [line for line in lines if len(line) > 1]
    if not lines:
        return kept, 0
    answer = _core("".join(piece for piece, _ in kept))
    result, completed = [], 0
    for piece, cited in kept:
        result.append((piece, cited))
        core = _core(piece)
        if not cited or len(core) < MIN_QUOTED:
            continue
        for line in lines:
            rest = line[1:]
            if _quotes(core, _core(line[0].text)) and not any(
                    len(_core(d.text)) >= MIN_QUOTED and _quotes(_core(d.text), answer) for d in rest):
                text = "".join(d.text for d in rest)
                ending = re.search(r"\s*$", piece).group()
                result[-1] = (piece[:len(piece) - len(ending)], cited)
                result.append((text + ending, _cited_in(text, [code for d in rest for code in d.codes])))
                completed += 1
                break
    return result, completed


def _draft_lists(drafted: Sequence[_Drafted]) -> list[list[_Drafted]]:
    """The draft's lists: runs of list items (with an item's further sentences), each with the heading or
    lead-in line before it when it has one outside the lead."""
    blocks: list[list[_Drafted]] = []
    for index, d in enumerate(drafted):
        is_item = d.new_line and _LIST_MARKER.match(d.text)
        if is_item and blocks and blocks[-1][-1] is drafted[index - 1]:
            blocks[-1].append(d)
        elif is_item:
            before = drafted[index - 1] if index else None
            heading = before is not None and not before.lead and not _LIST_MARKER.match(before.text) and (
                _HEADING.match(before.text) or re.search(r"[:：]\s*$", before.text))
            blocks.append(([before] if heading else []) + [d])
        elif blocks and blocks[-1][-1] is drafted[index - 1] and not d.new_line:
            blocks[-1].append(d)  # an item's second sentence
    return blocks


COUNT_LEFTOVER = 6  # characters besides a list's heading and its count a count sentence may have (「它有…項」)


def _counts_a_list(piece: str, drafted: Sequence[_Drafted]) -> bool:
    """Whether an uncited sentence only counts one of the draft's lists: its one number is the number of the
    list's items and it names the list's heading (the 1.5B's 「它有5項行為指標。」 for the draft's five items
    under 「**行為指標**」), with at most COUNT_LEFTOVER other characters and no negation."""
    numbers = _NUMBER.findall(normalise(_mask_codes(piece)))
    if len(numbers) != 1:
        return False
    core = _core(piece)
    for block in _draft_lists(drafted):
        if _LIST_MARKER.match(block[0].text):
            continue  # no heading: nothing says what the items are
        heading = _core(re.sub(r"[（(][^）)]*[)）]", "", block[0].text))
        items = sum(1 for d in block if _LIST_MARKER.match(d.text))
        if len(heading) >= 2 and heading in core and int(numbers[0]) == items:
            leftover = re.sub(r"\d+", "", core.replace(heading, "", 1))
            if len(leftover) <= COUNT_LEFTOVER and not _NEGATORS & set(leftover):
                return True
    return False


_HEAD = re.compile(r"^([^：:（(「」『』\n]{1,20})[：:]")


def _head(statement: str) -> str:
    """A list item's label, normalised: what stands before its first colon (「態度 壓力容忍：…」), local
    codes out; '' when it has none."""
    match = _HEAD.match(_LIST_MARKER.sub("", _mask_codes(statement)).strip())
    label = normalise(_LOCAL.sub("", match.group(1))).replace(" ", "") if match else ""
    return label if _CJK.search(label) else ""


def _renamed(piece: str, cited: Sequence[_Cited], drafted: Sequence[_Drafted]) -> str:
    """Why a list item is not the draft's item it cites: it labels the item with words the draft's one
    statement of the same codes does not (the 1.5B's 「態度 聲明：<A01's description>（…/A01）」 for
    「態度 壓力容忍：…」); '' when it does not differ, or there is no one such statement."""
    mine = _head(piece) if _LIST_MARKER.match(piece) else ""
    same = _stand_in({c.code for c in cited}, drafted) if mine else None
    theirs = _head(same.text) if same is not None else ""
    if not theirs or mine in theirs or theirs in mine:
        return ""
    return f"{'、'.join(same.codes)} is labelled {theirs} in the draft, not {mine}"


def _stand_in(codes: set[str], drafted: Sequence[_Drafted]) -> _Drafted | None:
    """The one statement of the draft that cites exactly these codes, if one."""
    found = [d for d in drafted if d.codes and set(d.codes) == codes]
    return found[0] if len(found) == 1 else None


def _as_placed(text: str, piece: str) -> str:
    """A draft statement put where the model's piece stood: a list marker only where the piece had one."""
    if _LIST_MARKER.match(piece):
        return text if _LIST_MARKER.match(text) else _LIST_MARKER.match(piece).group() + text
    return _LIST_MARKER.sub("", text)


def _cited_in(text: str, codes: Sequence[str]) -> list[_Cited]:
    """Citations of a statement the draft lends (its codes; nothing in it is checked again)."""
    return [_Cited(code, code.split("/", 1)[1] if "/" in code else "", 0, 0, "") for code in codes]


def _missing_lead(drafted: Sequence[_Drafted], kept: list[tuple[str, list]]) -> list[_Drafted]:
    """The draft's lead (its direct answer) when the model's answer left it out: a code the lead cites is
    neither cited in the answer nor the record of one cited there (`T2.2` of "the indicators of T2.2"
    not restated). Only its statements the answer does not already hold are returned."""
    lead = [d for d in drafted if d.lead]
    cited = {c.code for _, citations in kept for c in citations}
    lead_codes = {code for d in lead for code in d.codes}
    if not lead_codes or all(code in cited or any(c.startswith(code + "/") for c in cited) for code in lead_codes):
        return []
    held = {_core(piece) for piece, _ in kept if piece.strip()}
    lead = [d for d in lead if _core(d.text) not in held]
    # Its closing lead-in introduced the draft's list, which the model rewrote: an uncited one
    # ("關於工作產出：") goes; a cited one states a fact (「…列出 7 項技能：」) and ends as a sentence.
    while lead and re.search(r"[:：]\s*$", lead[-1].text):
        if not lead[-1].codes:
            lead.pop()
            continue
        text = re.sub(r"[:：]\s*$", lambda m: "." if m.group().startswith(":") else "。", lead[-1].text)
        lead[-1] = _Drafted(text, lead[-1].codes, True, lead[-1].new_line)
        break
    return lead if any(d.codes for d in lead) else []


def _citations(piece: str, known_codes: Collection[str], allowed: Collection[str],
               subject_documents: Sequence[str]) -> tuple[list[str], list[_Cited]]:
    """(written codes that name no record or none the model was given, the sentence's citations): whole
    codes, and local item codes read against the one document the sentence or the question is about."""
    mentions = find_codes(piece, known_codes)
    bad = [m.written for m in mentions if m.code is None or m.code not in allowed]
    cited = [_Cited(m.code, m.code.split("/", 1)[1] if "/" in m.code else "", m.start, m.end, "")
             for m in mentions if m.code is not None and m.code in allowed]
    own_documents = [_document_of(c.code) for c in cited if not c.code.startswith("HK:")]
    scope = own_documents if len(set(own_documents)) == 1 else subject_documents
    covered = [(m.start, m.end) for m in mentions]
    for match in _LOCAL.finditer(piece):
        if any(a <= match.start() < b for a, b in covered):
            continue
        code = resolve_local(match.group(1), scope, known_codes)
        if code and code in allowed:
            cited.append(_Cited(code, code.split("/", 1)[1], match.start(), match.end(), ""))
    return bad, cited


def _expand_bracketed(sentence: str, cited: list[_Cited]) -> str:
    """`（K13、K14）` -> the canonical codes, so the user can look every citation up."""
    by_local = {c.local.upper(): c.code for c in cited if c.local}

    def expand(match: re.Match) -> str:
        inner = match.group(1)
        tokens = [t for t in re.split(r"[、,，;；\s]+", inner) if t]
        if not tokens or not all(CANONICAL_CODE.fullmatch(t) or re.fullmatch(ITEM_CODE, t, re.I) for t in tokens):
            return match.group()
        codes = [by_local.get(t.upper(), t) if not CANONICAL_CODE.fullmatch(t) else t for t in tokens]
        opening, closing = match.group()[0], match.group()[-1]
        return opening + "、".join(codes) + closing

    return _BRACKETS.sub(expand, sentence)


def _without_dangling_lead_ins(kept: list[tuple[str, list]]) -> list[tuple[str, list]]:
    """A heading or lead-in line ("技能：") stays only when a cited sentence follows it."""
    result: list[tuple[str, list]] = []
    for index, (piece, cited) in enumerate(kept):
        if piece.startswith("\n") or cited or not _LEAD_IN.match(piece):  # the draft's own sentences stay
            result.append((piece, cited))
            continue
        following = next((c for p, c in kept[index + 1:] if not p.startswith("\n") and p.strip()), None)
        if following:
            result.append((piece, cited))
    return result


_PROMPT_LINES: PromptLines | None = None


def _default_prompt_lines() -> PromptLines:
    global _PROMPT_LINES
    if _PROMPT_LINES is None:
        _PROMPT_LINES = PromptLines.from_dir(PROMPTS_DIR, fills={"language": LANGUAGE_NAMES.values()})
    return _PROMPT_LINES


LANGUAGE_NAMES = {ZH_TW: "Traditional Chinese (繁體中文)", ZH_CN: "Simplified Chinese (简体中文)", EN: "English"}


def record_text(code: str, carriers: Iterable) -> str | None:
    """The text of the record a code points to, from the chunks that carry it (objects with `.code` and
    `.text`): the chunks that are that record, else every chunk that lists it."""
    carriers = list(carriers)
    own = [c.text for c in carriers if c.code == code]
    texts = own or [c.text for c in carriers]
    return "\n".join(texts) if texts else None
