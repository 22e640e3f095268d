"""A load that dies or fails midway leaves the warehouse exactly as it was."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def _state(home: Path) -> tuple:
    wh = Warehouse(home)
    return (
        wh.loads(),
        wh.status(),
        wh.query(
            "SELECT count(*) AS n, sum(contribution_receipt_amount) AS s FROM schedule_a"
        ).to_pylist(),
        sorted(p.relative_to(home).as_posix() for p in (home / "tables").rglob("*.parquet")),
    )


@pytest.fixture(scope="module")
def big_indiv(bulk_2020: Path, tmp_path_factory) -> Path:
    """The real 2020 sample repeated into a file big enough to take seconds to load."""
    path = tmp_path_factory.mktemp("big") / "itcont.txt"
    sample = (bulk_2020 / "itcont.txt").read_bytes()
    with path.open("wb") as fh:
        for _ in range(40):
            fh.write(sample)
    return path


def _start_load_and_wait_for_parquet(home: Path, path: Path, *options: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "moneytrail", "load", "--home", str(home), *options]
    proc = subprocess.Popen(
        [*command, "--cycle", "2020", str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    # Stop it once it is writing Parquet: midway through the real work.
    while time.monotonic() < deadline and proc.poll() is None:
        if _writing_parquet(home / "staging"):
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the load finished before it could be stopped"
    return proc


def _writing_parquet(staging: Path) -> bool:
    """Whether a load has written a Parquet file of over 1 MiB into ``staging``; the folder
    may not be made yet, or a file be moved while it is read (a fresh-clone CI run of
    6e30dc8 met the first)."""
    try:
        return any(p.stat().st_size > 1 << 20 for p in staging.rglob("*.parquet"))
    except FileNotFoundError:
        return False


def test_killed_load_leaves_the_warehouse_as_it_was(bulk_2020, big_indiv, home):
    load_files(Warehouse(home), [bulk_2020 / "itcont.txt"], cycle=2016)
    before = _state(home)
    proc = _start_load_and_wait_for_parquet(home, big_indiv)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert _state(home) == before
    # The next load cleans up what the killed one left and works.
    [report] = load_files(Warehouse(home), [big_indiv], cycle=2020)
    assert report.rows_read == 40 * 70671
    assert not any((home / "staging").rglob("*.parquet"))
    assert Warehouse(home).query(
        "SELECT count(*) AS n FROM schedule_a WHERE cycle = 2020"
    ).to_pylist() == [{"n": 40 * 70671}]


def test_interrupted_load_says_so_and_changes_nothing(bulk_2020, big_indiv, home):
    load_files(Warehouse(home), [bulk_2020 / "itcont.txt"], cycle=2016)
    before = _state(home)
    proc = _start_load_and_wait_for_parquet(home, big_indiv)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert stderr.strip().splitlines()[-1] == (
        "error: loading itcont.txt was interrupted; the warehouse was left as it was"
    )
    assert _state(home) == before
    assert not any((home / "staging").iterdir())


def _limit_file_size() -> None:
    # Writes past 512 KiB fail with EFBIG, as on a full disk; ignore the signal that would
    # otherwise kill the process so the write error surfaces.
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (512 << 10, 512 << 10))


def test_write_failure_is_one_clear_line_and_changes_nothing(bulk_2020, home):
    run_cli("load", str(bulk_2020 / "cm.txt"), home=home)
    before = _state(home)
    result = run_cli(
        "load",
        str(bulk_2020 / "itcont.txt"),
        home=home,
        check=False,
        preexec_fn=_limit_file_size,
    )
    assert result.returncode == 1
    error_lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(error_lines) == 1, result.stderr
    assert "itcont.txt" in error_lines[0]
    assert "the warehouse was left as it was" in error_lines[0]
    assert _state(home) == before


def test_a_second_load_while_one_runs_is_refused_clearly(bulk_2020, big_indiv, home):
    load_files(Warehouse(home), [bulk_2020 / "cm.txt"])
    # Not resolved after: the test waits for the load to end, and the resolving of its
    # 2.8 million lines would only add a minute.
    proc = _start_load_and_wait_for_parquet(home, big_indiv, "--no-resolve")
    try:
        result = run_cli("load", str(bulk_2020 / "cn.txt"), home=home, check=False)
        assert result.returncode == 1
        assert result.stderr.strip().splitlines()[-1] == (
            f"error: another moneytrail load is writing to {home}; wait for it to finish "
            "(trying again may help)"
        )
        # Readers are not blocked by a load in progress.
        status = run_cli("status", "-f", "csv", home=home)
        assert "committees,11605,cm.txt,2020," in status.stdout
    finally:
        proc.wait(timeout=120)
    assert proc.returncode == 0


def test_interrupted_resolve_after_a_load_keeps_the_load_and_says_what_to_run(bulk_2020, home):
    proc = subprocess.Popen(
        [sys.executable, "-m", "moneytrail", "load", "--home", str(home), "--cycle", "2020"]
        + [str(bulk_2020 / name) for name in ("cm.txt", "itcont.txt")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    said = []
    # Ctrl-C while the employer strings are resolved, the longest step (the donors,
    # matched in about a second since the resolver got faster, can be done by then).
    for line in proc.stderr:
        said.append(line)
        if line.startswith("resolving"):
            time.sleep(1)
            proc.send_signal(signal.SIGINT)
            break
    said.extend(proc.stderr)
    proc.wait(timeout=60)
    assert proc.returncode == 1, "".join(said)
    assert said[-1].strip() == (
        "error: the load is kept, but resolving it failed: resolving was interrupted, "
        "nothing was changed; run `moneytrail resolve` to try again"
    )
    wh = Warehouse(home)
    lines = (bulk_2020 / "itcont.txt").read_bytes().count(b"\n")
    assert wh.query("SELECT count(*) AS n FROM schedule_a").to_pylist() == [{"n": lines}]
    assert wh.query("SELECT count(*) AS n FROM resolve_runs").to_pylist() == [{"n": 0}]
    assert wh.query(
        "SELECT count(*) AS n FROM schedule_a WHERE org_id IS NOT NULL OR donor_id IS NOT NULL"
    ).to_pylist() == [{"n": 0}]
