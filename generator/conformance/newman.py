"""Record the requests newman sends for each item of a collection.

:func:`capture` prepares the collection (see :mod:`generator.conformance.prepare`),
runs it with newman against a :class:`~generator.conformance.capture.CaptureServer`
and writes one JSON file per item. Requires Node.js and npm on ``PATH``;
newman itself is installed on first use into a local folder.

A captured request is matched to its item through the capture server's
``X-Capture-Index`` response header, which newman's JSON reporter records
for each execution. The final response of an execution names the last
request of that item. The requests before it that were redirected to the
next one are the earlier hops of its redirect chain. Nothing is added to the
requests themselves.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from generator.conformance.capture import (
    INDEX_HEADER,
    REDIRECT_STATUSES,
    CaptureServer,
    CapturedRequest,
    Exchange,
)
from generator.conformance.prepare import (
    Item,
    PreparedCollection,
    fill_value,
    prepare_collection,
)
from generator.conformance.suite import add_suite_routes
from generator.conformance.volatility import effective_auths, volatile_reason

__all__ = [
    "DEFAULT_CACHE_DIR",
    "DEFAULT_PORT",
    "NEWMAN_VERSION",
    "NewmanError",
    "capture",
    "ensure_newman",
    "fill_value",
    "item_slug",
    "prepare_collection",
    "request_record",
    "variable_overrides",
]

logger = logging.getLogger(__name__)

NEWMAN_VERSION = "6.2.2"
DEFAULT_CACHE_DIR = Path(__file__).resolve().parents[2] / ".cache" / "newman"
# A fixed port keeps the Host header and any origin inside the recorded
# requests the same from one recording to the next. When the port is busy,
# capture() uses a free one instead.
DEFAULT_PORT = 58080

_GUARD_SCRIPT = Path(__file__).with_name("loopback_guard.js")
_PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "no_proxy")
_SLUG_MAX_LENGTH = 80
_NEWMAN_TIMEOUT_SECONDS = 1800


class NewmanError(RuntimeError):
    """Raised when newman cannot be installed or a run fails before reporting."""


@dataclass(frozen=True)
class _Execution:
    item_id: str
    final_index: int | None
    error: str | None


# --- installing and running newman -------------------------------------------------


def ensure_newman(cache_dir: Path = DEFAULT_CACHE_DIR) -> Path:
    """Return the path of newman's CLI script, installing newman with npm when missing."""
    script = cache_dir / "node_modules" / "newman" / "bin" / "newman.js"
    package_file = cache_dir / "node_modules" / "newman" / "package.json"
    if script.is_file() and _installed_version(package_file) == NEWMAN_VERSION:
        return script

    npm = shutil.which("npm")
    if npm is None:
        raise NewmanError("npm not found on PATH: install Node.js 18 or newer with npm")
    cache_dir.mkdir(parents=True, exist_ok=True)
    manifest = cache_dir / "package.json"
    if not manifest.exists():
        manifest.write_text('{"name": "newman-pin", "private": true}\n', encoding="utf-8")
    logger.info("installing newman %s into %s", NEWMAN_VERSION, cache_dir)
    # --ignore-scripts: newman and its dependencies need no install scripts.
    command = [npm, "install", "--no-audit", "--no-fund", "--ignore-scripts", f"newman@{NEWMAN_VERSION}"]
    result = subprocess.run(command, cwd=cache_dir, capture_output=True, text=True, check=False)
    if result.returncode != 0 or _installed_version(package_file) != NEWMAN_VERSION:
        raise NewmanError(
            f"npm install newman@{NEWMAN_VERSION} failed in {cache_dir} "
            f"(exit status {result.returncode}):\n{result.stderr.strip()}"
        )
    return script


def _installed_version(package_file: Path) -> str | None:
    try:
        return json.loads(package_file.read_text(encoding="utf-8")).get("version")
    except (OSError, ValueError):
        return None


def _run_newman(
    script: Path,
    collection_file: Path,
    environment_file: Path,
    report_file: Path,
    working_dir: Path,
) -> None:
    node = shutil.which("node")
    if node is None:
        raise NewmanError("node not found on PATH: install Node.js 18 or newer")
    command = [
        node,
        str(script),
        "run",
        str(collection_file),
        # An environment file rather than --env-var, because --env-var cuts
        # at the first "=" and a variable name may contain one.
        "--environment",
        str(environment_file),
        "--working-dir",
        str(working_dir),
        "--insecure",
        "--color",
        "off",
        "--disable-unicode",
        "--timeout-request",
        "10000",
        "--suppress-exit-code",
        "--reporters",
        "json",
        "--reporter-json-export",
        str(report_file),
    ]
    environment = {
        key: value for key, value in os.environ.items() if key.lower() not in _PROXY_VARIABLES
    }
    # The guard makes any connection that escaped the origin rewrite fail.
    environment["NODE_OPTIONS"] = f"--require {_GUARD_SCRIPT}"
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        env=environment,
        timeout=_NEWMAN_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not report_file.is_file():
        raise NewmanError(
            f"newman failed on {collection_file} (exit status {result.returncode}):\n"
            f"{(result.stderr or result.stdout).strip()}"
        )


# --- the public entry point ---------------------------------------------------------


def variable_overrides(
    collection_path: str | Path, origin: str, variables: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Return the environment values a run of ``collection_path`` against ``origin`` uses.

    They are the caller's ``variables``, the origin overrides (such as
    ``baseUrl``) and the fill values of undefined variables. The snippet side
    generates code with these to send what newman sent.
    """
    data = _load_json(Path(collection_path))
    return prepare_collection(data, origin, variables).variables


def capture(
    collection_path: str | Path,
    out_dir: str | Path,
    variables: Mapping[str, str] | None = None,
    *,
    working_dir: str | Path | None = None,
    port: int = DEFAULT_PORT,
    cache_dir: Path = DEFAULT_CACHE_DIR,
) -> dict[str, dict[str, Any]]:
    """Run ``collection_path`` with newman and write what each item sent to ``out_dir``.

    Returns the expectations by item address. Files are resolved from
    ``working_dir``, by default the collection's folder. ``out_dir`` gets
    one ``<item-slug>.json`` per item and ``_run.json`` with the origin,
    the variables and the newman version; older ``*.json`` files in it are
    removed first.
    """
    collection_path = Path(collection_path)
    out_dir = Path(out_dir)
    working_dir = Path(working_dir) if working_dir is not None else collection_path.parent
    script = ensure_newman(cache_dir)
    data = _load_json(collection_path)

    with _start_server(port) as server, tempfile.TemporaryDirectory(prefix="newman-run-") as temp:
        prepared = prepare_collection(data, server.url, variables)
        for note in prepared.notes:
            logger.warning("%s: %s", collection_path.name, note)
        temp_dir = Path(temp)
        collection_file = temp_dir / "collection.json"
        environment_file = temp_dir / "environment.json"
        report_file = temp_dir / "report.json"
        _write_json(collection_file, prepared.data)
        _write_json(environment_file, _environment_document(prepared.variables))
        _run_newman(script, collection_file, environment_file, report_file, working_dir)
        report = _load_json(report_file)
        exchanges = server.exchanges

    expectations = _build_expectations(collection_path.name, prepared, report, exchanges)
    _write_expectations(out_dir, collection_path.name, prepared, expectations)
    return _by_address(expectations.values())


def _by_address(expectations: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Key expectations by item address; a repeated address gets `` [2]``, `` [3]``, ..."""
    result: dict[str, dict[str, Any]] = {}
    for expectation in expectations:
        key = expectation["address"]
        number = 2
        while key in result:
            key = f"{expectation['address']} [{number}]"
            number += 1
        result[key] = expectation
    return result


def _start_server(port: int) -> CaptureServer:
    server = CaptureServer(port=port)
    try:
        server.start()
    except OSError as error:
        logger.warning("port %s is not free (%s), using a free port instead", port, error)
        server = CaptureServer(port=0).start()
    add_suite_routes(server)
    return server


def _environment_document(variables: Mapping[str, str]) -> dict[str, Any]:
    return {
        "name": "conformance",
        "values": [
            {"key": key, "value": value, "type": "default", "enabled": True}
            for key, value in variables.items()
        ],
    }


# --- matching requests to items --------------------------------------------------------


def _executions(report: Mapping[str, Any]) -> list[_Execution]:
    run = report.get("run") or {}
    errors: dict[str, str] = {}
    for failure in run.get("failures") or []:
        source_id = (failure.get("source") or {}).get("id")
        message = (failure.get("error") or {}).get("message")
        if failure.get("at") == "request" and source_id and message:
            errors.setdefault(source_id, message)

    executions = []
    for execution in run.get("executions") or []:
        item_id = (execution.get("item") or {}).get("id")
        final_index = None
        for header in (execution.get("response") or {}).get("header") or []:
            if str(header.get("key", "")).lower() == INDEX_HEADER.lower():
                final_index = int(header["value"])
        error = None
        if "requestError" in execution:
            error = errors.get(item_id) or json.dumps(execution["requestError"])
        executions.append(_Execution(item_id, final_index, error))
    return executions


def _match_exchanges(
    executions: list[_Execution], exchanges: list[Exchange]
) -> tuple[dict[str, list[Exchange]], list[str]]:
    """Assign captured exchanges to item ids; return them and the problems found."""
    by_item: dict[str, list[Exchange]] = {}
    problems: list[str] = []
    claimed = 0
    previous_errored: str | None = None
    for execution in executions:
        if execution.final_index is None:
            by_item.setdefault(execution.item_id, [])
            previous_errored = execution.item_id
            continue
        chain_start = execution.final_index
        while chain_start > claimed and _redirects_to(exchanges[chain_start - 1], exchanges[chain_start]):
            chain_start -= 1
        if chain_start > claimed:
            # Requests that reached the server but got no response newman
            # recorded: they belong to the item that errored before this one.
            orphans = exchanges[claimed:chain_start]
            if previous_errored is not None:
                by_item[previous_errored] = list(orphans)
            else:
                problems.append(
                    f"{len(orphans)} captured request(s) before item {execution.item_id} "
                    "belong to no item"
                )
        by_item[execution.item_id] = exchanges[chain_start : execution.final_index + 1]
        claimed = execution.final_index + 1
        previous_errored = None
    if claimed < len(exchanges):
        if previous_errored is not None:
            by_item[previous_errored] = exchanges[claimed:]
        else:
            problems.append(f"{len(exchanges) - claimed} captured request(s) at the end belong to no item")
    return by_item, problems


def _redirects_to(previous: Exchange, current: Exchange) -> bool:
    """Return True when ``current`` is the request that follows ``previous``'s redirect."""
    location = previous.response.location
    if previous.response.status not in REDIRECT_STATUSES or location is None:
        return False
    followed = urljoin("http://capture.invalid" + previous.request.target, location)
    parts = urlsplit(followed)
    target = parts.path + ("?" + parts.query if parts.query else "")
    return target == current.request.target


# --- expectation files ------------------------------------------------------------------


def request_record(request: CapturedRequest) -> dict[str, Any]:
    """Return the JSON form of a captured request used in expectation files."""
    record: dict[str, Any] = {
        "method": request.method,
        "target": request.target,
        "http_version": request.http_version,
        "headers": [[name, value] for name, value in request.headers],
        "body": _body_record(request.body),
    }
    return record


def _body_record(body: bytes) -> dict[str, Any]:
    record: dict[str, Any] = {"base64": base64.b64encode(body).decode("ascii")}
    try:
        record["text"] = body.decode("utf-8")
    except UnicodeDecodeError:
        record["text"] = None
    return record


def _build_expectations(
    collection_name: str,
    prepared: PreparedCollection,
    report: Mapping[str, Any],
    exchanges: list[Exchange],
) -> dict[str, dict[str, Any]]:
    executions = _executions(report)
    by_item, problems = _match_exchanges(executions, exchanges)
    for problem in problems:
        logger.warning("%s: %s", collection_name, problem)
    errors = {execution.item_id: execution.error for execution in executions}
    ran = {execution.item_id for execution in executions}

    auths = {entry.get("id"): auth for entry, auth in effective_auths(prepared.data)}
    expectations: dict[str, dict[str, Any]] = {}
    for item in prepared.items:
        expectation: dict[str, Any] = {
            "address": item.address,
            "collection": collection_name,
            "origin": prepared.origin,
            "volatile": volatile_reason(item.data, auths.get(item.id)),
        }
        sent = by_item.get(item.id, [])
        if item.id not in ran:
            expectation.update(sent=False, reason="newman did not run this item")
        elif not sent:
            expectation.update(sent=False, reason=errors.get(item.id) or "newman sent no request")
        else:
            expectation["sent"] = True
            expectation.update(request_record(sent[0].request))
            if errors.get(item.id):
                expectation["error"] = errors[item.id]
            if len(sent) > 1:
                expectation["redirects"] = [
                    {
                        "status": previous.response.status,
                        "location": previous.response.location,
                        **request_record(exchange.request),
                    }
                    for previous, exchange in zip(sent, sent[1:])
                ]
        expectations[item.id] = expectation
    return expectations


def item_slug(address: str) -> str:
    """Return a file name stem for an item address: ASCII letters, digits and ``-``."""
    ascii_text = unicodedata.normalize("NFKD", address).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:_SLUG_MAX_LENGTH].rstrip("-") or "item"


def _write_expectations(
    out_dir: Path,
    collection_name: str,
    prepared: PreparedCollection,
    expectations: Mapping[str, dict[str, Any]],
) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.json"):
        old.unlink()
    used: set[str] = set()
    for item in prepared.items:
        slug = item_slug(item.address)
        unique = slug
        number = 2
        while unique in used:
            unique = f"{slug}_{number}"
            number += 1
        used.add(unique)
        _write_json(out_dir / f"{unique}.json", expectations[item.id])
    _write_json(
        out_dir / "_run.json",
        {
            "collection": collection_name,
            "newman": NEWMAN_VERSION,
            "origin": prepared.origin,
            "variables": prepared.variables,
            "filled": sorted(prepared.filled),
            "notes": list(prepared.notes),
        },
    )


def _load_json(path: Path) -> Any:
    with path.open(encoding="utf-8") as file:
        return json.load(file)


# A JSON array of two strings, as json.dumps(indent=2) lays it out.
_STRING_PAIR = re.compile(r'\[\n\s+("(?:[^"\\]|\\.)*"),\n\s+("(?:[^"\\]|\\.)*")\n\s+\]')


def _write_json(path: Path, data: Any) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if not _encodes_as_utf8(text):
        # A lone surrogate, which JSON can only write as a \u escape.
        text = json.dumps(data, indent=2)
    # One header per line reads better than three lines per [name, value] pair.
    text = _STRING_PAIR.sub(r"[\1, \2]", text)
    path.write_text(text + "\n", encoding="utf-8")


def _encodes_as_utf8(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
