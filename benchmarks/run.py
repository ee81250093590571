"""Time postman-snippets against postman-code-generators on the same machine.

Usage: ``.venv/bin/python benchmarks/run.py [--repeat N] [--write-docs]``

For every collection in ../shared/collections/ (skipped with a message when
absent) and for a synthetic collection of 10,000 requests built here, both
tools turn every request into Python (requests), curl and PowerShell
snippets in one process. Each time is the median of --repeat runs:

- cold: wall time of the whole process, interpreter start included;
- warm: time measured inside the process after start-up and imports;
- ours through the command line: ``postman-snippets generate`` with an
  empty output folder and no snippet cache (first run), then re-runs on
  the output folder and cache of that run, one right after it and the
  median of later ones (see ours_reruns);
- cold CPU: user and system CPU seconds of the cold run, worker processes
  included, which other load on the machine changes much less than the
  wall time.

postman-code-generators is installed from the npm registry into
benchmarks/.node/ (git-ignored) on first use. Nothing here is a test.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NODE_FOLDER = HERE / ".node"
WORK_FOLDER = HERE / ".work"
COLLECTIONS = ROOT.parent / "shared" / "collections"
CODEGEN_VERSION = "2.1.1"
SYNTHETIC_REQUESTS = 10_000
DOCS = ROOT / "docs" / "benchmarks.md"


def install_codegen() -> None:
    if (NODE_FOLDER / "node_modules" / "postman-code-generators").is_dir():
        return
    NODE_FOLDER.mkdir(exist_ok=True)
    (NODE_FOLDER / "package.json").write_text('{"private": true}\n')
    # --ignore-scripts skips the package's postinstall, which installs the
    # dependencies of all its generators; the three used here have none.
    subprocess.run(
        ["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", f"postman-code-generators@{CODEGEN_VERSION}"],
        cwd=NODE_FOLDER,
        check=True,
    )


def build_synthetic(path: Path, count: int = SYNTHETIC_REQUESTS) -> None:
    """Write a collection of ``count`` requests with varied methods, headers, bodies and examples."""
    generator = random.Random(20240601)
    methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
    folders = []
    for folder_number in range(count // 100):
        items = []
        for number in range(100):
            index = folder_number * 100 + number
            method = methods[index % len(methods)]
            fields = {f"field_{key}": generator.choice(["text", 12, 3.5, True, None]) for key in range(index % 7 + 1)}
            request = {
                "method": method,
                "header": [
                    {"key": "Accept", "value": "application/json"},
                    {"key": "X-Request-Id", "value": f"request-{index}"},
                ],
                "url": {
                    "raw": f"{{{{baseUrl}}}}/resources/{index}/items?page={index % 9}&filter=name%20eq%20'x{index}'",
                    "host": ["{{baseUrl}}"],
                    "path": ["resources", str(index), "items"],
                    "query": [{"key": "page", "value": str(index % 9)}, {"key": "filter", "value": f"name%20eq%20'x{index}'"}],
                },
            }
            if method in ("POST", "PUT", "PATCH"):
                request["body"] = {"mode": "raw", "raw": json.dumps({"name": f"item {index}", "attributes": fields}), "options": {"raw": {"language": "json"}}}
            response_body = {"id": index, "name": f"item {index}", "tags": ["a", "b"], "owner": {"id": index * 7, "email": "owner@example.com"}, "attributes": fields}
            items.append({
                "name": f"Request {index}",
                "request": request,
                "response": [{
                    "name": "OK",
                    "originalRequest": request,
                    "code": 200,
                    "status": "OK",
                    "header": [{"key": "Content-Type", "value": "application/json"}],
                    "body": json.dumps(response_body),
                }],
            })
        folders.append({"name": f"Folder {folder_number}", "item": items})
    collection = {
        "info": {"name": "Synthetic", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
        "variable": [{"key": "baseUrl", "value": "https://api.example.com/v1"}],
        "auth": {"type": "bearer", "bearer": [{"key": "token", "value": "{{token}}", "type": "string"}]},
        "item": folders,
    }
    path.write_text(json.dumps(collection))


def run_json(command: list[str], env: dict | None = None) -> tuple[float, dict]:
    """Run ``command`` and return its wall time and its JSON report.

    The report gains ``cpu``: the user and system CPU seconds of the process
    and of the processes it waited for. Unlike the wall time, it barely
    changes when other programs compete for the CPUs.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = json.loads(completed.stdout.strip().splitlines()[-1])
    report["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, report


def ours(path: Path, workers: int | None = None) -> tuple[float, dict]:
    command = [sys.executable, str(HERE / "ours.py"), str(path)]
    if workers is not None:
        command += ["--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return run_json(command, env)


def command_line() -> list[str]:
    """Return the command a user runs: the console script beside this interpreter, else ``python -m generator``."""
    script = Path(sys.executable).with_name("postman-snippets")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "generator"]


# The minimum number of later re-runs that ours_reruns times.
LATER_RERUNS = 11


def ours_reruns(path: Path, repeat: int) -> tuple[float, float, float]:
    """Time a first run and re-runs of ``postman-snippets generate PATH --out OUT`` with one cache folder.

    Returns the median wall time of ``repeat`` first runs, with an empty
    output folder and a cache folder that contains only the compiled templates
    (as in ours.py's cold run); the wall time of a re-run right after the
    first run; and the median of ``repeat`` (at least LATER_RERUNS) later
    re-runs. The first re-run compares every
    snippet file with the stored run, because the files are younger than
    the launcher's TRUSTED_AGE_NS. A re-run after that age stores the files'
    identities, and later re-runs compare only those, as a documentation
    build that runs again minutes later does. The command writes the
    snippets of Python, curl and PowerShell with the default options, the
    same languages and options as ours.py.
    """
    from generator.launch import TRUSTED_AGE_NS

    # In the project's folder, not /tmp: creating a file in /tmp took about
    # 1 ms on the development machine, and 0.05 to 0.6 ms in this folder.
    WORK_FOLDER.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=WORK_FOLDER) as folder:
        command = [*command_line(), "generate", str(path), "--out", str(Path(folder) / "out")]
        env = dict(os.environ, POSTMAN_SNIPPETS_CACHE_DIR=str(Path(folder) / "cache"), PYTHONPATH=str(ROOT))

        def run() -> float:
            started = time.perf_counter()
            completed = subprocess.run(command, capture_output=True, text=True, env=env)
            elapsed = time.perf_counter() - started
            # Status 1 means that some items were skipped, as in the cold run.
            if completed.returncode not in (0, 1):
                raise RuntimeError(f"{' '.join(command)} failed with status {completed.returncode}: {completed.stderr}")
            return elapsed

        run()  # compiles the templates into the cache folder
        first_runs = []
        for _ in range(repeat):
            for entry in (Path(folder) / "cache").iterdir():
                if entry.is_dir() and entry.name != "templates":
                    shutil.rmtree(entry)
                elif not entry.is_dir():
                    entry.unlink()
            shutil.rmtree(Path(folder) / "out")
            first_runs.append(run())
        at_once = run()
        # The first runs wrote thousands of files. Flushing them now keeps
        # the kernel from writing them back while the re-runs are timed.
        os.sync()
        time.sleep(TRUSTED_AGE_NS / 1e9 + 0.1)
        run()
        os.sync()
        # A re-run takes 20 to 300 ms, so more of them are cheap and steady the median.
        later = statistics.median(run() for _ in range(max(repeat, LATER_RERUNS)))
        return statistics.median(first_runs), at_once, later


def theirs(path: Path) -> tuple[float, dict]:
    env = dict(os.environ, NODE_PATH=str(NODE_FOLDER / "node_modules"))
    return run_json(["node", str(HERE / "convert.js"), str(path)], env)


def measure(path: Path, repeat: int) -> dict:
    ours_cold, ours_warm, theirs_cold, theirs_warm, peaks = [], [], [], [], []
    ours_cpu, theirs_cpu = [], []
    for _ in range(repeat):
        wall, report = ours(path)
        ours_cold.append(wall)
        ours_cpu.append(report["cpu"])
        ours_warm.append(report["load"] + report["generate"])
        peaks.append(report["peak_mib"])
        wall, their_report = theirs(path)
        theirs_cold.append(wall)
        theirs_cpu.append(their_report["cpu"])
        theirs_warm.append(their_report["load"] + their_report["convert"])
    _, split = ours(path, workers=1)
    first_run, cached_at_once, cached_later = ours_reruns(path, repeat)
    return {
        "name": path.name.removesuffix(".postman_collection.json").removesuffix(".json"),
        "megabytes": path.stat().st_size / 1e6,
        "requests": report["requests"],
        "errors": (report["errors"], their_report["errors"]),
        "ours_cold": statistics.median(ours_cold),
        "ours_warm": statistics.median(ours_warm),
        "ours_first_run": first_run,
        "ours_cached_at_once": cached_at_once,
        "ours_cached": cached_later,
        "theirs_cold": statistics.median(theirs_cold),
        "theirs_warm": statistics.median(theirs_warm),
        "ours_cpu": statistics.median(ours_cpu),
        "theirs_cpu": statistics.median(theirs_cpu),
        "peak_mib": max(peaks),
        "split": (split["import"], split["load"], split["generate"] - split["format"], split["format"]),
    }


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return (
        f"{os.cpu_count()} CPUs (nproc), {platform.machine()} (uname -m), {model}; "
        f"Python {platform.python_version()}, Node {node}, postman-code-generators {CODEGEN_VERSION}; "
        f"{console_script()}"
    )


def console_script() -> str:
    """Say which pip wrote the console script and whether the script imports ``re``.

    pip before 25.2 wrote scripts that import ``re`` before the entry point,
    which adds several milliseconds to every re-run.
    """
    script = Path(sys.executable).with_name("postman-snippets")
    try:
        imports_re = "import re\n" in Path(script).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "no console script"
    pip = subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True, text=True).stdout.split()
    version = pip[1] if len(pip) > 1 else "unknown"
    return f"console script from pip {version}, {'imports' if imports_re else 'without'} re"


def table(rows: list[dict]) -> str:
    lines = [
        "| collection | MB | requests | ours cold s | theirs cold s | cold ours/theirs | ours warm s | theirs warm s "
        "| ours cold CPU s | theirs cold CPU s "
        "| first run s | re-run at once s | re-run later s | later/cold | later/first | peak MiB "
        "| ours split: import / load / render / format s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for row in rows:
        split = " / ".join(f"{value:.2f}" for value in row["split"])
        lines.append(
            f"| {row['name']} | {row['megabytes']:.2f} | {row['requests']} | {row['ours_cold']:.2f} | {row['theirs_cold']:.2f} "
            f"| {row['ours_cold'] / row['theirs_cold']:.2f} | {row['ours_warm']:.2f} | {row['theirs_warm']:.2f} "
            f"| {row['ours_cpu']:.2f} | {row['theirs_cpu']:.2f} "
            f"| {row['ours_first_run']:.2f} | {row['ours_cached_at_once']:.3f} | {row['ours_cached']:.3f} "
            f"| {row['ours_cached'] / row['ours_cold']:.0%} | {row['ours_cached'] / row['ours_first_run']:.0%} "
            f"| {row['peak_mib']:.0f} | {split} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported (default 3)")
    parser.add_argument("--only", help="measure only collections whose file name contains this text")
    parser.add_argument("--write-docs", action="store_true", help=f"replace the results table in {DOCS.relative_to(ROOT)}")
    arguments = parser.parse_args()

    if shutil.which("node") is None or shutil.which("npm") is None:
        sys.exit("node and npm are needed to run postman-code-generators")
    install_codegen()
    # An installed package comes with its modules compiled, and an editable
    # one compiles them on first use, unless PYTHONDONTWRITEBYTECODE is set.
    # Compiling them here keeps that setting from adding about 45 ms of
    # compiling to every run of ours.
    compileall.compile_dir(ROOT / "generator", quiet=1)
    WORK_FOLDER.mkdir(exist_ok=True)
    synthetic = WORK_FOLDER / f"synthetic-{SYNTHETIC_REQUESTS}.json"
    if not synthetic.exists():
        build_synthetic(synthetic)
    paths = []
    if COLLECTIONS.is_dir():
        paths = sorted(COLLECTIONS.glob("*.postman_collection.json"))
    else:
        print(f"skipping the real collections: {COLLECTIONS} not found", file=sys.stderr)
    paths.append(synthetic)
    if arguments.only:
        paths = [path for path in paths if arguments.only in path.name]

    rows = []
    for path in paths:
        row = measure(path, arguments.repeat)
        print(f"{row['name']}: {row['requests']} requests, ours {row['ours_cold']:.2f} s, theirs {row['theirs_cold']:.2f} s", file=sys.stderr)
        rows.append(row)
    result = f"Machine: {machine()}. Median of {arguments.repeat} runs.\n\n{table(rows)}\n"
    print(result)
    if arguments.write_docs:
        text = DOCS.read_text()
        start, end = text.index("<!-- results -->"), text.index("<!-- /results -->")
        DOCS.write_text(text[: start + len("<!-- results -->")] + "\n" + result + text[end:])


if __name__ == "__main__":
    main()
