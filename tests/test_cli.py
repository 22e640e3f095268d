"""The ``moneytrail`` command as a user runs it: real subprocesses, a real warehouse."""

from __future__ import annotations

import csv
import inspect
import io
import itertools
import json
import re

import pytest
from clitools import run_cli

from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import load_files


def test_load_says_what_it_recognised_and_what_it_did(bulk_2020, home):
    result = run_cli("load", str(bulk_2020 / "cm.txt"), str(bulk_2020 / "webl20.txt"), home=home)
    assert "cm.txt: cm (Committee master), cycle 2020 (by name)" in result.stderr
    assert "webl20.txt: webl (House/Senate current campaign summaries), cycle 2020" in result.stderr
    assert "11,605 → committees" in result.stderr
    again = run_cli("load", str(bulk_2020 / "cm.txt"), home=home)
    assert "cm.txt: unchanged since load 1; nothing to do" in again.stderr


def test_load_of_a_folder_says_what_it_left_out(shared_data, home):
    folder = shared_data / "fec-bulk" / "2016-early"
    result = run_cli("load", "--no-resolve", str(folder), home=home, env={"COLUMNS": "250"})
    said = result.stderr.splitlines()
    assert f"{folder / 'cm_header_file.csv'}: left out (column names of cm files, no data)" in said
    indiv_columns = "left out (column names of indiv files, no data)"
    assert sum(line.endswith(indiv_columns) for line in said) == 1
    assert "itcont.txt (indiv, cycle 2016): loaded as load" in result.stderr
    assert "27,540 → schedule_a" in result.stderr


def test_load_of_a_folder_of_many_other_files_says_them_by_reason(shared_data, home):
    folder = shared_data / "efile"
    result = run_cli("load", str(folder), home=home, check=False, env={"COLUMNS": "250"})
    said = result.stderr.splitlines()
    filings, others = len(list(folder.rglob("*.fec"))), len(list(folder.rglob("LICENSE")))
    reason = "an electronic filing: moneytrail efile load reads it"
    assert any(line.startswith(f"left out {filings} files ({reason}): ") for line in said)
    assert any(line.startswith(f"left out {others} files (not a known FEC") for line in said)
    assert said[-1] == f"error: {folder} holds no FEC bulk file"
    assert result.returncode == 1


def test_an_odd_cycle_is_refused_before_anything_is_loaded(bulk_2020, home):
    """2021 is no election cycle (the FEC names them by the even year): loaded under it,
    rows would sit where no --cycle 2020 question finds them."""
    wide = {"COLUMNS": "200"}  # the message on one line of its box
    loaded = run_cli(
        "load", str(bulk_2020 / "cm.txt"), "--cycle", "2021", home=home, check=False, env=wide
    )
    assert loaded.returncode == 2
    assert "2021 is not an election cycle: give an even year from 1980 on" in loaded.stderr
    assert not (home / "warehouse.duckdb").exists()
    top = ("top", "--committee", "C00000935", "--cycle", "2019")
    asked = run_cli(*top, home=home, check=False, env=wide)
    assert asked.returncode == 2 and "2019 is not an election cycle" in asked.stderr
    # The library refuses it too, before it touches the warehouse.
    with pytest.raises(ValueError, match="2021 is not an election cycle"):
        load_files(Warehouse(home), [bulk_2020 / "cm.txt"], cycle=2021)
    assert not (home / "warehouse.duckdb").exists()


def test_sql_prints_csv_and_json(bulk_2020, home):
    run_cli("load", str(bulk_2020 / "cm.txt"), home=home)
    query = "SELECT committee_id, name FROM committees WHERE committee_id = 'C00000059'"
    as_csv = run_cli("sql", query, "--format", "csv", home=home).stdout
    assert list(csv.reader(io.StringIO(as_csv))) == [
        ["committee_id", "name"],
        ["C00000059", "HALLMARK CARDS PAC"],
    ]
    as_json = json.loads(run_cli("sql", query, "-f", "json", home=home).stdout)
    assert as_json == [{"committee_id": "C00000059", "name": "HALLMARK CARDS PAC"}]
    table = run_cli("sql", query, home=home).stdout
    assert "HALLMARK CARDS PAC" in table and "committee_id" in table


def test_sql_refuses_writes_with_one_line(home):
    result = run_cli("sql", "DELETE FROM loads", home=home, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == "error: only queries may run here (SELECT, EXPLAIN), not DELETE"
    bad = run_cli("sql", "SELECT nonsense FROM committees", home=home, check=False)
    assert bad.returncode == 1
    assert bad.stderr.startswith("error: Binder Error")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_status_lists_every_table_with_rows_sources_and_cycles(bulk_2020, shared_data, home):
    run_cli("load", str(bulk_2020 / "itoth.txt"), home=home)
    run_cli("load", str(shared_data / "fec-bulk/2024-early/itpas2.txt"), home=home)
    rows = {r["table"]: r for r in json.loads(run_cli("status", "-f", "json", home=home).stdout)}
    assert set(rows) >= {
        "committees",
        "candidates",
        "schedule_a",
        "schedule_b",
        "schedule_e",
        "rejects",
    }
    assert rows["committees"]["rows"] == 0
    assert rows["schedule_b"]["sources"] == "itoth.txt, itpas2.txt"
    assert rows["schedule_b"]["cycles"] == "2020, 2024"
    assert (
        rows["schedule_a"]["rows"] + rows["schedule_b"]["rows"] + rows["schedule_e"]["rows"]
        == 50921 + 11458
    )
    assert rows["schedule_e"]["loaded_at"]
    # Resolved and summarised after each load, though no committee master is loaded.
    assert rows["summary_*"]["sources"] == "moneytrail resolve (current)"


def test_unreadable_input_is_one_clear_line(tmp_path, home):
    junk = tmp_path / "thing.zip"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    result = run_cli("load", str(junk), home=home, check=False)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"error: {junk} is not a readable zip file (truncated or corrupt)"
    )
    missing = run_cli("load", str(tmp_path / "nope.txt"), home=home, check=False)
    assert missing.stderr.strip() == f"error: {tmp_path / 'nope.txt'}: no such file"
    # One line, with no empty line before it from progress bars that never drew a bar.
    no_filing = run_cli("efile", "load", str(tmp_path / "nope.fec"), home=home, check=False)
    assert no_filing.stderr == f"error: {tmp_path / 'nope.fec'}: no such file\n"


def test_version_and_help():
    assert run_cli("--version").stdout.strip() == "moneytrail 0.1.0"
    helped = run_cli("--help").stdout
    for command in ("sync", "load", "sql", "status"):
        assert command in helped


def _commands(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _commands(sub, (*path, name))


def test_help_texts_survive_rich_rendering():
    """Every command has a help text for the command list, and rich reads "[...]" as
    markup and drops it, so none may appear."""
    import typer

    from moneytrail.cli import app

    for path, command in _commands(typer.main.get_command(app)):
        assert inspect.cleandoc(command.help or ""), f"moneytrail {' '.join(path)}"
        texts = [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]
        for text in texts:
            assert not re.search(r"\[[a-z][^\]]*\]", text), f"{' '.join(path)}: {text!r}"
    shown = run_cli("resolve", "--help", env={"COLUMNS": "200"}).stdout
    assert "Run one part only: orgs or donors (default: both)." in shown


def test_help_paragraphs_fill_an_80_column_terminal():
    """Each line of a command's description ends only where the next word would not fit:
    a docstring's own line breaks, kept, would wrap again at 80 columns into ragged
    halves."""
    import typer
    from typer.testing import CliRunner

    from moneytrail.cli import app

    width = 80
    for path, _ in _commands(typer.main.get_command(app)):
        shown = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": str(width)})
        assert shown.exit_code == 0, shown.output
        description = shown.output.split("╭")[0].splitlines()[2:]  # below the usage line
        assert any(line.strip() for line in description), path
        for line, after in itertools.pairwise(description):
            if line.strip() and after.strip():
                # rich leaves one column free at each side
                assert len(line.rstrip()) + 1 + len(after.split()[0]) > width - 1, (
                    f"moneytrail {' '.join(path)} --help breaks early: {line.strip()!r}"
                )
