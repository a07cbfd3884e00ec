"""`argmap eval agreement`: scores on a user's labelled CSV; one-line errors naming file and line."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from argmap.cli import main
from argmap.evaluate import agreement_label, read_agreement_csv, score

CSV = (
    "parent,reply,label\n"
    '"Taxes fund the schools here.","No, that is not true. Taxes do not fund the schools here.",disagree\n'
    '"Cities should plant more trees.","I agree, trees make streets cooler in summer.",agree\n'
    '"Cities should plant more trees.","Exactly! Well said.",AGREE\n'
)


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_score_macro_f1_and_confusion():
    report = score(["agree", "agree", "disagree", "neutral"], ["agree", "disagree", "disagree", "agree"])
    assert report.accuracy == pytest.approx(0.5)
    assert report.confusion["agree"] == {"agree": 1, "disagree": 1, "neutral": 0}
    assert report.per_class["disagree"].precision == pytest.approx(0.5)
    assert report.per_class["disagree"].recall == pytest.approx(1.0)
    assert report.per_class["neutral"].f1 == 0.0
    # F1: agree 0.5, disagree 2/3, neutral 0
    assert report.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0.0) / 3)


def test_agreement_label_maps_concession_and_partial():
    assert agreement_label("concession", "agree") == "agree"
    assert agreement_label("partial", "disagree") == "disagree"
    assert agreement_label("neutral", "agree") == "neutral"


def test_eval_agreement_last_line_is_the_summary(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(CSV, encoding="utf-8")
    result = run("eval", "agreement", str(path))
    assert result.exit_code == 0, result.output
    lines = result.stdout.rstrip("\n").splitlines()
    assert re.fullmatch(r"accuracy=\d\.\d{3} macro_f1=\d\.\d{3}", lines[-1])
    assert "confusion" in result.stdout and "precision" in result.stdout
    # the summary agrees with the printed confusion matrix
    rows = {ln.split()[0]: [int(x) for x in ln.split()[1:]] for ln in lines
            if ln.split() and ln.split()[0] in {"agree", "disagree", "neutral"} and len(ln.split()) == 4}
    correct = rows["agree"][0] + rows["disagree"][1] + rows["neutral"][2]
    assert lines[-1].startswith(f"accuracy={correct / 3:.3f}")


def test_eval_agreement_json(tmp_path):
    path = tmp_path / "pairs.csv"
    path.write_text(CSV, encoding="utf-8")
    result = run("eval", "agreement", str(path), "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 3
    assert set(data["per_class"]) == {"agree", "disagree", "neutral"}
    assert sum(sum(row.values()) for row in data["confusion"].values()) == 3


def test_eval_agreement_missing_column_is_one_line_error(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("parent,text,label\na,b,agree\n", encoding="utf-8")
    result = run("eval", "agreement", str(path))
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"{path}: line 1: missing column reply" in result.stderr
    assert "Traceback" not in result.output


def test_eval_agreement_unknown_label_names_the_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(CSV + '"x","y",maybe\n', encoding="utf-8")
    with pytest.raises(Exception) as info:
        read_agreement_csv(path)
    assert "line 5" in str(info.value) and "'maybe'" in str(info.value)
    result = run("eval", "agreement", str(path))
    assert result.exit_code == 1 and "line 5: unknown label 'maybe'" in result.stderr


def test_eval_agreement_help_explains_partial():
    result = run("eval", "agreement", "--help")
    assert result.exit_code == 0
    assert "partial" in result.output and "concession" in result.output
