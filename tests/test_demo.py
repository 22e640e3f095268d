"""`moneytrail demo` as a user runs it: online against a local mirror of the FEC's
bulk-download layout serving the real 2024 files, and offline, when nothing answers."""

from __future__ import annotations

import json
import socket
import zipfile
from pathlib import Path

import pytest
from clitools import run_cli
from mirror import Mirror

# What the demo fetches, zipped as the FEC publishes them, from the real 2024 sample.
ZIPPED = {"cm24.zip": "cm.txt", "cn24.zip": "cn.txt", "ccl24.zip": "ccl.txt",
          "webl24.zip": "webl24.txt"}  # fmt: skip


@pytest.fixture
def mirror(shared_data: Path, tmp_path: Path):
    root = tmp_path / "bulk-downloads"
    (root / "2024").mkdir(parents=True)
    for archive, member in ZIPPED.items():
        with zipfile.ZipFile(root / "2024" / archive, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(shared_data / "fec-bulk" / "2024-early" / member, member)
    server = Mirror(root)
    yield server
    server.close()


def _lines(path: Path) -> int:
    return len(path.read_bytes().splitlines())


def _status(home: Path) -> dict[str, dict]:
    return {r["table"]: r for r in json.loads(run_cli("status", "-f", "json", home=home).stdout)}


def test_demo_loads_the_fec_slice_and_shows_it(mirror, shared_data, home):
    sample = shared_data / "fec-bulk" / "2024-early"
    result = run_cli("demo", home=home, env={"MONEYTRAIL_FEC_MIRROR": mirror.url})
    assert "SYNTHETIC" not in result.stdout + result.stderr
    assert "The ten campaigns with the most receipts" in result.stdout
    status = _status(home)
    assert status["committees"]["rows"] == _lines(sample / "cm.txt")
    assert status["candidates"]["rows"] == _lines(sample / "cn.txt")
    assert status["candidate_summaries"]["sources"] == "webl24.zip!webl24.txt"
    assert sorted(r[1] for r in mirror.log.requests if r[0] == "GET") == sorted(
        f"2024/{archive}" for archive in ZIPPED
    )


def test_demo_offline_loads_a_sample_marked_synthetic(home):
    with socket.socket() as probe:  # a port on 127.0.0.1 that nothing listens on
        probe.bind(("127.0.0.1", 0))
        nowhere = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = run_cli("demo", home=home, env={"MONEYTRAIL_FEC_MIRROR": nowhere})
    assert "could not be reached" in result.stderr
    assert "loaded a SYNTHETIC sample instead. Its figures are made up." in result.stderr
    assert result.stdout.count("SYNTHETIC SAMPLE: the ten committees") == 1
    status = _status(home)
    loaded = [r for r in status.values() if r["rows"] and r["table"] != "rejects"]
    assert loaded and all(
        source.startswith("SYNTHETIC-") for r in loaded for source in r["sources"].split(", ")
    )
    itcont = home / "synthetic-sample" / "SYNTHETIC-itcont.txt"
    assert status["schedule_a"]["rows"] + status["rejects"]["rows"] == _lines(itcont)
