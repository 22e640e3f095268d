"""Realistic synthetic `.fec` filings of any size, for benchmarks and tests.

:func:`write_synthetic_filing` writes a format-8.3 Form 3X filing (fields separated by
the ASCII 28 character): an ``HDR`` record, an ``F3XN`` cover whose summary columns add
up the itemizations written, then Schedule A (receipts), Schedule B (disbursements) and
Schedule E (independent expenditures) lines in that order, as filing software sorts
them. The record shapes are those of real 8.x filings (45 fields per Schedule A line, 44
per Schedule B and E; which fields are filled, memo lines, earmarks through a conduit
with their back references, election codes, amounts as ``25.00``, dates as YYYYMMDD).

Values come from real filings when ``samples`` are given (names split and recombined,
places, employer/occupation pairs, amounts, vendors and purposes of disbursements), else
from ``synthetic_vocab.toml`` and the small lists below. Street addresses of individuals
are always made up. Every transaction id is unique and every value is valid, so the
whole filing reads with no rejects. The header's comment field says the filing is
synthetic.

Lines are assembled a chunk at a time with Arrow's vectorised string joins and written
as they are made: a 2 GB filing takes well under a minute and little memory.
"""

from __future__ import annotations

import os
import shutil
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

VERSION = "8.3"
FS = "\x1c"
CHUNK_LINES = 40_000  # lines per vectorised chunk: ~10 MB of text, built in ~0.1 s
WIDTHS = {"SA": 45, "SB": 44, "SE": 44}  # fields per record in format 8.3
YEAR = 2023  # a non-election year: the mid-year report covers January to June
ELECTION = 2024
CONDUITS = (("C00401224", "ActBlue", "PO Box 441146", "West Somerville", "MA", "021440031"),
            ("C00694323", "WinRed", "PO Box 9891", "Arlington", "VA", "222190891"))  # fmt: skip

# Shares of the filing's bytes per record type, as in a large PAC's or party's report:
# mostly individual contributions (a good part earmarked through a conduit), some
# operating expenditures, a little of everything else.
SHARES: tuple[tuple[str, float], ...] = (
    ("SA11AI", 0.80),
    ("SA11C", 0.02),
    ("SA12", 0.005),
    ("SA15", 0.005),
    ("SA17", 0.005),
    ("SB21B", 0.10),
    ("SB23", 0.03),
    ("SB28A", 0.01),
    ("SB29", 0.005),
    ("SE", 0.02),
)
# The cover's summary column (column A, this period) each record type adds up to.
SUMMARY_COLUMN = {
    "SA11AI": "col_a_individuals_itemized",
    "SA11C": "col_a_other_political_committees_pacs",
    "SA12": "col_a_transfers_from_aff_other_party_cmttees",
    "SA15": "col_a_offsets_to_expenditures",
    "SA17": "col_a_other_federal_receipts",
    "SB21B": "col_a_other_federal_operating_expenditures",
    "SB23": "col_a_contributions_to_candidates",
    "SB28A": "col_a_refunds_to_individuals",
    "SB29": "col_a_other_disbursements",
    "SE": "col_a_independent_expenditures",
}

_VENDORS = [  # (payee, street, city, state, zip): businesses committees commonly pay
    ("American Express", "PO Box 53852", "Phoenix", "AZ", "85072"),
    ("United States Postal Service", "475 L'Enfant Plz SW", "Washington", "DC", "202600004"),
    ("ActBlue Technical Services", "14 Arrow St", "Cambridge", "MA", "021385106"),
    ("Anedot", "PO Box 15610", "Baton Rouge", "LA", "70895"),
    ("Google", "1600 Amphitheatre Pkwy", "Mountain View", "CA", "940431351"),
    ("Facebook", "1 Hacker Way", "Menlo Park", "CA", "94025"),
    ("Verizon Wireless", "PO Box 489", "Newark", "NJ", "071010489"),
    ("Comcast", "1701 John F Kennedy Blvd", "Philadelphia", "PA", "19103"),
    ("Staples", "500 Staples Dr", "Framingham", "MA", "01702"),
    ("Uber", "1515 3rd St", "San Francisco", "CA", "94158"),
    ("Delta Air Lines", "1030 Delta Blvd", "Atlanta", "GA", "30354"),
    ("Marriott", "7750 Wisconsin Ave", "Bethesda", "MD", "20814"),
    ("Paychex", "911 Panorama Trl S", "Rochester", "NY", "14625"),
    ("Gusto", "525 20th St", "San Francisco", "CA", "94107"),
    ("NGP VAN", "1445 New York Ave NW", "Washington", "DC", "20005"),
    ("Zoom Video Communications", "55 Almaden Blvd", "San Jose", "CA", "95113"),
    ("Bank of America", "PO Box 15284", "Wilmington", "DE", "198505284"),
    ("Wells Fargo", "420 Montgomery St", "San Francisco", "CA", "94104"),
    ("FedEx", "942 S Shady Grove Rd", "Memphis", "TN", "38120"),
    ("Amazon", "410 Terry Ave N", "Seattle", "WA", "98109"),
]
_PURPOSES = ["Credit Card Processing Fees", "Postage", "Payroll", "Rent", "Travel Expenses",
             "Printing", "Digital Advertising", "Consulting", "Catering", "Office Supplies",
             "Software Subscription", "Bank Fees", "Phone Service", "Polling",
             "Payroll Taxes", "Event Venue", "Lodging", "Airfare", "Fundraising Consulting",
             "Compliance Services"]  # fmt: skip
_IE_PURPOSES = ["Digital Advertising", "Direct Mail", "Media Buy", "Media Production",
                "Canvassing", "Phone Bank", "Text Messaging", "Printing and Postage"]  # fmt: skip
_INDUSTRIES = ["HOME BUILDERS", "REALTORS", "NURSES", "ELECTRICAL WORKERS", "CREDIT UNIONS",
               "DENTISTS", "FARM BUREAU", "TEACHERS", "TRUCKING", "PHYSICIANS", "ENGINEERS",
               "PHARMACISTS", "BANKERS", "CARPENTERS", "AUTO DEALERS", "INSURANCE AGENTS",
               "ARCHITECTS", "BEER WHOLESALERS", "HOSPITALS", "SURVEYORS"]  # fmt: skip
_STREETS = ["Main St", "Oak St", "Park Ave", "Maple Ave", "Cedar Ln", "Elm St", "Washington St",
            "Lake Dr", "Hillcrest Rd", "Sunset Blvd", "Pine St", "Church St", "Highland Ave",
            "Meadow Ln", "River Rd", "Spring St", "Forest Dr", "Chestnut St", "Mill Rd",
            "Walnut St", "Jefferson Ave", "Lincoln Way", "Valley View Dr"]  # fmt: skip
_UNITS = ["Apt 1", "Apt 2B", "Apt 4C", "Unit 12", "Ste 200", "Ste 410", "#5", "Fl 3"]
_COMMON_DOLLARS = np.array([5, 10, 15, 20, 25, 27, 35, 50, 75, 100, 150, 200, 250, 300, 500,
                            1000, 1500, 2500, 3300, 5000])  # fmt: skip
_COMMON_WEIGHTS = np.array([6, 10, 4, 5, 14, 3, 3, 12, 3, 12, 2, 3, 6, 2, 5, 4, 1, 2, 1, 2.0])


@dataclass
class GeneratedFiling:
    """What :func:`write_synthetic_filing` wrote.

    ``rows`` counts lines per form type as written (``F3XN``, ``SA11AI``, ...; the header
    is not a row); ``totals`` holds the cover's summary columns the itemizations add up to.
    """

    path: Path
    bytes: int
    rows: Counter[str] = field(default_factory=Counter)
    totals: dict[str, Decimal] = field(default_factory=dict)

    @property
    def schedule_rows(self) -> dict[str, int]:
        """Rows per reader table: ``{"F3X": 1, "SA": ..., "SB": ..., "SE": ...}``."""
        out: Counter[str] = Counter()
        for form, n in self.rows.items():
            out["F3X" if form.startswith("F3X") else form[:2]] += n
        return dict(out)


@dataclass
class _Pools:
    first: list[str]
    last: list[str]
    places: list[tuple[str, str, str]]  # city, state, ZIP
    jobs: list[tuple[str, str]]  # employer, occupation
    vendors: list[tuple[str, str, str, str, str]]  # name, street, city, state, ZIP
    purposes: list[str]
    amounts: np.ndarray  # cents of real receipts (empty: use the built-in mixture)


def _clean(value: str) -> bool:
    # Quoted values are one software's quirk (the reader strips the quotes); leave them out
    # so every generated field is written the same way.
    return bool(value) and '"' not in value and FS not in value


def _vocab_pools() -> _Pools:
    with (resources.files("moneytrail.sources") / "synthetic_vocab.toml").open("rb") as fh:
        vocab = tomllib.load(fh)
    return _Pools(
        vocab["first_names"],
        vocab["surnames"],
        [tuple(p) for p in vocab["places"]],
        [tuple(j) for j in vocab["jobs"]],
        list(_VENDORS),
        list(_PURPOSES),
        np.array([], dtype=np.int64),
    )


def _sample_files(samples: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for sample in samples:
        files += sorted(sample.rglob("*.fec")) if sample.is_dir() else [sample]
    return files


def _sample_pools(samples: Iterable[Path]) -> _Pools:
    """Value pools from the Schedule A and B lines of real format-8 filings."""
    pools = _vocab_pools()
    first, last, places, jobs = set(), set(), set(), set()
    vendors, purposes, amounts = set(), set(), []
    for path in _sample_files(samples):
        data = path.read_bytes()
        if not data.startswith(b"HDR\x1cFEC\x1c8."):
            continue  # only the field-separated format-8 filings have today's shapes
        for raw in data.decode("utf-8", "replace").split("\n"):
            f = raw.rstrip("\r").split(FS)
            kind = f[0][:2]
            if kind == "SA" and len(f) == WIDTHS["SA"] and f[5] == "IND":
                if _clean(f[7]) and _clean(f[8]):
                    last.add(f[7])
                    first.add(f[8].split(" ")[0])
                if all(_clean(v) for v in f[14:17]) and f[16].isdigit():
                    places.add((f[14], f[15], f[16][:5]))
                if _clean(f[23]) and _clean(f[24]):
                    jobs.add((f[23], f[24]))
                if f[42] != "X" and f[20].replace(".", "", 1).isdigit():
                    amounts.append(round(float(f[20]) * 100))
            elif kind == "SB" and len(f) == WIDTHS["SB"] and f[5] == "ORG":
                name, street, city, state, zip_code = f[6], f[12], f[14], f[15], f[16]
                if all(map(_clean, (name, street, city, state, zip_code))) and zip_code.isdigit():
                    vendors.add((name, street, city, state, zip_code))
                if _clean(f[22]):
                    purposes.add(f[22])
    positive = [a for a in amounts if 0 < a < 10**13]
    return _Pools(
        sorted(first) or pools.first,
        sorted(last) or pools.last,
        sorted(places) or pools.places,
        sorted(jobs) or pools.jobs,
        sorted(vendors) or pools.vendors,
        sorted(purposes) or pools.purposes,
        np.array(positive, dtype=np.int64),
    )


# ------------------------------------------------------------------ column helpers

_EMPTY = pa.scalar("", pa.string())


def _pick(values: list[str], rng: np.random.Generator, n: int) -> pa.Array:
    return pa.array(values, pa.string()).take(pa.array(rng.integers(0, len(values), n)))


def _pick_rows(rows: list[tuple[str, ...]], index: np.ndarray) -> list[pa.Array]:
    """Columns of the rows ``index`` picks out of a list of tuples."""
    take = pa.array(index)
    return [pa.array([r[k] for r in rows], pa.string()).take(take) for k in range(len(rows[0]))]


def _sometimes(values: list[str], rate: float, rng: np.random.Generator, n: int) -> pa.Array:
    """A value from ``values`` on about ``rate`` of the lines, else empty."""
    picked = _pick(values, rng, n)
    return pc.if_else(pa.array(rng.random(n) < rate), picked, _EMPTY)


def _money(cents: np.ndarray) -> pa.Array:
    """Amounts as filing software writes them: ``25.00``, ``1234.56``."""
    dollars = pa.array(cents // 100).cast(pa.string())
    fraction = pc.utf8_lpad(pa.array(cents % 100).cast(pa.string()), 2, "0")
    return pc.binary_join_element_wise(dollars, fraction, ".")


def _ids(prefix: str, start: int, n: int) -> pa.Array:
    numbers = pa.array(np.arange(start, start + n)).cast(pa.string())
    return pc.binary_join_element_wise(prefix, numbers, "")


def _zip9(zips: pa.Array, rng: np.random.Generator) -> pa.Array:
    """Half the ZIP codes with their four-digit extension, as many filers write them."""
    plus4 = pc.utf8_lpad(pa.array(rng.integers(1, 10_000, len(zips))).cast(pa.string()), 4, "0")
    long = pc.binary_join_element_wise(pc.utf8_slice_codeunits(zips, 0, 5), plus4, "")
    return pc.if_else(pa.array(rng.random(len(zips)) < 0.5), long, zips)


def _street(rng: np.random.Generator, n: int) -> pa.Array:
    numbers = pa.array(rng.integers(1, 9_999, n)).cast(pa.string())
    return pc.binary_join_element_wise(numbers, _pick(_STREETS, rng, n), " ")


def _lines(width: int, fields: dict[int, pa.Array | str], n: int) -> pa.Array:
    """Whole lines (newline included) from the fields given; the others are empty."""
    columns: list[pa.Array | pa.Scalar] = [_EMPTY] * width
    for position, values in fields.items():
        columns[position] = pa.scalar(values, pa.string()) if isinstance(values, str) else values
    columns[-1] = pc.binary_join_element_wise(columns[-1], "\n", "")
    if not any(isinstance(c, pa.Array) for c in columns):
        columns[0] = pa.array([columns[0].as_py()] * n, pa.string())
    return pc.binary_join_element_wise(*columns, FS)


# ------------------------------------------------------------------- the generator


class _Writer:
    """Builds the lines of each record type, a chunk at a time, drawing from the pools."""

    def __init__(self, pools: _Pools, rng: np.random.Generator, committee: str) -> None:
        self.pools = pools
        self.rng = rng
        self.committee = committee
        self.next_id = 1
        start = date(YEAR, 1, 1)
        self.dates = [(start + timedelta(d)).strftime("%Y%m%d") for d in range(181)]

    def ids(self, prefix: str, n: int) -> pa.Array:
        out = _ids(prefix, self.next_id, n)
        self.next_id += n
        return out

    def amounts(self, n: int, scale: float = 1.0) -> np.ndarray:
        """Cents of ``n`` receipts: small gifts common, large ones rare, as in real files."""
        rng = self.rng
        if len(self.pools.amounts) and scale == 1.0:
            return self.pools.amounts[rng.integers(0, len(self.pools.amounts), n)]
        common = _COMMON_DOLLARS[
            rng.choice(len(_COMMON_DOLLARS), n, p=_COMMON_WEIGHTS / _COMMON_WEIGHTS.sum())
        ]
        odd = np.round(rng.lognormal(4.0, 1.3, n) * 100)
        cents = np.where(rng.random(n) < 0.75, common * 100, odd).astype(np.int64)
        return np.clip((cents * scale).astype(np.int64), 100, 50_000_000_00)

    def person(self, n: int) -> dict[int, pa.Array | str]:
        """Name and address of individuals, from field 7 (last name) to 16 (ZIP code)."""
        rng, pools = self.rng, self.pools
        city, state, zip_code = _pick_rows(pools.places, rng.integers(0, len(pools.places), n))
        return {
            5: "IND",
            7: _pick(pools.last, rng, n),
            8: _pick(pools.first, rng, n),
            9: _sometimes([chr(c) for c in range(ord("A"), ord("Z") + 1)], 0.2, rng, n),
            10: _sometimes(["Mr.", "Ms.", "Mrs.", "Dr."], 0.1, rng, n),
            11: _sometimes(["Jr.", "Sr.", "III", "MD"], 0.03, rng, n),
            12: _street(rng, n),
            13: _sometimes(_UNITS, 0.15, rng, n),
            14: city,
            15: state,
            16: _zip9(zip_code, rng),
        }

    def organisation(self, n: int, names: pa.Array | None = None) -> dict[int, pa.Array | str]:
        """A vendor's (or a named organisation's) name and address, fields 6 to 16."""
        rng, pools = self.rng, self.pools
        name, street, city, state, zip_code = _pick_rows(
            pools.vendors, rng.integers(0, len(pools.vendors), n)
        )
        return {
            5: "ORG",
            6: name if names is None else names,
            12: street,
            14: city,
            15: state,
            16: zip_code,
        }

    def committees(self, n: int, kind: str) -> tuple[pa.Array, pa.Array]:
        """Ids and names of ``n`` other committees (PACs, campaigns)."""
        rng = self.rng
        numbers = rng.integers(100_000, 999_999, n)
        ids = pc.binary_join_element_wise("C00", pa.array(numbers).cast(pa.string()), "")
        if kind == "campaign":
            names = pc.binary_join_element_wise(_pick(self.pools.last, rng, n), "for Congress", " ")
        else:
            names = pc.binary_join_element_wise(
                _pick(_INDUSTRIES, rng, n),
                _pick(["PAC", "Political Action Committee"], rng, n),
                " ",
            )
        return ids, names

    def common(self, form: str, n: int, id_prefix: str) -> dict[int, pa.Array | str]:
        rng = self.rng
        return {
            0: form,
            1: self.committee,
            2: self.ids(id_prefix, n),
            17: _pick([f"P{ELECTION}", f"G{ELECTION}", ""], rng, n),
            19: _pick(self.dates, rng, n),
        }

    # Each builder returns (lines, cents counted on the summary page).

    def sa11ai(self, n: int) -> tuple[pa.Array, np.ndarray]:
        """Individual contributions; a third earmarked through a conduit, whose memo line
        (entity PAC, memo code X) follows the contribution and refers back to it."""
        rng, pools = self.rng, self.pools
        cents = self.amounts(n)
        fields = self.common("SA11AI", n, "SA11AI.")
        fields |= self.person(n)
        employer, occupation = _pick_rows(pools.jobs, rng.integers(0, len(pools.jobs), n))
        times = rng.choice([1, 1, 1, 2, 3, 4, 6, 12], n)
        fields |= {20: _money(cents), 21: _money(cents * times), 23: employer, 24: occupation}
        lines = _lines(WIDTHS["SA"], fields, n)
        earmarked = np.flatnonzero(rng.random(n) < 0.35)
        if len(earmarked) == 0:
            return lines, cents
        # The conduit's memo line for each earmarked contribution.
        m = len(earmarked)
        take = pa.array(earmarked)
        conduit = _pick_rows(list(CONDUITS), rng.integers(0, len(CONDUITS), m))
        memo = {
            0: "SA11AI",
            1: self.committee,
            2: pc.binary_join_element_wise(fields[2].take(take), "E", ""),
            3: fields[2].take(take),
            4: "SA11AI",
            5: "PAC",
            6: conduit[1],
            12: conduit[2],
            14: conduit[3],
            15: conduit[4],
            16: conduit[5],
            17: fields[17].take(take),
            19: fields[19].take(take),
            20: fields[20].take(take),
            21: _money(cents[earmarked]),
            24: "Conduit total listed in Agg. field",
            25: conduit[0],
            26: conduit[1],
            42: "X",
            43: "Note: Above Contribution earmarked through this organization.",
        }
        memo_lines = _lines(WIDTHS["SA"], memo, m)
        # Interleave: each memo line right after its contribution.
        order = np.arange(n + m)
        position = earmarked + np.arange(1, m + 1)  # where each memo line lands
        is_memo = np.zeros(n + m, dtype=bool)
        is_memo[position] = True
        order[~is_memo] = np.arange(n)
        order[is_memo] = n + np.arange(m)
        both = pa.concat_arrays([lines, memo_lines]).take(pa.array(order))
        return both, cents

    def sa_other(self, form: str, n: int) -> tuple[pa.Array, np.ndarray]:
        """Receipts from committees (11C, 12) and from businesses (15 offsets, 17 other)."""
        rng = self.rng
        fields = self.common(form, n, f"{form}.")
        if form in ("SA11C", "SA12"):
            ids, names = self.committees(n, "pac")
            cents = self.amounts(n, scale=20.0)
            fields |= self.organisation(n, names)
            fields |= {5: "PAC" if form == "SA11C" else "PTY", 25: ids, 26: names}
        else:
            cents = self.amounts(n, scale=3.0)
            fields |= self.organisation(n)
            purpose = "Refund" if form == "SA15" else "Interest"
            fields |= {22: purpose}
        fields |= {20: _money(cents), 21: _money(cents * rng.integers(1, 4, n))}
        return _lines(WIDTHS["SA"], fields, n), cents

    def sb(self, form: str, n: int) -> tuple[pa.Array, np.ndarray]:
        """Disbursements: operating expenditures, to candidates, refunds, other."""
        rng, pools = self.rng, self.pools
        fields = self.common(form, n, f"{form}.")
        cents = self.amounts(n, scale=4.0)
        if form == "SB23":
            ids, names = self.committees(n, "campaign")
            fields |= self.organisation(n, names)
            office = _pick(["H", "H", "H", "S"], rng, n)
            district = _pick(["01", "02", "03", "07", "12"], rng, n)
            fields |= {
                5: "CCM",
                22: "Contribution",
                24: ids,
                25: names,
                27: self.candidate_ids(office, fields[15]),
                28: _pick(pools.last, rng, n),
                29: _pick(pools.first, rng, n),
                32: office,
                33: fields[15],
                34: pc.if_else(pc.equal(office, "H"), district, _EMPTY),
            }
        elif form == "SB28A":
            cents = self.amounts(n)
            fields |= self.person(n) | {22: "Contribution Refund"}
        else:
            fields |= self.organisation(n)
            purposes = (
                pools.purposes if form == "SB21B" else ["Donation", "Charitable Contribution"]
            )
            fields |= {22: _pick(purposes, rng, n)}
            memo = rng.random(n) < 0.03  # itemized credit-card detail, not counted again
            fields |= {41: pc.if_else(pa.array(memo), "X", _EMPTY)}
            fields |= {20: _money(cents)}
            return _lines(WIDTHS["SB"], fields, n), np.where(memo, 0, cents)
        fields |= {20: _money(cents)}
        return _lines(WIDTHS["SB"], fields, n), cents

    def candidate_ids(self, office: pa.Array, state: pa.Array) -> pa.Array:
        n = len(office)
        digits = pa.array(self.rng.integers(10_000, 99_999, n)).cast(pa.string())
        year = str(ELECTION % 10)
        return pc.binary_join_element_wise(office, year, state, digits, "")

    def se(self, n: int) -> tuple[pa.Array, np.ndarray]:
        """Independent expenditures for or against candidates."""
        rng, pools = self.rng, self.pools
        fields = self.common("SE", n, "SE.")
        fields |= self.organisation(n)
        cents = self.amounts(n, scale=40.0)
        office = _pick(["H", "H", "S"], rng, n)
        state = _pick_rows(pools.places, rng.integers(0, len(pools.places), n))[1]
        fields |= {
            20: _money(cents),
            21: fields[19],
            22: _money(cents * rng.integers(1, 6, n)),
            23: _pick(_IE_PURPOSES, rng, n),
            24: "004",
            26: _pick(["S", "O"], rng, n),
            27: self.candidate_ids(office, state),
            28: _pick(pools.last, rng, n),
            29: _pick(pools.first, rng, n),
            33: office,
            34: pc.if_else(pc.equal(office, "H"), _pick(["01", "04", "08", "13"], rng, n), "00"),
            35: state,
            36: "Treasurer",
            37: "Pat",
            41: f"{YEAR}0731",
        }
        return _lines(WIDTHS["SE"], fields, n), cents

    def build(self, form: str, n: int) -> tuple[pa.Array, np.ndarray]:
        if form == "SA11AI":
            return self.sa11ai(n)
        if form.startswith("SA"):
            return self.sa_other(form, n)
        if form.startswith("SB"):
            return self.sb(form, n)
        return self.se(n)


def _data(lines: pa.Array) -> memoryview:
    """The text of a string array's values, end to end, without copying."""
    offsets = np.frombuffer(
        lines.buffers()[1], dtype=np.int32, count=len(lines) + 1, offset=lines.offset * 4
    )
    return memoryview(lines.buffers()[2])[int(offsets[0]) : int(offsets[-1])]


def write_synthetic_filing(
    path: str | os.PathLike[str],
    target_bytes: int,
    *,
    seed: int = 0,
    samples: Path | Iterable[Path] | None = None,
    on_bytes: Callable[[int], None] | None = None,
) -> GeneratedFiling:
    """Write a Form 3X filing of at least ``target_bytes`` (and about that many) to ``path``.

    The same ``seed`` and ``samples`` write the same bytes. ``samples`` are real `.fec`
    files or folders of them to draw values from (format-8 ones are used). ``on_bytes``
    is called with the bytes written as writing goes.

    >>> made = write_synthetic_filing("big.fec", 400 * 10**6, seed=1)  # doctest: +SKIP
    >>> made.schedule_rows
    {'F3X': 1, 'SA': 1526040, 'SB': 166300, 'SE': 26440}
    """
    path = Path(path)
    rng = np.random.default_rng(seed)
    chosen = [samples] if isinstance(samples, Path) else list(samples or [])
    pools = _sample_pools(chosen) if chosen else _vocab_pools()
    committee = f"C00{rng.integers(100_000, 999_999)}"
    writer = _Writer(pools, rng, committee)
    out = GeneratedFiling(path, 0, Counter({"F3XN": 1}))
    sums: Counter[str] = Counter()
    # The itemizations go to a side file first: the cover, which comes before them,
    # carries their totals.
    body_path = path.with_name(path.name + ".body")
    try:
        with body_path.open("wb") as body:
            written = 0
            budget = 0.0
            for form, share in SHARES:
                budget += share * target_bytes
                # Bytes per requested record (an earmarked contribution writes two lines):
                # guessed, then measured, so each type ends close to its share.
                unit = 400.0
                first = True
                while written < budget or (form == SHARES[-1][0] and written < target_bytes):
                    want = int((budget - written) / unit) + 1
                    n = min(want, 2_000 if first else CHUNK_LINES)
                    lines, cents = writer.build(form, n)
                    data = _data(lines)
                    body.write(data)
                    written += len(data)
                    unit, first = len(data) / n, False
                    out.rows[form] += len(lines)
                    sums[form] += int(cents.sum())
                    if on_bytes is not None:
                        on_bytes(len(data))
        head = _header() + _cover(committee, sums, rng)
        with path.open("wb") as fh:
            fh.write(head.encode())
            with body_path.open("rb") as body:
                shutil.copyfileobj(body, fh, 16 << 20)
    finally:
        body_path.unlink(missing_ok=True)
    out.bytes = path.stat().st_size
    out.totals = {SUMMARY_COLUMN[form]: Decimal(c) / 100 for form, c in sums.items()}
    return out


def _header() -> str:
    fields = [
        "HDR",
        "FEC",
        VERSION,
        "FECfile",
        "8.3.0.4(f32)",
        "",
        "",
        "SYNTHETIC filing made by moneytrail.sources.synthetic_efile",
    ]
    return FS.join(fields) + "\n"


def _cover(committee: str, sums: Counter[str], rng: np.random.Generator) -> str:
    """The F3XN cover record: summary page totals consistent with the itemizations."""
    from moneytrail.formats.efile.layouts import Registry  # the 8.3 column order

    layout, _ = Registry.load().resolve("F3XN", VERSION)
    assert layout is not None
    cents = {SUMMARY_COLUMN[form]: total for form, total in sums.items()}
    unitemized = int(cents.get("col_a_individuals_itemized", 0) * 0.3)
    cents["col_a_individuals_unitemized"] = unitemized
    cents["col_a_individual_contribution_total"] = (
        cents.get("col_a_individuals_itemized", 0) + unitemized
    )
    contributions = cents["col_a_individual_contribution_total"] + cents.get(
        "col_a_other_political_committees_pacs", 0
    )
    cents["col_a_total_contributions"] = contributions
    receipts = contributions + sum(
        cents.get(f"col_a_{c}", 0)
        for c in (
            "transfers_from_aff_other_party_cmttees",
            "offsets_to_expenditures",
            "other_federal_receipts",
        )
    )
    operating = cents.get("col_a_other_federal_operating_expenditures", 0)
    refunds = cents.get("col_a_refunds_to_individuals", 0)
    disbursements = (
        operating
        + refunds
        + sum(
            cents.get(f"col_a_{c}", 0)
            for c in (
                "contributions_to_candidates",
                "independent_expenditures",
                "other_disbursements",
            )
        )
    )
    beginning = max(disbursements - receipts, 0) + int(rng.integers(1_000_000, 50_000_000))
    cents |= {
        "col_a_total_operating_expenditures": operating,
        "col_a_total_refunds": refunds,
        "col_a_cash_on_hand_beginning_period": beginning,
        "col_a_subtotal": beginning + receipts,
        "col_a_cash_on_hand_close_of_period": beginning + receipts - disbursements,
    }
    for name in ("total_receipts", "total_receipts_2", "total_federal_receipts"):
        cents[f"col_a_{name}"] = receipts
    for name in ("total_disbursements", "total_disbursements_2", "total_federal_disbursements"):
        cents[f"col_a_{name}"] = disbursements
    # The report covers January to June: the year-to-date column equals this period's.
    for name in list(cents):
        cents[name.replace("col_a_", "col_b_", 1)] = cents[name]
    cents["col_b_cash_on_hand_jan_1"] = beginning
    text = {
        "form_type": "F3XN",
        "filer_committee_id_number": committee,
        "committee_name": "SYNTHETIC Citizens for Testing PAC",
        "street_1": "1 Main St",
        "city": "Washington",
        "state": "DC",
        "zip_code": "20001",
        "report_code": "MY",
        "coverage_from_date": f"{YEAR}0101",
        "coverage_through_date": f"{YEAR}0630",
        "treasurer_last_name": "Treasurer",
        "treasurer_first_name": "Pat",
        "date_signed": f"{YEAR}0731",
        "col_b_year": str(YEAR),
    }
    fields = []
    for name in layout.columns:
        if name in text:
            fields.append(text[name])
        elif name in layout.amounts:
            c = cents.get(name, 0)
            fields.append(f"{'-' if c < 0 else ''}{abs(c) // 100}.{abs(c) % 100:02d}")
        else:
            fields.append("")
    return FS.join(fields) + "\n"
