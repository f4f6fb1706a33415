"""End to end in a real browser: `streamlit run app.py` driven by headless Chromium.

Chromium is driven over its DevTools protocol (a websocket on 127.0.0.1), so
the test needs only Debian's chromium and the websocket-client package.
Skipped where /usr/bin/chromium is absent.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, timeout: float, what: str, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f} s waiting for {what}")


class StreamlitServer:
    """`streamlit run app.py` on a free loopback port, with its own data folder."""

    def __init__(self, data_dir: Path, env: dict | None = None, script: str = "app.py",
                 address: str | None = "127.0.0.1") -> None:
        """`address=None` leaves the address to the project's .streamlit/config.toml, as `streamlit run` would."""
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = dict(os.environ, OMP_NUM_THREADS="1", HF_HUB_OFFLINE="1", ANONYMIZED_TELEMETRY="False",
                           CAREER_DATA_DIR=str(data_dir), **(env or {}))  # sources, cache: conftest
        data_dir.mkdir(parents=True, exist_ok=True)
        self.log = open(data_dir.parent / f"streamlit-{self.port}.log", "w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", script, "--server.headless", "true",
             "--server.port", str(self.port), *(["--server.address", address] if address else []),
             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=ROOT, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(self._healthy, 60, "the Streamlit server")

    def _healthy(self) -> bool:
        if self.process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {self.process.returncode}; see {self.log.name}")
        try:
            with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                return response.read().strip() == b"ok"
        except OSError:
            return False

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


class Browser:
    """Headless Chromium and one page, driven over the DevTools protocol."""

    def __init__(self, profile: Path, width: int = 1400, height: int = 1000) -> None:
        import websocket  # websocket-client

        self.process = subprocess.Popen(
            [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", "--remote-allow-origins=*",
             f"--window-size={width},{height}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        port_file = profile / "DevToolsActivePort"
        port = wait_until(lambda: port_file.exists() and port_file.read_text().split("\n")[0].strip(), 30,
                          "Chromium's DevTools port")
        pages = wait_until(lambda: [t for t in self._targets(port) if t["type"] == "page"], 15, "a page target")
        self.socket = websocket.create_connection(pages[0]["webSocketDebuggerUrl"], timeout=30, suppress_origin=True)
        self._ids = itertools.count(1)
        self.send("Page.enable")
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})

    @staticmethod
    def _targets(port: str) -> list[dict]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=2) as response:
                return json.loads(response.read())
        except OSError:
            return []

    def send(self, method: str, params: dict | None = None) -> dict:
        message_id = next(self._ids)
        self.socket.send(json.dumps({"id": message_id, "method": method, "params": params or {}}))
        while True:  # events arrive in between; only our reply counts
            reply = json.loads(self.socket.recv())
            if reply.get("id") == message_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def go(self, url: str) -> None:
        self.send("Page.navigate", {"url": url})

    def js(self, expression: str):
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True})
        if "exceptionDetails" in result:
            raise RuntimeError(result["exceptionDetails"].get("text", "script error"))
        return result.get("result", {}).get("value")

    def wait_js(self, expression: str, timeout: float = 60, what: str = "") -> object:
        return wait_until(lambda: self.js(expression), timeout, what or expression)

    def settle(self, timeout: float = 60) -> None:
        """Wait until the app is idle: a click during a script run can land on an element being replaced."""
        idle = ("!document.querySelector('[data-testid=\"stStatusWidgetRunningIcon\"]') && "
                "!document.querySelector('[data-stale=\"true\"]')")
        wait_until(lambda: self.js(idle) and (time.sleep(0.3) or self.js(idle)), timeout, "the app to be idle")

    def text(self) -> str:
        return self.js("document.body.innerText") or ""

    def type_into(self, selector: str, text: str) -> None:
        self.js(f"document.querySelector({json.dumps(selector)}).focus()")
        self.send("Input.insertText", {"text": text})

    def press_enter(self) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", {"type": kind, "key": "Enter", "code": "Enter",
                                                 "windowsVirtualKeyCode": 13, "nativeVirtualKeyCode": 13,
                                                 **({"text": "\r"} if kind == "keyDown" else {})})

    def click_text(self, selector: str, text: str) -> bool:
        """Click the first element matching `selector` whose text contains `text`."""
        return bool(self.js(
            f"(() => {{ const el = [...document.querySelectorAll({json.dumps(selector)})]"
            f".find(e => e.innerText.includes({json.dumps(text)})); if (el) el.click(); return !!el; }})()"))

    def mouse_click(self, expression: str) -> bool:
        """A real mouse click on the element `expression` evaluates to (widgets listen for pointer events)."""
        box = self.js(f"(() => {{ const el = {expression}; if (!el) return null;"
                      " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
                      " return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        if not box:
            return False
        for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", {"type": kind, "x": box[0], "y": box[1], "button": "left",
                                                   "buttons": 1 if kind == "mousePressed" else 0, "clickCount": 1})
        return True

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        try:
            self.socket.close()
        finally:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()


CHAT_INPUT = 'textarea[data-testid="stChatInputTextArea"]'
MESSAGES = 'document.querySelectorAll(\'[data-testid="stChatMessage"]\')'


def ask(browser: Browser, question: str) -> str:
    """Type a question into the chat box, send it, and return the page text once the answer is there."""
    browser.wait_js(f"!!document.querySelector({json.dumps(CHAT_INPUT)})", 90, "the chat input")
    before = browser.js(f"{MESSAGES}.length")
    browser.type_into(CHAT_INPUT, question)
    browser.press_enter()
    browser.wait_js(f"{MESSAGES}.length >= {before + 2} && "
                    "!!document.querySelector('[data-testid=\"stButtonGroup\"]')", 60, "the answer and its citations")
    browser.settle()
    return browser.text()


@pytest.mark.integration  # a real app server on 127.0.0.1 and a real browser: part of `make test`
def test_browser_asks_a_question_and_sees_an_answer_with_citations(tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium")
    server = StreamlitServer(tmp_path / "data")
    browser = None
    try:
        browser = Browser(tmp_path / "chromium")
        browser.go(server.url)
        # First start: the index is built (behind a progress bar) before the chat appears.
        browser.wait_js(f"!!document.querySelector({json.dumps(CHAT_INPUT)})", 120, "the chat input")
        assert "職涯導航助理" in browser.text()

        page = ask(browser, "訓練經理需要哪些技能？")
        assert "組織規劃能力" in page  # the answer, from the standard
        assert "BHR1212-002v3/S01" in page  # its citation code

        # One click on a code opens the record it comes from.
        assert browser.mouse_click("[...document.querySelectorAll('[data-testid=\"stButtonGroup\"] button')]"
                                   ".find(e => e.innerText.includes('BHR1212-002v3/S01'))")
        browser.wait_js("!!document.querySelector('[data-testid=\"stCode\"]')", 30, "the opened source record")
        record = browser.js("document.querySelector('[data-testid=\"stCode\"]').innerText")
        assert "BHR1212-002v3" in record and "S01 組織規劃能力" in record
        assert (tmp_path / "data" / "index" / "CURRENT").exists()
    finally:
        if browser is not None:
            browser.close()
        server.stop()


# What lies on what in the ladder's SVG, in the SVG's own coordinates: every edge, cluster border and node
# border is walked point by point against every text box, and text boxes of different nodes and clusters
# against each other. Empty when nothing overlaps.
LADDER_OVERLAPS = """(() => {
  const svg = document.querySelector('[data-testid="stGraphVizChart"] svg');
  if (!svg) return ['no svg'];
  const owner = t => t.closest('g.node, g.cluster, g.edge');
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim())
    .map(t => ({b: t.getBBox(), s: t.textContent.trim(), g: owner(t)}));
  const inside = (p, b) => p.x > b.x && p.x < b.x + b.width && p.y > b.y && p.y < b.y + b.height;
  const problems = new Set();
  const walk = (el, what) => {
    const stroke = el.getAttribute('stroke');
    if (stroke === 'transparent' || stroke === 'none') return;
    const n = el.getTotalLength();
    for (let d = 0; d <= n; d += 1) {
      const p = el.getPointAtLength(d);
      for (const t of texts) if (inside(p, t.b)) problems.add(what + ' runs through "' + t.s + '"');
    }
  };
  svg.querySelectorAll('g.edge path, g.edge polygon').forEach(e => walk(e, 'an arrow'));
  svg.querySelectorAll('g.cluster path, g.cluster polygon').forEach(e => walk(e, 'a box border'));
  svg.querySelectorAll('g.node path, g.node polygon').forEach(e => walk(e, 'a node border'));
  const meet = (a, b) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++)
    if (texts[i].g !== texts[j].g && meet(texts[i].b, texts[j].b))
      problems.add('"' + texts[i].s + '" overlaps "' + texts[j].s + '"');
  return [...problems];
})()"""
GRAPH = "!!document.querySelector('[data-testid=\"stGraphVizChart\"] svg g.node text')"
VIEW_CHECKED = ("[...document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] [role=\"radiogroup\"] input')]"
                ".filter(i => i.checked).map(i => i.closest('label').innerText)")


def require_browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    pytest.importorskip("websocket", reason="websocket-client is needed to drive Chromium")


def non_loopback_address() -> str | None:
    """This machine's address on its network, if it has one (a UDP connect sends nothing)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") else address


@pytest.mark.integration
def test_browser_sees_a_counsellor_screen_ladder_gap_and_language(tmp_path):
    """The app as started from the project's config (no address flag): loopback only, no Deploy button or
    developer menu; the ladder with nothing on its arrows or borders; the gap table whole; English kept."""
    require_browser()
    server = StreamlitServer(tmp_path / "data", address=None)
    browser = None
    try:
        elsewhere = non_loopback_address()
        if elsewhere:  # served on loopback only: not reachable from the network
            with pytest.raises(OSError):
                socket.create_connection((elsewhere, server.port), timeout=2).close()
        browser = Browser(tmp_path / "chromium")
        browser.go(server.url)
        browser.wait_js(f"!!document.querySelector({json.dumps(CHAT_INPUT)})", 120, "the chat input")
        browser.settle()
        browser.screenshot(tmp_path / "first-page.png")
        assert not browser.js("!!document.querySelector('[data-testid=\"stAppDeployButton\"], "
                              "[data-testid=\"stMainMenu\"]')")
        page = browser.text()
        assert "BHR1212-002v3" in page and "HK:" not in page.split("BHR1212-002v3")[0][-5:]  # coverage shown

        browser.go(server.url + "/?view=ladder")  # a link to a view opens on that view
        browser.wait_js(GRAPH, 60, "the ladder diagram")
        browser.settle()
        time.sleep(1)  # the diagram is laid out after it is attached
        browser.screenshot(tmp_path / "ladder.png")
        assert browser.js(VIEW_CHECKED) and "?view=ladder" in browser.js("location.href")
        assert browser.js(LADDER_OVERLAPS) == []

        # English: the view and the framework keep their selection, and the diagram is redrawn.
        assert browser.mouse_click("[...document.querySelectorAll('[data-testid=\"stSidebar\"] label')]"
                                   ".find(e => e.innerText.trim() == 'English')")
        browser.wait_js("document.body.innerText.includes('Career guidance assistant')", 60, "the English page")
        browser.settle()
        browser.wait_js(GRAPH, 60, "the English ladder")
        assert browser.js(VIEW_CHECKED) == ["Career ladder"]
        assert browser.js("[...document.querySelectorAll('[data-testid=\"stSidebar\"] [role=\"radiogroup\"] input')]"
                          ".filter(i => i.checked).length") == 2  # the language and the framework
        time.sleep(1)
        assert browser.js(LADDER_OVERLAPS) == []
        browser.screenshot(tmp_path / "ladder-en.png")

        # The gap between two rungs: the grid is as tall as its rows (no silent inner scroll).
        assert browser.mouse_click("[...document.querySelectorAll('[data-testid=\"stMainBlockContainer\"] label')]"
                                   ".find(e => e.innerText.trim() == 'Gap')")
        browser.wait_js("!!document.querySelector('[data-testid=\"stDataFrame\"]')", 60, "the gap table")
        browser.settle()
        assert "?view=gap" in browser.js("location.href")
        scroll = browser.js("(() => { const s = document.querySelector('[data-testid=\"stDataFrame\"] "
                            ".dvn-scroller'); return s ? [s.scrollHeight, s.clientHeight] : null; })()")
        if scroll:
            assert scroll[0] <= scroll[1] + 2, scroll
        browser.screenshot(tmp_path / "gap-en.png")
    finally:
        if browser is not None:
            browser.close()
        server.stop()


@pytest.mark.integration
def test_browser_ladder_of_many_paths_and_families_has_no_overlaps(tmp_path):
    require_browser()
    server = StreamlitServer(tmp_path / "data", script=str(Path("tests") / "fixtures" / "ladder_page.py"))
    browser = None
    try:
        browser = Browser(tmp_path / "chromium", width=2400, height=1400)
        for lang in ("zh-TW", "en"):
            browser.go(f"{server.url}/?lang={lang}")
            browser.wait_js(GRAPH, 90, "the ladder diagram")
            time.sleep(1.5)
            nodes = browser.js("document.querySelectorAll('[data-testid=\"stGraphVizChart\"] g.node').length")
            assert nodes > 30  # three paths with their step nodes and twelve standards are drawn
            assert browser.js(LADDER_OVERLAPS) == [], lang
            browser.screenshot(tmp_path / f"ladder-many-{lang}.png")
    finally:
        if browser is not None:
            browser.close()
        server.stop()
