"""Where a learner's code runs: a process of its own that sees the model files and the request, and
nothing that holds the answers.

The checker (scenarios.machinery.exercises.checker) never imports or executes learner code. It
writes a spec (the learner's file, the function, the calls to make with their arrays), and this
module, forked from the warm interpreter, runs it in two processes:

- the *supervisor* starts a session of its own, becomes the child subreaper (so every process the
  learner starts, even one that double-forks or calls setsid, ends up as its child), and forks:
- the *learner process*, which drops what it should not have (limits on memory and process count,
  an environment without the cache's location, and, where the kernel has Landlock, a file system on
  which it can read only the Python installation, this package and the learner's own folder, and
  write only its box), imports the learner's file, makes each call, and writes what came back.

When the learner process ends, or the time limit passes, or the checker goes away, the supervisor
kills every process left in its tree and only then writes the status, so the status is written when
no learner code runs any more. What comes back is numbers: the judging happens in the checker.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path

STATUS = "status.json"
RESULTS = "results.json"
ARRAYS = "results.npz"
INPUTS = "inputs.npz"
EVIDENCE_DIR = "evidence"
# What one check may use: address space (TensorFlow's own reservations take a few GiB) and processes.
MEMORY_LIMIT = 12 * 2**30
EXTRA_PROCESSES = 256

_PR_SET_PDEATHSIG, _PR_SET_CHILD_SUBREAPER, _PR_SET_NO_NEW_PRIVS = 1, 36, 38
_libc = ctypes.CDLL(None, use_errno=True)


def main(argv: list[str]) -> None:
    """The supervisor: run the learner process described by the spec file argv[0]; record the status."""
    spec = json.loads(Path(argv[0]).read_text())
    out = Path(spec["out"])
    os.setsid()
    _libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    # If the checker (and so the warm interpreter) dies, SIGTERM reaches us: clean up and leave.
    signal.signal(signal.SIGTERM, lambda *_: _finish(out, {"status": "stopped"}))
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() == 1:
        _finish(out, {"status": "stopped"})
    pid = os.fork()
    if pid == 0:
        _learner(spec)  # never returns
    deadline = time.monotonic() + spec["timeout"]
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            _finish(out, {"status": "exited", "code": os.waitstatus_to_exitcode(status)})
        if time.monotonic() > deadline:
            _finish(out, {"status": "timeout"})
        time.sleep(0.01)


def _finish(out: Path, status: dict) -> None:
    kill_descendants()
    # Written last, when no learner code runs any more; replaces anything the learner put there.
    scratch = out / f".{STATUS}.{os.getpid()}"
    scratch.write_text(json.dumps(status))
    os.replace(scratch, out / STATUS)
    os._exit(0)


def kill_descendants(grace: float = 5.0) -> None:
    """Kill every process below this one. As the child subreaper, orphans of any depth become our
    children, so killing and reaping children until none are left reaches them all."""
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        children = _children()
        if not children:
            return
        for pid in children:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        except ChildProcessError:
            pass
        time.sleep(0.005)


def _children() -> list[int]:
    me, found = os.getpid(), []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            # The fields after the command name (which may hold spaces) start with state, ppid.
            if int(stat.rsplit(")", 1)[1].split()[1]) == me:
                found.append(int(entry))
    return found


# --- the learner process --------------------------------------------------------------------------


def _learner(spec: dict) -> None:
    code = 0
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the supervisor's clean-up is not ours to run
    try:
        box, out = Path(spec["box"]), Path(spec["out"])
        os.chdir(box)
        _confine(spec, box, out)
        results, arrays = _make_calls(spec, out)
        _write_results(out, results, arrays)
    except BaseException:  # a failure of this harness, not of the learner's function: see the log
        traceback.print_exc()
        code = 70
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def _confine(spec: dict, box: Path, out: Path) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    processes = _processes_of_this_user() + EXTRA_PROCESSES
    resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
    for name in [n for n in os.environ if n.startswith("SCENARIOS_") or n in ("XDG_CACHE_HOME", "PYTHONPATH")]:
        del os.environ[name]
    (box / "tmp").mkdir(exist_ok=True)
    os.environ.update(HOME=str(box), TMPDIR=str(box / "tmp"), KERAS_HOME=str(box / ".keras"),
                      SCENARIOS_EVIDENCE_DIR=str(out / EVIDENCE_DIR))
    # The warm interpreter may have looked up the temporary folder already (/tmp, out of reach here);
    # TensorFlow's autograph writes the code it converts there.
    import tempfile

    tempfile.tempdir = str(box / "tmp")
    landlock.restrict(readable=_readable(spec), writable=[box], append_only=[out])


def _readable(spec: dict) -> list[Path]:
    """What the learner's code may read: the system, the Python installation, this package and the
    learner's own folder; never a folder that holds the training cache (and so the answers)."""
    import scenarios

    forbidden = [Path(p).resolve() for p in spec["forbidden"]]
    candidates = ["/usr", "/bin", "/sbin", "/lib", "/lib64", "/etc", "/proc", "/sys", "/dev", "/opt",
                  sys.prefix, sys.base_prefix, sys.exec_prefix, *sys.path, spec["learner_folder"],
                  Path(scenarios.__file__).parent]
    readable = []
    for candidate in candidates:
        path = Path(candidate or ".").resolve()
        if path.exists() and not any(f == path or f.is_relative_to(path) for f in forbidden):
            readable.append(path)
    return readable


def _processes_of_this_user() -> int:
    uid = os.getuid()
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                status = Path(f"/proc/{entry}/status").read_text()
                threads = int(status.split("Threads:")[1].split()[0])
                if int(status.split("Uid:")[1].split()[0]) == uid:
                    count += threads
            except (OSError, IndexError, ValueError):
                continue
    return count


def _make_calls(spec: dict, out: Path) -> tuple[dict, dict]:
    import numpy as np

    from scenarios.machinery.child import describe_error

    source = spec["source"]
    with np.load(out / INPUTS, allow_pickle=False) as stored:
        inputs = dict(stored)
    results: dict = {"calls": []}
    arrays: dict = {}
    try:
        module = _import_learner(Path(source), spec["learner_folder"])
    except BaseException as error:  # SyntaxError, SystemExit, KeyboardInterrupt alike: the learner's
        results["import_error"] = describe_error(error, source)
        return results, arrays
    function = getattr(module, spec["function"], None)
    if not callable(function):
        results["no_function"] = True
        return results, arrays
    for index, call in enumerate(spec["calls"]):
        args = [str(Path(spec["box"]) / arg["file"]) if "file" in arg else inputs[arg["array"]]
                for arg in call["args"]]
        outcome: dict = {"name": call["name"]}
        try:
            value = function(*args)
        except BaseException as error:
            outcome["raised"] = describe_error(error, source)
        else:
            if call.get("evaluate"):
                _evaluate(value, inputs, call["evaluate"], outcome, arrays, index, source)
            else:
                _record_value(value, outcome, arrays, f"value_{index}")
        results["calls"].append(outcome)
    return results, arrays


def _record_value(value, outcome: dict, arrays: dict, key: str) -> None:
    import numpy as np

    outcome["type"] = type(value).__name__
    if value is None:
        return
    try:
        arrays[key] = np.asarray(value, dtype="float64")
        outcome["array"] = key
    except (TypeError, ValueError):
        pass


def _evaluate(model, inputs: dict, names: list[str], outcome: dict, arrays: dict, index: int, source: str) -> None:
    """For a function that returns a model: what the caller does next, predict and evaluate."""
    import keras

    from scenarios.machinery.child import describe_error

    outcome["type"] = type(model).__name__
    if not isinstance(model, keras.Model):
        return
    x, y = (inputs[name] for name in names)
    try:
        _record_value(model.predict(x, verbose=0), outcome, arrays, f"predictions_{index}")
        result = model.evaluate(x, y, batch_size=len(x), verbose=0, return_dict=True)
        outcome["loss"] = float(result["loss"])
    except BaseException as error:
        outcome["evaluate_raised"] = describe_error(error, source)


def _import_learner(source: Path, folder: str):
    import importlib.util

    # The learner's folder goes on sys.path so that a helper module of their own (a losses.py with a
    # registered loss, say) imports; no __pycache__ is written into it.
    sys.path.insert(0, folder)
    sys.dont_write_bytecode = True
    spec = importlib.util.spec_from_file_location(f"learner_{source.stem}", source)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _write_results(out: Path, results: dict, arrays: dict) -> None:
    import numpy as np

    np.savez(out / ARRAYS, **arrays)
    (out / RESULTS).write_text(json.dumps(results, default=str))


# --- Landlock: the file system the learner process may touch ---------------------------------------


class landlock:
    """Linux's unprivileged file-system sandbox (kernel 5.13+), through its three system calls. Where
    the kernel lacks it, nothing is restricted and `available()` says so."""

    _CREATE, _ADD_RULE, _RESTRICT = 444, 445, 446  # the same numbers on x86_64 and arm64
    EXECUTE, WRITE_FILE, READ_FILE, READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
    REMOVE_DIR, REMOVE_FILE, MAKE_CHAR, MAKE_DIR, MAKE_REG = 1 << 4, 1 << 5, 1 << 6, 1 << 7, 1 << 8
    MAKE_SOCK, MAKE_FIFO, MAKE_BLOCK, MAKE_SYM = 1 << 9, 1 << 10, 1 << 11, 1 << 12
    REFER, TRUNCATE, IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15

    @classmethod
    def abi(cls) -> int:
        if not sys.platform.startswith("linux"):
            return 0
        version = _libc.syscall(cls._CREATE, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
        return max(version, 0)

    @classmethod
    def available(cls) -> bool:
        return cls.abi() > 0

    @classmethod
    def restrict(cls, readable: list[Path], writable: list[Path], append_only: list[Path]) -> bool:
        abi = cls.abi()
        if not abi:
            return False
        handled = (1 << 13) - 1
        handled |= (cls.REFER if abi >= 2 else 0) | (cls.TRUNCATE if abi >= 3 else 0) | (cls.IOCTL_DEV if abi >= 5 else 0)
        read = cls.EXECUTE | cls.READ_FILE | cls.READ_DIR
        # Files may be created and written, never removed or renamed away: evidence stays.
        append = read | cls.WRITE_FILE | cls.MAKE_REG | (cls.TRUNCATE if abi >= 3 else 0)
        attr = ctypes.c_uint64(handled)
        ruleset = _libc.syscall(cls._CREATE, ctypes.byref(attr), ctypes.c_size_t(8), ctypes.c_uint32(0))
        if ruleset < 0:
            return False
        rules = [(p, read) for p in readable] + [(p, handled) for p in writable] + [(p, append) for p in append_only]
        rules.append((Path("/dev"), read | cls.WRITE_FILE | (cls.IOCTL_DEV if abi >= 5 else 0)))
        for path, access in rules:
            cls._add(ruleset, path, access & handled)
        _libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        if _libc.syscall(cls._RESTRICT, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self failed")
        os.close(ruleset)
        return True

    @classmethod
    def _add(cls, ruleset: int, path: Path, access: int) -> None:
        class PathBeneath(ctypes.Structure):
            _pack_ = 1
            _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            return
        try:
            if not os.path.isdir(path):  # a file (a zipped sys.path entry) takes file rights only
                access &= cls.EXECUTE | cls.WRITE_FILE | cls.READ_FILE | cls.TRUNCATE | cls.IOCTL_DEV
            rule = PathBeneath(access, fd)
            _libc.syscall(cls._ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(1), ctypes.byref(rule), ctypes.c_uint32(0))
        finally:
            os.close(fd)
