"""The real download code against a local mirror of the FEC's bulk-download layout."""

from __future__ import annotations

import hashlib
import json
import shutil
import zipfile
from pathlib import Path

import httpx
import pytest
from clitools import run_cli
from mirror import Mirror

from moneytrail.sources.bulk import bulk_url, fetch_cycle
from moneytrail.sources.download import DownloadError, download

# The real 2020 sample files, zipped as the FEC publishes them: indiv20.zip also holds
# the same rows split by date under by_date/ (put first here, the order that once loaded
# one part alone).
ZIPPED = {
    "indiv20.zip": "itcont.txt",
    "cm20.zip": "cm.txt",
    "cn20.zip": "cn.txt",
    "ccl20.zip": "ccl.txt",
    "oth20.zip": "itoth.txt",
    "pas220.zip": "itpas2.txt",
    "oppexp20.zip": "oppexp.txt",
    "weball20.zip": "weball20.txt",
    "webk20.zip": "webk20.txt",
    "webl20.zip": "webl20.txt",
}
IE_CSV = (
    "cand_id,cand_name,spe_id,spe_nam,ele_type,can_office_state,can_office_dis,can_office,"
    "cand_pty_aff,exp_amo,exp_date,agg_amo,sup_opp,pur,pay,file_num,amndt_ind,tran_id,"
    "image_num,receipt_dat,fec_election_yr,prev_file_num,dissem_dt\n"
    '"H0CA48024","Rouda, Harley","C00000935","DCCC","G","CA","48","H","DEM","52000.00",'
    '"09-OCT-20","410000.00","S","TV AD BUY","MEDIA CO","1451123","N","IE.1","202010099",'
    '"10-OCT-20","2020","","08-OCT-20"\n'
)


@pytest.fixture(scope="session")
def fec_tree(bulk_2020: Path, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fec") / "bulk-downloads"
    (root / "2020").mkdir(parents=True)
    for archive, member in ZIPPED.items():
        with zipfile.ZipFile(root / "2020" / archive, "w", zipfile.ZIP_DEFLATED) as zf:
            if member == "itcont.txt":
                for part, lines in _by_date(bulk_2020 / member).items():
                    zf.writestr(f"by_date/itcont_2020_{part}.txt", b"".join(lines))
            zf.write(bulk_2020 / member, member)
    (root / "2020" / "independent_expenditure_2020.csv").write_text(IE_CSV)
    return root


def _by_date(itcont: Path) -> dict[str, list[bytes]]:
    """The file's lines split at 2019-03-01 by their transaction date (MMDDYYYY)."""
    parts: dict[str, list[bytes]] = {"20010101_20190228": [], "20190301_20190331": []}
    for line in itcont.read_bytes().splitlines(keepends=True):
        when = line.split(b"|")[13]
        early = when[4:] + when[:4] < b"20190301"
        parts["20010101_20190228" if early else "20190301_20190331"].append(line)
    return parts


@pytest.fixture
def mirror(fec_tree: Path, tmp_path: Path):
    root = tmp_path / "served"
    shutil.copytree(fec_tree, root)
    server = Mirror(root)
    yield server
    server.close()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class Recorder:
    def __init__(self) -> None:
        self.events: list[tuple] = []

    def start(self, name, total, completed):
        self.events.append(("start", name, total, completed))

    def advance(self, name, nbytes):
        self.events.append(("advance", name, nbytes))

    def finish(self, name, status):
        self.events.append(("finish", name, status))


def test_download_then_cached_with_a_304(mirror, tmp_path):
    url = bulk_url("cm", 2020, mirror.url)
    first = download(url, tmp_path / "dl")
    served = mirror.root / "2020" / "cm20.zip"
    assert first.status == "downloaded"
    assert first.sha256 == sha256(served) == sha256(first.path)
    recorder = Recorder()
    second = download(url, tmp_path / "dl", progress=recorder)
    assert (second.status, second.sha256) == ("cached", first.sha256)
    assert recorder.events[-1] == ("finish", "cm20.zip", "cached")  # as the result says
    assert mirror.log.for_path("2020/cm20.zip")[-1] == ("GET", "2020/cm20.zip", 304, 0)


def test_interrupted_download_resumes_where_it_stopped(mirror, tmp_path):
    url = bulk_url("indiv", 2020, mirror.url)
    size = (mirror.root / "2020" / "indiv20.zip").stat().st_size
    mirror.faults.drop_after["2020/indiv20.zip"] = 200_000
    with pytest.raises(DownloadError) as info:
        download(url, tmp_path / "dl", retries=0)
    assert info.value.retryable
    assert not (tmp_path / "dl" / "indiv20.zip").exists()  # no half file under the name
    assert (tmp_path / "dl" / "indiv20.zip.part").stat().st_size == 200_000
    result = download(url, tmp_path / "dl")
    assert result.status == "resumed"
    assert result.sha256 == sha256(mirror.root / "2020" / "indiv20.zip")
    assert mirror.log.for_path("2020/indiv20.zip") == [
        ("GET", "2020/indiv20.zip", 200, 200_000),
        ("GET", "2020/indiv20.zip", 206, size - 200_000),
    ]


def test_a_dropped_connection_is_retried_and_resumed_in_one_call(mirror, tmp_path):
    mirror.faults.drop_after["2020/oth20.zip"] = 50_000
    recorder = Recorder()
    result = download(
        bulk_url("oth", 2020, mirror.url), tmp_path / "dl", progress=recorder, backoff=0.01
    )
    assert result.status == "resumed"
    assert result.size == (mirror.root / "2020" / "oth20.zip").stat().st_size
    starts = [e for e in recorder.events if e[0] == "start"]
    assert [(e[2], e[3]) for e in starts] == [(result.size, 0), (result.size, 50_000)]
    assert sum(e[2] for e in recorder.events if e[0] == "advance") == result.size
    assert recorder.events[-1] == ("finish", "oth20.zip", "resumed")


def test_server_error_once_is_retried(mirror, tmp_path):
    mirror.faults.fail_with["2020/cn20.zip"] = 503
    result = download(bulk_url("cn", 2020, mirror.url), tmp_path / "dl", backoff=0.01)
    assert result.status == "downloaded"
    assert [r[2] for r in mirror.log.for_path("2020/cn20.zip")] == [503, 200]


def test_missing_file_is_a_clear_final_error(mirror, tmp_path):
    url = bulk_url("cm", 2018, mirror.url)
    with pytest.raises(DownloadError) as info:
        download(url, tmp_path / "dl")
    assert str(info.value) == f"the server has no file at {url}"
    assert not info.value.retryable
    assert len(mirror.log.requests) == 1  # not retried


def test_changed_file_is_fetched_again(mirror, tmp_path, bulk_2020):
    url = bulk_url("cm", 2020, mirror.url)
    download(url, tmp_path / "dl")
    with zipfile.ZipFile(mirror.root / "2020" / "cm20.zip", "w") as zf:
        zf.writestr("cm.txt", (bulk_2020 / "cm.txt").read_bytes()[:5000])
    again = download(url, tmp_path / "dl")
    assert again.status == "downloaded"
    assert again.sha256 == sha256(mirror.root / "2020" / "cm20.zip")


def test_unreachable_server_is_retryable(tmp_path):
    with pytest.raises(DownloadError) as info:
        download("http://127.0.0.1:9/2020/cm20.zip", tmp_path, retries=1, backoff=0.01)
    assert info.value.retryable
    assert "http://127.0.0.1:9/2020/cm20.zip" in str(info.value)


def test_bad_cycle_or_name_is_refused():
    with pytest.raises(ValueError, match="2023 is not an election cycle"):
        bulk_url("cm", 2023, "http://x")
    with pytest.raises(ValueError, match="unknown bulk file 'indv'"):
        bulk_url("indv", 2024, "http://x")


def test_fetch_cycle_gets_each_named_file(mirror, tmp_path):
    with httpx.Client() as client:
        results = fetch_cycle(2020, ["cm", "ie"], base=mirror.url, dest_dir=tmp_path, client=client)
    assert [r.path for r in results] == [
        tmp_path / "2020" / "cm20.zip",
        tmp_path / "2020" / "independent_expenditure_2020.csv",
    ]


def test_sync_downloads_and_loads_a_whole_cycle_then_does_nothing_twice(mirror, home):
    first = run_cli("sync", "--cycle", "2020", home=home, env={"MONEYTRAIL_FEC_MIRROR": mirror.url})
    assert "indiv20.zip: downloaded" in first.stderr
    status = {r["table"]: r for r in json.loads(run_cli("status", "-f", "json", home=home).stdout)}
    assert status["schedule_a"]["rows"] == 70671 + 45873
    assert status["schedule_e"]["rows"] >= 1
    assert status["committees"]["rows"] == 11605
    assert status["candidate_summaries"]["sources"] == (
        "weball20.zip!weball20.txt, webl20.zip!webl20.txt"
    )
    fetched = len(mirror.log.requests)
    second = run_cli(
        "sync", "--cycle", "2020", "--files", "cm,indiv", "--mirror", mirror.url, home=home
    )
    assert "cm20.zip: cached" in second.stderr
    assert "indiv20.zip!itcont.txt: unchanged" in second.stderr
    assert [r[2:] for r in mirror.log.requests[fetched:]] == [(304, 0), (304, 0)]


def test_sync_leaves_out_a_file_of_no_rows_and_loads_the_rest(mirror, home):
    """Early in a cycle the FEC's independent-expenditure file may hold its header alone:
    that kind has nothing to load yet, which is no reason to load nothing else."""
    header = IE_CSV.splitlines(keepends=True)[0]
    (mirror.root / "2020" / "independent_expenditure_2020.csv").write_text(header)
    result = run_cli("sync", "--cycle", "2020", "--files", "cm,ie", "--mirror", mirror.url,
                     home=home)  # fmt: skip
    assert "independent_expenditure_2020.csv: left out (column names of ie files, no data)" in (
        result.stderr
    )
    status = {r["table"]: r for r in json.loads(run_cli("status", "-f", "json", home=home).stdout)}
    assert status["committees"]["rows"] == 11605
    assert status["schedule_e"]["rows"] == 0


def test_sync_of_an_unknown_cycle_is_one_clear_line(mirror, home):
    result = run_cli(
        "sync", "--cycle", "2018", "--files", "cm", "--mirror", mirror.url, home=home, check=False
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1] == (
        f"error: the server has no file at {mirror.url}/2018/cm18.zip"
    )
