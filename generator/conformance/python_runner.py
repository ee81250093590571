"""Run Python snippets in processes forked from one interpreter that has imported their libraries.

A new interpreter that imports requests or httpx takes about 0.15 s before a
snippet sends anything, more than the rest of its run. The conformance runs
start thousands of Python snippets, so each worker keeps one server process
(this file, run as a script) that imports those libraries once and forks
a child per snippet.

The child runs the file as ``python FILE`` would: as ``__main__``, with the
file's folder first on ``sys.path``, in the given folder and environment,
with standard input from the null device and its output captured. Its exit
status follows Python's rules for ``SystemExit`` and uncaught exceptions.
Each child leads its own process group, which the server kills once the
child exits or times out. The server passes a SIGINT on to that group, as
a Ctrl+C reaches ``python FILE`` started in the client's group.
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
_CLOSE_SECONDS = 1.0


def available() -> bool:
    """Tell whether this system can run snippets through the server."""
    return hasattr(os, "fork")


class PythonRunner:
    """A server process that runs one Python snippet at a time."""

    def __init__(self, env: Mapping[str, str]) -> None:
        # Started as a script, not with -m, so that the snippets find neither
        # this package nor its folder on sys.path, as in ``python FILE``.
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve())],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=dict(env),
            text=True,
            encoding="utf-8",
        )

    def run(
        self, path: Path, *, cwd: Path, env: Mapping[str, str], timeout: float
    ) -> subprocess.CompletedProcess[str]:
        """Run the snippet file ``path`` and return its exit status and output.

        Raises subprocess.TimeoutExpired when it runs longer than ``timeout``
        seconds (the child and its process group are killed), and RuntimeError when the server is
        gone.
        """
        request = {
            "path": str(path),
            "cwd": str(cwd),
            "env": dict(env),
            "timeout": timeout,
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
        """Stop the server, killing the snippet that it runs, if any, with its processes."""
        if self._process.stdin is not None:
            try:
                self._process.stdin.close()
            except OSError:
                pass  # the server exited before reading the last request
        try:
            self._process.wait(timeout=_CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            # A running snippet keeps the server from reading the end of its input.
            self._process.terminate()
            try:
                self._process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        if self._process.stdout is not None:
            self._process.stdout.close()


# --- the server ------------------------------------------------------------------------

# sys.path as the server started, with the server's own folder first. Each
# child swaps that first entry for its snippet's folder, as ``python FILE``
# puts the script's folder first.
_STARTUP_PATH = list(sys.path)
_child_pid: int | None = None
_interrupted = False  # the snippet ended with an uncaught KeyboardInterrupt
_libc: Any = None


def _serve() -> None:
    global _libc
    # The client stops the server by closing its input, or with SIGTERM while
    # a snippet runs. A Ctrl+C or a timeout's SIGINT to the process group makes
    # the client close the server, and the server passes the signal on to the
    # running snippet, which is in a process group of its own.
    signal.signal(signal.SIGINT, _forward_sigint)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    for name in PRELOADED:
        try:
            __import__(name)
        except ImportError:
            pass
    if sys.platform.startswith("linux"):
        import ctypes

        _libc = ctypes.CDLL(None)  # loaded once, for prctl in each child
    for line in sys.stdin:
        result = _run_one(json.loads(line))
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def _forward_sigint(signum: int, frame: Any) -> None:
    if _child_pid is not None:
        _kill_group(_child_pid, signal.SIGINT)


def _stop_on_sigterm(signum: int, frame: Any) -> None:
    if _child_pid is not None:
        _kill_group(_child_pid)
        os.waitpid(_child_pid, 0)
    os._exit(128 + signum)


def _kill_group(pgid: int, signum: int = signal.SIGKILL) -> None:
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass  # the group has no process left


def _run_one(request: dict[str, Any]) -> dict[str, Any]:
    """Fork a child that runs one snippet, wait for it and return its status and output.

    The output goes to unlinked temporary files, so a snippet that deletes
    files or folders cannot take it away.
    """
    global _child_pid
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        server = os.getpid()
        child = os.fork()
        if child == 0:
            _child(request, server, stdout.fileno(), stderr.fileno())
        _child_pid = child
        try:
            status, timed_out = _wait(child, request["timeout"])
        finally:
            _child_pid = None
        return {
            "returncode": os.waitstatus_to_exitcode(status),
            "timed_out": timed_out,
            "stdout": _read_text(stdout),
            "stderr": _read_text(stderr),
        }


def _wait(child: int, timeout: float) -> tuple[int, bool]:
    """Wait for the child until ``timeout`` seconds pass, then kill its process group.

    The group is killed once the child exits as well, so that processes the
    snippet started and left running cannot send requests during the next
    snippet. The child stays a zombie until then (WNOWAIT), so its process
    id, which is the group's id, cannot be reused before the kill.
    """
    deadline = time.monotonic() + timeout
    timed_out = False
    while os.waitid(os.P_PID, child, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
        if time.monotonic() > deadline:
            timed_out = True
            break
        time.sleep(_POLL_SECONDS)
    _kill_group(child)
    _, status = os.waitpid(child, 0)
    return status, timed_out


def _read_text(file: Any) -> str:
    file.seek(0)
    return file.read().decode("utf-8", errors="replace")


def _child(request: dict[str, Any], server: int, stdout_fd: int, stderr_fd: int) -> None:
    """Run the snippet in the forked child and exit, never returning to the server loop.

    The exit goes through SystemExit, so that the interpreter waits for the
    snippet's non-daemon threads, runs its atexit handlers and flushes its
    output as ``python FILE`` does.
    """
    code = 1
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        # Its own process group lets the server kill whatever the snippet starts.
        # NOTE: a process that the snippet moves to another group or session survives.
        os.setpgid(0, 0)
        _exit_with_server(server)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        sys.stdin = open(os.devnull, encoding="utf-8")  # drops the server's buffered requests
        os.dup2(stdout_fd, 1)
        os.dup2(stderr_fd, 2)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        path = request["path"]
        sys.argv = [path]
        sys.path[:] = [os.path.dirname(os.path.abspath(path))] + _STARTUP_PATH[1:]
        code = _run_main(path)
    except BaseException:
        import traceback

        traceback.print_exc()  # a failure to set up the child, reported as the snippet's error
    raise SystemExit(code)


def _exit_with_server(server: int) -> None:
    """Ask Linux to kill this child when the server dies, for example by SIGKILL.

    NOTE: elsewhere a child whose server was killed runs on until it ends,
    and on Linux too the processes that the snippet itself started do.
    """
    if _libc is None:
        return
    pr_set_pdeathsig = 1
    _libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
    if os.getppid() != server:
        os._exit(1)  # the server died before prctl took effect


def _run_main(path: str) -> int:
    """Run ``path`` as the main module and return the exit status Python would give.

    An uncaught exception goes to ``sys.excepthook`` with a traceback that
    starts in the snippet, as in ``python FILE``. After an uncaught
    KeyboardInterrupt the child kills itself with SIGINT once its atexit
    handlers have run, as ``python FILE`` does (checked with CPython 3.11).
    """
    import atexit
    import types
    from importlib.machinery import SourceFileLoader

    global _interrupted

    absolute = os.path.abspath(path)
    main = types.ModuleType("__main__")
    main.__file__ = absolute
    main.__loader__ = SourceFileLoader("__main__", absolute)
    main.__builtins__ = __builtins__
    main.__spec__ = None
    main.__cached__ = None
    main.__annotations__ = {}
    sys.modules["__main__"] = main
    try:
        with open(absolute, "rb") as file:
            source = file.read()
    except OSError as error:
        print(f"{sys.executable}: can't open file {path!r}: [Errno {error.errno}] {error.strerror}",
              file=sys.stderr)
        return 2
    # Registered first, so that it runs after the snippet's own handlers.
    atexit.register(_kill_if_interrupted)
    try:
        exec(compile(source, absolute, "exec"), main.__dict__)
    except SystemExit as exit:
        return _exit_status(exit.code)
    except BaseException as error:
        _interrupted = isinstance(error, KeyboardInterrupt)
        # The first frame is this function's, and a SyntaxError has no other.
        # The default hook prints the exception's own __traceback__.
        error.__traceback__ = error.__traceback__.tb_next if error.__traceback__ else None
        sys.excepthook(type(error), error, error.__traceback__)
        return 1
    return 0


def _exit_status(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        # CPython 3.11 converts the code to a C long, and one that does not fit gives -1.
        return code & 0xFF if -(2**63) <= code < 2**63 else 0xFF
    print(code, file=sys.stderr)
    return 1


def _kill_if_interrupted() -> None:
    if not _interrupted:
        return
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass  # the snippet replaced or closed the stream
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)


if __name__ == "__main__":
    _serve()
