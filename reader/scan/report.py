"""`unspin scan --report OUT.html`: one self-contained page a person reads (no script, an inline SVG plot)."""

from __future__ import annotations

import html
import os
import shlex
from collections import Counter
from pathlib import Path

from reader.scan.rows import SPUN
from reader.scan.runner import Summary

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d1d1f;max-width:980px;margin:2rem auto;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.1rem;margin:2rem 0 .5rem}
.muted{color:#6e6e73}.figs{display:flex;flex-wrap:wrap;gap:1rem;margin:1rem 0}
.fig{border:1px solid #d2d2d7;border-radius:8px;padding:.6rem 1rem;min-width:8rem}
.fig b{display:block;font-size:1.4rem}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.25rem .5rem;border-bottom:1px solid #e5e5ea;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:.85em;color:#444}
a{color:#0a58ca;word-break:break-all}svg text{font:11px system-ui,sans-serif;fill:#444}
"""


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def histogram_svg(hist: list[int], width: int = 640, height: int = 200) -> str:
    """Bars of documents per spin-score bin, the spun bins (>= 0.5) in red; counts on a square-root scale
    so a handful of spun pages stays visible beside millions of clean ones."""
    n = len(hist)
    left, bottom, top = 44, 26, 10
    plot_w, plot_h = width - left - 18, height - bottom - top
    peak = max(hist) if hist and max(hist) > 0 else 1
    bw = plot_w / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" role="img" '
        f'aria-label="Histogram of spin scores">'
    ]
    for frac in (0.0, 0.5, 1.0):
        y = top + plot_h * (1 - frac)
        value = round(peak * frac * frac)
        parts.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="#e5e5ea"/>')
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,}</text>')
    for i, count in enumerate(hist):
        h = plot_h * (count / peak) ** 0.5
        x = left + i * bw
        colour = "#d93025" if i / n >= SPUN else "#8e8e93"
        parts.append(
            f'<rect x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{bw - 2:.1f}" height="{h:.1f}" fill="{colour}">'
            f"<title>{i / n:.2f}–{(i + 1) / n:.2f}: {count:,} documents</title></rect>"
        )
    for k in range(0, 11, 2):
        x = left + plot_w * k / 10
        parts.append(f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle">{k / 10:.1f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _open_link(doc_id: str) -> str:
    """A link to the page (URL ids) or the file, and the command that opens a file in the window."""
    if "://" in doc_id[:12]:
        return f'<a href="{_e(doc_id)}">{_e(doc_id)}</a>'
    path = Path(doc_id)
    if path.is_file():
        ab = path.absolute()
        cmd = f"unspin gui {shlex.quote(str(ab))}"
        return f'<a href="{_e(ab.as_uri())}">{_e(doc_id)}</a><br><code>{_e(cmd)}</code>'
    return _e(doc_id)


def render(s: Summary, title: str = "Spin scan") -> str:
    share = f"{100 * s.spun / s.ok:.1f}%" if s.ok else "–"
    figs = [
        ("documents", f"{s.docs:,}"),
        ("corrected (English)", f"{s.ok:,}"),
        (f"spun (score ≥ {SPUN})", f"{s.spun:,}"),
        ("share spun", share),
        ("skipped", f"{s.skipped:,}"),
        ("unreadable", f"{s.errors:,}"),
    ]
    out = [
        "<!doctype html><html lang=en><meta charset=utf-8>",
        f"<title>{_e(title)}</title><style>{_CSS}</style>",
        f"<h1>{_e(title)}</h1>",
        f"<p class=muted>Output folder {_e(s.out)} · {s.parts:,} parts · {s.words:,} words corrected"
        + (f" · {s.docs_per_second:,.1f} documents/s on {s.workers} workers" if s.docs_run else "")
        + "</p>",
        '<div class="figs">' + "".join(f'<div class="fig"><b>{v}</b>{_e(k)}</div>' for k, v in figs) + "</div>",
        "<h2>Spin scores</h2>",
        histogram_svg(s.hist),
        '<p class="muted">Documents per spin-score bin (square-root scale); red bins count as spun.</p>',
    ]
    if s.spinners:
        out.append("<h2>Spinner kinds</h2>" + _table(("kind", "documents"), Counter(s.spinners).most_common()))
    out.append("<h2>Top spam domains</h2>")
    if s.domains:
        out.append(_table(("domain", "spun pages"), Counter(s.domains).most_common(20)))
    else:
        out.append('<p class="muted">No spun document came with a URL (folders and JSONL ids have no domain).</p>')
    out.append("<h2>Top tortured phrases</h2>")
    if s.tortured:
        out.append(_table(("phrase → what it replaced", "documents"), Counter(s.tortured).most_common(20)))
    else:
        out.append('<p class="muted">No tortured phrase found.</p>')
    out.append(f"<h2>The {min(len(s.top), 20)} most spun documents</h2>")
    if s.top:
        out.append(
            '<table><tr><th class="n">spin</th><th>document</th><th>spinner</th><th class="n">words</th></tr>'
            + "".join(
                f'<tr><td class="n">{score:.2f}</td><td>{_open_link(doc_id)}</td><td>{_e(kind or "")}</td>'
                f'<td class="n">{words:,}</td></tr>'
                for score, doc_id, _src, kind, words in s.top[:20]
            )
            + "</table>"
        )
    if s.error_examples:
        out.append(
            "<h2>Documents that could not be read (first few)</h2>"
            + _table(("document", "problem"), [(d, e) for d, e in s.error_examples])
        )
    if s.languages:
        out.append(
            "<h2>Skipped</h2>"
            + _table(("language", "documents"), Counter(s.languages).most_common(15))
            + '<p class="muted">The engine’s tables are English; other languages are counted, not corrected.</p>'
        )
    out.append("</html>\n")
    return "\n".join(out)


def _table(head: tuple[str, str], rows) -> str:
    return (
        f'<table><tr><th>{_e(head[0])}</th><th class="n">{_e(head[1])}</th></tr>'
        + "".join(
            f'<tr><td>{_e(k)}</td><td class="n">{v:,}</td></tr>'
            if isinstance(v, int)
            else f"<tr><td>{_e(k)}</td><td>{_e(v)}</td></tr>"
            for k, v in rows
        )
        + "</table>"
    )


def write(path: str, s: Summary) -> Path:
    from reader.exporters.atomic import write_atomic

    return write_atomic(os.fspath(path), render(s, title=f"Spin scan of {s.out}").encode("utf-8"), force=True)
