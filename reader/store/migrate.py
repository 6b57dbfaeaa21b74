"""Schema migrations, run programmatically at open (no alembic.ini).

Alembic is imported only when the file is not at the current revision, so opening an
up-to-date library stays fast.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0002_reliability"  # the newest revision in migrations/versions; a test keeps it in step


def current_revision(conn: Connection) -> str | None:
    has_table = conn.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
    ).first()
    if not has_table:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return row[0] if row else None


def alembic_config(conn: Connection):  # -> alembic.config.Config
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = conn
    return cfg


def upgrade(conn: Connection, revision: str = "head") -> None:
    """Bring the schema to `revision` inside the caller's (write) transaction."""
    from alembic import command

    command.upgrade(alembic_config(conn), revision)


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    cfg = alembic_config(None)  # type: ignore[arg-type]
    return {s.revision for s in ScriptDirectory.from_config(cfg).walk_revisions()}
