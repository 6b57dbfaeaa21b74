"""Where the program's shipped data lives: resources/ (tables, icons, the .desktop file) and seeds/.

In a checkout (and `pip install -e .`) they are the top-level resources/ and seeds/ folders,
the source of truth. An installed wheel or sdist carries copies as package data under
reader/_resources and reader/_seeds (setup.py maps the folders there), read through
importlib.resources. Missing or unreadable data is a one-line ResourcesMissing, never a
silent engine that changes nothing.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from reader.errors import UnspinError

_CHECKOUT = Path(__file__).resolve().parent.parent
REINSTALL_HINT = "the installation is incomplete; reinstall Unspin Reader (pip install --force-reinstall unspin-reader)"


class ResourcesMissing(UnspinError):
    """Data the program ships with (rule tables, icons) is missing or unreadable."""


def _root(packaged: str, checkout: str) -> Path:
    inside = resources.files("reader").joinpath(packaged)
    if inside.is_dir():
        return Path(str(inside))  # a wheel on disk: a real folder (zip imports are not supported)
    return _CHECKOUT / checkout


def resources_root() -> Path:
    """The folder holding lexicon/, icons/ and everything else under the repository's resources/."""
    return _root("_resources", "resources")


def seeds_root() -> Path:
    return _root("_seeds", "seeds")


def resource_path(*parts: str, expect: str = "*") -> Path:
    """The shipped file or folder resources/<parts...>; ResourcesMissing if it is absent or unreadable.

    A folder must hold at least one readable file matching `expect` (a lexicon folder without
    its tables would make the engine silently change nothing).
    """
    path = resources_root().joinpath(*parts)
    if path.is_dir():
        files = [p for p in path.glob(expect) if p.is_file()]
        if not files:
            raise ResourcesMissing(path, f"no {expect} files here; {REINSTALL_HINT}")
        bad = next((p for p in files if not os.access(p, os.R_OK)), None)
        if bad is not None:
            raise ResourcesMissing(bad, "cannot be read (check its permissions)")
    elif not path.is_file():
        raise ResourcesMissing(path, f"not found; {REINSTALL_HINT}")
    elif not os.access(path, os.R_OK):
        raise ResourcesMissing(path, "cannot be read (check its permissions)")
    return path


def seed_path(name: str = "xi-putin-nato-guardian-spun.txt") -> Path:
    """The sample article put in an empty library (may be absent in a trimmed install)."""
    return seeds_root() / name
