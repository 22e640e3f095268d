"""The industry of a discovered organization, read off the trade words of its name.

Registry organizations carry their NAICS code in ``data/organizations.toml``. A discovered
one (an employer string taken as an organization of its own) has only its name; its
trade words often say its industry (SMITH LAW FIRM: legal services, NAICS 5411; FALMOUTH
HOMES: a home builder, 236). The words and their codes are data, in
``data/industry_words.toml``; this module only applies them: a strong rule's phrase (the
kind of body: an association, a foundation, a union) over the others and a weak one's
(CONSULTANTS) under them, then the longest phrase found in the name, then the later one
(a name's head comes last).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from typing import Any

STRENGTHS = {"weak": 0, "normal": 1, "strong": 2}


@dataclass(frozen=True)
class IndustryReading:
    naics: str
    words: str  # the phrase of the name the code was read off, or "" for a dealership
    why: str  # what the rule says the words mean
    strength: int = STRENGTHS["normal"]

    @property
    def source(self) -> str:
        """Where the code comes from, for an explanation or a table's source column."""
        words = f"the words {self.words!r} of its name" if self.words else "its name"
        return f"read off {words}: {self.why} (industry_words.toml)"


@dataclass(frozen=True)
class IndustryWords:
    """The rules of industry_words.toml by their phrases (whole words, as a name's words
    split on spaces): those read anywhere in a name and those read only as its end."""

    anywhere: dict[str, IndustryReading]
    at_end: dict[str, IndustryReading]
    longest: int  # the most words of any phrase
    dealership: IndustryReading

    @classmethod
    def load(cls) -> IndustryWords:
        """The packaged rules (data/industry_words.toml)."""
        path = resources.files("moneytrail.resolve") / "data" / "industry_words.toml"
        return cls.from_data(tomllib.loads(path.read_text(encoding="utf-8")))

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> IndustryWords:
        """The rules of a parsed file of industry_words.toml's shape; a phrase given two
        rules is an error."""
        anywhere: dict[str, IndustryReading] = {}
        at_end: dict[str, IndustryReading] = {}
        for rule in data["rule"]:
            phrases = at_end if rule.get("last", False) else anywhere
            strength = STRENGTHS[rule.get("strength", "normal")]
            for phrase in rule["words"]:
                if phrase in phrases:
                    raise ValueError(f"industry_words.toml gives {phrase!r} two rules")
                phrases[phrase] = IndustryReading(str(rule["naics"]), phrase, rule["why"], strength)
        dealer = data["dealership"]
        return cls(
            anywhere=anywhere,
            at_end=at_end,
            longest=max(len(p.split()) for p in (*anywhere, *at_end)),
            dealership=IndustryReading(str(dealer["naics"]), "", dealer["why"]),
        )

    def read(self, name: str, *, dealership: bool = False) -> IndustryReading | None:
        """The industry the words of ``name`` (a normalized organization name) say, or
        None when they say none; ``dealership``: the name is a car dealer's (a name and
        the makes it sells), which is the reading when no phrase is found."""
        words = name.split()
        found: list[tuple[IndustryReading, int]] = []  # (its reading, where the phrase starts)
        for start in range(len(words)):
            for size in range(1, min(self.longest, len(words) - start) + 1):
                phrase = " ".join(words[start : start + size])
                hits = [self.anywhere.get(phrase)]
                if start + size == len(words):
                    hits.append(self.at_end.get(phrase))
                found += [(hit, start) for hit in hits if hit is not None]
        if not found:
            return self.dealership if dealership else None
        reading, _ = max(found, key=lambda f: (f[0].strength, len(f[0].words.split()), f[1]))
        return reading
