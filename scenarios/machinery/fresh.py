"""Fresh processes, without paying TensorFlow's import for each one.

Every training and serving step runs in its own process, because that is where load failures
happen: a serving process has never seen the training code. Importing TensorFlow takes about seven
seconds here, so instead of starting each process from scratch we keep one *warm interpreter* that
has imported TensorFlow and Keras and done nothing else, and fork it for each job. A fork gets a
copy of that pristine interpreter: no model, no custom function, no registered object, nothing any
earlier job did (each job runs in its own fork and exits). It costs well under a second.

TensorFlow is safe to fork here because the warm interpreter never runs an op, so no thread pool
exists yet. Set SCENARIOS_NO_FORK=1 to start every job as a new interpreter instead (slower, same
outcomes).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from scenarios.machinery import generation, scratch
from scenarios.machinery.quiet import child_environment

_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])


def run(target: str, args: list[str], log_file: Path, timeout: float = 600, cwd: str | None = None,
        keras: str = generation.DEFAULT) -> int:
    """Run `target` ("module:function", called with the list `args`) in a fresh process of Keras
    generation `keras` ("3" or "2") whose stdout and stderr go to `log_file`. Returns its exit
    status: 0 when the function returned, 1 when it raised (the traceback is in the log), negative
    when it was killed (timeout)."""
    log_file = Path(log_file)
    log_file.parent.mkdir(parents=True, exist_ok=True)
    if os.environ.get("SCENARIOS_NO_FORK") or not hasattr(os, "fork"):
        return _run_new_interpreter(target, args, log_file, timeout, cwd, keras)
    return _warm_interpreter(keras).run(target, args, log_file, timeout, cwd)


def prestart(keras: str = generation.DEFAULT) -> None:
    """Start the warm interpreter's TensorFlow import now, so that it overlaps whatever the caller
    does before its first job (checking the cache, say)."""
    if not (os.environ.get("SCENARIOS_NO_FORK") or not hasattr(os, "fork")):
        _warm_interpreter(keras)


def _run_new_interpreter(target, args, log_file, timeout, cwd, keras) -> int:
    code = "import sys, scenarios.machinery.fresh as f; f._call(sys.argv[1], sys.argv[2:])"
    with open(log_file, "ab") as log:
        try:
            return subprocess.run(
                [sys.executable, "-c", code, target, *args], stdout=log, stderr=subprocess.STDOUT,
                env=_env(keras), cwd=cwd or _PROJECT_ROOT, timeout=timeout,
            ).returncode
        except subprocess.TimeoutExpired:
            return -9


def _env(keras: str) -> dict[str, str]:
    env = {**child_environment(), **generation.environment(keras)}
    # The child must import this very package, whatever the caller's current directory is.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PROJECT_ROOT, env.get("PYTHONPATH")]))
    return env


def _call(target: str, args: list[str]) -> None:
    import importlib

    generation.use()
    module_name, function_name = target.split(":")
    getattr(importlib.import_module(module_name), function_name)(args)


class WarmInterpreter:
    """A child that has imported TensorFlow and forks once per job, on request over a pipe."""

    def __init__(self, keras: str = generation.DEFAULT) -> None:
        self._folder = scratch.make("scenarios-warm-")
        self._log = open(self._folder / "warm.log", "wb")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "scenarios.machinery.fresh"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=self._log, env=_env(keras), cwd=_PROJECT_ROOT, text=True, bufsize=1,
        )
        self._lock = threading.Lock()

    def alive(self) -> bool:
        return self._process.poll() is None

    def run(self, target, args, log_file, timeout, cwd) -> int:
        request = {"target": target, "args": list(args), "log": str(log_file), "timeout": timeout, "cwd": cwd}
        with self._lock:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            reply = self._process.stdout.readline()
        if not reply:
            raise RuntimeError(f"the warm interpreter died; its log is {self._folder / 'warm.log'}")
        return json.loads(reply)["returncode"]

    def close(self) -> None:
        if self.alive():
            self._process.stdin.close()
            try:
                # Idle, it leaves as soon as its input closes; busy (the caller was interrupted), the
                # job is abandoned: killing the interpreter makes a check's supervisor clean up.
                self._process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._log.close()
        shutil.rmtree(self._folder, ignore_errors=True)


_warm: dict[str, WarmInterpreter] = {}


def _warm_interpreter(keras: str) -> WarmInterpreter:
    if keras not in _warm or not _warm[keras].alive():
        _warm[keras] = WarmInterpreter(keras)
        atexit.register(_warm[keras].close)
    return _warm[keras]


def _serve_forever() -> None:
    """The warm interpreter's loop: import TensorFlow once, then fork a job per request line."""
    import signal
    import time
    import traceback

    import ctypes

    # When the caller dies, so does this interpreter (and a running check's supervisor, in turn,
    # kills the learner's processes); Ctrl-C leaves at once instead of tearing TensorFlow down.
    ctypes.CDLL(None).prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    signal.signal(signal.SIGINT, lambda *_: os._exit(130))
    if os.getppid() == 1:
        os._exit(0)

    generation.use()  # in a Keras 2 interpreter, `import keras` is tf.keras 2 from here on
    import keras  # noqa: F401  the whole point: paid once, inherited by every fork
    import numpy  # noqa: F401

    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            status = 0
            try:
                log = os.open(request["log"], os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
                os.dup2(log, 1)
                os.dup2(log, 2)
                os.chdir(request["cwd"] or _PROJECT_ROOT)
                sys.stdin = open(os.devnull)
                _call(request["target"], request["args"])
            except BaseException:
                traceback.print_exc()
                status = 1
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(status)
        deadline = time.monotonic() + request["timeout"]
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                returncode = os.waitstatus_to_exitcode(status)
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                returncode = -signal.SIGKILL
                break
            time.sleep(0.005)
        sys.stdout.write(json.dumps({"returncode": returncode}) + "\n")
        sys.stdout.flush()
    # The caller has gone. Tearing down an interpreter with TensorFlow loaded takes seconds, and
    # there is nothing to save: leave at once.
    os._exit(0)


if __name__ == "__main__":
    _serve_forever()
