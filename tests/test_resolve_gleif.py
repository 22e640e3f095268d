"""`moneytrail orgs import-gleif`: subsidiaries' names from GLEIF's golden copy become
aliases of the registry organization that consolidates them, and the resolver uses them.

GLEIF's files cannot be fetched here, so the two files are written by the test in GLEIF's
published CSV layout (the column names of the LEI-CDF and RR-CDF golden copies, with columns
the importer does not read among them). The LEIs are made up; the names and parent links
mirror real ones (Crowley Technical Services is Crowley's; Bourbon Community
Hospital is LifePoint's; G-P Corrugated is Koch's through Georgia-Pacific). The
contributions come from the real 2016 and 2020 samples.
"""

from __future__ import annotations

import csv
import tomllib
import zipfile
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.resolve.employers import EmployerResolver
from moneytrail.resolve.gleif import GleifRules, import_gleif
from moneytrail.warehouse.catalog import Warehouse

LEVEL1_HEADER = [
    "LEI", "Entity.LegalName", "Entity.LegalName.xmllang",
    "Entity.OtherEntityNames.OtherEntityName.1", "Entity.OtherEntityNames.OtherEntityName.1.type",
    "Entity.LegalAddress.FirstAddressLine", "Entity.LegalAddress.City",
    "Entity.LegalAddress.Country", "Entity.HeadquartersAddress.Country",
    "Entity.EntityCategory", "Entity.EntityStatus", "Registration.RegistrationStatus",
]  # fmt: skip
LEVEL2_HEADER = [
    "Relationship.StartNode.NodeID", "Relationship.StartNode.NodeIDType",
    "Relationship.EndNode.NodeID", "Relationship.EndNode.NodeIDType",
    "Relationship.RelationshipType", "Relationship.RelationshipStatus",
    "Relationship.Period.1.startDate", "Registration.RegistrationStatus",
]  # fmt: skip

# LEI, legal name, another name, country, category
ENTITIES = [
    ("TEST00CROWLEYMAR001", "Crowley Maritime Corporation", "", "US", "GENERAL"),
    ("TEST00CROWLEYTEC002", "Crowley Technical Services, LLC", "", "US", "GENERAL"),
    ("TEST00CROWLEYFUN003", "Crowley Growth Partners Fund LP", "", "US", "FUND"),
    ("TEST00CROWLEYREC004", "Crowley Receivables Funding LLC", "", "US", "GENERAL"),
    ("TEST00CROWLEYCHL005", "Crowley Chile SpA", "", "CL", "GENERAL"),
    ("TEST00CROWLEYHCA006", "HCA Holdings Inc.", "", "US", "GENERAL"),
    ("TEST00CROWLEYMSV007", "Marine Services, LLC", "", "US", "GENERAL"),
    ("TEST00CROWLEYPET008", "Crowley Petroleum Distribution, Inc.", "", "US", "GENERAL"),
    ("TEST00CROWLEYTWT009", "Tradewinds Terminals LLC", "", "US", "GENERAL"),
    ("TEST00JONESLANGL010", "Jones Lang LaSalle Incorporated", "JLL", "US", "GENERAL"),
    ("TEST00BOURBONCH011", "Bourbon Community Hospital, LLC", "", "US", "GENERAL"),
    ("TEST00JLLTRADEWN012", "Tradewinds Terminals LLC", "", "US", "GENERAL"),
    ("TEST00KOCHINDUS013", "Koch Industries, Inc.", "", "US", "GENERAL"),
    ("TEST00GEORGIAPA014", "Georgia-Pacific LLC", "", "US", "GENERAL"),
    ("TEST00GPCORRUGA015", "G-P Corrugated LLC", "", "US", "GENERAL"),
    ("TEST00NOBODYSHP016", "Nobody Shipping Corporation", "", "US", "GENERAL"),
    ("TEST00ACMETUGS0017", "Acme Tugboat Holdings LLC", "", "US", "GENERAL"),
    ("TEST00LIFEPOINT018", "LifePoint Health, Inc.", "", "US", "GENERAL"),
]
# child, parent, type, status
RELATIONSHIPS = [
    ("TEST00CROWLEYTEC002", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYTEC002", "TEST00CROWLEYMAR001", "IS_ULTIMATELY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYFUN003", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYREC004", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYCHL005", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYHCA006", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYMSV007", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYPET008", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "INACTIVE"),
    ("TEST00CROWLEYTWT009", "TEST00CROWLEYMAR001", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00BOURBONCH011", "TEST00LIFEPOINT018", "IS_ULTIMATELY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00JLLTRADEWN012", "TEST00JONESLANGL010", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00GEORGIAPA014", "TEST00KOCHINDUS013", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00GPCORRUGA015", "TEST00GEORGIAPA014", "IS_DIRECTLY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00GPCORRUGA015", "TEST00KOCHINDUS013", "IS_ULTIMATELY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00ACMETUGS0017", "TEST00NOBODYSHP016", "IS_ULTIMATELY_CONSOLIDATED_BY", "ACTIVE"),
    ("TEST00CROWLEYMAR001", "TEST00CROWLEYMAR001", "IS_FUND-MANAGED_BY", "ACTIVE"),
]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh, quoting=csv.QUOTE_ALL)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _level1_rows() -> list[list[str]]:
    rows = []
    for lei, name, other, country, category in ENTITIES:
        values = {
            "LEI": lei,
            "Entity.LegalName": name,
            "Entity.LegalName.xmllang": "en",
            "Entity.OtherEntityNames.OtherEntityName.1": other,
            "Entity.OtherEntityNames.OtherEntityName.1.type": other and "TRADING_OR_OPERATING_NAME",
            "Entity.LegalAddress.FirstAddressLine": "1 Main Street",
            "Entity.LegalAddress.City": "Jacksonville",
            "Entity.LegalAddress.Country": country,
            "Entity.HeadquartersAddress.Country": country,
            "Entity.EntityCategory": category,
            "Entity.EntityStatus": "ACTIVE",
            "Registration.RegistrationStatus": "ISSUED",
        }
        rows.append([values[c] for c in LEVEL1_HEADER])
    return rows


def _level2_rows() -> list[list[str]]:
    return [
        [child, "LEI", parent, "LEI", kind, status, "2020-01-01T00:00:00Z", "PUBLISHED"]
        for child, parent, kind, status in RELATIONSHIPS
    ]


@pytest.fixture
def gleif_files(tmp_path: Path) -> tuple[Path, Path]:
    """The Level 1 file zipped (as GLEIF serves it) and the Level 2 file as plain CSV."""
    level1_csv = _write_csv(tmp_path / "lei2.csv", LEVEL1_HEADER, _level1_rows())
    level1 = tmp_path / "20261201-0000-gleif-goldencopy-lei2-golden-copy.csv.zip"
    with zipfile.ZipFile(level1, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.write(level1_csv, level1_csv.name)
    level1_csv.unlink()
    level2 = _write_csv(tmp_path / "rr.csv", LEVEL2_HEADER, _level2_rows())
    with level2.open("a", encoding="utf-8") as fh:  # a line with too many fields
        fh.write('"TEST00BROKEN000018","LEI","x","LEI","IS_DIRECTLY_CONSOLIDATED_BY",1,2,3,4,5\n')
    return level1, level2


def test_names_of_consolidated_entities_become_aliases(gleif_files: tuple[Path, Path]) -> None:
    resolver = EmployerResolver()
    for name in (
        "CROWLEY TECHNICAL SERVICES, LLC",
        "BOURBON COMMUNITY HOSPITAL, LLC",
        "G-P CORRUGATED LLC",
    ):
        # The fixture needs subsidiaries the registry does not hold: if it learns one, pick
        # another of the same parent for the fixture.
        assert resolver.resolve(name).method == "normalized", f"the registry now holds {name}"
    report = import_gleif(*gleif_files, resolver)
    got = {a["alias"]: a["org"] for a in report.aliases}
    assert got == {
        "CROWLEY TECHNICAL SERVICES, LLC": "crowley-maritime",
        "BOURBON COMMUNITY HOSPITAL, LLC": "lifepoint-health",
        # The nearest parent the registry holds: Georgia-Pacific, itself Koch's.
        "G-P CORRUGATED LLC": "georgia-pacific",
    }
    assert report.skipped == {
        "a financing vehicle, trust or holding shell": 1,  # Crowley Receivables Funding
        # HCA Holdings under Crowley; Georgia-Pacific under Koch
        "the entity is itself a registry organization": 2,
        "a name many organizations could have": 1,  # Marine Services
        "a name entities of different organizations share": 2,  # Tradewinds Terminals
    }
    # The fund, the Chilean company (not US), the inactive link, the unknown parent and
    # the fund-manager link give nothing; the broken line is skipped and reported.
    assert report.relationships == 14
    assert report.entities == len(ENTITIES)
    assert report.bad_lines["rr.csv"] == [len(RELATIONSHIPS) + 2]
    crowley = next(a for a in report.aliases if a["org"] == "crowley-maritime")
    assert "TEST00CROWLEYTEC002" in crowley["why"]
    assert "TEST00CROWLEYMAR001 (Crowley Maritime Corporation)" in crowley["why"]


def test_every_country_when_asked(gleif_files: tuple[Path, Path]) -> None:
    report = import_gleif(*gleif_files, EmployerResolver(), countries=frozenset())
    assert "CROWLEY CHILE SPA" in {a["alias"] for a in report.aliases}


def test_not_gleif_files_are_refused(gleif_files: tuple[Path, Path], tmp_path: Path) -> None:
    level1, level2 = gleif_files
    other = _write_csv(tmp_path / "other.csv", ["id", "name"], [["1", "x"]])
    with pytest.raises(Exception, match="not GLEIF's Level 2 file"):
        import_gleif(level1, other, EmployerResolver())
    with pytest.raises(Exception, match="not GLEIF's Level 1 file"):
        import_gleif(other, level2, EmployerResolver())
    bad_zip = tmp_path / "two.zip"
    with zipfile.ZipFile(bad_zip, "w") as archive:
        archive.writestr("a.csv", "LEI\n")
        archive.writestr("b.csv", "LEI\n")
    with pytest.raises(Exception, match="a zip holding one CSV file"):
        import_gleif(bad_zip, level2, EmployerResolver())
    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes(level2.read_bytes().replace(b"ACTIVE", b"ACTIV\xc9", 1))
    with pytest.raises(Exception, match="cannot be read as CSV"):
        import_gleif(level1, latin1, EmployerResolver())


def test_vehicle_words_match_whole_words() -> None:
    rules = GleifRules.load()
    assert rules.vehicle("ACME AUTO RECEIVABLES TRUST")
    assert rules.vehicle("ACME CO ISSUER")
    assert not rules.vehicle("TRUSTMARK NATIONAL BANK")
    assert not rules.vehicle("MASTERCARD INTERNATIONAL")


def test_import_then_resolve_a_warehouse(
    gleif_files: tuple[Path, Path], tmp_path: Path, shared_data: Path
) -> None:
    """The real contributions whose employers GLEIF's names cover move to the organization
    after the import, `orgs explain` cites the LEIs, and a packaged alias still wins."""
    employers = {"CROWLEY TECHNICAL SERVICES, LLC", "G-P CORRUGATED LLC"}
    home = tmp_path / "wh"
    for cycle in ("2016", "2020"):
        itcont = tmp_path / f"itcont{cycle}.txt"
        sample = shared_data / "fec-bulk" / f"{cycle}-early" / "itcont.txt"
        with sample.open(encoding="latin-1") as src, itcont.open("w", encoding="latin-1") as out:
            out.writelines(line for line in src if line.split("|")[11] in employers)
        run_cli("load", str(itcont), "--cycle", cycle, home=home)
    wh = Warehouse(home)

    def orgs() -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for r in wh.query("SELECT contributor_employer AS e, org_id FROM schedule_a").to_pylist():
            found.setdefault(r["e"], set()).add(r["org_id"])
        return found

    before = orgs()
    assert before["CROWLEY TECHNICAL SERVICES, LLC"] == {"n:crowley-technical-services"}
    assert set(before) == employers  # each has real contributions

    result = run_cli("orgs", "import-gleif", *map(str, gleif_files), home=home)
    assert "3 subsidiaries' names of 3 organizations imported" in result.stderr
    assert "left out 1 name: a financing vehicle" in result.stderr
    assert "rr.csv: skipped 1 line it could not read (line 18)" in result.stderr
    after = orgs()
    assert after["CROWLEY TECHNICAL SERVICES, LLC"] == {"crowley-maritime"}
    assert after["G-P CORRUGATED LLC"] == {"georgia-pacific"}
    ultimate = wh.query(
        "SELECT DISTINCT o.ultimate_parent_id FROM schedule_a JOIN organizations o "
        "USING (org_id) WHERE contributor_employer = 'G-P CORRUGATED LLC'"
    ).to_pylist()
    assert ultimate == [{"ultimate_parent_id": "koch-industries"}]

    explained = run_cli("orgs", "explain", "CROWLEY TECHNICAL SERVICES, LLC", home=home).stdout
    assert "crowley-maritime" in explained
    assert "LEI TEST00CROWLEYTEC002, consolidated by LEI TEST00CROWLEYMAR001" in explained
    assert "GLEIF golden copy" in explained

    # The file is the user's to review and edit; a packaged alias wins over it.
    path = home / "org_gleif.toml"
    data = tomllib.loads(path.read_text())
    assert len(data["alias"]) == 3
    path.write_text(
        path.read_text().replace(
            "alias = [", 'alias = [\n  { org = "jll", alias = "HCA", kind = "subsidiary", '
            'source = "gleif", why = "a wrong entry" },', 1
        )
    )  # fmt: skip
    assert EmployerResolver(imported=path).resolve("HCA").org_id == "hca"

    # A broken file stops the resolve with one line naming it, and changes nothing.
    before = wh.query("SELECT * FROM org_aliases ORDER BY raw")
    path.write_text('alias = [\n  { org = "jll", alias = "JLL CAPITAL MARKETS" },\n]\n')
    failed = run_cli("resolve", "--full", home=home, check=False)
    assert failed.returncode == 1 and "org_gleif.toml" in failed.stderr
    assert "lacks kind, source" in failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    assert wh.query("SELECT * FROM org_aliases ORDER BY raw").equals(before)
