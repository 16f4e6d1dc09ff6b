"""exams (issue 21): an exam assigned to a cohort, extra attempts HR grants, and which sessions are exam attempts

Revision ID: 0018
Revises: 0017

``exam``: a name, the cohort it is assigned to, the pool of scenarios one is drawn from, the time limit per
call. ``exam_grant``: one more attempt for one trainee. ``practice_session.exam_id`` / ``deadline``: the exam a
session is an attempt at and when its time is up.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("cohort_id", sa.Integer(), nullable=False),
        sa.Column("pool", sa.JSON(), nullable=False),
        sa.Column("time_limit_minutes", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("exam", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_cohort_id"), ["cohort_id"], unique=False)
    op.create_table(
        "exam_grant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exam_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("granted_by", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["exam_id"], ["exam.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.ForeignKeyConstraint(["granted_by"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("exam_grant", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_grant_exam_id"), ["exam_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_exam_grant_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("exam_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("deadline", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f("ix_practice_session_exam_id"), ["exam_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_session_exam_id"))
        batch_op.drop_column("deadline")
        batch_op.drop_column("exam_id")
    with op.batch_alter_table("exam_grant", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_grant_user_id"))
        batch_op.drop_index(batch_op.f("ix_exam_grant_exam_id"))
    op.drop_table("exam_grant")
    with op.batch_alter_table("exam", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_cohort_id"))
    op.drop_table("exam")
