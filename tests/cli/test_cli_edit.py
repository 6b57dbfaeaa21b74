"""`unspin edit`, `show` with author/URL, `search` with the matching words and exit 1 on no match, spam."""

from __future__ import annotations

from tests.test_titles_and_edit import SEED, SPAM, SPUN_TITLE, TITLE


def test_cli_edit_show_search_and_exit_status(run, tmp_path):
    lib = tmp_path / "cli-lib"
    rc, out, _ = run("--data-dir", lib, "import", SEED)
    assert (rc, out) == (0, f"1\t{TITLE}\n")
    rc, out, _ = run("--data-dir", lib, "edit", "1", "--author", "Vincent Ni", "--url", "https://example.org/a")
    assert rc == 0
    rc, out, _ = run("--data-dir", lib, "show", "1")
    assert "Author:     Vincent Ni" in out and "URL:        https://example.org/a" in out
    assert f"Spun title: {SPUN_TITLE}" in out
    rc, out, _ = run("--data-dir", lib, "search", "pipeline")
    assert rc == 0 and out.startswith(f"1\t{TITLE}\t") and "[pipeline]" in out.split("\t")[4]
    rc, out, err = run("--data-dir", lib, "search", "zebra")
    assert (rc, out) == (1, "") and err == "unspin: nothing matches 'zebra'\n"
    rc, _, err = run("--data-dir", lib, "edit", "1")
    assert rc == 2 and "--title" in err
    rc, out, _ = run("correct", SEED)
    assert rc == 0 and SPAM not in out
    rc, out, _ = run("correct", "--keep-spam", SEED)
    assert SPAM in out


def test_cli_edit_refuses_a_url_that_is_not_a_web_address(run, tmp_path):
    lib = tmp_path / "cli-lib"
    run("--data-dir", lib, "import", SEED)
    rc, _, _ = run("--data-dir", lib, "edit", "1", "--url", " https://example.org/a ")
    assert rc == 0
    for bad in (
        "notaurl",
        "example.org/page",
        "ftp://example.org/x",
        "https://",
        "https://exa mple.org",
        "http://[::1",
    ):
        rc, out, err = run("--data-dir", lib, "edit", "1", "--url", bad)
        assert (rc, out) == (1, ""), bad
        assert err.startswith(f"unspin: {bad}: not a web address") and err.count("\n") == 1, err
    rc, out, _ = run("--data-dir", lib, "show", "1")
    assert "URL:        https://example.org/a\n" in out  # the good address stayed
    rc, _, _ = run("--data-dir", lib, "edit", "1", "--url", "")
    rc, out, _ = run("--data-dir", lib, "show", "1")
    assert rc == 0 and "URL:        -" in out


def test_a_utf16_file_with_bom_is_corrected_at_the_right_offsets(run, tmp_path):
    """`unspin correct` of a UTF-16-LE file with BOM FF FE: the JSON's text is the decoded file and every
    edit's offset and length point at its original_text there (an emoji before them counts one code point)."""
    import json

    spun = "\U0001f600 " + SEED.read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "wide.txt"
    path.write_bytes(b"\xff\xfe" + spun.encode("utf-16-le"))
    rc, out, err = run("correct", "--format", "json", path)
    assert rc == 0, err
    doc = json.loads(out)
    assert doc["text"].replace("\r\n", "\n") == spun.replace("\r\n", "\n")
    assert len(doc["edits"]) > 20
    for e in doc["edits"]:
        assert doc["text"][e["offset"] : e["offset"] + e["length"]] == e["original_text"]
