"""Run the generated snippets of a collection and compare what they send with newman.

For each item of a collection, :func:`run_collection` generates the Python
snippets (requests, httpx and standard library) and the curl snippet. It
runs each against a capture server on 127.0.0.1 and compares the requests that arrive with the request newman sent
for the same item (:mod:`generator.conformance.compare`). The PowerShell
snippet is read back with :func:`generator.conformance.powershell.extract_request`
and compared by the same rules, because pwsh is usually not installed. When
``pwsh`` is on ``PATH`` it is run like the others.

The collection is prepared with :func:`generator.conformance.prepare.prepare_collection`
for the capture server's origin and with the variable values newman ran with,
so both sides resolve the same values. Items whose signature changes per
request (``volatile`` in the expectation) are compared by structure only:
see :func:`compare_volatile`.

Write the ratchet file of the test suite with::

    .venv/bin/python -m generator.conformance.run --write-known tests/conformance/known_differences.json
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from generator.api import generate, load_collection, make_scope
from generator.conformance import python_runner
from generator.conformance.capture import CapturedRequest, CaptureServer
from generator.conformance.compare import (
    Difference,
    FormPart,
    compare,
    compare_chain,
    compare_form_parts,
    failures,
    form_parts,
)
from generator.conformance.powershell import MultipartPart, PowerShellError, extract_request
from generator.conformance.prepare import prepare_collection
from generator.conformance.python_runner import PythonRunner
from generator.conformance.suite import COLLECTIONS_DIR, EXPECTED_DIR, FILES_DIR, add_suite_routes
from generator.dynamic import expand_hoisted
from generator.errors import InputError, ItemError
from generator.model import Collection, RequestItem
from generator.wire import build_wire_request

__all__ = [
    "LANGUAGES",
    "LanguageResult",
    "collection_stem",
    "compare_volatile",
    "known_key",
    "load_expectations",
    "run_collection",
    "run_suite",
]

LANGUAGES = ("python", "python-httpx", "python-stdlib", "curl", "powershell")
SNIPPET_TIMEOUT_SECONDS = 20
COLLECTION_SUFFIX = ".postman_collection.json"

_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
_SUFFIXES = {"python": ".py", "python-httpx": ".py", "python-stdlib": ".py", "curl": ".sh", "powershell": ".ps1"}
# How long to wait for requests still in flight after a snippet exits. The
# capture server records a request before it responds, so this rarely waits.
_SETTLE_SECONDS = 0.2
_GENERATE_LOCK = threading.Lock()


@dataclass
class LanguageResult:
    """The outcome of one item in one language.

    ``status`` is ``match`` (no failing difference), ``differences`` or
    ``failure``. ``differences`` lists every difference found, including the
    informational ones. ``failure`` is the reason the snippet could not be
    generated, run or read: ``failure_kind`` is ``generator-error``,
    ``timeout``, ``not-sent``, ``unsafe-target`` or ``not-comparable``.
    """

    collection: str
    address: str
    language: str
    status: str
    differences: list[Difference] = field(default_factory=list)
    failure_kind: str | None = None
    failure: str | None = None
    structural: bool = False

    @property
    def kinds(self) -> list[str]:
        """The sorted, distinct kinds of the failing differences, or ``failure:<kind>``."""
        if self.status == "failure":
            return [f"failure:{self.failure_kind}"]
        return sorted({difference.kind for difference in failures(self.differences)})


def collection_stem(path: str | Path) -> str:
    name = Path(path).name
    return name[: -len(COLLECTION_SUFFIX)] if name.endswith(COLLECTION_SUFFIX) else Path(path).stem


def known_key(collection: str, address: str, language: str) -> str:
    """Return the ratchet key ``collection/item address/language``."""
    return f"{collection}/{address}/{language}"


def load_expectations(folder: Path) -> tuple[dict[str, Any], dict[str, dict[str, Any]]]:
    """Read ``_run.json`` and every expectation of a recorded collection, keyed by item address."""
    run = json.loads((folder / "_run.json").read_text(encoding="utf-8"))
    expectations: dict[str, dict[str, Any]] = {}
    for path in sorted(folder.glob("*.json")):
        if path.name == "_run.json":
            continue
        expectation = json.loads(path.read_text(encoding="utf-8"))
        expectations[expectation["address"]] = expectation
    return run, expectations


# --- the environment snippets run in -----------------------------------------------------


def _snippet_environment() -> dict[str, str]:
    """Return this process's environment without any proxy variable, in either case."""
    return {key: value for key, value in os.environ.items() if key.lower() not in _PROXY_VARIABLES}


class _Worker:
    """A capture server and a scratch folder holding a copy of the working directory.

    One worker runs one snippet at a time, so the server's captures belong to
    that snippet alone.
    """

    def __init__(self, working_dir: Path | None, shell: str = "bash") -> None:
        self.shell = shell
        self.server = CaptureServer().start()
        add_suite_routes(self.server)
        self._temp = tempfile.TemporaryDirectory(prefix="conformance-run-")
        self.folder = Path(self._temp.name) / "work"
        if working_dir is not None and working_dir.is_dir():
            shutil.copytree(working_dir, self.folder)
        else:
            self.folder.mkdir()
        self.snippet_dir = Path(self._temp.name) / "snippets"
        self.snippet_dir.mkdir()
        self._count = 0
        self._python_runner: PythonRunner | None = None

    def close(self) -> None:
        self.server.stop()
        if self._python_runner is not None:
            self._python_runner.close()
        self._temp.cleanup()

    def run_snippet(self, language: str, path: Path) -> subprocess.CompletedProcess[str]:
        """Run the snippet file ``path`` in the scratch folder.

        Raises subprocess.TimeoutExpired after SNIPPET_TIMEOUT_SECONDS, and
        RuntimeError when the Python snippet server exited.
        """
        if language in _PYTHON_LANGUAGES and python_runner.available():
            environment = _snippet_environment()
            if self._python_runner is None:
                self._python_runner = PythonRunner(environment)
            try:
                return self._python_runner.run(path, cwd=self.folder, env=environment, timeout=SNIPPET_TIMEOUT_SECONDS)
            except RuntimeError:
                self._python_runner.close()
                self._python_runner = None  # the next snippet starts a new server
                raise
        return subprocess.run(
            _command(language, path, self.shell),
            cwd=self.folder,
            env=_snippet_environment(),
            capture_output=True,
            text=True,
            timeout=SNIPPET_TIMEOUT_SECONDS,
            check=False,
        )

    def snippet_path(self, language: str) -> Path:
        self._count += 1
        return self.snippet_dir / f"snippet-{self._count}{_SUFFIXES[language]}"


_PYTHON_LANGUAGES = frozenset({"python", "python-httpx", "python-stdlib"})


def _command(language: str, path: Path, shell: str = "bash") -> list[str]:
    if language in _PYTHON_LANGUAGES:
        return [sys.executable, str(path)]
    if language == "curl":
        return [shell, str(path)]
    pwsh = shutil.which("pwsh")
    assert pwsh is not None
    return [pwsh, "-NoProfile", "-NonInteractive", "-File", str(path)]


def _check_target(url: str, server: CaptureServer) -> str | None:
    """Return why ``url`` must not be requested, or None when it names the capture server."""
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return f"the URL {url!r} has an invalid port"
    if parts.scheme != "http" or parts.hostname != "127.0.0.1" or port != server.port:
        return f"the URL {url!r} does not name the capture server {server.url}"
    return None


# --- comparing items whose signature changes per request --------------------------------


def _auth_structure(value: str) -> tuple[str, list[str]]:
    """Return the scheme of an Authorization value and the names of its ``name=value`` parameters."""
    scheme, _, rest = value.strip().partition(" ")
    names = []
    for piece in rest.split(","):
        name, separator, _ = piece.strip().partition("=")
        if separator and name:
            names.append(name.strip())
    return scheme.lower(), sorted(names)


def _request_fields(source: Mapping[str, Any] | CapturedRequest) -> tuple[str, str, list[tuple[str, str]]]:
    if isinstance(source, CapturedRequest):
        return source.method, source.target, list(source.headers)
    return str(source["method"]), str(source["target"]), [(str(n), str(v)) for n, v in source["headers"]]


def compare_volatile(
    expected: Mapping[str, Any], actual: CapturedRequest | Mapping[str, Any] | None
) -> list[Difference]:
    """Compare a request that is signed with the time or a nonce by its structure.

    The method and body compare as in :func:`compare`. The target compares by
    path and by the names of its query parameters, headers by name only, and
    ``Authorization`` by its scheme and parameter names, so a fresh nonce or
    signature is no difference but a missing ``oauth_signature`` is.
    """
    if expected.get("sent") is False or actual is None:
        return compare(expected, actual)
    differences = [
        difference
        for difference in compare(expected, actual, ignore_headers=["Authorization"])
        if difference.kind not in {"target", "header-value", "header-missing", "header-extra"}
    ]
    _, expected_target, expected_headers = _request_fields(expected)
    _, actual_target, actual_headers = _request_fields(actual)

    expected_url = urlsplit(expected_target)
    actual_url = urlsplit(actual_target)
    expected_query = sorted(name for name, _ in parse_qsl(expected_url.query, keep_blank_values=True))
    actual_query = sorted(name for name, _ in parse_qsl(actual_url.query, keep_blank_values=True))
    if expected_url.path != actual_url.path or expected_query != actual_query:
        differences.append(
            Difference(
                "target",
                f"expected path {expected_url.path!r} with query names {expected_query}, "
                f"got {actual_url.path!r} with {actual_query}",
            )
        )

    ignored = {"user-agent", "postman-token", "host", "connection", "accept-encoding", "cache-control",
               "content-length", "authorization"}
    expected_names = Counter(name.lower() for name, _ in expected_headers if name.lower() not in ignored)
    actual_names = Counter(name.lower() for name, _ in actual_headers if name.lower() not in ignored)
    for name in sorted((expected_names - actual_names).keys()):
        differences.append(Difference("header-missing", f"{name} (compared by name only)"))
    for name in sorted((actual_names - expected_names).keys()):
        differences.append(Difference("header-extra", f"{name} (compared by name only)"))

    expected_auth = [value for name, value in expected_headers if name.lower() == "authorization"]
    actual_auth = [value for name, value in actual_headers if name.lower() == "authorization"]
    expected_structure = [_auth_structure(value) for value in expected_auth]
    actual_structure = [_auth_structure(value) for value in actual_auth]
    if expected_structure != actual_structure:
        differences.append(
            Difference(
                "auth-structure",
                f"Authorization (scheme, parameter names): expected {expected_structure}, got {actual_structure}",
            )
        )
    return differences


# --- one item in one language ---------------------------------------------------------------


def _powershell_request(code: str, folder: Path) -> dict[str, Any]:
    """Turn the request read from a PowerShell snippet into an expectation-like record.

    ``folder`` is the snippet's working directory, which file paths are read
    from, and the folder where the snippet's Test-File checks look. A
    multipart body comes back as ``multipart``, a list of FormPart, because
    only .NET chooses its boundary and the layout of its part headers. Raise
    FileNotFoundError for a file that the snippet reads without checking
    that it exists, because PowerShell then stops before sending.

    NOTE: this is what the source states, not what PowerShell 7 sends. Headers
    that Invoke-RestMethod adds itself, or parameters such as ``-Form`` and
    ``-Credential``, are not modelled: a snippet that relies on them shows up
    as a difference (or, for a body the reader cannot evaluate, as a
    ``not-comparable`` failure).
    """
    # os.path.isfile, unlike Path.is_file, returns False for a name too long for the system.
    extracted = extract_request(code, file_exists=lambda path: os.path.isfile(folder / path))
    parts = urlsplit(extracted.uri)
    if extracted.flags.get("form") is not None:
        raise PowerShellError("the body is given with -Form, which only a real run can compare")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(extracted.headers)
    if extracted.content_type is not None:
        headers.append(("Content-Type", extracted.content_type))
    body = (extracted.body or "").encode("utf-8")
    in_file = extracted.flags.get("in_file")
    if in_file is not None:
        if not isinstance(in_file, str):
            raise PowerShellError("InFile must be a string")
        body = _read_snippet_file(folder, in_file)
    if extracted.body is not None or in_file is not None:
        headers.append(("Content-Length", str(len(body))))
    try:
        port = parts.port
    except ValueError:
        raise PowerShellError(f"the snippet's URI {extracted.uri!r} has an invalid port") from None
    host = f"{parts.hostname}:{port}" if port else str(parts.hostname)
    headers.append(("Host", host))
    multipart = None
    if extracted.multipart is not None:
        multipart = [_form_part(part, folder) for part in extracted.multipart]
    return {"method": extracted.method.upper(), "target": target, "headers": headers,
            "body": body, "uri": extracted.uri, "multipart": multipart,
            "computed_at_run_time": extracted.computed_at_run_time}


def _read_snippet_file(folder: Path, path: str) -> bytes:
    file = folder / path
    if not os.path.isfile(file):
        raise FileNotFoundError(f"the snippet stops because the file {path!r} does not exist")
    return file.read_bytes()


def _form_part(part: MultipartPart, folder: Path) -> FormPart:
    if part.text is not None:
        content = part.text.encode("utf-8")
    elif part.path is not None:
        content = _read_snippet_file(folder, part.path)
    else:
        content = b""
    return FormPart(part.name, part.filename, part.content_type, content)


def _compare_multipart(expectation: Mapping[str, Any], record: dict[str, Any], origin: str) -> list[Difference]:
    """Compare a PowerShell multipart body with newman's by its parts, and the rest of the request exactly."""
    expected_type = next(
        (value for name, value in expectation.get("headers", []) if name.lower() == "content-type"), ""
    )
    match = re.search(r"boundary=([^;]+)", expected_type)
    if not expected_type.lower().startswith("multipart/form-data") or match is None:
        return [Difference("body", f"the snippet sends multipart/form-data, newman sent {expected_type!r}")]
    # .NET writes the Content-Type and Content-Length of the multipart body itself.
    differences = [
        difference
        for difference in compare(expectation, record, actual_origin=origin, ignore_headers=["Content-Type"])
        if difference.kind not in ("body", "content-length", "content-length-zero")
        and not difference.detail.startswith("content-length")
    ]
    body = base64.b64decode((expectation.get("body") or {}).get("base64") or "")
    try:
        expected_parts = form_parts(body, match.group(1).strip('"'))
    except ValueError as error:
        return [*differences, Difference("body", f"newman's multipart body cannot be split: {error}")]
    return [*differences, *compare_form_parts(expected_parts, record["multipart"])]


class _ItemRunner:
    """Generate, run and compare the snippets of one prepared collection."""

    def __init__(
        self,
        collection_name: str,
        collection: Collection,
        variables: Mapping[str, str],
        expectations: Mapping[str, dict[str, Any]],
        languages: Sequence[str],
        options: Mapping[str, object] | None = None,
        variables_mode: str = "inline",
    ) -> None:
        self.options = dict(options or {})
        self.collection_name = collection_name
        self.collection = collection
        self.variables = dict(variables)
        self.expectations = expectations
        self.languages = languages
        self.variables_mode = variables_mode

    def run_item(self, item: RequestItem, address: str, worker: _Worker) -> list[LanguageResult]:
        expectation = self.expectations.get(address)
        if expectation is not None and self.variables_mode == "hoist" and not self._hoists(item):
            return []  # the snippets are those of inline mode
        results = []
        for language in self.languages:
            if expectation is None:
                results.append(self._failure(address, language, "not-comparable", f"no expectation recorded for {address!r}"))
                continue
            results.append(self._run_language(item, address, language, expectation, worker))
        return results

    def _hoists(self, item: RequestItem) -> bool:
        """Tell whether ``item`` hoists a variable, or fails to build, in hoist mode."""
        scope = make_scope(self.collection, variables=self.variables)
        scope.set_variable_mode("hoist")
        try:
            return bool(build_wire_request(item, scope).hoisted)
        except (ItemError, InputError):
            return True

    def _failure(self, address: str, language: str, kind: str, message: str) -> LanguageResult:
        return LanguageResult(self.collection_name, address, language, "failure",
                              failure_kind=kind, failure=message)

    def _run_language(
        self, item: RequestItem, address: str, language: str, expectation: Mapping[str, Any], worker: _Worker
    ) -> LanguageResult:
        try:
            # The scope records unresolved names, so each generation gets its own.
            # NOTE: generation runs under a process-wide lock because the Python
            # formatter is imported lazily, and concurrent first imports of black
            # failed with "module 'black' has no attribute 'Mode'".
            with _GENERATE_LOCK:
                scope = make_scope(self.collection, variables=self.variables)
                scope.set_variable_mode(self.variables_mode)
                wire = build_wire_request(item, scope)
                code = generate(self.collection, item, language, scope=scope, wire=wire, options=self.options).code
        except (ItemError, InputError) as error:
            if expectation.get("sent") is False:
                # newman refused to send this item too, so refusing matches.
                return self._result(address, language, [], False)
            return self._failure(address, language, "generator-error", str(error))
        except Exception as error:  # a crash of the generator is recorded, not raised
            return self._failure(address, language, "generator-error", f"{type(error).__name__}: {error}")

        volatile = bool(expectation.get("volatile"))
        if language == "powershell" and shutil.which("pwsh") is None:
            return self._compare_powershell(address, code, expectation, worker, volatile)

        # A hoisted URL contains markers, and the check needs the URL that is sent.
        reason = _check_target(expand_hoisted(wire.url, dict(wire.hoisted)), worker.server)
        if reason is not None:
            return self._failure(address, language, "unsafe-target", f"{reason}; the snippet was not run")
        path = worker.snippet_path(language)
        path.write_text(code, encoding="utf-8")
        worker.server.clear()
        try:
            completed = worker.run_snippet(language, path)
        except subprocess.TimeoutExpired:
            return self._failure(address, language, "timeout",
                                 f"the snippet did not finish within {SNIPPET_TIMEOUT_SECONDS} s")
        except RuntimeError as error:
            return self._failure(address, language, "runner-error", str(error))
        try:
            worker.server.wait_for(1, timeout=_SETTLE_SECONDS)
        except TimeoutError:
            pass
        requests = worker.server.requests
        if not requests and expectation.get("sent") is not False:
            output = (completed.stderr or completed.stdout).strip().splitlines()
            last_line = output[-1] if output else "no output"
            return self._failure(address, language, "not-sent",
                                 f"no request arrived (exit status {completed.returncode}: {last_line})")

        if volatile:
            differences = compare_volatile(expectation, requests[0] if requests else None)
            if len(requests) > 1 + len(expectation.get("redirects", [])):
                differences.append(Difference("redirect-count", f"got {len(requests)} requests"))
        else:
            differences = compare_chain(expectation, requests)
        return self._result(address, language, differences, volatile)

    def _compare_powershell(
        self, address: str, code: str, expectation: Mapping[str, Any], worker: _Worker, volatile: bool
    ) -> LanguageResult:
        try:
            request = _powershell_request(code, worker.folder)
        except PowerShellError as error:
            return self._failure(address, "powershell", "not-comparable", str(error))
        except FileNotFoundError as error:
            return self._failure(address, "powershell", "not-sent", str(error))
        reason = _check_target(request.pop("uri"), worker.server)
        if reason is not None:
            return self._failure(address, "powershell", "unsafe-target", reason)
        if request.pop("computed_at_run_time") and not volatile:
            # The reader puts placeholders in place of a signature, time or
            # nonce that only a run computes, so only a comparison by
            # structure can use what it read.
            return self._failure(
                address, "powershell", "not-comparable",
                "the snippet computes a value when it runs (a signature, the time or a nonce), which only pwsh can show",
            )
        body = request.pop("body")
        record = {**request, "body": {"base64": base64.b64encode(body).decode("ascii")}}
        if volatile:
            differences = compare_volatile(expectation, record)
        elif record["multipart"] is not None:
            differences = _compare_multipart(expectation, record, worker.server.url)
        else:
            differences = compare(expectation, record, actual_origin=worker.server.url)
        return self._result(address, "powershell", differences, volatile)

    def _result(
        self, address: str, language: str, differences: list[Difference], structural: bool
    ) -> LanguageResult:
        status = "differences" if failures(differences) else "match"
        return LanguageResult(self.collection_name, address, language, status,
                              differences=differences, structural=structural)


# --- whole collections --------------------------------------------------------------------


def run_collection(
    collection_path: str | Path,
    expectations: Mapping[str, dict[str, Any]],
    *,
    variables: Mapping[str, str] | None = None,
    working_dir: str | Path | None = None,
    languages: Sequence[str] = LANGUAGES,
    workers: int = 2,
    collection_name: str | None = None,
    options: Mapping[str, object] | None = None,
    variables_mode: str = "inline",
    shell: str = "bash",
) -> list[LanguageResult]:
    """Run every item of ``collection_path`` in each language and compare it with ``expectations``.

    ``expectations`` are keyed by item address, as
    :func:`generator.conformance.newman.capture` returns them. ``variables``
    are the caller's own variable values of the newman run (not the origin
    overrides or fill values, which the preparation derives again).
    ``working_dir`` is the folder newman resolved file paths from: it is
    copied into each worker's scratch folder, which is the snippets' working
    directory. ``options`` are the generation options (generator.api.generate).
    ``variables_mode`` is the ``--variables`` mode the snippets are generated
    in. In "hoist" mode, items that hoist no variable are left out, because
    their snippets are those of inline mode. ``shell`` runs the curl
    snippets. Results come in collection order.
    """
    collection_path = Path(collection_path)
    name = collection_name or collection_stem(collection_path)
    data = json.loads(collection_path.read_text(encoding="utf-8"))
    workers = max(1, workers)
    pool = [_Worker(Path(working_dir) if working_dir else None, shell) for _ in range(workers)]
    try:
        # Every worker's server has its own port, so each one gets its own prepared copy.
        runners = [
            _prepared_runner(name, data, worker, variables, expectations, languages, options, variables_mode)
            for worker in pool
        ]
        items = list(runners[0].collection.requests)
        addresses = _item_keys(items)
        free: list[int] = list(range(workers))
        free_lock = threading.Lock()

        def run_one(index: int) -> list[LanguageResult]:
            with free_lock:
                slot = free.pop()
            try:
                runner = runners[slot]
                return runner.run_item(runner.collection.requests[index], addresses[index], pool[slot])
            finally:
                with free_lock:
                    free.append(slot)

        with ThreadPoolExecutor(max_workers=workers) as executor:
            per_item = list(executor.map(run_one, range(len(items))))
    finally:
        for worker in pool:
            worker.close()
    results = [result for results in per_item for result in results]

    # An item the loader rejected has no RequestItem. It matches when newman
    # sent nothing for it either, and is a generator failure otherwise.
    # In hoist mode an item that hoists nothing has no results but was loaded.
    loaded = set(addresses) | {result.address for result in results}
    problems = "; ".join(runners[0].collection.problems) or "no loader message"
    for address, expectation in expectations.items():
        if address in loaded:
            continue
        if expectation.get("sent") is False:
            results.extend(LanguageResult(name, address, language, "match") for language in languages)
        else:
            results.extend(
                LanguageResult(name, address, language, "failure", failure_kind="generator-error",
                               failure=f"the loader did not load this item ({problems})")
                for language in languages
            )
    return results


def _item_keys(items: Sequence[RequestItem]) -> list[str]:
    """Return each item's expectation key: its address, and `` [2]``, `` [3]``, ... for repeats."""
    keys: list[str] = []
    for item in items:
        address = item.address
        key = address
        number = 2
        while key in keys:
            key = f"{address} [{number}]"
            number += 1
        keys.append(key)
    return keys


def _prepared_runner(
    name: str,
    data: Mapping[str, Any],
    worker: _Worker,
    variables: Mapping[str, str] | None,
    expectations: Mapping[str, dict[str, Any]],
    languages: Sequence[str],
    options: Mapping[str, object] | None = None,
    variables_mode: str = "inline",
) -> _ItemRunner:
    prepared = prepare_collection(data, worker.server.url, variables)
    prepared_file = worker.snippet_dir.parent / "collection.json"
    prepared_file.write_text(json.dumps(prepared.data), encoding="utf-8")
    collection = load_collection(prepared_file)
    return _ItemRunner(name, collection, prepared.variables, expectations, languages, options, variables_mode)


def run_suite(
    names: Iterable[str] | None = None,
    *,
    languages: Sequence[str] = LANGUAGES,
    workers: int = 2,
    options: Mapping[str, object] | None = None,
    variables_mode: str = "inline",
    shell: str = "bash",
) -> list[LanguageResult]:
    """Run the project's conformance collections against their recorded expectations.

    ``options`` are the generation options. ``variables_mode`` is the
    ``--variables`` mode the snippets are generated in; both modes must send
    what newman sent. In "hoist" mode only the items that hoist a variable
    are run. ``shell`` runs the curl snippets.
    """
    results = []
    paths = sorted(COLLECTIONS_DIR.glob("*" + COLLECTION_SUFFIX))
    for path in paths:
        stem = collection_stem(path)
        if names is not None and stem not in names:
            continue
        _, expectations = load_expectations(EXPECTED_DIR / stem)
        # The recordings were made with no variables of the caller's own (see
        # scripts/capture_expected.py), so the preparation derives every value.
        results.extend(
            run_collection(
                path,
                expectations,
                working_dir=FILES_DIR,
                languages=languages,
                workers=workers,
                options=options,
                variables_mode=variables_mode,
                shell=shell,
            )
        )
    return results


def known_differences(results: Iterable[LanguageResult]) -> dict[str, list[str]]:
    """Return the ratchet mapping: every key with a failing difference or a failure, to its kinds."""
    known = {}
    for result in results:
        if result.kinds:
            known[known_key(result.collection, result.address, result.language)] = result.kinds
    return dict(sorted(known.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Run the snippets of the conformance collections and compare them with the recordings."
    )
    parser.add_argument("--write-known", type=Path, metavar="FILE",
                        help="write the difference kinds seen per item and language to FILE (JSON)")
    parser.add_argument("--workers", type=int, default=2, help="snippets run in parallel (default: 2)")
    parser.add_argument("--variables", choices=("inline", "hoist"), default="inline",
                        help="the --variables mode to generate the snippets in (default: inline)")
    args = parser.parse_args(argv)

    results = run_suite(workers=args.workers, variables_mode=args.variables)
    for result in results:
        if result.kinds:
            print(f"{known_key(result.collection, result.address, result.language)}: {', '.join(result.kinds)}")
    counts = Counter(result.status for result in results)
    print(f"{len(results)} result(s): " + ", ".join(f"{counts[s]} {s}" for s in ("match", "differences", "failure")))
    if args.write_known is not None:
        args.write_known.write_text(
            json.dumps(known_differences(results), indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        print(f"wrote {args.write_known}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
