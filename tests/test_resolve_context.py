"""Reading an employer string with the rest of its line (moneytrail.resolve.context): each
rule, and the lines it must leave open. The warehouse-level checks on the real samples are
in test_resolve_warehouse.py."""

from __future__ import annotations

import pyarrow as pa
import pytest

from moneytrail.resolve.context import (
    INPUT_COLUMNS,
    SMALLEST_GIFT,
    ContextReader,
    ContextRules,
    Sponsor,
    is_own_name,
    own_people_sponsors,
)
from moneytrail.resolve.employers import EmployerResolver


@pytest.fixture(scope="module")
def reader() -> ContextReader:
    sponsors = {
        "C00000001": Sponsor(
            "marathon-petroleum", "Marathon Petroleum", "MARATHON PETROLEUM CORPORATION"
        ),
        "C00000002": Sponsor("southern-company", "Southern Company", "ALABAMA POWER CO"),
        "C00000003": Sponsor("vulcan-materials", "Vulcan Materials", "VULCAN MATERIALS COMPANY"),
        "C00000004": Sponsor("3m", "3M Company", "3M COMPANY"),
        "C00000005": Sponsor("n:acme-widgets", "ACME WIDGETS", "ACME WIDGETS INC"),
    }
    return ContextReader(EmployerResolver(), sponsors)


@pytest.mark.parametrize(
    ("employer", "donor", "own"),
    [
        ("LESLIE WILLIAMS", "WILLIAMS, LESLIE KIM", True),
        ("WERNER F. WOLFEN", "WOLFEN, WERNER", True),  # a middle initial the name lacks
        ("DR. WILLIAM WATSON, MD", "WATSON, WILLIAM", True),  # honorific and degree
        ("A. RUSSELL SMITH", "SMITH, RUSSELL MR. ESQ.", True),
        ("LESLIE WILLIAMS", "SMITH, JOHN", False),  # someone else's name
        ("WILLIAMS", "WILLIAMS, LESLIE", False),  # the surname alone: a family firm maybe
        ("RICKER'S", "RICKER, QUINN", False),
        ("JOE AND MARIA OLIVEIRA", "OLIVEIRA, JOE", False),  # a couple: a word beyond names
        ("SALT LAKE CITY", "SALT LAKE CITY", False),  # no surname, given name order
    ],
)
def test_own_name(employer: str, donor: str, own: bool) -> None:
    assert is_own_name(employer, donor, ContextRules.load()) is own


def test_own_name_is_self_employed_only_where_the_string_names_nothing(
    reader: ContextReader,
) -> None:
    assert reader.decide("LESLIE WILLIAMS", "WILLIAMS, LESLIE KIM", "NY", None, "C1")[2:4] == (
        "SELF_EMPLOYED",
        "own name",
    )
    assert reader.decide("LESLIE WILLIAMS", "JONES, MARY", "NY", None, "C1") is None
    # Boxes swapped: the occupation names the employer. A retiree is retired.
    assert reader.decide("MARC CHIANG", "CHIANG, MARC", "CA", "DUFF AND PHELPS", "C1") is None
    retired = reader.decide("CELSO BIANCO MD", "BIANCO, CELSO", "MD", "RETIRED", "C1")
    assert retired is not None and retired.non_org == "RETIRED"
    assert reader.decide("CELSO BIANCO MD", "BIANCO, CELSO", "MD", "PHYSICIAN", "C1").rule == (
        "own name"
    )
    # A string that resolves alone keeps its answer, whoever wrote it.
    assert reader.decide("GOOGLE", "GOOGLE, JANE", "CA", None, "C1") is None


def test_a_shared_place_is_the_one_in_the_donors_state(reader: ContextReader) -> None:
    in_maine = reader.decide("PORTLAND FIRE DEPT.", "DOE, JOHN", "ME", None, None)
    in_oregon = reader.decide("PORTLAND FIRE DEPT.", "DOE, JOHN", "OR", None, None)
    assert in_maine is not None and in_maine[:2] == ("n:city-of-portland-me", "CITY OF PORTLAND ME")
    assert in_oregon is not None and in_oregon[0] == "n:city-of-portland-or"
    # A state without a place of the name, or no state, leaves it open.
    assert reader.decide("PORTLAND FIRE DEPT.", "DOE, JOHN", "HI", None, None) is None
    assert reader.decide("PORTLAND FIRE DEPT.", "DOE, JOHN", None, None, None) is None


def test_my_company_or_the_sponsors_initials_on_a_gift_to_its_pac(reader: ContextReader) -> None:
    assert reader.decide("CORPORATE HEADQUARTERS", "DOE, JOHN", "OH", None, "C00000001")[0] == (
        "marathon-petroleum"
    )
    assert reader.decide("MPC", "DOE, JOHN", "OH", None, "C00000001")[0] == "marathon-petroleum"
    assert reader.decide("APC", "DOE, JOHN", "AL", None, "C00000002")[0] == "southern-company"
    # A department alone (Merck's PAC's receipts of 2001 hold LEGAL, FINANCE, ...).
    for department in ("Legal", "FINANCE DEPARTMENT", "Human Resources", "Public Affairs"):
        decided = reader.decide(department, "DOE, JOHN", "OH", None, "C00000001")
        assert decided is not None and decided[0] == "marathon-petroleum", department
    # Initials of someone else, or a committee no corporation sponsors: left open.
    assert reader.decide("XYZ", "DOE, JOHN", "OH", None, "C00000001") is None
    assert reader.decide("CORPORATE HEADQUARTERS", "DOE, JOHN", "OH", None, "C00009999") is None
    assert reader.decide("CORPORATE HEADQUARTERS", "DOE, JOHN", "OH", None, None) is None


def test_an_occupation_that_is_a_status(reader: ContextReader) -> None:
    assert reader.decide("PI ENG", "DOE, JANE", "VA", "RETIRED", None)[2:4] == (
        "RETIRED",
        "occupation",
    )
    assert reader.decide("JREI", "DOE, JANE", "VA", "SELF-EMPLOYED", None)[2] == "SELF_EMPLOYED"
    # An occupation that is a job, or one that says nothing (N/A), leaves the line open;
    # a string that names an organization keeps it, retired or not.
    assert reader.decide("PI ENG", "DOE, JANE", "VA", "ENGINEER", None) is None
    assert reader.decide("PI ENG", "DOE, JANE", "VA", "N/A", None) is None
    assert reader.decide("DEPARTMENT OF LABOR", "DOE, JANE", "VA", "RETIRED", None) is not None
    assert reader.decide("GOOGLE", "DOE, JANE", "CA", "RETIRED", None) is None


def test_an_occupations_status_beside_the_name_of_the_pacs_own_corporation() -> None:
    # An owner's gift to their company's PAC, the company's one-word name in the employer
    # box (SOLERS on Solers's PAC, its owner an ENTREPENEUR): the name is the employer,
    # whatever the occupation says; on another committee the status stands.
    sponsors = {"C9": Sponsor("n:zentrix", "ZENTRIX", "ZENTRIX INC")}
    reader = ContextReader(EmployerResolver(), sponsors)
    assert not reader.resolver.resolve("ZENTRIX").resolved
    assert reader.decide("ZENTRIX", "DOE, JANE", "VA", "ENTREPRENEUR", "C9") is None
    on_another = reader.decide("ZENTRIX", "DOE, JANE", "VA", "ENTREPENEUR", "C8")
    assert on_another is not None and on_another[2:4] == ("SELF_EMPLOYED", "occupation")


def _lines(*rows: tuple[str | None, str | None] | tuple[str | None, str | None, float]) -> pa.Table:
    """Lines of (employer, committee_id[, smallest gift]), the donor's name, state and
    occupation made up, the gift a paycheck's ($208) unless given."""
    values = [(row[0], "DOE, JOHN", "AL", "ENGINEER", row[1], (*row, 208.0)[2]) for row in rows]
    columns = (*INPUT_COLUMNS, SMALLEST_GIFT)
    return pa.table({c: [v[i] for v in values] for i, c in enumerate(columns)})


def test_a_string_naming_the_corporation_whose_pac_its_donors_gave_to(
    reader: ContextReader,
) -> None:
    lines = _lines(
        # Vulcan's unit the registry lacks (discovered alone), on Vulcan's PAC and elsewhere:
        # every line of the string is Vulcan's, by the first word of its name.
        ("VULCAN CONSTRUCTION MAT LL", "C00000003"),
        ("VULCAN CONSTRUCTION MAT LL", "C00009999"),
        # 3M's foreign subsidiary, by the whole of a registry name (not a word of letters).
        ("3M BELGIUM BVBA/SPRL", "C00000004"),
        # A string naming another company, or the sponsor by a plain word only, is not
        # named (and, given only a director's check, not placed by the PAC either).
        ("BIRMINGHAM STEEL ERECTORS", "C00000003", 5000.0),
        ("MATERIALS TESTING LAB", "C00000003", 2500.0),
        # Named by a registry organization alone: it keeps its answer.
        ("GOOGLE", "C00000003"),
        # A sponsor the registry does not hold is no evidence of a registry organization.
        ("ACME WIDGETS OF OHIO", "C00000005"),
    )
    named = reader.named_sponsors(lines)
    assert {e: d.org_id for e, d in named.items()} == {
        "VULCAN CONSTRUCTION MAT LL": "vulcan-materials",
        "3M BELGIUM BVBA/SPRL": "3m",
    }
    assert named["3M BELGIUM BVBA/SPRL"].rule == "named sponsor's PAC"
    decided = reader.decide_table(lines).to_pylist()
    assert [(d["employer"], d["committee_id"], d["org_id"]) for d in decided] == [
        ("VULCAN CONSTRUCTION MAT LL", "C00000003", "vulcan-materials"),
        ("VULCAN CONSTRUCTION MAT LL", "C00009999", "vulcan-materials"),
        ("3M BELGIUM BVBA/SPRL", "C00000004", "3m"),
    ]


def test_a_sponsors_pac_places_a_string_naming_an_organization_of_its_own() -> None:
    # PENRAC names a business the registry lacks; its donors gave Enterprise's PAC out of
    # their paychecks, and to no other corporation's: Enterprise's unit, on every line.
    sponsors = {
        "C1": Sponsor("enterprise-holdings", "Enterprise Holdings", "ENTERPRISE HOLDINGS INC"),
        "C2": Sponsor("3m", "3M Company", "3M COMPANY"),
        "C3": Sponsor("mckesson", "McKesson", "MCKESSON CORPORATION"),
    }
    lines = _lines(
        ("PENRAC, LLC", "C1", 250.0),
        ("PENRAC, LLC", "C00009999", 1000.0),
        # A director's one check, to the PAC's limit, is no sign of the sponsor's people.
        ("CODINA PARTNERS", "C1", 5000.0),
        # Given to two corporations' PACs: which one is not said.
        ("BIRMINGHAM STEEL ERECTORS", "C1"),
        ("BIRMINGHAM STEEL ERECTORS", "C2"),
        # McKesson's PAC asks its network's practices, which McKesson does not own.
        ("VIRGINIA ONCOLOGY ASSOCIATES", "C3"),
        # A string naming nothing alone is settled line by line, not as a whole: a
        # department on the PAC's own receipts is the sponsor's (own people's PAC).
        ("ENGINEERING", "C1"),
        ("ENGINEERING", "C2"),
    )
    placed = ContextReader(EmployerResolver(), sponsors).named_sponsors(lines)
    assert {e: (d.org_id, d.rule) for e, d in placed.items()} == {
        "PENRAC, LLC": ("enterprise-holdings", "sponsor's PAC")
    }
    assert "to no other corporation's" in placed["PENRAC, LLC"].reason
    decided = ContextReader(EmployerResolver(), sponsors).decide_table(lines).to_pylist()
    got = sorted((d["employer"], d["committee_id"], d["org_id"], d["rule"]) for d in decided)
    assert got == [
        ("ENGINEERING", "C1", "enterprise-holdings", "own people's PAC"),
        ("ENGINEERING", "C2", "3m", "own people's PAC"),
        ("PENRAC, LLC", "C00009999", "enterprise-holdings", "sponsor's PAC"),
        ("PENRAC, LLC", "C1", "enterprise-holdings", "sponsor's PAC"),
    ]
    assert {round(d["confidence"], 2) for d in decided if d["employer"] == "PENRAC, LLC"} == {0.75}


def test_a_sponsors_pac_leaves_a_donors_own_business() -> None:
    # SOFTBEAR INC. on Microsoft's PAC (blind40's): its donor's occupation says BUSINESS
    # OWNER, so the string is the donor's own firm, not a unit of Microsoft's.
    sponsors = {"C1": Sponsor("microsoft", "Microsoft", "MICROSOFT CORPORATION")}
    columns = (*INPUT_COLUMNS, SMALLEST_GIFT)
    rows = [
        ("SOFTBEAR INC.", "DOE, JOHN", "WA", "BUSINESS OWNER", "C1", 250.0),
        ("PENRAC, LLC", "DOE, JANE", "WA", "ENGINEER", "C1", 250.0),
    ]
    lines = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    placed = ContextReader(EmployerResolver(), sponsors).named_sponsors(lines)
    assert {e: d.org_id for e, d in placed.items()} == {"PENRAC, LLC": "microsoft"}


def test_a_sponsors_pac_places_a_string_under_the_unit_it_names() -> None:
    # FHR PINE BEND on Koch's PAC: FHR is Flint Hills Resources, a Koch company the
    # registry holds, so the string is placed there rather than at the top of the group.
    sponsors = {"C1": Sponsor("koch-industries", "Koch Industries", "KOCH INDUSTRIES INC")}
    lines = _lines(
        ("FHR PINE BEND, LLC", "C1"),
        ("MATADOR SECURITY CO, INC", "C1"),
        ("G-P CHEMICALS LLC", "C1"),  # the initials with their letters apart (blind30)
    )
    placed = ContextReader(EmployerResolver(), sponsors).named_sponsors(lines)
    assert placed["FHR PINE BEND, LLC"].org_id == "flint-hills-resources"
    assert "whose initials it opens with" in placed["FHR PINE BEND, LLC"].reason
    assert placed["MATADOR SECURITY CO, INC"].org_id == "koch-industries"
    assert placed["G-P CHEMICALS LLC"].org_id == "georgia-pacific"
    # APAC SHEARS on CRH's PAC opens with a name of Oldcastle, CRH's materials company.
    crh = {"C2": Sponsor("crh", "CRH plc", "CRH AMERICAS INC")}
    named = ContextReader(EmployerResolver(), crh).named_sponsors(_lines(("APAC SHEARS", "C2")))
    assert (named["APAC SHEARS"].org_id, named["APAC SHEARS"].rule) == (
        "oldcastle",
        "named sponsor's PAC",
    )


def test_a_string_naming_two_corporations_pacs_is_left_as_it_was() -> None:
    # BP CHEMICALS LIMA opens with a name of BP and one of INEOS (BP CHEMICALS, which
    # INEOS bought): given to both PACs, it says neither; given to one, it is that one's.
    # (GE POWER ELECTRONICS served here until GE POWER, judged one organization's name,
    # made it GE Vernova's by the string alone.)
    sponsors = {
        "C1": Sponsor("bp", "BP p.l.c.", "BP CORPORATION NORTH AMERICA INC"),
        "C2": Sponsor("ineos", "INEOS", "INEOS USA LLC"),
    }
    lines = _lines(("BP CHEMICALS LIMA", "C1"), ("BP CHEMICALS LIMA", "C2"))
    only_bp = ContextReader(EmployerResolver(), {"C1": sponsors["C1"]}).named_sponsors(lines)
    assert only_bp["BP CHEMICALS LIMA"].org_id == "bp"
    assert ContextReader(EmployerResolver(), sponsors).named_sponsors(lines) == {}


def test_a_membership_organizations_pac_asks_its_members_people() -> None:
    # BIO's PAC is ORG_TP C in one cycle's master; the registry codes BIO as a trade
    # association (NAICS 813), whose PAC asks its member companies' people: no sponsor.
    committees = pa.table(
        {
            "committee_id": ["C00355677", "C00084475"],
            "organization_type": ["C", "C"],
        }
    )
    links = pa.table(
        {
            "committee_id": ["C00355677", "C00084475"],
            "org_id": ["bio", "3m"],
            "org_name": ["Biotechnology Innovation Organization", "3M Company"],
            "matched": ["BIOTECHNOLOGY INDUSTRY ORGANIZATION", "3M COMPANY"],
        }
    )
    registry = EmployerResolver().registry
    assert registry.organizations["bio"].naics.startswith("813")
    sponsors = own_people_sponsors(committees, links, ("C",), registry)
    assert list(sponsors) == ["C00084475"] and sponsors["C00084475"].org_id == "3m"
