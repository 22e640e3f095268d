"""Interrupt DuckDB's Parquet COPY at random moments and count the COPYs that hang.

    .venv/bin/python tools/interrupt_copies.py [--interrupts 200] [--python OTHER_PYTHON ...]

Each Python named (this one by default; pass several to set DuckDB versions side by side
in one run) writes ten million generated rows to Parquet with ``COPY ... TO``, again and
again, and a timer interrupts each COPY 0.02 to 1 s in with ``interrupt()``, as the
warehouse's Ctrl-C watcher does. A COPY that has not ended 20 s after it began is hung:
DuckDB 2.0.0 could wait forever in ``TaskExecutor::DrainTasks`` aborting one (seen in
loads and in the resolve's materialize step). The hung process is killed and the count
goes on in a fresh one, until --interrupts COPYs have been interrupted in each.

--busy N runs N busy loops beside (2 by default), as a shared machine would: DuckDB 2.0.0
hung 3 of 200 COPYs with none, and 9 of 200 beside two.
"""

from __future__ import annotations

import argparse
import queue
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

# Run in a child process, so that a hung COPY can be killed: prints one line per COPY.
CHILD = """
import random, sys, threading
import duckdb

seed, limit, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
random.seed(seed)
con = duckdb.connect()
con.execute("SET preserve_insertion_order = false")
print("duckdb", duckdb.__version__, flush=True)
for _ in range(limit):
    timer = threading.Timer(random.uniform(0.02, 1.0), con.interrupt)
    timer.start()
    try:
        con.execute(
            "COPY (SELECT i, i::VARCHAR || repeat('x', (i % 50)::INT) AS s, i % 1000 AS k "
            f"FROM range(10000000) t(i)) TO '{out}' (FORMAT parquet, ROW_GROUP_SIZE 100000)"
        )
        print("finished", flush=True)  # the interrupt came after the COPY's end
    except (duckdb.InterruptException, RuntimeError):
        print("interrupted", flush=True)
    timer.cancel()
    timer.join()
"""

HANG_SECONDS = 20.0


def count(python: str, interrupts: int, scratch: Path) -> tuple[str, Counter[str]]:
    """Interrupt COPYs under ``python`` until ``interrupts`` have been; return its DuckDB's
    version and how many COPYs were interrupted, hung or finished first."""
    tally: Counter[str] = Counter()
    version = "?"
    seed = 0
    while tally["interrupted"] + tally["hung"] < interrupts:
        seed += 1
        left = interrupts - tally["interrupted"] - tally["hung"]
        out = scratch / f"copy-{seed}.parquet"
        proc = subprocess.Popen(
            [python, "-c", CHILD, str(seed), str(left), str(out)], stdout=subprocess.PIPE, text=True
        )
        hung_before = tally["hung"]
        for line in _lines_until_quiet(proc):
            word, _, rest = line.strip().partition(" ")
            if word == "duckdb":
                version = rest
            else:
                tally[word] += 1
        if tally["hung"] > hung_before:
            proc.kill()
        elif proc.wait() != 0:
            raise SystemExit(f"{python} failed (exit {proc.returncode})")
        proc.wait()
        out.unlink(missing_ok=True)
    return version, tally


def _lines_until_quiet(proc: subprocess.Popen) -> Iterator[str]:
    """The child's lines as they come, until its output ends; "hung" if it has been
    quiet for longer than a COPY takes, its last one interrupted."""
    lines: queue.Queue[str] = queue.Queue()

    def forward() -> None:
        for line in proc.stdout:
            lines.put(line)
        lines.put("")  # the end of its output

    threading.Thread(target=forward, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=HANG_SECONDS)
        except queue.Empty:
            yield "hung"
            return
        if not line:
            return
        yield line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--interrupts", type=int, default=200)
    parser.add_argument(
        "--python", action="append", help="a Python to run the COPYs under (repeatable)"
    )
    parser.add_argument("--busy", type=int, default=2, help="busy loops to run beside")
    args = parser.parse_args()
    pythons = args.python or [sys.executable]
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    try:
        with tempfile.TemporaryDirectory() as scratch:
            for python in pythons:
                version, tally = count(python, args.interrupts, Path(scratch))
                print(
                    f"DuckDB {version} ({python}): {tally['interrupted']} COPYs interrupted "
                    f"and ended, {tally['hung']} hung, {tally['finished']} finished first",
                    flush=True,
                )
    finally:
        for proc in busy:
            proc.kill()


if __name__ == "__main__":
    main()
