"""``argmap eval``: measure argmap's analysis on your own labelled data."""

from __future__ import annotations

import click

from argmap.cli import emit_json, err, json_option


def register(main: click.Group) -> None:
    main.add_command(eval_group)


@click.group("eval")
def eval_group():
    """Measure argmap on labelled data (accuracy, macro-F1, confusion matrix)."""


@eval_group.command("agreement")
@click.argument("csv_file", metavar="FILE.csv", type=click.Path(dir_okay=False))
@click.option("--stance", type=click.Choice(["model", "features"]), default="model", show_default=True,
              help="Stance detector to score: the neural model combined with the features, or the features alone.")
@json_option
def agreement(csv_file: str, stance: str, as_json: bool) -> None:
    """Score reply stance against labelled parent/reply pairs.

    FILE.csv has the columns parent,reply,label (others are ignored); label is agree, disagree or
    neutral (DEBAGREEMENT's 0/1/2 = disagree/neutral/agree are accepted too). Each reply is
    classified against its parent as argmap does inside a thread. A predicted `concession` counts as
    agree; a predicted `partial` ("yes, but ...") counts as agree, because on Reddit data annotators
    mostly labelled such replies agree (see README, "Stance"); the shipped parameters record this
    choice as `partial_as`.

    Prints accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix; the last line
    is `accuracy=0.xxx macro_f1=0.xxx` (with --json, one JSON object instead). Progress goes
    to stderr.

    Example: argmap eval agreement my_pairs.csv --stance features --json
    """
    from argmap.evaluate import evaluate_agreement, read_agreement_csv

    pairs = read_agreement_csv(csv_file)
    if not pairs:
        from argmap.errors import InputError

        raise InputError("no labelled rows", path=csv_file, hint="add rows under the parent,reply,label header")
    done = 0
    step = 500

    def progress(n: int) -> None:
        nonlocal done
        done += n
        if done % step == 0 or done == len(pairs):
            err(f"classified {done}/{len(pairs)} pairs")

    err(f"classifying {len(pairs)} pairs from {csv_file} with the {stance} stance ...")
    report, _ = evaluate_agreement(pairs, progress=progress if len(pairs) >= step else None, method=stance)
    if as_json:
        emit_json(report.to_json())  # pure JSON for programs: accuracy and macro_f1 are keys
        return
    labels = report.labels
    click.echo(f"pairs: {report.n}    predicted kinds: "
               + ", ".join(f"{k} {v}" for k, v in report.extra["predicted_kinds"].items())
               + f"    (partial counted as {report.extra['partial_counts_as']}, concession as agree)")
    click.echo(f"stance: {report.extra['stance']}    uncertain (below the confidence threshold): "
               f"{report.extra['uncertain']}")
    click.echo("")
    click.echo(f"{'class':<10} {'precision':>9} {'recall':>7} {'f1':>7} {'support':>8}")
    for c in labels:
        s = report.per_class[c]
        click.echo(f"{c:<10} {s.precision:>9.3f} {s.recall:>7.3f} {s.f1:>7.3f} {s.support:>8d}")
    click.echo("")
    click.echo("confusion (rows gold, columns predicted)")
    click.echo(f"{'':<10} " + " ".join(f"{c:>9}" for c in labels))
    for g in labels:
        click.echo(f"{g:<10} " + " ".join(f"{report.confusion[g][p]:>9d}" for p in labels))
    click.echo("")
    click.echo(report.summary_line())
