"""An employer string read with the contribution it came on.

Some strings name no organization by themselves but do beside the rest of the line: a
donor's own name as employer (they work for themselves), a city's fire department whose
place several states have (the donor's state says which), an occupation that is a status
(RETIRED, SELF-EMPLOYED), "CORPORATE HEADQUARTERS" or a sponsor's initials on a gift to a
corporation's PAC, which may ask only its own people. The rules and their grounds are in
``data/context.toml``. They apply only where the string alone resolves to nothing, and each
decision is kept per line (employer, donor name, state and occupation, committee), so the
same string elsewhere stays open.

Two rules read a string's lines together. A string whose donors gave to a corporation's
PAC and that opens with that corporation's name (KATZ COMMUNICATIONS on gifts to
iHeartMedia's PAC) is the corporation's on every line it is written on; it applies also
where the string alone found only an organization of its own (the registry lacked the
unit). And a string that names one organization the registry lacks, whose donors gave to
one registry corporation's PAC and no other's (PENRAC on Enterprise Holdings'), is that
corporation's unit on every line. Both place the string under the corporation's registry
unit where its name or initials say which (APAC SHEARS on CRH's PAC: Oldcastle).
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

import pyarrow as pa

from moneytrail.resolve.committees import membership_naics
from moneytrail.resolve.employers import (
    DISCOVERED_PREFIX,
    EmployerMatch,
    EmployerResolver,
    Registry,
    discovered_org_id,
)
from moneytrail.resolve.employers.normalize import _light
from moneytrail.resolve.employers.rules import _listed

# One row per line (employer, donor name, state and occupation, committee) the rules
# decided; the schedule_a view joins it on those five columns as filed.
CONTEXT_SCHEMA = pa.schema(
    [
        ("employer", pa.string()),
        ("contributor_name", pa.string()),
        ("contributor_state", pa.string()),
        ("contributor_occupation", pa.string()),
        ("committee_id", pa.string()),
        ("org_id", pa.string()),
        ("org_name", pa.string()),
        ("non_org", pa.string()),
        # occupation | own name | donor's state | own people's PAC | named sponsor's PAC |
        # sponsor's PAC
        ("rule", pa.string()),
        ("confidence", pa.float32()),
        ("reason", pa.string()),
    ]
)
INPUT_COLUMNS = (
    "employer",
    "contributor_name",
    "contributor_state",
    "contributor_occupation",
    "committee_id",
)
# Beside them, for the rules over a string's lines: the line's smallest gift, in dollars.
SMALLEST_GIFT = "smallest_gift"

# Against employers.CONFIDENCE: the donor's own name is a fact of the line (0.9, as a
# unit rule), and so is a string naming the corporation whose PAC its donors gave to (0.85,
# as a line of a known organization's business); the others read the place, the occupation
# box or the PAC given to (0.8, as a discovered organization); the PAC alone places a
# string that does not name its corporation (0.75: directors and spouses give there too).
RULE_CONFIDENCE = {
    "own name": 0.9,
    "donor's state": 0.8,
    "occupation": 0.8,
    "own people's PAC": 0.8,
    "named sponsor's PAC": 0.85,
    "sponsor's PAC": 0.75,
}


class Decision(NamedTuple):
    """What a line settles: an organization or a non-organization, by which rule, and why."""

    org_id: str | None
    org_name: str | None
    non_org: str | None
    rule: str
    reason: str


@dataclass(frozen=True)
class Sponsor:
    """A corporation's PAC and the organization behind it, as the PAC link read it."""

    org_id: str
    org_name: str
    named_as: str  # the sponsor's name the link resolved (its connected organization)


@dataclass(frozen=True)
class ContextRules:
    self_employed: str
    beside_a_name: frozenset[str]
    company_words: tuple[re.Pattern[str], ...]
    initials_letters: tuple[int, int]
    connectors: frozenset[str]
    occupation_statuses: frozenset[str]
    first_word_min_letters: int
    network_sponsors: frozenset[str]  # org_ids whose PACs ask affiliates' people
    director_gift: float  # a gift this large or larger, alone, is a director's way
    own_business_statuses: frozenset[str]  # an occupation saying so: the donor's own firm

    @classmethod
    @cache
    def load(cls) -> ContextRules:
        text = (resources.files("moneytrail.resolve") / "data" / "context.toml").read_text()
        data = tomllib.loads(text)
        low, high = data["own_people_pac"]["initials_letters"]
        return cls(
            self_employed=data["own_name"]["non_org"],
            beside_a_name=frozenset(data["own_name"]["beside_a_name"]),
            company_words=tuple(re.compile(p) for p in data["own_people_pac"]["company_words"]),
            initials_letters=(low, high),
            connectors=frozenset(data["own_people_pac"]["connectors"]),
            occupation_statuses=frozenset(data["occupation"]["statuses"]),
            first_word_min_letters=int(data["named_sponsor"]["first_word_min_letters"]),
            network_sponsors=frozenset(n["org"] for n in data["sponsor_pac"]["networks"]),
            director_gift=float(data["sponsor_pac"]["director_gift"]),
            own_business_statuses=frozenset(data["sponsor_pac"]["own_business_statuses"]),
        )


def is_own_name(employer: str, donor: str, rules: ContextRules) -> bool:
    """Whether ``employer`` is the donor's own name (``donor`` as filed: LAST, FIRST MIDDLE):
    their surname and a given name, and only their names, initials, honorifics and degrees."""
    surname, comma, given = donor.partition(",")
    if not comma:
        return False
    surnames = set(_light(surname).split()) - rules.beside_a_name
    givens = {w for w in _light(given).split() if len(w) > 1} - rules.beside_a_name
    words = [w for w in _light(employer).split() if w not in rules.beside_a_name]
    if not surnames or not givens or len(words) < 2:
        return False
    if not any(w in surnames for w in words) or not any(w in givens for w in words):
        return False
    return all(w in surnames or w in givens or len(w) == 1 for w in words)


def _initials(name: str, skip: frozenset[str]) -> str:
    return "".join(w[0] for w in _light(name).split() if w not in skip)


class ContextReader:
    """Decides the lines whose employer string names nothing alone (see the module)."""

    def __init__(self, resolver: EmployerResolver, sponsors: dict[str, Sponsor]) -> None:
        self.resolver = resolver
        self.sponsors = sponsors  # committee_id → a corporation's PAC's sponsor
        self.rules = ContextRules.load()
        self._legal = frozenset(resolver.discovery.legal_forms)
        self._self_employed = resolver.registry.non_orgs[self.rules.self_employed]
        self._matches: dict[str, EmployerMatch] = {}  # see _alone
        # Each registry organization's names (its aliases and its units' and subsidiaries'),
        # the longest first, for the named sponsor's PAC rule.
        names: dict[str, list[str]] = defaultdict(list)
        for alias, org_id in resolver.alias_index.items():
            names[org_id].append(alias)
        self._names = {k: sorted(v, key=lambda n: (-len(n), n)) for k, v in names.items()}
        # Each registry organization's units and subsidiaries the registry holds, for the
        # sponsor's PAC rules (APAC SHEARS on CRH's PAC is its Oldcastle's; FHR on Koch's
        # is its Flint Hills Resources').
        self._below: dict[str, list[str]] = defaultdict(list)
        self._initials_of: dict[str, str] = {}  # org_id → its name's initials
        registry = resolver.registry
        skip = self.rules.connectors | self._legal
        for org_id in sorted(registry.organizations):
            owners = registry.ancestry(org_id)[1:]
            for above in owners:
                self._below[above].append(org_id)
            if owners:
                self._initials_of[org_id] = _initials(registry.organizations[org_id].name, skip)

    def decide(
        self,
        employer: str,
        name: str | None,
        state: str | None,
        occupation: str | None,
        committee_id: str | None,
    ) -> Decision | None:
        """What one line settles, or None when it says no more than its employer string.
        The occupation's own word first (RETIRED beside the donor's own name is retired)."""
        alone = self._alone(employer)
        if alone.resolved:
            return None  # the string alone resolves: it keeps its answer
        norm = alone.normalized
        said = self._alone(occupation) if occupation else None
        # The employer box naming the very corporation whose PAC the gift went to names the
        # employer, whatever status the occupation box declares (SOLERS, ENTREPRENEUR, on
        # Solers's PAC: its owner's gift).
        sponsor = self.sponsors.get(committee_id or "")
        own_sponsor = sponsor is not None and discovered_org_id(norm) == sponsor.org_id
        if said is not None and said.non_org in self.rules.occupation_statuses and not own_sponsor:
            status = said.non_org
            why = f"the donor's occupation {occupation!r} says {status}"
            return Decision(None, None, status, "occupation", why)
        # An occupation box naming an organization means the boxes were swapped: the donor's
        # own name there is no sign of working for themselves. A single word discovery
        # takes for a name of its own (PEDIATRICIAN, DAIRYMAN) is a job, not a swap.
        swapped = (
            said is not None
            and said.org_id is not None
            and (not said.org_id.startswith(DISCOVERED_PREFIX) or " " in said.normalized)
        )
        if name and not swapped and is_own_name(employer, name, self.rules):
            label = self._self_employed.label.lower()
            why = f"the employer is the donor's own name ({name}): {label}"
            return Decision(None, None, self.rules.self_employed, "own name", why)
        if state and norm:
            places = self.resolver.discovery.local_governments
            government = places.government_in(norm, state.strip().upper())
            if government:
                why = (
                    f"a place several US places share, read as the one in the donor's state "
                    f"{state}: {government}"
                )
                return Decision(
                    discovered_org_id(government), government, None, "donor's state", why
                )
        if sponsor and norm and self._names_sponsor(norm, sponsor):
            why = (
                f"given to the PAC of {sponsor.named_as}, which may ask only its own people; "
                f"{norm!r} names no other employer"
            )
            return Decision(sponsor.org_id, sponsor.org_name, None, "own people's PAC", why)
        return None

    def _alone(self, text: str) -> EmployerMatch:
        """What an employer or occupation string means read alone (a status, an
        organization or nothing), once per string."""
        if text not in self._matches:
            self._matches[text] = self.resolver.resolve(text)
        return self._matches[text]

    def _names_sponsor(self, norm: str, sponsor: Sponsor) -> bool:
        if any(p.search(norm) for p in self.rules.company_words):
            return True
        if self.resolver.discovery.is_department(norm):
            return True  # LEGAL on Merck's PAC's receipts: a department of Merck's
        low, high = self.rules.initials_letters
        if " " in norm or not low <= len(norm) <= high or not norm.isalpha():
            return False
        skip = self.rules.connectors
        return norm in {
            _initials(sponsor.named_as, skip),
            _initials(sponsor.named_as, skip | self._legal),
        }

    def named_sponsors(self, lines: pa.Table) -> dict[str, Decision]:
        """employer → the corporation it is of, for the strings that name nothing alone or
        only an organization of their own, whose donors gave to the PAC of a registry
        corporation: one whose name the string opens with (named sponsor's PAC), or else,
        for a string naming an organization of its own, the one such corporation its donors
        gave to, in gifts not all a director's size and by no donor working for themselves
        (sponsor's PAC). The module's rules over all of a string's lines; ``lines`` holds at
        least the employer, committee_id, contributor_occupation and smallest_gift columns."""
        openings: dict[str, dict[str, tuple[Sponsor, str, tuple[str, str]]]] = defaultdict(dict)
        placed: dict[str, dict[str, Sponsor]] = defaultdict(dict)
        smallest: dict[str, float] = {}  # employer → its smallest gift to a sponsor's PAC
        own_business: set[str] = set()  # employers a donor there says they work for themselves
        read: set[tuple[str, str]] = set()  # (employer, sponsor) whose names were read
        employers = lines.column("employer").to_pylist()
        committees = lines.column("committee_id").to_pylist()
        gifts = lines.column(SMALLEST_GIFT).to_pylist()
        occupations = lines.column("contributor_occupation").to_pylist()
        for employer, committee_id, gift, occupation in zip(
            employers, committees, gifts, occupations, strict=True
        ):
            sponsor = self.sponsors.get(committee_id or "")
            if employer is None or sponsor is None or sponsor.org_id not in self._names:
                continue  # no corporation's PAC, or one the registry does not hold
            alone = self._alone(employer)
            if alone.resolved and alone.method != "normalized":
                continue  # the string alone names a registry organization or a status
            if alone.method == "normalized" and sponsor.org_id not in self.rules.network_sponsors:
                placed[employer][sponsor.org_id] = sponsor
                smallest[employer] = min(smallest.get(employer, gift), gift)
                said = self._alone(occupation).non_org if occupation else None
                if said in self.rules.own_business_statuses:
                    own_business.add(employer)
            if (employer, sponsor.org_id) in read:
                continue  # a string's names are read once per sponsor, not once per line
            read.add((employer, sponsor.org_id))
            named = self._sponsor_unit_opening(alone.normalized, sponsor.org_id)
            if named is not None:
                openings[employer][sponsor.org_id] = (sponsor, *named)
        decided = {}
        for employer, sponsors in placed.items():
            # Two corporations' PACs: which is not said; only large checks: a director's; a
            # donor working for themselves: their own business.
            if employer in own_business:
                continue
            if len(sponsors) == 1 and smallest[employer] < self.rules.director_gift:
                ((sponsor_id, sponsor),) = sponsors.items()
                org_id = self._unit_by_initials(sponsor_id, self._alone(employer).normalized)
                org_name = self.resolver.registry.organizations[org_id].name
                why = (
                    f"its donors gave to the PAC of {sponsor.named_as}, which may ask only its "
                    f"own people, and to no other corporation's; it names no employer the "
                    f"registry holds, so it is read as a unit of {org_name}"
                )
                if org_id != sponsor_id:
                    why += " (whose initials it opens with)"
                decided[employer] = Decision(org_id, org_name, None, "sponsor's PAC", why)
        for employer, named in openings.items():
            if len(named) != 1:
                continue  # two corporations named: which is not said
            ((sponsor, org_id, (opens, name)),) = named.values()
            org_name = self.resolver.registry.organizations[org_id].name
            named_by = f"a name of {org_name}"
            if opens != name:
                named_by = f"as {org_name}'s name {name!r} does"
            why = (
                f"its donors gave to the PAC of {sponsor.named_as}, which may ask only its "
                f"own people, and it opens with {opens!r}, {named_by}"
            )
            decided[employer] = Decision(org_id, org_name, None, "named sponsor's PAC", why)
        return decided

    def _unit_by_initials(self, org_id: str, norm: str) -> str:
        """The one registry unit or subsidiary of ``org_id`` whose initials ``norm`` opens
        with (FHR PINE BEND: Flint Hills Resources, of Koch; G-P CHEMICALS, its letters
        apart: Georgia-Pacific), else ``org_id`` itself."""
        words = norm.split()
        letters = list(itertools.takewhile(lambda w: len(w) == 1, words))
        first = "".join(letters) if len(letters) > 1 else words[0]
        low, high = self.rules.initials_letters
        if not (low <= len(first) <= high and first.isalpha()):
            return org_id
        units = [u for u in self._below[org_id] if self._initials_of[u] == first]
        return units[0] if len(units) == 1 else org_id

    def _sponsor_unit_opening(self, norm: str, org_id: str) -> tuple[str, tuple[str, str]] | None:
        """(the organization, (what ``norm`` opens with, its name)) for a string opening with
        a name of the sponsor ``org_id`` or, failing that, of the one registry unit or
        subsidiary of it whose name it opens with (APAC SHEARS: Oldcastle's, of CRH)."""
        opening = self._sponsor_name_opening(norm, org_id)
        if opening is not None:
            return org_id, opening
        units = [
            (unit, opening)
            for unit in self._below[org_id]
            if unit in self._names
            and (opening := self._sponsor_name_opening(norm, unit)) is not None
        ]
        return units[0] if len(units) == 1 else None

    def _sponsor_name_opening(self, norm: str, org_id: str) -> tuple[str, str] | None:
        """(what ``norm`` opens with, the name of the registry organization ``org_id`` it
        is of): a whole name, or the first word of one when that word tells a company
        apart."""
        names = self._names[org_id]
        for name in names:
            if norm == name or norm.startswith(name + " "):
                return name, name
        first = norm.split(" ", 1)[0]
        discovery = self.resolver.discovery
        if (
            len(first) < self.rules.first_word_min_letters
            or not first.isalpha()
            or _listed(first, discovery.plain_words)
            or first in discovery.given_names
        ):
            return None
        opening = [n for n in names if n.split(" ", 1)[0] == first]
        return (first, min(opening, key=lambda n: (len(n), n))) if opening else None

    def decide_table(self, lines: pa.Table) -> pa.Table:
        """Decisions for distinct lines (``INPUT_COLUMNS`` and ``SMALLEST_GIFT``); lines
        nothing settles are left out. A line's own rules first (RETIRED in its occupation
        box is retired), then the sponsor's PAC rules over the string's lines."""
        named = self.named_sponsors(lines)
        out: dict[str, list] = {f.name: [] for f in CONTEXT_SCHEMA}
        columns = [lines.column(c).to_pylist() for c in INPUT_COLUMNS]
        for line in zip(*columns, strict=True):
            if line[0] is None:
                continue
            decided = self.decide(*line) or named.get(line[0])
            if decided is None:
                continue
            org_id, org_name, non_org, rule, reason = decided
            values = (*line, org_id, org_name, non_org, rule, RULE_CONFIDENCE[rule], reason)
            for column, value in zip(out, values, strict=True):
                out[column].append(value)
        return pa.table(
            [pa.array(out[f.name], f.type) for f in CONTEXT_SCHEMA], schema=CONTEXT_SCHEMA
        )


def own_people_sponsors(
    committees: pa.Table, links: pa.Table, org_types: tuple[str, ...], registry: Registry
) -> dict[str, Sponsor]:
    """committee_id → Sponsor for the PACs of sponsors whose PAC may ask only their own
    people (``org_types``, the committee master's ORG_TP), from the committee master rows and
    the PAC links (``committees.link_committees``); not those of a sponsor ``registry``
    codes as a membership organization (``committees.membership_naics``)."""
    own = {
        row["committee_id"]
        for row in committees.select(["committee_id", "organization_type"]).to_pylist()
        if row["organization_type"] in org_types
    }
    members = membership_naics()
    sponsors: dict[str, Sponsor] = {}
    for row in links.select(["committee_id", "org_id", "org_name", "matched"]).to_pylist():
        org = registry.organizations.get(row["org_id"] or "")
        if org is not None and org.naics.startswith(members):
            continue  # its PAC asks its members' people
        if row["committee_id"] in own and row["org_id"]:
            name = row["org_name"] or row["org_id"].removeprefix(DISCOVERED_PREFIX)
            sponsors[row["committee_id"]] = Sponsor(row["org_id"], name, row["matched"] or name)
    return sponsors
