"""The neural stance model (onnxruntime cross-encoder shipped as package data): input policy,
batching, calibrated decisions on top of the features, fallback, uncertainty."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from argmap.models import ArgumentMap, Comment, Thread
from argmap.analysis.stance import StanceSettings, classify_pair, detect_stance, stance_model
from argmap.analysis.stance.model import ModelUnavailable, assemble, load_model, pad_batch, split_budget


@pytest.fixture(scope="module")
def model():
    try:
        return load_model()
    except ModelUnavailable as exc:  # the weights are package data: absent only in a broken install
        pytest.fail(f"the shipped stance model does not load: {exc}")


def test_split_budget_serves_the_response_first():
    assert split_budget(10, 20, 96) == (10, 20)
    t, r = split_budget(500, 500, 96)
    assert t + r == 93 and r > t  # 3 special tokens; the response keeps the larger share
    assert split_budget(500, 4, 96) == (89, 4)  # what the response leaves, the target takes
    assert split_budget(4, 500, 96) == (4, 89)


def test_assemble_and_pad_batch_layout():
    ids, types = assemble([5, 6, 7], [8, 9], cls_id=101, sep_id=102, max_len=96)
    assert ids == [101, 5, 6, 7, 102, 8, 9, 102]
    assert types == [0, 0, 0, 0, 0, 1, 1, 1]
    ii, am, tt = pad_batch([(ids, types), ([101, 102, 102], [0, 0, 1])])
    assert ii.shape == am.shape == tt.shape == (2, 8)
    assert am[1].tolist() == [1, 1, 1, 0, 0, 0, 0, 0]
    assert ii.dtype == np.int64


def test_model_probabilities_are_distributions(model):
    probs = model.probabilities([("Taxes fund schools.", "No, taxes do not fund schools here.")])
    assert probs.shape == (1, 3)
    assert probs.sum() == pytest.approx(1.0, abs=1e-5)


def test_answers_do_not_depend_on_the_other_pairs(model):
    """A pair's logits are the same whether it is read with other pairs of a thread or alone (the
    int8 network quantises activations per call, so the runtime reads one pair per call)."""
    pairs = [("The museum is free on Sundays.", "It stopped being free last year, the website lists a fee now."),
             ("Cities should plant more trees.", "Exactly."),
             ("Nuclear power is the safest source of energy by deaths per terawatt hour, and the data is clear.",
              "I don't think that is a very strong argument, the waste problem is unsolved and storage costs.")]
    together = model.logits(pairs)
    alone = np.vstack([model.logits([p]) for p in pairs])
    assert np.array_equal(together, alone)


@pytest.mark.parametrize("parent, reply, expected", [
    ("Taxes fund the schools here.", "No, that's not true at all. Taxes don't fund the schools here.", "disagree"),
    ("Nuclear is the safest energy source.", "I don't think that is a very strong argument.", "disagree"),
    ("Cities should plant more trees.", "I agree, trees make streets cooler in summer.", "agree"),
    ("What time does the meeting start?", "It starts at 3pm in room 4.", "neutral"),
])
def test_model_stance_on_plain_cases(nlp, parent, reply, expected):
    assert classify_pair(nlp(parent), nlp(reply), method="model")[0] == expected


def test_plain_rebuttal_without_cue_is_disagreement_for_the_model(nlp):
    """A rebuttal with no cue word ("I don't think X is a very strong argument") was the feature
    model's typical miss on real threads (it called such replies agree)."""
    kind, conf, evidence = classify_pair(nlp("Rent control keeps cities affordable for families."),
                                         nlp("I don't think that's a very strong argument at all."), method="model")
    assert kind == "disagree" and conf > 0.5
    assert evidence and evidence[0].start is not None


def test_relations_carry_evidence_offsets_and_uncertainty(nlp, model):
    amap = ArgumentMap(thread=Thread(thread_id="t", source_format="jsonl"), comments=[
        Comment(comment_id="t/1", thread_id="t", author="ann", index=0, text="Rents will fall next year."),
        Comment(comment_id="t/2", thread_id="t", parent_id="t/1", author="bob", index=1,
                text="Rents have risen every year for a decade. Nothing suggests that changes now."),
        Comment(comment_id="t/3", thread_id="t", parent_id="t/1", author="cy", index=2, text="Hmm."),
    ])
    docs = {c.comment_id: nlp(c.text) for c in amap.comments}
    rels = detect_stance(amap, docs, settings=StanceSettings(method="model"))
    assert {r.source_comment_id for r in rels} == {"t/2", "t/3"}
    for rel in rels:
        assert rel.uncertain == (rel.confidence < model.card.uncertain_below)
        for ev in rel.evidence:
            assert amap.comment(ev.comment_id).text[ev.start:ev.end] == ev.text


def test_features_method_never_loads_the_model(nlp):
    assert stance_model("features") is None
    with pytest.raises(ValueError):
        stance_model("magic")


def test_missing_model_file_falls_back_to_features_with_a_warning(nlp, tmp_path):
    with pytest.raises(ModelUnavailable):
        load_model(str(tmp_path / "stance_model.onnx"))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        got = stance_model("model", str(tmp_path / "absent.onnx"))
    assert got is None
    assert any("feature model" in str(w.message) for w in caught)
    parent, reply = nlp("Taxes fund schools."), nlp("No, taxes don't fund schools here.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fallback = classify_pair(parent, reply, method="model", model_path=str(tmp_path / "absent.onnx"))
    assert fallback == classify_pair(parent, reply, method="features")
