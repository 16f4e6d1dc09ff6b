"""certification: programmes, cohorts and their members, certificates, HR transcript grants;
seeds the two default programmes (新人上岗认证 L1, 进阶认证 L2)

Revision ID: 0004
Revises: 0003

The seeded requirements are frozen here on purpose (a migration must not change meaning when the
code moves on); ``tests/unit/certification/test_default_programmes.py`` checks that they still
validate and that every requirement matches scenarios of the catalog.
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ARCHETYPES = (
    ("provocative", "挑衅型"), ("evasive", "推托型"), ("victim", "受害者型"), ("confident", "自信型"),
    ("stubborn", "顽固型"), ("sophisticated", "老练型"), ("promiser", "保证还款型"),
)
SITUATIONS = (
    ("broken-promises", "屡次爽约"), ("complaint-unwilling", "因投诉不愿还款"), ("deceased-relative", "家属称本人已故"),
    ("no-ability-short", "短期无力还款"), ("no-ability-long", "长期无力还款"), ("third-party-answers", "第三方接听"),
)


def _requirement(rid: str, label: str, *, min_overall: int, window: int, **target) -> dict:
    return {"id": rid, "label": label, "archetype": None, "scenario": None, "difficulty": None, "stage": None,
            **target, "min_overall": min_overall, "min_dimensions": {}, "min_attempts": 1, "no_critical": True,
            "window_days": window}


def default_programmes() -> list[dict]:
    l1 = [_requirement(f"{a}-m1", f"{zh} · M1", archetype=a, stage="M1", difficulty=1, min_overall=70, window=30)
          for a, zh in ARCHETYPES]
    l2 = [_requirement(f"{a}-m3", f"{zh} · M3", archetype=a, stage="M3", difficulty=2, min_overall=80, window=60)
          for a, zh in ARCHETYPES]
    l2 += [_requirement(sid, f"特殊情形 · {zh}", scenario=sid, min_overall=80, window=60) for sid, zh in SITUATIONS]
    now = datetime.now(UTC)
    common = {"rubric": "default", "active": True, "version": 1, "updated_by": None, "created_at": now,
              "updated_at": now}
    return [
        {**common, "name": "新人上岗认证 L1", "validity_days": 180, "requirements": l1,
         "description": "七类客户在 M1 阶段(难度1)各通过一次:总分不低于70分、没有红线违规,均在最近30天内完成。"},
        {**common, "name": "进阶认证 L2", "validity_days": 365, "requirements": l2,
         "description": "七类客户在 M3 阶段(难度2)各拿到80分以上,并通过五类特殊情形(无力还款分短期、长期两个场景),"
                        "不得有红线违规,均在最近60天内完成。"},
    ]


def upgrade() -> None:
    op.create_table("programme",
    sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
    sa.Column("rubric", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("validity_days", sa.Integer(), nullable=True),
    sa.Column("active", sa.Boolean(), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("requirements", sa.JSON(), nullable=False),
    sa.Column("updated_by", sa.Integer(), nullable=True),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["updated_by"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_programme_name"), ["name"], unique=True)

    op.create_table("transcript_grant",
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("granted_by", sa.Integer(), nullable=True),
    sa.Column("granted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["granted_by"], ["user.id"], ),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("user_id")
    )
    op.create_table("certificate",
    sa.Column("code", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("programme_id", sa.Integer(), nullable=False),
    sa.Column("programme_version", sa.Integer(), nullable=False),
    sa.Column("programme_name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("issued_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column("expires_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column("revoked_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column("revoke_reason", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("revoked_by", sa.Integer(), nullable=True),
    sa.Column("evidence", sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ),
    sa.ForeignKeyConstraint(["revoked_by"], ["user.id"], ),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificate_code"), ["code"], unique=True)
        batch_op.create_index(batch_op.f("ix_certificate_programme_id"), ["programme_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_certificate_user_id"), ["user_id"], unique=False)

    op.create_table("cohort",
    sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column("description", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
    sa.Column("programme_id", sa.Integer(), nullable=True),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["programme_id"], ["programme.id"], ),
    sa.PrimaryKeyConstraint("id")
    )
    with op.batch_alter_table("cohort", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_name"), ["name"], unique=True)

    op.create_table("cohort_member",
    sa.Column("user_id", sa.Integer(), nullable=False),
    sa.Column("role", sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column("id", sa.Integer(), nullable=False),
    sa.Column("cohort_id", sa.Integer(), nullable=False),
    sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(["cohort_id"], ["cohort.id"], ),
    sa.ForeignKeyConstraint(["user_id"], ["user.id"], ),
    sa.PrimaryKeyConstraint("id"),
    sa.UniqueConstraint("cohort_id", "user_id", name="uq_cohort_member")
    )
    with op.batch_alter_table("cohort_member", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cohort_member_cohort_id"), ["cohort_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_cohort_member_user_id"), ["user_id"], unique=False)

    programme = sa.table(
        "programme",
        sa.column("name", sa.String), sa.column("description", sa.String), sa.column("rubric", sa.String),
        sa.column("validity_days", sa.Integer), sa.column("active", sa.Boolean), sa.column("version", sa.Integer),
        sa.column("requirements", sa.JSON), sa.column("updated_by", sa.Integer),
        sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime), sa.column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime),
    )
    op.bulk_insert(programme, default_programmes())


def downgrade() -> None:
    with op.batch_alter_table("cohort_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_member_user_id"))
        batch_op.drop_index(batch_op.f("ix_cohort_member_cohort_id"))

    op.drop_table("cohort_member")
    with op.batch_alter_table("cohort", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cohort_name"))

    op.drop_table("cohort")
    with op.batch_alter_table("certificate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificate_user_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_programme_id"))
        batch_op.drop_index(batch_op.f("ix_certificate_code"))

    op.drop_table("certificate")
    op.drop_table("transcript_grant")
    with op.batch_alter_table("programme", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_name"))

    op.drop_table("programme")
