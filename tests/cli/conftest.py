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
