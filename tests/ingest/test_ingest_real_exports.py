"""Every real export in ../shared/data/real/ (files written by other programs) reads with the
comment count, authors and reply structure that the file itself gives, counted here independently
of the readers. Skipped, with the reason, where ../shared is absent."""

from __future__ import annotations

import json
import re

import pytest

from argmap.errors import InputError
from argmap.ingest import detect_format, read_path
from argmap.ingest.merge import merge_maps

from ingest_testutil import DATA, assert_quotes_consistent, real_data

REAL = DATA / "real"
GONE = {"[deleted]", "[removed]"}


def _files(folder: str, pattern: str = "*", *, but: str | None = None):
    """Names of the real samples in ``folder`` (``but``: leave out names starting with it), or one
    skipped case saying why when they are absent."""
    if not (REAL / folder).is_dir():
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"real samples absent: {REAL / folder} "
                                                                  "(development data lives in ../shared/data)"))]
    return sorted(p.name for p in (REAL / folder).glob(pattern) if not (but and p.name.startswith(but)))


def _parents(amap) -> dict[str, str | None]:
    return {c.comment_id: c.parent_id for c in amap.comments}


# --- Reddit ----------------------------------------------------------------------------------------

def _reddit_things(node, out):
    if isinstance(node, dict):
        if node.get("kind") == "t1" and isinstance(node.get("data"), dict):
            out.append(node["data"])
        if node.get("kind") == "more":
            return
        for value in node.values():
            _reddit_things(value, out)
    elif isinstance(node, list):
        for value in node:
            _reddit_things(value, out)


@pytest.mark.parametrize("name", _files("reddit"))
def test_real_reddit_counts_authors_and_parents(name):
    path = real_data(f"real/reddit/{name}")
    doc = json.loads(path.read_text(encoding="utf-8"))
    things: list[dict] = []
    _reddit_things(doc, things)
    posts = [] if "json" in doc else [c["data"] for c in doc[0]["data"]["children"] if c["kind"] == "t3"]
    result = read_path(path)
    (amap,) = result.maps
    assert len(amap.comments) == len(things) + len(posts)
    want_authors = {t["author"] for t in things + posts} - GONE
    assert {c.author for c in amap.comments if c.author} == want_authors
    parents = _parents(amap)
    post_id = f"reddit:t3_{posts[0]['id']}" if posts else None
    for t in things:
        named = t["parent_id"]
        want = post_id if named.startswith("t3_") else f"reddit:{named}"
        if want in parents:
            assert parents[f"reddit:t1_{t['id']}"] == want, t["id"]
    assert_quotes_consistent(amap)


def test_real_reddit_morechildren_merges_into_nothing_lost():
    path = real_data("real/reddit/graw_morechildren_response.json")
    result = read_path(path)
    (amap,) = result.maps
    assert amap.thread_id == "reddit:hbo4a7"
    things = json.loads(path.read_text())["json"]["data"]["things"]
    assert len(amap.comments) == sum(1 for t in things if t["kind"] == "t1")
    # comments whose parent is not in the response keep the parent's name, for merging
    detached = {c.comment_id: c.source_parent_id for c in amap.comments if c.source_parent_id}
    assert detached and all(p.startswith("reddit:t") for p in detached.values())


def test_real_reddit_continue_this_thread_is_not_zero_more_comments():
    path = real_data("real/reddit/rtv_cassette_LifeProTips_441hsf_140c.json")
    messages = [p.message for p in read_path(path).problems if p.action == "counted"]
    assert messages == ['1 deeper reply chain(s) not in the file (Reddit "continue this thread" links)']


# --- Hacker News -----------------------------------------------------------------------------------

def _hn_nodes(item, key):
    yield item
    for child in item.get(key) or []:
        yield from _hn_nodes(child, key)


@pytest.mark.parametrize("name", _files("hackernews", but="firebase"))
def test_real_hackernews_counts_authors_and_parents(name):
    path = real_data(f"real/hackernews/{name}")
    doc = json.loads(path.read_text(encoding="utf-8"))
    key = "comments" if "comments" in doc else "children"
    author = "user" if key == "comments" else "author"
    nodes = list(_hn_nodes(doc, key))
    (amap,) = read_path(path).maps
    assert len(amap.comments) == len(nodes)
    assert {c.author for c in amap.comments if c.author} == {n.get(author) for n in nodes if n.get(author)}
    by_source = {c.url.rsplit("=", 1)[1]: c for c in amap.comments}
    for node in nodes:
        for child in node.get(key) or []:
            assert by_source[str(child["id"])].parent_id == by_source[str(node["id"])].comment_id
    dead = {str(n["id"]) for n in nodes if n.get("dead")}
    assert {i for i, c in by_source.items() if c.dead} == dead
    deleted = {str(n["id"]) for n in nodes if n.get("deleted")}
    assert deleted <= {i for i, c in by_source.items() if c.deleted}
    assert_quotes_consistent(amap)


@pytest.mark.parametrize("name", _files("hackernews", "firebase_*"))
def test_real_hackernews_firebase_items_are_refused_with_what_to_fetch(name):
    path = real_data(f"real/hackernews/{name}")
    with pytest.raises(InputError, match=r"Firebase item .*hn\.algolia\.com/api/v1/items/\d+"):
        read_path(path)


# --- Kialo -----------------------------------------------------------------------------------------

_NUMBERED = re.compile(r"^\s*(\d+(?:\.\d+)*)\.\s")


@pytest.mark.parametrize("name", _files("kialo"))
def test_real_kialo_counts_parents_and_labels(name):
    path = real_data(f"real/kialo/{name}")
    text = path.read_text(encoding="utf-8").split("\nSources:", 1)[0]
    numbers = [m.group(1) for m in map(_NUMBERED.match, text.splitlines()) if m]
    assert detect_format(str(path), path.read_text(encoding="utf-8")) == "kialo"
    (amap,) = read_path(path).maps
    assert len(amap.comments) == len(numbers)
    tid = amap.thread_id
    parents = _parents(amap)
    for n in numbers:
        parent = n.rsplit(".", 1)[0] if "." in n else None
        assert parents[f"{tid}/{n}"] == (f"{tid}/{parent}" if parent else None)
    labelled = len(re.findall(r"^\s*\d+(?:\.\d+)+\.\s+(?:Pro|Con):", text, flags=re.M))
    assert sum(1 for c in amap.comments if re.match(r"(Pro|Con):", c.raw)) == labelled == len(numbers) - 1
    assert amap.thread.title and "\n" not in amap.thread.title
    assert all(c.text.strip() and not re.search(r"\[\d+\]", c.text) for c in amap.comments)
    assert_quotes_consistent(amap)


# --- LessWrong -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", _files("lesswrong", "aisafetyconnect_user_*_comments.json"))
def test_real_lesswrong_counts_and_author_option(name):
    path = real_data(f"real/lesswrong/{name}")
    items = json.loads(path.read_text(encoding="utf-8"))
    result = read_path(path, author="someone")
    assert sum(len(m.comments) for m in result.maps) == len(items)
    assert len(result.maps) == len({i["postId"] for i in items})
    assert {c.author for m in result.maps for c in m.comments} == {"someone"}
    ids = {f"lw:{i['_id']}" for i in items}
    parents = {cid: p for m in result.maps for cid, p in _parents(m).items()}
    for i in items:
        if f"lw:{i['parentCommentId']}" in ids:
            assert parents[f"lw:{i['_id']}"] == f"lw:{i['parentCommentId']}"


def test_real_lesswrong_overlapping_dumps_keep_every_comment():
    a = read_path(real_data("real/lesswrong/aisafetyconnect_user_Raemon_r38pkCm7wF4M44MDQ_comments.json"), author="Raemon")
    b = read_path(real_data("real/lesswrong/aisafetyconnect_user_ryan_greenblatt_dfZAq9eZxs4BB4Ji5_comments.json"),
                  author="ryan_greenblatt")
    maps, problems = merge_maps(a.maps + b.maps, a.problems + b.problems)
    assert sum(len(m.comments) for m in maps) == 200
    (post,) = [m for m in maps if m.thread_id == "lw:voEAJ9nFBAqau8pNN"]
    assert len(post.comments) == 48
    assert {c.author for c in post.comments} == {"Raemon", "ryan_greenblatt"}
    assert any(p.action == "counted" and "30 + 18 comments" in p.message for p in problems)


def test_real_lesswrong_post_only_and_truncated_dump():
    (amap,) = read_path(real_data("real/lesswrong/mcp-alignmentforum_post_only_graphql_raw_response_AGI_Ruin.json")).maps
    assert amap.thread.title == "AGI Ruin: A List of Lethalities" and [c.kind for c in amap.comments] == ["post"]
    truncated = next(REAL.glob("lesswrong/*TRUNCATED_INVALID_JSON.json"))
    with pytest.raises(InputError, match=r"line \d+:\d+: malformed JSON"):
        read_path(truncated)


# --- ConvoKit --------------------------------------------------------------------------------------

def test_real_convokit_reply_to_deleted_speakers_and_titles():
    path = real_data("real/convokit/subreddit-Cornell_utterances_Streamlit-Convokit.jsonl")
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    conversations = json.loads(next(REAL.glob("convokit/*conversations*.json")).read_text())
    result = read_path(path)
    assert sum(len(m.comments) for m in result.maps) == len(rows)
    assert len(result.maps) == len({r["conversation_id"] for r in rows})
    by_id = {c.comment_id: c for m in result.maps for c in m.comments}
    for r in rows:
        c = by_id[f"{r['conversation_id']}/{r['id']}"]
        want_parent = f"{r['conversation_id']}/{r['reply-to']}" if r["reply-to"] else None
        assert c.parent_id == want_parent
        assert c.author == (None if r["speaker"] in GONE else r["speaker"])
    assert {m.thread_id: m.thread.title for m in result.maps} == {
        k: v["meta"]["title"] for k, v in conversations.items()}
    assert result.problems == []
