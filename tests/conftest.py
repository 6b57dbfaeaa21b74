"""Every test runs against a temporary library and settings folder: none touches the user's own.

Qt tests run on the offscreen platform; tests/ui/conftest.py adds the window fixtures.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    """The library folder the code under test falls back to ($UNSPIN_DATA_DIR)."""
    d = tmp_path / "data"
    monkeypatch.setenv("UNSPIN_DATA_DIR", str(d))
    monkeypatch.setenv("UNSPIN_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("UNSPIN_DEBUG", raising=False)
    monkeypatch.delenv("UNSPIN_MODEL", raising=False)  # no test asks a model server unless it starts one
    return d


@pytest.fixture
def library_of_150(tmp_path):
    """A library folder holding 150 articles: a file of many pages, for tests that damage some of them."""
    from reader.services import Library

    data = tmp_path / "lib"
    with Library(data) as lib:
        for i in range(150):
            lib.import_text(f"article {i} " + "lorem ipsum dolor " * 100, f"T{i}")
    return data
