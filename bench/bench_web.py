"""Page and API response times of the workspace over a store of N reports.

    python3 bench/bench_web.py [--n 10000] [--repeat 20]

The store: the seed and corpus reports are ingested once, then each of N generated bodies (a
province, 10 cities, 10 counties each, departments and townships below) gets a copy of one of
those reports as its 2024 report (its own hash, every cell and finding row copied), so that
the queries meet N reports, N×~200 cells and their findings. Timed in-process through the
ASGI app (no network): the region tree (top two levels, and a county drilled into), a report
page, a cell's source, the dashboard, and the API equivalents; median and p95 in ms."""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, select  # noqa: E402
from webfixtures import PASSWORD, login  # noqa: E402

from xxgk.audit.names import normalise  # noqa: E402
from xxgk.store import open_store  # noqa: E402
from xxgk.store.accounts import add_user  # noqa: E402
from xxgk.store.ingest import ingest  # noqa: E402
from xxgk.store.schema import bodies, cells, extractions, files, findings  # noqa: E402
from xxgk.web.app import create_app  # noqa: E402

DATA = ROOT / "tests" / "data"


def build(url: str, n: int) -> None:
    store = open_store(url)
    sources = sorted(
        p for d in ("seeds", "corpus") for p in (DATA / d).iterdir() if not p.name.endswith((".json", ".md"))
    )
    ingest(store, [str(p) for p in sources], jobs=2)
    with store.engine.begin() as conn:
        add_user(conn, "admin", PASSWORD, "admin")
        templates = [
            dict(r)
            for r in conn.execute(select(extractions).where(extractions.c.kind == "report")).mappings()
        ]
        tcells = {
            t["id"]: [
                dict(c)
                for c in conn.execute(select(cells).where(cells.c.extraction_id == t["id"])).mappings()
            ]
            for t in templates
        }
        tfind = {
            t["id"]: [
                dict(f)
                for f in conn.execute(select(findings).where(findings.c.extraction_id == t["id"])).mappings()
            ]
            for t in templates
        }
        data = {
            t["sha256"]: conn.scalar(select(files.c.data).where(files.c.sha256 == t["sha256"]))
            for t in templates
        }

        def body(name: str, level: str, parent: int | None) -> int:
            return conn.execute(
                insert(bodies).values(name=name, name_key=normalise(name), level=level, parent_id=parent)
            ).inserted_primary_key[0]

        province = body("测试省人民政府", "province", None)
        made = 0
        leaves: list[int] = []
        for c in range(10):
            city = body(f"第{c}市人民政府", "city", province)
            for k in range(10):
                county = body(f"第{c}市第{k}县人民政府", "county", city)
                leaves.append(county)
                for j in range(n // 100 - 1):
                    leaves.append(
                        body(
                            f"第{c}市第{k}县第{j}{'局' if j % 2 else '镇人民政府'}",
                            "department" if j % 2 else "township",
                            county,
                        )
                    )
        for i, body_id in enumerate(leaves[:n]):
            t = templates[i % len(templates)]
            sha = hashlib.sha256(f"{i}-{t['sha256']}".encode()).hexdigest()
            conn.execute(
                insert(files).values(
                    sha256=sha,
                    size=len(data[t["sha256"]]),
                    media_type=None,
                    name=f"{i}.txt",
                    data=data[t["sha256"]],
                    stored_at="2026-01-01T00:00:00",
                )
            )
            row = {k: v for k, v in t.items() if k != "id"}
            row.update(
                sha256=sha,
                year=2024,
                body_id=body_id,
                match="assigned",
                path=f"/bench/{i}_{Path(t['path']).name}",
            )
            ext = conn.execute(insert(extractions).values(**row)).inserted_primary_key[0]
            conn.execute(insert(cells), [{**c, "extraction_id": ext} for c in tcells[t["id"]]])
            if tfind[t["id"]]:
                conn.execute(insert(findings), [{**f, "extraction_id": ext} for f in tfind[t["id"]]])
            made += 1
    print(f"# store: {made} reports, {len(leaves) + 111} bodies")


def timed(client: TestClient, path: str, repeat: int) -> tuple[float, float, int]:
    times = []
    size = 0
    for _ in range(repeat):
        t = time.perf_counter()
        r = client.get(path)
        times.append((time.perf_counter() - t) * 1000)
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
        size = len(r.content)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, math.ceil(0.95 * len(times)) - 1)], size


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--keep", type=Path, default=None, help="build the store in this folder and keep it")
    args = ap.parse_args()
    print(f"# {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder}/store.db"
        t = time.perf_counter()
        if not (folder / "store.db").exists():
            build(url, args.n)
        print(f"# built in {time.perf_counter() - t:.0f} s")
        app = create_app(url)
        client = TestClient(app)
        login(client, "admin")
        with app.state.store.engine.connect() as conn:
            sha = conn.scalar(
                select(extractions.c.sha256).where(extractions.c.path.like("/bench/1\\_%", escape="\\"))
            )
            county = conn.scalar(select(bodies.c.id).where(bodies.c.name == "第3市第4县人民政府"))
        paths = {
            "page  region tree (2 levels)": "/tree?year=2024",
            "page  region tree (a county)": f"/tree?year=2024&region={county}",
            "page  report": f"/reports/{sha}",
            "page  cell source": f"/reports/{sha}/source?cell=table3.new_received.total",
            "page  dashboard (province)": "/dashboard?year=2024",
            "page  dashboard (a county)": f"/dashboard?year=2024&region={county}",
            "api   tree (a county)": f"/api/tree?year=2024&region={county}",
            "api   report": f"/api/reports/{sha}",
            "api   dashboard (province)": "/api/dashboard?year=2024",
            "api   reports (first 200)": "/api/reports?year=2024",
        }
        print(f"{'what':32s} {'median ms':>10s} {'p95 ms':>10s} {'bytes':>10s}")
        for name, path in paths.items():
            med, p95, size = timed(client, path, args.repeat)
            print(f"{name:32s} {med:10.1f} {p95:10.1f} {size:10d}")
        app.state.jobs.close()


if __name__ == "__main__":
    main()
