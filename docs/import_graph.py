"""Draw the project's import graph from the code, as a Mermaid flowchart.

    python docs/import_graph.py            # print the graph
    python docs/import_graph.py --write    # rewrite it in docs/architecture.md

Reads every module of dashboard.py, pages/, tracker/ and etl/ with `ast` (nothing is imported
or run) and draws one arrow per module-level import between them, grouped by layer.
tests/test_architecture.py fails when docs/architecture.md holds another graph.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "architecture.md"
BEGIN, END = "```mermaid\n", "```\n"
LAYERS = {"app": ["dashboard.py", "pages"], "tracker": ["tracker"], "etl": ["etl"]}


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the app, tracker and etl."""
    found = {}
    for roots in LAYERS.values():
        for root in roots:
            path = REPO / root
            files = [path] if path.is_file() else sorted(path.glob("*.py"))
            for f in files:
                if f.name in ("__init__.py", "__main__.py"):
                    continue
                found[".".join(f.relative_to(REPO).with_suffix("").parts)] = f
    return found


def imports(path: Path, known: set[str]) -> set[str]:
    """The known modules `path` imports (from x import y counts x.y when that is a module)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name in known}
        elif isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                name = f"{node.module}.{a.name}"
                if name in known:
                    out.add(name)
                elif node.module in known:
                    out.add(node.module)
    return out


def graph() -> str:
    mods = modules()
    lines = ["flowchart TB"]
    for layer, roots in LAYERS.items():
        lines.append(f"  subgraph {layer}")
        for name in mods:
            if any(name == r.removesuffix(".py") or name.startswith(r + ".") for r in roots):
                lines.append(f"    {name.replace('.', '_')}[{name}]")
        lines.append("  end")
    for name, path in mods.items():
        for target in sorted(imports(path, set(mods)) - {name}):
            lines.append(f"  {name.replace('.', '_')} --> {target.replace('.', '_')}")
    return "\n".join(lines) + "\n"


def write() -> None:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(BEGIN) + len(BEGIN)
    end = text.index(END, start)
    DOC.write_text(text[:start] + graph() + text[end:], encoding="utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv[1:]:
        write()
    else:
        sys.stdout.write(graph())
