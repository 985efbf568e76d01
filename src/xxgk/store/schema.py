"""The store's tables (SQLAlchemy Core), the same for SQLite and PostgreSQL.

A file is kept once, by content hash. Each reading of it by an xxgk version is an
`extraction` (a report or an error record), so re-reading with a newer xxgk adds a version and
keeps the old one. What people add — corrections to cells, reviews of findings, the body a
report belongs to — is keyed by the file's hash, not by an extraction, so it survives re-ingest.
The Alembic migrations in `migrations/versions` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

files = Table(
    "files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("media_type", String(100)),
    Column("name", Text, nullable=False),  # the file name it first arrived with
    Column("data", LargeBinary, nullable=False),
    Column("stored_at", String(32), nullable=False),
)

# every path a file arrived under (the same bytes under two names is a duplicate)
paths = Table(
    "paths",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("path", Text, primary_key=True),
    Column("seen_at", String(32), nullable=False),
)

bodies = Table(
    "bodies",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", Text, nullable=False),
    Column("name_key", Text, nullable=False, index=True),
    Column("level", String(20), nullable=False),
    Column("parent_id", Integer, ForeignKey("bodies.id")),
    Column("credit_code", String(18), unique=True),
    UniqueConstraint("name", "parent_id", name="uq_bodies_name_parent"),
)

aliases = Table(
    "body_aliases",
    metadata,
    Column("body_id", Integer, ForeignKey("bodies.id", ondelete="CASCADE"), primary_key=True),
    Column("alias", Text, primary_key=True),
    Column("alias_key", Text, nullable=False, index=True),
)

extractions = Table(
    "extractions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False),
    Column("version", String(40), nullable=False),  # the xxgk version that read it
    Column("current", Boolean, nullable=False),
    Column("path", Text, nullable=False),
    Column("extracted_at", String(32), nullable=False),
    Column("kind", String(10), nullable=False),  # "report" | "error"
    Column("error_code", String(40)),
    Column("error_message", Text),
    Column("agency", Text),  # as printed
    Column("agency_key", Text, index=True),
    Column("year", Integer, index=True),
    Column("format_version", String(10)),
    Column("published", String(10)),
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("body_id", Integer, ForeignKey("bodies.id")),
    Column("match", String(10)),  # "name" | "alias" | "assigned" | "ambiguous" | "unmatched"
    Column("match_reason", Text),
    Column("report_json", Text),
    Column("sections_json", Text),  # [{number, heading, text}] for the copied-text checks
    UniqueConstraint("sha256", "version", name="uq_extractions_sha_version"),
)
Index("ix_extractions_current", extractions.c.sha256, extractions.c.current)

cells = Table(
    "cells",
    metadata,
    Column("extraction_id", Integer, ForeignKey("extractions.id", ondelete="CASCADE"), primary_key=True),
    Column("tbl", String(8), primary_key=True),
    Column("row_key", String(48), primary_key=True),
    Column("column_key", String(32), primary_key=True),
    Column("value", Double),
    Column("status", String(12), nullable=False),
    Column("raw", Text, nullable=False),
    Column("where_json", Text, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("extraction_id", Integer, ForeignKey("extractions.id", ondelete="CASCADE"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("code", String(48), nullable=False, index=True),
    Column("severity", String(8), nullable=False),
    Column("message", Text, nullable=False),
    Column("cells_json", Text, nullable=False),
    Column("where_json", Text, nullable=False),
    Column("fault", String(12)),
    Column("fingerprint", String(64), nullable=False),  # code + cells: the same finding across versions
)

# what people add, keyed by the file so that it outlives every extraction
assignments = Table(
    "assignments",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("body_id", Integer, ForeignKey("bodies.id"), nullable=False),
    Column("who", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

corrections = Table(
    "corrections",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("cell", String(100), primary_key=True),  # table.row.column
    Column("value", Double),
    Column("comment", Text, nullable=False, default=""),
    Column("who", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

reviews = Table(
    "reviews",
    metadata,
    Column("sha256", String(64), ForeignKey("files.sha256"), primary_key=True),
    Column("fingerprint", String(64), primary_key=True),
    Column("state", String(10), nullable=False),  # "confirmed" | "dismissed"
    Column("comment", Text, nullable=False, default=""),
    Column("who", Text, nullable=False),
    Column("at", String(32), nullable=False),
)

# accounts of the web workspace (migration 0002)
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(12), nullable=False),  # "admin" | "supervisor" | "clerk"
    Column("body_id", Integer, ForeignKey("bodies.id")),  # a supervisor's region or a clerk's body
    Column("created_at", String(32), nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False),
    Column(
        "token_hash", String(64), nullable=False, unique=True
    ),  # sha256 of the token; the token is shown once
    Column("created_at", String(32), nullable=False),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("job", String(32), nullable=False, index=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False),
    Column("filename", Text, nullable=False),
    Column("sha256", String(64)),
    Column("state", String(10), nullable=False),  # "queued" | "done" | "error"
    Column("message", Text, nullable=False, default=""),
    Column("at", String(32), nullable=False),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)
