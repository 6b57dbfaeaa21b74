"""Scan tests that need Dask share one two-worker LocalCluster per module."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes, one thread each, shared by the tests of one module (startup ~2 s)."""
    from distributed import LocalCluster

    c = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=logging.ERROR
    )
    yield c
    c.close()
