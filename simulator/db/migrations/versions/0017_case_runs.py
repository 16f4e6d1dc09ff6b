"""multi-call cases (issue 21): a trainee's run through a case, and which run each call belongs to

Revision ID: 0017
Revises: 0016

``case_run``: one trainee working one case (``personas/cases/<case_id>.yaml``) call by call.
``practice_session.case_run_id``: the run a call belongs to; ``case_call``: the scenario fields that call
replaces (day, stage, the case file with the earlier calls' results, the debtor's starting mood). Case calls
never count towards certification.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "case_run",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(length=80), nullable=False),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("case_run", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_case_run_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_run_id", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("case_call", sa.JSON(), nullable=True))
        batch_op.create_index(batch_op.f("ix_practice_session_case_run_id"), ["case_run_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_practice_session_case_run_id"))
        batch_op.drop_column("case_call")
        batch_op.drop_column("case_run_id")
    with op.batch_alter_table("case_run", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_case_run_user_id"))
    op.drop_table("case_run")
