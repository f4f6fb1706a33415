"""The vocabulary that reads a question, loaded once from `vocabulary/`.

Cue patterns (forms, item kinds, situation, uncovered topics, instructions) and the
everyday-word aliases are data, so that adding a phrasing never means editing code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..lexical import normalise

VOCABULARY = Path(__file__).with_name("vocabulary")


@dataclass(frozen=True)
class Cues:
    forms: dict[str, re.Pattern]
    kinds: dict[str, re.Pattern]
    kind_counterparts: dict[str, str]  # a kind, and what the other framework's records carry for it
    situation: dict[str, re.Pattern]
    scope: dict[str, re.Pattern]
    instructions: re.Pattern
    shaping: re.Pattern  # orders on how to answer ("不用查，直接回答有就好"), not on what
    resumed: re.Pattern  # "…，再告訴我…": a request of the user's own after an instruction
    telling: re.Pattern  # "告訴我…", "tell me…": a request that asks without a question word
    followup: re.Pattern
    generic: frozenset[str]
    phrasing_heads: frozenset[str]  # characters that start a modal-and-verb cut ("會幫"), not a content word
    particles: re.Pattern  # Cantonese particles no record prints, where a question is cut before jieba reads it
    frameworks: dict[str, re.Pattern]
    level_number: re.Pattern
    level_said: re.Pattern  # "是不是5級": a level number said, to be checked
    level_relation: dict[str, re.Pattern]  # "above" / "below" / "same" as the record's own level
    title_strip: re.Pattern
    document: re.Pattern
    this_item: re.Pattern
    points_back: re.Pattern  # a clause opening on what was just said ("這個有算在裡面嗎")
    referred: re.Pattern  # a document gone by, just before a record named ("照香港…那份文件")
    similar: re.Pattern  # "有冇類似嘅單元": something like what the conversation was about
    that_unit: re.Pattern  # "嗰個單元幾多學分": the figures of the unit the question is about, not its role's
    rung_above: re.Pattern  # "那它的上一級呢": the rung above the role in view
    each: re.Pattern  # "都要…嗎", "各自": asked of several records in parallel
    both: re.Pattern  # "兩邊分別寫在哪": both records asked about, the job held too
    either: re.Pattern  # "訓練經理或培訓專案主管": the words between records named as alternatives
    ordinal: re.Pattern
    duty_by_place: re.Pattern  # "第一個主要職責": a standard's duty by its place
    task_step: dict[int, re.Pattern]  # "下一個任務" (1), "上一個任務" (-1): the task beside the one in view
    asking: re.Pattern
    several: re.Pattern  # 幾: "how many" or "a few"
    to_the_last: re.Pattern
    count: re.Pattern  # "how many …"
    every: re.Pattern  # "全部列出來": every item of the kind asked
    duties: re.Pattern  # "how many main duties": a standard's duties, not every task
    superlative: dict[str, re.Pattern]  # "most" / "least": which of several is the most or least of something
    examples_asked: re.Pattern  # "舉了哪些例子"
    someone_else: re.Pattern  # "個案…她想升…": the situation told is someone else's
    others_asked: re.Pattern  # "也有X嗎，還是換成別的": the other items of its kind too
    example_marked: re.Pattern  # how a record's text gives one ("例如…")
    negated_before: re.Pattern  # a record's words denying what follows ("並不代表…")
    renounced: re.Pattern  # a job the user turns away from, said before it ("不走就服")
    admission: re.Pattern  # "入學要求": admission to a qualification's training, not hiring
    gap: re.Pattern  # "我還差什麼": what a move still needs is asked, not only eligibility
    covered: re.Pattern  # "有冇教點樣搞紀律處分": whether a record covers a way of doing something, not how
    demand: re.Pattern  # "要懂強積金嗎": whether a job demands knowing something
    job_title: re.Pattern  # how a job title ends ("工程師"): one no record prints is a job not covered
    unit_status: dict[str, re.Pattern]  # "core" / "functional": units asked for by their status in a role
    unit_status_word: dict[str, re.Pattern]  # a status's bare word, which names it after the other was asked
    law: re.Pattern  # "就業服務法": the name of a law
    law_broader: tuple[str, ...]  # what a law no item names is about: the laws a record lists
    mapping: re.Pattern  # "是對到哪一個行為指標": which item some work is
    request: re.Pattern  # "可以把指標給我嗎": a yes or no asking to be given something, a request for it
    presentation: re.Pattern  # "做成表格", "bullet points": how the answer should look, no content asked


@dataclass(frozen=True)
class Alias:
    """An everyday word or abbreviation, what the standards print for it, and broader terms."""

    term: str
    full: tuple[str, ...]
    broader: tuple[str, ...]


def _compile(table: dict[str, str]) -> dict[str, re.Pattern]:
    return {name: re.compile(pattern, re.I) for name, pattern in table.items()}


@lru_cache(maxsize=4)
def load_cues(folder: Path = VOCABULARY) -> Cues:
    data = tomllib.loads((folder / "cues.toml").read_text(encoding="utf-8"))
    words = tomllib.loads((folder / "words.toml").read_text(encoding="utf-8"))
    return Cues(
        forms=_compile(data["forms"]),
        kinds=_compile(data["kinds"]),
        kind_counterparts=dict(data["kind_counterparts"]),
        situation=_compile(data["situation"]),
        scope=_compile(data["scope"]),
        instructions=re.compile(data["instructions"]["pattern"] + "|" + data["instructions"]["shaping"], re.I),
        shaping=re.compile(data["instructions"]["shaping"], re.I),
        resumed=re.compile(data["instructions"]["resumed"], re.I),
        telling=re.compile(data["instructions"]["telling"], re.I),
        followup=re.compile(words["followup"]["pattern"], re.I),
        generic=frozenset(words["generic"]["zh"].split()) | frozenset(words["generic"]["en"].split()),
        phrasing_heads=frozenset(words["generic"]["phrasing_heads"].split()),
        particles=re.compile("[" + "".join(words["generic"]["particles"].split()) + "]"),
        frameworks=_compile(words["frameworks"]),
        level_number=re.compile(words["levels"]["pattern"], re.I),
        level_said=re.compile(words["levels"]["said"], re.I),
        level_relation={side: re.compile(words["levels"][side], re.I) for side in ("above", "below", "same")},
        title_strip=re.compile(words["titles"]["strip"], re.I),
        document=re.compile(words["references"]["document"], re.I),
        this_item=re.compile(words["references"]["this_item"], re.I),
        points_back=re.compile(words["references"]["points_back"], re.I),
        referred=re.compile(words["references"]["referred"] + r"\s*(?:(?:" + "|".join(words["frameworks"].values())
                            + r")\s*)?(?:的|嘅)?\s*$", re.I),
        similar=re.compile(words["references"]["similar"], re.I),
        that_unit=re.compile(words["references"]["that_unit"], re.I),
        rung_above=re.compile(words["references"]["rung_above"], re.I),
        each=re.compile(words["references"]["each"], re.I),
        both=re.compile(words["references"]["both"], re.I),
        either=re.compile(words["references"]["either"], re.I),
        ordinal=re.compile(words["references"]["ordinal"], re.I),
        duty_by_place=re.compile(words["references"]["duty_by_place"], re.I),
        task_step={1: re.compile(words["references"]["next_task"], re.I),
                   -1: re.compile(words["references"]["previous_task"], re.I)},
        asking=re.compile(words["asking"]["pattern"], re.I),
        several=re.compile(words["asking"]["several"]),
        to_the_last=re.compile(words["references"]["to_the_last"], re.I),
        count=re.compile(words["counts"]["pattern"], re.I),
        every=re.compile(words["counts"]["every"], re.I),
        duties=re.compile(words["counts"]["duties"], re.I),
        superlative={side: re.compile(words["superlative"][side], re.I) for side in ("most", "least")},
        examples_asked=re.compile(words["examples"]["asked"], re.I),
        others_asked=re.compile(words["others"]["asked"], re.I),
        someone_else=re.compile(words["someone_else"]["asked"], re.I),
        example_marked=re.compile(words["examples"]["marked"], re.I),
        negated_before=re.compile(words["negation"]["before"], re.I),
        renounced=re.compile(words["negation"]["renounced"], re.I),
        admission=re.compile(words["admission"]["asked"], re.I),
        gap=re.compile(words["gap"]["asked"], re.I),
        covered=re.compile(words["covered"]["asked"], re.I),
        demand=re.compile(words["demand"]["asked"], re.I),
        job_title=re.compile(words["occupation"]["suffix"], re.I),
        unit_status={side: re.compile(words["unit_status"][side], re.I) for side in ("functional", "core")},
        unit_status_word={side: re.compile(words["unit_status_word"][side], re.I) for side in ("functional", "core")},
        law=re.compile(words["laws"]["name"], re.I),
        law_broader=tuple(words["laws"]["broader"].split()),
        mapping=re.compile(words["mapping"]["asked"], re.I),
        request=re.compile(words["request"]["asked"], re.I),
        presentation=re.compile(words["presentation"]["asked"], re.I),
    )


@lru_cache(maxsize=4)
def load_aliases(folder: Path = VOCABULARY) -> tuple[Alias, ...]:
    """Longest term first, so that `勞動基準法` wins over `勞動法`."""
    aliases = []
    for line in (folder / "aliases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        term, full, broader = (line.split("\t") + ["", ""])[:3]
        aliases.append(Alias(term.strip().lower(), _split(full), _split(broader)))
    return tuple(sorted(aliases, key=lambda a: -len(a.term)))


@lru_cache(maxsize=1)
def related_terms() -> dict[str, tuple[str, ...]]:
    """An everyday word -> the related terms the vocabulary gives it (for its closest items)."""
    return {normalise(a.term): tuple(normalise(b) for b in a.broader) for a in load_aliases() if a.broader}


@lru_cache(maxsize=4)
def load_work_words(folder: Path = VOCABULARY) -> tuple[str, ...]:
    """Stems of English work and career words (a question using them is about work)."""
    lines = (folder / "work_words_en.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_work_word(word: str) -> bool:
    return any(word.startswith(stem) for stem in load_work_words())


def _split(cell: str) -> tuple[str, ...]:
    return tuple(t.strip().lower() for t in cell.split("|") if t.strip())
