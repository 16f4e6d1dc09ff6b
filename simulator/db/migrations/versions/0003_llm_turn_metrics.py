"""llm turn metrics: who voiced each reply, tokens, latency, time to first token, fallback and reason

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turn", schema=None) as batch_op:
        batch_op.add_column(sa.Column("provider", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True))
        batch_op.add_column(sa.Column("model", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=True))
        batch_op.add_column(sa.Column("prompt_tokens", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("completion_tokens", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("tokens_estimated", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("latency_ms", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("ttft_ms", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("fallback", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column("fallback_reason", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("turn", schema=None) as batch_op:
        batch_op.drop_column("fallback_reason")
        batch_op.drop_column("fallback")
        batch_op.drop_column("ttft_ms")
        batch_op.drop_column("latency_ms")
        batch_op.drop_column("tokens_estimated")
        batch_op.drop_column("completion_tokens")
        batch_op.drop_column("prompt_tokens")
        batch_op.drop_column("model")
        batch_op.drop_column("provider")
