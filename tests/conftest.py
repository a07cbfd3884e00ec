"""Fixtures shared by several test packages."""

from __future__ import annotations

import os

import pytest

NEO4J_URI_ENV = "ARGMAP_TEST_NEO4J_URI"
_START_HINT = 'start a throw-away server with: eval "$(scripts/neo4j-server start)"'
_neo4j_state: dict[str, str | None] = {}


@pytest.fixture(scope="session")
def neo4j_uri() -> str:
    """URI of a throw-away Neo4j server for tests (``$ARGMAP_TEST_NEO4J_URI``, credentials from
    ``$ARGMAP_NEO4J_USER`` / ``$ARGMAP_NEO4J_PASSWORD``). The tests delete everything in its
    database. Skips when unset or unreachable."""
    uri = os.environ.get(NEO4J_URI_ENV)
    if not uri:
        pytest.skip(f"{NEO4J_URI_ENV} is not set; {_START_HINT}")
    if uri not in _neo4j_state:
        from argmap.errors import StoreError
        from argmap.graph.neo4jstore import Neo4jStore

        try:
            Neo4jStore(uri, connection_timeout=5.0).close()
            _neo4j_state[uri] = None
        except StoreError as exc:
            _neo4j_state[uri] = exc.one_line()
    problem = _neo4j_state[uri]
    if problem:
        pytest.skip(f"Neo4j at {NEO4J_URI_ENV} is unreachable ({problem}); {_START_HINT}")
    return uri
