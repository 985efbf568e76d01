"""The corpus store: every report kept, matched to its body, checked across years, exported.

`open_store(url)` connects (SQLite by default, PostgreSQL by URL) and brings the schema up to
date with the Alembic migrations shipped in the package. The store never imports web/.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect

from xxgk import errors

DEFAULT_PATH = Path.home() / ".local" / "share" / "xxgk" / "store.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def default_url() -> str:
    """XXGK_DB (a URL, or a path to an SQLite file), else ~/.local/share/xxgk/store.db."""
    env = os.environ.get("XXGK_DB", "").strip()
    if env:
        return env if "://" in env else f"sqlite:///{Path(env).expanduser().resolve()}"
    return f"sqlite:///{DEFAULT_PATH}"


@dataclass
class Store:
    engine: Engine
    url: str

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def open_store(url: str | None = None, migrate: bool = True) -> Store:
    url = url or default_url()
    if "://" not in url:
        url = f"sqlite:///{Path(url).expanduser().resolve()}"
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///") :]).parent.mkdir(parents=True, exist_ok=True)
    try:
        # the web server reads from several threads; SQLite connections may cross them
        connect_args = {"check_same_thread": False} if url.startswith("sqlite") else {}
        engine = create_engine(url, connect_args=connect_args)
    except Exception as exc:  # a bad URL or a missing driver: say which
        raise errors.XxgkError(errors.STORE_UNAVAILABLE, f"无法连接数据库 {url}：{exc}") from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    store = Store(engine, url)
    if migrate:
        upgrade(store)
    return store


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")  # a reader never blocks the ingest that writes
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def upgrade(store: Store, revision: str = "head") -> None:
    """Run the migrations up to `revision` (every earlier schema upgrades in place)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with store.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except Exception as exc:
        raise errors.XxgkError(
            errors.STORE_UNAVAILABLE, f"无法打开或升级数据库 {store.url}：{type(exc).__name__}: {exc}"
        ) from exc


def tables(store: Store) -> set[str]:
    return set(inspect(store.engine).get_table_names())
