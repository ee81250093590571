"""Run Python snippets in processes forked from one interpreter that has imported their libraries.

A new interpreter that imports requests or httpx takes about 0.15 s before a
snippet sends anything, more than the rest of its run. The conformance runs
start thousands of Python snippets, so each worker keeps one server process
(``python -m generator.conformance.python_runner``) that imports those
libraries once and forks a child per snippet.

The child runs the file as ``python FILE`` would: as ``__main__``, with the
file's folder first on ``sys.path``, in the given folder and environment,
with standard input from the null device and its output captured. Its exit
status follows Python's rules for ``SystemExit`` and uncaught exceptions.
The server is single-threaded, so forking it is safe; the process that
calls :class:`PythonRunner` may run threads.

Requests and results are JSON lines on the server's standard input and
output. Only POSIX systems can fork; elsewhere :func:`available` is false
and callers start a new interpreter per snippet.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Mapping

# Imported by the server before it forks; a missing one is skipped.
PRELOADED = ("requests", "httpx", "urllib.request", "http.client", "json")
_POLL_SECONDS = 0.002


def available() -> bool:
    """Tell whether this system can run snippets through the server."""
    return hasattr(os, "fork")


class PythonRunner:
    """A server process that runs one Python snippet at a time."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self._output = tempfile.TemporaryDirectory(prefix="python-runner-")
        self._process = subprocess.Popen(
            [sys.executable, "-m", "generator.conformance.python_runner"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=dict(env, PYTHONPATH=_package_root()),
            text=True,
            encoding="utf-8",
        )

    def run(
        self, path: Path, *, cwd: Path, env: Mapping[str, str], timeout: float
    ) -> subprocess.CompletedProcess[str]:
        """Run the snippet file ``path`` and return its exit status and output.

        Raises subprocess.TimeoutExpired when it runs longer than ``timeout``
        seconds (the child is killed), and RuntimeError when the server is
        gone.
        """
        request = {
            "path": str(path),
            "cwd": str(cwd),
            "env": dict(env),
            "timeout": timeout,
            "output": self._output.name,
        }
        assert self._process.stdin is not None and self._process.stdout is not None
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.flush()
            line = self._process.stdout.readline()
        except (BrokenPipeError, OSError) as error:
            raise RuntimeError(f"the Python snippet server exited: {error}") from error
        if not line:
            raise RuntimeError(f"the Python snippet server exited with status {self._process.poll()}")
        result = json.loads(line)
        command = [sys.executable, str(path)]
        if result["timed_out"]:
            raise subprocess.TimeoutExpired(command, timeout, result["stdout"], result["stderr"])
        return subprocess.CompletedProcess(command, result["returncode"], result["stdout"], result["stderr"])

    def close(self) -> None:
        if self._process.stdin is not None:
            try:
                self._process.stdin.close()
            except OSError:
                pass  # the server exited before reading the last request
        try:
            self._process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()
        self._output.cleanup()


def _package_root() -> str:
    root = str(Path(__file__).resolve().parents[2])
    existing = os.environ.get("PYTHONPATH")
    return f"{root}{os.pathsep}{existing}" if existing else root


# --- the server ------------------------------------------------------------------------


def _serve() -> None:
    # The client stops the server by closing its input. A Ctrl+C or a
    # timeout's SIGINT to the process group goes to the client, whose
    # KeyboardInterrupt then reports it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in PRELOADED:
        try:
            __import__(name)
        except ImportError:
            pass
    for line in sys.stdin:
        result = _run_one(json.loads(line))
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def _run_one(request: dict[str, Any]) -> dict[str, Any]:
    stdout_path = os.path.join(request["output"], "stdout")
    stderr_path = os.path.join(request["output"], "stderr")
    child = os.fork()
    if child == 0:
        _child(request, stdout_path, stderr_path)
    deadline = time.monotonic() + request["timeout"]
    timed_out = False
    while True:
        finished, status = os.waitpid(child, os.WNOHANG)
        if finished:
            break
        if time.monotonic() > deadline:
            os.kill(child, 9)
            _, status = os.waitpid(child, 0)
            timed_out = True
            break
        time.sleep(_POLL_SECONDS)
    return {
        "returncode": os.waitstatus_to_exitcode(status),
        "timed_out": timed_out,
        "stdout": _read_text(stdout_path),
        "stderr": _read_text(stderr_path),
    }


def _read_text(path: str) -> str:
    with open(path, encoding="utf-8", errors="replace") as file:
        return file.read()


def _child(request: dict[str, Any], stdout_path: str, stderr_path: str) -> None:
    """Run the snippet in the forked child and exit, never returning to the server loop.

    The exit goes through SystemExit, so that the interpreter runs the
    snippet's atexit handlers and flushes its output as ``python FILE``
    does.
    """
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.default_int_handler)
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        sys.stdin = open(os.devnull, encoding="utf-8")  # drops the server's buffered requests
        os.dup2(os.open(stdout_path, flags, 0o600), 1)
        os.dup2(os.open(stderr_path, flags, 0o600), 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        path = request["path"]
        sys.argv = [path]
        sys.path[0] = os.path.dirname(os.path.abspath(path))
        code = _run_main(path)
    except BaseException:
        import traceback

        traceback.print_exc()  # a failure to set up the child, reported as the snippet's error
    raise SystemExit(code)


def _run_main(path: str) -> int:
    """Run ``path`` as the main module and return the exit status Python would give."""
    import runpy
    import traceback

    try:
        runpy.run_path(path, run_name="__main__")
    except SystemExit as exit:
        if exit.code is None:
            return 0
        if isinstance(exit.code, int):
            return exit.code & 0xFF
        print(exit.code, file=sys.stderr)
        return 1
    except BaseException:
        traceback.print_exc()
        return 1
    return 0


if __name__ == "__main__":
    _serve()
