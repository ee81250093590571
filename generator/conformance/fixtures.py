"""Pytest fixtures for the conformance tools.

Enable them with ``pytest_plugins = ["generator.conformance.fixtures"]`` in a
``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from generator.conformance.capture import CaptureServer
from generator.conformance.suite import add_suite_routes


@pytest.fixture
def capture_server() -> Iterator[CaptureServer]:
    """Yield a started capture server on a free port of 127.0.0.1, stopped after the test."""
    with CaptureServer() as server:
        yield server


@pytest.fixture
def conformance_server(capture_server: CaptureServer) -> CaptureServer:
    """Return the capture server with the routes the conformance collections expect.

    The expectations under ``tests/conformance/expected`` were recorded with
    these routes (the redirect chains), so a run that is compared with them
    needs the same ones.
    """
    add_suite_routes(capture_server)
    return capture_server
