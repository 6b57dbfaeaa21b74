"""Keeping third-party parsers' log warnings off the user's terminal while they read a file.

Library loggers without handlers print WARNING records through logging's last-resort handler, so a damaged
file would spray "EOF marker not found" lines over the CLI's output. The level is raised while any import
runs (a counter makes it safe for concurrent imports) and restored when the last one ends.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth: dict[str, int] = {}
_saved: dict[str, int] = {}


@contextmanager
def quiet(*names: str) -> Iterator[None]:
    with _lock:
        for name in names:
            if _depth.get(name, 0) == 0:
                logger = logging.getLogger(name)
                _saved[name] = logger.level
                logger.setLevel(logging.CRITICAL + 1)
            _depth[name] = _depth.get(name, 0) + 1
    try:
        yield
    finally:
        with _lock:
            for name in names:
                _depth[name] -= 1
                if _depth[name] == 0:
                    logging.getLogger(name).setLevel(_saved.pop(name))
