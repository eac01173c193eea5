"""Several dashboard processes behind nginx on loopback: `make serve-cluster N=3`, or
`python -m deploy.cluster --processes 3 --port 8080 --api-dir build/api`.

A small supervisor:

1. starts N dashboard processes (`python -m tracker.serve`, as `make run`) on free loopback
   ports, each in its own process group, and waits until each answers /_stcore/health;
2. renders deploy/nginx.conf.template for those ports into <workdir>/nginx.conf (sticky
   sessions by cookie, websocket proxying, gzip, the static API copy served by nginx) and runs
   Debian's nginx in the foreground with every path under <workdir> (no system config);
3. restarts a dashboard process that dies (on the same port, so nginx needs no reload), and
   stops everything it started on Ctrl-C or SIGTERM, or when nginx itself exits.

<workdir>/state.json says what runs (ports, process ids, restarts); the cluster load test and
tests/test_cluster.py read it. Every process reads the database at TRACKER_DB (or the app's
default), so a rebuilt database (`python -m etl build` replaces the file atomically) is served
by every process from its next run.
"""

from __future__ import annotations

import argparse
import grp
import json
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tracker.routing import SECURITY_HEADERS

REPO = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).resolve().parent / "nginx.conf.template"
SITE_DIR = REPO / "build" / "site"  # make site
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
COOKIE = "tracker_route"
START_S = 90  # for a dashboard process to answer its health check
STOP_S = 10  # after SIGTERM, before SIGKILL


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(
    ports: list[int], listen: int, api_root: Path, prefix: Path, site_root: Path | None = None
) -> str:
    """The nginx configuration for dashboard processes on `ports` of 127.0.0.1, nginx listening
    on 127.0.0.1:`listen`, the API copy under `api_root` (its files at api_root/api/...) and the
    baked pages under `site_root` (`make site`'s build/site by default)."""
    if not ports:
        raise ValueError("at least one dashboard port is needed")
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in ports)
    headers = "\n".join(
        f"            add_header {name} {nginx_quote(value)} always;"
        for name, value in SECURITY_HEADERS
    )
    user = ""
    if os.geteuid() == 0:  # workers would run as nobody, who may not read the repository
        st = api_root.stat() if api_root.exists() else REPO.stat()
        user = f"user {pwd.getpwuid(st.st_uid).pw_name} {grp.getgrgid(st.st_gid).gr_name};"
    values = {
        "@USER@": user,
        "@PREFIX@": str(prefix.resolve()),
        "@COOKIE@": COOKIE,
        "@SERVERS@": servers,
        "@LISTEN@": f"127.0.0.1:{listen}",
        "@API_ROOT@": str(api_root.resolve()),
        "@SITE_ROOT@": str((site_root or SITE_DIR).resolve()),
        "@SECURITY_HEADERS@": headers,
        "@SECURITY_HEADERS_NESTED@": "\n".join("    " + line for line in headers.splitlines()),
    }
    text = TEMPLATE.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace(key, value)
    return text


def dashboard_command(port: int) -> list[str]:
    """One dashboard process on loopback: `python -m tracker.serve` with its options (the
    command the browser tests and load tests serve the app with too)."""
    return [
        sys.executable,
        "-m",
        "tracker.serve",
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def stop_group(proc: subprocess.Popen) -> None:
    """SIGTERM to the process's group, SIGKILL after STOP_S."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=STOP_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=STOP_S)
    except ProcessLookupError:
        pass


@dataclass
class Dashboard:
    port: int
    proc: subprocess.Popen | None = None
    restarts: int = 0
    started: float = 0.0


class Cluster:
    def __init__(
        self,
        processes: int,
        listen: int,
        api_dir: Path,
        workdir: Path,
        site_dir: Path | None = None,
    ):
        self.listen = listen
        self.api_dir = api_dir
        self.site_dir = site_dir or SITE_DIR
        self.workdir = workdir
        self.dashboards = [Dashboard(free_port()) for _ in range(processes)]
        self.nginx: subprocess.Popen | None = None
        self.stopping = False

    # --- processes --------------------------------------------------------------------------

    def spawn(self, d: Dashboard) -> None:
        log = open(self.workdir / "logs" / f"dashboard-{d.port}.log", "ab")  # noqa: SIM115
        with log:
            d.proc = subprocess.Popen(
                dashboard_command(d.port),
                cwd=REPO,
                # Absolute addresses (citations, feeds) name nginx's address, the one readers
                # use, not each process's own port: every process writes the same bytes.
                env={
                    **os.environ,
                    "TRACKER_PUBLIC_URL": os.environ.get("TRACKER_PUBLIC_URL", "").strip()
                    or f"http://127.0.0.1:{self.listen}",
                },
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        d.started = time.monotonic()

    def wait_healthy(self, ds: list[Dashboard]) -> None:
        deadline = time.monotonic() + START_S
        waiting = list(ds)
        while waiting:
            for d in list(waiting):
                if d.proc is not None and d.proc.poll() is not None:
                    raise RuntimeError(f"dashboard on port {d.port} exited: {self.tail(d)}")
                if healthy(d.port):
                    waiting.remove(d)
            if waiting and time.monotonic() > deadline:
                raise RuntimeError(f"dashboard on port {waiting[0].port} not healthy in time")
            time.sleep(0.2)

    def tail(self, d: Dashboard) -> str:
        path = self.workdir / "logs" / f"dashboard-{d.port}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start(self) -> None:
        for sub in ("logs", "tmp"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        for d in self.dashboards:
            self.spawn(d)
        self.wait_healthy(self.dashboards)
        conf = self.workdir / "nginx.conf"
        conf.write_text(
            render(
                [d.port for d in self.dashboards],
                self.listen,
                self.api_dir,
                self.workdir,
                self.site_dir,
            ),
            encoding="utf-8",
        )
        cmd = [NGINX, "-p", str(self.workdir), "-c", str(conf), "-e", "stderr"]
        check = subprocess.run([*cmd, "-t", "-q"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejects {conf}: {check.stderr}")
        err = open(self.workdir / "logs" / "nginx.stderr", "ab")  # noqa: SIM115
        with err:
            self.nginx = subprocess.Popen(
                cmd,
                stdout=err,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        deadline = time.monotonic() + 20
        while not healthy(self.listen):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                log = (self.workdir / "logs" / "nginx.stderr").read_text(errors="replace")
                raise RuntimeError(f"nginx did not start on port {self.listen}: {log[-2000:]}")
            time.sleep(0.1)
        self.write_state()

    def write_state(self) -> None:
        state = {
            "port": self.listen,
            "url": f"http://127.0.0.1:{self.listen}",
            "supervisor_pid": os.getpid(),
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "cookie": COOKIE,
            "api_dir": str(self.api_dir.resolve()),
            "dashboards": [
                {"port": d.port, "pid": d.proc.pid if d.proc else None, "restarts": d.restarts}
                for d in self.dashboards
            ],
        }
        tmp = self.workdir / "state.json.tmp"
        tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.workdir / "state.json")

    def watch(self) -> int:
        """Restart dashboards that die until stopped; the exit status."""
        while not self.stopping:
            if self.nginx is not None and self.nginx.poll() is not None:
                print(f"cluster: nginx exited with {self.nginx.returncode}", file=sys.stderr)
                return 1
            for d in self.dashboards:
                if d.proc is not None and d.proc.poll() is not None and not self.stopping:
                    print(
                        f"cluster: dashboard on port {d.port} exited with {d.proc.returncode};"
                        " restarting it",
                        file=sys.stderr,
                        flush=True,
                    )
                    d.restarts += 1
                    self.spawn(d)
                    self.write_state()
            time.sleep(0.2)
        return 0

    def stop(self) -> None:
        self.stopping = True
        if self.nginx is not None:
            stop_group(self.nginx)
        for d in self.dashboards:
            if d.proc is not None:
                stop_group(d.proc)
        (self.workdir / "state.json").unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__)
    parser.add_argument("--processes", "-n", type=int, default=3, help="dashboard processes")
    parser.add_argument("--port", type=int, default=8080, help="nginx's port on 127.0.0.1")
    parser.add_argument("--api-dir", type=Path, default=REPO / "build" / "api")
    parser.add_argument("--site-dir", type=Path, default=SITE_DIR, help="make site's copy")
    parser.add_argument("--workdir", type=Path, default=REPO / "build" / "cluster")
    args = parser.parse_args(argv)
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    if not Path(NGINX).exists():
        parser.error(f"nginx not found ({NGINX}): apt-get install nginx, or `make nginx` as root")
    if not (args.api_dir / "api").is_dir():
        print(
            f"cluster: warning: {args.api_dir}/api does not exist; /api/ answers 404",
            file=sys.stderr,
        )
    cluster = Cluster(
        args.processes, args.port, args.api_dir, args.workdir.resolve(), args.site_dir
    )

    def on_signal(signum, _frame):
        cluster.stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    status = 1
    try:
        cluster.start()
        ports = ", ".join(str(d.port) for d in cluster.dashboards)
        print(
            f"cluster: http://127.0.0.1:{args.port} (nginx) -> {args.processes} dashboard "
            f"processes on 127.0.0.1:{ports}; Ctrl-C stops them all",
            flush=True,
        )
        status = cluster.watch()
    except RuntimeError as exc:
        print(f"cluster: {exc}", file=sys.stderr)
    finally:
        cluster.stop()
    return status


if __name__ == "__main__":
    sys.exit(main())
