"""Shared fixtures: the real FEC files beside the checkout, and fresh warehouses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip, saying so, when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is absent: real FEC files are needed for this test")
    return SHARED_DATA


@pytest.fixture(scope="session")
def bulk_2020(shared_data: Path) -> Path:
    return shared_data / "fec-bulk" / "2020-early"


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A warehouse folder of the test's own."""
    return tmp_path / "warehouse"


def run_cli(*args: str, home: Path | None = None, check: bool = True, **kw) -> subprocess.CompletedProcess:
    """Run the real ``moneytrail`` command in a subprocess, as a user would."""
    env = {**os.environ, **kw.pop("env", {})}
    if home is not None:
        env["MONEYTRAIL_HOME"] = str(home)
    result = subprocess.run(
        [sys.executable, "-m", "moneytrail", *args],
        capture_output=True, text=True, env=env, timeout=kw.pop("timeout", 300), **kw,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"moneytrail {' '.join(args)} failed:\n{result.stderr}")
    return result
