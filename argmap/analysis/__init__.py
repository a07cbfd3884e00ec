"""The analysis stages, in order: quote resolution, stance, cruxes. Each stage is a plain function
over an ArgumentMap (and the comments' parsed docs); this package chains them, and its modules hold
the stages (``argmap.analysis.quotes``, ``.stance``, ``.cruxes``, ``.divergence``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from argmap.models import ArgumentMap

Stage = Callable[[ArgumentMap, Mapping[str, object]], ArgumentMap]


def analyse_stages(*, detect_unmarked: bool = False, stance=None) -> list[tuple[str, Stage]]:
    """``[(name, stage)]``: quotes, stance, cruxes; each ``stage(amap, docs)`` returns a new map.

    ``detect_unmarked=False`` when the caller already resolved the quotes with ``resolve_quotes``
    (``build_maps`` does, before splitting claims, so pasted words never become claims): then
    only the sources' claim ids are looked up (``link_quote_claims``), nothing is aligned again.
    ``stance``: ``argmap.analysis.stance.StanceSettings`` (default: the neural model with the features).
    """
    from argmap.analysis.cruxes import find_cruxes
    from argmap.analysis.quotes import link_quote_claims, resolve_quotes
    from argmap.analysis.stance import detect_stance

    def quotes(amap, docs):
        return resolve_quotes(amap) if detect_unmarked else link_quote_claims(amap)

    return [
        ("quotes", lambda amap, docs: amap.model_copy(update={"quotes": quotes(amap, docs)})),
        ("stance", lambda amap, docs: amap.model_copy(
            update={"relations": detect_stance(amap, docs, settings=stance)})),
        ("cruxes", lambda amap, docs: amap.model_copy(update={"cruxes": find_cruxes(amap, docs)})),
    ]


def analyse_map(amap: ArgumentMap, docs: Mapping[str, object], *, nlp=None,
                detect_unmarked: bool = True, stance=None) -> ArgumentMap:
    """Resolve quotes, detect stance, find cruxes. ``docs`` maps comment_id to its spaCy Doc.

    ``stance``: ``argmap.analysis.stance.StanceSettings`` (default: the neural model with the features).
    """
    for _, run in analyse_stages(detect_unmarked=detect_unmarked, stance=stance):
        amap = run(amap, docs)
    return amap
