"""pass-rule governance (issue 18): drafts awaiting approval, programmes pinned to rubric versions

Revision ID: 0013
Revises: 0012

A trainer could publish a rubric with ``min_overall: 0`` and ``fail_on_critical: false`` and turn a failed
red-line call into a pass. A draft that changes pass rules now waits for an HR or admin approval, and a
programme can pin the rubric and rule-pack versions its certificates rely on.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("catalog_draft", schema=None) as batch_op:
        batch_op.add_column(sa.Column("approval_requested_by", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("approval_requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("approval_note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False,
                                      server_default=""))
        batch_op.create_foreign_key("fk_catalog_draft_approval_requested_by_user", "user",
                                    ["approval_requested_by"], ["id"])
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("rubric_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rule_pack_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("rule_pack_version")
        batch_op.drop_column("rubric_version")
    with op.batch_alter_table("catalog_draft", schema=None) as batch_op:
        batch_op.drop_constraint("fk_catalog_draft_approval_requested_by_user", type_="foreignkey")
        batch_op.drop_column("approval_note")
        batch_op.drop_column("approval_requested_at")
        batch_op.drop_column("approval_requested_by")
