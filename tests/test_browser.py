"""The HTML report in a real browser: headless Chromium with every network name unresolvable.

Chromium is driven over its DevTools pipe (``--remote-debugging-pipe``: JSON messages on file
descriptors 3 and 4), so the test needs no Python browser package. It is skipped, with a message,
when Chromium is not installed; `.ci/run` installs it.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from bilateral import cli

FIXTURES = Path(__file__).parent / "fixtures" / "render"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get "
                                 "install chromium; .ci/run does): browser test not run")]


class Browser:
    """A headless Chromium and one page, driven by DevTools protocol messages over a pipe."""

    def __init__(self, profile: Path):
        to_browser, self._to_browser = os.pipe()
        self._from_browser, from_browser = os.pipe()

        def pipes_on_3_and_4():
            read, write = os.dup(to_browser), os.dup(from_browser)
            os.dup2(read, 3)
            os.dup2(write, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-extensions", "--hide-scrollbars",
             "--host-resolver-rules=MAP * ~NOTFOUND", f"--user-data-dir={profile}",
             "--remote-debugging-pipe", "about:blank"],
            pass_fds=sorted({to_browser, from_browser, 3, 4}), preexec_fn=pipes_on_3_and_4,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._buffer, self._last_id, self.events = b"", 0, []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]

    def call(self, method: str, session: str | None = None, **params) -> dict:
        """Send one command and return its result."""
        self._last_id += 1
        message = {"id": self._last_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        reply = self.wait_for(lambda m: m.get("id") == self._last_id)
        assert "error" not in reply, reply
        return reply["result"]

    def page(self, method: str, **params) -> dict:
        """Send a command to the page."""
        return self.call(method, self.session, **params)

    def wait_for(self, wanted, timeout: float = 60) -> dict:
        """Return the first message for which ``wanted`` is true; keep the others as events."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if wanted(message):
                    return message
                self.events.append(message)
            chunk = os.read(self._from_browser, 1 << 20)
            assert chunk, "chromium exited"
            self._buffer += chunk
        raise TimeoutError("no answer from chromium")

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chrome = Browser(tmp_path_factory.mktemp("chromium-profile"))
    yield chrome
    chrome.close()


def open_page(browser: Browser, path: Path) -> dict:
    """Load a file at 1024 px wide; return what the page showed and which requests failed."""
    browser.events.clear()
    browser.page("Network.enable")
    browser.page("Page.enable")
    browser.page("Emulation.setDeviceMetricsOverride", width=1024, height=800,
                 deviceScaleFactor=1, mobile=False)
    browser.page("Page.navigate", url=path.resolve().as_uri())
    browser.wait_for(lambda m: m.get("method") == "Page.loadEventFired")
    shown = browser.page("Runtime.evaluate", returnByValue=True, expression="""JSON.stringify({
        title: document.title,
        images: [...document.images].map(i => ({ok: i.complete && i.naturalWidth > 0,
                                                right: i.getBoundingClientRect().right})),
        tables: [...document.querySelectorAll('table')].map(t => t.getBoundingClientRect().right),
        pageWidth: document.documentElement.scrollWidth, viewWidth: window.innerWidth,
        text: document.body.innerText})""")
    result = json.loads(shown["result"]["value"])
    result["failed"] = [e["params"] for e in browser.events
                        if e.get("method") == "Network.loadingFailed"]
    result["requested"] = [e["params"]["request"]["url"][:80] for e in browser.events
                           if e.get("method") == "Network.requestWillBeSent"]
    shot = browser.page("Page.captureScreenshot", format="png")["data"]
    result["screenshot"] = base64.b64decode(shot)
    return result


def test_browser_catches_a_page_that_needs_the_network(browser, tmp_path):
    """The harness itself: a page with CDN references does show failed requests."""
    page = tmp_path / "online.html"
    page.write_text('<html><head><title>x</title><link rel="stylesheet" '
                    'href="https://cdn.jsdelivr.net/x.css"></head><body>'
                    '<img src="https://example.org/chart.png"></body></html>', encoding="utf-8")
    shown = open_page(browser, page)
    assert len(shown["failed"]) == 2 and not shown["images"][0]["ok"]


def test_report_loads_offline_and_shows_its_charts(browser, tmp_path):
    out = tmp_path / "reports"
    status = cli.main(["render", str(FIXTURES / "params" / "alpha.yaml"), "--format", "html",
                       "--notebook", str(FIXTURES / "report.ipynb"), "--out", str(out)])
    assert status == 0
    shown = open_page(browser, out / "alpha" / "alpha.html")
    assert shown["failed"] == [], shown["failed"]
    assert all(url.startswith(("file:", "data:")) for url in shown["requested"]), shown["requested"]
    assert shown["title"] == "Alpha report"
    assert shown["images"] and all(image["ok"] for image in shown["images"])
    assert shown["pageWidth"] <= shown["viewWidth"], "the page scrolls sideways"
    assert all(right <= shown["viewWidth"] for right in
               [i["right"] for i in shown["images"]] + shown["tables"])
    assert "Alpha report" in shown["text"] and "import matplotlib" not in shown["text"]
    assert shown["screenshot"].startswith(b"\x89PNG") and len(shown["screenshot"]) > 10_000

    index = open_page(browser, out / "index.html")
    assert index["failed"] == [] and index["images"] and all(i["ok"] for i in index["images"])
