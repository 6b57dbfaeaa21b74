"""Alembic migrations for the library, run programmatically by reader.store.migrate (no alembic.ini)."""
