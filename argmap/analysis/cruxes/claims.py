"""Implicit cruxes: the claim a disagreement turns on, found from the disagreement's structure even
where nobody wrote the contrast out.

Where replies attack a comment, and the comment's side answers back, the thread splits into two
camps around it. Camps are read off the stance edges (confident ones only, between different
voices, from replies that argue: an assertion or question of ``min_claim_words`` words in prose,
not "Thank you." nor "Team Mystic?"): starting from the disputed comment (its camp: +), a reply
that agrees with a comment joins that comment's camp, one that disagrees (or partly disagrees)
joins the other, and a neutral reply ends the chain, except that a voice keeps its camp: a reply
by someone already in a camp that no sure edge places (a poster answering a challenger, read as
an unsure agreement) stays in that camp, and what answers it is walked too. The dispute around a comment is the set of
attacks between the two camps within ``depth`` replies of it; the comment is a **crux claim** when
that dispute is repeated (at least ``min_attacks`` attacks weighing ``min_dispute``) and across
voices (two or more opponents, or a rebuttal of a rebuttal), with someone in both camps. A comment
that objects to the one it answers (a sure attack on it) has that voice against it too: its own
attack counts in its dispute (``objections``), so an objection attacked by another voice is disputed
twice, by two voices (a Kialo con with a con of its own).

A **voice** is a comment's author, or, where the source names nobody (a Kialo debate, a deleted
account), the comment itself: each unsigned claim is someone's. Unsigned voices count in the camps
but are never listed as authors; a side then lists its claims (``CruxPole.claim_ids``).

Which of the comment's claims is disputed: the one quote-level attacks point at (when they are at
least half of the direct attacks, ``pointed_share``), else the one whose
content words the replies share most (lemmas of nouns, verbs, adjectives: no topic list; the direct
attacks at full weight, the rest of the dispute at ``echo_weight``), else its first assertion. The
label is the sentence the claim is a clause of, when it fits.

Sides come only from people's own words and edges: the claim's author is for it (the claim is the
evidence); an author whose own reply agrees with the disputed comment, or attacks it, or attacks one
of those replies (``_placing``) is for or against it, with the sentence of that reply that shows the
stance. A reply to a long comment (more than ``short_target_claims`` claims) must say on what it
takes its side: quote the comment, or share a content word with the disputed claim ("Thank you for
sharing." under a long post agrees with the post, not with the one line of it that is disputed).
Anyone placed only through other people's replies (agreeing with an attacker's ally two replies
down), by a reply that does not say on what, or found in both camps equally, is ``unclear``:
argmap does not guess.

Each crux says how much of each attack it explains: an attack on the claim wholly, a rebuttal of its
defence ``depth_decay`` as much, and so on down. ``argmap.analysis.cruxes.ranking`` ranks explicit
and implicit cruxes together by how much of the thread's disagreement each explains, so that a claim
disputed inside a larger dispute (an objection its defenders rebut) still ranks as a crux of its own.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass

from argmap.analysis.cruxes.lexicons import (
    ADDRESSEE_VIEWS, ATTRIBUTING_VERBS, INVITING_VERBS, OWN_VIEWS, PEOPLE, REPORTING_VERBS, VIEW_NOUNS,
)
from argmap.analysis.cruxes.ranking import crux_score
from argmap.analysis.cruxes.sides import relation_evidence
from argmap.mapindex import MapIndex
from argmap.models import (
    ATTACKING_KINDS, SUPPORTING_KINDS, ArgumentMap, Crux, CruxPole, Evidence, disagreement_weight,
)

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


@dataclass(frozen=True)
class CruxClaimSettings:
    depth: int = 3
    """Replies below the disputed comment that still belong to its dispute: the attack, the defence,
    the rebuttal of the defence. Deeper exchanges are disputes of their own."""
    min_attacks: int = 2
    """A crux claim is disputed repeatedly: at least this many attacks between the camps, weighing (by
    confidence, a partial at half) at least this many sure-enough (``min_confidence``) disagreements:
    a pair of doubtful half-disagreements ("Thanks for the heads up, though.") is no dispute."""
    min_confidence: float = 0.6
    """Only stance edges at least this confident split camps: a crux read off guessed stances is noise."""
    min_dispute: float = 1.2
    """The attacks together weigh (confidence, a partial at half) at least this much: by default
    ``min_attacks`` disagreements at ``min_confidence``."""
    min_claim_words: int = 4
    """A crux claim says something: claims shorter than this are not candidates."""
    pointer_claim_words: int = 6
    """A claim of at most this many words whose subject is "that", "this" or "it" ("That makes no
    sense.") points at something said elsewhere and is never the disputed claim."""
    min_prose_share: float = 0.6
    """A claim is prose when at least this share of its whitespace-separated pieces are words (a line of
    code or a log line is not a position)."""
    depth_decay: float = 0.5
    """Share of an attack a crux claim explains per reply below it: an attack on the claim counts
    whole, a rebuttal of its defence this much, the next one this much again (ranking only)."""
    objections: bool = True
    """A comment that attacks the comment it answers ("No, speed depends on the implementation" under
    "pickle is slow") is a claim its answered voice is against: that attack counts in its own
    dispute, so an objection that is attacked in turn, by another voice, is disputed repeatedly and
    across voices (a Kialo con with a con of its own). The back-and-forth of two people (the answered
    writer replying to the objection) is the answered comment's dispute: it needs a rebuttal or a
    second opponent as any other."""
    corroborated_floor: float | None = 0.4
    """An unsure attack (below ``min_confidence``, or ``uncertain``) of at least this confidence splits
    camps when its writer attacks the same voice again, surely, in a reply at most
    ``corroboration_depth`` below it: the stance was misread as unsure, the opposition is not. None:
    unsure attacks never count."""
    corroboration_depth: int = 4
    """How far below an unsure attack its writer's sure attack on the same voice may be (replies)."""
    conceded_floor: float | None = 0.4
    """An attack its target's writer concedes in a direct reply to it (a concession of at least this
    confidence: "∆ I hadn't considered that") makes a dispute on its own: a settled disagreement
    both voices acknowledge, as sure as a repeated one (``min_attacks``, ``min_dispute`` and
    ``lone_opponent_attacks`` do not apply). The conceding writer stays on the side of what they
    wrote. None: concessions count as any agreement."""
    lone_opponent_attacks: int = 2
    """With a single opponent, the dispute must go back and forth at least this many times."""
    pointed_share: float = 0.5
    """Quote-level attacks decide which claim of a comment is disputed when those on one claim weigh at
    least this share of all the direct attacks on the comment; one reply quoting a line of a post
    that many replies argue with does not decide what they all argue with."""
    echo_weight: float = 0.5
    """Weight of the words of the dispute's other replies (defences, rebuttals of them) when finding
    which claim of the disputed comment the dispute is about; the direct attacks weigh 1."""
    short_target_claims: int = 3
    """A reply's stance towards a comment of at most this many claims is a stance on its point. Towards
    a longer one ("Thank you for sharing." under a long post), it places its writer on the side of the
    disputed claim only when the reply says on what it takes that side: it quotes the comment, or
    shares a content word with the disputed claim (with the comment, for a reply to one of the
    dispute's other comments). Otherwise the writer took the comment's side, or the other, without
    saying on what: ``unclear``."""
    label_chars: int = 120
    max_evidence: int = 8


def _weight(rel) -> float:
    return disagreement_weight(rel.kind) * rel.confidence


def voice(comment) -> str:
    """Who speaks in a comment: its author, or, where the source names nobody (Kialo, a deleted
    account, an anonymous dump), the comment itself: an unsigned comment is one voice of its own."""
    return comment.author if comment.author is not None else f"{ANON}{comment.comment_id}"


ANON = "\x00anon:"
"""Prefix of the voice of an unsigned comment; such voices count as people in a camp but are never
listed as authors (a pole lists their claims instead)."""


def _edges(amap: ArgumentMap, comments: Mapping, settings: CruxClaimSettings) -> list:
    """Stance edges that can split camps: confident enough, between two different voices. An unsure
    attack counts too when its writer goes on to attack the same voice surely further down the same
    exchange (``corroborated_floor``)."""
    out, unsure = [], []
    for rel in amap.relations:
        if rel.kind not in ATTACKING_KINDS and rel.kind not in SUPPORTING_KINDS:
            continue
        if rel.source_comment_id not in comments or rel.target_comment_id not in comments:
            continue
        if voice(comments[rel.source_comment_id]) == voice(comments[rel.target_comment_id]):
            continue
        if rel.uncertain or rel.confidence < settings.min_confidence:
            if rel.kind in ATTACKING_KINDS and settings.corroborated_floor is not None \
                    and rel.confidence >= settings.corroborated_floor:
                unsure.append(rel)
            continue
        out.append(rel)
    if unsure:
        pair = lambda rel: (voice(comments[rel.source_comment_id]), voice(comments[rel.target_comment_id]))
        below: set[tuple[str, tuple[str, str]]] = set()  # (comment, pair of voices attacking below it)
        for rel in out:
            if rel.kind in ATTACKING_KINDS:
                cid = comments[rel.source_comment_id].parent_id
                for _ in range(settings.corroboration_depth):
                    if cid not in comments:
                        break
                    below.add((cid, pair(rel)))
                    cid = comments[cid].parent_id
        out += [rel for rel in unsure if (rel.source_comment_id, pair(rel)) in below]
    return out


def _content(doc, start: int = 0, end: int | None = None, holes=()) -> set[str]:
    """Lemmas of the content words (nouns, verbs, adjectives; no stop words) of ``doc[start:end]``
    outside ``holes`` (quoted passages). ``doc`` may be a sentence span (offsets stay the Doc's)."""
    end = len(doc.text) if end is None else end
    return {_lemma(t) for t in doc if start <= t.idx < end and t.pos_ in CONTENT_POS and not t.is_stop
            and t.is_alpha and len(t.text) > 2 and not any(a <= t.idx < b for a, b in holes)}


def _lemma(token) -> str:
    """A content word's lemma, lower-cased, with a plural "-s" the lemmatiser left on a name or a
    noun taken off ("iPhones" is often its own lemma as a proper noun): a reply that says "iphone"
    speaks of the claim's "iPhones". Only where the lemma is the word itself ("process", "analysis"
    keep theirs: a double "s", or a lemma the lemmatiser did change, is left alone)."""
    lemma = token.lemma_.lower()
    if (token.pos_ in {"NOUN", "PROPN"} and len(lemma) > 4 and lemma == token.lower_ and lemma.endswith("s")
            and not lemma.endswith(("ss", "us", "is"))):
        return lemma[:-1]
    return lemma


class _OwnWords:
    """Each comment's content words outside its quotes (``own(cid)``) and in its whole text
    (``own.whole(cid)``), each computed once however many disputes read them."""

    def __init__(self, amap: ArgumentMap, docs: Mapping[str, object]) -> None:
        self.docs = docs
        self.holes: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for q in amap.quotes:
            self.holes[q.comment_id].append((q.start, q.end))
        self._words: dict[tuple[str, bool], set[str]] = {}

    def __call__(self, comment_id: str, *, quotes: bool = False) -> set[str]:
        key = (comment_id, quotes)
        if key not in self._words:
            doc = self.docs.get(comment_id)
            holes = () if quotes else self.holes.get(comment_id, ())
            parsed = doc is not None and doc.has_annotation("POS")
            self._words[key] = _content(doc, holes=holes) if parsed else set()
        return self._words[key]

    def whole(self, comment_id: str) -> set[str]:
        return self(comment_id, quotes=True)


def _answering_attacks(edges: list, comments: Mapping, keep=None) -> dict[str, object]:
    """Each reply's strongest attack edge on the comment it answers (reply id -> relation), among the
    edges ``keep`` accepts (all, by default)."""
    out: dict[str, object] = {}
    for rel in edges:
        src = rel.source_comment_id
        if (rel.kind in ATTACKING_KINDS and comments[src].parent_id == rel.target_comment_id
                and (keep is None or keep(rel)) and (src not in out or rel.confidence > out[src].confidence)):
            out[src] = rel
    return out


def _conceded(amap: ArgumentMap, comments: Mapping, edges: list, settings: CruxClaimSettings
              ) -> tuple[set[str], set[str]]:
    """(attacks their target concedes, the conceding relations): an attack edge from B's reply on
    A's comment, answered by A in a reply to it whose stance is a concession ("∆ Fair point, I hadn't
    considered that", "I stand corrected") of at least ``conceded_floor`` confidence."""
    if settings.conceded_floor is None:
        return set(), set()
    attack_of = _answering_attacks(edges, comments)
    conceded, conceding = set(), set()
    for rel in amap.relations:
        if rel.kind != "concession" or rel.confidence < settings.conceded_floor or rel.level != "reply":
            continue
        attack = attack_of.get(rel.target_comment_id)
        if attack is None or rel.source_comment_id not in comments or attack.target_comment_id not in comments:
            continue
        if voice(comments[rel.source_comment_id]) == voice(comments[attack.target_comment_id]):
            conceded.add(attack.relation_id)
            conceding.add(rel.relation_id)
    return conceded, conceding


def find_crux_claims(amap: ArgumentMap, docs: Mapping[str, object], *,
                     settings: CruxClaimSettings | None = None) -> list[tuple[Crux, dict[str, float]]]:
    """Candidate crux claims of one thread, each with the attacks it covers (relation id -> weight),
    strongest first. Ranking against explicit cruxes, and dropping candidates that repeat a stronger
    crux, is ``argmap.analysis.cruxes``'s job."""
    settings = settings or CruxClaimSettings()
    index = MapIndex(amap)
    comments = index.comments
    claims_of = {cid: sorted(cls, key=lambda c: c.start) for cid, cls in index.claims_of.items()}
    # a reply joins a camp, for or against, only when it argues: "Thank you." or "Yes." takes no side
    arguing = {cid for cid, cls in claims_of.items() if any(_argues(cl, settings, questions=True) for cl in cls)}
    edges = [rel for rel in _edges(amap, comments, settings) if rel.source_comment_id in arguing]
    conceded, conceding = _conceded(amap, comments, edges, settings)
    # the conceding reply keeps its writer's camp (they held the claim; the concession is counted
    # with the attack it concedes), it does not move them to the attacker's
    edges = [rel for rel in edges if rel.relation_id not in conceding]
    incoming: dict[str, list] = defaultdict(list)
    for rel in edges:
        incoming[rel.target_comment_id].append(rel)
    for rels in incoming.values():
        # a reply may carry several edges to one comment (the reply, each quote it answers): its
        # strongest one decides its camp
        rels.sort(key=lambda r: -r.confidence)

    own = _OwnWords(amap, docs)
    about = {rel.relation_id: _on_topic(rel, own) for rel in edges}
    # each comment's strongest usable attack on the comment it answers: an objection is itself a
    # claim, and the voice it objects to is against it
    objection = _answering_attacks(edges, comments, lambda rel: about[rel.relation_id]) if settings.objections else {}
    found: list[tuple[float, Crux, dict[str, float]]] = []
    for target_id in sorted(incoming, key=lambda cid: comments[cid].index):
        if not any(rel.kind in ATTACKING_KINDS for rel in incoming[target_id]):
            continue
        camp, covered, tree, depth_of, kept = _camps(target_id, incoming, settings.depth, index.children, comments)
        covered = {rid: w for rid, w in covered.items() if about[rid]}
        up = objection.get(target_id)
        if up is not None and up.target_comment_id not in camp:  # (in it only through a parent cycle)
            # the comment objects to what it answers: that comment's voice is against it, and the
            # objection is one attack across the camps (it counts towards the dispute, and explains
            # none of it: the objection is the answered comment's dispute as much as this one's)
            camp[up.target_comment_id] = -1
            covered[up.relation_id] = _weight(up)
        else:
            up = None
        # an attack its target concedes is a settled disagreement: both voices say there was one,
        # which is what a repeated attack shows
        settled = any(rid in conceded for rid in covered)
        if not settled and (len(covered) < settings.min_attacks
                            or sum(covered.values()) < settings.min_dispute - 1e-9):
            continue
        lean: dict[str, float] = defaultdict(float)
        for cid, sign in camp.items():
            lean[voice(comments[cid])] += sign
        supporters = sorted(a for a, v in lean.items() if v > 0)
        opponents = sorted(a for a, v in lean.items() if v < 0)
        unclear = sorted(a for a, v in lean.items() if v == 0)
        # the claim's side answered an attack: a sure rebuttal, or its writer replying to the attacker
        rebutted = any(camp[rel.source_comment_id] > 0 for rel in tree if rel.relation_id in covered) or any(
            camp[kid] > 0 and camp[parent] < 0 for kid, parent in kept.items())
        if not supporters or not opponents or not (len(opponents) >= 2 or rebutted):
            continue
        if len(opponents) == 1 and len(covered) < settings.lone_opponent_attacks and not settled:
            continue
        claim = _disputed_claim(target_id, claims_of.get(target_id, []), [r for r in tree if r.relation_id in covered], tree,
                                docs, own, settings)
        if claim is None:
            continue
        n_voices = len(supporters) + len(opponents)
        doc = docs.get(target_id)
        point = _content(doc, claim.start, claim.end) if doc is not None and doc.has_annotation("POS") else None
        # the edges that place their writer on a side by their own words, and say on what
        placing = {rel.relation_id for rel in tree
                   if _placing(rel, depth_of) and _speaks_to(rel, target_id, point, own, claims_of, settings)}
        supporters, opponents, unclear = _listed_sides(target_id, comments, camp, tree, lean, placing,
                                                       writer_holds=not _reports_others(doc, claim))
        # how much of each attack this claim explains: an attack on it wholly, a rebuttal of its
        # defence half as much, and so on down the chain (deeper down, the exchange has moved on to
        # what the rebuttal said, and is that claim's dispute more than this one's)
        source_depth = {rel.relation_id: depth_of[rel.source_comment_id] for rel in tree}
        explains = {rid: w * settings.depth_decay ** (source_depth[rid] - 1) for rid, w in covered.items()
                    if rid in source_depth}  # the attacks below it, not its own objection
        crux = _crux(amap, docs, own, comments, claims_of, claim, camp, tree, covered, explains, supporters, opponents,
                     unclear, n_voices, placing, settings, objected=up)
        found.append((sum(explains.values()), crux, explains))
    found.sort(key=lambda x: (-x[0], x[1].crux_id))
    return [(crux, covered) for _, crux, covered in found]


def _placing(rel, depth_of: Mapping[str, int]) -> bool:
    """Does this stance edge of a voice place it on a side of the dispute around the root by its own
    words? A reply to the disputed comment does (agreeing or attacking), and so does an attack on
    such a reply (a rebuttal of an attacker defends the claim; one of a defender opposes it). Deeper
    down, or agreeing with someone else's reply, the side is only inferred through other people's
    comments, and a partial agreement leans both ways: the author is ``unclear``."""
    if rel.kind == "partial":
        return False  # partly agreeing is leaning both ways
    depth = depth_of[rel.source_comment_id]
    return depth == 1 or (depth == 2 and rel.kind in ATTACKING_KINDS)


def _speaks_to(rel, root: str, point: set[str] | None, own: _OwnWords, claims_of: Mapping[str, list],
               settings: CruxClaimSettings) -> bool:
    """Does a reply's stance edge say on what it takes its side (``short_target_claims``)? It answers
    a short comment, or quotes what it answers, or shares a content word with it: with the disputed
    claim (``point``, its content words) when it answers the disputed comment itself."""
    if len(claims_of.get(rel.target_comment_id, ())) <= settings.short_target_claims or rel.level == "quote":
        return True
    words = point if point is not None and rel.target_comment_id == root else own(rel.target_comment_id)
    return bool(own(rel.source_comment_id) & words)


def _listed_sides(root: str, comments: Mapping, camp: Mapping[str, int], tree: list, lean: Mapping[str, float],
                  placing: set[str], *, writer_holds: bool = True) -> tuple[list[str], list[str], list[str]]:
    """(supporters, opponents, unclear) as listed on the crux: named authors whose camp is shown by
    their own claim (unless the claim reports what others say: ``writer_holds`` False) or their own
    placing edge (``placing``: ``_placing`` edges that say on what they take their side,
    ``_speaks_to``) and agrees with where the camps put them; everyone else who took part is
    unclear. Unsigned voices are never listed."""
    own: dict[str, float] = defaultdict(float)
    if writer_holds:
        own[voice(comments[root])] += 1
    for rel in tree:
        if rel.relation_id in placing:
            own[voice(comments[rel.source_comment_id])] += camp[rel.source_comment_id]
    named = [a for a in lean if not a.startswith(ANON)]
    supporters = sorted(a for a in named if lean[a] > 0 and own.get(a, 0) > 0)
    opponents = sorted(a for a in named if lean[a] < 0 and own.get(a, 0) < 0)
    unclear = sorted(set(named) - set(supporters) - set(opponents))
    return supporters, opponents, unclear


def _reports_others(doc, claim) -> bool:
    """Does the claim report what others say, rather than assert it? Its root is a verb of saying
    with a subject other than the writer ("People in my school say that X", "My friends told me X")
    and a clause of what they said, or the writer heard or read it ("I've read that X"). The writer
    of such a claim is not thereby on its side. Read off the parse; without one, no claim does."""
    parsed = _parsed_root(doc, claim)
    if parsed is None:
        return False
    root = parsed[1]
    if root.lemma_.lower() not in REPORTING_VERBS or not any(c.dep_ == "ccomp" for c in root.children):
        return False
    if any(c.dep_ == "neg" for c in root.children):
        return False
    subjects = [c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}]
    if not subjects:
        return False
    subject = subjects[0]
    if subject.lower_ in {"i", "we"}:
        # "I hear / I read that X" reports; "I say / I claim that X" asserts
        return root.lemma_.lower() in {"hear", "read"}
    # people say it ("a lot of people in my school say", "my friends told me"); a source that says it
    # ("it actually says that", "the study claims") is cited by a writer who holds it
    return any(t.lemma_.lower() in PEOPLE or t.ent_type_ in {"PERSON", "NORP"} for t in _subject_heads(subject))


def _subject_heads(subject) -> list:
    """A subject and, for a quantity of something ("a lot of people", "a lot of your objection"),
    the noun it is a quantity of."""
    return [subject] + [g for p in subject.children if p.dep_ == "prep" and p.lower_ == "of"
                        for g in p.children if g.dep_ == "pobj"]


def _words(text: str) -> int:
    return sum(1 for w in text.split() if w.strip(".,;:!?\"'()").isalpha())


def _argues(claim, settings: CruxClaimSettings, *, questions: bool = False) -> bool:
    """A claim that can be disputed: an assertion, not a question, of at least ``min_claim_words``
    words, and prose (most of its words are words: no code, no log lines). With ``questions``, one
    that can carry an attack: a challenging question of as many words counts ("What storage duration
    are you assuming?"), a bare "Team Mystic?" does not."""
    text = claim.text.strip()
    n = _words(text)
    return ((claim.kind == "assertion" or (questions and text.endswith("?")))
            and (questions or not text.endswith("?")) and n >= settings.min_claim_words
            and n >= settings.min_prose_share * len(text.split()))


def _asks(claim, settings: CruxClaimSettings) -> bool:
    """A question that can carry a position: ``_argues`` with ``questions``, or a question the claim
    stage read as one without its question mark ("Why didn't he remove this behaviour in Python 3:"
    before the lines that show it)."""
    if _argues(claim, settings, questions=True):
        return True
    text = claim.text.strip()
    n = _words(text)
    return claim.kind == "question" and n >= settings.min_claim_words and n >= settings.min_prose_share * len(text.split())


def _on_topic(rel, own: _OwnWords) -> bool:
    """Is an attack about what it answers? It quotes it, or the reply's own words share a content
    word (lemma of a noun, verb or adjective) with the words it answers. A rebuttal that shares no
    word with its target is as likely a misread stance or a change of subject: it splits no camps.
    A stance its writer labelled (a Kialo con) is no misreading: it is about what it answers."""
    return (rel.kind not in ATTACKING_KINDS or rel.level == "quote" or any(e.kind == "source-label" for e in rel.evidence)
            or bool(own(rel.source_comment_id) & own(rel.target_comment_id)))


def _camps(root: str, incoming: Mapping[str, list], depth: int, children: Mapping[str, list], comments: Mapping):
    """Signed camps around ``root`` (breadth-first over stance edges towards each comment, ``depth``
    replies down), the attacks between the camps (relation id -> weight), the edges walked, each
    comment's depth, and the replies placed by their writer's camp (comment id -> what it answers).

    A voice keeps its camp: a reply whose writer is already in a
    camp of this dispute, and which no usable stance edge places, is in that camp still (a poster
    answering their challenger goes on holding their view even where their answer's stance is
    unsure), so the challenger's next attack on it is one more attack across the camps."""
    camp = {root: 1}
    depth_of = {root: 0}
    sign_of = {voice(comments[root]): 1}  # each voice's camp, the first one it joined
    tree = []
    kept: dict[str, str] = {}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        if depth_of[node] >= depth:
            continue
        for rel in incoming.get(node, ()):
            src = rel.source_comment_id
            if src in camp:
                continue
            camp[src] = camp[node] if rel.kind in SUPPORTING_KINDS else -camp[node]
            depth_of[src] = depth_of[node] + 1
            sign_of.setdefault(voice(comments[src]), camp[src])
            tree.append(rel)
            queue.append(src)
        for kid in children.get(node, ()):
            who = voice(comments[kid])
            if kid in camp or who not in sign_of or who == voice(comments[node]):
                continue
            camp[kid] = sign_of[who]
            depth_of[kid] = depth_of[node] + 1
            kept[kid] = node
            queue.append(kid)
    covered = {rel.relation_id: _weight(rel) for rel in tree
               if rel.kind in ATTACKING_KINDS and camp[rel.source_comment_id] != camp[rel.target_comment_id]}
    return camp, covered, tree, depth_of, kept


def _claim_tokens(doc, claim) -> list:
    """The tokens that start inside a claim, read off its own span of the Doc (not a scan of the
    whole comment per claim)."""
    span = doc.char_span(claim.start, min(claim.end, len(doc.text)), alignment_mode="expand")
    return [t for t in span if claim.start <= t.idx < claim.end] if span is not None else []


def _parsed_root(doc, claim):
    """(the claim's tokens, its root token), or None without a dependency parse or a root. The root
    of a claim cut out of a longer sentence (a clause: "but how can you have fair elections if …" after
    "This is the best argument here:") is the one token of it whose head is outside it."""
    if doc is None or not doc.has_annotation("DEP"):
        return None
    tokens = _claim_tokens(doc, claim)
    root = _root_of(tokens)
    return None if root is None else (tokens, root)


def _root_of(tokens: list):
    """The root token of a claim's tokens (see ``_parsed_root``), or None."""
    root = next((t for t in tokens if t.dep_ == "ROOT"), None)
    if root is None and tokens:
        inside = {t.i for t in tokens}
        heads = [t for t in tokens if t.head.i not in inside]
        root = heads[0] if len(heads) == 1 else None
    return root


def states_a_position(doc, claim) -> bool:
    """A claim someone can dispute states how things are or should be (present tense, a modal, a
    copula), not what happened to the writer ("Someone told me about it") nor what the reader should
    do ("Think of the good times"), nor a fragment with no verb at all (a heading, a list entry:
    "Debate Club - Captain (12th Grade)"). Read off the parse of the claim's root verb; without a
    parse, every claim is a candidate."""
    if doc is None or not doc.has_annotation("POS"):
        return True
    tokens = _claim_tokens(doc, claim)
    if tokens and not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
        return False  # no verb at all: a heading, a list entry ("Choir - President (12th Grade)"), an aside
    root = _root_of(tokens) if doc.has_annotation("DEP") else None
    if root is None:
        return True
    children = list(root.children)
    if root.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in children) \
            and not any(c.tag_ == "MD" for c in children):
        # an imperative, unless it frames a proposition: "Not to mention the fact that X is useless",
        # "Remember that nobody here is paid" (a "that" clause with a subject of its own)
        return any(t.dep_ in {"ccomp", "acl"} and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)
                   and any(c.dep_ in {"nsubj", "nsubjpass"} for c in t.children)
                   for t in tokens)
    if root.tag_ == "VBD" and not any(c.dep_ in {"acomp", "attr", "ccomp", "xcomp"} for c in children):
        return False  # a past event told, not a position held
    return True


def _points_elsewhere(doc, claim, settings: CruxClaimSettings) -> bool:
    """A short claim about "that" or "this" ("That makes no sense.", "This is just wrong.") is about
    something said elsewhere: it is no position of its own to be the disputed claim."""
    if doc is None or not doc.has_annotation("DEP") or _words(claim.text) > settings.pointer_claim_words:
        return False
    return any(t.dep_ in {"nsubj", "nsubjpass"} and t.lower_ in {"that", "this", "it"} and t.head.dep_ == "ROOT"
               for t in _claim_tokens(doc, claim))


def _about_the_addressee(doc, claim) -> bool:
    """A claim about the person answered, not the matter: its main clause (the root, or a clause the
    root frames: "I guess you just assumed...", "It sounds like...") says what "you" think, want or
    say ("So you don't agree with Wolpert", "You want to get caught up in this as a tactic"), or that
    "your objection / point / argument" is something. A generic "you" stating how things are ("If
    you provoke a bully, you should have anticipated it") is no such claim, nor "you know that X",
    which asserts X. Read off the parse; without one, no claim is."""
    parsed = _parsed_root(doc, claim)
    if parsed is None:
        return False
    root = parsed[1]
    # the root and the clauses it frames ("I guess that...", "It sounds like..."); not a condition
    # ("if you say X, ..." is a generic "you")
    clauses = [root] + [c for c in root.children if c.pos_ in {"VERB", "AUX"} and (
        c.dep_ == "ccomp" or (c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in {"like", "though"}
                                                         for m in c.children)))]
    for verb in clauses:
        for subj in (c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}):
            if subj.lower_ == "you" and verb.lemma_.lower() in ATTRIBUTING_VERBS:
                return True
            # "your objection is ...", "a lot of your objection is ..."
            if any(n.lemma_.lower() in ADDRESSEE_VIEWS and any(c.lower_ == "your" for c in n.children)
                   for n in _subject_heads(subj)):
                return True
    return False


def _hedge(doc, claim) -> bool:
    """A claim that invites a challenge to the writer's own view, or allows that the writer may be
    wrong: "I suspect this way of looking at it is simplistic, so feel free to prove me wrong",
    "Correct me if I'm wrong", "Please change my view", "I could be wrong about this". It is about
    the writer's confidence, not the matter: no disputed claim. Not a refusal ("You will never
    convince me"), nor a claim with a clause about the matter ("I suspect pickle is slow, so prove
    me wrong": its subject is neither a pronoun nor a way of seeing, ``VIEW_NOUNS``). Read off the
    parse; without one, no claim is."""
    parsed = _parsed_root(doc, claim)
    if parsed is None:
        return False
    tokens, root = parsed
    # every clause speaks of the writer or of a way of seeing ("I suspect this way of looking at it
    # is simplistic"); one about the matter ("... but pickle is slow", "I suspect pickle is slow, so
    # prove me wrong") states a position, invitation or not
    if any(t.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} and t.pos_ != "PRON" and t.lemma_.lower() not in VIEW_NOUNS
           for t in tokens):
        return False
    for t in tokens:
        if t.pos_ != "VERB" or t.lemma_.lower() not in INVITING_VERBS or any(c.dep_ == "neg" for c in t.children):
            continue
        for obj in (c for c in t.children if c.dep_ == "dobj"):
            # "prove me" only with "wrong" / "otherwise": "this data proves me right" is no invitation
            if obj.lower_ == "me" and (t.lemma_.lower() != "prove" or any(c.lower_ in {"wrong", "otherwise"}
                                                                         for c in t.children)):
                return True
            if obj.lemma_.lower() in OWN_VIEWS and any(c.lower_ == "my" for c in obj.children):
                return True
    # "I could be wrong (about this)", "I may well be mistaken"
    return (root.lemma_ == "be" and any(c.dep_ == "nsubj" and c.lower_ == "i" for c in root.children)
            and any(c.tag_ == "MD" and c.lower_ in {"could", "may", "might"} for c in root.children)
            and any(c.dep_ == "acomp" and c.lower_ in {"wrong", "mistaken"} for c in root.children))


def _rhetorical(doc, claim) -> bool:
    """A question that asserts: a negative one ("And some of these transfers aren't just... prepared
    for Cornell?", "Isn't that the whole point?": the writer holds the positive), or one that denies a
    possibility ("How can you have fair elections if SuperPACs exist?"). Read off the parse of the
    question's root; without a parse, no question is one."""
    parsed = _parsed_root(doc, claim) if claim.text.rstrip().endswith("?") or claim.kind == "question" else None
    if parsed is None:
        return False
    tokens, root = parsed
    if any(c.dep_ == "neg" for c in root.children):
        return True
    words = [t.lower_ for t in tokens if t.is_alpha][:2]
    return words in (["how", "can"], ["how", "could"])


def _disputed_claim(comment_id: str, claims: list, attacks: list, tree: list, docs: Mapping[str, object], own: _OwnWords,
                    settings: CruxClaimSettings):
    doc = docs.get(comment_id)
    candidates = [cl for cl in claims if ((_argues(cl, settings) and states_a_position(doc, cl))
                                          or (_asks(cl, settings) and _rhetorical(doc, cl)))
                  and not _points_elsewhere(doc, cl, settings) and not _about_the_addressee(doc, cl)
                  and not _hedge(doc, cl)]
    if not candidates:
        return None
    pointed: dict[str, float] = defaultdict(float)
    for rel in attacks:
        if rel.target_claim_id:
            pointed[rel.target_claim_id] += _weight(rel)
    by_id = {cl.claim_id: cl for cl in candidates}
    pointed = {k: v for k, v in pointed.items() if k in by_id}
    direct = sum(_weight(r) for r in attacks if r.target_comment_id == comment_id)
    if pointed and max(pointed.values()) >= settings.pointed_share * direct - 1e-9:
        return by_id[max(pointed, key=lambda k: (pointed[k], -by_id[k].start))]
    if doc is None or not doc.has_annotation("POS"):
        return candidates[0]
    # the whole reply, quotes included: a reply that quotes the claim it attacks points at it; the
    # rest of the dispute (defences, rebuttals of them) restates what it is about, at less weight
    replies = [(1.0, own.whole(r.source_comment_id)) for r in attacks if r.target_comment_id == comment_id]
    replies += [(settings.echo_weight, own.whole(r.source_comment_id)) for r in tree
                if r.target_comment_id != comment_id and r.source_comment_id != comment_id]
    best, best_score = candidates[0], 0.0
    for cl in candidates:
        mine = _content(doc, cl.start, cl.end)
        if not mine:
            continue
        score = sum(w * len(mine & reply) for w, reply in replies) / math.sqrt(len(mine))
        if score > best_score:
            best, best_score = cl, score
    return best


_TURN = re.compile(r"(?:\b(?:but|however|yet)|[:;])\W*$", re.I)
"""The end of a lead-in that turns away from it ("Fair enough, but", "Great point:"), where "and"
goes on with it."""


def _sentence_of(doc, claim, limit: int) -> str:
    """The claim's words for a label: the whole sentence it is part of when the claim is a clause of
    it ("Hate speech is harmful; harm is a basis used to restrict rights") and the sentence fits in
    ``limit`` characters; the sentence as far as it goes (the caller cuts it at ``limit`` with "…")
    when the claim is its opening clause ('"sure, things that can happen eventually will, but
    meanwhile…"', not a label that stops at "will"); else the claim's own text. A later clause that
    the sentence turns to ("but", "however", a colon) and that shares no content word with the rest
    of it ("This is the best argument here: but how can you have fair elections if …?") is labelled
    by itself; one that goes on with it ("Wind and solar are intermittent, and batteries only cover
    a few hours.") is not. A sentence ends at a blank line whatever the
    parser says: a paragraph is never run into the next one's label."""
    if doc is None or not doc.has_annotation("SENT_START") or claim.end > len(doc.text):
        return claim.text
    span = doc.char_span(claim.start, claim.end, alignment_mode="expand")
    if span is None or not len(span):
        return claim.text
    sent = span[0].sent
    start, end = sent.start_char, sent.end_char
    text = doc.text
    para_start = text.rfind("\n\n", start, claim.start)
    start = start if para_start < 0 else para_start + 2
    para_end = text.find("\n\n", claim.end, end)
    end = end if para_end < 0 else para_end
    whole = text[start:end].strip()
    if not (start <= claim.start and claim.end <= end) or len(whole) <= len(claim.text.strip()):
        return claim.text
    # the sentence's own tokens (``_content`` of the Doc scans the whole comment)
    if _TURN.search(text[start:claim.start]) and not _content(sent, claim.start, claim.end) & (
            _content(sent, start, claim.start) | _content(sent, claim.end, end)):
        return claim.text  # the sentence turns to it from something else ("Great point, but how …?")
    if len(whole) <= limit or text[start:claim.start].strip() == "":
        if whole.endswith(":") and text[end:].strip():
            # the sentence introduces what follows ("Why didn't he remove this behaviour:" and the
            # lines that show it): the label goes on with it, as far as it fits
            return whole + " " + " ".join(text[end:end + 2 * limit].split())
        return whole
    return claim.text


def _side_sentence(rel, docs: Mapping[str, object], own: _OwnWords, text_of, claims_of: Mapping[str, list]) -> Evidence:
    """The sentence of a reply that shows its author's stance: the stance stage's cue when one fired
    ("I kind of agree", "That's not true"); otherwise, rather than the reply's opening (often a
    premise, a greeting, a story), its sentence outside quotes that shares most content words with
    what it answers, the opening when none does."""
    ev = relation_evidence(rel, text_of)
    if any(e.kind not in {"model", "quote", "self-reply"} and e.comment_id == rel.source_comment_id for e in rel.evidence):
        return ev
    doc = docs.get(rel.source_comment_id)
    target = own(rel.target_comment_id)
    if doc is None or not target or not doc.has_annotation("POS"):
        return ev
    holes = own.holes.get(rel.source_comment_id, ())
    best, best_n = None, 0
    for sent in doc.sents:
        if any(a <= sent.start_char < b for a, b in holes):
            continue
        n = len(_content(sent, sent.start_char, sent.end_char, holes) & target)  # the sentence's tokens only
        if n > best_n:
            best, best_n = sent, n
    if best is None or best.start_char == ev.start:
        return ev
    text = best.text.strip()
    start = best.start_char
    claim = next((c for c in claims_of.get(rel.source_comment_id, ()) if c.start <= start < c.end), None)
    return ev.model_copy(update={"text": text, "start": start, "end": start + len(text),
                                 "claim_id": claim.claim_id if claim is not None else None})


def _crux(amap, docs, own, comments, claims_of, claim, camp, tree, covered, explains, supporters, opponents, unclear,
          n_voices, placing, settings, objected=None) -> Crux:
    author = comments[claim.comment_id].author

    def text_of(cid: str) -> str:
        return comments[cid].text

    # each author's strongest own edge on the side they are on (+1 for, -1 against)
    why: dict[tuple[str, int], tuple[float, Evidence]] = {(author, 1): (math.inf, Evidence(
        kind="side-claim", text=claim.text, comment_id=claim.comment_id, claim_id=claim.claim_id,
        start=claim.start, end=claim.end, author=author))}
    for rel in tree:
        who = rel.source_author
        key = (who, camp[rel.source_comment_id])
        if who is not None and rel.relation_id in placing and (key not in why or rel.confidence > why[key][0]):
            why[key] = (rel.confidence, _side_sentence(rel, docs, own, text_of, claims_of))
    def claim_of(comment_id: str, claim_id: str | None) -> str | None:  # the claim an edge names, or the comment's first
        if claim_id:
            return claim_id
        first = claims_of.get(comment_id)
        return first[0].claim_id if first else None

    against_claims = {claim_of(rel.source_comment_id, rel.source_claim_id) for rel in tree
                      if rel.relation_id in covered and camp[rel.source_comment_id] < 0}
    if objected is not None:  # the claim objects to what it answers: that claim is against it
        against_claims.add(claim_of(objected.target_comment_id, objected.target_claim_id))
    against_claims = sorted(against_claims - {None})
    for_claims = [claim.claim_id] + sorted({claim_of(rel.source_comment_id, rel.source_claim_id) for rel in tree
                                            if camp[rel.source_comment_id] > 0} - {claim.claim_id, None})

    attacks = sorted((rel for rel in tree if rel.relation_id in covered), key=lambda r: -_weight(r))
    evidence = [Evidence(kind="crux-claim", text=claim.text, comment_id=claim.comment_id, claim_id=claim.claim_id,
                         start=claim.start, end=claim.end, author=author)]
    evidence += [Evidence(kind=f"stance-{rel.kind}", text=relation_evidence(rel, text_of).text,
                          comment_id=rel.source_comment_id, claim_id=rel.source_claim_id, score=rel.confidence)
                 for rel in attacks[:settings.max_evidence]]
    label = " ".join(_sentence_of(docs.get(claim.comment_id), claim, settings.label_chars).split())
    if len(label) > settings.label_chars:
        label = label[:settings.label_chars - 1].rstrip() + "…"
    return Crux(
        crux_id=f"{amap.thread_id}/crux-claim:{claim.claim_id}", thread_id=amap.thread_id, label=label,
        form="claim", claim_id=claim.claim_id,
        poles=[CruxPole(concept="for", authors=supporters, claim_ids=for_claims,
                        evidence=[why[(a, 1)][1] for a in supporters if (a, 1) in why]),
               CruxPole(concept="against", authors=opponents, claim_ids=against_claims,
                        evidence=[why[(a, -1)][1] for a in opponents if (a, -1) in why])],
        score=crux_score(sum(explains.values()), 2, n_voices),
        evidence=evidence, unclear=unclear, disagreements=len(covered))
