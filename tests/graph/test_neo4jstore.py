"""Neo4j-specific behaviour: schema, all-or-nothing writes, read-only Cypher, connection errors.

Needs a real server (``eval "$(scripts/neo4j-server start)"``) except for the connection-error
tests, which use a closed port."""

from __future__ import annotations

import socket

import pytest

from argmap.errors import StoreConnectionError, StoreError, UsageError
from argmap.graph import neo4jstore, queries
from argmap.graph.neo4jstore import SCHEMA, Neo4jStore
from argmap.graph.nxstore import NetworkxStore


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_neo4jstore_unreachable_server_error_names_uri_without_password():
    port = _closed_port()
    with pytest.raises(StoreConnectionError) as info:
        Neo4jStore(f"bolt://neo4j:s3cr3t-pw@127.0.0.1:{port}", connection_timeout=2.0)
    line = info.value.one_line()
    assert f"bolt://127.0.0.1:{port}" in line
    assert "s3cr3t-pw" not in line and "\n" not in line
    assert "scripts/neo4j-server start" in line


def test_neo4jstore_invalid_uri_is_a_connection_error():
    with pytest.raises(StoreConnectionError, match="invalid Neo4j URI"):
        Neo4jStore("bolt://127.0.0.1:notaport", password="x")


@pytest.mark.neo4j
def test_neo4jstore_wrong_password_names_credentials_not_password(neo4j_uri):
    with pytest.raises(StoreConnectionError) as info:
        Neo4jStore(neo4j_uri, user="neo4j", password="definitely-wrong-pw")
    line = info.value.one_line()
    assert "credentials" in line and "ARGMAP_NEO4J_PASSWORD" in line
    assert "definitely-wrong-pw" not in line


@pytest.mark.neo4j
def test_neo4jstore_creates_constraints_and_indexes_at_connect(neo4j_store):
    constraints = {r[0]: r[1] for r in neo4j_store.run_read(
        "SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN name, labelsOrTypes[0] + '.' + properties[0]")[1]}
    assert constraints["argmap_claim_id"] == "Claim.claim_id"
    assert {f"argmap_{x}" for x in ("thread_id", "comment_id", "author_id", "quote_id", "crux_id")} <= set(constraints)
    indexes = {r[0] for r in neo4j_store.run_read("SHOW INDEXES YIELD name RETURN name")[1]}
    assert {"argmap_claim_thread", "argmap_stance_thread"} <= indexes
    assert len([s for s in SCHEMA if s.split()[2] in indexes | set(constraints)]) == len(SCHEMA)


@pytest.mark.neo4j
def test_neo4jstore_failed_ingest_leaves_nothing_half_written(neo4j_store, make_map, monkeypatch):
    good = make_map("t1")
    neo4j_store.put_maps([good])
    before = neo4j_store.counts()
    real = neo4jstore._write_batches

    def failing_late(maps):
        # The real writes, then a statement the server rejects: everything before it must roll back.
        return real(maps) + [("UNWIND $rows AS row RETURN 1 / row.zero", [{"zero": 0}])]

    monkeypatch.setattr(neo4jstore, "_write_batches", failing_late)
    monkeypatch.setattr(neo4jstore, "BATCH_ROWS", 2)  # many statements before the failing one
    with pytest.raises(StoreError, match="/ by zero"):
        neo4j_store.put_maps([make_map("t1", title="changed", third="dee"), make_map("t2")])
    monkeypatch.undo()
    assert neo4j_store.counts() == before
    assert neo4j_store.get_map("t1") == good
    assert neo4j_store.author_threads("dee") == []


@pytest.mark.neo4j
def test_neo4jstore_graph_has_documented_relationships(neo4j_store, make_map):
    neo4j_store.put_maps([make_map("t1")])
    _, rows = neo4j_store.run_read(
        "MATCH (a)-[r]->(b) RETURN labels(a)[0] + '-' + type(r) + '->' + labels(b)[0] AS e, count(*) ORDER BY e")
    assert dict((e, n) for e, n in rows) == {
        "Author-WROTE->Comment": 4, "Claim-IN->Comment": 7, "Claim-STANCE->Claim": 2,
        "Claim-STANCE->Comment": 1, "Comment-REPLY_TO->Comment": 4, "Comment-STANCE->Comment": 1,
        "Crux-INSTANCE_OF->CruxTopic": 1, "Crux-POLE->Claim": 3, "Quote-IN->Comment": 3,
        "Quote-QUOTES->Claim": 1, "Quote-QUOTES->Comment": 1, "Thread-HAS->Comment": 5}


@pytest.mark.neo4j
def test_cypher_query_is_read_only_and_returns_plain_values(neo4j_store, make_map):
    neo4j_store.put_maps([make_map("t1")])
    result = queries.cypher_query(neo4j_store, "MATCH (c:Claim {author: $a}) RETURN c.text AS text, c ORDER BY c.seq",
                                  {"a": "bo"})
    assert result.columns == ["text", "c"]
    assert [r[0] for r in result.rows] == ["No, nuclear power is dangerous.", "Waste lasts for ever — 10⁵ years."]
    assert result.rows[0][1]["labels"] == ["Claim"]
    with pytest.raises(StoreError, match="read-only"):
        queries.cypher_query(neo4j_store, "CREATE (:Claim {claim_id: 'x'})")
    assert neo4j_store.counts()["claims"] == 7


def test_cypher_query_on_embedded_store_says_it_needs_neo4j(tmp_path):
    with pytest.raises(UsageError, match="need a Neo4j store"):
        queries.cypher_query(NetworkxStore(tmp_path), "MATCH (n) RETURN n")


@pytest.mark.neo4j
def test_neo4jstore_positions_of_threads_written_before_author_digests(neo4j_store, make_map):
    """Threads written by an argmap without author digests are read through author_slice."""
    from argmap.analysis.divergence import author_positions

    neo4j_store.put_maps([make_map("t1"), make_map("t2", third="dee")])
    with neo4j_store._driver.session() as session:
        assert session.run("MATCH (d:AuthorDigest {thread_id: 't1', author_id: 'al'}) "
                           "RETURN count(d) AS n").single()["n"] == 1
        session.run("MATCH (d:AuthorDigest {thread_id: 't2'}) DELETE d").consume()
        session.run("MATCH (t:Thread {thread_id: 't2'}) REMOVE t.author_digests").consume()
    whole = list(neo4j_store.iter_maps())
    for author in ("al", "bo", "dee"):
        assert queries.positions(neo4j_store, author) == author_positions(whole, author)
    assert [r["thread_id"] for r in neo4j_store.author_records("al")] == ["t1", "t2"]
