"""Stance detection: does a reply agree with, disagree with, partly agree with, concede to, or just
talk next to what it answers?

Two levels are decided:

* ``reply`` – each comment towards its parent comment;
* ``quote`` – each response towards the claim it quotes (quotes resolved by ``argmap.analysis.quotes``): the
  response is the text after the quote, up to the next quote in the same comment.

A quote whose source is not in the thread (the post, a deleted or unfetched comment) gets no relation
(there is no comment to point at), but its answer is read the same way and stored on the quote
(``Quote.answer``; ``read_stance`` returns both).

Every pair is reduced to ~100 named, interpretable features read off spaCy's parse (agreement and
disagreement openers, negation attached to a verb or adjective the parent also used, what a leading
"this/that/it" is said to be, question form, second-person address, insults, hedges, lexical overlap,
the reply's first word from a fixed list of topic-free words, ...). A small multinomial logistic
regression over those features (weights shipped in ``argmap/data/stance_params.json``, regenerated
by ``benchmarks/fit_stance.py``) picks agree / disagree / neutral; by default the neural
cross-encoder (``model``) reads the pair too and the two are combined. Two rules then refine the answer:

* **partial** – an agreement opener followed by a contrast ("Yes, but ...", "I agree. However ...");
* **concession** – the author gives ground: "I stand corrected", "I was wrong", "I should have said",
  "point taken"; or "you're right", "fair point", "good point" said to someone who was answering the
  author's own earlier comment (a plain "good point" to a stranger is agreement).

Replies to oneself are elaborations: they are kept as ``neutral`` with a ``self-reply`` evidence (the
UI shows them; the divergence matrix ignores neutral). Deleted or empty comments yield no relation.

Every relation carries its evidence: the cue sentence or phrase with offsets into ``Comment.text``.

The stage is ``detect_stance``; its pieces are ``lexicons`` (the cue words), ``features`` (the parse
read into features), ``scoring`` (the fitted regression and the decision) and ``model`` (the neural
cross-encoder).
"""

from __future__ import annotations

import functools
import sys
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import NamedTuple

from argmap.analysis.stance.features import (DEFAULT_FEATURES, FEATURES, FeatureSettings, PairAnalysis, StringTable,
                                             _doc_data, _DocData, _View, _view, analyse_pair, model_text)
from argmap.analysis.stance.scoring import (CLASSES, FEATURE_UNCERTAIN_BELOW, PendingPair, StanceParams, decide,
                                            decide_pairs, load_params)
from argmap.mapindex import MapIndex
from argmap.models import ArgumentMap, Evidence, Quote, QuoteAnswer, Relation, StanceKind

__all__ = ["CLASSES", "FEATURES", "FEATURE_UNCERTAIN_BELOW", "STANCE_METHODS", "FeatureSettings", "PairAnalysis",
           "PendingPair", "StanceModelFallbackWarning", "StanceParams", "StanceSettings", "analyse_pair",
           "StanceReading", "classify_pair", "classify_pairs", "decide", "decide_pairs", "detect_stance", "load_params",
           "read_stance", "source_stance", "stance_model"]


class StanceModelFallbackWarning(UserWarning):
    """The neural stance model could not be loaded; the feature model decides instead."""


@functools.lru_cache(maxsize=4)
def _model_or_warn(path: str | None):
    from argmap.analysis.stance.model import ModelUnavailable, load_model

    try:
        return load_model(path)
    except ModelUnavailable as exc:
        message = f"neural stance model unavailable ({exc}); using the feature model (--stance features)"
        warnings.warn(message, StanceModelFallbackWarning, stacklevel=3)
        print(f"warning: {message}", file=sys.stderr)
        return None


STANCE_METHODS = ("model", "features")


def stance_model(method: str = "model", path: str | None = None):
    """The neural model for ``method="model"`` (``None`` with a warning when it is missing: the feature
    model then decides); ``None`` for ``method="features"``."""
    if method not in STANCE_METHODS:
        raise ValueError(f"unknown stance method {method!r}; expected one of {', '.join(STANCE_METHODS)}")
    return None if method == "features" else _model_or_warn(path)


def classify_pairs(doc_pairs: Iterable[tuple[object, object]], *, params: StanceParams | None = None,
                   method: str = "model", model_path: str | None = None
                   ) -> list[tuple[StanceKind, float, list[Evidence], bool]]:
    """Stance of each whole reply (a spaCy Doc) towards its whole parent, decided in one batch:
    ``(kind, confidence, evidence, uncertain)`` per pair."""
    params = params or load_params()
    model = stance_model(method, model_path)
    strings = StringTable()
    pending = []
    for parent_doc, reply_doc in doc_pairs:
        parent, reply = _DocData(parent_doc, strings), _DocData(reply_doc, strings)
        target, response = _view(parent), _view(reply)
        pending.append(PendingPair(analyse_pair(target, response), model_text(target), model_text(response)))
        parent.release()
        reply.release()
    return decide_pairs(pending, params, model)


def classify_pair(parent_doc, reply_doc, *, params: StanceParams | None = None, answering_author: bool = False,
                  parent_id: str | None = None, reply_id: str | None = None, method: str = "model",
                  model_path: str | None = None) -> tuple[StanceKind, float, list[Evidence]]:
    """Stance of a whole reply (a spaCy Doc) towards its whole parent.

    >>> from argmap.nlp import load_nlp
    >>> nlp = load_nlp()
    >>> classify_pair(nlp("Taxes fund schools."), nlp("No, taxes don't fund schools here."))[0]
    'disagree'
    """
    params = params or load_params()
    model = stance_model(method, model_path)
    strings = StringTable()
    parent, reply = _DocData(parent_doc, strings), _DocData(reply_doc, strings)
    target = _view(parent, comment_id=parent_id)
    response = _view(reply, comment_id=reply_id)
    pending = PendingPair(analyse_pair(target, response), model_text(target), model_text(response), answering_author)
    ((kind, conf, evidence, _),) = decide_pairs([pending], params, model)
    parent.release()
    reply.release()
    return kind, conf, evidence


# --- the stage --------------------------------------------------------------------------------------

def source_stance(amap: ArgumentMap, comment) -> tuple[StanceKind, float, list[Evidence]] | None:
    """The stance a source states itself, when it does: a Kialo claim is filed as a ``Pro`` (it
    supports its parent: ``agree``) or a ``Con`` (it attacks it: ``disagree``); the reader keeps
    that marker at the start of ``Comment.raw``. The label is the author's own, so it is used as
    given (confidence 1.0, evidence kind ``source-label``) instead of being guessed from the words.
    ``None`` for every other source."""
    if amap.thread.source_format != "kialo":
        return None
    from argmap.ingest.kialo import stance_of

    label = stance_of(comment)
    if label is None:
        return None
    kind: StanceKind = "agree" if label == "pro" else "disagree"
    return kind, 1.0, [Evidence(kind="source-label", text=f"{label.title()}: (Kialo)", comment_id=comment.comment_id)]


_DELETED = {"", "[deleted]", "[removed]", "deleted", "removed"}


@dataclass
class StanceSettings:
    params_path: str | None = None
    emit_neutral: bool = True
    """Keep neutral relations (the UI shows them as badges); the divergence matrix ignores them."""
    answer_external_quotes: bool = True
    """Also read how a comment answers a passage it quotes from outside the thread (``Quote.answer``)."""
    method: str = "model"
    """``model``: the neural cross-encoder combined with the features (the default; falls back to
    ``features`` with a warning when the model file is missing); ``features``: the feature model alone."""
    model_path: str | None = None
    """Another ``stance_model.onnx`` (its tokenizer and model card beside it)."""
    features: FeatureSettings = DEFAULT_FEATURES
    """The thresholds inside the features (the shipped weights were fitted with the defaults)."""


class StanceReading(NamedTuple):
    """What the stance stage reads: the relations, and the map's quotes with ``Quote.answer`` set on
    those whose source is not in the thread."""

    relations: list[Relation]
    quotes: list[Quote]


def detect_stance(amap: ArgumentMap, docs: Mapping[str, object], *, settings: StanceSettings | None = None,
                  progress: Callable[[float], None] | None = None) -> list[Relation]:
    """One relation per reply → parent comment and per response → quoted claim.

    ``docs`` maps comment_id to the spaCy Doc of ``Comment.text``. ``progress`` is told the share
    of the pairs decided so far (0 to 1) as the network reads them.
    """
    # the answers to quotes from outside the thread would be read and thrown away
    settings = replace(settings or StanceSettings(), answer_external_quotes=False)
    return read_stance(amap, docs, settings=settings, progress=progress).relations


def read_stance(amap: ArgumentMap, docs: Mapping[str, object], *, settings: StanceSettings | None = None,
                progress: Callable[[float], None] | None = None) -> StanceReading:
    """``detect_stance``'s relations, and the quotes with the answer to each quoted passage whose
    source is not in the thread (``Quote.answer``; ``settings.answer_external_quotes``): the post a
    comment argues with, or a comment that was deleted or not fetched, is still someone's words."""
    settings = settings or StanceSettings()
    params = load_params(settings.params_path)
    model = stance_model(settings.method, settings.model_path)
    index = MapIndex(amap)
    comments, claims, claims_by_comment = index.comments, index.claims, index.claims_of
    quotes_by_comment: dict[str, list] = {}
    for q in amap.quotes:
        quotes_by_comment.setdefault(q.comment_id, []).append(q)
    for qs in quotes_by_comment.values():
        qs.sort(key=lambda q: q.start)

    def gone(c) -> bool:
        return c.deleted or c.text.strip().lower() in _DELETED

    def answering(reply, target) -> bool:
        grand = comments.get(target.parent_id) if target.parent_id else None
        return bool(grand is not None and reply.author is not None and grand.author == reply.author)

    views: dict[str, _View] = {}
    extracted: dict[str, _DocData] = {}
    strings = StringTable()

    def data(comment_id: str) -> _DocData:
        if comment_id not in extracted:
            extracted[comment_id] = _doc_data(docs[comment_id], strings)
        return extracted[comment_id]

    def own_words(comment_id: str) -> _View:
        """The comment minus its quotes; built once, whether it is read as a reply or as a parent."""
        if comment_id not in views:
            skip = [(q.start, q.end) for q in quotes_by_comment.get(comment_id, [])]
            views[comment_id] = _view(data(comment_id), skip=skip, comment_id=comment_id)
        return views[comment_id]

    # Every pair is read first (features, texts); then all are decided together, so each comment is
    # tokenised once for the neural model however many pairs it is in. Labelled and self-reply pairs
    # are decided on the spot.
    slots: list[tuple[dict, tuple | PendingPair]] = []

    def add(fields: dict, decided: tuple | PendingPair) -> None:
        slots.append((fields, decided))

    for c in amap.comments:
        if c.parent_id is None or c.parent_id not in comments or gone(c) or c.comment_id not in docs:
            continue
        parent = comments[c.parent_id]
        if gone(parent) or parent.comment_id not in docs:
            continue
        response = own_words(c.comment_id)
        if not response.sents:
            continue  # nothing but quotes: the quote-level relations speak for it
        target = own_words(parent.comment_id)
        fields = dict(relation_id=f"reply:{c.comment_id}->{parent.comment_id}", level="reply",
                      source_comment_id=c.comment_id, target_comment_id=parent.comment_id,
                      source_author=c.author, target_author=parent.author, lead=[])
        labelled = source_stance(amap, c)
        if labelled is not None:
            add(fields, (*labelled, False))
        elif c.author is not None and c.author == parent.author:
            add(fields, ("neutral", 0.9, [Evidence(kind="self-reply", text="reply to own comment",
                                                   comment_id=c.comment_id)], False))
        else:
            add(fields, PendingPair(analyse_pair(target, response, settings.features), model_text(target),
                                    model_text(response), answering(c, parent)))

    answers: dict[int, Quote] = {}  # slot -> the quote (of a source outside the thread) it reads
    for comment_id, qs in quotes_by_comment.items():
        c = comments.get(comment_id)
        if c is None or gone(c) or comment_id not in docs:
            continue
        for i, q in enumerate(qs):
            end = qs[i + 1].start if i + 1 < len(qs) else len(c.text)
            if q.source_comment_id is None or q.source_comment_id not in comments:
                # the source is not in the thread (the post, a deleted or unfetched comment): the
                # answer to the quoted words is still someone's stance towards someone else's words
                if settings.answer_external_quotes and q.end <= end:
                    response = _view(data(comment_id), q.end, end, comment_id=comment_id)
                    target = _view(data(comment_id), q.start, q.end, comment_id=comment_id)
                    if response.sents and target.sents:
                        answers[len(slots)] = q
                        add({}, PendingPair(analyse_pair(target, response, settings.features), model_text(target),
                                            model_text(response), False))
                continue
            if q.source_comment_id not in docs:
                continue
            source = comments[q.source_comment_id]
            response = _view(data(comment_id), q.end, end, comment_id=comment_id)
            if not response.sents:
                continue
            claim = claims.get(q.source_claim_id) if q.source_claim_id else None
            if claim is not None:
                t_start, t_end = claim.start, claim.end
            else:
                t_start = q.source_start if q.source_start is not None else 0
                t_end = q.source_end if q.source_end is not None else len(source.text)
            target = _view(data(source.comment_id), t_start, t_end, comment_id=source.comment_id,
                           claim_id=claim.claim_id if claim else None)
            quote_ev = Evidence(kind="quote", text=q.text, comment_id=comment_id, start=q.start, end=q.end,
                                score=q.score, claim_id=claim.claim_id if claim else None)
            response_claim = next((cl for cl in claims_by_comment.get(comment_id, []) if q.end <= cl.start < end),
                                  None)
            target_ref = claim.claim_id if claim else source.comment_id
            fields = dict(relation_id=f"quote:{comment_id}@{q.start}->{target_ref}", level="quote",
                          source_comment_id=comment_id, target_comment_id=source.comment_id,
                          source_claim_id=response_claim.claim_id if response_claim else None,
                          target_claim_id=claim.claim_id if claim else None, source_author=c.author,
                          target_author=source.author, lead=[quote_ev])
            if c.author is not None and c.author == source.author:
                add(fields, ("neutral", 0.9, [Evidence(kind="self-reply", text="quotes own comment",
                                                       comment_id=comment_id)], False))
            else:
                add(fields, PendingPair(analyse_pair(target, response, settings.features), model_text(target),
                                        model_text(response), answering(c, source)))

    pending = [d for _, d in slots if isinstance(d, PendingPair)]
    read = 0

    def pairs_read(n: int) -> None:
        nonlocal read
        read += n
        progress(read / len(pending))

    decided = iter(decide_pairs(pending, params, model, progress=pairs_read if progress else None))
    relations: list[Relation] = []
    by_quote: dict[str, QuoteAnswer] = {}
    for n, (fields, d) in enumerate(slots):
        kind, conf, evidence, uncertain = next(decided) if isinstance(d, PendingPair) else d
        if n in answers:
            by_quote[answers[n].quote_id] = QuoteAnswer(kind=kind, confidence=conf, uncertain=uncertain,
                                                        evidence=evidence)
            continue
        if kind == "neutral" and not settings.emit_neutral:
            continue
        lead = fields.pop("lead")
        relations.append(Relation(thread_id=amap.thread_id, kind=kind, confidence=conf, uncertain=uncertain,
                                  evidence=[*lead, *evidence], **fields))
    for extract in extracted.values():
        extract.release()
    quotes = [q.model_copy(update={"answer": by_quote.get(q.quote_id)}) if q.quote_id in by_quote or q.answer
              else q for q in amap.quotes]
    return StanceReading(relations, quotes)
