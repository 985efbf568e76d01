"""The store: files, bodies, extractions, cells, findings, what people add

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "bodies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("name_key", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("credit_code", sa.String(length=18), nullable=True),
        sa.ForeignKeyConstraint(
            ["parent_id"],
            ["bodies.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("credit_code"),
        sa.UniqueConstraint("name", "parent_id", name="uq_bodies_name_parent"),
    )
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_bodies_name_key"), ["name_key"], unique=False)

    op.create_table(
        "files",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=True),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "paths",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("seen_at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["files.sha256"],
        ),
        sa.PrimaryKeyConstraint("sha256", "path"),
    )
    op.create_table(
        "assignments",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["bodies.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["files.sha256"],
        ),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "body_aliases",
        sa.Column("body_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.Text(), nullable=False),
        sa.Column("alias_key", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["body_id"], ["bodies.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("body_id", "alias"),
    )
    with op.batch_alter_table("body_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_body_aliases_alias_key"), ["alias_key"], unique=False)

    op.create_table(
        "corrections",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("cell", sa.String(length=100), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["files.sha256"],
        ),
        sa.PrimaryKeyConstraint("sha256", "cell"),
    )
    op.create_table(
        "extractions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("current", sa.Boolean(), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("extracted_at", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("error_code", sa.String(length=40), nullable=True),
        sa.Column("error_message", sa.Text(), nullable=True),
        sa.Column("agency", sa.Text(), nullable=True),
        sa.Column("agency_key", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("format_version", sa.String(length=10), nullable=True),
        sa.Column("published", sa.String(length=10), nullable=True),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("body_id", sa.Integer(), nullable=True),
        sa.Column("match", sa.String(length=10), nullable=True),
        sa.Column("match_reason", sa.Text(), nullable=True),
        sa.Column("report_json", sa.Text(), nullable=True),
        sa.Column("sections_json", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["body_id"],
            ["bodies.id"],
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["files.sha256"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("sha256", "version", name="uq_extractions_sha_version"),
    )
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_extractions_agency_key"), ["agency_key"], unique=False)
        batch_op.create_index("ix_extractions_current", ["sha256", "current"], unique=False)
        batch_op.create_index(batch_op.f("ix_extractions_year"), ["year"], unique=False)

    op.create_table(
        "reviews",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("who", sa.Text(), nullable=False),
        sa.Column("at", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["files.sha256"],
        ),
        sa.PrimaryKeyConstraint("sha256", "fingerprint"),
    )
    op.create_table(
        "cells",
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("tbl", sa.String(length=8), nullable=False),
        sa.Column("row_key", sa.String(length=48), nullable=False),
        sa.Column("column_key", sa.String(length=32), nullable=False),
        sa.Column("value", sa.Double(), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("raw", sa.Text(), nullable=False),
        sa.Column("where_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["extraction_id"], ["extractions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("extraction_id", "tbl", "row_key", "column_key"),
    )
    op.create_table(
        "findings",
        sa.Column("extraction_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=48), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("cells_json", sa.Text(), nullable=False),
        sa.Column("where_json", sa.Text(), nullable=False),
        sa.Column("fault", sa.String(length=12), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["extraction_id"], ["extractions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("extraction_id", "seq"),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_code"), ["code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_code"))

    op.drop_table("findings")
    op.drop_table("cells")
    op.drop_table("reviews")
    with op.batch_alter_table("extractions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_extractions_year"))
        batch_op.drop_index("ix_extractions_current")
        batch_op.drop_index(batch_op.f("ix_extractions_agency_key"))

    op.drop_table("extractions")
    op.drop_table("corrections")
    with op.batch_alter_table("body_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_body_aliases_alias_key"))

    op.drop_table("body_aliases")
    op.drop_table("assignments")
    op.drop_table("paths")
    op.drop_table("files")
    with op.batch_alter_table("bodies", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bodies_name_key"))

    op.drop_table("bodies")
