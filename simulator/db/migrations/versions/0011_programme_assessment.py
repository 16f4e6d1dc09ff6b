"""programme assessment kind (issue 17): which programmes are GB/T 45251 pre-job or annual assessments

Revision ID: 0011
Revises: 0010

GB/T 45251-2025 asks for training and assessment before a collector starts, then at least once a year.
HR's re-assessment due list needs to know which programmes count as either; existing programmes are
``other``, except the seeded 新人上岗认证 L1, which is the pre-job certification by name and content.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assessment", sa.String(length=16), nullable=False, server_default="other"))
    programme = sa.table("programme", sa.column("name", sa.String), sa.column("assessment", sa.String))
    op.execute(programme.update().where(programme.c.name == "新人上岗认证 L1").values(assessment="pre_job"))


def downgrade() -> None:
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_column("assessment")
