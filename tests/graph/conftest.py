"""Small hand-built argument maps for the store tests, and store fixtures."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from argmap.models import (
    ArgumentMap, Author, Claim, Comment, Crux, CruxPole, Evidence, Quote, QuoteAnswer, Relation, Thread,
)


def _claim(comment: Comment, text: str, kind: str = "assertion") -> Claim:
    start = comment.text.index(text)
    return Claim(claim_id=f"{comment.comment_id}#{start}-{start + len(text)}", comment_id=comment.comment_id,
                 thread_id=comment.thread_id, author=comment.author, text=text, start=start,
                 end=start + len(text), kind=kind)


def build_map(tid: str = "t1", *, third: str = "cy", title: str | None = "Is nuclear power safe?",
              extra_claim: bool = True) -> ArgumentMap:
    """A four-comment debate: ``al`` says nuclear is safe, ``bo`` quotes and disagrees, ``al``
    concedes a point, ``third`` agrees with al. Crux: "safe vs dangerous"."""
    when = datetime(2024, 3, 1, 12, 0, tzinfo=timezone.utc)
    c1 = Comment(comment_id=f"{tid}/1", thread_id=tid, author="al", created_at=when, score=12, kind="post",
                 raw="**Nuclear power is safe.** Solar is cheaper than coal.",
                 text="Nuclear power is safe. Solar is cheaper than coal.", index=0, url=f"https://x.test/{tid}/1")
    c2 = Comment(comment_id=f"{tid}/2", thread_id=tid, parent_id=c1.comment_id, author="bo", index=1,
                 raw="> Nuclear power is safe.\n\nNo, nuclear power is dangerous. Waste lasts for ever — 10⁵ years.",
                 text="Nuclear power is safe.\n\nNo, nuclear power is dangerous. Waste lasts for ever — 10⁵ years.",
                 agreement_score=-2.5)
    c3 = Comment(comment_id=f"{tid}/3", thread_id=tid, parent_id=c2.comment_id, author="al", index=2,
                 text="I agree waste is a problem, but the risk is low.")
    c4 = Comment(comment_id=f"{tid}/4", thread_id=tid, parent_id=c1.comment_id, author=third, index=3,
                 text="Solar is cheaper indeed. Why build reactors at all?")
    c5 = Comment(comment_id=f"{tid}/5", thread_id=tid, parent_id=c1.comment_id, author=None, index=4,
                 text="[deleted]", deleted=True)
    comments = [c1, c2, c3, c4, c5]
    k_safe = _claim(c1, "Nuclear power is safe.")
    k_solar = _claim(c1, "Solar is cheaper than coal.")
    k_danger = _claim(c2, "No, nuclear power is dangerous.")
    k_waste = _claim(c2, "Waste lasts for ever — 10⁵ years.")
    k_low = _claim(c3, "I agree waste is a problem, but the risk is low.")
    k_cheap = _claim(c4, "Solar is cheaper indeed.")
    k_why = _claim(c4, "Why build reactors at all?", kind="question")
    claims = [k_safe, k_solar, k_danger, k_waste, k_low, k_cheap] + ([k_why] if extra_claim else [])
    quotes = [
        Quote(quote_id=f"{c2.comment_id}>q0-22", comment_id=c2.comment_id, thread_id=tid, start=0, end=22,
              text="Nuclear power is safe.", source_comment_id=c1.comment_id, source_claim_id=k_safe.claim_id,
              source_start=0, source_end=22, score=100.0),
        Quote(quote_id=f"{c3.comment_id}>q0-7", comment_id=c3.comment_id, thread_id=tid, start=0, end=7,
              text="I agree", marker="plaintext", source_comment_id=c2.comment_id, score=61.5),
        Quote(quote_id=f"{c4.comment_id}>q0-5", comment_id=c4.comment_id, thread_id=tid, start=0, end=5,
              text="Solar", marker="forum", quoted_author="someone",
              # from outside the thread: the stance stage's reading of its answer rides on the quote
              answer=QuoteAnswer(kind="agree", confidence=0.71, evidence=[
                  Evidence(kind="cue", text="indeed", comment_id=c4.comment_id)])),
    ]
    relations = [
        Relation(relation_id=f"{k_danger.claim_id}->{k_safe.claim_id}", thread_id=tid, kind="disagree",
                 level="quote", source_comment_id=c2.comment_id, target_comment_id=c1.comment_id,
                 source_claim_id=k_danger.claim_id, target_claim_id=k_safe.claim_id, source_author="bo",
                 target_author="al", confidence=0.9,
                 evidence=[Evidence(kind="cue", text="No,", comment_id=c2.comment_id, start=24, end=27, score=0.8),
                           Evidence(kind="negation", text="safe / dangerous", claim_id=k_danger.claim_id)]),
        Relation(relation_id=f"{c3.comment_id}->{c2.comment_id}", thread_id=tid, kind="concession",
                 source_comment_id=c3.comment_id, target_comment_id=c2.comment_id, source_author="al",
                 target_author="bo", confidence=0.7,
                 evidence=[Evidence(kind="cue", text="I agree", comment_id=c3.comment_id, start=0, end=7)]),
        Relation(relation_id=f"{k_cheap.claim_id}->{k_solar.claim_id}", thread_id=tid, kind="agree",
                 source_comment_id=c4.comment_id, target_comment_id=c1.comment_id, source_claim_id=k_cheap.claim_id,
                 target_claim_id=k_solar.claim_id, source_author=third, target_author="al", confidence=0.65),
        Relation(relation_id=f"{k_low.claim_id}->{c2.comment_id}", thread_id=tid, kind="partial",
                 source_comment_id=c3.comment_id, target_comment_id=c2.comment_id, source_claim_id=k_low.claim_id,
                 source_author="al", target_author="bo", confidence=0.5),
    ]
    cruxes = [Crux(crux_id=f"{tid}:crux:dangerous|safe", thread_id=tid, label="safe vs dangerous", score=0.83,
                   poles=[CruxPole(concept="safe", variants=["safe", "Safe"], authors=["al"],
                                   claim_ids=[k_safe.claim_id, k_low.claim_id]),
                          CruxPole(concept="dangerous", variants=["dangerous"], authors=["bo"],
                                   claim_ids=[k_danger.claim_id])],
                   evidence=[Evidence(kind="contrast-pattern", text="No, nuclear power is dangerous.",
                                      comment_id=c2.comment_id, pattern="negated-predicate")])]
    authors = [Author(author_id="al", name="al", display_name="Alice L"), Author(author_id="bo", name="bo"),
               Author(author_id=third, name=third)]
    thread = Thread(thread_id=tid, title=title, source_format="jsonl", url=f"https://x.test/{tid}",
                    source_path=f"/data/{tid}.jsonl", created_at=when, skipped=1)
    return ArgumentMap(thread=thread, authors=authors, comments=comments, claims=claims, quotes=quotes,
                       relations=relations, cruxes=cruxes)


@pytest.fixture
def make_map():
    return build_map


def wipe_neo4j(store) -> None:
    """Delete everything in the test server's database (tests only)."""
    with store._driver.session() as session:
        session.run("MATCH (n) DETACH DELETE n").consume()


@pytest.fixture(scope="session")
def _neo4j_connection(neo4j_uri):
    from argmap.graph.neo4jstore import Neo4jStore

    store = Neo4jStore(neo4j_uri)
    yield store
    store.close()


@pytest.fixture
def neo4j_store(_neo4j_connection):
    """A connected Neo4jStore on an empty database."""
    wipe_neo4j(_neo4j_connection)
    return _neo4j_connection
