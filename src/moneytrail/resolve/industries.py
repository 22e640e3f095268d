"""The industry of a discovered organization, read off the trade words of its name or,
when they say none, off its donors' occupations.

Registry organizations carry their NAICS code in ``data/organizations.toml``. A discovered
one (an employer string taken as an organization of its own) has only its name; its
trade words often say its industry (SMITH LAW FIRM: legal services, NAICS 5411; FALMOUTH
HOMES: a home builder, 236), and where they do not, the trades its donors name often do
(a firm whose donors are attorneys). The words and their codes are data, in
``data/industry_words.toml`` and ``data/occupation_industries.toml``; this module only
applies them: a strong rule's phrase (the kind of body: an association, a foundation, a
union) over the others and a weak one's (CONSULTANTS) under them, then the longest phrase
found, then the later one (a name's head comes last).
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from typing import Any

STRENGTHS = {"weak": 0, "normal": 1, "strong": 2}
# An organization's donors say its industry when the occupations of at least this share of
# those who give one fall in one sector.
DONOR_SHARE = 2 / 3


@dataclass(frozen=True)
class IndustryReading:
    naics: str
    words: str  # the phrase of the name the code was read off, or "" for a dealership
    why: str  # what the rule says the words mean
    strength: int = STRENGTHS["normal"]
    file: str = "industry_words.toml"
    basis: str = ""  # what the words were read in, when not the organization's name

    @property
    def source(self) -> str:
        """Where the code comes from, for an explanation or a table's source column."""
        if self.basis:
            where = self.basis
        else:
            where = f"the words {self.words!r} of its name" if self.words else "its name"
        return f"read off {where}: {self.why} ({self.file})"


@dataclass(frozen=True)
class IndustryWords:
    """The rules of industry_words.toml (or occupation_industries.toml, for occupations)
    by their phrases (whole words, as a text's words split on spaces): those read anywhere
    in a text and those read only as its end."""

    anywhere: dict[str, IndustryReading]
    at_end: dict[str, IndustryReading]
    longest: int  # the most words of any phrase
    dealership: IndustryReading | None  # a car dealer's reading (names only)

    @classmethod
    def load(cls, file: str = "industry_words.toml") -> IndustryWords:
        """The packaged rules of ``file`` (under data/)."""
        path = resources.files("moneytrail.resolve") / "data" / file
        return cls.from_data(tomllib.loads(path.read_text(encoding="utf-8")), file)

    @classmethod
    def from_data(cls, data: dict[str, Any], file: str = "industry_words.toml") -> IndustryWords:
        """The rules of a parsed file of industry_words.toml's shape; a phrase given two
        rules is an error."""
        anywhere: dict[str, IndustryReading] = {}
        at_end: dict[str, IndustryReading] = {}
        for rule in data["rule"]:
            phrases = at_end if rule.get("last", False) else anywhere
            strength = STRENGTHS[rule.get("strength", "normal")]
            for phrase in rule["words"]:
                if phrase in phrases:
                    raise ValueError(f"{file} gives {phrase!r} two rules")
                code = str(rule["naics"])
                phrases[phrase] = IndustryReading(code, phrase, rule["why"], strength, file)
        dealer = data.get("dealership")
        return cls(
            anywhere=anywhere,
            at_end=at_end,
            longest=max(len(p.split()) for p in (*anywhere, *at_end)),
            dealership=None
            if dealer is None
            else IndustryReading(str(dealer["naics"]), "", dealer["why"], file=file),
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


def read_occupations(
    words: IndustryWords, donors: Mapping[str, int], sector_of: Callable[[str], str]
) -> IndustryReading | None:
    """The industry an organization's donors' occupations say (``donors``: occupation as
    filed → how many donors gave it): when the occupations of at least DONOR_SHARE of them
    fall in one sector (occupation_industries.toml), the code most of those share."""
    total = sum(donors.values())
    by_code: Counter[str] = Counter()
    readings: dict[str, IndustryReading] = {}
    for occupation, n in sorted(donors.items(), key=lambda kv: (-kv[1], kv[0])):
        reading = words.read(re.sub(r"[^A-Z0-9&]+", " ", occupation.upper()).strip())
        if reading is not None:
            by_code[reading.naics] += n
            readings.setdefault(reading.naics, reading)  # the code's most given occupation
    by_sector: Counter[str] = Counter()
    for code, n in by_code.items():
        by_sector[sector_of(code)] += n
    if not by_sector:
        return None
    sector, agreeing = max(by_sector.items(), key=lambda kv: (kv[1], kv[0]))
    if agreeing < DONOR_SHARE * total:
        return None
    code = max((c for c in by_code if sector_of(c) == sector), key=lambda c: (by_code[c], c))
    occupation = readings[code].words
    basis = f"its donors' occupations ({agreeing} of {total} donors, such as {occupation})"
    return replace(readings[code], basis=basis)
