"""The fuzzy search's first cuts, done once per block of names rather than per lookup.

A near-miss must be about as long as the string looked up and share nearly all its
letters: difflib's ``quick_ratio`` (twice the letters two strings share, counted with
repeats, over their joint length) bounds the true ratio from above, so a name below the
cutoff on it cannot be a near-miss. Worked out one name at a time in Python, that bound
was most of a resolve's time; here each block of names keeps its lengths and letter
counts as arrays, and one lookup computes the bound for the whole block at once, with
the same arithmetic as difflib, so exactly the same names pass. A name cut short is
looked for among the names with a word starting as its last word does, indexed by the
word's place and first letter.
"""

from __future__ import annotations

from collections import Counter

import numpy as np


class NameBlock:
    """Names (all opening with one letter, say), in the order given."""

    def __init__(self, names: list[str]) -> None:
        # Sorted by length, so the names of a length window are one slice.
        order = sorted(range(len(names)), key=lambda i: len(names[i]))
        self._names = [names[i] for i in order]
        self._rank = np.array(order, dtype=np.int64)  # each sorted name's place as given
        self._lengths = np.array([len(n) for n in self._names], dtype=np.int64)
        letters = sorted({ch for name in names for ch in name})
        self._column = {ch: i for i, ch in enumerate(letters)}
        counts = np.zeros((len(names), len(letters)), dtype=np.int32)
        for row, name in enumerate(self._names):
            for ch, n in Counter(name).items():
                counts[row, self._column[ch]] = n
        self._counts = counts
        # (a word's place in the name, its first letter) → (name, its words), as given.
        self._by_word: dict[tuple[int, str], list[tuple[str, list[str]]]] = {}
        for name in names:
            words = name.split()
            for place, word in enumerate(words):
                self._by_word.setdefault((place, word[0]), []).append((name, words))

    def candidates(self, query: str, spread: int, cutoff: float) -> list[str]:
        """The names within ``spread`` letters of ``query``'s length whose quick ratio
        with it is ``cutoff`` or more, in the order the names were given."""
        n = len(query)
        lo = int(np.searchsorted(self._lengths, n - spread, side="left"))
        hi = int(np.searchsorted(self._lengths, n + spread, side="right"))
        if lo == hi:
            return []
        wanted = np.zeros(len(self._column), dtype=np.int32)
        for ch, k in Counter(query).items():
            column = self._column.get(ch)
            if column is not None:  # a letter no name holds is shared with none
                wanted[column] = k
        shared = np.minimum(self._counts[lo:hi], wanted).sum(axis=1)
        # difflib: 2.0 * matches / (len(a) + len(b)), in the same float arithmetic.
        ratio = 2.0 * shared / (self._lengths[lo:hi] + n)
        passing = lo + np.flatnonzero(ratio >= cutoff)
        passing = passing[np.argsort(self._rank[passing], kind="stable")]
        return [self._names[i] for i in passing]

    def with_word_starting(self, place: int, start: str) -> list[tuple[str, list[str]]]:
        """(name, its words) of the names whose word at ``place`` (from 0) starts with
        ``start``, in the order the names were given."""
        return [
            (name, words)
            for name, words in self._by_word.get((place, start[0]), ())
            if words[place].startswith(start)
        ]
