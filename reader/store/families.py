"""Families: spins of one source found among the library's articles (MinHash LSH, persisted in SQLite).

Spinning rewrites half the words, so word n-grams rarely survive; the rarer words (names,
places, topic terms) mostly do. An article's fingerprint is a MinHash over its rare words;
its LSH band keys go in `family_bands` (indexed), so finding the candidates for a new
article is one indexed query however big the library is. Measured on the dev copies:
copies of one article share 27-49% of their rare words, unrelated articles at most 5%.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from reader.store import models as m

NUM_PERM = 288
ROWS = 3  # rows per band: a pair sharing 27% of its rare words is a candidate 85% of the time, 5%: 1%
BANDS = NUM_PERM // ROWS
THRESHOLD = 0.2  # estimated Jaccard similarity of rare-word sets that makes two articles one family
RARE_ZIPF = 4.5  # words rarer than this (wordfreq's Zipf scale) make the fingerprint
MIN_WORDS = 8  # fewer distinct rare words: too little to tell, no fingerprint
CANDIDATES = 20  # candidates checked against the fingerprint, most shared bands first
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


@lru_cache(maxsize=1)
def _common() -> frozenset[str]:
    """English words at or above RARE_ZIPF (about 2,000), read once from wordfreq's table."""
    from wordfreq import get_frequency_dict

    floor = 10 ** (RARE_ZIPF - 9)  # Zipf = log10(frequency per billion words)
    return frozenset(w for w, f in get_frequency_dict("en").items() if f >= floor)


def rare_words(text: str) -> set[str]:
    common = _common()
    words = {w.lower().replace("’", "'") for w in _WORD.findall(text)}
    return {w for w in words if len(w) > 2 and w not in common}


def signature(text: str) -> bytes | None:
    """The MinHash of the text's rare words, or None when it has too few of them."""
    words = rare_words(text)
    if len(words) < MIN_WORDS:
        return None
    from datasketch import MinHash

    # Scheme and seed fixed: stored fingerprints must stay comparable across versions.
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    mh.update_batch([w.encode("utf-8") for w in sorted(words)])
    return mh.hashvalues.astype("<u4").tobytes()


def band_keys(sig: bytes) -> list[int]:
    """One signed 64-bit key per band (SQLite's INTEGER), the band's number mixed in."""
    width = ROWS * 4
    keys = []
    for b in range(BANDS):
        h = hashlib.blake2b(sig[b * width : (b + 1) * width], digest_size=8, salt=b.to_bytes(2, "little"))
        keys.append(int.from_bytes(h.digest(), "little", signed=True))
    return keys


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two fingerprints: the share of equal MinHash values."""
    n = min(len(a), len(b)) // 4
    same = sum(a[i * 4 : i * 4 + 4] == b[i * 4 : i * 4 + 4] for i in range(n))
    return same / n if n else 0.0


_CANDIDATES_SQL = (
    "SELECT article_id FROM family_bands WHERE key IN (SELECT value FROM json_each(?)) AND article_id != ?"
    " GROUP BY article_id ORDER BY count(*) DESC LIMIT ?"
)


def assign(s: Session, article_id: int, text: str) -> int | None:
    """Fingerprint a new article, store it, and put it in the family of its closest earlier copy.

    Plain SQL on the session's connection: this runs on every import, and building the
    ORM statements cost more than the queries themselves.
    """
    sig = signature(text)
    family = None
    conn = s.connection()
    if sig is not None:
        keys = sorted(set(band_keys(sig)))
        hits = [r[0] for r in conn.exec_driver_sql(_CANDIDATES_SQL, (json.dumps(keys), article_id, CANDIDATES))]
        best, best_sim = None, THRESHOLD
        if hits:
            marks = ",".join("?" * len(hits))
            rows = conn.exec_driver_sql(
                f"SELECT article_id, family_id, signature FROM article_families WHERE article_id IN ({marks})",
                tuple(hits),
            )
            for other, fam, other_sig in rows:
                sim = similarity(sig, other_sig) if other_sig else 0.0
                if sim >= best_sim:
                    best, best_sim = (other, fam), sim
        if best is not None:
            family = best[1] if best[1] is not None else best[0]
            if best[1] is None:
                conn.exec_driver_sql(
                    "UPDATE article_families SET family_id = ? WHERE article_id = ?", (family, best[0])
                )
        conn.exec_driver_sql(
            "INSERT INTO family_bands (key, article_id) VALUES (?, ?)", [(k, article_id) for k in keys]
        )
    conn.exec_driver_sql(
        "INSERT INTO article_families (article_id, family_id, signature) VALUES (?, ?, ?)", (article_id, family, sig)
    )
    return family


def members(s: Session, article_id: int) -> list[int]:
    """Ids of the other articles in this article's family, oldest first."""
    fam = s.scalar(select(m.ArticleFamily.family_id).where(m.ArticleFamily.article_id == article_id))
    if fam is None:
        return []
    return list(
        s.scalars(
            select(m.ArticleFamily.article_id)
            .where(m.ArticleFamily.family_id == fam, m.ArticleFamily.article_id != article_id)
            .order_by(m.ArticleFamily.article_id)
        )
    )


def ungroup(s: Session, article_id: int) -> None:
    """Take the article out of its family; a family left with one article dissolves."""
    others = members(s, article_id)
    s.execute(update(m.ArticleFamily).where(m.ArticleFamily.article_id == article_id).values(family_id=None))
    # The article is kept out of later matches against this family: its band keys go.
    s.execute(delete(m.FamilyBand).where(m.FamilyBand.article_id == article_id))
    if len(others) == 1:
        s.execute(update(m.ArticleFamily).where(m.ArticleFamily.article_id == others[0]).values(family_id=None))


def sizes(s: Session, article_ids: Iterable[int] | None = None) -> dict[int, int]:
    """article id -> number of articles in its family (itself included), for grouped articles only.

    `article_ids` None means every article.
    """
    q = select(m.ArticleFamily.article_id, m.ArticleFamily.family_id).where(m.ArticleFamily.family_id.is_not(None))
    if article_ids is not None:
        ids = list(article_ids)
        if not ids:
            return {}
        q = q.where(m.ArticleFamily.article_id.in_(ids))
    mine = dict(s.execute(q).all())
    if not mine:
        return {}
    counts = dict(
        s.execute(
            select(m.ArticleFamily.family_id, func.count())
            .where(m.ArticleFamily.family_id.in_(set(mine.values())))
            .group_by(m.ArticleFamily.family_id)
        ).all()
    )
    return {a: counts[f] for a, f in mine.items() if counts.get(f, 0) > 1}


def unfingerprinted(s: Session) -> list[int]:
    """Articles without a families row (imported before detection existed, or with it off), oldest first."""
    done = select(m.ArticleFamily.article_id)
    return list(s.scalars(select(m.Article.id).where(m.Article.id.not_in(done)).order_by(m.Article.id)))


def all_families(s: Session) -> list[list[int]]:
    groups: dict[int, list[int]] = {}
    rows = s.execute(
        select(m.ArticleFamily.family_id, m.ArticleFamily.article_id)
        .where(m.ArticleFamily.family_id.is_not(None))
        .order_by(m.ArticleFamily.article_id)
    )
    for fam, aid in rows:
        groups.setdefault(fam, []).append(aid)
    return [ids for _, ids in sorted(groups.items()) if len(ids) > 1]
