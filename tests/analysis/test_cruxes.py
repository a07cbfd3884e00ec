"""Crux detection: explicit contrasts, normalised poles, sides, and disagreement-based scoring.

Fixtures are small made-up debates on topics unrelated to the seeds (energy, regulation, statistics).
"""

from __future__ import annotations

import re

import pytest

from argmap.analysis.cruxes import CruxClaimSettings, CruxFinder, CruxSettings, find_cruxes
from argmap.analysis.cruxes.ranking import thread_disagreement
from argmap.analysis.cruxes.repeated import find_repeated_objections
from argmap.models import ArgumentMap, Author, Claim, Comment, Evidence, Quote, Relation, Thread
from argmap.nlp import has_parse, load_nlp




def build(nlp, thread_id, comments, relations=(), quotes=()):
    """comments: (id, parent, author, text); relations: (source, target, kind, confidence), or with
    a fifth item, the start of the target's claim the source quotes (a quote-level relation);
    quotes: (comment id, quoted text). One claim per sentence (outside quotes)."""
    amap = ArgumentMap(thread=Thread(thread_id=thread_id, source_format="jsonl"))
    quote_spans = {}
    for cid, quoted in quotes:
        quote_spans.setdefault(f"{thread_id}/{cid}", []).append(quoted)
    for n, (cid, parent, author, text) in enumerate(comments):
        comment_id = f"{thread_id}/{cid}"
        amap.comments.append(Comment(comment_id=comment_id, thread_id=thread_id, author=author, index=n,
                                     parent_id=f"{thread_id}/{parent}" if parent else None, text=text))
        if author is not None and author not in {a.author_id for a in amap.authors}:
            amap.authors.append(Author(author_id=author))
        holes = []
        for quoted in quote_spans.get(comment_id, []):
            s = text.index(quoted)
            holes.append((s, s + len(quoted)))
            amap.quotes.append(Quote(quote_id=f"{comment_id}>q{s}-{s + len(quoted)}", comment_id=comment_id,
                                     thread_id=thread_id, start=s, end=s + len(quoted), text=quoted))
        for m in re.finditer(r"[^.!?]+[.!?]?", text):
            s, e = m.start(), m.end()
            while s < e and text[s].isspace():
                s += 1
            if s >= e or any(hs <= s < he for hs, he in holes):
                continue
            amap.claims.append(Claim(claim_id=f"{comment_id}#{s}-{e}", comment_id=comment_id, thread_id=thread_id,
                                     author=author, text=text[s:e], start=s, end=e))
    by_id = {c.comment_id: c for c in amap.comments}
    for src, tgt, kind, conf, *quoted in relations:
        s, t = by_id[f"{thread_id}/{src}"], by_id[f"{thread_id}/{tgt}"]
        target_claim = next((cl.claim_id for cl in amap.claims if cl.comment_id == t.comment_id
                             and cl.text.startswith(quoted[0])), None) if quoted else None
        amap.relations.append(Relation(relation_id=f"{s.comment_id}->{t.comment_id}" + ("@q" if quoted else ""),
                                       thread_id=thread_id, kind=kind, level="quote" if quoted else "reply",
                                       source_comment_id=s.comment_id, target_comment_id=t.comment_id,
                                       target_claim_id=target_claim, source_author=s.author, target_author=t.author,
                                       confidence=conf))
    docs = {c.comment_id: nlp(c.text) for c in amap.comments}
    return amap, docs


ENERGY = [
    ("1", None, "ana", "The grid should be built on nuclear power. Nuclear power runs through a windless week."),
    ("2", "1", "ben", "I disagree. Solar is far cheaper now and solar farms take a year to build."),
    ("3", "2", "ana", "Cheap is not the point. The real choice is between nuclear power and solar, "
                      "and only one of them works at night."),
    ("4", "3", "cy", "Batteries make solar work at night, so that argument fails."),
]


def test_find_cruxes_names_the_contrast_a_disagreement_turns_on(nlp):
    amap, docs = build(nlp, "energy", ENERGY, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.8),
                                               ("4", "3", "disagree", 0.7)])
    found = find_cruxes(amap, docs)
    assert [c.label for c in found] == ["nuclear power vs solar"]
    crux = found[0]
    sides = {p.concept: p.authors for p in crux.poles}
    assert sides == {"nuclear power": ["ana"], "solar": ["ben", "cy"]}
    assert crux.crux_id == "energy/crux:nuclear-power~solar"
    assert 0 < crux.score < 1


def test_find_cruxes_agreeing_thread_yields_no_crux(nlp):
    amap, docs = build(nlp, "energy", ENERGY, [("2", "1", "agree", 0.9), ("3", "2", "agree", 0.8),
                                               ("4", "3", "agree", 0.7)])
    assert find_cruxes(amap, docs) == []
    # the contrast is still found, it just has nothing to turn on
    assert find_cruxes(amap, docs, settings=CruxSettings(min_score=0.0, min_contrast_disputes=0))[0].score == 0.0



def test_find_cruxes_agreement_dilutes_the_disagreement_down_to_the_floor(nlp):
    amap, docs = build(nlp, "energy", ENERGY, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.8),
                                               ("4", "3", "agree", 0.7)])

    def score(floor):
        (crux,) = find_cruxes(amap, docs, settings=CruxSettings(min_score=0.0, agreement_floor=floor, implicit=False))
        return crux.score

    # agreement about the contrast weighs against its disagreement; a floor of 1 ignores it
    assert score(0.0) < score(0.5) < score(1.0)
    assert CruxSettings().agreement_floor == 0.5

def test_find_cruxes_evidence_points_at_the_contrast_sentence(nlp):
    amap, docs = build(nlp, "energy", ENERGY, [("3", "2", "disagree", 0.8)])
    crux = find_cruxes(amap, docs)[0]
    contrast = [e for e in crux.evidence if e.kind == "contrast-pattern"]
    assert len(contrast) == 1
    ev = contrast[0]
    assert ev.pattern == "between-x-and-y" and ev.comment_id == "energy/3"
    assert amap.comment("energy/3").text[ev.start:ev.end] == ev.text
    assert ev.text.startswith("The real choice is between nuclear power and solar")
    assert ev.claim_id and ev.claim_id.startswith("energy/3#")
    assert any(e.kind == "stance-disagree" and e.comment_id == "energy/3" for e in crux.evidence)


@pytest.mark.parametrize("sentence, poles, pattern", [
    ("We need regulation rather than bans.", ("regulation", "ban"), "x-rather-than-y"),
    ("You keep ignoring the distinction between correlation and causation.", ("correlation", "causation"),
     "between-x-and-y"),
    ("This study shows correlation, not causation.", ("correlation", "causation"), "x-not-y"),
    ("So it will be Ireland putting up the border, not the UK.", ("ireland", "uk"), "x-not-y"),
    ("The answer is not prohibition but harm reduction.", ("prohibition", "harm reduction"), "not-x-but-y"),
    ("You are conflating wealth with income.", ("wealth", "income"), "conflating-x-and-y"),
    ("These are two separate questions: funding and governance.", ("funding", "governance"),
     "distinct-things-x-and-y"),
    ("The question is whether we want tariffs or subsidies.", ("tariff", "subsidy"), "whether-x-or-y"),
    ("The real issue is whether we regulate or ban.", ("regulate", "ban"), "whether-x-or-y"),
    ("Weather and climate are two different things.", ("weather", "climate"), "x-and-y-are-distinct"),
    ("Public transit versus private cars is the whole debate.", ("public transit", "private car"), "x-vs-y"),
    ("We should regulate rather than ban.", ("regulate", "ban"), "x-rather-than-y"),
    ("Weather is different from climate.", ("weather", "climate"), "x-different-from-y"),
    ("Inflation or unemployment?", ("inflation", "unemployment"), "x-or-y-question"),
    ("The whole point is speed as opposed to accuracy.", ("speed", "accuracy"), "x-as-opposed-to-y"),
    # a denial and its correction, in one sentence or two
    ("It is not about money, it is about power.", ("money", "power"), "not-x-it-is-y"),
    ("The levy isn't a tax. It's a fee.", ("tax", "fee"), "not-x-it-is-y"),
    # a gerund subject; the assertion first and the denial after it
    ("Driving a car is not a right. It is a privilege.", ("right", "privilege"), "not-x-it-is-y"),
    ("Driving is a privilege regulated by law, it is not a right.", ("privilege", "right"), "x-it-is-not-y"),
    ("There is no valid comparison between a right and a privilege.", ("right", "privilege"), "between-x-and-y"),
    # a comparison of two things
    ("Human dignity is a more important value than free speech.", ("human dignity", "free speech"), "x-more-than-y"),
    ("Friends are more important than family.", ("friend", "family"), "x-more-than-y"),
    ("Long-duration storage is cheaper than new reactors.", ("long-duration storage", "new reactor"), "x-more-than-y"),
    ("Speed is decided by permitting, not by the technology.", ("permit", "technology"), "x-not-y"),
    # the tagger reads the verb "covers" as a plural compound: against a bare plural, no plural compound
    ("The storage we can afford covers hours, not weeks.", ("hour", "week"), "x-not-y"),
    ("Prevention is cheaper than treatment.", ("prevention", "treatment"), "x-more-than-y"),
    ("Crime is better limited by social pressure than legal sanction.", ("social pressure", "legal sanction"),
     "x-more-than-y"),
    # the second term repeats the preposition of the first
    ("Crime is best fought by education than by prisons.", ("education", "prison"), "x-more-than-y"),
    ("Disputes are settled more fairly by courts than by mobs.", ("court", "mob"), "x-more-than-y"),
])
def test_statements_read_poles_of_each_contrast_pattern(nlp, sentence, poles, pattern):
    found = CruxFinder().statements("c", nlp(sentence))
    assert [(tuple(" ".join(p) for p in s.poles), s.pattern) for s in found] == [(poles, pattern)]


@pytest.mark.parametrize("sentence", [
    "Not only cheap but also clean.",
    "The argument is about how much, not whether.",
    "I liked the talk but not the venue's chairs, honestly.",
    "It went from bad to worse.",
    "Whether or not you agree, read it.",
    "I would rather stay home.",
    "Anyone got the sauce or the video?",
    "Are you going to the shop or to the bank?",
    "Whether it's good or bad, it is happening.",
    "It is not raining. It is a good day.",  # no noun denied
    "The plan is not a tax. See, when you add it up, it is a bargain.",  # the correction must come at once
    "He is not a doctor. He said so.",
    "It is raining, it is not snowing.",  # no noun on either side
    "This is my house, it is not yours.",  # a possessive pronoun is no concept
    "It will still cost some money but not tens of thousands.",  # an amount is no concept
    "It took more than a year.",
    "He is taller than his brother.",  # a pronoun is no concept
    "Long-duration storage and interconnectors cover far more than a few hours.",  # an amount
    "Transmission permits take longer than either option.",  # the options are named elsewhere
    "Well, can't believers do better than this bad example of word play?",  # points back at a post
    "That's the other choice - accepting that animals are less than humans.",  # two subjects: a misparse
])
def test_statements_ignore_sentences_without_two_concepts(nlp, sentence):
    found = CruxFinder().statements("c", nlp(sentence))
    assert [s.poles for s in found if s.pattern != "x-but-not-y"] == []


def _voting_thread(restated: bool):
    """A 44-comment thread where most comments say "right" (the thread's common word), and one
    exchange turns on privilege vs right, stated once or restated in a second comment."""
    comments = [
        ("1", None, "ana", "Voting is a right of every citizen and nobody may take it away."),
        ("2", "1", "ben", "Voting is a privilege regulated by law, it is not a right."),
        ("3", "2", "ana", "No, voting belongs to every citizen and courts have said so for decades."),
        ("4", "3", "ben", "There is no valid comparison between a right and a privilege, and the courts agree with me."
         if restated else "The courts have said nothing of the sort, and you know it."),
    ]
    comments += [(str(k), "1", f"u{k}", f"Reader {k} thinks everyone has a right to speak here.") for k in range(5, 45)]
    return comments, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.9), ("4", "3", "disagree", 0.8)]


def test_find_cruxes_keeps_a_restated_contrast_whose_pole_is_the_threads_common_word(nlp):
    comments, relations = _voting_thread(restated=True)
    amap, docs = build(nlp, "vote", comments, relations)
    labels = [c.label for c in find_cruxes(amap, docs)]
    assert "privilege vs right" in labels, labels
    # the rule it passes: without the restatement exception, the common word "right" sinks it
    off = CruxSettings(restated_comments=99)
    assert "privilege vs right" not in [c.label for c in find_cruxes(amap, docs, settings=off)]


def test_find_cruxes_drops_a_contrast_stated_once_whose_pole_is_the_threads_common_word(nlp):
    comments, relations = _voting_thread(restated=False)
    amap, docs = build(nlp, "vote", comments, relations)
    assert not any(c.form == "concepts" for c in find_cruxes(amap, docs))
    # the same thread below ``pervasive_min_comments``: the contrast is a crux
    amap, docs = build(nlp, "vote", comments[:20], relations)
    assert [c.label for c in find_cruxes(amap, docs) if c.form == "concepts"] == ["privilege vs right"]


def test_find_cruxes_merges_variants_of_a_concept_into_one_crux(nlp):
    comments = [
        ("1", None, "dee", "Audit methods and regulation are different things: audits catch fraud."),
        ("2", "1", "eli", "No. We need more regulation, not audits."),
        ("3", "2", "dee", "Audits versus regulation again? Audits are cheaper."),
        ("4", "3", "eli", "Strict regulaton would have stopped the last scandal."),
    ]
    amap, docs = build(nlp, "audit", comments, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.9),
                                                ("4", "3", "disagree", 0.8)])
    found = find_cruxes(amap, docs)
    assert len(found) == 1, [c.label for c in found]
    crux = found[0]
    assert {p.concept for p in crux.poles} == {"audit", "regulation"}
    assert len([e for e in crux.evidence if e.kind == "contrast-pattern"]) == 3
    regulation = next(p for p in crux.poles if p.concept == "regulation")
    assert "regulaton" in regulation.variants
    assert "eli" in regulation.authors and "dee" not in regulation.authors


def test_find_cruxes_crux_id_does_not_depend_on_pole_order(nlp):
    def crux_id(sentence):
        comments = [("1", None, "fay", "Trains are slow."), ("2", "1", "gus", sentence)]
        amap, docs = build(nlp, "t", comments, [("2", "1", "disagree", 0.9)])
        return find_cruxes(amap, docs)[0].crux_id

    assert crux_id("It is trains versus planes, nothing else.") == crux_id("It is planes versus trains, nothing else.")


def test_find_cruxes_disagreeing_with_one_pole_puts_author_on_the_other(nlp):
    comments = [
        ("1", None, "hal", "Should we fund vaccines or treatment first?"),
        ("2", "1", "ida", "Vaccines prevent the most deaths per dollar."),
        ("3", "2", "jo", "That is wrong, and the numbers you cite are old."),
    ]
    amap, docs = build(nlp, "health", comments, [("3", "2", "disagree", 0.9), ("2", "1", "partial", 0.6)])
    crux = find_cruxes(amap, docs, settings=CruxSettings(min_score=0.0))[0]
    sides = {p.concept: p.authors for p in crux.poles}
    assert sides["vaccine"] == ["ida"]
    assert sides["treatment"] == ["jo"]


def test_find_cruxes_quoted_words_do_not_put_the_quoter_on_a_side(nlp):
    comments = [
        ("1", None, "kim", "Tariffs protect jobs."),
        ("2", "1", "lou", "Tariffs protect jobs. No: it is tariffs versus free trade, and that is the question."),
    ]
    amap, docs = build(nlp, "trade", comments, [("2", "1", "disagree", 0.9)],
                       quotes=[("2", "Tariffs protect jobs.")])
    crux = find_cruxes(amap, docs)[0]
    tariffs = next(p for p in crux.poles if p.concept == "tariff")
    assert tariffs.authors == ["kim"]
    assert all(cid.startswith("trade/1#") for cid in tariffs.claim_ids)


def test_find_cruxes_one_sided_contrast_puts_its_writer_on_the_favoured_pole(nlp):
    comments = [
        ("1", None, "max", "Bans work: cities that banned it saw use fall."),
        ("2", "1", "ned", "We need regulation rather than bans."),
    ]
    amap, docs = build(nlp, "policy", comments, [("2", "1", "disagree", 0.8)])
    crux = find_cruxes(amap, docs)[0]
    assert crux.label == "regulation vs bans"  # named as written; the concept is the lemma
    assert {p.concept: p.authors for p in crux.poles} == {"regulation": ["ned"], "ban": ["max"]}


def test_find_cruxes_without_parse_finds_nothing_rather_than_guessing(nlp):
    import spacy

    blank = spacy.blank("en")
    comments = [("1", None, "oz", "Nuclear versus solar."), ("2", "1", "pat", "Solar, obviously.")]
    amap, _ = build(nlp, "blank", comments, [("2", "1", "disagree", 0.9)])
    docs = {c.comment_id: blank(c.text) for c in amap.comments}
    assert find_cruxes(amap, docs) == []


def test_find_cruxes_statement_that_names_a_disagreement_counts_as_one(nlp):
    framed = [("1", None, "quin", "Our whole disagreement is about inflation versus unemployment, I think.")]
    plain = [("1", None, "quin", "Inflation versus unemployment is an old topic in economics.")]
    amap, docs = build(nlp, "econ", framed)
    assert [c.label for c in find_cruxes(amap, docs)] == ["inflation vs unemployment"]
    amap, docs = build(nlp, "econ", plain)
    assert find_cruxes(amap, docs) == []


def test_find_cruxes_contrast_quoted_from_someone_else_is_not_a_new_statement(nlp):
    comments = [
        ("1", None, "rue", "Speed rather than cost should decide what gets built."),
        ("2", "1", "sam", "Speed rather than cost should decide what gets built. No, cost decides everything."),
    ]
    amap, docs = build(nlp, "build", comments, [("2", "1", "disagree", 0.9)],
                       quotes=[("2", "Speed rather than cost should decide what gets built.")])
    [crux] = find_cruxes(amap, docs)
    assert [e.comment_id for e in crux.evidence if e.kind == "contrast-pattern"] == ["build/1"]
    assert {p.concept: p.authors for p in crux.poles} == {"speed": ["rue"], "cost": ["sam"]}


def test_find_cruxes_claim_denying_a_pole_counts_for_the_other(nlp):
    comments = [
        ("1", None, "tia", "Price rather than quality should decide which supplier we pick."),
        ("2", "1", "uma", "I don't think price is what matters here."),
        ("3", "1", "vic", "We are not paying enough attention to quality."),
    ]
    amap, docs = build(nlp, "buy", comments, [("2", "1", "disagree", 0.8), ("3", "1", "disagree", 0.7)])
    [crux] = find_cruxes(amap, docs)
    sides = {p.concept: p.authors for p in crux.poles}
    # uma denies price (subject of "don't think ... is"), vic only speaks of quality
    assert sides == {"price": ["tia"], "quality": ["uma", "vic"]}
    price = next(p for p in crux.poles if p.concept == "price")
    assert any(cid.startswith("buy/2#") for cid in price.claim_ids)  # uma's claim still speaks to price


@pytest.mark.parametrize("sentence, label, concepts", [
    ("It's a question of supply, not demand.", "supply vs demand", {"supply", "demand"}),
    ("There is a difference between free speech and a right to a platform.", "free speech vs right to platform",
     {"free speech", "right to platform"}),
    # a Latin plural keeps its form: "data" is not lemmatised to "datum" (nor "media" to "medium")
    ("We disagree on whether the bottleneck is compute or data.", "compute vs data", {"compute", "data"}),
    ("Are we optimising for growth or for stability?", "growth vs stability", {"growth", "stability"}),
])
def test_find_cruxes_pole_names(nlp, sentence, label, concepts):
    """A generic "question of" / "matter of" lead is not part of the concept, a "to" complement
    attached to the noun is, and the label shows the words as written while the concept (used to
    merge variants and link cruxes across threads) stays lemmatised."""
    comments = [
        ("1", None, "max", "The policy works and the evidence is clear."),
        ("2", "1", "ned", f"No, that's wrong. {sentence}"),
        ("3", "2", "max", "I disagree, that doesn't matter here."),
    ]
    amap, docs = build(nlp, "names", comments, [("2", "1", "disagree", 0.8), ("3", "2", "disagree", 0.8)])
    # nobody stands on a pole here, so the contrast is reported only with the dispute test off
    (crux,) = [c for c in find_cruxes(amap, docs, settings=CruxSettings(min_contrast_disputes=0))
               if c.form == "concepts"]  # the exchange is also a crux claim
    assert crux.label == label
    assert {p.concept for p in crux.poles} == concepts


@pytest.mark.parametrize("sentence, label", [
    ("Brexit will go ahead, whether it's good or bad for trade.", None),  # an evaluative binomial, no concepts
    ("You appeased Hitler instead of opposing him.", "appeased Hitler vs opposing"),  # the verb comes with its object
    ("Not Ann, but let's give it a try anyway.", None),  # a name is no counterpart of an action
])
def test_find_cruxes_poles_must_be_comparable(nlp, sentence, label):
    comments = [
        ("1", None, "max", "The policy works and the evidence is clear."),
        ("2", "1", "ned", f"No, that's wrong. {sentence}"),
        ("3", "2", "max", "I disagree, that doesn't matter here."),
    ]
    amap, docs = build(nlp, "like", comments, [("2", "1", "disagree", 0.8), ("3", "2", "disagree", 0.8)])
    labels = [c.label for c in find_cruxes(amap, docs) if c.form == "concepts"]
    assert labels == ([label] if label else [])


# --- cruxes v2: cleaner poles, implicit crux claims, sides from own words, ranking ----------------


@pytest.mark.parametrize("sentence, poles", [
    ("This is a question about liberty, not about safety.", ("liberty", "safety")),  # prepositional poles
    ("We should optimise for growth rather than for stability.", ("growth", "stability")),
    ("It is the well-off vs the poor.", ("well-off", "poor")),  # never cut out of a hyphenated word
    ("The media vs the government is the real fight.", ("media", "government")),  # not "medium"
    ("Most Democrats[0] prefer taxes vs spending cuts.", ("taxes", "spending cut")),  # footnote debris
])
def test_statements_poles_are_clean_words(nlp, sentence, poles):
    (st,) = CruxFinder().statements("c", nlp(sentence))
    assert tuple(" ".join(p) for p in st.poles) == poles


def test_mentions_ignore_clitics_whose_lemma_is_a_pole():
    """The "'s" of "let's" has the lemma "us": it is no mention of the US."""
    nlp = load_nlp()
    if not has_parse(nlp):
        pytest.skip("needs the parser")
    comments = [("1", None, "ann", "The US vs China is the only rivalry that matters."),
                ("2", "1", "bob", "Let's not pretend that is true, it is wrong."),
                ("3", "2", "ann", "I disagree, it is obviously right.")]
    amap, docs = build(nlp, "us", comments, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.9)])
    # nobody stands on a pole here, so the contrast is reported only with the dispute test off
    (crux,) = [c for c in find_cruxes(amap, docs, settings=CruxSettings(min_contrast_disputes=0))
               if c.form == "concepts"]
    us = next(p for p in crux.poles if p.concept == "us")
    assert all(not cid.startswith("us/2") for cid in us.claim_ids)


def test_mentions_of_a_frame_pole_include_the_noun_its_adjective_is_made_from(nlp):
    """ "A free, capitalist society" is capitalism: a reply that says "capitalism" speaks to that pole,
    and places its writer there. A quality of a thing that is no frame ("capitalist profits") is not
    mentioned that way, nor a noun the thread never uses."""
    from argmap.analysis.cruxes.mentions import Mentions

    comments = [
        ("1", None, "ann", "It's not a free, capitalist society by any means. It's clearly a feudal order of landlords."),
        ("2", "1", "bob", "Capitalism is not necessarily fair, and capitalism has landlords too."),
        ("3", "2", "ann", "No, landlords who own everything make it feudal, whatever you call it."),
        ("4", "1", "dan", "Capitalists own the landlords anyway."),
    ]
    amap, docs = build(nlp, "cap", comments, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.8)])
    mentions = Mentions(amap, docs, 88.0)
    assert mentions.frame_nouns(("free", "capitalist", "society")) == ["capitalism"]
    assert mentions.frame_nouns(("capitalist", "profit")) == []  # no frame
    assert mentions.frame_nouns(("democratic", "society")) == []  # "democracy" is not in the thread
    def said(concept, cid="cap/2"):
        return [amap.comment(c).text[s:e] for c, s, e, _ in mentions.find(concept) if c == cid]

    assert said(("free", "capitalist", "society")) == ["Capitalism", "capitalism"]
    assert said(("free", "capitalist", "profit")) == []
    # the noun as written: "Capitalists" is a near spelling of "capitalism", and no mention of it
    assert said(("free", "capitalist", "society"), "cap/4") == []
    (crux,) = [c for c in find_cruxes(amap, docs) if c.form == "concepts"]
    society = next(p for p in crux.poles if "society" in p.concept)
    assert society.authors == ["bob"]


PICKLE = [
    ("1", None, "ann", "Pickle is inherently slow for large objects. Use a columnar format instead."),
    ("2", "1", "bob", "That is not true. Pickle speed depends on the implementation and the protocol version."),
    ("3", "2", "ann", "No, even the fastest protocol is slow, the format itself is the bottleneck."),
    ("4", "1", "cat", "I don't buy it. With protocol 5 the implementation decides how fast pickle runs."),
    ("5", "1", "dan", "Agreed, pickle has always been slow for me."),
]
PICKLE_RELATIONS = [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.8), ("4", "1", "disagree", 0.85),
                    ("5", "1", "agree", 0.8)]


def test_a_poster_answering_their_challenger_stays_in_their_camp(nlp):
    """A one-on-one exchange (a CMV post and one challenger): the poster's answer reads as an unsure
    agreement, but the poster goes on holding their view, so the challenger's second sure attack is
    one more attack across the camps and the post's claim is a crux. Someone else answering in the
    poster's place is placed by their own stance edge only: no crux then."""
    def crux_claims(answerer):
        comments = [("1", None, "ann", "Satirists who provoke violent people share the blame for the violence."),
                    ("2", "1", "bob", "Nobody shares the blame for violence against them because of a drawing."),
                    ("3", "2", answerer, "Surely the reaction to a provocation matters to the blame here."),
                    ("4", "3", "bob", "The likely reaction is not the proper reaction, and the blame is theirs.")]
        rels = [("2", "1", "disagree", 0.85), ("3", "2", "agree", 0.5), ("4", "3", "disagree", 0.8)]
        return [c for c in find_cruxes(*build(nlp, "cmv", comments, rels)) if c.form == "claim"]

    [crux] = crux_claims("ann")
    assert crux.label.startswith("Satirists who provoke")
    assert crux.poles[0].authors == ["ann"] and crux.poles[1].authors == ["bob"]
    assert crux_claims("cat") == []


def test_implicit_crux_claim_from_the_disagreement_structure(nlp):
    """Nobody writes the contrast out, but two people dispute one claim and its author defends it:
    the disputed claim is the crux, with its supporters and opponents as sides."""
    amap, docs = build(nlp, "pickle", PICKLE, PICKLE_RELATIONS)
    cruxes = find_cruxes(amap, docs)
    top = cruxes[0]
    assert top.form == "claim"
    assert top.label == "Pickle is inherently slow for large objects."
    assert top.claim_id == next(c.claim_id for c in amap.claims if c.text == top.label)
    assert {p.concept: p.authors for p in top.poles} == {"for": ["ann", "dan"], "against": ["bob", "cat"]}
    assert top.disagreements == 3
    # it explains both attacks on it and half of ann's rebuttal of bob (deeper down, the exchange is
    # about what bob said as much)
    assert top.share == pytest.approx((0.9 + 0.85 + 0.5 * 0.8) / (0.9 + 0.8 + 0.85), abs=1e-4)
    # each side's author is placed by a sentence of their own
    for pole in top.poles:
        assert sorted(e.author for e in pole.evidence) == pole.authors
        for ev in pole.evidence:
            comment = amap.comment(ev.comment_id)
            assert comment.author == ev.author
            assert comment.text[ev.start:ev.end] == ev.text


def test_no_crux_claim_where_everybody_agrees(nlp):
    relations = [(s, t, "agree", c) for s, t, _, c in PICKLE_RELATIONS]
    amap, docs = build(nlp, "pickle", PICKLE, relations)
    assert find_cruxes(amap, docs) == []


def test_no_crux_claim_from_one_attack_or_uncertain_ones(nlp):
    amap, docs = build(nlp, "pickle", PICKLE, [("2", "1", "disagree", 0.9)])
    assert find_cruxes(amap, docs) == []
    amap, docs = build(nlp, "pickle", PICKLE, PICKLE_RELATIONS)
    for rel in amap.relations:
        rel.uncertain = rel.kind == "disagree"
    assert [c for c in find_cruxes(amap, docs) if c.form == "claim"] == []


def test_crux_sides_tie_is_unclear_not_both(nlp):
    comments = [
        ("1", None, "eve", "Nuclear is the answer. Solar is the answer too."),
        ("2", "1", "fox", "I disagree: it is nuclear versus solar, and you cannot have both."),
        ("3", "2", "eve", "That is wrong, you can."),
    ]
    amap, docs = build(nlp, "tie", comments, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.9)])
    (crux,) = [c for c in find_cruxes(amap, docs) if c.form == "concepts"]
    assert "eve" in crux.unclear
    assert all("eve" not in p.authors for p in crux.poles)


def test_cruxes_ranked_by_the_disagreement_they_explain(nlp):
    """Two disputes in one thread: the one with more (and more confident) attacks ranks first, and
    the shares of the reported cruxes add up to at most the whole disagreement."""
    comments = PICKLE + [
        ("6", None, "gil", "Tabs are better than spaces in every codebase."),
        ("7", "6", "hoa", "Not really, tabs are a matter of taste."),
        ("8", "7", "gil", "No, tabs are objectively more accessible."),
    ]
    relations = PICKLE_RELATIONS + [("7", "6", "disagree", 0.6), ("8", "7", "disagree", 0.6)]
    amap, docs = build(nlp, "two", comments, relations)
    cruxes = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert [c.claim_id.split("#")[0] for c in cruxes] == ["two/1", "two/6"]
    assert cruxes[0].share > cruxes[1].share > 0
    assert sum(c.share for c in find_cruxes(amap, docs)) <= 1.0 + 1e-9


def test_contrast_nobody_takes_a_side_on_is_no_crux(nlp):
    """A riddle in passing ("cats vs dogs?") with a quarrel about something else below it: nobody
    stands on either pole, so the contrast is not reported; with the dispute test off it is."""
    comments = [
        ("1", None, "ann", "Quick poll, cats vs dogs? The budget report is late again."),
        ("2", "1", "bob", "The report is late because finance changed the template."),
        ("3", "2", "ann", "No, the template has nothing to do with it."),
    ]
    amap, docs = build(nlp, "riddle", comments, [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.9)])
    assert [c for c in find_cruxes(amap, docs) if c.form == "concepts"] == []
    loose = find_cruxes(amap, docs, settings=CruxSettings(min_contrast_disputes=0))
    assert [c.label for c in loose if c.form == "concepts"] == ["cats vs dogs"]


def test_contrast_with_a_disagreement_across_its_poles_is_a_crux(nlp):
    """One author for each pole and a disagreement between them: a crux even with a single attack."""
    comments = [
        ("1", None, "ann", "Buses vs trams: which should the city fund?"),
        ("2", "1", "bob", "Buses reach every district for the same money."),
        ("3", "2", "cy", "Trams carry far more people per driver, so they win."),
    ]
    amap, docs = build(nlp, "transit", comments, [("3", "2", "disagree", 0.9)])
    (crux,) = [c for c in find_cruxes(amap, docs) if c.form == "concepts"]
    assert {p.concept: p.authors for p in crux.poles} == {"bus": ["bob"], "tram": ["cy"]}


def test_crux_claim_needs_sure_disagreements_and_prose(nlp):
    """Two doubtful half-disagreements ("thanks, though") are no dispute; a log line is no position."""
    weak = build(nlp, "weak", PICKLE[:2] + [PICKLE[3]], [("2", "1", "partial", 0.7), ("4", "1", "partial", 0.7)])
    assert [c for c in find_cruxes(*weak) if c.form == "claim"] == []
    strong = build(nlp, "strong", PICKLE[:2] + [PICKLE[3]], [("2", "1", "disagree", 0.7), ("4", "1", "disagree", 0.7)])
    assert [c.form for c in find_cruxes(*strong)] == ["claim"]
    log_line = [("1", None, "ann", "the build flags are x86_64 darwin14 /usr/lib/py3_4 --enable-shared -O2 -fPIC -Wall -g3"),
                ("2", "1", "bob", "Those build flags are not what the installer uses."),
                ("3", "1", "cat", "No, nobody builds with those flags on a Mac.")]
    amap, docs = build(nlp, "log", log_line, [("2", "1", "disagree", 0.9), ("3", "1", "disagree", 0.9)])
    assert [c for c in find_cruxes(amap, docs) if c.form == "claim"] == []


def test_framing_word_in_a_relative_clause_does_not_frame_the_contrast(nlp):
    """"People who disagree ... X rather than Y" describes people; "our disagreement is about X vs Y"
    frames the contrast as the disagreement."""
    finder = CruxFinder()
    aside = "The people who disagree keep answering the tone rather than the argument."
    framing = "Our disagreement is about regulation vs bans."
    assert [st.framed for st in finder.statements("c", nlp(aside), aside)] == [False]
    assert [st.framed for st in finder.statements("c", nlp(framing), framing)] == [True]


def test_pole_word_far_from_the_contrast_puts_nobody_on_a_side(nlp):
    """Naming a pole in another conversation of the thread is no side of the contrast."""
    comments = [
        ("1", None, "ann", "Buses vs trams: which should the city fund?"),
        ("2", "1", "bob", "Buses reach every district for the same money."),
        ("3", "2", "cy", "Trams carry far more people per driver, so they win."),
        ("4", None, "dee", "Unrelated, but the bus to the stadium was late again today."),
    ]
    amap, docs = build(nlp, "transit", comments, [("3", "2", "disagree", 0.9)])
    (crux,) = [c for c in find_cruxes(amap, docs) if c.form == "concepts"]
    assert {p.concept: p.authors for p in crux.poles} == {"bus": ["bob"], "tram": ["cy"]}


def test_challenging_question_attacks_a_bare_one_does_not(nlp):
    """"Why would pickle be slow when ...?" argues against the claim; "Team pickle?" argues nothing."""
    asked = [PICKLE[0], ("2", "1", "bob", "Why would pickle be slow when the implementation decides its speed?"),
             ("3", "1", "cat", "Have you measured pickle speed for large objects with protocol 5?")]
    relations = [("2", "1", "disagree", 0.8), ("3", "1", "disagree", 0.8)]
    assert [c.form for c in find_cruxes(*build(nlp, "asked", asked, relations))] == ["claim"]
    bare = [PICKLE[0], ("2", "1", "bob", "Team pickle?"), ("3", "1", "cat", "Slow pickle?")]
    assert [c for c in find_cruxes(*build(nlp, "bare", bare, relations)) if c.form == "claim"] == []


def test_reply_that_argues_nothing_takes_no_side(nlp):
    """"Thank you." agreeing with the disputed claim puts nobody among its supporters; an agreement
    that says why does."""
    comments = PICKLE + [("6", "1", "eve", "Thank you."),
                         ("7", "1", "fay", "Right, pickle is slow for big objects in my tests too.")]
    relations = PICKLE_RELATIONS + [("6", "1", "agree", 0.9), ("7", "1", "agree", 0.9)]
    top = find_cruxes(*build(nlp, "thanks", comments, relations))[0]
    assert top.form == "claim"
    assert "fay" in top.poles[0].authors and "eve" not in top.poles[0].authors + top.poles[1].authors


# --- cruxes v3: unsigned debates, nested disputes -----------------------------------------------

DEBATE = [  # an unsigned pro/con debate (as Kialo exports it): every claim is its own voice
    ("1", None, None, "Cities should ban private cars from their centres."),
    ("1.1", "1", None, "A ban hurts the shops that depend on drivers from the suburbs."),
    ("1.1.1", "1.1", None, "Shops in car-free centres earn more, because walkers stop and browse."),
    ("1.1.2", "1.1", None, "Suburban drivers can park at the edge and take a tram into the centre."),
    ("1.1.2.1", "1.1.2", None, "Trams into the centre are too slow for a quick errand."),
    ("1.2", "1", None, "Car traffic is the main source of noise and dirty air in a centre."),
    ("1.3", "1", None, "People with disabilities need private cars to reach the places they visit."),
]
DEBATE_RELATIONS = [("1.1", "1", "disagree", 1.0), ("1.1.1", "1.1", "disagree", 1.0),
                    ("1.1.2", "1.1", "disagree", 1.0), ("1.1.2.1", "1.1.2", "disagree", 1.0),
                    ("1.2", "1", "agree", 1.0), ("1.3", "1", "disagree", 1.0)]


def test_unsigned_debate_has_crux_claims_with_claims_for_sides(nlp):
    """Nobody is named, yet each claim is someone's: the thesis and the objection its defenders
    rebut are crux claims, their sides listed as claims, never as invented authors."""
    amap, docs = build(nlp, "cars", DEBATE, DEBATE_RELATIONS)
    claims = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    labels = [c.label for c in claims]
    assert labels[0] == "Cities should ban private cars from their centres."
    # the objection is disputed in its own right, by two rebuttals: a crux of its own, not a repeat
    assert "A ban hurts the shops that depend on drivers from the suburbs." in labels
    for crux in claims:
        assert all(p.authors == [] for p in crux.poles) and crux.unclear == []
        assert crux.poles[0].claim_ids[0] == crux.claim_id and crux.poles[1].claim_ids
    thesis = claims[0]
    against = {cid.split("#")[0] for cid in thesis.poles[1].claim_ids}
    assert against == {"cars/1.1", "cars/1.3", "cars/1.1.2.1"}  # the rebuttal of a defence is against it too


def test_same_two_people_down_one_chain_is_one_crux(nlp):
    """Two people trading rebuttals down a reply chain have one dispute, not one per reply."""
    comments = [
        ("1", None, "kim", "Remote work makes teams less productive over the long run."),
        ("2", "1", "lee", "That is wrong, remote teams ship just as much according to every survey."),
        ("3", "2", "kim", "Surveys measure what people say, and people overrate their own output."),
        ("4", "3", "lee", "The surveys I mean count shipped tickets, not opinions about output."),
        ("5", "4", "kim", "Counting tickets rewards small tickets, so that measure is gamed too."),
        ("6", "5", "lee", "Then no measure satisfies you, and the claim about productivity cannot be tested."),
    ]
    relations = [(str(i + 1), str(i), "disagree", 0.9) for i in range(1, 6)]
    amap, docs = build(nlp, "remote", comments, relations)
    claims = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert len(claims) == 1
    assert {p.concept: p.authors for p in claims[0].poles} == {"for": ["kim"], "against": ["lee"]}


def test_crux_claim_lists_only_authors_placed_by_their_own_reply(nlp):
    """Agreeing with an attacker two replies down, or partly agreeing, says too little about the
    claim itself: those authors are unclear, not on a side."""
    comments = PICKLE + [
        ("6", "2", "eve", "Right, the implementation decides the speed of any pickle load."),
        ("7", "1", "fay", "Partly true, pickle is slow for large objects but fine for small ones."),
    ]
    relations = PICKLE_RELATIONS + [("6", "2", "agree", 0.9), ("7", "1", "partial", 0.9)]
    amap, docs = build(nlp, "pickle", comments, relations)
    top = next(c for c in find_cruxes(amap, docs) if c.form == "claim")
    assert {p.concept: p.authors for p in top.poles} == {"for": ["ann", "dan"], "against": ["bob", "cat"]}
    assert top.unclear == ["eve", "fay"]
    assert top.size_text() == "6 authors (2 unclear), 4 disagreements"


def test_unsigned_crux_says_how_many_claims_it_covers(nlp):
    amap, docs = build(nlp, "cars", DEBATE, DEBATE_RELATIONS)
    thesis = next(c for c in find_cruxes(amap, docs) if c.form == "claim")
    n = len({cid for p in thesis.poles for cid in p.claim_ids})
    assert thesis.size_text() == f"{n} unsigned claims, {thesis.disagreements} disagreements"


# --- answered quotes, unsigned contrasts ---------------------------------------------------------

def _answered(amap, quote_text, kind, confidence, uncertain=False):
    from argmap.models import QuoteAnswer

    quotes = [q.model_copy(update={"answer": QuoteAnswer(kind=kind, confidence=confidence, uncertain=uncertain)})
              if q.text == quote_text else q for q in amap.quotes]
    return amap.model_copy(update={"quotes": quotes})


POST_QUOTE = "Congestion charges mostly punish poor commuters who have no other way in."
ANSWERING = [
    ("1", None, "dee", POST_QUOTE + "\n\nThe poorest commuters already take the bus, and the charge pays "
                       "for more buses. Drivers into the centre earn well above the median."),
    ("2", None, "dee", "The scheme also needs a discount for carers."),
]


def test_passage_quoted_from_outside_the_thread_and_argued_against_is_a_crux_claim(nlp):
    """The post is not in the thread, but the comment quotes a passage of it and argues against it:
    the passage is a crux claim, the quoting author against it with their own sentence."""
    amap, docs = build(nlp, "cc", ANSWERING, quotes=[("1", POST_QUOTE)])
    assert find_cruxes(amap, docs) == []  # without the stance stage's answer there is no dispute
    (crux,) = find_cruxes(_answered(amap, POST_QUOTE, "disagree", 0.85), docs)
    assert crux.form == "claim" and crux.label == POST_QUOTE
    assert crux.poles[0].authors == [] and crux.evidence[0].kind == "crux-quote" and crux.evidence[0].text == POST_QUOTE
    assert crux.poles[1].authors == ["dee"]
    (why,) = crux.poles[1].evidence
    assert why.author == "dee" and why.text.startswith("The poorest commuters already take the bus")
    assert why.claim_id in crux.poles[1].claim_ids  # the sentence is one of the answer's claims
    assert crux.disagreements == 1 and crux.share == 1.0


@pytest.mark.parametrize("kind, confidence, uncertain", [("agree", 0.9, False), ("partial", 0.9, False),
                                                          ("disagree", 0.35, True)])
def test_quoted_passage_agreed_with_or_doubtfully_answered_is_no_crux(nlp, kind, confidence, uncertain):
    amap, docs = build(nlp, "cc", ANSWERING, quotes=[("1", POST_QUOTE)])
    assert find_cruxes(_answered(amap, POST_QUOTE, kind, confidence, uncertain), docs) == []
    # a disagreement as the answer's most likely reading is enough, sure or not: the writer chose to
    # quote these words and answer them
    (crux,) = find_cruxes(_answered(amap, POST_QUOTE, "disagree", 0.5, True), docs)
    assert crux.poles[1].authors == ["dee"]
    off = CruxFinder(CruxSettings(answered_quotes=False))
    assert off(_answered(amap, POST_QUOTE, "disagree", 0.9), docs) == []


def test_contrast_stated_as_the_disagreement_ranks_above_a_lone_answered_quote(nlp):
    """A statement that names the disagreement it states explains as much disagreement as one sure
    disagreement: it ranks above a single answer to a quoted passage that is less sure."""
    comments = ANSWERING + [("3", None, "dee", "Our disagreement is really about road pricing vs parking levies.")]
    amap, docs = build(nlp, "cc", comments, quotes=[("1", POST_QUOTE)])
    labels = [c.label for c in find_cruxes(_answered(amap, POST_QUOTE, "disagree", 0.8), docs)]
    assert labels == ["road pricing vs parking levies", POST_QUOTE]


UNSIGNED_CONTRAST = [  # an unsigned debate in which one claim states the contrast
    ("1", None, None, "Cities should ban private cars from their centres."),
    ("1.1", "1", None, "Cities should fight congestion with road pricing rather than bans."),
    ("1.1.1", "1.1", None, "Road pricing lets the rich drive on while everyone else is priced out."),
    ("1.1.2", "1.1", None, "Bans are simple to enforce and cost the city nothing."),
]


def test_explicit_contrast_in_an_unsigned_debate_lists_claims_for_its_sides(nlp):
    """Nobody is named, but each claim is someone's: a contrast whose poles unsigned claims take,
    disputed across them, is a crux; its sides list claims, never invented authors."""
    rels = [("1.1", "1", "disagree", 1.0), ("1.1.1", "1.1", "disagree", 1.0), ("1.1.2", "1.1", "disagree", 1.0)]
    amap, docs = build(nlp, "un", UNSIGNED_CONTRAST, rels)
    crux = next(c for c in find_cruxes(amap, docs) if c.form == "concepts")
    assert crux.label == "road pricing vs bans"
    assert all(p.authors == [] for p in crux.poles) and crux.unclear == []
    assert all(p.claim_ids for p in crux.poles)
    assert "unsigned claim" in crux.size_text()


def test_x_not_y_sets_y_against_the_subject_of_the_same_kind(nlp):
    """"Physical harm is the basis, not verbal harm": the contrast is physical vs verbal harm, not
    the predicate before the comma; a predicate of another kind than the subject stays the pole."""
    finder = CruxFinder()
    poles = [st.poles for st in finder.statements("x", nlp("Physical harm is the basis, not verbal harm."))]
    assert poles == [(("physical", "harm"), ("verbal", "harm"))]
    poles = [st.poles for st in finder.statements("x", nlp("The question is about correlation, not causation."))]
    assert poles == [(("correlation",), ("causation",))]



def test_same_passage_quoted_by_several_comments_is_one_crux_with_both_sides(nlp):
    """The article's line a thread argues with: each answer is a side of one crux, not a crux each."""
    comments = ANSWERING + [
        ("3", None, "eli", POST_QUOTE.upper() + "\n\nExactly, and the article shows the numbers for it."),
        ("4", None, "fay", POST_QUOTE + "\n\nRubbish: bus fares stay the same and the buses get faster."),
    ]
    amap, docs = build(nlp, "cc", comments, quotes=[("1", POST_QUOTE), ("3", POST_QUOTE.upper()),
                                                   ("4", POST_QUOTE)])
    amap = _answered(amap, POST_QUOTE, "disagree", 0.8)
    amap = _answered(amap, POST_QUOTE.upper(), "agree", 0.9)
    (crux,) = find_cruxes(amap, docs)
    assert crux.poles[0].authors == ["eli"] and crux.poles[1].authors == ["dee", "fay"]
    assert crux.disagreements == 2 and {e.author for e in crux.poles[1].evidence} == {"dee", "fay"}
    assert crux.size_text() == "3 authors, 2 disagreements"


def test_a_negative_question_states_the_position_its_replies_dispute(nlp):
    """"Isn't the pickle format slow for large objects?" asserts that pickle is slow: when the replies
    argue with it, it is the disputed claim, not the post's aside."""
    comments = [("1", None, "ann", "I moved our cache last week. Isn't the pickle format inherently slow for large objects?")]
    comments += PICKLE[1:]
    crux = next(c for c in find_cruxes(*build(nlp, "pk", comments, PICKLE_RELATIONS)) if c.form == "claim")
    assert crux.label == "Isn't the pickle format inherently slow for large objects?"


def test_one_quoting_reply_does_not_decide_what_many_replies_dispute(nlp):
    """Quote-level attacks pick the disputed claim only when they are a good part of the attacks:
    one reply quoting an aside of a post that three replies argue with does not decide."""
    comments = [
        ("1", None, "ann", "Pickle is inherently slow for large objects. I admit I mostly use it out of habit."),
        ("2", "1", "bob", "No, pickle speed for large objects depends on the protocol version."),
        ("3", "1", "cat", "Wrong, large objects pickle fast with protocol five."),
        ("4", "1", "dan", "Not true at all: slow pickle on large objects is an old implementation problem."),
        ("5", "1", "eve", "I mostly use it out of habit too, habits are hard to break, that's no excuse."),
        ("6", "2", "ann", "No, even protocol five is slow for large objects, the format is the bottleneck."),
    ]
    rels = [("2", "1", "disagree", 0.9), ("3", "1", "disagree", 0.85), ("4", "1", "disagree", 0.8),
            ("6", "2", "disagree", 0.8), ("5", "1", "disagree", 0.9, "I admit")]
    amap, docs = build(nlp, "pq", comments, rels)
    assert next(r for r in amap.relations if r.level == "quote").target_claim_id.startswith("pq/1#")
    crux = next(c for c in find_cruxes(amap, docs) if c.form == "claim")
    assert crux.label == "Pickle is inherently slow for large objects."
    # when the quoting attacks are most of the dispute, they decide
    only = amap.model_copy(update={"relations": [r for r in amap.relations if r.source_comment_id in {"pq/5", "pq/2", "pq/6"}]})
    crux = next(c for c in find_cruxes(only, docs) if c.form == "claim")
    assert crux.label.startswith("I admit I mostly use it")


CHOICE = [  # a post, a reply stating a contrast, and a rebuttal of it
    ("1", None, "ana", "What should the grid be built on?"),
    ("2", "1", "ben", "The real choice is between nuclear and solar. Solar is far cheaper now."),
    ("3", "2", "cy", "I disagree. Nuclear runs through the night."),
]


def test_other_replies_to_the_post_are_not_the_exchange_around_a_contrast(nlp):
    """Two hops from a reply through the post would reach every other reply to the post: a word
    of a contrast's pole there is another conversation and puts nobody on a side."""
    comments = CHOICE + [("4", "1", "dee", "Solar is overrated and the panels on my roof are ugly.")]
    amap, docs = build(nlp, "ex", comments, [("3", "2", "disagree", 0.9)])
    crux = next(c for c in find_cruxes(amap, docs) if c.label == "nuclear vs solar")
    assert "dee" not in crux.participants and "ben" in crux.participants


def test_evaluative_comparison_favours_a_pole_and_a_reply_to_it_answers_that_pole(nlp):
    """"Friends are more important than family" puts its writer on "friends"; disagreeing with that
    statement (which names both poles) leans the other way, as with "X rather than Y"."""
    comments = [
        ("1", None, "ana", "Who belongs in the inner circle when someone grieves?"),
        ("2", "1", "ben", "Friends are more important than family."),
        ("3", "2", "cy", "No way, the people who raised you come first."),
    ]
    amap, docs = build(nlp, "ev", comments, [("3", "2", "disagree", 0.9)])
    crux = next(c for c in find_cruxes(amap, docs) if c.form == "concepts")
    assert crux.label == "friends vs family"
    assert crux.poles[0].authors == ["ben"] and crux.poles[1].authors == ["cy"]
    assert [st.favours for st in CruxFinder().statements("x", nlp("Coal is worse than gas."))] == [1]
    assert [st.favours for st in CruxFinder().statements("x", nlp("Rome is older than Paris."))] == [None]


@pytest.mark.parametrize("sentence, favours", [
    ("Crime is better limited by social pressure than legal sanction.", 0),
    ("Crime is best fought by education than by prisons.", 0),
    ("Disputes are settled more fairly by courts than by mobs.", 0),
    ("Hate speech is worse handled by laws than by social pressure.", 1),
    ("I walked more by the river than by the road.", None),  # compares, evaluates nothing
])
def test_a_comparison_through_a_verb_favours_the_pole_its_comparative_praises(nlp, sentence, favours):
    assert [st.favours for st in CruxFinder().statements("x", nlp(sentence))] == [favours]


def test_an_evaluative_comparison_that_objects_to_what_it_answers_is_a_crux(nlp):
    """"X is better than Y" as a sure rebuttal says that what it rebuts stands for Y: the two sides
    of the contrast have met even when only one voice disputes it. The same comparison agreeing
    with what it answers, or only comparing ("more by the river than by the road"), is no crux."""
    def cruxes(reply, kind):
        comments = [("1", None, None, "Hate speech should be banned by law."),
                    ("2", "1", None, reply),
                    ("3", "2", None, "Yes, and people can still speak up against it."),
                    ("4", "2", None, "Right, shame works where a fine does not.")]
        rels = [("2", "1", kind, 0.9), ("3", "2", "agree", 0.9), ("4", "2", "agree", 0.9)]
        found = [c for c in find_cruxes(*build(nlp, "ob", comments, rels)) if c.form == "concepts"]
        if found:  # the unsigned comparison's own claim stands on the pole it favours
            assert found[0].poles[0].claim_ids == ["ob/2#0-69"] and found[0].poles[1].claim_ids == []
        return [c.label for c in found]

    assert cruxes("Hate speech is better limited by social pressure than legal sanction.", "disagree") == [
        "social pressure vs legal sanction"]
    assert cruxes("Hate speech is better limited by social pressure than legal sanction.", "agree") == []
    assert cruxes("Hate speech is limited more by social pressure than by legal sanction.", "disagree") == []


def test_a_short_claim_about_that_is_never_the_disputed_claim(nlp):
    """"That makes no sense." is about something said elsewhere: the dispute is about the comment's
    own position, even when the replies share its words."""
    comments = [
        ("1", None, "ann", "That makes no sense. Pickle is far too slow."),
        ("2", "1", "bob", "It makes perfect sense, the speed depends on the protocol."),
        ("3", "2", "ann", "No, the speed of every protocol is poor, it makes no difference."),
        ("4", "1", "cat", "It makes sense to me, with protocol 5 the implementation decides the speed."),
        ("5", "1", "dan", "Agreed, pickle has always been slow for me."),
    ]
    crux = next(c for c in find_cruxes(*build(nlp, "pt", comments, PICKLE_RELATIONS)) if c.form == "claim")
    assert crux.label == "Pickle is far too slow."


def test_a_story_told_puts_nobody_on_a_pole(nlp):
    """"My solar panels broke last winter." mentions a pole, but tells what happened: its writer
    takes no side in the contrast."""
    comments = CHOICE + [("4", "2", "dee", "My solar panels broke last winter.")]
    amap, docs = build(nlp, "st", comments, [("3", "2", "disagree", 0.9)])
    crux = next(c for c in find_cruxes(amap, docs) if c.label == "nuclear vs solar")
    assert "dee" not in crux.participants and {"ben", "cy"} <= set(crux.participants)


def test_agreeing_with_a_long_post_without_a_word_on_its_disputed_claim_is_unclear(nlp):
    """"Thank you for sharing." under a long post agrees with the post, not with the one claim of it
    that is disputed: its writer is unclear. A reply that speaks to the claim, and any reply to a
    short comment, still places its writer."""
    post = ("Pickle is inherently slow for large objects. Use a columnar format instead. "
            "I measured this at work last year. Our nightly job went from an hour to ten minutes.")
    comments = [("1", None, "ann", post)] + PICKLE[1:4] + [
        ("5", "1", "dan", "Thank you so much for writing this up."),
        ("6", "1", "eve", "Agreed, pickle gets slow once objects are large."),
        ("7", "2", "fay", "You are completely wrong about that."),
    ]
    relations = PICKLE_RELATIONS[:3] + [("5", "1", "agree", 0.8), ("6", "1", "agree", 0.8), ("7", "2", "disagree", 0.8)]
    amap, docs = build(nlp, "pickle", comments, relations)
    top = next(c for c in find_cruxes(amap, docs) if c.form == "claim")
    assert top.label == "Pickle is inherently slow for large objects."
    assert {p.concept: p.authors for p in top.poles} == {"for": ["ann", "eve", "fay"], "against": ["bob", "cat"]}
    assert "dan" in top.unclear and "dan" not in {e.author for p in top.poles for e in p.evidence}
    # a quote of the claim says what the reply takes a side on, whatever its words
    quoting = comments[:4] + [("5", "1", "dan", "> Pickle is inherently slow for large objects.\n\nThank you so much.")]
    amap, docs = build(nlp, "pickle", quoting, PICKLE_RELATIONS[:3] + [("5", "1", "agree", 0.8, "Pickle")],
                       quotes=[("5", "> Pickle is inherently slow for large objects.")])
    top = next(c for c in find_cruxes(amap, docs) if c.form == "claim")
    assert "dan" in top.poles[0].authors


def _disputed_label(nlp, thread_id, post):
    """The label of the claim crux of a post answered by four replies about pickle protocol versions
    (three attacks, one agreement)."""
    comments = [
        ("1", None, "ann", post),
        ("2", "1", "bob", "Wrong, pickle is slow whatever protocol version you pick."),
        ("3", "2", "ann", "No, the protocol version decides how fast pickle runs."),
        ("4", "1", "cat", "I don't buy it, every pickle protocol version is slow."),
        ("5", "1", "dan", "Agreed, the protocol version decides the speed of pickle."),
    ]
    return next(c for c in find_cruxes(*build(nlp, thread_id, comments, PICKLE_RELATIONS)) if c.form == "claim").label


@pytest.mark.parametrize("about_you", [
    "So you think every pickle protocol version is slow.",
    "I guess you just assumed that every pickle protocol version is slow.",
    "It sounds like your objection is to every pickle protocol version being slow.",
])
def test_a_claim_about_what_the_addressee_thinks_is_never_the_disputed_claim(nlp, about_you):
    """"So you think X" says what the person answered thinks, not how things are: the dispute is
    about the comment's own position. A generic "you" stating how things are is a position."""
    assert _disputed_label(nlp, "you", f"{about_you} Pickle speed depends on the protocol version.") == \
        "Pickle speed depends on the protocol version."


@pytest.mark.parametrize("sentence, about_you", [
    ("So you don't agree with the author.", True),
    ("You want to get caught up in this as a tactic.", True),
    ("It sounds like a lot of your objection is to the general argument.", True),
    ("Your point about pickle is wrong.", True),
    ("If you say something rude to a bully, you should have anticipated the outcome.", False),
    ("You can't have fair elections if money decides them.", False),
    ("If you think pickle is fast, you should measure it.", False),
    ("Pickle is inherently slow for large objects.", False),
])
def test_about_the_addressee_reads_the_main_clause(nlp, sentence, about_you):
    from types import SimpleNamespace

    from argmap.analysis.cruxes.claims import _about_the_addressee

    claim = SimpleNamespace(start=0, end=len(sentence))
    assert _about_the_addressee(nlp(sentence), claim) is about_you


@pytest.mark.parametrize("sentence, position", [
    ("Someone told me about it.", False),  # a past event told
    ("The ban did not save a single life.", True),  # a past fact denied is disputable
    ("The ban was useless.", True),  # a past judgement: a copula with its attribute
    ("Pickle does not scale to large objects.", True),  # "does": the present
    ("Think of the good times.", False),  # what the reader should do
    ("Pickle is inherently slow for large objects.", True),
    ("Debate Club - Captain (12th Grade), member of the regional team.", False),  # a list entry: no verb
    ("Definitely not in my experience.", False),  # an aside with no verb
    ("Nuclear power is the safest source per terawatt-hour.", True),
])
def test_states_a_position_reads_the_root_verb(nlp, sentence, position):
    from types import SimpleNamespace

    from argmap.analysis.cruxes.claims import states_a_position

    claim = SimpleNamespace(start=0, end=len(sentence))
    assert states_a_position(nlp(sentence), claim) is position


@pytest.mark.parametrize("sentence, reports", [
    ("A lot of people in my school say that the weather in Ithaca is terrible.", True),
    ("My friends told me that the dorms are too small.", True),
    ("I've read that the exam is curved.", True),
    ("I say that the weather in Ithaca is terrible.", False),  # the writer's own claim
    ("The study says that the weather in Ithaca is terrible.", False),  # a source the writer cites
    ("The weather in Ithaca is terrible.", False),
])
def test_a_claim_reporting_what_people_say_is_not_its_writers_position(nlp, sentence, reports):
    from types import SimpleNamespace

    from argmap.analysis.cruxes.claims import _reports_others

    claim = SimpleNamespace(start=0, end=len(sentence))
    assert _reports_others(nlp(sentence), claim) is reports


def test_a_crux_claim_its_writer_reports_lists_them_unclear(nlp):
    """ana reports what people at her school say; ben and cy dispute it. The claim is a crux, but ana
    wrote down others' view: she is unclear, not for it."""
    comments = [("1", None, "ana", "A lot of people at my school say that the winters in Ithaca are unbearable."),
                ("2", "1", "ben", "The winters in Ithaca are cold but far from unbearable with a good coat."),
                ("3", "1", "cy", "Ithaca winters are not unbearable, people just exaggerate the cold.")]
    amap, docs = build(nlp, "winter", comments, [("2", "1", "disagree", 0.8), ("3", "1", "disagree", 0.8)])
    [crux] = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert {p.concept: p.authors for p in crux.poles} == {"for": [], "against": ["ben", "cy"]}
    assert "ana" in crux.unclear


def test_sentence_of_labels_an_opening_clause_with_its_sentence_and_stops_at_a_blank_line(nlp):
    from types import SimpleNamespace

    from argmap.analysis.cruxes.claims import _sentence_of

    text = ("Things that can happen will happen eventually, but meanwhile a lot of other stuff might happen that "
            "changes how the path-dependent things play out over the coming decades")
    doc = nlp(text)
    opening = SimpleNamespace(start=0, end=text.index(", but"), text=text[:text.index(", but")])
    assert _sentence_of(doc, opening, 120) == text  # the caller cuts it at the limit with "…"
    # a clause in the middle of a long sentence is labelled by itself
    middle = text.index("meanwhile")
    inner = SimpleNamespace(start=middle, end=len(text), text=text[middle:])
    assert _sentence_of(doc, inner, 120) == text[middle:]
    # a blank line ends the label even where the parser runs the sentence on
    text = 'Or, more completely: "sure, X will happen, but later?")\n\nI am curious how that feels.'
    doc = nlp(text)
    claim = SimpleNamespace(start=0, end=text.index(", but"), text=text[:text.index(", but")])
    assert _sentence_of(doc, claim, 120) == text[:text.index("\n\n")]


def test_content_words_take_a_plural_off_a_name_the_lemmatiser_left_whole(nlp):
    from argmap.analysis.cruxes.claims import _content

    claim = _content(nlp("Speed is still the differentiator on iPhones."))
    reply = _content(nlp("Which iphone did you switch to?"))
    assert claim & reply == {"iphone"}
    # a double "s", "-us", "-is", and a lemma the lemmatiser changed, are left alone
    assert {"process", "campus", "analysis", "bus"} <= _content(nlp("The analysis of processes, buses and a campus."))


@pytest.mark.parametrize("sentence, hedge", [
    ("I suspect this way of looking at it is still somewhat simplistic, so feel free to prove me wrong.", True),
    ("Please change my view.", True),
    ("I could be wrong about this.", True),
    ("Convince me otherwise.", True),
    ("Feel free to correct me.", True),
    ("You will never convince me that pickle is fast.", False),  # a refusal
    ("This data proves me right.", False),
    ("I suspect every pickle protocol version is slow, so feel free to prove me wrong.", False),  # the matter
    ("I could be wrong, but pickle is slow for large objects.", False),
    ("Pickle is inherently slow for large objects.", False),
])
def test_hedge_reads_an_invitation_to_challenge_the_writer(nlp, sentence, hedge):
    from types import SimpleNamespace

    from argmap.analysis.cruxes.claims import _hedge

    claim = SimpleNamespace(start=0, end=len(sentence))
    assert _hedge(nlp(sentence), claim) is hedge


def test_a_hedge_is_never_the_disputed_claim(nlp):
    """The poster's "prove me wrong" line shares the replies' words, but it is about the poster's
    confidence: the disputed claim is the position next to it."""
    post = ("Pickle speed is about the protocol. I suspect this way of looking at slow pickle protocol versions is "
            "simplistic, so feel free to prove me wrong.")
    assert _disputed_label(nlp, "hedge", post) == "Pickle speed is about the protocol."


OBJECTION = [
    ("1", None, "ana", "Pickle is inherently slow for large numeric arrays."),
    ("2", "1", "ben", "No, pickle speed depends on the protocol and the implementation you choose."),
    ("3", "2", "cy", "The protocol choice changes little, every implementation copies each array twice."),
]
OBJECTION_RELATIONS = [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.9)]


def test_an_objection_attacked_by_another_voice_is_a_crux_claim_of_its_own(nlp):
    """ben objects to ana, and cy attacks the objection: ben's claim is disputed by two voices (ana,
    whose claim it contradicts, and cy), a crux of its own below ana's."""
    amap, docs = build(nlp, "obj", OBJECTION, OBJECTION_RELATIONS)
    claims = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert [c.label for c in claims] == [OBJECTION[0][3], OBJECTION[1][3]]
    objection = claims[1]
    # cy is placed by his own attack, ana only through ben's reply: unclear
    assert {p.concept: p.authors for p in objection.poles} == {"for": ["ben"], "against": ["cy"]}
    assert objection.unclear == ["ana"] and objection.disagreements == 2
    # cy's attack is half explained by ana's crux above; the objection explains the other half
    # (its share is what it explains beyond the cruxes above it, not only what none of them touch)
    cy = next(r for r in amap.relations if r.source_comment_id.endswith("/3"))
    assert objection.share == pytest.approx(0.5 * cy.confidence / thread_disagreement(amap), abs=1e-4)
    assert claims[0].share + objection.share <= 1.0 + 1e-9
    # the answered claim is against the objection
    assert {cid.split("#")[0] for cid in objection.poles[1].claim_ids} == {"obj/1", "obj/3"}
    # without objections counting, only ana's claim is a crux claim
    settings = CruxSettings(claims=CruxClaimSettings(objections=False))
    assert [c.label for c in find_cruxes(amap, docs, settings=settings) if c.form == "claim"] == [OBJECTION[0][3]]


def test_an_objection_answered_only_by_the_writer_it_objects_to_is_that_writers_dispute(nlp):
    """ana answering ben's objection herself is one back-and-forth of two people: ana's crux."""
    comments = OBJECTION[:2] + [("3", "2", "ana", OBJECTION[2][3])]
    amap, docs = build(nlp, "obj2", comments, OBJECTION_RELATIONS)
    claims = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert [c.label for c in claims] == [OBJECTION[0][3]]


def test_a_stance_its_writer_labelled_is_about_what_it_answers(nlp):
    """A Kialo con that shares no word with the claim it answers is no misread stance: it splits the
    camps, where a guessed stance sharing no word does not."""
    comments = [
        ("1", None, None, "Schools should allow chatbots for homework."),
        ("1.1", "1", None, "Working with other people is sometimes a form of cheating."),
        ("1.1.1", "1.1", None, "Exams where books are allowed test what a student can find and use."),
    ]
    relations = [("1.1", "1", "disagree", 1.0), ("1.1.1", "1.1", "disagree", 1.0)]
    amap, docs = build(nlp, "label", comments, relations)
    assert [c for c in find_cruxes(amap, docs) if c.form == "claim"] == []
    for rel in amap.relations:
        rel.evidence = [Evidence(kind="source-label", text="Con: (Kialo)", comment_id=rel.source_comment_id)]
    labels = [c.label for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert comments[1][3] in labels


CORROBORATED = [
    ("1", None, "ana", "Money in politics makes American elections unfair to most candidates."),
    ("2", "1", "ben", "What makes you think money decides who can run in American elections?"),
    ("3", "2", "ana", "Candidates without money never reach the voters, so elections are unfair."),
    ("4", "3", "ben", "Plenty of candidates without money reach voters and win local elections."),
]


def test_an_unsure_attack_its_writer_repeats_surely_below_splits_the_camps(nlp):
    """ben's first attack on ana reads as unsure (0.55), but two replies down ben attacks ana again,
    surely: the opposition is no misreading, so ana's claim is a crux with ben against it. Where ben's
    sure attack is on someone else, or the switch is off, the unsure attack stays out."""
    rels = [("2", "1", "disagree", 0.55), ("3", "2", "disagree", 0.8), ("4", "3", "disagree", 0.8)]
    amap, docs = build(nlp, "money", CORROBORATED, rels)
    [crux] = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert crux.label == CORROBORATED[0][3]
    assert {p.concept: p.authors for p in crux.poles} == {"for": ["ana"], "against": ["ben"]}
    assert crux.disagreements == 3
    off = CruxSettings(claims=CruxClaimSettings(corroborated_floor=None))
    assert [c for c in find_cruxes(amap, docs, settings=off) if c.form == "claim"] == []
    # ben's sure attack is on cy, who answered in ana's place: nothing corroborates the unsure one
    other = CORROBORATED[:2] + [("3", "2", "cy", CORROBORATED[2][3]), CORROBORATED[3]]
    amap, docs = build(nlp, "money2", other, rels)
    assert [c for c in find_cruxes(amap, docs) if c.form == "claim"] == []


CONCEDED = [
    ("1", None, "ana", "School uniforms make students more disciplined in class."),
    ("2", "1", "ben", "Discipline in class comes from teachers, and uniforms do not change how students behave."),
    ("3", "2", "ana", "Fair point, I had not thought about the teachers. You changed my view."),
]


def test_an_attack_its_target_concedes_is_a_dispute_of_two(nlp):
    """ben attacks ana's claim once, surely (or with a sure "yes, but"), and ana concedes in her reply
    to him: a settled disagreement between two voices, a crux with ana (who wrote the claim) for it
    and ben against.
    Without the concession (ana answers neutrally), or with the rule off, one attack is no dispute."""
    rels = [("2", "1", "disagree", 0.8), ("3", "2", "concession", 0.5)]
    amap, docs = build(nlp, "uniform", CONCEDED, rels)
    [crux] = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert crux.label == CONCEDED[0][3]
    assert {p.concept: p.authors for p in crux.poles} == {"for": ["ana"], "against": ["ben"]}
    assert crux.disagreements == 1
    # a partial attack ("yes, but ...") weighs half, far below ``min_dispute``; conceded, it is settled
    amap, docs = build(nlp, "uniform1", CONCEDED, [("2", "1", "partial", 0.8), rels[1]])
    assert [c.label for c in find_cruxes(amap, docs) if c.form == "claim"] == [CONCEDED[0][3]]
    off = CruxSettings(claims=CruxClaimSettings(conceded_floor=None))
    assert [c for c in find_cruxes(amap, docs, settings=off) if c.form == "claim"] == []
    amap, docs = build(nlp, "uniform2", CONCEDED, [rels[0], ("3", "2", "neutral", 0.8)])
    assert [c for c in find_cruxes(amap, docs) if c.form == "claim"] == []
    # a concession by someone else than the attacked writer settles nothing between them
    other = CONCEDED[:2] + [("3", "2", "cy", CONCEDED[2][3])]
    amap, docs = build(nlp, "uniform3", other, rels)
    assert [c for c in find_cruxes(amap, docs) if c.form == "claim"] == []


def test_a_clause_cut_from_a_sentence_is_read_by_its_own_root(nlp):
    """The claims stage cuts "This is a fine argument: but how can you have fair elections if money
    decides them?" into two clauses. The question has no ROOT token of its own, but its head verb is
    its root: it is a rhetorical question (a candidate), and the attack's words point at it rather
    than at the praise before it, and its label leaves that praise out."""
    text = "This is a fine argument you made: but how can you have fair elections if money decides them?"
    comments = [("1", None, "ana", text),
                ("2", "1", "ben", "Money does not decide elections, voters decide elections."),
                ("3", "2", "ana", "Money buys the ads that decide which candidates voters hear about.")]
    rels = [("2", "1", "disagree", 0.9), ("3", "2", "disagree", 0.8)]
    amap, docs = build(nlp, "clause", comments, rels)
    cid = "clause/1"
    cut = text.index(": but") + 2
    amap.claims = [c for c in amap.claims if c.comment_id != cid] + [
        Claim(claim_id=f"{cid}#0-{cut - 2}", comment_id=cid, thread_id="clause", author="ana", text=text[:cut - 2],
              start=0, end=cut - 2),
        Claim(claim_id=f"{cid}#{cut + 4}-{len(text)}", comment_id=cid, thread_id="clause", author="ana",
              text=text[cut + 4:], start=cut + 4, end=len(text), kind="question")]
    [crux] = [c for c in find_cruxes(amap, docs) if c.form == "claim"]
    assert crux.claim_id == f"{cid}#{cut + 4}-{len(text)}"
    # the praise before it shares no content word with it: the label is the question alone
    assert crux.label == text[cut + 4:]


def test_a_clause_label_keeps_a_lead_in_it_goes_on_with(nlp):
    """"Wind and solar are intermittent, and batteries only cover a few hours.": the clause goes on
    with its lead-in ("and"), so the label is the whole sentence; after "Fair point, but" it is not."""
    from argmap.analysis.cruxes.claims import _sentence_of
    for text, whole in [("Wind and solar are intermittent, and batteries only cover a few hours.", True),
                        ("Fair point you made, but batteries only cover a few hours.", False)]:
        doc = nlp(text)
        start = text.index("batteries")
        claim = Claim(claim_id=f"t#{start}", comment_id="t", thread_id="t", text=text[start:], start=start,
                      end=len(text))
        assert _sentence_of(doc, claim, 120) == (text if whole else text[start:])


REPEATED = [
    ("1", None, None, "Children need a father at home."),
    ("2", "1", None, "Children of single mothers drop out of school more often."),
    ("3", "1", None, "Boys without fathers are more often in trouble with the police."),
    ("4", "2", None, "A correlation between these two is not necessarily cause and effect."),
    ("5", "3", None, "A correlation between these two is not necessarily cause and effect!"),
]


def test_an_objection_raised_against_several_claims_is_a_crux(nlp):
    """The same objection, word for word (case, spacing and punctuation aside), surely attacks two
    different claims: each use alone is one attack, but together they are a repeated dispute on one
    ground, a crux claim of its own (Kialo links one con under several statistics). Its writers are
    for it, the claims it answers against it; neither those claims nor it is dropped as a repeat of
    the other. Used against one claim only, or read unsure, or with the rule off, it is no crux."""
    rels = [("4", "2", "disagree", 0.9), ("5", "3", "disagree", 0.9)]
    amap, docs = build(nlp, "rep", REPEATED, rels)
    cruxes = [c for c in find_cruxes(amap, docs) if c.crux_id.startswith("rep/crux-repeated:")]
    [crux] = cruxes
    assert crux.label == REPEATED[3][3]
    assert crux.disagreements == 2
    for_, against = crux.poles
    assert (for_.concept, against.concept) == ("for", "against")
    # unsigned voices are counted, never listed: each side lists its claims
    assert for_.authors == against.authors == []
    assert {amap_claim.split("#")[0] for amap_claim in for_.claim_ids} == {"rep/4", "rep/5"}
    assert {amap_claim.split("#")[0] for amap_claim in against.claim_ids} == {"rep/2", "rep/3"}
    # signed: the objection's writers are for it, each with their own claim as the evidence
    signed = [(cid, parent, author, text) for (cid, parent, _, text), author in
              zip(REPEATED, ["ana", "ben", "cy", "dee", "eve"])]
    amap, docs = build(nlp, "reps", signed, rels)
    [crux] = [c for c in find_cruxes(amap, docs) if c.crux_id.startswith("reps/crux-repeated:")]
    assert {p.concept: p.authors for p in crux.poles} == {"for": ["dee", "eve"], "against": ["ben", "cy"]}
    assert [e.text for e in crux.poles[1].evidence] == [signed[1][3], signed[2][3]]
    # one claim answered twice is one dispute of its own (``claims``), not a repeated objection
    twice = REPEATED[:4] + [("5", "2", None, REPEATED[4][3])]
    amap, docs = build(nlp, "rep1", twice, [rels[0], ("5", "2", "disagree", 0.9)])
    assert not [c for c in find_cruxes(amap, docs) if "crux-repeated" in c.crux_id]
    amap, docs = build(nlp, "rep2", REPEATED, [rels[0], ("5", "3", "disagree", 0.5)])
    assert not [c for c in find_cruxes(amap, docs) if "crux-repeated" in c.crux_id]
    amap, docs = build(nlp, "rep3", REPEATED, rels)
    off = CruxSettings(repeated_objections=False)
    assert not [c for c in find_cruxes(amap, docs, settings=off) if "crux-repeated" in c.crux_id]


def test_a_question_without_its_mark_can_be_the_disputed_claim(nlp):
    """"Why didn't he remove this behaviour in Python 3:" before the lines that show it: the claim
    stage reads a question without its question mark. A negative one is rhetorical (the writer holds
    that the behaviour should go) and can be the disputed claim; its label goes on with what the
    colon introduces, as far as it fits."""
    post = "Why didn't he remove this incorrect behaviour in Python 3:\n\nTrue + True gives 2 and that is silly."
    comments = [("1", None, "ana", post),
                ("2", "1", "ben", "It is not incorrect behaviour, adding booleans is a convenience that counts items."),
                ("3", "1", "cy", "The behaviour is correct, booleans are integers in Python and always were."),
                ("4", "2", "ana", "A convenience that breaks the meaning of booleans is still incorrect behaviour.")]
    rels = [("2", "1", "disagree", 0.9), ("3", "1", "disagree", 0.8), ("4", "2", "disagree", 0.8)]
    amap, docs = build(nlp, "qmark", comments, rels)
    cid = "qmark/1"
    end = post.index(":")
    amap.claims = [c for c in amap.claims if c.comment_id != cid] + [
        Claim(claim_id=f"{cid}#0-{end}", comment_id=cid, thread_id="qmark", author="ana", text=post[:end],
              start=0, end=end, kind="question")]
    [crux] = [c for c in find_cruxes(amap, docs) if c.form == "claim" and c.claim_id == f"{cid}#0-{end}"]
    assert crux.label == "Why didn't he remove this incorrect behaviour in Python 3: True + True gives 2 and that is silly."
    assert {p.concept: p.authors for p in crux.poles} == {"for": ["ana"], "against": ["ben", "cy"]}


def test_a_statement_of_a_contrast_speaks_to_neither_pole(nlp):
    """"Convincing the world of the existence of sin is not the same as condemning it": the claim
    that states the contrast names both poles, though only "condemn" is found as a mention of its
    own (the other pole is long). It is on neither pole: its writer is not put on "condemn" by the
    sentence that distinguishes the two, nor is a reply disagreeing with it put on the other."""
    statement = "Convincing the world of the existence of sin is not the same as condemning it for sinning."
    comments = [("1", None, "ana", "The church does not hate anyone. " + statement),
                ("2", "1", "ben", "Plenty of preachers condemn sinners every Sunday, and they call that love.")]
    amap, docs = build(nlp, "both", comments, [("2", "1", "disagree", 0.9)])
    settings = CruxSettings(implicit=False, min_contrast_disputes=0)
    [crux] = [c for c in find_cruxes(amap, docs, settings=settings) if c.form == "concepts"]
    stated = next(cl.claim_id for cl in amap.claims if cl.text == statement)
    assert all(stated not in pole.claim_ids for pole in crux.poles)
    assert [p.authors for p in crux.poles] == [[], ["ben"]]


def test_an_objection_restated_in_nearly_the_same_words_is_one_objection(nlp):
    """"ChatBots may reinforce already dominant forms of expression and writing that marginalize
    other forms." under one claim, "But ChatBots can also reinforce already dominant forms of
    expression and writing and marginalize other valid forms." under another: the same objection in
    nearly the same words (most of their content words shared), one repeated objection. An objection
    that shares a few words with it ("ChatBots help students write in other forms.") is another.
    With ``same_words=None`` only word-for-word repeats count."""
    first = "ChatBots may reinforce already dominant forms of expression and writing that marginalize other forms."
    again = "But ChatBots can also reinforce already dominant forms of expression and writing and marginalize other valid forms."
    comments = [("1", None, None, "Students should be allowed to use generative AI for assignments."),
                ("2", "1", None, "ChatBots can help struggling students perform better in class."),
                ("3", "1", None, first),
                ("4", "2", None, again),
                ("5", "2", None, "ChatBots help students write their essays in other forms.")]
    rels = [("3", "1", "disagree", 0.9), ("4", "2", "disagree", 0.9), ("5", "2", "disagree", 0.9)]
    amap, docs = build(nlp, "near", comments, rels)
    [(crux, covered)] = find_repeated_objections(amap, docs)
    assert crux.label == first
    assert {cid.split("#")[0] for cid in crux.poles[0].claim_ids} == {"near/3", "near/4"}
    assert {cid.split("#")[0] for cid in crux.poles[1].claim_ids} == {"near/1", "near/2"}
    assert len(covered) == 2
    assert find_repeated_objections(amap, docs, same_words=None) == []
