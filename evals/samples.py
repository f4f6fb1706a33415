"""Question-set records (JSONL, one question a line) and their loading."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

QUESTIONS_DIR = Path(__file__).parent / "questions"
LANGS = ("zh-TW", "zh-CN", "en")
FIELDS = ("id", "question", "history", "expected_codes", "must_contain", "expect_abstain", "lang", "category")


class QuestionSetError(ValueError):
    pass


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    history: tuple[dict, ...]
    expected_codes: tuple[str, ...]
    must_contain: tuple[tuple[str, ...], ...]
    expect_abstain: bool
    lang: str
    category: str

    @classmethod
    def from_dict(cls, data: dict, where: str) -> "Question":
        missing = [f for f in FIELDS if f not in data]
        if missing:
            raise QuestionSetError(f"{where}: missing field(s) {', '.join(missing)}")
        checks = (
            ("id", isinstance(data["id"], str) and data["id"]),
            ("question", isinstance(data["question"], str)),
            ("history", isinstance(data["history"], list)
             and all(isinstance(m, dict) and m.get("role") in ("user", "assistant") and "content" in m
                     for m in data["history"])),
            ("expected_codes", isinstance(data["expected_codes"], list)
             and all(isinstance(c, str) for c in data["expected_codes"])),
            ("must_contain", isinstance(data["must_contain"], list)
             and all(isinstance(g, list) and g and all(isinstance(s, str) for s in g) for g in data["must_contain"])),
            ("expect_abstain", isinstance(data["expect_abstain"], bool)),
            ("lang", data["lang"] in LANGS),
        )
        for name, ok in checks:
            if not ok:
                raise QuestionSetError(f"{where}: field '{name}' has an invalid value {data[name]!r}")
        return cls(
            id=data["id"],
            question=data["question"],
            history=tuple(data["history"]),
            expected_codes=tuple(data["expected_codes"]),
            must_contain=tuple(tuple(g) for g in data["must_contain"]),
            expect_abstain=data["expect_abstain"],
            lang=data["lang"],
            category=str(data["category"]),
        )


def load_questions(path: Path | str) -> list[Question]:
    path = Path(path)
    questions = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            raise QuestionSetError(f"{where}: not JSON ({error.msg})") from error
        questions.append(Question.from_dict(data, where))
    ids = [q.id for q in questions]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise QuestionSetError(f"{path.name}: duplicate ids {', '.join(duplicates)}")
    return questions


def default_question_files() -> list[Path]:
    return sorted(QUESTIONS_DIR.glob("*.jsonl"))
