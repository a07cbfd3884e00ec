"""The stance-kind policy (argmap.models): one definition, and every stage reads it."""

from __future__ import annotations

from argmap import models
from argmap.models import (ATTACKING_KINDS, POSITION_KINDS, STANCE_KINDS, SUPPORTING_KINDS, agreement_label,
                           disagreement_weight)


def test_every_position_kind_either_supports_or_attacks():
    assert set(STANCE_KINDS) == set(models.StanceKind.__args__)
    assert not SUPPORTING_KINDS & ATTACKING_KINDS
    assert SUPPORTING_KINDS | ATTACKING_KINDS == set(POSITION_KINDS)
    assert "neutral" not in POSITION_KINDS


def test_partial_is_half_a_disagreement_and_an_attack():
    assert disagreement_weight("disagree") == 1.0 and disagreement_weight("partial") == 0.5
    assert disagreement_weight("agree") == disagreement_weight("concession") == disagreement_weight("neutral") == 0.0
    assert "partial" in ATTACKING_KINDS


def test_agreement_label_maps_each_kind_and_partial_as_chosen():
    assert [agreement_label(k, "agree") for k in STANCE_KINDS] == ["agree", "disagree", "agree", "neutral", "agree"]
    assert agreement_label("partial", "disagree") == "disagree"


def test_stages_read_the_one_policy():
    from argmap.analysis import divergence
    from argmap.graph import authorindex
    from argmap.tui import data

    assert divergence.COUNTED_KINDS is POSITION_KINDS
    assert authorindex.POSITION_KINDS is POSITION_KINDS
    assert data.STANCE_KINDS is STANCE_KINDS


def test_author_segments_count_the_position_kinds_only():
    from argmap.graph.authorindex import author_segments

    kinds = list(STANCE_KINDS)
    comments = [{"comment_id": f"t/{i}", "text": f"comment {i}", "author": "al" if i % 2 else "bo"} for i in range(6)]
    relations = [{"relation_id": f"r{i}", "thread_id": "t", "kind": k, "confidence": 0.5,
                  "source_comment_id": f"t/{i + 1}", "target_comment_id": f"t/{i}",
                  "source_author": comments[i + 1]["author"], "target_author": comments[i]["author"]}
                 for i, k in enumerate(kinds)]
    segs = author_segments({"thread": {"thread_id": "t"}, "claims": [], "comments": comments, "relations": relations})
    counted = {row[3] for seg in segs.values() for row in seg["relations"]}
    assert counted == set(POSITION_KINDS)
