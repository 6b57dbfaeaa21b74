"""Every CLI test gets a temporary data dir (UNSPIN_DATA_DIR), so no test touches the user's library."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    d = tmp_path / "data"
    monkeypatch.setenv("UNSPIN_DATA_DIR", str(d))
    monkeypatch.delenv("UNSPIN_DEBUG", raising=False)
    return d


@pytest.fixture
def run(capsys):
    """run(*argv) -> (exit status, stdout, stderr) through reader.cli.main."""
    from reader.cli import main

    def _run(*argv: str):
        rc = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return rc, out, err

    return _run
