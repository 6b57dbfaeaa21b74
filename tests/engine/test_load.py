"""Loading the engine's data cheaply: the thesaurus looked up in place, the optional model client not imported."""

from __future__ import annotations

import subprocess
import sys

import pytest

from reader.engine import lexicon, thesaurus


def test_shipped_thesaurus_is_sorted_with_one_line_per_word():
    """The reader bisects the file: an unsorted or duplicated line would hide words without an error."""
    keys = []
    with open(thesaurus.PATH, "rb") as f:
        body = False
        for line in f:
            if line.startswith(b"#"):
                assert not body, "comment lines only at the top"
                continue
            body = True
            assert line.endswith(b"\n") and line.count(b"\t") == 2
            keys.append(line.split(b"\t", 1)[0])
    assert len(keys) > 40000
    assert all(a < b for a, b in zip(keys, keys[1:], strict=False))


def _linear(path, word: str) -> bytes | None:
    for line in path.read_bytes().splitlines():
        if not line.startswith(b"#") and line.split(b"\t", 1)[0] == word.encode():
            return line.split(b"\t", 1)[1]
    return None


@pytest.mark.parametrize("block", [1, 7, 30, 16384])
@pytest.mark.parametrize("words", [[], ["b"], ["b", "bb", "c", "ca"], ["a", "a-b", "a'b", "ab", "abc", "b", "z"]])
def test_sorted_lines_finds_every_key_and_nothing_else(tmp_path, monkeypatch, words, block):
    monkeypatch.setattr(thesaurus.SortedLines, "BLOCK", block)  # blocks smaller than a line, a few lines, the file
    path = tmp_path / "t.tsv"
    lines = [f"{w}\t{i}\trest {w}\n".encode() for i, w in enumerate(sorted(words))]
    path.write_bytes(b"# header\n# second\n" + b"".join(lines))
    table = thesaurus.SortedLines(str(path))
    for w in words:
        assert table.get(w) == _linear(path, w) is not None
    probes = ["", "a", "aa", "b", "ba", "bb", "bbb", "c", "cb", "zz", "#", "# header", "rest", "0", "b\t0"]
    for w in probes:
        assert table.get(w) == _linear(path, w)


@pytest.mark.parametrize("pread", [True, False])  # False: seek and read, as on Windows
@pytest.mark.parametrize("block", [1, 4, 16384])
def test_last_line_without_newline_and_empty_file(tmp_path, monkeypatch, block, pread):
    monkeypatch.setattr(thesaurus.SortedLines, "BLOCK", block)
    if not pread:
        monkeypatch.setattr(thesaurus, "_PREAD", None)
    path = tmp_path / "t.tsv"
    path.write_bytes(b"a\t1\tx\nb\t2\ty")
    assert thesaurus.SortedLines(str(path)).get("b") == b"2\ty"
    assert thesaurus.SortedLines(str(path)).get("a") == b"1\tx"
    empty = tmp_path / "e.tsv"
    empty.write_bytes(b"")
    assert thesaurus.SortedLines(str(empty)).get("a") is None


def test_candidates_and_zipf_read_the_line():
    cands = thesaurus.candidates("fulfilled")
    assert "met" in [c for c, *_ in cands]
    raw = thesaurus._table().get("fulfilled").decode()
    assert thesaurus.zipf("fulfilled") == float(raw.split("\t")[0])
    assert len(cands) == len(raw.split("\t")[1].split())
    assert thesaurus.candidates("qqqzzz") == () and thesaurus.zipf("qqqzzz") == 0.0
    assert thesaurus.relation("fulfilled", "Met") is not None


def test_engine_import_leaves_the_model_client_unloaded():
    code = "import sys, reader.engine, reader.engine.decode; print('reader.engine.local_model' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    code = "import sys, reader.engine; reader.engine.refine; print('reader.engine.local_model' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


TABLE = (
    "spun\toriginal\tcategory\tcontext\tprior\tsource\texplanation\n"
    "the guy\the\tpronoun\tspun;!next=who|that\t0.6\tguide\tThe spinner writes 'the guy' for 'he'.\n"
    "fulfilled\tmet\tsynonym\tprev=they|we;lm\t0.7\tteam\t\n"
    "big date\ttime\tidiom\tdoc=spun\t0.9\tteam\t\n"
)


def _parsed(directory):
    rules = [r for p in sorted(directory.glob("*.tsv")) for r in lexicon.parse_table(p)]
    return lexicon.build(rules + lexicon.generalise(rules), "")


def _tables(tmp_path):
    d = tmp_path / "tables"
    d.mkdir()
    (d / "a.tsv").write_text(TABLE, encoding="utf-8")
    (d / "b.tsv").write_text(TABLE.replace("0.6", "0.5"), encoding="utf-8")
    return d


def test_lexicon_read_back_from_the_cache_equals_the_parsed_tables(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(cache))
    d = _tables(tmp_path)
    first = lexicon.load.__wrapped__(d)
    files = list(cache.glob("lexicon-*.marshal"))
    assert len(files) == 1
    monkeypatch.setattr(lexicon, "parse_table", None)  # the second load must not parse
    second = lexicon.load.__wrapped__(d)
    monkeypatch.undo()
    want = _parsed(d)
    for got in (first, second):
        assert got.version == first.version != ""
        assert got.rules == want.rules and got.by_first == want.by_first and got.by_pair == want.by_pair
        assert [[c.words for c in r.conds] for r in got.rules] == [[c.words for c in r.conds] for r in want.rules]
    assert second.by_pair[("the", "guy")][0] is second.rules[0]  # the indexes hold the same Rule objects


def test_shipped_lexicon_from_the_cache_equals_the_parsed_tables():
    lexicon.load.__wrapped__()  # writes the cache (a fresh folder for each test)
    got = lexicon.load.__wrapped__()
    want = _parsed(lexicon.LEXICON_DIR)
    assert got.rules == want.rules and got.by_first == want.by_first and got.by_pair == want.by_pair


def test_a_changed_table_or_a_damaged_cache_file_is_parsed_again(tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(cache))
    d = _tables(tmp_path)
    before = lexicon.load.__wrapped__(d)
    (d / "b.tsv").write_text(TABLE.replace("0.6", "0.4"), encoding="utf-8")
    after = lexicon.load.__wrapped__(d)
    assert after.version != before.version
    assert [r.prior for r in after.by_first["fulfilled"]] == [0.7, 0.7]
    assert [r.prior for r in after.by_pair[("the", "guy")]][:2] == [0.6, 0.4]
    (path,) = cache.glob("lexicon-*.marshal")  # the old tables' file is gone
    path.write_bytes(path.read_bytes()[:100])
    assert lexicon.load.__wrapped__(d).rules == after.rules
    assert len(path.read_bytes()) > 100  # written again


def test_lexicon_loads_when_the_cache_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("UNSPIN_CACHE_DIR", str(blocker / "cache"))
    d = _tables(tmp_path)
    assert lexicon.load.__wrapped__(d).rules == _parsed(d).rules
