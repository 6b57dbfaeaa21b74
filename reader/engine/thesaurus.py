"""Inverted thesaurus: for a word the spinner may have written, the words it may have replaced.

Built by tools/build_thesaurus.py from WordNet 3.0 (one hop) and Moby (inverted), with each
candidate already re-inflected to the spun word's form ("fulfilled" -> "met") and ranked by
prior (frequency and the channel: one over the source word's neighbour count), into
resources/thesaurus/candidates.tsv, one line per word in sorted order. It is not loaded:
a word's line is found by binary search over the file's blocks and read when asked
(SortedLines, about 20 microseconds). The file is plain text on disk; the wheel and git
compress it as well as gzip did.
"""

from __future__ import annotations

import os
import threading
from functools import lru_cache

from reader.paths import RESOURCES

PATH = RESOURCES / "thesaurus" / "candidates.tsv"
_PREAD = getattr(os, "pread", None)
BITS = {"synonym": 1, "hypernym": 2, "hyponym": 4, "similar": 8, "derivation": 16, "part": 32, "moby": 64}
RELATION_NAMES = {  # read as "'leader' is ... for 'frontrunner'"
    1: "a synonym",
    2: "a more general word",  # the candidate is a hypernym of the spun word
    4: "a more specific word",
    8: "a close neighbour",
    16: "a related form",
    32: "a part or whole",
    64: "a thesaurus neighbour",
}


class SortedLines:
    """A file of `key<TAB>rest` lines sorted by key (bytes), after `#` comment lines; looked up in place.

    The file is cut into blocks of BLOCK bytes; a look-up bisects the blocks by the first key
    starting in each (read once when first needed, then kept: a few bytes per block) and reads
    the one block holding its line. Nothing is read at open. Reads, not a memory map: the
    file's pages stay in the system's cache, out of this process's resident memory, however
    many words a long text looks up. Keys are words (shorter than 256 bytes, no tab).
    """

    BLOCK = 16384  # a look-up reads about this much

    def __init__(self, path: str) -> None:
        self._f = open(path, "rb", buffering=0)  # noqa: SIM115 (kept open for the process's life)
        self._lock = threading.Lock()
        self._size = os.fstat(self._f.fileno()).st_size
        start = 0
        while self._read(start, 1) == b"#":
            start = self._line_start(start + 1)
        self._start = start
        self._blocks = -(-(self._size - start) // self.BLOCK)
        self._first: dict[int, tuple[int, bytes | None]] = {}  # block -> (its first line start, that key)

    def _read(self, offset: int, n: int) -> bytes:
        if _PREAD is not None:
            return _PREAD(self._f.fileno(), n, offset)
        with self._lock:  # seek + read are two calls (Windows has no pread)
            self._f.seek(offset)
            return self._f.read(n)

    def _line_start(self, offset: int) -> int:
        """The first line start at or after `offset` (the file's size when none)."""
        at = offset - 1
        while at < self._size:
            buf = self._read(at, 4096)
            nl = buf.find(b"\n")
            if nl >= 0:
                return at + nl + 1
            at += len(buf) or self._size
        return self._size

    def _block(self, i: int) -> tuple[int, bytes | None]:
        """Where block i's first line starts and its key (None past the last line)."""
        got = self._first.get(i)
        if got is None:
            off = self._start + i * self.BLOCK
            s = off if i == 0 else self._line_start(off)
            key = self._read(s, 256).partition(b"\t")[0] if s < self._size else None
            got = self._first[i] = (s, key)
        return got

    def get(self, key: str) -> bytes | None:
        """The rest of `key`'s line (after its tab, without the newline), or None."""
        if "\t" in key or "\n" in key:
            return None  # no key holds one; it would match a longer line's start
        k = key.encode("utf-8")
        lo, hi = 0, self._blocks  # the last block whose first key is <= k
        while lo < hi:
            mid = (lo + hi) // 2
            first = self._block(mid)[1]
            if first is not None and first <= k:
                lo = mid + 1
            else:
                hi = mid
        if lo == 0:
            return None
        a = self._block(lo - 1)[0]
        b = self._block(lo)[0] if lo < self._blocks else self._size
        chunk = self._read(a, b - a)
        k += b"\t"
        at = 0 if chunk.startswith(k) else chunk.find(b"\n" + k) + 1
        if at == 0 and not chunk.startswith(k):
            return None
        end = chunk.find(b"\n", at)
        return chunk[at + len(k) : end if end >= 0 else len(chunk)]


@lru_cache(maxsize=1)
def _table() -> SortedLines:
    return SortedLines(str(PATH))


_SHARED: dict[str, object] = {}  # one object per distinct candidate word and number (they repeat across lines)


def _one(s: str, kind: type) -> object:
    got = _SHARED.get(s)
    if got is None:
        got = _SHARED[s] = kind(s)
    return got


@lru_cache(maxsize=8192)
def _entry(word: str) -> tuple[float, tuple[tuple[str, int, float, float], ...]] | None:
    """(Zipf, candidates) of a word's line, parsed once; the cache keeps a long text's words (about 4 kB each)."""
    raw = _table().get(word)
    if raw is None:
        return None
    z, _, rest = raw.decode("utf-8").partition("\t")
    one = _one
    out = []
    for item in rest.split():
        w, b, ch, zf = item.split(":")
        out.append((one(w, str), one(b, int), one(ch, float), one(zf, float)))
    return float(z), tuple(out)  # type: ignore[return-value]


def candidates(word: str) -> tuple[tuple[str, int, float, float], ...]:
    """(candidate, relation bits, channel log10, Zipf frequency) for a lower-case word, likeliest first by prior."""
    e = _entry(word)
    return e[1] if e else ()


def zipf(word: str) -> float:
    """The word's Zipf frequency (wordfreq, stored at build time), 0 for a word without candidates."""
    e = _entry(word)
    return e[0] if e else 0.0


def relation(spun: str, original: str) -> str | None:
    """How `original` relates to `spun` in the thesaurus ('a synonym', ...), or None."""
    for cand, bits, _, _ in candidates(spun.lower()):
        if cand == original.lower():
            return describe(bits)
    return None


def describe(bits: int) -> str:
    for bit in (1, 8, 16, 2, 4, 32, 64):
        if bits & bit:
            return RELATION_NAMES[bit]
    return "a thesaurus neighbour"


@lru_cache(maxsize=1)
def _adjectives() -> dict[str, bool]:
    """word -> mainly an adjective (resources/thesaurus/adjectives.txt, from WordNet by tools/build_thesaurus.py)."""
    out = {}
    for line in (RESOURCES / "thesaurus" / "adjectives.txt").read_text(encoding="utf-8").split("\n"):
        if line and not line.startswith("#"):
            word, _, mainly = line.partition("\t")
            out[word] = mainly == "1"
    return out


def is_adjective(word: str) -> bool:
    """WordNet 3.0 lists the word as an adjective (it may be other parts of speech too)."""
    return word in _adjectives()


def mainly_adjective(word: str) -> bool:
    """An adjective before anything else: "tough", "harsh"; not "won", "key" or "in"."""
    return _adjectives().get(word, False)
