"""The library database: one SQLite file, WAL, foreign keys, busy timeout, migrations at open.

Every SQLite failure a user can meet is turned into a one-line StoreError naming the file:
locked by another program, damaged, read-only, disk full. A damaged file is never written.
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import Session

from reader.errors import StoreError
from reader.store import migrate

DB_NAME = "library.sqlite3"
BUSY_TIMEOUT = 5.0  # seconds another writer may hold the lock before we give up
_MAGIC = b"SQLite format 3\x00"
DAMAGED_HINT = "start with another library folder (--data-dir) and keep this file for recovery"


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
        self.db_path = Path(db_path)
        self.busy_timeout = busy_timeout
        self._write_lock = threading.Lock()  # one writer at a time inside this process
        check_file(self.db_path)
        self.engine: Engine = create_engine(
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
        # Persistent in the file; a no-op once set. Must run outside any transaction.
        cur.execute("PRAGMA journal_mode = WAL")
        cur.close()

    @staticmethod
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    def _open(self) -> None:
        with self.translate(), self.engine.connect() as conn:
            mode = conn.exec_driver_sql("PRAGMA journal_mode").scalar()
            if str(mode).lower() != "wal":
                raise StoreError(self.db_path, f"cannot switch the library to WAL mode (got {mode})")
            if migrate.current_revision(conn) == migrate.HEAD:
                conn.rollback()
                return
            conn.rollback()
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

    # -- sessions --------------------------------------------------------------------
    @contextmanager
    def read(self) -> Iterator[Session]:
        with self.translate(), Session(self.engine, expire_on_commit=False) as s:
            yield s

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A session in one write transaction, committed on success, rolled back on error."""
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
        if "full" in low:
            return StoreError(self.db_path, "the disk is full; free some space and try again")
        if "unable to open" in low:
            return StoreError(self.db_path, "cannot open the library file (check the folder exists and is writable)")
        return StoreError(self.db_path, f"database error: {msg}")

    def close(self) -> None:
        self.engine.dispose()


def check_file(db_path: Path) -> None:
    """Refuse a file that is not an intact SQLite database, before SQLite touches it.

    Checks the header magic and that the file holds as many pages as its header says
    (a truncated copy); a mismatch is confirmed with a read-only quick_check, because a
    checkpoint in another process can briefly write page 1 before the pages after it.
    """
    try:
        size = db_path.stat().st_size
    except FileNotFoundError:
        return
    except OSError as e:
        raise StoreError(db_path, f"cannot read the library file: {e.strerror or e}") from e
    if db_path.is_dir():
        raise StoreError(db_path, "is a directory, not a library file")
    if size == 0:
        return  # an empty file is a new database; nothing to lose
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
    if suspect:
        problem = _quick_check(db_path)
        if problem:
            raise StoreError(db_path, f"the library file is damaged: {problem}; {DAMAGED_HINT}")


def _quick_check(db_path: Path) -> str | None:
    # With no -wal file nobody is writing: read the file as immutable, creating nothing beside it.
    wal = db_path.with_name(db_path.name + "-wal")
    params = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{db_path.as_uri()}?{params}", uri=True, timeout=BUSY_TIMEOUT)
    except sqlite3.Error as e:
        return str(e)
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as e:
        return str(e)
    finally:
        conn.close()
    bad = [r[0] for r in rows if r[0] != "ok"]
    return f"{bad[0]}" + (f" (and {len(bad) - 1} more problems)" if len(bad) > 1 else "") if bad else None
