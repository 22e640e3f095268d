"""Top contributors on a real warehouse (the 2020 bulk sample and four real .fec filings,
resolved by the real `resolve_warehouse`), against figures computed here in plain Python
from the raw pipe-delimited lines and the raw filings."""

from __future__ import annotations

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import pyarrow.compute as pc
import pytest
from clitools import run_cli

from moneytrail.analysis.common import AnalysisError
from moneytrail.analysis.contributors import top_contributors
from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings
from moneytrail.warehouse.load import load_files

# itcont/itoth columns (indiv_header_file.csv, oth_header_file.csv), 0-based.
CMTE, TYPE, ENTITY, NAME, EMPLOYER, AMOUNT, OTHER_ID, MEMO = 0, 5, 6, 7, 11, 14, 15, 18

# The FEC's transaction type codes, restated by hand from its code list
# (fec.gov/campaign-finance-data/transaction-type-code-descriptions): what a recipient
# received as a contribution or transfer, and what it gave back.
RECEIVED = {
    "10", "11", "13", "15", "15C", "15E", "15F", "15K", "15Z", "18K", "18U", "19", "18G",
    "30", "30E", "30K", "30T", "30G", "31", "31E", "31K", "31T", "31G",
    "32", "32E", "32K", "32T", "32G",
}  # fmt: skip
RETURNED = {"20Y", "21Y", "22R", "22Y", "22Z", "23Y"} | {
    f"{a}{b}" for a in ("40", "41", "42") for b in "YTZ"
}
# .fec summary-page lines (F3: 11A-D, 12 transfers; F3P: 17A-D, 18 transfers) and refund
# lines (F3 20A-C; F3P and F3X 28A-C).
RECEIVED_LINES = {"11AI", "11B", "11C", "11D", "12", "17A", "17B", "17C", "17D", "18"}
REFUND_LINES = {"20A", "20B", "20C", "28A", "28B", "28C"}

FS = b"\x1c"
FILINGS = ("1527862.fec", "1544132.fec", "filing_invalid_version.fec")


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "fec-bulk" / "2020-early"


@pytest.fixture(scope="module")
def efile(shared_data: Path) -> Path:
    return shared_data / "efile" / "fastfec"


@pytest.fixture(scope="module")
def wh(
    sample: Path, efile: Path, shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Warehouse:
    wh = Warehouse(tmp_path_factory.mktemp("contributors"))
    names = ("cn.txt", "ccl.txt", "cm.txt", "itcont.txt", "itoth.txt", "itpas2.txt")
    load_files(wh, [sample / n for n in names], cycle=2020)
    masters = shared_data / "fec-bulk" / "2022-masters"
    load_files(wh, [masters / n for n in ("cn.txt", "ccl.txt", "cm.txt")], cycle=2022)
    load_filings(wh, [efile / f for f in FILINGS])
    resolve_warehouse(wh)
    return wh


@cache
def raw(sample: Path, *names: str) -> list[list[str]]:
    out = []
    for name in names:
        with (sample / name).open(encoding="latin-1") as fh:
            out += [line.rstrip("\n").split("|") for line in fh]
    return out


def net_received(rows: list[list[str]]) -> Decimal:
    """What the rows' recipients received, net of what they returned; memo lines aside."""
    total = Decimal(0)
    for r in rows:
        if r[MEMO] == "X":
            continue
        if r[TYPE] in RECEIVED:
            total += Decimal(r[AMOUNT])
        elif r[TYPE] in RETURNED:
            total -= Decimal(r[AMOUNT])
    return total


def fec_records(path: Path, prefix: str) -> list[list[str]]:
    """Records of a .fec filing (format 6+: ASCII 28 between fields) whose type starts
    with ``prefix``. Memo code, memo text and reference code are the last three fields."""
    with path.open(encoding="latin-1") as fh:
        return [r for line in fh if (r := line.rstrip("\r\n").split("\x1c"))[0].startswith(prefix)]


def totals(table) -> dict[str, Decimal]:
    return {(r.get("name") or r["kind"]): r["total"] for r in table.to_pylist()}


def test_parts_add_up_to_the_receipts(wh: Warehouse, sample: Path) -> None:
    # The DCCC: individuals (with ActBlue earmarks and thousands of refunds), PACs, party
    # accounts, joint-fundraising transfers.
    committee = "C00000935"
    rows = [r for r in raw(sample, "itcont.txt", "itoth.txt") if r[CMTE] == committee]
    assert sum(r[TYPE] == "22Y" for r in rows) > 1000  # refunds are there to subtract
    expected = net_received(rows)
    with wh.reader() as con:
        for by in ("organization", "industry", "sector", "donor"):
            got = top_contributors(con, committee_id=committee, by=by, limit=10)
            assert sum(got.column("total").to_pylist()) == expected, by
            assert got.column("rank").to_pylist()[:10] == list(range(1, 11))
        lines = top_contributors(con, committee_id=committee, detail=True)
    counted = [r for r in rows if r[MEMO] != "X" and r[TYPE] in RECEIVED | RETURNED]
    assert lines.num_rows == len(counted)
    # Every line traces back to its raw line, with the amount signed as it counts.
    text = (sample / "itcont.txt").read_text(encoding="latin-1").splitlines()
    for line in lines.to_pylist():
        if line["source_file"] == "itcont.txt":
            fields = text[line["source_line"] - 1].split("|")
            sign = -1 if fields[TYPE] in RETURNED else 1
            assert fields[CMTE] == committee and sign * Decimal(fields[AMOUNT]) == line["amount"]


def test_pac_and_employees_apart(wh: Warehouse, sample: Path) -> None:
    # Deloitte and the DCCC: its PAC (C00211318 in cm.txt, "DELOITTE POLITICAL ACTION
    # COMMITTEE") gave twice; employees of Deloitte Tax gave through ActBlue (15E).
    rows = [r for r in raw(sample, "itcont.txt", "itoth.txt") if r[CMTE] == "C00000935"]
    pac = net_received([r for r in rows if r[OTHER_ID] == "C00211318" and r[ENTITY] == "PAC"])
    staff = net_received([r for r in rows if r[ENTITY] == "IND" and "DELOITTE" in r[EMPLOYER]])
    assert pac > 0 and staff > 0
    with wh.reader() as con:
        got = top_contributors(con, committee_id="C00000935", limit=1000).to_pylist()
    (row,) = [r for r in got if r["org_id"] == "deloitte"]
    assert (row["pac_amount"], row["employees_amount"]) == (pac, staff)
    assert row["total"] == pac + staff and row["organization_amount"] is None


def test_subsidiaries_roll_up_to_the_parent(wh: Warehouse, sample: Path) -> None:
    # General Dynamics' PAC: its givers work across the group. Employer strings judged by
    # eye to name General Dynamics or a unit it owns (Electric Boat, Bath Iron Works,
    # Gulfstream, Land Systems and NASSCO, Metro Machine included, are General Dynamics
    # companies), and two strings the sponsor's PAC rule places there, which both judges of
    # its lines read as General Dynamics' (Gulfstream's service company; the group's shared
    # services, by the donor's title).
    gd = {
        "GENERAL DYNAMICS CORPORAT", "GENERAL DYNAMICS-OTS", "GENERAL DYNAMICS-OTS INC",
        "GD MISSION SYSTEMS INC", "GD INFORMATION TECHNOLOGY", "ELECTRIC BOAT CORPORATION",
        "BATH IRON WORKS", "GULFSTREAM AEROSPACE CORP", "GULFSTREAM AERO CORP - TE",
        "GD LAND SYSTEMS INC.", "GDLS CUSTOMER SERV & SUPP", "NATIONAL STEEL & SHIPBUIL",
        "METRO MACHINE CORP-NASSCO", "GULFSTREAM SERVICES CORP", "SHARED RESOURCES LLC",
    }  # fmt: skip
    rows = [r for r in raw(sample, "itcont.txt") if r[CMTE] == "C00078451"]
    expected = net_received([r for r in rows if r[EMPLOYER] in gd])
    with wh.reader() as con:
        got = top_contributors(con, committee_id="C00078451", limit=3).to_pylist()
    assert got[0]["org_id"] == "general-dynamics" and got[0]["employees_amount"] == expected
    assert got[0]["contributions"] == sum(r[EMPLOYER] in gd and r[MEMO] != "X" for r in rows)
    assert sum(r["total"] for r in got) == net_received(rows)


def test_a_conduit_lump_is_no_organization(wh: Warehouse, sample: Path) -> None:
    # C00321943 reports ActBlue money as contributions from the organization "ACTBLUE",
    # with no memo lines naming the donors.
    rows = [r for r in raw(sample, "itcont.txt", "itoth.txt") if r[CMTE] == "C00321943"]
    lump = net_received([r for r in rows if r[NAME] == "ACTBLUE"])
    assert lump > 0
    with wh.reader() as con:
        got = top_contributors(con, committee_id="C00321943", limit=100)
    (conduit,) = [r for r in got.to_pylist() if r["kind"] == "conduit_unknown"]
    assert conduit["total"] == lump and conduit["organization_amount"] is None
    assert not [n for n in got.column("name").to_pylist() if n and "ACTBLUE" in n.upper()]
    assert sum(got.column("total").to_pylist()) == net_received(rows)


def test_the_conduits_own_side_never_counts(wh: Warehouse, sample: Path) -> None:
    # 24T lines are a conduit passing earmarks on; the conduit received nothing of its own.
    conduit = Counter(r[CMTE] for r in raw(sample, "itcont.txt") if r[TYPE] == "24T")
    conduit = conduit.most_common(1)[0][0]
    mine = [r for r in raw(sample, "itcont.txt", "itoth.txt") if r[CMTE] == conduit]
    with wh.reader() as con:
        got = top_contributors(con, committee_id=conduit, detail=True)
    assert got.num_rows == sum(r[MEMO] != "X" and r[TYPE] in RECEIVED | RETURNED for r in mine)
    assert "24T" not in set(got.column("receipt_type").to_pylist())


def test_pac_money_counts_on_the_recipients_side_only(wh: Warehouse, sample: Path) -> None:
    # itpas2 holds PACs' contributions to candidates (the givers' side, in schedule_b).
    # The sample has none of those recipients' own reports: nothing counts for them.
    given = defaultdict(Decimal)
    for r in raw(sample, "itpas2.txt"):
        if r[TYPE] == "24K" and r[MEMO] != "X":
            given[r[OTHER_ID]] += Decimal(r[AMOUNT])
    reported = {r[CMTE] for r in raw(sample, "itcont.txt", "itoth.txt")}
    recipients = sorted(c for c in given if c not in reported)[:5]
    assert recipients
    with wh.reader() as con:
        for committee in recipients:
            held = con.execute(
                "SELECT sum(disbursement_amount) FROM schedule_b WHERE recipient_committee_id = ?"
                " AND disbursement_type = '24K' AND memo_code IS NULL"
                " AND source_file = 'itpas2.txt'",
                [committee],
            ).fetchall()[0][0]
            assert held == given[committee]
            assert top_contributors(con, committee_id=committee).num_rows == 0


def test_a_candidate_counts_all_authorized_committees(wh: Warehouse, sample: Path) -> None:
    # From the raw masters: the principal and authorized committees of the candidate whose
    # campaign C00638478 is, a self-funder (15C lines).
    committees = defaultdict(set)
    for r in raw(sample, "ccl.txt"):
        if r[5] in ("P", "A"):
            committees[r[0]].add(r[3])
    for r in raw(sample, "cn.txt"):
        if r[9]:
            committees[r[0]].add(r[9])
    (candidate,) = [c for c, mine in committees.items() if "C00638478" in mine]
    received = [
        r for r in raw(sample, "itcont.txt", "itoth.txt") if r[CMTE] in committees[candidate]
    ]
    own = net_received([r for r in received if r[TYPE] in ("15C", "15F")])
    assert own > 0
    with wh.reader() as con:
        got = top_contributors(con, candidate_id=candidate, cycle=2020)
        donors = top_contributors(con, candidate_id=candidate, cycle=2020, by="donor")
        with pytest.raises(AnalysisError, match="in cycle 2016"):
            top_contributors(con, candidate_id=candidate, cycle=2016)
    assert sum(got.column("total").to_pylist()) == net_received(received)
    assert totals(got)["the candidate (own money)"] == own
    assert sum(donors.column("total").to_pylist()) == net_received(received)


def test_a_donor_is_shown_as_their_lines_most_often_say(wh: Warehouse) -> None:
    # Committees of the 2020 sample whose donors gave under two names, places or employers
    # equally often: a donor's name, place and employer are the most frequent among their
    # lines, the first in order on a tie, with the summaries or without.
    def shown_fields(line: dict) -> dict[str, str | None]:
        place = (line["contributor_city"], line["contributor_state"])
        return {
            "name": line["contributor_name"],
            "city_state": ", ".join(v for v in place if v),
            "employer": line["contributor_employer"],
        }

    ties = 0
    for committee in ("C00003418", "C00076299", "C00075820", "C00027466"):
        with wh.reader() as con:
            lines = top_contributors(con, committee_id=committee, by="donor", detail=True)
            shown = [
                top_contributors(con, committee_id=committee, by="donor", limit=10_000, **how)
                for how in ({}, {"summaries": False})
            ]
        by_donor = defaultdict(list)
        for line in lines.filter(pc.equal(lines.column("kind"), "donor")).to_pylist():
            by_donor[line["group"]].append(shown_fields(line))
        expected = {}
        for donor, donor_lines in by_donor.items():
            expected[donor] = {}
            for field in ("name", "city_state", "employer"):
                counts = Counter(x[field] for x in donor_lines if x[field] is not None)
                top = max(counts.values(), default=0)
                tied = sorted(v for v, n in counts.items() if n == top)
                ties += len(tied) > 1
                expected[donor][field] = tied[0] if tied else None
        for table in shown:
            got = {
                r["donor_id"]: {k: r[k] for k in ("name", "city_state", "employer")}
                for r in table.to_pylist()
                if r["kind"] == "donor"
            }
            assert got == expected, committee
    assert ties > 20  # the check means something only if ties were broken


def test_a_committee_that_gave_is_named_as_its_latest_master_names_it(
    wh: Warehouse, sample: Path, shared_data: Path
) -> None:
    # Committees renamed between the 2020 sample's master and 2022's (a senate campaign
    # that became a PAC), and the committees they gave to in 2020's itoth.
    masters = shared_data / "fec-bulk" / "2022-masters"
    named_2020 = {r[0]: r[1] for r in raw(sample, "cm.txt")}
    named_2022 = {r[0]: r[1] for r in raw(masters, "cm.txt")}
    renamed = {c for c in named_2020.keys() & named_2022.keys() if named_2020[c] != named_2022[c]}
    given = defaultdict(set)  # recipient → renamed committees that gave to it
    for r in raw(sample, "itoth.txt"):
        if r[OTHER_ID] in renamed and r[MEMO] != "X" and r[TYPE] in RECEIVED:
            given[r[CMTE]].add(r[OTHER_ID])
    shown = 0
    with wh.reader() as con:
        for recipient, givers in sorted(given.items()):
            for how in ({}, {"summaries": False}):
                table = top_contributors(con, committee_id=recipient, limit=10_000, **how)
                names = [r["name"] for r in table.to_pylist() if r["kind"] == "committee"]
                for giver in givers:
                    found = [n for n in names if n.endswith(f"({giver})")]
                    assert found in ([], [f"{named_2022[giver]} ({giver})"]), recipient
                    shown += len(found)
    assert shown > 20  # most of them are shown as committees (the rest, as organizations)


def test_only_an_organizations_row_has_an_industry(wh: Warehouse) -> None:
    # Recipients with counted lines outside any organization's group (a joint fundraiser's
    # unknown donors, the candidate's own money) that carry an industry: their labelled
    # rows gather lines of many, so they show none, with the summaries or without.
    with wh.reader() as con:
        recipients = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT recipient_id FROM summary_receipts "
                "WHERE kind <> 'organization' AND industry IS NOT NULL AND recipient_id LIKE 'C%' "
                "ORDER BY 1"
            ).fetchall()
        ]
        assert recipients  # the check means something only if there are such lines
        for recipient in recipients:
            for how in ({}, {"summaries": False}):
                table = top_contributors(con, committee_id=recipient, limit=10_000, **how)
                for row in table.to_pylist():
                    if row["kind"] != "organization":
                        assert (row["industry"], row["sector"]) == (None, None), (recipient, row)


def test_joint_fundraising_memo_lines_replace_the_transfer(wh: Warehouse, efile: Path) -> None:
    # Klobuchar for Minnesota, 2021 Q3: a $6,000 transfer from The Klobuchar Victory
    # Committee (SA12) with memo lines naming the four gifts behind it; ActBlue lines are
    # memo entries above the earmarked gifts, which count themselves.
    sa = fec_records(efile / "1544132.fec", "SA")
    sb = fec_records(efile / "1544132.fec", "SB")
    lump = next(r for r in sa if r[6] == "The Klobuchar Victory Committee")
    kids = [r for r in sa if r[3] == lump[2] and r[-3] == "X"]
    assert len(kids) == 4 and sum(Decimal(r[20]) for r in kids) == Decimal(lump[20])
    expected = sum(Decimal(r[20]) for r in sa if r[-3] != "X" and r[0][2:] in RECEIVED_LINES)
    expected -= sum(Decimal(r[20]) for r in sb if r[-3] != "X" and r[0][2:] in REFUND_LINES)
    with wh.reader() as con:
        lines = top_contributors(con, committee_id="C00431353", detail=True).to_pylist()
        donors = top_contributors(con, committee_id="C00431353", by="donor", limit=5000)
    assert sum(r["amount"] for r in lines) == expected
    names = [r["contributor_name"] for r in lines]
    assert "The Klobuchar Victory Committee" not in names
    assert sum(n.startswith("Vorbrich") for n in names) == 4
    assert sum(donors.column("total").to_pylist()) == expected


def test_a_refund_goes_to_the_giver_as_their_latest_gift_names_them(
    efile: Path, tmp_path: Path
) -> None:
    # Klobuchar's 2021 Q3 report refunds $1,000 to Joyce Aboussie (SB20A), who gave twice
    # on 2021-08-13 as CEO of Aboussie & Associates. Here her first line, still first in
    # the file, is moved to 2021-08-20 and names Lockheed Martin: the refund follows it.
    lines = (efile / "1544132.fec").read_bytes().split(b"\n")
    first = next(i for i, line in enumerate(lines) if b"\x1cAboussie\x1cJoyce\x1c" in line)
    fields = lines[first].split(FS)
    assert fields[0] == b"SA11AI" and fields[23] == b"Aboussie & Associates"
    fields[19], fields[23], fields[24] = b"20210820", b"Lockheed Martin", b"Engineer"
    lines[first] = FS.join(fields)
    filing = tmp_path / "9000003.fec"
    filing.write_bytes(b"\n".join(lines))
    wh = Warehouse(tmp_path / "wh")
    load_filings(wh, [filing])
    resolve_warehouse(wh)
    with wh.reader() as con:
        for how in ({}, {"summaries": False}):
            asked = {"committee_id": "C00431353", "detail": True, **how}
            by_org = top_contributors(con, **asked).to_pylist()
            by_donor = top_contributors(con, by="donor", **asked).to_pylist()
            hers = [r for r in by_org if r["contributor_name"] == "Aboussie, Joyce"]
            refund = [r for r in hers if r["amount"] < 0]
            latest = next(r for r in hers if r["contributor_employer"] == "Lockheed Martin")
            assert len(refund) == 1 and refund[0]["amount"] == Decimal("-1000.00")
            assert refund[0]["organization"] == latest["organization"]
            assert latest["organization"] == "Lockheed Martin Corporation"
            donors = {r["group"] for r in by_donor if r["contributor_name"] == "Aboussie, Joyce"}
            assert len(donors) == 1  # her refund and both gifts: one donor


def test_attributions_beyond_the_lump_are_scaled_to_it(wh: Warehouse, efile: Path) -> None:
    # Biden for President, 2021 Q2: the Biden Victory Fund's $5,000 transfer (SA18) carries
    # 2,191 memo lines attributing $923,804.68; the money received is the $5,000.
    sa = fec_records(efile / "1527862.fec", "SA18")
    lump = next(r for r in sa if r[-3] != "X")
    kids = [r for r in sa if r[3] == lump[2] and r[-3] == "X"]
    assert sum(Decimal(r[20]) for r in kids) > Decimal(lump[20])
    with wh.reader() as con:
        lines = top_contributors(con, committee_id="C00703975", detail=True).to_pylist()
    transfer = [r for r in lines if r["line_number"] == "18"]
    assert sum(r["amount"] for r in transfer) == Decimal(lump[20])
    assert len([r for r in transfer if r["contributor_name"] != lump[6]]) == len(kids)


def test_earmarks_through_winred_count_for_the_donor(wh: Warehouse, efile: Path) -> None:
    # Each earmarked gift is followed by a WinRed memo line pointing back at it; the gift
    # counts, the memo does not, and a WinRed receipt with no donor named is "via conduit".
    sa = fec_records(efile / "filing_invalid_version.fec", "SA")
    earmarked = [r for r in sa if r[5] == "IND" and r[-3] != "X" and r[0] == "SA11AI"]
    lump = [r for r in sa if r[6] == "WinRed" and r[-3] != "X"]
    # A PAC's 11C receipt split in memo lines among the partners who gave it (Paul Singer,
    # through Winning for Women): the partners count instead of the PAC.
    split = {r[2] for r in sa if r[0] == "SA11C" and r[-3] != "X"}
    partners = [r for r in sa if r[0] == "SA11AI" and r[-3] == "X" and r[3] in split]
    assert earmarked and lump and partners
    with wh.reader() as con:
        got = top_contributors(con, committee_id="C00694778", limit=1000)
        lines = top_contributors(con, committee_id="C00694778", detail=True).to_pylist()
    assert totals(got)["via conduit, donor unknown"] == sum(Decimal(r[20]) for r in lump)
    individual = [r for r in lines if r["line_number"] == "11AI" and r["kind"] != "conduit_unknown"]
    assert sum(r["amount"] for r in individual) == sum(Decimal(r[20]) for r in earmarked + partners)


def test_bad_questions_say_so(wh: Warehouse) -> None:
    with wh.reader() as con:
        with pytest.raises(AnalysisError, match="no committee C99999999"):
            top_contributors(con, committee_id="C99999999")
        with pytest.raises(AnalysisError, match="not a committee id"):
            top_contributors(con, committee_id="ACTBLUE")
        with pytest.raises(AnalysisError, match="no committees found for candidate"):
            top_contributors(con, candidate_id="H9ZZ99999")
        with pytest.raises(AnalysisError, match="cannot rank by 'party'"):
            top_contributors(con, committee_id="C00000935", by="party")
        with pytest.raises(AnalysisError, match="either a committee id or a candidate id"):
            top_contributors(con, committee_id="C00000935", candidate_id="H8WV02107")
        with pytest.raises(AnalysisError, match=r"since \(2020-01-02\) is after until"):
            top_contributors(con, committee_id="C00000935", since=date(2020, 1, 2),
                             until=date(2020, 1, 1))  # fmt: skip


def test_cli(wh: Warehouse, sample: Path) -> None:
    out = run_cli("top", "--committee", "C00078451", "--limit", "2", "-f", "csv", home=wh.home)
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows[0]["name"] == "General Dynamics Corporation" and rows[0]["rank"] == "1"
    expected = net_received([r for r in raw(sample, "itcont.txt") if r[CMTE] == "C00078451"])
    assert sum(Decimal(r["total"]) for r in rows) == expected
    bad = run_cli("top", "--committee", "C00000935", "--by", "party", home=wh.home, check=False)
    assert bad.returncode == 1 and re.fullmatch(r"error: cannot rank by .*\n", bad.stderr)
