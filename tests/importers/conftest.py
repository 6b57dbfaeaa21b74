"""Shared helpers for the importer tests: documents are generated in tmp_path, nothing is committed."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import ImportFailed
from reader.importers import import_path


@pytest.fixture
def write(tmp_path: Path):
    """write(name, bytes_or_text) -> Path of a new file in tmp_path."""

    def _write(name: str, content: bytes | str) -> Path:
        path = tmp_path / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return _write


@pytest.fixture
def fails(write):
    """fails(name, content, **kw) -> the one-line message of the ImportFailed that importing it raises."""

    def _fails(name: str, content: bytes | str, **kwargs) -> str:
        path = write(name, content)
        with pytest.raises(ImportFailed) as caught:
            import_path(path, **kwargs)
        message = str(caught.value)
        assert "\n" not in message
        assert message.startswith(f"{path}: ")
        return message[len(f"{path}: ") :]

    return _fails
