from __future__ import annotations

import dataclasses
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from pathlib import Path

import pytest
from samples import SAMPLE_TEXT, sample_correction
from sqlalchemy import inspect

from reader.errors import StoreError
from reader.review import Decision, Status
from reader.services import Library
from reader.store import DB_NAME, Base, migrate

ROOT = Path(__file__).resolve().parents[2]


def _pragma(lib: Library, name: str):
    with lib._store.read() as s:
        return s.connection().exec_driver_sql(f"PRAGMA {name}").scalar()


def test_fresh_library_is_migrated_to_head_with_wal_and_foreign_keys(lib):
    assert lib.db_path == lib.data_dir / DB_NAME and lib.db_path.is_file()
    assert _pragma(lib, "journal_mode") == "wal"
    assert _pragma(lib, "foreign_keys") == 1
    assert _pragma(lib, "busy_timeout") == 5000
    with lib._store.read() as s:
        conn = s.connection()
        assert migrate.current_revision(conn) == migrate.HEAD
        tables = set(inspect(conn).get_table_names())
    assert {"articles", "correction_runs", "decisions", "exports", "articles_fts"} <= tables


def test_head_constant_is_the_newest_migration():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(migrate.alembic_config(None))
    assert script.get_current_head() == migrate.HEAD


def test_models_match_the_migrations(lib):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def include(name, type_, *_):
        return not (type_ == "table" and name and (name.startswith("articles_fts") or name == "alembic_version"))

    with lib._store.read() as s:
        ctx = MigrationContext.configure(s.connection(), opts={"include_name": include, "compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []


def test_migrations_go_down_to_empty_and_up_again(lib):
    lib.import_text("some text", "T")
    with lib._store.write() as s:
        conn = s.connection()
        from alembic import command

        command.downgrade(migrate.alembic_config(conn), "base")
        assert "articles" not in inspect(conn).get_table_names()
        migrate.upgrade(conn)
        assert migrate.current_revision(conn) == migrate.HEAD
    assert lib.list_articles() == []


def test_reopening_an_up_to_date_library_does_not_load_alembic(tmp_path):
    Library(tmp_path / "lib").close()
    code = (
        "import sys; from reader.services import Library; "
        f"Library({str(tmp_path / 'lib')!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_reimporting_the_same_content_returns_the_existing_article(lib):
    first = lib.import_text("Same words here.", "One", source_path="/a.txt")
    again = lib.import_text("Same words here.", "Another title", source_path="/b.txt")
    assert not first.duplicate and again.duplicate
    assert again.article == first.article
    assert len(lib.list_articles()) == 1
    assert lib.import_text("Same words here!", "Two").duplicate is False


def test_article_record_keeps_text_and_metadata(lib):
    links = [{"href": "https://spam.example/", "text": "cheap pills"}]
    res = lib.import_text("Body text.", "Title", source_path="/x/y.html", fmt="html", metadata={"links": links})
    rec = lib.article(res.article.id)
    assert (rec.title, rec.text, rec.source_path, rec.format) == ("Title", "Body text.", "/x/y.html", "html")
    assert rec.metadata == {"links": links}
    assert rec.imported_at.tzinfo is not None


def test_missing_article_is_a_one_line_store_error(lib):
    with pytest.raises(StoreError, match=r"^article 42: no such article in the library$"):
        lib.article(42)
    with pytest.raises(StoreError):
        lib.remove(42)


def test_full_text_search_over_title_and_text(lib):
    a = lib.import_text("The council met on Tuesday about the budget.", "Budget news").article
    b = lib.import_text("Beijing and Moscow signed a treaty.", "Diplomacy").article
    assert [x.id for x in lib.search("budget")] == [a.id]
    assert [x.id for x in lib.search("diplom")] == [b.id]  # prefix, title
    assert [x.id for x in lib.search("beijing treaty")] == [b.id]  # all words
    assert lib.search("beijing budget") == []
    assert lib.search('"unbalanced (quote* OR') == []  # user text is never FTS syntax
    found = lib.search("budget")
    same = [x for x in lib.list_articles() if x.id == a.id]
    assert [dataclasses.replace(x, snippet=None) for x in found] == same  # same summaries
    assert found[0].snippet == "The council met on Tuesday about the \x02budget\x03."  # the words that matched
    assert lib.search("  ") == lib.list_articles()
    lib.remove(b.id)
    assert lib.search("beijing") == []


def test_list_sorts_and_shows_the_latest_run(lib):
    a = lib.import_text(SAMPLE_TEXT, "Zebra").article
    b = lib.import_text("Plain text.", "apple").article
    assert [x.title for x in lib.list_articles("title")] == ["apple", "Zebra"]
    assert [x.id for x in lib.list_articles()] == [b.id, a.id]  # newest first
    assert lib.list_articles()[0].spin_score is None
    lib.store_run(a.id, sample_correction())
    newer = sample_correction().__class__(text=SAMPLE_TEXT, edits=(), spin_score=0.9)
    lib.store_run(a.id, newer)
    top = lib.list_articles("spin_score")[0]
    assert (top.id, top.spin_score, top.edit_count) == (a.id, 0.9, 0)
    with pytest.raises(ValueError):
        lib.list_articles("colour")


def test_runs_and_decisions_round_trip(lib):
    art = lib.import_text(SAMPLE_TEXT, "Sample").article
    corr = sample_correction()
    run = lib.store_run(art.id, corr)
    assert lib.latest_run(art.id).correction == corr
    assert lib.latest_run(art.id).correction.corrected == corr.corrected
    assert lib.decisions(run.id) == {}

    lib.decide(run.id, 2, Decision(Status.ALTERNATIVE, "Japan"))
    lib.decide(run.id, 0, Decision(Status.REJECTED))
    assert lib.decisions(run.id) == {2: Decision(Status.ALTERNATIVE, "Japan"), 0: Decision(Status.REJECTED)}
    lib.decide(run.id, 0, Decision(Status.ACCEPTED))  # updated in place: still one row per edit
    lib.decide(run.id, 2, None)  # undo -> pending, row deleted
    assert lib.decisions(run.id) == {0: Decision(Status.ACCEPTED)}
    with lib._store.read() as s:
        assert s.connection().exec_driver_sql("SELECT count(*) FROM decisions").scalar() == 1

    everything = {i: Decision(Status.ACCEPTED) for i in range(len(corr.edits))}
    lib.decide_many(run.id, everything)
    assert lib.decisions(run.id) == everything
    lib.decide_many(run.id, {i: None for i in everything})
    assert lib.decisions(run.id) == {}


def test_decide_many_is_one_transaction(lib):
    art = lib.import_text(SAMPLE_TEXT, "Sample").article
    run = lib.store_run(art.id, sample_correction())
    with pytest.raises(StoreError, match="no edit 99"):
        lib.decide_many(run.id, {0: Decision(Status.REJECTED), 99: Decision(Status.REJECTED)})
    assert lib.decisions(run.id) == {}
    with pytest.raises(StoreError, match="no such correction run"):
        lib.decide(12345, 0, Decision(Status.REJECTED))


def test_store_run_refuses_a_correction_of_another_text(lib):
    art = lib.import_text("Different text.", "D").article
    with pytest.raises(StoreError, match="another text"):
        lib.store_run(art.id, sample_correction())


def test_remove_cascades_to_runs_decisions_and_exports(lib, tmp_path):
    art = lib.import_text(SAMPLE_TEXT, "Sample").article
    run = lib.store_run(art.id, sample_correction())
    lib.decide(run.id, 0, Decision(Status.REJECTED))
    lib.export(art.id, tmp_path / "out.txt", "txt")
    lib.remove(art.id)
    with lib._store.read() as s:
        conn = s.connection()
        for table in ("articles", "correction_runs", "decisions", "exports"):
            assert conn.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar() == 0
    assert (tmp_path / "out.txt").exists()  # files are never touched


def test_correct_runs_the_engine_and_stores_the_run(lib):
    from reader.engine import correct

    art = lib.import_text(SAMPLE_TEXT, "Sample").article
    run = lib.correct(art.id)
    assert run.correction.corrected == correct(SAMPLE_TEXT).corrected
    assert lib.latest_run(art.id).id == run.id
    assert lib.list_articles()[0].edit_count == len(run.correction.edits)


def test_export_records_a_row_and_corrects_first_if_needed(lib, tmp_path):
    art = lib.import_text(SAMPLE_TEXT, "Sample").article
    out = lib.export(art.id, tmp_path / "clean.md", "md")
    assert out == (tmp_path / "clean.md").absolute() and out.read_text(encoding="utf-8").startswith("# Sample")
    assert lib.latest_run(art.id) is not None
    assert [(e.path, e.format) for e in lib.exports(art.id)] == [(str(out), "md")]


_WRITER = """
import sys
from reader.services import Library
lib = Library(sys.argv[1])
for i in range(int(sys.argv[3])):
    lib.import_text(f"article {sys.argv[2]} number {i} " + "words " * 200, f"{sys.argv[2]}-{i}")
lib.close()
"""


def test_two_processes_importing_at_once_both_succeed(tmp_path):
    data = tmp_path / "shared-lib"  # fresh: both also race to create the schema
    procs = [
        subprocess.Popen([sys.executable, "-c", _WRITER, str(data), name, "40"], stderr=subprocess.PIPE, text=True)
        for name in ("a", "b")
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
    with Library(data) as lib:
        titles = {a.title for a in lib.list_articles()}
    assert len(titles) == 80


def test_two_threads_with_separate_libraries_both_succeed(tmp_path):
    Library(tmp_path / "lib").close()
    errors: list[BaseException] = []

    def work(name: str) -> None:
        try:
            with Library(tmp_path / "lib") as lib:
                for i in range(30):
                    lib.import_text(f"{name} {i}", f"{name}{i}")
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in ("x", "y", "z")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Library(tmp_path / "lib") as lib:
        assert len(lib.list_articles()) == 90


def test_a_locked_library_gives_a_one_line_error(tmp_path):
    with Library(tmp_path / "lib") as lib:
        lib.import_text("before", "Before")
    blocker = sqlite3.connect(tmp_path / "lib" / DB_NAME, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with Library(tmp_path / "lib", busy_timeout=0.2) as lib:
            assert [a.title for a in lib.list_articles()] == ["Before"]  # readers still read (WAL)
            t0 = time.monotonic()
            with pytest.raises(StoreError) as info:
                lib.import_text("after", "After")
            assert time.monotonic() - t0 < 3
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert str(info.value) == f"{tmp_path / 'lib' / DB_NAME}: the library is locked by another program (try again)"


def _assert_damaged_and_untouched(data: Path, before: bytes) -> None:
    db = data / DB_NAME
    with pytest.raises(StoreError) as info:
        Library(data)
    msg = str(info.value)
    assert msg.startswith(f"{db}: the library file is damaged: ") and "\n" not in msg
    assert "--data-dir" in msg
    assert db.read_bytes() == before
    assert not (data / (DB_NAME + "-wal")).exists()


def test_a_garbage_library_file_is_reported_and_never_touched(tmp_path):
    data = tmp_path / "lib"
    data.mkdir()
    garbage = bytes(range(256)) * 64
    (data / DB_NAME).write_bytes(garbage)
    _assert_damaged_and_untouched(data, garbage)


def test_a_truncated_library_file_is_reported_and_never_touched(library_of_150):
    data = library_of_150
    db = data / DB_NAME
    whole = db.read_bytes()
    assert not (data / (DB_NAME + "-wal")).exists()
    cut = whole[: len(whole) // 2 + 123]
    db.write_bytes(cut)
    _assert_damaged_and_untouched(data, cut)


def test_data_dir_that_is_a_file_is_a_store_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="is not a folder"):
        Library(tmp_path / "file")


def test_default_data_dir_comes_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("UNSPIN_DATA_DIR", str(tmp_path / "from-env"))
    with Library() as lib:
        assert lib.data_dir == tmp_path / "from-env"
        assert (tmp_path / "from-env" / DB_NAME).exists()


def test_a_library_from_a_newer_program_is_refused_and_kept(tmp_path):
    Library(tmp_path / "lib").close()
    db = tmp_path / "lib" / DB_NAME
    conn = sqlite3.connect(db)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="written by a newer Unspin Reader"):
        Library(tmp_path / "lib")
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
    conn.close()


def test_a_data_dir_that_cannot_be_created_is_a_store_error(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match=r"cannot create the library folder"):
        Library(tmp_path / "file" / "sub")


def test_damage_to_the_schema_is_refused_at_open(library_of_150):
    data, db = library_of_150, library_of_150 / DB_NAME
    raw = bytearray(db.read_bytes())
    raw[4096 * 3 : 4096 * 40] = b"\x5a" * (4096 * 37)
    db.write_bytes(bytes(raw))
    damaged = bytes(raw)
    # So much is gone that not even the schema can be read: refused at open, with the way out.
    with pytest.raises(StoreError, match=r": the library file is damaged: .*`unspin repair`"):
        Library(data)
    assert db.read_bytes() == damaged


def test_damage_after_the_schema_opens_read_only_and_is_never_written(library_of_150):
    data, db = library_of_150, library_of_150 / DB_NAME
    with closing(sqlite3.connect(db)) as conn:
        first = conn.execute("SELECT max(rootpage) FROM sqlite_master").fetchone()[0]
    raw = bytearray(db.read_bytes())
    raw[4096 * first : 4096 * (first + 37)] = b"\x5a" * (4096 * 37)
    db.write_bytes(bytes(raw))
    damaged = bytes(raw)
    with Library(data) as lib:
        assert lib.read_only_reason and "damaged" in lib.read_only_reason
        with pytest.raises(StoreError):
            lib.import_text("new", "new")
    assert db.read_bytes() == damaged


def test_a_library_left_open_at_exit_is_still_closed_cleanly(tmp_path):
    code = f"from reader.services import Library; Library({str(tmp_path / 'lib')!r}).import_text('x y', 't')"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert sorted(p.name for p in (tmp_path / "lib").iterdir()) == [DB_NAME]  # WAL checkpointed and removed
