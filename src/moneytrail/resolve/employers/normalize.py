"""Normalizing an employer string: case, accents, punctuation, legal suffixes,
abbreviations and cut words (rules in ``data/normalization.toml``)."""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from moneytrail.resolve.employers.datafiles import _read_toml


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
