"""Locations of the project's conformance suite, and the server routes it needs.

The paths point into the source checkout (``tests/conformance``), so they
exist only when the package runs from the repository, as in development.
"""

from __future__ import annotations

from pathlib import Path

from generator.conformance.capture import CannedResponse, CaptureServer

__all__ = [
    "COLLECTIONS_DIR",
    "EXPECTED_DIR",
    "FILES_DIR",
    "SUITE_DIR",
    "SUITE_ROUTES",
    "add_suite_routes",
]

SUITE_DIR = Path(__file__).resolve().parents[2] / "tests" / "conformance"
COLLECTIONS_DIR = SUITE_DIR / "collections"
FILES_DIR = SUITE_DIR / "files"
EXPECTED_DIR = SUITE_DIR / "expected"

# Redirects used by the suite's collections: one route per status, each
# ending at /redirected/..., plus two chains of two hops. Locations are
# relative, so the routes work on any port.
SUITE_ROUTES: tuple[tuple[str, CannedResponse], ...] = (
    ("/redirect/301", CannedResponse.redirect("/redirected/301", 301)),
    ("/redirect/302", CannedResponse.redirect("/redirected/302", 302)),
    ("/redirect/303", CannedResponse.redirect("/redirected/303", 303)),
    ("/redirect/307", CannedResponse.redirect("/redirected/307", 307)),
    ("/redirect/308", CannedResponse.redirect("/redirected/308", 308)),
    ("/redirect/chain", CannedResponse.redirect("/redirect/chain/2", 302)),
    ("/redirect/chain/2", CannedResponse.redirect("/redirected/chain?step=3", 307)),
    # A 308 that keeps the method and body, then a 302 that drops them.
    ("/redirect/308-then-302", CannedResponse.redirect("/redirect/302", 308)),
)


def add_suite_routes(server: CaptureServer) -> None:
    """Install the suite's redirect routes on ``server``."""
    for path, response in SUITE_ROUTES:
        server.route(path, response)
