"""The forking server that runs Python snippets must behave like ``python FILE``."""

from __future__ import annotations

import subprocess
import sys
import textwrap
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
