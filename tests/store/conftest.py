"""Store tests open a library in their own folder (the default one is temporary: tests/conftest.py)."""

from __future__ import annotations

import pytest


@pytest.fixture
def lib(tmp_path):
    from reader.services import Library

    library = Library(tmp_path / "lib")
    yield library
    library.close()
