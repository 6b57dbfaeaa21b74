"""Families and sources: near-duplicate fingerprints (MinHash) with LSH band keys and each article's
family; an article's original (when the user has it) and the user's learned lexicon rows.

Revision ID: 0002_families
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_families"
down_revision = "0002_localmodel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_families",
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, nullable=False
        ),
        sa.Column("family_id", sa.Integer, nullable=True),
        sa.Column("signature", sa.LargeBinary, nullable=True),
    )
    op.create_index("ix_article_families_family_id", "article_families", ["family_id"])
    op.create_table(
        "family_bands",
        sa.Column("key", sa.BigInteger, primary_key=True, nullable=False),
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, nullable=False
        ),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_family_bands_article_id", "family_bands", ["article_id"])
    op.create_table(
        "article_sources",
        sa.Column(
            "article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True, nullable=False
        ),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("path", sa.Text, nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("attached_at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "learned_rows",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("spun", sa.Text, nullable=False),
        sa.Column("original", sa.Text, nullable=False),
        sa.Column("category", sa.String(16), nullable=False),
        sa.Column("context", sa.Text, nullable=False),
        sa.Column("prior", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL"), nullable=True),
        sa.Column("learned_from", sa.Text, nullable=False),
        sa.Column("added_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("spun", "original", "context", name="uq_learned_rows_row"),
    )
    op.create_index("ix_learned_rows_article_id", "learned_rows", ["article_id"])


def downgrade() -> None:
    op.drop_index("ix_learned_rows_article_id", "learned_rows")
    op.drop_table("learned_rows")
    op.drop_table("article_sources")
    op.drop_index("ix_family_bands_article_id", "family_bands")
    op.drop_table("family_bands")
    op.drop_index("ix_article_families_family_id", "article_families")
    op.drop_table("article_families")
