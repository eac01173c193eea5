"""A read-only Model Context Protocol server over the tracker's record (issue 27, docs/mcp.md):
`python -m tracker.mcp` over stdio, and mounted by `tracker.serve` at `/mcp` (streamable HTTP).

Built on the official SDK's `MCPServer` (mcp >= 2: what v1 called FastMCP, now part of the SDK):
tools are typed functions whose signatures are the JSON Schemas clients see, and the SDK's own
client is what the tests drive it with. The answers are the API's documents (`tracker.api`,
`tracker.documents`), never a second shaping of the data: every figure is the document's figure
with its verbatim quote, its source's address, the dataset's version and the indicator's page.

Bounds: a page of at most `MAX_PAGE` items, query strings of at most `search.MAX_QUERY` characters,
ids of at most 200; quotes and source-text excerpts are cut at `MAX_TEXT` characters and say so
(`quote_truncated`). Bad input (unknown ids, wrong types, too long strings) gets an MCP tool
error with a plain message; an unexpected failure gets "the tracker could not answer", never a
trace (the SDK logs it on the server).
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sys
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar
from urllib.parse import urlsplit

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings
from pydantic import Field

from tracker import api, data, documents, releases, search, site
from tracker import sources as source_rows

MAX_PAGE = 50
MAX_TEXT = 2000
EXCERPT = 160  # characters of source text either side of a match

INSTRUCTIONS = (
    "Read-only access to the China intelligent manufacturing progress tracker: the goals of "
    "China's national intelligent-manufacturing plans, the figures officials stated against them, "
    "and verdicts. Every figure comes with the verbatim quote that states it, its source's "
    "address, the dataset version and the indicator's page: cite those, and do not state a "
    "figure the answers do not hold. Comparators matter: value 340 with comparator '>' means "
    "'more than 340'."
)

server = MCPServer(
    name="china-im-tracker",
    title=site.TITLE,
    instructions=INSTRUCTIONS,
    website_url=documents.public_url(),
)

F = TypeVar("F", bound=Callable[..., Any])
_log = logging.getLogger(__name__)


class Refused(ToolError):
    """A request the tracker answers with a plain message (an unknown id, no such release)."""


def plain_errors(fn: F) -> F:
    """Our own refusals pass as they are; anything else becomes one plain sentence."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            data.begin_run()  # one version of the database for the whole answer
            return fn(*args, **kwargs)
        except Refused:
            raise
        except data.DatabaseUnavailable as err:
            raise Refused("The tracker's database is being built; try again shortly.") from err
        except Exception as err:
            _log.exception("tool %s failed", fn.__name__)  # the trace for the server's log only
            raise Refused("The tracker could not answer this request.") from err

    return wrapper  # type: ignore[return-value]


# --- shared pieces ------------------------------------------------------------------------------

Words = Annotated[
    str, Field(min_length=1, max_length=search.MAX_QUERY, description="words to find")
]
Limit = Annotated[int, Field(ge=1, le=MAX_PAGE, description=f"at most {MAX_PAGE}")]
Offset = Annotated[int, Field(ge=0, le=100_000, description="items to skip")]
IndicatorId = Annotated[
    str,
    Field(min_length=1, max_length=200, description="an indicator id, e.g. key_process_cnc_rate"),
]


def _absolute(path: str) -> str:
    return documents.public_url().rstrip("/") + path


def _document(path: str) -> dict[str, Any]:
    doc = api.DOCUMENTS.answer(path)
    if doc is None:  # pragma: no cover - callers ask for addresses the API has
        raise Refused("No such document.")
    return json.loads(doc.body)


def _cut(text: str | None) -> tuple[str | None, bool]:
    if text is None or len(text) <= MAX_TEXT:
        return text, False
    return text[:MAX_TEXT] + "…", True


def _figure(observation: dict[str, Any], page: str, version: str) -> dict[str, Any]:
    """One stated figure as every answer gives it: with its quote, source, version and page."""
    quote, cut = _cut(observation["quote"])
    return {
        "observation_id": observation["id"],
        "value": observation["value"],
        "comparator": observation["comparator"],
        "as_of": observation["as_of"],
        "comparable": observation["comparable"],
        "quote": quote,
        "quote_truncated": cut,
        "source_title": observation["source"]["title"],
        "source_url": observation["source"]["url"],
        "source_published": observation["source"]["published"],
        "dataset_version": version,
        "indicator_page": page,
    }


def _page(total: int, offset: int, limit: int) -> dict[str, Any]:
    more = offset + limit < total
    return {
        "total": total,
        "offset": offset,
        "limit": limit,
        "next_offset": offset + limit if more else None,
    }


def _matches(terms: list[str], *texts: Any) -> bool:
    haystack = " ".join(str(t) for t in texts if t).casefold()
    return all(term in haystack for term in terms)


def _terms(query: str) -> list[str]:
    terms = [t.casefold() for t in query.split()]
    if not terms:
        raise Refused("The query is empty: give one or more words (English or Chinese).")
    return terms


# --- the tools ----------------------------------------------------------------------------------


@server.tool()
@plain_errors
def search_indicators(query: Words, limit: Limit = 10, offset: Offset = 0) -> dict[str, Any]:
    """Find indicators by words in English or Chinese (names, ids, definitions). Each result
    has its latest stated figure with its quote and source, and its page and API addresses."""
    terms = _terms(query)
    version = documents.version()
    found = []
    for entry in documents.catalogue():
        doc = _document(entry["json"])
        ind = doc["indicator"]
        if _matches(
            terms,
            ind["id"],
            ind["name_en"],
            ind["name_zh"],
            ind["definition"],
            ind["definition_zh"],
        ):
            found.append((entry, doc))
    # The id or a name first, then shorter (more specific) names; definitions only after.
    found.sort(
        key=lambda pair: (
            not _matches(terms, pair[0]["id"], pair[0]["name_en"], pair[0]["name_zh"]),
            len(pair[0]["name_en"]),
        )
    )
    results = []
    for entry, doc in found[offset : offset + limit]:
        page = _absolute(entry["page"])
        latest = _latest_figure(doc, page, version)
        results.append(
            {
                "id": entry["id"],
                "name_en": entry["name_en"],
                "name_zh": entry["name_zh"],
                "unit": entry["unit"],
                "latest": latest,
                "target_statuses": entry["target_statuses"],
                "page": page,
                "document": _absolute(entry["json"]),
            }
        )
    return {"dataset_version": version, **_page(len(found), offset, limit), "results": results}


def _latest_figure(doc: dict[str, Any], page: str, version: str) -> dict[str, Any] | None:
    """The observation the catalogue calls latest (same date, value and comparator)."""
    latest = doc["indicator"]["latest"]
    if latest is None:
        return None
    for o in reversed(doc["observations"]):
        if (o["as_of"], o["value"], o["comparator"]) == (
            latest["as_of"],
            latest["value"],
            latest["comparator"],
        ):
            return _figure(o, page, version)
    return None


@server.tool()
@plain_errors
def get_indicator(
    indicator_id: IndicatorId,
    version: Annotated[
        str | None,
        Field(max_length=20, description="a release version (YYYY.MM.DD[.N]); omit for the latest"),
    ] = None,
    limit: Limit = MAX_PAGE,
    offset: Offset = 0,
) -> dict[str, Any]:
    """One indicator: definition, every stated figure with its verbatim quote and source, its
    targets with status and verdict; at a release `version` when given (as that release kept
    it). Figures are paged (`limit`, `offset`)."""
    found = documents.known_indicator(indicator_id)
    if found is None:
        raise Refused("No indicator with that id; search_indicators lists them.")
    current = documents.version()
    if version is None or version == current:
        doc = _document(site.indicator_address(found, "json"))
        served = current
    else:
        doc = _as_released(version, found)
        served = version
    ind = doc["indicator"]
    page = _absolute(ind["page"])
    observations = doc["observations"]
    figures = [_figure(o, page, served) for o in observations[offset : offset + limit]]
    return {
        "dataset_version": served,
        "indicator": {
            k: ind[k]
            for k in (
                "id",
                "name_en",
                "name_zh",
                "unit",
                "direction",
                "definition",
                "definition_zh",
            )
        },
        "page": page,
        "document": _absolute(ind["json"]),
        "figures": {**_page(len(observations), offset, limit), "items": figures},
        "targets": [
            _goal(t, page, served, {o["id"]: o for o in observations}) for t in doc["targets"]
        ],
        "citation": doc["citation"]["text"],
        "licence": doc["licence"]["name"],
    }


def _as_released(version: str, indicator_id: str) -> dict[str, Any]:
    release = releases.known_version(version)
    if release is None:
        names = ", ".join(r["version"] for r in releases.releases_index()["releases"])
        raise Refused(f"No release with that version. The releases are: {names}.")
    body = releases.release_document(release, f"indicators/{indicator_id}.json")
    if body is None:
        raise Refused(releases.no_documents_reason(release))
    return json.loads(body)


def _goal(
    target: dict[str, Any], page: str, version: str, observations: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    quote, cut = _cut(target["quote"])
    verdict = target["verdict"]
    deciding = None
    if verdict and verdict["observation_id"] in observations:
        deciding = _figure(observations[verdict["observation_id"]], page, version)
    return {
        "goal_id": target["id"],
        "indicator_id": target["indicator_id"],
        "value": target["value"],
        "comparator": target["comparator"],
        "deadline": target["deadline"],
        "scope": target["scope"],
        "match": target["match"],
        "status": target["status"],
        "status_note": target["status_note"],
        "verdict": verdict and verdict["outcome"],
        "verdict_note": verdict and verdict["note"],
        "deciding_figure": deciding,
        "quote": quote,
        "quote_truncated": cut,
        "source_title": target["source"]["title"],
        "source_url": target["source"]["url"],
        "dataset_version": version,
        "indicator_page": page,
    }


def _goals() -> tuple[str, list[dict[str, Any]]]:
    version = documents.version()
    out = []
    for target in _document(site.API + "/targets.json")["targets"]:
        doc = _document(site.indicator_address(target["indicator_id"], "json"))
        page = _absolute(doc["indicator"]["page"])
        observations = {o["id"]: o for o in doc["observations"]}
        out.append({**_goal(target, page, version, observations), "lineage": target["lineage"]})
    return version, out


Verdict = Literal["met", "not_met", "met_on_proxy", "not_met_on_proxy", "no_verdict", "pending"]


@server.tool()
@plain_errors
def list_goals(
    verdict: Annotated[
        Verdict | None,
        Field(description="only goals with this verdict; 'pending': deadline not passed yet"),
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    """The goals (targets) of the plans with their status and verdict, each with the figure
    that decided it (verbatim quote, source), the goal's own quote and the indicator's page."""
    version, goals = _goals()
    if verdict == "pending":
        goals = [g for g in goals if g["verdict"] is None]
    elif verdict is not None:
        goals = [g for g in goals if g["verdict"] == verdict]
    items = [{k: v for k, v in g.items() if k != "lineage"} for g in goals[offset : offset + limit]]
    return {"dataset_version": version, **_page(len(goals), offset, limit), "goals": items}


@server.tool()
@plain_errors
def get_goal(
    goal_id: Annotated[
        str, Field(min_length=1, max_length=200, description="a goal id from list_goals")
    ],
) -> dict[str, Any]:
    """One goal with its status, verdict and deciding figure, and its lineage: the goals it
    follows and that follow it across plans, each with its relation and source."""
    version, goals = _goals()
    found = next((g for g in goals if g["goal_id"] == goal_id), None)
    if found is None:
        raise Refused("No goal with that id; list_goals lists them.")
    return {"dataset_version": version, "goal": found}


@server.tool()
@plain_errors
def search_quotes(query: Words, limit: Limit = 10, offset: Offset = 0) -> dict[str, Any]:
    """Find words (English or Chinese) in the verbatim quotes of figures and goals and in the
    sources' full texts. Quote hits carry their figure or goal; text hits an excerpt of the
    source around the words, with the source's title and address."""
    terms = _terms(query)
    version = documents.version()
    hits: list[dict[str, Any]] = []
    for entry in documents.catalogue():
        doc = _document(entry["json"])
        page = _absolute(entry["page"])
        for o in doc["observations"]:
            if _matches(terms, o["quote"]):
                hits.append(
                    {"kind": "figure", "indicator_id": entry["id"], **_figure(o, page, version)}
                )
    _, goals = _goals()
    for g in goals:
        if _matches(terms, g["quote"]):
            hits.append({"kind": "goal", **{k: v for k, v in g.items() if k != "lineage"}})
    for s in source_rows.all_sources().to_dict("records"):
        if not isinstance(s.get("text_file"), str):
            continue
        text = source_rows.source_text(s["text_file"])
        excerpt = _excerpt(text, terms)
        if excerpt is not None:
            hits.append(
                {
                    "kind": "source_text",
                    "source_id": s["source_id"],
                    "source_title": s["title"],
                    "source_url": s["url"],
                    "excerpt": excerpt,
                    "dataset_version": version,
                }
            )
    return {
        "dataset_version": version,
        **_page(len(hits), offset, limit),
        "hits": hits[offset : offset + limit],
    }


def _excerpt(text: str, terms: list[str]) -> str | None:
    """The text around the first term when every term occurs in `text`, else None."""
    folded = text.casefold()
    if not all(t in folded for t in terms):
        return None
    at = folded.find(terms[0])
    start, stop = max(0, at - EXCERPT), min(len(text), at + len(terms[0]) + EXCERPT)
    return ("…" if start else "") + text[start:stop] + ("…" if stop < len(text) else "")


# --- serving -----------------------------------------------------------------------------------


PATH = "/mcp"


def transport_security() -> TransportSecuritySettings:
    """The SDK's DNS-rebinding guard: loopback, and the public address when one is set
    (TRACKER_PUBLIC_URL; `documents.public_url`)."""
    public = urlsplit(documents.public_url())
    hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    origins = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    if public.hostname and public.netloc not in hosts:
        hosts.append(public.netloc)
        origins.append(f"{public.scheme}://{public.netloc}")
    return TransportSecuritySettings(allowed_hosts=hosts, allowed_origins=origins)


_mount: HttpMount | None = None


def http_app() -> HttpMount:
    """The one HTTP mount of this process (the SDK allows one session manager per server)."""
    global _mount
    if _mount is None:
        _mount = HttpMount()
    return _mount


class HttpMount:
    """The streamable HTTP transport as an ASGI app for `tracker.serve` (at /mcp): stateless and
    JSON answers (no session to keep between processes behind a balancer). Its session manager
    needs a running task group; the first request starts it, in the server's own event loop."""

    def __init__(self) -> None:
        self.app = server.streamable_http_app(
            streamable_http_path=PATH,
            stateless_http=True,
            json_response=True,
            transport_security=transport_security(),
        )
        self._ready: asyncio.Event | None = None
        self._holder: asyncio.Task | None = None

    async def _hold(self) -> None:
        async with server.session_manager.run():
            assert self._ready is not None
            self._ready.set()
            await asyncio.Event().wait()  # for the life of the server's event loop

    async def _start(self) -> None:
        if self._ready is None:
            self._ready = asyncio.Event()
            self._holder = asyncio.get_running_loop().create_task(self._hold())
        await self._ready.wait()

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        await self._start()
        await self.app(scope, receive, send)


def main(argv: list[str] | None = None) -> int:
    """`python -m tracker.mcp`: the server over stdio (TRACKER_DB chooses the database)."""
    del argv
    server.run("stdio")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
