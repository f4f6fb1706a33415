"""Optional chat transcripts, redacted before they reach the disk.

Off unless `Settings.transcript_log` names a file. People type their own
identifiers into a career chat ("我的身分證是…, call me on …"), so every string
is passed through `redact` first: Taiwan ID numbers, HKID numbers, Taiwan and
Hong Kong phone numbers and e-mail addresses never reach the log as written.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

# Identifiers sit next to CJK text with no space ("身分證A123456789"), and CJK
# characters count as word characters, so `\b` would miss them: the guards
# below only look at ASCII letters and digits.
_NOT_ALNUM_BEFORE = r"(?<![A-Za-z0-9])"
_NOT_ALNUM_AFTER = r"(?![A-Za-z0-9])"
_NOT_DIGIT_BEFORE = r"(?<![0-9])"
_NOT_DIGIT_AFTER = r"(?![0-9])"
_SEP = r"[\s\-.]?"

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("[EMAIL]", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")),
    # HKID: one or two letters, six digits, a check digit or A, usually in brackets: A123456(7), AB123456(A).
    ("[HKID]", re.compile(_NOT_ALNUM_BEFORE + r"[A-Za-z]{1,2}\d{6}\s?[(（]\s?[0-9Aa]\s?[)）]")),
    ("[HKID]", re.compile(_NOT_ALNUM_BEFORE + r"[A-Za-z]{1,2}\d{6}[0-9Aa]" + _NOT_ALNUM_AFTER)),
    # Taiwan national ID and resident certificate: a letter, 1/2 (or 8/9, A-D for residents), eight digits.
    ("[TW-ID]", re.compile(_NOT_ALNUM_BEFORE + r"[A-Za-z][1289A-Da-d]\d{8}" + _NOT_ALNUM_AFTER)),
    # International forms first, so that the local patterns do not take half of one.
    ("[PHONE]", re.compile(r"\+\s?886" + _SEP + r"\(?0?\)?\d{1,3}" + _SEP + r"\d{3,4}" + _SEP + r"\d{3,4}"
                           + _NOT_DIGIT_AFTER)),
    ("[PHONE]", re.compile(r"\+\s?852" + _SEP + r"\d{4}" + _SEP + r"\d{4}" + _NOT_DIGIT_AFTER)),
    # Taiwan mobile 09xx-xxx-xxx and landlines 0x-xxxx-xxxx.
    ("[PHONE]", re.compile(_NOT_DIGIT_BEFORE + r"09\d{2}" + _SEP + r"\d{3}" + _SEP + r"\d{3}" + _NOT_DIGIT_AFTER)),
    ("[PHONE]", re.compile(_NOT_DIGIT_BEFORE + r"\(?0\d{1,2}\)?" + _SEP + r"\d{3,4}" + _SEP + r"\d{4}"
                           + _NOT_DIGIT_AFTER)),
    # Hong Kong: eight digits starting 2-9, optionally split 4+4. A date written 20261121 looks the
    # same as a landline (2xxx xxxx); a log loses a date rather than keep a number.
    ("[PHONE]", re.compile(_NOT_DIGIT_BEFORE + r"[2-9]\d{3}" + _SEP + r"\d{4}" + _NOT_DIGIT_AFTER)),
)


def redact(text: str) -> str:
    """The text with ID numbers, phone numbers and e-mail addresses replaced by a tag."""
    for tag, pattern in PATTERNS:
        text = pattern.sub(tag, text)
    return text


def redact_value(value):
    """Every string inside a JSON-like value, redacted."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_value(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact_value(item) for item in value]
    return value


class TranscriptLog:
    """Appends one redacted JSON line per answered question."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()  # Streamlit serves every browser session from threads of one process

    def append(self, session: str, answer, **extra) -> dict:
        """Log one exchange; `answer` is a `retrieval.answer.Answer`. Returns the record as written."""
        record = redact_value({
            "time": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "session": session,
            "question": answer.question,
            "answer": answer.text,
            "citations": list(answer.citations),
            "engine": answer.engine,
            "lang": answer.lang,
            "abstained": answer.abstained,
            "notices": list(answer.notices),
            **extra,
        })
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as out:
                out.write(line)
                out.flush()
                os.fsync(out.fileno())
        return record


def transcript_log(settings) -> TranscriptLog | None:
    """The log the settings ask for, or None (the default: nothing is written)."""
    return TranscriptLog(settings.transcript_log) if settings.transcript_log else None
