"""The store commands through click's CliRunner: positions, search, query, push, delete."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.graph.nxstore import NetworkxStore
from argmap.models import ArgumentMap, Author, Claim, Comment, Relation, Thread


def _map(tid: str, opponent: str = "bo") -> ArgumentMap:
    texts = [("al", None, "Rent control protects tenants."),
             (opponent, 0, "No, rent control shrinks the housing supply.")]
    comments, claims = [], []
    for i, (author, parent, text) in enumerate(texts):
        cid = f"{tid}/{i}"
        comments.append(Comment(comment_id=cid, thread_id=tid, author=author, text=text, index=i,
                                parent_id=f"{tid}/{parent}" if parent is not None else None))
        claims.append(Claim(claim_id=f"{cid}#0-{len(text)}", comment_id=cid, thread_id=tid, author=author,
                            text=text, start=0, end=len(text)))
    rel = Relation(relation_id=f"{tid}:r", thread_id=tid, kind="disagree", source_comment_id=comments[1].comment_id,
                   target_comment_id=comments[0].comment_id, source_claim_id=claims[1].claim_id,
                   target_claim_id=claims[0].claim_id, source_author=opponent, target_author="al", confidence=0.9)
    return ArgumentMap(thread=Thread(thread_id=tid, title=f"Rent control {tid}", source_format="jsonl"),
                       authors=[Author(author_id="al", display_name="Alice"), Author(author_id=opponent)],
                       comments=comments, claims=claims, relations=[rel])


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ARGMAP_STORE", raising=False)
    path = tmp_path / "ws"
    NetworkxStore(path).put_maps([_map("t1"), _map("t2", opponent="cy")])
    return str(path)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_positions_json_lists_opponents_across_threads(workspace):
    result = run("positions", "--author", "alice", "--store", workspace, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["threads"] == ["t1", "t2"]
    assert [(p["author"], p["count"]) for p in data["disagreed_by"]] == [("bo", 1), ("cy", 1)]


def test_positions_table_and_thread_filter(workspace):
    result = run("positions", "--author", "al", "--thread", "t2", "--store", workspace)
    assert result.exit_code == 0, result.output
    assert "al in 1 thread(s): t2" in result.stdout
    assert "cy (1)" in result.stdout and "bo (1)" not in result.stdout


def test_positions_unknown_author_is_one_line_error(workspace):
    result = run("positions", "--author", "nobody", "--store", workspace)
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "no author 'nobody'" in result.stderr


def test_search_prints_matching_claims(workspace):
    result = run("search", "HOUSING supply", "--store", workspace, "--json")
    assert result.exit_code == 0, result.output
    assert [c["thread_id"] for c in json.loads(result.stdout)] == ["t1", "t2"]
    assert json.loads(run("search", "housing", "--limit", "1", "--store", workspace, "--json").stdout)[0]["author"] == "bo"


def test_query_on_embedded_store_explains_it_needs_neo4j(workspace):
    result = run("query", "--cypher", "MATCH (n) RETURN n", "--store", workspace)
    assert result.exit_code == 2
    assert "need a Neo4j store" in result.stderr and "argmap push" in result.stderr


def test_query_bad_param_is_usage_error(workspace):
    result = run("query", "--cypher", "RETURN 1", "--param", "novalue", "--store", workspace)
    assert result.exit_code == 2 and "NAME=VALUE" in result.stderr


def test_push_to_another_workspace_twice_gives_same_counts(workspace, tmp_path):
    dest = str(tmp_path / "copy")
    first = run("push", "--to", dest, "--store", workspace, "--json")
    assert first.exit_code == 0, first.output
    second = run("push", "--to", dest, "--store", workspace, "--json")
    assert json.loads(second.stdout)["counts"] == json.loads(first.stdout)["counts"]
    assert json.loads(first.stdout)["counts"]["threads"] == 2
    assert NetworkxStore(dest).get_map("t2") == _map("t2", opponent="cy")


def test_push_to_itself_is_refused(workspace):
    result = run("push", "--to", workspace + "/", "--store", workspace)
    assert result.exit_code == 2 and "source store itself" in result.stderr


def test_push_to_unreachable_neo4j_names_uri_not_password(workspace):
    result = run("push", "--to", "bolt://127.0.0.1:9", "--to-password", "hunter22", "--store", workspace)
    assert result.exit_code == 1
    assert "bolt://127.0.0.1:9" in result.stderr and "hunter22" not in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.neo4j
def test_push_then_query_neo4j(workspace, neo4j_uri):
    from argmap.graph.neo4jstore import Neo4jStore

    with Neo4jStore(neo4j_uri) as store, store._driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()
    assert run("push", "--to", neo4j_uri, "--store", workspace).exit_code == 0
    result = run("query", "--store", neo4j_uri, "--json", "--param", "who=al", "--cypher",
                 "MATCH (:Author {author_id: $who})-[:WROTE]->(c:Comment) RETURN c.thread_id AS thread ORDER BY thread")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"thread": "t1"}, {"thread": "t2"}]
    positions = json.loads(run("positions", "--author", "Alice", "--store", neo4j_uri, "--json").stdout)
    assert [p["author"] for p in positions["disagreed_by"]] == ["bo", "cy"]


def test_delete_removes_thread(workspace):
    result = run("delete", "t1", "--store", workspace, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["threads"] == 1
    assert [s.thread_id for s in NetworkxStore(workspace).list_threads()] == ["t2"]
    assert run("delete", "t1", "--store", workspace).exit_code == 1


@pytest.mark.parametrize("args", [["threads"], ["positions", "--author", "al"], ["delete", "t1"],
                                  ["positions", "--author", "nobody"], ["push", "--to", "{ws}"]])
def test_every_store_a_command_opens_is_closed_also_when_it_fails(workspace, tmp_path, monkeypatch, args):
    from argmap.graph import store as store_module

    opened, closed = [], []
    real_open = store_module.open_store

    def probe_open(*a, **kw):
        s = real_open(*a, **kw)
        opened.append(s)
        real_close = s.close
        s.close = lambda: (closed.append(s), real_close())[1]
        return s

    monkeypatch.setattr(store_module, "open_store", probe_open)
    args = [a.replace("{ws}", str(tmp_path / "copy")) for a in args]
    result = CliRunner().invoke(main, [*args, "--store", workspace])
    assert opened and sorted(map(id, closed)) == sorted(map(id, opened)), result.output
    assert result.exit_code == (1 if "nobody" in args else 0), result.output
