"""Every analysis on one committee or candidate of a generated cycle, timed against the
issue's 1-second target.

    .venv/bin/python bench/bench_analysis.py --rows 10000000

Builds (or, with --reuse, reopens) a warehouse under bench/out/ from a synthetic cycle
(moneytrail.sources.synthetic_cycle: ROWS individual contributions drawn from the real
samples, masters consistent with them, a tenth as many operating expenditures and a
hundredth as many independent expenditures), loads it with the real loader and resolves
it (organizations and donors). Then, for the committees with the most, the median and
the fewest itemized receipts, it runs each analysis through its public function: the
first call on a fresh read-only connection, and the best of three after it.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb

from moneytrail.analysis.committee_summary import committee_summary
from moneytrail.analysis.contributors import top_contributors
from moneytrail.analysis.money_flow import funded_by, money_in, money_out
from moneytrail.analysis.outside import outside_spending
from moneytrail.analysis.reporting import next_report
from moneytrail.analysis.spending import spending
from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.sources.synthetic_cycle import generate_cycle
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0


def build(rows: int, folder: Path, data: Path) -> Warehouse:
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    files = generate_cycle(folder / "files", rows, samples=data / "fec-bulk")
    print(f"generated {rows:,} contributions and the rest in {time.perf_counter() - started:.0f}s")
    wh = Warehouse(folder / "wh")
    started = time.perf_counter()
    for kind in ("cm", "cn", "ccl", "indiv", "oth", "pas2", "oppexp", "webk", "weball"):
        load_files(wh, [files[kind]], kind=kind, cycle=2024)
    print(f"loaded in {time.perf_counter() - started:.0f}s")
    started = time.perf_counter()
    for line in resolve_warehouse(wh).describe():
        print("  " + line)
    print(f"resolved in {time.perf_counter() - started:.0f}s")
    return wh


def timed(fn: Callable[[], object]) -> float:
    started = time.perf_counter()
    fn()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "analysis")
    parser.add_argument("--reuse", action="store_true", help="Reopen an earlier build.")
    args = parser.parse_args()
    folder = args.workdir / str(args.rows)
    wh = Warehouse(folder / "wh") if args.reuse else build(args.rows, folder, args.data)

    with wh.reader() as con:
        sizes = con.execute(
            "SELECT committee_id, count(*) AS n FROM schedule_a GROUP BY 1 ORDER BY n DESC"
        ).fetchall()
        top_org = con.execute(
            "SELECT o.ultimate_parent_id FROM schedule_a a JOIN organizations o USING (org_id) "
            "WHERE o.kind = 'registry' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
        ).fetchall()[0][0]
        candidate_of = dict(
            con.execute("SELECT committee_id, candidate_id FROM committees").fetchall()
        )
    picks = {
        "largest": sizes[0],
        "median": sizes[len(sizes) // 2],
        "smallest": sizes[-1],
    }
    print(
        f"{sum(n for _, n in sizes):,} itemized receipts over {len(sizes):,} committees; "
        + ", ".join(f"{k} {cid} ({n:,} rows)" for k, (cid, n) in picks.items())
    )

    def analyses(cid: str) -> dict[str, Callable[[duckdb.DuckDBPyConnection], object]]:
        found = {
            "top by organization": lambda c: top_contributors(c, committee_id=cid),
            "top by donor": lambda c: top_contributors(c, committee_id=cid, by="donor"),
            "committee summary": lambda c: committee_summary(c, committee_id=cid),
            "spending by month": lambda c: spending(c, cid, by=("month", "category")),
            "outside (spender)": lambda c: outside_spending(c, committee_id=cid),
            "money in": lambda c: money_in(c, committee_id=cid),
            "money out": lambda c: money_out(c, cid),
            "next report": lambda c: next_report(c, cid, date(2024, 6, 1)),
        }
        if candidate_of.get(cid):
            found["outside (candidate)"] = lambda c: outside_spending(
                c, candidate_id=candidate_of[cid]
            )
        return found

    results = []
    for size, (cid, _) in picks.items():
        for name, run in analyses(cid).items():
            with wh.reader() as con:
                first = timed(lambda run=run, con=con: run(con))
                warm = min(timed(lambda run=run, con=con: run(con)) for _ in range(3))
            results.append((size, name, first, warm))
    with wh.reader() as con:
        first = timed(lambda: funded_by(con, org_id=top_org))
        warm = min(timed(lambda: funded_by(con, org_id=top_org)) for _ in range(3))
    results.append(("-", f"funded by {top_org}", first, warm))

    print(f"\n{'committee':10} {'analysis':24} {'first (s)':>10} {'warm (s)':>10}  target 1 s")
    for size, name, first, warm in results:
        mark = "ok" if first < TARGET else "MISSED"
        print(f"{size:10} {name:24} {first:10.3f} {warm:10.3f}  {mark}")
    print(
        f"\nslowest first call {max(r[2] for r in results):.3f}s, median first call "
        f"{statistics.median(r[2] for r in results):.3f}s"
    )


if __name__ == "__main__":
    main()
