"""Store commands: positions by author, claim search, read-only Cypher, push to Neo4j, delete."""

from __future__ import annotations

import json
import os

import click

from argmap.cli import (
    console, data_table, emit_json, err, json_option, open_cli_store, resolve_thread_id, short, store_option,
)
from argmap.errors import UsageError


@click.command()
@click.option("--author", required=True, metavar="NAME", help="Author id, name or display name (any case).")
@click.option("--thread", "thread_ref", default=None, metavar="THREAD",
              help="Only this thread (id, unique id prefix or part of its title).")
@store_option
@json_option
def positions(author, thread_ref, store_uri, user, password, as_json):
    """Where an author stands across every stored thread.

    Lists the author's claims, whom they agree and disagree with (and on which claims), who agrees
    and disagrees with them, their side on each crux, and their concessions. Works on the embedded
    store and on Neo4j.
    """
    from argmap.graph.queries import positions as query_positions

    store = open_cli_store(store_uri, user, password, create=False)
    thread_id = resolve_thread_id(store, thread_ref) if thread_ref else None
    result = query_positions(store, author, thread_id)
    if as_json:
        emit_json(result)
        return
    from rich.markup import escape

    out = console()
    out.print(f"[bold]{escape(result.author)}[/bold] in {len(result.threads)} thread(s): {escape(', '.join(result.threads))}")
    out.print(f"\n[bold]Claims[/bold] ({len(result.claims)})")
    for c in result.claims[:50]:
        out.print(f"  {c.thread_id}  {short(c.text)}", markup=False)
    if len(result.claims) > 50:
        out.print(f"  … and {len(result.claims) - 50} more (--json lists all)")
    for title, partners, mine in (("Agrees with", result.agrees_with, True),
                                  ("Disagrees with", result.disagrees_with, True),
                                  ("Partly agrees with", result.partially_agrees_with, True),
                                  ("Agreed with by", result.agreed_by, False),
                                  ("Disagreed with by", result.disagreed_by, False)):
        if not partners:
            continue
        out.print(f"\n[bold]{title}[/bold]")
        for p in partners:
            out.print(f"  {p.author} ({p.count})", markup=False)
            for ex in p.exchanges[:3]:
                said, other = (ex.source_text, ex.target_text) if mine else (ex.target_text, ex.source_text)
                out.print(f"    “{short(said, 70)}” ↔ “{short(other, 70)}”", markup=False)
    if result.crux_sides:
        out.print("\n[bold]Crux sides[/bold]")
        for s in result.crux_sides:
            out.print(f"  {s.thread_id}  {s.label}: on the side of “{s.concept}”", markup=False)
            for ev in s.evidence[:1]:
                out.print(f"    because they wrote: “{short(ev.text, 90)}”", markup=False)
    if result.concessions:
        out.print("\n[bold]Concessions[/bold]")
        for ex in result.concessions:
            out.print(f"  to {ex.target_author}: “{short(ex.source_text, 90)}”", markup=False)


@click.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=1), help="At most this many claims.")
@store_option
@json_option
def search(text, limit, store_uri, user, password, as_json):
    """Find claims containing every word of TEXT (case-insensitive), across all threads."""
    from argmap.graph.queries import search as query_search

    store = open_cli_store(store_uri, user, password, create=False)
    hits = query_search(store, text, limit)
    if as_json:
        emit_json(hits)
        return
    if not hits:
        err(f"no claim contains all of: {text}")
        return
    table = data_table(("thread", "author", "claim", "text"),
                       [(c.thread_id, c.author, c.claim_id, short(c.text)) for c in hits], keep=("thread", "claim"))
    console().print(table)


def _same_store(a: str, b: str) -> bool:
    if "://" in a or "://" in b:
        return a.rstrip("/") == b.rstrip("/")
    return os.path.realpath(a) == os.path.realpath(b)


def _parse_params(pairs: tuple[str, ...]) -> dict:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param {pair!r} is not NAME=VALUE", hint="e.g. --param author=alice")
        try:
            params[name] = json.loads(value)
        except json.JSONDecodeError:
            params[name] = value
    return params


@click.command()
@click.option("--cypher", "cypher", required=True, metavar="QUERY", help="A read-only Cypher query.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Query parameter ($NAME); VALUE is read as JSON when it parses, else as a string.")
@store_option
@json_option
def query(cypher, params, store_uri, user, password, as_json):
    """Run a read-only Cypher query on a Neo4j store.

    The query runs in a read transaction, so the server refuses writes. Pass values with --param
    rather than writing them into the query. Nodes print as their labels and properties.
    """
    from argmap.graph.queries import cypher_query

    parameters = _parse_params(params)
    store = open_cli_store(store_uri, user, password, create=False)
    result = cypher_query(store, cypher, parameters)
    if as_json:
        emit_json([dict(zip(result.columns, row)) for row in result.rows])
        return
    table = data_table(result.columns, [[v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in row]
                                        for row in result.rows])
    console().print(table)
    err(f"{len(result.rows)} row(s)")


@click.command()
@click.option("--to", "to_uri", required=True, metavar="URI|PATH",
              help="Destination store: bolt://HOST:PORT, neo4j://HOST:PORT, or another workspace directory.")
@click.option("--to-user", default=None, help="Neo4j user of the destination [default: $ARGMAP_NEO4J_USER or neo4j].")
@click.option("--to-password", default=None, help="Neo4j password of the destination [default: $ARGMAP_NEO4J_PASSWORD].")
@store_option
@json_option
def push(to_uri, to_user, to_password, store_uri, user, password, as_json):
    """Copy every thread of the store into another store (e.g. from the workspace into Neo4j).

    Each thread replaces the destination's version of it, so pushing twice gives the same result
    as pushing once. Threads only the destination has are kept.
    """
    from argmap.graph.queries import push as push_maps
    from argmap.graph.store import open_store

    src = open_cli_store(store_uri, user, password, create=False)
    if _same_store(src.uri, to_uri):
        raise UsageError("--to names the source store itself", where="--to")
    total = len(src.list_threads())
    dst = click.get_current_context().with_resource(open_store(to_uri, user=to_user, password=to_password))
    result = push_maps(src, dst, progress=lambda n: err(f"pushed {n}/{total} threads"))
    if as_json:
        emit_json(result)
        return
    counts = ", ".join(f"{v} {k}" for k, v in result.counts.items())
    err(f"pushed {result.threads} thread(s) from {result.source} to {result.destination}")
    click.echo(f"{result.destination} now holds {counts}")


@click.command()
@click.argument("thread")
@store_option
@json_option
def delete(thread, store_uri, user, password, as_json):
    """Delete THREAD and everything derived from it from the store."""
    store = open_cli_store(store_uri, user, password, create=False)
    thread_id = resolve_thread_id(store, thread)
    store.delete_thread(thread_id)
    counts = store.counts()
    if as_json:
        emit_json({"deleted": thread_id, "counts": counts})
        return
    err(f"deleted thread {thread_id} from {store.uri}")


def register(main: click.Group) -> None:
    for command in (positions, search, query, push, delete):
        main.add_command(command)
