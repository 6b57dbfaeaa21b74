"""Opening (dialog, several files, drag and drop, recent files) and saving (cleaned copy, report).

A mixin of MainWindow; the slow parts run on workers, each with a library connection of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog

from reader.ui.errors_text import message_for, short_title
from reader.ui.window_state import push_recent, read_list

OPEN_FILTER = "Articles (*.txt *.md *.markdown *.html *.htm *.pdf *.docx);;All files (*)"
SAVE_FILTERS = {"Plain text (*.txt)": "txt", "Markdown (*.md)": "md", "HTML (*.html)": "html"}
REPORT_FILTERS = {"HTML report (*.html)": "report-html", "JSON report (*.json)": "report-json"}


class FilesMixin:
    # ---- opening -------------------------------------------------------------------------------------
    def open_dialog(self) -> None:
        start = (
            str(Path(read_list(self.settings, "recent_files")[0]).parent)
            if read_list(self.settings, "recent_files")
            else str(Path.home())
        )
        paths, _ = QFileDialog.getOpenFileNames(self, "Open articles", start, OPEN_FILTER)
        if paths:
            self.open_files(paths)

    def open_files(self, paths: Iterable[str], remember: bool = True) -> None:
        """Import each file on a worker; show the last one imported."""
        paths = [str(p) for p in paths]
        for n, path in enumerate(paths):
            last = n == len(paths) - 1
            self._imports += 1
            self.review_status.busy(f"Importing {Path(path).name}")
            self.runner.submit(
                lambda _cancel, _progress, p=path: self._in_worker_library(lambda lib: lib.import_file(p)),
                on_result=lambda res, p=path, show=last: self._imported(res, p, show, remember),
                on_error=lambda exc, p=path: self._import_failed(exc, p),
                name="import",
            )

    def _in_worker_library(self, fn: Callable[[Any], Any]) -> Any:
        """Run fn with a library connection of the worker's own (SQLite connections stay per thread)."""
        lib = self.library_factory()
        try:
            return fn(lib)
        finally:
            if lib is not self.library and hasattr(lib, "close"):
                lib.close()

    def _import_done(self) -> None:
        self._imports -= 1
        if self._imports <= 0 and self._correct_job is None:
            self.review_status.idle()

    def _imported(self, result, path: str, show: bool, remember: bool) -> None:
        self._import_done()
        if remember:
            push_recent(self.settings, str(Path(path).resolve()))
            self._rebuild_recent()
        article = result.article
        if result.duplicate:
            self.notify(f"Already in the library: “{short_title(article.title)}” (opened the copy there)", 8000)
        elif getattr(article, "copies", 1) > 1:
            others = article.copies - 1
            self.notify(
                f"Imported “{short_title(article.title)}”: {others} other cop{'y' if others == 1 else 'ies'} of it"
                " in the library, read as evidence (Correct Again on the others to use this one)",
                10000,
            )
        else:
            self.notify(f"Imported “{short_title(article.title)}”", 5000)
        # the title is still the spun one: the correction that finds the real title has not run yet
        self._import_note = None if result.duplicate else (article.id, article.title, self.last_message)
        self._clear_search()  # the new article must not be hidden by the list's search filter
        self.refresh_library()
        self.import_finished.emit(result)
        if show:
            self.show_article(article.id)

    def retitle_import_message(self, article_id, title: str) -> None:
        """Once corrected, the import message names the corrected title, as the library list does
        (before: "Imported “Xi and you can Putin desire…”" beside "Xi and Putin urge…" in the list)."""
        note, self._import_note = getattr(self, "_import_note", None), None
        if note is None or note[0] != article_id or note[1] == title or not title:
            return
        if self.last_message == note[2] and self.statusBar().currentMessage():  # still showing
            self.notify(note[2].replace(f"“{short_title(note[1])}”", f"“{short_title(title)}”", 1), 5000)

    def _import_failed(self, exc: BaseException, path: str) -> None:
        self._import_done()
        self.show_error(message_for(exc))

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_files(paths)

    # ---- saving --------------------------------------------------------------------------------------
    def _default_path(self, suffix: str, tag: str) -> str:
        src = Path(self.article.source_path) if self.article and self.article.source_path else None
        stem = src.stem if src else "article"
        folder = src.parent if src and src.parent.exists() else Path.home()
        return str(folder / f"{stem}-{tag}{suffix}")

    def save_cleaned_dialog(self) -> None:
        if self.article is None:
            return
        path, chosen = QFileDialog.getSaveFileName(
            self, "Save cleaned copy", self._default_path(".txt", "cleaned"), ";;".join(SAVE_FILTERS)
        )
        if path:
            self.export(path, _format_for(path, chosen, SAVE_FILTERS, "txt"))

    def export_report_dialog(self) -> None:
        if self.article is None:
            return
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export review report", self._default_path(".html", "review"), ";;".join(REPORT_FILTERS)
        )
        if path:
            fmt = _format_for(path, chosen, {k: v.split("-")[1] for k, v in REPORT_FILTERS.items()}, "html")
            self.export(report_path(path, fmt), "report-" + fmt)

    def export(self, path: str, fmt: str) -> None:
        """Write a cleaned copy or report on a worker; the original file is never touched."""
        if self.article is None:
            return
        self.flush()
        aid = self.article.id
        pending = (
            [i for i, e in enumerate(self.correction.edits) if i not in self.decisions and e.replacements]
            if self.correction
            else []
        )
        self.review_status.busy("Saving")
        self.runner.submit(
            lambda _c, _p: self._in_worker_library(lambda lib: lib.export(aid, path, fmt, force=True)),
            on_result=lambda out: self._exported(out, len(pending)),
            on_error=lambda exc: (self.review_status.idle(), self.show_error(message_for(exc))),
            name="export",
        )

    def _exported(self, out, pending: int) -> None:
        self.review_status.idle()
        note = f" ({pending} undecided changes as the engine chose them)" if pending else ""
        self.notify(f"Saved {Path(out).name} in {Path(out).parent}{note}", 10000)


def report_path(path: str, fmt: str) -> str:
    """A report named report2.txt would be HTML in a .txt: the report's own suffix is added (report2.txt.html)."""
    wanted = {"html": (".html", ".htm"), "json": (".json",)}[fmt]
    return path if Path(path).suffix.lower() in wanted else path + wanted[0]


def _format_for(path: str, chosen_filter: str, filters: dict[str, str], default: str) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    by_suffix = {
        "txt": "txt",
        "text": "txt",
        "md": "md",
        "markdown": "md",
        "html": "html",
        "htm": "html",
        "json": "json",
    }
    if suffix in by_suffix and by_suffix[suffix] in filters.values():
        return by_suffix[suffix]
    return filters.get(chosen_filter, default)
