"""Errors the user sees: one line naming the file (or library) and the problem."""

from __future__ import annotations

from pathlib import Path


class UnspinError(Exception):
    """Base for every error shown to the user as one line, never as a traceback."""

    def __init__(self, where: str | Path | None, problem: str) -> None:
        self.where = str(where) if where is not None else None
        self.problem = problem
        super().__init__(f"{self.where}: {problem}" if self.where else problem)


class ImportFailed(UnspinError):
    """A file could not be read as an article (missing, binary, damaged, too large...)."""


class StoreError(UnspinError):
    """The library database is locked, damaged or unwritable."""


class ExportFailed(UnspinError):
    """A cleaned copy or report could not be written."""
