"""Sides (step 3b): how far each author leans to each pole, from their own words and their own
stance edges only, with the strongest evidence of each lean."""

from __future__ import annotations

from collections import defaultdict

from argmap.models import Evidence


def relation_evidence(rel, text_of=None) -> Evidence:
    """The sentence that shows an author's stance edge: the relation's cue or opening sentence (not
    the quote it answers), named as the author's."""
    ev = next((e for e in rel.evidence if e.kind not in {"quote", "self-reply"} and e.comment_id == rel.source_comment_id
               and e.start is not None), None)
    if ev is not None:
        return Evidence(kind=f"side-{rel.kind}", text=ev.text, comment_id=ev.comment_id, claim_id=ev.claim_id,
                        start=ev.start, end=ev.end, score=rel.confidence, author=rel.source_author)
    text = text_of(rel.source_comment_id) if text_of else ""
    return Evidence(kind=f"side-{rel.kind}", text=snip(text), comment_id=rel.source_comment_id,
                    claim_id=rel.source_claim_id, start=0 if text else None, end=min(len(text), 299) if text else None,
                    score=rel.confidence, author=rel.source_author)


class Leans:
    """How far each author leans to each pole, and their strongest own evidence for it."""

    def __init__(self) -> None:
        self.weight: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
        self.best: dict[tuple[str, int], tuple[float, Evidence]] = {}

    def add(self, who: str, side: int, weight: float, evidence: Evidence) -> None:
        self.weight[who][side] += weight
        if (who, side) not in self.best or weight > self.best[(who, side)][0]:
            self.best[(who, side)] = (weight, evidence)

    def why(self, who: str, side: int) -> Evidence:
        return self.best[(who, side)][1]

    def sides(self) -> tuple[list[list[str]], list[str]]:
        """Authors on each pole (the pole they lean to more), and those leaning to both equally
        ("unclear": argmap does not guess)."""
        sides: list[list[str]] = [[], []]
        unclear = []
        for who, (l0, l1) in sorted(self.weight.items()):
            if l0 <= 0 and l1 <= 0:
                continue
            if l0 == l1:
                unclear.append(who)
            else:
                sides[0 if l0 > l1 else 1].append(who)
        return sides, unclear


def snip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
