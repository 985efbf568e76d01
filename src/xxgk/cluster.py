"""Where a batch is read: the local process pool, a Dask cluster, or a Dask LocalCluster.

    with cluster.executor("tcp://10.0.0.5:8786") as pool:   # or "local:4", or None
        outcomes = list(batch.run(paths, pool=pool))         # same order as `paths`
        store.ingest(st, paths, pool=pool)                   # the parent writes the rows

`executor` gives a `concurrent.futures.Executor` in each case. On Dask:

- results come back in input order (`Executor.map`), and the client (this process) does every
  write, so a task run twice never writes twice;
- a worker that dies loses nothing: the scheduler gives its tasks to another worker;
- the per-file limits hold: Dask runs tasks in threads, where SIGALRM cannot reach, so each
  worker hands the file to a small process pool of its own (one process per worker thread)
  whose processes apply XXGK_MEMORY_LIMIT and run `limits.run_with_timeout` in their main
  thread. The client's XXGK_TIME_LIMIT and XXGK_MAX_BYTES travel with every task.
- every worker must see the files at the same paths (a shared file system) and have the same
  xxgk with the same extras installed.

Workers must be allowed to start processes: a `dask worker` runs as a daemon process unless
started with DASK_DISTRIBUTED__WORKER__DAEMON=False (or --no-nanny); `local:N` sets this itself.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

from xxgk import errors, limits

T = TypeVar("T")

_LOCAL = re.compile(r"^local:(\d{1,3})$")
_FORWARD = ("XXGK_TIME_LIMIT", "XXGK_MAX_BYTES")  # read per file, so they can travel per task
CONNECT_TIMEOUT_S = 10
TASK_RETRIES = 1  # a task whose reading process crashed (not a file's error: those are results)


@contextmanager
def executor(spec: str | None = None, jobs: int | None = None) -> Iterator[Executor]:
    """An Executor for batch reading: None or "" the local process pool (`jobs` processes),
    "local:N" a Dask LocalCluster of N worker processes, "tcp://HOST:PORT" a running cluster."""
    if not spec:
        from xxgk import batch

        batch._warm()  # noqa: SLF001 - the workers fork with the rules loaded
        with ProcessPoolExecutor(
            max_workers=jobs or os.cpu_count() or 1, initializer=limits.init_worker
        ) as pool:
            yield pool
        return
    local = _LOCAL.match(spec.strip())
    if not local and not spec.startswith(("tcp://", "tls://")):
        raise errors.XxgkError(
            errors.BAD_ARGUMENT,
            f"集群地址“{spec}”无法识别：应为 tcp://主机:端口 或 local:进程数（如 local:4）",
        )
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, "使用 Dask 集群需要安装 dask[distributed]（pip install 'xxgk[dask]'）"
        ) from None
    cluster = None
    try:
        if local:
            n = max(1, int(local.group(1)))
            with dask.config.set({"distributed.worker.daemon": False}):
                cluster = LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, dashboard_address=":0", silence_logs=40
                )
            client = Client(cluster)
        else:
            client = Client(spec, timeout=f"{CONNECT_TIMEOUT_S}s")
    except (OSError, TimeoutError) as exc:
        if cluster is not None:
            cluster.close()
        raise errors.XxgkError(errors.CLUSTER_UNAVAILABLE, f"无法连接 Dask 集群 {spec}：{exc}") from None
    pool = DaskExecutor(client)
    try:
        yield pool
    finally:
        pool.shutdown(wait=False)
        client.close()
        if cluster is not None:
            cluster.close()


class DaskExecutor(Executor):
    """A Dask client as an Executor whose every call runs under the per-file limits."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self._inner = client.get_executor(pure=False, retries=TASK_RETRIES)

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        return self._inner.submit(_limited, fn, _limits_here(), *args, **kwargs)

    def map(  # type: ignore[override]
        self,
        fn: Callable[..., T],
        *iterables: Iterable[Any],
        timeout: float | None = None,
        chunksize: int = 1,
    ) -> Iterator[T]:
        return self._inner.map(partial(_limited, fn, _limits_here()), *iterables, timeout=timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._inner.shutdown(wait=wait)


def _limits_here() -> dict[str, str]:
    return {k: os.environ[k] for k in _FORWARD if k in os.environ}


# --- on a worker -----------------------------------------------------------------------------

_pool: ProcessPoolExecutor | None = None
_pool_lock = threading.Lock()


def _limited(fn: Callable[..., T], env: dict[str, str], *args: Any) -> T:
    """Run fn(*args) in a process of this worker's reading pool, under the limits."""
    pool = _reading_pool()
    try:
        return pool.submit(_with_env, env, fn, *args).result()
    except BrokenProcessPool:
        _drop_pool(pool)  # a reading process died (killed, out of memory): the next task starts afresh
        raise


def _reading_pool() -> ProcessPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            if multiprocessing.current_process().daemon:
                raise errors.XxgkError(
                    errors.CLUSTER_UNAVAILABLE,
                    "Dask 工作进程是守护进程，不能启动读取进程，无法保证每个文件的时间上限："
                    "请以 DASK_DISTRIBUTED__WORKER__DAEMON=False dask worker … 启动工作进程",
                )
            _pool = ProcessPoolExecutor(
                max_workers=_threads(),
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init,
                initargs=(os.getpid(),),
            )
        return _pool


def _drop_pool(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _pool_lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


def _threads() -> int:
    try:
        from distributed import get_worker

        return max(1, int(get_worker().state.nthreads))
    except (ImportError, ValueError, AttributeError):
        return 1


_worker_env: dict[str, str | None] = {}  # in a reading process: the limits its worker was started with


def _init(worker_pid: int) -> None:
    from xxgk import batch

    # a worker killed outright cannot stop its reading processes, which would wait for work
    # forever (each holds both ends of its task queue): they leave when their worker is gone
    threading.Thread(target=_exit_with, args=(worker_pid,), daemon=True).start()
    _worker_env.update({k: os.environ.get(k) for k in _FORWARD})
    limits.init_worker()
    batch._warm()  # noqa: SLF001


def _exit_with(worker_pid: int) -> None:
    while os.getppid() == worker_pid:
        time.sleep(1)
    os._exit(0)


def _with_env(env: dict[str, str], fn: Callable[..., T], *args: Any) -> T:
    """The client's limits for this task; the worker's own where the client set none."""
    for k in _FORWARD:
        value = env.get(k, _worker_env.get(k))
        if value is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = value
    return fn(*args)


def describe(spec: str | None) -> str:
    """Where a batch runs, in words for messages."""
    if not spec:
        return "本机进程池"
    local = _LOCAL.match(spec.strip())
    return f"本机 Dask 集群（{local.group(1)} 个工作进程）" if local else f"Dask 集群 {spec}"
