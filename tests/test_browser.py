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


# ---- The interactive report: hover, focus, filter, sort, accessibility, no script ----------

AXE = Path(__file__).resolve().parents[1] / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def evaluate(browser: Browser, expression: str, *, wait: bool = False):
    """Evaluate JavaScript in the page and return its value (awaiting a promise if asked)."""
    reply = browser.page("Runtime.evaluate", expression=expression, returnByValue=True,
                         awaitPromise=wait)
    assert "exceptionDetails" not in reply, reply["exceptionDetails"]
    return reply["result"].get("value")


def load(browser: Browser, path: Path, *, scripts: bool = True) -> None:
    browser.page("Page.enable")
    browser.page("Emulation.setScriptExecutionDisabled", value=not scripts)
    browser.page("Emulation.setDeviceMetricsOverride", width=1024, height=800,
                 deviceScaleFactor=1, mobile=False)
    browser.events.clear()
    browser.page("Page.navigate", url=path.resolve().as_uri())
    browser.wait_for(lambda m: m.get("method") == "Page.loadEventFired")


@pytest.fixture(scope="module")
def interactive(interactive_report):
    return interactive_report / "interactive.html"


def test_hover_on_a_timeline_marker_shows_its_event(browser, interactive):
    load(browser, interactive)
    mark = evaluate(browser, """(() => {
        const m = document.querySelector('#chart-every-event-at-its-date .bl-mark');
        m.scrollIntoView({block: 'center'});
        const r = m.getBoundingClientRect();
        return {x: r.x + r.width / 2, y: r.y + r.height / 2, event: m.dataset.event,
                role: m.getAttribute('role'), label: m.getAttribute('aria-label')};})()""")
    assert mark["role"] == "img" and mark["event"]
    assert evaluate(browser, "document.getElementById('bl-tip').hidden") is True
    browser.page("Input.dispatchMouseEvent", type="mouseMoved", x=mark["x"], y=mark["y"])
    tip = evaluate(browser, "(() => { const t = document.getElementById('bl-tip');"
                            "return {hidden: t.hidden, text: t.innerText}; })()")
    assert not tip["hidden"]
    row = evaluate(browser, f"(() => {{ const r = document.querySelector("
                            f"'tr[data-event=\"{mark['event']}\"]'); return r && r.innerText; }})()")
    title = row.split("\t")[1].splitlines()[0]
    assert title in tip["text"] and mark["label"][:10] in tip["text"]  # title and date
    assert "+" in tip["text"] or "\u2212" in tip["text"]  # signed intensity
    cited = evaluate(browser, f"""(() => {{
        const r = document.querySelector('tr[data-event="{mark['event']}"] .bl-refs a');
        return document.querySelector(r.getAttribute('href')).innerText; }})()""")
    assert cited.split(",")[0].split(" (")[0].rstrip(".") in tip["text"]  # the source, by publisher
    assert "http" not in tip["text"]
    browser.page("Input.dispatchMouseEvent", type="mouseMoved", x=5, y=5)
    assert evaluate(browser, "document.getElementById('bl-tip').hidden") is True


def test_keyboard_focus_on_period_bars_lists_their_events(browser, interactive):
    load(browser, interactive)
    first = evaluate(browser, """(() => {
        const svg = document.querySelector('#chart-cooperation-up-and-tension-down svg');
        const tabbable = svg.querySelectorAll('.bl-mark[tabindex="0"]');
        tabbable[0].focus();
        return {role: svg.getAttribute('role'), tabbable: tabbable.length,
                label: document.activeElement.getAttribute('aria-label'),
                tip: document.getElementById('bl-tip').innerText};})()""")
    assert first["role"] == "group" and first["tabbable"] == 1  # one tab stop per chart
    assert first["label"] and first["label"] in first["tip"]
    labels = [first["label"]]
    for _ in range(3):
        for kind in ("keyDown", "keyUp"):
            browser.page("Input.dispatchKeyEvent", type=kind, key="ArrowRight",
                         code="ArrowRight", windowsVirtualKeyCode=39)
        labels.append(evaluate(browser, "document.activeElement.getAttribute('aria-label')"))
    assert len(set(labels)) == 4, labels
    shown = evaluate(browser, """(() => {
        const m = document.activeElement, t = document.getElementById('bl-tip');
        return {text: t.innerText, hidden: t.hidden, described: m.getAttribute('aria-describedby'),
                from: m.dataset.from, to: m.dataset.to, series: m.dataset.series};})()""")
    assert not shown["hidden"] and shown["described"] == "bl-tip"
    expected = evaluate(browser, f"""[...document.querySelectorAll('#bl-chronology tbody tr')]
        .filter(r => r.dataset.date >= '{shown["from"]}' && r.dataset.date <= '{shown["to"]}'
                && Number(r.dataset.intensity) * ('{shown["series"]}' === 'tension' ? -1 : 1) > 0)
        .map(r => r.querySelector('.bl-title').innerText)""")
    assert all(title in shown["text"] for title in expected[:6]), (expected, shown["text"])
    if not expected:
        assert "No events" in shown["text"]


def test_chronology_filters_by_domain_era_and_text_and_sorts(browser, interactive):
    load(browser, interactive)
    total = evaluate(browser, "document.querySelectorAll('#bl-chronology tbody tr').length")
    military = evaluate(browser, "document.querySelectorAll("
                                 "'#bl-chronology tbody tr[data-domain=military]').length")
    assert 0 < military < total
    evaluate(browser, """(() => { const s = document.getElementById('bl-chronology-domain');
        s.value = 'military'; s.dispatchEvent(new Event('change')); })()""")
    visible = "[...document.querySelectorAll('#bl-chronology tbody tr')].filter(r => !r.hidden)"
    assert evaluate(browser, f"{visible}.length") == military
    assert evaluate(browser, "document.querySelector('.bl-count').innerText") == \
        f"Showing {military} of {total} events."
    evaluate(browser, "document.getElementById('bl-chronology-text').focus()")
    browser.page("Input.insertText", text="embargo")
    titles = evaluate(browser, f"{visible}.map(r => r.innerText)")
    assert titles and all("embargo" in t.lower() for t in titles)
    evaluate(browser, """(() => { for (const id of ['bl-chronology-domain', 'bl-chronology-text']) {
        const c = document.getElementById(id); c.value = '';
        c.dispatchEvent(new Event(id.endsWith('text') ? 'input' : 'change')); } })()""")
    eras = evaluate(browser, "[...document.querySelectorAll('#bl-chronology-era option')]"
                             ".map(o => o.value).filter(Boolean)")
    assert eras
    evaluate(browser, f"""(() => {{ const s = document.getElementById('bl-chronology-era');
        s.value = {eras[-1]!r}; s.dispatchEvent(new Event('change')); }})()""")
    assert evaluate(browser, f"{visible}.every(r => r.dataset.era === {eras[-1]!r})")
    evaluate(browser, "[...document.querySelectorAll('#bl-chronology th button')]"
                      ".find(b => b.innerText.startsWith('Intensity')).click()")
    values = evaluate(browser, "[...document.querySelectorAll('#bl-chronology tbody tr')]"
                               ".map(r => Number(r.dataset.intensity))")
    assert values == sorted(values) and len(values) == total
    assert evaluate(browser, "[...document.querySelectorAll('#bl-chronology th')]"
                             ".find(t => t.innerText.startsWith('Intensity'))"
                             ".getAttribute('aria-sort')") == "ascending"


def test_downloads_hold_the_events_and_series_and_each_chart(browser, interactive):
    load(browser, interactive)
    links = evaluate(browser, """[...document.querySelectorAll('a.bl-download')].map(a => ({
        name: a.getAttribute('download'), csv: atob(a.href.split('base64,')[1])}))""")
    names = [link["name"] for link in links]
    assert names == ["events.csv", "balance.csv", "eras.csv", "cumulative_index.csv"]
    events_csv = links[0]["csv"]
    rows = evaluate(browser, "document.querySelectorAll('#bl-chronology tbody tr').length")
    assert events_csv.startswith("event_id,date,") and events_csv.count("\n") >= rows + 1
    buttons = evaluate(browser, "[...document.querySelectorAll('figure.bl-chart')].map(f => "
                                "[...f.querySelectorAll('.bl-chart-tools button')].map(b => b.innerText))")
    assert buttons and all(b == ["Download SVG", "Download PNG"] for b in buttons)


def test_page_passes_axe_audit_with_tooltip_open(browser, interactive):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed at {AXE} (make axe installs it from npm)")
    load(browser, interactive)
    evaluate(browser, "document.querySelector('svg .bl-mark[tabindex=\"0\"]').focus()")
    evaluate(browser, AXE.read_text(encoding="utf-8"))
    result = evaluate(browser, f"""axe.run(document, {{runOnly: {{type: 'tag',
        values: {AXE_TAGS}}}}}).then(r => r.violations.map(v => ({{id: v.id, help: v.help,
        nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}})))""", wait=True)
    assert result == [], result


def test_without_scripts_every_chart_and_table_still_shows(browser, interactive):
    load(browser, interactive, scripts=False)
    shown = evaluate(browser, """(() => ({
        charts: [...document.querySelectorAll('figure.bl-chart svg')].map(s => ({
            width: s.getBoundingClientRect().width, role: s.getAttribute('role'),
            title: s.querySelector('title').textContent})),
        rows: [...document.querySelectorAll('#bl-chronology tbody tr')].filter(r =>
            r.getBoundingClientRect().height > 0).length,
        references: document.querySelectorAll('.bl-references li').length,
        downloads: document.querySelectorAll('a.bl-download[href^="data:text/csv"]').length,
        controls: document.querySelectorAll('.bl-controls, .bl-chart-tools').length,
        focusable: document.querySelectorAll('svg [tabindex]').length}))()""")
    load(browser, interactive)  # the same page with its script, for comparison
    rows = evaluate(browser, "document.querySelectorAll('#bl-chronology tbody tr').length")
    assert len(shown["charts"]) == 2 and all(c["width"] > 300 for c in shown["charts"])
    assert all(c["role"] == "img" and c["title"] for c in shown["charts"])
    assert shown["rows"] == rows > 0 and shown["references"] > 0 and shown["downloads"] == 4
    assert shown["controls"] == 0 and shown["focusable"] == 0
    browser.page("Emulation.setScriptExecutionDisabled", value=False)
