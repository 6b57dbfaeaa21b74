"""Families: near-duplicate fingerprints (MinHash) and LSH band keys, and each article's family.

Revision ID: 0002_families
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_families"
down_revision = "0001"
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


def downgrade() -> None:
    op.drop_index("ix_family_bands_article_id", "family_bands")
    op.drop_table("family_bands")
    op.drop_index("ix_article_families_family_id", "article_families")
    op.drop_table("article_families")
