"""Which way of reading PDF text gives the right paragraphs: today's line-length reflow, pypdf's layout
mode, or pdfminer.six's layout analysis (LAParams), measured against text whose paragraphs are known.

Prints, per method and per document set: paragraph-boundary precision and recall, word order (the
Indel similarity of the word sequence to the known one: 1.0 = every word, in order, nothing extra),
and milliseconds per page (median over the files).

Documents:
  * made here with reportlab from the team's clean corpus (bench/corpus, 50 articles), so the truth is
    the corpus text: "article" (single column, space between paragraphs, headings, page numbers),
    "book" (no space between paragraphs, first-line indent), "two-column" (two ragged-right columns),
    "narrow" (a narrow column with bulleted lists);
  * real PDFs a Debian system ships with an HTML twin that gives the truth (paragraphs = the HTML's
    block elements): /usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf; real PDFs without a
    twin (libtasn1.pdf) count only for time per page.

Needs the bench extras (`pip install -e '.[bench]'`: reportlab, pdfminer.six; neither is a dependency of the app).
Run: .venv/bin/python bench/pdf_layout.py [--files N]

What it said (50 articles per layout, this machine): pdfminer.six's boxes find paragraph ends best where
the layout has them (F1 0.999 / 0.948 / 0.961 / 0.973 against today's 0.898 / 0.884 / 0.878 / 0.929)
but read two columns out of order (word order 0.75: the right column's end comes before its start;
no boxes_flow setting fixes it) and take 25-48 ms a page against 5 (a 500-page PDF would pass the
importer's 15 s limit). On the real spec pypdf's layout mode with blank lines does best (F1 0.88 vs
0.67) but finds almost no paragraph ends in the made ones (recall 0.10). So today's reader stays:
text in order everywhere, and fast; pdfminer.six does not become a dependency.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from rapidfuzz.distance import Indel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.importers.pdf import _drop_furniture, _joiner, reflow  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
REAL_WITH_TWIN = [
    (
        Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.pdf"),
        Path("/usr/share/doc/shared-mime-info/shared-mime-info-spec.html"),
    )
]
REAL_ALONE = [Path("/usr/share/doc/libtasn1-doc/libtasn1.pdf")]
_WORD = re.compile(r"[\w’'.-]+")

# ---- documents with known paragraphs ---------------------------------------------------------------------


def corpus_articles(limit: int) -> list[list[str]]:
    """Each article: its paragraphs (the first is the headline)."""
    files = sorted(CORPUS.glob("*/*.txt"))[:limit]
    return [[p.strip() for p in f.read_text(encoding="utf-8").split("\n") if p.strip()] for f in files]


def make_pdf(paragraphs: list[str], style: str) -> bytes:
    """A PDF of the paragraphs in one of the layouts; the first paragraph is a heading."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import BaseDocTemplate, Frame, ListFlowable, ListItem, PageTemplate, Paragraph

    out = BytesIO()
    width, height = A4

    def footer(canvas, doc) -> None:
        canvas.setFont("Helvetica", 9)
        canvas.drawCentredString(width / 2, 1.2 * cm, str(doc.page))

    head = ParagraphStyle("h", fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=10)
    if style == "article":
        body = ParagraphStyle("b", fontName="Times-Roman", fontSize=11, leading=14, spaceAfter=7, alignment=TA_JUSTIFY)
        frames = [Frame(2.5 * cm, 2 * cm, width - 5 * cm, height - 4 * cm)]
    elif style == "book":
        body = ParagraphStyle(
            "b", fontName="Times-Roman", fontSize=11, leading=14, firstLineIndent=18, alignment=TA_JUSTIFY
        )
        frames = [Frame(3 * cm, 2 * cm, width - 6 * cm, height - 4 * cm)]
    elif style == "two-column":
        body = ParagraphStyle("b", fontName="Helvetica", fontSize=9.5, leading=12, spaceAfter=5, alignment=TA_LEFT)
        col = (width - 4.6 * cm) / 2
        frames = [
            Frame(2 * cm, 2 * cm, col, height - 4 * cm, id="c1"),
            Frame(2.6 * cm + col, 2 * cm, col, height - 4 * cm, id="c2"),
        ]
    elif style == "narrow":
        body = ParagraphStyle("b", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=6, alignment=TA_LEFT)
        frames = [Frame(5 * cm, 2 * cm, width - 10 * cm, height - 4 * cm)]
    else:
        raise ValueError(style)
    doc = BaseDocTemplate(out, pagesize=A4, pageTemplates=[PageTemplate(frames=frames, onPage=footer)])
    story = [Paragraph(escape(paragraphs[0]), head)]
    rest = paragraphs[1:]
    for k, p in enumerate(rest):
        if style == "narrow" and k % 4 == 2:  # a list: the paragraph's sentences as bullets
            items = [s for s in re.split(r"(?<=[.!?])\s+", p) if s]
            story.append(
                ListFlowable([ListItem(Paragraph(escape(s), body), leftIndent=12) for s in items], bulletType="bullet")
            )
            continue
        story.append(Paragraph(escape(p), body))
    doc.build(story)
    return out.getvalue()


def truth_paragraphs(paragraphs: list[str], style: str) -> list[str]:
    """What a perfect reader returns: the narrow style's lists are one paragraph per bullet."""
    if style != "narrow":
        return paragraphs
    out = [paragraphs[0]]
    for k, p in enumerate(paragraphs[1:]):
        out.extend([s for s in re.split(r"(?<=[.!?])\s+", p) if s] if k % 4 == 2 else [p])
    return out


def html_paragraphs(path: Path) -> list[str]:
    """The text of each block element that holds no other block element, in document order."""
    from lxml import html

    blocks = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "pre", "title", "div"}
    if path.is_dir():  # DocBook's chunked HTML: the pages in the order their names number them
        pages = sorted(path.glob("*.html"), key=lambda f: (f.stem != "index", int(re.sub(r"\D", "", f.stem) or 0)))
        return [p for page in pages for p in html_paragraphs(page)]
    tree = html.parse(str(path))
    out = []
    for el in tree.getroot().iter():
        if not isinstance(el.tag, str) or el.tag not in blocks or el.tag == "title":
            continue
        if any(isinstance(d.tag, str) and d.tag in blocks for d in el.iterdescendants()):
            continue
        text = " ".join(el.text_content().split())
        if text:
            out.append(text)
    return out


# ---- the methods -------------------------------------------------------------------------------------


def _pages_pypdf(data: bytes, mode: str) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(data))
    if mode == "layout":
        return [p.extract_text(extraction_mode="layout") or "" for p in reader.pages]
    return [p.extract_text() or "" for p in reader.pages]


def _join_lines(lines: list[str]) -> str:
    """One paragraph from its lines, end-of-line hyphenation undone as the importer does it."""
    parts: list[str] = []
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if not parts:
            parts.append(line)
            continue
        drop, sep = _joiner(parts[-1], line)
        if drop:
            parts[-1] = parts[-1][:-1]
        parts += [sep, line]
    return "".join(parts)


def today(data: bytes) -> list[str]:
    """reader/importers/pdf.py: pypdf's plain extraction, paragraphs guessed from line lengths."""
    return [p for p in reflow(_pages_pypdf(data, "plain")).split("\n\n") if p.strip()]


def pypdf_layout_blanks(data: bytes) -> list[str]:
    """pypdf layout mode; a paragraph ends at a blank line (a vertical gap the layout kept)."""
    pages = [[line for line in page.split("\n")] for page in _pages_pypdf(data, "layout")]
    pages = _drop_furniture([[" ".join(line.split()) for line in page] for page in pages])
    out, cur = [], []
    for page in pages:
        for line in page:
            if not line:
                if cur:
                    out.append(_join_lines(cur))
                    cur = []
            else:
                cur.append(line)
    if cur:
        out.append(_join_lines(cur))
    return out


def pypdf_layout_reflow(data: bytes) -> list[str]:
    """pypdf layout mode's lines through today's reflow (blank lines and line lengths together)."""
    return [p for p in reflow(_pages_pypdf(data, "layout")).split("\n\n") if p.strip()]


def _pdfminer_boxes(data: bytes) -> list[list[list[str]]]:
    """Per page, per text box (pdfminer's paragraph), its lines."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer

    pages = []
    for layout in extract_pages(BytesIO(data), laparams=LAParams()):
        boxes = []
        for el in layout:
            if isinstance(el, LTTextContainer):
                lines = [line.get_text().rstrip("\n") for line in el]
                if any(x.strip() for x in lines):
                    boxes.append(lines)
        pages.append(boxes)
    return pages


def pdfminer_boxes(data: bytes) -> list[str]:
    """pdfminer.six LAParams: each text box is a paragraph (page numbers and running heads dropped)."""
    out = []
    for page in _pdfminer_boxes(data):
        texts = [_join_lines(box) for box in page]
        kept = _drop_furniture([texts])[0] if texts else []
        out.extend(t for t in kept if t)
    return out


def pdfminer_reflow(data: bytes) -> list[str]:
    """pdfminer.six's boxes as blank-line-separated lines through today's reflow."""
    pages = []
    for page in _pdfminer_boxes(data):
        pages.append("\n\n".join("\n".join(box) for box in page))
    return [p for p in reflow(pages).split("\n\n") if p.strip()]


METHODS: dict[str, Callable[[bytes], list[str]]] = {
    "today (pypdf plain + reflow)": today,
    "pypdf layout, blank lines": pypdf_layout_blanks,
    "pypdf layout + reflow": pypdf_layout_reflow,
    "pdfminer.six LAParams boxes": pdfminer_boxes,
    "pdfminer.six boxes + reflow": pdfminer_reflow,
}

# ---- scoring ----------------------------------------------------------------------------------------------


def words_and_starts(paragraphs: list[str]) -> tuple[list[str], set[int]]:
    """The words (lower case) and the indices of the words that begin a paragraph (but the first)."""
    words: list[str] = []
    starts: set[int] = set()
    for p in paragraphs:
        ws = [w.lower().strip(".-’'") for w in _WORD.findall(p)]
        ws = [w for w in ws if w]
        if not ws:
            continue
        if words:
            starts.add(len(words))
        words.extend(ws)
    return words, starts


def score(pred: list[str], truth: list[str]) -> tuple[int, int, int, float]:
    """(boundaries right, boundaries predicted, boundaries true) over aligned words, and word order."""
    pw, ps = words_and_starts(pred)
    tw, ts = words_and_starts(truth)
    to_truth: dict[int, int] = {}
    aligned_truth: set[int] = set()
    for op in Indel.opcodes(pw, tw):
        if op.tag == "equal":
            for k in range(op.src_end - op.src_start):
                to_truth[op.src_start + k] = op.dest_start + k
                aligned_truth.add(op.dest_start + k)
    predicted = {to_truth[i] for i in ps if i in to_truth}
    true = {i for i in ts if i in aligned_truth}
    return len(predicted & true), len(predicted), len(true), Indel.normalized_similarity(pw, tw)


def run_set(name: str, docs: list[tuple[bytes, list[str], int]]) -> None:
    print(f"\n{name}: {len(docs)} PDFs, {sum(d[2] for d in docs)} pages")
    print(f"  {'method':32} {'precision':>9} {'recall':>7} {'F1':>6} {'word order':>10} {'ms/page':>8}")
    for label, fn in METHODS.items():
        right = predicted = true = 0
        order, per_page = [], []
        for data, truth, pages in docs:
            t0 = time.perf_counter()
            pred = fn(data)
            per_page.append((time.perf_counter() - t0) * 1000 / max(1, pages))
            if truth:
                r, p, t, o = score(pred, truth)
                right, predicted, true = right + r, predicted + p, true + t
                order.append(o)
        if true:
            prec, rec = right / max(1, predicted), right / max(1, true)
            f1 = 2 * prec * rec / max(1e-9, prec + rec)
            figures = f"{prec:9.3f} {rec:7.3f} {f1:6.3f} {statistics.mean(order):10.4f}"
        else:
            figures = f"{'-':>9} {'-':>7} {'-':>6} {'-':>10}"
        print(f"  {label:32} {figures} {statistics.median(per_page):8.1f}")


def page_count(data: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(BytesIO(data)).pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--files", type=int, default=50, help="corpus articles per layout (default all 50)")
    args = ap.parse_args()
    try:
        import pdfminer  # noqa: F401
        import reportlab  # noqa: F401
    except ImportError as e:
        print(f"pdf_layout: {e.name} is needed: .venv/bin/pip install reportlab pdfminer.six", file=sys.stderr)
        return 1
    articles = corpus_articles(args.files)
    for style in ("article", "book", "two-column", "narrow"):
        docs = []
        for paras in articles:
            data = make_pdf(paras, style)
            docs.append((data, truth_paragraphs(paras, style), page_count(data)))
        run_set(f"made with reportlab, {style}", docs)
    real = [(pdf.read_bytes(), html_paragraphs(twin), 0) for pdf, twin in REAL_WITH_TWIN if pdf.exists()]
    real = [(d, t, page_count(d)) for d, t, _ in real]
    if real:
        run_set("real: Debian's shared-mime-info spec (truth: its HTML twin)", real)
    alone = [(p.read_bytes(), [], 0) for p in REAL_ALONE if p.exists()]
    if alone:
        run_set(
            "real, no twin (time only): " + ", ".join(p.name for p in REAL_ALONE if p.exists()),
            [(d, t, page_count(d)) for d, t, _ in alone],
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
