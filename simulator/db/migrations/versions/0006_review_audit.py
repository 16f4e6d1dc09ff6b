"""trainer review and audit (issue 5): comments on turns, grade overrides (the grade row is kept), audit log

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("audit_log",
    sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=48), nullable=False),
    sa.Column("object_type", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("actor_id", sa.Integer(), nullable=True),
    sa.Column("before", sa.JSON(), nullable=True),
    sa.Column("after", sa.JSON(), nullable=True),
    sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["actor_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_action"), ["action"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)

    op.create_table("turn_comment",
    sa.Column("turn", sa.Integer(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("session_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("text", sa.Text(), nullable=False),
    sa.Column("author_id", sa.Integer(), nullable=False),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["author_id"], ["user.id"], ),
    sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("turn_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_turn_comment_session_id"), ["session_id"], unique=False)

    op.create_table("grade_override",
    sa.Column("overall", sa.Integer(), nullable=False),
    sa.Column("passed", sa.Boolean(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("session_id", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("grade_id", sa.Integer(), nullable=False),
    sa.Column("reason", sa.Text(), nullable=False),
    sa.Column("created_by", sa.Integer(), nullable=False),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["created_by"], ["user.id"], ),
    sa.ForeignKeyConstraint(["grade_id"], ["grade.id"], ),
    sa.ForeignKeyConstraint(["session_id"], ["practice_session.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("grade_override", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_grade_override_grade_id"), ["grade_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_grade_override_session_id"), ["session_id"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("grade_override", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_grade_override_session_id"))
        batch_op.drop_index(batch_op.f("ix_grade_override_grade_id"))

    op.drop_table("grade_override")
    with op.batch_alter_table("turn_comment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_turn_comment_session_id"))

    op.drop_table("turn_comment")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
        batch_op.drop_index(batch_op.f("ix_audit_log_actor_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_action"))

    op.drop_table("audit_log")
