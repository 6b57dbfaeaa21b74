"""Exporter tests share the hand-built sample correction of tests/store/samples.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_spec = importlib.util.spec_from_file_location(
    "unspin_test_samples", Path(__file__).resolve().parents[1] / "store" / "samples.py"
)
samples = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(samples)


@pytest.fixture
def correction():
    return samples.sample_correction()
