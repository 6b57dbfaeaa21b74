"""CLI tests run `unspin` in process; the temporary data dir comes from tests/conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def run(capsys):
    """run(*argv) -> (exit status, stdout, stderr) through reader.cli.main."""
    from reader.cli import main

    def _run(*argv: str):
        rc = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return _run


@pytest.fixture
def dead_port():
    """A loopback port nothing listens on."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
