"""The embedded store: one networkx ``MultiDiGraph`` per workspace, persisted as versioned JSON.

Layout of a workspace directory (default ``./.argmap``)::

    graph.json   {"format": "argmap-networkx", "version": 1, "graph": <node-link data>}
    store.lock   file lock held while writing

Nodes are keyed ``"<type>:<id>"`` (``thread``, ``comment``, ``claim``, ``quote``, ``author``,
``crux``) and carry ``type``, ``thread_id`` (except authors, which are shared across threads),
``seq`` (order within the thread) and ``data`` (the pydantic model as JSON); thread nodes also keep
``author_ids`` (the map's author list, in order). Edges:

    thread  -HAS->       comment        comment -REPLY_TO-> comment
    author  -WROTE->     comment        claim   -IN->       comment
    quote   -IN->        comment        quote   -QUOTES->   claim | comment   (when resolved)
    comment|claim -STANCE-> comment|claim   (one edge per Relation, key = relation_id)
    crux    -POLE->      claim          (attribute ``pole`` = index of the pole)

Writes take the lock, re-read the file (so concurrent ingests merge instead of overwriting each
other), apply the change and replace the file atomically (write to a temporary file, fsync,
``os.replace``): a crash mid-save leaves the previous file intact.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import networkx as nx

from argmap.errors import NotFoundError, StoreError, StoreVersionError
from argmap.graph.integrity import (
    author_match_keys, check_map, implicit_author, matching_author_ids, search_words,
)
from argmap.models import (
    ArgumentMap, Author, Claim, Comment, Crux, Quote, Relation, Thread, ThreadSummary,
)

STORE_FORMAT = "argmap-networkx"
STORE_VERSION = 1
GRAPH_FILE = "graph.json"
LOCK_FILE = "store.lock"
LOCK_TIMEOUT_S = 120


def _key(kind: str, ident: str) -> str:
    return f"{kind}:{ident}"


def map_to_graph(amap: ArgumentMap, graph: nx.MultiDiGraph) -> None:
    """Add one thread's map to ``graph`` (which must not hold that thread yet)."""
    tid = amap.thread_id
    tkey = _key("thread", tid)
    graph.add_node(tkey, type="thread", thread_id=tid, seq=0,
                   data=amap.thread.model_dump(mode="json"), version=amap.version,
                   author_ids=[a.author_id for a in amap.authors])
    for author in amap.authors:
        # The map's own author list is the latest word on an author's names.
        graph.add_node(_key("author", author.author_id), type="author", data=author.model_dump(mode="json"))
    for seq, c in enumerate(amap.comments):
        ckey = _key("comment", c.comment_id)
        graph.add_node(ckey, type="comment", thread_id=tid, seq=seq, data=c.model_dump(mode="json"))
        graph.add_edge(tkey, ckey, key="HAS", type="HAS")
        if c.author is not None:
            akey = _key("author", c.author)
            if akey not in graph:
                graph.add_node(akey, type="author", data=implicit_author(c.author).model_dump(mode="json"))
            graph.add_edge(akey, ckey, key="WROTE", type="WROTE", thread_id=tid)
    for c in amap.comments:
        if c.parent_id is not None:
            graph.add_edge(_key("comment", c.comment_id), _key("comment", c.parent_id), key="REPLY_TO",
                           type="REPLY_TO", thread_id=tid)
    for seq, cl in enumerate(amap.claims):
        k = _key("claim", cl.claim_id)
        graph.add_node(k, type="claim", thread_id=tid, seq=seq, data=cl.model_dump(mode="json"))
        graph.add_edge(k, _key("comment", cl.comment_id), key="IN", type="IN", thread_id=tid)
    for seq, q in enumerate(amap.quotes):
        k = _key("quote", q.quote_id)
        graph.add_node(k, type="quote", thread_id=tid, seq=seq, data=q.model_dump(mode="json"))
        graph.add_edge(k, _key("comment", q.comment_id), key="IN", type="IN", thread_id=tid)
        if q.source_claim_id is not None:
            graph.add_edge(k, _key("claim", q.source_claim_id), key="QUOTES", type="QUOTES", thread_id=tid)
        elif q.source_comment_id is not None:
            graph.add_edge(k, _key("comment", q.source_comment_id), key="QUOTES", type="QUOTES", thread_id=tid)
    for seq, r in enumerate(amap.relations):
        src = _key("claim", r.source_claim_id) if r.source_claim_id else _key("comment", r.source_comment_id)
        dst = _key("claim", r.target_claim_id) if r.target_claim_id else _key("comment", r.target_comment_id)
        graph.add_edge(src, dst, key=r.relation_id, type="STANCE", thread_id=tid, seq=seq,
                       kind=r.kind, data=r.model_dump(mode="json"))
    for seq, x in enumerate(amap.cruxes):
        k = _key("crux", x.crux_id)
        graph.add_node(k, type="crux", thread_id=tid, seq=seq, data=x.model_dump(mode="json"))
        for i, pole in enumerate(x.poles):
            for claim_id in pole.claim_ids:
                graph.add_edge(k, _key("claim", claim_id), key=f"POLE{i}", type="POLE", pole=i, thread_id=tid)


_MODELS = {"comment": Comment, "claim": Claim, "quote": Quote, "crux": Crux}


class NetworkxStore:
    """Embedded store in a workspace directory. See the module docstring for the format."""

    def __init__(self, path: str | os.PathLike[str] = ".argmap", *, create: bool = True):
        self.path = Path(path)
        self.uri = str(self.path)
        if self.path.exists() and not self.path.is_dir():
            raise StoreError("store path exists and is not a directory", path=self.uri,
                             hint="give --store a directory, or a bolt:// URI for Neo4j")
        self._graph: nx.MultiDiGraph | None = None
        self._index: dict[str, set[str]] | None = None
        self._mtime: float | None = None
        self._create = create

    # -- file handling -------------------------------------------------------------------------
    @property
    def graph_file(self) -> Path:
        return self.path / GRAPH_FILE

    def _lock(self):
        from filelock import FileLock

        self.path.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.path / LOCK_FILE), timeout=LOCK_TIMEOUT_S)

    def _read_file(self) -> nx.MultiDiGraph:
        try:
            with open(self.graph_file, encoding="utf-8") as fh:
                doc = json.load(fh)
        except FileNotFoundError:
            return nx.MultiDiGraph()
        except json.JSONDecodeError as exc:
            raise StoreError(f"store file is corrupt ({exc.msg} at line {exc.lineno})",
                             path=str(self.graph_file)) from None
        if not isinstance(doc, dict) or doc.get("format") != STORE_FORMAT:
            raise StoreVersionError("not an argmap store file (unknown format)", path=str(self.graph_file))
        version = doc.get("version")
        if not isinstance(version, int) or version > STORE_VERSION or version < 1:
            raise StoreVersionError(
                f"store format version {version!r} is not supported by this argmap "
                f"(it reads version {STORE_VERSION})", path=str(self.graph_file),
                hint="upgrade argmap, or export the workspace with the newer version")
        return nx.node_link_graph(doc["graph"], directed=True, multigraph=True, edges="edges")

    def _write_file(self, graph: nx.MultiDiGraph) -> None:
        doc = {"format": STORE_FORMAT, "version": STORE_VERSION,
               "graph": nx.node_link_data(graph, edges="edges")}
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".json.tmp", dir=self.path)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.graph_file)
        except BaseException:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
            raise
        try:  # make the rename itself durable
            dfd = os.open(self.path, os.O_RDONLY)
            try:
                os.fsync(dfd)
            finally:
                os.close(dfd)
        except OSError:
            pass

    def _load(self) -> nx.MultiDiGraph:
        try:
            mtime = self.graph_file.stat().st_mtime_ns
        except FileNotFoundError:
            mtime = None
        if self._graph is None or mtime != self._mtime:
            self._graph = self._read_file()
            self._mtime = mtime
            self._index = None
        return self._graph

    def _thread_index(self) -> dict[str, set[str]]:
        graph = self._load()
        if self._index is None:
            index: dict[str, set[str]] = defaultdict(set)
            for node, attrs in graph.nodes(data=True):
                tid = attrs.get("thread_id")
                if tid is not None:
                    index[tid].add(node)
            self._index = index
        return self._index

    # -- GraphStore ----------------------------------------------------------------------------
    @property
    def graph(self) -> nx.MultiDiGraph:
        """The whole workspace graph (read-only use; write through ``put_maps``)."""
        return self._load()

    def put_maps(self, maps: Iterable[ArgumentMap]) -> None:
        maps = list(maps)
        for amap in maps:
            check_map(amap, store_uri=self.uri)
        with self._lock():
            graph = self._read_file()
            for amap in maps:
                if _key("thread", amap.thread_id) in graph:
                    _remove_thread(graph, amap.thread_id)
                map_to_graph(amap, graph)
            self._write_file(graph)
            self._graph, self._index = graph, None
            self._mtime = self.graph_file.stat().st_mtime_ns

    def delete_thread(self, thread_id: str) -> bool:
        with self._lock():
            graph = self._read_file()
            found = _key("thread", thread_id) in graph
            if found:
                _remove_thread(graph, thread_id)
                self._write_file(graph)
            self._graph, self._index = graph, None
            self._mtime = self.graph_file.stat().st_mtime_ns if self.graph_file.exists() else None
        return found

    def get_map(self, thread_id: str) -> ArgumentMap:
        return self._build_map(thread_id)

    def author_slice(self, author: str, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what ``author``'s positions need: every author,
        comment and crux, but only the relations ``author`` made or received and the claims that
        are theirs, at either end of those relations, or on a crux pole. No quotes."""
        return self._build_map(thread_id, author=author)

    def _build_map(self, thread_id: str, author: str | None = None) -> ArgumentMap:
        graph = self._load()
        tkey = _key("thread", thread_id)
        if tkey not in graph:
            raise NotFoundError(f"no thread {thread_id!r} in the store", path=self.uri,
                                hint="`argmap threads` lists the stored threads")
        nodes = self._thread_index().get(thread_id, set())
        by_type: dict[str, list[tuple[int, dict]]] = defaultdict(list)
        relations: list[tuple[int, dict]] = []
        for n in nodes:
            attrs = graph.nodes[n]
            by_type[attrs["type"]].append((attrs.get("seq", 0), attrs["data"]))
            for _, _, eattrs in graph.out_edges(n, data=True):
                if eattrs.get("type") == "STANCE":
                    relations.append((eattrs["seq"], eattrs["data"]))
        for rows in by_type.values():
            rows.sort(key=lambda r: r[0])
        relations.sort(key=lambda r: r[0])

        def build(kind: str, keep=None) -> list:
            return [_MODELS[kind].model_validate(d) for _, d in by_type.get(kind, []) if keep is None or keep(d)]

        comments, cruxes = build("comment"), build("crux")
        author_ids: list[str] | None = graph.nodes[tkey].get("author_ids")
        if author_ids is None:  # written before threads kept their author list
            author_ids = list(dict.fromkeys(c.author for c in comments if c.author is not None))
        authors = [Author.model_validate(graph.nodes[_key("author", aid)]["data"])
                   for aid in author_ids if _key("author", aid) in graph]
        if author is None:
            claims, quotes, rel_data = build("claim"), build("quote"), [d for _, d in relations]
        else:
            ids = matching_author_ids(author, authors, (c.author for c in comments))
            rel_data = [d for _, d in relations if d.get("source_author") in ids or d.get("target_author") in ids]
            wanted = {x for d in rel_data for x in (d.get("source_claim_id"), d.get("target_claim_id")) if x}
            wanted |= {cid for x in cruxes for pole in x.poles for cid in pole.claim_ids}
            claims = build("claim", lambda d: d.get("author") in ids or d["claim_id"] in wanted)
            quotes = []
        return ArgumentMap(
            version=graph.nodes[tkey].get("version", 1),
            thread=Thread.model_validate(graph.nodes[tkey]["data"]),
            authors=authors,
            comments=comments,
            claims=claims,
            quotes=quotes,
            relations=[Relation.model_validate(d) for d in rel_data],
            cruxes=cruxes,
        )

    def iter_maps(self) -> Iterable[ArgumentMap]:
        for summary in self.list_threads():
            yield self.get_map(summary.thread_id)

    def list_threads(self) -> list[ThreadSummary]:
        graph = self._load()
        out = []
        for tid, nodes in sorted(self._thread_index().items()):
            tkey = _key("thread", tid)
            if tkey not in graph:
                continue
            thread = graph.nodes[tkey]["data"]
            counts: dict[str, int] = defaultdict(int)
            authors = set()
            for n in nodes:
                t = graph.nodes[n]["type"]
                counts[t] += 1
                if t == "comment":
                    a = graph.nodes[n]["data"].get("author")
                    if a is not None:
                        authors.add(a)
                    counts["relations"] += sum(1 for *_, a2 in graph.out_edges(n, data="type") if a2 == "STANCE")
                elif t == "claim":
                    counts["relations"] += sum(1 for *_, a2 in graph.out_edges(n, data="type") if a2 == "STANCE")
            out.append(ThreadSummary(
                thread_id=tid, title=thread.get("title"), source_format=thread["source_format"],
                comments=counts["comment"], authors=len(authors), claims=counts["claim"],
                quotes=counts["quote"], relations=counts["relations"], cruxes=counts["crux"]))
        return out

    def counts(self) -> dict[str, int]:
        graph = self._load()
        totals: dict[str, int] = defaultdict(int)
        for _, t in graph.nodes(data="type"):
            totals[t] += 1
        relations = sum(1 for *_, t in graph.edges(data="type") if t == "STANCE")
        return {"threads": totals["thread"], "comments": totals["comment"], "authors": totals["author"],
                "claims": totals["claim"], "quotes": totals["quote"], "relations": relations,
                "cruxes": totals["crux"]}

    # -- queries beyond the core contract --------------------------------------------------------
    def author_threads(self, author: str) -> list[str]:
        """Threads in which ``author`` (id, name or display name, any case) wrote or is listed."""
        graph = self._load()
        wanted = author.casefold()
        tids: set[str] = set()
        ids = {n.split(":", 1)[1] for n, attrs in graph.nodes(data=True)
               if attrs.get("type") == "author" and wanted in author_match_keys(Author.model_validate(attrs["data"]))}
        for aid in ids:
            for _, comment in graph.out_edges(_key("author", aid)):
                tids.add(graph.nodes[comment]["thread_id"])
        for n, attrs in graph.nodes(data=True):
            if attrs.get("type") == "thread" and ids & set(attrs.get("author_ids") or ()):
                tids.add(attrs["thread_id"])
        return sorted(tids)

    def search_claims(self, text: str, limit: int = 20) -> list[Claim]:
        """Claims whose text contains every word of ``text`` (any case), in thread and map order."""
        words = search_words(text)
        if not words:
            return []
        graph = self._load()
        hits = []
        for n, attrs in graph.nodes(data=True):
            if attrs.get("type") == "claim":
                folded = attrs["data"]["text"].casefold()
                if all(w in folded for w in words):
                    hits.append((attrs["thread_id"], attrs["seq"], attrs["data"]))
        hits.sort(key=lambda h: (h[0], h[1]))
        return [Claim.model_validate(d) for *_, d in hits[:max(int(limit), 0)]]

    def iter_cruxes(self) -> list[tuple[str, list[Crux]]]:
        """``(thread_id, cruxes)`` for every thread with cruxes, in thread id order."""
        graph = self._load()
        rows = sorted((attrs["thread_id"], attrs["seq"], attrs["data"]) for _, attrs in graph.nodes(data=True)
                      if attrs.get("type") == "crux")
        out: dict[str, list[Crux]] = {}
        for tid, _, data in rows:
            out.setdefault(tid, []).append(Crux.model_validate(data))
        return list(out.items())

    def close(self) -> None:
        self._graph = None
        self._index = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _remove_thread(graph: nx.MultiDiGraph, thread_id: str) -> None:
    doomed = [n for n, tid in graph.nodes(data="thread_id") if tid == thread_id]
    authors = {u for n in doomed if graph.nodes[n].get("type") == "comment"
               for u, _ in graph.in_edges(n) if graph.nodes[u].get("type") == "author"}
    tkey = _key("thread", thread_id)
    if tkey in graph:
        authors |= {_key("author", a) for a in graph.nodes[tkey].get("author_ids") or ()}
    graph.remove_nodes_from(doomed)
    # An author stays while any other thread still has their comments or lists them.
    listed = {_key("author", a) for _, ids in graph.nodes(data="author_ids") if ids for a in ids}
    graph.remove_nodes_from([a for a in authors if a in graph and graph.out_degree(a) == 0 and a not in listed])
