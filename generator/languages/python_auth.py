"""Template values for the auth that the Python snippets sign when they run."""

from __future__ import annotations

from ..wire import UrlEncodedForm, WireRequest
from .common import CodeValue

__all__ = ["PYTHON_RUNTIME_AUTH", "runtime_auth_context"]

# The auth types that templates/python/_auth.py.j2 computes.
PYTHON_RUNTIME_AUTH = frozenset({"oauth1"})


def runtime_auth_context(wire: WireRequest) -> dict:
    """Return the template values for ``wire.runtime_auth``: the auth, its imports and its header, if any."""
    runtime = wire.runtime_auth
    imports: list[str] = []
    header = None
    if runtime is not None and runtime.oauth1 is not None:
        imports = ["secrets", "time", "urllib.parse"]
        if runtime.oauth1.hash_name:
            imports += ["base64", "hashlib", "hmac"]
        if runtime.oauth1.placement == "header":
            header = ("Authorization", CodeValue("authorization"))
    return {
        "runtime_auth": runtime,
        "auth_imports": imports,
        "auth_header": header,
        "auth_form_fields": wire.body.fields if isinstance(wire.body, UrlEncodedForm) else (),
    }
