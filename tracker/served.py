"""What the data API (`tracker.api`) and the baked pages (`tracker.baked`) share in serving
what they publish: the `Document` type, a `Site` (an address space with its pool of built
documents, its one-version read, its static copy and its command line) and the ASGI
response both servers send.

A site is declared by two functions: `resolve(path)`, the canonical key of an address and what
makes its document (None: the site has no such address), and `paths()`, every address of the
static copy. `answer` is then the one function from an address to its bytes, called by the
server and the static copy alike, so a file of the copy is byte for byte what the server
answers.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tracker import data, documents, store
from tracker.routing import SECURITY_HEADERS

CACHE_CONTROL = "public, max-age=300"
SECURITY = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in SECURITY_HEADERS]


@dataclass(frozen=True)
class Document:
    body: bytes
    media_type: str
    version: str
    filename: str | None = None  # sent as an attachment under this name
    status: int = 200
    cache_control: str = CACHE_CONTROL

    @property
    def etag(self) -> str:
        """Tied to the dataset's version, and to the bytes (a build assessed on another day
        may change a status without a new release)."""
        digest = hashlib.sha256(self.body).hexdigest()[:16]
        return f'"{self.version}.{digest}"'


Resolved = tuple[str, Callable[[], Document | None]]


class Site:
    """An address space answered from the database. Documents are built once per (database
    identity, public address, canonical key) and kept least recently used first under
    `max_bytes`: each site its own pool, so that many documents of one do not push out the
    other's, nor the pages' cached results (`tracker.store`). Nothing is kept for an unknown
    address. The public address is part of a document (a feed's links, a citation's address).
    """

    def __init__(
        self,
        resolve: Callable[[str], Resolved | None],
        paths: Callable[[], Iterable[str]],
        max_bytes: int,
        folder: Callable[[Path], Path],
        file_name: Callable[[str], str],
        more_files: Callable[[], Iterable[tuple[str, bytes]]] = lambda: (),
    ):
        """`folder(out_dir)`: where the static copy goes; `file_name(path)`: where in it an
        address is kept; `more_files()`: what else the copy holds (name, bytes)."""
        self.resolve = resolve
        self.paths = paths
        self.max_bytes = max_bytes
        self.folder = folder
        self.file_name = file_name
        self.more_files = more_files
        self._kept: OrderedDict[tuple, Document] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def answer(self, path: str) -> Document | None:
        """The document at `path` (an address of this site, decoded), or None."""
        found = self.resolve(path)
        if found is None:
            return None
        key, make = found
        kept = (store.current_identity(), documents.public_url(), key)
        with self._lock:
            if kept in self._kept:
                self._kept.move_to_end(kept)
                return self._kept[kept]
        doc = make()
        if doc is not None:
            self._keep(kept, doc)
        return doc

    def _keep(self, kept: tuple, doc: Document) -> None:
        with self._lock:
            if kept in self._kept:
                return
            self._kept[kept] = doc
            self._size += len(doc.body)
            while self._size > self.max_bytes and len(self._kept) > 1:
                _, old = self._kept.popitem(last=False)
                self._size -= len(old.body)

    def clear(self) -> None:
        """Forget every document built (tests that change the environment under one build)."""
        with self._lock:
            self._kept.clear()
            self._size = 0

    def read(self, path: str) -> Document | None:
        """`answer(path)` on one version of the database (the calling thread's pin)."""
        data.begin_run()
        return self.answer(path) if "\x00" not in path else None

    def files(self) -> Iterator[tuple[str, bytes]]:
        """Every file of the static copy (its name in the folder, its bytes), on one version
        of the database."""
        data.begin_run()
        for path in list(self.paths()):
            doc = self.answer(path)
            if doc is None:  # pragma: no cover - every listed path has a document
                raise RuntimeError(f"no document for {path}")
            yield self.file_name(path), doc.body
        yield from self.more_files()

    def export(self, out_dir: Path) -> list[Path]:
        """Write the static copy under `out_dir` (one database version for all)."""
        return write_copy(self.folder(Path(out_dir)), self.files())


def write_copy(folder: Path, files: Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write `files` (a name relative to `folder`, its bytes) into a new folder beside `folder`,
    moved into place at the end, so a web server never serves half a copy."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = folder.parent / f".{folder.name}-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    written = []
    for name, body in files:
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(body)
        written.append(folder / name)
    old = folder.parent / f".{folder.name}-old-{os.getpid()}"
    if folder.exists():
        folder.rename(old)
    staging.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return written


def export_command(
    argv: list[str] | None,
    prog: str,
    description: str | None,
    what: str,
    export: Callable[[Path], list[Path]],
    under: Callable[[Path], Path],
) -> int:
    """`python -m <prog> export OUT_DIR [--db FILE]`: the static copies' one command line (the
    API's documents, the baked pages). `what` says what is written where, `under(out)`
    where the files land."""
    p = argparse.ArgumentParser(prog=prog, description=description)
    sub = p.add_subparsers(dest="command", required=True)
    e = sub.add_parser("export", help=f"write {what}")
    e.add_argument("out_dir", type=Path)
    e.add_argument("--db", type=Path, default=None, help="database (default: build/tracker.duckdb)")
    args = p.parse_args(argv)
    if args.db is not None:
        os.environ["TRACKER_DB"] = str(args.db)
    written = export(args.out_dir)
    print(f"wrote {len(written)} files under {under(args.out_dir)}")
    return 0


# --- the HTTP side --------------------------------------------------------------------------


async def respond(
    send: Any, status: int, headers: list[tuple[str, str]], body: bytes, head: bool
) -> None:
    """One ASGI response: `headers`, the length, the security headers; no body for HEAD."""
    encoded = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [*encoded, (b"content-length", str(len(body)).encode()), *SECURITY],
        }
    )
    await send({"type": "http.response.body", "body": b"" if head else body})


def if_none_match(scope: dict) -> list[str]:
    """The entity tags of a request's If-None-Match header."""
    for name, value in scope.get("headers", []):
        if name.lower() == b"if-none-match":
            return [t.strip() for t in value.decode("latin-1").split(",")]
    return []
