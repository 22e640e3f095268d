"""The rules that tell whether a string no alias matched still names an employer
(``discovery.toml``, ``us_places.toml``) and when a known name followed by unit words is a
unit of it (``units.toml``)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from moneytrail.resolve.employers.datafiles import _read_toml
from moneytrail.resolve.employers.normalize import (
    _CUT_SEPARATE_LETTERS,
    _CUT_UNIT_LETTERS,
    NormalizationRules,
    _light,
    _rules,
)


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


def _listed(word: str, words: frozenset[str]) -> bool:
    """``word`` is in ``words``, with or without a final S (HORIZONS, ENTERPRISE)."""
    return word in words or (word.endswith("S") and word[:-1] in words) or (word + "S") in words


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
