"""Transcripts are off by default, and when on, identifiers never reach the disk as typed."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from retrieval.settings import Settings
from retrieval.transcript import TranscriptLog, redact, transcript_log

ROOT = Path(__file__).resolve().parent.parent

TW_ID = "A123456789"
HKID = "A123456(7)"
HKID_TWO_LETTERS = "AB123456(A)"
TW_MOBILE = "0912-345-678"
TW_INTERNATIONAL = "+886 912 345 678"
HK_PHONE = "9123 4567"
HK_INTERNATIONAL = "+852 6123 4567"
EMAIL = "chen.meiling@example.com.tw"
RAW = (TW_ID, HKID, HKID_TWO_LETTERS, TW_MOBILE, TW_INTERNATIONAL, HK_PHONE, HK_INTERNATIONAL, EMAIL)
# The same numbers with the separators taken out, in case anything normalised them before writing.
COMPACT = ("0912345678", "912345678", "91234567", "61234567", "A1234567", "AB123456A")


@pytest.mark.parametrize("text, expected", [
    (f"我的身分證字號是{TW_ID}，想轉職", "我的身分證字號是[TW-ID]，想轉職"),
    ("居留證 a812345678", "居留證 [TW-ID]"),
    (f"HKID {HKID} 或 {HKID_TWO_LETTERS}", "HKID [HKID] 或 [HKID]"),
    ("香港身份證Z683712（5）", "香港身份證[HKID]"),
    (f"手機{TW_MOBILE}、0912345678、{TW_INTERNATIONAL}", "手機[PHONE]、[PHONE]、[PHONE]"),
    ("市話 02-2345-6789 或 (02)2345-6789 或 +886-2-2345-6789", "市話 [PHONE] 或 [PHONE] 或 [PHONE]"),
    (f"香港 {HK_PHONE}、61234567、{HK_INTERNATIONAL}、+85291234567", "香港 [PHONE]、[PHONE]、[PHONE]、[PHONE]"),
    (f"寄到 {EMAIL} 或 a_b+c@mail.hk", "寄到 [EMAIL] 或 [EMAIL]"),
])
def test_redact_replaces_identifiers(text, expected):
    assert redact(text) == expected


def test_redact_keeps_codes_and_numbers_of_the_corpus():
    text = ("訓練經理（BHR1212-002v3/S01）、能力單元 106904L7、HK:人才管理經理、BHR5R0061v2，"
            "資歷級別第 5 級、128 學分、2024 年版本 P2.4.1")
    assert redact(text) == text
    assert redact("20261121") == "[PHONE]"  # eight digits could be a Hong Kong landline: privacy first


def test_transcripts_are_off_by_default(tmp_path):
    assert transcript_log(Settings.from_env(environ={})) is None
    log = transcript_log(Settings.from_env(environ={"CAREER_TRANSCRIPT_LOG": str(tmp_path / "t.jsonl")}))
    assert isinstance(log, TranscriptLog) and log.path == tmp_path / "t.jsonl"


def test_transcript_log_appends_redacted_json_lines(tmp_path, retriever, corpus):
    from retrieval.answer import Knowledge, answer

    result = answer(f"我的 email 是 {EMAIL}，訓練經理需要哪些技能？", [], knowledge=Knowledge(retriever, corpus))
    log = TranscriptLog(tmp_path / "logs" / "t.jsonl")
    log.append("s1", result, note=f"call {TW_MOBILE}")
    log.append("s1", result)
    lines = (tmp_path / "logs" / "t.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len(records) == 2 and records[0]["note"] == "call [PHONE]"
    assert records[0]["question"] == "我的 email 是 [EMAIL]，訓練經理需要哪些技能？"
    assert records[0]["citations"] == list(result.citations) and records[0]["answer"] == result.text


def test_nothing_typed_in_the_app_reaches_the_disk_as_typed(tmp_path, monkeypatch, cache_path):
    """Seed every kind of identifier through the chat and the brief with logging on; then read every file the
    app could have written: the data folder, the transcript, and the shared embedding cache if it changed."""
    data_dir, log_path = tmp_path / "data", tmp_path / "logs" / "transcript.jsonl"
    monkeypatch.setenv("CAREER_DATA_DIR", str(data_dir))
    monkeypatch.setenv("CAREER_EMBEDDING_CACHE", str(cache_path))
    monkeypatch.setenv("CAREER_TRANSCRIPT_LOG", str(log_path))
    monkeypatch.delenv("CAREER_CHAT_PROVIDER", raising=False)
    exports = []
    original = MediaFileManager.add_deferred

    def capture(self, data_callable, *args, **kwargs):
        exports.append(data_callable)
        return original(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", capture)
    shared = [cache_path, cache_path.with_name(cache_path.name + "-wal"),
              cache_path.with_name(cache_path.name + "-journal")]
    started = time.time()
    before = {p: p.stat().st_mtime for p in shared if p.exists()}

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()
    questions = [
        f"我的身分證字號是{TW_ID}，手機{TW_MOBILE}，訓練經理需要哪些技能？",
        f"HKID {HKID}，電話 {HK_PHONE}，email {EMAIL}，人才管理經理要哪些能力單元？",
        f"My HKID is {HKID_TWO_LETTERS}, call {HK_INTERNATIONAL} or {TW_INTERNATIONAL}. "
        "What skills does a training manager need?",
        f"{EMAIL} 廚師的薪水多少？",  # an abstention is logged too
    ]
    for question in questions:
        at.chat_input[0].set_value(question).run()
        assert not at.exception, [e.value for e in at.exception]
    at.radio(key="view@zh-TW").set_value("check").run()
    at.selectbox(key="check_target@zh-TW").set_value("HK:人才管理經理").run()
    at.checkbox(key="tick::HK:人才管理經理::106907L5").check().run()
    at.radio(key="view@zh-TW").set_value("brief").run()
    at.text_area(key="brief_situation").input(f"陳美玲，身分證 {TW_ID}，HKID {HKID}，手機 {TW_MOBILE}").run()
    at.text_area(key="brief_goal").input(f"聯絡 {EMAIL} / {HK_PHONE} / {HK_INTERNATIONAL}").run()
    assert not at.exception, [e.value for e in at.exception]
    made = [generate() for generate in exports[-3:]]  # the exports, in memory as a download would take them
    assert TW_ID in made[0] and made[1][:2] == b"PK" and made[2].startswith(b"%PDF")
    assert at.session_state["messages"][0]["content"] == questions[0]  # the identifiers did go through the app

    records = [json.loads(line) for line in log_path.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(questions)
    logged = json.dumps(records, ensure_ascii=False)
    for tag in ("[TW-ID]", "[HKID]", "[PHONE]", "[EMAIL]"):
        assert tag in logged
    assert "訓練經理需要哪些技能" in logged and records[-1]["abstained"]

    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    written += [p for p in shared if p.exists() and (p not in before or p.stat().st_mtime > before[p])
                and p.stat().st_mtime >= started]
    assert log_path in written and any(p.parent.name == "index" or "builds" in p.parts for p in written)
    for path in written:
        content = path.read_bytes()
        for value in RAW + COMPACT:
            assert value.encode("utf-8") not in content, f"{value!r} written to {path}"
