"""Accuracy bench: the engine against the synthetic spinner, on clean text, and on the devset.

    .venv/bin/python bench/accuracy.py [--quick] [--json OUT] [--corpus DIR] [--seeds N]

For every clean corpus file (bench/corpus/**/*.txt) and seed it spins the text with
bench.spinner, runs reader.engine.correct on the spun text and prints:
  - spun word errors undone and correct words harmed (bench.metrics, as score.py computes them),
  - words changed when the engine runs on the clean text (every change is a false alarm),
  - per spinner category: substitutions fully undone / partially / no gain / made worse / untouched,
  - the engine's edits by its own category: right / wrong / neutral (applied and suggested),
  - the devset figure: shared/devset/dev-pairs.json through reader.engine.correct, in process.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import Score, changed, distance, hashed_words, score, score_words, words  # noqa: E402
from bench.spinner import CATEGORIES, SpunText, spin  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
DEVSET = ROOT.parent / "shared" / "devset" / "dev-pairs.json"
SEEDS = (1, 2, 3)
QUICK_FILES = 8
OUTCOMES = ("undone", "partial", "no_gain", "worse", "untouched")
VERDICTS = ("right", "wrong", "neutral")


@dataclass(frozen=True, slots=True)
class Span:
    """A change to the spun text: text[offset:offset+length] -> value (an engine edit, simplified)."""

    offset: int
    length: int
    value: str

    @property
    def end(self) -> int:
        return self.offset + self.length


# --- attribution: what the engine did at each substitution -------------------------------------


def _word_char(c: str) -> bool:
    return c.isalnum() or c == "_"


def _touches(span: Span, start: int, end: int) -> bool:
    """Whether a change span overlaps [start, end) (an empty range is a point)."""
    if start == end:
        return span.offset < start < span.end or (span.length == 0 and span.offset == start)
    if span.length == 0:
        return start < span.offset < end  # an insertion at an edge belongs to neither side
    return span.offset < end and span.end > start


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of the spun text cut at no word, substitution or change, and its source."""

    start: int
    end: int
    source_start: int
    source_end: int
    changes: tuple[Span, ...]


def _window(spun: SpunText, start: int, end: int, changes: Sequence[Span], target: int | None = None) -> Window:
    """Grow [start, end) until no word, substitution or change is cut by its edges.

    Deleted text (an empty spun span) belongs to the window only when it is the target
    substitution or a change in the window touches its point, so a deletion next to a fix
    is not counted against the fix.
    """
    text, subs = spun.text, spun.substitutions
    included: set[int] = set() if target is None else {target}
    w0, w1 = start, end
    while True:
        prev = (w0, w1, len(included))
        while 0 < w0 < len(text) and _word_char(text[w0 - 1]) and _word_char(text[w0]):
            w0 -= 1
        while 0 < w1 < len(text) and _word_char(text[w1 - 1]) and _word_char(text[w1]):
            w1 += 1
        inside = [c for c in changes if _touches(c, w0, w1) or (c.length and w0 <= c.offset and c.end <= w1)]
        for c in inside:
            w0, w1 = min(w0, c.offset), max(w1, c.end)
        for i, s in enumerate(subs):
            if s.spun_start < s.spun_end:
                if s.spun_start < w1 and s.spun_end > w0:
                    included.add(i)
                    w0, w1 = min(w0, s.spun_start), max(w1, s.spun_end)
            elif w0 <= s.spun_start <= w1 and any(_touches(c, s.spun_start, s.spun_start) for c in inside):
                included.add(i)
        if (w0, w1, len(included)) == prev:
            break
    # Source offsets: the included substitutions' own edges, else the text copied unchanged.
    at_start = [subs[i].source_start for i in included if subs[i].spun_start == w0]
    if at_start:
        s0 = min(at_start)
    else:
        before = [s for s in subs if s.spun_end <= w0]
        s0 = before[-1].source_end + (w0 - before[-1].spun_end) if before else w0
    last = None
    for i, s in enumerate(subs):
        if s.spun_end < w1 or (s.spun_end == w1 and (s.spun_start < w1 or i in included)):
            last = s
        elif s.spun_start > w1:
            break
    s1 = last.source_end + (w1 - last.spun_end) if last else w1
    return Window(w0, w1, s0, max(s0, s1), tuple(inside))


def _apply(text: str, w0: int, w1: int, changes: Sequence[Span]) -> str:
    out, pos = [], w0
    for c in sorted(changes, key=lambda c: c.offset):
        out += [text[pos : c.offset], c.value]
        pos = c.end
    out.append(text[pos:w1])
    return "".join(out)


def _distances(spun: SpunText, w: Window) -> tuple[int, int, bool]:
    """(word errors before, after, words changed) in a window, against the matching source."""
    source = words(spun.source[w.source_start : w.source_end])
    before = words(spun.text[w.start : w.end])
    after = words(_apply(spun.text, w.start, w.end, w.changes))
    return distance(before, source), distance(after, source), before != after


def substitution_outcomes(spun: SpunText, changes: Sequence[Span]) -> list[tuple[str, str]]:
    """(category, outcome) for each substitution that is a word error, given the applied changes.

    undone: the window around it reads exactly as the source; partial: fewer word errors;
    no_gain: changed, same number of errors; worse: more errors; untouched: no change there.
    """
    out = []
    for i, s in enumerate(spun.substitutions):
        if words(s.source) == words(s.spun):
            continue  # a case-only change is no word error
        near = [c for c in changes if _touches(c, s.spun_start, s.spun_end)]
        if not near:
            out.append((s.category, "untouched"))
            continue
        before, after, _ = _distances(spun, _window(spun, s.spun_start, s.spun_end, changes, target=i))
        if after == 0:
            outcome = "undone"
        elif after < before:
            outcome = "partial"
        elif after > before:
            outcome = "worse"
        else:
            outcome = "no_gain"
        out.append((s.category, outcome))
    return out


def change_verdict(spun: SpunText, change: Span) -> str:
    """right: fewer word errors around the change than before; wrong: more, or a correct text changed."""
    before, after, changed_words = _distances(spun, _window(spun, change.offset, change.end, [change]))
    if after < before:
        return "right"
    if after > before or (changed_words and before == 0):
        return "wrong"
    return "neutral"


# --- the runs -----------------------------------------------------------------------------------


@dataclass
class Totals:
    score: Score
    source_words: int
    outcomes: dict[str, Counter]
    edits: dict[str, Counter]
    failures: list[str]
    engine_seconds: float
    spun_words: int
    by_group: dict[str, Score]
    spinner_edits: int  # word edit distance spun -> source, over all texts (the spinner's volume)


def _engine():
    from reader.engine import Options, correct

    return correct, Options


def edit_spans(correction) -> tuple[list[Span], list[tuple[str, Span, bool]]]:
    """Applied changes, and (category, change, applied) for every edit that proposes a value."""
    applied, every = [], []
    for e in correction.edits:
        if e.best is None:
            continue
        span = Span(e.offset, e.length, e.best)
        every.append((e.category.id, span, bool(e.applied)))
        if e.applied:
            applied.append(span)
    return applied, every


def run_synthetic(files: Sequence[Path], seeds: Sequence[int], rate: float, corpus: Path = CORPUS) -> Totals:
    correct, Options = _engine()
    total = Score()
    by_group: dict[str, Score] = defaultdict(Score)
    spinner_edits = 0
    outcomes: dict[str, Counter] = defaultdict(Counter)
    edits: dict[str, Counter] = defaultdict(Counter)
    failures: list[str] = []
    source_words = spun_words = 0
    seconds = 0.0
    for path in files:
        source = path.read_text(encoding="utf-8")
        for seed in seeds:
            spun = spin(source, seed, rate)
            t = time.perf_counter()
            try:
                correction = correct(spun.text, Options())
            except Exception as exc:  # a crashing engine is a finding, not a reason to stop
                failures.append(f"{path.name} seed {seed}: {type(exc).__name__}: {exc}")
                continue
            finally:
                seconds += time.perf_counter() - t
            source_words += len(words(source))
            spun_words += len(words(spun.text))
            sc = score(spun.text, correction.corrected, source)
            total = total + sc
            by_group[_group(path, corpus)] += sc
            spinner_edits += distance(words(spun.text), words(source))
            applied, every = edit_spans(correction)
            for cat, outcome in substitution_outcomes(spun, applied):
                outcomes[cat][outcome] += 1
            for cat, span, is_applied in every:
                kind = "applied" if is_applied else "suggested"
                edits[cat][f"{kind}_{change_verdict(spun, span)}"] += 1
    return Totals(total, source_words, outcomes, edits, failures, seconds, spun_words, dict(by_group), spinner_edits)


def _group(path: Path, corpus: Path) -> str:
    """The corpus section a file belongs to (news, science, ...): its first folder under the corpus."""
    try:
        parts = path.relative_to(corpus).parts
    except ValueError:
        return "-"
    return parts[0] if len(parts) > 1 else "-"


def run_clean(files: Sequence[Path]) -> dict:
    correct, Options = _engine()
    changed_words = total_words = 0
    per_file = {}
    for path in files:
        source = path.read_text(encoding="utf-8")
        before = words(source)
        try:
            after = words(correct(source, Options()).corrected)
        except Exception as exc:
            per_file[path.name] = f"error: {type(exc).__name__}: {exc}"
            continue
        n = len(changed(before, after))
        changed_words += n
        total_words += len(before)
        if n:
            per_file[path.name] = n
    return {
        "files": len(files),
        "words": total_words,
        "changed": changed_words,
        "share": changed_words / total_words if total_words else 0.0,
        "files_with_changes": per_file,
    }


def run_devset(path: Path) -> dict:
    correct, Options = _engine()
    data = json.loads(path.read_text(encoding="utf-8"))
    salt = data["salt"]
    pairs, total = [], Score()
    for pair in data["pairs"]:
        try:
            corrected = correct(pair["spun_text"], Options()).corrected
        except Exception as exc:
            pairs.append({"id": pair["id"], "error": f"{type(exc).__name__}: {exc}"})
            continue
        sc = score_words(
            hashed_words(pair["spun_text"], salt), hashed_words(corrected, salt), pair["source_words_hashed"]
        )
        total = total + sc
        pairs.append({"id": pair["id"], **sc.to_dict()})
    return {"pairs": pairs, "overall": total.to_dict()}


# --- output -------------------------------------------------------------------------------------


def corpus_files(corpus: Path) -> list[Path]:
    return sorted(p for p in corpus.rglob("*.txt") if p.is_file())


def quick_files(files: Sequence[Path], n: int = QUICK_FILES) -> list[Path]:
    """An even spread of n files across the (sorted) corpus, so every genre shows up."""
    if len(files) <= n:
        return list(files)
    step = len(files) / n
    return [files[int(i * step)] for i in range(n)]


def _pct(x: float, digits: int = 1) -> str:
    return f"{x * 100:.{digits}f}%"


def report(synthetic: Totals, clean: dict, devset: dict | None, n_files: int, seeds: Sequence[int], rate: float) -> str:
    sc = synthetic.score
    lines = [
        f"Synthetic bench: {n_files} files x {len(seeds)} seeds, {synthetic.source_words:,} source words, "
        f"{synthetic.spun_words:,} spun words (spinner rate {rate})",
        f"  spinner word edits        {_pct(synthetic.spinner_edits / max(synthetic.source_words, 1)):>7}   "
        f"of source words ({synthetic.spinner_edits:,}; real copies: 2,769 of 4,563 = 60.7%)",
        f"  spun word errors undone   {_pct(sc.undone):>7}   (word errors {sc.errors_before:,} -> {sc.errors_after:,})",
        f"  correct words harmed      {_pct(sc.harm, 2):>7}   ({sc.harmed:,} of {sc.correct:,})",
        f"  clean text words changed  {_pct(clean['share'], 2):>7}   ({clean['changed']:,} of {clean['words']:,} words, "
        f"{clean['files']} files)",
        f"  engine time               {synthetic.engine_seconds:7.1f} s on spun text "
        f"({synthetic.spun_words / max(synthetic.engine_seconds, 1e-9):,.0f} words/s)",
    ]
    if len(synthetic.by_group) > 1:
        lines.append("  by corpus section:")
        for group, g in sorted(synthetic.by_group.items()):
            lines.append(
                f"    {group:22s}  undone {_pct(g.undone):>6}  harm {_pct(g.harm, 2):>6}  ({g.words:,} scored words)"
            )
    for f in synthetic.failures[:10]:
        lines.append(f"  ENGINE FAILED: {f}")
    lines += ["", "Spinner substitutions (word errors) by category, what the engine did there:"]
    lines.append(f"  {'category':10s} {'subs':>6s} " + " ".join(f"{o:>9s}" for o in OUTCOMES) + "  undone%")
    grand: Counter = Counter()
    for cat in CATEGORIES:
        c = synthetic.outcomes.get(cat, Counter())
        n = sum(c.values())
        grand.update(c)
        lines.append(
            f"  {cat:10s} {n:6d} "
            + " ".join(f"{c[o]:9d}" for o in OUTCOMES)
            + f"  {_pct(c['undone'] / n if n else 0):>7}"
        )
    n = sum(grand.values())
    lines.append(
        f"  {'all':10s} {n:6d} "
        + " ".join(f"{grand[o]:9d}" for o in OUTCOMES)
        + f"  {_pct(grand['undone'] / n if n else 0):>7}"
    )
    lines += ["", "Engine edits by engine category (right = fewer word errors there, wrong = more or harm):"]
    lines.append(
        f"  {'category':10s} {'applied':>8s} {'right':>6s} {'wrong':>6s} {'neutral':>7s}  {'suggested':>9s} {'right':>6s} {'wrong':>6s}"
    )
    if not synthetic.edits:
        lines.append("  (the engine proposed no edits)")
    for cat in sorted(synthetic.edits):
        c = synthetic.edits[cat]
        a = sum(c[f"applied_{v}"] for v in VERDICTS)
        s = sum(c[f"suggested_{v}"] for v in VERDICTS)
        lines.append(
            f"  {cat:10s} {a:8d} {c['applied_right']:6d} {c['applied_wrong']:6d} {c['applied_neutral']:7d}  "
            f"{s:9d} {c['suggested_right']:6d} {c['suggested_wrong']:6d}"
        )
    if devset is not None:
        lines += ["", "Devset (shared/devset/dev-pairs.json, real spun copies, reader.engine.correct in process):"]
        for p in devset["pairs"]:
            if "error" in p:
                lines.append(f"  {p['id']:36s} ENGINE FAILED: {p['error']}")
                continue
            lines.append(
                f"  {p['id']:36s} errors {p['errors_before']:4d} -> {p['errors_after']:4d}  "
                f"undone {_pct(p['undone']):>6}  harmed {p['harmed']}"
            )
        o = devset["overall"]
        lines.append(
            f"  overall: undone={_pct(o['undone'])} harm={_pct(o['harm'], 2)} (errors {o['errors_before']} -> {o['errors_after']})"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help=f"{QUICK_FILES} files, 1 seed")
    ap.add_argument("--json", metavar="OUT", help="also write every figure to this JSON file")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder of clean .txt files (default bench/corpus)")
    ap.add_argument("--seeds", type=int, default=len(SEEDS), help="spinner seeds per file (default 3)")
    ap.add_argument("--rate", type=float, default=1.0, help="spinner rate (1.0 imitates real copies)")
    ap.add_argument("--devset", type=Path, default=DEVSET, help="dev-pairs.json (skipped if missing)")
    a = ap.parse_args(argv)

    files = corpus_files(a.corpus)
    if not files:
        print(f"{a.corpus}: no .txt files", file=sys.stderr)
        return 2
    seeds = list(range(1, (1 if a.quick else a.seeds) + 1))
    if a.quick:
        files = quick_files(files)
    synthetic = run_synthetic(files, seeds, a.rate, a.corpus)
    clean = run_clean(files)
    devset = run_devset(a.devset) if a.devset.is_file() else None
    print(report(synthetic, clean, devset, len(files), seeds, a.rate))
    if devset is None:
        print(f"\nDevset: {a.devset} not found, skipped")
    if a.json:
        out = {
            "files": [str(p.relative_to(a.corpus)) for p in files],
            "seeds": seeds,
            "rate": a.rate,
            "synthetic": {
                **synthetic.score.to_dict(),
                "source_words": synthetic.source_words,
                "spun_words": synthetic.spun_words,
                "engine_seconds": round(synthetic.engine_seconds, 3),
                "spinner_edits": synthetic.spinner_edits,
                "by_group": {g: sc.to_dict() for g, sc in synthetic.by_group.items()},
                "failures": synthetic.failures,
                "substitutions": {cat: dict(c) for cat, c in synthetic.outcomes.items()},
                "edits": {cat: dict(c) for cat, c in synthetic.edits.items()},
            },
            "clean": clean,
            "devset": devset,
        }
        Path(a.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
