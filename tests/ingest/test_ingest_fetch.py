"""``argmap ingest URL`` against a local server answering with recorded responses (built from the
real files in ../shared/data/real/; the client's own behaviour on small hand-written bodies).
No test touches the network: the sites are pointed at the local server with $ARGMAP_FETCH_BASE."""

from __future__ import annotations

import copy
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.errors import FetchError
from argmap.fetch import Client, FetchSettings, ResponseCache, USER_AGENT, fetch_thread, parse_url
from argmap.graph.store import open_store
from argmap.ingest import read_path

from ingest_testutil import real_data
from recorded_server import RecordedServer, Reply

FAST = FetchSettings(backoff_s=0.0, interval_s=0.0, attempts=3)


def _client(tmp_path, **kw) -> Client:
    return Client(cache=ResponseCache(tmp_path / "cache"), settings=kw.pop("settings", FAST),
                  sleep=kw.pop("sleep", lambda s: None), **kw)


@pytest.fixture()
def point_sites(monkeypatch):
    def point(server, *sites):
        monkeypatch.setenv("ARGMAP_FETCH_BASE", ",".join(f"{s}={server.base}" for s in sites))
        monkeypatch.setenv("ARGMAP_FETCH_INTERVAL", "0")
    return point


# --- recorded responses, built from real files --------------------------------------------------------

def _flatten(things):
    out = []
    for t in things:
        if t.get("kind") != "t1":
            continue
        replies = t["data"].get("replies")
        flat = copy.deepcopy(t)
        flat["data"]["replies"] = ""
        out.append(flat)
        if isinstance(replies, dict):
            out += _flatten(replies["data"]["children"])
    return out


def reddit_recordings():
    """The rtv r/Python thread (complete, 60 comments) as Reddit would page it: one top-level
    comment's replies behind a ``more`` stub, one deeper chain behind "continue this thread"."""
    path = real_data("real/reddit/rtv_cassette_Python_4dy7xr_60c.json")
    full = json.loads(path.read_text(encoding="utf-8"))
    page = copy.deepcopy(full)
    tops = [t for t in page[1]["data"]["children"] if t["kind"] == "t1" and isinstance(t["data"]["replies"], dict)]
    hidden_top, chain_top = tops[0], tops[1]
    hidden = _flatten(hidden_top["data"]["replies"]["data"]["children"])
    hidden_top["data"]["replies"]["data"]["children"] = [{"kind": "more", "data": {
        "count": len(hidden), "children": [h["data"]["id"] for h in hidden], "parent_id": hidden_top["data"]["name"],
        "id": hidden[0]["data"]["id"], "name": f"t1_{hidden[0]['data']['id']}"}}]
    chain_parent = chain_top  # its replies are on another page
    subtree = copy.deepcopy(chain_parent)
    chain_parent["data"]["replies"]["data"]["children"] = [{"kind": "more", "data": {
        "count": 0, "children": [], "parent_id": chain_parent["data"]["name"], "id": "_", "name": "t1__"}}]
    chain_page = [page[0], {"kind": "Listing", "data": {"children": [subtree]}}]
    by_id = {h["data"]["id"]: h for h in hidden}
    key = page[0]["data"]["children"][0]["data"]["id"]

    def route(method, raw_path, body):
        parts = urlsplit(raw_path)
        if parts.path == f"/comments/{key}.json":
            return Reply(page)
        if parts.path == f"/comments/{key}/_/{chain_parent['data']['id']}.json":
            return Reply(chain_page)
        if parts.path == "/api/morechildren.json":
            ids = parse_qs(parts.query)["children"][0].split(",")
            return Reply({"json": {"errors": [], "data": {"things": [by_id[i] for i in ids]}}})
        return Reply({"error": 404}, status=404)

    return key, route, read_path(path).maps[0]


def lesswrong_recordings():
    """Post voEAJ9nFBAqau8pNN with the comments that two users' real dumps hold of it (each comment
    given its writer, as the GraphQL ``user`` field would)."""
    comments = []
    for name in ("Raemon_r38pkCm7wF4M44MDQ", "ryan_greenblatt_dfZAq9eZxs4BB4Ji5"):
        items = json.loads(real_data(f"real/lesswrong/aisafetyconnect_user_{name}_comments.json").read_text())
        user = name.rsplit("_", 1)[0]
        comments += [dict(i, user={"username": user}) for i in items if i["postId"] == "voEAJ9nFBAqau8pNN"]
    comments.sort(key=lambda c: c["postedAt"])
    post = {"_id": "voEAJ9nFBAqau8pNN", "title": "A post both users commented on", "commentCount": len(comments),
            "pageUrl": "https://www.lesswrong.com/posts/voEAJ9nFBAqau8pNN/x", "contents": {"markdown": "The post."},
            "user": {"username": "author"}}
    agi = json.loads(real_data("real/lesswrong/mcp-alignmentforum_post_only_graphql_raw_response_AGI_Ruin.json").read_text())

    def route(method, raw_path, body):
        assert method == "POST" and raw_path == "/graphql"
        variables = body["variables"]
        if "post(" in body["query"]:
            if variables["id"] == post["_id"]:
                return Reply({"data": {"post": {"result": post}}})
            if variables["id"] == agi["data"]["post"]["result"]["_id"]:
                return Reply(agi)
            return Reply({"data": {"post": {"result": None}}})
        mine = comments if variables["postId"] == post["_id"] else []
        start = variables["offset"]
        return Reply({"data": {"comments": {"results": mine[start:start + variables["limit"]]}}})

    return route, comments


# --- the three site families ------------------------------------------------------------------------

def test_fetch_reddit_expands_more_and_continue_links(tmp_path, point_sites):
    key, route, whole = reddit_recordings()
    with RecordedServer(route) as server:
        point_sites(server, "reddit")
        result = fetch_thread(f"https://www.reddit.com/r/Python/comments/{key}/x/", client=_client(tmp_path))
    (amap,) = result.maps
    assert {c.comment_id: c.parent_id for c in amap.comments} == {c.comment_id: c.parent_id for c in whole.comments}
    assert {c.author for c in amap.comments} == {c.author for c in whole.comments}
    assert [h[1].split("?")[0] for h in server.hits] == [f"/comments/{key}.json", "/api/morechildren.json",
                                                          f"/comments/{key}/_/{server.hits[2][1].split('/')[-1].split('.')[0]}.json"]
    assert all(h[3] == USER_AGENT for h in server.hits)
    assert not [p for p in result.problems if p.action == "counted"], "everything was expanded"
    assert amap.thread.fetched_at is not None and amap.thread.url.startswith(f"https://www.reddit.com/r/Python/comments/{key}/")
    assert amap.thread.skipped == 0


def test_fetch_reddit_max_requests_reports_what_stayed_unexpanded(tmp_path, point_sites):
    key, route, whole = reddit_recordings()
    with RecordedServer(route) as server:
        point_sites(server, "reddit")
        result = fetch_thread(f"https://reddit.com/comments/{key}", client=_client(tmp_path), max_requests=1)
    assert len(server.hits) == 1
    (note,) = [p.message for p in result.problems if p.action == "counted"]
    assert "more comments and 1 deeper reply chain(s) not fetched: --max-requests 1 reached" in note


def test_fetch_lesswrong_pages_comments_with_authors(tmp_path, point_sites):
    route, comments = lesswrong_recordings()
    with RecordedServer(route) as server:
        point_sites(server, "lesswrong")
        client = _client(tmp_path, settings=FetchSettings(backoff_s=0, interval_s=0, page_size=20))
        result = fetch_thread("https://www.lesswrong.com/posts/voEAJ9nFBAqau8pNN/some-slug", client=client)
    (amap,) = result.maps
    assert len(comments) == 48 and len(amap.comments) == 49  # the post and every comment
    assert len(server.hits) == 1 + 3  # the post, then pages of 20, 20 and 8
    assert {c.author for c in amap.comments} == {"author", "Raemon", "ryan_greenblatt"}
    assert amap.thread.title == "A post both users commented on"


def test_cli_ingest_urls_of_all_three_site_families_and_the_cache(tmp_path, point_sites):
    key, reddit_route, _ = reddit_recordings()
    lw_route, _ = lesswrong_recordings()
    hn_item = json.loads(real_data("real/hackernews/algolia_item_17_fraction-node-hacker-news-api.json").read_text())

    def route(method, path, body):
        if path == "/graphql":
            return lw_route(method, path, body)
        if path == "/api/v1/items/17":
            return Reply(hn_item)
        return reddit_route(method, path, body)

    store = str(tmp_path / "ws")
    urls = [f"https://old.reddit.com/r/Python/comments/{key}/if_you_could/",
            "https://www.lesswrong.com/posts/voEAJ9nFBAqau8pNN/slug",
            "https://www.alignmentforum.org/posts/uMQ3cqWDPHhjtiesc/agi-ruin-a-list-of-lethalities",
            "https://news.ycombinator.com/item?id=17"]
    runner = CliRunner()
    with RecordedServer(route) as server:
        point_sites(server, "reddit", "lesswrong", "hackernews")
        res = runner.invoke(main, ["ingest", "--no-analysis", "--json", "--store", store, *urls])
        assert res.exit_code == 0, res.output
        first = len(server.hits)
        summary = json.loads(res.stdout)
        assert summary["threads"] == [f"reddit:{key}", "lw:voEAJ9nFBAqau8pNN", "lw:uMQ3cqWDPHhjtiesc", "hn:1"]
        assert summary["comments"] == 61 + 49 + 1 + 3
        res = runner.invoke(main, ["ingest", "--no-analysis", "--json", "--store", store, *urls])
        assert res.exit_code == 0 and len(server.hits) == first, "the second ingest made requests"
        assert json.loads(res.stdout)["comments"] == summary["comments"]
        res = runner.invoke(main, ["ingest", "--no-analysis", "--store", store, "--refresh",
                                   "https://news.ycombinator.com/item?id=17"])
        assert res.exit_code == 0 and len(server.hits) == first + 1
    with open_store(store) as s:
        hn = s.get_map("hn:1")
    assert hn.thread.source_path == "https://news.ycombinator.com/item?id=17" and hn.thread.fetched_at is not None


# --- the client ---------------------------------------------------------------------------------------

HN_SMALL = {"id": 5, "type": "story", "title": "T", "author": "pg", "text": None, "children": [
    {"id": 6, "type": "comment", "author": "ann", "text": "<p>Hi.</p>", "children": []}]}


def test_client_retries_429_then_succeeds(tmp_path, point_sites):
    sleeps = []
    routes = {"GET /api/v1/items/5": [Reply({"error": "slow down"}, status=429, headers={"Retry-After": "7"}),
                                      Reply(HN_SMALL)]}
    with RecordedServer(routes) as server:
        point_sites(server, "hackernews")
        result = fetch_thread("https://news.ycombinator.com/item?id=5", client=_client(tmp_path, sleep=sleeps.append))
    assert len(server.hits) == 2 and sleeps == [7.0]
    assert [c.author for c in result.maps[0].comments] == ["pg", "ann"]


def test_client_retries_a_cut_off_body_and_gives_up_with_one_line(tmp_path, point_sites):
    body = json.dumps(HN_SMALL)
    routes = {"GET /api/v1/items/5": [Reply(body, cut_at=20), Reply(body)],
              "GET /api/v1/items/6": [Reply(body, cut_at=20)]}
    with RecordedServer(routes) as server:
        point_sites(server, "hackernews")
        assert fetch_thread("https://news.ycombinator.com/item?id=5", client=_client(tmp_path)).maps
        with pytest.raises(FetchError) as exc:
            fetch_thread("https://news.ycombinator.com/item?id=6", client=_client(tmp_path))
    assert "was cut off" in str(exc.value) and "gave up after 3 tries" in str(exc.value)
    assert "\n" not in str(exc.value)
    assert not list((tmp_path / "cache" / "hackernews").glob("*.json"))[1:], "a cut-off response was cached"


def test_client_refuses_incomplete_json_and_missing_threads(tmp_path, point_sites):
    truncated = next(real_data("real/lesswrong").glob("*TRUNCATED_INVALID_JSON.json")).read_bytes()
    routes = {"GET /api/v1/items/5": [Reply(truncated)], "GET /api/v1/items/9": [Reply({}, status=404)]}
    with RecordedServer(routes) as server:
        point_sites(server, "hackernews")
        with pytest.raises(FetchError, match="not complete JSON"):
            fetch_thread("https://news.ycombinator.com/item?id=5", client=_client(tmp_path))
        with pytest.raises(FetchError, match=r"not found: deleted, or a wrong id \(HTTP 404"):
            fetch_thread("https://news.ycombinator.com/item?id=9", client=_client(tmp_path))


def test_cli_url_errors_are_one_line_exit_1(tmp_path, monkeypatch):
    runner = CliRunner()
    store = str(tmp_path / "ws")
    res = runner.invoke(main, ["ingest", "--store", store, "https://example.com/thread/1"])
    assert res.exit_code == 1 and "unknown site 'example.com'" in res.stderr and "Traceback" not in res.output
    with RecordedServer({}) as server:
        closed = server.base
    monkeypatch.setenv("ARGMAP_FETCH_BASE", f"hackernews={closed}")
    res = runner.invoke(main, ["ingest", "--store", store, "https://news.ycombinator.com/item?id=5"])
    assert res.exit_code == 1 and "cannot reach 127.0.0.1" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "ws" / "manifest.json").exists()


@pytest.mark.parametrize("url, site, key", [
    ("https://www.lesswrong.com/posts/abc123/some-slug?commentId=x", "lesswrong", "abc123"),
    ("https://forum.effectivealtruism.org/posts/Xyz/slug", "lesswrong", "Xyz"),
    ("https://www.reddit.com/r/changemyview/comments/3hahrw/cmv_title/", "reddit", "3hahrw"),
    ("https://redd.it/3hahrw", "reddit", "3hahrw"),
    ("https://news.ycombinator.com/item?id=26312516", "hackernews", "26312516"),
])
def test_parse_url_names_site_and_thread(url, site, key, monkeypatch):
    monkeypatch.delenv("ARGMAP_FETCH_BASE", raising=False)
    target = parse_url(url)
    assert (target.site, target.thread_key) == (site, key)


def test_fetch_reddit_keeps_the_thread_when_an_expansion_fails(tmp_path, point_sites):
    key, route, whole = reddit_recordings()

    def failing(method, path, body):
        if path.startswith("/api/morechildren.json"):
            return Reply({"message": "Too Many Requests"}, status=429, headers={"Retry-After": "0"})
        return route(method, path, body)

    with RecordedServer(failing) as server:
        point_sites(server, "reddit")
        result = fetch_thread(f"https://www.reddit.com/comments/{key}/", client=_client(tmp_path))
    (amap,) = result.maps
    assert 0 < len(amap.comments) < len(whole.comments)
    (stopped,) = [p for p in result.problems if p.action == "skipped"]
    assert "stopped expanding `more` stubs: " in stopped.message and "rate-limited" in stopped.message
    assert any(p.action == "counted" and "not fetched: see above" in p.message for p in result.problems)


def test_fetch_lesswrong_falls_back_to_the_selector_form(tmp_path, point_sites):
    route, comments = lesswrong_recordings()

    def newer(method, path, body):
        if "comments(input:" in body["query"]:
            return Reply({"errors": [{"message": 'Unknown argument "input" on field "Query.comments".'}]})
        return route(method, path, body)

    with RecordedServer(newer) as server:
        point_sites(server, "lesswrong")
        client = _client(tmp_path, settings=FetchSettings(backoff_s=0, interval_s=0, page_size=20))
        result = fetch_thread("https://www.lesswrong.com/posts/voEAJ9nFBAqau8pNN/s", client=client)
    assert len(result.maps[0].comments) == 1 + len(comments)
    assert len(server.hits) == 1 + 1 + 3  # the post, one refused page, three pages in the selector form
    with RecordedServer(lambda m, p, b: Reply({"errors": [{"message": "Something broke"}]})) as server:
        point_sites(server, "lesswrong")
        with pytest.raises(FetchError, match="GraphQL error for post voEAJ9nFBAqau8pNN: Something broke"):
            fetch_thread("https://www.lesswrong.com/posts/voEAJ9nFBAqau8pNN/s", client=_client(tmp_path))
