"""Running LibreOffice headless: finding it, and one conversion in its own process group.

Used by the legacy-Word reader (.doc/.wps/.rtf → .docx) and the PDF renderer (.docx → .pdf).
The converter is $XXGK_SOFFICE when set, else `soffice` or `libreoffice` on PATH. It runs in
its own process group and is killed as a whole on timeout or interruption (the `soffice` script
starts `oosplash`, which starts `soffice.bin`)."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from xxgk import errors, limits

INSTALL_HINT = "请运行 scripts/setup-debian.sh 或 apt-get install libreoffice-writer-nogui"


def soffice_path() -> str | None:
    """The LibreOffice executable: $XXGK_SOFFICE, else soffice or libreoffice on PATH."""
    override = os.environ.get("XXGK_SOFFICE")
    if override:
        return shutil.which(override)
    return shutil.which("soffice") or shutil.which("libreoffice")


def headless(exe: str, work: Path) -> list[str]:
    """The start of a conversion command: no window, no dialogs, a private profile in `work`
    (two conversions at once never share one, which LibreOffice would lock)."""
    return [
        exe,
        f"-env:UserInstallation={(work / 'profile').as_uri()}",
        "--headless",
        "--invisible",
        "--nologo",
        "--nodefault",
        "--nolockcheck",
        "--norestore",
    ]


def environment(work: Path) -> dict[str, str]:
    """The environment of a conversion: anything LibreOffice writes outside the profile stays in `work`."""
    return dict(os.environ, HOME=str(work))


def run(command: list[str], env: dict[str, str], timeout: float, path: str | None) -> None:
    try:
        proc = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent,  # a killed reader takes its converter with it
        )
    except OSError as exc:
        raise errors.XxgkError(
            errors.MISSING_DEPENDENCY, f"无法启动 LibreOffice（系统错误 {exc.errno}），{INSTALL_HINT}", path
        ) from exc
    try:
        proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise errors.XxgkError(errors.TIMEOUT, f"LibreOffice 转换超过 {timeout:g} 秒，已放弃", path) from None
    except BaseException:
        # the batch's own time limit (limits.TimeLimitExceeded), Ctrl-C …: leave no converter behind
        _kill(proc)
        raise


def _kill(proc: subprocess.Popen[bytes]) -> None:
    """Kill the converter's whole process group. The leader is not reaped yet, so its id still
    names this group and no other."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired, OSError, ValueError):
        proc.communicate(timeout=10)


_PREFIX = "xxgk-lo-"  # then the pid of the process converting, so that a dead one's folder is known


@contextlib.contextmanager
def work_folder() -> Iterator[Path]:
    """A private folder for one conversion (profile, input, output), named for this process, and
    removed afterwards; folders that killed conversions left behind are swept first."""
    sweep()
    with tempfile.TemporaryDirectory(prefix=f"{_PREFIX}{os.getpid()}-", ignore_cleanup_errors=True) as tmp:
        yield Path(tmp)


def sweep() -> None:
    """What a conversion killed with its process (SIGKILL, power cut) left: a folder in the temp
    directory named for a process that no longer runs, and any LibreOffice still using it."""
    for folder in Path(tempfile.gettempdir()).glob(f"{_PREFIX}*-*"):
        try:
            pid = int(folder.name[len(_PREFIX) :].split("-", 1)[0])
        except ValueError:
            continue
        if pid == os.getpid() or _running(pid):
            continue
        for other in _processes_using(str(folder)):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(other, signal.SIGKILL)
        shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _processes_using(folder: str) -> list[int]:
    """Processes whose command line names `folder` (LibreOffice's profile is in it); Linux only."""
    found = []
    proc = Path("/proc")
    if not proc.is_dir():
        return found
    needle = folder.encode()
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            if needle in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
    return found


def _die_with_parent() -> None:
    limits.die_with_parent(signal.SIGKILL)
