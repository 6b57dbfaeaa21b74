"""Issue 10 through the command line: special files, bounded stdin, CRLF offsets, the `--` hint, recorrect."""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"


def _one_line(err: str, *parts: str) -> None:
    assert err.count("\n") == 1 and err.startswith("unspin: "), err
    for part in parts:
        assert part in err, err


# -- case 4: --force replaces only regular files ------------------------------------------------
@pytest.mark.parametrize("command", ["correct", "export"])
def test_force_never_replaces_a_device(run, tmp_path, command):
    before = os.stat("/dev/full")
    assert stat.S_ISCHR(before.st_mode)
    if command == "correct":
        rc, out, err = run("correct", SEED, "-o", "/dev/full", "--force")
    else:
        assert run("import", SEED)[0] == 0
        rc, out, err = run("export", "1", "-o", "/dev/full", "--force")
    assert (rc, out) == (1, "")
    _one_line(err, "/dev/full: is a device, not a regular file; only regular files are replaced")
    after = os.stat("/dev/full")
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev and after.st_ino == before.st_ino


def test_force_never_replaces_a_fifo_a_folder_or_the_source(run, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    rc, _, err = run("correct", SEED, "-o", fifo, "--force")
    assert rc == 1
    _one_line(err, f"{fifo}: is a named pipe, not a regular file")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    rc, _, err = run("correct", SEED, "-o", tmp_path, "--force")
    assert rc == 1
    _one_line(err, "is a folder; give a file name")
    src = tmp_path / "article.txt"
    src.write_bytes(SEED.read_bytes())
    rc, _, err = run("correct", src, "-o", src, "--force")
    assert rc == 1
    _one_line(err, "that is the source file")
    assert src.read_bytes() == SEED.read_bytes()
    regular = tmp_path / "old.txt"
    regular.write_text("old")
    assert run("correct", SEED, "-o", regular, "--force")[0] == 0 and regular.read_text() != "old"


# -- case 5: stdin is read with the limit, while reading -----------------------------------------
def test_stdin_from_dev_zero_stops_at_the_limit():
    def cap_memory() -> None:  # reading everything would die here long before 7 GB
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    t0 = time.monotonic()
    with open("/dev/zero", "rb") as zero:
        p = subprocess.run(
            [sys.executable, "-m", "reader.cli", "correct", "-"],
            stdin=zero,
            capture_output=True,
            text=True,
            timeout=120,
            preexec_fn=cap_memory,
        )
    assert p.returncode == 1 and p.stdout == ""
    assert p.stderr == "unspin: <stdin>: more than the 50 MB limit\n"
    assert time.monotonic() - t0 < 60


# -- case 8: JSON offsets apply to the text the JSON carries ---------------------------------------
def _check_offsets(doc: dict) -> None:
    text = doc["text"]
    values = {}
    for i, e in enumerate(doc["edits"]):
        assert text[e["offset"] : e["offset"] + e["length"]] == e["original_text"]
        if e["applied"] and e["replacements"]:
            values[i] = e["replacements"][0]["value"]
    out, pos = [], 0
    for i, e in enumerate(doc["edits"]):
        if i in values:
            out += [text[pos : e["offset"]], values[i]]
            pos = e["offset"] + e["length"]
    assert "".join(out) + text[pos:] == doc["corrected_text"]


def test_json_offsets_point_into_the_crlf_text_it_carries(run, tmp_path):
    raw = SEED.read_text(encoding="utf-8").strip().replace("\n", "\r\n") + "\r\n"
    src = tmp_path / "crlf.txt"
    src.write_bytes(raw.encode("utf-8"))
    rc, out, err = run("correct", src, "--format", "json")
    assert (rc, err) == (0, "")
    doc = json.loads(out)
    assert doc["newline"] == "\r\n" and doc["text"] == raw.rstrip("\r\n")  # the file's text, its line endings
    assert len(doc["edits"]) > 100
    assert sum("\r\n" in doc["text"][: e["offset"]] for e in doc["edits"]) > 100  # most edits come after a CRLF
    _check_offsets(doc)
    assert "\r\n" in doc["corrected_text"]


def test_json_offsets_for_lf_and_mixed_files(run, tmp_path):
    seed = SEED.read_text(encoding="utf-8").strip()
    for name, raw, newline in (("lf.txt", seed, "\n"), ("mixed.txt", seed.replace("\n", "\r\n", 3), "\n")):
        (tmp_path / name).write_bytes(raw.encode())
        rc, out, _ = run("correct", tmp_path / name, "--format", "json")
        doc = json.loads(out)
        assert rc == 0 and doc["newline"] == newline and "\r" not in doc["text"]
        _check_offsets(doc)


# -- case 9 and 10 (smaller) -------------------------------------------------------------------------
def test_utf8_with_bad_bytes_at_the_end_is_utf8_with_a_warning(run, tmp_path):
    src = tmp_path / "cut.txt"
    src.write_bytes("Now you’re here and they’re there, it’s said.\n".encode() * 20 + b"\xe2\x80")
    rc, out, err = run("correct", src)
    assert rc == 0
    assert "you’re" in out and "Ô" not in out
    assert err == f"unspin: warning: {src}: replaced 1 invalid UTF-8 byte sequence with \ufffd\n"


def test_a_file_named_like_an_option_gets_the_double_dash_hint(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("-leading.txt").write_text("The brand new mayor spoke.\n", encoding="utf-8")
    rc, out, err = run("correct", "-leading.txt")
    assert (rc, out) == (2, "")
    _one_line(err, "put -- before it: `unspin correct -- -leading.txt`")
    rc, out, err = run("correct", "--", "-leading.txt")
    assert (rc, err) == (0, "") and "mayor" in out


# -- case 1 in the CLI ---------------------------------------------------------------------------------
def test_recorrect_keeps_decisions_and_refuses_to_lose_any_without_force(run, data_dir, monkeypatch):
    from reader.review import Decision, Status
    from reader.services import Library

    assert run("import", SEED)[0] == 0
    with Library(data_dir) as lib:
        r = lib.latest_run(1)
        picks = [i for i, e in enumerate(r.correction.edits) if e.replacements][:3]
        lib.decide_many(r.id, {picks[0]: Decision(Status.ACCEPTED), picks[1]: Decision(Status.ACCEPTED)})
        lib.decide(r.id, picks[2], Decision(Status.REJECTED))
    rc, out, err = run("recorrect", "1")
    assert (rc, err) == (0, "")
    assert out.split("\t")[2:] == ["3 decisions kept", "0 lost\n"]
    show = run("show", "1")[1]
    assert "Decisions:  2 accepted, 1 rejected" in show

    import reader.engine

    real = reader.engine.correct
    monkeypatch.setattr(reader.engine, "correct", lambda t, o=None: real(t, o).__class__(t, (), 0.0))
    rc, out, err = run("recorrect", "1")
    assert (rc, out) == (1, "")
    _one_line(err, "3 decision(s) would be lost", "nothing was changed", "--force")
    assert "Decisions:  2 accepted, 1 rejected" in run("show", "1")[1]
    rc, out, err = run("recorrect", "1", "--force")
    assert rc == 0 and out.split("\t")[2:] == ["0 decisions kept", "3 lost\n"]
    assert "not carried over" in err


def test_a_damaged_library_reads_refuses_writes_and_repairs_into_a_new_folder(run, tmp_path, library_of_150):
    """Case 2 through the command line: list works read-only, import is refused, repair saves a copy."""
    data = library_of_150
    db = data / "library.sqlite3"
    raw = bytearray(db.read_bytes())
    raw[8192 : 8192 + 4096] = os.urandom(4096)
    db.write_bytes(bytes(raw))
    rc, out, err = run("--data-dir", data, "import", SEED)
    assert (rc, out) == (1, "")
    _one_line(err, "the library file is damaged (", "nothing will be written", "`unspin repair`")
    rc, out, err = run("--data-dir", data, "repair", "-o", tmp_path / "fixed")
    assert rc == 0 and out == f"{tmp_path / 'fixed' / 'library.sqlite3'}\n"
    _one_line(err, "saved a repaired copy (", f"--data-dir {tmp_path / 'fixed'}")
    assert db.read_bytes() == bytes(raw)
    rc, out, err = run("--data-dir", tmp_path / "fixed", "import", SEED)
    assert rc == 0 and err == ""
