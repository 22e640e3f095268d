"""Interrupt many loads at random moments and count what went wrong.

    .venv/bin/python tools/interrupt_loads.py [--runs 40] [--busy 2] [--data ../shared/data]
    .venv/bin/python tools/interrupt_loads.py --efile [--runs 40]
    .venv/bin/python tools/interrupt_loads.py --materialize [--runs 40]

Builds a file of 2.8 million contributions (the 2020 sample's itcont.txt forty times, as
tests/test_atomic.py does), then, run after run, starts ``moneytrail load`` on it in a
fresh warehouse, waits until the load is writing Parquet, waits a random 0 to 3 seconds
more (so that some interrupts land as the pieces finish) and presses Ctrl-C (SIGINT).

With --efile, the input is a synthetic 200 MB electronic filing instead (about a million
lines), loaded by ``moneytrail efile load --no-resolve``, and Ctrl-C comes a random 0.3
to 5 seconds after the start: from start-up to the commit.

With --materialize, the 2.8 million contributions are loaded and resolved once, and each
run is the resolve's last step alone on that warehouse (``materialize_schedule_a``: the
resolved receipts written out to one sorted Parquet file, about 6 s here), with Ctrl-C a
random 0.3 to 7 seconds after the start.

Each run should end within --timeout seconds, exit 1, and end its output on the one-line
"interrupted" error. Counted apart: runs that hung (killed at the timeout), runs whose
output went on after the error (DuckDB's leak report, an abort), runs stopped before the
load began (Ctrl-C during start-up: exit 130, no message), runs that ignored Ctrl-C (the
load went on to its end), runs the interrupt missed (the load had ended). Also reported:
how long Ctrl-C took to end the load.

--busy N runs N busy loops beside the loads, as a shared CI machine would: the failures
this counts are races, and they showed up far more often under load.
"""

from __future__ import annotations

import argparse
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = "fec-bulk/2020-early/itcont.txt"
EXPECTED_LAST_LINE = {
    "bulk": "error: loading itcont.txt was interrupted; the warehouse was left as it was",
    "efile": "error: loading filings was interrupted; the warehouse was left as it was",
    "materialize": "error: writing the receipts out was interrupted",
}
# The resolve's materialize step alone, as ``resolve.apply`` runs it after storing results.
MATERIALIZE = """
import sys
from moneytrail.warehouse.catalog import Warehouse, materialize_schedule_a

wh = Warehouse(sys.argv[1])
try:
    with wh.write_lock(), wh.writer() as con:
        materialize_schedule_a(con, wh.home, wh.staging_dir / "materialize")
except KeyboardInterrupt:
    sys.exit("error: writing the receipts out was interrupted")
"""


def build_big_file(data: Path, folder: Path) -> Path:
    sample = (data / SAMPLE).read_bytes()
    path = folder / "itcont.txt"
    with path.open("wb") as fh:
        for _ in range(40):
            fh.write(sample)
    return path


def writing_parquet(staging: Path) -> bool:
    try:
        return any(p.stat().st_size > 1 << 20 for p in staging.rglob("*.parquet"))
    except FileNotFoundError:  # not made yet, or a file moved while listed
        return False


def build_big_filing(data: Path, folder: Path) -> Path:
    from moneytrail.sources.synthetic_efile import write_synthetic_filing

    path = folder / "synthetic.fec"
    write_synthetic_filing(path, 200 * 10**6, seed=1, samples=data / "efile")
    return path


def load_resolved(data: Path, folder: Path) -> Path:
    """A warehouse holding the big file, loaded and resolved: what --materialize rewrites."""
    home = folder / "resolved"
    source = build_big_file(data, folder)
    load = ["load", "--home", str(home), "--cycle", "2020", str(source)]
    subprocess.run([sys.executable, "-m", "moneytrail", *load], check=True)
    return home


def start_load(mode: str, source: Path, home: Path) -> subprocess.Popen:
    """Start the load, and return once it is time to press Ctrl-C."""
    command = [sys.executable, "-m", "moneytrail"]
    if mode == "efile":
        command += ["efile", "load", "--no-resolve", "--home", str(home), str(source)]
    elif mode == "materialize":
        command = [sys.executable, "-c", MATERIALIZE, str(source)]
    else:
        command += ["load", "--home", str(home), "--cycle", "2020", str(source)]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if mode in ("efile", "materialize"):
        time.sleep(random.uniform(0.3, 5.0 if mode == "efile" else 7.0))
        return proc
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if writing_parquet(home / "staging"):
            break
        time.sleep(0.02)
    time.sleep(random.uniform(0, 3))
    return proc


def one_run(mode: str, source: Path, home: Path, timeout: float) -> tuple[str, float | None, str]:
    """Return the outcome (see OUTCOMES), the seconds from Ctrl-C to the end, and the
    output's tail."""
    shutil.rmtree(home, ignore_errors=True)
    proc = start_load(mode, source, home)
    if proc.poll() is not None:
        return "missed", None, proc.communicate()[1][-500:]
    proc.send_signal(signal.SIGINT)
    pressed = time.monotonic()
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return "hung", None, ""
    took = time.monotonic() - pressed
    lines = stderr.strip().splitlines()
    if proc.returncode == 0:
        # Still running a second after Ctrl-C, the load did not stop for it.
        return ("ignored" if took > 1.0 else "missed"), took, stderr[-500:]
    expected = EXPECTED_LAST_LINE[mode]
    if proc.returncode in (130, -signal.SIGINT) and expected not in lines:
        # Ctrl-C during start-up, before the load's own message could be printed
        return "before-the-load", took, ""
    if lines and lines[-1] == expected:
        return "ok", took, ""
    if expected in lines:
        return "output-after-error", took, stderr[-500:]
    return "other", took, stderr[-500:]


OUTCOMES = ("ok", "before-the-load", "hung", "output-after-error", "ignored", "other", "missed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--efile", action="store_true", help="load a synthetic .fec filing")
    modes.add_argument(
        "--materialize", action="store_true", help="write a resolved warehouse's receipts out"
    )
    parser.add_argument("--busy", type=int, default=0, help="busy loops to run beside")
    parser.add_argument("--timeout", type=float, default=45.0, help="seconds before 'hung'")
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    random.seed(args.seed)
    mode = "efile" if args.efile else "materialize" if args.materialize else "bulk"
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.busy)]
    outcomes: dict[str, int] = {}
    latencies: list[float] = []
    try:
        with tempfile.TemporaryDirectory() as scratch:
            build = {"efile": build_big_filing, "materialize": load_resolved}.get(
                mode, build_big_file
            )
            source = build(args.data, Path(scratch))
            for run in range(1, args.runs + 1):
                outcome, took, tail = one_run(mode, source, Path(scratch) / "home", args.timeout)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
                if took is not None and outcome == "ok":
                    latencies.append(took)
                if outcome not in ("ok", "before-the-load"):
                    print(f"run {run}: {outcome}\n{tail}", flush=True)
    finally:
        for proc in busy:
            proc.kill()
    print(f"{args.runs} interrupted {mode} runs ({args.busy} busy loops beside):")
    for outcome in OUTCOMES:
        print(f"  {outcome:<20} {outcomes.get(outcome, 0)}")
    if latencies:
        latencies.sort()
        median = latencies[len(latencies) // 2]
        print(f"  Ctrl-C to exit, clean runs: median {median:.2f} s, max {latencies[-1]:.2f} s")


if __name__ == "__main__":
    main()
