"""Decide which items of a collection newman sends differently on every run.

An item is volatile when its description has a ``volatile:`` line. It is
also volatile when its effective auth signs with a nonce or the time, or
needs a challenge from the server. The effective auth is the item's own or
the one it inherits from its folders and the collection. Volatile items are
compared by structure (:func:`generator.conformance.run.compare_volatile`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

__all__ = ["auth_volatility", "effective_auths", "volatile_reason"]

_VOLATILE_MARK = "volatile:"

# The reason each auth type makes a request change between runs.
_VOLATILE_AUTH = {
    "oauth1": "OAuth 1.0 signs with a fresh timestamp and nonce",
    "digest": "Digest auth answers the server's challenge",
    "awsv4": "AWS Signature Version 4 signs the current time",
    "hawk": "Hawk signs the current time and a fresh nonce",
    "edgegrid": "Akamai EdgeGrid signs the current time and a fresh nonce",
    "ntlm": "NTLM is a handshake whose later messages depend on the server",
    "jwt": "a JWT may carry the time it was issued",
}


def effective_auths(collection: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Yield ``(item, auth)`` for every request item, with the auth block that applies to it.

    A request or folder without an auth block, or with type ``inherit``,
    takes its parent's. The exception is a request whose own type is
    ``inherit``: newman 6 sends it without auth, so its auth is None.
    """

    def walk(node: Mapping[str, Any], inherited: dict[str, Any] | None) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        for child in node.get("item") or []:
            if not isinstance(child, dict):
                continue
            if isinstance(child.get("item"), list):
                yield from walk(child, _own_auth(child.get("auth"), inherited))
                continue
            request = child.get("request")
            own = request.get("auth") if isinstance(request, dict) else None
            if isinstance(own, dict) and own.get("type") == "inherit":
                yield child, None
            else:
                yield child, _own_auth(own, inherited)

    yield from walk(collection, _own_auth(collection.get("auth"), None))


def _own_auth(auth: Any, inherited: dict[str, Any] | None) -> dict[str, Any] | None:
    if not isinstance(auth, dict) or not isinstance(auth.get("type"), str) or auth["type"] == "inherit":
        return inherited
    return auth


def _auth_params(auth: Mapping[str, Any]) -> dict[str, str]:
    """Return the parameters of an auth block, from the v2.1 list form or the v2.0 object form."""
    raw = auth.get(auth["type"])
    params: dict[str, str] = {}
    if isinstance(raw, list):
        for entry in raw:
            if isinstance(entry, dict) and isinstance(entry.get("key"), str):
                value = entry.get("value")
                params[entry["key"]] = "" if value is None else str(value)
    elif isinstance(raw, dict):
        params = {str(key): "" if value is None else str(value) for key, value in raw.items()}
    return params


def auth_volatility(auth: Mapping[str, Any] | None) -> str | None:
    """Return why a request with ``auth`` changes between runs, or None when it does not.

    Digest auth with a realm and a nonce is signed with them and stays the
    same. OAuth 1.0 with a fixed timestamp and nonce is volatile too, because
    its signature covers the host and port, and the capture server of the
    newman run and that of the snippet run listen on different ports.
    """
    if auth is None or auth.get("type") not in _VOLATILE_AUTH:
        return None
    kind = auth["type"]
    params = _auth_params(auth)
    if kind == "digest" and params.get("realm") and params.get("nonce"):
        return None
    if kind == "oauth1":
        if not params.get("consumerKey"):
            return None  # newman sends the request unsigned
        if params.get("timestamp", "").strip() and params.get("nonce", "").strip():
            return "the OAuth 1.0 signature covers the host and port, and the capture servers listen on different ports"
    return _VOLATILE_AUTH[kind]


def volatile_reason(item: Mapping[str, Any], auth: Mapping[str, Any] | None) -> str | None:
    """Return why ``item``'s request changes between runs: its ``volatile:`` line, else its auth, else None."""
    description = item.get("description")
    if isinstance(description, dict):
        description = description.get("content")
    if isinstance(description, str):
        for line in description.splitlines():
            if line.strip().lower().startswith(_VOLATILE_MARK):
                return line.strip()[len(_VOLATILE_MARK) :].strip() or "marked volatile"
    return auth_volatility(auth)
