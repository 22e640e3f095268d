"""The committed `.fec` layouts are what tools/build_efile_mappings.py makes of the spec."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scripttools import load_script

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT.parent / "shared" / "data" / "spec"
PACKAGE_DATA = ROOT / "src" / "moneytrail" / "formats" / "efile"


def _builder():
    """tools/build_efile_mappings.py as a module (tools/ is not a package)."""
    return load_script("tools/build_efile_mappings.py")


@pytest.mark.parametrize("name", ["mappings.json", "types.json"])
def test_committed_package_data_is_fresh(tmp_path: Path, name: str) -> None:
    """Re-running the builder on ../shared/data/spec reproduces the committed file."""
    if not SPEC.is_dir():
        pytest.skip(f"../shared/data is absent: the format spec is expected in {SPEC}")
    assert _builder().main(["--spec", str(SPEC), "--out", str(tmp_path)]) == 0
    fresh = (tmp_path / name).read_text(encoding="utf-8")
    committed = (PACKAGE_DATA / name).read_text(encoding="utf-8")
    assert fresh == committed, (
        f"{name} is stale: run `python tools/build_efile_mappings.py` and commit the result"
    )


def test_layouts_are_well_formed() -> None:
    """Every layout starts with the form type, has unique names, and records its source."""
    mappings = json.loads((PACKAGE_DATA / "mappings.json").read_text(encoding="utf-8"))
    types = json.loads((PACKAGE_DATA / "types.json").read_text(encoding="utf-8"))
    names = [record["name"] for record in mappings["record_types"]]
    assert len(names) == len(set(names))
    for record in mappings["record_types"]:
        typed = types["record_types"][record["name"]]
        assert not set(typed["date"]) & set(typed["amount"])
        for layout in record["layouts"]:
            columns = layout["columns"]
            assert layout["source"] and layout["checks"]
            assert len(columns) == len(set(columns)), (record["name"], layout["versions"])
            if columns:
                assert columns[0] in ("form_type", "rec_type", "record_type")
            if record["name"] != "HDR":
                assert not {"line_number", "record_type", "file_number"} & set(columns)
    sa = next(r for r in mappings["record_types"] if r["name"] == "SA")
    v83 = next(lay for lay in sa["layouts"] if "8.3" in lay["covers"])
    assert v83["columns"][19:22] == [
        "contribution_date",
        "contribution_amount",
        "contribution_aggregate",
    ]
    assert "contribution_amount" in types["record_types"]["SA"]["amount"]
