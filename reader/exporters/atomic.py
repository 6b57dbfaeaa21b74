"""Atomic file writes: a temporary file in the same folder, fsync, then rename.

An existing file is never replaced unless `force`; the article's source is never written;
only a regular file is ever replaced: a device (/dev/full), a named pipe, a socket or a folder
is refused, even with `force` (renaming over /dev/null as root would break the system).
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from reader.errors import ExportFailed


def same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def _new_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(
    path: str | Path, data: bytes | Iterable[bytes], *, force: bool = False, source_path: str | Path | None = None
) -> Path:
    """Write `data` (bytes, or pieces of it) to `path` all at once or not at all; return the absolute path."""
    target = Path(path).expanduser().absolute()
    if source_path is not None and same_file(target, source_path):
        raise ExportFailed(target, "that is the source file; choose another name")
    try:
        mode_now = os.stat(target).st_mode  # follows a link: what it points at is what would be replaced
    except OSError:
        mode_now = None
    if mode_now is not None and stat.S_ISDIR(mode_now):
        raise ExportFailed(target, "is a folder; give a file name")
    if mode_now is not None and not stat.S_ISREG(mode_now):
        raise ExportFailed(target, f"is a {_kind(mode_now)}, not a regular file; only regular files are replaced")
    parent = target.parent
    if not parent.is_dir():
        raise ExportFailed(target, f"the folder {parent} does not exist")
    exists = target.exists() or target.is_symlink()
    if exists and not force:
        raise ExportFailed(target, "already exists (use --force to replace it)")
    try:
        mode = target.stat().st_mode & 0o777 if exists else _new_file_mode()
    except OSError:
        mode = _new_file_mode()
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            if isinstance(data, bytes | bytearray):
                f.write(data)
            else:
                for piece in data:
                    f.write(piece)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if force:
            os.replace(tmp, target)
        else:
            _publish_no_clobber(tmp, target)
        tmp = None
        _fsync_dir(parent)
    except ExportFailed:
        raise
    except OSError as e:
        raise ExportFailed(target, f"cannot write the file: {e.strerror or e}") from e
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    return target


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "named pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "special file"


def _publish_no_clobber(tmp: str, target: Path) -> None:
    """Rename without replacing a file that appeared meanwhile (a hard link fails if it exists)."""
    try:
        os.link(tmp, target)
    except FileExistsError as e:
        raise ExportFailed(target, "already exists (use --force to replace it)") from e
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if target.exists():
            raise ExportFailed(target, "already exists (use --force to replace it)") from None
        os.replace(tmp, target)
        return
    os.unlink(tmp)
