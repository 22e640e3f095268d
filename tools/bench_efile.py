#!/usr/bin/env python3
"""Measure the `.fec` reader: typed Parquet per record type from one (large) filing.

Builds nothing itself: give it a filing (e.g. one made by repeating the Schedule A/B lines
of a real filing many times; do not commit such files). Reports seconds, MB/s, rows/s and
peak memory of this process. ``--fastfec`` also times the FastFEC C parser (writing CSV,
its only output) if the ``fastfec`` package is importable.

Example::

    python tools/bench_efile.py /tmp/big.fec --out /tmp/bench-out
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from moneytrail.formats.efile import iter_filing


def run_moneytrail(path: Path, out: Path, block_size: int) -> dict[str, float]:
    """Stream the filing into one Parquet file per record type."""
    out.mkdir(parents=True, exist_ok=True)
    writers: dict[str, pq.ParquetWriter] = {}
    start = time.perf_counter()
    reader = iter_filing(path, block_size=block_size)
    rows = 0
    for name, table in reader:
        if name not in writers:
            writers[name] = pq.ParquetWriter(out / f"{name}.parquet", table.schema)
        writers[name].write_table(table)
        rows += table.num_rows
    for writer in writers.values():
        writer.close()
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "rejects": len(reader.rejects)}


def run_fastfec(path: Path, out: Path) -> float:
    """FastFEC (C) parsing the same filing into its CSV files."""
    from fastfec import FastFEC  # optional, benchmark only

    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with FastFEC() as fastfec, path.open("rb") as handle:
        fastfec.parse_as_files(handle, str(out))
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    """Command line: the filing, an output folder, and options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("filing", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/moneytrail-bench"))
    parser.add_argument("--block-size", type=int, default=32 << 20)
    parser.add_argument("--fastfec", action="store_true")
    args = parser.parse_args(argv)
    size_mb = args.filing.stat().st_size / 1e6
    shutil.rmtree(args.out, ignore_errors=True)
    ours = run_moneytrail(args.filing, args.out / "moneytrail", args.block_size)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"moneytrail: {size_mb:.0f} MB in {ours['seconds']:.2f} s = "
        f"{size_mb / ours['seconds']:.0f} MB/s, {ours['rows'] / ours['seconds']:,.0f} rows/s, "
        f"{ours['rejects']} rejects, peak RSS {peak_mb:.0f} MB (typed Parquet)"
    )
    if args.fastfec:
        seconds = run_fastfec(args.filing, args.out / "fastfec")
        print(
            f"fastfec:    {size_mb:.0f} MB in {seconds:.2f} s = {size_mb / seconds:.0f} MB/s (CSV)"
        )
        print(f"ratio: moneytrail is {seconds / ours['seconds']:.2f}x FastFEC's speed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
