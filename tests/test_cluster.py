"""Batch reading on a real Dask LocalCluster (2 worker processes): the same results in the same
order as the local pool, the per-file time limit on the workers, and nothing lost when a
worker is killed mid-batch."""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("distributed")

from conftest import CORPUS, SEEDS  # noqa: E402
from series_batch import write  # noqa: E402
from test_store import _dump  # noqa: E402

from xxgk import batch, cluster, errors  # noqa: E402
from xxgk.store import open_store  # noqa: E402
from xxgk.store.ingest import ingest  # noqa: E402

FILES = batch.expand([str(SEEDS), str(CORPUS)])


@pytest.fixture(scope="module")
def pool() -> Iterator[cluster.DaskExecutor]:
    with cluster.executor("local:2") as ex:
        assert isinstance(ex, cluster.DaskExecutor)
        yield ex


def _lines(outcomes: Iterator[batch.Outcome]) -> list[str]:
    """Each outcome as the JSON line `xxgk extract --jsonl` prints for it."""
    out = []
    for o in outcomes:
        if o.error is not None:
            out.append(json.dumps({"path": o.path, "code": o.error.code, "message": o.error.message}))
        else:
            assert o.json is not None
            out.append(o.json)
    return out


def test_extract_on_dask_is_the_local_pool_output(pool: cluster.DaskExecutor) -> None:
    local = _lines(batch.run(FILES, jobs=2, as_json=True))
    remote = _lines(batch.run(FILES, as_json=True, pool=pool))
    assert len(remote) == len(FILES) > 30
    assert remote == local
    workers = pool.client.scheduler_info()["workers"]
    assert len(workers) == 2


def test_ingest_on_dask_writes_the_rows_of_the_local_pool(pool: cluster.DaskExecutor, tmp_path: Path) -> None:
    local = open_store(str(tmp_path / "local.db"))
    ingest(local, FILES, jobs=2)
    remote = open_store(str(tmp_path / "remote.db"))
    summary = ingest(remote, FILES, pool=pool)
    assert summary.reports > 25 and summary.stored == summary.files - summary.duplicates
    assert _dump(remote) == _dump(local)
    # the client writes, so a second run (everything already known) adds no row
    again = ingest(remote, FILES, pool=pool)
    assert again.stored == 0 and _dump(remote) == _dump(local)


def test_a_file_that_hangs_times_out_on_a_worker(
    pool: cluster.DaskExecutor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = Path(FILES[0])
    # a report followed by 70,000 sentences with numbers: inside every budget of size (1.8 M
    # characters), but seconds of narrative checks
    slow = tmp_path / "slow.txt"
    sentences = "\n".join(f"本年度共受理第{i}号政府信息公开申请{i % 97}件。" for i in range(70_000))
    slow.write_text(good.read_text(encoding="utf-8") + "\n" + sentences, encoding="utf-8")
    monkeypatch.setenv("XXGK_TIME_LIMIT", "1")  # travels with the tasks to the workers
    paths = [str(good), str(slow), FILES[1]]
    t0 = time.monotonic()
    outcomes = list(batch.run(paths, pool=pool))
    assert time.monotonic() - t0 < 30
    assert [o.path for o in outcomes] == paths
    assert outcomes[0].report is not None and outcomes[2].report is not None
    err = outcomes[1].error
    assert err is not None and (err.code, err.message) == (errors.TIMEOUT, "读取超过 1 秒，已放弃")


def test_a_worker_killed_mid_batch_loses_no_report(pool: cluster.DaskExecutor, tmp_path: Path) -> None:
    paths = [str(p) for p in write(tmp_path / "batch", 240)]
    expected = _lines(batch.run(paths, jobs=1, as_json=True))
    pids = pool.client.run(os.getpid)
    victim = sorted(pids.values())[0]
    got: list[str] = []
    for line in _lines(batch.run(paths, as_json=True, pool=pool)):
        got.append(line)
        if len(got) == 20:
            os.kill(victim, signal.SIGKILL)
    assert got == expected
    # the dead worker's place was taken by a new process: its tasks ran elsewhere
    assert victim not in pool.client.run(os.getpid, on_error="ignore").values()


def test_bad_cluster_addresses_are_clear_errors() -> None:
    with pytest.raises(errors.XxgkError) as bad, cluster.executor("udp://x"):
        pass
    assert bad.value.code == errors.BAD_ARGUMENT and "local:" in bad.value.message
    with pytest.raises(errors.XxgkError) as gone, cluster.executor("tcp://127.0.0.1:9"):
        pass
    assert gone.value.code == errors.CLUSTER_UNAVAILABLE and "127.0.0.1:9" in gone.value.message


def test_ingest_command_with_cluster_option(tmp_path: Path) -> None:
    import subprocess
    import sys

    local = open_store(str(tmp_path / "local.db"))
    ingest(local, FILES, jobs=2)
    db = tmp_path / "cli.db"
    env = {**os.environ, "PYTHONPATH": str(Path(cluster.__file__).parents[1])}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "xxgk",
            "ingest",
            "--db",
            str(db),
            "--cluster",
            "local:2",
            str(SEEDS),
            str(CORPUS),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    assert "入库完成" in result.stdout
    assert _dump(open_store(str(db))) == _dump(local)
    bad = subprocess.run(
        [sys.executable, "-m", "xxgk", "ingest", "--db", str(db), "--cluster", "local", str(SEEDS)],
        capture_output=True,
        text=True,
        env=env,
    )
    assert bad.returncode == 2 and "E_BAD_ARGUMENT" in bad.stderr and "Traceback" not in bad.stderr


def test_daemon_workers_refuse_rather_than_read_without_a_time_limit() -> None:
    """Plain `dask worker`s are daemon processes, which cannot start the reading processes
    that carry the time limit: the task says so instead of reading unlimited."""
    from distributed import Client, LocalCluster

    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0") as lc,
        Client(lc) as client,
        pytest.raises(errors.XxgkError) as refused,
    ):
        list(batch.run(FILES[:2], pool=cluster.DaskExecutor(client)))
    assert refused.value.code == errors.CLUSTER_UNAVAILABLE
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in refused.value.message
