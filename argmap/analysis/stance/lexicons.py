"""The cue words of stance detection: lower-cased lists matched on token text or lemma.

Openers are matched against the start of a reply, phrases anywhere in a sentence (``features``
says how each one is read). The word sets at the end name the small choices ``analyse_pair``
makes inside a feature (which openers are weak, which words a leading "this" may be called).
The fitted weights (``argmap/data/stance_params.json``) were learnt with these lists: a change
here needs ``benchmarks/fit_stance.py`` and ``benchmarks/train_stance_model.py stack`` re-run.
"""

from __future__ import annotations

import re

AGREE_OPENERS = (
    "i agree", "agreed", "i concur", "exactly", "absolutely", "precisely", "indeed", "definitely",
    "yes", "yeah", "yep", "yup", "true", "so true", "very true", "this", "this is it", "this right here",
    "well said", "well put", "good point", "great point", "excellent point", "fair point", "right",
    "correct", "spot on", "100%", "100 %", "same", "same here", "me too", "thank you", "thanks",
    "couldn't agree more", "could not agree more", "i think so too", "of course", "totally", "+1",
    "amen", "you're right", "you are right", "you're correct", "you are correct", "that's true",
    "that is true", "that's right", "that's fair", "fair enough", "good call", "nailed it", "bingo",
    "preach", "facts", "truth", "ok", "okay", "sure",
)
DISAGREE_OPENERS = (
    "no", "nope", "nah", "not really", "not true", "wrong", "false", "incorrect", "i disagree",
    "i don't agree", "i do not agree", "i don't think so", "i doubt", "that's not", "that is not",
    "that isn't", "this is not", "this isn't", "it's not", "it is not", "it isn't", "you're wrong",
    "you are wrong", "nonsense", "bullshit", "bs", "lol no", "what", "how", "so you're saying",
    "so you are saying", "so", "well", "actually", "except", "um", "uh", "huh", "lmao", "wtf",
    "source", "citation needed", "says who", "why", "or", "but",
)
DISAGREE_PHRASES = (
    "i disagree", "i don't agree", "i do not agree", "not true", "that's not true", "is not true",
    "isn't true", "that's wrong", "you're wrong", "you are wrong", "is wrong", "are wrong",
    "not the case", "doesn't mean", "does not mean", "doesn't make", "makes no sense",
    "doesn't make sense", "no evidence", "no proof", "misinformation", "disinformation", "propaganda",
    "strawman", "straw man", "whataboutism", "what about", "hypocrite", "hypocrisy", "ridiculous",
    "absurd", "nonsense", "bullshit", "lie", "lies", "lying", "liar", "fake", "myth", "debunked",
    "you don't understand", "you have no idea", "you clearly", "you obviously", "citation needed",
    "source?", "sources?", "not how", "that's not how", "nobody said", "no one said", "never said",
    "did you even", "do you even", "learn to read", "projection", "cope", "irrelevant", "not at all",
    "the opposite", "not even close", "far from", "i doubt", "doubt it", "disagree", "not so sure",
    "not sure about", "that's a stretch", "not quite", "you're missing", "you are missing", "missing the point",
    "nothing to do with", "has nothing to do", "that's just", "so what", "who cares", "not the same",
    "false equivalence", "do some research", "educate yourself", "read the article", "did you read",
)
AGREE_PHRASES = (
    "i agree", "agree with you", "agree with this", "well said", "good point", "great point",
    "exactly", "so true", "spot on", "well put", "you're right", "you are right", "this is true",
    "that's true", "100%", "couldn't agree", "could not agree", "i think so too", "same here",
    "thank you for", "thanks for", "glad", "love this", "i like this", "good job", "well done",
    "agreed", "true that", "my thoughts exactly", "you nailed it", "nailed it", "this is why",
    "and that's why", "that's why", "which is why", "+1", "amen", "totally", "definitely",
    "absolutely", "this is the", "the real", "so much this",
)
CONCESSION_STRONG = (
    "i stand corrected", "stand corrected", "i was wrong", "i was mistaken", "i'm wrong",
    "i am wrong", "i should have said", "i should've said", "i should have been", "i misspoke",
    "my mistake", "my bad", "i concede", "point taken", "you changed my mind", "changed my view",
    "you've changed my", "i hadn't considered", "i had not considered", "hadn't thought of",
    "i didn't know that", "i did not know that", "til", "i retract", "fair correction", "Δ", "∆",
    "!delta",
)
CONCESSION_WEAK = (
    "you're right", "you are right", "you're correct", "you are correct", "fair point", "good point",
    "fair enough", "that's fair", "that is fair", "true,", "ok,", "okay,", "i agree", "i'll give you",
    "i will give you", "granted", "admittedly", "i see your point", "i see what you mean",
)
PARTIAL_PHRASES = (
    "yes and no", "partly", "partially", "to some extent", "to an extent", "somewhat agree",
    "agree to some", "in part", "kind of agree", "sort of agree", "half right", "agree with the first",
    "agree with most", "agree with some", "not entirely", "not completely", "not necessarily",
    "mostly agree", "agree with you on",
)
INSULTS = frozenset(
    "idiot idiots stupid moron morons dumb dumbass retard retarded clown clowns ignorant troll trolls "
    "shill shills fool fools foolish pathetic delusional brainwashed braindead imbecile loser losers "
    "snowflake snowflakes libtard libtards cuck cucks sheep sheeple nazi nazis fascist fascists racist "
    "racists bigot bigots hypocrite hypocrites liar liars scum garbage trash clueless naive gullible "
    "insane crazy lunatic nutjob cultist cult bot bots".split())
PROFANITY = frozenset("fuck fucking fucked fucks shit shitty bullshit damn goddamn crap ass asshole "
                      "bitch hell wtf stfu lmao lmfao".split())
HEDGES = frozenset("maybe perhaps probably possibly might may could seems seem apparently likely "
                   "unlikely guess suppose presumably arguably somewhat".split())
POSITIVE = frozenset("good great nice love like glad happy agree right correct true best better "
                     "excellent awesome wonderful thanks thank appreciate well fair brilliant "
                     "important valid helpful beautiful hope proud respect support amazing perfect "
                     "smart wise honest decent kind safe win won winning success successful benefit "
                     "positive strong hero heroes brave fantastic incredible agreeable sensible "
                     "reasonable solid impressive lucky enjoy fun funny hilarious cool sweet "
                     "welcome grateful congratulations congrats bless deserve worth".split())
NEGATIVE = frozenset("bad wrong false terrible awful hate worse worst stupid ridiculous absurd "
                     "disgusting horrible evil lie lies fake nonsense pathetic sad shame shameful "
                     "dangerous fail failed failure problem useless joke disgrace corrupt corruption "
                     "crime criminal criminals disaster mess shitshow cruel greedy greed incompetent "
                     "incompetence dishonest fraud scam scandal toxic vile sick hateful violent "
                     "violence destroy destroyed destroying damage harm hurt kill killed killing dead "
                     "death threat angry anger outrage outrageous insane crazy mad poor poverty "
                     "racist racism sexist bigot bigotry traitor treason betray betrayal coward "
                     "cowards weak pity sorry unfortunately sadly worry worried fear afraid scary "
                     "annoying boring dumb idiot idiots moron morons fool fools clown clowns".split())
CONTINUATION_OPENERS = ("and", "also", "plus", "especially", "not to mention", "even", "and yet", "worse",
                        "even worse", "worse still", "on top of that", "add to that", "which is why",
                        "that's why", "this is why", "exactly why", "same with", "as well as", "imagine",
                        "just like", "like", "let's", "i hope", "hopefully", "can't wait", "oh", "wow",
                        "ha", "haha", "lol", "omg", "damn", "fuck", "god")
NEGATIVE_OR_INSULT = NEGATIVE | INSULTS
THIRD_PERSON = frozenset({"he", "she", "they", "them", "him", "her", "his", "their", "theirs", "hers",
                          "himself", "herself", "themselves"})
FIRST_PERSON = frozenset({"i", "me", "my", "mine", "i'm", "im"})
FIRST_PLURAL = frozenset({"we", "us", "our", "ours", "ourselves"})
LAUGHTER = re.compile(r"\b(?:lol|lmao|lmfao|rofl|haha\w*|hehe\w*|jk|xd)\b|/s\b", re.I)
SECOND_PERSON = frozenset({"you", "your", "yours", "yourself", "yourselves", "u", "ur", "you're", "youre"})
DEMONSTRATIVES = frozenset({"this", "that", "it", "which"})
WH_WORDS = frozenset({"what", "why", "how", "who", "where", "when", "which", "whose", "whom"})
AUX_QUESTION_START = frozenset({"do", "does", "did", "is", "are", "was", "were", "can", "could", "would",
                                "will", "should", "have", "has", "had", "isn't", "aren't", "don't",
                                "doesn't", "didn't", "won't", "wouldn't", "shouldn't", "can't"})
NEGATION_WORDS = frozenset({"not", "n't", "no", "never", "nothing", "nobody", "none", "neither", "nor",
                            "nowhere", "cannot"})
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
LIGHT_LEMMAS = frozenset("be have do say get make go know think people thing way lot also just really "
                         "even still well much many more most so very".split())

# --- word choices inside single features ----------------------------------------------------------

SHORT_ONLY_AGREE_OPENERS = frozenset({"right", "sure", "ok", "okay", "same"})
"""Openers that agree only in a short first sentence ("Right!", not "Right now ..."); see
``FeatureSettings.short_opener_max_tokens``. "this" has its own, tighter limit."""
WEAK_DISAGREE_OPENERS = frozenset({"so", "well", "what", "how", "why", "or", "but", "um", "uh", "huh",
                                   "source"})
"""Disagreement openers that also open neutral replies: they count half (``disagree_opener`` 0.5)."""
NO_OPENERS = frozenset({"no", "nope", "nah"})
"""Disagreement openers that are a plain "no" (``no_opener``)."""
CONTRAST_WORDS = frozenset({"but", "however", "although", "though", "yet", "except", "still", "whereas"})
CONTRAST_PHRASES = ("that said", "on the other hand")
"""A sentence holding one of these words or phrases turns after an agreement ("Yes, but ...")."""
CONCESSIVE_MARKS = frozenset({"while", "whilst"})
"""Marks of a concessive clause with its own subject ("While it is true that X, Y")."""
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
CLAUSE_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "expl"})
DISMISSIVE_PREDICATES = frozenset({"wrong", "false", "bullshit", "nonsense", "ridiculous", "absurd", "lie",
                                   "stupid"})
"""What a leading "this/that/it is ..." calls the parent's point when it rejects it."""
APPROVING_PREDICATES = frozenset({"true", "right", "correct", "good", "great", "exactly", "fair", "point",
                                  "spot"})
"""What a leading "this/that/it is ..." calls the parent's point when it accepts it."""
YOU_SUBJECTS = frozenset({"you", "u"})
TRAILING_DOUBT = frozenset({"tho", "though"})
"""A first sentence ending in "..., tho" doubts what it answers."""
PREDICATE_POS = frozenset({"VERB", "ADJ"})
COPULA_COMPLEMENT_DEPS = frozenset({"acomp", "attr", "xcomp"})
"""Complements whose negation sits on the copula ("it is not free")."""
UNSKIPPED_LEADING_SYMBOLS = frozenset({"+1", "100%", "Δ", "∆"})
"""Tokens without a letter or digit that still open a phrase (leading punctuation is skipped)."""

ACTUALLY = re.compile(r"\bactually\b")
URL = re.compile(r"https?://|www\.")
DIGIT = re.compile(r"\d")
DOUBT = re.compile(r"\b(doubt|doubtful|unlikely|skeptical|sceptical)\b")
SARCASTIC_OPENING = re.compile(r"\W*(sure|yeah right|right,|ok(ay)? then|riiight|lol ok)\b")
QUOTE_OPENERS = ("\"", "“", ">")
"""A reply starting with one of these opens with a quotation."""
PRONOUN_SUBJECTS = "it|that|this|they|he|she"
"""Subjects of the restatement after a negation ("X isn't Y. It's Z"): see ``correction``."""
