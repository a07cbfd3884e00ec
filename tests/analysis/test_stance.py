"""Stance: reply → parent and response → quoted claim, with evidence a user can read."""

from __future__ import annotations

import pytest

from argmap.models import ArgumentMap, Claim, Comment, Quote, Thread
from argmap.analysis.stance import FEATURES, StanceSettings, classify_pair, detect_stance, load_params




def kind_of(nlp, parent: str, reply: str, **kw) -> str:
    return classify_pair(nlp(parent), nlp(reply), **kw)[0]


def test_classify_pair_explicit_disagreement_with_cue_sentence(nlp):
    reply = "No, that's not true at all. Taxes don't fund the schools here, you are wrong."
    kind, confidence, evidence = classify_pair(nlp("Taxes fund the schools here."), nlp(reply))
    assert kind == "disagree"
    assert 0.0 < confidence <= 1.0
    assert evidence, "a disagreement must say why"
    for ev in evidence:
        assert reply[ev.start:ev.end] == ev.text


def test_classify_pair_agreement_opener(nlp):
    assert kind_of(nlp, "Cities should plant more trees.", "I agree, trees make streets cooler in summer.") == "agree"
    assert kind_of(nlp, "Cities should plant more trees.", "Exactly! Well said.") == "agree"


def test_classify_pair_agreement_then_contrast_is_partial(nlp):
    kind, _, evidence = classify_pair(nlp("Cities should plant more trees."),
                                      nlp("I agree, but the water bill for new trees is a real problem."))
    assert kind == "partial"
    assert any(ev.kind == "contrast" and "but" in ev.text for ev in evidence)


def test_classify_pair_concessive_while_clause_is_partial(nlp):
    parent = "The government should subsidise nuclear power because it is reliable."
    assert kind_of(nlp, parent, "While it is true that reactors are reliable, the waste problem remains unsolved.") == "partial"
    assert kind_of(nlp, parent, "Whilst you're right about reliability, the cost is the real problem.") == "partial"
    # a temporal "while" with no clause of its own grants nothing
    assert kind_of(nlp, parent, "While reading this I noticed you are right.") != "partial"


def test_classify_pair_stand_corrected_is_concession(nlp):
    kind, _, evidence = classify_pair(nlp("The law passed in 2019, not 2018."),
                                      nlp("I stand corrected, thanks for checking."))
    assert kind == "concession"
    assert evidence[0].kind == "concession"


def test_classify_pair_you_are_right_concedes_only_when_answering_author(nlp):
    parent, reply = "That is not what the study found.", "You're right, I misread the table."
    assert kind_of(nlp, parent, reply, answering_author=True) == "concession"
    assert kind_of(nlp, parent, reply, answering_author=False) == "agree"


def test_classify_pair_negated_shared_predicate_is_evidence(nlp):
    parent = "The vaccine works for older people."
    reply = "The vaccine does not work for older people. The trial showed it clearly."
    kind, _, evidence = classify_pair(nlp(parent), nlp(reply))
    assert kind == "disagree"
    assert any(ev.kind == "negation-overlap" and "not work" in ev.text for ev in evidence)


def test_classify_pair_reply_to_question_with_question_is_not_agreement(nlp):
    assert kind_of(nlp, "Does anyone know when the bridge opens?", "Which bridge do you mean?") != "agree"


def test_load_params_weighs_every_feature():
    params = load_params()
    assert set(params.classes) == {"agree", "disagree", "neutral"}
    assert set(FEATURES) <= set(params.weights), "stance_params.json is stale: run benchmarks/fit_stance.py"
    assert params.partial_as in {"agree", "disagree"}


def _map(comments: list[Comment], quotes=(), claims=()) -> ArgumentMap:
    return ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"), comments=comments,
                       quotes=list(quotes), claims=list(claims))


def _docs(nlp, amap):
    return {c.comment_id: nlp(c.text) for c in amap.comments}


def test_detect_stance_reply_relation_with_provenance(nlp):
    amap = _map([
        Comment(comment_id="t/1", thread_id="t", author="ann", text="Remote work makes teams more productive."),
        Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="bob",
                text="No, that's wrong. Remote work doesn't make teams more productive, it isolates people."),
    ])
    (rel,) = detect_stance(amap, _docs(nlp, amap))
    assert rel.relation_id == "reply:t/2->t/1"
    assert (rel.kind, rel.level, rel.source_author, rel.target_author) == ("disagree", "reply", "bob", "ann")
    text = amap.comment("t/2").text
    assert all(ev.comment_id == "t/2" and text[ev.start:ev.end] == ev.text for ev in rel.evidence)


def test_detect_stance_quote_level_targets_the_quoted_claim(nlp):
    c1 = "Nuclear power is too expensive. Solar is cheaper every year."
    quoted = "Nuclear power is too expensive."
    c2 = quoted + "\n\nI agree, the new plants ran years over budget.\n\n" \
        "Solar is cheaper every year.\n\nThat's not true, storage costs are rising."
    q2_start = c2.index("Solar")
    claims = [Claim(claim_id="t/1#0-31", comment_id="t/1", thread_id="t", author="ann", text=quoted, start=0, end=31),
              Claim(claim_id="t/1#32-60", comment_id="t/1", thread_id="t", author="ann", text=c1[32:60],
                    start=32, end=60)]
    quotes = [
        Quote(quote_id="t/2>q0-31", comment_id="t/2", thread_id="t", start=0, end=31, text=quoted,
              source_comment_id="t/1", source_claim_id="t/1#0-31", score=100.0),
        Quote(quote_id=f"t/2>q{q2_start}", comment_id="t/2", thread_id="t", start=q2_start,
              end=q2_start + 28, text=c2[q2_start:q2_start + 28], source_comment_id="t/1",
              source_claim_id="t/1#32-60", score=100.0),
    ]
    amap = _map([Comment(comment_id="t/1", thread_id="t", author="ann", text=c1),
                 Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="bob", text=c2)],
                quotes, claims)
    rels = {r.target_claim_id: r for r in detect_stance(amap, _docs(nlp, amap)) if r.level == "quote"}
    assert rels["t/1#0-31"].kind == "agree"
    assert rels["t/1#32-60"].kind == "disagree"
    assert rels["t/1#32-60"].evidence[0].kind == "quote"
    # the response to the second quote is judged on its own words, not on the first response
    assert "budget" not in " ".join(ev.text for ev in rels["t/1#32-60"].evidence[1:])


def test_detect_stance_self_reply_is_neutral_and_deleted_is_skipped(nlp):
    amap = _map([
        Comment(comment_id="t/1", thread_id="t", author="ann", text="Rents will fall next year."),
        Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="ann", text="No, I was wrong, they won't fall."),
        Comment(comment_id="t/3", thread_id="t", parent_id="t/1", author=None, text="[deleted]", deleted=True),
    ])
    rels = detect_stance(amap, _docs(nlp, amap))
    assert [(r.source_comment_id, r.kind) for r in rels] == [("t/2", "neutral")]
    assert rels[0].evidence[0].kind == "self-reply"


def test_detect_stance_you_are_right_to_a_rebuttal_is_a_concession(nlp):
    amap = _map([
        Comment(comment_id="t/1", thread_id="t", author="ann", text="The museum is free on Sundays."),
        Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="bob",
                text="It stopped being free last year, the website lists a fee now."),
        Comment(comment_id="t/3", thread_id="t", parent_id="t/2", author="ann",
                text="You're right, I was looking at an old page."),
        Comment(comment_id="t/4", thread_id="t", parent_id="t/2", author="cat",
                text="You're right, the fee started in March."),
    ])
    kinds = {r.source_comment_id: r.kind for r in detect_stance(amap, _docs(nlp, amap))}
    assert kinds["t/3"] == "concession"  # ann gives ground on her own claim
    assert kinds["t/4"] == "agree"  # a bystander agreeing concedes nothing


def test_doc_data_copies_spacy_token_attributes(nlp):
    from argmap.analysis.stance.features import _DocData

    doc = nlp("No, it doesn\u2019t work.  You're wrong!\n\nWhy?")
    data = _DocData(doc)
    assert data.text == doc.text
    for mine, tok in zip(data.tokens, doc, strict=True):
        assert (mine.text, mine.lower_, mine.lemma_, mine.pos_, mine.dep_, mine.idx, mine.head.i) == \
            (tok.text, tok.lower_, tok.lemma_, tok.pos_, tok.dep_, tok.idx, tok.head.i)
        assert (mine.is_alpha, mine.is_stop, mine.is_space, bool(mine.is_sent_start)) == \
            (tok.is_alpha, tok.is_stop, tok.is_space, bool(tok.is_sent_start))
        assert sorted(c.i for c in mine.children) == [c.i for c in tok.children]
        assert sorted(x.i for x in mine.subtree) == [x.i for x in tok.subtree]


def test_detect_stance_uses_kialo_pro_con_labels_as_given(nlp):
    """Kialo files every claim as Pro or Con of its parent: that label is the stance (no guessing
    from the words, which carry no conversational cue); other sources never read ``raw`` this way."""
    from argmap.ingest import read_path

    fixtures = __import__("pathlib").Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
    (amap,) = read_path(fixtures / "kialo_small.txt").maps
    docs = {c.comment_id: nlp(c.text) for c in amap.comments}
    relations = {r.source_comment_id: r for r in detect_stance(amap, docs) if r.level == "reply"}
    by_num = {c.comment_id.rsplit("/", 1)[1]: c for c in amap.comments}
    pro, con = relations[by_num["1.1"].comment_id], relations[by_num["1.1.1"].comment_id]
    assert (pro.kind, pro.confidence, pro.evidence[0].kind) == ("agree", 1.0, "source-label")
    assert (con.kind, con.confidence, con.evidence[0].kind) == ("disagree", 1.0, "source-label")
    # the same comments read from another format are judged by their words
    other = amap.model_copy(update={"thread": amap.thread.model_copy(update={"source_format": "jsonl"})})
    assert all(e.kind != "source-label" for r in detect_stance(other, docs) for e in r.evidence)


def test_feature_settings_change_the_features_they_name(nlp):
    """The thresholds inside the features are settings, not literals: tightening one changes the
    feature it names and nothing else."""
    from argmap.analysis.stance.features import FeatureSettings, _view, analyse_pair

    target, response = _view(nlp("Taxes fund the schools here.")), _view(nlp("No, they do not fund them."))
    default = analyse_pair(target, response).features
    tight = analyse_pair(target, response, FeatureSettings(short_reply_words=5)).features
    assert default["reply_short"] == 1.0 and tight["reply_short"] == 0.0
    assert {n: v for n, v in default.items() if n != "reply_short"} == \
        {n: v for n, v in tight.items() if n != "reply_short"}


def test_doc_data_shares_the_callers_string_table(nlp):
    from argmap.analysis.stance.features import StringTable, _DocData

    strings = StringTable()
    first = _DocData(nlp("You are wrong about taxes."), strings)
    learnt = len(strings.names)
    second = _DocData(nlp("Taxes are wrong, you say?"), strings)
    assert learnt and len(strings.names) > learnt  # the second doc added only its new strings
    alone = _DocData(nlp("Taxes are wrong, you say?"))
    assert [(t.norm, t.lemma_low) for t in second.tokens] == [(t.norm, t.lemma_low) for t in alone.tokens]
    assert first.tokens[0].norm == "you"


def test_read_stance_answers_a_quote_whose_source_is_not_in_the_thread(nlp):
    """A comment quoting the post it answers (not in the thread) still argues with someone's words:
    the stance stage reads the answer to each such quote onto ``Quote.answer``; a quote of a comment
    in the thread gets a relation instead."""
    from argmap.analysis.stance import read_stance

    quoted = "Nuclear power is too expensive to build."
    text = quoted + "\n\nThat's not true, the new plants came in under budget and they run for sixty years."
    quotes = [Quote(quote_id="t/1>q0", comment_id="t/1", thread_id="t", start=0, end=len(quoted), text=quoted)]
    claims = [Claim(claim_id="t/1#c", comment_id="t/1", thread_id="t", author="bob", text=text[len(quoted) + 2:],
                    start=len(quoted) + 2, end=len(text))]
    amap = _map([Comment(comment_id="t/1", thread_id="t", author="bob", text=text)], quotes, claims)
    docs = _docs(nlp, amap)
    reading = read_stance(amap, docs, settings=StanceSettings(method="features"))
    assert reading.relations == []
    (q,) = reading.quotes
    assert q.answer is not None and q.answer.kind == "disagree" and q.answer.confidence > 0.5
    assert detect_stance(amap, docs, settings=StanceSettings(method="features")) == []
    off = read_stance(amap, docs, settings=StanceSettings(method="features", answer_external_quotes=False))
    assert off.quotes[0].answer is None
