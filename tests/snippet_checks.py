"""Syntax checks for generated snippets in each language, and a runner for Python and bash ones."""

from __future__ import annotations

import functools
import json
import os
import socket
import subprocess
import sys
from pathlib import Path


def python_errors(code: str, name: str = "<snippet>") -> str | None:
    try:
        compile(code, name, "exec")
    except SyntaxError as error:
        return f"{name}:{error.lineno}: {error.msg}"
    return None


def bash_errors(paths: list[str]) -> str | None:
    """Run ``bash -n`` over each file; return the first error output, or None."""
    for path in paths:
        result = subprocess.run(["bash", "-n", path], capture_output=True, text=True)
        if result.returncode != 0:
            return f"{path}: {result.stderr.strip()}"
    return None


@functools.lru_cache(maxsize=1)
def _powershell_parser():
    import tree_sitter_powershell
    from tree_sitter import Language, Parser

    return Parser(Language(tree_sitter_powershell.language()))


def powershell_errors(code: str) -> list[str]:
    """Return the line:column of each ERROR or MISSING node in ``code``."""
    tree = _powershell_parser().parse(code.encode("utf-8"))
    if not tree.root_node.has_error:
        return []
    problems = []
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_error or node.is_missing:
            row, column = node.start_point
            problems.append(f"{row + 1}:{column + 1} {node.type}")
        elif node.has_error:
            stack.extend(node.children)
    return problems


def localhost_is_loopback() -> bool:
    """Return whether the name localhost resolves to 127.0.0.1, so a test can use it as a second host."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo("localhost", None, socket.AF_INET)}
    except OSError:
        return False
    return "127.0.0.1" in addresses


def write_users_collection(
    path: Path, name: str, base_url: str, *, url: str = "{{baseUrl}}/users", extra_items: tuple = ()
) -> Path:
    """Write a collection named ``name`` with a "List users" and a "Health" request on ``base_url``."""
    document = {
        "info": {
            "name": name,
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [
            {"name": "List users", "request": {"method": "GET", "url": url}},
            {"name": "Health", "request": {"method": "GET", "url": "{{baseUrl}}/health?trace={{missing}}"}},
            *extra_items,
        ],
        "variable": [{"key": "baseUrl", "value": base_url}],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def comment_prose(code: str) -> str:
    """Return the text of the snippet's comment lines joined with spaces, so a wrapped note reads as one line."""
    lines = (line.strip() for line in code.splitlines())
    return " ".join(line[1:].strip() for line in lines if line.startswith("#"))


def run_snippet(tmp_path: Path, code: str, language: str) -> subprocess.CompletedProcess:
    """Run a Python or bash curl snippet in ``tmp_path``, without proxy variables, and return the finished process."""
    script = tmp_path / ("snippet.sh" if language == "curl" else "snippet.py")
    script.write_text(code, encoding="utf-8")
    command = ["bash", str(script)] if language == "curl" else [sys.executable, str(script)]
    environment = {key: value for key, value in os.environ.items() if "proxy" not in key.lower()}
    return subprocess.run(command, cwd=tmp_path, env=environment, capture_output=True, timeout=60)
