"""Turning an exception into the one line the window shows."""

from __future__ import annotations

import sys
import traceback

from reader.errors import UnspinError


def message_for(exc: BaseException) -> str:
    """UnspinErrors already read as "FILE: problem"; anything else is a bug: say so, log the traceback."""
    if isinstance(exc, UnspinError):
        return str(exc)
    tb = getattr(exc, "__traceback_text__", None) or "".join(traceback.format_exception(exc))
    print(tb, file=sys.stderr)
    return f"Unexpected error: {type(exc).__name__}: {exc}"


def short_title(title: str, limit: int = 48) -> str:
    """A title short enough to sit in the status bar beside the review controls."""
    title = " ".join(title.split())
    return title if len(title) <= limit else title[: limit - 1].rstrip() + "…"
