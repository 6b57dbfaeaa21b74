"""How much of a good model's gain the model pass keeps: a replaying server on 127.0.0.1.

    .venv/bin/python bench/model_replay.py [--files N] [--seeds N] [--noise P] [--json OUT]

The devset's sources are hashed, so this replays on the team's synthetic spun corpus
(bench/corpus spun by bench.spinner): a fake OpenAI-compatible server answers each request
with the clean source paragraph closest to the paragraph in the last user message (a
"perfect" model). For every text it prints the figures score.py computes (spun word errors
undone, correct words harmed) for
  - the engine alone,
  - the model's answers taken verbatim (the model's own gain, the ceiling),
  - the engine + model pass with refusals, and without them,
and the share of the model's gain the edits keep, the refusals by reason, the requests,
tokens and seconds per 1,000 words, and words changed on the clean sources. --noise P makes
the model slip as real ones do (new names, changed numbers, added adverbs, dropped words,
swapped words) on a share P of words, to show what the refusals are for.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidfuzz import fuzz, process  # noqa: E402

from bench.accuracy import CORPUS, DEVSET, corpus_files, quick_files  # noqa: E402
from bench.fake_openai import FakeServer  # noqa: E402
from bench.metrics import Score, changed, score, words  # noqa: E402
from bench.spinner import spin  # noqa: E402

NOISE_WORDS = ("really", "clearly", "indeed", "quite")


def add_noise(paragraph: str, rate: float) -> str:
    """A model that also rewrites freely: per word, with probability `rate`, one of the slips
    real models make (a new name, a changed number, an added adverb, a dropped run of words,
    a common word swapped). Seeded by the paragraph, so every run sees the same slips."""
    rng = random.Random(zlib.crc32(paragraph.encode("utf-8")))
    out: list[str] = []
    tokens = paragraph.split(" ")
    skip = 0
    for n, tok in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if rng.random() >= rate:
            out.append(tok)
            continue
        kind = rng.randrange(5)
        if kind == 0 and tok[:1].isupper() and n > 0:
            out.append("Henderson" + tok.lstrip("".join(c for c in tok if c.isalpha())))
        elif kind == 1 and any(c.isdigit() for c in tok):
            out.append("".join(str((int(c) + 1) % 10) if c.isdigit() else c for c in tok))
        elif kind == 2:
            out += [rng.choice(NOISE_WORDS), rng.choice(NOISE_WORDS), tok]
        elif kind == 3 and n + 4 < len(tokens):
            skip = 3
        else:
            out.append("thing" if tok.isalpha() and tok.islower() else tok)
    return " ".join(out)


class Replayer:
    """Answers with the source paragraph most like the one it is sent (the current article's)."""

    def __init__(self, noise: float = 0.0) -> None:
        self.paragraphs: list[str] = []
        self.noise = noise

    def set_source(self, source: str) -> None:
        self.paragraphs = [p.strip() for p in source.split("\n") if p.strip()]

    def __call__(self, system: str, user: str) -> str:
        if not self.paragraphs:
            return user
        best = process.extractOne(user, self.paragraphs, scorer=fuzz.ratio)
        answer = best[0] if best else user
        return add_noise(answer, self.noise) if self.noise else answer


def verbatim(text: str, replay: Replayer) -> str:
    """The article with every paragraph replaced by the model's answer (what a blind model gives)."""
    return "\n".join(replay(" ", line) if line.strip() else line for line in text.split("\n"))


def run(files: Sequence[Path], seeds: Sequence[int], noise: float = 0.0) -> dict:
    from reader.engine import Options, correct
    from reader.engine.local_model import ModelConfig, refine

    replay = Replayer(noise)
    totals = {k: Score() for k in ("engine", "model", "with_refusals", "without_refusals", "no_veto")}
    refused: Counter = Counter()
    agreed = vetoed = added = requests = prompt_tokens = completion_tokens = 0
    seconds = 0.0
    spun_words = 0
    clean = {"words": 0, "engine": 0, "with_model": 0}
    with FakeServer(replay) as srv:
        base = ModelConfig(srv.url, "replay", timeout=30)
        configs = {
            "with_refusals": base,
            "without_refusals": replace(base, refuse=False),
            "no_veto": replace(base, veto=False),
        }
        for path in files:
            source = path.read_text(encoding="utf-8")
            replay.set_source(source)
            for seed in seeds:
                spun = spin(source, seed)
                correction = correct(spun.text, Options())
                spun_words += len(words(spun.text))
                totals["engine"] += score(spun.text, correction.corrected, source)
                totals["model"] += score(spun.text, verbatim(spun.text, replay), source)
                for name, config in configs.items():
                    t = time.perf_counter()
                    result, report = refine(spun.text, correction, config)
                    if name == "with_refusals":
                        seconds += time.perf_counter() - t
                        refused.update(report.refused)
                        agreed += report.agreed
                        vetoed += report.vetoed
                        added += report.added
                        requests += report.requests
                        prompt_tokens += report.prompt_tokens
                        completion_tokens += report.completion_tokens
                    totals[name] += score(spun.text, result.corrected, source)
            # The clean source: the engine alone, then with the replaying model.
            plain = correct(source, Options())
            with_model, _ = refine(source, plain, base)
            before = words(source)
            clean["words"] += len(before)
            clean["engine"] += len(changed(before, words(plain.corrected)))
            clean["with_model"] += len(changed(before, words(with_model.corrected)))
    per_k = 1000 / max(spun_words, 1)
    return {
        "noise": noise,
        "texts": len(files) * len(seeds),
        "spun_words": spun_words,
        "scores": {k: v.to_dict() for k, v in totals.items()},
        "kept": {
            k: (totals[k].undone / totals["model"].undone if totals["model"].undone else 0.0)
            for k in ("with_refusals", "without_refusals", "no_veto")
        },
        "refused": dict(refused),
        "agreed": agreed,
        "vetoed": vetoed,
        "added": added,
        "per_1000_words": {
            "requests": requests * per_k,
            "prompt_tokens": prompt_tokens * per_k,
            "completion_tokens": completion_tokens * per_k,
            "seconds": seconds * per_k,
        },
        "clean": clean,
    }


def run_devset(path: Path, spec: str) -> str:
    """The dev set with a real model server, beside the engine alone (scored on hashed words)."""
    from bench.metrics import hashed_words, score_words
    from reader.engine import Options, correct
    from reader.engine.local_model import parse_model_spec, refine

    config = parse_model_spec(spec)
    data = json.loads(path.read_text(encoding="utf-8"))
    salt = data["salt"]
    alone = with_model = Score()
    requests = tokens = spun_words = 0
    seconds = 0.0
    errors = []
    for pair in data["pairs"]:
        spun = pair["spun_text"]
        correction = correct(spun, Options())
        t = time.perf_counter()
        result, rep = refine(spun, correction, config)
        seconds += time.perf_counter() - t
        if rep.error:
            errors.append(f"{pair['id']}: {rep.error}")
        requests += rep.requests
        tokens += rep.prompt_tokens + rep.completion_tokens
        spun_words += len(words(spun))
        src = pair["source_words_hashed"]
        alone += score_words(hashed_words(spun, salt), hashed_words(correction.corrected, salt), src)
        with_model += score_words(hashed_words(spun, salt), hashed_words(result.corrected, salt), src)
    per_k = 1000 / max(spun_words, 1)
    lines = [
        f"Dev set ({len(data['pairs'])} pairs, {spun_words:,} spun words) with {config.name} at {config.url}:",
        f"  engine alone      undone {alone.undone * 100:5.1f}%  harm {alone.harm * 100:.2f}%",
        f"  engine + model    undone {with_model.undone * 100:5.1f}%  harm {with_model.harm * 100:.2f}%",
        f"  per 1,000 words: {requests * per_k:.1f} requests, {tokens * per_k:,.0f} tokens, {seconds * per_k:.1f} s",
    ]
    lines += [f"  MODEL FAILED: {e}" for e in errors[:5]]
    return "\n".join(lines)


def report(r: dict) -> str:
    def pct(x: float, d: int = 1) -> str:
        return f"{x * 100:.{d}f}%"

    noise = f", the model slipping on {r['noise']:.0%} of words" if r["noise"] else ", a perfect model"
    lines = [f"Model replay: {r['texts']} synthetic spun texts, {r['spun_words']:,} spun words{noise}", ""]
    lines.append(f"  {'':28s} {'undone':>8s} {'harm':>7s}  errors before -> after")
    names = {
        "engine": "engine alone",
        "model": "model answers verbatim",
        "with_refusals": "engine + model (refusals)",
        "without_refusals": "engine + model (no refusals)",
        "no_veto": "engine + model (no veto)",
    }
    for key, label in names.items():
        s = r["scores"][key]
        lines.append(
            f"  {label:28s} {pct(s['undone']):>8s} {pct(s['harm'], 2):>7s}  {s['errors_before']:,} -> {s['errors_after']:,}"
        )
    k = r["kept"]
    lines += [
        "",
        f"  share of the model's gain kept: {pct(k['with_refusals'])} with refusals, "
        f"{pct(k['without_refusals'])} without, {pct(k['no_veto'])} without vetoes",
        f"  model edits added {r['added']:,}; engine edits confirmed {r['agreed']:,}, doubted {r['vetoed']:,}",
        "  refused: "
        + (", ".join(f"{n} {why}" for why, n in sorted(r["refused"].items(), key=lambda x: -x[1])) or "none"),
    ]
    p = r["per_1000_words"]
    lines.append(
        f"  per 1,000 spun words: {p['requests']:.1f} requests, {p['prompt_tokens']:,.0f} prompt + "
        f"{p['completion_tokens']:,.0f} completion tokens (words, fake server), {p['seconds']:.2f} s here"
    )
    c = r["clean"]
    lines.append(
        f"  clean sources ({c['words']:,} words): engine alone changes {c['engine']}, with the model {c['with_model']}"
    )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=0, help="an even spread of N corpus files (default: all)")
    ap.add_argument("--seeds", type=int, default=1, help="spinner seeds per file (default 1)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--noise", type=float, default=0.0, help="the model also rewrites freely, per word (e.g. 0.03)")
    ap.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    ap.add_argument("--devset", action="store_true", help="score the dev set with --model (a real server) instead")
    ap.add_argument("--model", metavar="URL#MODEL", help="the server for --devset")
    args = ap.parse_args(argv)
    if args.devset:
        if not args.model:
            ap.error("--devset needs --model URL#MODEL (a server you run)")
        print(run_devset(DEVSET, args.model))
        return 0
    files = corpus_files(args.corpus)
    if args.files:
        files = quick_files(files, args.files)
    r = run(files, range(1, args.seeds + 1), args.noise)
    print(report(r))
    if args.json:
        Path(args.json).write_text(json.dumps(r, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
