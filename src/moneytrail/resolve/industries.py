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

import re
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
    """The rules of industry_words.toml, compiled: one pattern for the phrases read
    anywhere in a name and one for those read only as its last words."""

    anywhere: re.Pattern[str]
    at_end: re.Pattern[str]
    rules: dict[tuple[str, bool], IndustryReading]  # (phrase, last only) → its reading
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
        rules: dict[tuple[str, bool], IndustryReading] = {}
        for rule in data["rule"]:
            last = bool(rule.get("last", False))
            strength = STRENGTHS[rule.get("strength", "normal")]
            for phrase in rule["words"]:
                key = (phrase, last)
                if key in rules:
                    raise ValueError(f"industry_words.toml gives {phrase!r} two rules")
                rules[key] = IndustryReading(str(rule["naics"]), phrase, rule["why"], strength)

        def pattern(phrases: list[str], end: str) -> re.Pattern[str]:
            # Longest first, so that at one place the longer phrase is the one found.
            ordered = sorted(phrases, key=lambda p: (-len(p), p))
            return re.compile(r"(?<![A-Z0-9&])(?:" + "|".join(map(re.escape, ordered)) + r")" + end)

        dealer = data["dealership"]
        return cls(
            anywhere=pattern([p for p, last in rules if not last], r"(?![A-Z0-9&])"),
            at_end=pattern([p for p, last in rules if last], r"$"),
            rules=rules,
            dealership=IndustryReading(str(dealer["naics"]), "", dealer["why"]),
        )

    def read(self, name: str, *, dealership: bool = False) -> IndustryReading | None:
        """The industry the words of ``name`` (a normalized organization name) say, or
        None when they say none; ``dealership``: the name is a car dealer's (a name and
        the makes it sells), which is the reading when no phrase is found."""
        found = [(m.start(), m.group(), False) for m in _overlapping(self.anywhere, name)]
        end = self.at_end.search(name)
        if end is not None:
            found.append((end.start(), end.group(), True))
        if not found:
            return self.dealership if dealership else None
        readings = [(self.rules[(phrase, last)], start) for start, phrase, last in found]
        reading, _ = max(readings, key=lambda r: (r[0].strength, len(r[0].words.split()), r[1]))
        return reading


def _overlapping(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Every match of ``pattern`` starting at each word of ``text``: a phrase found inside
    a longer one is found too, so that the longest of all can be chosen."""
    found = []
    for word in re.finditer(r"\S+", text):
        m = pattern.match(text, word.start())
        if m is not None:
            found.append(m)
    return found
