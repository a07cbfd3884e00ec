"""The Neo4j store: the same ``GraphStore`` contract as the embedded store, on a Neo4j 5 server.

Schema (created at connect: a uniqueness constraint on each id, indexes on ``thread_id``)::

    (:Thread   {thread_id, title, source_format, url, version, author_ids, author_digests, data})
    (:Comment  {comment_id, thread_id, seq, parent_id, author, kind, text, url, created_at, score, data})
    (:Author   {author_id, name, display_name, known, match_keys, data})
    (:Claim    {claim_id, thread_id, comment_id, seq, author, kind, start, end, text, text_fold, data})
    (:Quote    {quote_id, thread_id, comment_id, seq, text, source_comment_id, source_claim_id, score, data})
    (:Crux     {crux_id, thread_id, seq, label, score, key, concepts, data})
    (:CruxTopic {key, concepts})            one per normalised pole set, shared across threads
    (:AuthorDigest {thread_id, author_id, data})   one per thread and author: see below

    (:Thread)-[:HAS]->(:Comment)            (:Author)-[:WROTE]->(:Comment)
    (:Comment)-[:REPLY_TO]->(:Comment)      (:Claim|Quote)-[:IN]->(:Comment)
    (:Quote)-[:QUOTES]->(:Claim|Comment)    (when the quote was resolved)
    (:Claim|Comment)-[:STANCE {relation_id, thread_id, seq, kind, level, confidence,
                               source_author, target_author, data}]->(:Claim|Comment)
    (:Crux)-[:POLE {pole}]->(:Claim)   (pole = index into the crux's poles)
    (:Crux)-[:INSTANCE_OF]->(:CruxTopic)

``data`` is the pydantic model as a JSON string, so ``get_map`` returns exactly what was written
(nested evidence lists and pole variants included); the other properties are copies for queries.
``seq`` keeps the order of the map's lists. ``author_ids`` keeps the order of the map's authors.

An ``AuthorDigest`` holds, as JSON, one author's segment of one thread (their claims and the
relations they made or received, with the texts at both ends: ``argmap.graph.authorindex``), so
``author_records`` (positions across threads) reads one small node per thread instead of
traversing each thread's claims and relations. ``Thread.author_digests`` is the segment version
the thread's digests were written with; threads written before digests (no such property) are
read through ``author_slice``.

Every ``put_maps`` call is one transaction: for each thread, the old nodes are deleted and the new
ones written with batched ``UNWIND $rows AS row MERGE ...`` queries. Values always travel as
parameters, never inside the Cypher text.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import unquote, urlsplit, urlunsplit

from argmap.errors import NotFoundError, StoreConnectionError, StoreError
from argmap.graph.authorindex import SEGMENT_VERSION, author_record, author_segments, pole_claim_authors
from argmap.graph.integrity import (
    author_match_keys, check_map, crux_key, implicit_author, matching_author_ids, search_words,
)
from argmap.models import (
    ArgumentMap, Author, Claim, Comment, Crux, Quote, Relation, Thread, ThreadSummary,
)

USER_ENV = "ARGMAP_NEO4J_USER"
PASSWORD_ENV = "ARGMAP_NEO4J_PASSWORD"
BATCH_ROWS = 5000
"""Rows per ``UNWIND`` query (all of them inside the one transaction of a ``put_maps`` call)."""
DIGEST_BATCH_ROWS = 100
"""Rows per ``UNWIND`` query of author digests (each may be hundreds of kilobytes)."""

SCHEMA = [
    "CREATE CONSTRAINT argmap_thread_id IF NOT EXISTS FOR (n:Thread) REQUIRE n.thread_id IS UNIQUE",
    "CREATE CONSTRAINT argmap_comment_id IF NOT EXISTS FOR (n:Comment) REQUIRE n.comment_id IS UNIQUE",
    "CREATE CONSTRAINT argmap_author_id IF NOT EXISTS FOR (n:Author) REQUIRE n.author_id IS UNIQUE",
    "CREATE CONSTRAINT argmap_claim_id IF NOT EXISTS FOR (n:Claim) REQUIRE n.claim_id IS UNIQUE",
    "CREATE CONSTRAINT argmap_quote_id IF NOT EXISTS FOR (n:Quote) REQUIRE n.quote_id IS UNIQUE",
    "CREATE CONSTRAINT argmap_crux_id IF NOT EXISTS FOR (n:Crux) REQUIRE n.crux_id IS UNIQUE",
    "CREATE CONSTRAINT argmap_crux_topic_key IF NOT EXISTS FOR (n:CruxTopic) REQUIRE n.key IS UNIQUE",
    "CREATE INDEX argmap_comment_thread IF NOT EXISTS FOR (n:Comment) ON (n.thread_id)",
    "CREATE INDEX argmap_claim_thread IF NOT EXISTS FOR (n:Claim) ON (n.thread_id)",
    "CREATE INDEX argmap_quote_thread IF NOT EXISTS FOR (n:Quote) ON (n.thread_id)",
    "CREATE INDEX argmap_crux_thread IF NOT EXISTS FOR (n:Crux) ON (n.thread_id)",
    "CREATE INDEX argmap_comment_author IF NOT EXISTS FOR (n:Comment) ON (n.author)",
    "CREATE INDEX argmap_stance_thread IF NOT EXISTS FOR ()-[r:STANCE]-() ON (r.thread_id)",
    "CREATE INDEX argmap_stance_id IF NOT EXISTS FOR ()-[r:STANCE]-() ON (r.relation_id)",
    "CREATE INDEX argmap_digest_author IF NOT EXISTS FOR (n:AuthorDigest) ON (n.author_id)",
    "CREATE INDEX argmap_digest_thread IF NOT EXISTS FOR (n:AuthorDigest) ON (n.thread_id)",
]

_THREAD_LABELS = ("Claim", "Quote", "Crux", "Comment", "AuthorDigest")

# --- write queries (each runs with $rows, a list of dicts) -------------------------------------
_W_THREAD = """
UNWIND $rows AS row
MERGE (t:Thread {thread_id: row.thread_id}) SET t += row.props
"""
_W_AUTHOR_LISTED = """
UNWIND $rows AS row
MERGE (a:Author {author_id: row.author_id}) SET a += row.props
"""
_W_AUTHOR_IMPLICIT = """
UNWIND $rows AS row
MERGE (a:Author {author_id: row.author_id}) ON CREATE SET a += row.props
"""
_W_COMMENT = """
UNWIND $rows AS row
MATCH (t:Thread {thread_id: row.thread_id})
MERGE (c:Comment {comment_id: row.comment_id}) SET c += row.props
MERGE (t)-[:HAS]->(c)
WITH c, row WHERE row.author IS NOT NULL
MATCH (a:Author {author_id: row.author})
MERGE (a)-[:WROTE]->(c)
"""
_W_REPLY = """
UNWIND $rows AS row
MATCH (c:Comment {comment_id: row.comment_id})
MATCH (p:Comment {comment_id: row.parent_id})
MERGE (c)-[:REPLY_TO]->(p)
"""
_W_CLAIM = """
UNWIND $rows AS row
MATCH (c:Comment {comment_id: row.comment_id})
MERGE (x:Claim {claim_id: row.claim_id}) SET x += row.props
MERGE (x)-[:IN]->(c)
"""
_W_QUOTE = """
UNWIND $rows AS row
MATCH (c:Comment {comment_id: row.comment_id})
MERGE (q:Quote {quote_id: row.quote_id}) SET q += row.props
MERGE (q)-[:IN]->(c)
"""
_W_QUOTES_CLAIM = """
UNWIND $rows AS row
MATCH (q:Quote {quote_id: row.quote_id})
MATCH (x:Claim {claim_id: row.target})
MERGE (q)-[:QUOTES]->(x)
"""
_W_QUOTES_COMMENT = """
UNWIND $rows AS row
MATCH (q:Quote {quote_id: row.quote_id})
MATCH (x:Comment {comment_id: row.target})
MERGE (q)-[:QUOTES]->(x)
"""
# One query per endpoint kind so every MATCH uses a unique-id constraint.
_W_STANCE = {
    (src, dst): f"""
UNWIND $rows AS row
MATCH (s:{src} {{{src.lower()}_id: row.source}})
MATCH (t:{dst} {{{dst.lower()}_id: row.target}})
MERGE (s)-[r:STANCE {{relation_id: row.relation_id}}]->(t) SET r += row.props
"""
    for src in ("Claim", "Comment") for dst in ("Claim", "Comment")
}
_W_DIGEST = """
UNWIND $rows AS row
CREATE (d:AuthorDigest) SET d = row
"""
_W_CRUX = """
UNWIND $rows AS row
MERGE (x:Crux {crux_id: row.crux_id}) SET x += row.props
MERGE (k:CruxTopic {key: row.props.key}) ON CREATE SET k.concepts = row.props.concepts
MERGE (x)-[:INSTANCE_OF]->(k)
"""
_W_POLE = """
UNWIND $rows AS row
MATCH (x:Crux {crux_id: row.crux_id})
MATCH (c:Claim {claim_id: row.claim_id})
MERGE (x)-[:POLE {pole: row.pole}]->(c)
"""


def safe_uri(uri: str) -> str:
    """``uri`` without user name or password (for messages and ``store.uri``)."""
    return re.sub(r"^([A-Za-z0-9+.-]+://)[^@/]*@", r"\1", uri)


def _chunks(rows: list[dict], size: int = BATCH_ROWS) -> Iterator[list[dict]]:
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def _dump(model) -> str:
    return model.model_dump_json()


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


class Neo4jStore:
    """A ``GraphStore`` on a Neo4j 5 server. ``uri`` is ``bolt://host:port`` or ``neo4j://...``;
    credentials come from the arguments, the URI's user info, or ``$ARGMAP_NEO4J_USER`` /
    ``$ARGMAP_NEO4J_PASSWORD`` (user defaults to ``neo4j``).

    >>> store = Neo4jStore("bolt://127.0.0.1:7687", password="...")     # doctest: +SKIP
    >>> store.put_maps([amap]); store.get_map(amap.thread_id) == amap     # doctest: +SKIP
    True
    """

    def __init__(self, uri: str, user: str | None = None, password: str | None = None, *,
                 database: str | None = None, connection_timeout: float = 10.0):
        import neo4j

        self.uri = safe_uri(uri)
        parts = urlsplit(uri)
        url_user = unquote(parts.username) if parts.username else None
        url_password = unquote(parts.password) if parts.password else None
        user = user or url_user or os.environ.get(USER_ENV) or "neo4j"
        password = password if password is not None else (url_password or os.environ.get(PASSWORD_ENV))
        self._password = password
        self._database = database
        try:
            driver_uri = urlunsplit((parts.scheme, (parts.hostname or "") + (f":{parts.port}" if parts.port else ""),
                                     parts.path, parts.query, parts.fragment))
        except ValueError as exc:
            raise StoreConnectionError(f"invalid Neo4j URI ({exc})", path=self.uri,
                                       hint="use bolt://HOST:PORT or neo4j://HOST:PORT") from None
        auth = (user, password) if password is not None else None
        try:
            self._driver = neo4j.GraphDatabase.driver(driver_uri, auth=auth,
                                                      connection_timeout=connection_timeout,
                                                      connection_acquisition_timeout=connection_timeout,
                                                      max_transaction_retry_time=5.0,
                                                      notifications_min_severity="OFF")
        except (neo4j.exceptions.ConfigurationError, ValueError) as exc:
            raise StoreConnectionError(f"invalid Neo4j URI ({self._clean(exc)})", path=self.uri,
                                       hint="use bolt://HOST:PORT or neo4j://HOST:PORT") from None
        try:
            with self._errors():
                self._driver.verify_connectivity()
            self._ensure_schema()
        except BaseException:
            self._driver.close()
            raise

    # -- plumbing ------------------------------------------------------------------------------
    def _clean(self, exc: BaseException) -> str:
        text = " ".join(str(getattr(exc, "message", None) or exc).split())
        if self._password:
            text = text.replace(self._password, "***")
        return text[:300]

    @contextmanager
    def _errors(self):
        """Driver errors as one-line ``StoreError``s that name the URI (never the password)."""
        import neo4j.exceptions as ne

        try:
            yield
        except ne.AuthError as exc:
            raise StoreConnectionError(
                f"Neo4j refused the credentials ({self._clean(exc)})", path=self.uri,
                hint="check --user/--password or ARGMAP_NEO4J_USER/ARGMAP_NEO4J_PASSWORD") from None
        except (ne.ServiceUnavailable, ne.SessionExpired, OSError) as exc:
            reason = self._clean(exc)
            short = re.search(r"\(reason (.+?)\)+$", reason)
            raise StoreConnectionError(
                f"cannot reach Neo4j ({short.group(1) if short else reason})", path=self.uri,
                hint="check that the server runs and listens there, e.g. "
                     "`eval \"$(scripts/neo4j-server start)\"`") from None
        except ne.Neo4jError as exc:
            raise StoreError(f"Neo4j error {exc.code}: {self._clean(exc)}", path=self.uri) from None
        except ne.DriverError as exc:
            raise StoreConnectionError(f"Neo4j driver error ({self._clean(exc)})", path=self.uri,
                                       hint="check the URI and that the server runs") from None

    def _session(self, **kw):
        return self._driver.session(database=self._database, **kw) if self._database else self._driver.session(**kw)

    def _read(self, fn):
        with self._errors(), self._session() as session:
            return session.execute_read(fn)

    def _ensure_schema(self) -> None:
        with self._errors(), self._session() as session:
            existing = {r["name"] for r in session.run("SHOW CONSTRAINTS YIELD name RETURN name")}
            existing |= {r["name"] for r in session.run("SHOW INDEXES YIELD name RETURN name")}
            for statement in SCHEMA:
                name = statement.split()[2]
                if name not in existing:
                    session.run(statement).consume()

    # -- writing -------------------------------------------------------------------------------
    def put_maps(self, maps: Iterable[ArgumentMap]) -> None:
        """Write maps in one transaction: the old data of each thread is deleted and the new data
        written; if anything fails, nothing of the call is kept."""
        latest: dict[str, ArgumentMap] = {}
        for amap in maps:
            check_map(amap, store_uri=self.uri)
            latest.pop(amap.thread_id, None)
            latest[amap.thread_id] = amap
        if not latest:
            return
        batches = _write_batches(list(latest.values()))

        def work(tx):
            for tid in latest:
                _delete_thread_tx(tx, tid)
            for query, rows in batches:
                for chunk in _chunks(rows, DIGEST_BATCH_ROWS if query is _W_DIGEST else BATCH_ROWS):
                    tx.run(query, rows=chunk).consume()

        with self._errors(), self._session() as session:
            session.execute_write(work)

    def delete_thread(self, thread_id: str) -> bool:
        with self._errors(), self._session() as session:
            return session.execute_write(_delete_thread_tx, thread_id)

    # -- reading -------------------------------------------------------------------------------
    def get_map(self, thread_id: str) -> ArgumentMap:
        return self._build_map(thread_id)

    def author_slice(self, author: str, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what ``author``'s positions need: every author,
        comment and crux, but only the relations ``author`` made or received and the claims that
        are theirs, at either end of those relations, or on a crux pole. No quotes."""
        return self._build_map(thread_id, author=author)

    def _build_map(self, thread_id: str, author: str | None = None) -> ArgumentMap:
        def rows(tx, query, **params):
            return [r["data"] for r in tx.run(query, tid=thread_id, **params)]

        def work(tx):
            rec = tx.run("MATCH (t:Thread {thread_id: $tid}) RETURN t.data AS data, t.version AS version, "
                         "t.author_ids AS author_ids", tid=thread_id).single()
            if rec is None:
                return None
            ids_listed = rec["author_ids"] or []
            found = {r["id"]: r["data"] for r in tx.run(
                "UNWIND $ids AS aid MATCH (a:Author {author_id: aid}) RETURN a.author_id AS id, a.data AS data",
                ids=ids_listed)}
            authors = [Author.model_validate_json(found[i]) for i in ids_listed if i in found]
            comments = [Comment.model_validate_json(d) for d in rows(
                tx, "MATCH (n:Comment {thread_id: $tid}) RETURN n.data AS data ORDER BY n.seq")]
            cruxes = [Crux.model_validate_json(d) for d in rows(
                tx, "MATCH (n:Crux {thread_id: $tid}) RETURN n.data AS data ORDER BY n.seq")]
            if author is None:
                claims = rows(tx, "MATCH (n:Claim {thread_id: $tid}) RETURN n.data AS data ORDER BY n.seq")
                quotes = rows(tx, "MATCH (n:Quote {thread_id: $tid}) RETURN n.data AS data ORDER BY n.seq")
                relations = [Relation.model_validate_json(d) for d in rows(
                    tx, "MATCH ()-[r:STANCE {thread_id: $tid}]->() RETURN r.data AS data ORDER BY r.seq")]
            else:
                ids = sorted(matching_author_ids(author, authors, (c.author for c in comments)))
                relations = [Relation.model_validate_json(d) for d in rows(
                    tx, "MATCH ()-[r:STANCE {thread_id: $tid}]->() "
                        "WHERE r.source_author IN $ids OR r.target_author IN $ids "
                        "RETURN r.data AS data ORDER BY r.seq", ids=ids)]
                wanted = {x for r in relations for x in (r.source_claim_id, r.target_claim_id) if x}
                wanted |= {cid for x in cruxes for pole in x.poles for cid in pole.claim_ids}
                claims = rows(tx, "MATCH (n:Claim {thread_id: $tid}) WHERE n.author IN $ids OR n.claim_id IN $wanted "
                                  "RETURN n.data AS data ORDER BY n.seq", ids=ids, wanted=sorted(wanted))
                quotes = []
            return ArgumentMap(
                version=rec["version"] or 1,
                thread=Thread.model_validate_json(rec["data"]),
                authors=authors, comments=comments,
                claims=[Claim.model_validate_json(d) for d in claims],
                quotes=[Quote.model_validate_json(d) for d in quotes],
                relations=relations, cruxes=cruxes,
            )

        amap = self._read(work)
        if amap is None:
            raise NotFoundError(f"no thread {thread_id!r} in the store", path=self.uri,
                                hint="`argmap threads` lists the stored threads")
        return amap

    def author_records(self, author: str, thread_ids: Iterable[str] | None = None) -> list[dict]:
        """Per thread (of ``thread_ids``, else every thread) in which ``author`` (id, name or
        display name, any case) is named: what their positions need, in the shape of
        ``argmap.analysis.divergence.author_record``. One read transaction for all those threads: the
        author's ``AuthorDigest`` nodes, the threads' cruxes and the authors of their pole claims.
        Threads written before digests are read through ``author_slice``."""
        key = author.casefold()
        tids = None if thread_ids is None else sorted(set(thread_ids))

        def work(tx):
            cands = [r["id"] for r in tx.run(
                "MATCH (a:Author) WHERE $key IN a.match_keys RETURN a.author_id AS id", key=key)]
            if not cands:
                return {}, []
            known = set(cands)
            ids: dict[str, set[str]] = {}
            version: dict[str, int | None] = {}
            for r in tx.run("MATCH (t:Thread) WHERE $tids IS NULL OR t.thread_id IN $tids "
                            "RETURN t.thread_id AS tid, t.author_ids AS ids, t.author_digests AS v", tids=tids):
                ids[r["tid"]] = {a for a in (r["ids"] or []) if a in known}
                version[r["tid"]] = r["v"]
            by_id = [a for a in cands if a.casefold() == key]  # comment authors match by id only
            for r in tx.run("MATCH (c:Comment) WHERE c.author IN $ids RETURN DISTINCT c.thread_id AS tid, "
                            "c.author AS a", ids=by_id):
                if r["tid"] in ids:
                    ids[r["tid"]].add(r["a"])
            ids = {t: found for t, found in ids.items() if found}
            fast = sorted(t for t in ids if version[t] == SEGMENT_VERSION)
            slow = sorted(t for t in ids if version[t] != SEGMENT_VERSION)
            segments: dict[str, dict[str, dict]] = {t: {} for t in fast}
            for r in tx.run("MATCH (d:AuthorDigest) WHERE d.author_id IN $ids AND d.thread_id IN $tids "
                            "RETURN d.thread_id AS tid, d.author_id AS a, d.data AS data",
                            ids=sorted(set().union(*(ids[t] for t in fast))), tids=fast):
                if r["a"] in ids[r["tid"]]:
                    segments[r["tid"]][r["a"]] = json.loads(r["data"])
            cruxes: dict[str, list[Crux]] = {t: [] for t in fast}
            for r in tx.run("MATCH (x:Crux) WHERE x.thread_id IN $tids RETURN x.thread_id AS tid, x.data AS data "
                            "ORDER BY tid, x.seq", tids=fast):
                cruxes[r["tid"]].append(Crux.model_validate_json(r["data"]))
            claim_authors: dict[str, dict] = {t: {} for t in fast}
            for r in tx.run("MATCH (x:Crux)-[:POLE]->(c:Claim) WHERE x.thread_id IN $tids "
                            "RETURN x.thread_id AS tid, c.claim_id AS id, c.author AS a", tids=fast):
                claim_authors[r["tid"]][r["id"]] = r["a"]
            records = {t: author_record(t, ids[t], segments[t], cruxes[t], claim_authors[t]) for t in fast}
            return records, slow

        records, slow = self._read(work)
        for tid in slow:  # written before author digests
            try:
                part = self.author_slice(author, tid).model_dump(mode="json")
            except NotFoundError:  # deleted meanwhile
                continue
            found = matching_author_ids(author, [Author.model_validate(a) for a in part["authors"]],
                                        (c.get("author") for c in part["comments"]))
            records[tid] = author_record(tid, found, author_segments(part),
                                         [Crux.model_validate(x) for x in part["cruxes"]], pole_claim_authors(part))
        return [records[t] for t in sorted(records)]

    def iter_maps(self) -> Iterable[ArgumentMap]:
        for tid in self._thread_ids():
            yield self.get_map(tid)

    def _thread_ids(self) -> list[str]:
        return self._read(lambda tx: [r["tid"] for r in tx.run(
            "MATCH (t:Thread) RETURN t.thread_id AS tid ORDER BY tid")])

    def list_threads(self) -> list[ThreadSummary]:
        query = """
        MATCH (t:Thread)
        WITH t, t.thread_id AS tid
        RETURN tid, t.title AS title, t.source_format AS source_format,
               COUNT { MATCH (n:Comment {thread_id: tid}) } AS comments,
               size(COLLECT { MATCH (n:Comment {thread_id: tid}) WHERE n.author IS NOT NULL
                              RETURN DISTINCT n.author }) AS authors,
               COUNT { MATCH (n:Claim {thread_id: tid}) } AS claims,
               COUNT { MATCH (n:Quote {thread_id: tid}) } AS quotes,
               COUNT { MATCH ()-[r:STANCE {thread_id: tid}]->() } AS relations,
               COUNT { MATCH (n:Crux {thread_id: tid}) } AS cruxes
        ORDER BY tid
        """
        rows = self._read(lambda tx: [r.data() for r in tx.run(query)])
        return [ThreadSummary(thread_id=r.pop("tid"), **r) for r in rows]

    def counts(self) -> dict[str, int]:
        query = """
        RETURN COUNT { MATCH (:Thread) } AS threads, COUNT { MATCH (:Comment) } AS comments,
               COUNT { MATCH (:Author) } AS authors, COUNT { MATCH (:Claim) } AS claims,
               COUNT { MATCH (:Quote) } AS quotes, COUNT { MATCH ()-[:STANCE]->() } AS relations,
               COUNT { MATCH (:Crux) } AS cruxes
        """
        return self._read(lambda tx: tx.run(query).single().data())

    # -- queries beyond the core contract --------------------------------------------------------
    def author_threads(self, author: str) -> list[str]:
        """Threads in which ``author`` (id, name or display name, any case) wrote or is listed."""
        query = """
        MATCH (a:Author) WHERE $key IN a.match_keys
        OPTIONAL MATCH (a)-[:WROTE]->(c:Comment)
        WITH collect(DISTINCT a.author_id) AS ids, collect(DISTINCT c.thread_id) AS written
        OPTIONAL MATCH (t:Thread) WHERE any(i IN ids WHERE i IN t.author_ids)
        WITH written, collect(t.thread_id) AS listed
        UNWIND written + listed AS tid
        RETURN DISTINCT tid ORDER BY tid
        """
        return self._read(lambda tx: [r["tid"] for r in tx.run(query, key=author.casefold())])

    def search_claims(self, text: str, limit: int = 20) -> list[Claim]:
        """Claims whose text contains every word of ``text`` (any case), in thread and map order."""
        words = search_words(text)
        if not words:
            return []
        query = """
        MATCH (c:Claim) WHERE all(w IN $words WHERE c.text_fold CONTAINS w)
        RETURN c.data AS data ORDER BY c.thread_id, c.seq LIMIT $limit
        """
        rows = self._read(lambda tx: [r["data"] for r in tx.run(query, words=words, limit=int(limit))])
        return [Claim.model_validate_json(d) for d in rows]

    def iter_cruxes(self) -> list[tuple[str, list[Crux]]]:
        """``(thread_id, cruxes)`` for every thread with cruxes, in thread id order."""
        query = """
        MATCH (x:Crux) RETURN x.thread_id AS tid, x.data AS data ORDER BY tid, x.seq
        """
        out: dict[str, list[Crux]] = {}
        for r in self._read(lambda tx: [(r["tid"], r["data"]) for r in tx.run(query)]):
            out.setdefault(r[0], []).append(Crux.model_validate_json(r[1]))
        return list(out.items())

    def run_read(self, query: str, params: dict | None = None) -> tuple[list[str], list[list]]:
        """Run a user's Cypher in a read transaction (the server refuses writes in it)."""
        import neo4j.exceptions as ne

        def work(tx):
            result = tx.run(query, params or {})
            keys = list(result.keys())
            return keys, [[_plain(v) for v in r.values()] for r in result]

        try:
            with self._session(default_access_mode="READ") as session:
                return session.execute_read(work)
        except ne.ClientError as exc:
            if exc.code and exc.code.endswith("AccessMode"):
                raise StoreError("the query writes, and Cypher queries here run read-only", path=self.uri,
                                 hint="change the store with argmap commands (ingest, delete, push)") from None
            with self._errors():
                raise

    def close(self) -> None:
        self._driver.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the crux map's first read (argmap tui) ---------------------------------------------------
    def crux_view(self, thread_id: str) -> ArgumentMap:
        """The map of ``thread_id`` cut down to what its crux map shows (see ``GraphStore.crux_view``):
        index seeks on the pole claims and the comments holding them, not a read of the thread."""
        def data(tx, query, **params):
            return [r["data"] for r in tx.run(query, tid=thread_id, **params)]

        def work(tx):
            rec = tx.run("MATCH (t:Thread {thread_id: $tid}) OPTIONAL MATCH (a:Author) WHERE a.author_id IN t.author_ids "
                         "RETURN t.data AS data, t.version AS version, t.author_ids AS ids, "
                         "collect([a.author_id, a.data]) AS listed", tid=thread_id).single()
            if rec is None:
                return None
            listed = {aid: d for aid, d in rec["listed"] if aid is not None}
            cruxes = [Crux.model_validate_json(d) for d in data(
                tx, "MATCH (n:Crux {thread_id: $tid}) RETURN n.data AS data ORDER BY n.seq")]
            pole = sorted({cid for x in cruxes for p in x.poles for cid in p.claim_ids})
            held = {r["cid"]: r["parent"] for r in tx.run(
                "MATCH (n:Claim)-[:IN]->(c:Comment) WHERE n.claim_id IN $pole AND n.thread_id = $tid "
                "RETURN c.comment_id AS cid, c.parent_id AS parent", pole=pole, tid=thread_id)}
            rels = [Relation.model_validate_json(d) for d in data(
                tx, "MATCH ()-[r:STANCE {thread_id: $tid}]->(t) WHERE t.comment_id IN $held OR t.claim_id IN $pole "
                    "RETURN r.data AS data ORDER BY r.seq", held=sorted(held), pole=pole)]
            quotes = [Quote.model_validate_json(d) for d in data(
                tx, "MATCH (n:Quote {thread_id: $tid}) WHERE n.comment_id IN $held OR n.source_claim_id IN $pole "
                    "RETURN n.data AS data ORDER BY n.seq", held=sorted(held), pole=pole)]
            comment_ids = set(held) | set(held.values()) | {r.source_comment_id for r in rels}
            comment_ids |= {x for q in quotes for x in (q.comment_id, q.source_comment_id)}
            claim_ids = set(pole) | {x for r in rels for x in (r.source_claim_id, r.target_claim_id)}
            claim_ids |= {q.source_claim_id for q in quotes}
            return ArgumentMap(
                version=rec["version"] or 1, thread=Thread.model_validate_json(rec["data"]),
                authors=[Author.model_validate_json(listed[i]) for i in rec["ids"] or [] if i in listed],
                comments=[Comment.model_validate_json(d) for d in data(
                    tx, "MATCH (n:Comment) WHERE n.comment_id IN $ids AND n.thread_id = $tid "
                        "RETURN n.data AS data ORDER BY n.seq", ids=sorted(c for c in comment_ids if c))],
                claims=[Claim.model_validate_json(d) for d in data(
                    tx, "MATCH (n:Claim) WHERE n.claim_id IN $ids AND n.thread_id = $tid "
                        "RETURN n.data AS data ORDER BY n.seq", ids=sorted(c for c in claim_ids if c))],
                quotes=quotes, relations=rels, cruxes=cruxes)

        amap = self._read(work)
        if amap is None:
            raise NotFoundError(f"no thread {thread_id!r} in the store", path=self.uri,
                                hint="`argmap threads` lists the stored threads")
        return amap


def _plain(value):
    """A query result value as JSON-ready data: nodes as ``{"labels", "properties"}``,
    relationships as ``{"type", "properties"}``, paths as their nodes and relationships,
    temporal values as ISO strings."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, Node):
        return {"labels": sorted(value.labels), "properties": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Relationship):
        return {"type": value.type, "properties": {k: _plain(v) for k, v in value.items()}}
    if isinstance(value, Path):
        return {"nodes": [_plain(n) for n in value.nodes], "relationships": [_plain(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if hasattr(value, "iso_format"):
        return value.iso_format()
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return value


def _delete_thread_tx(tx, thread_id: str) -> bool:
    rec = tx.run("MATCH (t:Thread {thread_id: $tid}) RETURN t.author_ids AS ids", tid=thread_id).single()
    if rec is None:
        return False
    author_ids = set(rec["ids"] or [])
    author_ids |= {r["a"] for r in tx.run(
        "MATCH (c:Comment {thread_id: $tid}) WHERE c.author IS NOT NULL RETURN DISTINCT c.author AS a", tid=thread_id)}
    crux_keys = [r["k"] for r in tx.run(
        "MATCH (x:Crux {thread_id: $tid}) RETURN DISTINCT x.key AS k", tid=thread_id)]
    for label in _THREAD_LABELS:
        tx.run(f"MATCH (n:{label} {{thread_id: $tid}}) DETACH DELETE n", tid=thread_id).consume()
    tx.run("MATCH (t:Thread {thread_id: $tid}) DETACH DELETE t", tid=thread_id).consume()
    # An author stays while another thread still has their comments or lists them.
    tx.run("""
        UNWIND $ids AS aid
        MATCH (a:Author {author_id: aid})
        WHERE NOT (a)-[:WROTE]->() AND NOT EXISTS { MATCH (t:Thread) WHERE aid IN t.author_ids }
        DELETE a
        """, ids=sorted(author_ids)).consume()
    tx.run("""
        UNWIND $keys AS k
        MATCH (t:CruxTopic {key: k}) WHERE NOT (t)<-[:INSTANCE_OF]-()
        DELETE t
        """, keys=crux_keys).consume()
    return True


def _author_props(a: Author) -> dict:
    return {"name": a.name, "display_name": a.display_name, "known": a.known,
            "match_keys": author_match_keys(a), "data": _dump(a)}


def _write_batches(maps: list[ArgumentMap]) -> list[tuple[str, list[dict]]]:
    """The ``(query, rows)`` pairs that write ``maps`` (in dependency order)."""
    threads, listed, implicit, comments, replies, claims, quotes = [], [], [], [], [], [], []
    quotes_claim, quotes_comment, cruxes, poles, digests = [], [], [], [], []
    stances: dict[tuple[str, str], list[dict]] = {k: [] for k in _W_STANCE}
    for amap in maps:
        tid = amap.thread_id
        t = amap.thread
        threads.append({"thread_id": tid, "props": {
            "title": t.title, "source_format": t.source_format, "url": t.url, "version": amap.version,
            "author_ids": [a.author_id for a in amap.authors], "author_digests": SEGMENT_VERSION,
            "data": _dump(t)}})
        named = set()
        for a in amap.authors:
            named.add(a.author_id)
            listed.append({"author_id": a.author_id, "props": _author_props(a)})
        for c in amap.comments:
            if c.author is not None and c.author not in named:
                named.add(c.author)
                implicit.append({"author_id": c.author, "props": _author_props(implicit_author(c.author))})
        for seq, c in enumerate(amap.comments):
            comments.append({"thread_id": tid, "comment_id": c.comment_id, "author": c.author, "props": {
                "thread_id": tid, "seq": seq, "parent_id": c.parent_id, "author": c.author, "kind": c.kind,
                "text": c.text, "url": c.url, "created_at": _iso(c.created_at), "score": c.score,
                "data": _dump(c)}})
            if c.parent_id is not None:
                replies.append({"comment_id": c.comment_id, "parent_id": c.parent_id})
        for seq, cl in enumerate(amap.claims):
            claims.append({"comment_id": cl.comment_id, "claim_id": cl.claim_id, "props": {
                "thread_id": tid, "comment_id": cl.comment_id, "seq": seq, "author": cl.author, "kind": cl.kind,
                "start": cl.start, "end": cl.end, "text": cl.text, "text_fold": cl.text.casefold(),
                "data": _dump(cl)}})
        for seq, q in enumerate(amap.quotes):
            quotes.append({"comment_id": q.comment_id, "quote_id": q.quote_id, "props": {
                "thread_id": tid, "comment_id": q.comment_id, "seq": seq, "text": q.text,
                "source_comment_id": q.source_comment_id, "source_claim_id": q.source_claim_id,
                "score": q.score, "data": _dump(q)}})
            if q.source_claim_id is not None:
                quotes_claim.append({"quote_id": q.quote_id, "target": q.source_claim_id})
            elif q.source_comment_id is not None:
                quotes_comment.append({"quote_id": q.quote_id, "target": q.source_comment_id})
        for seq, r in enumerate(amap.relations):
            src = ("Claim", r.source_claim_id) if r.source_claim_id else ("Comment", r.source_comment_id)
            dst = ("Claim", r.target_claim_id) if r.target_claim_id else ("Comment", r.target_comment_id)
            stances[(src[0], dst[0])].append({"source": src[1], "target": dst[1], "relation_id": r.relation_id,
                                              "props": {
                "thread_id": tid, "seq": seq, "kind": r.kind, "level": r.level, "confidence": r.confidence,
                "source_author": r.source_author, "target_author": r.target_author, "data": _dump(r)}})
        for seq, x in enumerate(amap.cruxes):
            cruxes.append({"crux_id": x.crux_id, "props": {
                "thread_id": tid, "seq": seq, "label": x.label, "score": x.score, "key": crux_key(x),
                "concepts": [p.concept for p in x.poles], "data": _dump(x)}})
            for i, pole in enumerate(x.poles):
                for claim_id in dict.fromkeys(pole.claim_ids):
                    poles.append({"crux_id": x.crux_id, "claim_id": claim_id, "pole": i})
        for aid, segment in author_segments(amap.model_dump(mode="json")).items():
            digests.append({"thread_id": tid, "author_id": aid,
                            "data": json.dumps(segment, ensure_ascii=False, separators=(",", ":"))})
    out = [(_W_THREAD, threads), (_W_AUTHOR_LISTED, listed), (_W_AUTHOR_IMPLICIT, implicit),
           (_W_COMMENT, comments), (_W_REPLY, replies), (_W_CLAIM, claims), (_W_QUOTE, quotes),
           (_W_QUOTES_CLAIM, quotes_claim), (_W_QUOTES_COMMENT, quotes_comment)]
    out += [(_W_STANCE[k], rows) for k, rows in stances.items()]
    out += [(_W_CRUX, cruxes), (_W_POLE, poles), (_W_DIGEST, digests)]
    return [(q, rows) for q, rows in out if rows]
