"""Data flows one way (STYLE.md): models and errors import nothing from the project, readers and
store backends import only models/errors, nothing imports the TUI, only CLI modules wire parts."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER_TO_PACKAGE = {"argmap": "argmap", "ingest": "argmap.ingest", "graph": "argmap.graph", "tui": "argmap.tui"}


def _modules():
    for folder, package in FOLDER_TO_PACKAGE.items():
        for path in (ROOT / folder).rglob("*.py"):
            rel = path.relative_to(ROOT / folder).with_suffix("")
            parts = [p for p in rel.parts if p != "__init__"]
            yield ".".join([package, *parts]), path


def _project_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] in ("argmap",) or a.name in FOLDER_TO_PACKAGE)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module.split(".")[0] == "argmap" or node.module.split(".")[0] in ("ingest", "graph", "tui"):
                found.add(node.module)
                found.update(f"{node.module}.{a.name}" for a in node.names)
    return found


def _allowed(module: str, target: str) -> bool:
    base = {"argmap", "argmap.models", "argmap.errors"}
    if target in base or target.startswith(("argmap.models.", "argmap.errors.")):
        return True
    if module in ("argmap.models", "argmap.errors"):
        return False
    if target.startswith("argmap.tui"):
        return module.startswith(("argmap.tui", "argmap.cli.")) or module == "argmap.cli"  # the CLI package
    if module.startswith("argmap.ingest"):
        return target.startswith("argmap.ingest")
    if module.startswith("argmap.analysis.stance."):
        # the stance stage's pieces (lexicons, features, scoring, model) read only each other; the
        # package's __init__ (the stage) wires them to the map
        return target.startswith("argmap.analysis.stance")
    if module in ("argmap.graph.nxstore", "argmap.graph.neo4jstore", "argmap.graph.authorindex"):
        return target.startswith(("argmap.graph.store", "argmap.graph.integrity", "argmap.graph.authorindex"))
    return True


def test_imports_flow_one_way():
    bad = []
    for module, path in _modules():
        for target in _project_imports(path):
            if target.split(".")[0] in ("ingest", "graph", "tui"):
                bad.append(f"{module} imports top-level {target!r}: use argmap.{target}")
            elif not _allowed(module, target):
                bad.append(f"{module} imports {target}")
    assert not bad, "\n".join(bad)


def test_models_and_errors_import_no_project_module():
    for name in ("models.py", "errors.py"):
        assert not {t for t in _project_imports(ROOT / "argmap" / name) if t != "argmap"}
