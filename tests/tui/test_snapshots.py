"""SVG snapshots of the TUI's layout: each view of the hand-made grid map at a fixed terminal size.

The app's screenshot (``App.export_screenshot``) is compared with the SVG committed under
``tests/tui/snapshots/``. pytest-textual-snapshot is not used: it needs syrupy 4.8, which pins
pytest < 9. After an intended change of the layout, regenerate the files and review the diff:

    ARGMAP_UPDATE_SNAPSHOTS=1 python -m pytest -q tests/tui/test_snapshots.py

A mismatch writes the new screenshot next to the committed one as ``<name>.actual.svg`` (ignored
by git) so the two can be opened side by side.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from argmap.graph.nxstore import NetworkxStore
from argmap.tui.app import make_app
from test_app import map_ready, settle
from tui_maps import calm_map, grid_map

SNAPSHOTS = Path(__file__).parent / "snapshots"
SIZE = (120, 36)
UPDATE = os.environ.get("ARGMAP_UPDATE_SNAPSHOTS") == "1"
_RUN_IDS = re.compile(r"terminal-\d+")


def normalise(svg: str) -> str:
    """The screenshot without what changes from run to run: the ids Textual/Rich put on its classes."""
    return _RUN_IDS.sub("terminal", svg)


def check_snapshot(name: str, svg: str) -> None:
    expected_path = SNAPSHOTS / f"{name}.svg"
    actual = normalise(svg)
    if UPDATE:
        SNAPSHOTS.mkdir(exist_ok=True)
        expected_path.write_text(actual, encoding="utf-8")
        return
    if not expected_path.exists():
        pytest.fail(f"no snapshot {expected_path.name}: run with ARGMAP_UPDATE_SNAPSHOTS=1 to create it")
    if actual != expected_path.read_text(encoding="utf-8"):
        actual_path = expected_path.with_suffix(".actual.svg")
        actual_path.write_text(actual, encoding="utf-8")
        pytest.fail(f"{name}: the screen differs from {expected_path.name} (now in {actual_path.name}); "
                    "regenerate with ARGMAP_UPDATE_SNAPSHOTS=1 if the change is intended")


def _still_app(store):
    """The app with animations off: a tab underline caught mid-slide differs from run to run."""
    app = make_app(store)
    app.animation_level = "none"
    return app


async def _whole_map_shown(pilot) -> None:
    await settle(pilot, lambda a: map_ready(a) and a.map_loaded_at is not None and a.screen.loaded)


async def test_snapshot_thread_picker(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the header names the store: a relative path is the same every run
    store = NetworkxStore("ws")
    store.put_maps([grid_map(), calm_map()])
    app = _still_app(store)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda a: a.screen.query_one("#thread-table").row_count == 2)
        check_snapshot("thread_picker", app.export_screenshot())


@pytest.mark.parametrize("key, name", [("c", "crux_map"), ("t", "thread_view"), ("a", "authors_view")])
async def test_snapshot_views(grid_store, key, name):
    app = _still_app(grid_store)
    async with app.run_test(size=SIZE) as pilot:
        await _whole_map_shown(pilot)
        await pilot.press(key)
        await settle(pilot)
        check_snapshot(name, app.export_screenshot())


async def test_snapshot_help(grid_store):
    app = _still_app(grid_store)
    async with app.run_test(size=SIZE) as pilot:
        await _whole_map_shown(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        check_snapshot("help", app.export_screenshot())
