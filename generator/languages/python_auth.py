"""Template values for the auth that the Python snippets sign when they run."""

from __future__ import annotations

from ..wire import UrlEncodedForm, WireRequest
from .common import CodeValue

__all__ = ["PYTHON_RUNTIME_AUTH", "runtime_auth_context", "signs_body"]

# The auth types that templates/python/_auth.py.j2 computes.
PYTHON_RUNTIME_AUTH = frozenset({"oauth1", "digest", "awsv4", "hawk", "edgegrid", "jwt"})

# The standard-library modules that each scheme's signing code imports.
_IMPORTS = {
    "hawk": ["base64", "hashlib", "hmac", "secrets", "string", "time", "urllib.parse"],
    "edgegrid": ["base64", "datetime", "hashlib", "hmac", "urllib.parse", "uuid"],
    "jwt": ["base64", "hashlib", "hmac"],
}

# Headers that the aws4 package (used by postman-runtime 7.39) leaves out of a signature.
_AWS_UNSIGNED_HEADERS = frozenset(
    {"authorization", "connection", "x-amzn-trace-id", "user-agent", "expect", "presigned-expires", "range"}
)


def signs_body(wire: WireRequest) -> bool:
    """Tell whether the run-time signature covers a hash of the body bytes, which must then go out as written."""
    return wire.runtime_auth is not None and wire.runtime_auth.scheme == "awsv4"


def runtime_auth_context(wire: WireRequest) -> dict:
    """Return the template values for ``wire.runtime_auth``.

    ``auth_headers`` are the headers to add to the request, ``digest_auth``
    the user name and password for the client's Digest handler, and
    ``auth_signed_headers`` the request headers that AWS signs.
    """
    runtime = wire.runtime_auth
    imports: list[str] = []
    headers: list[tuple[str, str]] = []
    signed_headers: list[tuple[str, str]] = []
    digest_auth = None
    if runtime is not None and runtime.oauth1 is not None:
        imports = ["secrets", "time", "urllib.parse"]
        if runtime.oauth1.hash_name:
            imports += ["base64", "hashlib", "hmac"]
        if runtime.oauth1.placement == "header":
            headers.append(("Authorization", CodeValue("authorization")))
    elif runtime is not None and runtime.scheme in _IMPORTS:
        imports = list(_IMPORTS[runtime.scheme])
        # A nonce or time that the auth block fixes needs no module to draw it.
        if runtime.get("nonce"):
            imports = [module for module in imports if module not in ("secrets", "string", "uuid")]
        if runtime.get("timestamp"):
            imports = [module for module in imports if module not in ("time", "datetime")]
        if runtime.scheme != "jwt" or runtime.get("addTokenTo") == "header":
            headers.append(("Authorization", CodeValue("authorization")))
    elif runtime is not None and runtime.scheme == "digest":
        digest_auth = (runtime.get("username"), runtime.get("password"))
    elif runtime is not None and runtime.scheme == "awsv4":
        imports = ["datetime", "hashlib", "hmac", "urllib.parse"]
        signed_headers = [(name, value) for name, value in wire.headers if name.lower() not in _AWS_UNSIGNED_HEADERS]
        if runtime.get("sendPayloadHash"):
            headers.append(("X-Amz-Content-Sha256", runtime.get("payloadHash")))
        if runtime.get("sessionToken"):
            headers.append(("X-Amz-Security-Token", runtime.get("sessionToken")))
        signed_headers.extend(headers)
        headers += [("X-Amz-Date", CodeValue("amz_date")), ("Authorization", CodeValue("authorization"))]
    return {
        "runtime_auth": runtime,
        "auth_imports": imports,
        "auth_headers": headers,
        "auth_signed_headers": signed_headers,
        "digest_auth": digest_auth,
        # The query that the signing code appends to url as signed_query.
        "auth_query": runtime is not None
        and ((runtime.oauth1 is not None and runtime.oauth1.placement == "query") or runtime.get("addTokenTo") == "queryParam"),
        "auth_form_fields": wire.body.fields if isinstance(wire.body, UrlEncodedForm) else (),
    }
