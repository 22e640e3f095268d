"""A whole synthetic election cycle in the FEC's bulk formats, for benchmarking the
analyses: committee, candidate and linkage masters; individual contributions
(``synthetic.generate_indiv``, spread over the committees as a real cycle spreads them);
committee-to-committee transactions (itoth); contributions to candidates and independent
expenditures (itpas2, 24K and 24E/24A); operating expenditures (oppexp); and the PAC and
candidate summaries (webk, weball) totalled from those lines.

Every line's values (names, places, jobs, amounts, transaction types, payees, purposes,
dates) come from the real samples (``../shared/data/fec-bulk``); the ids are the cycle's
own, so everything joins: each filer is in the committee master, each candidate in the
candidate master with the committees linked to it, each counterparty a committee or
candidate of the cycle. How many lines of each kind, and how they spread (a few huge
committees, the real sample's long tail), is data: ``synthetic_cycle.toml``. Every file
name says SYNTHETIC, and so does every committee's and candidate's name.
"""

from __future__ import annotations

import calendar
import tomllib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import duckdb
import numpy as np

from moneytrail.sources.synthetic import generate_indiv

OTH_FIELDS = 21  # oth_header_file.csv
PAS2_FIELDS = 22  # pas2_header_file.csv
OPPEXP_FIELDS = 26  # oppexp_header_file.csv names 25; each line ends with a "|"
IE_TYPES = ("24E", "24A")
CAMPAIGN_OFFICES = {"presidential": "P", "senate": "S", "house": "H"}
# The real samples the lines are drawn from, and the cycle each is from.
SAMPLE_CYCLES = {"2016-early": 2016, "2020-early": 2020, "2024-early": 2024}


@cache
def cycle_shape() -> dict:
    """The packaged ``synthetic_cycle.toml``."""
    with (resources.files("moneytrail.sources") / "synthetic_cycle.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def _vocab() -> dict:
    with (resources.files("moneytrail.sources") / "synthetic_vocab.toml").open("rb") as fh:
        return tomllib.load(fh)


@dataclass
class Committee:
    committee_id: str
    role: str
    name: str
    city: str
    state: str
    zip_code: str
    party: str
    weight: float  # share of the cycle's individual contributions
    candidate_id: str = ""


@dataclass
class Candidate:
    candidate_id: str
    name: str
    party: str
    office: str
    state: str
    district: str
    committees: list[str]  # principal first

    @property
    def principal(self) -> str:
        return self.committees[0]


@dataclass
class Cycle:
    """The committees and candidates of a generated cycle."""

    committees: list[Committee]
    candidates: list[Candidate]

    def by_id(self) -> dict[str, Committee]:
        return {c.committee_id: c for c in self.committees}

    def candidate_weights(self) -> np.ndarray:
        weight = {c.committee_id: c.weight for c in self.committees}
        w = np.array([sum(weight[k] for k in c.committees) for c in self.candidates])
        return w / w.sum()


def sample_receipts(samples: Path) -> list[tuple[str, int]]:
    """Committees of the real 2020-early itcont sample with their numbers of lines,
    largest first: the long tail the cycle's contributions follow."""
    counts: Counter[str] = Counter()
    with (samples / "2020-early" / "itcont.txt").open("rb") as fh:
        for line in fh:
            counts[line.split(b"|", 1)[0].decode()] += 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def plan_cycle(receipts: list[tuple[str, int]], cycle: int) -> Cycle:
    """Give each committee a role, a name and a share of the contributions: the largest
    take the huge roles and shares of ``synthetic_cycle.toml``, the rest their share of
    what is left in proportion to their real counts, with the tail's roles in turn."""
    shape, vocab = cycle_shape(), _vocab()
    huge, tail = shape["huge"], shape["tail"]["roles"]
    rest = 1.0 - sum(h["share"] for h in huge)
    tail_total = sum(n for _, n in receipts[len(huge) :])
    committees: list[Committee] = []
    candidates: list[Candidate] = []
    authorize_next: Candidate | None = None
    digit = str(cycle)[-1]
    for k, (cid, n) in enumerate(receipts):
        role = huge[k]["role"] if k < len(huge) else tail[k % len(tail)]
        weight = huge[k]["share"] if k < len(huge) else rest * n / tail_total
        city, state, zip_code = vocab["places"][k % len(vocab["places"])]
        surname = vocab["surnames"][k % len(vocab["surnames"])]
        party = ("DEM", "REP")[k % 2]
        if authorize_next is not None and k >= len(huge):
            # A Senate campaign's second committee: the next committee of the tail.
            role = "authorized"
            state, party = authorize_next.state, authorize_next.party
            surname = authorize_next.name.split(",")[0]
        spec = shape["roles"][role]
        long_party = "DEMOCRATIC" if party == "DEM" else "REPUBLICAN"
        name = spec["name"].format(
            surname=surname.removeprefix("SYNTHETIC "), state=state, party=long_party
        )
        committee = Committee(cid, role, name, city, state, zip_code, party, weight)
        committees.append(committee)
        if role == "authorized" and authorize_next is not None:
            committee.candidate_id = authorize_next.candidate_id
            authorize_next.committees.append(cid)
            authorize_next = None
        elif role in CAMPAIGN_OFFICES:
            office = CAMPAIGN_OFFICES[role]
            first = vocab["first_names"][k % len(vocab["first_names"])]
            district = f"{k % 20 + 1:02d}" if office == "H" else "00"
            cand_id = f"P{digit}{k:07d}" if office == "P" else f"{office}{digit}{state}{k:05d}"
            candidate = Candidate(
                cand_id, f"SYNTHETIC {surname}, {first}", party, office,
                "US" if office == "P" else state, district, [cid],
            )  # fmt: skip
            candidates.append(candidate)
            committee.candidate_id = cand_id
            if role == "senate":
                authorize_next = candidate
    return Cycle(committees, candidates)


def _shift_year(text: str, years: int, *, slashes: bool) -> str:
    """A date of the sample moved into the generated cycle (MMDDYYYY or MM/DD/YYYY);
    text that is no date is left as it is."""
    head, year = (text[:6], text[6:]) if slashes else (text[:4], text[4:])
    if len(text) != (10 if slashes else 8) or not year.isdigit():
        return text
    moved = int(year) + years
    day = head.replace("/", "")
    if day == "0229" and not calendar.isleap(moved):
        head = head.replace("29", "28")
    return f"{head}{moved}"


def _real_lines(path: Path, fields: int, keep: Callable[[list[str]], bool] = lambda f: True):
    with path.open(encoding="latin-1") as fh:
        rows = [line.rstrip("\n").split("|") for line in fh]
    return [r for r in rows if len(r) == fields and keep(r)]


def _draws(
    samples: Path, name: str, fields: int, keep: Callable[[list[str]], bool] = lambda f: True
) -> list[tuple[list[str], int]]:
    """Every well-formed line of ``name`` in the samples, with the cycle it is from."""
    found = []
    for folder, year in SAMPLE_CYCLES.items():
        path = samples / folder / name
        if path.exists():
            found.extend((f, year) for f in _real_lines(path, fields, keep))
    if not found:
        raise FileNotFoundError(f"no real {name} lines under {samples}")
    return found


class _Picker:
    """Weighted draws of committees (by their share of contributions) among some roles."""

    def __init__(self, cycle: Cycle, rng: np.random.Generator, roles: list[str] | None = None):
        chosen = [c for c in cycle.committees if roles is None or c.role in roles]
        weights = np.array([c.weight for c in chosen])
        self.committees = chosen
        self.p = weights / weights.sum()
        self.rng = rng

    def draw(self, n: int) -> list[Committee]:
        return [self.committees[i] for i in self.rng.choice(len(self.committees), n, p=self.p)]


def _concentrate(path: Path, cycle: Cycle, rng: np.random.Generator) -> None:
    """Give each line of an indiv file a committee drawn by the committees' shares (every
    line, broken ones too, starts with a 9-character committee id and a "|")."""
    ids = [c.committee_id.encode() for c in cycle.committees]
    p = np.array([c.weight for c in cycle.committees])
    p /= p.sum()
    staged = path.with_suffix(".tmp")
    with path.open("rb") as src, staged.open("wb") as out:
        while lines := src.readlines(1 << 26):
            picks = rng.choice(len(ids), len(lines), p=p).tolist()
            out.writelines([ids[k] + line[9:] for k, line in zip(picks, lines, strict=True)])
    staged.replace(path)


def _write(path: Path, rows: Iterator[list[str]]) -> Path:
    with path.open("w", encoding="latin-1", newline="\n") as out:
        out.writelines("|".join(r) + "\n" for r in rows)
    return path


def _masters(folder: Path, cycle: Cycle, year: int) -> dict[str, Path]:
    cm, cn, ccl = [], [], []
    by_id = cycle.by_id()
    for c in cycle.committees:
        spec = cycle_shape()["roles"][c.role]
        connected = spec.get("connected_organization", "").format(
            surname=c.name.split()[1] if len(c.name.split()) > 1 else ""
        )
        party = c.party if c.candidate_id or "party" in c.role else ""
        cm.append([
            c.committee_id, c.name, "SYNTHETIC TREASURER", "1 MAIN ST", "", c.city, c.state,
            c.zip_code, spec["designation"], spec["type"], party, "Q",
            spec.get("organization_type", ""), connected, c.candidate_id,
        ])  # fmt: skip
    for k, cand in enumerate(cycle.candidates):
        home = by_id[cand.principal]
        cn.append([
            cand.candidate_id, cand.name, cand.party, str(year), cand.state, cand.office,
            cand.district, "CIO"[k % 3], "C", cand.principal, "1 MAIN ST", "", home.city,
            home.state, home.zip_code,
        ])  # fmt: skip
        for j, cid in enumerate(cand.committees):
            spec = cycle_shape()["roles"][by_id[cid].role]
            ccl.append([
                cand.candidate_id, str(year), str(year), cid, spec["type"],
                spec["designation"], str(200_000 + 10 * k + j),
            ])  # fmt: skip
    return {
        "cm": _write(folder / "SYNTHETIC-cm.txt", iter(cm)),
        "cn": _write(folder / "SYNTHETIC-cn.txt", iter(cn)),
        "ccl": _write(folder / "SYNTHETIC-ccl.txt", iter(ccl)),
    }


def _oth(path: Path, n: int, samples: Path, cycle: Cycle, year: int, rng) -> Path:
    """Transactions between committees: real itoth lines, filed by a committee drawn by
    its share, the counterparty another committee (named as it is in the master) or a
    candidate of the cycle."""
    real = _draws(samples, "itoth.txt", OTH_FIELDS)
    picks = rng.integers(0, len(real), n)
    filers, others = _Picker(cycle, rng).draw(n), _Picker(cycle, rng).draw(n)
    cands = rng.integers(0, len(cycle.candidates), n)

    def rows() -> Iterator[list[str]]:
        for i, k in enumerate(picks):
            line, sample_year = real[k]
            f = list(line)
            f[0] = filers[i].committee_id
            if f[15].startswith("C"):
                other = others[i] if others[i].committee_id != f[0] else others[i - 1]
                f[15] = other.committee_id
                if f[6] in ("PAC", "CCM", "PTY", "COM"):
                    f[7] = other.name
            elif f[15][:1] in ("H", "S", "P"):
                f[15] = cycle.candidates[cands[i]].candidate_id
            f[13] = _shift_year(f[13], year - sample_year, slashes=False)
            f[16] = f"SYNOTH{i}"  # TRAN_ID
            f[20] = str(8_200_000_000_000_000_000 + i)  # SUB_ID
            yield f

    return _write(path, rows())


def _pas2(
    path: Path, n_contrib: int, n_ie: int, samples: Path, cycle: Cycle, year: int, rng
) -> Path:
    """Contributions to candidates (real 24K and other lines, from PACs and parties) and
    independent expenditures (real 24E/24A lines, from super PACs and parties), about a
    candidate drawn by the size of its campaign."""
    filers = cycle_shape()["filers"]
    by_id = cycle.by_id()
    cand_p = cycle.candidate_weights()
    parts = []
    for n, roles, keep in (
        (n_contrib, filers["pas2_contributions"], lambda f: f[5] not in IE_TYPES),
        (n_ie, filers["independent_expenditures"], lambda f: f[5] in IE_TYPES),
    ):
        real = _draws(samples, "itpas2.txt", PAS2_FIELDS, keep)
        parts.append((n, real, _Picker(cycle, rng, roles).draw(n)))

    def rows() -> Iterator[list[str]]:
        i = 0
        for n, real, spenders in parts:
            picks = rng.integers(0, len(real), n)
            about = rng.choice(len(cycle.candidates), n, p=cand_p)
            for j in range(n):
                line, sample_year = real[picks[j]]
                f = list(line)
                cand = cycle.candidates[about[j]]
                f[0] = spenders[j].committee_id
                f[16] = cand.candidate_id
                if f[15]:
                    f[15] = cand.principal
                    if f[5] not in IE_TYPES:
                        f[7] = by_id[cand.principal].name
                f[13] = _shift_year(f[13], year - sample_year, slashes=False)
                f[17] = f"SYNPAS{i}"  # TRAN_ID
                f[21] = str(8_100_000_000_000_000_000 + i)  # SUB_ID
                i += 1
                yield f

    return _write(path, rows())


def _oppexp(path: Path, n: int, samples: Path, cycle: Cycle, year: int, rng) -> Path:
    """Operating expenditures: real oppexp lines (payees, purposes, categories, amounts)
    filed by committees drawn by their share."""
    real = _draws(samples, "oppexp.txt", OPPEXP_FIELDS)
    picks = rng.integers(0, len(real), n)
    filers = _Picker(cycle, rng).draw(n)

    def rows() -> Iterator[list[str]]:
        for i, k in enumerate(picks):
            line, sample_year = real[k]
            f = list(line)
            f[0] = filers[i].committee_id
            f[12] = _shift_year(f[12], year - sample_year, slashes=True)
            f[2] = f[12][-4:] if f[12][-4:].isdigit() else str(year)  # RPT_YR
            f[21] = str(8_000_000_000_000_000_000 + i)  # SUB_ID
            f[23] = f"SYNEXP{i}"  # TRAN_ID
            f[24] = ""  # no memo links across the reshuffled lines
            yield f

    return _write(path, rows())


def _read(path: Path, fields: int) -> str:
    names = ", ".join(f"'c{i}'" for i in range(fields))
    return (
        f"read_csv('{path}', delim='|', header=false, quote='', escape='', all_varchar=true, "
        f"null_padding=true, ignore_errors=true, encoding='latin-1', names=[{names}])"
    )


_AMOUNT = "TRY_CAST(replace({}, ',', '') AS DECIMAL(14,2))"
_COUNTS = "coalesce({}, '') <> 'X'"


def cycle_totals(files: dict[str, Path]) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection holding ``totals``: per committee, what its generated lines add
    up to (memo lines left out): individual contributions received, other committees'
    money received (itoth receipts, types 1x), operating expenditures, contributions to
    candidates and independent expenditures made; and ``to_candidates``: per candidate,
    the contributions committees made to it (itpas2, not 24E/24A). The webk and weball
    lines say this."""
    con = duckdb.connect()
    con.execute(
        f"""
        CREATE TABLE totals AS
        WITH lines AS (
            SELECT c0 AS committee_id, {_AMOUNT.format("c14")} AS indiv, 0 AS oth_in,
                   0 AS spent, 0 AS given, 0 AS ie
            FROM {_read(files["indiv"], 21)} WHERE {_COUNTS.format("c18")}
            UNION ALL
            SELECT c0, 0, {_AMOUNT.format("c14")}, 0, 0, 0
            FROM {_read(files["oth"], OTH_FIELDS)}
            WHERE {_COUNTS.format("c18")} AND c5 LIKE '1%'
            UNION ALL
            SELECT c0, 0, 0, {_AMOUNT.format("c13")}, 0, 0
            FROM {_read(files["oppexp"], OPPEXP_FIELDS)} WHERE {_COUNTS.format("c18")}
            UNION ALL
            SELECT c0, 0, 0, 0,
                   CASE WHEN c5 NOT IN {IE_TYPES} THEN {_AMOUNT.format("c14")} ELSE 0 END,
                   CASE WHEN c5 IN {IE_TYPES} THEN {_AMOUNT.format("c14")} ELSE 0 END
            FROM {_read(files["pas2"], PAS2_FIELDS)} WHERE {_COUNTS.format("c19")}
        )
        SELECT committee_id, coalesce(sum(indiv), 0) AS indiv,
               coalesce(sum(oth_in), 0) AS oth_in, coalesce(sum(spent), 0) AS spent,
               coalesce(sum(given), 0) AS given, coalesce(sum(ie), 0) AS ie
        FROM lines GROUP BY 1
        """
    )
    con.execute(
        f"""
        CREATE TABLE to_candidates AS
        SELECT c16 AS candidate_id, sum({_AMOUNT.format("c14")}) AS received
        FROM {_read(files["pas2"], PAS2_FIELDS)}
        WHERE {_COUNTS.format("c19")} AND c5 NOT IN {IE_TYPES}
        GROUP BY 1
        """
    )
    return con


def _money(value) -> str:
    text = f"{value:.2f}"
    return text[:-3] if text.endswith(".00") else text


def _summaries(folder: Path, files: dict[str, Path], cycle: Cycle, year: int) -> None:
    """webk (PACs and parties) and weball (candidates, over all their committees, with
    the contributions committees made to them): the totals of the generated lines; cash
    at the end is what came in less what went out, and a shortfall is a debt."""
    con = cycle_totals(files)
    totals = {r[0]: r[1:] for r in con.execute("SELECT * FROM totals").fetchall()}
    to_candidates = dict(con.execute("SELECT * FROM to_candidates").fetchall())
    con.close()
    zero = (0, 0, 0, 0, 0)
    end = f"12/31/{year}"
    webk = []
    for c in cycle.committees:
        if c.candidate_id:
            continue
        spec = cycle_shape()["roles"][c.role]
        indiv, oth_in, spent, given, ie = totals.get(c.committee_id, zero)
        receipts, disbursed = indiv + oth_in, spent + given + ie
        webk.append([
            c.committee_id, c.name, spec["type"], spec["designation"], "Q",
            _money(receipts), "0", _money(indiv), _money(oth_in), "0", "0", "0",
            _money(disbursed), "0", "0", "0", "0", "0", "0",
            _money(max(receipts - disbursed, 0)), _money(max(disbursed - receipts, 0)), "0",
            _money(given), _money(ie), "0", "0", end,
        ])  # fmt: skip
    weball = []
    for k, cand in enumerate(cycle.candidates):
        sums = [sum(totals.get(cid, zero)[i] for cid in cand.committees) for i in range(5)]
        indiv, oth_in, spent, given, ie = sums
        received = oth_in + to_candidates.get(cand.candidate_id, 0)
        receipts, disbursed = indiv + received, spent + given + ie
        weball.append([
            cand.candidate_id, cand.name, "CIO"[k % 3], "1" if cand.party == "DEM" else "2",
            cand.party, _money(receipts), "0", _money(disbursed), "0", "0",
            _money(max(receipts - disbursed, 0)), "0", "0", "0", "0", "0",
            _money(max(disbursed - receipts, 0)), _money(indiv), cand.state, cand.district,
            "", "", "", "", "", _money(received), "0", end, "0", "0",
        ])  # fmt: skip
    files["webk"] = _write(folder / f"webk{year % 100:02d}_SYNTHETIC.txt", iter(webk))
    files["weball"] = _write(folder / f"weball{year % 100:02d}_SYNTHETIC.txt", iter(weball))


def generate_cycle(
    folder: Path, rows: int, *, samples: Path, seed: int = 11, cycle: int = 2024
) -> dict[str, Path]:
    """Write a synthetic cycle of ``rows`` individual contributions and everything that
    goes with it (see the module's docstring) to ``folder``; return the files by kind
    (cm, cn, ccl, indiv, oth, pas2, oppexp, webk, weball). ``samples``: the folder of
    real bulk samples (``../shared/data/fec-bulk``)."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    plan = plan_cycle(sample_receipts(samples), cycle)
    files = _masters(folder, plan, cycle)
    indiv = generate_indiv(
        folder / "SYNTHETIC-itcont.txt", rows, seed=seed, samples=[samples / "2020-early"],
        cycle=cycle,
    )  # fmt: skip
    _concentrate(indiv.path, plan, rng)
    files["indiv"] = indiv.path
    per = cycle_shape()["lines_per_contribution"]
    files["oth"] = _oth(
        folder / "itoth_SYNTHETIC.txt", int(rows * per["oth"]), samples, plan, cycle, rng
    )
    files["pas2"] = _pas2(
        folder / "itpas2_SYNTHETIC.txt", int(rows * per["pas2_contributions"]),
        int(rows * per["independent_expenditures"]), samples, plan, cycle, rng,
    )  # fmt: skip
    files["oppexp"] = _oppexp(
        folder / "oppexp_SYNTHETIC.txt", int(rows * per["oppexp"]), samples, plan, cycle, rng
    )
    _summaries(folder, files, plan, cycle)
    return files
