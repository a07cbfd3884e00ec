"""Fixtures of the TUI tests: small stores built from hand-made maps (see tui_maps.py)."""

from __future__ import annotations

import pytest

from argmap.graph.nxstore import NetworkxStore
from tui_maps import calm_map, grid_map


@pytest.fixture
def anyio_backend():
    return "asyncio"


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
