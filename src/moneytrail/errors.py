"""The few named errors moneytrail raises. Each says what went wrong and where, in one
sentence fit to show a user, and whether trying again can help."""

from __future__ import annotations


class MoneytrailError(Exception):
    """Base class. ``retryable`` tells whether the same call may succeed later."""

    retryable = False


class SchemaError(MoneytrailError):
    """A packaged data file (schema, table definition) is malformed or an unknown name
    was asked for."""


class UnrecognizedFileError(MoneytrailError):
    """A file is not any kind of FEC file moneytrail knows. ``reason`` says what it is
    instead in a few words, for a list of the files a folder holds that were left out."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason or message


class NoDataError(UnrecognizedFileError):
    """A file that would load as a known kind holds no rows: it is empty, or holds only
    the kind's column names. Loaded, it would replace what is loaded with nothing."""


class CorruptInputError(MoneytrailError):
    """A file could not be read at all: a truncated or corrupt zip, an unreadable path."""


class LoadError(MoneytrailError):
    """A load failed (disk full, interrupted); the warehouse was left as it was."""


class WarehouseBusyError(MoneytrailError):
    """Another process is writing to the warehouse."""

    retryable = True


class QueryError(MoneytrailError):
    """A read-only query was rejected or failed."""
