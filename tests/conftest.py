"""Shared fixtures: the real FEC files beside the checkout, and fresh warehouses."""

from __future__ import annotations

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
