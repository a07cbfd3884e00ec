"""Small hand-built maps for the export tests (no NLP needed)."""

from __future__ import annotations

import pytest

from argmap.models import Crux, CruxPole, Evidence, Quote, Relation

from export_fixtures import PAYLOADS, build_map


@pytest.fixture
def small_map() -> ArgumentMap:
    """alice claims, bob disagrees with her first claim, carol agrees with bob's comment as a whole,
    one quote, one crux "cats vs dogs"."""
    amap = build_map([
        ("Cats are better pets. Dogs need too much time.", "alice", None),
        ("Dogs are better pets. They need time, but it is worth it.", "bob", "0"),
        ("Exactly right", "carol", "1"),
    ])
    c = {cl.text: cl for cl in amap.claims}
    a1, a2 = c["Cats are better pets."], c["Dogs need too much time."]
    b1 = c["Dogs are better pets."]
    tid = amap.thread_id
    amap.relations = [
        Relation(relation_id="r1", thread_id=tid, kind="disagree", source_comment_id=b1.comment_id,
                 target_comment_id=a1.comment_id, source_claim_id=b1.claim_id, target_claim_id=a1.claim_id,
                 source_author="bob", target_author="alice", confidence=0.8,
                 evidence=[Evidence(kind="cue", text="better")]),
        Relation(relation_id="r2", thread_id=tid, kind="concession", source_comment_id=b1.comment_id,
                 target_comment_id=a2.comment_id, source_claim_id=c["They need time, but it is worth it."].claim_id,
                 target_claim_id=a2.claim_id, source_author="bob", target_author="alice", confidence=0.6),
        Relation(relation_id="r3", thread_id=tid, kind="agree", source_comment_id=f"{tid}/c2",
                 target_comment_id=f"{tid}/c1", source_author="carol", target_author="bob", confidence=0.9),
    ]
    amap.quotes = [Quote(quote_id=f"{tid}/c1>q0-5", comment_id=f"{tid}/c1", thread_id=tid, start=0, end=4,
                         text="Dogs", source_comment_id=a2.comment_id, source_claim_id=a2.claim_id)]
    amap.cruxes = [Crux(crux_id="x1", thread_id=tid, label="cats vs dogs", score=0.7, poles=[
        CruxPole(concept="cat", variants=["Cats"], authors=["alice"], claim_ids=[a1.claim_id]),
        CruxPole(concept="dog", variants=["Dogs"], authors=["bob"], claim_ids=[b1.claim_id]),
    ])]
    return amap


@pytest.fixture
def hostile_map() -> ArgumentMap:
    """Payloads in every text field: title, author names, comment and claim text, crux labels and
    poles, URLs (javascript: and data:)."""
    p = PAYLOADS
    texts = [(f"{p[0]} first. {p[1]} second.", p[2], None),
             (f"{p[3]} third. {p[4]} fourth.", "bob<b>", "0"),
             ("javascript:alert(1) fifth.", None, "1")]
    amap = build_map(texts, title=p[2] + p[0], url="javascript:document.body.setAttribute('data-pwned','url')",
                     authors=[p[2], "bob<b>"],
                     comment_urls={0: "javascript:document.body.setAttribute('data-pwned','href')",
                                   1: "data:text/html,<script>alert(1)</script>",
                                   2: "https://example.org/ok\"><script>alert(1)</script>"})
    amap.authors[0].display_name = p[1]
    cl = amap.claims
    tid = amap.thread_id
    amap.relations = [
        Relation(relation_id="r1", thread_id=tid, kind="disagree", source_comment_id=cl[2].comment_id,
                 target_comment_id=cl[0].comment_id, source_claim_id=cl[2].claim_id,
                 target_claim_id=cl[0].claim_id, source_author="bob<b>", target_author=p[2], confidence=0.7),
        Relation(relation_id="r2", thread_id=tid, kind="partial", source_comment_id=f"{tid}/c2",
                 target_comment_id=f"{tid}/c1", source_author=None, target_author="bob<b>", confidence=0.5),
    ]
    amap.cruxes = [Crux(crux_id="x<1>", thread_id=tid, label=p[0] + " vs " + p[1], score=0.5, poles=[
        CruxPole(concept=p[3], variants=[p[4]], authors=[p[2]], claim_ids=[cl[0].claim_id]),
        CruxPole(concept=p[1], authors=["bob<b>"], claim_ids=[cl[2].claim_id]),
    ])]
    return amap
