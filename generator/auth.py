"""Turn a Postman auth block into the header or query parameter newman sends."""

from __future__ import annotations

import base64
from dataclasses import dataclass

from .model import Auth
from .variables import VariableScope

__all__ = ["AuthResult", "apply_auth", "basic_header"]

# Auth types whose header depends on a server challenge or on a signature
# over the time and a nonce, so no fixed value can be written into a snippet.
_COMPUTED_PER_REQUEST = {
    "digest": "Digest",
    "oauth1": "OAuth 1.0",
    "awsv4": "AWS Signature Version 4",
    "ntlm": "NTLM",
    "hawk": "Hawk",
    "edgegrid": "Akamai EdgeGrid",
    "jwt": "JWT bearer",
    "asap": "ASAP",
}


@dataclass(frozen=True)
class AuthResult:
    """The header or query parameter an auth block adds to a request.

    ``header`` replaces any header of the same name (case-insensitive), as
    newman does; ``query`` is appended to the query string.
    """

    header: tuple[str, str] | None = None
    query: tuple[str, str] | None = None
    note: str | None = None


def basic_header(username: str, password: str) -> str:
    token = base64.b64encode(f"{username}:{password}".encode("utf-8")).decode("ascii")
    return f"Basic {token}"


def apply_auth(auth: Auth | None, scope: VariableScope) -> AuthResult:
    if auth is None or auth.type == "noauth":
        return AuthResult()

    def param(name: str, default: str = "") -> str:
        return scope.resolve(auth.get(name, default))

    if auth.type == "basic":
        return AuthResult(header=("Authorization", basic_header(param("username"), param("password"))))
    if auth.type == "bearer":
        token = param("token")
        # newman adds nothing when the token is empty.
        return AuthResult(header=("Authorization", f"Bearer {token}")) if token else AuthResult()
    if auth.type == "apikey":
        key, value = param("key"), param("value")
        if not key:
            return AuthResult()
        if param("in", "header") == "query":
            return AuthResult(query=(key, value))
        return AuthResult(header=(key, value))
    if auth.type == "oauth2":
        token = param("accessToken")
        if not token:
            return AuthResult(
                note="OAuth 2.0: the collection has no access token; get one and send it as a Bearer token."
            )
        if param("tokenType").lower() == "mac":
            # postman-runtime adds no token at all when tokenType is "mac".
            return AuthResult(
                note="OAuth 2.0: newman does not send MAC access tokens, so the snippet sends no token."
            )
        if param("addTokenTo", "header") == "queryParams":
            return AuthResult(query=("access_token", token))
        prefix = param("headerPrefix", "Bearer").strip()
        return AuthResult(header=("Authorization", f"{prefix} {token}" if prefix else token))
    if auth.type in _COMPUTED_PER_REQUEST:
        name = _COMPUTED_PER_REQUEST[auth.type]
        return AuthResult(
            note=f"{name} auth is computed per request and is not in this snippet; add it before running."
        )
    return AuthResult(note=f"auth type {auth.type!r} is not supported; the request is sent without it.")
