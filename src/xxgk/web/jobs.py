"""Uploads: files checked at the door, then read in the background with live progress.

At the door each file must be within the readers' size limit (XXGK_MAX_BYTES) and of a kind
xxgk reads (sniffed from the bytes, as `xxgk.readers` does); a request holds at most
MAX_FILES files. Accepted files are ingested by a background thread through a pool of worker
processes (spawned, so that the server's threads are never forked), where the per-file time
and memory limits apply exactly as in `xxgk ingest`. A clerk's uploads are assigned to the
clerk's own body.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import re
import secrets
import shutil
import tempfile
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from xxgk import errors, limits
from xxgk.readers import admit, max_file_bytes
from xxgk.store import Store, now
from xxgk.store.accounts import Principal
from xxgk.store.bodies import assign
from xxgk.store.ingest import ingest
from xxgk.store.schema import extractions, uploads

MAX_FILES = 200
WORKERS = 2
_SAFE = re.compile(r"[^\w.\-\u3400-\u9fff（）()]+")


@dataclass
class Progress:
    total: int
    done: int = 0
    finished: bool = False


async def read_uploads(files: list[Any]) -> list[tuple[str, bytes]]:
    """(name, bytes) of uploaded files, each read to one byte past the size limit at most."""
    return [(f.filename or "upload", await f.read(max_file_bytes() + 1)) for f in files]


class Jobs:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.progress: dict[str, Progress] = {}
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    max_workers=WORKERS,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=limits.init_worker,
                )
            return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def submit(self, who: Principal, files: list[tuple[str, bytes]], wait: bool = False) -> str:
        if who.read_only:
            raise errors.XxgkError(errors.FORBIDDEN, "只读令牌不能上传文件")
        if not files:
            raise errors.XxgkError(errors.BAD_ARGUMENT, "没有选择文件")
        if len(files) > MAX_FILES:
            raise errors.XxgkError(errors.BAD_ARGUMENT, f"一次最多上传 {MAX_FILES} 个文件")
        for name, data in files:
            admit(data, name)  # the readers' own door: size, empty, kind
        job = secrets.token_hex(8)
        folder = Path(tempfile.mkdtemp(prefix=f"xxgk-upload-{job}-"))
        paths = []
        with self.store.engine.begin() as conn:
            for i, (name, data) in enumerate(files):
                path = folder / f"{i:03d}_{_SAFE.sub('_', Path(name).name)[:120]}"
                path.write_bytes(data)
                paths.append(str(path))
                conn.execute(
                    insert(uploads).values(
                        job=job,
                        user_id=who.user_id,
                        filename=Path(name).name,
                        sha256=hashlib.sha256(data).hexdigest(),
                        state="queued",
                        message="",
                        at=now(),
                    )
                )
        self.progress[job] = Progress(len(paths))
        thread = threading.Thread(target=self._run, args=(job, who, paths, folder), daemon=True)
        thread.start()
        if wait:
            thread.join()
        return job

    def _run(self, job: str, who: Principal, paths: list[str], folder: Path) -> None:
        progress = self.progress[job]

        def step(done: int, total: int) -> None:
            progress.done = done

        try:
            ingest(self.store, paths, pool=self.pool(), progress=step)
            with self.store.engine.begin() as conn:
                rows = conn.execute(select(uploads).where(uploads.c.job == job)).mappings().all()
                for r in rows:
                    ext = conn.execute(
                        select(
                            extractions.c.kind, extractions.c.error_code, extractions.c.error_message
                        ).where(extractions.c.sha256 == r["sha256"], extractions.c.current.is_(True))
                    ).first()
                    if ext is None:
                        state, message = "error", "未能读取"
                    elif ext.kind == "error":
                        state, message = "error", f"{ext.error_message}（{ext.error_code}）"
                    else:
                        state, message = "done", ""
                        if who.role == "clerk" and who.body_id is not None:
                            assign(conn, r["sha256"], str(who.body_id), who.name)
                    conn.execute(
                        update(uploads).where(uploads.c.id == r["id"]).values(state=state, message=message)
                    )
        finally:
            progress.done = progress.total
            progress.finished = True
            shutil.rmtree(folder, ignore_errors=True)

    def status(self, who: Principal, job: str) -> dict[str, Any]:
        """A job's progress and files, for its uploader or an admin only."""
        with self.store.engine.connect() as conn:
            rows = [
                dict(r)
                for r in conn.execute(
                    select(uploads).where(uploads.c.job == job).order_by(uploads.c.id)
                ).mappings()
            ]
        if not rows or (who.role != "admin" and rows[0]["user_id"] != who.user_id):
            raise errors.XxgkError(errors.NOT_FOUND, "找不到这次上传，或您无权查看")
        p = self.progress.get(job)
        finished = p.finished if p else all(r["state"] != "queued" for r in rows)
        return {
            "job": job,
            "total": len(rows),
            "done": p.done if p else len(rows),
            "finished": finished,
            "files": [{k: r[k] for k in ("filename", "sha256", "state", "message")} for r in rows],
        }
