"""Divergence: the author × author matrix, sharpest disagreements, crux sides, unanswered objections,
positions by author across threads, recurring cruxes; and the `cruxes` / `diverge` commands."""

from __future__ import annotations

import json

from click.testing import CliRunner

from argmap.analysis.divergence import author_positions, divergence, recurring_cruxes
from argmap.models import ArgumentMap, Author, Claim, Comment, Crux, CruxPole, Evidence, Relation, Thread


def make_map(thread_id, comments, relations, cruxes=()):
    """comments: (id, parent, author, text) with one claim per comment;
    relations: (source, target, kind, confidence); cruxes: (label, {concept: [(author, comment id)]})."""
    amap = ArgumentMap(thread=Thread(thread_id=thread_id, title=f"about {thread_id}", source_format="jsonl"))
    for n, (cid, parent, author, text) in enumerate(comments):
        comment_id = f"{thread_id}/{cid}"
        amap.comments.append(Comment(comment_id=comment_id, thread_id=thread_id, author=author, index=n, text=text,
                                     parent_id=f"{thread_id}/{parent}" if parent else None))
        amap.claims.append(Claim(claim_id=f"{comment_id}#0-{len(text)}", comment_id=comment_id, thread_id=thread_id,
                                 author=author, text=text, start=0, end=len(text)))
        if author not in {a.author_id for a in amap.authors}:
            amap.authors.append(Author(author_id=author, display_name=author.title()))
    for src, tgt, kind, conf in relations:
        s, t = amap.comment(f"{thread_id}/{src}"), amap.comment(f"{thread_id}/{tgt}")
        amap.relations.append(Relation(
            relation_id=f"{s.comment_id}->{t.comment_id}", thread_id=thread_id, kind=kind,
            source_comment_id=s.comment_id, target_comment_id=t.comment_id,
            source_claim_id=f"{s.comment_id}#0-{len(s.text)}", target_claim_id=f"{t.comment_id}#0-{len(t.text)}",
            source_author=s.author, target_author=t.author, confidence=conf))
    for label, poles in cruxes:
        names = list(poles)
        amap.cruxes.append(Crux(
            crux_id=f"{thread_id}/crux:" + "~".join(sorted(names)), thread_id=thread_id, label=label, score=0.6,
            poles=[CruxPole(concept=c, authors=sorted({a for a, _ in poles[c]}),
                            claim_ids=[f"{thread_id}/{cid}#0-{len(amap.comment(f'{thread_id}/{cid}').text)}"
                                       for _, cid in poles[c]]) for c in names],
            evidence=[Evidence(kind="contrast-pattern", text=label, comment_id=f"{thread_id}/1")]))
    return amap


COMMENTS = [
    ("1", None, "ann", "Rail is the answer for short trips, not flights."),
    ("2", "1", "bob", "Rail is far too slow for most routes."),
    ("3", "2", "ann", "Fair point, for long routes it is slow."),
    ("4", "1", "cat", "Exactly, rail wins below 600 km."),
    ("5", "4", "bob", "No, flights still win on price."),
    ("6", "2", "cat", "That is wrong: high-speed rail is fast."),
]
RELATIONS = [("2", "1", "disagree", 0.9), ("3", "2", "concession", 0.8), ("4", "1", "agree", 0.85),
             ("5", "4", "disagree", 0.6), ("6", "2", "disagree", 0.7)]
CRUXES = [("rail vs flight", {"rail": [("ann", "1"), ("cat", "4")], "flight": [("bob", "5")]})]


def test_divergence_counts_each_cell_with_the_claims_behind_it():
    d = divergence(make_map("rail", COMMENTS, RELATIONS, CRUXES))
    assert d.authors == ["ann", "bob", "cat"]
    bob_ann = d.cell("bob", "ann")
    assert (bob_ann.agree, bob_ann.disagree, bob_ann.partial, bob_ann.concession) == (0, 1, 0, 0)
    assert bob_ann.relation_ids == ["rail/2->rail/1"]
    assert bob_ann.claim_ids == ["rail/2#0-37", "rail/1#0-48"]
    assert d.cell("ann", "bob").concession == 1
    pair = d.pair("bob", "ann")
    assert (pair.source_author, pair.target_author, pair.disagree, pair.concession) == ("ann", "bob", 1, 1)
    assert d.cell("ann", "cat").total == 0  # ann never responded to cat


def test_divergence_ranks_disagreements_touching_a_crux_first():
    d = divergence(make_map("rail", COMMENTS, RELATIONS, CRUXES))
    assert [e.relation_id for e in d.sharpest] == ["rail/2->rail/1", "rail/5->rail/4", "rail/6->rail/2"]
    top = d.sharpest[0]
    assert top.crux_ids == ["rail/crux:flight~rail"]
    assert top.source_text == "Rail is far too slow for most routes."
    # 6 -> 2 has higher confidence than 5 -> 4 but touches no crux claim
    assert d.sharpest[2].crux_ids == []


def test_divergence_lists_objections_the_target_never_answered():
    d = divergence(make_map("rail", COMMENTS, RELATIONS, CRUXES))
    # ann answered bob's objection (comment 3); cat never replied to bob's comment 5, bob never to cat's 6
    assert [(e.source_author, e.target_author, e.source_comment_id) for e in d.unanswered] == [
        ("bob", "cat", "rail/5"), ("cat", "bob", "rail/6")]


def test_divergence_reports_sides_of_each_crux():
    d = divergence(make_map("rail", COMMENTS, RELATIONS, CRUXES))
    [sides] = d.cruxes
    assert {s.concept: s.authors for s in sides.sides} == {"rail": ["ann", "cat"], "flight": ["bob"]}
    assert sides.both == []


def test_divergence_of_a_thread_without_relations_is_empty_not_an_error():
    d = divergence(make_map("quiet", COMMENTS[:2], []))
    assert d.cells == [] and d.sharpest == [] and d.unanswered == []


def test_author_positions_collects_claims_partners_sides_and_concessions_across_threads():
    other = make_map("bus", [("1", None, "ann", "Buses beat trams on cost."), ("2", "1", "dan", "Yes, and on speed.")],
                     [("2", "1", "agree", 0.9)])
    maps = [make_map("rail", COMMENTS, RELATIONS, CRUXES), other]
    ann = author_positions(maps, "Ann")  # display name, any case
    assert ann.author == "ann"
    assert ann.threads == ["rail", "bus"]
    assert [c.claim_id for c in ann.claims] == ["rail/1#0-48", "rail/3#0-39", "bus/1#0-25"]
    assert [(p.author, p.count) for p in ann.disagreed_by] == [("bob", 1)]
    assert [(p.author, p.count) for p in ann.agreed_by] == [("cat", 1), ("dan", 1)]
    assert [(c.target_author, c.source_text) for c in ann.concessions] == [("bob", "Fair point, for long routes it is slow.")]
    assert [(s.label, s.concept, s.claim_ids) for s in ann.crux_sides] == [("rail vs flight", "rail", ["rail/1#0-48"])]
    bob = author_positions(maps, "bob")
    assert [(p.author, p.count) for p in bob.disagrees_with] == [("ann", 1), ("cat", 1)]
    assert author_positions(maps, "nobody").threads == []


def test_recurring_cruxes_links_the_same_poles_across_threads():
    a = make_map("a", COMMENTS, RELATIONS, CRUXES)
    b = make_map("b", COMMENTS[:2], RELATIONS[:1],
                 [("flight vs rail", {"flight": [("bob", "2")], "rail": [("ann", "1")]})])
    c = make_map("c", COMMENTS[:2], RELATIONS[:1], [("bus vs tram", {"bus": [("ann", "1")], "tram": [("bob", "2")]})])
    groups = recurring_cruxes([a, b, c])
    assert [(g.key, g.threads, g.recurring) for g in groups] == [
        ("flight | rail", ["a", "b"], True), ("bus | tram", ["c"], False)]
    assert groups[0].authors == ["ann", "cat", "bob"]


# --- CLI -----------------------------------------------------------------------------------------


def _store(tmp_path, maps):
    from argmap.graph.store import open_store

    store = open_store(str(tmp_path / "ws"))
    store.put_maps(maps)
    store.close()
    return str(tmp_path / "ws")


def test_cli_cruxes_prints_poles_sides_and_evidence(tmp_path):
    from argmap.cli import main

    ws = _store(tmp_path, [make_map("rail", COMMENTS, RELATIONS, CRUXES)])
    result = CliRunner().invoke(main, ["cruxes", "rail", "--store", ws])
    assert result.exit_code == 0, result.output
    assert "rail vs flight" in result.output
    assert "Ann, Cat" in result.output and "Bob" in result.output
    data = json.loads(CliRunner().invoke(main, ["cruxes", "rail", "--json", "--store", ws]).output)
    assert [c["label"] for c in data] == ["rail vs flight"]
    assert data[0]["poles"][0]["claim_ids"] == ["rail/1#0-48", "rail/4#0-32"]


def test_cli_cruxes_says_so_on_stderr_when_a_thread_has_none(tmp_path):
    from argmap.cli import main

    ws = _store(tmp_path, [make_map("quiet", COMMENTS[:2], [])])
    result = CliRunner(mix_stderr=False).invoke(main, ["cruxes", "quiet", "--store", ws]) if _mix_ok() else \
        CliRunner().invoke(main, ["cruxes", "quiet", "--store", ws])
    assert result.exit_code == 0
    assert "no cruxes found in quiet" in result.stderr
    assert result.stdout.strip() == ""


def test_cli_cruxes_all_links_threads_with_the_same_poles(tmp_path):
    from argmap.cli import main

    b = make_map("b", COMMENTS[:2], RELATIONS[:1], [("flight vs rail", {"flight": [("bob", "2")], "rail": [("ann", "1")]})])
    ws = _store(tmp_path, [make_map("a", COMMENTS, RELATIONS, CRUXES), b])
    data = json.loads(CliRunner().invoke(main, ["cruxes", "--all", "--json", "--store", ws]).output)
    assert [(g["key"], g["threads"]) for g in data] == [("flight | rail", ["a", "b"])]


def test_cli_diverge_prints_matrix_and_sharpest_disagreements(tmp_path):
    from argmap.cli import main

    ws = _store(tmp_path, [make_map("rail", COMMENTS, RELATIONS, CRUXES)])
    result = CliRunner().invoke(main, ["diverge", "rail", "--store", ws])
    assert result.exit_code == 0, result.output
    assert "Sharpest disagreements" in result.output
    assert "Bob disagree Ann" in result.output
    assert "Unanswered objections" in result.output
    data = json.loads(CliRunner().invoke(main, ["diverge", "rail", "--json", "--store", ws]).output)
    assert data["sharpest"][0]["relation_id"] == "rail/2->rail/1"
    assert {(c["source_author"], c["target_author"]) for c in data["cells"]} == {
        ("bob", "ann"), ("ann", "bob"), ("cat", "ann"), ("bob", "cat"), ("cat", "bob")}


def test_cli_diverge_unknown_thread_is_one_line_error(tmp_path):
    from argmap.cli import main

    ws = _store(tmp_path, [make_map("rail", COMMENTS, RELATIONS, CRUXES)])
    result = CliRunner().invoke(main, ["diverge", "nosuch", "--store", ws])
    assert result.exit_code != 0
    assert "no thread matches 'nosuch'" in result.output
    assert "Traceback" not in result.output


def _mix_ok() -> bool:
    import inspect

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def _crowd_map():
    """ann is answered by everyone, bob by three, the rest once: a thread with many authors."""
    comments = [("1", None, "ann", "Rail is the answer."), ("2", "1", "bob", "Rail is too slow.")]
    relations = [("2", "1", "disagree", 0.9)]
    for k in range(3, 23):
        target = "1" if k % 2 else "2"
        comments.append((str(k), target, f"user{k:02d}", f"Point number {k} about rail."))
        relations.append((str(k), target, "disagree" if k % 3 else "agree", 0.7))
    return make_map("crowd", comments, relations)


def test_matrix_authors_keeps_the_most_active_and_counts_the_rest():
    from argmap.cli.analysis import matrix_authors

    d = divergence(_crowd_map())
    shown, left_out = matrix_authors(d, 2, width=200)
    assert shown == ["ann", "bob"] and left_out == 20
    every, none_left = matrix_authors(d, 0, width=200)
    assert len(every) == 22 and none_left == 0
    fitted, rest = matrix_authors(d, None, width=80)
    assert 2 <= len(fitted) < 22 and rest == 22 - len(fitted)


def test_cli_diverge_top_limits_the_matrix_and_says_how_many_were_left_out(tmp_path):
    from argmap.cli import main

    ws = _store(tmp_path, [_crowd_map()])
    runner = CliRunner(mix_stderr=False) if _mix_ok() else CliRunner()
    result = runner.invoke(main, ["diverge", "crowd", "--top", "3", "--store", ws])
    assert result.exit_code == 0, result.output
    assert "the matrix shows the 3 most active authors; 19 more left out" in result.stderr
    header = next(line for line in result.stdout.splitlines() if "Ann" in line and "Bob" in line)
    assert "User" not in header.replace("User03", "")  # only the third most active user (user03 ties first)
    full = json.loads(runner.invoke(main, ["diverge", "crowd", "--json", "--top", "3", "--store", ws]).stdout)
    assert len(full["authors"]) == 22  # --json unchanged: every author and cell
