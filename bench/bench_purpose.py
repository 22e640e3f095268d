"""Measure the spending-purpose classifier (moneytrail.classify.purpose).

    .venv/bin/python bench/bench_purpose.py [--data ../shared/data] [--rows 10000000]

Prints: accuracy on the labeled sample (dev and held-out halves), per-category
precision and recall on the held-out half and on all labels, the most frequent
confusions, and the throughput of the bulk SQL path on every real purpose in the shared
data repeated to ``--rows`` rows, both classifying every row and classifying the
distinct normalized texts once and joining back.
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path

import duckdb
import pyarrow as pa

from moneytrail.classify.corpus import real_purposes, split_of
from moneytrail.classify.purpose import (
    classify_purpose,
    load_rules,
    normalize_purpose_sql,
    purpose_category_sql,
)

ROOT = Path(__file__).resolve().parent.parent
LABELED = ROOT / "src/moneytrail/classify/labeled_purposes.csv"


def _labeled() -> list[dict[str, str]]:
    with LABELED.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def accuracy_report(rows: list[dict[str, str]]) -> None:
    """Accuracy per half, per-category precision/recall, top confusions."""
    decided = [(r, classify_purpose(r["purpose"]).category) for r in rows]
    for split in ("dev", "heldout"):
        part = [(r, got) for r, got in decided if split_of(r["purpose"]) == split]
        right = sum(r["category"] == got for r, got in part)
        print(f"accuracy {split:8} {right}/{len(part)} = {right / len(part):.3f}")
    right = sum(r["category"] == got for r, got in decided)
    print(f"accuracy {'all':8} {right}/{len(decided)} = {right / len(decided):.3f}")

    for title, part in (
        ("held-out", [(r, g) for r, g in decided if split_of(r["purpose"]) == "heldout"]),
        ("all labels", decided),
    ):
        print(f"\nper category ({title}): labeled, predicted, precision, recall")
        for category in load_rules().categories:
            labeled = sum(r["category"] == category for r, _ in part)
            predicted = sum(g == category for _, g in part)
            both = sum(r["category"] == category == g for r, g in part)
            precision = f"{both / predicted:.3f}" if predicted else "-"
            recall = f"{both / labeled:.3f}" if labeled else "-"
            print(f"  {category:24} {labeled:4} {predicted:4} {precision:>6} {recall:>6}")

    confusions = Counter((r["category"], g) for r, g in decided if r["category"] != g)
    print("\ntop confusions (label -> predicted: count; texts)")
    for (label, got), count in confusions.most_common(10):
        texts = [r["purpose"] for r, g in decided if (r["category"], g) == (label, got)]
        split = ["H" if split_of(t) == "heldout" else "D" for t in texts]
        shown = "; ".join(f"{t} [{s}]" for t, s in zip(texts, split, strict=True))
        print(f"  {label} -> {got}: {count}; {shown}")


def throughput(data: Path, target_rows: int) -> None:
    """Time the SQL path on the real purposes repeated to about ``target_rows`` rows."""
    rows = real_purposes(data)
    base = pa.table(
        {
            "p": pa.array([r.purpose for r in rows], pa.string()),
            "c": pa.array([r.category_code for r in rows], pa.string()),
        }
    )
    repeats = max(1, round(target_rows / base.num_rows))
    con = duckdb.connect()
    con.register("base", base)
    con.execute(f"CREATE TABLE t AS SELECT p, c FROM base, range({repeats})")
    n = con.execute("SELECT count(*) FROM t").fetchone()[0]
    print(f"\nbulk SQL path: {len(rows):,} real purposes x {repeats} = {n:,} rows")

    each_row = purpose_category_sql("p", "c")
    start = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TABLE r1 AS SELECT p, c, {each_row} AS category FROM t")
    every = time.perf_counter() - start
    print(f"  every row through the CASE: {every:.2f} s, {n / every:,.0f} rows/s")

    # The fast way: normalize each row (cheap), classify each distinct normalized text
    # and code once, join back.
    by_distinct = f"""
        CREATE OR REPLACE TABLE r2 AS
        WITH n AS (SELECT p, c, {normalize_purpose_sql("p")} AS np FROM t),
        d AS (SELECT DISTINCT np, c FROM n),
        k AS (SELECT np, c, {purpose_category_sql("np", "c", normalized=True)} AS category FROM d)
        SELECT n.p, n.c, k.category FROM n JOIN k ON n.np = k.np AND n.c IS NOT DISTINCT FROM k.c
    """
    start = time.perf_counter()
    con.execute(by_distinct)
    distinct = time.perf_counter() - start
    print(f"  distinct texts once, joined back: {distinct:.2f} s, {n / distinct:,.0f} rows/s")
    same = con.execute(
        "SELECT (SELECT count(*) FROM (FROM r1 EXCEPT ALL FROM r2))"
        " + (SELECT count(*) FROM (FROM r2 EXCEPT ALL FROM r1))"
    ).fetchone()[0]
    print(f"  rows on which the two ways disagree: {same}")

    start = time.perf_counter()
    for r in rows:
        classify_purpose(r.purpose, r.category_code)
    python = time.perf_counter() - start
    print(f"  Python classify_purpose, for scale: {len(rows) / python:,.0f} rows/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--rows", type=int, default=10_000_000)
    args = parser.parse_args()
    accuracy_report(_labeled())
    if args.data.is_dir():
        throughput(args.data, args.rows)
    else:
        print(f"\n{args.data} is absent: no throughput figures")


if __name__ == "__main__":
    main()
