"""The MCP server (tracker/mcp.py), driven by the official SDK's own client: over stdio
(`python -m tracker.mcp`) and over streamable HTTP at /mcp of the real app server
(`python -m tracker.serve`). Every figure an answer states must be a row of the database with
its verbatim quote, source address, dataset version and page; hostile input gets a tool error
with a plain message, never a trace."""

from __future__ import annotations

import asyncio
import os
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters

from etl.build import DEFAULT_DATASETS, build
from tests.browser.server import serve

REPO = Path(__file__).resolve().parents[2]
MCP_HEADERS = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream"}
TOOLS = {"search_indicators", "get_indicator", "list_goals", "get_goal", "search_quotes"}
HOSTILE: list[tuple[str, dict[str, Any]]] = [
    ("get_indicator", {"indicator_id": "nope"}),
    ("get_indicator", {"indicator_id": "x' OR 1=1; DROP TABLE observations; --"}),
    ("get_indicator", {"indicator_id": "a" * 100_000}),
    ("get_indicator", {"indicator_id": 5}),
    ("get_indicator", {"indicator_id": ["key_process_cnc_rate"]}),
    ("get_indicator", {}),
    ("get_indicator", {"indicator_id": "key_process_cnc_rate", "version": "1999.01.01"}),
    ("get_indicator", {"indicator_id": "key_process_cnc_rate", "version": "../../etc/passwd"}),
    ("get_goal", {"goal_id": "'; SELECT * FROM sources; --"}),
    ("list_goals", {"verdict": "DROP TABLE"}),
    ("list_goals", {"limit": 10_000}),
    ("list_goals", {"limit": -1}),
    ("list_goals", {"offset": "many"}),
    ("search_indicators", {"query": "x" * 5000}),
    ("search_indicators", {"query": "   "}),
    ("search_quotes", {"query": {"$ne": None}}),
]


def database_figures(db: Path) -> set[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT o.observation_id, o.value, o.comparator, o.quote, s.url "
            "FROM observations o JOIN sources s USING (source_id)"
        ).fetchall()
    return {(i, float(v), c, q, u) for i, v, c, q, u in rows}


def figures_in(value: Any) -> list[dict]:
    """Every dict in an answer that states a figure (has an observation id and a value)."""
    found = []
    if isinstance(value, dict):
        if "observation_id" in value and "value" in value:
            found.append(value)
        for v in value.values():
            found += figures_in(v)
    elif isinstance(value, list):
        for v in value:
            found += figures_in(v)
    return found


async def exercise(client: Client, db: Path) -> None:
    """The same session over either transport."""
    listed = await client.list_tools()
    assert {t.name for t in listed.tools} == TOOLS
    known = database_figures(db)
    answers = []

    for query in ("numerical control", "数控化率"):
        r = await client.call_tool("search_indicators", {"query": query})
        assert not r.is_error, r.content
        ids = [x["id"] for x in r.structured_content["results"]]
        assert "key_process_cnc_rate" in ids, (query, ids)
        answers.append(r.structured_content)

    r = await client.call_tool("get_indicator", {"indicator_id": "key_process_cnc_rate"})
    assert not r.is_error, r.content
    doc = r.structured_content
    assert doc["page"].endswith("/indicator?id=key_process_cnc_rate")
    assert doc["figures"]["total"] >= 3 and doc["figures"]["items"]
    answers.append(doc)

    r = await client.call_tool(
        "get_indicator", {"indicator_id": "key_process_cnc_rate", "limit": 1}
    )
    assert len(r.structured_content["figures"]["items"]) == 1
    assert r.structured_content["figures"]["next_offset"] == 1

    r = await client.call_tool("list_goals", {"verdict": "met", "limit": 50})
    assert not r.is_error, r.content
    goals = r.structured_content["goals"]
    assert goals and all(g["verdict"] == "met" and g["deciding_figure"] for g in goals)
    answers.append(r.structured_content)

    r = await client.call_tool("get_goal", {"goal_id": goals[0]["goal_id"]})
    assert not r.is_error, r.content
    assert "lineage" in r.structured_content["goal"]
    answers.append(r.structured_content)

    r = await client.call_tool("search_quotes", {"query": "数控化率", "limit": 50})
    assert not r.is_error, r.content
    kinds = {h["kind"] for h in r.structured_content["hits"]}
    assert {"figure", "source_text"} <= kinds, kinds
    answers.append(r.structured_content)

    figures = [f for a in answers for f in figures_in(a)]
    assert len(figures) > 5
    for f in figures:
        assert (
            f["observation_id"],
            float(f["value"]),
            f["comparator"],
            f["quote"],
            f["source_url"],
        ) in known, f
        assert f["dataset_version"] and f["indicator_page"].startswith("http")

    for tool, arguments in HOSTILE:
        r = await client.call_tool(tool, arguments)
        assert r.is_error, (tool, arguments)
        text = " ".join(c.text for c in r.content)
        assert "Traceback" not in text and 'File "' not in text, text
        assert len(text) < 2000, (tool, len(text))

    before = await client.call_tool(
        "get_indicator", {"indicator_id": "key_process_cnc_rate", "version": "2026.11.24"}
    )
    assert before.is_error
    assert "made before each release kept its own API documents" in before.content[0].text

    unknown = await client.call_tool("drop_everything", {})
    assert unknown.is_error


@pytest.fixture(scope="module")
def built_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("mcp") / "tracker.duckdb"
    build(DEFAULT_DATASETS, db, date(2026, 11, 24))
    return db


def test_mcp_over_stdio(built_db):
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "tracker.mcp"],
        env={**os.environ, "TRACKER_DB": str(built_db)},
        cwd=str(REPO),
    )

    async def run() -> None:
        async with Client(params) as client:
            await exercise(client, built_db)

    asyncio.run(run())


def test_mcp_over_http_on_the_app_server(built_db, tmp_path):
    with serve(built_db, tmp_path / "server.log") as base:

        async def run() -> None:
            async with Client(f"{base}/mcp") as client:
                await exercise(client, built_db)

        asyncio.run(run())
        # Not MCP at all: a browser, garbage, a huge body; a JSON-RPC error, never a trace.
        for headers, body in (
            ({"Accept": "text/html"}, None),
            (MCP_HEADERS, b"{not json"),
            (MCP_HEADERS, b'{"jsonrpc": "2.0", "id": 1, "method": "' + b"x" * 5_000_000 + b'"}'),
        ):
            request = urllib.request.Request(f"{base}/mcp", data=body, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=30) as r:
                    status, text = r.status, r.read()
            except urllib.error.HTTPError as err:
                status, text = err.code, err.read()
            except urllib.error.URLError as err:  # the huge body: refused before it is read
                assert isinstance(err.reason, ConnectionResetError) and len(body or b"") > 10**6
                continue
            assert 400 <= status < 500, (status, text[:200])
            assert b"Traceback" not in text and len(text) < 2000, text[:200]
        with urllib.request.urlopen(f"{base}/_stcore/health", timeout=10) as r:
            assert r.status == 200  # and the server still serves
