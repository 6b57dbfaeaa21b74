"""Large correction runs stored in chunks, so no write transaction holds the lock for long.

A run with many edits keeps an empty `edits` list and names its chunks by `edits_batch`;
the chunks are written in short transactions before the run row that makes them visible.

Revision ID: 0002_reliability
Revises: 0002_localmodel
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_reliability"
down_revision = "0002_shipit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "run_edit_chunks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("batch", sa.String(32), nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("edits", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.UniqueConstraint("batch", "seq", name="uq_run_edit_chunks_batch_seq"),
    )
    with op.batch_alter_table("correction_runs") as batch:
        batch.add_column(sa.Column("edits_batch", sa.String(32), nullable=True))
    # A run's chunks go with it, however it is deleted (its article's cascade included).
    op.execute(
        "CREATE TRIGGER correction_runs_chunks_ad AFTER DELETE ON correction_runs "
        "WHEN old.edits_batch IS NOT NULL BEGIN "
        "DELETE FROM run_edit_chunks WHERE batch = old.edits_batch; END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS correction_runs_chunks_ad")
    with op.batch_alter_table("correction_runs") as batch:
        batch.drop_column("edits_batch")
    op.drop_table("run_edit_chunks")
