"""versioned catalog (issue 5): published versions, drafts, scenario cohorts, session catalog versions

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("catalog_version",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("content_hash", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column("source", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column("created_by", sa.Integer(), nullable=True),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["created_by"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("kind", "object_id", "version", name="uq_catalog_version")
    )
    with op.batch_alter_table("catalog_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_catalog_version_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_catalog_version_object_id"), ["object_id"], unique=False)

    op.create_table("catalog_draft",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("body", sa.Text(), nullable=False),
    sa.Column("author_id", sa.Integer(), nullable=False),
    sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["author_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("kind", "object_id", name="uq_catalog_draft")
    )

    op.create_table("scenario_assignment",
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("scenario_id", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("cohort_id", sa.Integer(), nullable=False),
    sa.Column("created_by", sa.Integer(), nullable=True),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ),
    sa.ForeignKeyConstraint(["created_by"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("scenario_id", "cohort_id", name="uq_scenario_assignment")
    )
    with op.batch_alter_table("scenario_assignment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scenario_assignment_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_scenario_assignment_scenario_id"), ["scenario_id"], unique=False)

    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.add_column(sa.Column("persona_version", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("scenario_version", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("practice_session", schema=None) as batch_op:
        batch_op.drop_column("scenario_version")
        batch_op.drop_column("persona_version")

    with op.batch_alter_table("scenario_assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scenario_assignment_scenario_id"))
        batch_op.drop_index(batch_op.f("ix_scenario_assignment_cohort_id"))

    op.drop_table("scenario_assignment")
    op.drop_table("catalog_draft")
    with op.batch_alter_table("catalog_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_version_object_id"))
        batch_op.drop_index(batch_op.f("ix_catalog_version_kind"))

    op.drop_table("catalog_version")
