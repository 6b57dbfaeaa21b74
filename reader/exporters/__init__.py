"""Correction + decisions -> files: cleaned copies (txt, md, html) and review reports (html, json).

    write(path, fmt, correction, decisions, title=..., source_path=..., force=False)

Everything is written atomically; see atomic.py for the rules (no overwrite without
force, never the source file).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reader.engine.model import Correction
from reader.errors import ExportFailed
from reader.exporters import cleaned, report_html, report_json
from reader.exporters.atomic import write_atomic
from reader.exporters.spam import without_spam
from reader.review import Decision, cleaned_text

FORMATS = ("txt", "md", "html", "report-html", "report-json")
SUFFIXES = {"txt": ".txt", "md": ".md", "html": ".html", "report-html": ".html", "report-json": ".json"}


def render(
    fmt: str,
    correction: Correction,
    decisions: Mapping[int, Decision] | None = None,
    *,
    title: str = "",
    source_path: Any = None,
    keep_spam: bool = False,
) -> str:
    """The file's content as text. Injected spam is left out unless keep_spam (see spam.py)."""
    decisions = decisions or {}
    removed = 0
    if not keep_spam:
        correction, removed = without_spam(correction, decisions)
    if fmt == "report-html":
        return report_html.render(correction, decisions, title=title, source_path=source_path, spam_removed=removed)
    if fmt == "report-json":
        return report_json.render(correction, decisions, title=title, source_path=source_path, spam_removed=removed)
    text = cleaned_text(correction, decisions)
    if fmt == "txt":
        return cleaned.to_txt(text)
    if fmt == "md":
        return cleaned.to_md(text, title)
    if fmt == "html":
        return cleaned.to_html(text, title)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def write(
    path: str | Path,
    fmt: str,
    correction: Correction,
    decisions: Mapping[int, Decision] | None = None,
    *,
    title: str = "",
    source_path: Any = None,
    force: bool = False,
    keep_spam: bool = False,
) -> Path:
    """Render and write atomically; returns the absolute path written."""
    if fmt not in FORMATS:
        raise ExportFailed(path, f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    if fmt == "report-json":  # can be hundreds of MB: written as it is made
        decisions = decisions or {}
        removed = 0
        if not keep_spam:
            correction, removed = without_spam(correction, decisions)
        pieces = report_json.iter_render(
            correction, decisions, title=title, source_path=source_path, spam_removed=removed
        )
        return write_atomic(path, (p.encode("utf-8") for p in pieces), force=force, source_path=source_path)
    content = render(fmt, correction, decisions, title=title, source_path=source_path, keep_spam=keep_spam)
    return write_atomic(path, content.encode("utf-8"), force=force, source_path=source_path)


__all__ = ["FORMATS", "SUFFIXES", "render", "without_spam", "write", "write_atomic"]
