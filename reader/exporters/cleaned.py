"""Cleaned copies: the source text with the accepted edits applied, as txt, md or html."""

from __future__ import annotations

import html
import re

from reader.exporters.paragraphs import paragraphs

_MD_INLINE = re.compile(r"([\\`*_\[\]<>])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=|]|\d+[.)])", re.MULTILINE)


def _starts_with_title(text: str, title: str) -> bool:
    """True when the text's first line already is the title (importers often keep it)."""
    first = text.strip().split("\n", 1)[0].strip().lstrip("#").strip()
    return bool(title.strip()) and first.casefold() == title.strip().casefold()


def to_txt(text: str) -> str:
    return text


def md_escape(s: str) -> str:
    s = _MD_INLINE.sub(r"\\\1", s)
    return _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), s)


def to_md(text: str, title: str = "") -> str:
    paras = [md_escape(p) for p in paragraphs(text)]
    if title and not _starts_with_title(text, title):
        paras.insert(0, "# " + md_escape(title.strip()))
    elif title and paras and "\n" not in paras[0]:
        paras[0] = "# " + paras[0].lstrip("\\#").strip()  # the text's own first line is the title: a heading
    return "\n\n".join(paras) + "\n"


CLEAN_CSS = (
    "body{max-width:40em;margin:2em auto;padding:0 1em;font:1.1em/1.6 Georgia,'Times New Roman',serif;"
    "color:#1b1b1b;background:#fdfdfb}"
    "h1{font-family:system-ui,sans-serif;line-height:1.25}"
    "@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#1c1c1e}}"
)


def to_html(text: str, title: str = "") -> str:
    esc = html.escape
    paras = paragraphs(text)
    heading = "" if not title or _starts_with_title(text, title) else f"<h1>{esc(title.strip())}</h1>\n"
    if title and not heading and paras and "\n" not in paras[0]:  # the text's own first line is the title
        heading, paras = f"<h1>{esc(paras[0].lstrip('#').strip())}</h1>\n", paras[1:]
    body = [f"<p>{esc(p).replace(chr(10), '<br>' + chr(10))}</p>" for p in paras]
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title.strip() or 'Cleaned article')}</title>\n<style>{CLEAN_CSS}</style>\n</head>\n"
        f"<body>\n<article>\n{heading}" + "\n".join(body) + "\n</article>\n</body>\n</html>\n"
    )
