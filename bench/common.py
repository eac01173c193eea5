"""Small shared pieces: medians, growth exponents, the app's pages, and running a child process
with a hard time limit while recording its peak memory (os.wait4's rusage: no extra dependency)."""

from __future__ import annotations

import ast
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DASHBOARD = REPO / "dashboard.py"
FLOOR_APP = REPO / "bench" / "floor_app.py"
TIMEOUT = "timeout"  # recorded in place of a figure when a phase hit its time limit
MEMORY_LIMIT = "memory limit"  # ... when a child outgrew the memory it may use


def median(samples: list[float]) -> float | None:
    return statistics.median(samples) if samples else None


def growth_exponent(n1: float, t1: float | None, n2: float, t2: float | None) -> float | None:
    """k in t ∝ n^k between two sizes: log(t2/t1) / log(n2/n1). 1 is linear, 2 quadratic;
    None when either figure is missing (a timeout) or not positive."""
    if (
        t1 is None
        or t2 is None
        or not isinstance(t1, int | float)
        or not isinstance(t2, int | float)
    ):
        return None
    if t1 <= 0 or t2 <= 0 or n1 <= 0 or n2 <= 0 or n1 == n2:
        return None
    return math.log(t2 / t1) / math.log(n2 / n1)


def ratio(value: float | None, floor: float | None) -> float | None:
    if value is None or not floor:
        return None
    return value / floor


@dataclass(frozen=True)
class Page:
    script: str  # relative to the repository: "pages/overview_page.py"
    title: str
    url_path: str
    default: bool

    @property
    def path(self) -> str:
        """The page's address as a browser opens it: the default page is served at "/"."""
        return "/" if self.default else f"/{self.url_path}"

    @property
    def name(self) -> str:
        return self.url_path


def _pages_table(tree: ast.Module) -> list[Page]:
    """The pages of a `PAGES = ((script, N_(title), icon, address), ...)` table, or []."""
    for node in tree.body:
        if not (
            isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "PAGES" for t in node.targets)
            and isinstance(node.value, ast.Tuple | ast.List)
        ):
            continue
        pages = []
        for n, row in enumerate(node.value.elts):
            script, title, _icon, path = row.elts
            if isinstance(title, ast.Call):  # N_("Overview")
                title = title.args[0]
            pages.append(Page(str(script.value), str(title.value), str(path.value), n == 0))
        return pages
    return []


def app_pages(entry: Path = DASHBOARD) -> list[Page]:
    """The app's pages, read from the entry point (not imported, not kept by hand), so pages
    added or renamed later are measured without touching the harness: its `PAGES` table
    (script, title, icon, address; the first is the default), or, in a revision before it, its
    st.Page(...) calls."""
    tree = ast.parse(entry.read_text(encoding="utf-8"))
    table = _pages_table(tree)
    if table:
        return table
    found: list[tuple[tuple[int, int], Page]] = []
    for node in ast.walk(tree):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "Page"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            continue
        kw = {
            k.arg: k.value.value
            for k in node.keywords
            if k.arg and isinstance(k.value, ast.Constant)
        }
        script = str(node.args[0].value)
        page = Page(
            script=script,
            title=str(kw.get("title", Path(script).stem)),
            url_path=str(kw.get("url_path", Path(script).stem)),
            default=bool(kw.get("default", False)),
        )
        found.append(((node.lineno, node.col_offset), page))
    pages = [page for _, page in sorted(found, key=lambda f: f[0])]  # in source order
    if pages and not any(p.default for p in pages):
        first = pages[0]
        pages[0] = Page(first.script, first.title, first.url_path, True)
    return pages


def finish_run(result: dict, problems: list[str], out: Path, work: Path) -> None:
    """The end of a load test, whatever happened: the finishing time, the problems and the
    verdict into `result`, written to `out` as JSON, and the run's work folder removed."""
    result["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    result["problems"] = problems
    result["ok"] = not problems
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Finished:
    returncode: int | None  # None: killed at the time limit
    seconds: float  # wall time
    peak_rss_mb: float  # the child's own peak resident set size
    timed_out: bool
    output: str
    memory_exceeded: bool = False

    @property
    def status(self) -> str:
        if self.memory_exceeded:
            return MEMORY_LIMIT
        if self.timed_out:
            return TIMEOUT
        return "ok" if self.returncode == 0 else "error"


def rss_mb(pid: int) -> float:
    """Current resident set size of a process (0 when it is gone)."""
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def run_measured(
    cmd: list[str],
    timeout_s: float,
    env: dict[str, str] | None = None,
    log: Path | None = None,
    memory_limit_mb: float | None = None,
) -> Finished:
    """Run `cmd` in its own process group with a hard time limit and, optionally, a memory limit
    (the group is killed when its process passes either, never left running; on a shared machine
    a build that would take every byte must not take the other users' processes with it), and
    return its wall time, exit status and peak RSS (ru_maxrss of wait4)."""
    import tempfile

    out = Path(log) if log else Path(tempfile.mkstemp(prefix="bench-", suffix=".log")[1])
    with open(out, "wb") as fh:
        start = time.perf_counter()
        proc = start_in_group(cmd, fh, env)
        deadline = start + timeout_s
        timed_out = memory_exceeded = False
        status = usage = None
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            over = memory_limit_mb is not None and rss_mb(proc.pid) > memory_limit_mb
            if over or time.perf_counter() > deadline:
                timed_out, memory_exceeded = not over, over
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, usage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.05)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    text = out.read_text(errors="replace")
    if not log:
        out.unlink(missing_ok=True)
    return Finished(
        returncode=None if timed_out else proc.returncode,
        seconds=seconds,
        peak_rss_mb=usage.ru_maxrss / 1024,  # kB on Linux
        timed_out=timed_out,
        output=text,
        memory_exceeded=memory_exceeded,
    )


def start_in_group(cmd: list[str], fh, env: dict[str, str] | None = None) -> subprocess.Popen:
    """`cmd` started from the repository in its own process group (so the whole group can be
    stopped), its output to `fh`, no input."""
    return subprocess.Popen(
        cmd,
        cwd=REPO,
        env=env,
        stdout=fh,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )


def healthy(base: str) -> bool:
    """Whether the Streamlit server at `base` answers its health check."""
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def finished_js(ready: str, result: str, interval_ms: int) -> str:
    """A page function for Playwright's `evaluate(js, [quiet, limit])`: resolves with `result`
    (a JS expression; `since` is the time in ms from navigation start the page became finished)
    once the app has stayed finished for `quiet` ms, rejects after `limit` ms. Finished: the
    script has run, the connection is up, no status widget or skeleton is shown, and `ready`
    (a JS expression) holds."""
    return (
        """
([quiet, limit]) => new Promise((resolve, reject) => {
  let since = null;
  const done = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return false;
    if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (app.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    if (document.querySelector('[data-testid="stStatusWidget"]')) return false;
    if (document.querySelector('[data-testid="stSkeleton"]')) return false;
    return READY;
  };
  const tick = () => {
    const now = performance.now();
    if (done()) {
      if (since === null) since = now;
      if (now - since >= quiet) {
        clearInterval(timer);
        resolve(RESULT);
      }
    } else {
      since = null;
    }
    if (now > limit) { clearInterval(timer); reject(new Error('timeout')); }
  };
  const timer = setInterval(tick, INTERVAL);
})
""".replace("READY", ready)
        .replace("RESULT", result)
        .replace("INTERVAL", str(interval_ms))
    )
