"""third-party card version (issue 5): a session pins the third-party role card it plays, like its persona

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("third_party_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_column("third_party_version")
