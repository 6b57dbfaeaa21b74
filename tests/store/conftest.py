"""Every store test gets its own data dir; nothing touches the user's library."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _temporary_data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_DATA_DIR", str(tmp_path / "default-data"))


@pytest.fixture
def lib(tmp_path):
    from reader.services import Library

    library = Library(tmp_path / "lib")
    yield library
    library.close()
