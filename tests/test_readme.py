"""The README's tour shows real output: its examples that read only the 2020 sample's bulk
files are rerun here on a warehouse of those files, and every line the README shows must
come out, in its order ("..." in the README stands for lines left out).

Outputs with timings are left out; the CSV and plain-text ones are checked line by line,
and the rows the README shows of a table drawn for a terminal cell by cell, on a terminal
wide enough for every cell, a cell the README trims to "…" standing for any cell it
starts."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from clitools import run_cli

README = Path(__file__).resolve().parents[1] / "README.md"
# The commands whose output the README shows as plain text or CSV, from those files alone.
CHECKED = re.compile(r"^moneytrail (orgs explain |top .*-f csv|outside .*-f csv|donors show )")
# ... but for this one, which the README shows after importing the GLEIF test's files.
AFTER_GLEIF = 'moneytrail orgs explain "CROWLEY TECHNICAL SERVICES, LLC"'


def _examples() -> list[tuple[str, list[str]]]:
    """(command, the lines the README shows for it) for every checked example."""
    found = []
    for block in re.findall(r"```text\n(.*?)```", README.read_text(), flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            command = command.split("  #")[0].strip()  # a remark after the command
            if CHECKED.match(command) and command != AFTER_GLEIF:
                found.append((command, [line for line in shown if line.strip()]))
    return found


EXAMPLES = _examples()


def test_the_readme_has_examples_to_check() -> None:
    assert len(EXAMPLES) >= 10, [c for c, _ in EXAMPLES]


@pytest.mark.parametrize(("command", "shown"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_the_readme_shows_real_output(
    sample_2020_home: Path, command: str, shown: list[str]
) -> None:
    # The warehouse of the 2020 sample's files (conftest), which these commands only read.
    wide = {"COLUMNS": "1000"}
    out = run_cli(*shlex.split(command)[1:], home=sample_2020_home, env=wide).stdout.splitlines()
    at = 0
    for line in shown:
        if line == "...":
            continue
        # A table's title is centred over it, so plain lines are compared stripped.
        fits = _table_row(line).fullmatch if line.startswith("│") else _stripped(line)
        found = next((k for k in range(at, len(out)) if fits(out[k])), None)
        assert found is not None, f"{command!r}: the README's line\n  {line}\nis not in\n" + (
            "\n".join(out)
        )
        at = found + 1


def _stripped(line: str):
    return lambda drawn: drawn.strip() == line.strip()


def _table_row(line: str) -> re.Pattern[str]:
    """A table row the README shows, as a pattern for the row drawn: each cell as shown,
    one ending in "…" as any cell that starts so."""
    cells = [cell.strip() for cell in line.strip().strip("│").split("│")]
    parts = [
        re.escape(cell[:-1].rstrip()) + r"[^│]*" if cell.endswith("…") else re.escape(cell)
        for cell in cells
    ]
    return re.compile(r" *│ *" + r" *│ *".join(parts) + r" *│ *")
