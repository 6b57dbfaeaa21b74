"""A big run being stored never holds the lock long enough to fail another process's import (issue 10, case 6).

The full trial (two importing processes, a 3 MB article corrected and stored) is bench/concurrency.py;
this one stores a synthetic run of 80,000 edits in one process while this process imports.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

from reader.services import Library

SAVER = """
import sys
from reader.engine.model import CATEGORIES, Correction, Edit, Replacement
from reader.services import Library
lib = Library(sys.argv[1])
n = int(sys.argv[2])
text = "big " * n
aid = lib.import_text(text, "Big").article.id
edits = tuple(
    Edit(4 * i, 3, "big", (Replacement("large", 0.9),), "synonym.t", CATEGORIES["synonym"], "m", "s", 0.9, True)
    for i in range(n)
)
print("storing", flush=True)
run = lib.store_run(aid, Correction(text, edits, 0.5))
print(run.id, flush=True)
"""


def test_imports_go_through_while_a_big_run_is_stored(tmp_path):
    data = tmp_path / "lib"
    Library(data).close()
    saver = subprocess.Popen([sys.executable, "-c", SAVER, str(data), "80000"], stdout=subprocess.PIPE, text=True)
    assert saver.stdout.readline().strip() == "storing"
    waits = []
    chunks_seen = set()
    probe = sqlite3.connect(data / "library.sqlite3")
    with Library(data, busy_timeout=1.0) as lib:  # a failure here would be "the library is locked"
        i = 0
        while saver.poll() is None:
            t0 = time.perf_counter()
            lib.import_text(f"a small article number {i}", f"Small {i}")
            waits.append(time.perf_counter() - t0)
            chunks_seen.add(probe.execute("SELECT count(*) FROM run_edit_chunks").fetchone()[0])
            i += 1
            time.sleep(0.01)
        assert saver.wait(60) == 0
        run_id = int(saver.stdout.readline())
        assert len(lib.run(run_id).correction.edits) == 80000
    probe.close()
    assert len([n for n in chunks_seen if 0 < n < 40]) >= 3  # the imports really ran between the chunks
    assert max(waits) < 1.0, f"longest import {max(waits):.2f} s"


def test_deciding_a_hundred_thousand_edits_is_one_short_transaction(tmp_path):
    """Accept All on a huge article: one transaction, well under the 1 s another writer may wait."""
    from reader.engine.model import CATEGORIES, Correction, Edit, Replacement
    from reader.review import Decision, Status

    n = 100_000
    text = "big " * n
    rep = (Replacement("large", 0.9),)
    edits = tuple(Edit(4 * i, 3, "big", rep, "s.t", CATEGORIES["synonym"], "m", "s", 0.9, True) for i in range(n))
    with Library(tmp_path / "lib") as lib:
        run = lib.store_run(lib.import_text(text, "Big").article.id, Correction(text, edits, 0.5))
        timings = []
        for decision in (Decision(Status.ACCEPTED), Decision(Status.ALTERNATIVE, "huge"), None):
            t0 = time.perf_counter()
            lib.decide_many(run.id, dict.fromkeys(range(n), decision))
            timings.append(time.perf_counter() - t0)
            stored = lib.decisions(run.id)
            assert len(stored) == (0 if decision is None else n)
            assert decision is None or stored[n - 1] == decision
    assert max(timings) < 3.0, timings  # 0.4-1.0 s here; object by object it was 11 s
