"""Use cases the CLI and the window share: import, correct, review, export.

No Qt here. Every method opens a short session; the Library may be used from worker
threads (the engine runs outside any transaction; writes queue on one lock).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import DateTime, Float, Integer, Text, bindparam, column, delete, func, select, text

from reader.engine.model import Correction, Edit, Options
from reader.engine.user_lexicon import Difference, Row, Score
from reader.errors import ExportFailed, StoreError, UnspinError
from reader.importers import DEFAULT_MAX_BYTES, MAX_TEXT_CHARS, text_too_long
from reader.review import Carried, Decision, Status, carry_decisions
from reader.store import DB_NAME, Store, chunks
from reader.store import models as m
from reader.titles import corrected_title, real_title

if TYPE_CHECKING:
    from reader.engine.local_model import ModelConfig, ModelReport

DATA_DIR_ENV = "UNSPIN_DATA_DIR"
_DELETE_DECISION = text("DELETE FROM decisions WHERE run_id = :run_id AND edit_index = :i")
_UPSERT_DECISION = text(
    "INSERT INTO decisions (run_id, edit_index, status, value, decided_at) VALUES (:run_id, :edit_index, :status, "
    ":value, :at) ON CONFLICT (run_id, edit_index) DO UPDATE SET status = excluded.status, value = excluded.value, "
    "decided_at = excluded.decided_at"
).bindparams(bindparam("at", type_=DateTime()))  # stored as the ORM stores it
SORTS = ("imported_at", "title", "spin_score")
MAX_SIBLINGS = 4  # other copies of an article the engine reads as evidence when correcting it
# Best match first; a title hit weighs five times a text hit. One query, however many matches.
_SEARCH_SQL = text(
    """
    SELECT a.id, a.title, a.source_path, a.format, a.imported_at, r.spin_score, r.edit_count,
           snippet(articles_fts, 1, :mark_on, :mark_off, '…', 14) AS snippet
    FROM articles_fts JOIN articles AS a ON a.id = articles_fts.rowid
    LEFT JOIN correction_runs AS r ON r.id = (SELECT max(id) FROM correction_runs WHERE article_id = a.id)
    WHERE articles_fts MATCH :q
    ORDER BY bm25(articles_fts, 5.0, 1.0), a.id
    """
).columns(
    column("id", Integer),
    column("title", Text),
    column("source_path", Text),
    column("format", Text),
    column("imported_at", DateTime),
    column("spin_score", Float),
    column("edit_count", Integer),
    column("snippet", Text),
)
MARK_ON, MARK_OFF = "\x02", "\x03"  # around the matching words in ArticleSummary.snippet
META_KEYS = {"author": "author", "url": "source_url"}  # editable fields kept in the article's metadata
META_ASSUME_SPUN = "assume_spun"  # the user said the article is spun (Options.assume_spun for its corrections)


@dataclass(frozen=True)
class ArticleSummary:
    id: int
    title: str
    source_path: str | None
    format: str
    imported_at: datetime
    spin_score: float | None  # from the latest run; None until corrected
    edit_count: int | None
    copies: int = 1  # articles in its family (other spins of the same source), itself included
    snippet: str | None = None  # search results: text around the match, matches between MARK_ON and MARK_OFF


@dataclass(frozen=True)
class ArticleRecord:
    id: int
    title: str
    text: str
    source_path: str | None
    format: str
    imported_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunRecord:
    id: int
    article_id: int
    correction: Correction
    created_at: datetime


@dataclass(frozen=True)
class Recorrection:
    """A new run computed for an article, with the previous run's decisions carried over (not yet stored)."""

    article_id: int
    correction: Correction
    previous: RunRecord | None
    carried: Carried
    assume_spun: bool = False  # corrected as spun whatever its signatures say (kept with the article on commit)


@dataclass(frozen=True)
class ImportResult:
    article: ArticleSummary
    duplicate: bool
    notes: tuple[str, ...] = ()  # what the importer changed or guessed (bytes replaced, encoding...)


@dataclass(frozen=True)
class SourceRecord:
    article_id: int
    title: str
    path: str | None
    text: str
    attached_at: datetime


@dataclass(frozen=True)
class Comparison:
    """An article against its source: every difference by spinner family, and the engine scored on it."""

    source: SourceRecord
    differences: list[Difference]
    score: Score  # of the article's latest correction run (a fresh one if it had none)

    def by_family(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for d in self.differences:
            counts[d.family] = counts.get(d.family, 0) + 1
        return dict(sorted(counts.items(), key=lambda kv: -kv[1]))


@dataclass(frozen=True)
class LearnedRecord:
    id: int
    row: Row
    article_id: int | None  # the article whose source taught it (None: imported, or the article was removed)
    learned_from: str  # that article's title, or the file it was imported from
    added_at: datetime


@dataclass(frozen=True)
class ExportRecord:
    id: int
    article_id: int
    path: str
    format: str
    exported_at: datetime


def default_data_dir() -> Path:
    env = os.environ.get(DATA_DIR_ENV, "").strip()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("unspin-reader", appauthor=False))


def web_address(value: str) -> str:
    """`value` stripped if it is an http(s) address with a host; else a one-line UnspinError."""
    from urllib.parse import urlsplit

    url = value.strip()
    try:
        parts = urlsplit(url)
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname) and not any(c.isspace() for c in url)
    except ValueError:  # a malformed port or IPv6 host
        ok = False
    if not ok:
        raise UnspinError(url, 'not a web address: give one such as https://example.org/page ("" clears it)')
    return url


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8", "surrogatepass")).hexdigest()


def _aware(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt


class Library:
    """The user's collection of articles, their correction runs, decisions and exports."""

    def __init__(
        self, data_dir: str | Path | None = None, *, busy_timeout: float | None = None, detect_families: bool = True
    ) -> None:
        self.detect_families = detect_families  # on import, group the article with earlier spins of its source
        self.data_dir = Path(data_dir).expanduser() if data_dir is not None else default_data_dir()
        self.db_path = self.data_dir / DB_NAME
        if self.data_dir.exists() and not self.data_dir.is_dir():
            raise StoreError(self.data_dir, "is not a folder; choose another --data-dir")
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise StoreError(self.data_dir, f"cannot create the library folder: {e.strerror or e}") from e
        from reader.store import db

        self._store = Store(self.db_path, busy_timeout=db.BUSY_TIMEOUT if busy_timeout is None else busy_timeout)
        # Closed at exit even if the caller forgets, so SQLite checkpoints and removes the -wal file.
        self._closer = weakref.finalize(self, self._store.close)
        if not self._store.read_only_reason:
            with contextlib.suppress(StoreError):  # locked by another writer: the next open sweeps
                chunks.sweep_orphans(self._store)

    @property
    def read_only_reason(self) -> str | None:
        """Why this library can be read but not written (damaged file, read-only folder); None if writable."""
        return self._store.read_only_reason

    @property
    def damaged(self) -> bool:
        return self._store.damaged

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._closer()

    # -- import ----------------------------------------------------------------------
    def import_file(self, path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ImportResult:
        """Read a file with the importers and add it; the same content again returns the existing article."""
        from reader.importers import import_path

        art = import_path(path, max_bytes=max_bytes)
        # Absolute, so the source check on export and the window find it from any working folder.
        source = os.path.abspath(art.source_path if art.source_path is not None else path)
        res = self.import_text(
            art.text, real_title(art.title, art.text), source_path=source, fmt=art.format, metadata=art.metadata
        )
        return replace(res, notes=tuple(art.metadata.get("notes", ())))

    def import_text(
        self,
        text: str,
        title: str,
        *,
        source_path: str | Path | None = None,
        fmt: str = "txt",
        metadata: Mapping[str, Any] | None = None,
    ) -> ImportResult:
        if len(text) > MAX_TEXT_CHARS:
            raise text_too_long(str(source_path or title or "article"), len(text))
        digest = content_hash(text)
        with self._store.write() as s:
            existing = s.scalar(select(m.Article).where(m.Article.content_hash == digest))
            if existing is not None:
                return ImportResult(self._summaries(s, [existing.id])[0], duplicate=True)
            removed = s.scalar(select(m.IdHighWater.value).where(m.IdHighWater.name == "articles")) or 0
            newest = s.scalar(select(func.max(m.Article.id))) or 0
            art = m.Article(
                id=max(removed, newest) + 1,  # never an id a removed article had: scripts may still hold it
                title=real_title(title, text),
                source_path=str(source_path) if source_path is not None else None,
                format=fmt,
                content_hash=digest,
                text=text,
                meta=dict(metadata or {}),
            )
            s.add(art)
            s.flush()
            if self.detect_families:
                from reader.store import families

                families.assign(s, art.id, text)
            return ImportResult(self._summaries(s, [art.id])[0], duplicate=False)

    # -- browse ----------------------------------------------------------------------
    def list_articles(self, sort: str = "imported_at") -> list[ArticleSummary]:
        """Every article; newest first, by title (A-Z) or by spin score (most spun first)."""
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}")
        with self._store.read() as s:
            items = self._summaries(s, None)
        if sort == "title":
            items.sort(key=lambda a: (a.title.casefold(), a.id))
        elif sort == "spin_score":
            items.sort(key=lambda a: (a.spin_score is None, -(a.spin_score or 0.0), a.id))
        else:
            items.sort(key=lambda a: (a.imported_at, a.id), reverse=True)
        return items

    def search(self, query: str) -> list[ArticleSummary]:
        """Full-text search over title and text (FTS5), best match first.

        Words are matched as prefixes and all must occur ("spin wor" finds "spinning words");
        punctuation is not FTS syntax here, so any user input is safe.
        """
        match = fts_query(query)
        if not match:
            return self.list_articles()
        from reader.store import families

        with self._store.read() as s:
            rows = s.execute(_SEARCH_SQL, {"q": match, "mark_on": MARK_ON, "mark_off": MARK_OFF}).all()
            copies = families.sizes(s, [r.id for r in rows])
        return [_summary(r, copies, r.snippet) for r in rows]

    def article(self, article_id: int) -> ArticleRecord:
        with self._store.read() as s:
            a = self._get(s, article_id)
            return ArticleRecord(
                id=a.id,
                title=a.title,
                text=a.text,
                source_path=a.source_path,
                format=a.format,
                imported_at=_aware(a.imported_at),
                metadata=dict(a.meta or {}),
            )

    def summary(self, article_id: int) -> ArticleSummary:
        with self._store.read() as s:
            self._get(s, article_id)
            return self._summaries(s, [article_id])[0]

    def edit(
        self, article_id: int, *, title: str | None = None, author: str | None = None, url: str | None = None
    ) -> ArticleRecord:
        """Change the title, author or source URL the user sees and exports ("" clears author or URL).

        An edited title is kept over the engine's corrected title from then on.
        """
        if url is not None and url.strip():
            url = web_address(url)
        with self._store.write() as s:
            a = self._get(s, article_id)
            meta = dict(a.meta or {})
            if title is not None:
                clean = " ".join(title.split())
                if not clean:
                    raise StoreError(f"article {article_id}", "the title cannot be empty")
                meta.setdefault("spun_title", a.title)
                meta["title_edited"] = True
                a.title = clean
            for key, value in (("author", author), ("url", url)):
                if value is not None:
                    if value.strip():
                        meta[META_KEYS[key]] = value.strip()
                    else:
                        meta.pop(META_KEYS[key], None)
            a.meta = meta
        return self.article(article_id)

    def remove(self, article_id: int) -> None:
        """Delete the article with its runs, decisions and export records (never any file)."""
        with self._store.write() as s:
            self._get(s, article_id)
            s.execute(delete(m.Article).where(m.Article.id == article_id))

    # -- correction ------------------------------------------------------------------
    def correct(self, article_id: int, options: Options | None = None, model: ModelConfig | None = None) -> RunRecord:
        """Run the engine (and the local model, if given) on the article and store the run.

        Slow: GUI callers run this off the GUI thread.
        """
        record = self.article(article_id)
        evidence = self.correction_evidence(article_id)
        options = self._options(record, options)
        correction, _report = correct_text(record.text, options, model, self.model_cache(), evidence=evidence)
        return self.store_run(article_id, correction)

    @staticmethod
    def _options(record: ArticleRecord, options: Options | None, assume_spun: bool | None = None) -> Options:
        """The engine's options for the article: spun whatever its signatures say when the user said so."""
        options = options or Options()
        if assume_spun is None:
            assume_spun = options.assume_spun or bool(record.metadata.get(META_ASSUME_SPUN, False))
        return replace(options, assume_spun=assume_spun)

    def model_cache(self) -> ModelAnswerCache:
        """The local model's answers kept in this library (per paragraph and model)."""
        return ModelAnswerCache(self._store)

    def correction_evidence(self, article_id: int) -> dict[str, Any]:
        """What the engine reads besides the text: the family's other copies and the learned rows.

        Keyword arguments for reader.engine.correct; empty when there is neither.
        """
        extra: dict[str, Any] = {}
        siblings = self.sibling_texts(article_id)
        if siblings:
            extra["siblings"] = siblings
        learned = self.learned()
        if learned:
            extra["learned"] = [r.row for r in learned]
            extra["titles"] = {r.row.source: r.learned_from for r in learned}
        return extra

    # -- sources and the learned lexicon ----------------------------------------------
    def attach_source(
        self, article_id: int, text_: str, title: str | None = None, path: str | Path | None = None
    ) -> SourceRecord:
        """Keep `text_` as the original the article was spun from (replacing an earlier one)."""
        if not text_.strip():
            raise StoreError(path or f"article {article_id}", "the source is empty")
        with self._store.write() as s:
            a = self._get(s, article_id)
            row = s.get(m.ArticleSource, article_id) or m.ArticleSource(article_id=article_id)
            row.title = (title or "").strip() or f"Source of {a.title}"
            row.path = str(path) if path is not None else None
            row.text = text_
            row.attached_at = m.utcnow()
            s.add(row)
            s.flush()
            return SourceRecord(article_id, row.title, row.path, row.text, _aware(row.attached_at))

    def attach_source_file(self, article_id: int, path: str | Path) -> SourceRecord:
        """Read the original with the importers (txt, md, html, pdf, docx) and attach it."""
        from reader.importers import import_path

        art = import_path(path)
        return self.attach_source(article_id, art.text, art.title, os.path.abspath(path))

    def source(self, article_id: int) -> SourceRecord | None:
        with self._store.read() as s:
            self._get(s, article_id)
            row = s.get(m.ArticleSource, article_id)
            if row is None:
                return None
            return SourceRecord(article_id, row.title, row.path, row.text, _aware(row.attached_at))

    def compare(self, article_id: int) -> Comparison:
        """The article against its source (slow the first time: it may run the engine)."""
        from reader.engine import user_lexicon

        src = self.source(article_id)
        if src is None:
            raise StoreError(f"article {article_id}", "has no source attached (unspin source ID FILE)")
        text_ = self.article(article_id).text
        run = self.latest_run(article_id) or self.correct(article_id)
        return Comparison(
            src,
            user_lexicon.differences(text_, src.text),
            user_lexicon.score(text_, src.text, run.correction.corrected),
        )

    def learn(self, article_id: int) -> list[LearnedRecord]:
        """Mine the article's substitutions from its source into the user's lexicon; returns the new rows."""
        from reader.engine import user_lexicon

        src = self.source(article_id)
        if src is None:
            raise StoreError(f"article {article_id}", "has no source attached (unspin source ID FILE)")
        record = self.article(article_id)
        rows = user_lexicon.mine(record.text, src.text)
        return self._add_rows(rows, article_id, record.title)

    def learned(self) -> list[LearnedRecord]:
        """The user's lexicon, oldest first."""
        with self._store.read() as s:
            return [self._learned_record(r) for r in s.scalars(select(m.LearnedRow).order_by(m.LearnedRow.id))]

    def remove_learned(self, row_ids: list[int]) -> int:
        """Remove rows from the user's lexicon; returns how many were there."""
        with self._store.write() as s:
            found = s.scalars(select(m.LearnedRow.id).where(m.LearnedRow.id.in_(row_ids))).all()
            s.execute(delete(m.LearnedRow).where(m.LearnedRow.id.in_(row_ids)))
            return len(found)

    def lexicon_version(self) -> str:
        """Changes whenever a row is added or removed: 'u<rows>-<last id>'."""
        with self._store.read() as s:
            count, last = s.execute(select(func.count(), func.max(m.LearnedRow.id))).one()
        return f"u{count}-{last or 0}"

    def export_lexicon(self, path: str | Path, *, force: bool = False) -> int:
        """Write the user's lexicon in the resources/lexicon TSV format; returns the row count."""
        from reader.engine import user_lexicon
        from reader.exporters.atomic import write_atomic

        rows = self.learned()
        body = f"# Unspin Reader user lexicon, version {self.lexicon_version()}\n" + user_lexicon.write_tsv(
            r.row for r in rows
        )
        write_atomic(path, body.encode("utf-8"), force=force)
        return len(rows)

    def import_lexicon(self, path: str | Path) -> list[LearnedRecord]:
        """Add the rows of a TSV file (resources/lexicon format); rows already there are skipped."""
        from reader.engine import user_lexicon
        from reader.errors import ImportFailed
        from reader.importers.decoding import decode
        from reader.importers.files import read_file

        p = Path(path)
        try:  # the same checks and words as every other file the program reads
            data = decode(read_file(p, str(p), DEFAULT_MAX_BYTES), str(p), what="a lexicon (tab-separated text)").text
        except ImportFailed as e:
            raise ImportFailed(p, f"cannot read the lexicon: {e.problem}") from None
        try:
            rows = user_lexicon.read_tsv(data, p.name)
        except user_lexicon.RowError as e:
            raise ImportFailed(p, str(e)) from e
        return self._add_rows(rows, None, p.name)

    def _add_rows(self, rows: list[Row], article_id: int | None, learned_from: str) -> list[LearnedRecord]:
        added = []
        with self._store.write() as s:
            have = set(s.execute(select(m.LearnedRow.spun, m.LearnedRow.original, m.LearnedRow.context)).all())
            for r in rows:
                key = (r.spun, r.original, r.context)
                if key in have:
                    continue
                have.add(key)
                row = m.LearnedRow(
                    spun=r.spun,
                    original=r.original,
                    category=r.category,
                    context=r.context,
                    prior=r.prior,
                    explanation=r.explanation,
                    article_id=article_id,
                    learned_from=learned_from,
                )
                s.add(row)
                s.flush()
                added.append(self._learned_record(row))
        return added

    @staticmethod
    def _learned_record(r: m.LearnedRow) -> LearnedRecord:
        row = Row(r.spun, r.original, r.category, r.context, r.prior, f"user:{r.id}", r.explanation)
        return LearnedRecord(r.id, row, r.article_id, r.learned_from, _aware(r.added_at))

    # -- families --------------------------------------------------------------------
    def family(self, article_id: int) -> list[int]:
        """Ids of the other articles found to be spins of the same source, oldest first."""
        from reader.store import families

        with self._store.read() as s:
            self._get(s, article_id)
            return families.members(s, article_id)

    def recorrect_family(self, article_id: int, options: Options | None = None) -> list[int]:
        """Correct the article's other copies again, now with it as evidence; returns their ids.

        Copies the user has made decisions on keep their run (their decisions refer to its edits).
        """
        redone = []
        for other in self.family(article_id):
            run = self.latest_run(other)
            if run is not None and self.decisions(run.id):
                continue
            self.correct(other, options)
            redone.append(other)
        return redone

    def families(self) -> list[list[int]]:
        """Every family of two or more articles (ids, oldest first), oldest family first."""
        from reader.store import families

        with self._store.read() as s:
            return families.all_families(s)

    def scan_families(self) -> int:
        """Fingerprint the articles that have none (imported before families existed); returns how many."""
        from reader.store import families

        with self._store.read() as s:
            todo = families.unfingerprinted(s)
        for article_id in todo:
            with self._store.write() as s:
                families.assign(s, article_id, self._get(s, article_id).text)
        return len(todo)

    def sibling_texts(self, article_id: int) -> list[str]:
        """The texts of the article's other copies the engine reads as evidence (at most MAX_SIBLINGS)."""
        return [self.article(i).text for i in self.family(article_id)[:MAX_SIBLINGS]]

    def ungroup(self, article_id: int) -> None:
        """Undo the grouping: the article stands alone (its family keeps the others)."""
        from reader.store import families

        with self._store.write() as s:
            self._get(s, article_id)
            families.ungroup(s, article_id)

    def store_run(self, article_id: int, correction: Correction) -> RunRecord:
        """Store a run; the article's shown title becomes the corrected title (the spun one stays as metadata).

        A large run goes out in chunks, each its own short transaction (store/chunks.py).
        """
        with self._store.read() as s:
            a = s.get(m.Article, article_id)
            if a is None:
                raise StoreError(f"article {article_id}", "no such article in the library")
            stored_hash = a.content_hash
            meta = dict(a.meta or {})
            spun_title = meta.get("spun_title", a.title)
            new_title = None if meta.get("title_edited") else corrected_title(spun_title, correction)
        if content_hash(correction.text) != stored_hash:
            raise StoreError(f"article {article_id}", "this correction was computed for another text")
        edits = correction.edits
        batch = chunks.write_chunks(self._store, edits) if len(edits) > chunks.CHUNK_EDITS else None
        try:
            with self._store.write() as s:
                a = s.get(m.Article, article_id)
                if a is None:
                    raise StoreError(f"article {article_id}", "no such article in the library")
                if new_title and not (a.meta or {}).get("title_edited"):
                    a.meta = {**(a.meta or {}), "spun_title": spun_title}
                    a.title = new_title
                run = m.CorrectionRun(
                    article_id=article_id,
                    engine_version=correction.engine_version,
                    lexicon_version=correction.lexicon_version,
                    spin_score=float(correction.spin_score),
                    min_confidence=float(correction.min_confidence),
                    edit_count=len(edits),
                    edits=[] if batch else [e.to_dict() for e in edits],
                    edits_batch=batch,
                )
                s.add(run)
                s.flush()
                run_id, created = run.id, run.created_at
        except BaseException:
            if batch:
                chunks.discard(self._store, batch)
            raise
        return RunRecord(run_id, article_id, correction, _aware(created))

    def latest_run(self, article_id: int) -> RunRecord | None:
        with self._store.read() as s:
            a = self._get(s, article_id)
            run = s.scalar(
                select(m.CorrectionRun)
                .where(m.CorrectionRun.article_id == article_id)
                .order_by(m.CorrectionRun.id.desc())
                .limit(1)
            )
            return self._run_record(s, run, a.text) if run is not None else None

    def run(self, run_id: int) -> RunRecord:
        with self._store.read() as s:
            run = self._get_run(s, run_id)
            return self._run_record(s, run, run.article.text)

    def delete_run(self, run_id: int) -> None:
        """Remove one run and its decisions (undoing Correct Again makes the run before it the latest)."""
        with self._store.write() as s:
            self._get_run(s, run_id)
            s.execute(delete(m.CorrectionRun).where(m.CorrectionRun.id == run_id))

    # -- correcting again, keeping decisions --------------------------------------------
    def plan_recorrect(
        self,
        article_id: int,
        options: Options | None = None,
        model: ModelConfig | None = None,
        assume_spun: bool | None = None,
    ) -> Recorrection:
        """Run the engine (and model) again and carry the latest run's decisions over; nothing stored yet (slow).

        `assume_spun` True corrects the article as spun whatever its signatures say (the user knows it
        is), False lets the engine judge again, None keeps what the article was last corrected with.
        """
        record = self.article(article_id)
        previous = self.latest_run(article_id)
        evidence = self.correction_evidence(article_id)
        options = self._options(record, options, assume_spun)
        correction, _report = correct_text(
            record.text, options, model, self.model_cache() if model else None, evidence=evidence
        )
        if previous is None:
            return Recorrection(article_id, correction, None, Carried({}, []), options.assume_spun)
        carried = carry_decisions(previous.correction, self.decisions(previous.id), correction)
        return Recorrection(article_id, correction, previous, carried, options.assume_spun)

    def set_assume_spun(self, article_id: int, on: bool) -> None:
        """Keep (or drop) 'the user says this article is spun' with the article, for its later corrections."""
        with self._store.write() as s:
            a = self._get(s, article_id)
            meta = dict(a.meta or {})
            if on:
                meta[META_ASSUME_SPUN] = True
            else:
                meta.pop(META_ASSUME_SPUN, None)
            a.meta = meta

    def commit_recorrect(self, plan: Recorrection) -> RunRecord:
        """Store the planned run and its carried decisions; it becomes the article's latest run."""
        self.set_assume_spun(plan.article_id, plan.assume_spun)
        run = self.store_run(plan.article_id, plan.correction)
        if plan.carried.decisions:
            try:
                self.decide_many(run.id, plan.carried.decisions)
            except BaseException:
                self.delete_run(run.id)
                raise
        return run

    # -- review ----------------------------------------------------------------------
    def decisions(self, run_id: int) -> dict[int, Decision]:
        with self._store.read() as s:
            self._get_run(s, run_id)
            rows = s.scalars(select(m.Decision).where(m.Decision.run_id == run_id)).all()
            return {r.edit_index: Decision(Status(r.status), r.value) for r in rows}

    def decide(self, run_id: int, edit_index: int, decision: Decision | None) -> None:
        """Record one decision at once; None (or PENDING) goes back to the engine's choice."""
        self.decide_many(run_id, {edit_index: decision})

    def decide_many(self, run_id: int, decisions: Mapping[int, Decision | None]) -> None:
        """Record several decisions in one transaction (accept all, or its undo).

        Statement-at-a-time through SQLite's executemany: 100,000 decisions take a fraction of a
        second of the write lock (object by object through the ORM they held it for 11 s).
        """
        with self._store.write() as s:
            run = self._get_run(s, run_id)
            for index in decisions:
                if not 0 <= index < run.edit_count:
                    raise StoreError(f"run {run_id}", f"no edit {index} (the run has {run.edit_count} edits)")
            now = m.utcnow()
            drop = [{"i": i} for i, d in decisions.items() if d is None or d.status is Status.PENDING]
            keep = [
                {"run_id": run_id, "edit_index": i, "status": Status(d.status).value, "value": d.value, "at": now}
                for i, d in decisions.items()
                if d is not None and d.status is not Status.PENDING
            ]
            conn = s.connection()
            if drop:
                conn.execute(_DELETE_DECISION, [{**row, "run_id": run_id} for row in drop])
            if keep:
                conn.execute(_UPSERT_DECISION, keep)

    # -- export ----------------------------------------------------------------------
    def export(
        self, article_id: int, path: str | Path, fmt: str, *, force: bool = False, keep_spam: bool = False
    ) -> Path:
        """Write a cleaned copy (txt|md|html) or review report (report-html|report-json) and record it.

        Uses the latest run and its decisions; an article never corrected is corrected first.
        Injected spam the engine flagged is left out of the cleaned copy unless `keep_spam`
        (or the user rejected that removal).
        """
        from reader import exporters

        if fmt not in exporters.FORMATS:
            raise ExportFailed(path, f"unknown format {fmt!r} (choose {', '.join(exporters.FORMATS)})")
        record = self.article(article_id)
        run = self.latest_run(article_id)
        if run is None and self.read_only_reason:  # nothing can be stored: correct for this export only
            correction, decisions = correct_text(record.text)[0], {}
        else:
            run = run or self.correct(article_id)
            correction, decisions = run.correction, self.decisions(run.id)
        written = exporters.write(
            path,
            fmt,
            correction,
            decisions,
            title=record.title,
            source_path=record.source_path,
            force=force,
            keep_spam=keep_spam,
        )
        if not self.read_only_reason:  # a read-only library still exports; it just cannot record it
            with self._store.write() as s:
                s.add(m.Export(article_id=article_id, path=str(written), format=fmt))
        return written

    def exports(self, article_id: int) -> list[ExportRecord]:
        with self._store.read() as s:
            rows = s.scalars(select(m.Export).where(m.Export.article_id == article_id).order_by(m.Export.id)).all()
            return [ExportRecord(r.id, r.article_id, r.path, r.format, _aware(r.exported_at)) for r in rows]

    # -- helpers ---------------------------------------------------------------------
    def _get(self, s: Any, article_id: int) -> m.Article:
        a = s.get(m.Article, article_id)
        if a is None:
            raise StoreError(f"article {article_id}", "no such article in the library")
        return a

    def _get_run(self, s: Any, run_id: int) -> m.CorrectionRun:
        run = s.get(m.CorrectionRun, run_id)
        if run is None:
            raise StoreError(f"run {run_id}", "no such correction run in the library")
        return run

    @staticmethod
    def _run_record(s: Any, run: m.CorrectionRun, article_text: str) -> RunRecord:
        """The run as a Correction; a chunked run's edits are decoded a chunk at a time, never as one string."""
        dicts = chunks.read_chunks(s, run.edits_batch) if run.edits_batch else run.edits
        correction = Correction(
            text=article_text,
            edits=tuple(Edit.from_dict(d) for d in dicts),
            spin_score=float(run.spin_score),
            engine_version=run.engine_version or "",
            lexicon_version=run.lexicon_version or "",
            min_confidence=float(run.min_confidence),
        )
        return RunRecord(run.id, run.article_id, correction, _aware(run.created_at))

    @staticmethod
    def _summaries(s: Any, ids: list[int] | None) -> list[ArticleSummary]:
        """Summaries with the latest run's score, without loading texts or edits."""
        latest = (
            select(func.max(m.CorrectionRun.id))
            .where(m.CorrectionRun.article_id == m.Article.id)
            .correlate(m.Article)
            .scalar_subquery()
        )
        q = select(
            m.Article.id,
            m.Article.title,
            m.Article.source_path,
            m.Article.format,
            m.Article.imported_at,
            m.CorrectionRun.spin_score,
            m.CorrectionRun.edit_count,
        ).outerjoin(m.CorrectionRun, m.CorrectionRun.id == latest)
        if ids is not None:
            if not ids:
                return []
            q = q.where(m.Article.id.in_(ids))
        from reader.store import families

        copies = families.sizes(s, ids)
        return [_summary(r, copies) for r in s.execute(q)]


class ModelAnswerCache:
    """engine.local_model.AnswerCache over the library's model_answers table."""

    def __init__(self, store: Store) -> None:
        self._store = store

    def get(self, key: str) -> str | None:
        with self._store.read() as s:
            row = s.get(m.ModelAnswer, key)
            return row.answer if row is not None else None

    def put(self, key: str, model: str, answer: str) -> None:
        with self._store.write() as s:
            s.merge(m.ModelAnswer(key=key, model=model, answer=answer, created_at=m.utcnow()))


def _summary(r: Any, copies: Mapping[int, int], snippet: str | None = None) -> ArticleSummary:
    """An ArticleSummary from a listing or search row (id, title, source_path, format, imported_at, ...)."""
    return ArticleSummary(
        r.id,
        r.title,
        r.source_path,
        r.format,
        _aware(r.imported_at),
        r.spin_score,
        r.edit_count,
        copies.get(r.id, 1),
        snippet,
    )


def correct_text(
    text_: str,
    options: Options | None = None,
    model: ModelConfig | None = None,
    cache: Any = None,
    model_progress: Callable[[int, int], None] | None = None,
    evidence: Mapping[str, Any] | None = None,
) -> tuple[Correction, ModelReport | None]:
    """The engine's correction, refined by the local model when one is configured.

    Without a model no socket is opened. With one, a server that fails leaves the engine's
    result and the report says why (report.error). `model_progress` gets (paragraphs done,
    paragraphs) while the model works; options.progress stays the engine's. `evidence` holds
    reader.engine.correct's keyword arguments besides the text (Library.correction_evidence).
    """
    from reader.engine import correct

    options = options or Options()
    correction = correct(text_, options, **(evidence or {}))
    if model is None:
        return correction, None
    from reader.engine.local_model import refine

    return refine(text_, correction, model, cache, replace(options, progress=model_progress))


def fts_query(query: str) -> str:
    """User text -> an FTS5 query: every word quoted, matched as a prefix, all required."""
    import re

    words = re.findall(r"\w+", query)
    return " ".join(f'"{w}"*' for w in words)
