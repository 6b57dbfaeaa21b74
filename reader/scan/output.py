"""The scan's output folder: a manifest, then per part a rows file and a stats file, each written atomically.

    OUT/scan.json                  what was asked (inputs, format, part size, min spin) and a hash of the plan
    OUT/part-000007.jsonl|parquet  the part's rows
    OUT/part-000007.stats.json     the part's counts; written last, so its presence means the part is done

A kill at any moment leaves whole files or hidden temporary ones (removed on --resume); a part
without its stats file is simply done again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
from pathlib import Path
from typing import Any

from reader.errors import UnspinError
from reader.exporters.atomic import write_atomic

MANIFEST = "scan.json"
FORMATS = ("jsonl", "parquet")


class OutputError(UnspinError):
    """OUT cannot hold this scan (a file, another scan, not writable)."""


def plan_hash(keys: list[list]) -> str:
    return hashlib.sha256(json.dumps(keys, ensure_ascii=False).encode("utf-8")).hexdigest()[:16]


def rows_path(out: Path, name: str, fmt: str) -> Path:
    return out / f"{name}.{fmt}"


def stats_path(out: Path, name: str) -> Path:
    return out / f"{name}.stats.json"


def prepare(out: Path, manifest: dict[str, Any], resume: bool) -> dict[str, Any] | None:
    """Check OUT may hold this scan (new, empty, or resumable). Returns the manifest found on resume."""
    shown = str(out)
    if out.exists() and not out.is_dir():
        raise OutputError(shown, "is a file; -o wants a folder for the scan's parts")
    found = None
    mpath = out / MANIFEST
    if mpath.is_file():
        try:
            found = json.loads(mpath.read_text("utf-8"))
        except (OSError, ValueError) as e:
            raise OutputError(mpath, f"cannot read the scan manifest ({e})") from None
        if not resume:
            raise OutputError(shown, "holds a scan already: add --resume to finish it, or choose another folder")
        for key, what in (("plan", "inputs or --part-size"), ("format", "--format"), ("min_spin", "--min-spin")):
            if found.get(key) != manifest.get(key):
                raise OutputError(shown, f"holds a scan with other {what}; choose another folder to start a new one")
        for tmp in out.glob(".part-*"):  # temporary files of parts being written when the scan was killed
            with contextlib.suppress(OSError):
                tmp.unlink()
    elif out.is_dir() and any(out.iterdir()):
        raise OutputError(shown, "is a folder with other files in it; choose an empty or new folder")
    return found


def create(out: Path, manifest: dict[str, Any]) -> None:
    """Make OUT and write the manifest: done once the workers are there, so a scan that could not
    start leaves nothing behind that would ask for --resume."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_atomic(out / MANIFEST, (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode(), force=True)
    except OSError as e:
        raise OutputError(str(out), f"cannot write here ({e.strerror or e})") from None


def done_parts(out: Path, names: list[str]) -> set[str]:
    return {n for n in names if stats_path(out, n).is_file()}


def write_part(out: Path, name: str, fmt: str, rows: list[dict[str, Any]], stats: dict[str, Any]) -> None:
    """Rows first, stats last: both atomic, so a part is either done or absent."""
    if fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        from reader.scan.rows import arrow_schema

        buf = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows, schema=arrow_schema()), buf, compression="zstd")
        data = buf.getvalue()
    else:
        data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    write_atomic(rows_path(out, name, fmt), data, force=True)
    write_atomic(stats_path(out, name), json.dumps(stats, ensure_ascii=False).encode("utf-8"), force=True)


def read_stats(out: Path) -> list[dict[str, Any]]:
    found = []
    for p in sorted(out.glob("part-*.stats.json")):
        with contextlib.suppress(OSError, ValueError):
            found.append(json.loads(p.read_text("utf-8")))
    return found


def read_rows(out: Path) -> list[dict[str, Any]]:
    """Every row of a finished scan folder (for tests, the report and small scans; big ones use pyarrow/dask)."""
    rows: list[dict[str, Any]] = []
    for p in sorted(out.glob("part-*")):
        if p.name.endswith(".jsonl"):
            with open(p, encoding="utf-8") as f:
                rows.extend(json.loads(line) for line in f if line.strip())
        elif p.name.endswith(".parquet"):
            import pyarrow.parquet as pq

            for r in pq.read_table(p).to_pylist():
                for k in ("edits", "flags"):
                    r[k] = dict(r[k] or [])
                rows.append(r)
    return rows
