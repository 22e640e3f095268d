"""A refresh regroups only the recipients whose counted lines changed, and leaves the
summaries exactly as regrouping every recipient would: on a real warehouse (the 2020 bulk
sample and Biden's 2021 Q2 filing), after a new filing is loaded and after an employer's
organization is corrected, both through the command a user runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clitools import run_cli

from moneytrail.analysis.contributors import top_contributors
from moneytrail.analysis.summaries import PER_RECIPIENT_TABLES, refresh_summaries
from moneytrail.warehouse.catalog import Warehouse

REGROUPED = re.compile(r"summaries refreshed in [\d.]+s: ([\d,]+) of ([\d,]+) recipients regrouped")
EVERY = re.compile(r"summaries refreshed in [\d.]+s: all ([\d,]+) recipients regrouped")


@pytest.fixture(scope="module")
def home(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    sample = shared_data / "fec-bulk" / "2020-early"
    home = tmp_path_factory.mktemp("refresh")
    names = ("cn.txt", "ccl.txt", "cm.txt", "itcont.txt", "itoth.txt")
    loaded = run_cli("load", *(str(sample / n) for n in names), "--cycle", "2020", home=home)
    assert EVERY.search(loaded.stderr), loaded.stderr  # the first refresh is whole
    biden = shared_data / "efile" / "fastfec" / "1527862.fec"
    run_cli("efile", "load", str(biden), home=home)
    return home


def _summaries(home: Path) -> dict[str, list[tuple]]:
    """Every summary table's rows, in one order (the kept lines are added at the end of
    their table by a refresh that regroups some recipients)."""
    with Warehouse(home).reader() as con:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in [*PER_RECIPIENT_TABLES, "summary_recipients"]
        }


def _regrouped(stderr: str) -> tuple[int, int]:
    found = REGROUPED.search(stderr)
    assert found, stderr
    return int(found[1].replace(",", "")), int(found[2].replace(",", ""))


def _as_if_whole(home: Path) -> None:
    """The summaries as they are equal those regrouped afresh for every recipient."""
    kept = _summaries(home)
    with Warehouse(home).writer() as con:
        report = refresh_summaries(con, whole=True)
    assert report.whole and report.regrouped == report.recipients
    assert _summaries(home) == kept


def test_a_new_filing_regroups_its_committee_and_the_rest_stand(
    home: Path, shared_data: Path
) -> None:
    klobuchar = shared_data / "efile" / "fastfec" / "1544132.fec"
    with Warehouse(home).reader() as con:
        before = con.execute(
            "SELECT count(*) FROM summary_receipts WHERE recipient_id = 'C00431353'"
        ).fetchall()[0][0]
    loaded = run_cli("efile", "load", str(klobuchar), home=home)
    regrouped, recipients = _regrouped(loaded.stderr)
    # Her committee is regrouped (its lines are new), and so is any committee whose
    # donors' ids the new records moved; the thousands of others stand.
    assert 1 <= regrouped < recipients / 20, (regrouped, recipients)
    with Warehouse(home).reader() as con:
        after = con.execute(
            "SELECT count(*) FROM summary_receipts WHERE recipient_id = 'C00431353'"
        ).fetchall()[0][0]
        assert after > before
        from_summary = top_contributors(con, committee_id="C00431353", by="donor")
        counted = top_contributors(con, committee_id="C00431353", by="donor", summaries=False)
        assert from_summary.column("total") == counted.column("total")
        assert from_summary.column("name") == counted.column("name")
    _as_if_whole(home)


def test_a_corrected_employer_regroups_every_committee_its_donors_gave_to(home: Path) -> None:
    # An employer whose donors gave to several committees, moved to an organization of
    # its own: every committee that counted its lines shows the new organization.
    with Warehouse(home).reader() as con:
        employer, committees = con.execute(
            """
            SELECT contributor_employer, list(DISTINCT recipient_id ORDER BY recipient_id)
            FROM summary_receipts
            WHERE top_org_id IS NOT NULL AND recipient_id LIKE 'C%'
            GROUP BY 1 HAVING count(DISTINCT recipient_id) BETWEEN 3 AND 8
            ORDER BY sum(amount) DESC, 1 LIMIT 1
            """
        ).fetchall()[0]
    aliased = run_cli(
        "orgs", "alias", employer, "zqx-refresh-test", "--name", "ZQX Refresh Test", home=home
    )
    regrouped, recipients = _regrouped(aliased.stderr)
    assert len(committees) <= regrouped < recipients / 20, (committees, regrouped)
    with Warehouse(home).reader() as con:
        shown = con.execute(
            """
            SELECT list(DISTINCT recipient_id ORDER BY recipient_id) FROM summary_top_organization
            WHERE org_id = 'zqx-refresh-test'
            """
        ).fetchall()[0][0]
        assert set(committees) <= set(shown)
    _as_if_whole(home)


def test_a_new_committee_master_regroups_every_recipient(home: Path, shared_data: Path) -> None:
    # Committee names show in the summaries (a giving committee's): new names, all anew.
    masters = shared_data / "fec-bulk" / "2022-masters"
    loaded = run_cli("load", str(masters / "cm.txt"), "--cycle", "2022", home=home)
    assert EVERY.search(loaded.stderr), loaded.stderr


def test_a_summary_table_gone_is_made_again_with_the_rest(home: Path, shared_data: Path) -> None:
    # Someone dropped a summary table: the next refresh cannot add to it, so it regroups
    # every recipient rather than fail.
    with Warehouse(home).writer() as con:
        con.execute("DROP TABLE summary_money_in_files")
    notice = shared_data / "efile" / "fastfec" / "1550126.fec"
    loaded = run_cli("efile", "load", str(notice), home=home)
    assert EVERY.search(loaded.stderr), loaded.stderr
    with Warehouse(home).reader() as con:
        assert con.execute("SELECT count(*) FROM summary_money_in_files").fetchall()[0][0] > 0
