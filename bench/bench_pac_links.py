"""Measure how sponsored PACs link to the organizations behind them, on PACs outside the
samples the resolver was developed on (moneytrail.resolve.committees, as `moneytrail
resolve` runs it).

    .venv/bin/python bench/bench_pac_links.py [--data ../shared/data]
    .venv/bin/python bench/bench_pac_links.py --draw pac   # a draw's committees, to label

The population: the committees with a sponsoring organization type (ORG_TP C, L, M, T, V
or W) in the 2022 and 2024 committee masters of ../shared/data that neither the 2016 nor
the 2020 master lists; the registry, the rules and the earlier check of the links (25 of
2020's, read by hand) came from the 2016 and 2020 samples, though the patterns that take the
PAC words off a name were written from the names of all four masters. The draws (DRAWS):
"pac", 300 of them drawn uniformly from the committee ids in order, and "pac2", the 98
left, shuffled: samples of mappings, as the issue asks, not of dollars (the masters carry
none). pac2 was labeled after pac was scored and before the changes pac's misses
prompted, to measure those changes once.

All four masters are loaded into a fresh warehouse and resolved, as a user would; each
drawn committee's link (committee_orgs) is scored against tests/data/pac_link_labels.csv
by the employer labels' scorer: right when it is the labeled organization or one the
registry places under it, and, for a sponsor the registry lacks, when it is an
organization of its own. Prints coverage, precision with its 95% interval, by method, and
every wrong or missing link.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.resolve.committees import sponsored_org_types
from moneytrail.resolve.employers import DISCOVERED_PREFIX, EmployerResolver, Registry
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_employers import accepts, own_organization_reading, wilson  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "data" / "pac_link_labels.csv"
MASTERS = {
    2016: "fec-bulk/2016-early/cm.txt",
    2020: "fec-bulk/2020-early/cm.txt",
    2022: "fec-bulk/2022-masters/cm.txt",
    2024: "fec-bulk/2024-early/cm.txt",
}
DEVELOPED_ON = (2016, 2020)
DRAWS = {"pac": 20261401, "pac2": 20261402}  # the seeds
SAMPLE_SIZE = 300

# One row per fresh sponsored committee: its latest master's fields, and every name and
# connected organization it was filed under.
FRESH_COMMITTEES = """
WITH sponsored AS (
    SELECT * FROM committees
    WHERE organization_type IN (SELECT unnest($types)) AND cycle NOT IN (SELECT unnest($old))
)
SELECT
    committee_id,
    arg_max(organization_type, cycle) AS organization_type,
    arg_max(name, cycle) AS name,
    arg_max(connected_organization_name, cycle) AS connected_organization_name,
    arg_max(concat_ws(', ', city, state), cycle) AS place,
    string_agg(DISTINCT cycle::VARCHAR, ' ' ORDER BY cycle::VARCHAR) AS cycles,
    list(DISTINCT name) AS names,
    list(DISTINCT connected_organization_name) AS connected_names
FROM sponsored
WHERE committee_id NOT IN (
    SELECT committee_id FROM committees WHERE cycle IN (SELECT unnest($old))
)
GROUP BY committee_id
ORDER BY committee_id
"""


def load_masters(data: Path, folder: Path) -> Warehouse:
    """A warehouse of the four committee masters, resolved (links made) as a user would."""
    wh = Warehouse(folder)
    for cycle, master in MASTERS.items():
        load_files(wh, [data / master], cycle=cycle)
    resolve_warehouse(wh, donors=False)
    return wh


def fresh_committees(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The population: the fresh sponsored committees, by committee id."""
    params = {"types": list(sponsored_org_types()), "old": list(DEVELOPED_ON)}
    return con.sql(FRESH_COMMITTEES, params=params).to_arrow_table().to_pylist()


def draw(committees: list[dict], split: str) -> list[dict]:
    """The committees of the draw ``split``, in the order drawn: "pac", SAMPLE_SIZE drawn
    uniformly; "pac2", every committee "pac" left, shuffled."""
    first = random.Random(DRAWS["pac"]).sample(committees, SAMPLE_SIZE)
    if split == "pac":
        return first
    taken = {c["committee_id"] for c in first}
    rest = [c for c in committees if c["committee_id"] not in taken]
    random.Random(DRAWS[split]).shuffle(rest)
    return rest


def link_accepts(label: str, reason: str, org_id: str | None, registry: Registry) -> bool:
    """Whether a link to ``org_id`` is right by the label, as an employer string's is."""
    discovered = org_id is not None and org_id.startswith(DISCOVERED_PREFIX)
    return org_id is not None and accepts(label, reason, org_id, discovered, registry)


def _print_draw(drawn: list[dict]) -> None:
    """The drawn committees as CSV, with the names each was filed under in another master."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(["committee_id", "cycles", "organization_type", "name",
                "connected_organization_name", "place", "other_names"])  # fmt: skip
    for row in drawn:
        named = (row["name"], row["connected_organization_name"])
        others = [x for x in (*row["names"], *row["connected_names"]) if x and x not in named]
        w.writerow([row["committee_id"], row["cycles"], row["organization_type"], *named,
                    row["place"], " | ".join(others)])  # fmt: skip


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--draw", choices=DRAWS, help="print the committees of a draw to label, as CSV")
    args = ap.parse_args()
    registry = EmployerResolver().registry
    with tempfile.TemporaryDirectory() as folder:
        wh = load_masters(args.data, Path(folder))
        with wh.reader() as con:
            committees = fresh_committees(con)
            if args.draw:
                _print_draw(draw(committees, args.draw))
                return 0
            links = {
                cid: (org_id, method)
                for cid, org_id, method in con.sql(
                    "SELECT committee_id, org_id, method FROM committee_orgs"
                ).fetchall()
            }
    with LABELS.open(newline="") as fh:
        labels = list(csv.DictReader(x for x in fh if not x.startswith("#")))
    fresh_linked = sum(c["committee_id"] in links for c in committees)
    print(
        f"fresh sponsored committees (2022 and 2024 masters, not in 2016's or 2020's): "
        f"{len(committees):,}; linked {fresh_linked:,} ({fresh_linked / len(committees):.3f})"
    )
    print(f"labeled draws ({LABELS.relative_to(ROOT)}):")
    by_method: Counter[tuple[str, bool]] = Counter()
    misses = []
    for split in (*DRAWS, "all"):
        mine = [row for row in labels if split in (row["split"], "all")]
        if not mine:  # a draw not labeled yet
            continue
        linked = correct = 0
        for row in mine:
            org_id, method = links.get(row["committee_id"], (None, None))
            right = link_accepts(row["label"], row["reason"], org_id, registry)
            linked += org_id is not None
            correct += right
            if split != "all":
                continue
            if org_id is not None:
                by_method[method, right] += 1
            names_one = own_organization_reading(row["label"], row["reason"], registry) != "none"
            if (org_id is not None and not right) or (org_id is None and names_one):
                misses.append(
                    f"  {row['split']}: {row['committee_id']} {row['name']!r} → "
                    f"{org_id or 'not linked'} ({method or '-'}); label {row['label']} "
                    f"({row['reason']})"
                )
        low, high = wilson(correct, linked)
        print(
            f"  {split:5} {len(mine):4} committees, linked {linked:4} ({linked / len(mine):.3f});"
            f" precision {correct}/{linked} = {correct / linked:.3f} "
            f"(95% interval {low:.3f}-{high:.3f})"
        )
    print("  all by method:")
    for method in sorted({m for m, _ in by_method}):
        right, wrong = by_method[method, True], by_method[method, False]
        print(f"    {method:24} linked {right + wrong:4}  right {right:4}  wrong {wrong:3}")
    print("wrong links, and committees not linked whose label names one organization:")
    print("\n".join(misses))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
