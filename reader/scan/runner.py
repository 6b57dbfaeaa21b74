"""The client side of a scan: plan the parts, run the missing ones on Dask, show progress, sum up.

Dask does the scheduling: a LocalCluster of worker processes (one thread each: the engine is
pure Python) by default, or any running cluster given by its scheduler address.
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.errors import UnspinError
from reader.scan import output
from reader.scan.inputs import Part, count_docs, plan
from reader.scan.worker import HIST_BINS, PROGRESS_TOPIC, TOP_DOCS, EngineLoader, ScanSettings, run_part

# Documents per part when --part-size is not given: about PARTS_WANTED parts, so a few hundred files
# still spread over the workers and resume loses little, within bounds that keep files few for millions.
PARTS_WANTED = 64
MIN_PART, MAX_PART = 10, 1000
WAIT_FOR_WORKERS = 60  # seconds a scheduler may have no worker before the scan gives up


class SchedulerError(UnspinError):
    """The Dask scheduler cannot be reached or the cluster cannot start."""


@dataclass
class Summary:
    """The whole scan folder's counts (parts done by earlier, killed runs included)."""

    out: str
    parts: int = 0
    parts_run: int = 0  # by this run
    parts_resumed: int = 0  # found done and skipped
    parts_failed: int = 0
    failures: list[str] = field(default_factory=list)
    docs: int = 0
    docs_run: int = 0
    ok: int = 0
    spun: int = 0
    skipped: int = 0
    errors: int = 0
    written: int = 0
    words: int = 0
    doc_seconds: float = 0.0  # rows' seconds summed (read + language + engine, wall time on the workers)
    wall_seconds: float = 0.0
    workers: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    spinners: dict[str, int] = field(default_factory=dict)
    hist: list[int] = field(default_factory=lambda: [0] * HIST_BINS)
    domains: dict[str, int] = field(default_factory=dict)
    tortured: dict[str, int] = field(default_factory=dict)
    top: list[list] = field(default_factory=list)
    error_examples: list[list[str]] = field(default_factory=list)

    @property
    def docs_per_second(self) -> float:
        return self.docs_run / self.wall_seconds if self.wall_seconds > 0 else 0.0

    def add(self, st: dict[str, Any]) -> None:
        for k in ("docs", "ok", "spun", "skipped", "errors", "written", "words"):
            setattr(self, k, getattr(self, k) + int(st.get(k, 0)))
        self.doc_seconds += float(st.get("seconds", 0.0))
        for name in ("languages", "spinners", "domains", "tortured"):
            target = getattr(self, name)
            for k, v in st.get(name, {}).items():
                target[k] = target.get(k, 0) + v
        for i, v in enumerate(st.get("hist", [])[:HIST_BINS]):
            self.hist[i] += v
        self.top = sorted(self.top + [list(t) for t in st.get("top", [])], key=lambda t: (-t[0], t[1]))[:TOP_DOCS]
        self.error_examples = (self.error_examples + st.get("error_examples", []))[:10]

    def lines(self) -> list[str]:
        """The summary printed at the end, one fact a line."""
        rate = f"{self.docs_per_second:,.1f} docs/s, {self.workers} workers" if self.docs_run else "nothing left to do"
        out = [
            f"documents   {self.docs:,} ({self.docs_run:,} this run, {rate})",
            f"corrected   {self.ok:,} English ({self.words:,} words)",
            f"spun        {self.spun:,} with spin score >= 0.5"
            + (f" ({100 * self.spun / self.ok:.1f}% of those corrected)" if self.ok else ""),
            f"skipped     {self.skipped:,}"
            + (f" ({_top_counts(self.languages, 6)})" if self.languages else "")
            + " (not English or empty)",
            f"errors      {self.errors:,} documents could not be read",
        ]
        for doc_id, err in self.error_examples[:3]:
            out.append(f"            {doc_id}: {err}")
        if self.spinners:
            out.append(f"spinners    {_top_counts(self.spinners, 5)}")
        if self.domains:
            out.append(f"top domains {_top_counts(self.domains, 5)}")
        out.append(
            f"parts       {self.parts:,} ({self.parts_run:,} run now, {self.parts_resumed:,} done before"
            + (f", {self.parts_failed:,} failed" if self.parts_failed else "")
            + ")"
        )
        for f in self.failures[:3]:
            out.append(f"            {f}")
        out.append(f"rows        {self.written:,} written to {self.out}")
        return out


def _top_counts(d: dict[str, int], n: int) -> str:
    return ", ".join(f"{k} {v:,}" for k, v in Counter(d).most_common(n))


@dataclass
class ScanRequest:
    inputs: list[str]
    out: str
    fmt: str = "jsonl"
    workers: int | None = None
    scheduler: str | None = None
    min_spin: float | None = None
    resume: bool = False
    part_size: int | None = None
    text_field: str = "text"
    id_field: str | None = None


def _manifest(req: ScanRequest, parts: list[Part], part_size: int) -> dict[str, Any]:
    return {
        "scan": 1,
        "inputs": req.inputs,
        "format": req.fmt,
        "part_size": part_size,
        "min_spin": req.min_spin,
        "text_field": req.text_field,
        "id_field": req.id_field,
        "parts": len(parts),
        "plan": output.plan_hash([p.key() for p in parts]),
    }


def _part_size(req: ScanRequest, out: Path) -> int:
    if req.part_size is not None:
        return req.part_size
    if req.resume and (out / output.MANIFEST).is_file():  # resume with the plan the killed run made
        import json

        try:
            return int(json.loads((out / output.MANIFEST).read_text("utf-8"))["part_size"])
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return max(MIN_PART, min(MAX_PART, -(-count_docs(req.inputs) // PARTS_WANTED)))


class _Client:
    """A dask.distributed Client on the given scheduler, or on a LocalCluster we start and stop."""

    def __init__(self, scheduler: str | None, workers: int | None) -> None:
        from distributed import Client, LocalCluster

        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="10s")
            else:
                n = workers or os.cpu_count() or 1
                # Worker processes inherit an ignored SIGINT: Ctrl-C reaches only this process, which
                # closes the cluster, instead of every worker printing a KeyboardInterrupt traceback.
                previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if _main_thread() else None
                try:
                    self.cluster = LocalCluster(
                        n_workers=n,
                        threads_per_worker=1,
                        processes=True,
                        dashboard_address=":0",
                        silence_logs=logging.CRITICAL,  # task errors come back through their futures
                    )
                finally:
                    if previous is not None:
                        signal.signal(signal.SIGINT, previous)
                self.client = Client(self.cluster)
        except ValueError as e:  # a malformed address
            raise SchedulerError(scheduler, f"not a Dask scheduler address ({e})") from None
        except OSError as e:  # TimeoutError is an OSError
            if self.cluster is not None:
                self.cluster.close()
            where = scheduler or "local cluster"
            raise SchedulerError(where, f"cannot reach the Dask scheduler ({e or type(e).__name__})") from None

    def close(self) -> None:
        # Closing after Ctrl-C cancels in-flight messages; asyncio would log each one as a traceback.
        for name in ("asyncio", "distributed"):
            logging.getLogger(name).setLevel(logging.CRITICAL)
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()


def _main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class _Progress:
    """documents done, docs/s and ETA (from the share of input bytes done) on stderr, via tqdm."""

    def __init__(self, parts: list[Part], enabled: bool | None) -> None:
        from tqdm import tqdm

        self.total = sum(max(1, p.nbytes) for p in parts)
        self.nbytes = {p.index: max(1, p.nbytes) for p in parts}
        self.docs: dict[int, int] = {}
        self.done_bytes: dict[int, int] = {}
        self.t0 = time.monotonic()
        self.lock = threading.Lock()
        self.bar = tqdm(
            total=self.total,
            disable=None if enabled is None else not enabled,
            bar_format="scan {percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]",
            ncols=min(120, shutil.get_terminal_size((100, 20)).columns),
            mininterval=0.3,
        )
        self._show()

    def event(self, event: Any) -> None:
        _, msg = event if isinstance(event, tuple) else (None, event)
        if isinstance(msg, dict) and msg.get("part") in self.nbytes:
            self.update(msg["part"], int(msg["docs"]), int(msg["bytes"]))

    def update(self, part: int, docs: int, nbytes: int) -> None:
        with self.lock:
            if docs < self.docs.get(part, 0):
                return  # a late event from an earlier try of the part
            self.docs[part] = docs
            nbytes = min(self.nbytes[part], max(nbytes, self.done_bytes.get(part, 0)))
            delta = nbytes - self.done_bytes.get(part, 0)
            self.done_bytes[part] = nbytes
            if delta > 0:
                self.bar.update(delta)
            self._show()

    def _show(self) -> None:
        docs = sum(self.docs.values())
        rate = docs / max(1e-9, time.monotonic() - self.t0)
        self.bar.set_description_str(f"{docs:,} docs, {rate:,.1f} docs/s", refresh=False)

    @property
    def docs_done(self) -> int:
        return sum(self.docs.values())

    def close(self) -> None:
        self.bar.close()


def run_scan(
    req: ScanRequest,
    *,
    progress: bool | None = None,
    on_part: Callable[[dict[str, Any]], None] | None = None,
) -> Summary:
    """Scan req.inputs into the folder req.out; return the summary of everything the folder holds."""
    out = Path(req.out).expanduser().absolute()
    part_size = _part_size(req, out)
    if part_size < 1:
        raise UnspinError(None, "--part-size must be at least 1")
    parts = plan(req.inputs, part_size)
    manifest = _manifest(req, parts, part_size)
    found = output.prepare(out, manifest, req.resume)
    done = output.done_parts(out, [p.name for p in parts]) if found is not None else set()
    todo = [p for p in parts if p.name not in done]
    summary = Summary(out=req.out, parts=len(parts), parts_resumed=len(done))
    t0 = time.monotonic()
    if todo:
        settings = ScanSettings(
            out=str(out), fmt=req.fmt, min_spin=req.min_spin, text_field=req.text_field, id_field=req.id_field
        )
        _run(req, todo, settings, summary, progress, on_part, None if found else manifest)
    elif found is None:
        output.create(out, manifest)
    summary.wall_seconds = time.monotonic() - t0
    for st in output.read_stats(out):
        summary.add(st)
    return summary


def _run(
    req: ScanRequest,
    todo: list[Part],
    settings: ScanSettings,
    summary: Summary,
    progress: bool | None,
    on_part: Callable[[dict[str, Any]], None] | None,
    new_manifest: dict[str, Any] | None,
) -> None:
    from distributed import as_completed

    conn = _Client(req.scheduler, req.workers)
    bar = None
    try:
        client = conn.client
        try:
            client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS)
        except TimeoutError:
            raise SchedulerError(
                req.scheduler, f"no worker joined in {WAIT_FOR_WORKERS} s (start `dask worker`)"
            ) from None
        if new_manifest is not None:
            output.create(Path(settings.out), new_manifest)
        summary.workers = len(client.scheduler_info(n_workers=-1).get("workers", {}))
        client.register_plugin(EngineLoader(), name=EngineLoader.name)
        bar = _Progress(todo, progress)
        client.subscribe_topic(PROGRESS_TOPIC, bar.event)
        prefix = f"unspin-scan-{os.getpid()}-{int(time.time())}"
        futures = [client.submit(run_part, p, settings, key=f"{prefix}-{p.name}", retries=1) for p in todo]
        by_key = {f.key: p for f, p in zip(futures, todo, strict=True)}
        for fut in as_completed(futures):
            part = by_key[fut.key]
            try:
                st = fut.result()
            except Exception as e:  # the part's worker died twice, or OUT became unwritable
                summary.parts_failed += 1
                summary.failures.append(f"{part.name} ({part.source}): {type(e).__name__}: {e}")
                continue
            summary.parts_run += 1
            summary.docs_run += int(st.get("docs", 0))
            bar.update(part.index, int(st.get("docs", 0)), part.nbytes)
            if on_part is not None:
                on_part(st)
    finally:
        if bar is not None:
            bar.close()
        conn.close()
