"""From read maps to analysed maps: resolve quotes from the texts, parse every comment once with
spaCy (batched, optionally in several processes), split claims as each Doc leaves the parser, then
run the analysis stages.

Memory grows with the map, not with spaCy's Docs: each Doc is slimmed as it leaves ``nlp.pipe``
(``slim_doc``: the tok2vec output in ``doc.tensor``, 384 of the ~640 bytes a token costs, is
dropped; nothing downstream reads it) and its claims are split at once. What the later stages still
read from a Doc: stance extracts its compact ``_DocData`` records (ORTH, LOWER, LEMMA, POS, DEP, HEAD,
IDX, IS_STOP, IS_ALPHA, IS_SPACE, SENT_START, SPACY via ``Doc.to_array``) lazily and frees them at the
end of the stage; the crux stage reads the Doc itself: sentences (``doc.sents``, ``sent.start/end``),
per token ``text``, ``lower_``, ``lemma_``, ``pos_``, ``dep_``, ``head.i``, ``i``, ``idx``,
``whitespace_``, ``is_punct``, ``is_space``, ``is_stop``, and ``doc[i:j]`` spans: all of it in the
same ``to_array`` attributes plus IS_PUNCT, so cruxes can move to records later.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from argmap.models import ArgumentMap

ProgressFn = Callable[[int], None]
"""Called with the number of comments that just went through the current stage."""

StageFn = Callable[[str], None]
"""Called with the name of each stage as it starts (see ``STAGES``)."""

DEFAULT_BATCH_SIZE = 64

MAX_DEFAULT_PROCESSES = 4

STAGES = ("quotes", "parse", "links", "stance", "cruxes")
"""The stages ``build_maps`` reports, in order: quotes (every quote resolved once, before the parse:
it needs only the texts, and pasted words must not become claims), parse (claims are split inside
it), links (the claim ids of the quotes' sources, a look-up), stance, cruxes."""


def default_processes() -> int:
    """The machine's cores (those this process may use), capped at ``MAX_DEFAULT_PROCESSES``."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_PROCESSES))


def slim_doc(doc):
    """Drop what no stage reads from a parsed Doc (the tok2vec output) so it is not kept alive."""
    import numpy

    if getattr(doc.tensor, "size", 0):
        doc.tensor = numpy.zeros((0,), dtype="float32")
    return doc


def iter_docs(nlp, maps: Iterable[ArgumentMap], *, batch_size: int = DEFAULT_BATCH_SIZE,
              progress: ProgressFn | None = None, n_process: int = 1):
    """``(comment_id, slimmed Doc)`` for every comment, in order, as they leave ``nlp.pipe``."""
    ids = [c.comment_id for m in maps for c in m.comments]
    texts = (c.text for m in maps for c in m.comments)
    if n_process > 1 and len(ids) < 2 * batch_size:  # starting processes would cost more than it saves
        n_process = 1
    # ``nlp.pipe`` keeps the order of its input, so the ids are zipped back on here: passing them
    # through ``as_tuples=True`` costs ~16 % more with ``n_process=2`` (measured, 3,000 comments).
    for comment_id, doc in zip(ids, nlp.pipe(texts, batch_size=batch_size, n_process=n_process), strict=True):
        yield comment_id, slim_doc(doc)
        if progress is not None:
            progress(1)


def build_maps(maps: list[ArgumentMap], *, nlp=None, analyse: bool = True,
               batch_size: int = DEFAULT_BATCH_SIZE, progress: ProgressFn | None = None,
               stance=None, processes: int = 1, stage: StageFn | None = None) -> list[ArgumentMap]:
    """Split claims and run the analysis stages on maps fresh from a reader.

    ``stance``: ``argmap.analysis.stance.StanceSettings`` (``method="features"`` for the feature model alone).
    ``processes``: the parse runs in this many processes (spaCy's ``n_process``); the results do not
    depend on it. ``progress`` is told how many comments went through the current stage and
    ``stage`` when a stage starts (see ``STAGES``); each stage covers every comment once.

    Returns new maps; the inputs are not modified.
    """
    from argmap.analysis import analyse_stages
    from argmap.ingest.claims import split_claims
    from argmap.nlp import load_nlp

    nlp = nlp or load_nlp()
    tick = progress or (lambda n: None)
    stage = stage or (lambda name: None)
    # Readers never fill in claims; a map that has them was read from argmap's own JSON export and
    # is kept exactly as written (re-ingesting an export is lossless).
    fresh = []
    stage("quotes")
    for amap in maps:
        if not amap.claims and analyse:
            # Quotes are resolved once, before claim splitting: unmarked quotes (words pasted from
            # an earlier comment without markup) become quotes rather than the paster's claims, and
            # the quote stage after the parse only looks up the claim ids of the sources
            # (``link_quote_claims``). Quotes need only the texts, so they are resolved before the
            # parse and claims are split as each Doc leaves it. Kialo claims never quote unmarked:
            # a repeated claim (``-> See 1.2.``) is the claim itself, re-used in a new place with
            # its own Pro/Con label.
            from argmap.analysis.quotes import QuoteSettings, resolve_quotes

            settings = QuoteSettings(detect_unmarked=amap.thread.source_format != "kialo")
            amap = amap.model_copy(update={"quotes": resolve_quotes(amap, settings=settings)})
        fresh.append(amap)
        tick(len(amap.comments))
    to_parse = [m for m in fresh if not m.claims]
    quotes_by_comment: dict[str, list] = {}
    for amap in to_parse:
        for q in amap.quotes:
            quotes_by_comment.setdefault(q.comment_id, []).append(q)
    comments = {c.comment_id: c for m in to_parse for c in m.comments}
    claims_of: dict[str, list] = {}
    docs: dict[str, object] = {}
    stage("parse")
    for comment_id, doc in iter_docs(nlp, to_parse, batch_size=batch_size, progress=progress, n_process=processes):
        claims_of[comment_id] = split_claims(comments[comment_id], doc, quotes_by_comment.get(comment_id, []))
        if analyse:
            docs[comment_id] = doc
    del comments, quotes_by_comment
    tick(sum(len(m.comments) for m in fresh if m.claims))
    out = [amap if amap.claims else
           amap.model_copy(update={"claims": [cl for c in amap.comments for cl in claims_of.pop(c.comment_id)]})
           for amap in fresh]
    if not analyse:
        return out
    kept = {i for i, amap in enumerate(fresh) if amap.claims}  # argmap's own export: as written
    for name, run in analyse_stages(stance=stance):
        stage(name)
        for i, amap in enumerate(out):
            if i not in kept:
                share = _Share(len(amap.comments), tick)
                out[i] = run(amap, docs, progress=share)
                share.finish()
            else:
                tick(len(amap.comments))
    return out


class _Share:
    """Turns a stage's share done (0 to 1) into whole comments for ``progress``, so the bar moves
    inside a long stage and still counts each comment once."""

    def __init__(self, comments: int, tick: ProgressFn) -> None:
        self.comments, self.tick, self.told = comments, tick, 0

    def __call__(self, share: float) -> None:
        due = min(self.comments, int(self.comments * share))
        if due > self.told:
            self.tick(due - self.told)
            self.told = due

    def finish(self) -> None:
        self(1.0)
