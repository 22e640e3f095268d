"""The README's tour shows real output: its examples that read only the 2020 sample's bulk
files are rerun here on a warehouse of those files, and every line the README shows must
come out, in its order ("..." in the README stands for lines left out).

Tables drawn for a terminal (their widths depend on it, and the README trims their cells)
and outputs with timings are left out; the CSV and plain-text ones are checked."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from clitools import run_cli

README = Path(__file__).resolve().parents[1] / "README.md"
# The commands whose output the README shows as plain text or CSV, from those files alone.
CHECKED = re.compile(r"^moneytrail (orgs explain |top .*-f csv|outside .*-f csv)")
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
    out = run_cli(*shlex.split(command)[1:], home=sample_2020_home).stdout.splitlines()
    at = 0
    for line in shown:
        if line == "...":
            continue
        assert line in out[at:], f"{command!r}: the README's line\n  {line}\nis not in\n" + (
            "\n".join(out)
        )
        at = out.index(line, at) + 1
