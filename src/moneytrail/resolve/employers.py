"""Employer strings → organizations (with their ultimate parent) or recognised non-organizations.

Every fact the resolver uses (aliases, parents, industries, non-organization variants,
normalization rules) lives in the TOML files under ``data/`` so that it can be reviewed
and cited; this module only applies them, in a fixed order:

1. manual overrides (a user's TOML file), on the raw string then on its normalized form;
2. blank → NOT_REPORTED;
3. exact: the normalized string is a known alias of an organization or a known
   variant of a non-organization;
4. rule: a non-organization pattern, an organization pattern, or a known alias followed
   only by generic words ("SERVICES", "HOLDINGS", "USA", a legal suffix, ...);
   a unit: an organization's specific name followed only by unit words (departments,
   specialties, functions, places: CEDARS SINAI IMAGING, EXXONMOBIL FUELS MARKETING; see
   ``units.toml``), tried after the near-misses of step 5, with a lower confidence; a
   hospital's name with other endings for the kind of body, several or none (SHAWNEE
   MISSION HOSPITAL for SHAWNEE MISSION MEDICAL CENTER, BAY CARE HEALTH for BAYCARE;
   ``normalization.toml``);
5. fuzzy: a near-miss of one known alias (difflib ratio ≥ ``FUZZY_CUTOFF``, clearly
   ahead of any other organization's alias), for the misspellings no list foresees, or
   one known name with one word misspelled or words written short (KAISER PERMENANTE,
   NEW HANOVER REG MED CTR), tried after the cut-name rule;
6. normalized: a string that carries a sign of being one specific organization (a
   distinguishing word with a legal form, a trade word or names joined by "&"; see
   ``discovery.toml``) is an organization of its own, a "discovered" one with org_id
   ``n:`` + its normalized form (a small firm no registry lists). So is one the string
   itself identifies: an incorporated name of three or more words, a name and car brands
   (a dealership), a kind word (BROADBAND, ORTHODONTICS) with a name, a state's body of
   three or more words with a trade word. The rest stay unresolved: job titles, vague
   phrases, people's names, one short or shared word, a place with an institution type.
"""

from __future__ import annotations

import bisect
import difflib
import html
import json
import re
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz.distance import OSA, Levenshtein

from moneytrail.resolve.industries import IndustryReading, IndustryWords, read_occupations

# A near-miss must be this similar (difflib ratio) to one alias; measured on the labeled
# sample, lower cut-offs start pairing distinct firms with similar names.
FUZZY_CUTOFF = 0.92
# ... and this far ahead of the best alias of any other organization.
FUZZY_MARGIN = 0.04
# Shorter strings are too easy to confuse ("ABC CO" vs "ABB CO"), so they never go fuzzy.
FUZZY_MIN_LEN = 8

CONFIDENCE = {
    "manual": 1.0,
    "exact": 0.99,
    "non_org_rule": 0.97,
    "prefix_rule": 0.95,
    # A unit of a known organization (its specific name, then department, specialty, place
    # words: EXXONMOBIL FUELS MARKETING): below an alias, since a unit may have been sold or
    # be a separate body the lists do not know of; above a discovered organization.
    "unit_rule": 0.9,
    # Its specific name, then other words (PEPSICO UNITED STATES): a line of its
    # business more often than not, but now and then a body that only carries the name.
    "business_line": 0.85,
    # A discovered organization is the string's own: sure it is one organization, not sure
    # it is not a unit of a known one the registry lacks an alias for.
    "normalized": 0.8,
}
DISCOVERED_PREFIX = "n:"

NOT_REPORTED = "NOT_REPORTED"


@cache
def _read_toml(name: str) -> dict[str, Any]:
    """A packaged data file, parsed once per process (a resolver is built from eight of
    them, half its start-up): the parse is shared, so callers read it and never change it."""
    with (resources.files("moneytrail.resolve") / "data" / name).open("rb") as fh:
        return tomllib.load(fh)


# ---------------------------------------------------------------- normalization


@dataclass(frozen=True)
class NormalizationRules:
    legal_suffixes: frozenset[str]
    abbreviations: Mapping[str, str]
    misspellings: Mapping[str, str]
    leading_noise: frozenset[str]
    truncated_fragments: frozenset[str]
    generic_tails: frozenset[str]
    union_unit_tails: frozenset[str] = frozenset()
    before_of: Mapping[str, str] = field(default_factory=dict)  # U → UNIVERSITY before OF
    # TECH → TECHNOLOGY after INSTITUTE OF: (the word before OF, the short word) → full word
    after_of: Mapping[tuple[str, str], str] = field(default_factory=dict)
    states_after: frozenset[tuple[str, str]] = frozenset()  # (UNIVERSITY, OF): CA → CALIFORNIA
    states_before: tuple[tuple[str, ...], ...] = ()  # (SENATE,): MS SENATE → MISSISSIPPI SENATE
    state_forms: Mapping[str, str] = field(default_factory=dict)  # CA, CALIF → CALIFORNIA
    commonwealth_short: str = ""  # COMM OF KY or KENTUCKY → COMMONWEALTH OF KENTUCKY
    commonwealths: frozenset[str] = frozenset()
    # UNIVERSITY, DEPARTMENT: UNIV LOUISVILLE is read as UNIVERSITY OF LOUISVILLE when that
    # is a name
    of_omitted: frozenset[str] = frozenset()
    of_omitted_after_a_name: frozenset[str] = frozenset()
    # U → UNIVERSITY as the last word: OHIO STATE U, when OHIO STATE UNIVERSITY is a name
    last_word_short: Mapping[str, str] = field(default_factory=dict)
    # HOSPITAL, MEDICAL, HEALTH CARE: the words that end a hospital's name, taken off to
    # find its core (longest first, as word lists), and the words that say a string is a
    # health care body's (HOSPITAL, HEALTH); MT and ST spelled out in a core
    hospital_endings: tuple[tuple[str, ...], ...] = ()
    hospital_health_words: frozenset[str] = frozenset()
    hospital_spelled_out: Mapping[str, str] = field(default_factory=dict)
    # REGIONAL, MEMORIAL: words after a place's name in a hospital's (NATCHEZ REGIONAL)
    hospital_place_words: frozenset[str] = frozenset()
    # A word in the names of this many registry organizations or more is a shared word
    # (GOVERNMENT, ASSET), whose misspelling is read as the word (_shared_word_misspelled)
    shared_word_organizations: int = 0
    # NORTHWELL.COM, NORTHWELL.EDU: a web address's ending, dropped (web_domains)
    web_domain: re.Pattern[str] = re.compile(r"(?!)")

    @classmethod
    def load(cls) -> NormalizationRules:
        data = _read_toml("normalization.toml")
        states = data["states_after"]
        codes = _read_toml("us_places.toml")["state_names"]
        hospital = data["hospital_endings"]
        return cls(
            legal_suffixes=frozenset(data["legal_suffixes"]),
            abbreviations={k: v["to"] for k, v in data["abbreviations"].items()},
            misspellings={k: v["to"] for k, v in data["misspellings"].items()},
            leading_noise=frozenset(data["leading_noise"]),
            truncated_fragments=frozenset(data["truncated_fragments"]),
            generic_tails=frozenset(data["generic_tails"]),
            union_unit_tails=frozenset(data.get("union_unit_tails", {})),
            before_of={k: v["to"] for k, v in data["before_of"].items()},
            after_of={
                (before, k): v["to"] for k, v in data["after_of"].items() for before in v["after"]
            },
            states_after=frozenset(tuple(w.split()) for w in states["after"]),
            states_before=tuple(tuple(w.split()) for w in states["before"]),
            state_forms={**codes, **states["short_forms"]},
            commonwealth_short=states["commonwealth_short"],
            commonwealths=frozenset(states["commonwealths"]),
            of_omitted=frozenset(data["of_omitted"]["words"]),
            of_omitted_after_a_name=frozenset(data["of_omitted"]["after_a_name"]),
            last_word_short={k: v["to"] for k, v in data["last_word_short"].items()},
            hospital_endings=tuple(
                sorted((tuple(e.split()) for e in hospital["endings"]), key=lambda e: -len(e))
            ),
            hospital_health_words=frozenset(hospital["health_words"]),
            hospital_spelled_out=hospital["spelled_out"],
            hospital_place_words=frozenset(hospital["after_a_place"]),
            shared_word_organizations=data["shared_words_misspelled"]["organizations"],
            web_domain=re.compile(rf"(?<=\w)\.({'|'.join(data['web_domains']['endings'])})\b"),
        )


_JOIN = re.compile(r"['`’.]")  # dropped without a space: "L.L.C." → "LLC", "MCDONALD'S"
# ... but a period with no space after it parts two words (WARNER BROS.ENTERTAINMENT,
# UNIV.TEXAS AT DALLAS), though not initials (J.P.MORGAN), a web address (WWW.X; its
# ending, .COM or .EDU, is dropped first) or a legal form run on (ZACRE.LLC, CO.INC.).
_POINT_BETWEEN_WORDS = re.compile(r"(?<=[A-Z]{2})(?<!WWW)\.(?=[A-Z]{4})")
_AMP = re.compile(r"&")
_OTHER = re.compile(r"[^A-Z0-9& ]+")
# A number run into a word (UNION572, NORTHROPGRUMMAN5616): a local's or a site's number.
_GLUED_NUMBER = re.compile(r"^([A-Z]{4,})([0-9]+)$")
_SPACES = re.compile(r"\s+")
# The FEC's bulk files cut employers at 38 characters, leaving "…CORPORAT", "…IN".
_TRUNCATED_AT = 30
_FEC_CUT = 38
# Some filers' software cut employers at 20 or 30 characters: the samples hold 943
# distinct strings of exactly 20 characters against 753 of 19 and 659 of 21 (GEORGIA STATE
# UNIVER), and 497 of 30 against 407 of 29 and 272 of 31; the .fec filings 54 of 30 against
# 33 and 25 (Merck's PAC's: UT SOUTHWESTERN MED CTR/NEUROS).
_FILER_CUTS = (20, 30)
# A unit word cut short with nothing before it is read as one from this many letters on.
_CUT_UNIT_LETTERS = 5
# ... and a word of a separate body cut short at the end, from this many (CREDIT UNIO).
_CUT_SEPARATE_LETTERS = 4
# Kept when only one word would remain: "SOUTHERN" or "WILLIAMS" alone names nobody.
_IDENTITY_SUFFIXES = frozenset({"COMPANY", "COMPANIES"})
# A near-miss may only change words of at least this length ("KIRLAND" for "KIRKLAND");
# shorter words are often other names ("SOUTH"/"NORTH", "STONE"/"STONEX", "SC"/"SCF").
FUZZY_MIN_WORD = 6
# ... or, one letter off, words of at least this length beside a word of the name that no
# list of common words holds, written right (BYAN CAVE, MOUNT SANAI): the name's own word
# says which, where THE RICH COMPANY beside RICOH or THE STONE GROUP beside STONEX does not.
FUZZY_MIN_SHORT_WORD = 4


def _unescaped(raw: str) -> str:
    """``raw`` with HTML character references decoded: some filing software writes & as
    &AMP; (CHEWNING &AMP; WILMER INC)."""
    return html.unescape(raw) if "&" in raw and ";" in raw else raw


def _ascii(raw: str) -> str:
    """``raw`` unescaped, in ASCII: accents dropped, other characters left out."""
    return unicodedata.normalize("NFKD", _unescaped(raw)).encode("ascii", "ignore").decode("ascii")


def _several_why(employers: str) -> str:
    return f"several employers named ({employers}): which one is not said"


def _unpunctuated(text: str) -> str:
    """Joining marks dropped (a period between two words parts them), "&" set apart and
    other punctuation as spaces: what _light and _normalize both do to an upper-case text."""
    text = _JOIN.sub("", _POINT_BETWEEN_WORDS.sub(" ", text))
    return _OTHER.sub(" ", _AMP.sub(" & ", text))


def _light(raw: str) -> str:
    """Upper case, no accents, punctuation as spaces: the form non-org variants are read in."""
    return _SPACES.sub(" ", _unpunctuated(_ascii(raw).upper())).strip()


def _join_spaced_codes(tokens: list[str], rules: NormalizationRules, steps: list[str]) -> list[str]:
    """Single letters written apart that spell a state's code or a known abbreviation
    joined ("N Y STATE SENATE" is NY STATE SENATE); other spaced letters (J D POWER) stay."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and len(tokens[j]) == 1 and tokens[j].isalpha():
            j += 1
        joined = "".join(tokens[i:j])
        if j - i >= 2 and (joined in rules.state_forms or joined in rules.abbreviations):
            steps.append(f"letters joined: {' '.join(tokens[i:j])} → {joined}")
            out.append(joined)
            i = j
        else:
            out.append(tokens[i])
            i += 1
    return out


def _normalize(raw: str, rules: NormalizationRules) -> tuple[str, list[str]]:
    steps: list[str] = []
    text = _SPACES.sub(" ", _ascii(raw).upper()).strip()
    steps.append(f"upper case, accents dropped: {text!r}")
    web = rules.web_domain.sub("", text)
    if web != text:
        text = web
        steps.append(f"web domain dropped: {text!r}")
    tokens = _join_spaced_codes(_unpunctuated(text).split(), rules, steps)
    steps.append(f"punctuation removed: {' '.join(tokens)!r}")
    out: list[str] = []
    for tok in tokens:
        glued = _GLUED_NUMBER.match(tok)
        if glued is not None:
            steps.append(f"number split off: {tok} → {glued[1]} {glued[2]}")
            out.append(glued[1])
            tok = glued[2]
        if tok == "OF" and out and out[-1] in rules.before_of:
            steps.append(f"abbreviation {out[-1]} OF → {rules.before_of[out[-1]]} OF")
            out[-1] = rules.before_of[out[-1]]
        state = rules.state_forms.get(tok)
        if tuple(out[-2:]) in rules.states_after and (state or tok in rules.commonwealths):
            # A state's code after UNIVERSITY OF ("UNIV OF CO." is Colorado's, not a COMPANY)
            if state:
                steps.append(f"state {tok} → {state}")
                tok = state
            if out[-2] == rules.commonwealth_short and tok in rules.commonwealths:
                steps.append(f"abbreviation {out[-2]} OF {tok} → COMMONWEALTH OF {tok}")
                out[-2] = "COMMONWEALTH"
            out.extend(tok.split())
            continue
        if out[-1:] == ["OF"] and (key := (" ".join(out[-2:-1]), tok)) in rules.after_of:
            steps.append(f"abbreviation {out[-2]} OF {tok} → {rules.after_of[key]}")
            tok = rules.after_of[key]
        fixed = rules.misspellings.get(tok)
        if fixed is not None:
            steps.append(f"misspelling {tok} → {fixed}")
            tok = fixed
        full = rules.abbreviations.get(tok)
        if full is not None:
            steps.append(f"abbreviation {tok} → {full}")
            tok = full
        out.extend(tok.split())
    tokens = out
    state = rules.state_forms.get(tokens[0]) if tokens else None
    if state:
        rest = tuple(tokens[1:])
        if any(rest[: len(words)] == words for words in rules.states_before):
            steps.append(f"state {tokens[0]} → {state}")  # MS SENATE: Mississippi's
            tokens = [*state.split(), *tokens[1:]]
    # "AND" and "&" are written either way in firm names ("ELI LILLY AND COMPANY").
    tokens = ["&" if t == "AND" else t for t in tokens]
    while len(tokens) > 1 and tokens[0] in rules.leading_noise:
        steps.append(f"leading {tokens[0]} dropped")
        tokens = tokens[1:]
    long_raw = len(raw.strip()) >= _TRUNCATED_AT
    while len(tokens) > 1:
        last = tokens[-1]
        if len(tokens) > 2 and tokens[-2:] == ["N", "A"]:
            # "BANK, N. A." spaced out: the national-association suffix in two letters.
            steps.append("legal suffix N A dropped")
            tokens = tokens[:-2]
            continue
        if last in _IDENTITY_SUFFIXES and len([t for t in tokens[:-1] if t != "&"]) <= 1:
            break  # "THE SOUTHERN COMPANY", "BAIN & COMPANY": the suffix is part of the name
        if tokens[-2] == "OF":
            break  # "COMMONWEALTH OF PA", "EMMES GROUP OF COMPANIES": a place or a noun
        if last in rules.legal_suffixes or last == "&":
            steps.append(f"legal suffix {last} dropped")
        elif last in rules.truncated_fragments and (long_raw or len(last) > 3):
            steps.append(f"truncated fragment {last} dropped")
        else:
            break
        tokens = tokens[:-1]
    result = " ".join(tokens)
    steps.append(f"normalized: {result!r}")
    return result, steps


@dataclass(frozen=True)
class LocalGovernments:
    """Whether a local government named by its place alone is one (discovery rule 7):
    the shapes of such names (discovery.toml's place_units, each with a ``place`` group
    and the name of the government it is or belongs to) and how many US places and
    counties carry each name, by state (us_places.toml)."""

    shapes: tuple[tuple[re.Pattern[str], str], ...] = ()  # (shape, its government's name)
    places: Mapping[str, int] = field(default_factory=dict)  # name → places of that name
    in_state: Mapping[str, frozenset[str]] = field(default_factory=dict)  # code → names
    states: Mapping[str, str] = field(default_factory=dict)  # a state as written → code
    state_names: Mapping[str, str] = field(default_factory=dict)  # code → its name, written
    full_names: Mapping[str, str] = field(default_factory=dict)  # FT WORTH → FORT WORTH

    @classmethod
    def load(cls, shapes: list[dict[str, str]], rules: NormalizationRules) -> LocalGovernments:
        data = _read_toml("us_places.toml")

        def form(name: str) -> str:
            # As _normalize writes the words of an employer string (no suffix is dropped
            # inside one), but fast enough for 20,000 names.
            words = (rules.misspellings.get(w, w) for w in _light(name).split())
            return " ".join("&" if w == "AND" else rules.abbreviations.get(w, w) for w in words)

        def forms(name: str) -> set[str]:
            # SAINT PAUL is written ST PAUL too, FORT WORTH FT WORTH, MOUNT VERNON MT VERNON.
            full = form(name)
            first, _, rest = full.partition(" ")
            short = data["short_first_words"].get(first)
            return {full, f"{short} {rest}"} if short and rest else {full}

        places: Counter[str] = Counter()
        in_state: dict[str, set[str]] = {}
        full_names: dict[str, str] = {}
        for kind in ("places", "counties"):
            for code, names in data[kind].items():
                for name in names:
                    for norm in forms(name):
                        places[norm] += 1
                        in_state.setdefault(code, set()).add(norm)
                        full_names.setdefault(norm, form(name))
        for name in data["largest"]:
            for norm in forms(name):
                places[norm] = 1  # one place of the name is much the largest: that one
        state_names = {code: form(n) for code, n in data["state_names"].items()}
        states = {code: code for code in state_names}
        states |= {name: code for code, name in state_names.items()}
        return cls(
            shapes=tuple((re.compile(s["shape"]), s["government"]) for s in shapes),
            places=dict(places),
            in_state={code: frozenset(names) for code, names in in_state.items()},
            states=states,
            state_names=state_names,
            full_names=full_names,
        )

    def state_named(self, words: list[str], codes: frozenset[str]) -> str | None:
        """The one state of ``codes`` that ``words`` name: its name or code, the name of one
        of its counties (with COUNTY or without), or both, in either order (CA ALAMEDA
        COUNTY, LOS ANGELES); None when they name another place too, or no state or
        several states of ``codes`` carry the county's name."""
        for cut in range(len(words) + 1):
            for state, county in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
                named = self.states.get(" ".join(state)) if state else None
                if state and named is None:
                    continue
                if county and county[-1] == "COUNTY":
                    county = county[:-1]
                if not county:
                    found = {named} if named else set()
                else:
                    name = " ".join(county) + " COUNTY"
                    found = {c for c in codes if name in self.in_state.get(c, ())}
                    if named:
                        found &= {named}
                if len(found) == 1 and found <= codes:
                    return found.pop()
        return None

    def is_one(self, norm: str) -> bool | None:
        """True when ``norm`` is a local government (or its fire or police department)
        named by a place that only one US place carries, or by a place and its state;
        False when several places carry it; None when it is no such name or the place is
        not a known one (the other rules decide)."""
        return self._judge(norm)[0]

    def government(self, norm: str) -> str | None:
        """The name of the one local government ``norm`` names or is a department of
        (INDIANAPOLIS FIRE DEPARTMENT → CITY OF INDIANAPOLIS); None unless it is one."""
        return self._judge(norm)[1]

    def government_in(self, norm: str, code: str) -> str | None:
        """The government ``norm`` names if its place is the one in state ``code``, when
        several US places carry the name (KANSAS CITY FIRE DEPARTMENT in MO → CITY OF
        KANSAS CITY MO); None when ``norm`` is no such name or the state has no such place."""
        for shape, government in self.shapes:
            found = shape.match(norm)
            if found is None:
                continue
            place = found.group("place")
            if self.places.get(place, 0) > 1 and place in self.in_state.get(code, ()):
                return self._named(government, found, place, code)
            return None
        return None

    def _judge(self, norm: str) -> tuple[bool | None, str | None]:
        for shape, government in self.shapes:
            found = shape.match(norm)
            if found is None:
                continue
            words = found.group("place").split()
            for cut in (2, 1):  # "CITY OF BERKELEY CA", "CITY OF DURHAM NORTH CAROLINA"
                code = self.states.get(" ".join(words[-cut:]))
                place = " ".join(words[:-cut])
                if code and len(words) > cut and place in self.in_state.get(code, ()):
                    return True, self._named(government, found, place, code)
            place = " ".join(words)
            count = self.places.get(place, 0)
            if count != 1:
                return (None if count == 0 else False), None
            return True, self._named(government, found, place)
        return None, None

    def _named(
        self, government: str, found: re.Match[str], place: str, code: str | None = None
    ) -> str:
        """The government's name: the place in full (FT WORTH as FORT WORTH), and its state
        only where that tells namesakes apart (CITY OF BERKELEY CA, CITY OF CORONADO)."""
        named = self.full_names.get(place, place)
        if code and self.places.get(place) != 1:
            named = f"{named} {code}"
        return government.format(**{**found.groupdict(), "place": named})


@dataclass(frozen=True)
class DiscoveryRules:
    """When an unmatched string still names an employer (see discovery.toml)."""

    min_letters: int
    min_letters_one_word: int
    role_words: frozenset[str]
    occupation_words: frozenset[str]  # job titles only when the whole string is one
    generic_words: frozenset[str]
    vague: tuple[re.Pattern[str], ...]
    franchise_brands: re.Pattern[str]  # a franchise brand alone: an outlet (one pattern)
    trade_words: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    state_words: frozenset[str] = frozenset()
    shared_name_words: frozenset[str] = frozenset()
    connectors: frozenset[str] = frozenset()
    common_surnames: frozenset[str] = frozenset()
    given_names: frozenset[str] = frozenset()
    legal_forms: frozenset[str] = frozenset()
    national_words: frozenset[str] = frozenset()
    national_bodies: frozenset[str] = frozenset()
    named_institutions: frozenset[str] = frozenset()
    min_letters_coined_word: int = 0
    role_modifiers: frozenset[str] = frozenset()
    incorporated_min_words: int = 0
    car_brands: frozenset[str] = frozenset()
    kind_words: frozenset[str] = frozenset()
    sign_words: frozenset[str] = frozenset()
    state_name_min_words: int = 0
    local_governments: LocalGovernments = field(default_factory=LocalGovernments)
    departments: re.Pattern[str] | None = None  # a department alone (HUMAN RESOURCES)
    superior_court_states: frozenset[str] = frozenset()  # codes: their superior courts are theirs
    # EVERGREEN, INTERSTATE: one of these alone names no particular firm (everyday_words.toml)
    everyday_words: frozenset[str] = frozenset()

    @classmethod
    def load(cls, rules: NormalizationRules | None = None) -> DiscoveryRules:
        data = _read_toml("discovery.toml")
        names = _read_toml("common_surnames.toml")
        rules = rules or _rules()
        # Legal forms as donors write them: the suffixes, the short forms expanded to one
        # (CORP, CO), and what the FEC's 38-character cut leaves of them (INCORP, CORPORAT).
        legal = set(rules.legal_suffixes) | {
            k for k, v in rules.abbreviations.items() if v in rules.legal_suffixes
        }
        legal |= {t for t in rules.truncated_fragments if len(t) > 3}
        return cls(
            min_letters=int(data["min_letters"]),
            min_letters_one_word=int(data["min_letters_one_word"]),
            role_words=frozenset(data["role_words"]),
            occupation_words=frozenset(data["occupation_words"]),
            generic_words=frozenset(data["generic_words"]),
            vague=tuple(re.compile(p) for p in data["vague_patterns"]),
            # One pattern of them all: it is tried on every string before the registry's names.
            franchise_brands=re.compile("|".join(f"(?:{p})" for p in data["franchise_brands"])),
            departments=re.compile(
                rf"^(THE )?({'|'.join(map(re.escape, data['departments']))})"
                r"( DEPARTMENT| DIVISION)?$"
            ),
            trade_words=frozenset(data["trade_words"])
            | frozenset(data["generic_words"])
            | frozenset(data.get("car_brands", ())),
            place_words=frozenset(data["place_words"]),
            state_words=frozenset(data["state_words"]),
            shared_name_words=frozenset(data["shared_name_words"]),
            connectors=frozenset(data["connectors"]),
            common_surnames=frozenset(names["surnames"]),
            given_names=frozenset(names["given_names"]),
            legal_forms=frozenset(legal),
            national_words=frozenset(data["national_words"]),
            national_bodies=frozenset(data["national_bodies"]),
            named_institutions=frozenset(data["named_institutions"]),
            min_letters_coined_word=int(data["min_letters_coined_word"]),
            role_modifiers=frozenset(data["role_modifiers"]),
            incorporated_min_words=int(data.get("incorporated_min_words", 0)),
            car_brands=frozenset(data.get("car_brands", ())),
            kind_words=frozenset(data.get("kind_words", ())),
            sign_words=frozenset(data.get("sign_words", ())),
            state_name_min_words=int(data.get("state_name_min_words", 0)),
            local_governments=LocalGovernments.load(data.get("place_units", []), rules),
            superior_court_states=frozenset(data["superior_courts"]["states"]),
            everyday_words=frozenset(_read_toml("everyday_words.toml")["words"]),
        )

    @cached_property
    def _job_words(self) -> frozenset[str]:
        """Words a string made only of is a job title: role words and occupations."""
        return self.role_words | self.occupation_words

    @cached_property
    def _occupation_heads(self) -> frozenset[str]:
        return self.role_words - self.role_modifiers

    @cached_property
    def _plain(self) -> frozenset[str]:
        """Words that distinguish no organization (with a legal form, states do)."""
        return (
            self.trade_words
            | self.place_words
            | self.shared_name_words
            | self.role_words
            | self.connectors
        )

    @cached_property
    def plain_words(self) -> frozenset[str]:
        """Words that tell no organization apart in a name without a legal form: trade,
        place, shared-name and role words, connectors, and the states."""
        return self._plain | self.state_words

    def names_two(self, raw: str, light: str | None = None) -> bool:
        """Whether ``raw`` names two organizations, each with its legal form (SUNSHINE DESIGN
        LLC/IUCG INC., HOMESOUTH LLC GREEN ROCK LLC): which one employs the donor is not
        said. A DBA, FKA or AKA between them names one organization twice. ``light``:
        ``raw`` in _light form, when the caller has it."""
        if "/" in raw:
            parts = [p for p in raw.upper().split("/") if p.strip()]
            if len(parts) >= 2 and all(
                any(t in self.legal_forms for t in _light(p).split()[1:]) for p in parts
            ):
                return True
        tokens = (_light(raw) if light is None else light).split()
        if {"DBA", "FKA", "AKA", "D"} & set(tokens):
            return False
        if tokens[-1] not in self.legal_forms:
            return False
        # A second name must follow the inner legal form: a word that tells a firm apart.
        # Only trade words after it (EFH CORP SERVICES CO: corporate services) or a
        # co-op's OP (MOHAVE ELECTRIC CO-OP INC.) leave one organization.
        for i, t in enumerate(tokens[1:-1], start=1):
            if (
                t not in self.legal_forms
                or tokens[i + 1] in self.legal_forms
                or tokens[i + 1] == "OP"
            ):
                continue
            rest = tokens[i + 1 :]
            if any(
                not _listed(w, self._plain) and w not in self.legal_forms and w.isalpha()
                for w in rest
            ):
                return True
        return False

    def has_legal_form(self, light: str) -> bool:
        """Whether the string (in _light form) carries a legal form after its first word."""
        return any(t in self.legal_forms for t in light.split()[1:])

    def is_dealership(self, words: list[str]) -> bool:
        """Whether ``words`` end in car brands after a name (VICTORY TOYOTA SCION): a car
        dealership. A given name alone before one brand that is a common surname (HENRY
        FORD) is a person; before another brand (STUART NISSAN) it is a dealer's name."""
        if not self.car_brands:
            return False
        cut = len(words)
        while cut > 0 and words[cut - 1] in self.car_brands:
            cut -= 1
        name = [w for w in words[:cut] if w not in self.connectors]
        if cut == len(words) or not name:
            return False
        brands = words[cut:]
        person = len(brands) == 1 and brands[0] in self.common_surnames
        return not (person and len(name) == 1 and name[0] in self.given_names)

    def is_franchise_brand(self, norm: str) -> bool:
        """Whether ``norm`` is a franchise brand alone (CHICK FIL A), naming no one outlet."""
        return self.franchise_brands.search(norm) is not None

    def is_department(self, norm: str) -> bool:
        """Whether ``norm`` is only a department every employer has (LEGAL, FINANCE DEPT.)."""
        return self.departments is not None and self.departments.match(norm) is not None

    def ends_in_legal_form(self, light: str) -> bool:
        """Whether the string (in _light form) ends in a legal form after its first word."""
        tokens = light.split()
        return len(tokens) > 1 and tokens[-1] in self.legal_forms

    def why_not(
        self,
        norm: str,
        legal_form: bool = True,
        sign_needed: bool = True,
        *,
        incorporated: bool = False,
        unit_of_known: bool = False,
        registered: bool = False,
    ) -> str | None:
        """Why ``norm`` names no employer, or None when it names one. ``legal_form``: the
        raw string carried a legal form after its first word (LLC, INC, CO, ...).
        ``sign_needed``: False where the string is known to name an organization (a PAC's
        connected organization), so only the rules of what names nothing apply.
        ``incorporated``: the raw string ends in its legal form (rule 4). ``unit_of_known``:
        it opens with a registered organization's name of two or more words (rule 6).
        ``registered``: the name is a registered legal entity's, written without its legal
        form: it needs no sign of being an organization, only words that tell it apart."""
        letters = len(_NOT_LETTER.sub("", norm))
        if letters < self.min_letters:
            return f"fewer than {self.min_letters} letters"
        words = [w for w in norm.split() if w != "&"]
        if len(words) == 1 and letters < self.min_letters_one_word:
            return f"one word of fewer than {self.min_letters_one_word} letters"
        if words and all(w in self._job_words for w in words):
            return "a job title, not an employer"
        if words and all(w in self.generic_words for w in words):
            return "a name many unrelated organizations share"
        one_place = self.local_governments.is_one(norm)
        if one_place is not None:
            # Rule 7: CITY OF CORONADO, INDIANAPOLIS FIRE DEPT. (not ROCKFORD FIRE DEPT.).
            return None if one_place else "a place several US places share: which is not said"
        if self.is_department(norm):
            return "a department, named without its employer"
        for pattern in self.vague:
            if pattern.search(norm):
                return f"names no particular employer ({pattern.pattern})"
        if not self.trade_words or not sign_needed:
            return None  # rules without the sign-of-one-organization lists
        if not legal_form and words and words[-1] in self._occupation_heads:
            return "an occupation (it ends in a role word), not an employer"
        if incorporated and self.incorporated_min_words:
            # Rule 4: an incorporated name of enough words is registered once and names one
            # organization, whatever its words (CORNERSTONE HOME LENDING, INC.), unless they
            # are all generic words (FIRST FEDERAL BANK, A FSB).
            named = [w for w in words if w not in self.connectors and w not in self.legal_forms]
            generic = all(w in self.generic_words for w in named)
            if len(named) >= self.incorporated_min_words and not generic:
                return None
        if self.state_name_min_words and not unit_of_known:
            # Rule 6: a state's body (TENNESSEE BANKERS ASSOCIATION, UTAH VALLEY UNIVERSITY).
            named = [w for w in words if w not in self.connectors]
            if (
                len(named) >= self.state_name_min_words
                and any(w in self.state_words for w in named)
                and any(_listed(w, self.trade_words) for w in named)
                and not all(w in self.generic_words for w in named)
            ):
                return None
        if self.is_dealership(words):
            return None  # rule 5: a name and a car brand (WILLIS CHEVROLET BUICK)
        kinds = set(words)
        national = kinds & self.national_words and kinds & self.national_bodies
        if national and kinds - self.national_words - self.national_bodies - self.connectors:
            return None  # one national body: AMERICAN GAS ASSOCIATION
        plain = self._plain if legal_form else self.plain_words
        # Initials (J.Z. MARKETING GROUP, R2 LOGISTICS INC.) distinguish a firm that has a
        # legal form; without one, two letters (OS MANAGEMENT) say too little.
        shortest = 1 if legal_form else 3
        distinguishing = [
            w
            for w in words
            if not _listed(w, plain) and len(w) >= shortest and any(ch.isalpha() for ch in w)
        ]
        if not distinguishing:
            return "only trade, place and shared words: it could be many organizations"
        if all(_listed(w, self.kind_words) for w in distinguishing):
            # Rule 2c: a kind word tells firms apart only beside another distinguishing
            # word (PODIATRY ASSOCIATES and CARDIOVASCULAR CLINIC are many practices).
            return "only kind and trade words: it could be many organizations"
        # Rule 2d: sign words are signs as trade words are, and still tell firms apart.
        trade = any(_listed(w, self.trade_words) or w in self.sign_words for w in words)
        # Rule 2c: a kind word is a sign with another distinguishing word (WAVE BROADBAND).
        kind = any(_listed(w, self.kind_words) for w in words) and any(
            not _listed(w, self.kind_words) for w in distinguishing
        )
        tokens = norm.split()
        joined = any(
            t == "&" and 0 < i < len(tokens) - 1 and not _listed(tokens[i + 1], self.trade_words)
            for i, t in enumerate(tokens)
        )
        # A long word of its own is a coined name (FRIEDBERGMILSTEIN), but not an everyday
        # word many firms carry (EVERGREEN, INTERSTATE: everyday_words.toml).
        everyday = len(words) == 1 and words[0] in self.everyday_words
        coined = (
            len(words) == 1
            and letters >= self.min_letters_coined_word
            and words[0] not in self.common_surnames
            and not everyday
        )
        partners = (
            2 <= len(words) <= 4
            and all(w.isalpha() and len(w) >= 3 for w in words)
            and not any(_listed(w, self.plain_words) for w in words)
            and words[0] not in self.given_names
            and any(w in self.common_surnames for w in words)
        )
        couple = any(
            t == "&"
            and 0 < i < len(tokens) - 1
            and tokens[i - 1] in self.given_names
            and tokens[i + 1] in self.given_names
            and tokens[i - 1] != tokens[i + 1]
            for i, t in enumerate(tokens)
        )
        if couple and not legal_form and not trade:
            # JOE AND MARIA OLIVEIRA: a couple's names where the employer should be (HOWARD
            # AND HOWARD, one name twice, is a firm of partners).
            return "people's names joined by '&', not an employer"
        if (
            not legal_form
            and len(tokens) == 2
            and words[0] in self.given_names
            and words[1] in self.common_surnames
        ):
            # HENRY FORD, MARY BANKS: a person's name, though the surname is a trade word.
            return "a person's name (a given name and a surname), not an employer"
        if not (legal_form or joined or trade or kind or coined or partners or registered):
            if everyday:
                return "an everyday word alone: many unrelated firms carry it"
            return "no sign of an organization (no legal form, trade word or '&'): a name or a word"
        if registered and not legal_form and not joined and len(distinguishing) == 1:
            # Rule 3, for a name given to a registry organization: a common surname with a
            # trade word (JOHNSON DEVELOPMENT) could be several firms, so it is no alias of
            # one company. Discovered, it is one local firm, as the labels have it for most.
            surname = distinguishing[0] in self.common_surnames
            if surname and not kinds & self.named_institutions:
                return "a common surname with a trade word: it could be several firms"
        return None


_NOT_LETTER = re.compile(r"[^A-Z]+")


def _squeezed(norm: str) -> str:
    """``norm`` without spaces or "&": how a name is written run together or without its
    ampersand (MORGANSTANLEY, MORRISON FOERSTER)."""
    return norm.replace(" ", "").replace("&", "")


def _listed(word: str, words: frozenset[str]) -> bool:
    """``word`` is in ``words``, with or without a final S (HORIZONS, ENTERPRISE)."""
    return word in words or (word.endswith("S") and word[:-1] in words) or (word + "S") in words


def discovered_org_id(norm: str) -> str:
    """The stable id of the organization a normalized string names on its own."""
    return DISCOVERED_PREFIX + re.sub(r"[^a-z0-9&]+", "-", norm.lower()).strip("-")


_RULES: NormalizationRules | None = None


def _rules() -> NormalizationRules:
    global _RULES
    if _RULES is None:
        _RULES = NormalizationRules.load()
    return _RULES


def normalize_employer(raw: str | None) -> str:
    """The comparable form of an employer string (upper case, no punctuation or legal suffix)."""
    if raw is None:
        return ""
    return _normalize(raw, _rules())[0]


@dataclass(frozen=True)
class UnitRules:
    """When "<a registry organization's specific name> <unit words>" rolls up to it (see
    units.toml): the one-word names specific enough, the unit words and phrases, the places
    and the strings that open like a unit but name another organization."""

    distinctive: frozenset[str]
    not_units: tuple[str, ...]
    phrases: frozenset[tuple[str, ...]]
    longest: int
    units: frozenset[tuple[str, ...]]  # the unit words and phrases alone, no place or tail
    connectors: frozenset[str]  # words that name no unit on their own
    places: frozenset[str]  # places and people's names: a franchise office's, not a unit's
    separate_bodies: frozenset[tuple[str, ...]]  # words of bodies that only carry a name

    @classmethod
    def load(cls, discovery: DiscoveryRules, rules: NormalizationRules) -> UnitRules:
        data = _read_toml("units.toml")
        words = [*data["units"], *data["places"]]
        words += [*discovery.state_words, *discovery.place_words, *rules.generic_tails]
        words += [*rules.legal_suffixes, *discovery.connectors]
        phrases = frozenset(tuple(_light(w).split()) for w in words)
        return cls(
            distinctive=frozenset(data["distinctive"]),
            not_units=tuple(data["not_units"]),
            phrases=phrases,
            longest=max(len(p) for p in phrases),
            units=frozenset(tuple(_light(w).split()) for w in data["units"]),
            # (DBA is a connector of names, not of a unit's words: "<ORG> DBA" is one)
            connectors=discovery.connectors - {"DBA"},
            places=frozenset(data["places"])
            | discovery.state_words
            | discovery.place_words
            | discovery.common_surnames
            | discovery.given_names,
            separate_bodies=frozenset(tuple(_light(w).split()) for w in data["separate_bodies"]),
        )

    @cached_property
    def _words(self) -> frozenset[str]:
        return frozenset(w for p in self.phrases for w in p)

    def is_business_line(self, tokens: list[str]) -> bool:
        """Whether ``tokens``, after a specific name, can be a line of its business: not
        opening with OF, not only places and people's names, no word of a separate body,
        also with the last word cut short (FEDERAL CREDIT UNIO)."""
        if not tokens or tokens[0] == "OF" or all(t in self.places for t in tokens):
            return False
        last = len(tokens)
        for p in self.separate_bodies:
            for i in range(last - len(p) + 1):
                window = tokens[i : i + len(p)]
                if tuple(window) == p:
                    return False
                cut = i + len(p) == last and len(window[-1]) >= _CUT_SEPARATE_LETTERS
                if cut and tuple(window[:-1]) == p[:-1] and p[-1].startswith(window[-1]):
                    return False
        return True

    def names_a_unit(self, tokens: list[str]) -> bool:
        """Whether ``tokens`` are unit words (is_units) with a unit word or phrase of the
        units list among them: a place or a connector alone names no unit."""
        spans = (
            tuple(tokens[i : i + k])
            for i in range(len(tokens))
            for k in range(1, min(self.longest, len(tokens) - i) + 1)
        )
        return self.is_units(tokens) and any(span in self.units for span in spans)

    def is_units(self, tokens: list[str], truncated: bool = False) -> bool:
        """Whether ``tokens`` are unit words and phrases, places and connectors only, with
        at least one that is not a connector. ``truncated``: the string was cut (the FEC's
        38 characters, a filer's 20 or 30), so its last word may be the start of one
        ("MEDICAL CENT", the O of "COLLEGE O")."""
        last = tokens[-1] if tokens else ""
        if truncated and last not in self._words and any(w.startswith(last) for w in self._words):
            if len(tokens) == 1:
                # The whole tail is one word cut short, read as a unit word only when long
                # enough not to match one by chance (NORTHWESTERN UNIV./NEUROSURGER, a
                # filer's 30 characters).
                return len(last) >= _CUT_UNIT_LETTERS
            tokens = tokens[:-1]
        i, named = 0, False
        while i < len(tokens):
            for k in range(min(self.longest, len(tokens) - i), 0, -1):
                if tuple(tokens[i : i + k]) in self.phrases:
                    named = named or tokens[i] not in self.connectors
                    i += k
                    break
            else:
                return False
        return named


# NAICS 813930, labor unions and similar labor organizations: their locals and councils
# (normalization.toml's union_unit_tails) roll up to them.
_LABOR_UNIONS = "81393"
_UNIVERSITIES = "6113"  # NAICS: colleges, universities and professional schools
# A university's one-word name of at most this many letters is its initials (WVU, UCSF,
# IUPUI); the registry holds no longer initials and no shorter word names of universities.
_INITIALS_LETTERS = 5


# ---------------------------------------------------------------- registry


@dataclass(frozen=True)
class Organization:
    id: str
    name: str
    naics: str
    sector: str
    sector_label: str
    parent: str | None
    source: str
    naics_source: str
    parent_source: str | None
    aliases: tuple[str, ...]
    patterns: tuple[str, ...]


@dataclass(frozen=True)
class NonOrgCategory:
    id: str
    label: str
    variants: tuple[str, ...]
    patterns: tuple[str, ...]
    # Beside a registry organization ("/"), the status is a second employer, not the one.
    second_beside_known: bool = False


def _sector_of(code: str, sectors: Mapping[str, str]) -> str:
    two = code[:2]
    for key in sectors:
        if "-" in key:
            lo, hi = key.split("-")
            if lo <= two <= hi:
                return key
        elif key == two:
            return key
    raise ValueError(f"NAICS code {code} is in no sector of naics_sectors.toml")


@dataclass
class Registry:
    organizations: dict[str, Organization]
    non_orgs: dict[str, NonOrgCategory]
    naics: dict[str, str]
    sources: dict[str, str]
    # Names from a user's imported register (``orgs import-gleif``): aliases that yield to
    # the packaged ones, per organization.
    imported: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # What each listed name of a unit, subsidiary or brand is, and where it is from, by
    # (org_id, alias as written).
    alias_notes: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def load(cls, imported: Path | None = None) -> Registry:
        """The packaged registry; with ``imported``, plus the aliases of a file in the
        subsidiaries.toml format that a user's import wrote (entries naming an organization
        the registry no longer has are left out)."""
        naics_data = _read_toml("naics_sectors.toml")
        sectors: dict[str, str] = {k: v["label"] for k, v in naics_data["sectors"].items()}
        codes: dict[str, str] = dict(sectors)
        codes.update({k: v["label"] for k, v in naics_data.get("codes", {}).items()})
        org_data = _read_toml("organizations.toml")
        sources: dict[str, str] = dict(org_data.get("sources", {}))
        orgs: dict[str, Organization] = {}
        for entry in org_data["org"]:
            oid = entry["id"]
            if oid in orgs:
                raise ValueError(f"organization {oid} defined twice")
            naics = str(entry["naics"])
            sector = _sector_of(naics, sectors)
            orgs[oid] = Organization(
                id=oid,
                name=entry["name"],
                naics=naics,
                sector=sector,
                sector_label=sectors[sector],
                parent=entry.get("parent"),
                source=entry["source"],
                naics_source=entry.get("naics_source", "census-naics"),
                parent_source=entry.get("parent_source"),
                aliases=tuple(entry.get("aliases", ())),
                patterns=tuple(entry.get("patterns", ())),
            )
        # Names of units, brands and predecessors, each with its own source, are aliases
        # of the organization they belong to (subsidiaries.toml).
        notes: dict[tuple[str, str], str] = {}
        listed = _listed_aliases(_read_toml("subsidiaries.toml"), orgs, sources, notes, strict=True)
        for oid, names in listed.items():
            orgs[oid] = replace(orgs[oid], aliases=(*orgs[oid].aliases, *names))
        extra: dict[str, tuple[str, ...]] = {}
        if imported is not None:
            with open(imported, "rb") as fh:
                data = tomllib.load(fh)
            sources.update(data.get("sources", {}))
            found = _listed_aliases(data, orgs, sources, notes, strict=False)
            extra = {oid: tuple(names) for oid, names in found.items()}
        non_data = _read_toml("non_organizations.toml")
        non_orgs = {
            c["id"]: NonOrgCategory(
                id=c["id"],
                label=c["label"],
                variants=tuple(c.get("variants", ())),
                patterns=tuple(c.get("patterns", ())),
                second_beside_known=c.get("second_beside_known", False),
            )
            for c in non_data["category"]
        }
        return cls(orgs, non_orgs, codes, sources, extra, notes)

    def source_text(self, key: str) -> str:
        return self.sources.get(key, key)

    def sector_of(self, code: str) -> str:
        """The NAICS sector (its key in naics_sectors.toml: 23, 31-33) of ``code``."""
        return _sector_of(code, self.naics)

    def ancestry(self, org_id: str) -> list[str]:
        """org_id, its parent, …, its ultimate parent (raises on a cycle)."""
        chain = [org_id]
        seen = {org_id}
        parent = self.organizations[org_id].parent
        while parent is not None:
            if parent in seen:
                raise ValueError(f"parent cycle: {' → '.join([*chain, parent])}")
            chain.append(parent)
            seen.add(parent)
            parent = self.organizations[parent].parent
        return chain


def _listed_aliases(
    data: dict[str, Any],
    orgs: Mapping[str, Organization],
    sources: Mapping[str, str],
    notes: dict[tuple[str, str], str],
    *,
    strict: bool,
) -> dict[str, list[str]]:
    """The ``alias`` entries of a file in the subsidiaries.toml format, by organization;
    each entry's kind, fact and source go to ``notes``. An entry naming an organization the
    registry lacks is an error when ``strict`` (the packaged file), else left out (a user's
    import written against an older registry)."""
    listed: dict[str, list[str]] = {}
    for entry in data.get("alias", ()):
        missing = [k for k in ("org", "alias", "kind", "source") if not entry.get(k)]
        if missing:
            raise ValueError(f"an alias entry lacks {', '.join(missing)}: {entry}")
        if entry["org"] not in orgs:
            if strict:
                raise ValueError(f"subsidiaries.toml: no organization {entry['org']!r}")
            continue
        listed.setdefault(entry["org"], []).append(entry["alias"])
        source = sources.get(entry["source"], entry["source"])
        note = f"{entry['kind']}: {entry['why']}" if entry.get("why") else entry["kind"]
        notes[(entry["org"], entry["alias"])] = f"{note} ({source})"
    return listed


# ---------------------------------------------------------------- matches


@dataclass(frozen=True)
class EmployerMatch:
    raw: str | None
    normalized: str
    org_id: str | None = None
    org_name: str | None = None
    parent_id: str | None = None
    ultimate_parent_id: str | None = None
    naics: str | None = None
    sector: str | None = None
    non_org: str | None = None
    method: str | None = None  # exact | rule | fuzzy | manual; None when unresolved
    confidence: float = 0.0
    matched: str | None = None  # the alias, variant or pattern that decided
    steps: tuple[str, ...] = field(default=())
    chain: tuple[str, ...] = field(default=())
    sources: tuple[str, ...] = field(default=())  # where the org, parent and NAICS facts come from

    @property
    def resolved(self) -> bool:
        return self.org_id is not None or self.non_org is not None

    @property
    def explanation(self) -> str:
        lines = [f"raw: {self.raw!r}", *(f"  {s}" for s in self.steps)]
        if self.org_id is not None:
            lines.append(
                f"{self.method} match on {self.matched!r} → {self.org_id} ({self.org_name}), "
                f"confidence {self.confidence:.2f}"
            )
            if len(self.chain) > 1:
                lines.append("parents: " + " → ".join(self.chain))
            if self.method == "normalized":
                lines.append(
                    "no known organization matched: an organization of its own (discovered), "
                    "with no parent on record"
                )
            if self.naics is not None:
                lines.append(f"industry: NAICS {self.naics}, sector {self.sector}")
            else:
                lines.append(
                    "no industry read off its name: it holds no trade word of industry_words.toml"
                )
            lines.extend(f"source: {s}" for s in self.sources)
        elif self.non_org is not None:
            lines.append(
                f"{self.method} match on {self.matched!r} → non-organization {self.non_org}, "
                f"confidence {self.confidence:.2f}"
            )
        else:
            lines.append("unresolved: no alias, rule or near-miss matched")
        return "\n".join(lines)


def toml_string(value: str) -> str:
    """``value`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(value, ensure_ascii=False)


def _load_overrides(path: str | Path | None) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """A user's corrections: ``[overrides]`` maps a raw string (or its normalized form) to
    an org_id, a non-organization or a discovered ``n:`` id; ``[organizations.<id>]``
    tables declare organizations the registry lacks (name, and optionally parent, naics)."""
    if path is None:
        return {}, []
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    table = data.get("overrides", {} if "organizations" in data else data)
    aliases = {str(k).strip().upper(): str(v) for k, v in table.items()}
    orgs = [{"id": k, **v} for k, v in data.get("organizations", {}).items()]
    return aliases, orgs


def _with_user_orgs(registry: Registry, orgs: list[dict[str, Any]]) -> Registry:
    """The registry plus the organizations a user's overrides declare."""
    if not orgs:
        return registry
    merged = dict(registry.organizations)
    sectors = {k: v for k, v in registry.naics.items() if len(k) == 2 or "-" in k}
    for entry in orgs:
        if "name" not in entry:
            raise ValueError(f"override organization {entry['id']!r} needs a name")
        parent = entry.get("parent")
        if parent is not None and parent not in merged:
            raise ValueError(f"override organization {entry['id']!r}: unknown parent {parent!r}")
        naics = str(entry.get("naics", parent and merged[parent].naics or "99"))
        sector = _sector_of(naics, sectors) if naics != "99" else "99"
        merged[entry["id"]] = Organization(
            id=entry["id"],
            name=entry["name"],
            naics=naics,
            sector=sector,
            sector_label=sectors.get(sector, "Unclassified"),
            parent=parent,
            source="user overrides file",
            naics_source="user overrides file",
            parent_source="user overrides file" if parent else None,
            aliases=tuple(entry.get("aliases", ())),
            patterns=(),
        )
    return replace(registry, organizations=merged)


class EmployerResolver:
    """Resolves employer strings against the registry; one instance caches by normalized form."""

    def __init__(
        self,
        overrides: str | Path | None = None,
        registry: Registry | None = None,
        imported: Path | None = None,
    ) -> None:
        """``overrides``: a user's corrections (TOML); ``imported``: aliases a user's
        import wrote (``orgs import-gleif``), which yield to the packaged ones."""
        self.rules = _rules()
        self.discovery = DiscoveryRules.load(self.rules)
        self.industries = IndustryWords.load()
        self.occupations = IndustryWords.load("occupation_industries.toml")
        self.overrides, user_orgs = _load_overrides(overrides)
        self.registry = _with_user_orgs(registry or Registry.load(imported), user_orgs)
        for target in self.overrides.values():
            known = target in self.registry.organizations or target in self.registry.non_orgs
            if not known and not target.startswith(DISCOVERED_PREFIX):
                raise ValueError(
                    f"override target {target!r} is no org_id, non-organization or n: id"
                )
        self._norm_overrides = {_normalize(k, self.rules)[0]: v for k, v in self.overrides.items()}
        self.alias_index: dict[str, str] = {}
        self.alias_collisions: list[tuple[str, str, str]] = []
        self.org_patterns: list[tuple[re.Pattern[str], str]] = []
        for org in self.registry.organizations.values():
            for alias in (org.name, *org.aliases):
                key = _normalize(alias, self.rules)[0]
                prior = self.alias_index.setdefault(key, org.id)
                if prior != org.id:
                    self.alias_collisions.append((key, prior, org.id))
            self.org_patterns.extend((re.compile(p), org.id) for p in org.patterns)
        for org_id, names in self.registry.imported.items():
            for alias in names:
                key = _normalize(alias, self.rules)[0]
                self.alias_index.setdefault(key, org_id)  # a packaged alias wins
        # What a listed unit's, subsidiary's or brand's name is, by its normalized form.
        self._alias_notes = {
            key: note
            for (org_id, alias), note in self.registry.alias_notes.items()
            if self.alias_index.get(key := _normalize(alias, self.rules)[0]) == org_id
        }
        # Patterns that open with a literal word ("^DELOITTE\b") can only match strings
        # that open with it: indexed by that word, a lookup tries a few.
        self._patterns_by_word: dict[str, list[tuple[re.Pattern[str], str]]] = {}
        self._patterns_anywhere: list[tuple[re.Pattern[str], str]] = []
        for pattern, org_id in self.org_patterns:
            lead = _LEADING_WORD.match(pattern.pattern)
            if lead is None:
                self._patterns_anywhere.append((pattern, org_id))
            else:
                self._patterns_by_word.setdefault(lead.group(1), []).append((pattern, org_id))
        self.non_org_variants: dict[str, str] = {}
        self.non_org_patterns: list[tuple[re.Pattern[str], str]] = []
        for cat in self.registry.non_orgs.values():
            for variant in cat.variants:
                self.non_org_variants[_light(variant)] = cat.id
            self.non_org_patterns.extend((re.compile(p), cat.id) for p in cat.patterns)
        # Fuzzy candidates blocked by first letter, so a lookup compares a few dozen aliases.
        self._blocks: dict[str, list[str]] = {}
        for key in self.alias_index:
            if len(key) >= FUZZY_MIN_LEN - 2:
                self._blocks.setdefault(key[0], []).append(key)
        # Aliases without spaces or "&", for "MORGANSTANLEY", "AVALON BAY" or "MORRISON
        # FOERSTER"; a key two organizations share is dropped, and so is a short one that
        # only dropping "&" made (A & P is not AP).
        compact: dict[str, tuple[str, str] | None] = {}
        for key, org_id in self.alias_index.items():
            squeezed = _squeezed(key)
            if "&" in key and len(squeezed) < 6:
                continue
            prior = compact.get(squeezed)
            if squeezed in compact and (prior is None or prior[1] != org_id):
                compact[squeezed] = None
            else:
                compact[squeezed] = (key, org_id)
        self._compact = {k: v for k, v in compact.items() if v is not None}
        self.units = UnitRules.load(self.discovery, self.rules)
        # Words many organizations' names share: a name with none else is not specific.
        d = self.discovery
        self._common_words = d.plain_words | d.generic_words | d.national_words | d.kind_words
        # ... and people's names: a word of neither says which organization a name is.
        self._name_words = self._common_words | d.common_surnames | d.given_names
        # The aliases specific enough to take unit words after them (units.toml).
        self._unit_heads = {
            k: v
            for k, v in self.alias_index.items()
            if self._specific(k, self.registry.organizations[v])
        }
        # The organizations whose aliases begin with these words: "VANDERBILT UNIVERSITY
        # MEDICAL" is the start of the medical center's name, not a unit of the university.
        self._alias_starts: dict[str, set[str]] = {}
        for key, org_id in self.alias_index.items():
            words = key.split()
            for k in range(1, len(words)):
                self._alias_starts.setdefault(" ".join(words[:k]), set()).add(org_id)
        # The aliases in order, to find those a string is the start of.
        self._sorted_aliases = sorted(self.alias_index)
        # The words of the registry's names, to tell a word cut short from a whole one.
        self._alias_words = frozenset(w for key in self.alias_index for w in key.split())
        # The names of two words or more by (their word count, a word's place, that word),
        # to find those a string matches at all but a few places.
        self._names_by_word: dict[tuple[int, int, str], list[str]] = {}
        for key in self.alias_index:
            words = key.split()
            if len(words) >= 2:
                for i, word in enumerate(words):
                    self._names_by_word.setdefault((len(words), i, word), []).append(key)
        # The core of a health care organization's name (SHAWNEE MISSION of SHAWNEE MISSION
        # MEDICAL CENTER, squeezed) → the organizations with a name of that core, each by
        # its shortest such name.
        self._hospital_cores: dict[str, dict[str, str]] = {}
        for key, org_id in sorted(self.alias_index.items(), key=lambda kv: len(kv[0])):
            if self.registry.organizations[org_id].naics.startswith("62"):
                core = _squeezed(self._hospital_head(key)[0])
                self._hospital_cores.setdefault(core, {}).setdefault(org_id, key)
        # The words many organizations' names share, and those of the non-organizations'
        # variants (ENTREPRENEUR), by first letter: a misspelling of one is read as the word.
        organizations_by_word: dict[str, set[str]] = {}
        for key, org_id in self.alias_index.items():
            for word in key.split():
                organizations_by_word.setdefault(word, set()).add(org_id)
        least = self.rules.shared_word_organizations
        shared = {w for w, orgs in organizations_by_word.items() if len(orgs) >= least}
        self._variant_words = frozenset(w for v in self.non_org_variants for w in v.split())
        self._known_words = self._alias_words | self._variant_words
        self._shared_words: dict[str, list[str]] = {}
        for word in sorted(shared | self._variant_words):
            if word.isalpha() and len(word) >= FUZZY_MIN_WORD - 1:
                self._shared_words.setdefault(word[0], []).append(word)
        self._cache: dict[tuple[str, bool, bool, bool], EmployerMatch] = {}

    # -- building results

    def _org(
        self,
        raw: str | None,
        norm: str,
        org_id: str,
        method: str,
        conf: float,
        matched: str,
        steps: list[str],
        alias: str | None = None,
    ) -> EmployerMatch:
        """A match to the registry's ``org_id``; ``alias``: the known name that decided."""
        org = self.registry.organizations[org_id]
        chain = self.registry.ancestry(org_id)
        reg = self.registry
        sources = [f"{org.id}: {reg.source_text(org.source)}"]
        note = self._alias_notes.get(alias or matched)
        if note is not None:
            sources.insert(0, f"{alias or matched}: {note}")
        for link in chain[:-1]:
            child = reg.organizations[link]
            text = reg.source_text(child.parent_source or "")
            sources.append(f"{link} → {child.parent}: {text}")
        sources.append(f"NAICS: {reg.source_text(org.naics_source)}")
        return EmployerMatch(
            raw=raw,
            normalized=norm,
            org_id=org_id,
            org_name=org.name,
            parent_id=org.parent,
            ultimate_parent_id=chain[-1],
            naics=org.naics,
            sector=f"{org.sector} {org.sector_label}",
            method=method,
            confidence=round(conf, 3),
            matched=matched,
            steps=tuple(steps),
            chain=tuple(chain),
            sources=tuple(sources),
        )

    def _target(
        self,
        raw: str | None,
        norm: str,
        target: str,
        method: str,
        conf: float,
        matched: str,
        steps: list[str],
    ) -> EmployerMatch:
        if target in self.registry.organizations:
            return self._org(raw, norm, target, method, conf, matched, steps)
        if target.startswith(DISCOVERED_PREFIX):
            name = target[len(DISCOVERED_PREFIX) :].replace("-", " ").upper()
            return self._discovered_match(raw, norm, target, name, method, conf, matched, steps)
        return EmployerMatch(
            raw=raw,
            normalized=norm,
            non_org=target,
            method=method,
            confidence=round(conf, 3),
            matched=matched,
            steps=tuple(steps),
        )

    # -- the cascade

    def resolve(self, raw: str | None, *, names_an_organization: bool = False) -> EmployerMatch:
        """The organization or non-organization ``raw`` names. ``names_an_organization``:
        the string is known to name some organization (a PAC's connected organization), so
        an unknown one becomes an organization of its own without the sign of one that an
        employer box needs (discovery.toml)."""
        match = self._resolve(raw)
        if names_an_organization and not match.resolved and match.normalized:
            legal = self.discovery.has_legal_form(_light(raw or ""))
            if self.discovery.why_not(match.normalized, legal, sign_needed=False) is None:
                steps = [s for s in match.steps if not s.startswith("no organization:")]
                return self._discovered(raw, match.normalized, steps)
        return match

    def _resolve(self, raw: str | None) -> EmployerMatch:
        key = (raw or "").strip().upper()
        if key in self.overrides:
            target = self.overrides[key]
            return self._target(raw, key, target, "manual", 1.0, f"override {key!r}", [])
        norm, steps = _normalize(raw or "", self.rules)
        # Whether an unknown string is an organization of its own depends on its legal form
        # too ("GREEN ROCK" or "GREEN ROCK LLC"), and on where it stands (an incorporated
        # name ends in it; "UNIV OF CO. SCHOOL" does not), so the cache keeps them apart.
        light = _light(raw or "")
        legal = self.discovery.has_legal_form(light)
        incorporated = legal and self.discovery.ends_in_legal_form(light)
        # A string cut at the FEC's 38 characters may end in the start of a unit word; one
        # of a filer's 20 or 30 may, where its last word is none of the registry's names'
        # words.
        length = len((raw or "").strip())
        truncated = length >= _FEC_CUT - 2 or (
            length in _FILER_CUTS and norm.rsplit(" ", 1)[-1] not in self._alias_words
        )
        key = (norm, legal, incorporated, truncated)
        cached = self._cache.get(key)
        if cached is not None:
            return replace(cached, raw=raw, steps=(*steps, *cached.steps))
        n_steps = len(steps)
        match = self._resolve_normalized(raw, norm, steps, legal, light, incorporated, truncated)
        # The normalization steps are per raw string and rebuilt on a hit; keeping them would
        # double the cache's memory on millions of distinct strings. The verdict's own step
        # ("no organization: ...") is kept.
        self._cache[key] = replace(match, raw=None, steps=match.steps[n_steps:])
        return match

    def _resolve_normalized(
        self,
        raw: str | None,
        norm: str,
        steps: list[str],
        legal_form: bool = True,
        light: str | None = None,
        incorporated: bool = False,
        truncated: bool = False,
    ) -> EmployerMatch:
        if norm in self._norm_overrides:
            target = self._norm_overrides[norm]
            return self._target(raw, norm, target, "manual", 1.0, f"override {norm!r}", steps)
        if not norm:
            return self._target(raw, norm, NOT_REPORTED, "rule", 1.0, "blank", steps)
        if light is None:
            light = _light(raw or "")
        for form in (light, norm):
            if form in self.non_org_variants:
                cat = self.non_org_variants[form]
                return self._target(raw, norm, cat, "exact", CONFIDENCE["exact"], form, steps)
        if not legal_form and self.discovery.is_franchise_brand(norm):
            why = "a franchise brand alone: an outlet its franchisee or operator owns, which one"
            return _no_organization(raw, norm, steps, f"{why} is not said")
        if norm in self.alias_index:
            org_id = self.alias_index[norm]
            return self._org(raw, norm, org_id, "exact", CONFIDENCE["exact"], norm, steps)
        for pattern, cat in self.non_org_patterns:
            if pattern.search(light):
                known = self._known_beside(raw or "", cat)
                if known is not None:
                    status = self.registry.non_orgs[cat].label.lower()
                    why = _several_why(f"{known} and {status}")
                    return _no_organization(raw, norm, steps, why)
                conf = CONFIDENCE["non_org_rule"]
                return self._target(raw, norm, cat, "rule", conf, pattern.pattern, steps)
        # The parts of a string joined by "/" or ";", read once for the checks below. Two
        # known organizations named apart are several, though a pattern or a known name
        # fits the first (UNIVERSITY OF COLORADO/NASA); a part of no known organization is
        # weighed only once the rules have found none (USDA/RURAL DEVELOPMENT: its unit).
        slash_parts = self._slash_parts(raw or "")
        known = [(part, m) for part, m in slash_parts if m.method != "normalized"]
        if (several := self._several(known)) is not None:
            return _no_organization(raw, norm, steps, _several_why(several))
        hit = self._org_pattern(norm)
        if hit is not None:
            pattern_text, org_id = hit
            conf = CONFIDENCE["prefix_rule"]
            return self._org(raw, norm, org_id, "rule", conf, pattern_text, steps)
        # A known name with generic words after it, or a union's with its local before it.
        for find, how in (
            (self._prefix, "{} + generic words"),
            (self._union_after_its_unit, "a local or council of {}"),
        ):
            hit = find(norm)
            if hit is not None:
                alias, org_id = hit
                conf = CONFIDENCE["prefix_rule"]
                return self._org(raw, norm, org_id, "rule", conf, how.format(alias), steps, alias)
        for part in _dba_parts(norm):
            if part in self.alias_index:
                org_id = self.alias_index[part]
                conf = CONFIDENCE["prefix_rule"]
                matched = f"{part} (DBA part)"
                return self._org(raw, norm, org_id, "rule", conf, matched, steps, part)
        compact = self._compact.get(_squeezed(norm))
        if compact is not None:
            alias, org_id = compact
            conf = CONFIDENCE["prefix_rule"]
            matched = f"{alias} (spacing or '&')"
            return self._org(raw, norm, org_id, "rule", conf, matched, steps, alias)
        fuzzy = self._fuzzy(norm)
        if fuzzy is not None:
            alias, ratio = fuzzy
            org_id = self.alias_index[alias]
            return self._org(raw, norm, org_id, "fuzzy", ratio * 0.95, alias, steps)
        unit = self._unit(norm, truncated)
        if unit is not None:
            return self._unit_match(raw, norm, *unit, steps)
        unit = self._unit_before_name(norm)
        if unit is not None:
            return self._unit_match(raw, norm, *unit, steps, before=True)
        start = self._start_of_name(norm, truncated)
        if start is not None:
            why = f"the start of {start!r}, a known organization's name (cut short)"
            org_id = self.alias_index[start]
            conf = CONFIDENCE["prefix_rule"]
            return self._org(raw, norm, org_id, "rule", conf, start, [*steps, why])
        off = self._words_off(norm)
        if off is not None:
            alias, how = off
            org_id = self.alias_index[alias]
            conf = CONFIDENCE["prefix_rule"] * 0.95
            return self._org(raw, norm, org_id, "fuzzy", conf, alias, [*steps, how])
        shared = self._shared_word_misspelled(norm)
        if shared is not None:
            fixed, target, matched = shared
            why = f"a word many names share, misspelled: read as {fixed!r}"
            conf = CONFIDENCE["prefix_rule"] * 0.95
            return self._target(raw, norm, target, "fuzzy", conf, matched, [*steps, why])
        hospital = None if legal_form else self._hospital_named_otherwise(norm)
        if hospital is not None:
            why = f"a health care name read without its endings, as the registry's {hospital}"
            org_id = self.alias_index[hospital]
            conf = CONFIDENCE["unit_rule"]
            return self._org(raw, norm, org_id, "rule", conf, hospital, [*steps, why])
        court = self._state_court(norm)
        if court is not None:
            why = "a state's own trial court (superior court), named by its county or state"
            conf = CONFIDENCE["unit_rule"]
            return self._org(raw, norm, court, "rule", conf, "SUPERIOR COURT", [*steps, why])
        head = _before_separator(raw or "")
        if head is not None:
            head_norm = _normalize(head, self.rules)[0]
            hit = self._prefix(head_norm)
            if head_norm in self.alias_index:
                hit = (head_norm, self.alias_index[head_norm])
            if hit is not None:
                alias, org_id = hit
                conf = CONFIDENCE["prefix_rule"]
                matched = f"{alias} (before {raw[len(head) :].strip()[:1]!r})"
                return self._org(raw, norm, org_id, "rule", conf, matched, steps, alias)
            unit = self._unit(head_norm)
            if unit is not None:
                return self._unit_match(raw, norm, *unit, steps)
        if self.discovery.names_two(raw or "", light):
            why = "two organizations named, each with its legal form: which one is not said"
            return _no_organization(raw, norm, steps, why)
        if (several := self._several(slash_parts)) is not None:
            return _no_organization(raw, norm, steps, _several_why(several))
        one = self._one_by_parts(slash_parts)
        if one is not None:
            org_id, part = one
            why = f"its parts name one organization, or nothing of their own, beside {part!r}"
            conf = CONFIDENCE["unit_rule"]
            matched = f"{part} (a part of the string)"
            return self._org(raw, norm, org_id, "rule", conf, matched, [*steps, why], part)
        if "/" not in (raw or ""):
            line = self._unit(norm, business_line=True)
            if line is not None:
                return self._unit_match(raw, norm, *line, steps, business_line=True)
        written_short = self._written_short(raw, norm, steps)
        if written_short is not None:
            return written_short
        two = self._two_names_of_one_group(norm)
        if two is not None:
            specific, other, org_id = two
            why = f"two names of one organization's group: {specific!r}, beside {other!r}"
            matched = f"{specific} (beside {other})"
            conf = CONFIDENCE["unit_rule"]
            return self._org(raw, norm, org_id, "rule", conf, matched, [*steps, why], specific)
        tokens = norm.split()
        unit = any(" ".join(tokens[:k]) in self.alias_index for k in range(2, len(tokens)))
        why_not = self.discovery.why_not(
            norm, legal_form, incorporated=incorporated, unit_of_known=unit
        )
        if why_not is not None:
            return _no_organization(raw, norm, steps, why_not)
        apart = self._names_set_apart(raw or "")
        if apart is not None:
            return _no_organization(raw, norm, steps, _several_why(" and ".join(apart)))
        return self._discovered(raw, norm, steps)

    def _written_short(self, raw: str | None, norm: str, steps: list[str]) -> EmployerMatch | None:
        """A name written short: without OF after UNIVERSITY or DEPARTMENT (UNIV
        LOUISVILLE, UNIVERSITY CALIF DAV, DEPT VETERANS AFFAIR), with UNIVERSITY as a last
        U or UNI (OHIO STATE U), or with a state's postal code or short form for its name
        (N.Y. STOCK EXCHANGE, SOUTHERN CA EDISON, STEEL OF WV): the known organization the
        string names written in full, if it names one; UNIVERSITY HOSPITALS and JOHN Q U
        name none that way and are left as they are."""
        first, _, rest = norm.partition(" ")
        head, _, last = norm.rpartition(" ")
        words = norm.split()
        readings = []
        # UNIVERSITY or DEPARTMENT first, or DEPARTMENT after its government's name of a
        # word or two (US DEPT LABOR, NEW YORK DEPARTMENT HEALTH).
        rules = self.rules
        at = next(
            (
                i
                for i, w in enumerate(words[:3])
                if w in (rules.of_omitted if i == 0 else rules.of_omitted_after_a_name)
            ),
            None,
        )
        if at is not None and at + 1 < len(words) and words[at + 1] != "OF":
            reading = " ".join([*words[: at + 1], "OF", *words[at + 1 :]])
            readings.append((reading, f"{words[at]} without OF"))
        if head and last in self.rules.last_word_short:
            full = self.rules.last_word_short[last]
            readings.append((f"{head} {full}", f"{last} at the end for {full}"))
        for i, word in enumerate(words if rest else ()):
            state = self.rules.state_forms.get(word)
            if state and state != word:
                reading = " ".join([*words[:i], state, *words[i + 1 :]])
                readings.append((reading, f"{word} for {state}"))
        for reading, how in readings:
            match = self.resolve(reading)
            if match.org_id is not None and match.method != "normalized":
                why = f"{how}, read as {reading}"
                return replace(match, raw=raw, normalized=norm, steps=(*steps, why))
        return None

    def _start_of_name(self, norm: str, truncated: bool) -> str | None:
        """The one registry name ``norm`` is the start of, when it says enough to name it:
        three words or more, one of them no trade, place or shared word, or two with a
        specific word (NELSON MULLINS RILEY: a donor's short form of NELSON MULLINS RILEY
        & SCARBOROUGH, or the FEC's cut)."""
        words = norm.split()
        named = [w for w in words if not _listed(w, self.discovery.plain_words)]
        if not named or not (len(words) >= 3 or self._specific(norm)):
            return None  # FIRST FINANCIAL BANK starts many banks' names
        cut_word = words[-1] not in self._alias_words
        if (truncated or cut_word) and norm not in self._alias_starts:
            # The FEC's cut, or a filer's, fell inside a word (UNIVERSITY HOSPITALS
            # CLEVELAND MEDICAL CENTE; NELSON, MULLINS, RILEY & SCARBO at 31 characters):
            # the names the string starts letter by letter, if all are one body's; those
            # it is with the cut word whole first (MD ANDERSON CANCER CEN: not also MD
            # ANDERSON CANCER CENTER ORLANDO, Orlando Health's).
            names = self._completed_names(norm) or self._names_starting(norm)
            if len({self.alias_index[n] for n in names}) != 1:
                return None
            return min(names, key=len)
        if not truncated and len(words) >= 3 and norm not in self._alias_starts:
            # A last word that is a word of some name but starts the word of one name in its
            # place (SOCIAL SECURITY ADM: ADM is Archer-Daniels-Midland's too).
            names = self._completed_names(norm)
            if names and len({self.alias_index[n] for n in names}) == 1:
                return min(names, key=len)
        if len(self._alias_starts.get(norm, ())) != 1:
            return None
        # What the string leaves out of one of the names must be partners' names after
        # "&", words of no consequence (SERVICES), or what the FEC's cut took: UNIVERSITY OF
        # PITTSBURGH is not the start of UNIVERSITY OF PITTSBURGH MEDICAL CENTER, another
        # body. SUNRISE HOSPITAL is HCA's SUNRISE HOSPITAL & MEDICAL CENTER, though HCA's
        # SUNRISE HOSPITAL LAS VEGAS is shorter.
        allowed = self.rules.generic_tails | self.rules.legal_suffixes
        for name in sorted(self._names_starting(norm + " "), key=lambda n: (len(n), n)):
            rest = name[len(norm) :].split()
            if truncated or rest[0] == "&" or all(w in allowed for w in rest):
                return name
        return None

    def _completed_names(self, norm: str) -> list[str]:
        """The registry names ``norm`` is with its last word completed (UNIVERSITY OF
        PITTSBURGH MEDICAL CEN: UPMC's UNIVERSITY OF PITTSBURGH MEDICAL CENTER)."""
        words = len(norm.split())
        return [n for n in self._names_starting(norm) if len(n.split()) == words]

    def _names_starting(self, start: str) -> list[str]:
        """The registry names that begin with ``start``, letter by letter."""
        i = bisect.bisect_left(self._sorted_aliases, start)
        names = []
        while i < len(self._sorted_aliases) and self._sorted_aliases[i].startswith(start):
            names.append(self._sorted_aliases[i])
            i += 1
        return names

    def _slash_parts(self, raw: str) -> list[tuple[str, EmployerMatch]]:
        """The parts of a string joined by "/" or ";", each with what it names alone; none
        when there are fewer than two."""
        parts = [part for part in map(str.strip, _PART_JOINS.split(_unescaped(raw))) if part]
        return [(part, self._resolve(part)) for part in parts] if len(parts) >= 2 else []

    def _names_set_apart(self, raw: str) -> list[str] | None:
        """The parts of a string a "/" with a space beside it sets apart (HAVAS MEDIA /
        MOTIVE-US, GPR VENTURES/ DCCO): names of several employers, not one name, when each
        is of four letters or digits or more and none is a place or a unit's words
        (WINDERMERE / YAKIMA, X / DEPT OF MEDICINE). None otherwise (RE/MAX, OB/GYN)."""
        if not _SPACED_SLASH.search(raw):
            return None
        parts = [part.strip() for part in _SPACED_SLASH.split(raw)]
        if len(parts) < 2 or any(len(_NOT_LETTER_OR_DIGIT.sub("", part)) < 4 for part in parts):
            return None
        d = self.discovery
        for part in parts:
            words = _normalize(part, self.rules)[0].split()
            if " ".join(words) in d.local_governments.places:
                return None
            if all(w in d.state_words or w in d.place_words for w in words):
                return None
            if self.units.is_units(words):
                return None
        return parts

    def _known_beside(self, raw: str, status: str) -> str | None:
        """The registry organization a string joined by "/" names beside a status that is
        then a second employer (UNIVERSITY OF IOWA/SELF-EMPLOYED; not ARTERY GROUP/SELF
        EMPLOYED, the donor's own firm), if it names one."""
        if not self.registry.non_orgs[status].second_beside_known:
            return None
        for _, m in self._slash_parts(raw):
            if m.org_id is not None and m.method != "normalized":
                return m.org_name
        return None

    def _several(self, parts: list[tuple[str, EmployerMatch]]) -> str | None:
        """The employers a string joined by "/" names (``parts``: _slash_parts), when two or
        more of its parts each name a different one (ALUMINUM ASSOC/SLOAN CORP); None when it
        names one (AMAZON/WHOLE FOODS; TRANSACTIONS/BIZ ANLYTCS, a unit's words; USPHS/NIH,
        the NIH being HHS's)."""
        found: list[tuple[str, str]] = []  # (the organization's id or the status, its name)
        for part, m in parts:
            # A lone discovered word without a legal form is as often a unit, brand or
            # product of the other part (PACIFIC RIM CORP./CHECKMATE) as an employer.
            lone = m.method == "normalized" and " " not in m.normalized
            lone = lone and not self.discovery.has_legal_form(_light(part))
            if m.resolved and not lone:
                found.append((m.org_id or m.non_org or part, m.org_name or m.non_org or part))
        # An organization and its own group are one.
        reg = self.registry
        groups = [set(reg.ancestry(key)) if key in reg.organizations else {key} for key, _ in found]
        apart = [
            name
            for i, (key, name) in enumerate(found)
            if not any(key in group for j, group in enumerate(groups) if j != i)
        ]
        return " and ".join(dict.fromkeys(apart)) if len(set(apart)) >= 2 else None

    def _one_by_parts(self, parts: list[tuple[str, EmployerMatch]]) -> tuple[str, str] | None:
        """(org_id, the part naming it) when the parts of a string joined by "/" (``parts``:
        _slash_parts) name one organization: each names it, a unit of it or its group
        (JPL/CALTECH; USPHS/NIH, the most specific: the NIH), or no organization at all
        (WRTI-FM/TEMPLE UNIVERSITY, a station's call letters beside its university). None
        when a part names another organization, even one the registry lacks (a part with a
        legal form; a lone word of more than three letters other than a unit's, as HHMI in
        YALE UNIVERSITY/HHMI: its institute's investigators), a status or a place
        (ACEC/ILLINOIS, a state's own council), or when initials of three letters or fewer
        are the only name."""
        d = self.discovery
        named: list[tuple[str, str]] = []
        for part, m in parts:
            words = m.normalized.split()
            if m.org_id is not None and m.method != "normalized":
                named.append((m.org_id, m.normalized))
            elif (
                m.resolved
                or d.has_legal_form(_light(part))
                or all(w in d.state_words or w in d.place_words for w in words)
                or (len(words) == 1 and len(words[0]) > 3 and not self.units.is_units(words))
            ):
                return None
        if not named or (len(named) == 1 and len(named[0][1]) <= 3):
            return None
        ancestry = self.registry.ancestry
        org_id, part = max(named, key=lambda found: len(ancestry(found[0])))
        if any(other not in ancestry(org_id) for other, _ in named):
            return None
        return org_id, part

    def _specific(self, alias: str, org: Organization | None = None) -> bool:
        """Whether a normalized alias names its organization specifically enough to take
        unit words after it (units.toml): a listed name (SANFORD HEALTH, PENTAIR), two or
        more words with one no list of common words holds, a university's or college's name
        (UC DAVIS too), or a university's initials (WVU DEPT. OF NEUROSURGERY; a one-word
        name such as PRINCETON is not: PRINCETON INSURANCE CO is no university's)."""
        if alias in self.units.distinctive:
            return True
        d = self.discovery
        words = [w for w in alias.split() if w not in d.connectors]
        university = org is not None and org.naics.startswith(_UNIVERSITIES)
        if len(words) <= 1:
            return university and len(alias) <= _INITIALS_LETTERS
        if university or "UNIVERSITY" in words or "COLLEGE" in words:
            return True
        return any(self._telling_word(w) for w in words)

    def _telling_word(self, word: str, least: int = 3) -> bool:
        """Whether ``word`` tells organizations apart: ``least`` letters or more, and in no
        list of common words, surnames, given names or legal forms (MONTEFIORE, SINAI)."""
        d = self.discovery
        return (
            len(word) >= least
            and word.isalpha()
            and not _listed(word, self._common_words)
            and word not in d.common_surnames
            and word not in d.given_names
            and word not in d.legal_forms
        )

    def _unit(
        self, norm: str, truncated: bool = False, *, business_line: bool = False
    ) -> tuple[str, str, str] | None:
        """(alias, org_id, unit words) when ``norm`` is a specific alias followed only by
        unit words (the longest such alias), unless units.toml lists it as another body.
        ``business_line``: followed by any words of a line of its business instead."""
        if any(norm == x or norm.startswith(x + " ") for x in self.units.not_units):
            return None
        tokens = norm.split()
        if business_line and self.discovery.is_dealership(tokens):
            return None  # a dealer named after the makes it sells (a name, then car brands)
        for cut in range(len(tokens) - 1, 0, -1):
            head = " ".join(tokens[:cut])
            org_id = self._unit_heads.get(head)
            if org_id is None and " & " in head:
                # the name with an "&" its alias leaves out (REECE & NICHOLS SOUTHGATE:
                # REECE NICHOLS); not run together (WEST LAW FIRM is no WESTLAW's)
                org_id = self._unit_heads.get(head.replace(" & ", " "))
            rest = tokens[cut:]
            d = self.discovery
            if (
                len(rest) > 1
                and rest[0] == "&"
                and (rest[1] in d.common_surnames or rest[1] in d.legal_forms)
            ):
                continue  # a firm of partners: CUMMINS & WHITE, LLP; CORNELL & CO
            if org_id is not None and (
                self.units.is_business_line(rest)
                if business_line
                else self.units.is_units(rest, truncated)
            ):
                if self._alias_starts.get(norm, {org_id}) - {org_id}:
                    return None  # the start of another organization's name
                cut_word = truncated or tokens[-1] not in self._alias_words
                completed = self._completed_names(norm) if cut_word else []
                if completed and org_id not in {self.alias_index[n] for n in completed}:
                    # ... or, its last word cut, another's name with that word whole
                    # (TOSHIBA MEDICAL SYST: Canon's TOSHIBA MEDICAL SYSTEMS, a business
                    # Toshiba sold; TEXAS TECH UNIVERS stays the university's)
                    return None
                return head, org_id, " ".join(rest)
        return None

    def _unit_before_name(self, norm: str) -> tuple[str, str, str] | None:
        """(alias, org_id, unit words) when ``norm`` is unit words followed by a specific
        alias, as _unit reads them after it (DEPT OF MEDICINE UCSF, PEDIATRICS KAISER
        PERMANENTE): the longest such alias. Not an alias of the shape "UNIVERSITY OF X",
        which takes words before it as its own: MEDICAL UNIVERSITY OF SOUTH CAROLINA is
        another university."""
        tokens = norm.split()
        for cut in range(1, len(tokens)):
            if tokens[cut + 1 : cut + 2] == ["OF"]:
                continue
            alias = " ".join(tokens[cut:])
            org_id = self._unit_heads.get(alias)
            if org_id is not None and self.units.names_a_unit(tokens[:cut]):
                return alias, org_id, " ".join(tokens[:cut])
        return None

    def _two_names_of_one_group(self, norm: str) -> tuple[str, str, str] | None:
        """(the more specific name, the other, its org_id) when ``norm`` is two registry
        names one after the other, of one organization or of an organization and its own
        unit (HOOVER INSTITUTION STANFORD, DOD ARMY: the Army's)."""
        tokens = norm.split()
        orgs = self.registry.organizations
        for cut in range(1, len(tokens)):
            first, second = " ".join(tokens[:cut]), " ".join(tokens[cut:])
            one, two = self.alias_index.get(first), self.alias_index.get(second)
            if one not in orgs or two not in orgs:
                continue
            specific = self._more_specific(one, two)
            if specific is not None:
                return (first, second, one) if specific == one else (second, first, two)
        return None

    def _more_specific(self, one: str, two: str) -> str | None:
        """Of two registry organizations, the one the other is itself or a group of (the
        first when they are one); None when neither is in the other's group."""
        if two in self.registry.ancestry(one):
            return one
        if one in self.registry.ancestry(two):
            return two
        return None

    def _unit_match(
        self,
        raw: str | None,
        norm: str,
        alias: str,
        org_id: str,
        tail: str,
        steps: list[str],
        *,
        business_line: bool = False,
        before: bool = False,
    ) -> EmployerMatch:
        """The match of ``alias`` with ``tail``'s words after it (``before``: before it)."""
        unit = self.alias_index.get(tail)
        if unit is not None and unit != org_id and self._more_specific(org_id, unit) == unit:
            # The words after the name name one of its own units (US GOVERNMENT SSA).
            why = f"{alias!r} followed by the name of one of its own units, {tail!r}"
            conf = CONFIDENCE["unit_rule"]
            matched = f"{tail} (a unit of {alias})"
            return self._org(raw, norm, unit, "rule", conf, matched, [*steps, why], tail)
        if business_line:
            why = f"a line of a known organization's business: {alias!r} followed by {tail!r}"
            conf = CONFIDENCE["business_line"]
            matched = f"{alias} + a line of business"
            return self._org(raw, norm, org_id, "rule", conf, matched, [*steps, why], alias)
        where = "preceded" if before else "followed"
        why = (
            f"a unit of a known organization: {alias!r} {where} only by unit words "
            f"(department, specialty, function, place) {tail!r}"
        )
        conf = CONFIDENCE["unit_rule"]
        matched = f"{alias} + unit words"
        return self._org(raw, norm, org_id, "rule", conf, matched, [*steps, why], alias)

    def _discovered(self, raw: str | None, norm: str, steps: list[str]) -> EmployerMatch:
        """The organization of its own that ``norm`` names (a discovered one, ``n:`` id):
        a local government's under that government's name (discovery.toml's place_units)."""
        name = self.discovery.local_governments.government(norm) or norm
        if name != norm:
            steps = [*steps, f"a local government named by its place, or its department: {name!r}"]
        org_id = discovered_org_id(name)
        conf = CONFIDENCE["normalized"]
        return self._discovered_match(raw, norm, org_id, name, "normalized", conf, name, steps)

    def industry_of(self, name: str) -> IndustryReading | None:
        """The industry the trade words of a discovered organization's name say
        (industry_words.toml; a car dealer's by its makes), or None."""
        dealership = self.discovery.is_dealership(name.split())
        return self.industries.read(name, dealership=dealership)

    def industry_of_donors(self, donors: Mapping[str, int]) -> IndustryReading | None:
        """The industry a discovered organization's donors' occupations say (occupation as
        filed → donors; occupation_industries.toml), or None."""
        return read_occupations(self.occupations, donors, self.registry.sector_of)

    def _discovered_match(
        self,
        raw: str | None,
        norm: str,
        org_id: str,
        name: str,
        method: str,
        conf: float,
        matched: str,
        steps: list[str],
    ) -> EmployerMatch:
        """A discovered organization's match, with the industry its name's words say."""
        reading = self.industry_of(name)
        naics = sector = None
        sources: tuple[str, ...] = ()
        if reading is not None:
            naics = reading.naics
            key = self.registry.sector_of(naics)
            sector = f"{key} {self.registry.naics[key]}"
            sources = (f"NAICS: {reading.source}",)
        return EmployerMatch(
            raw=raw,
            normalized=norm,
            org_id=org_id,
            org_name=name,
            ultimate_parent_id=org_id,
            naics=naics,
            sector=sector,
            method=method,
            confidence=round(conf, 3),
            matched=matched,
            steps=tuple(steps),
            chain=(org_id,),
            sources=sources,
        )

    def _org_pattern(self, norm: str) -> tuple[str, str] | None:
        """The organization pattern with the longest match ("^EXELON GENERATION" over "^EXELON")."""
        best: tuple[int, str, str] | None = None
        first = norm.split(" ", 1)[0]
        for pattern, org_id in (*self._patterns_by_word.get(first, ()), *self._patterns_anywhere):
            found = pattern.search(norm)
            if found is not None and (best is None or found.end() - found.start() > best[0]):
                best = (found.end() - found.start(), pattern.pattern, org_id)
        return None if best is None else (best[1], best[2])

    def _prefix(self, norm: str) -> tuple[str, str] | None:
        """The longest known alias that the string starts with, if only generic words follow
        (or, after a labor union's name, the words of its locals and councils)."""
        tokens = norm.split()
        allowed = self.rules.generic_tails | self.rules.legal_suffixes
        union = allowed | self.rules.union_unit_tails
        generic_only = True
        for cut in range(len(tokens) - 1, 0, -1):
            rest = tokens[cut:]
            # A number after a name is a store's, a site's or a local's (HOME DEPOT 4512).
            generic_only = generic_only and all(t in allowed or t.isdigit() for t in rest)
            if not all(t in union or t.isdigit() for t in rest):
                break  # a longer prefix left another word; shorter ones will too
            head = " ".join(tokens[:cut])
            if head in self.alias_index:
                org_id = self.alias_index[head]
                is_union = self.registry.organizations[org_id].naics.startswith(_LABOR_UNIONS)
                if generic_only or is_union:
                    return head, org_id
            elif generic_only and tokens[cut - 1] != "&":
                # An alias spaced out or run together (A B INBEV SERVICES), not one whose
                # "&" opens a partner's name (CORNELL & CO is no Cornell).
                compact = self._compact.get(_squeezed(head))
                if compact is not None:
                    return compact
        return None

    def _union_after_its_unit(self, norm: str) -> tuple[str, str] | None:
        """A labor union's name after its local's or council's words and number (DISTRICT
        COUNCIL 37 AFSCME, LOCAL 1199 SEIU), or after a state's name (NEBRASKA STATE AFL
        CIO, the union's state body): the union, as the other order rolls up."""
        tokens = norm.split()
        state = self._state_at_start(tokens)
        if state:
            rest = " ".join(tokens[state:])
            hit = (rest, self.alias_index[rest]) if rest in self.alias_index else self._prefix(rest)
            if hit and self.registry.organizations[hit[1]].naics.startswith(_LABOR_UNIONS):
                return hit
        for cut in range(1, len(tokens)):
            head = tokens[:cut]
            if not all(t in self.rules.union_unit_tails or t.isdigit() for t in head):
                return None  # a longer head keeps the word that is neither
            if not any(t.isdigit() for t in head):
                continue  # "LOCAL AFSCME" says which local of no union
            alias = " ".join(tokens[cut:])
            org_id = self.alias_index.get(alias)
            if org_id and self.registry.organizations[org_id].naics.startswith(_LABOR_UNIONS):
                return alias, org_id
        return None

    def _state_court(self, norm: str) -> str | None:
        """The registry's state whose own trial court ``norm`` names: SUPERIOR COURT with
        the county or the state of one of the states whose superior courts are the state's
        (discovery.toml's superior_courts): ALAMEDA COUNTY SUPERIOR COURT."""
        words = norm.split()
        at = words.index("SUPERIOR") if "SUPERIOR" in words else -1
        if at < 0 or words[at + 1 : at + 2] not in (["COURT"], ["COURTS"]):
            return None
        place = [w for w in words[:at] + words[at + 2 :] if w not in ("OF", "THE", "STATE")]
        governments = self.discovery.local_governments
        code = governments.state_named(place, self.discovery.superior_court_states)
        if code is None:
            return None
        return self.alias_index.get(f"STATE OF {governments.state_names[code]}")

    def _state_at_start(self, tokens: list[str]) -> int:
        """How many of ``tokens`` a US state's name (and STATE after it) opens them with."""
        states = self.discovery.local_governments.states
        for k in (2, 1):
            if len(tokens) > k and " ".join(tokens[:k]) in states:
                return k + (tokens[k] == "STATE" and len(tokens) > k + 1)
        return 0

    def _fuzzy(self, norm: str) -> tuple[str, float] | None:
        if len(norm) < FUZZY_MIN_LEN or any(ch.isdigit() for ch in norm):
            return None
        n = len(norm)
        pairs = (
            (cand, cand)
            for cand in self._blocks.get(norm[0], ())
            if abs(len(cand) - n) <= max(2, n // 8)
        )
        best = self._near_misses(norm, pairs, FUZZY_CUTOFF - FUZZY_MARGIN)
        if not best:
            return self._fuzzy_cut(norm)
        ranked = sorted(best.values(), reverse=True)
        ratio, alias = ranked[0]
        if ratio < FUZZY_CUTOFF:
            return None
        if len(ranked) > 1 and ranked[1][0] > ratio - FUZZY_MARGIN:
            return None  # two organizations are about as close: too risky to pick
        return alias, ratio

    def _fuzzy_cut(self, norm: str) -> tuple[str, float] | None:
        """A near-miss of a known name cut short (MOUNT SANAI HEALTH SYST, FARMES RICE COOP):
        three words or more, the last one cut (no name holds it whole) and the start of the
        name's word in its place, the words before it a near-miss of the name's, of one
        organization only."""
        words = norm.split()
        if len(words) < 3 or words[-1] in self._alias_words:
            return None
        head = " ".join(words[:-1])
        pairs = []  # (the start of a name the cut string may be, the name)
        for cand in self._blocks.get(norm[0], ()):
            names = cand.split()
            if len(names) < len(words) or not names[len(words) - 1].startswith(words[-1]):
                continue
            cand_head = " ".join(names[: len(words) - 1])
            if cand_head == head:
                return None  # the start of a name, written right: _start_of_name's to judge
            pairs.append((cand_head, cand))
        best = self._near_misses(head, pairs, FUZZY_CUTOFF)
        if len(best) != 1:
            return None  # none, or two organizations' names: which is not said
        ((ratio, alias),) = best.values()
        return alias, ratio

    def _words_off(self, norm: str) -> tuple[str, str] | None:
        """(the name, how) when ``norm`` is one registry name of two words or more with
        the rest of its words as written and those no registry name holds written short
        (NEW HANOVER REG MED CTR) or one of them misspelled (KAISER PERMENANTE): see
        _written_off. None when the names it could be are two organizations'."""
        words = norm.split()
        off = [i for i, w in enumerate(words) if w not in self._alias_words and w.isalpha()]
        if not off:
            return self._known_words_short(words)
        kept = [i for i in range(len(words)) if i not in off]
        if not kept or len(off) > len(words) // 2:
            return None
        n = len(words)
        # The names holding the rarest of the kept words in its place, then the others.
        rarest = min(kept, key=lambda i: len(self._names_by_word.get((n, i, words[i]), ())))
        candidates = (
            (name, name.split()) for name in self._names_by_word.get((n, rarest, words[rarest]), ())
        )
        names = [
            (name, parts) for name, parts in candidates if all(parts[i] == words[i] for i in kept)
        ]
        first, last = off[0] == 0, off == [n - 1]
        hits: dict[str, tuple[str, str]] = {}
        for name, parts in sorted(names, key=lambda found: len(found[0])):
            how = _written_off([words[i] for i in off], [parts[i] for i in off], first, last)
            misspelled = how == "misspelled"
            if how is None or (misspelled and any(words[i] in self._name_words for i in off)):
                continue
            hits.setdefault(self.alias_index[name], (name, how))
        if len(hits) != 1:
            return None
        ((name, how),) = hits.values()
        return name, f"{how}: {name}"

    def _known_words_short(self, words: list[str]) -> tuple[str, str] | None:
        """(the name, how) when ``words``, each some registry name's word, are one name of
        as many words with one or more of its inner words written short (CALIFORNIA INST OF
        TECHNOLOGY: INST is a word of another name's), and every name they may be is one
        organization's."""
        n = len(words)
        if n < 3:
            return None
        # A word written short is in no name of as many words in its place: an inner one,
        # of three letters or more.
        holding = [self._names_by_word.get((n, i, w), []) for i, w in enumerate(words)]
        unheld = [i for i in range(n) if not holding[i]]
        if not unheld or unheld[0] == 0 or unheld[-1] == n - 1:
            return None
        if not all(words[i].isalpha() and len(words[i]) >= 3 for i in unheld):
            return None
        # The names holding the rarest of the other words in its place.
        hits: dict[str, str] = {}
        for name in min((h for h in holding if h), key=len, default=[]):
            parts = name.split()
            off = [i for i in range(n) if parts[i] != words[i]]
            if not off or len(off) > n // 2 or off[0] == 0 or off[-1] == n - 1:
                continue
            how = _written_off([words[i] for i in off], [parts[i] for i in off], False, False)
            if how == "written short":
                hits.setdefault(self.alias_index[name], name)
        if len(hits) != 1:
            return None
        (name,) = hits.values()
        return name, f"written short: {name}"

    def _shared_word_misspelled(self, norm: str) -> tuple[str, str, str] | None:
        """(``norm`` spelled right, the organization or non-organization that names, how it
        matched) when one word of ``norm`` is no registry name's and is a misspelling (see
        _misspelled) of a word that many organizations' names share or a non-organization's
        variant holds (WYOMING STATE GOVENRMENT, ENTRPRENEUR), and the string spelled right
        names a registry organization or a non-organization, the same for each such word
        (RETIERED: RETIRED or RETIREED): not an organization of its own, and not by a line
        of business, whose words are any."""
        words = norm.split()
        off = [i for i, w in enumerate(words) if w not in self._known_words and w.isalpha()]
        if len(off) != 1 or len(words[off[0]]) < FUZZY_MIN_WORD:
            return None
        i = off[0]
        found: dict[str, tuple[str, str]] = {}  # target → (the string spelled right, matched)
        for word in self._shared_words.get(words[i][0], ()):
            if abs(len(word) - len(words[i])) > 2 or not _misspelled(words[i], word):
                continue
            fixed = " ".join([*words[:i], word, *words[i + 1 :]])
            match = self.resolve(fixed)
            target = match.non_org or match.org_id
            if target is None or match.confidence < CONFIDENCE["unit_rule"]:
                return None  # nothing, a line of business or an organization of its own
            found.setdefault(target, (fixed, match.matched or fixed))
        if len(found) != 1:
            return None  # none, or words that name two: which is not said
        ((target, (fixed, matched)),) = found.items()
        return fixed, target, matched

    def _hospital_head(self, norm: str) -> tuple[str, bool]:
        """``norm`` with its hospital's name's endings taken off while something comes
        before them (normalization.toml's hospital_endings) and MT and ST spelled out (MT
        SINAI MEDICAL CENTER: MOUNT SINAI), and whether any ending was taken off."""
        words = tuple(norm.split())
        endings = self.rules.hospital_endings
        while ending := next(
            (e for e in endings if len(words) > len(e) and words[-len(e) :] == e), None
        ):
            words = words[: -len(ending)]
        head = " ".join(self.rules.hospital_spelled_out.get(w, w) for w in words)
        return head, len(words) < len(norm.split())

    def _hospital_named_otherwise(self, norm: str) -> str | None:
        """The registry name of the health care organization whose name's core ``norm``'s is,
        its endings written otherwise, several or none (SHAWNEE MISSION HOSPITAL: SHAWNEE
        MISSION MEDICAL CENTER; BAY CARE HEALTH: BAYCARE HEALTH SYSTEM), when the core
        names that organization alone and tells it apart (normalization.toml's
        hospital_endings)."""
        if not self.rules.hospital_health_words.intersection(norm.split()):
            return None
        head, cut = self._hospital_head(norm)
        if not cut:
            return None
        named = self._hospital_cores.get(_squeezed(head), {})
        if len(named) != 1:
            return None
        ((org_id, name),) = named.items()
        if self.alias_index.get(head, org_id) != org_id:
            return None
        if not self._specific(head) and not self._telling_word(head, least=5):
            return None  # NORTH SHORE: several places' hospitals; MONTEFIORE is one
        place = head.split()
        while len(place) > 1 and place[-1] in self.rules.hospital_place_words:
            place.pop()
        if " ".join(place) in self.discovery.local_governments.places:
            return None  # CORPUS CHRISTI, NATCHEZ REGIONAL: which of its hospitals is not said
        if any(p.search(f) for p in self.discovery.vague for f in (norm, head + " HOSPITAL")):
            return None  # ST JOHN MEDICAL CENTER: many hospitals' name
        return name

    def _near_misses(
        self, query: str, pairs: Iterable[tuple[str, str]], cutoff: float
    ) -> dict[str, tuple[float, str]]:
        """org_id → (ratio, name) of the best near-miss of ``query`` among ``pairs`` (the
        text compared, the registry name it stands for) at ``cutoff`` or above."""
        best: dict[str, tuple[float, str]] = {}
        matcher = difflib.SequenceMatcher(autojunk=False)
        matcher.set_seq2(query)
        for text, name in pairs:
            matcher.set_seq1(text)
            if matcher.real_quick_ratio() < FUZZY_CUTOFF or matcher.quick_ratio() < FUZZY_CUTOFF:
                continue
            ratio = matcher.ratio()
            if ratio >= cutoff and self._words_agree(query, text):
                org_id = self.alias_index[name]
                if ratio > best.get(org_id, (0.0, ""))[0]:
                    best[org_id] = (ratio, name)
        return best

    def _words_agree(self, query: str, alias: str) -> bool:
        d = self.discovery
        return _words_agree(query, alias, d.common_surnames, self._name_words)

    # -- bulk

    def resolve_many(self, values: Iterable[str | None]) -> list[EmployerMatch]:
        return [self.resolve(v) for v in values]


def _words_agree(query: str, alias: str, surnames: frozenset[str], common: frozenset[str]) -> bool:
    """Same number of words, and every differing word is long and a near-miss of its pair,
    not another surname (WILLIAMS is no misspelling of WILLIS; MACKENZIE, one letter off
    MCKENZIE, may be); or shorter, one letter off, beside a word of the name that
    ``common`` (shared words, surnames, given names) does not hold, written right."""
    qs, cs = query.split(), alias.split()
    if len(qs) != len(cs):
        return False
    own_word_right = any(
        q == c and len(q) >= 3 and q.isalpha() and not _listed(q, common)
        for q, c in zip(qs, cs, strict=True)
    )
    for q, c in zip(qs, cs, strict=True):
        if q == c:
            continue
        if _transposed(q, c):
            continue  # PLIOT for PILOT: two neighbouring letters swapped
        if q[0] != c[0]:
            return False
        # A word that is the start of its pair was cut, not misspelled (MOUNT SINA):
        # _start_of_name's to judge.
        short_near_miss = (
            own_word_right
            and min(len(q), len(c)) >= FUZZY_MIN_SHORT_WORD
            and _one_edit(q, c)
            and not c.startswith(q)
        )
        if min(len(q), len(c)) < FUZZY_MIN_WORD and not short_near_miss:
            return False
        if q in surnames and c in surnames and abs(len(q) - len(c)) > 1:
            return False
        if difflib.SequenceMatcher(None, q, c).ratio() < 0.8:
            return False
    return True


def _no_organization(raw: str | None, norm: str, steps: list[str], why: str) -> EmployerMatch:
    """The result for a string that names no organization, saying why."""
    return EmployerMatch(raw=raw, normalized=norm, steps=(*steps, f"no organization: {why}"))


def _one_edit(a: str, b: str) -> bool:
    """``a`` is ``b`` with one letter changed, added or left out."""
    return Levenshtein.distance(a, b) == 1


def _written_off(written: list[str], words: list[str], first: bool, last: bool) -> str | None:
    """How the ``written`` words stand for a name's ``words`` in their places: "written
    short" when each is the start of its word or its contraction (three letters or more,
    REG for REGULATORY, SCHL for SCHOOL), "misspelled" when one is its word a letter or two
    off (see _misspelled); else None.
    ``first``: the name's first word is among them, which a donor misspells but does not
    shorten (RAN TECHNOLOGIES is not RANDSTAD's); ``last``: they are its last word only,
    cut short, which _start_of_name judges."""
    pairs = zip(written, words, strict=True)
    short = all(len(w) >= 3 and c != w and (c.startswith(w) or _contracted(w, c)) for w, c in pairs)
    if short and not first and not last:
        return "written short"
    if len(written) == 1 and _misspelled(written[0], words[0]):
        return "misspelled"
    return None


def _contracted(written: str, word: str) -> bool:
    """``written`` is ``word`` contracted: its first and last letters and some between, in
    order (SCHL for SCHOOL, HLTH for HEALTH)."""
    if written[0] != word[0] or written[-1] != word[-1]:
        return False
    rest = iter(word[1:-1])
    return all(letter in rest for letter in written[1:-1])


def _misspelled(written: str, word: str) -> bool:
    """``written`` is ``word`` misspelled: the same first letter, six letters or more
    written (ALTAR is a word of its own, not ALTAIR) and five or more in the word (ASSSET
    for ASSET), and one letter changed, added, left out or swapped with its neighbour; or
    two, in words of nine letters or more (PERMENANTE for PERMANENTE)."""
    shorter = min(len(written), len(word))
    if len(written) < FUZZY_MIN_WORD or shorter < FUZZY_MIN_WORD - 1 or written[0] != word[0]:
        return False
    return OSA.distance(written, word) <= (2 if shorter >= 9 else 1)


def _transposed(a: str, b: str) -> bool:
    """``a`` is ``b`` with two neighbouring letters swapped (words of 5+ letters only)."""
    if len(a) != len(b) or len(a) < 5:
        return False
    return OSA.distance(a, b) == 1 and Levenshtein.distance(a, b) == 2


# "^WORD" then a word boundary, a literal space (not made optional) or the end.
_LEADING_WORD = re.compile(r"\^([A-Z0-9&]+)(?:\\b| (?![?*+{])|\$)")
_SEPARATOR = re.compile(r"\s+-\s+|\s*\(")
# What joins the names of several employers in one string: UNIVERSITY OF IOWA/SELF-EMPLOYED,
# UNIV OF NO. COLORADO; AIMS COMMUNITY C.
_PART_JOINS = re.compile(r"[/;]")
_SPACED_SLASH = re.compile(r"\s+/\s*|\s*/\s+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[^A-Za-z0-9]")


def _before_separator(raw: str) -> str | None:
    """The part of ``raw`` before " - " or "(": "L & F DISTRIBUTORS - LAREDO" names a place of
    L & F, "SUNOCO, INC. (R&M)" a unit of Sunoco. None when there is no such part."""
    found = _SEPARATOR.search(raw)
    if found is None or found.start() == 0:
        return None
    return raw[: found.start()]


def _dba_parts(norm: str) -> list[str]:
    """ "X DBA Y" names two forms of one organization; either may be the known one."""
    for sep in (" DBA ", " D B A ", " FKA ", " AKA "):
        if sep in norm:
            return [p.strip() for p in norm.split(sep) if p.strip()]
    return []


_DEFAULT: EmployerResolver | None = None


def _default() -> EmployerResolver:
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = EmployerResolver()
    return _DEFAULT


def resolve_employer(raw: str | None, resolver: EmployerResolver | None = None) -> EmployerMatch:
    """Resolve one employer string with the packaged registry (or the given resolver)."""
    return (resolver or _default()).resolve(raw)


RESULT_SCHEMA = pa.schema(
    [
        ("raw", pa.string()),
        ("normalized", pa.string()),
        ("org_id", pa.string()),
        ("org_name", pa.string()),
        ("ultimate_parent_id", pa.string()),
        ("non_org", pa.string()),
        ("method", pa.string()),
        ("confidence", pa.float32()),
        ("matched", pa.string()),
    ]
)
_RESULT_FIELDS = [f.name for f in RESULT_SCHEMA if f.name != "raw"]


def resolve_employers_arrow(
    values: pa.Array | pa.ChunkedArray | pa.Table,
    column: str = "contributor_employer",
    resolver: EmployerResolver | None = None,
) -> pa.Table:
    """One row per DISTINCT employer string of the input (nulls included once)."""
    if isinstance(values, pa.Table):
        values = values.column(column)
    distinct = pc.unique(values).cast(pa.string()).to_pylist()
    res = resolver or _default()
    # Columns filled as we go, so no match (with its explanation steps) outlives its row.
    columns: dict[str, list] = {name: [] for name in _RESULT_FIELDS}
    for value in distinct:
        m = res.resolve(value)
        for name in _RESULT_FIELDS:
            columns[name].append(getattr(m, name))
    arrays = [pa.array(distinct, pa.string())]
    arrays += [pa.array(columns[f.name], f.type) for f in RESULT_SCHEMA if f.name != "raw"]
    return pa.table(arrays, schema=RESULT_SCHEMA)


ORGANIZATION_SCHEMA = pa.schema(
    [
        ("org_id", pa.string()),
        ("name", pa.string()),
        ("parent_id", pa.string()),
        ("ultimate_parent_id", pa.string()),
        ("naics", pa.string()),
        ("industry", pa.string()),
        ("sector", pa.string()),
        ("kind", pa.string()),
        ("source", pa.string()),
    ]
)


def _industry(code: str, labels: Mapping[str, str]) -> str | None:
    """The label of the most specific NAICS code of ``code`` that the taxonomy names (its
    sector's, for a sector's code: 23, 31-33)."""
    for cut in range(len(code), 1, -1):
        if code[:cut] in labels:
            return labels[code[:cut]]
    return None


def organizations_arrow(
    discovered: pa.Table | None = None,
    resolver: EmployerResolver | None = None,
    donors: Mapping[str, Mapping[str, int]] | None = None,
) -> pa.Table:
    """Every organization of the registry (and a user's overrides), plus the discovered ones
    in ``discovered`` (a table with org_id and org_name, e.g. resolve_employers_arrow's
    output): id, name, parents, NAICS industry and sector, kind and source. A discovered
    one's industry is the one its name's words say, else its donors' occupations
    (``donors``: org_id → occupation as filed → donors)."""
    res = resolver or _default()
    reg = res.registry
    rows: dict[str, dict[str, Any]] = {}
    for org in reg.organizations.values():
        rows[org.id] = {
            "org_id": org.id,
            "name": org.name,
            "parent_id": org.parent,
            "ultimate_parent_id": reg.ancestry(org.id)[-1],
            "naics": org.naics,
            "industry": _industry(org.naics, reg.naics),
            "sector": org.sector_label,
            "kind": "registry" if org.source != "user overrides file" else "user",
            "source": reg.source_text(org.source),
        }
    if discovered is not None:
        ids = discovered.column("org_id").to_pylist()
        names = discovered.column("org_name").to_pylist()
        for org_id, name in zip(ids, names, strict=True):
            if org_id and org_id.startswith(DISCOVERED_PREFIX) and org_id not in rows:
                reading = res.industry_of(name)
                if reading is None and donors is not None and org_id in donors:
                    reading = res.industry_of_donors(donors[org_id])
                naics = reading.naics if reading is not None else None
                sector = reg.sector_of(naics) if naics is not None else None
                rows[org_id] = {
                    "org_id": org_id,
                    "name": name,
                    "parent_id": None,
                    "ultimate_parent_id": org_id,
                    "naics": naics,
                    "industry": _industry(naics, reg.naics) if naics is not None else None,
                    "sector": reg.naics[sector] if sector is not None else None,
                    "kind": "discovered",
                    "source": "the employer string as filed, normalized"
                    + (f"; NAICS {reading.source}" if reading is not None else ""),
                }
    return pa.Table.from_pylist(list(rows.values()), schema=ORGANIZATION_SCHEMA)
