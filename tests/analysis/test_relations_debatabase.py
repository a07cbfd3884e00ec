"""The Debatabase corpus reader (argmap.evaluate.debatabase, used by benchmarks/relations_debatabase.py):
row parser and reference stripping, on hand-written rows."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def bench():
    from argmap.evaluate import debatabase

    return debatabase


COMMENTS = """Main topic: This House would tax sugary drinks

Comment 1: A tax cuts consumption, as it did in Mexico.[1] Cheaper water wins.[1] Smith, J., 'Soda taxes', Health Review, 2 May 2016, http://example.org/soda

Comment 2: Taxes on food fall hardest on the poor.

Comment 3: The poor also suffer most from diabetes, so they gain most.[i] Cost matters.[i] Lee, K., 'Diabetes and income', 2014"""

SUMMARIES = """Comment 1 (supports main topic): Taxes cut consumption

Comment 2 (attacks main topic): The tax is regressive

Comment 3 (attacks Comment 2): The poor gain most"""


def test_parse_debate_reads_motion_arguments_and_gold_targets(bench):
    d = bench.parse_debate(COMMENTS, SUMMARIES)
    assert d.topic == "This House would tax sugary drinks"
    assert sorted(d.comments) == [1, 2, 3]
    assert d.comments[2] == "Taxes on food fall hardest on the poor."
    assert d.edges == {1: ("support", None), 2: ("attack", None), 3: ("attack", 2)}


def test_parse_debate_rejects_gold_for_a_missing_argument(bench):
    with pytest.raises(ValueError, match="unknown Comment 7"):
        bench.parse_debate(COMMENTS, SUMMARIES.replace("attacks Comment 2", "attacks Comment 7"))


def test_strip_references_cuts_the_list_and_the_inline_markers(bench):
    d = bench.parse_debate(COMMENTS, SUMMARIES)
    assert bench.strip_references(d.comments[1]) == "A tax cuts consumption, as it did in Mexico. Cheaper water wins."
    assert bench.strip_references(d.comments[3]) == ("The poor also suffer most from diabetes, so they gain most. "
                                                     "Cost matters.")


def test_strip_references_keeps_text_after_a_single_inline_marker(bench):
    text = "Einstein said it was a mistake.[1] The bomb ended the war early."
    assert bench.strip_references(text) == "Einstein said it was a mistake. The bomb ended the war early."


def test_merge_scores_an_argument_in_both_files_once(bench):
    flat = bench.parse_debate(COMMENTS.split("\n\nComment 3")[0], SUMMARIES.split("\n\nComment 3")[0])
    multi = bench.parse_debate(COMMENTS, SUMMARIES)
    debates, conflicts = bench.merge({"flat": [flat], "multi": [multi]})
    args = debates["This House would tax sugary drinks"]
    assert len(args) == 3 and conflicts == 0
    assert args["Taxes on food fall hardest on the poor."].files == {"flat", "multi"}
    third = next(a for a in args.values() if a.files == {"multi"})
    assert (third.gold, third.parent) == ("attack", "Taxes on food fall hardest on the poor.")
