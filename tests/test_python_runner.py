"""The forking server that runs Python snippets must behave like ``python FILE``."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from generator.conformance import python_runner
from generator.conformance.python_runner import PythonRunner

pytestmark = pytest.mark.skipif(not python_runner.available(), reason="needs os.fork")

PROBE = """
import json, os, sys
print(json.dumps({
    "argv": sys.argv,
    "cwd": os.getcwd(),
    "name": __name__,
    "file": __file__,
    "path0": sys.path[0],
    "env": os.environ.get("PROBE_VALUE"),
    "stdin": sys.stdin.read(),
}))
"""


@pytest.fixture
def runner():
    server = PythonRunner({})
    yield server
    server.close()


def _script(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def _both(runner: PythonRunner, path: Path, cwd: Path, env: dict[str, str]):
    """Return what the server and a new interpreter give for ``path``."""
    served = runner.run(path, cwd=cwd, env=env, timeout=10)
    direct = subprocess.run(
        [sys.executable, str(path)], cwd=cwd, env=env, capture_output=True, text=True,
        stdin=subprocess.DEVNULL, timeout=10, check=False,
    )
    return served, direct


def test_runner_matches_new_interpreter(runner, tmp_path):
    path = _script(tmp_path, "probe.py", PROBE)
    work = tmp_path / "work"
    work.mkdir()
    served, direct = _both(runner, path, work, {"PROBE_VALUE": "é value"})
    assert served.returncode == direct.returncode == 0
    assert served.stdout == direct.stdout
    assert served.stderr == direct.stderr == ""


@pytest.mark.parametrize(
    ("body", "status", "stderr_end"),
    [
        ("raise SystemExit(3)", 3, ""),
        ("raise SystemExit(None)", 0, ""),
        ("raise SystemExit(256 + 7)", 7, ""),
        ("raise SystemExit('stopped here')", 1, "stopped here\n"),
        ("import sys\nsys.exit(1)", 1, ""),
        ("raise ValueError('broken')", 1, "ValueError: broken\n"),
        ("print('done')", 0, ""),
    ],
)
def test_runner_exit_status_as_python(runner, tmp_path, body, status, stderr_end):
    path = _script(tmp_path, "exit.py", body + "\n")
    served, direct = _both(runner, path, tmp_path, {})
    assert served.returncode == direct.returncode == status
    assert served.stdout == direct.stdout
    assert served.stderr.endswith(stderr_end)
    assert direct.stderr.endswith(stderr_end)


def test_runner_kills_hanging_snippet(runner, tmp_path):
    path = _script(tmp_path, "hang.py", "import time\nprint('started', flush=True)\ntime.sleep(30)\n")
    with pytest.raises(subprocess.TimeoutExpired) as caught:
        runner.run(path, cwd=tmp_path, env={}, timeout=0.5)
    assert caught.value.stdout == "started\n"
    # The server goes on with the next snippet.
    after = runner.run(_script(tmp_path, "next.py", "print('next')\n"), cwd=tmp_path, env={}, timeout=10)
    assert after.stdout == "next\n"


def test_runner_snippets_share_no_state(runner, tmp_path):
    first = _script(tmp_path, "first.py", "import json\njson.marker = 1\nGLOBAL = 1\n")
    second = _script(
        tmp_path, "second.py",
        "import json\nprint(hasattr(json, 'marker'), 'GLOBAL' in globals())\n",
    )
    assert runner.run(first, cwd=tmp_path, env={}, timeout=10).returncode == 0
    assert runner.run(second, cwd=tmp_path, env={}, timeout=10).stdout == "False False\n"


def test_runner_reports_exited_server(tmp_path):
    server = PythonRunner({})
    server._process.kill()
    server._process.wait()
    with pytest.raises(RuntimeError, match="server exited"):
        server.run(_script(tmp_path, "any.py", "pass\n"), cwd=tmp_path, env={}, timeout=10)
    server.close()


def test_runner_runs_exit_handlers(runner, tmp_path):
    path = _script(
        tmp_path, "handlers.py",
        "import atexit, sys\natexit.register(print, 'at exit')\nsys.stdout.write('unflushed')\n",
    )
    served, direct = _both(runner, path, tmp_path, {})
    assert served.returncode == direct.returncode == 0
    assert served.stdout == direct.stdout == "unflushedat exit\n"


def test_runner_snippet_keeps_default_sigint(runner, tmp_path):
    path = _script(
        tmp_path, "sigint.py",
        "import signal\nprint(signal.getsignal(signal.SIGINT) is signal.default_int_handler)\n",
    )
    served, direct = _both(runner, path, tmp_path, {})
    assert served.stdout == direct.stdout == "True\n"


@pytest.mark.parametrize(
    "body",
    [
        "raise KeyboardInterrupt",
        "import atexit\natexit.register(print, 'handler ran')\nraise KeyboardInterrupt",
        "raise SystemExit(2**64)",
        "raise SystemExit(-1)",
        "raise SystemExit(2**32 + 3)",
        "def fail():\n    raise ValueError('nested')\nfail()",
        "def (:\n",
        "import sys\nsys.excepthook = lambda *error: print('hooked', file=sys.stderr)\nraise ValueError",
        "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('late'))).start()\nprint('main')",
        "import threading\nclass Marker: pass\n"
        "def check():\n    import __main__\n    print(hasattr(__main__, 'Marker'))\n"
        "threading.Thread(target=check).start()",
        "import sys\nprint(sys.path[1:])",
        "print(sorted(dir()), __spec__, type(__loader__).__name__)",
    ],
    ids=[
        "keyboard-interrupt", "keyboard-interrupt-atexit", "exit-above-c-long", "exit-negative",
        "exit-above-c-int", "traceback", "syntax-error", "excepthook", "thread",
        "main-module-in-thread", "sys-path", "main-globals",
    ],
)
def test_runner_output_as_python(runner, tmp_path, body):
    path = _script(tmp_path, "snippet.py", body + "\n")
    served, direct = _both(runner, path, tmp_path, {})
    assert served.returncode == direct.returncode
    assert served.stdout == direct.stdout
    assert served.stderr == direct.stderr


def test_runner_replaces_invalid_utf8(runner, tmp_path):
    path = _script(tmp_path, "bytes.py", "import sys\nsys.stdout.buffer.write(b'\\xff ok\\n')\n")
    result = runner.run(path, cwd=tmp_path, env={}, timeout=10)
    assert result.returncode == 0
    assert result.stdout == "\ufffd ok\n"


def test_runner_missing_file_as_python(runner, tmp_path):
    served, direct = _both(runner, tmp_path / "missing.py", tmp_path, {})
    assert served.returncode == direct.returncode == 2
    assert served.stderr == direct.stderr


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_runner_survives_snippet_removing_output(runner, tmp_path):
    # A snippet can reach the file behind its standard output through /proc.
    path = _script(
        tmp_path, "remove.py",
        """
        import os
        target = os.readlink("/proc/self/fd/1")
        if os.path.isfile(target):
            os.remove(target)
        print("still here")
        """,
    )
    result = runner.run(path, cwd=tmp_path, env={}, timeout=10)
    assert result.returncode == 0
    assert result.stdout == "still here\n"


SLEEPER = """
import os, subprocess, sys, time
sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
with open("sleeper.pid", "w") as file:
    file.write(str(sleeper.pid))
print("started", flush=True)
time.sleep({seconds})
"""


def _gone(pid: int, within: float = 5.0) -> bool:
    """Tell whether process ``pid`` ended (a zombie counts as ended) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except FileNotFoundError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)
    return False


def _read_pid(path: Path, within: float = 10.0) -> int:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if path.exists() and path.read_text():
            return int(path.read_text())
        time.sleep(0.02)
    raise AssertionError(f"no process id in {path} after {within} s")


linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


@linux_only
def test_runner_timeout_kills_started_processes(runner, tmp_path):
    path = _script(tmp_path, "sleeps.py", SLEEPER.format(seconds=30))
    with pytest.raises(subprocess.TimeoutExpired):
        runner.run(path, cwd=tmp_path, env={}, timeout=2)
    assert _gone(_read_pid(tmp_path / "sleeper.pid"))


@linux_only
def test_runner_kills_processes_left_running(runner, tmp_path):
    path = _script(tmp_path, "leaves.py", SLEEPER.format(seconds=0))
    result = runner.run(path, cwd=tmp_path, env={}, timeout=10)
    assert result.returncode == 0
    assert _gone(_read_pid(tmp_path / "sleeper.pid"))


HANGING = """
import os, time
with open("child.pid", "w") as file:
    file.write(str(os.getpid()))
time.sleep(60)
"""


@linux_only
def test_runner_close_kills_running_snippet(tmp_path):
    server = PythonRunner({})
    path = _script(tmp_path, "hang.py", HANGING)
    errors = []

    def run() -> None:
        try:
            server.run(path, cwd=tmp_path, env={}, timeout=60)
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    child = _read_pid(tmp_path / "child.pid")
    started = time.monotonic()
    server.close()
    assert time.monotonic() - started < 10
    assert _gone(child)
    thread.join(10)
    assert not thread.is_alive()
    assert len(errors) == 1


@linux_only
def test_runner_child_dies_with_server(tmp_path):
    server = PythonRunner({})
    path = _script(tmp_path, "hang.py", HANGING)
    thread = threading.Thread(target=lambda: pytest.raises(RuntimeError, server.run, path,
                                                           cwd=tmp_path, env={}, timeout=60))
    thread.start()
    child = _read_pid(tmp_path / "child.pid")
    server._process.kill()
    assert _gone(child)
    thread.join(10)
    server.close()


CLIENT = """
import pathlib, sys
sys.path.insert(0, {root!r})
from generator.conformance.python_runner import PythonRunner
runner = PythonRunner({{}})
try:
    runner.run(pathlib.Path({path!r}), cwd=pathlib.Path({cwd!r}), env={{}}, timeout=60)
except KeyboardInterrupt:
    print("interrupted", flush=True)
    raise SystemExit(130)
finally:
    runner.close()
"""


@linux_only
def test_runner_sigint_to_group_leaves_nothing(tmp_path):
    # .ci/run stops the report with `timeout --signal=INT`, which signals the whole group.
    path = _script(tmp_path, "hang.py", HANGING)
    client = _script(
        tmp_path, "client.py",
        CLIENT.format(root=str(Path(__file__).resolve().parents[1]), path=str(path), cwd=str(tmp_path)),
    )
    process = subprocess.Popen([sys.executable, str(client)], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    child = _read_pid(tmp_path / "child.pid")
    os.killpg(process.pid, signal.SIGINT)
    stdout, _ = process.communicate(timeout=15)
    assert process.returncode == 130
    assert stdout == "interrupted\n"
    assert _gone(child)
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)


@linux_only
def test_runner_passes_sigint_to_snippet(tmp_path):
    # Without it a running snippet would hold up an interrupted report until its timeout.
    path = _script(
        tmp_path, "waits.py",
        """
        import os, time
        try:
            with open("child.pid", "w") as file:
                file.write(str(os.getpid()))
            time.sleep(60)
        except KeyboardInterrupt:
            print("interrupted")
            raise
        """,
    )
    server = PythonRunner({})
    results = []
    thread = threading.Thread(
        target=lambda: results.append(server.run(path, cwd=tmp_path, env={}, timeout=60))
    )
    thread.start()
    _read_pid(tmp_path / "child.pid")

    server._process.send_signal(signal.SIGINT)
    thread.join(10)
    server.close()

    assert not thread.is_alive()
    assert results[0].returncode == -signal.SIGINT
    assert results[0].stdout == "interrupted\n"
