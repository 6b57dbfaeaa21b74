"""Where the window keeps its volatile state (geometry, splitters, recent files, zoom, threshold).

QSettings is created on demand, never at import. UNSPIN_CONFIG_DIR points it at a directory
of our choosing (tests, portable use); otherwise Qt's per-user location is used.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings

ORGANISATION = "Unspin"
APPLICATION = "Unspin Reader"
MAX_RECENT = 10


def make_settings() -> QSettings:
    base = os.environ.get("UNSPIN_CONFIG_DIR")
    if base:
        Path(base).mkdir(parents=True, exist_ok=True)
        return QSettings(str(Path(base) / "unspin-reader.ini"), QSettings.Format.IniFormat)
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANISATION, APPLICATION)


def read_list(settings: QSettings, key: str) -> list[str]:
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def push_recent(settings: QSettings, path: str) -> list[str]:
    recent = [p for p in read_list(settings, "recent_files") if p != path]
    recent.insert(0, path)
    recent = recent[:MAX_RECENT]
    settings.setValue("recent_files", recent)
    return recent


def read_bool(settings: QSettings, key: str, default: bool = False) -> bool:
    value = settings.value(key, default)
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)


def read_float(settings: QSettings, key: str, default: float) -> float:
    try:
        return float(settings.value(key, default))
    except (TypeError, ValueError):
        return default
