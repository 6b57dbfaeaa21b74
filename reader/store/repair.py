"""Save what can be read from a damaged library into a new file; the damaged one is never written.

SQLite's own `.recover` (the sqlite3 command-line program, when installed) reads every page it
can, including rows of damaged tables; without it, the rows each table still yields are copied
into a fresh library. The full-text index is rebuilt and the copy checked before it is published.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from reader.errors import StoreError
from reader.store import migrate
from reader.store.db import DB_NAME, Store, _read_only_uri

TABLES = ("articles", "correction_runs", "run_edit_chunks", "decisions", "exports")
RECOVER_TIMEOUT = 600  # seconds


@dataclass(frozen=True)
class RepairReport:
    path: Path
    articles: int
    runs: int
    decisions: int
    method: str

    def summary(self) -> str:
        return f"{self.articles} articles, {self.runs} correction runs, {self.decisions} decisions; {self.method}"


def repair(data_dir: Path, out_dir: Path | None = None) -> RepairReport:
    """Recover `data_dir`/library.sqlite3 into `out_dir` (default: a new folder beside data_dir)."""
    src = (data_dir / DB_NAME).absolute()
    if not src.is_file():
        raise StoreError(src, "no library file here to repair")
    if out_dir is None:
        out_dir = data_dir.absolute().parent / f"{data_dir.absolute().name}-repaired-{time.strftime('%Y%m%d-%H%M%S')}"
    target = (out_dir / DB_NAME).absolute()
    if target.exists() or target == src:
        raise StoreError(target, "already exists; the repaired copy goes into a new file (choose another -o)")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(out_dir, f"cannot create the folder: {e.strerror or e}") from e
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    method = ""
    try:
        if shutil.which("sqlite3") and _recover_with_cli(src, part):
            method = "recovered with sqlite3 .recover"
        else:
            part.unlink(missing_ok=True)
            _copy_rows(src, part)
            method = "readable rows copied"
        counts = _finish(part)
        part.replace(target)
    except sqlite3.Error as e:
        raise StoreError(src, f"the repair failed: {e}") from e
    finally:
        part.unlink(missing_ok=True)
    return RepairReport(target, counts["articles"], counts["correction_runs"], counts["decisions"], method)


def _recover_with_cli(src: Path, part: Path) -> bool:
    dump = subprocess.run(
        ["sqlite3", "-readonly", _read_only_uri(src), ".recover"],
        capture_output=True,
        timeout=RECOVER_TIMEOUT,
    )
    if dump.returncode != 0 or not dump.stdout:
        return False
    load = subprocess.run(["sqlite3", str(part)], input=dump.stdout, capture_output=True, timeout=RECOVER_TIMEOUT)
    if load.returncode != 0:
        return False
    conn = sqlite3.connect(part)
    try:
        has = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    return {"articles", "alembic_version"} <= has


def _copy_rows(src: Path, part: Path) -> None:
    """A fresh library, then each table's rows as far as they read (a damaged page ends that table)."""
    Store(part).close()
    old = sqlite3.connect(_read_only_uri(src), uri=True)
    new = sqlite3.connect(part)
    try:
        for table in TABLES:
            try:
                cols_old = {r[1] for r in old.execute(f"PRAGMA table_info({table})")}
            except sqlite3.Error:
                continue
            cols = [r[1] for r in new.execute(f"PRAGMA table_info({table})") if r[1] in cols_old]
            if not cols:
                continue
            names = ", ".join(cols)
            marks = ", ".join("?" * len(cols))
            for row in _readable_rows(old, table, names):
                with contextlib.suppress(sqlite3.IntegrityError):
                    new.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)
        new.commit()
    finally:
        old.close()
        new.close()


def _readable_rows(conn: sqlite3.Connection, table: str, names: str):
    """The table's rows in rowid order, stepping over unreadable pages (seeking past them by rowid)."""
    try:
        top = conn.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
    except sqlite3.Error:
        top = 1 << 40
    after, step = -1, 1
    while after < top:
        try:
            for row in conn.execute(f"SELECT rowid, {names} FROM {table} WHERE rowid > ? ORDER BY rowid", (after,)):
                after, step = row[0], 1
                yield row[1:]
            return
        except sqlite3.Error:
            after, step = after + step, step * 2  # a damaged page: try further on, further each time


def _finish(part: Path) -> dict[str, int]:
    """Rebuild the search index, drop rows whose parent was lost, check the copy; row counts."""
    conn = sqlite3.connect(part, isolation_level=None)
    try:
        has = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" in has and not conn.execute("SELECT 1 FROM alembic_version").fetchone():
            conn.execute("INSERT INTO alembic_version VALUES (?)", (migrate.HEAD,))
        conn.execute("BEGIN")
        if {"correction_runs", "articles"} <= has:
            conn.execute("DELETE FROM correction_runs WHERE article_id NOT IN (SELECT id FROM articles)")
        if {"decisions", "correction_runs"} <= has:
            conn.execute("DELETE FROM decisions WHERE run_id NOT IN (SELECT id FROM correction_runs)")
        if {"exports", "articles"} <= has:
            conn.execute("DELETE FROM exports WHERE article_id NOT IN (SELECT id FROM articles)")
        if "articles_fts" in has:
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
        conn.execute("COMMIT")
        problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(f"the recovered copy is still damaged: {problems[0]}")
        conn.execute("PRAGMA journal_mode = WAL")
        counts = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES if t in has}
    finally:
        conn.close()
    Store(part).close()  # migrates a copy from an older schema, and proves it opens
    return {t: counts.get(t, 0) for t in TABLES}
