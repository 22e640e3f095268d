"""Industries of discovered organizations: how many their names' words place, how rightly.

    .venv/bin/python bench/bench_industries.py                # coverage and precision
    .venv/bin/python bench/bench_industries.py --make-sample  # the labeled draw (300)

Population: the discovered organizations (employer strings no registry entry holds, each
taken as an organization of its own) of the itemized individual lines of the samples'
itcont files (2016-early, 2020-early) and of 2020-early itoth, each with the dollars of the
strings resolved to it (bench_employers.employer_dollars, oth_employer_dollars).

Prints: the share of those organizations, and of their dollars, that the trade words of
their names give an industry (data/industry_words.toml), by sector; against
tests/data/industry_labels.csv (a draw by dollars whose industries labelers gave without
seeing the readings), the share of the readings whose sector is the labels' and whose code
agrees with theirs (one is the other or a code of its group), with 95% Wilson intervals,
and each reading that disagrees.
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

from moneytrail.resolve.employers import (  # noqa: E402
    DISCOVERED_PREFIX,
    EmployerResolver,
    Registry,
)

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


def discovered_organizations(data: Path, resolver: EmployerResolver) -> list[Discovered]:
    """The population: each discovered organization with the dollars of its strings in the
    samples' itcont and itoth individuals' lines, sorted by org_id."""
    dollars: dict[str, float] = {}
    names: dict[str, str] = {}
    rows = employers_bench.employer_dollars(data) + employers_bench.oth_employer_dollars(data)
    for employer, amount, _ in rows:
        m = resolver.resolve(employer)
        if m.org_id is not None and m.org_id.startswith(DISCOVERED_PREFIX):
            dollars[m.org_id] = dollars.get(m.org_id, 0.0) + amount
            names[m.org_id] = m.org_name or ""
    return [Discovered(k, names[k], dollars[k]) for k in sorted(dollars)]


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


def score(resolver: EmployerResolver, rows: list[dict[str, str]]) -> tuple[Scores, list[str]]:
    """How the readings of the labeled organizations agree with their labels; and a line
    for each that does not."""
    s = Scores()
    wrong = []
    registry = resolver.registry
    for row in rows:
        reading = resolver.industry_of(row["name"])
        if row["sector"] == UNCLEAR:
            s.unclear_read += reading is not None
            continue
        s.placed += 1
        if reading is None:
            continue
        s.read += 1
        sector_ok = registry.sector_of(reading.naics) == row["sector"]
        code_ok = agrees(reading.naics, row["naics"] or row["sector"], registry)
        s.sector_right += sector_ok
        s.code_right += sector_ok and code_ok
        if not (sector_ok and code_ok):
            wrong.append(
                f"  {row['name']!r}: read {reading.naics} off {reading.words or 'its makes'!r};"
                f" labeled {row['naics'] or row['sector']} ({row['reason']})"
            )
    return s, wrong


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
    readings = {d.org_id: resolver.industry_of(d.name) for d in population}
    placed = [d for d in population if readings[d.org_id] is not None]
    print(
        f"discovered organizations: {len(population):,} (${total:,.0f}); an industry read off "
        f"the name: {len(placed):,} ({len(placed) / len(population):.3f}), "
        f"{sum(d.dollars for d in placed) / total:.3f} of their dollars"
    )
    by_sector: Counter[str] = Counter()
    for d in placed:
        reading = readings[d.org_id]
        assert reading is not None
        by_sector[resolver.registry.sector_of(reading.naics)] += d.dollars
    naics = resolver.registry.naics
    for sector, dollars in by_sector.most_common():
        print(f"  {sector:5} {naics[sector][:60]:60} {dollars / total:.3f} of the dollars")

    rows = read_labels()
    s, wrong = score(resolver, rows)
    print(f"labeled draw ({LABELS.relative_to(ROOT)}): {len(rows)} organizations, {s.placed} "
          f"placed by the labelers, {s.read} of those read ({s.read / s.placed:.3f})")  # fmt: skip
    for name, right in (("sector", s.sector_right), ("sector and code", s.code_right)):
        low, high = employers_bench.wilson(right, s.read)
        print(f"  readings with the labels' {name}: {right}/{s.read} = {right / s.read:.3f} "
              f"(95% interval {low:.3f}-{high:.3f})")  # fmt: skip
    print(f"  readings of organizations the labelers could not place: {s.unclear_read}")
    if wrong:
        print("readings that disagree with the labels:")
        print("\n".join(wrong))


if __name__ == "__main__":
    main()
