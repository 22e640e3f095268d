"""How long the summaries take to follow a new filing on a 10-million-row cycle: regrouping
only the recipients whose counted lines changed, against regrouping every recipient (the
baseline: what every refresh did before), side by side in one run.

    .venv/bin/python bench/bench_analysis.py --rows 10000000      # build the cycle first
    .venv/bin/python bench/bench_summaries_refresh.py [--workdir bench/out/analysis/10000000]
        [--filing ../shared/data/efile/fastfec/1527862.fec] [--rounds 2]

Loads a real .fec filing into the warehouse bench_analysis.py built and resolves it, as
`moneytrail efile load` does (the resolve's own refresh is the first measure). Then,
each round, in alternating order (the machine is shared):

- *changed*: the summaries put back to how the filing found them (the fingerprints of
  the refresh before it, the state stale), then refreshed: the same recipients regrouped,
  the same rows deleted and added, as after the load;
- *changed + largest*: the same, with the largest committee counted as changed too (a
  filing by the committee with the most lines);
- *whole*: every recipient regrouped.

After each, every summary table's content digest must equal the first refresh's, and
the largest committee's money in by month (read from the kept lines, whose rows a
refresh that regroups it deletes and adds again at the end) is timed, best of three.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from moneytrail.analysis.money_flow import money_in
from moneytrail.analysis.summaries import PER_RECIPIENT_TABLES, answered_from, refresh_summaries
from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.efile_load import load_filings

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "bench_fingerprints_before"


def digests(wh: Warehouse) -> dict[str, int]:
    """Each summary table's rows as one number (the sum of their hashes)."""
    with wh.reader() as con:
        return {
            t: con.execute(f"SELECT sum(hash(s)) FROM {t} s").fetchall()[0][0]
            for t in [*PER_RECIPIENT_TABLES, "summary_recipients"]
        }


def put_back(wh: Warehouse, also: str | None) -> None:
    """The fingerprints as the refresh before the filing left them (``also`` changed),
    and the summaries stale, as the filing's load found them."""
    with wh.writer() as con:
        con.execute(f"CREATE OR REPLACE TABLE summary_fingerprints AS SELECT * FROM {BEFORE}")
        if also:
            con.execute("UPDATE summary_fingerprints SET lines = -1 WHERE recipient_id = ?", [also])
        con.execute("UPDATE summary_state SET summaries_key = 'stale: put back by the bench'")


def refresh(wh: Warehouse, *, whole: bool) -> tuple[float, int, str]:
    with wh.writer() as con:
        started = time.perf_counter()
        report = refresh_summaries(con, whole=whole)
        seconds = time.perf_counter() - started
    return seconds, report.regrouped, report.describe()


def read_by_month(wh: Warehouse, committee_id: str) -> float:
    """The best of three calls of money in by month for the committee, in seconds."""
    best = float("inf")
    with wh.reader() as con:
        for _ in range(3):
            started = time.perf_counter()
            answer = money_in(con, committee_id=committee_id, by=("month",))
            best = min(best, time.perf_counter() - started)
            if answered_from(answer) != "summary_receipts":
                raise SystemExit("money in by month was not read from the kept lines")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workdir", type=Path, default=ROOT / "bench" / "out" / "analysis" / "10000000"
    )
    parser.add_argument(
        "--filing",
        type=Path,
        default=ROOT.parent / "shared" / "data" / "efile" / "fastfec" / "1527862.fec",
    )
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    wh = Warehouse(args.workdir / "wh")
    if not wh.exists():
        raise SystemExit(f"no warehouse at {wh.home}: run bench/bench_analysis.py first")
    with wh.writer() as con:
        # (summaries made by an earlier moneytrail have no fingerprints: made whole here)
        print("before the filing:", refresh_summaries(con).describe(), flush=True)
        con.execute(f"CREATE OR REPLACE TABLE {BEFORE} AS SELECT * FROM summary_fingerprints")
        largest = con.execute(
            "SELECT recipient_id FROM summary_fingerprints WHERE recipient_id LIKE 'C%' "
            "ORDER BY lines DESC LIMIT 1"
        ).fetchall()[0][0]
    try:
        started = time.perf_counter()
        load_filings(wh, [args.filing])
        print(f"{args.filing.name} loaded in {time.perf_counter() - started:.1f}s", flush=True)
        started = time.perf_counter()
        report = resolve_warehouse(wh)
        print(f"resolved in {time.perf_counter() - started:.1f}s:")
        for line in report.describe():
            print("  " + line)
        cases = {"changed": None, "changed + largest": largest, "whole": None}
        times: dict[str, list[float]] = {case: [] for case in cases}
        reads: dict[str, list[float]] = {case: [] for case in cases}
        regrouped: dict[str, int] = {}
        expected = None
        for round_ in range(args.rounds):
            order = list(cases) if round_ % 2 == 0 else list(reversed(cases))
            for case in order:
                if case != "whole":
                    put_back(wh, cases[case])
                seconds, regrouped[case], said = refresh(wh, whole=case == "whole")
                times[case].append(seconds)
                reads[case].append(read_by_month(wh, largest))
                print(f"round {round_ + 1}, {case}: {said}", flush=True)
                found = digests(wh)
                expected = expected or found
                if found != expected:
                    raise SystemExit(f"{case}: the summaries differ from the first refresh's")
    finally:
        with wh.writer() as con:
            con.execute(f"DROP TABLE IF EXISTS {BEFORE}")
    print()
    print(
        f"| refresh after {args.filing.name} | recipients regrouped | seconds per round "
        f"| then {largest}'s money in by month (s) |"
    )
    print("|---|---:|---|---|")
    for case, seconds in times.items():
        print(
            f"| {case} | {regrouped[case]:,} | {' / '.join(f'{s:.1f}' for s in seconds)} "
            f"| {' / '.join(f'{s:.2f}' for s in reads[case])} |"
        )
    print(f"(largest committee: {largest}; every refresh left the same summaries)")


if __name__ == "__main__":
    main()
