"""The synthetic spinner: deterministic, realistic in volume and mix, and honest about its spans."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.metrics import distance, words  # noqa: E402
from bench.spinner import CATEGORIES, SpunText, spin  # noqa: E402
from bench.spinner import tables as spinner_tables  # noqa: E402

# Written for these tests: news-like prose with names, numbers, dates and idioms.
TEXT = """China and Russia signed a new agreement on Thursday to build a second gas pipeline, officials said.
The deal was announced in the capital after two days of talks between the leaders of both countries.
The pipeline would carry 1,000 cubic metres of gas a year to northern China, and the price is still secret.
Analysts said the agreement showed how far relations have moved since the end of the cold war.
The United States and the European Union have warned that new sanctions could follow, and the White House said it was watching closely.
In 2019, a similar plan collapsed when the two sides could not agree on the price of the gas.
The Guardian reported that 40% of the money would come from a state bank in New Delhi, a claim the bank denied.
She told reporters in the afternoon that her team had spent 14 February checking the first draft.
Local people have mixed feelings about the project, which will cross forest, farmland and old villages.
"We want jobs for our children, but we also want clean water," said one teacher who has lived in the area for years.
Security around the construction sites has been increased, and the company says it has hired more than 100,000 workers.
The virus that closed the border last year is no longer a concern, according to the health ministry.
"""


def _share_changed(spun: SpunText) -> float:
    src = words(spun.source)
    return distance(words(spun.text), src) / len(src)


def test_same_seed_same_output_and_different_seeds_differ() -> None:
    a, b = spin(TEXT, 42), spin(TEXT, 42)
    assert a == b
    assert spin(TEXT, 43).text != a.text


def test_rate_zero_changes_nothing_and_rate_scales_volume() -> None:
    none = spin(TEXT, 1, rate=0.0)
    assert none.text == TEXT and none.substitutions == ()
    low = sum(_share_changed(spin(TEXT, s, rate=0.3)) for s in range(5))
    high = sum(_share_changed(spin(TEXT, s, rate=1.0)) for s in range(5))
    assert low < high * 0.6


def test_default_rate_touches_a_realistic_share_of_words() -> None:
    # Real copies: 2,769 word edits over 4,563 source words (about 60%). TEXT is denser in
    # triggers than ordinary prose, hence the wider band.
    shares = [_share_changed(spin(TEXT, seed)) for seed in range(10)]
    mean = sum(shares) / len(shares)
    assert 0.4 <= mean <= 0.85, mean
    assert all(0.25 <= s <= 0.95 for s in shares), shares


def test_default_rate_on_the_clean_corpus_is_near_the_real_rate() -> None:
    files = sorted((ROOT / "bench" / "corpus").rglob("*.txt"))[::4]
    if len(files) < 3:
        pytest.skip("bench/corpus has fewer than 12 files")
    before = after = 0
    for i, path in enumerate(files):
        spun = spin(path.read_text(encoding="utf-8"), i)
        before += len(words(spun.source))
        after += distance(words(spun.text), words(spun.source))
    assert 0.45 <= after / before <= 0.70, after / before


def test_spans_point_at_the_right_text_and_rebuild_the_source() -> None:
    for seed in range(20):
        spun = spin(TEXT, seed)
        rebuilt, pos = [], 0
        last_src = last_spun = 0
        for s in spun.substitutions:
            assert spun.source[s.source_start : s.source_end] == s.source
            assert spun.text[s.spun_start : s.spun_end] == s.spun
            assert s.source != s.spun
            assert s.category in CATEGORIES
            assert s.source_start >= last_src and s.spun_start >= last_spun
            # Text between substitutions is copied unchanged.
            assert spun.text[pos : s.spun_start] == spun.source[last_src : s.source_start]
            rebuilt += [spun.text[pos : s.spun_start], s.source]
            pos, last_src, last_spun = s.spun_end, s.source_end, s.spun_end
        rebuilt.append(spun.text[pos:])
        assert "".join(rebuilt) == TEXT
        # Offsets outside substitutions map back to the same source text.
        if spun.substitutions:
            s = spun.substitutions[-1]
            assert spun.to_source(s.spun_end) == s.source_end


def test_every_family_shows_up_and_padding_is_the_bulk() -> None:
    cats: Counter = Counter()
    for seed in range(30):
        cats.update(s.category for s in spin(TEXT, seed).substitutions)
    assert set(cats) == set(CATEGORIES), cats
    assert cats.most_common(1)[0][0] == "padding", cats
    assert cats["padding"] + cats["synonym"] > 0.75 * sum(cats.values())


def test_field_guide_examples_are_produced() -> None:
    seen = Counter()
    for seed in range(60):
        for s in spin(TEXT, seed).substitutions:
            seen[(s.source, s.spun)] += 1
    for pair in [
        ("and", "and you can"),
        ("China", "Asia"),
        ("cold war", "cooler war"),
        ("said", "told you"),
        ("1", "step one"),
        ("virus", "herpes"),
        ("New Delhi", "Brand new Delhi"),
        ("Guardian", "Protector"),
        ("40", "forty"),
        ("14", "fourteen"),
        ("100,000", "100,100"),
    ]:
        assert seen[pair], f"{pair} never produced"
    assert any(src == "2019" and spun == "" for src, spun in seen), "years are never deleted"


def test_capitalisation_follows_the_source() -> None:
    for seed in range(20):
        for s in spin(TEXT, seed).substitutions:
            if s.spun and s.source[:1].isupper() and s.category == "padding":
                assert s.spun[:1].isupper(), s


def test_names_mid_sentence_get_no_thesaurus_swap() -> None:
    for seed in range(20):
        for s in spin(TEXT, seed).substitutions:
            if s.category in ("synonym", "sense"):
                start = s.source_start
                before = TEXT[:start].rstrip()
                if s.source[:1].isupper():
                    assert not before or before[-1] in '.!?:"\n', s


def test_tables_are_the_spinners_own() -> None:
    # The bench must not mirror the engine: the spinner never touches resources/lexicon.
    for path in (ROOT / "bench" / "spinner").glob("*.py"):
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+reader\b|resources/lexicon|RESOURCES|\"lexicon\"", code, re.M), path
    assert len(spinner_tables.PADDING) > 50
