"""Fixtures of the TUI tests: small stores built from hand-made maps (see tui_maps.py)."""

from __future__ import annotations

import asyncio
import inspect

import pytest

from argmap.graph.nxstore import NetworkxStore
from tui_maps import calm_map, grid_map


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run ``async def`` tests (Textual's Pilot is async) without a pytest async plugin."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        names = pyfuncitem._fixtureinfo.argnames
        asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
        return True
    return None


@pytest.fixture
def store(tmp_path):
    s = NetworkxStore(tmp_path / "ws")
    s.put_maps([grid_map(), calm_map()])
    return s


@pytest.fixture
def grid_store(tmp_path):
    s = NetworkxStore(tmp_path / "grid")
    s.put_maps([grid_map()])
    return s
