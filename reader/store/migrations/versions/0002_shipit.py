"""Article ids are never reused: a high-water mark of removed ids, kept by a trigger.

SQLite gives a new row max(id) + 1, so removing the newest article and importing another
handed its id to a different article (scripts holding the old id then acted on the wrong
one). Rebuilding `articles` with AUTOINCREMENT would rewrite the FTS triggers; this additive
table does the same job: services pick max(articles.id, removed high water) + 1.

Revision ID: 0002_shipit
Revises: 0002_families
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_shipit"
down_revision = "0002_families"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "id_high_water",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
    )
    op.execute(
        "CREATE TRIGGER articles_id_high_water AFTER DELETE ON articles BEGIN "
        "INSERT INTO id_high_water(name, value) VALUES ('articles', old.id) "
        "ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS articles_id_high_water")
    op.drop_table("id_high_water")
