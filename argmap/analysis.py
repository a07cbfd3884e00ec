"""The analysis stages in order: quote resolution, stance, cruxes. Each stage is a plain function
over an ArgumentMap (and the comments' parsed docs); this module only chains them."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.models import ArgumentMap


def analyse_map(amap: ArgumentMap, docs: Mapping[str, object], *, nlp=None) -> ArgumentMap:
    """Resolve quotes, detect stance, find cruxes. ``docs`` maps comment_id to its spaCy Doc."""
    from argmap.cruxes import find_cruxes
    from argmap.quotes import resolve_quotes
    from argmap.stance import detect_stance

    amap = amap.model_copy(update={"quotes": resolve_quotes(amap)})
    amap = amap.model_copy(update={"relations": detect_stance(amap, docs)})
    amap = amap.model_copy(update={"cruxes": find_cruxes(amap, docs)})
    return amap
