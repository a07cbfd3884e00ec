"""The analysis stages in order: quote resolution, stance, cruxes. Each stage is a plain function
over an ArgumentMap (and the comments' parsed docs); this module only chains them."""

from __future__ import annotations

from collections.abc import Mapping

from argmap.models import ArgumentMap


def analyse_map(amap: ArgumentMap, docs: Mapping[str, object], *, nlp=None,
                detect_unmarked: bool = True, stance=None) -> ArgumentMap:
    """Resolve quotes, detect stance, find cruxes. ``docs`` maps comment_id to its spaCy Doc.

    ``detect_unmarked=False`` when the caller already resolved the quotes with ``resolve_quotes``
    (``build_maps`` does, before splitting claims, so pasted words never become claims): then
    only the sources' claim ids are looked up (``link_quote_claims``), nothing is aligned again.
    ``stance``: ``argmap.stance.StanceSettings`` (default: the neural model with the features).
    """
    from argmap.cruxes import find_cruxes
    from argmap.quotes import link_quote_claims, resolve_quotes
    from argmap.stance import detect_stance

    quotes = resolve_quotes(amap) if detect_unmarked else link_quote_claims(amap)
    amap = amap.model_copy(update={"quotes": quotes})
    amap = amap.model_copy(update={"relations": detect_stance(amap, docs, settings=stance)})
    amap = amap.model_copy(update={"cruxes": find_cruxes(amap, docs)})
    return amap
