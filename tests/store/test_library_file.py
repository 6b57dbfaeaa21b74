"""The library file under damage, read-only folders, a full disk, migrations and old chunks (issue 10)."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from samples import sample_correction

from reader.errors import StoreError
from reader.review import Decision, Status
from reader.services import Library
from reader.store import DB_NAME, chunks, migrate
from reader.store import models as m

ROOT = Path(__file__).resolve().parents[2]


def _fill(data: Path, n: int = 150) -> None:
    with Library(data) as lib:
        for i in range(n):
            lib.import_text(f"article {i} " + "lorem ipsum dolor " * 100, f"T{i}")


def _damage(db: Path, offset: int = 8192, size: int = 4096) -> bytes:
    raw = bytearray(db.read_bytes())
    raw[offset : offset + size] = os.urandom(size)
    db.write_bytes(bytes(raw))
    return bytes(raw)


def _integrity(db: Path) -> list[str]:
    conn = sqlite3.connect(f"{db.as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as e:
        return [str(e)]
    finally:
        conn.close()


def test_garbage_in_the_middle_opens_read_only_and_is_never_written(tmp_path):
    """Case 2: 4 KB of garbage at offset 8192 used to be imported into; now nothing is written."""
    data = tmp_path / "lib"
    _fill(data)
    db = data / DB_NAME
    damaged = _damage(db)
    assert _integrity(db) != ["ok"]
    with Library(data) as lib:
        assert lib.damaged and lib.read_only_reason.startswith("the library file is damaged (")
        assert "`unspin repair`" in lib.read_only_reason and "\n" not in lib.read_only_reason
        with pytest.raises(StoreError, match="damaged.*nothing will be written") as info:
            lib.import_text("a new article", "New")
        assert str(info.value).startswith(f"{db}: ")
        with contextlib.suppress(StoreError):  # reading goes as far as the pages allow
            lib.list_articles()
    assert db.read_bytes() == damaged
    assert sorted(p.name for p in data.iterdir()) == [DB_NAME]  # no -wal, -shm or anything beside it


def test_repair_saves_a_new_library_and_leaves_the_damaged_one(tmp_path):
    from reader.store.repair import repair

    data = tmp_path / "lib"
    _fill(data, 300)
    with Library(data) as lib:
        c = sample_correction()
        run = lib.store_run(lib.import_text(c.text, "Sample").article.id, c)
        lib.decide(run.id, 0, Decision(Status.REJECTED))
    damaged = _damage(data / DB_NAME, 8192 * 8)
    report = repair(data, tmp_path / "fixed")
    assert report.path == tmp_path / "fixed" / DB_NAME
    assert (data / DB_NAME).read_bytes() == damaged
    assert _integrity(report.path) == ["ok"]
    with Library(tmp_path / "fixed") as fixed:
        assert not fixed.read_only_reason
        assert 0 < len(fixed.list_articles()) == report.articles <= 301
        assert fixed.search("lorem")  # the search index was rebuilt
        fixed.import_text("written after the repair", "After")
    with pytest.raises(StoreError, match="already exists"):
        repair(data, tmp_path / "fixed")


def test_a_relative_data_dir_with_a_damaged_library_is_one_line(tmp_path):
    """Case 7: "internal error: ValueError: relative path can't be expressed as a file URI"."""
    _fill(tmp_path / "lib", 150)
    _damage(tmp_path / "lib" / DB_NAME)
    for argv in (["list"], ["import", str(ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt")]):
        p = subprocess.run(
            [sys.executable, "-m", "reader.cli", "--data-dir", "lib", *argv],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
        lines = p.stderr.strip().splitlines()
        assert "internal error" not in p.stderr and "Traceback" not in p.stderr
        assert len(lines) == 1 and "the library file is damaged" in lines[0], p.stderr
    assert p.returncode == 1


def test_a_backup_is_made_before_a_migration(tmp_path):
    data = tmp_path / "lib"
    with Library(data) as lib:
        lib.import_text("kept through the upgrade", "Old")
        with lib._store.write() as s:
            from alembic import command

            command.downgrade(migrate.alembic_config(s.connection()), "0001")
    old = sqlite3.connect(data / DB_NAME)
    assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    old.close()
    with Library(data) as lib:
        assert [a.title for a in lib.list_articles()] == ["Old"]
    backups = sorted(data.glob("library-before-0001-*.sqlite3"))
    assert len(backups) == 1
    conn = sqlite3.connect(backups[0])
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert conn.execute("SELECT title FROM articles").fetchall() == [("Old",)]
    conn.close()


def test_large_runs_are_stored_in_chunks_and_go_with_their_article(lib, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_EDITS", 2)
    c = sample_correction()
    aid = lib.import_text(c.text, "A").article.id
    run = lib.store_run(aid, c)
    assert lib.latest_run(aid).correction.edits == c.edits == lib.run(run.id).correction.edits
    with lib._store.read() as s:
        rows = s.query(m.RunEditChunk).count()
        assert rows == 3  # six edits, two a chunk
    lib.remove(aid)
    with lib._store.read() as s:
        assert s.query(m.RunEditChunk).count() == 0  # the trigger followed the cascade


def test_chunks_no_run_names_are_swept_at_open(tmp_path, monkeypatch):
    monkeypatch.setattr(chunks, "CHUNK_EDITS", 2)
    data = tmp_path / "lib"
    with Library(data) as lib:
        batch = chunks.write_chunks(lib._store, list(sample_correction().edits))  # a run never written
        fresh = chunks.write_chunks(lib._store, list(sample_correction().edits))  # one being written now
        with lib._store.write() as s:
            for row in s.query(m.RunEditChunk).filter(m.RunEditChunk.batch == batch):
                row.created_at = m.utcnow() - chunks.ORPHAN_AGE - timedelta(minutes=1)
    with Library(data) as lib, lib._store.read() as s:
        left = {b for (b,) in s.query(m.RunEditChunk.batch).distinct()}
    assert left == {fresh}


def _mount_tmpfs(where: Path, size: str) -> None:
    where.mkdir()
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if p.returncode != 0:
        pytest.skip("cannot mount a small file system here (needs root)")


@pytest.fixture
def small_disk(tmp_path):
    where = tmp_path / "disk"
    _mount_tmpfs(where, "600k")
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_full_disk_says_so(small_disk):
    """Case 10: a full disk read "disk I/O error"."""
    data = small_disk / "lib"
    with Library(data) as lib:
        lib.import_text("a small first article", "First")
        with pytest.raises(StoreError) as info:
            for i in range(200):
                lib.import_text(f"{i} " + os.urandom(6000).hex(), f"Big {i}")
        assert str(info.value) == f"{data / DB_NAME}: the disk is full; free some space and try again"
        assert [a.title for a in lib.list_articles()][-1] == "First"  # what was committed is still there


@pytest.fixture
def read_only_folder(tmp_path):
    """A library folder that cannot be written: a read-only mount for root (who ignores modes), else chmod."""
    if os.geteuid() != 0:
        data = tmp_path / "lib"
        with Library(data) as lib:
            lib.import_text("still readable", "Readable")
        data.chmod(0o555)
        yield data
        data.chmod(0o755)
        return
    where = tmp_path / "disk"
    _mount_tmpfs(where, "4m")
    try:
        with Library(where / "lib") as lib:
            lib.import_text("still readable", "Readable")
        subprocess.run(["mount", "-o", "remount,ro", str(where)], check=True)
        yield where / "lib"
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_a_read_only_folder_still_lists(read_only_folder, capsys):
    """Case 10: a read-only library folder refused even `list`."""
    from reader.cli import main

    data = read_only_folder
    assert main(["--data-dir", str(data), "list"]) == 0
    out, err = capsys.readouterr()
    assert out.split("\t")[1] == "Readable"
    assert err == f"unspin: {data / DB_NAME}: the library folder or file is read-only; reading only\n"
    assert main(["--data-dir", str(data), "import", str(ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt")]) == 1
    out, err = capsys.readouterr()
    assert err.count("\n") == 1 and "read-only" in err
