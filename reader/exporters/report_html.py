"""The review report as one self-contained HTML page (no scripts, no external resources).

Spun and corrected text side by side, paragraph by paragraph; every edit highlighted on
both sides in its category's colour, its explanation in the hover title, and the full
list of edits in a table below (for printing and browsers without hover).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from reader.engine.model import CATEGORIES, Correction, Edit
from reader.exporters.decisions import decision_label, quote, resolved
from reader.review import Decision, counts

# Light backgrounds readable with dark text; borders for suggestions and flags.
CATEGORY_COLOURS: dict[str, str] = {
    "padding": "#fde68a",
    "pronoun": "#fbcfe8",
    "synonym": "#bfdbfe",
    "idiom": "#ddd6fe",
    "entity": "#fecaca",
    "number": "#bbf7d0",
    "sense": "#a5f3fc",
    "tortured": "#fed7aa",
    "injected": "#e5e7eb",
    "gap": "#d1d5db",
}
FALLBACK_COLOUR = "#e5e5e5"
DASH = "\u2014"
SEP = " \u00b7 "
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_CSS_ID = re.compile(r"[^a-z0-9_-]")

CSS = """
*{box-sizing:border-box}
body{margin:0;padding:1.5em;font:16px/1.6 system-ui,-apple-system,'Segoe UI',sans-serif;color:#1b1b1b;background:#fafaf8}
h1{font-size:1.5em;margin:0 0 .3em}
.meta{color:#555;margin:0 0 1em}
.legend{display:flex;flex-wrap:wrap;gap:.4em 1em;margin:0 0 1.2em;padding:0;list-style:none}
.legend li{white-space:nowrap}
.sw{display:inline-block;width:1em;height:1em;vertical-align:-.15em;border-radius:3px;margin-right:.3em;border:1px solid #0003}
.cols,.row{display:grid;grid-template-columns:1fr 1fr;gap:0 2em}
.cols{font-weight:600;border-bottom:2px solid #ccc;margin-bottom:.5em;position:sticky;top:0;background:inherit}
.row{border-bottom:1px solid #e4e4e4;padding:.4em 0}
.row>div{white-space:pre-wrap;overflow-wrap:anywhere}
.e{border-radius:3px;padding:0 .1em;color:#111;cursor:help;text-decoration:none}
.e.taken{background:var(--c)}
.e.kept{background:transparent;outline:2px dashed var(--c);outline-offset:-1px}
.e.flag{background:repeating-linear-gradient(45deg,var(--c),var(--c) 4px,transparent 4px,transparent 8px)}
.e.del{font-weight:700}
.e:hover,.e:focus{outline:2px solid #333}
table{border-collapse:collapse;width:100%;margin-top:2em;font-size:.92em}
th,td{border:1px solid #ddd;padding:.3em .5em;vertical-align:top;text-align:left}
th{background:#f0f0ee}
@media (max-width:800px){.cols,.row{grid-template-columns:1fr}.cols div+div,.row div+div{border-top:1px dotted #ccc}}
@media (prefers-color-scheme:dark){body{color:#e6e6e6;background:#1c1c1e}.meta{color:#aaa}th{background:#2a2a2c}
.row,th,td{border-color:#3a3a3c}.e.kept,.e.flag{color:#e6e6e6}}
@media print{.cols{position:static}}
"""


def _esc(s: str) -> str:
    return html.escape(s, quote=True)


def _cat_class(edit: Edit) -> str:
    return "c-" + _CSS_ID.sub("_", edit.category.id.lower())


def _pct(x: float) -> str:
    return f"{round(x * 100):d}%"


def tooltip(edit: Edit, decision: Decision | None, value: str | None) -> str:
    """The hover explanation, plain text (it goes into a title attribute)."""
    lines = [edit.short_message or edit.category.name]
    best = value if value is not None else edit.best
    if edit.replacements:
        lines.append(f"{quote(edit.original_text)} -> probably {quote(best)}")
    else:
        lines.append(f"{quote(edit.original_text) if edit.length else 'here'}: flagged, nothing to replace")
    lines.append(f"{edit.category.name} \u00b7 confidence {_pct(edit.confidence)}")
    if edit.message:
        lines.append(edit.message)
    others = [r for r in edit.replacements if r.value != best]
    if others:
        lines.append("Other candidates: " + ", ".join(f"{quote(r.value)} ({_pct(r.confidence)})" for r in others))
    lines.append("Decision: " + decision_label(edit, decision))
    return "\n".join(lines)


def _mark(i: int, side: str, edit: Edit, inner: str, state: str, tip: str) -> str:
    return f'<a class="e {_cat_class(edit)} {state}" id="{side}{i}" href="#edit{i}" title="{_esc(tip)}">{inner}</a>'


def _sides(text: str, edits: tuple[Edit, ...], values: list[str | None], tips: list[str], lo: int, hi: int, idx):
    """HTML of text[lo:hi] for the spun (left) and corrected (right) column."""
    left: list[str] = []
    right: list[str] = []
    pos = lo
    for i in idx:
        e = edits[i]
        plain = _esc(text[pos : e.offset])
        left.append(plain)
        right.append(plain)
        v = values[i]
        if not e.replacements:
            inner = _esc(e.original_text) if e.length else "[\u2026]"
            left.append(_mark(i, "l", e, inner, "flag", tips[i]))
            right.append(_mark(i, "r", e, inner, "flag", tips[i]))
        elif v is None:
            left.append(_mark(i, "l", e, _esc(e.original_text), "kept", tips[i]))
            right.append(_mark(i, "r", e, _esc(e.original_text), "kept", tips[i]))
        else:
            left.append(_mark(i, "l", e, _esc(e.original_text) or "\u2038", "taken", tips[i]))
            right.append(_mark(i, "r", e, _esc(v) if v else "\u2038", "taken del" if v == "" else "taken", tips[i]))
        pos = e.end
    tail = _esc(text[pos:hi])
    left.append(tail)
    right.append(tail)
    return "".join(left), "".join(right)


def _rows(correction: Correction, values: list[str | None], tips: list[str]) -> list[str]:
    text, edits = correction.text, correction.edits
    # Paragraph breaks that no edit spans; edits then fall inside exactly one paragraph.
    bounds: list[tuple[int, int]] = []
    start = 0
    k = 0
    for br in _BLANK_LINES.finditer(text):
        while k < len(edits) and edits[k].end <= br.start() and edits[k].offset < br.start():
            k += 1
        crossing = (
            k < len(edits)
            and edits[k].offset < br.end()
            and (edits[k].end > br.start() or br.start() < edits[k].offset)
        )
        if crossing:
            continue
        bounds.append((start, br.start()))
        start = br.end()
    bounds.append((start, len(text)))
    rows = []
    j = 0
    for lo, hi in bounds:
        idx = []
        while j < len(edits) and edits[j].offset <= hi:
            idx.append(j)
            j += 1
        left, right = _sides(text, edits, values, tips, lo, max(hi, edits[idx[-1]].end if idx else hi), idx)
        if left.strip() or right.strip():
            rows.append(f'<div class="row"><div>{left}</div><div>{right}</div></div>')
    return rows


def _edit_table(correction: Correction, decisions: Mapping[int, Decision], values: list[str | None]) -> str:
    out = [
        "<table>\n<caption>Every edit</caption>\n<thead><tr><th>#</th><th>Category</th><th>Spun</th>"
        "<th>Probably</th><th>Confidence</th><th>Decision</th><th>Why</th><th>Other candidates</th></tr></thead>\n<tbody>"
    ]
    for i, e in enumerate(correction.edits):
        best = values[i] if values[i] is not None else e.best
        others = ", ".join(f"{quote(r.value)} ({_pct(r.confidence)})" for r in e.replacements if r.value != best)
        out.append(
            f'<tr id="edit{i}"><td><a href="#l{i}">{i + 1}</a></td>'
            f'<td><span class="sw {_cat_class(e)}"></span>{_esc(e.category.name)}</td>'
            f"<td>{_esc(quote(e.original_text) if e.length else '(gap)')}</td>"
            f"<td>{_esc(quote(best) if e.replacements else DASH)}</td><td>{_pct(e.confidence)}</td>"
            f"<td>{_esc(decision_label(e, decisions.get(i)))}</td>"
            f"<td><strong>{_esc(e.short_message)}</strong> {_esc(e.message)}</td><td>{_esc(others)}</td></tr>"
        )
    out.append("</tbody>\n</table>")
    return "\n".join(out)


def render(
    correction: Correction,
    decisions: Mapping[int, Decision] | None = None,
    *,
    title: str = "",
    source_path: Any = None,
    spam_removed: int = 0,
) -> str:
    decisions = decisions or {}
    edits = correction.edits
    values = resolved(edits, decisions)
    tips = [tooltip(e, decisions.get(i), values[i]) for i, e in enumerate(edits)]
    cats = Counter(e.category.id for e in edits)
    names = {e.category.id: e.category.name for e in edits}
    colour_css = "\n".join(
        f".{_cat_class(e)}{{--c:{CATEGORY_COLOURS.get(e.category.id, FALLBACK_COLOUR)}}}"
        f".sw.{_cat_class(e)}{{background:{CATEGORY_COLOURS.get(e.category.id, FALLBACK_COLOUR)}}}"
        for e in {e.category.id: e for e in edits}.values()
    )
    legend = "".join(
        f'<li><span class="sw {_cat_class(next(e for e in edits if e.category.id == cid))}"></span>'
        f"{_esc(names[cid])} ({n})</li>"
        for cid, n in sorted(cats.items(), key=lambda kv: list(CATEGORIES).index(kv[0]) if kv[0] in CATEGORIES else 99)
    )
    c = counts(correction, decisions)
    taken = sum(v is not None for v in values)
    name = title.strip() or "Review report"
    meta = [
        f"Spin score {_pct(correction.spin_score)}",
        f"{len(edits)} edits, {taken} applied in the corrected text",
        f"{c['accepted']} accepted, {c['rejected']} rejected, {c['pending']} pending",
        f"engine {correction.engine_version}"
        + (f", lexicon {correction.lexicon_version}" if correction.lexicon_version else ""),
        datetime.now(UTC).strftime("generated %Y-%m-%d %H:%M UTC"),
    ]
    if source_path:
        meta.insert(0, f"Source: {source_path}")
    if spam_removed:
        meta.insert(3, f"{spam_removed} injected spam passage{'s' * (spam_removed != 1)} removed (reject to keep)")
    key = (
        '<li><span class="e taken" style="--c:#ccc">filled</span> changed in the corrected text</li>'
        '<li><span class="e kept" style="--c:#999">dashed</span> suggestion not applied / rejected</li>'
        '<li><span class="e flag" style="--c:#bbb">striped</span> flagged only</li>'
        "<li>hover a highlight for the explanation</li>"
    )
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        '<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(name)} \u2014 Unspin review</title>",
        f"<style>{CSS}\n{colour_css}</style>\n</head>\n<body>",
        f"<h1>{_esc(name)}</h1>",
        f'<p class="meta">{SEP.join(_esc(x) for x in meta)}</p>',
        f'<ul class="legend" aria-label="Categories">{legend or "<li>No edits: nothing here looks spun.</li>"}</ul>',
        f'<ul class="legend" aria-label="Key">{key}</ul>',
        '<div class="cols"><div>Spun (as imported)</div><div>Corrected</div></div>',
        *_rows(correction, values, tips),
    ]
    if edits:
        parts.append(_edit_table(correction, decisions, values))
    parts.append("</body>\n</html>\n")
    return "\n".join(parts)
