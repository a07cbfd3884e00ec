"""The analysis stages in order: quote resolution, stance, cruxes. Each stage is a plain function
over an ArgumentMap (and the comments' parsed docs); this module only chains them."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.models import ArgumentMap


def analyse_map(amap: ArgumentMap, docs: Mapping[str, object], *, nlp=None,
                detect_unmarked: bool = True, stance=None) -> ArgumentMap:
    """Resolve quotes, detect stance, find cruxes. ``docs`` maps comment_id to its spaCy Doc.

    ``detect_unmarked=False`` when the caller already added the unmarked quotes to ``amap.quotes``
    (``build_maps`` does, before splitting claims, so pasted words never become claims).
    ``stance``: ``argmap.stance.StanceSettings`` (default: the neural model with the features).
    """
    from argmap.cruxes import find_cruxes
    from argmap.quotes import QuoteSettings, resolve_quotes
    from argmap.stance import detect_stance

    settings = QuoteSettings(detect_unmarked=detect_unmarked)
    amap = amap.model_copy(update={"quotes": resolve_quotes(amap, settings=settings)})
    amap = amap.model_copy(update={"relations": detect_stance(amap, docs, settings=stance)})
    amap = amap.model_copy(update={"cruxes": find_cruxes(amap, docs)})
    return amap
