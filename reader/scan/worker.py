"""What runs on a Dask worker: read one part, correct each English document, write the part.

Plain functions and one WorkerPlugin, so the same code runs in a LocalCluster process and on
any cluster whose workers have this package installed and see the input and output paths.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.scan import language, output
from reader.scan.inputs import Doc, Part, domain_of, read_part
from reader.scan.rows import SPUN, empty_row, engine_fields

PROGRESS_TOPIC = "unspin-scan-progress"
PROGRESS_EVERY = 0.5  # seconds between progress events from one worker
HIST_BINS = 20
TOP_DOCS = 20
WARM_UPS = 0  # how many times this process loaded the engine's tables (the plugin makes it once)


def warm_up() -> None:
    """Load the engine's tables and the language model now, once per worker process."""
    global WARM_UPS
    from reader.engine import correct

    correct("Load the tables once, before the first document, and you can scan.")
    language.warm_up()
    WARM_UPS += 1


try:
    from distributed.diagnostics.plugin import WorkerPlugin
except ImportError:  # pragma: no cover - dask is a dependency; keeps the module importable without it
    WorkerPlugin = object  # type: ignore[assignment,misc]


class EngineLoader(WorkerPlugin):  # type: ignore[misc,valid-type]
    """Registered once by the client: every worker, present or joining later, loads the tables at start."""

    name = "unspin-engine"

    async def setup(self, worker) -> None:
        # In a thread: loading takes seconds, and the worker's event loop must keep answering the scheduler.
        await asyncio.get_running_loop().run_in_executor(None, warm_up)


@dataclass(frozen=True)
class ScanSettings:
    out: str  # absolute folder
    fmt: str = "jsonl"
    min_spin: float | None = None
    text_field: str = "text"
    id_field: str | None = None


def scan_doc(doc: Doc) -> dict[str, Any]:
    """One row: read error, skipped (empty, not English) or the engine's verdict."""
    from reader.engine import correct

    t0 = time.perf_counter()
    row = empty_row(doc.id, doc.source, domain_of(doc.id))
    if doc.error is not None:
        row["status"], row["error"] = "error", doc.error
    elif doc.text is None and doc.language:  # the input named another language; the text was not read
        row["status"], row["language"] = "skipped", doc.language
    else:
        text = doc.text or ""
        row["words"] = len(text.split())
        if row["words"] == 0:
            row["status"], row["error"] = "skipped", "no text"
        else:
            row["language"] = doc.language or language.guess(text)
            if row["language"] != "en":
                row["status"] = "skipped"
            else:
                try:
                    row.update(engine_fields(correct(text)))
                except Exception as e:  # an engine bug on one odd page must not stop millions of others
                    row["status"], row["error"] = "error", f"the engine failed on this text ({type(e).__name__}: {e})"
    row["seconds"] = round(doc.read_seconds + time.perf_counter() - t0, 4)
    return row


def _new_stats(part: Part) -> dict[str, Any]:
    return {
        "part": part.name,
        "docs": 0,
        "ok": 0,
        "spun": 0,
        "skipped": 0,
        "errors": 0,
        "written": 0,
        "words": 0,
        "seconds": 0.0,
        "languages": {},
        "spinners": {},
        "hist": [0] * HIST_BINS,
        "domains": {},
        "tortured": {},
        "top": [],
        "error_examples": [],
    }


def _count(stats: dict[str, Any], row: dict[str, Any]) -> None:
    stats["docs"] += 1
    stats["seconds"] += row["seconds"]
    status = row["status"]
    if status == "error":
        stats["errors"] += 1
        if len(stats["error_examples"]) < 5:
            stats["error_examples"].append([row["id"], row["error"]])
        return
    if status == "skipped":
        stats["skipped"] += 1
        lang = row["language"] or "empty"
        stats["languages"][lang] = stats["languages"].get(lang, 0) + 1
        return
    stats["ok"] += 1
    stats["words"] += row["words"]  # words corrected (English only)
    score = row["spin_score"] or 0.0
    stats["hist"][min(HIST_BINS - 1, int(score * HIST_BINS))] += 1
    if row["spinner"]:
        stats["spinners"][row["spinner"]] = stats["spinners"].get(row["spinner"], 0) + 1
    if score >= SPUN:
        stats["spun"] += 1
        if row["domain"]:
            stats["domains"][row["domain"]] = stats["domains"].get(row["domain"], 0) + 1
    for phrase in row["tortured"]:
        stats["tortured"][phrase] = stats["tortured"].get(phrase, 0) + 1
    stats["top"].append([score, row["id"], row["input"], row["spinner"], row["words"]])
    if len(stats["top"]) > 4 * TOP_DOCS:
        stats["top"] = _top(stats["top"])


def _top(items: list) -> list:
    return sorted(items, key=lambda t: (-t[0], t[1]))[:TOP_DOCS]


def _emit(part: Part, docs: int, fraction: float) -> None:
    try:
        from distributed import get_worker

        get_worker().log_event(PROGRESS_TOPIC, {"part": part.index, "docs": docs, "bytes": int(part.nbytes * fraction)})
    except (ImportError, ValueError):  # not on a Dask worker (a direct call in a test or bench)
        pass


def run_part(part: Part, settings: ScanSettings) -> dict[str, Any]:
    """Scan one part and write it; returns its stats (also written beside its rows)."""
    if not WARM_UPS:
        warm_up()  # a worker that joined without the plugin (or a direct call)
    stats = _new_stats(part)
    rows: list[dict[str, Any]] = []
    last = time.monotonic()
    expected = part.docs
    for doc in read_part(part, settings.text_field, settings.id_field):
        row = scan_doc(doc)
        _count(stats, row)
        keep = settings.min_spin is None or row["status"] == "error"
        if not keep and row["status"] == "ok":
            keep = (row["spin_score"] or 0.0) >= settings.min_spin
        if keep:
            rows.append(row)
        now = time.monotonic()
        if now - last >= PROGRESS_EVERY:
            last = now
            _emit(part, stats["docs"], min(0.99, stats["docs"] / expected) if expected else doc.fraction)
    stats["written"] = len(rows)
    stats["top"] = _top(stats["top"])
    stats["seconds"] = round(stats["seconds"], 3)
    stats["tortured"] = dict(Counter(stats["tortured"]).most_common(200))
    output.write_part(Path(settings.out), part.name, settings.fmt, rows, stats)
    _emit(part, stats["docs"], 1.0)
    return stats
