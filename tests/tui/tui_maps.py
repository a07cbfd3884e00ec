"""Hand-made argument maps for the TUI tests: a debate with a crux, quotes and stances, and a
calm thread where everybody agrees (no crux)."""

from __future__ import annotations

from argmap.models import (
    ArgumentMap, Author, Claim, Comment, Crux, CruxPole, Evidence, Quote, Relation, Thread,
)

GRID = "demo:grid"
CALM = "demo:calm"


def _claims(comment: Comment, *parts: str) -> list[Claim]:
    out = []
    for part in parts:
        start = comment.text.index(part)
        out.append(Claim(claim_id=f"{comment.comment_id}#{start}-{start + len(part)}", comment_id=comment.comment_id,
                         thread_id=comment.thread_id, author=comment.author, text=part, start=start,
                         end=start + len(part)))
    return out


def _rel(kind, src: Comment, dst: Comment, *, src_claim=None, dst_claim=None, cue="", level="reply"):
    return Relation(relation_id=f"{src.comment_id}->{dst.comment_id}:{kind}", thread_id=src.thread_id, kind=kind,
                    level=level, source_comment_id=src.comment_id, target_comment_id=dst.comment_id,
                    source_claim_id=src_claim.claim_id if src_claim else None,
                    target_claim_id=dst_claim.claim_id if dst_claim else None,
                    source_author=src.author, target_author=dst.author, confidence=0.8,
                    evidence=[Evidence(kind="cue", text=cue or kind, comment_id=src.comment_id)])


def grid_map() -> ArgumentMap:
    t = GRID
    c1 = Comment(comment_id=f"{t}/c1", thread_id=t, author="maria_k", index=0, kind="post",
                 text="New nuclear is the only credible way to decarbonise a grid. "
                      "Wind and solar are intermittent.")
    c2 = Comment(comment_id=f"{t}/c2", thread_id=t, parent_id=c1.comment_id, author="tomasz", index=1,
                 text="> Wind and solar are intermittent.\n\nI disagree. Storage covers far more than a few hours. "
                      "Cheap energy from overbuilt solar is what decarbonises.")
    c3 = Comment(comment_id=f"{t}/c3", thread_id=t, parent_id=c2.comment_id, author="maria_k", index=2,
                 text="Fair point on storage. But you are conflating energy and capacity. "
                      "Firm capacity is what a dark winter week needs.")
    c4 = Comment(comment_id=f"{t}/c4", thread_id=t, parent_id=c3.comment_id, author="tomasz", index=3,
                 text="Capacity can come from storage, not only from reactors.")
    c5 = Comment(comment_id=f"{t}/c5", thread_id=t, parent_id=c1.comment_id, author="li_wei", index=4,
                 text="I agree with Maria that firm capacity matters. [bold]Nuclear[/] is costly [/] though.")
    comments = [c1, c2, c3, c4, c5]
    cl1 = _claims(c1, "New nuclear is the only credible way to decarbonise a grid.", "Wind and solar are intermittent.")
    cl2 = _claims(c2, "Storage covers far more than a few hours.",
                  "Cheap energy from overbuilt solar is what decarbonises.")
    cl3 = _claims(c3, "But you are conflating energy and capacity.", "Firm capacity is what a dark winter week needs.")
    cl4 = _claims(c4, "Capacity can come from storage, not only from reactors.")
    cl5 = _claims(c5, "I agree with Maria that firm capacity matters.", "[bold]Nuclear[/] is costly [/] though.")
    q_start = c2.text.index("Wind and solar")
    quote = Quote(quote_id=f"{c2.comment_id}>q{q_start}-{q_start + 32}", comment_id=c2.comment_id, thread_id=t,
                  start=q_start, end=q_start + 32, text=c2.text[q_start:q_start + 32],
                  source_comment_id=c1.comment_id, source_claim_id=cl1[1].claim_id, score=100.0)
    relations = [
        _rel("disagree", c2, c1, src_claim=cl2[0], dst_claim=cl1[1], cue="I disagree", level="quote"),
        _rel("concession", c3, c2, cue="Fair point"),
        _rel("disagree", c4, c3, src_claim=cl4[0], dst_claim=cl3[1], cue="not only"),
        _rel("agree", c5, c1, cue="I agree"),
    ]
    crux = Crux(crux_id=f"{t}/crux:energy|capacity", thread_id=t, label="energy vs capacity", score=0.82,
                poles=[CruxPole(concept="energy", variants=["cheap energy"], authors=["tomasz"],
                                claim_ids=[cl2[1].claim_id]),
                       CruxPole(concept="capacity", variants=["firm capacity"], authors=["maria_k", "li_wei"],
                                claim_ids=[cl3[1].claim_id, cl5[0].claim_id])],
                evidence=[Evidence(kind="contrast", text=cl3[0].text, comment_id=c3.comment_id)])
    return ArgumentMap(
        thread=Thread(thread_id=t, title="Nuclear or renewables [plus] storage?", source_format="jsonl"),
        authors=[Author(author_id=a, name=a) for a in ("maria_k", "tomasz", "li_wei")],
        comments=comments, claims=cl1 + cl2 + cl3 + cl4 + cl5, quotes=[quote], relations=relations,
        cruxes=[crux])


def calm_map() -> ArgumentMap:
    t = CALM
    a = Comment(comment_id=f"{t}/a", thread_id=t, author="sam", index=0, text="Tea is nice in the afternoon.")
    b = Comment(comment_id=f"{t}/b", thread_id=t, parent_id=a.comment_id, author="kim", index=1,
                text="Agreed, tea is nice.")
    return ArgumentMap(thread=Thread(thread_id=t, title="Tea time", source_format="jsonl"),
                       authors=[Author(author_id="sam"), Author(author_id="kim")], comments=[a, b],
                       claims=_claims(a, "Tea is nice in the afternoon.") + _claims(b, "tea is nice."),
                       relations=[_rel("agree", b, a, cue="Agreed")])




def claim_id(text: str) -> str:
    """The id of the claim of ``grid_map()`` that starts with ``text``."""
    matches = [cl.claim_id for cl in grid_map().claims if cl.text.startswith(text)]
    assert len(matches) == 1, matches
    return matches[0]
