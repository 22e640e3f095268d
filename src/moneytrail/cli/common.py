"""What every command group shares: the Typer app, common options, error and report
printing."""

from __future__ import annotations

import inspect
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from moneytrail import __version__
from moneytrail.config import home_dir
from moneytrail.errors import MoneytrailError
from moneytrail.model import election_cycle
from moneytrail.output import Format, counted
from moneytrail.progress import RichProgress
from moneytrail.warehouse.catalog import Warehouse
from moneytrail.warehouse.load import LoadReport

app = typer.Typer(
    help="Follow the money in US federal elections: FEC data in a warehouse on your machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
err = Console(stderr=True, soft_wrap=True)

HomeOption = Annotated[
    Path | None,
    typer.Option(
        "--home",
        envvar="MONEYTRAIL_HOME",
        show_envvar=True,
        help="Warehouse folder (default: moneytrail's folder in the user data directory).",
    ),
]
MirrorOption = Annotated[
    str | None,
    typer.Option(
        envvar="MONEYTRAIL_FEC_MIRROR",
        show_envvar=True,
        help="Base URL of a server with the FEC's bulk-download layout.",
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def checked_cycle(value: int | None) -> int | None:
    """A --cycle option's callback: an odd or early year is refused as the option is read,
    as any bad option is (exit 2), rather than loading rows under a cycle nothing asks
    for, or answering that nothing matches."""
    try:
        return None if value is None else election_cycle(value)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from None


CycleOption = Annotated[
    int | None,
    typer.Option(callback=checked_cycle, help="Election cycle (its even year), e.g. 2020."),
]


def open_warehouse(home: Path | None) -> Warehouse:
    """The warehouse at --home, $MONEYTRAIL_HOME or the user data directory."""
    return Warehouse(home_dir(home))


def fail(exc: MoneytrailError) -> NoReturn:
    """Print the one-line error and exit 1."""
    hint = " (trying again may help)" if exc.retryable else ""
    err.print(f"[red]error:[/red] {exc}{hint}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def flow_help_paragraphs(typer_app: typer.Typer) -> None:
    """Join the lines of each paragraph of every command's help into one line.

    Rich keeps a docstring's line breaks, so a terminal narrower than the source's lines
    (80 columns) would wrap each line again into a long half and a short one; joined, a
    paragraph fills the width it is given. A paragraph is text between blank lines."""
    for command in typer_app.registered_commands:
        text = command.help if command.help is not None else inspect.getdoc(command.callback)
        paragraphs = inspect.cleandoc(text or "").split("\n\n")
        command.help = "\n\n".join(" ".join(p.split("\n")) for p in paragraphs)
    for group in typer_app.registered_groups:
        if group.typer_instance is not None:
            flow_help_paragraphs(group.typer_instance)


def _version(value: bool) -> None:
    if value:
        print(f"moneytrail {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Follow the money in US federal elections."""


def progress_bar() -> RichProgress:
    return RichProgress()


class LeftOut:
    """Gathers the files of folders given to a load that it left out, to say them at
    once: each with its reason when there are a few; by reason, with a count and the
    first names, when a folder holds many (a downloads folder, a whole data tree)."""

    FEW = 10

    def __init__(self) -> None:
        self.files: list[tuple[Path, str]] = []

    def __call__(self, path: Path, reason: str) -> None:
        self.files.append((path, reason))

    def say(self) -> None:
        if len(self.files) <= self.FEW:
            for path, reason in self.files:
                err.print(f"{path}: left out ({reason})", highlight=False)
        else:
            by_reason: dict[str, list[Path]] = {}
            for path, reason in self.files:
                by_reason.setdefault(reason, []).append(path)
            for reason, paths in by_reason.items():
                shown = (f"{p.parent.name}/{p.name}" for p in paths[:3])
                names = ", ".join(shown) + (", …" if len(paths) > 3 else "")
                said = f"left out {counted(len(paths), 'file')} ({reason}): {names}"
                err.print(said, highlight=False)
        self.files.clear()


def print_reports(reports: list[LoadReport]) -> None:
    """One line per loaded file: what it was, what landed where, what was rejected."""
    for r in reports:
        if r.status == "unchanged":
            err.print(f"{r.source_file}: unchanged since load {r.load_id}; nothing to do")
            continue
        if r.status in ("duplicate", "superseded in this load"):
            why = (
                "the same as a file given before it"
                if r.status == "duplicate"
                else ("a later version of it was given too")
            )
            err.print(f"{r.source_file}: skipped: {why}", highlight=False)
            continue
        tables = ", ".join(f"{n:,} → {t}" for t, n in r.rows_loaded.items())
        verb = f"replaced load {r.replaced_load_id}" if r.status == "replaced" else "loaded"
        line = (
            f"{r.source_file} ({r.describe()}): {verb} as load "
            f"{r.load_id}: {counted(r.rows_read, 'line')} read, {tables}; "
            f"{r.rows_rejected:,} rejected"
        )
        if r.fixes:
            line += "; " + ", ".join(f"{n:,} {what}" for what, n in r.fixes.items())
        err.print(line + f" in {r.seconds:.1f}s", highlight=False)
        for warning in getattr(r, "warnings", []):
            err.print(f"  [yellow]warning:[/yellow] {warning}", highlight=False)
    rejected = sum(r.rows_rejected for r in reports)
    if rejected:
        err.print(
            f"{counted(rejected, 'line')} could not be read; see them with: "
            'moneytrail sql "SELECT * FROM rejects"',
            highlight=False,
        )


DateOption = typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD, inclusive.")
StatesOption = Annotated[
    str | None,
    typer.Option(
        help="A named set of states (battleground-2024; your own in state_sets.toml in the "
        "warehouse folder) or a list (AZ,GA)."
    ),
]


def comma_list(text: str) -> list[str]:
    """The items of a comma-separated option (``--by month,category``)."""
    return [item.strip() for item in text.split(",")]


def chosen_states(spec: str | None, home: Path) -> list[str] | None:
    """The states --states names, or None when not given."""
    from moneytrail.analysis.common import state_set

    return state_set(spec, home / "state_sets.toml") if spec else None
