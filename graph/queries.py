"""Queries over any ``GraphStore``: each takes the store as its first argument and gives the same
answer on every backend.

>>> from argmap.graph.store import open_store
>>> store = open_store(".argmap")                                   # doctest: +SKIP
>>> [p.author for p in positions(store, "bo").disagrees_with]        # doctest: +SKIP
['al']
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from pydantic import BaseModel, Field

from argmap.analysis import divergence as _div
from argmap.errors import NotFoundError, UsageError
from argmap.graph.store import GraphStore
from argmap.models import ArgumentMap, Claim, Thread

PUSH_BATCH = 20
"""Threads per ``put_maps`` call (one transaction each) when pushing to another store."""


def positions(store: GraphStore, author: str, thread_id: str | None = None) -> _div.AuthorPositions:
    """Where ``author`` (id, name or display name, any case) stands across every stored thread, or
    only in ``thread_id``: claims, agreement partners and opponents, crux sides, concessions.
    Only what concerns the author is read, from the store's own index (``author_records``: the
    author's claims and relations with their texts, and the cruxes); the answer is the same as
    ``author_positions`` over the whole maps (``GraphStore.author_records``)."""
    tids = store.author_threads(author)
    if thread_id is not None:
        tids = [t for t in tids if t == thread_id]
    if not tids:
        where = f" in thread {thread_id!r}" if thread_id else ""
        raise NotFoundError(f"no author {author!r}{where} in the store", path=store.uri,
                            hint="`argmap show THREAD` lists a thread's authors")
    with _gc_paused():  # tens of thousands of small objects, no cycles: skip the collector's passes
        return _div.positions_from_records(store.author_records(author, tids), author)


@contextmanager
def _gc_paused():
    """Pause Python's cyclic garbage collector while building many small acyclic objects (its
    full passes over every live object would otherwise cost more than the building)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def divergence(store: GraphStore, thread_id: str, *, limit: int = _div.SHARPEST_LIMIT) -> _div.Divergence:
    """The author × author matrix, sharpest disagreements, crux sides and unanswered objections of
    one stored thread (see ``argmap.analysis.divergence.divergence``)."""
    return _div.divergence(store.get_map(thread_id), limit=limit)


def search(store: GraphStore, text: str, limit: int = 20) -> list[Claim]:
    """Claims containing every word of ``text`` (case-insensitive), by thread id and map order."""
    if limit < 1:
        raise UsageError(f"search limit must be at least 1, not {limit}")
    return store.search_claims(text, limit)


def recurring_cruxes(store: GraphStore) -> list[_div.RecurringCrux]:
    """Every stored crux grouped by its normalised poles, groups found in most threads first; each
    group lists every thread, author and side it appears with. Reads only the cruxes."""
    summaries = {s.thread_id: s for s in store.list_threads()}
    maps = []
    for tid, cruxes in store.iter_cruxes():
        s = summaries.get(tid)
        thread = Thread(thread_id=tid, title=s.title if s else None,
                        source_format=s.source_format if s else "argmap-json")
        maps.append(ArgumentMap(thread=thread, cruxes=cruxes))
    return _div.recurring_cruxes(maps)


class CypherResult(BaseModel):
    columns: list[str]
    rows: list[list] = Field(default_factory=list)


def cypher_query(store: GraphStore, query: str, params: dict | None = None) -> CypherResult:
    """Run a read-only Cypher query on a Neo4j store (in a read transaction: writes are refused).
    Nodes come back as ``{"labels", "properties"}``, relationships as ``{"type", "properties"}``."""
    run_read = getattr(store, "run_read", None)
    if run_read is None:
        raise UsageError("Cypher queries need a Neo4j store", path=store.uri,
                         hint="give --store bolt://HOST:PORT, or copy this workspace there with `argmap push`")
    columns, rows = run_read(query, params or {})
    return CypherResult(columns=columns, rows=rows)


class PushResult(BaseModel):
    source: str
    destination: str
    threads: int = 0
    counts: dict[str, int] = Field(default_factory=dict)
    """The destination's counts after the push."""


def push(src: GraphStore, dst: GraphStore, *, batch: int = PUSH_BATCH, progress=None) -> PushResult:
    """Copy every thread of ``src`` into ``dst``, replacing the versions ``dst`` held; running it
    twice leaves ``dst`` as after once. ``progress(n_done)`` is called after each batch."""
    done = 0
    pending: list[ArgumentMap] = []
    for amap in src.iter_maps():
        pending.append(amap)
        if len(pending) >= batch:
            dst.put_maps(pending)
            done += len(pending)
            pending = []
            if progress:
                progress(done)
    if pending:
        dst.put_maps(pending)
        done += len(pending)
        if progress:
            progress(done)
    return PushResult(source=src.uri, destination=dst.uri, threads=done, counts=dst.counts())
