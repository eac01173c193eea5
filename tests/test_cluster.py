"""The nginx cluster (deploy/, `make serve-cluster`): two dashboard processes behind Debian's
nginx on loopback, started by the real supervisor (`python -m deploy.cluster`). Checked: one
cookie stays on one process (X-Upstream), a reader without the cookie gets one, the websocket
upgrades through nginx, text is gzipped, the static API copy has its headers and a JSON 404, a
killed dashboard process is restarted, and SIGTERM stops every process it started."""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

import pytest

from deploy.cluster import COOKIE, NGINX, free_port, healthy, render
from tests.fixtures.api_tree import write_api_tree
from tests.fixtures.small_dataset import write_small_dataset
from tracker.routing import SECURITY_HEADERS

REPO = Path(__file__).resolve().parents[1]
START_S = 120


def get(url: str, headers: dict | None = None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers (lower-case names; repeated ones joined by " | "), body."""
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return r.status, joined(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, joined(e.headers), e.read()


def joined(message) -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in message.items():
        out[k.lower()] = f"{out[k.lower()]} | {v}" if k.lower() in out else v
    return out


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie (exited, not yet reaped) counts as gone
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    if not Path(NGINX).exists():
        pytest.skip(f"the cluster tests need Debian's nginx at {NGINX} (`make nginx` as root)")
    from etl.build import build

    tmp = tmp_path_factory.mktemp("cluster")
    db = tmp / "tracker.duckdb"
    build(write_small_dataset(tmp / "datasets"), db, date(2026, 11, 24))
    api = write_api_tree(tmp / "api")
    work = tmp / "work"
    port = free_port()
    log = open(tmp / "supervisor.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deploy.cluster",
            "-n",
            "2",
            "--port",
            str(port),
            "--api-dir",
            str(api),
            "--workdir",
            str(work),
        ],
        cwd=REPO,
        env={**os.environ, "TRACKER_DB": str(db)},
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    state_file = work / "state.json"
    deadline = time.monotonic() + START_S
    while not state_file.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("cluster did not start:\n" + (tmp / "supervisor.log").read_text()[-4000:])
        time.sleep(0.3)
    state = json.loads(state_file.read_text())
    state["proc"], state["state_file"], state["api"] = proc, state_file, api
    try:
        yield state
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
        log.close()


def upstream_ports(cluster) -> set[str]:
    return {f"127.0.0.1:{d['port']}" for d in cluster["dashboards"]}


def test_one_cookie_stays_on_one_process_and_new_readers_get_one(cluster):
    url = cluster["url"] + "/_stcore/health"
    seen = set()
    for i in range(24):
        key = f"reader-{i}"
        ups = {get(url, {"Cookie": f"{COOKIE}={key}"})[1]["x-upstream"] for _ in range(4)}
        assert len(ups) == 1, (key, ups)  # the same cookie, the same process
        seen |= ups
    assert seen == upstream_ports(cluster)  # readers are spread over both

    status, headers, _ = get(cluster["url"] + "/", {"Accept": "text/html"})
    assert status == 200
    cookie = re.search(rf"{COOKIE}=([0-9a-f]{{32}}); Path=/; HttpOnly", headers["set-cookie"])
    assert cookie, headers["set-cookie"]
    # the process that drew the page is the one its next requests go to
    for _ in range(5):
        h = get(url, {"Cookie": f"{COOKIE}={cookie.group(1)}"})[1]
        assert h["x-upstream"] == headers["x-upstream"]
        assert COOKIE not in h.get("set-cookie", "")  # a reader with the cookie keeps it


def test_page_keeps_the_apps_security_headers(cluster):
    _, headers, body = get(cluster["url"] + "/", {"Accept": "text/html"})
    assert b"<html" in body.lower()
    for name, value in SECURITY_HEADERS:
        assert headers[name.lower()] == value


def test_websocket_upgrades_through_nginx_on_the_readers_process(cluster):
    host, port = "127.0.0.1", cluster["port"]
    key = base64.b64encode(os.urandom(16)).decode()
    request = (
        "GET /_stcore/stream HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        "Upgrade: websocket\r\nConnection: Upgrade\r\n"
        f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        "Sec-WebSocket-Protocol: streamlit\r\n"
        f"Origin: http://{host}:{port}\r\n"
        f"Cookie: {COOKIE}=reader-ws\r\n\r\n"
    )
    with socket.create_connection((host, port), timeout=20) as s:
        s.sendall(request.encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = s.recv(4096)
            if not chunk:
                break
            head += chunk
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0].startswith("HTTP/1.1 101"), head
    headers = {k.lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
    assert headers["upgrade"].lower() == "websocket"
    page = get(cluster["url"] + "/_stcore/health", {"Cookie": f"{COOKIE}=reader-ws"})[1]
    assert headers["x-upstream"] == page["x-upstream"]


def test_text_is_gzipped(cluster):
    _, _, html = get(cluster["url"] + "/", {"Accept": "text/html"})
    script = re.search(rb'src="\./(static/js/[^"]+\.js)"', html)
    assert script, html[:2000]
    url = cluster["url"] + "/" + script.group(1).decode()
    status, headers, body = get(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers.get("content-encoding") == "gzip"
    plain = get(url)[2]
    assert gzip.decompress(body) == plain and len(body) < len(plain)
    status, headers, body = get(
        cluster["url"] + "/api/v1/indicators.json", {"Accept-Encoding": "gzip"}
    )
    assert headers.get("content-encoding") == "gzip"
    assert json.loads(gzip.decompress(body))["indicators"]


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/api/v1/indicators.json", "application/json; charset=utf-8"),
        ("/api/v1/version.json", "application/json; charset=utf-8"),
        ("/api/v1/indicators/sample-1.csv", "text/csv; charset=utf-8"),
        ("/api/v1/releases.atom", "application/atom+xml; charset=utf-8"),
    ],
)
def test_static_api_is_served_by_nginx_with_its_headers(cluster, path, content_type):
    status, headers, body = get(cluster["url"] + path)
    assert status == 200
    assert body == (cluster["api"] / path.lstrip("/")).read_bytes()
    assert headers["content-type"] == content_type
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["access-control-allow-origin"] == "*"
    assert "x-upstream" not in headers  # no dashboard process involved
    for name, value in SECURITY_HEADERS:
        assert headers[name.lower()] == value
    etag = headers["etag"]
    assert get(cluster["url"] + path, {"If-None-Match": etag})[0] == 304


def test_a_release_package_downloads_under_the_api_servers_name(cluster):
    """nginx names a release's data package as tracker.api does, with the same headers."""
    recorded = REPO / "datasets" / "releases" / "2026.11.24" / "datapackage.zip"
    path = "/api/v1/releases/2026.11.24/datapackage.zip"
    target = cluster["api"] / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(recorded.read_bytes())
    status, headers, body = get(cluster["url"] + path)
    assert status == 200
    assert body == recorded.read_bytes()
    assert headers["content-type"] == "application/zip"
    name = "china-intelligent-manufacturing-progress-2026.11.24.zip"
    assert headers["content-disposition"] == f'attachment; filename="{name}"'
    assert headers["cache-control"] == "public, max-age=300"
    assert headers["access-control-allow-origin"] == "*"
    for header, value in SECURITY_HEADERS:
        assert headers[header.lower()] == value
    missing = get(cluster["url"] + "/api/v1/releases/2030.01.01/datapackage.zip")
    assert missing[0] == 404 and json.loads(missing[2])["error"] == "not found"


def test_citation_files_and_kept_documents_have_the_api_servers_types_and_caching(cluster):
    """nginx sends an indicator's .bib, .ris, .csl.json and .atom with tracker.api's types, and a
    release's kept documents with tracker.api.IMMUTABLE (issue 27)."""
    from tracker.api import ATOM, BIBTEX, CSL_JSON, IMMUTABLE, JSON, RIS
    from tracker.served import CACHE_CONTROL

    cases = [
        ("/api/v1/indicators/sample-1.bib", BIBTEX, CACHE_CONTROL),
        ("/api/v1/indicators/sample-1.ris", RIS, CACHE_CONTROL),
        ("/api/v1/indicators/sample-1.atom", ATOM, CACHE_CONTROL),
        ("/api/v1/indicators/sample-1.csl.json", CSL_JSON, CACHE_CONTROL),
        ("/api/v1/releases/2030.01.01/indicators/sample-1.json", JSON, IMMUTABLE),
    ]
    for path, content_type, cache_control in cases:
        target = cluster["api"] / path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(b"kept\n")
        status, headers, body = get(cluster["url"] + path)
        assert status == 200 and body == b"kept\n", path
        assert headers["content-type"] == content_type, path
        assert headers["cache-control"] == cache_control, path
        for name, value in SECURITY_HEADERS:
            assert headers[name.lower()] == value


def test_missing_api_file_is_a_json_404(cluster):
    status, headers, body = get(cluster["url"] + "/api/v1/indicators/no-such.json")
    assert status == 404
    assert headers["content-type"] == "application/json; charset=utf-8"
    assert headers["access-control-allow-origin"] == "*"
    assert json.loads(body) == {
        "error": "not found",
        "status": 404,
        "index": "/api/v1/indicators.json",
    }


def test_killed_process_is_restarted_and_sigterm_stops_everything(cluster):
    victim = cluster["dashboards"][0]
    os.kill(victim["pid"], signal.SIGKILL)
    # nginx sends the victim's readers to the other process meanwhile
    for i in range(6):
        status = get(cluster["url"] + "/_stcore/health", {"Cookie": f"{COOKIE}=k{i}"})[0]
        assert status == 200
    deadline = time.monotonic() + START_S
    while True:
        state = json.loads(cluster["state_file"].read_text())
        now = state["dashboards"][0]
        if now["restarts"] == 1 and now["pid"] != victim["pid"] and healthy(now["port"]):
            break
        assert time.monotonic() < deadline, state
        time.sleep(0.5)
    assert now["port"] == victim["port"]
    assert state["dashboards"][1]["pid"] == cluster["dashboards"][1]["pid"]

    pids = [state["nginx_pid"]] + [d["pid"] for d in state["dashboards"]]
    proc = cluster["proc"]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 0
    assert not [p for p in pids if alive(p)]
    assert not cluster["state_file"].exists()


def test_config_renders_every_port_and_no_placeholder(tmp_path):
    text = render([9001, 9002, 9003], 8080, tmp_path, tmp_path)
    assert "@" not in text.replace("$", "")  # every @NAME@ filled in
    for p in (9001, 9002, 9003):
        assert f"server 127.0.0.1:{p} " in text
    assert "listen 127.0.0.1:8080;" in text
    with pytest.raises(ValueError):
        render([], 8080, tmp_path, tmp_path)


def test_load_test_tolerates_failures_only_of_the_killed_processs_readers_in_its_window():
    from bench.cluster import Load, check
    from bench.loadtest import Timeline
    from tests.browser.pages import PAGES

    ok = [("x.csv", "h")]
    ref = {"A": {p.name: {"version": "A", "downloads": ok} for p in PAGES}}
    events = {"killed": {"port": 1, "readers": [1]}, "kill_at": 10.0, "restarted_at": 12.0}
    loads = [Load(0, p.name, 0, 1, 5.0, "127.0.0.1:2", "A", ok) for p in PAGES]
    loads += [
        Load(1, "data", 11, 13, None, "127.0.0.1:1", "none", [], ["load failed: timeout"]),
        Load(1, "data", 30, 31, 5.0, "127.0.0.1:1", "A", ok),
    ]
    problems, tolerated = check(loads, [], events, ref, Timeline("A"))
    assert problems == [] and len(tolerated) == 2  # the failure and the version it did not show
    # a reader of another process failing in the same window is an error
    loads.append(Load(0, "data", 11, 13, 5.0, "127.0.0.1:2", "A", [("x.csv", "other")]))
    problems, _ = check(loads, [], events, ref, Timeline("A"))
    assert len(problems) == 1 and "downloads differ" in problems[0]
    # the killed process's reader must load cleanly again after the window
    problems, _ = check(loads[:-2], [], events, ref, Timeline("A"))
    assert any("did not load cleanly again" in p for p in problems)


def test_download_digest_leaves_out_only_the_workbooks_creation_time():
    import io
    import zipfile

    from bench.cluster import digest

    def xlsx(created: str, cell: str) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            z.writestr("docProps/core.xml", created)
            z.writestr("xl/worksheets/sheet1.xml", cell)
        return buf.getvalue()

    assert digest(xlsx("01:00", "1")) == digest(xlsx("02:00", "1"))
    assert digest(xlsx("01:00", "1")) != digest(xlsx("01:00", "2"))
    assert digest(b"a,b\n") != digest(b"a,c\n")


def test_the_side_by_side_comparison_reports_each_phase_and_the_p95_ratio():
    """`python -m bench.cluster_compare` (make bench): its summary and table from loads."""
    from bench.cluster import Load
    from bench.cluster_compare import summary, table

    def loads(page_ms: dict[str, list[float]], problems=()) -> list[Load]:
        out = [
            Load(0, page, 0.0, 1.0, ms, "", "A", [])
            for page, values in page_ms.items()
            for ms in values
        ]
        out[0].problems = list(problems)
        return out

    cluster = summary(loads({"overview": [100, 200, 300]}, ["1 error box(es)"]), 60.04)
    one = summary(loads({"overview": [100, 150]}), 60.0)
    assert cluster["loads"] == 3 and cluster["errors"] == 1 and cluster["seconds"] == 60.0
    assert cluster["per_page"]["overview"]["p95_ms"] == 290.0
    result = {
        "settings": {"processes": 3},
        "cluster": cluster | {"readers": 6},
        "one_process": one | {"readers": 2},
        "p95_ratio": {"overview": round(290.0 / 147.5, 2)},
    }
    text = table(result)
    assert "nginx with 3 processes and 6 readers vs one process and 2" in text
    assert "1.97" in text and "cluster: 3 loads, 1 with errors" in text
