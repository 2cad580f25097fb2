"""Scratch directories that do not outlive their process, even one killed with `kill -9`.

    make(prefix: str) -> Path
        A new directory `<prefix>XXXXXXXX` under tempfile.gettempdir(), holding an owner file (OWNER:
        the creating pid and that process's start time, read from /proc where there is one, so a
        reused pid is not taken for the owner). It is removed when the creating process exits
        normally (atexit); remove it earlier yourself if you like. The calling process is the owner:
        call it in the process whose life the folder should share, not in a short-lived child.

    folder(prefix: str) -> context manager yielding such a directory, removed when the block ends.
        For anything made while one command runs (a check's sandbox, a copy of trained files): when
        the command is killed before it can tidy up, the next command's sweep() removes it.

    sweep() -> list[Path]
        Removes, and returns, what dead processes left behind: directories in the temporary folder
        holding an OWNER file whose process is gone (whatever their prefix), the training and
        recording staging folders (`.<name>-XXXX`) in the cache whose owner is gone, and cache entries
        made for another version of a scenario's code or of the libraries once the current one
        exists. Cheap (no TensorFlow), and never raises: called at the start of every
        `python -m scenarios` command.

`own(folder)` writes an owner file into a folder made some other way (the cache's staging folders).
"""

from __future__ import annotations

import atexit
import contextlib
import os
import re
import shutil
import tempfile
import time
from pathlib import Path

OWNER = ".scenarios-owner"
# Leftovers of versions that wrote no owner file; removed once surely abandoned.
_LEGACY_PREFIXES = ("keras-scenario-", "scenarios-warm-")
_LEGACY_AGE = 24 * 3600
# A staging folder without an owner file is mid-creation or left by an older version.
_ORPHAN_AGE = 3600


_made: list[Path] = []
_creator = os.getpid()


def make(prefix: str) -> Path:
    global _creator
    path = Path(tempfile.mkdtemp(prefix=prefix))
    own(path)
    if not _made or _creator != os.getpid():
        if _creator != os.getpid():  # a forked child: its parent's folders are not its own
            _made.clear()
        _creator = os.getpid()
        atexit.register(_remove_made)
    _made.append(path)
    return path


@contextlib.contextmanager
def folder(prefix: str):
    path = make(prefix)
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
        if path in _made:
            _made.remove(path)


def _remove_made() -> None:
    if os.getpid() == _creator:  # not in a forked child that happens to exit normally
        for path in _made:
            shutil.rmtree(path, ignore_errors=True)


def own(folder: Path) -> None:
    """Mark `folder` as owned by this process, for sweep()."""
    pid = os.getpid()
    (Path(folder) / OWNER).write_text(f"{pid} {_start_time(pid) or ''}\n")


def sweep() -> list[Path]:
    removed: list[Path] = []
    for step in (_sweep_temporary, _sweep_cache):
        try:
            removed += step()
        except Exception:  # tidying up must never stop the command it precedes
            pass
    return removed


def owner_alive(folder: Path) -> bool | None:
    """True or False for a folder with an owner file; None when it has none (or it is unreadable)."""
    try:
        fields = (Path(folder) / OWNER).read_text().split()
        pid, started = int(fields[0]), (fields[1] if len(fields) > 1 else None)
    except (OSError, ValueError, IndexError):
        return None
    return _alive(pid, started)


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (field 22 of /proc/<pid>/stat), or None."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may hold spaces and parentheses: count fields after the last ')'.
    fields = stat.rsplit(")", 1)[1].split()
    return fields[19] if len(fields) > 19 else None


def _alive(pid: int, started: str | None) -> bool:
    if Path("/proc/self/stat").exists():
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            return False
        fields = stat.rsplit(")", 1)[1].split()
        if fields and fields[0] in ("Z", "X"):  # killed, not yet reaped: it will never clean up
            return False
        return not started or (len(fields) > 19 and fields[19] == started)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _older_than(path: Path, seconds: float) -> bool:
    try:
        return time.time() - path.lstat().st_mtime > seconds
    except OSError:
        return False


def _remove(path: Path, removed: list[Path]) -> None:
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()
    except FileNotFoundError:
        return  # someone else swept it
    except OSError:
        return
    removed.append(path)


def _sweep_temporary() -> list[Path]:
    removed: list[Path] = []
    with os.scandir(tempfile.gettempdir()) as entries:
        for entry in entries:
            path = Path(entry.path)
            try:
                is_dir = entry.is_dir(follow_symlinks=False)
            except OSError:
                continue
            alive = owner_alive(path) if is_dir else None
            if alive is False:
                _remove(path, removed)
            elif alive is None and entry.name.startswith(_LEGACY_PREFIXES) and _older_than(path, _LEGACY_AGE):
                _remove(path, removed)
    return removed


def current_entries() -> dict[tuple[Path, str, str | None], Path]:
    """{(folder, scenario, format or None for training): the cache entry the current code would use}."""
    from scenarios.machinery import artifacts, registry

    from scenarios.machinery.generation import GENERATIONS

    current = {}
    for name in registry.names():
        package = registry.folder(name)
        for keras in GENERATIONS:
            entry = artifacts.entry_name(name, keras)
            training = artifacts.cached_training(name, artifacts.training_key(package, keras), keras)
            current[training.parent, entry, None] = training
            for fmt in artifacts.FORMATS:
                run = artifacts.recorded_run(name, package, fmt, keras)
                current[run.parent, entry, fmt] = run
    return current


_ENTRY = re.compile(r"(?P<scenario>[a-z0-9_]+)-(?:(?P<fmt>keras|h5)-)?(?P<key>[0-9a-f]{16})")


def _sweep_cache() -> list[Path]:
    from scenarios.machinery import artifacts

    removed: list[Path] = []
    for root in (artifacts.cache_root(), artifacts.cache_root() / "runs"):
        if not root.is_dir():
            continue
        for path in root.iterdir():
            if path.name.startswith(".") and path.is_dir():
                alive = owner_alive(path)
                if alive is False or (alive is None and _older_than(path, _ORPHAN_AGE)):
                    _remove(path, removed)
    # Entries made for other code or library versions: the current entry replaces them once it exists.
    current = current_entries()
    for root in {parent for parent, _, _ in current}:
        if not root.is_dir():
            continue
        for path in root.iterdir():
            match = _ENTRY.fullmatch(path.name)
            newest = match and current.get((root, match["scenario"], match["fmt"]))
            if newest and path != newest and path.is_dir() and newest.is_dir():
                if path.stat().st_mtime <= newest.stat().st_mtime:
                    _remove(path, removed)
    return removed
