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
) -> str:
    """The file's content as text."""
    decisions = decisions or {}
    if fmt == "report-html":
        return report_html.render(correction, decisions, title=title, source_path=source_path)
    if fmt == "report-json":
        return report_json.render(correction, decisions, title=title, source_path=source_path)
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
) -> Path:
    """Render and write atomically; returns the absolute path written."""
    if fmt not in FORMATS:
        raise ExportFailed(path, f"unknown format {fmt!r} (choose {', '.join(FORMATS)})")
    if fmt == "report-json":  # can be hundreds of MB: written as it is made
        pieces = report_json.iter_render(correction, decisions or {}, title=title, source_path=source_path)
        return write_atomic(path, (p.encode("utf-8") for p in pieces), force=force, source_path=source_path)
    content = render(fmt, correction, decisions, title=title, source_path=source_path)
    return write_atomic(path, content.encode("utf-8"), force=force, source_path=source_path)


__all__ = ["FORMATS", "SUFFIXES", "render", "write", "write_atomic"]
