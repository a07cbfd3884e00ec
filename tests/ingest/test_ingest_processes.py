"""``argmap ingest --processes``: the parse in several processes gives the same map as one, and
the progress reaches every stage once per comment."""

from __future__ import annotations

import json
from itertools import product

from click.testing import CliRunner

from argmap.cli import main

SUBJECTS = ["Nuclear power", "Wind farms", "Solar panels", "Hydro dams", "Gas plants", "Batteries"]
CLAIMS = ["is cheaper than people think", "needs far more land", "cannot run when the weather turns",
          "keeps the grid stable at night", "should get public money"]
REASONS = ["because the numbers from Germany say so.", "since storage is still expensive.",
           "as every utility report shows.", "given how long the permits take.", "if you count the waste."]
REPLIES = ["I disagree.", "Exactly right.", "Not sure about that.", "That is only half true.", ""]


def thread_rows(n: int) -> list[dict]:
    """``n`` comments with distinct texts in a reply tree; every fifth one quotes its parent."""
    sentences = [f"{s} {c} {r}" for s, c, r in product(SUBJECTS, CLAIMS, REASONS)]
    rows = []
    for i in range(n):
        text = f"{REPLIES[i % len(REPLIES)]} {sentences[i % len(sentences)]} {sentences[(7 * i + 3) % len(sentences)]}"
        parent = (i - 1) // 2 if i else None
        if parent is not None and i % 5 == 0:
            text = f"> {rows[parent]['text'].split('. ')[0].lstrip('> ')}\n\n{text} (reply {i})"
        rows.append({"id": str(i), "parent_id": None if parent is None else str(parent),
                     "author": f"user{i % 17}", "thread_id": "energy", "text": text.strip() + f" #{i}"})
    return rows


def _ingest_show(tmp_path, name: str, *args: str) -> tuple[str, str]:
    runner = CliRunner()
    path = tmp_path / "thread.jsonl"
    if not path.exists():
        path.write_text("".join(json.dumps(r) + "\n" for r in thread_rows(160)), encoding="utf-8")
    store = str(tmp_path / name)
    ingest = runner.invoke(main, ["ingest", "--store", store, "--stance", "features", *args, str(path)],
                           catch_exceptions=False)
    assert ingest.exit_code == 0, ingest.output
    shown = runner.invoke(main, ["show", "--store", store, "--json", "energy"], catch_exceptions=False)
    assert shown.exit_code == 0
    return shown.output, ingest.output


def test_two_processes_give_the_map_of_one(tmp_path, monkeypatch):
    from argmap.nlp import load_nlp

    nlp = load_nlp()
    asked: list[int] = []
    pipe = nlp.pipe

    def spy(*args, n_process=1, **kwargs):
        asked.append(n_process)
        return pipe(*args, n_process=n_process, **kwargs)

    monkeypatch.setattr(nlp, "pipe", spy)
    one, _ = _ingest_show(tmp_path, "one", "--processes", "1")
    two, _ = _ingest_show(tmp_path, "two", "--processes", "2")
    # one nlp.pipe stream per ingest (ids are zipped back on, not passed through as_tuples)
    assert asked == [1, 2]
    amap = json.loads(one)
    assert len(amap["comments"]) == 160 and amap["claims"] and amap["quotes"] and amap["relations"]
    assert one == two


def test_progress_counts_every_comment_through_every_stage():
    from argmap.ingest import read_text
    from argmap.nlp import load_nlp
    from argmap.pipeline import STAGES, build_maps
    from argmap.analysis.stance import StanceSettings

    rows = thread_rows(40)
    maps = read_text("".join(json.dumps(r) + "\n" for r in rows), path="t.jsonl").maps
    seen: list[str] = []
    counts: dict[str, int] = {}

    def stage(name):
        seen.append(name)

    def progress(n):
        counts[seen[-1]] = counts.get(seen[-1], 0) + n

    build_maps(maps, nlp=load_nlp(), progress=progress, stage=stage, stance=StanceSettings(method="features"))
    assert seen == list(STAGES)
    assert counts == {name: 40 for name in STAGES}


def test_progress_moves_inside_the_stance_stage():
    """The neural stance model is the longest stage: the bar moves as it reads the pairs, not once at
    its end, and still counts each comment once."""
    from argmap.ingest import read_text
    from argmap.nlp import load_nlp
    from argmap.pipeline import build_maps

    maps = read_text("".join(json.dumps(r) + "\n" for r in thread_rows(40)), path="t.jsonl").maps
    seen: list[str] = []
    stance_ticks: list[int] = []

    def progress(n):
        if seen and seen[-1] == "stance":
            stance_ticks.append(n)

    build_maps(maps, nlp=load_nlp(), progress=progress, stage=seen.append)
    assert sum(stance_ticks) == 40
    assert len(stance_ticks) >= 10, stance_ticks


def test_ingest_default_processes_is_capped():
    from argmap.pipeline import MAX_DEFAULT_PROCESSES, default_processes

    assert 1 <= default_processes() <= MAX_DEFAULT_PROCESSES
