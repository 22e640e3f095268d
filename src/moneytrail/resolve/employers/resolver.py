"""The employer resolver: applies the registry and rules to a string, in the order the
package's docstring gives."""

from __future__ import annotations

import bisect
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path

from rapidfuzz.distance import OSA, Levenshtein

from moneytrail.resolve.employers.fuzzy_index import NameBlock
from moneytrail.resolve.employers.match import (
    DISCOVERED_PREFIX,
    NOT_REPORTED,
    EmployerMatch,
    discovered_org_id,
)
from moneytrail.resolve.employers.normalize import (
    _FEC_CUT,
    _FILER_CUTS,
    _light,
    _normalize,
    _rules,
    _several_why,
    _unescaped,
)
from moneytrail.resolve.employers.registry import (
    Organization,
    Registry,
    _load_overrides,
    _with_user_orgs,
)
from moneytrail.resolve.employers.rules import DiscoveryRules, UnitRules, _listed
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

# A near-miss may only change words of at least this length ("KIRLAND" for "KIRKLAND");
# shorter words are often other names ("SOUTH"/"NORTH", "STONE"/"STONEX", "SC"/"SCF").
FUZZY_MIN_WORD = 6

# ... or, one letter off, words of at least this length beside a word of the name that no
# list of common words holds, written right (BYAN CAVE, MOUNT SANAI): the name's own word
# says which, where THE RICH COMPANY beside RICOH or THE STONE GROUP beside STONEX does not.
FUZZY_MIN_SHORT_WORD = 4


def _squeezed(norm: str) -> str:
    """``norm`` without spaces or "&": how a name is written run together or without its
    ampersand (MORGANSTANLEY, MORRISON FOERSTER)."""
    return norm.replace(" ", "").replace("&", "")


# NAICS 813930, labor unions and similar labor organizations: their locals and councils
# (normalization.toml's union_unit_tails) roll up to them.
_LABOR_UNIONS = "81393"

_UNIVERSITIES = "6113"  # NAICS: colleges, universities and professional schools

# A university's one-word name of at most this many letters is its initials (WVU, UCSF,
# IUPUI); the registry holds no longer initials and no shorter word names of universities.
_INITIALS_LETTERS = 5


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
        self._name_blocks: dict[str, NameBlock] = {}  # see _name_block
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
        block = self._name_block(norm[0])
        spread = max(2, len(norm) // 8)
        near = block.candidates(norm, spread, FUZZY_CUTOFF) if block is not None else []
        best = self._near_misses(norm, ((c, c) for c in near), FUZZY_CUTOFF - FUZZY_MARGIN)
        if not best:
            return self._fuzzy_cut(norm)
        ranked = sorted(best.values(), reverse=True)
        ratio, alias = ranked[0]
        if ratio < FUZZY_CUTOFF:
            return None
        if len(ranked) > 1 and ranked[1][0] > ratio - FUZZY_MARGIN:
            return None  # two organizations are about as close: too risky to pick
        return alias, ratio

    def _name_block(self, letter: str) -> NameBlock | None:
        """The fuzzy candidates opening with ``letter``, as arrays, built on first use."""
        if letter not in self._name_blocks and letter in self._blocks:
            self._name_blocks[letter] = NameBlock(self._blocks[letter])
        return self._name_blocks.get(letter)

    def _fuzzy_cut(self, norm: str) -> tuple[str, float] | None:
        """A near-miss of a known name cut short (MOUNT SANAI HEALTH SYST, FARMES RICE COOP):
        three words or more, the last one cut (no name holds it whole) and the start of the
        name's word in its place, the words before it a near-miss of the name's, of one
        organization only."""
        words = norm.split()
        if len(words) < 3 or words[-1] in self._alias_words:
            return None
        head = " ".join(words[:-1])
        block = self._name_block(norm[0])
        cut = len(words) - 1  # the place of the cut word
        pairs = []  # (the start of a name the cut string may be, the name)
        for cand, names in block.with_word_starting(cut, words[-1]) if block is not None else ():
            cand_head = " ".join(names[:cut])
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
