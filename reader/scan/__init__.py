"""Scan many documents for spinning on Dask: folders, JSONL and WARC/WET in, one row per document out.

inputs (plan parts, read documents) -> worker (language, engine, one part written atomically)
-> runner (Dask client, progress, summary) -> report (one HTML page). rows.py alone reads a Correction.
"""

from __future__ import annotations

from reader.scan.runner import ScanRequest, Summary, run_scan

__all__ = ["ScanRequest", "Summary", "run_scan"]
