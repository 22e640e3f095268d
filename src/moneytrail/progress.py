"""Progress of long work (downloads, loads): the protocol the library reports through,
and the CLI's drawing of it as Rich progress bars on stderr."""

from __future__ import annotations

from typing import Protocol

from rich import progress as rich_progress
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)


class Progress(Protocol):
    """What long work reports as it goes, per named piece of work (a file)."""

    def start(self, name: str, total: int | None, completed: int) -> None: ...
    def advance(self, name: str, nbytes: int) -> None: ...
    def finish(self, name: str, status: str) -> None: ...


class RichProgress:
    """One bar per named piece of work, showing bytes, rate and time left.

    >>> with RichProgress() as p:  # doctest: +SKIP
    ...     p.start("cm24.zip", 1000, 0); p.advance("cm24.zip", 1000); p.finish("cm24.zip", "ok")
    """

    def __init__(self, console: Console | None = None) -> None:
        self._progress = rich_progress.Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TimeRemainingColumn(),
            console=console or Console(stderr=True),
            transient=False,
        )
        self._tasks: dict[str, TaskID] = {}

    def __enter__(self) -> RichProgress:
        return self  # the bars are drawn from the first piece of work on

    def __exit__(self, *exc: object) -> None:
        if self._progress.live.is_started:
            self._progress.stop()

    def start(self, name: str, total: int | None, completed: int) -> None:
        # Started with the first bar: stopped with none, rich leaves an empty line (before
        # the error of a load that failed on its first file, say).
        if not self._progress.live.is_started:
            self._progress.start()
        if name in self._tasks:
            self._progress.update(self._tasks[name], total=total, completed=completed)
        else:
            self._tasks[name] = self._progress.add_task(name, total=total, completed=completed)

    def advance(self, name: str, nbytes: int) -> None:
        if name in self._tasks:
            self._progress.advance(self._tasks[name], nbytes)

    def finish(self, name: str, status: str) -> None:
        task = self._tasks.get(name)
        if task is not None:
            total = self._progress.tasks[task].total
            self._progress.update(
                task,
                description=f"{name} [dim]{status}[/dim]",
                completed=total if total is not None else self._progress.tasks[task].completed,
            )
