"""Benchmark: loading a large individual-contributions file, side by side in one run.

Contenders, each in its own process (so each one's peak memory is its own):
  duckdb-ceiling  DuckDB's own read_csv of the file, same types, straight to Parquet:
                  the ceiling for this stack (no validation, rejects or provenance).
  pandas          pandas.read_csv with the same types, then to_parquet: what a user
                  would otherwise write.
  moneytrail      the real `moneytrail load` command into a fresh warehouse.

    python bench/bench_load.py                 # 10 million rows, every contender
    python bench/bench_load.py --rows 2000000 --repeat 3

The input is generated (moneytrail.sources.synthetic) from the real samples in
../shared/data when present, and kept in bench/out/ for the next run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil

from moneytrail.sources.synthetic import generate_indiv

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = [ROOT.parent / "shared" / "data" / "fec-bulk" / d for d in ("2020-early", "2016-early")]
COLUMNS = [  # the indiv layout, as in formats/bulk/schemas/indiv.toml
    "CMTE_ID", "AMNDT_IND", "RPT_TP", "TRANSACTION_PGI", "IMAGE_NUM", "TRANSACTION_TP",
    "ENTITY_TP", "NAME", "CITY", "STATE", "ZIP_CODE", "EMPLOYER", "OCCUPATION",
    "TRANSACTION_DT", "TRANSACTION_AMT", "OTHER_ID", "TRAN_ID", "FILE_NUM", "MEMO_CD",
    "MEMO_TEXT", "SUB_ID",
]  # fmt: skip
TYPES = {
    "TRANSACTION_DT": "DATE",
    "TRANSACTION_AMT": "DECIMAL(14,2)",
    "FILE_NUM": "BIGINT",
    "SUB_ID": "BIGINT",
}
CONTENDERS = ("duckdb-ceiling", "moneytrail", "pandas")


def run_ceiling(source: Path, out: Path) -> None:
    spec = ", ".join(f"'{c}': '{TYPES.get(c, 'VARCHAR')}'" for c in COLUMNS)
    duckdb.execute(
        f"COPY (SELECT * FROM read_csv('{source}', delim='|', quote='', escape='', "
        f"header=false, columns={{{spec}}}, dateformat='%m%d%Y', ignore_errors=true)) "
        f"TO '{out / 'ceiling.parquet'}' (FORMAT parquet)"
    )


def run_pandas(source: Path, out: Path) -> None:
    import csv

    import pandas as pd
    import pyarrow as pa

    frame = pd.read_csv(
        source,
        sep="|",
        header=None,
        names=COLUMNS,
        dtype=str,
        quoting=csv.QUOTE_NONE,
        encoding="latin-1",
        on_bad_lines="skip",
        keep_default_na=False,
        na_values=[""],
    )
    frame["TRANSACTION_DT"] = pd.to_datetime(
        frame["TRANSACTION_DT"], format="%m%d%Y", errors="coerce"
    ).dt.date
    frame["TRANSACTION_AMT"] = pd.to_numeric(frame["TRANSACTION_AMT"], errors="coerce").astype(
        pd.ArrowDtype(pa.decimal128(14, 2))
    )
    for col in ("FILE_NUM", "SUB_ID"):
        frame[col] = pd.to_numeric(frame[col], errors="coerce").astype("Int64")
    frame.to_parquet(out / "pandas.parquet", engine="pyarrow", index=False)


def count_rows(name: str, out: Path) -> int:
    if name == "moneytrail":
        con = duckdb.connect(str(out / "warehouse" / "warehouse.duckdb"), read_only=True)
        con.execute(f"SET file_search_path = '{out / 'warehouse'}'")
        return con.execute("SELECT count(*) FROM schedule_a").fetchall()[0][0]
    return duckdb.execute(f"SELECT count(*) FROM '{out}/{name.split('-')[-1]}.parquet'").fetchall()[
        0
    ][0]


def measure(name: str, source: Path, out: Path) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    if name == "moneytrail":
        moneytrail = str(Path(sys.executable).with_name("moneytrail"))
        warehouse = str(out / "warehouse")
        command = [moneytrail, "load", "--home", warehouse, "--kind", "indiv", "--cycle", "2024"]
        command.append(str(source))
    else:
        command = [sys.executable, __file__, "--run", name, "--source", str(source)]
        command += ["--out", str(out)]
    began = time.perf_counter()
    proc = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    # Poll the resident memory of the contender's process tree: ru_maxrss would also
    # count what the child inherited from this process when it was forked.
    while proc.poll() is None:
        with contextlib.suppress(psutil.Error):
            tree = [proc, *proc.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree))
        time.sleep(0.02)
    seconds = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"{name} failed: {proc.stderr.read().decode()[-2000:]}")
    return {
        "contender": name,
        "seconds": seconds,
        "peak_rss_mb": peak / 2**20,
        "rows_out": count_rows(name, out),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--contenders", default=",".join(CONTENDERS))
    parser.add_argument("--data-dir", type=Path, default=ROOT / "bench" / "out")
    parser.add_argument("--run", help=argparse.SUPPRESS)
    parser.add_argument("--generate", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--source", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        samples = [p for p in SAMPLES if p.exists()] or None
        made = generate_indiv(args.generate, args.rows, seed=args.seed, samples=samples)
        record = {"rows": made.rows, "bytes": made.bytes, "bad_lines": made.bad_lines,
                  "oddities": made.oddities}  # fmt: skip
        args.generate.with_suffix(".json").write_text(json.dumps(record))
        return
    if args.run:  # inside a contender's own process
        {"duckdb-ceiling": run_ceiling, "pandas": run_pandas}[args.run](args.source, args.out)
        return

    args.data_dir.mkdir(parents=True, exist_ok=True)
    source = args.data_dir / f"itcont-{args.rows}-seed{args.seed}.txt"
    manifest = source.with_suffix(".json")
    if not (source.exists() and manifest.exists()):
        began = time.perf_counter()
        # In a process of its own, so this one stays small while it watches contenders.
        generate = [sys.executable, __file__, "--generate", str(source)]
        subprocess.run([*generate, "--rows", str(args.rows), "--seed", str(args.seed)], check=True)
        print(f"generated {source.name} in {time.perf_counter() - began:.0f}s", file=sys.stderr)
    info = json.loads(manifest.read_text())
    size_mb = source.stat().st_size / 1e6
    print(
        f"input: {info['rows']:,} rows, {size_mb:,.0f} MB, bad lines {info['bad_lines']}, "
        f"odd lines {info['oddities']}; machine: {os.cpu_count()} cores",
        file=sys.stderr,
    )

    results = []
    for round_ in range(args.repeat):
        for name in args.contenders.split(","):
            result = measure(name, source, args.data_dir / "run" / name)
            result["round"] = round_ + 1
            results.append(result)
            print(
                f"round {round_ + 1} {name}: {result['seconds']:.1f}s, "
                f"{result['peak_rss_mb']:,.0f} MB peak",
                file=sys.stderr,
            )

    best = {}
    for r in results:
        if r["contender"] not in best or r["seconds"] < best[r["contender"]]["seconds"]:
            best[r["contender"]] = r
    ceiling = best.get("duckdb-ceiling")
    print(f"\n{info['rows']:,} rows, {size_mb:,.0f} MB; best of {args.repeat} round(s)\n")
    print("| contender | seconds | rows/s | MB/s | peak RSS (MB) | rows out | vs ceiling |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in best.items():
        rate = info["rows"] / r["seconds"]
        relative = f"{ceiling['seconds'] / r['seconds']:.2f}x" if ceiling else "n/a"
        print(
            f"| {name} | {r['seconds']:.1f} | {rate:,.0f} | {size_mb / r['seconds']:,.0f} | "
            f"{r['peak_rss_mb']:,.0f} | {r['rows_out']:,} | {relative} |"
        )
    (args.data_dir / "load-results.json").write_text(
        json.dumps({"input": info, "results": results}, indent=1)
    )
    expected_rows = info["rows"] - sum(info["bad_lines"].values())
    print(
        f"\nrows a correct load keeps: {expected_rows:,} (moneytrail sends the other "
        f"{sum(info['bad_lines'].values())} to rejects)"
    )


if __name__ == "__main__":
    main()
