"""Every analysis on one committee or candidate of a generated cycle, timed against the
issue's 1-second target.

    .venv/bin/python bench/bench_analysis.py --rows 10000000            # build and time
    .venv/bin/python bench/bench_analysis.py --rows 10000000 --reuse    # time again

Builds (or, with --reuse, reopens) a warehouse under bench/out/analysis/ROWS/ from a
synthetic cycle (moneytrail.sources.synthetic_cycle: ROWS individual contributions and the
committee-to-committee, candidate, independent and operating expenditure lines, masters
and summaries that go with them, values drawn from the real samples), loads it with the
real loader and resolves it (organizations and donors; resolve writes the receipts out
ordered by committee and refreshes the per-committee summaries,
moneytrail.analysis.summaries). Then, for the committees with the most, the median and
the fewest itemized receipts, and for candidates of those sizes (one with two authorized
committees), it runs each analysis through its public function: cold, the first call in
a fresh process (caches of the operating system warm), and warm, the best of --repeat
calls on one connection. top and money in answer from the summaries, as a user gets
them; the rows marked "(counting lines)" are the same questions asked of the lines
(summaries=False), for comparison.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from moneytrail.analysis.committee_summary import committee_summary
from moneytrail.analysis.contributors import top_contributors
from moneytrail.analysis.money_flow import funded_by, money_in, money_out
from moneytrail.analysis.outside import outside_spending
from moneytrail.analysis.reporting import next_report
from moneytrail.analysis.spending import spending
from moneytrail.analysis.summaries import answered_from, refresh_summaries
from moneytrail.resolve.apply import resolve_warehouse
from moneytrail.sources.synthetic_cycle import generate_cycle
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.0
KINDS = ("cm", "cn", "ccl", "indiv", "oth", "pas2", "oppexp", "webk", "weball")

Run = Callable[[duckdb.DuckDBPyConnection, str], object]


def _summarised(answer: pa.Table) -> pa.Table:
    if answered_from(answer) is None:
        raise SystemExit("the summaries do not match the warehouse; run without --reuse")
    return answer


def _recipient_analyses(key: str) -> dict[str, Run]:
    """The analyses that take a committee or a candidate (``key``: committee_id or
    candidate_id): as a user calls them, and the ones the summaries answer again
    counting the lines."""
    return {
        "top by organization": lambda c, t: _summarised(top_contributors(c, **{key: t})),
        "top by organization (counting lines)": lambda c, t: top_contributors(
            c, summaries=False, **{key: t}
        ),
        "top by donor": lambda c, t: _summarised(top_contributors(c, by="donor", **{key: t})),
        "top by donor (counting lines)": lambda c, t: top_contributors(
            c, by="donor", summaries=False, **{key: t}
        ),
        "money in": lambda c, t: _summarised(money_in(c, **{key: t})),
        "money in (counting lines)": lambda c, t: money_in(c, summaries=False, **{key: t}),
        "money in by month": lambda c, t: money_in(c, by=("month", "source"), **{key: t}),
        "committee summary": lambda c, t: committee_summary(c, **{key: t}),
    }


COMMITTEE: dict[str, Run] = {
    **_recipient_analyses("committee_id"),
    "money out": lambda c, t: money_out(c, t),
    "spending by month, category": lambda c, t: spending(c, t, by=("month", "category")),
    "outside (spender)": lambda c, t: outside_spending(c, committee_id=t),
    "next report": lambda c, t: next_report(c, t, date(2024, 6, 1)),
}
CANDIDATE: dict[str, Run] = {
    **_recipient_analyses("candidate_id"),
    "outside (candidate)": lambda c, t: outside_spending(c, candidate_id=t),
}
ORGANIZATION: dict[str, Run] = {"funded by": lambda c, t: funded_by(c, org_id=t)}
LEVELS = {"committee": COMMITTEE, "candidate": CANDIDATE, "organization": ORGANIZATION}


def build(rows: int, folder: Path, data: Path) -> tuple[Warehouse, dict[str, float]]:
    if folder.exists():
        shutil.rmtree(folder)
    steps: dict[str, float] = {}
    started = time.perf_counter()
    files = generate_cycle(folder / "files", rows, samples=data / "fec-bulk")
    steps["generate"] = time.perf_counter() - started
    lines = {k: sum(1 for _ in p.open("rb")) for k, p in files.items()}
    print("generated " + ", ".join(f"{k} {n:,}" for k, n in lines.items()))
    print(f"  in {steps['generate']:.0f}s")
    wh = Warehouse(folder / "wh")
    started = time.perf_counter()
    for kind in KINDS:
        load_files(wh, [files[kind]], kind=kind, cycle=2024)
    steps["load"] = time.perf_counter() - started
    print(f"loaded in {steps['load']:.0f}s")
    started = time.perf_counter()
    for line in resolve_warehouse(wh).describe():
        print("  " + line)
    steps["resolve"] = time.perf_counter() - started
    print(
        f"resolved (the receipts written out, the summaries refreshed) in {steps['resolve']:.0f}s"
    )
    for shards in (folder / "files").iterdir():
        shards.unlink()  # the warehouse holds what the benchmark needs
    return wh, steps


def pick_targets(wh: Warehouse) -> dict[str, dict[str, tuple[str, int]]]:
    """Committees and candidates of every size: the largest, the median, the smallest
    (by itemized receipts), and the largest candidate with more than one committee."""
    with wh.reader() as con:
        sizes = con.execute(
            "SELECT committee_id, count(*) AS n FROM schedule_a GROUP BY 1 ORDER BY n DESC, 1"
        ).fetchall()
        candidates = con.execute(
            """
            SELECT l.candidate_id, count(*) AS n, count(DISTINCT l.committee_id) AS committees
            FROM candidate_committee_links l JOIN schedule_a a USING (committee_id)
            WHERE l.committee_designation IN ('P', 'A')
            GROUP BY 1 ORDER BY n DESC, 1
            """
        ).fetchall()
        org = con.execute(
            "SELECT o.ultimate_parent_id, count(*) FROM schedule_a a "
            "JOIN organizations o USING (org_id) WHERE o.kind = 'registry' "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
        ).fetchall()[0]
    several = next(c for c in candidates if c[2] > 1)
    return {
        "committee": {
            "largest": sizes[0],
            "median": sizes[len(sizes) // 2],
            "smallest": sizes[-1],
        },
        "candidate": {
            "largest": candidates[0][:2],
            "two committees": several[:2],
            "median": candidates[len(candidates) // 2][:2],
            "smallest": candidates[-1][:2],
        },
        "organization": {"largest": org},
    }


def cold(home: Path, level: str, name: str, target: str) -> float:
    """The first call of an analysis in a fresh process."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(home), level, name, target],
        check=True,
        capture_output=True,
        text=True,
    )
    return float(out.stdout.strip().splitlines()[-1])


def one(home: Path, level: str, name: str, target: str) -> None:
    with Warehouse(home).reader() as con:
        started = time.perf_counter()
        LEVELS[level][name](con, target)
        print(time.perf_counter() - started)


def measure(wh: Warehouse, targets: dict, repeat: int) -> list[dict]:
    results = []
    for level, picks in targets.items():
        for size, (target, n) in picks.items():
            for name, run in LEVELS[level].items():
                first = cold(wh.home, level, name, target)
                with wh.reader() as con:
                    warm = []
                    for _ in range(repeat):
                        started = time.perf_counter()
                        run(con, target)
                        warm.append(time.perf_counter() - started)
                results.append({"level": level, "size": size, "id": target, "rows": n,
                                "analysis": name, "cold": first, "warm": min(warm)})  # fmt: skip
                print(f"  {level} {size} {name}: cold {first:.3f}s, warm {min(warm):.3f}s")
    return results


def table(results: list[dict]) -> str:
    out = []
    for level in LEVELS:
        rows = [r for r in results if r["level"] == level]
        firsts = {r["size"]: r for r in reversed(rows)}  # one row per size, in order
        sizes = [r["size"] for r in rows if firsts.get(r["size"]) is r]
        head = [f"{s} {firsts[s]['id']} ({firsts[s]['rows']:,} rows)" for s in sizes]
        out.append(f"| {level}: cold / warm (s), target 1 s | " + " | ".join(head) + " |")
        out.append("|---|" + "---:|" * len(sizes))
        for name in dict.fromkeys(r["analysis"] for r in rows):
            cells = []
            for s in sizes:
                r = next(x for x in rows if x["size"] == s and x["analysis"] == name)
                mark = "" if r["cold"] < TARGET else " **missed**"
                cells.append(f"{r['cold']:.3f} / {r['warm']:.3f}{mark}")
            out.append(f"| {name} | " + " | ".join(cells) + " |")
        out.append("")
    return "\n".join(out)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        one(Path(sys.argv[2]), *sys.argv[3:6])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workdir", type=Path, default=ROOT / "bench" / "out" / "analysis")
    parser.add_argument("--reuse", action="store_true", help="Reopen an earlier build.")
    parser.add_argument("--repeat", type=int, default=3, help="Warm calls; the best counts.")
    args = parser.parse_args()
    folder = args.workdir / str(args.rows)
    steps: dict[str, float] = {}
    if args.reuse:
        wh = Warehouse(folder / "wh")
    else:
        wh, steps = build(args.rows, folder, args.data)
    with wh.writer() as con:  # a no-op when the summaries match the warehouse
        print(refresh_summaries(con).describe())
    targets = pick_targets(wh)
    results = measure(wh, targets, args.repeat)
    print()
    print(table(results))
    slow = [r for r in results if r["cold"] >= TARGET]
    print(f"{len(results) - len(slow)} of {len(results)} first calls under {TARGET:.0f} s")
    saved = folder / "results.json"
    saved.write_text(json.dumps({"steps": steps, "results": results}, indent=1))
    print(f"written to {saved}")


if __name__ == "__main__":
    main()
