"""``argmap ingest URL``: download a whole thread from the site that hosts it.

* LessWrong, the Alignment Forum and the EA Forum (``/posts/<id>/<slug>``): the public GraphQL
  endpoint (``/graphql``), the post and then every comment, ``PAGE_SIZE`` at a time.
* Reddit (``/r/<sub>/comments/<id>/...``): ``/comments/<id>.json?raw_json=1``, then ``more``
  stubs through ``/api/morechildren`` and "continue this thread" links through their permalink
  pages, up to ``max_requests``; what stays unexpanded is reported.
* Hacker News (``news.ycombinator.com/item?id=<id>``): the Algolia item, ``/api/v1/items/<id>``.

Every response is cached under the workspace (``<store>/fetched/<site>/``) before it is read, so a
second ingest of the same URL makes no request (``refresh=True`` downloads again) and every map
can be rebuilt offline. Each request has timeouts, a descriptive User-Agent and a polite pause
before it; 429 and 5xx answers, dropped connections and cut-off bodies are retried with backoff.

Tests point the sites at a local server with ``$ARGMAP_FETCH_BASE``
(``reddit=http://127.0.0.1:8000,hackernews=...,lesswrong=...``) and ``$ARGMAP_FETCH_INTERVAL=0``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

from argmap import __version__
from argmap.errors import FetchError
from argmap.models import Problem

USER_AGENT = f"argmap/{__version__} (argument-map builder; one thread per run, cached; python-httpx)"
BASE_ENV = "ARGMAP_FETCH_BASE"
INTERVAL_ENV = "ARGMAP_FETCH_INTERVAL"
CACHE_ENV = "ARGMAP_FETCH_CACHE"

LW_HOSTS = {"lesswrong.com": "https://www.lesswrong.com", "alignmentforum.org": "https://www.alignmentforum.org",
            "forum.effectivealtruism.org": "https://forum.effectivealtruism.org"}
REDDIT_API = "https://www.reddit.com"
HN_API = "https://hn.algolia.com"
SUPPORTED = ("lesswrong.com/posts/<id>, alignmentforum.org/posts/<id>, forum.effectivealtruism.org/posts/<id>, "
             "reddit.com/r/<sub>/comments/<id>, news.ycombinator.com/item?id=<id>")


@dataclass
class FetchSettings:
    timeout_s: float = 30.0
    """Per request (connect, read); a thread page is one response, rarely over a few MB."""
    connect_timeout_s: float = 10.0
    attempts: int = 4
    """Tries per request: the first and three retries (429, 5xx, dropped or cut-off responses)."""
    backoff_s: float = 2.0
    """First retry pause, doubled each time; a ``Retry-After`` header wins (up to ``max_backoff_s``)."""
    max_backoff_s: float = 60.0
    interval_s: float = 2.0
    """Pause between two requests: Reddit asks unauthenticated clients for well under one a second."""
    page_size: int = 500
    """LessWrong comments per GraphQL page: large pages are slow to build on the server."""
    morechildren_batch: int = 100
    """Comment ids per ``/api/morechildren`` call (Reddit's maximum)."""


def is_url(text: str) -> bool:
    return isinstance(text, str) and text.lower().startswith(("http://", "https://"))


# --- which thread ----------------------------------------------------------------------------------

@dataclass
class Target:
    site: str  # "lesswrong" | "reddit" | "hackernews"
    thread_key: str  # post id / submission id / item id
    origin: str  # the API's scheme + host (after $ARGMAP_FETCH_BASE)
    url: str  # the canonical page URL


def parse_url(url: str) -> Target:
    """The site and thread a page URL names; FetchError for anything else."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    segments = [s for s in parts.path.split("/") if s]
    if host in LW_HOSTS or host.endswith((".lesswrong.com", ".alignmentforum.org")):
        base = LW_HOSTS.get(host) or f"https://{parts.hostname}"
        if len(segments) >= 2 and segments[0] == "posts":
            return Target("lesswrong", segments[1], _origin("lesswrong", base), f"{base}/posts/{segments[1]}")
        raise FetchError("not a post URL (expected /posts/<id>/<slug>)", path=url)
    if host == "reddit.com" or host.endswith(".reddit.com") or host == "redd.it":
        if host == "redd.it" and segments:
            key = segments[0]
        elif "comments" in segments and segments.index("comments") + 1 < len(segments):
            key = segments[segments.index("comments") + 1]
        else:
            raise FetchError("not a Reddit thread URL (expected /r/<sub>/comments/<id>/...)", path=url)
        return Target("reddit", key, _origin("reddit", REDDIT_API), f"https://www.reddit.com/comments/{key}/")
    if host == "news.ycombinator.com":
        item = (parse_qs(parts.query).get("id") or [""])[0]
        if not item.isdigit():
            raise FetchError("not a Hacker News item URL (expected item?id=<number>)", path=url)
        return Target("hackernews", item, _origin("hackernews", HN_API), f"https://news.ycombinator.com/item?id={item}")
    raise FetchError(f"unknown site {parts.hostname or url!r}", path=url, hint=f"supported: {SUPPORTED}")


def _origin(site: str, default: str) -> str:
    """``default``, unless ``$ARGMAP_FETCH_BASE`` points ``site`` elsewhere (a mirror, a test server)."""
    for item in os.environ.get(BASE_ENV, "").split(","):
        name, _, base = item.partition("=")
        if name.strip() == site and base.strip():
            return base.strip().rstrip("/")
    return default


# --- the cache ---------------------------------------------------------------------------------------

class ResponseCache:
    """Raw responses, one JSON file per request: ``{url, body, fetched_at, text}``."""

    def __init__(self, folder: str | os.PathLike[str]):
        self.folder = Path(folder)

    def _file(self, site: str, url: str, body) -> Path:
        key = hashlib.sha1(json.dumps([url, body], sort_keys=True).encode()).hexdigest()[:20]
        return self.folder / site / f"{key}.json"

    def get(self, site: str, url: str, body) -> tuple[str, datetime] | None:
        try:
            doc = json.loads(self._file(site, url, body).read_text(encoding="utf-8"))
            return doc["text"], datetime.fromisoformat(doc["fetched_at"])
        except (OSError, ValueError, KeyError, TypeError):
            return None  # absent or damaged: download again

    def put(self, site: str, url: str, body, text: str, fetched_at: datetime) -> None:
        path = self._file(site, url, body)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"url": url, "body": body, "fetched_at": fetched_at.isoformat(), "text": text}),
                       encoding="utf-8")
        os.replace(tmp, path)


# --- the client --------------------------------------------------------------------------------------

_RETRY_STATUS = {429, 500, 502, 503, 504}


@dataclass
class Client:
    """GET/POST JSON with the cache, retries and the pause between requests."""

    cache: ResponseCache
    settings: FetchSettings = field(default_factory=FetchSettings)
    refresh: bool = False
    sleep: object = time.sleep
    requests: int = 0
    """Requests answered (from the network or the cache) in this run."""
    downloads: int = 0
    fetched_at: list = field(default_factory=list)
    _http: object = None
    _last: float = 0.0

    def get_json(self, site: str, url: str, *, body=None):
        """The parsed JSON answer to ``url`` (POSTed ``body`` when given)."""
        self.requests += 1
        cached = None if self.refresh else self.cache.get(site, url, body)
        if cached is not None:
            text, when = cached
            self.fetched_at.append(when)
            return json.loads(text)
        text = self._download(url, body)
        when = datetime.now(timezone.utc)
        doc = json.loads(text)  # _download checked it parses
        self.cache.put(site, url, body, text, when)
        self.fetched_at.append(when)
        self.downloads += 1
        return doc

    def _download(self, url: str, body) -> str:
        import httpx

        if self._http is None:
            s = self.settings
            self._http = httpx.Client(timeout=httpx.Timeout(s.timeout_s, connect=s.connect_timeout_s),
                                      headers={"User-Agent": USER_AGENT, "Accept": "application/json"},
                                      follow_redirects=True)
        host = urlsplit(url).netloc
        last = ""
        for attempt in range(self.settings.attempts):
            self._pause()
            wait = None
            try:
                if body is None:
                    resp = self._http.get(url)
                else:
                    resp = self._http.post(url, json=body)
            except httpx.ConnectError as exc:
                raise FetchError(f"cannot reach {host}: {_reason(exc)}", path=url,
                                 hint="is the network up? argmap ingest FILE works offline") from None
            except httpx.TimeoutException:
                last = f"{host} did not answer within {self.settings.timeout_s:.0f} s"
            except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
                last = f"the response from {host} was cut off ({_reason(exc)})"
            else:
                if resp.status_code in _RETRY_STATUS:
                    last = (f"rate-limited by {host} (HTTP 429)" if resp.status_code == 429
                            else f"{host} answered HTTP {resp.status_code}")
                    wait = _retry_after(resp)
                elif resp.status_code in (403, 404, 410):
                    what = "private or forbidden" if resp.status_code == 403 else "not found: deleted, or a wrong id"
                    raise FetchError(f"{what} (HTTP {resp.status_code} from {host})", path=url)
                elif resp.status_code >= 400:
                    raise FetchError(f"{host} refused the request (HTTP {resp.status_code})", path=url)
                else:
                    text = resp.text
                    try:
                        json.loads(text)
                        return text
                    except ValueError as exc:
                        last = f"the response from {host} is not complete JSON ({exc})"
            if attempt + 1 < self.settings.attempts:
                backoff = self.settings.backoff_s * 2 ** attempt
                self.sleep(min(self.settings.max_backoff_s, backoff if wait is None else wait))
        raise FetchError(f"{last}; gave up after {self.settings.attempts} tries", path=url,
                         hint="try again later" if "429" in last else None)

    def _pause(self) -> None:
        gap = self.settings.interval_s - (time.monotonic() - self._last)
        if self._last and gap > 0:
            self.sleep(gap)
        self._last = time.monotonic()

    def close(self) -> None:
        if self._http is not None:
            self._http.close()


def _retry_after(resp) -> float | None:
    value = resp.headers.get("Retry-After")
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _reason(exc) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


# --- the sites ---------------------------------------------------------------------------------------

_LW_POST = """query ($id: String) { post(input: {selector: {_id: $id}}) { result {
  _id title slug pageUrl postedAt baseScore commentCount htmlBody contents { markdown }
  user { username displayName } } } }"""
_LW_FIELDS = """results { _id postId parentCommentId postedAt baseScore extendedScore deleted
              contents { markdown } htmlBody user { username displayName } }"""
_LW_COMMENTS = ("""query ($postId: String, $limit: Int, $offset: Int) {
  comments(input: {terms: {view: "postCommentsOld", postId: $postId, limit: $limit, offset: $offset}}) {
    %s } }""" % _LW_FIELDS,
                # the selector form of newer ForumMagnum versions, tried when the first is refused
                """query ($postId: String, $limit: Int, $offset: Int) {
  comments(selector: {postCommentsOld: {postId: $postId}}, limit: $limit, offset: $offset) { %s } }""" % _LW_FIELDS)


def _graphql(client: Client, target: Target, query: str | tuple[str, ...], variables: dict, what: str):
    """``(data, index of the form used)`` for the first of the ``query`` forms the endpoint accepts."""
    endpoint = f"{target.origin}/graphql"
    forms = (query,) if isinstance(query, str) else query
    for n, form in enumerate(forms):
        doc = client.get_json("lesswrong", endpoint, body={"query": form, "variables": variables})
        if not isinstance(doc, dict):
            raise FetchError(f"unexpected GraphQL answer for {what}", path=endpoint)
        if not doc.get("errors"):
            return doc.get("data") or {}, n
        first = doc["errors"][0]
        message = first.get("message") if isinstance(first, dict) else str(first)
        if n + 1 == len(forms):
            raise FetchError(f"GraphQL error for {what}: {message}", path=endpoint)
    return {}, 0


def _fetch_lesswrong(client: Client, target: Target, max_requests: int):
    data, _ = _graphql(client, target, _LW_POST, {"id": target.thread_key}, f"post {target.thread_key}")
    post = ((data.get("post") or {}).get("result")) if isinstance(data.get("post"), dict) else None
    if not isinstance(post, dict):
        raise FetchError(f"no post {target.thread_key}: deleted, a draft, or a wrong id", path=target.url)
    comments: list = []
    notes: list[Problem] = []
    offset = 0
    forms = _LW_COMMENTS
    while True:
        if client.requests >= max_requests:
            expected = post.get("commentCount")
            notes.append(Problem(path=target.url, where=f"lw:{target.thread_key}", action="counted",
                                 message=f"stopped at {len(comments)} of {expected if expected is not None else '?'} "
                                         f"comments: --max-requests {max_requests} reached"))
            break
        page, used = _graphql(client, target, forms, {"postId": target.thread_key, "limit": client.settings.page_size,
                                                      "offset": offset}, f"the comments of {target.thread_key}")
        forms = forms[used:]  # the next pages in the form that worked
        results = ((page.get("comments") or {}).get("results")) if isinstance(page.get("comments"), dict) else None
        if not isinstance(results, list):
            raise FetchError(f"unexpected GraphQL answer for the comments of {target.thread_key}", path=target.url)
        comments += results
        offset += len(results)
        if len(results) < client.settings.page_size:
            break
    doc = {"data": {"post": {"result": post}, "comments": {"results": comments}}}
    return [("lesswrong", json.dumps(doc))], notes


def _fetch_hackernews(client: Client, target: Target, max_requests: int):
    doc = client.get_json("hackernews", f"{target.origin}/api/v1/items/{target.thread_key}")
    return [("hackernews", json.dumps(doc))], []


_MORE_IDS = re.compile(r"^[0-9a-z]+$")


def _stubs(node, found: list) -> None:
    """Every ``more`` stub in a Reddit response, in document order."""
    if isinstance(node, dict):
        if node.get("kind") == "more" and isinstance(node.get("data"), dict):
            found.append(node["data"])
            return
        for value in node.values():
            _stubs(value, found)
    elif isinstance(node, list):
        for value in node:
            _stubs(value, found)


def _fetch_reddit(client: Client, target: Target, max_requests: int):
    key = target.thread_key
    first = client.get_json("reddit", f"{target.origin}/comments/{key}.json?raw_json=1&limit=500")
    if isinstance(first, dict) and first.get("error"):
        raise FetchError(f"Reddit answered error {first.get('error')}: {first.get('reason') or first.get('message')}",
                         path=target.url)
    parts = [("reddit", json.dumps(first))]
    pending_ids: list[str] = []
    pending_chains: list[str] = []

    def queue(doc) -> None:
        found: list = []
        _stubs(doc, found)
        for stub in found:
            ids = [c for c in stub.get("children") or [] if isinstance(c, str) and _MORE_IDS.match(c)]
            if ids:
                pending_ids.extend(ids)
            elif isinstance(stub.get("parent_id"), str) and stub["parent_id"].startswith("t1_"):
                pending_chains.append(stub["parent_id"][3:])

    queue(first)
    expanded = 0
    notes = []
    while (pending_ids or pending_chains) and client.requests < max_requests:
        size = client.settings.morechildren_batch
        try:
            if pending_ids:
                query = urlencode({"api_type": "json", "link_id": f"t3_{key}", "children": ",".join(pending_ids[:size]),
                                   "raw_json": 1})
                doc = client.get_json("reddit", f"{target.origin}/api/morechildren.json?{query}")
                del pending_ids[:size]
            else:
                doc = client.get_json("reddit", f"{target.origin}/comments/{key}/_/{pending_chains[0]}.json?raw_json=1")
                del pending_chains[:1]
        except FetchError as exc:
            # keep what was downloaded: the thread is there, only some `more` stubs stay closed
            notes.append(Problem(path=target.url, where=f"reddit:{key}", action="skipped",
                                 message=f"stopped expanding `more` stubs: {exc.one_line()}"))
            break
        expanded += 1
        parts.append(("reddit", json.dumps(doc)))
        queue(doc)
    if pending_ids or pending_chains:
        left = []
        if pending_ids:
            left.append(f"{len(pending_ids)} more comments")
        if pending_chains:
            left.append(f"{len(pending_chains)} deeper reply chain(s)")
        why = f"--max-requests {max_requests} reached" if client.requests >= max_requests else "see above"
        notes.append(Problem(path=target.url, where=f"reddit:{key}", action="counted",
                             message=f"{' and '.join(left)} not fetched: {why} ({expanded} expansion requests made)"))
    return parts, notes


_SITES = {"lesswrong": _fetch_lesswrong, "reddit": _fetch_reddit, "hackernews": _fetch_hackernews}


def fetch_thread(url: str, *, client: Client, max_requests: int = 50):
    """Download (or replay from the cache) the thread at ``url``; returns a ``ReadResult`` whose maps
    carry the page URL and when it was fetched."""
    from argmap.ingest import ReadResult, read_text
    from argmap.ingest.base import finish_map
    from argmap.ingest.merge import merge_maps

    target = parse_url(url)
    client.requests = 0
    client.fetched_at = []
    parts, notes = _SITES[target.site](client, target, max_requests)
    result = ReadResult()
    for i, (fmt, text) in enumerate(parts):
        part = read_text(text, path=url if i == 0 else f"{url} (request {i + 1})", format=fmt)
        result.extend(part)
    if target.site == "reddit":
        # the stubs were expanded (or are reported in ``notes``): the per-response counts would mislead
        result.problems = [p for p in result.problems if p.action != "counted"]
    maps, problems = merge_maps(result.maps, result.problems, report=False)
    when = max(client.fetched_at) if client.fetched_at else None
    for amap in maps:
        if target.site == "reddit":  # the stubs' counts no longer apply; what was not fetched is in ``notes``
            finish_map(amap, problems)
        amap.thread.url = amap.thread.url or target.url
        amap.thread.source_path = url
        amap.thread.fetched_at = when
    return ReadResult(maps=maps, problems=problems + notes)


def cache_folder(store_uri: str | None) -> Path:
    """Where responses are cached: ``$ARGMAP_FETCH_CACHE``, else ``<store>/fetched`` for a workspace
    store, else ``./.argmap-fetched`` (a Neo4j store has no folder of its own)."""
    from argmap.graph.store import resolve_store_uri

    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    uri = resolve_store_uri(store_uri)
    if "://" in uri:
        return Path(".argmap-fetched")
    return Path(uri) / "fetched"


def fetcher_for_store(store_uri: str | None, *, refresh: bool = False, max_requests: int = 50):
    """``fetch(url) -> ReadResult`` for the CLI, caching in the workspace of ``store_uri``."""
    settings = FetchSettings()
    if os.environ.get(INTERVAL_ENV):
        try:
            settings.interval_s = max(0.0, float(os.environ[INTERVAL_ENV]))
        except ValueError:
            pass
    client = Client(cache=ResponseCache(cache_folder(store_uri)), settings=settings, refresh=refresh)

    def fetch(url: str):
        try:
            return fetch_thread(url, client=client, max_requests=max_requests)
        finally:
            client.close()
            client._http = None

    return fetch
