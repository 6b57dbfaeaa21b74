"""Reading a file from disk with clear errors: missing, directory, unreadable, special, empty, too large."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from reader.errors import ImportFailed


def human_size(size: int, other: int | None = None) -> str:
    """'61 MB', '340 KB', '12 bytes'; more precise when rounding would make it read the same as `other`."""
    for digits in (0, 1, 2):
        text = _format_size(size, digits)
        if other is None or text != _format_size(other, 0):
            return text
    return f"{size:,} bytes"


def _format_size(size: int, digits: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    for unit, scale in (("KB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if size < scale * 1000 or unit == "GB":
            amount = size / scale
            value = f"{amount:.{digits + (1 if amount < 10 else 0)}f}"
            if "." in value:
                value = value.rstrip("0").rstrip(".")
            return f"{value} {unit}"
    raise AssertionError("unreachable")


def too_large(where: str, size: int, limit: int) -> ImportFailed:
    return ImportFailed(where, f"{human_size(size, limit)} is over the {human_size(limit)} limit")


def read_file(path: Path, where: str, max_bytes: int) -> bytes:
    """The file's bytes, or ImportFailed. The size is checked with stat before anything is read."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        raise _failure(where, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise ImportFailed(where, "is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise ImportFailed(where, f"not a regular file (it is a {_special_kind(info.st_mode)})")
    if info.st_size == 0:
        raise ImportFailed(where, "the file is empty")
    if info.st_size > max_bytes:
        raise too_large(where, info.st_size, max_bytes)
    try:
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except (OSError, ValueError) as exc:
        raise _failure(where, exc) from None
    if len(data) > max_bytes:
        raise too_large(where, len(data), max_bytes)
    if not data:
        raise ImportFailed(where, "the file is empty")
    return data


def _failure(where: str, exc: OSError | ValueError) -> ImportFailed:
    """The one-line reason for an error from stat() or open(): the same file, the same words."""
    if isinstance(exc, FileNotFoundError | NotADirectoryError):
        return ImportFailed(where, "no such file")
    if isinstance(exc, IsADirectoryError):
        return ImportFailed(where, "is a directory")
    if isinstance(exc, PermissionError):
        return ImportFailed(where, "permission denied")
    if isinstance(exc, ValueError):
        return ImportFailed(where, "not a valid file name")
    return _os_error(where, exc)


def _os_error(where: str, exc: OSError) -> ImportFailed:
    if exc.errno == errno.ENAMETOOLONG:
        return ImportFailed(where, "the file name is too long")
    if exc.errno == errno.ELOOP:
        return ImportFailed(where, "too many symbolic links (a link loop)")
    if exc.errno == errno.EACCES or exc.errno == errno.EPERM:
        return ImportFailed(where, "permission denied")
    reason = exc.strerror or type(exc).__name__
    return ImportFailed(where, f"could not read the file ({reason[:1].lower() + reason[1:]})")


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    return "special file"
