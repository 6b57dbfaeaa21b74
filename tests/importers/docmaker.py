"""Builds small test documents by hand: a minimal valid PDF with real text operators (pypdf cannot lay out
text, and reportlab is not a dependency), so page text, wrapping and hyphenation are under the test's control.
"""

from __future__ import annotations


def _pdf_string(text: str) -> str:
    out = []
    for byte in text.encode("cp1252"):
        ch = chr(byte)
        if ch in "()\\":
            out.append("\\" + ch)
        elif 32 <= byte < 127:
            out.append(ch)
        else:
            out.append(f"\\{byte:03o}")
    return "(" + "".join(out) + ")"


def page_stream(lines: list[str], *, size: int = 11, leading: int = 14, top: int = 740) -> bytes:
    """Content stream writing each line at the left margin; "" leaves an empty line (a paragraph gap)."""
    ops = ["BT", f"/F1 {size} Tf", f"{leading} TL", f"72 {top} Td"]
    for line in lines:
        if line:
            ops.append(f"{_pdf_string(line)} Tj")
        ops.append("T*")
    ops.append("ET")
    return "\n".join(ops).encode("latin-1")


def make_pdf(
    pages: list[list[str]],
    *,
    title: str | None = None,
    author: str | None = None,
    streams: list[bytes] | None = None,
) -> bytes:
    """A PDF 1.4 file with one page per entry of `pages` (lines of text, Helvetica, WinAnsi encoding)."""
    contents = streams if streams is not None else [page_stream(lines) for lines in pages]
    count = len(contents)
    # Objects: 1 catalog, 2 pages, 3 font, 4 info, then per page: page object, content stream.
    objects: list[bytes] = []
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    info = []
    if title is not None:
        info.append(f"/Title {_pdf_string(title)}")
    if author is not None:
        info.append(f"/Author {_pdf_string(author)}")
    objects.append(("<< " + " ".join(info) + " >>").encode("latin-1"))
    for i, stream in enumerate(contents):
        page_id, content_id = 5 + 2 * i, 6 + 2 * i
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        assert page_id == len(objects)
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def scanned_page_stream() -> bytes:
    """A page that only paints shapes (what a scan looks like to a text extractor: no text operators)."""
    return b"0.2 0.2 0.2 rg\n72 72 468 648 re f\n1 1 1 rg\n100 600 400 20 re f"
