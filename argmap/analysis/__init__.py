"""The analysis stages, in order: quote resolution, stance, cruxes. Each stage is a plain function
over an ArgumentMap (and the comments' parsed docs); this package chains them, and its modules hold
the stages (``argmap.analysis.quotes``, ``.stance``, ``.cruxes``, ``.divergence``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from argmap.models import ArgumentMap

Stage = Callable[..., ArgumentMap]
"""``stage(amap, docs, progress=None)`` returns a new map; ``progress``, when given, is told the share
of the stage's work done so far (0 to 1) by the stages long enough to need it (stance)."""


def analyse_stages(*, detect_unmarked: bool = False, stance=None) -> list[tuple[str, Stage]]:
    """``[(name, stage)]``: quotes (``links`` when ``detect_unmarked=False``), stance, cruxes; each
    ``stage(amap, docs, progress=None)`` returns a new map (see ``Stage``).

    ``detect_unmarked=False`` when the caller already resolved the quotes with ``resolve_quotes``
    (``build_maps`` does, before splitting claims, so pasted words never become claims): then
    only the sources' claim ids are looked up (``link_quote_claims``), nothing is aligned again.
    ``stance``: ``argmap.analysis.stance.StanceSettings`` (default: the neural model with the features).
    """
    from argmap.analysis.cruxes import find_cruxes
    from argmap.analysis.quotes import link_quote_claims, resolve_quotes
    from argmap.analysis.stance import read_stance

    def quotes(amap, docs, progress=None):
        found = resolve_quotes(amap) if detect_unmarked else link_quote_claims(amap)
        return amap.model_copy(update={"quotes": found})

    def relations(amap, docs, progress=None):
        reading = read_stance(amap, docs, settings=stance, progress=progress)
        return amap.model_copy(update={"relations": reading.relations, "quotes": reading.quotes})

    def cruxes(amap, docs, progress=None):
        return amap.model_copy(update={"cruxes": find_cruxes(amap, docs)})

    return [("quotes" if detect_unmarked else "links", quotes), ("stance", relations), ("cruxes", cruxes)]


def analyse_map(amap: ArgumentMap, docs: Mapping[str, object], *, nlp=None,
                detect_unmarked: bool = True, stance=None) -> ArgumentMap:
    """Resolve quotes, detect stance, find cruxes. ``docs`` maps comment_id to its spaCy Doc.

    ``stance``: ``argmap.analysis.stance.StanceSettings`` (default: the neural model with the features).
    """
    for _, run in analyse_stages(detect_unmarked=detect_unmarked, stance=stance):
        amap = run(amap, docs)
    return amap
