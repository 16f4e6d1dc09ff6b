"""practice branches (issue 21): a call continued from just before one of the trainee's lines of an ended call

Revision ID: 0016
Revises: 0015

``practice_session.branch_of``: the session a branch was taken from; ``branch_turn``: the transcript index of
the trainee's line it replaces (the turns before it are the original's, replayed under the same seed).
Branches are graded and compared with the original, and never count towards certification.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("branch_of", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("branch_turn", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_column("branch_turn")
        batch_op.drop_column("branch_of")
