"""practice hints (issue 21): a trainee may opt in to sparse hints; each hint is kept with the reply it follows

Revision ID: 0015
Revises: 0014

``practice_session.hints``: the trainee asked for hints in this call (never in an exam). ``turn.hint``: the
hint shown right after this reply (its kind, message key, the training material's words and their source),
so the transcript, the debrief and the trainer see exactly what the trainee saw.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hints", sa.Boolean(), nullable=False, server_default="0"))
    with op.batch_alter_table("turn", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hint", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("turn", schema=None) as batch_op:
        batch_op.drop_column("hint")
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_column("hints")
