"""Planning and reading without Dask: parts cover every document once, JSONL ranges cut at newlines,
and OUT refuses what it cannot hold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.scan.inputs import InputError, count_docs, domain_of, plan, read_part
from reader.scan.output import OutputError, create, prepare


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet=st.characters(blacklist_characters="\n\r\x85\u2028\u2029"), max_size=30), max_size=25
    ),
    part_size=st.integers(1, 7),
    final_newline=st.booleans(),
)
def test_jsonl_parts_read_every_line_once_in_order(tmp_path_factory, texts, part_size, final_newline):
    path = tmp_path_factory.mktemp("j") / "d.jsonl"
    body = "\n".join(json.dumps({"text": t, "n": i}) for i, t in enumerate(texts))
    path.write_text(body + ("\n" if final_newline and texts else ""), encoding="utf-8")
    parts = plan([str(path)], part_size)
    docs = [d for p in parts for d in read_part(p, "text", "n")]
    assert [d.text for d in docs] == texts and [d.id for d in docs] == [str(i) for i in range(len(texts))]
    assert all(p.docs <= part_size for p in parts) and sum(p.docs for p in parts) == len(texts)
    assert [p.index for p in parts] == list(range(len(parts)))


def test_folder_plan_is_sorted_deterministic_and_mixed_inputs_are_numbered(tmp_path):
    d = tmp_path / "f"
    (d / "b").mkdir(parents=True)
    for name in ("b/z.txt", "a.md", "c.html", "skip.csv", ".hidden.txt"):
        (d / name).write_text("Some words here.", encoding="utf-8")
    (tmp_path / "x.jsonl").write_text('{"text": "a"}\n{"text": "b"}\n{"text": "c"}\n', encoding="utf-8")
    inputs = [str(d), str(tmp_path / "x.jsonl")]
    parts = plan(inputs, 2)
    assert [p.kind for p in parts] == ["files", "files", "jsonl", "jsonl"]
    files = [shown for p in parts for shown, _ in p.items]
    nested = plan([str(tmp_path)], 2)  # JSONL (and WARC) files found in a folder become their own parts
    assert [(p.kind, p.source) for p in nested if p.kind != "files"] == [("jsonl", f"{tmp_path}/x.jsonl")] * 2
    assert files == [f"{d}/a.md", f"{d}/c.html", f"{d}/b/z.txt"]  # a folder's files, then its subfolders
    assert [p.key() for p in plan(inputs, 2)] == [p.key() for p in parts]
    assert count_docs(inputs) == 6 == sum(p.docs for p in parts)


def test_bad_inputs_are_one_line_errors(tmp_path):
    with pytest.raises(InputError, match="no such file or folder"):
        plan([str(tmp_path / "missing")], 5)
    (tmp_path / "data.csv").write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError, match="not a folder, nor a file scan reads"):
        plan([str(tmp_path / "data.csv")], 5)


def test_output_folder_rules(tmp_path):
    manifest = {"plan": "p1", "format": "jsonl", "min_spin": None}
    f = tmp_path / "file"
    f.write_text("x")
    with pytest.raises(OutputError, match="is a file"):
        prepare(f, manifest, False)
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "mine.txt").write_text("x")
    with pytest.raises(OutputError, match="other files"):
        prepare(busy, manifest, False)
    out = tmp_path / "out"
    assert prepare(out, manifest, False) is None and not out.exists()  # created once the workers are up
    create(out, manifest)
    with pytest.raises(OutputError, match="--resume"):
        prepare(out, manifest, False)
    (out / ".part-000001.jsonl.abc.part").write_text("half a part")
    assert prepare(out, manifest, True)["plan"] == "p1"
    assert not list(out.glob(".part-*"))  # the killed run's temporary file is gone
    with pytest.raises(OutputError, match="--format"):
        prepare(out, {**manifest, "format": "parquet"}, True)


def test_domain_of():
    assert domain_of("https://www.Example.com/a?b") == "example.com"
    assert domain_of("in/folder/a.txt") == "" and domain_of("docs.jsonl:3") == ""
