"""Fixtures for the local-model tests: a fake OpenAI-compatible server on 127.0.0.1 (bench/fake_openai.py)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fake_openai import FakeServer, Reply  # noqa: E402

__all__ = ["FakeServer", "Reply"]


@pytest.fixture
def table_server():
    """A server answering from a table {sent paragraph: answer}; unknown text comes back unchanged."""
    servers = []

    def make(table: dict[str, object], models=("fake-model",)):
        srv = FakeServer(lambda system, user: table.get(user, user), models=models)
        srv.__enter__()
        servers.append(srv)
        return srv

    yield make
    for srv in servers:
        srv.close()


@pytest.fixture
def dead_port():
    """A loopback port nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
