"""The distribution installs one import namespace, ``argmap``: nothing called ``ingest``,
``graph`` or ``tui`` may land in site-packages, in a regular or an editable install."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Built from a clean copy: a build/ or *.egg-info left in the checkout by an earlier install
    # would put files in the wheel that a fresh checkout's build leaves out.
    source = tmp_path_factory.mktemp("source") / "argmap"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", "build", "dist", "*.egg-info", ".venv", "__pycache__", ".argmap", ".neo4j", ".pytest_cache"))
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        pytest.fail(f"building the wheel failed:\n{proc.stderr[-2000:]}")
    (whl,) = out.glob("argmap-*.whl")
    return whl


def test_wheel_has_only_the_argmap_namespace(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names if not n.split("/", 1)[0].endswith((".dist-info", ".data"))}
    assert top == {"argmap"}
    for sub in ("argmap/ingest/__init__.py", "argmap/graph/__init__.py", "argmap/tui/__init__.py",
                "argmap/graph/nxstore.py", "argmap/data/demo_thread.jsonl"):
        assert sub in names, f"{sub} missing from the wheel"


def test_wheel_has_every_module_of_the_source_tree(wheel):
    """A package folder missing from pyproject's ``packages`` list would install without its code."""
    names = set(zipfile.ZipFile(wheel).namelist())
    folders = {"argmap": "argmap", "ingest": "argmap/ingest", "graph": "argmap/graph", "tui": "argmap/tui"}
    missing = [f"{prefix}/{path.relative_to(ROOT / folder).as_posix()}"
               for folder, prefix in folders.items()
               for path in (ROOT / folder).rglob("*.py")
               if "__pycache__" not in path.parts
               and f"{prefix}/{path.relative_to(ROOT / folder).as_posix()}" not in names]
    assert not missing, f"modules missing from the wheel (add their package to pyproject's packages): {missing}"


def test_regular_install_imports_subpackages(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    assert sorted(p.name for p in target.iterdir() if not p.name.endswith(".dist-info") and p.name != "bin") == ["argmap"]
    code = ("import argmap.ingest, argmap.graph, argmap.tui, argmap.graph.nxstore as s; "
            "print(argmap.ingest.__file__); print(s.__file__)")
    # Run from an empty directory, with only the target on the path: the source tree cannot leak in.
    proc = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert all(line.startswith(str(target)) for line in proc.stdout.split())


def test_editable_or_source_install_maps_folders_into_argmap():
    import argmap.graph
    import argmap.ingest
    import argmap.tui

    # In this checkout the top-level folders are what `argmap.<sub>` resolves to.
    assert Path(argmap.ingest.__file__).parent.name in {"ingest"} or "site-packages" in argmap.ingest.__file__
    for name in ("ingest", "graph", "tui"):
        proc = subprocess.run([sys.executable, "-c", f"import {name}"], capture_output=True, cwd="/", timeout=60)
        assert proc.returncode != 0, f"a top-level `{name}` module is importable: it leaked into site-packages"
