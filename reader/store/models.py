"""The library's tables as SQLAlchemy 2 typed models.

The schema itself is created by the Alembic migrations in reader/store/migrations; a test
checks that these models and the migrations agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    """Naive UTC, as SQLite stores it; services attach the zone on the way out."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    source_path: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    imported_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    text: Mapped[str] = mapped_column(Text)
    # `metadata` is taken by the declarative base, hence the attribute name.
    meta: Mapped[dict[str, Any]] = mapped_column("metadata", JSON, default=dict)

    runs: Mapped[list[CorrectionRun]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )
    exports: Mapped[list[Export]] = relationship(
        back_populates="article", cascade="all, delete-orphan", passive_deletes=True
    )


class CorrectionRun(Base):
    __tablename__ = "correction_runs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    engine_version: Mapped[str] = mapped_column(String(32))
    lexicon_version: Mapped[str] = mapped_column(String(64))
    spin_score: Mapped[float] = mapped_column(Float)
    min_confidence: Mapped[float] = mapped_column(Float)
    edit_count: Mapped[int] = mapped_column(Integer)
    # Deferred: a decision needs only the run's id and edit count, not megabytes of edits.
    edits: Mapped[list[dict[str, Any]]] = mapped_column(JSON, deferred=True)  # Edit.to_dict() per edit, in order
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the edits live in run_edit_chunks (a large run); `edits` is then empty.
    edits_batch: Mapped[str | None] = mapped_column(String(32), nullable=True)

    article: Mapped[Article] = relationship(back_populates="runs")
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="run", cascade="all, delete-orphan", passive_deletes=True
    )


class RunEditChunk(Base):
    """A slice of a large run's edits (JSON list), written in its own short transaction (see store/chunks.py)."""

    __tablename__ = "run_edit_chunks"
    __table_args__ = (UniqueConstraint("batch", "seq", name="uq_run_edit_chunks_batch_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    batch: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(Integer)
    edits: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Decision(Base):
    """The user's decision on one edit of one run; absent means pending (the engine's choice)."""

    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("run_id", "edit_index", name="uq_decisions_run_edit"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("correction_runs.id", ondelete="CASCADE"))
    edit_index: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))  # accepted | rejected | alternative
    value: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)

    run: Mapped[CorrectionRun] = relationship(back_populates="decisions")


class Export(Base):
    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    exported_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="exports")


class ModelAnswer(Base):
    """A local model's answer for one paragraph (key: sha256 of prompt, model and text; see engine.local_model)."""

    __tablename__ = "model_answers"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ArticleFamily(Base):
    """An article's near-duplicate fingerprint and the family (other spins of one source) it was put in.

    family_id is the id of the family's first article; None when the article stands alone
    (no match on import, or the user undid the grouping).
    """

    __tablename__ = "article_families"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    family_id: Mapped[int | None] = mapped_column(Integer, index=True)
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)  # MinHash values, uint32 little-endian


class FamilyBand(Base):
    """One LSH band key of an article's signature: articles sharing a key are candidate copies."""

    __tablename__ = "family_bands"
    __table_args__ = {"sqlite_with_rowid": False}  # the key is the lookup: one B-tree, not two

    key: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, index=True)


class ArticleSource(Base):
    """The original an article was spun from, when the user has it (one per article)."""

    __tablename__ = "article_sources"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    attached_at: Mapped[datetime] = mapped_column(default=utcnow)


class LearnedRow(Base):
    """One row of the user's own lexicon (resources/lexicon TSV columns), learned from a source or imported."""

    __tablename__ = "learned_rows"
    __table_args__ = (UniqueConstraint("spun", "original", "context", name="uq_learned_rows_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spun: Mapped[str] = mapped_column(Text)
    original: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(16))
    context: Mapped[str] = mapped_column(Text)
    prior: Mapped[float] = mapped_column(Float)
    explanation: Mapped[str] = mapped_column(Text)
    # Where it was learned: the article (None once removed, or for imported rows) and its title then.
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    learned_from: Mapped[str] = mapped_column(Text)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdHighWater(Base):
    """The largest id ever removed per table (a trigger keeps it), so ids are never handed out twice."""

    __tablename__ = "id_high_water"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
