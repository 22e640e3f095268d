"""Press Ctrl-C during long queries and time how soon each stops: DuckDB on its own
beside a warehouse connection (``Warehouse.reader``, what every command queries through).

    .venv/bin/python tools/interrupt_queries.py [--runs 5] [--timeout 120]

Each run starts a fresh Python process that opens a connection, says it is ready and
runs one query; the tool waits a random 0.2 to 1 second more, presses Ctrl-C (SIGINT to
the process, as a terminal does) and measures how long the process takes to end, and
what it ended on. The queries read nothing from disk, so no data is needed:

- join: a nested-loop join of two ranges (about half a minute of work here);
- scan: a sum over a long range (about a quarter of a minute).
"""

from __future__ import annotations

import argparse
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time

QUERIES = {
    "join": "SELECT count(*) FROM range(100000) a(i), range(100000) b(j) WHERE i + j = 7",
    "scan": "SELECT sum(hash(i)) FROM range(3000000000) t(i)",
}

# Each child prints "ready" once its connection is open, then runs the query, then says
# how it ended: "finished", or the name of what was raised.
_ENDING = """
import sys
try:
    {run}
    print("finished", flush=True)
except BaseException as exc:
    print(type(exc).__name__, flush=True)
"""
CONNECTIONS = {
    "duckdb alone": _ENDING.format(
        run="import duckdb; con = duckdb.connect(); print('ready', flush=True); "
        "con.sql(sys.argv[1]).fetchall()"
    ),
    "warehouse": _ENDING.format(
        run="from moneytrail.warehouse.catalog import Warehouse\n"
        "    with Warehouse(sys.argv[2]).reader() as con:\n"
        "        print('ready', flush=True); con.sql(sys.argv[1]).fetchall()"
    ),
}


def one_run(program: str, query: str, home: str, timeout: float) -> tuple[float, str]:
    """Seconds from Ctrl-C to the end of the process, and how the query ended."""
    proc = subprocess.Popen(
        [sys.executable, "-c", program, query, home], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    if proc.stdout.readline().strip() != "ready":
        proc.kill()
        raise SystemExit(f"the child did not start: {program}")
    time.sleep(random.uniform(0.2, 1.0))
    pressed = time.monotonic()
    proc.send_signal(signal.SIGINT)
    try:
        said = proc.communicate(timeout=timeout)[0].split()
        ending = said[-1] if said else "nothing said"  # after DuckDB's progress bar, if any
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        ending = "still running at the timeout"
    return time.monotonic() - pressed, ending


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=120.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        print("| query | connection | Ctrl-C to exit, median / max | ended on |")
        print("|---|---|---|---|")
        for name, query in QUERIES.items():
            for connection, program in CONNECTIONS.items():
                runs = [one_run(program, query, home, args.timeout) for _ in range(args.runs)]
                seconds = [s for s, _ in runs]
                endings = ", ".join(
                    f"{e} {sum(1 for _, x in runs if x == e)}" for e in sorted({x for _, x in runs})
                )
                print(
                    f"| {name} | {connection} | {statistics.median(seconds):.2f} / "
                    f"{max(seconds):.2f} s | {endings} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
