"""Start and stop the app's server for the browser tests."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SERVER_START_S = 60


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(base: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


def server_command(port: int) -> list[str]:
    """How the app is served: `python -m tracker.serve` on loopback, as `make run` and each
    process of `make serve-cluster` serve it (`deploy.cluster.dashboard_command`), where the
    project has it, else `streamlit run dashboard.py` with the same options."""
    from deploy.cluster import dashboard_command

    command = dashboard_command(port)
    if (REPO / "tracker" / "serve.py").exists():
        return command
    return [sys.executable, "-m", "streamlit", "run", "dashboard.py", *command[3:]]


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, SIGKILL after 10 s."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    except ProcessLookupError:
        pass


@contextmanager
def serve(db: Path, log_path: Path, public_url: str | None = None) -> Iterator[str]:
    """Serve the app on a free port of 127.0.0.1 with TRACKER_DB=db; yield its base URL once
    /_stcore/health answers ok (failing with the server's output after SERVER_START_S), and
    stop the server's whole process group at the end. With `public_url`, TRACKER_PUBLIC_URL is
    set to it; without, it is unset and the app's absolute links follow the address served at."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "TRACKER_DB": str(db)}
    env.pop("TRACKER_PUBLIC_URL", None)
    if public_url is not None:
        env["TRACKER_PUBLIC_URL"] = public_url
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            server_command(port),
            cwd=REPO,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed whole at the end
        )
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _healthy(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                why = (
                    f"exited with {proc.returncode}"
                    if proc.poll() is not None
                    else f"not healthy after {SERVER_START_S} s"
                )
                pytest.fail(
                    f"streamlit server {why}; its output:\n"
                    + log_path.read_text(errors="replace")[-5000:],
                    pytrace=False,
                )
            time.sleep(0.3)
        yield base
    finally:
        _stop(proc)
