"""`unspin scan` as a user runs it: the default LocalCluster, the summary, the report, one-line errors."""

from __future__ import annotations

import json

from scan_samples import clean_texts, spun_chunks

from reader.cli import main


def _run(capsys, *argv):
    rc = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return rc, out, err


def test_scan_folder_on_a_local_cluster_with_report(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    for i, t in enumerate(spun_chunks(2)):
        (tmp_path / "in" / f"spun{i}.txt").write_text(t, encoding="utf-8")
    for i, t in enumerate(clean_texts(2)):
        (tmp_path / "in" / f"clean{i}.txt").write_text(t, encoding="utf-8")
    rc, out, err = _run(capsys, "scan", "in", "-o", "out", "--workers", "2", "--report", "r.html", "--no-progress")
    assert rc == 0, err
    assert "documents   4 (4 this run" in out and "2 workers" in out and "spun        2 " in out
    assert f"report      {tmp_path / 'r.html'}" in out
    rows = [json.loads(x) for p in sorted((tmp_path / "out").glob("part-*.jsonl")) for x in p.read_text().splitlines()]
    assert sorted(r["id"] for r in rows) == ["in/clean0.txt", "in/clean1.txt", "in/spun0.txt", "in/spun1.txt"]
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "<svg" in page and "in/spun0.txt" in page

    # Nothing left to do: --resume answers at once, without a cluster.
    rc, out, _ = _run(capsys, "scan", "in", "-o", "out", "--resume", "--no-progress")
    assert rc == 0 and "nothing left to do" in out and "0 run now, 1 done before" in out


def test_scan_errors_are_one_line(tmp_path, capsys):
    rc, out, err = _run(capsys, "scan", tmp_path / "missing", "-o", tmp_path / "out")
    assert rc == 1 and out == "" and err == f"unspin: {tmp_path / 'missing'}: no such file or folder\n"
    (tmp_path / "x.txt").write_text("Some text.")
    rc, _, err = _run(capsys, "scan", tmp_path / "x.txt", "-o", tmp_path / "x.txt")
    assert rc == 1 and "is a file" in err and err.count("\n") == 1
    rc, _, err = _run(capsys, "scan", tmp_path / "x.txt", "-o", tmp_path / "o", "--scheduler", "nonsense://x")
    assert rc == 1 and "not a Dask scheduler address" in err and err.count("\n") == 1
    assert not (tmp_path / "o").exists()  # a scan that never started leaves no folder asking for --resume
    rc, _, err = _run(capsys, "scan", tmp_path, "-o", tmp_path / "o", "--workers", "0")
    assert rc == 2 and "at least 1" in err
    rc, _, err = _run(capsys, "scan", tmp_path, "-o", tmp_path / "o", "--format", "csv")
    assert rc == 2 and err.count("\n") == 1


def test_scan_of_an_empty_folder_says_so_and_fails(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.bin").write_bytes(b"\0")  # nothing a scan reads
    (tmp_path / "empty" / ".hidden.txt").write_text("Hidden files are left out.")
    rc, out, err = _run(capsys, "scan", tmp_path / "empty", "-o", tmp_path / "out", "--no-progress")
    assert rc == 1 and out == ""
    assert err.startswith(f"unspin: no articles found in {tmp_path / 'empty'} (") and err.count("\n") == 1
    assert not (tmp_path / "out").exists()
