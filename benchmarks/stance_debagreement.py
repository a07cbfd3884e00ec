"""Stance on DEBAGREEMENT dev through the user-facing command, on all pairs and on the unanimous subset.

    /work/venv/bin/python benchmarks/stance_debagreement.py

Converts ../shared/data/debagreement/dev.csv into parent,reply,label CSVs under /tmp (labels
0/1/2 -> disagree/neutral/agree; all 4,288 pairs, and the 1,670 with agreement_fraction == 1.0)
and runs `argmap eval agreement` on each. The shipped weights were fitted on this same file
(benchmarks/fit_stance.py), so these are training figures: fit_stance.py prints the
cross-validated ones.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "debagreement" / "dev.csv"
OUT = Path("/tmp/argmap_stance_cache")
LABELS = {"0": "disagree", "1": "neutral", "2": "agree"}


def convert(rows: list[dict], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["parent", "reply", "label"])
        for r in rows:
            writer.writerow([r["body_parent"], r["body_child"], LABELS[r["label"]]])
    return path


def run_eval(path: Path) -> str:
    cmd = [sys.executable, "-c", "from argmap.cli import main; main()", "eval", "agreement", str(path)]
    done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, check=False)
    if done.returncode:
        sys.exit(f"argmap eval agreement failed: {done.stderr.strip()}")
    return done.stdout


def main() -> int:
    if not DATA.exists():
        sys.exit(f"{DATA} absent: DEBAGREEMENT dev.csv is needed (see ../shared/data/README.md)")
    with DATA.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    unanimous = [r for r in rows if float(r["agreement_fraction"]) == 1.0]
    for name, subset in (("all", rows), ("unanimous", unanimous)):
        path = convert(subset, OUT / f"debagreement_dev_{name}.csv")
        print(f"== DEBAGREEMENT dev, {name} ({len(subset)} pairs): argmap eval agreement {path}")
        print(run_eval(path), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
