"""Issue 12 with real renders of the fixture notebook: killing `bilateral render`, full disks,
two renders into one folder, links inside --out, time-outs, odd file names and titles."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from pypdf import PdfReader

from bilateral import cli
from bilateral.data import files
from bilateral.render import manifest, pool

FIXTURES = Path(__file__).parent / "fixtures" / "render"
NOTEBOOK = FIXTURES / "report.ipynb"
EVENTS = FIXTURES / "events.csv"
ALPHA = FIXTURES / "params" / "alpha.yaml"
BILATERAL = Path(sys.executable).parent / "bilateral"
pytestmark = pytest.mark.slow


def arguments(*args, out: Path) -> list[str]:
    return ["render", *map(str, args), "--notebook", str(NOTEBOOK), "--out", str(out),
            "-p", "events_path", str(EVENTS)]


def render(*args, out: Path) -> int:
    return cli.main(arguments(*args, out=out))


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below a folder (not following links) with its bytes, but the lock and what
    a run stages (a killed run leaves it; the next run removes it)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != files.LOCK_NAME
            and ".bilateral-stage" not in p.parts}


def html_title(path: Path) -> str:
    return re.search(r"<title>(.*?)</title>", path.read_text(encoding="utf-8"), re.S)[1]


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    found = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except psutil.NoSuchProcess:
            pass
    return found


def _interruptible() -> None:
    """In the child before exec: take SIGINT's default action back. A shell that runs the
    tests in the background (`make test &`, nohup) ignores SIGINT, and an ignored signal stays
    ignored across exec, so the render would not see the Ctrl-C this test sends."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_slow_render(out: Path, *extra: str) -> tuple[subprocess.Popen, list[psutil.Process]]:
    """Start `bilateral render` with a run that sleeps; return it and its descendants once its
    kernel runs."""
    process = subprocess.Popen(
        [str(BILATERAL), *arguments(ALPHA, out=out), "-p", "sleep", "60", "-p", "title",
         "Killed run", "--force", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True, preexec_fn=_interruptible)
    deadline = time.monotonic() + 300  # a generous bound on kernel start-up, not a speed check
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            family = psutil.Process(process.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            family = []
        kernels = [p for p in alive(family) if "ipykernel" in " ".join(_cmdline(p))]
        if kernels and (out / ".bilateral-stage" / "alpha").is_dir():
            time.sleep(1.0)  # let the kernel reach the sleeping cell
            return process, alive(psutil.Process(process.pid).children(recursive=True))
        time.sleep(0.2)
    process.kill()
    process.communicate()
    pytest.fail("the kernel did not start")


def _cmdline(process: psutil.Process) -> list[str]:
    try:
        return process.cmdline()
    except psutil.Error:
        return []


def wait_gone(processes: list[psutil.Process], seconds: float = 60) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds  # generous: dying takes milliseconds
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive(processes)


@pytest.fixture
def good(tmp_path) -> Path:
    """An output folder holding a good render of alpha (HTML and PDF)."""
    out = tmp_path / "reports"
    assert render(ALPHA, out=out) == 0
    return out


# --- 1. killing bilateral render ------------------------------------------------------------

@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_killed_render_leaves_no_process_and_the_previous_outputs(good, number, capsys):
    before = snapshot(good)
    process, family = start_slow_render(good)
    assert any("ipykernel" in " ".join(_cmdline(p)) for p in family)
    if number == signal.SIGTERM:  # meanwhile a second render into the same folder is refused
        assert render(ALPHA, out=good) == 1
        assert "is in use by bilateral" in capsys.readouterr().err
    os.kill(process.pid, number)
    process.communicate(timeout=120)
    survivors = wait_gone(family)
    assert not survivors, [(p.pid, _cmdline(p)) for p in survivors]
    assert snapshot(good) == before, "a killed run changed the outputs"
    # the next run finds the outputs the manifest describes, so it may skip them
    assert render(ALPHA, out=good) == 0
    assert re.search(r"^alpha\s+skipped", capsys.readouterr().out, re.M)
    record = manifest.load_manifest(good)["alpha"]
    assert html_title(good / "alpha" / "alpha.html") == record["parameters"]["title"]
    assert not (good / ".bilateral-stage").exists()


def test_changed_output_is_rendered_again_not_skipped(good, capsys):
    html = good / "alpha" / "alpha.html"
    html.write_text(html.read_text(encoding="utf-8").replace("Alpha report", "Tampered"),
                    encoding="utf-8")
    assert render(ALPHA, out=good) == 0
    assert re.search(r"^alpha\s+ok", capsys.readouterr().out, re.M)
    assert html_title(html) == "Alpha report"


# --- 2. full disks --------------------------------------------------------------------------

def _in_process(monkeypatch):
    """Run the workers' code in this process, so that a monkeypatch reaches it."""
    from bilateral.render import export, worker

    def run_jobs(jobs, *, workers=1, progress=None):
        for job in jobs:
            yield worker.render_job(job)

    monkeypatch.setattr(pool, "run_jobs", run_jobs)
    return export


def test_full_disk_while_exporting_keeps_every_previous_output(good, monkeypatch, capsys):
    before = snapshot(good)
    _in_process(monkeypatch)

    from bilateral.render import printing

    def full(page, target, *, base_url, ahead=None):
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(printing, "to_pdf", full)
    status = render(ALPHA, "-p", "title", "New title", out=good)
    captured = capsys.readouterr()
    assert status == 1
    assert re.search(r"^alpha failed: No space left on device writing \S+alpha\.pdf "
                     r"\(the previous outputs are kept\)$", captured.out, re.M)
    assert "Traceback" not in captured.out + captured.err
    after = snapshot(good)
    for name in ("alpha/alpha.ipynb", "alpha/alpha.html", "alpha/alpha.pdf",
                 "alpha/alpha_thumb.png"):
        assert after[name] == before[name], f"{name} changed"
    assert "Last render failed: No space left on device" in after["index.html"].decode()
    assert manifest.load_manifest(good)["alpha"]["last_good"]["parameters"]["title"] == \
        "Alpha report"


def test_full_disk_when_writing_the_manifest_is_one_line_and_never_skipped(good, monkeypatch,
                                                                           capsys):
    manifest_before = (good / "manifest.json").read_bytes()
    real = files.write_atomic

    def full_for_manifest(target, content):
        if Path(target).name == "manifest.json":
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        return real(target, content)

    monkeypatch.setattr(files, "write_atomic", full_for_manifest)
    status = render(ALPHA, "-p", "title", "New title", out=good)
    err = capsys.readouterr().err
    assert status == 1
    assert err.strip().splitlines()[-1] == (
        f"bilateral render: stopped: No space left on device ({good / 'manifest.json'}). "
        "The previous outputs are kept.")
    assert (good / "manifest.json").read_bytes() == manifest_before
    monkeypatch.undo()
    # the outputs moved in before the manifest failed do not match it: rendered, not skipped
    assert render(ALPHA, out=good) == 0
    assert re.search(r"^alpha\s+ok", capsys.readouterr().out, re.M)
    assert html_title(good / "alpha" / "alpha.html") == "Alpha report"


@pytest.fixture
def small_tmpfs(tmp_path):
    """A 2 MB tmpfs; skipped, with the reason, where it cannot be mounted."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("a real full disk needs root to mount a tmpfs; ENOSPC is injected instead "
                    "by the tests above")
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                            capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({result.stderr.strip()}); ENOSPC is injected "
                    "instead by the tests above")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_real_full_disk_keeps_every_previous_output(small_tmpfs):
    out = small_tmpfs / "reports"
    first = subprocess.run([str(BILATERAL), *arguments(ALPHA, out=out), "--format", "html"],
                           capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    before = snapshot(out)
    filler = small_tmpfs / "filler"
    with open(filler, "wb", buffering=0) as stream:  # fill the disk to the last block
        try:
            while True:
                stream.write(b"\0" * 4096)
                stream.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    second = subprocess.run([str(BILATERAL), *arguments(ALPHA, out=out), "--format", "html",
                             "-p", "title", "New title"], capture_output=True, text=True)
    assert second.returncode == 1
    assert "Traceback" not in second.stdout + second.stderr
    said = second.stdout + second.stderr
    assert re.search(r"^(alpha failed|bilateral render: stopped): No space left on device",
                     said, re.M), said
    after = snapshot(out)
    outputs = ["alpha/alpha.ipynb", "alpha/alpha.html", "alpha/alpha_thumb.png"]
    assert {k: after.get(k) for k in outputs} == {k: before[k] for k in outputs}
    assert manifest.load_manifest(out)["alpha"]["last_good"]["parameters"]["title"] == \
        "Alpha report"


# --- 2. links inside --out ------------------------------------------------------------------

def test_links_inside_out_are_never_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep", encoding="utf-8")
    (outside / "page.html").write_text("theirs", encoding="utf-8")
    out = tmp_path / "reports"
    out.mkdir()
    (out / ".bilateral-stage").symlink_to(outside)  # a stale stage that is a link
    (out / "alpha").mkdir()
    (out / "alpha" / ".bilateral-report").write_text("", encoding="utf-8")
    (out / "alpha" / "alpha.html").symlink_to(outside / "page.html")
    assert render(ALPHA, "--format", "html", out=out) == 0
    assert sorted(p.name for p in outside.iterdir()) == ["keep.txt", "page.html"]
    assert (outside / "page.html").read_text(encoding="utf-8") == "theirs"
    assert not (out / "alpha" / "alpha.html").is_symlink()


# --- 8. a timed-out run keeps its executed notebook -----------------------------------------

def test_timed_out_run_keeps_its_executed_notebook(good, capsys):
    before = snapshot(good)
    status = render(ALPHA, "-p", "sleep", "60", "--timeout", "3", "--force", out=good)
    out = capsys.readouterr().out
    assert status == 1
    assert re.search(r"^alpha failed: a cell ran longer than --timeout 3 s \(cell \[\d+\]\); "
                     r"the executed notebook is kept$", out, re.M)
    executed = json.loads((good / "alpha" / "alpha.failed.ipynb").read_text(encoding="utf-8"))
    sources = ["".join(c["source"]) for c in executed["cells"]]
    assert any("time.sleep(sleep)" in s for s in sources)
    assert snapshot(good)["alpha/alpha.html"] == before["alpha/alpha.html"]
    # a later good run removes the failure record
    assert render(ALPHA, "--force", out=good) == 0
    assert not (good / "alpha" / "alpha.failed.ipynb").exists()


# --- 3 and 5. odd file names, titles as text ------------------------------------------------

def test_odd_file_names_and_a_title_with_punctuation(tmp_path):
    folder = tmp_path / "in [1]*? 'q' ü"
    folder.mkdir()
    events = folder / "events [a]*?.csv"
    shutil.copy(EVENTS, events)
    title = "Ties/rifts (1947-2024). A-B *draft* Averyveryverylongwordwithoutanyspaces_at.all"
    params = folder / "it's [a]*? ü.yaml"
    params.write_text(json.dumps({"title": title}), encoding="utf-8")
    out = tmp_path / "out"
    assert cli.main(["render", str(params), "--notebook", str(NOTEBOOK), "--out", str(out),
                     "-p", "events_path", str(events)]) == 0
    folder_out = out / "it's [a]*? ü"
    assert html_title(folder_out / "it's [a]*? ü.html") == title
    pdf_title = PdfReader(folder_out / "it's [a]*? ü.pdf").metadata.title
    assert pdf_title == html_title(folder_out / "it's [a]*? ü.html")
    assert "<wbr>" not in pdf_title
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="it%27s%20%5Ba%5D%2A%3F%20%C3%BC/it%27s%20%5Ba%5D%2A%3F%20%C3%BC.html"' in index
    record = manifest.load_manifest(out)["it's [a]*? ü"]
    assert any(k.endswith("events [a]*?.csv") for k in record["data_sha256"])
    assert sorted(p.name for p in out.iterdir()) == [".bilateral.lock", "index.html",
                                                     "it's [a]*? ü", "manifest.json"]


def test_a_batch_starts_the_report_that_took_longest_last_time_first(tmp_path, monkeypatch):
    from bilateral.render.jobs import Outcome

    took = {"alpha": 1.0, "beta": 5.0}
    orders = []

    def run_jobs(jobs, *, workers=1, progress=None):
        orders.append([job.id for job in jobs])
        for job in jobs:
            yield Outcome(job.id, "failed", took[job.id], reason="not rendered in this test")

    monkeypatch.setattr(pool, "run_jobs", run_jobs)
    beta = FIXTURES / "params" / "beta.yaml"
    assert render(ALPHA, beta, out=tmp_path) == 1
    assert manifest.seconds_taken(manifest.load_manifest(tmp_path)) == took
    assert render(ALPHA, beta, out=tmp_path) == 1
    assert orders == [["alpha", "beta"], ["beta", "alpha"]]  # as given, then longest first
