"""grades: one row per computed grade of a session (re-grades add rows; the newest is current)

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "grade",
        sa.Column("rubric", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("rule_pack", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("mode", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
        sa.Column("overall", sa.Integer(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=False),
        sa.Column("judge_model", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True),
        sa.Column("judge_prompt_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("grade", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grade_session_id"), ["session_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("grade", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grade_session_id"))
    op.drop_table("grade")
