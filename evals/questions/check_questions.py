"""Check the evaluation question sets in this folder.

Usage (from the project root):  .venv/bin/python evals/questions/check_questions.py

Every *.jsonl file here is read. For each question it checks the schema, that
ids are unique across files, that every expected code is a canonical corpus
code, that abstain questions carry no codes or required strings, and that every
must_contain group has at least one string found verbatim in the source text of
the expected codes' documents (or equal to an expected code or its local
suffix such as "T2.4"). For zh-CN questions the comparison is made after OpenCC
Traditional→Simplified conversion of both sides, and each group must offer a
string an answer written in Simplified Chinese can contain.

Prints a summary and exits 1 on any error.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpus import load_corpus  # noqa: E402
from corpus.load import SOURCES_DIR  # noqa: E402

FIELDS = {
    "id": str,
    "question": str,
    "history": list,
    "expected_codes": list,
    "must_contain": list,
    "expect_abstain": bool,
    "lang": str,
    "category": str,
}
LANGS = {"zh-TW", "zh-CN", "en"}
CATEGORIES = {
    "code_lookup", "overview", "tasks", "outputs", "knowledge_skills", "attitudes", "entry_requirements",
    "assessment", "hk_role", "hk_unit", "qualification", "courses", "soft_skills", "career_path", "gap",
    "cross_framework", "followup", "out_of_corpus", "injection",
    "yes_no", "detail", "list", "multi_part", "compare", "situation", "fit",
}
MAX_CODES = 3
MAX_GROUPS = 3
CJK = re.compile(r"[\u3400-\u9fff]")
TAG = re.compile(r"<[^>]+>")
SPACE = re.compile(r"\s+")


def load_converters():
    """(t2s, s2t) functions, or None when OpenCC is not installed."""
    try:
        from opencc import OpenCC
    except ImportError:
        return None
    t2s, s2t = OpenCC("t2s"), OpenCC("s2t")
    return t2s.convert, s2t.convert


def normalise(text: str) -> str:
    """Drop HTML tags, markdown bold and all whitespace, so PDF spacing does not matter."""
    return SPACE.sub("", TAG.sub("", text).replace("**", ""))


def read_questions(path: Path) -> tuple[list[tuple[int, dict]], list[str]]:
    rows, errors = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            errors.append(f"{path.name}:{number}: invalid JSON ({error})")
            continue
        if not isinstance(row, dict):
            errors.append(f"{path.name}:{number}: a line must be a JSON object")
            continue
        rows.append((number, row))
    return rows, errors


def check_schema(row: dict) -> list[str]:
    errors = []
    missing = [name for name in FIELDS if name not in row]
    extra = [name for name in row if name not in FIELDS]
    if missing:
        errors.append(f"missing fields {missing}")
    if extra:
        errors.append(f"unknown fields {extra}")
    for name, kind in FIELDS.items():
        if name in row and not isinstance(row[name], kind):
            errors.append(f"{name} must be {kind.__name__}, not {type(row[name]).__name__}")
    if errors:
        return errors
    if not row["id"].strip():
        errors.append("empty id")
    if not row["question"].strip():
        errors.append("empty question")
    if row["lang"] not in LANGS:
        errors.append(f"lang {row['lang']!r} not in {sorted(LANGS)}")
    if row["category"] not in CATEGORIES:
        errors.append(f"category {row['category']!r} is unknown")
    for i, turn in enumerate(row["history"]):
        if not (isinstance(turn, dict) and set(turn) == {"role", "content"}):
            errors.append(f"history[{i}] must have exactly role and content")
        elif turn["role"] not in ("user", "assistant") or not isinstance(turn["content"], str) or not turn["content"]:
            errors.append(f"history[{i}] needs role user|assistant and non-empty content")
    if row["category"] == "followup" and not row["history"]:
        errors.append("a followup question needs a history")
    if not all(isinstance(code, str) for code in row["expected_codes"]):
        errors.append("expected_codes must be strings")
    if len(set(row["expected_codes"])) != len(row["expected_codes"]):
        errors.append("duplicate expected code")
    for i, group in enumerate(row["must_contain"]):
        if not (isinstance(group, list) and group and all(isinstance(s, str) and s.strip() for s in group)):
            errors.append(f"must_contain[{i}] must be a non-empty list of non-empty strings")
    abstain = row["expect_abstain"]
    if abstain and (row["expected_codes"] or row["must_contain"]):
        errors.append("an abstain question must have no expected_codes and no must_contain")
    if not abstain:
        if not 1 <= len(row["expected_codes"]) <= MAX_CODES:
            errors.append(f"a non-abstain question needs 1-{MAX_CODES} expected codes")
        if not 1 <= len(row["must_contain"]) <= MAX_GROUPS:
            errors.append(f"a non-abstain question needs 1-{MAX_GROUPS} must_contain groups")
    if row["category"] == "out_of_corpus" and not abstain:
        errors.append("out_of_corpus questions must expect abstention")
    return errors


class Sources:
    """Canonical codes and the normalised source text of the document that defines each."""

    def __init__(self, convert):
        corpus = load_corpus()
        self.problems = [f"{p.file}: {p.reason}" for p in corpus.problems]
        self.codes = corpus.codes()
        self.text_of: dict[str, str] = {}
        for document in corpus.documents:
            text = normalise((SOURCES_DIR / document.source).read_text(encoding="utf-8-sig"))
            for code in document.item_codes():
                self.text_of[code] = text
        self.t2s = convert[0] if convert else None
        self._simplified: dict[str, str] = {}

    def simplified(self, text: str) -> str:
        if text not in self._simplified:
            self._simplified[text] = self.t2s(text)
        return self._simplified[text]

    def supports(self, needle: str, codes: list[str], lang: str) -> bool | None:
        """True if the string is a code/suffix or occurs in a source; None if it cannot be decided."""
        suffixes = {code.split("/", 1)[1] for code in codes if "/" in code}
        if needle in codes or needle in suffixes:
            return True
        texts = [self.text_of[code] for code in codes if code in self.text_of]
        flat = normalise(needle)
        if any(flat in text for text in texts):
            return True
        if lang == "zh-CN":
            if self.t2s is None:
                return None
            flat = self.t2s(flat)
            return any(flat in self.simplified(text) for text in texts)
        return False


def check_content(row: dict, sources: Sources) -> tuple[list[str], list[str]]:
    errors, warnings = [], []
    codes = row["expected_codes"]
    for code in codes:
        if code not in sources.codes:
            errors.append(f"expected code {code!r} is not a corpus code")
    if row["expect_abstain"]:
        return errors, warnings
    for i, group in enumerate(row["must_contain"]):
        verdicts = [sources.supports(s, codes, row["lang"]) for s in group]
        if True not in verdicts:
            if None in verdicts:
                warnings.append(f"must_contain[{i}] {group} not checked (OpenCC missing)")
            else:
                errors.append(f"must_contain[{i}] {group}: no string found in the sources of {codes}")
        if row["lang"] == "zh-CN" and sources.t2s is not None:
            # An answer in Simplified Chinese must be able to contain one of the strings.
            if not any(sources.t2s(s) == s for s in group):
                errors.append(f"must_contain[{i}] {group}: zh-CN group has no Simplified or script-neutral form")
    return errors, warnings


def main() -> int:
    convert = load_converters()
    sources = Sources(convert)
    errors: list[str] = [f"corpus problem: {p}" for p in sources.problems]
    warnings: list[str] = []
    if convert is None:
        warnings.append("OpenCC is not installed: zh-CN strings are compared without script conversion")
    files = sorted(HERE.glob("*.jsonl"))
    if not files:
        errors.append(f"no *.jsonl files in {HERE}")
    seen_ids: dict[str, str] = {}
    seen_questions: dict[tuple, str] = {}
    per_file: dict[str, Counter] = {}
    for path in files:
        rows, file_errors = read_questions(path)
        errors += file_errors
        counts = per_file[path.name] = Counter()
        for number, row in rows:
            where = f"{path.name}:{number} ({row.get('id', '?')})"
            row_errors = check_schema(row)
            if not row_errors:
                content_errors, content_warnings = check_content(row, sources)
                row_errors += content_errors
                warnings += [f"{where}: {w}" for w in content_warnings]
                qid = row["id"]
                if qid in seen_ids:
                    row_errors.append(f"id {qid!r} already used at {seen_ids[qid]}")
                seen_ids.setdefault(qid, where)
                key = (normalise(row["question"]).lower(), json.dumps(row["history"], ensure_ascii=False))
                if key in seen_questions:
                    row_errors.append(f"same question as {seen_questions[key]}")
                seen_questions.setdefault(key, where)
                counts["total"] += 1
                counts[f"lang:{row['lang']}"] += 1
                counts[f"category:{row['category']}"] += 1
                counts["abstain" if row["expect_abstain"] else "answerable"] += 1
            errors += [f"{where}: {e}" for e in row_errors]
    print_summary(per_file)
    for warning in warnings:
        print(f"WARNING {warning}")
    for error in errors:
        print(f"ERROR {error}")
    print(f"\n{len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


def print_summary(per_file: dict[str, Counter]) -> None:
    for name, counts in per_file.items():
        total = counts["total"] or 1
        print(f"== {name}: {counts['total']} questions ({counts['answerable']} answerable, {counts['abstain']} abstain)")
        langs = sorted(k for k in counts if k.startswith("lang:"))
        print("   lang:     " + ", ".join(f"{k[5:]} {counts[k]} ({100 * counts[k] / total:.0f}%)" for k in langs))
        cats = sorted((k for k in counts if k.startswith("category:")), key=lambda k: (-counts[k], k))
        print("   category: " + ", ".join(f"{k[9:]} {counts[k]}" for k in cats))
    overall = sum(per_file.values(), Counter())
    print(f"== all files: {overall['total']} questions")


if __name__ == "__main__":
    sys.exit(main())
