"""`unspin source`, `unspin learn` and `unspin lexicon ...`."""

from __future__ import annotations

SOURCE = "The leaders met in Paris on Monday and agreed to raise the budget by 3% next year.\n"
SPUN = "The frontrunners met in Paris on Monday and you can agreed to raise the budget by 4% next year.\n"


def _setup(run, tmp_path):
    spun, src = tmp_path / "spun.txt", tmp_path / "source.txt"
    spun.write_text(SPUN, encoding="utf-8")
    src.write_text(SOURCE, encoding="utf-8")
    rc, out, _ = run("import", spun)
    assert rc == 0
    return out.split("\t")[0], src


def test_source_learn_and_lexicon(run, tmp_path):
    aid, src = _setup(run, tmp_path)
    rc, out, err = run("source", aid, src)
    assert (rc, err) == (0, "")
    assert "Differences: 3 (" in out and "synonym 1" in out and "Engine:      undoes" in out
    rc, out, _ = run("learn", aid)
    assert rc == 0 and out.startswith("Learned ") and "(lexicon u" in out
    rc, out, _ = run("lexicon", "list")
    lines = out.splitlines()
    assert any("\tfrontrunners\tleaders\tsynonym\t" in line for line in lines)
    tsv = tmp_path / "lex.tsv"
    rc, out, _ = run("lexicon", "export", tsv)
    assert rc == 0 and tsv.read_text(encoding="utf-8").count("\n") == len(lines) + 2  # comment + header
    ids = [line.split("\t")[0] for line in lines]
    assert run("lexicon", "remove", *ids)[0] == 0
    assert run("lexicon", "list")[1] == ""
    rc, out, _ = run("lexicon", "import", tsv)
    assert rc == 0 and out.startswith(f"{len(lines)} new rows")


def test_errors_are_one_line(run, tmp_path):
    aid, src = _setup(run, tmp_path)
    for argv, needle in (
        (("learn", aid), "has no source attached"),
        (("source", "99", src), "no such article"),
        (("source", aid, tmp_path / "nope.txt"), "nope.txt"),
        (("lexicon", "remove", "5"), "row 5: not in the lexicon"),
        (("lexicon", "remove", "abc"), "'abc' is not a row id (a number from `unspin lexicon list`)"),
        (("lexicon", "import", tmp_path / "nope.tsv"), "nope.tsv"),
    ):
        rc, _, err = run(*argv)
        assert rc != 0 and err.startswith("unspin: ") and err.count("\n") == 1 and needle in err, (argv, err)


def test_show_names_the_copies_and_the_original(run, tmp_path):
    padded, plain, src = tmp_path / "padded.txt", tmp_path / "plain.txt", tmp_path / "source.txt"
    words = "restored the Gelati monastery frescoes with lime mortar, walnut scaffolding and saffron from Svaneti."
    padded.write_text(f"Volunteers in Tbilisi and you can Kutaisi {words}\n", encoding="utf-8")
    plain.write_text(f"Volunteers in Tbilisi and Kutaisi {words}\n", encoding="utf-8")
    src.write_text(f"Volunteers from Tbilisi and Kutaisi {words}\n", encoding="utf-8")
    ids = [run("import", f)[1].split("\t")[0] for f in (padded, plain)]
    run("source", ids[0], src)
    rc, out, _ = run("show", ids[0])
    assert rc == 0
    assert f"Copies:     1 other (ID {ids[1]})" in out
    assert f"Original:   {src}" in out


def test_families_lists_one_line_per_family(run, tmp_path):
    words = "restored the Gelati monastery frescoes with lime mortar, walnut scaffolding and saffron from Svaneti."
    files = []
    for n, text in enumerate(
        (f"Volunteers in Tbilisi and you can Kutaisi {words}", f"Volunteers in Tbilisi and Kutaisi {words}")
    ):
        f = tmp_path / f"copy{n}.txt"
        f.write_text(text + "\n", encoding="utf-8")
        files.append(f)
    ids = [run("import", f)[1].split("\t")[0] for f in files]
    rc, out, err = run("families", "--scan")
    assert (rc, err) == (0, "") and out == "\t".join(ids) + "\n"
