"""must_change_password (issue 20): a generated or reset password is changed at the first login

Revision ID: 0014
Revises: 0013

Accounts made in the browser (and the first-run demo accounts) get a generated password shown once; an
admin's reset does the same. Until its owner picks their own, every page leads to the password form.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                      server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
