"""The `unspin` command: correct a file, and manage the library (thin over reader.services).

Every error is one line on stderr, `unspin: FILE: problem`, with exit status 1 (usage
errors: 2); Ctrl-C exits 130 and a closed pipe (`| head`) quietly. `correct` needs no
library and imports neither SQLAlchemy nor the heavier importers unless the file needs them.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, NoReturn

from reader.errors import ExportFailed, ImportFailed, UnspinError

PROG = "unspin"
EXPORT_FORMATS = {"txt": "txt", "md": "md", "html": "html", "json": "report-json", "report-html": "report-html"}
EXPORT_FORMATS["report-json"] = "report-json"
SUFFIX_FORMATS = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html", ".json": "report-json"}
# Formats the program reads but cannot write: a cleaned copy named x.pdf would be plain text a viewer refuses.
UNWRITABLE_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".rtf", ".epub"}


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not the usage block
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _article_id(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an article id (a number from `unspin list`)") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not an article id (a number from `unspin list`)")
    return n


def _row_id(value: str) -> int:
    """A lexicon ROW ID (before: refused as "not an article id (a number from `unspin list`)")."""
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a row id (a number from `unspin lexicon list`)")
    return int(value)


def _confidence(value: str) -> float:
    try:
        x = float(value)
    except ValueError:
        x = -1.0
    if not 0.0 <= x <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} must be a number between 0 and 1")
    return x


def _count(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be a whole number of at least 1")
    return n


def build_parser() -> argparse.ArgumentParser:
    from reader import __version__

    ap = _Parser(prog=PROG, description="Restore what a spun article really said.")
    ap.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    ap.add_argument(
        "--data-dir",
        metavar="DIR",
        help="library folder (default: $UNSPIN_DATA_DIR, else the user data folder)",
    )
    sub = ap.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True

    c = sub.add_parser("correct", help="correct one file (or - for stdin) and print the result; no library needed")
    c.add_argument("file", metavar="FILE", help="a .txt, .md, .html, .pdf or .docx file, or - for stdin (text)")
    c.add_argument(
        "--format",
        choices=["text", "json", "html"],
        help="corrected text, the edits as JSON, or the HTML review report; default: from -o's suffix "
        "(.json, .html), else text",
    )
    c.add_argument("-o", "--output", metavar="OUT", help="write here instead of stdout")
    c.add_argument("--force", action="store_true", help="replace OUT if it exists")
    c.add_argument("--min-confidence", type=_confidence, metavar="X", help="apply edits at or above X (0..1)")
    _model_arguments(c)
    c.add_argument(
        "--with",
        dest="siblings",
        nargs="+",
        default=[],
        metavar="OTHER",
        help="other spun copies of the same article: where they relate to this copy's words they add evidence",
    )
    c.add_argument("--keep-spam", action="store_true", help="keep injected keyword spam in the corrected text")
    c.add_argument(
        "--spun",
        action="store_true",
        help="the text is spun (you know it is): look for every kind of substitution even where the text shows "
        "no spinner signatures (other spinners leave few)",
    )

    i = sub.add_parser("import", help="add files to the library and correct them; prints ID<TAB>TITLE")
    i.add_argument("files", nargs="+", metavar="FILE", help="a .txt, .md, .html, .pdf or .docx file, or - for stdin")

    ls = sub.add_parser("list", help="ID<TAB>TITLE<TAB>SPIN SCORE<TAB>EDITS for every article")
    ls.add_argument("--sort", choices=["imported_at", "title", "spin_score"], default="imported_at")

    s = sub.add_parser(
        "search", help="full-text search; ID<TAB>TITLE<TAB>SPIN SCORE<TAB>EDITS<TAB>MATCH (exit 1: no match)"
    )
    s.add_argument("query", nargs="+", metavar="QUERY")

    sh = sub.add_parser("show", help="an article's details, edits by category and decisions")
    sh.add_argument("id", type=_article_id, metavar="ID")

    ed = sub.add_parser("edit", help="change an article's title, author or source URL")
    ed.add_argument("id", type=_article_id, metavar="ID")
    ed.add_argument("--title", help="the title shown and exported (replaces the corrected title)")
    ed.add_argument("--author", help='who wrote it ("" clears it)')
    ed.add_argument("--url", help='where it was published ("" clears it)')

    rm = sub.add_parser("remove", help="remove an article from the library (its files are not touched)")
    rm.add_argument("id", type=_article_id, metavar="ID")

    e = sub.add_parser("export", help="write a cleaned copy or the review report")
    e.add_argument("id", type=_article_id, metavar="ID")
    e.add_argument(
        "--format",
        choices=list(EXPORT_FORMATS),
        help="txt, md, html (cleaned copy), json or report-html (review report); default: from -o's suffix",
    )
    e.add_argument("-o", "--output", metavar="PATH", required=True)
    e.add_argument("--force", action="store_true", help="replace PATH if it exists")
    e.add_argument("--keep-spam", action="store_true", help="keep injected keyword spam in the cleaned copy")

    rc = sub.add_parser(
        "recorrect",
        help="run the engine on an article again, keeping every decision whose change it finds again",
    )
    rc.add_argument("id", type=_article_id, metavar="ID")
    rc.add_argument("--force", action="store_true", help="go ahead even if some decisions cannot be carried over")
    spun = rc.add_mutually_exclusive_group()
    spun.add_argument(
        "--spun",
        dest="assume_spun",
        action="store_const",
        const=True,
        help="you know the article is spun: look for every kind of substitution from now on, even where it shows "
        "no spinner signatures",
    )
    spun.add_argument(
        "--auto", dest="assume_spun", action="store_const", const=False, help="let the engine judge again"
    )

    rp = sub.add_parser("repair", help="save what can be read from a damaged library into a new library folder")
    rp.add_argument("-o", "--output", metavar="DIR", help="the new library folder (default: beside the old one)")

    mo = sub.add_parser("model", help="the optional local language model server")
    msub = mo.add_subparsers(dest="model_command", metavar="ACTION", parser_class=_Parser)
    msub.required = True
    mc = msub.add_parser("check", help="say whether the configured model server answers, and how fast")
    _model_arguments(mc)
    src = sub.add_parser(
        "source", help="attach the original an article was spun from; prints its differences and the engine's score"
    )
    src.add_argument("id", type=_article_id, metavar="ID")
    src.add_argument("file", metavar="FILE", help="the original (txt, md, html, pdf, docx)")

    fm = sub.add_parser("families", help="copies of one source found in the library: one line of IDs per family")
    fm.add_argument("--scan", action="store_true", help="first fingerprint articles imported before families existed")

    ln = sub.add_parser("learn", help="add the substitutions the article's source shows to your own lexicon")
    ln.add_argument("id", type=_article_id, metavar="ID")

    lx = sub.add_parser("lexicon", help="your own lexicon (rows learned from sources): list, export, import, remove")
    lxs = lx.add_subparsers(dest="lexicon_command", metavar="ACTION", required=True)
    lxs.add_parser("list", help="ROW ID<TAB>SPUN<TAB>ORIGINAL<TAB>CATEGORY<TAB>CONTEXT<TAB>LEARNED FROM")
    lxe = lxs.add_parser("export", help="write the rows as a resources/lexicon TSV file")
    lxe.add_argument("path", metavar="PATH")
    lxe.add_argument("--force", action="store_true", help="replace PATH if it exists")
    lxi = lxs.add_parser("import", help="add the rows of a resources/lexicon TSV file")
    lxi.add_argument("path", metavar="PATH")
    lxr = lxs.add_parser("remove", help="remove rows by their ROW ID")
    lxr.add_argument("ids", nargs="+", type=_row_id, metavar="ROW_ID")
    sc = sub.add_parser(
        "scan",
        help="score many documents for spinning on Dask (folders, JSONL, WARC/WET); one row per document",
        description="Score folders, JSONL files and WARC/WET files for spinning, one row per document, on a local "
        "Dask process pool or any Dask cluster. OUT is a folder of parts; --resume finishes a killed scan.",
    )
    sc.add_argument("inputs", nargs="+", metavar="INPUT", help="a folder, a .jsonl file or a .warc/.wet(.gz) file")
    sc.add_argument("-o", "--output", metavar="OUT", required=True, help="folder for the parts (created)")
    sc.add_argument(
        "--format", choices=["jsonl", "parquet"], default="jsonl", help="rows as JSONL (default) or Parquet"
    )
    sc.add_argument("--workers", type=_count, metavar="N", help="local worker processes (default: one per core)")
    sc.add_argument("--scheduler", metavar="ADDRESS", help="run on this Dask scheduler (tcp://host:8786) instead")
    sc.add_argument(
        "--min-spin", type=_confidence, metavar="X", help="write only rows with spin score >= X (and errors)"
    )
    sc.add_argument("--resume", action="store_true", help="finish the scan in OUT, skipping the parts already done")
    sc.add_argument(
        "--text-field", default="text", metavar="NAME", help="JSONL: the field with the text (default: text)"
    )
    sc.add_argument("--id-field", metavar="NAME", help="JSONL: the field with the document id (default: FILE:LINE)")
    sc.add_argument(
        "--part-size",
        type=_count,
        metavar="N",
        help="documents per part (default: about 1/64 of the documents, 10 to 1000)",
    )
    sc.add_argument("--report", metavar="OUT.html", help="also write a one-page HTML summary here")
    sc.add_argument("--no-progress", action="store_true", help="no progress bar (it shows only on a terminal anyway)")

    g = sub.add_parser("gui", help="open the window (on FILE if given)")
    g.add_argument("file", nargs="?", metavar="FILE")
    g.add_argument("--screenshot", metavar="PNG", help="save a screenshot of the window and exit")
    return ap


def _model_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        metavar="URL[#MODEL]",
        help="also ask a local OpenAI-compatible model server, e.g. http://127.0.0.1:8080/v1#qwen2.5 "
        "(default: $UNSPIN_MODEL; none: the engine alone, no network)",
    )
    p.add_argument(
        "--allow-remote-model",
        action="store_true",
        help="allow a model server on another computer (the article text is sent there)",
    )


def _model_config(args: argparse.Namespace):
    """The model the command should use (--model, else $UNSPIN_MODEL), or None."""
    if not args.model and not os.environ.get("UNSPIN_MODEL"):
        return None  # the model client (http.client, sockets) is not even imported
    from reader.engine.local_model import MODEL_ENV, ModelError, config_from_env, parse_model_spec

    if args.model:
        return parse_model_spec(
            args.model, allow_remote=args.allow_remote_model, api_key=os.environ.get("UNSPIN_MODEL_KEY", "")
        )
    try:
        return config_from_env(allow_remote=args.allow_remote_model)
    except ModelError as e:  # name the variable: the user may have set it long ago, and passed no --model
        raise type(e)(f"${MODEL_ENV}={e.where}" if e.where else f"${MODEL_ENV}", e.problem) from None


# -- output helpers ----------------------------------------------------------------------
def _out(s: str) -> None:
    sys.stdout.write(s)


def _cell(s: Any) -> str:
    return " ".join(str(s).split())  # no tabs or newlines inside a column


def _err(msg: str) -> None:
    sys.stderr.write(f"{PROG}: {msg}\n")
    sys.stderr.flush()


# -- correct (no library) ----------------------------------------------------------------
def _read_article(file: str):
    """(text, title, source_path, newline) via the importers; stdin is sniffed (text unless a web page, PDF...)."""
    from reader.importers import import_bytes, import_path, read_limited

    if file == "-":
        # Read with the file limit while reading: `< /dev/zero` stops at the limit, not when memory runs out.
        art = import_bytes(read_limited(sys.stdin.buffer, "<stdin>"), "auto", name="<stdin>")
        _warn("<stdin>", art.metadata.get("notes", ()))
        return art.text, art.title, None, art.metadata.get("newline", "\n")
    art = import_path(file)
    _warn(file, art.metadata.get("notes", ()))
    return art.text, art.title, art.source_path or file, art.metadata.get("newline", "\n")


_LOSSY = ("replaced ", "some bytes ", "removed ", "kept the entity", "the PDF has no end")


def _warn(where: str, notes) -> None:
    """What the importer lost or replaced (invalid bytes, characters, pages) is said, never silent."""
    for note in notes:
        if note.startswith(_LOSSY) or "could not be read" in note:
            _err(f"warning: {_cell(where)}: {note}")


def _correct_format(output: str | None) -> str:
    """`correct -o NAME` without --format: what NAME's suffix asks for (report.html is the report, not text)."""
    suffix = Path(output).suffix.lower() if output else ""
    if suffix in UNWRITABLE_SUFFIXES:
        raise ExportFailed(
            output,
            f"cannot write a {suffix} file; correct writes text, json or html "
            "(name the file .txt, .json or .html, or pass --format)",
        )
    return {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "text")


def cmd_correct(args: argparse.Namespace) -> int:
    from reader.engine import Options, correct
    from reader.titles import corrected_title, real_title

    args.format = args.format or _correct_format(args.output)  # before any work: a .pdf name stops here
    model = _model_config(args)  # a bad or remote URL stops here, before any work
    text, title, source, newline = _read_article(args.file)
    siblings = [_read_article(f)[0] for f in args.siblings]
    opts = Options(assume_spun=args.spun)
    if args.min_confidence is not None:
        opts = replace(opts, min_confidence=args.min_confidence)
    if not siblings and model is None and args.format in ("text", "json"):
        from reader.engine.pieces import split_points

        if len(split_points(text)) > 2:  # a long text: written piece by piece (memory bounded by a piece)
            return _correct_streamed(args, text, newline, opts)
    result, report = correct(text, opts, siblings=siblings), None  # a long text goes in pieces (bounded memory)
    if model is not None:  # without one, no socket is opened (and the model client is not imported)
        from reader.engine.local_model import refine

        result, report = refine(text, result, model, None, opts)
    if report is not None:
        _err(report.summary())
    if not result.edits:
        _warn_language(args, text)
    if args.format == "json":
        from reader.exporters.line_endings import iter_correction_json

        # The offsets count code points of `text`, which is carried along, in the file's line endings.
        # Written piece by piece: a long article's edits are hundreds of MB of JSON.
        extra = {"model": report.to_dict()} if report is not None else {}
        pieces = iter_correction_json(result, newline, extra)
    elif args.format == "html":
        from reader import exporters

        title = real_title(title, text)
        title = corrected_title(title, result) or title
        html = exporters.render("report-html", result, {}, title=title, source_path=source, keep_spam=args.keep_spam)
        pieces = iter([html])
    else:
        from reader.exporters import without_spam

        out = (result if args.keep_spam else without_spam(result, {})[0]).corrected
        pieces = _ending_in_newline(iter([out]))
    _write_output(args, pieces)
    return 0


def _correct_streamed(args: argparse.Namespace, text: str, newline: str, opts) -> int:
    """`correct` of a text the engine takes in several pieces: each piece's edits are written, then let go.

    The same bytes as the whole-Correction path (reader.exporters.streamed); a million words
    no longer hold every edit at once (about 200 MB).
    """
    from reader.engine.pieces import iter_pieces
    from reader.exporters import streamed

    seen = [0]
    parts = streamed.counted(iter_pieces(text, opts), seen)
    if args.format == "json":
        pieces = streamed.iter_correction_json(text, parts, newline)
    else:
        pieces = _ending_in_newline(streamed.iter_cleaned_text(text, parts, args.keep_spam))
    _write_output(args, pieces)
    if not seen[0]:
        _warn_language(args, text)
    return 0


def _warn_language(args: argparse.Namespace, text: str) -> None:
    """Nothing found: on a French page that would read as "not spun" (the tables are English)."""
    from reader.scan import language

    lang = language.guess(text)
    if lang != "en":
        where = "<stdin>" if args.file == "-" else _cell(args.file)
        _err(
            f"warning: {where}: the text looks like another language ({lang}); the engine knows only "
            "English spinners, so finding nothing says nothing about it"
        )


def _ending_in_newline(pieces: Iterator[str]) -> Iterator[str]:
    """A text file ends with a newline (the importers strip the last one); an empty one stays empty."""
    last = ""
    for piece in pieces:
        if piece:
            last = piece
            yield piece
    if last and not last.endswith("\n"):
        yield "\n"


def _write_output(args: argparse.Namespace, pieces: Iterator[str]) -> None:
    if args.output:
        from reader.exporters.atomic import write_atomic

        src = None if args.file == "-" else args.file
        write_atomic(args.output, (p.encode("utf-8") for p in pieces), force=args.force, source_path=src)
    else:
        for piece in pieces:
            _out(piece)


# -- library commands --------------------------------------------------------------------
def _library(args: argparse.Namespace, *, writes: bool = False):
    """The library; a read-only one (damaged, or a read-only folder) is refused for commands that write it
    and, for the others, used with one line on stderr saying why nothing will be written."""
    from reader.errors import StoreError
    from reader.services import Library

    lib = Library(args.data_dir)
    if lib.read_only_reason:
        if writes:
            lib.close()
            raise StoreError(lib.db_path, lib.read_only_reason)
        _err(f"{lib.db_path}: {lib.read_only_reason}")
    return lib


def _score(x: float | None) -> str:
    return "-" if x is None else f"{x:.2f}"


def _print_summaries(items) -> None:
    for a in items:
        edits = "-" if a.edit_count is None else str(a.edit_count)
        _out(f"{a.id}\t{_cell(a.title)}\t{_score(a.spin_score)}\t{edits}\n")


def cmd_import(args: argparse.Namespace) -> int:
    failed = 0
    with _library(args, writes=True) as lib:
        for f in args.files:
            try:
                if f == "-":  # piped text, as `correct -` reads it (before: "-: no such file")
                    from reader.titles import real_title

                    text, title, _, _ = _read_article("-")
                    res = lib.import_text(text, real_title(title or "", text))
                else:
                    res = lib.import_file(f)
                    _warn(f, res.notes)
                if res.duplicate:  # the same text again: its ID, not a new article (say so; exit 0)
                    where = "<stdin>" if f == "-" else _cell(f)
                    _err(f"{where}: already in the library as article {res.article.id}; not imported again")
                if not res.duplicate or lib.latest_run(res.article.id) is None:
                    lib.correct(res.article.id)
                    if not res.duplicate:
                        lib.recorrect_family(res.article.id)  # its copies now have one more sibling
            except UnspinError as e:
                _err(str(e))
                failed += 1
                continue
            _out(f"{res.article.id}\t{_cell(lib.summary(res.article.id).title)}\n")  # the corrected title
            sys.stdout.flush()
    return 1 if failed else 0


def cmd_list(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        items = lib.list_articles(args.sort)
        _print_summaries(items)
        if not items:  # no output at all looked like a broken command, or the wrong library
            _err(f"the library in {lib.data_dir} is empty; add articles with `{PROG} import FILE...`")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    from reader.services import MARK_OFF, MARK_ON, fts_query

    query = " ".join(args.query)
    if not fts_query(query):  # the library's search then lists every article (the window's empty box does)
        raise UsageError(f"nothing to search for in {query!r}: give a word")
    with _library(args) as lib:
        items = lib.search(query)
    for a in items:
        edits = "-" if a.edit_count is None else str(a.edit_count)
        match = _cell((a.snippet or "").replace(MARK_ON, "[").replace(MARK_OFF, "]"))
        _out(f"{a.id}\t{_cell(a.title)}\t{_score(a.spin_score)}\t{edits}\t{match}\n")
    if not items:
        _err(f"nothing matches {query!r}")
        return 1
    return 0


def cmd_edit(args: argparse.Namespace) -> int:
    if args.title is None and args.author is None and args.url is None:
        raise UsageError("edit needs --title, --author or --url")
    with _library(args) as lib:
        a = lib.edit(args.id, title=args.title, author=args.author, url=args.url)
    _out(f"{a.id}\t{_cell(a.title)}\n")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from reader.review import counts

    with _library(args) as lib:
        a = lib.article(args.id)
        run = lib.latest_run(args.id)
        exports = lib.exports(args.id)
        rows = [
            ("ID", str(a.id)),
            ("Title", _cell(a.title)),
            *([("Spun title", _cell(a.metadata["spun_title"]))] if a.metadata.get("spun_title") else []),
            ("Author", _cell(a.metadata.get("author") or "-")),
            ("URL", a.metadata.get("source_url") or "-"),
            ("Source", a.source_path or "-"),
            ("Format", a.format),
            ("Imported", a.imported_at.strftime("%Y-%m-%d %H:%M UTC")),
            ("Words", str(len(a.text.split()))),
        ]
        family = lib.family(args.id)
        if family:
            rows.append(("Copies", f"{len(family)} other (ID {', '.join(map(str, family))})"))
        src = lib.source(args.id)
        if src is not None:
            rows.append(("Original", _cell(src.path or src.title)))
        links = a.metadata.get("links")
        if isinstance(links, list):
            rows.append(("Links", str(len(links))))
        lines = []
        if run is None:
            rows.append(("Spin score", "- (not corrected yet)"))
        else:
            corr = run.correction
            applied = sum(e.applied for e in corr.edits)
            spun = " (treated as spun: you said so)" if a.metadata.get("assume_spun") else ""
            rows.append(("Spin score", f"{corr.spin_score:.2f}{spun}"))
            rows.append(("Engine", f"{corr.engine_version} (lexicon {corr.lexicon_version or '-'})"))
            rows.append(("Edits", f"{len(corr.edits)} ({applied} applied, {len(corr.edits) - applied} suggested)"))
            by_cat = Counter(e.category.name for e in corr.edits)
            lines = [f"  {name:<18}{n}" for name, n in by_cat.most_common()]
            c = counts(corr, lib.decisions(run.id))
            decisions = f"{c['accepted']} accepted, {c['rejected']} rejected, {c['pending']} pending"
        width = 12
        for k, v in rows:
            _out(f"{k + ':':<{width}}{v}\n")
        if run is not None:
            for line in lines:
                _out(line + "\n")
            _out(f"{'Decisions:':<{width}}{decisions}\n")
        _out(f"{'Exports:':<{width}}{len(exports)}" + (f" (last: {exports[-1].path})" if exports else "") + "\n")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    with _library(args, writes=True) as lib:
        lib.remove(args.id)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    suffix = Path(args.output).suffix.lower()
    if not args.format and suffix in UNWRITABLE_SUFFIXES:
        raise ExportFailed(
            args.output,
            f"cannot write a {suffix} file; export writes txt, md, html, json or report-html "
            "(name the file .txt, .md, .html or .json, or pass --format)",
        )
    fmt = EXPORT_FORMATS[args.format] if args.format else SUFFIX_FORMATS.get(suffix, "txt")
    with _library(args) as lib:
        written = lib.export(args.id, args.output, fmt, force=args.force, keep_spam=args.keep_spam)
    _out(f"{written}\n")
    return 0


def cmd_recorrect(args: argparse.Namespace) -> int:
    with _library(args, writes=True) as lib:
        plan = lib.plan_recorrect(args.id, assume_spun=args.assume_spun)
        lost = plan.carried.lost
        if lost and not args.force:
            _err(
                f"article {args.id}: {len(lost)} decision(s) would be lost: {plan.carried.describe_lost()}; "
                "nothing was changed (use --force to correct again anyway)"
            )
            return 1
        run = lib.commit_recorrect(plan)
    kept = len(plan.carried.decisions)
    _out(f"{args.id}\t{len(run.correction.edits)} edits\t{kept} decisions kept\t{len(lost)} lost\n")
    if lost:
        _err(f"article {args.id}: not carried over: {plan.carried.describe_lost(len(lost))}")
    return 0


def cmd_repair(args: argparse.Namespace) -> int:
    from reader.services import default_data_dir
    from reader.store.repair import repair

    data_dir = Path(args.data_dir).expanduser() if args.data_dir else default_data_dir()
    report = repair(data_dir, Path(args.output) if args.output else None)
    _out(f"{report.path}\n")
    _err(
        f"saved a repaired copy ({report.summary()}) in {report.path.parent}; the damaged file is untouched. "
        f"Use it with --data-dir {report.path.parent}"
    )
    return 0


def cmd_model(args: argparse.Namespace) -> int:
    from reader.engine.local_model import MODEL_ENV, check

    model = _model_config(args)
    if model is None:
        _err(f"no model configured: pass --model URL[#MODEL] or set ${MODEL_ENV} (see README, 'A local model')")
        return 1
    result = check(model)
    if not result.ok:
        _err(result.message)
        return 1
    _out(result.message + "\n")
    if result.models:
        _out("models on the server: " + ", ".join(result.models) + "\n")
    return 0


def cmd_source(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        lib.article(args.id)  # an unknown id is reported before the file is read
        src = lib.attach_source_file(args.id, args.file)
        comp = lib.compare(args.id)
        families = ", ".join(f"{k} {n}" for k, n in comp.by_family().items()) or "none"
        sc = comp.score
        _out(f"Source:      {_cell(src.title)}\n")
        _out(f"Differences: {len(comp.differences)} ({families})\n")
        _out(
            f"Engine:      undoes {sc.undone:.1%} of {sc.errors_before} word errors"
            f" ({sc.errors_before} -> {sc.errors_after}); harms {sc.harmed} of {sc.correct_words}"
            f" correct words ({sc.harm:.2%})\n"
        )
    return 0


def cmd_families(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        if args.scan:
            lib.scan_families()
        found = lib.families()
        for ids in found:
            _out("\t".join(map(str, ids)) + "\n")
    if not found:
        _err("no families: no two articles in the library are copies of one source")
    return 0


def cmd_learn(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        title = lib.article(args.id).title
        added = lib.learn(args.id)
        _out(f"Learned {len(added)} new rows from {_cell(title)} (lexicon {lib.lexicon_version()})\n")
    return 0


def cmd_lexicon(args: argparse.Namespace) -> int:
    with _library(args) as lib:
        if args.lexicon_command == "list":
            for r in lib.learned():
                row = r.row
                cells = (row.spun, row.original or "(delete)", row.category, row.context, r.learned_from)
                _out(f"{r.id}\t" + "\t".join(_cell(c) for c in cells) + "\n")
        elif args.lexicon_command == "export":
            n = lib.export_lexicon(args.path, force=args.force)
            _out(f"{n} rows written to {args.path}\n")
        elif args.lexicon_command == "import":
            added = lib.import_lexicon(args.path)
            _out(f"{len(added)} new rows from {args.path} (lexicon {lib.lexicon_version()})\n")
        else:
            missing = sorted(set(args.ids) - {r.id for r in lib.learned()})
            lib.remove_learned(args.ids)
            if missing:  # name them (before: "1 of the rows given are not in the lexicon")
                rows = ", ".join(map(str, missing))
                _err(
                    f"row{'s' if len(missing) > 1 else ''} {rows}: not in the lexicon (`unspin lexicon list` shows them)"
                )
                return 1
    return 0


def cmd_scan(args: argparse.Namespace) -> int:
    from reader.scan import ScanRequest, run_scan

    req = ScanRequest(
        inputs=args.inputs,
        out=args.output,
        fmt=args.format,
        workers=args.workers,
        scheduler=args.scheduler,
        min_spin=args.min_spin,
        resume=args.resume,
        part_size=args.part_size,
        text_field=args.text_field,
        id_field=args.id_field,
    )
    try:
        summary = run_scan(req, progress=False if args.no_progress else None)
    except KeyboardInterrupt:
        _err(f"{args.output}: scan interrupted; finished parts are kept (run again with --resume)")
        return 130
    for line in summary.lines():
        _out(line + "\n")
    if args.report:
        from reader.scan import report

        _out(f"report      {report.write(args.report, summary)}\n")
    if summary.parts_failed:
        _err(f"{args.output}: {summary.parts_failed} parts failed; run again with --resume to retry them")
        return 1
    return 0


def cmd_gui(args: argparse.Namespace) -> int:
    try:
        from reader.ui.app import run_gui

        return int(run_gui(args.file, screenshot=args.screenshot, data_dir=args.data_dir) or 0)
    except ImportError as e:  # no PySide6 (or no window package) here
        _err(f"the window is not available ({e}); the command-line tools still work")
        return 1


COMMANDS = {
    "correct": cmd_correct,
    "import": cmd_import,
    "list": cmd_list,
    "search": cmd_search,
    "show": cmd_show,
    "edit": cmd_edit,
    "remove": cmd_remove,
    "export": cmd_export,
    "recorrect": cmd_recorrect,
    "repair": cmd_repair,
    "model": cmd_model,
    "families": cmd_families,
    "source": cmd_source,
    "learn": cmd_learn,
    "lexicon": cmd_lexicon,
    "scan": cmd_scan,
    "gui": cmd_gui,
}


def _quiet_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the exit flush does not complain."""
    if sys.stdout is sys.__stdout__:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass


def _dash_hint(argv: list[str]) -> str:
    """A file whose name starts with "-" reads as an option: say how to name it."""
    for tok in argv:
        if tok == "--":
            return ""
        if len(tok) > 1 and tok.startswith("-") and not tok.startswith("--") and os.path.exists(tok):
            cmd = next((a for a in argv if a in COMMANDS), "correct")
            return f"; {tok!r} is a file? put -- before it: `{PROG} {cmd} -- {tok}`"
    return ""


def main(argv: list[str] | None = None) -> int:
    try:
        try:
            args = build_parser().parse_args(argv)
        except UsageError as e:
            _err(str(e) + _dash_hint(sys.argv[1:] if argv is None else argv))
            return 2
        except SystemExit as e:  # --help, --version
            return e.code if isinstance(e.code, int) else 0
        rc = COMMANDS[args.command](args)
        sys.stdout.flush()
        return rc
    except UsageError as e:
        _err(str(e))
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except UnspinError as e:
        _err(str(e))
        return 1
    except OSError as e:  # anything the commands did not name themselves
        where = e.filename if e.filename is not None else "error"
        _err(f"{where}: {e.strerror or e}")
        return 1
    except MemoryError:
        _err("out of memory (is the file very large?)")
        return 1
    except Exception as e:
        if os.environ.get("UNSPIN_DEBUG"):
            raise
        _err(f"internal error: {type(e).__name__}: {_cell(e)} (set UNSPIN_DEBUG=1 for details)")
        return 1


__all__ = ["ExportFailed", "ImportFailed", "build_parser", "main"]

if __name__ == "__main__":
    raise SystemExit(main())
