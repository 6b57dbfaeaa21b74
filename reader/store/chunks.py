"""A large run's edits, stored and loaded in chunks.

One JSON value of a whole run (25 MB per MB of spun text) made the write transaction hold the
library's lock for seconds, went over SQLite's 1 GB value limit on a big article, and was
built in memory twice (the dicts, then the string). Here the edits go out in slices of
CHUNK_EDITS, each serialised outside the lock and written in its own short transaction;
the run row that names the batch is written last, so a reader never sees half a run, and
a batch no run names (the process was killed meanwhile) is swept at the next open.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select

from reader.store import models as m

CHUNK_EDITS = 2000  # ~1.2 MB of JSON: a transaction of a few milliseconds
ORPHAN_AGE = timedelta(hours=1)  # a batch no run names after this long was abandoned


def write_chunks(store: Any, edits: Sequence[Any]) -> str:
    """Store `edits` (engine Edit objects) as a new batch; returns its name. Caller writes the run."""
    batch = uuid.uuid4().hex
    try:
        for seq, start in enumerate(range(0, len(edits), CHUNK_EDITS)):
            data = json.dumps([e.to_dict() for e in edits[start : start + CHUNK_EDITS]], ensure_ascii=False)
            with store.write() as s:
                s.add(m.RunEditChunk(batch=batch, seq=seq, edits=data))
    except BaseException:
        discard(store, batch)
        raise
    return batch


def discard(store: Any, batch: str) -> None:
    """Remove a batch no run will name (best effort: the sweep at open gets what this misses)."""
    try:
        with store.write() as s:
            s.execute(delete(m.RunEditChunk).where(m.RunEditChunk.batch == batch))
    except Exception:
        pass


def read_chunks(session: Any, batch: str) -> Iterator[dict[str, Any]]:
    """The batch's edit dicts in order, one chunk in memory at a time (ORM results would buffer them all)."""
    rows = session.connection().exec_driver_sql(
        "SELECT edits FROM run_edit_chunks WHERE batch = ? ORDER BY seq", (batch,)
    )
    for (data,) in rows:
        yield from json.loads(data)


def sweep_orphans(store: Any) -> int:
    """Delete batches older than ORPHAN_AGE that no run names; returns how many chunks went."""
    cutoff = m.utcnow() - ORPHAN_AGE
    named = select(m.CorrectionRun.edits_batch).where(m.CorrectionRun.edits_batch.is_not(None))
    orphan = (m.RunEditChunk.created_at < cutoff) & m.RunEditChunk.batch.not_in(named)
    with store.read() as s:
        if s.scalar(select(m.RunEditChunk.id).where(orphan).limit(1)) is None:
            return 0
    with store.write() as s:
        return s.execute(delete(m.RunEditChunk).where(orphan)).rowcount or 0
