"""Industries of discovered organizations: how many their names' words, or their donors'
occupations, place, and how rightly.

    .venv/bin/python bench/bench_industries.py                # coverage and precision
    .venv/bin/python bench/bench_industries.py --make-sample  # the labeled draw (300)

Population: the discovered organizations (employer strings no registry entry holds, each
taken as an organization of its own) of the itemized individual lines of the samples'
itcont files (2016-early, 2020-early) and of 2020-early itoth, each with the dollars of the
strings resolved to it (bench_employers.employer_dollars, oth_employer_dollars).

Prints: the share of those organizations, and of their dollars, that the trade words of
their names give an industry (data/industry_words.toml), and that their donors'
occupations give one where the names do not (data/occupation_industries.toml; donors
counted by name per string, as the warehouse counts them), by sector; against
tests/data/industry_labels.csv (a draw by dollars whose industries labelers gave without
seeing the readings), for each way of reading and both, the share of the readings whose
sector is the labels' and whose code agrees with theirs (one is the other or a code of
its group), with 95% Wilson intervals, and each reading that disagrees.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_employers as employers_bench  # noqa: E402
import duckdb  # noqa: E402

from moneytrail.resolve.employers import (  # noqa: E402
    DISCOVERED_PREFIX,
    EmployerResolver,
    Registry,
)
from moneytrail.resolve.industries import IndustryReading  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
LABELS = ROOT / "tests" / "data" / "industry_labels.csv"
SAMPLE_SEED = 20261206
UNCLEAR = "UNCLEAR"


@dataclass(frozen=True)
class Discovered:
    org_id: str
    name: str
    dollars: float
    donors: dict[str, int]  # occupation as filed → donors who gave it


def discovered_organizations(data: Path, resolver: EmployerResolver) -> list[Discovered]:
    """The population: each discovered organization with the dollars of its strings in the
    samples' itcont and itoth individuals' lines, and its donors' occupations, sorted by
    org_id."""
    dollars: dict[str, float] = {}
    names: dict[str, str] = {}
    org_of: dict[str, str] = {}
    rows = employers_bench.employer_dollars(data) + employers_bench.oth_employer_dollars(data)
    for employer, amount, _ in rows:
        m = resolver.resolve(employer)
        if m.org_id is not None and m.org_id.startswith(DISCOVERED_PREFIX):
            dollars[m.org_id] = dollars.get(m.org_id, 0.0) + amount
            names[m.org_id] = m.org_name or ""
            org_of[employer or ""] = m.org_id
    donors: dict[str, dict[str, int]] = {}
    for employer, occupation, n in donor_occupations(data):
        org_id = org_of.get(employer)
        if org_id is not None:
            mine = donors.setdefault(org_id, {})
            mine[occupation] = mine.get(occupation, 0) + n
    return [Discovered(k, names[k], dollars[k], donors.get(k, {})) for k in sorted(dollars)]


def donor_occupations(data: Path) -> list[tuple[str, str, int]]:
    """(employer, occupation, donors) of the lines employer_dollars and oth_employer_dollars
    count: the donors by name per string, as the warehouse counts them."""
    # indiv.toml's fields: 6 ENTITY_TP, 7 NAME, 11 EMPLOYER, 12 OCCUPATION, 18 MEMO_CD.
    query = f"""
        SELECT column11, column12, count(DISTINCT column07) FROM {employers_bench._READ}
        WHERE column06 = 'IND' AND column11 IS NOT NULL AND column12 IS NOT NULL
          AND (? OR coalesce(column18, '') <> 'X')
        GROUP BY ALL
    """
    con = duckdb.connect()
    itcont = [str(data / f) for f in employers_bench.ITCONT]
    oth = [str(data / employers_bench.OTH)]
    rows = con.execute(query, [itcont, False]).fetchall()
    rows += con.execute(query, [oth, True]).fetchall()
    return [(e, o, int(n)) for e, o, n in rows]


def reading_of(
    resolver: EmployerResolver, name: str, donors: dict[str, int]
) -> tuple[str, IndustryReading] | None:
    """How an organization's industry is read ("name" or "donors") and the reading: as the
    warehouse reads it, its name's words first."""
    by_name = resolver.industry_of(name)
    if by_name is not None:
        return "name", by_name
    by_donors = resolver.industry_of_donors(donors)
    return None if by_donors is None else ("donors", by_donors)


def make_sample(population: list[Discovered], n: int = 300) -> list[Discovered]:
    """A draw of ``n`` organizations by dollars, as the employer labels' draws are made
    (bench_employers.draw_by_dollars, over the organizations in org_id order)."""
    by_id = {d.org_id: d for d in population}
    rows = [(d.org_id, d.dollars, 0) for d in population]
    drawn = employers_bench.draw_by_dollars(rows, set(), n=n, seed=SAMPLE_SEED)
    return [by_id[org_id] for org_id in drawn if org_id is not None]


def read_labels(path: Path = LABELS) -> list[dict[str, str]]:
    with path.open(newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


def agrees(reading: str, label: str, registry: Registry) -> bool:
    """Whether a reading's NAICS code agrees with a label's: one is the other or a code
    of its group (62 and 6211; 5411 and 541110). A sector of a range (31-33) agrees with
    any code of its sector."""
    if "-" in reading or "-" in label:
        return registry.sector_of(reading) == registry.sector_of(label)
    return reading.startswith(label) or label.startswith(reading)


@dataclass
class Scores:
    read: int = 0  # readings of labeled organizations the labelers could place
    sector_right: int = 0
    code_right: int = 0
    placed: int = 0  # labeled organizations the labelers could place
    unclear_read: int = 0  # readings of organizations the labelers could not place


def score(
    resolver: EmployerResolver,
    rows: list[dict[str, str]],
    donors: dict[str, dict[str, int]] | None = None,
) -> tuple[dict[str, Scores], list[str]]:
    """How the readings of the labeled organizations agree with their labels, by the way
    they were read ("name", "donors") and in all ("all"); and a line for each that does
    not. ``donors``: org_id → its donors' occupations; without it, names alone are read."""
    scores = {way: Scores() for way in ("name", "donors", "all")}
    wrong = []
    registry = resolver.registry
    for row in rows:
        found = reading_of(resolver, row["name"], (donors or {}).get(row["org_id"], {}))
        if row["sector"] == UNCLEAR:
            if found is not None:
                scores[found[0]].unclear_read += 1
                scores["all"].unclear_read += 1
            continue
        for s in scores.values():
            s.placed += 1
        if found is None:
            continue
        way, reading = found
        sector_ok = registry.sector_of(reading.naics) == row["sector"]
        code_ok = agrees(reading.naics, row["naics"] or row["sector"], registry)
        for s in (scores[way], scores["all"]):
            s.read += 1
            s.sector_right += sector_ok
            s.code_right += sector_ok and code_ok
        if not (sector_ok and code_ok):
            wrong.append(
                f"  {row['name']!r}: read {reading.naics} off {reading.words or 'its makes'!r}"
                f" ({way}); labeled {row['naics'] or row['sector']} ({row['reason']})"
            )
    return scores, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--make-sample", action="store_true", help="print the labeled draw")
    args = ap.parse_args()
    resolver = EmployerResolver()
    population = discovered_organizations(args.data, resolver)
    if args.make_sample:
        w = csv.writer(sys.stdout, lineterminator="\n")
        w.writerow(["org_id", "name", "dollars"])
        for d in make_sample(population):
            w.writerow([d.org_id, d.name, f"{d.dollars:.2f}"])
        return

    total = sum(d.dollars for d in population)
    readings = {d.org_id: reading_of(resolver, d.name, d.donors) for d in population}
    print(f"discovered organizations: {len(population):,} (${total:,.0f}); an industry read")
    ways = {"name": "the name", "donors": "the donors' occupations, the name saying none"}
    for way, said in ways.items():
        placed = [d for d in population if (readings[d.org_id] or ("",))[0] == way]
        print(
            f"  off {said}: {len(placed):,} ({len(placed) / len(population):.3f}), "
            f"{sum(d.dollars for d in placed) / total:.3f} of their dollars"
        )
    by_sector: Counter[str] = Counter()
    for d in population:
        found = readings[d.org_id]
        if found is not None:
            by_sector[resolver.registry.sector_of(found[1].naics)] += d.dollars
    naics = resolver.registry.naics
    print(f"  either: {sum(by_sector.values()) / total:.3f} of their dollars, by sector:")
    for sector, dollars in by_sector.most_common():
        print(f"    {sector:5} {naics[sector][:60]:60} {dollars / total:.3f}")

    rows = read_labels()
    donors = {d.org_id: d.donors for d in population}
    scores, wrong = score(resolver, rows, donors)
    placed = scores["all"].placed
    print(f"labeled draw ({LABELS.relative_to(ROOT)}): {len(rows)} organizations, {placed} "
          f"placed by the labelers")  # fmt: skip
    for way, s in scores.items():
        print(f"  read off {way}: {s.read} of those ({s.read / placed:.3f}); of the "
              f"organizations the labelers could not place, {s.unclear_read}")  # fmt: skip
        for name, right in (("sector", s.sector_right), ("sector and code", s.code_right)):
            low, high = employers_bench.wilson(right, s.read)
            print(f"    with the labels' {name}: {right}/{s.read} = {right / s.read:.3f} "
                  f"(95% interval {low:.3f}-{high:.3f})")  # fmt: skip
    if wrong:
        print("readings that disagree with the labels:")
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
