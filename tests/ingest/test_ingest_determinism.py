"""The same input gives the same map and ids whatever PYTHONHASHSEED is: a large paste (many
near-repeated paragraphs, so candidate ties are common) is read and analysed in two subprocesses
under different hash seeds and the maps compared."""

from __future__ import annotations

import os
import random
import subprocess
import sys

_SCRIPT = """
import sys
from argmap.ingest import read_path
from argmap.pipeline import build_maps
from argmap.analysis.stance import StanceSettings
result = read_path(sys.argv[1], format="plaintext")
(amap,) = build_maps(result.maps, stance=StanceSettings(method="features"))
sys.stdout.write(amap.model_dump_json())
"""


def _paste(n_lines: int = 400) -> str:
    rng = random.Random(7)
    words = "city policy cars traffic shops people bikes rent housing tax schools parks buses trains noise air".split()
    bases = [[rng.choice(words) for _ in range(12)] for _ in range(6)]
    out = ["Some responses:"]
    for _ in range(n_lines):
        line = list(rng.choice(bases))
        line[rng.randrange(len(line))] = rng.choice(words)
        if rng.random() < 0.3:
            line = line[:rng.randrange(4, len(line))]
        out.append(" ".join(line) + ("." if rng.random() < 0.5 else ""))
        if rng.random() < 0.2:
            out.append("I disagree with this.")
    return "\n".join(out) + "\n"


def test_plaintext_map_is_the_same_under_two_hash_seeds(tmp_path):
    path = tmp_path / "paste.txt"
    path.write_text(_paste(), encoding="utf-8")
    maps = []
    for seed in ("1", "2"):  # seeds under which the reader once gave different comments and quotes
        env = dict(os.environ, PYTHONHASHSEED=seed)
        done = subprocess.run([sys.executable, "-c", _SCRIPT, str(path)], env=env, capture_output=True,
                              text=True, timeout=240, check=True)
        maps.append(done.stdout)
    assert maps[0] and maps[0] == maps[1]
