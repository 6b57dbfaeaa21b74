"""Model answers: a local language model's restoration per paragraph and model, so reopening costs nothing.

Revision ID: 0002_localmodel
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_localmodel"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "model_answers",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("model", sa.Text, nullable=False),
        sa.Column("answer", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("model_answers")
