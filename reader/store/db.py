"""The library database: one SQLite file, WAL, foreign keys, busy timeout, migrations at open.

Every SQLite failure a user can meet is turned into a one-line StoreError naming the file:
locked by another program, damaged, read-only, disk full. A damaged file is never written:
a quick check at open finds damage in the middle of the file, and such a file (or one in a
folder we may not write) is opened read-only, with `read_only_reason` saying why.
Before a migration the file is copied beside itself (backup_before_migration).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session

from reader.errors import StoreError
from reader.store import migrate

DB_NAME = "library.sqlite3"
# Seconds a writer waits for another before giving up. Every write transaction is kept well
# under a second (large runs are stored in chunks, see chunks.py), so this is a wide margin.
BUSY_TIMEOUT = 5.0
QUICK_CHECK_SECONDS = 2.0  # the integrity check at open stops (and trusts the file) after this long
_MAGIC = b"SQLite format 3\x00"
DAMAGED_HINT = "keep this file: `unspin repair` saves what can be read into a new one; or use another --data-dir"
REPAIR_HINT = "opened read-only, nothing will be written to it; `unspin repair` saves a repaired copy"
FULL_BELOW = 1 << 20  # bytes free under which an I/O error is reported as a full disk


def _json_default(obj: Any) -> Any:
    if isinstance(obj, set | frozenset | tuple):
        return list(obj)
    return str(obj)


def _dumps(obj: Any) -> str:
    if isinstance(obj, list) and len(obj) > 256:
        # One json.dumps over tens of thousands of edits holds the GIL for half a second and
        # freezes the window while a worker stores a run; item by item, the GUI thread gets turns.
        return "[" + ",".join([_dumps(x) for x in obj]) + "]"
    return json.dumps(obj, ensure_ascii=False, default=_json_default)


_DECODER = json.JSONDecoder()
_SEPARATORS = re.compile(r"[\s,]*")


def _loads(text: str) -> Any:
    """json.loads, but a long top-level list is decoded item by item (see _dumps: the GIL)."""
    if len(text) < 65536 or not text.startswith("["):
        return json.loads(text)
    out = []
    i = _SEPARATORS.match(text, 1).end()
    while text[i] != "]":
        item, i = _DECODER.raw_decode(text, i)
        out.append(item)
        i = _SEPARATORS.match(text, i).end()
    return out


class Store:
    """Engine and sessions for one library file. Sessions are short: one per unit of work."""

    def __init__(self, db_path: str | Path, *, busy_timeout: float = BUSY_TIMEOUT) -> None:
        self.db_path = Path(db_path).absolute()  # a file URI (read-only opening) needs an absolute path
        self.busy_timeout = busy_timeout
        self._write_lock = threading.Lock()  # one writer at a time inside this process
        problem = check_file(self.db_path)
        # Why the library may be read but not written (damaged file, read-only folder); None when writable.
        self.read_only_reason: str | None = None
        self.damaged = False
        if self.db_path.exists() and self.db_path.stat().st_size > 0:
            if problem:
                self.damaged = True
                self.read_only_reason = f"the library file is damaged ({problem}); {REPAIR_HINT}"
            elif not _writable(self.db_path):
                self.read_only_reason = "the library folder or file is read-only; reading only"
        elif not _writable(self.db_path.parent):
            raise StoreError(self.db_path, "cannot create the library: its folder is read-only")
        if self.read_only_reason:
            uri = _read_only_uri(self.db_path)
            self.engine: Engine = create_engine(
                "sqlite+pysqlite://",
                creator=lambda: sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False),
                json_serializer=_dumps,
                json_deserializer=_loads,
            )
        else:
            self.engine = create_engine(
                f"sqlite+pysqlite:///{self.db_path}",
                connect_args={"timeout": busy_timeout},
                json_serializer=_dumps,
                json_deserializer=_loads,
            )
        event.listen(self.engine, "connect", self._on_connect)
        event.listen(self.engine, "begin", self._on_begin)
        # Writes take the database's write lock when they start (BEGIN IMMEDIATE), so two
        # processes queue on the busy timeout instead of failing on a lock upgrade.
        self._writer = self.engine.execution_options(immediate=True)
        try:
            self._open()
        except BaseException:
            self.engine.dispose()
            raise

    # -- connection setup ------------------------------------------------------------
    def _on_connect(self, dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (see _on_begin)
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
        if not self.read_only_reason:
            self._wal(cur)
        cur.close()

    def _wal(self, cur: sqlite3.Cursor) -> None:
        """Switch the file to WAL: persistent in the file, so a no-op once set; must run outside any transaction.

        The switch needs the file to itself, and SQLite may answer "locked" at once rather than wait on the busy
        timeout when another process is creating the same library: retry until the timeout.
        """
        deadline = time.monotonic() + self.busy_timeout
        while True:
            try:
                if cur.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
                    cur.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e) or time.monotonic() >= deadline:
                    raise
                time.sleep(0.02)

    @staticmethod
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    def _open(self) -> None:
        with self.translate(), self.engine.connect() as conn:
            if self.read_only_reason:
                rev = migrate.current_revision(conn)
                conn.rollback()
                if rev != migrate.HEAD:
                    raise StoreError(
                        self.db_path,
                        f"{self.read_only_reason.split(';')[0]}, and it needs an upgrade this program cannot write",
                    )
                return
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            if str(mode).lower() != "wal":
                raise StoreError(self.db_path, f"cannot switch the library to WAL mode (got {mode})")
            rev = migrate.current_revision(conn)
            conn.rollback()
            if rev == migrate.HEAD:
                return
        if rev is not None and rev in migrate.known_revisions():
            self.backup_before_migration(rev)
        with self._write_lock, self.translate(), self._writer.connect() as conn, conn.begin():
            # Re-read inside the write lock: another process may have migrated meanwhile.
            rev = migrate.current_revision(conn)
            if rev == migrate.HEAD:
                return
            if rev is not None and rev not in migrate.known_revisions():
                raise StoreError(
                    self.db_path, f"the library was written by a newer Unspin Reader (schema {rev}); update the program"
                )
            migrate.upgrade(conn)

    def backup_before_migration(self, revision: str) -> Path:
        """Copy the library (a consistent snapshot, WAL included) to library-before-<rev>-<time>.sqlite3."""
        stamp = time.strftime("%Y%m%d-%H%M%S")
        target = self.db_path.with_name(f"{self.db_path.stem}-before-{revision}-{stamp}{self.db_path.suffix}")
        try:
            src = sqlite3.connect(self.db_path, timeout=self.busy_timeout)
            try:
                dst = sqlite3.connect(target)
                try:
                    src.backup(dst)
                finally:
                    dst.close()
            finally:
                src.close()
        except (sqlite3.Error, OSError) as e:
            target.unlink(missing_ok=True)
            raise StoreError(
                self.db_path, f"cannot back up the library before upgrading it ({self.error_for(e).problem})"
            ) from e
        return target

    # -- sessions --------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.translate(), Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction, committed on success, rolled back on error."""
        if self.read_only_reason:
            raise StoreError(self.db_path, self.read_only_reason)
        with self._write_lock, self.translate(), Session(self._writer, expire_on_commit=False) as s, s.begin():
            yield s

    @contextmanager
    def translate(self) -> Iterator[None]:
        """Turn SQLite/SQLAlchemy errors into one-line StoreErrors naming the library file."""
        try:
            yield
        except exc.DBAPIError as e:
            raise self.error_for(e.orig if e.orig is not None else e) from e
        except sqlite3.Error as e:
            raise self.error_for(e) from e

    def error_for(self, err: BaseException) -> StoreError:
        msg = str(err).strip() or type(err).__name__
        low = msg.lower()
        if "locked" in low or "busy" in low:
            return StoreError(self.db_path, "the library is locked by another program (try again)")
        if any(
            k in low
            for k in ("not a database", "malformed", "disk image", "encrypted", "corrupt", "vtable constructor")
        ):
            return StoreError(self.db_path, f"the library file is damaged: {msg}; {DAMAGED_HINT}")
        if "readonly" in low or "read-only" in low:
            return StoreError(self.db_path, "the library is read-only (check the file's permissions)")
        if "full" in low or (isinstance(err, OSError) and err.errno == errno.ENOSPC) or self._disk_full():
            return StoreError(self.db_path, "the disk is full; free some space and try again")
        if "unable to open" in low:
            return StoreError(self.db_path, "cannot open the library file (check the folder exists and is writable)")
        return StoreError(self.db_path, f"database error: {msg}")

    def _disk_full(self) -> bool:
        """SQLite reports a write that ran out of room in the WAL as a plain "disk I/O error"."""
        try:
            return shutil.disk_usage(self.db_path.parent).free < FULL_BELOW
        except OSError:
            return False

    def close(self) -> None:
        self.engine.dispose()


def _writable(path: Path) -> bool:
    """May we write `path` (a file, or a folder to create files in)? A read-only mount says no even to root."""
    if path.is_dir():
        return os.access(path, os.W_OK | os.X_OK)
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def _read_only_uri(db_path: Path) -> str:
    # With no -wal file nobody is writing (or can: the folder may be read-only): read the file as
    # immutable, which creates nothing beside it. With one, a plain read-only connection reads it.
    wal = db_path.with_name(db_path.name + "-wal")
    params = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return f"{db_path.absolute().as_uri()}?{params}"


def check_file(db_path: Path) -> str | None:
    """Refuse a file that is not an SQLite database, before SQLite touches it; say what is damaged.

    Checks the header magic (refused: nothing to read) and then the file's integrity with a
    read-only quick_check: whole when the file holds fewer pages than its header says (a
    truncated copy), else bounded to QUICK_CHECK_SECONDS. Returns the problem, or None.
    """
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return None
    except OSError as e:
        raise StoreError(db_path, f"cannot read the library file: {e.strerror or e}") from e
    if db_path.is_dir():
        raise StoreError(db_path, "is a directory, not a library file")
    if size == 0:
        return None  # an empty file is a new database; nothing to lose
    try:
        with db_path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise StoreError(db_path, f"cannot read the library file: {e.strerror or e}") from e
    if len(header) < 100 or not header.startswith(_MAGIC):
        raise StoreError(db_path, f"the library file is damaged: not an SQLite database; {DAMAGED_HINT}")
    (page_size,) = struct.unpack(">H", header[16:18])
    page_size = 65536 if page_size == 1 else page_size
    # The header's page count is trusted only when its change counter matches "version valid for".
    pages = struct.unpack(">I", header[28:32])[0] if header[24:28] == header[92:96] else 0
    suspect = page_size < 512 or size % page_size != 0 or pages * page_size > size
    stamp = (db_path, size, db_path.stat().st_mtime_ns)
    if not suspect and stamp in _CHECKED:
        return None  # found intact in this process and not changed on disk since
    # A mismatch alone is not damage: a checkpoint in another process can briefly write page 1
    # before the pages after it. The check decides, and is not cut short then.
    problem = _quick_check(db_path, None if suspect else QUICK_CHECK_SECONDS)
    if problem and "not a database" in problem:
        raise StoreError(db_path, f"the library file is damaged: {problem}; {DAMAGED_HINT}")
    if not problem:
        _CHECKED.add(stamp)
    return problem


# (path, size, mtime) of library files found intact in this process: the window opens a
# connection per worker job, and each need not read the whole file again.
_CHECKED: set[tuple[Path, int, int]] = set()


def _quick_check(db_path: Path, seconds: float | None = None) -> str | None:
    """SQLite's quick_check, read-only; None when the file looks intact (or the check ran out of time)."""
    try:
        conn = sqlite3.connect(_read_only_uri(db_path), uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as e:
        return str(e)
    timed_out = False
    if seconds is not None:
        deadline = time.monotonic() + seconds

        def stop() -> int:
            nonlocal timed_out
            timed_out = time.monotonic() > deadline
            return 1 if timed_out else 0

        conn.set_progress_handler(stop, 10_000)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as e:
        return None if timed_out else str(e)
    finally:
        conn.close()
    bad = [str(r[0]) for r in rows if r[0] != "ok"]
    if not bad:
        return None
    first = " ".join(bad[0].replace("*** in database main ***", "").split())
    return first + (f" (and {len(bad) - 1} more problems)" if len(bad) > 1 else "")
