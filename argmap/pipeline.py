"""From read maps to analysed maps: parse every comment once with spaCy (batched, ids travelling
with texts), split claims, then run the analysis stages on the parsed docs."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from argmap.models import ArgumentMap

ProgressFn = Callable[[int], None]
"""Called with the number of comments just processed."""

DEFAULT_BATCH_SIZE = 64


def parse_comments(nlp, maps: Iterable[ArgumentMap], *, batch_size: int = DEFAULT_BATCH_SIZE,
                   progress: ProgressFn | None = None, n_process: int = 1) -> dict[str, object]:
    """Parse every comment's plain text in one ``nlp.pipe`` stream; returns ``{comment_id: Doc}``."""
    stream = ((c.text, c.comment_id) for m in maps for c in m.comments)
    docs: dict[str, object] = {}
    for doc, comment_id in nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process):
        docs[comment_id] = doc
        if progress is not None:
            progress(1)
    return docs


def build_maps(maps: list[ArgumentMap], *, nlp=None, analyse: bool = True,
               batch_size: int = DEFAULT_BATCH_SIZE, progress: ProgressFn | None = None,
               stance=None) -> list[ArgumentMap]:
    """Split claims and run the analysis stages on maps fresh from a reader.

    ``stance``: ``argmap.stance.StanceSettings`` (``method="features"`` for the feature model alone).

    Returns new maps; the inputs are not modified.
    """
    from argmap.analysis import analyse_map
    from argmap.ingest.claims import split_claims
    from argmap.nlp import load_nlp

    nlp = nlp or load_nlp()
    # Readers never fill in claims; a map that has them was read from argmap's own JSON export and
    # is kept exactly as written (re-ingesting an export is lossless).
    docs = parse_comments(nlp, [m for m in maps if not m.claims], batch_size=batch_size, progress=progress)
    out = []
    for amap in maps:
        if amap.claims:
            if progress is not None:
                progress(len(amap.comments))
            out.append(amap)
            continue
        if analyse:
            # Quotes are resolved once, before claim splitting: unmarked quotes (words pasted from
            # an earlier comment without markup) become quotes rather than the paster's claims, and
            # analyse_map only looks up the claim ids of the sources (detect_unmarked=False).
            # Kialo claims never quote unmarked: a repeated claim (``-> See 1.2.``) is the claim
            # itself, re-used in a new place with its own Pro/Con label.
            from argmap.quotes import QuoteSettings, resolve_quotes

            settings = QuoteSettings(detect_unmarked=amap.thread.source_format != "kialo")
            amap = amap.model_copy(update={"quotes": resolve_quotes(amap, settings=settings)})
        quotes_by_comment: dict[str, list] = {}
        for q in amap.quotes:
            quotes_by_comment.setdefault(q.comment_id, []).append(q)
        claims = []
        for c in amap.comments:
            claims.extend(split_claims(c, docs[c.comment_id], quotes_by_comment.get(c.comment_id, [])))
        new = amap.model_copy(update={"claims": claims})
        if analyse:
            new = analyse_map(new, {c.comment_id: docs[c.comment_id] for c in amap.comments}, nlp=nlp,
                              detect_unmarked=False, stance=stance)
        out.append(new)
    return out
