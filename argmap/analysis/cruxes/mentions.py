"""Where a pole concept is mentioned in the thread (step 3), and whether a mention is denied: the
same word exactly, with a plural ending, or fuzzily for words of 6+ letters."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping

from argmap.analysis.cruxes.lexicons import ADJECTIVE_NOUNS, FRAME_HEADS, NEGATORS
from argmap.models import ArgumentMap


def _plural_pair(a: str, b: str) -> bool:
    """One word is the other with a plural ending the lemmatiser missed ("Audits" tagged NN)."""
    short, long_ = sorted((a, b), key=len)
    return long_ in (short + "s", short + "es")


def is_denied(token) -> bool:
    """Is this mention the subject of a denial: "X is not the answer", "I don't think X works",
    "no X will scale"? (Only subjects: "we are not solving X" still speaks *for* caring about X.)"""
    if token.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    if any(c.dep_ == "det" and c.lower_ == "no" for c in token.children):
        return True
    head = token.head
    for _ in range(3):
        if any(c.dep_ == "neg" or (c.lower_ in NEGATORS and c.dep_ in {"advmod", "neg"}) for c in head.children):
            return True
        if head.dep_ not in {"ccomp", "xcomp"} or head.head is head:
            return False
        head = head.head
    return False


def _same_word(a: str, b: str, cutoff: float) -> bool:
    if a == b or _plural_pair(a, b):
        return True
    if min(len(a), len(b)) < 6:
        return False
    from rapidfuzz import fuzz

    return fuzz.ratio(a, b) >= cutoff


def same_concept(a: tuple[str, ...], b: tuple[str, ...], cutoff: float) -> bool:
    return len(a) == len(b) and all(_same_word(x, y, cutoff) for x, y in zip(a, b))


class Mentions:
    """Where each pole concept is mentioned. The lemmas of the whole thread are one numpy array
    (``Doc.to_array``, no Python loop over tokens), searched per concept word; the vocabulary of
    distinct lemmas is matched fuzzily once per word."""

    def __init__(self, amap: ArgumentMap, docs: Mapping[str, object], cutoff: float):
        import numpy as np
        from spacy.attrs import LEMMA

        self.cutoff = cutoff
        self.docs = docs
        self.ids = [c.comment_id for c in amap.comments if c.comment_id in docs and len(docs[c.comment_id])]
        self._rank = {cid: n for n, cid in enumerate(self.ids)}
        arrays = [docs[cid].to_array(LEMMA) for cid in self.ids]
        self.lemmas = np.concatenate(arrays) if arrays else np.zeros(0, dtype="uint64")
        lengths = np.array([len(a) for a in arrays], dtype="int64")
        self.owner = np.repeat(np.arange(len(arrays)), lengths)
        self.offset = np.concatenate([[0], np.cumsum(lengths)[:-1]]) if arrays else np.zeros(0, dtype="int64")
        strings = docs[self.ids[0]].vocab.strings if self.ids else None
        self.by_lower: dict[str, list[int]] = defaultdict(list)
        for h in np.unique(self.lemmas).tolist():
            self.by_lower[strings[h].lower()].append(h)
        self._variants: dict[str, list[int]] = {}
        # a sorted copy of the lemmas: the positions of one lemma are a binary search away
        self._order = np.argsort(self.lemmas, kind="stable")
        self._sorted = self.lemmas[self._order]

    def _positions(self, hashes: list[int]):
        """Sorted positions (in ``self.lemmas``) of every token whose lemma is one of ``hashes``."""
        import numpy as np

        keys = np.array(sorted(set(hashes)), dtype=self.lemmas.dtype)
        lo = np.searchsorted(self._sorted, keys, side="left")
        hi = np.searchsorted(self._sorted, keys, side="right")
        parts = [self._order[a:b] for a, b in zip(lo.tolist(), hi.tolist()) if b > a]
        return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype="int64")

    def _hashes_like(self, word: str, fuzzy: bool = True) -> list[int]:
        """The lemma hashes of the thread that spell ``word``: the word with a plural ending, or, for a
        word of 6+ letters and ``fuzzy``, any spelling within the cutoff."""
        if not fuzzy:
            forms = {word, word + "s", word + "es"}
            return [h for w in forms for h in self.by_lower.get(w, ())]
        if word not in self._variants:
            if len(word) < 6:
                forms = {word, word + "s", word + "es", word[:-1] if word.endswith("s") else word}
            else:
                from rapidfuzz import fuzz, process

                forms = {h[0] for h in process.extract(word, list(self.by_lower), scorer=fuzz.ratio,
                                                       score_cutoff=self.cutoff, limit=None)}
            self._variants[word] = [h for w in forms for h in self.by_lower.get(w, ())]
        return self._variants[word]

    def find(self, concept: tuple[str, ...]) -> list[tuple[str, int, int, int]]:
        """(comment_id, start_char, end_char, last token) of each mention of ``concept`` (a hyphenated
        word is matched by its parts). A quality of a frame ("free democratic society": an adjective
        before a noun of ``FRAME_HEADS``) is also mentioned by the noun the adjective is made from,
        where the thread uses it ("a democracy is not necessarily...")."""
        found = self._find(concept)
        family = self.frame_nouns(concept)
        if not family:
            return found
        seen = {(cid, s) for cid, s, _, _ in found}
        for noun in family:
            # the noun as written (no fuzzy spellings: "democracy" is not "Democrats")
            found += [m for m in self._find((noun,), fuzzy=False) if (m[0], m[1]) not in seen]
        return sorted(found, key=lambda m: (self._rank[m[0]], m[1]))  # in the thread's order, as found

    def frame_nouns(self, concept: tuple[str, ...]) -> list[str]:
        """The nouns a frame pole's adjectives are made from that the thread uses ("free democratic
        society" -> ["democracy"]); none for any other concept."""
        if len(concept) < 2 or concept[-1] not in FRAME_HEADS:
            return []
        out = []
        for word in concept[:-1]:
            for ending, noun_ending in ADJECTIVE_NOUNS:
                if len(word) >= 7 and word.endswith(ending):
                    noun = word[: -len(ending)] + noun_ending
                    if noun != word and noun in self.by_lower and noun not in out:
                        out.append(noun)
        return out

    def _find(self, concept: tuple[str, ...], fuzzy: bool = True) -> list[tuple[str, int, int, int]]:
        import numpy as np

        words = [p for w in concept for p in re.split(r"(-)", w) if p]
        if not words or not len(self.lemmas):
            return []
        hits = self._positions(self._hashes_like(words[0], fuzzy))
        for j, w in enumerate(words[1:], 1):
            if not len(hits):
                break
            nxt = hits + j
            ok = nxt < len(self.lemmas)
            hits, nxt = hits[ok], nxt[ok]
            ok = (self.owner[nxt] == self.owner[hits]) & np.isin(self.lemmas[nxt], self._hashes_like(w, fuzzy))
            hits = hits[ok]
        out = []
        n = len(words) - 1
        for g in hits.tolist():
            d = int(self.owner[g])
            doc = self.docs[self.ids[d]]
            i = g - int(self.offset[d])
            k = i + n
            if not doc[i].text[:1].isalnum():
                continue  # a clitic whose lemma is a word: the "'s" of "let's" is no mention of "us"
            out.append((self.ids[d], doc[i].idx, doc[k].idx + len(doc[k].text), k))
        return out
