"""A whole synthetic cycle for benchmarking the analyses: individual contributions
(``synthetic.generate_indiv``), committee, candidate and linkage masters consistent with
them (``synthetic.generate_masters``), and operating expenditures and independent
expenditures whose purposes, payees and amounts are drawn from the real oppexp and
itpas2 samples, re-attributed to the cycle's committees and candidates. Every file name
says SYNTHETIC.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from moneytrail.sources.synthetic import generate_indiv, generate_masters

OPPEXP_FIELDS = 26  # oppexp_header_file.csv names 25; each line ends with a "|"
PAS2_FIELDS = 22  # pas2_header_file.csv


def _real_lines(path: Path, fields: int, keep=lambda f: True) -> list[list[str]]:
    with path.open(encoding="latin-1") as fh:
        rows = [line.rstrip("\n").split("|") for line in fh]
    return [r for r in rows if len(r) == fields and keep(r)]


def _concentrate(path: Path, committee: bytes, every: int) -> None:
    """Give every ``every``-th line of an indiv file to ``committee``."""
    staged = path.with_suffix(".tmp")
    with path.open("rb") as src, staged.open("wb") as out:
        for i, line in enumerate(src):
            out.write(committee + line[line.index(b"|") :] if i % every == 0 else line)
    staged.replace(path)


def generate_cycle(
    folder: Path,
    rows: int,
    *,
    samples: Path,
    spending_share: float = 0.1,
    ie_share: float = 0.01,
    big_share: float = 0.2,
    seed: int = 11,
    cycle: int = 2024,
) -> dict[str, Path]:
    """Write a synthetic cycle of ``rows`` individual contributions, plus operating
    expenditures (``spending_share`` × rows) and independent expenditures (``ie_share``
    × rows), to ``folder``; return the files by kind. One committee (a presidential-size
    campaign) receives ``big_share`` of the contributions, the rest spread over the
    others, so single-committee questions meet both a huge and a typical committee."""
    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True, exist_ok=True)
    indiv = generate_indiv(
        folder / f"itcont_SYNTHETIC_{rows}.txt", rows, seed=seed, samples=[samples], cycle=cycle
    )
    committees = sorted({line.split(b"|", 1)[0].decode() for line in indiv.path.open("rb")})
    if big_share > 0:
        _concentrate(indiv.path, committees[0].encode(), int(1 / big_share))
    files = generate_masters(folder, committees, prefix="SYNTHETIC-", cycle=cycle)
    files["indiv"] = indiv.path
    candidates = [
        line.split("|")[0] for line in files["cn"].read_text().splitlines() if line.strip()
    ]

    spent = _real_lines(samples / "oppexp.txt", OPPEXP_FIELDS)
    n = int(rows * spending_share)
    pick = rng.integers(0, len(spent), n)
    to = rng.integers(0, len(committees), n)
    path = folder / f"oppexp_SYNTHETIC_{n}.txt"
    with path.open("w", encoding="latin-1") as out:
        for i, (k, c) in enumerate(zip(pick, to, strict=True)):
            f = list(spent[k])
            f[0] = committees[c]
            f[2] = str(cycle - 1 + (i % 2))
            f[21] = str(8_000_000_000_000_000_000 + i)  # SUB_ID
            f[23] = f"SYN{i}"  # TRAN_ID
            f[24] = ""  # no memo links across the reshuffled lines
            out.write("|".join(f) + "\n")
    files["oppexp"] = path

    ies = _real_lines(samples / "itpas2.txt", PAS2_FIELDS, lambda f: f[5] in ("24E", "24A"))
    n = int(rows * ie_share)
    pick = rng.integers(0, len(ies), n)
    by = rng.integers(0, len(committees), n)
    about = rng.integers(0, len(candidates), n)
    path = folder / f"itpas2_SYNTHETIC_{n}.txt"
    with path.open("w", encoding="latin-1") as out:
        for i, (k, c, cand) in enumerate(zip(pick, by, about, strict=True)):
            f = list(ies[k])
            f[0] = committees[c]
            f[15] = f[16] = candidates[cand]
            f[17] = f"SYNIE{i}"  # TRAN_ID
            f[21] = str(8_100_000_000_000_000_000 + i)  # SUB_ID
            out.write("|".join(f) + "\n")
    files["pas2"] = path
    return files
