"""Scans on a real two-worker Dask LocalCluster (one per module): folder, JSONL, WARC, Parquet,
bad records, --min-spin, and --resume after the client is killed with SIGKILL mid-scan."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from scan_samples import FRENCH, clean_texts, spun_chunks, write_warc, write_wet

from reader.errors import UnspinError
from reader.scan import ScanRequest, run_scan
from reader.scan.output import read_rows


def _scan(cluster, inputs, out, **kw) -> tuple:
    req = ScanRequest(inputs=[str(i) for i in inputs], out=str(out), scheduler=cluster.scheduler_address, **kw)
    summary = run_scan(req, progress=False)
    return summary, {r["id"]: r for r in read_rows(Path(out))}


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    (d / "spun").mkdir(parents=True)
    (d / "clean").mkdir()
    for i, t in enumerate(spun_chunks(3)):
        (d / "spun" / f"copy{i}.txt").write_text(t, encoding="utf-8")
    for i, t in enumerate(clean_texts(3)):
        (d / "clean" / f"article{i}.md").write_text(t, encoding="utf-8")
    (d / "clean" / "broken.pdf").write_bytes(b"%PDF-1.4\n garbage, no objects, no trailer")
    (d / "clean" / "french.txt").write_text(FRENCH, encoding="utf-8")
    (d / "clean" / "notes.csv").write_text("a,b\n", encoding="utf-8")  # not a format the importers read
    (d / ".hidden.txt").write_text("and you can the brand new", encoding="utf-8")
    return d


def test_folder_scan_one_row_per_document_ranks_spun_first(cluster, folder, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    summary, rows = _scan(cluster, ["in"], tmp_path / "out", part_size=2)

    expected = {f"in/spun/copy{i}.txt" for i in range(3)} | {f"in/clean/article{i}.md" for i in range(3)}
    expected |= {"in/clean/broken.pdf", "in/clean/french.txt"}
    assert set(rows) == expected  # paths as given; hidden files and unknown suffixes left out
    assert summary.docs == 8 and summary.parts == 4 and summary.parts_run == 4 and summary.workers == 2
    assert (summary.ok, summary.skipped, summary.errors) == (6, 1, 1)

    spun = [rows[f"in/spun/copy{i}.txt"] for i in range(3)]
    clean = [rows[f"in/clean/article{i}.md"] for i in range(3)]
    assert min(r["spin_score"] for r in spun) > max(r["spin_score"] for r in clean)
    assert summary.spun == 3 and all(r["spinner"] == "signature" for r in spun)
    for r in spun:
        assert r["status"] == "ok" and r["language"] == "en" and r["words"] > 100 and r["seconds"] > 0
        assert r["edits"]["padding"] > 0 and r["signatures"] and r["signatures"][0].startswith("padding.")
    assert all(r["spinner"] == "none" and r["edits"] == {} for r in clean)

    pdf = rows["in/clean/broken.pdf"]
    assert pdf["status"] == "error" and "PDF" in pdf["error"] and pdf["spin_score"] is None
    fr = rows["in/clean/french.txt"]
    assert fr["status"] == "skipped" and fr["language"] == "fr" and summary.languages == {"fr": 1}
    assert {t[1] for t in summary.top[:3]} == {r["id"] for r in spun}  # the most spun first

    # Every worker loaded the engine's tables exactly once, however many parts it ran.
    from distributed import Client

    from reader.scan import worker

    with Client(cluster) as client:
        loads = client.run(lambda: worker.WARM_UPS)
    assert sorted(loads.values()) == [1, 1]


def test_jsonl_fields_and_bad_lines(cluster, tmp_path):
    src = tmp_path / "docs.jsonl"
    lines = [json.dumps({"key": f"s{i}", "body": t}) for i, t in enumerate(spun_chunks(2))]
    lines += [
        json.dumps({"key": "c0", "body": clean_texts(1)[0]}),
        '{"key": "cut", "body": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"key": "nobody", "text": "wrong field"}),
        "",
        json.dumps({"body": "No id here, so the file and line name it. " * 5}),
    ]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    summary, rows = _scan(cluster, [src], tmp_path / "out", text_field="body", id_field="key", part_size=3)

    assert set(rows) == {"s0", "s1", "c0", f"{src}:4", f"{src}:5", "nobody", f"{src}:8"}
    assert rows["s0"]["spin_score"] > 0.5 and rows["s1"]["spin_score"] > 0.5 and rows["c0"]["spin_score"] < 0.2
    assert "not valid JSON" in rows[f"{src}:4"]["error"]
    assert rows[f"{src}:5"]["error"] == "not a JSON object"
    assert rows["nobody"]["error"] == "line 6: has no 'body' field"
    assert rows[f"{src}:8"]["status"] == "ok"
    assert summary.errors == 3 and summary.docs == 7 and summary.parts == 3


def test_warc_records_through_the_html_importer_and_a_damaged_warc(cluster, tmp_path):
    pages = [(f"http://www.spam{i % 2}.example/p{i}", t) for i, t in enumerate(spun_chunks(3))]
    pages.append(("https://news.example/clean", clean_texts(1)[0]))
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, pages)
    other = [(f"http://other.example/{i}", t) for i, t in enumerate(spun_chunks(3))]
    cut, damaged = tmp_path / "cut.warc.gz", tmp_path / "damaged.warc.gz"
    for p in (cut, damaged):
        write_warc(p, other, extra=False)
    whole = cut.read_bytes()
    cut.write_bytes(whole[: len(whole) - 300])  # a download that stopped inside the last record
    from warcio.archiveiterator import ArchiveIterator

    with open(damaged, "rb") as f:
        it = ArchiveIterator(f)
        starts = [it.get_record_offset() for _ in it]
    data = bytearray(damaged.read_bytes())
    data[starts[4] : starts[4] + 60] = b"\xff" * 60  # the second page's gzip member overwritten
    damaged.write_bytes(bytes(data))

    wet = tmp_path / "crawl.wet.gz"
    spun = spun_chunks(2)
    wet_records = [("http://wet.example/en", spun[0], "eng,fra"), ("http://wet.example/de", spun[1], "deu,eng")]
    write_wet(wet, [*wet_records, ("http://wet.example/fr", FRENCH, None)])

    summary, rows = _scan(cluster, [warc, cut, damaged, wet], tmp_path / "out")
    assert rows["http://wet.example/en"]["spin_score"] > 0.5 and rows["http://wet.example/en"]["language"] == "en"
    de = rows["http://wet.example/de"]  # Common Crawl's header says German: skipped unread
    assert (de["status"], de["language"], de["words"]) == ("skipped", "deu", 0)
    assert (rows["http://wet.example/fr"]["status"], rows["http://wet.example/fr"]["language"]) == ("skipped", "fr")
    ok = {i: r for i, r in rows.items() if r["input"] == str(warc)}
    assert set(ok) == {u for u, _ in pages}  # request, warcinfo, image and 404 records are not documents
    assert all(ok[u]["spin_score"] > 0.5 for u, _ in pages[:3]) and ok["https://news.example/clean"]["spin_score"] < 0.2
    assert ok["http://www.spam0.example/p0"]["domain"] == "spam0.example"
    assert summary.domains == {"spam0.example": 2, "spam1.example": 1, "other.example": 3, "wet.example": 1}

    by_input = {}
    for r in read_rows(tmp_path / "out"):
        by_input.setdefault(r["input"], []).append(r)
    assert [r["status"] for r in by_input[str(cut)]] == ["ok", "ok", "error"]
    assert "cut short" in by_input[str(cut)][-1]["error"]
    assert [r["status"] for r in by_input[str(damaged)]] == ["ok", "error"]  # the page before the damage counts
    assert by_input[str(damaged)][-1]["error"].startswith("damaged WARC after 1 documents (")
    assert summary.errors == 2


def test_parquet_rows_match_and_min_spin_keeps_spun_and_errors(cluster, folder, tmp_path):
    pq_summary, pq_rows = _scan(cluster, [folder], tmp_path / "pq", fmt="parquet", min_spin=0.5)
    assert list((tmp_path / "pq").glob("part-*.parquet"))
    kept = {Path(i).name for i in pq_rows}
    assert kept == {"copy0.txt", "copy1.txt", "copy2.txt", "broken.pdf"}
    assert pq_summary.docs == 8 and pq_summary.written == 4 and pq_summary.ok == 6
    r = pq_rows[str(folder / "spun" / "copy0.txt")]
    assert isinstance(r["edits"], dict) and r["edits"]["padding"] > 0 and isinstance(r["signatures"], list)


def test_resume_after_kill_does_not_redo_finished_parts(cluster, tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    seed = "\n\n".join(spun_chunks(1))
    for i in range(24):  # whole seed copies: ~0.3 s each, so the kill lands mid-scan
        (src / f"doc{i:02d}.txt").write_text(seed, encoding="utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "reader.cli", "scan", str(src), "-o", str(out), "--part-size", "1"]
    cmd += ["--scheduler", cluster.scheduler_address, "--no-progress"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not list(out.glob("part-*.stats.json")) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.stats.json")}
    assert 1 <= len(before) < 24, proc.stderr.read().decode()

    with pytest.raises(UnspinError, match="--resume"):
        _scan(cluster, [src], out)
    summary, rows = _scan(cluster, [src], out, resume=True)
    assert summary.parts == 24 and summary.parts_resumed >= len(before)
    assert summary.parts_run + summary.parts_resumed == 24 and summary.docs == 24
    assert len(rows) == 24 and all(r["status"] == "ok" for r in rows.values())
    after = {p.name: p.stat().st_mtime_ns for p in out.glob("part-*.stats.json")}
    assert all(after[n] == t for n, t in before.items())  # finished parts were not written again
    assert not list(out.glob(".part-*"))  # no temporary file left behind

    (src / "doc99.txt").write_text(seed, encoding="utf-8")
    with pytest.raises(UnspinError, match="other inputs"):
        _scan(cluster, [src], out, resume=True)
