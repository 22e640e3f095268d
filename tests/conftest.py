"""Shared fixtures: the real FEC files beside the checkout, and fresh warehouses."""

from __future__ import annotations

from pathlib import Path

import pytest
from clitools import run_cli

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


# The 2020 sample's bulk files that the analyses and the README's tour read.
SAMPLE_2020_FILES = (
    "cn.txt",
    "ccl.txt",
    "cm.txt",
    "itcont.txt",
    "itoth.txt",
    "itpas2.txt",
    "oppexp.txt",
)


@pytest.fixture(scope="session")
def sample_2020_home(bulk_2020: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse of the 2020 sample's files, loaded (and resolved) once per session for
    the tests that only read it."""
    home = tmp_path_factory.mktemp("sample-2020")
    run_cli("load", *(str(bulk_2020 / f) for f in SAMPLE_2020_FILES), "--cycle", "2020", home=home)
    return home


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A warehouse folder of the test's own."""
    return tmp_path / "warehouse"
