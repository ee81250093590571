"""Turn a Postman collection into one that sends every request to a capture server.

Both sides of a conformance comparison apply the same preparation: newman
runs the prepared collection to record the expected requests, and the
snippet side generates code from the prepared collection with the same
variable values. :func:`prepare_collection` is deterministic for a given
collection, origin and set of variables.

The preparation

* removes every pre-request and test script (``event``), because scripts may
  change the request in ways no snippet reproduces;
* gives every item an ``id`` so newman's report points back to it;
* rewrites the scheme, host and port of every request URL to the capture
  origin, either by giving a variable such as ``{{baseUrl}}`` a new value or
  by replacing the literal host in both ``raw`` and the URL parts;
* gives every variable that the collection uses but does not define a fixed
  value (see :func:`fill_value`).

Only the origin changes: userinfo, path, query and fragment stay as written.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from generator.loader import address_of, entry_name

__all__ = [
    "Item",
    "PreparedCollection",
    "fill_value",
    "iter_items",
    "prepare_collection",
    "split_url_origin",
]

# A variable reference as Postman's substitution finds it.
VARIABLE_REFERENCE = re.compile(r"\{\{([^{}]+)\}\}")
_SINGLE_VARIABLE = re.compile(r"^\{\{([^{}]+)\}\}$")
# Variables whose names contain a URL delimiter are one opaque token for
# Postman's URL parser (postman-url-encoder 3.x, ``REGEX_ALL_VARIABLES``).
_VARIABLE_WITH_DELIMITER = re.compile(r"\{\{[^{}]*[.:/?#@&\]][^{}]*\}\}")
_ABSOLUTE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_MAX_RESOLVE_DEPTH = 20

# Keys whose contents newman never sends: saved example responses, docs,
# scripts, item names and ids, collection metadata. Variable references
# inside them need no value. (A header, form field or parameter names itself
# with "key", never with "name".)
_UNSENT_KEYS = frozenset(
    {"response", "description", "info", "event", "name", "id", "_postman_id"}
)


@dataclass(frozen=True)
class Item:
    """A request item of a collection: its ``id``, its address and its JSON object."""

    id: str
    address: str
    folders: tuple[str, ...]
    name: str
    data: dict[str, Any] = field(repr=False)


@dataclass(frozen=True)
class PreparedCollection:
    """A collection rewritten for the capture server, and the variables to run it with.

    ``variables`` contains every value that must be passed as an environment
    variable (environment values win over collection variables in Postman):
    the caller's own variables, the origin overrides and the fill values.
    ``overrides`` and ``filled`` name the keys that the preparation chose.
    """

    data: dict[str, Any]
    origin: str
    variables: dict[str, str]
    overrides: dict[str, str]
    filled: dict[str, str]
    items: tuple[Item, ...]
    notes: tuple[str, ...] = ()


def fill_value(name: str) -> str:
    """Return the fixed value given to the undefined variable ``name``.

    Characters outside ``A-Z a-z 0-9 . _ ~ -`` become ``_``, so a fill value
    never needs percent-encoding in a URL.
    """
    return "fill-" + re.sub(r"[^A-Za-z0-9._~-]", "_", name)


def prepare_collection(
    collection: Mapping[str, Any],
    origin: str,
    variables: Mapping[str, str] | None = None,
) -> PreparedCollection:
    """Prepare ``collection`` so that every request goes to ``origin``.

    ``origin`` is ``http://127.0.0.1:<port>``. ``variables`` are values the
    caller wants to run with, as an environment would give them.
    """
    host, port = _parse_capture_origin(origin)
    data = copy.deepcopy(dict(collection))
    _remove_events(data)
    items = _assign_ids(data)

    given = {str(key): str(value) for key, value in (variables or {}).items()}
    known = {**_collection_variables(data), **given}
    rewriter = _OriginRewriter(origin, host, port, known)
    for item in items:
        _rewrite_item_url(item.data, rewriter)

    environment = {**given, **rewriter.overrides}
    filled = {
        name: fill_value(name)
        for name in sorted(_referenced_variables(data, {**known, **environment}))
        if name not in known and name not in environment
    }
    environment.update(filled)
    return PreparedCollection(
        data=data,
        origin=origin,
        variables=environment,
        overrides=dict(rewriter.overrides),
        filled=filled,
        items=tuple(items),
        notes=tuple(rewriter.notes),
    )


def iter_items(
    node: Mapping[str, Any], folders: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Yield ``(folder names, item)`` for every request item, depth first, as newman runs them.

    An entry with an ``item`` list is a folder, as postman-collection decides.
    A folder or item without a name is named ``(unnamed)``, as the loader names it.
    """
    for child in node.get("item") or []:
        if not isinstance(child, dict):
            continue
        if isinstance(child.get("item"), list):
            yield from iter_items(child, folders + (entry_name(child),))
        else:
            yield folders, child


# --- scripts and ids ----------------------------------------------------------


def _remove_events(node: Any) -> None:
    if isinstance(node, dict):
        node.pop("event", None)
        for key, value in node.items():
            if key != "response":
                _remove_events(value)
    elif isinstance(node, list):
        for value in node:
            _remove_events(value)


def _assign_ids(data: dict[str, Any]) -> list[Item]:
    items = []
    for number, (folders, item) in enumerate(iter_items(data), start=1):
        item_id = f"conformance-item-{number:04d}"
        # newman reports the item by this id; neither key is sent.
        item["id"] = item_id
        item["_postman_id"] = item_id
        name = entry_name(item)
        items.append(Item(item_id, address_of(folders, name), folders, name, item))
    return items


# --- variables ----------------------------------------------------------------


def _collection_variables(data: Mapping[str, Any]) -> dict[str, str]:
    """Return the enabled collection variables, as newman defines them."""
    defined = {}
    for variable in data.get("variable") or []:
        if not isinstance(variable, dict) or variable.get("disabled") is True:
            continue
        key = variable.get("key")  # newman 6.2.2 ignores a variable named by "id" alone
        if key is None:
            continue
        value = variable.get("value")
        defined[str(key)] = "" if value is None else _as_text(value)
    return defined


def _as_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _referenced_variables(data: Any, defined: Mapping[str, str]) -> set[str]:
    """Return the names of variables referenced in sent parts of ``data`` or in defined values."""
    names: set[str] = set()
    for text in _sent_strings(data):
        names.update(VARIABLE_REFERENCE.findall(text))
    # A defined value may refer to further variables. Scanning every defined
    # value, used or not, may fill a few variables that are never sent,
    # which is harmless.
    for value in defined.values():
        names.update(VARIABLE_REFERENCE.findall(value))
    return names


def _sent_strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in _UNSENT_KEYS:
                continue
            yield from _sent_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _sent_strings(value)


def _resolve(text: str, variables: Mapping[str, str]) -> str:
    """Substitute ``{{name}}`` references from ``variables``, nested ones included."""
    for _ in range(_MAX_RESOLVE_DEPTH):
        replaced = VARIABLE_REFERENCE.sub(
            lambda match: variables.get(match.group(1), match.group(0)), text
        )
        if replaced == text:
            break
        text = replaced
    return text


# --- URL origins ----------------------------------------------------------------


@dataclass(frozen=True)
class UrlOrigin:
    """The origin part of a Postman URL string, split the way Postman splits it.

    ``end`` is the index in the string where the origin ends and the path,
    query or fragment begins.
    """

    protocol: str | None
    auth: str | None
    host: str
    port: str | None
    end: int


def split_url_origin(raw: str) -> UrlOrigin:
    """Split the protocol, userinfo, host and port off a Postman URL string.

    This follows the order of postman-url-encoder 3.x's parser, which newman
    6.2.2 uses for URL strings. The fragment and the query are cut first,
    then ``://``, then the first ``/``. Userinfo ends at the last ``@``, and
    the port starts at the last ``:``. A variable whose name contains a URL
    delimiter counts as one opaque token. Leading whitespace is ignored, as
    the parser trims it.
    """
    offset = len(raw) - len(raw.lstrip())
    masked = _VARIABLE_WITH_DELIMITER.sub(lambda match: "_" * len(match.group(0)), raw)
    masked = masked.replace("\\", "/")
    end = len(masked)
    for delimiter in ("#", "?"):
        position = masked.find(delimiter, offset, end)
        if position >= 0:
            end = position

    start = offset
    protocol = None
    separator = masked.find("://", start, end)
    if separator >= 0:
        protocol = raw[start:separator]
        start = separator + 3
        while start < end and masked[start] == "/":
            start += 1

    slash = masked.find("/", start, end)
    if slash >= 0:
        end = slash

    auth = None
    at = masked.rfind("@", start, end)
    if at >= 0:
        auth = raw[start:at]
        start = at + 1

    port = None
    colon = masked.rfind(":", start, end)
    if colon >= 0 and "]" not in masked[colon + 1 : end]:
        port = raw[colon + 1 : end]
        host_end = colon
    else:
        host_end = end
    return UrlOrigin(protocol, auth, raw[start:host_end], port, end)


def _format_origin(protocol: str | None, auth: str | None, host: str, port: str | None) -> str:
    text = ""
    if protocol is not None:
        text += protocol + "://"
    if auth is not None:
        text += auth + "@"
    text += host
    if port is not None:
        text += ":" + port
    return text


@dataclass(frozen=True)
class _NewOrigin:
    """The rewritten protocol, host and port of one URL; None means the part is absent."""

    protocol: str | None
    host: str
    port: str | None


class _OriginRewriter:
    """Choose the new origin of each URL and collect the variable overrides it needs.

    A host that is one variable, such as ``{{baseUrl}}``, keeps the variable
    and gets an override, so the variable stays in the collection and the
    snippet side can show it. Any other host is replaced by the capture
    host literally. When a variable would need two different overrides, the
    later URL falls back to the literal replacement and gets a note.
    """

    def __init__(self, origin: str, host: str, port: int, known: Mapping[str, str]) -> None:
        self.origin = origin
        self.host = host
        self.port = str(port)
        self.known = dict(known)
        self.overrides: dict[str, str] = {}
        self.notes: list[str] = []

    def rewrite(
        self, protocol: str | None, host: str, port: str | None, where: str
    ) -> _NewOrigin:
        single = _SINGLE_VARIABLE.match(host.strip())
        if single:
            rewritten, problem = self._rewrite_variable_host(single.group(1), protocol, port)
            if rewritten is not None:
                return rewritten
            self.notes.append(f"{where}: {problem}, so the host was replaced by {self.host}")
        return _NewOrigin("http", self.host, self.port)

    def _rewrite_variable_host(
        self, name: str, protocol: str | None, port: str | None
    ) -> tuple[_NewOrigin | None, str]:
        value = self._value(name)
        resolved = "" if value is None else _resolve(value, {**self.known, **self.overrides}).strip()
        kept_host = "{{" + name + "}}"

        if protocol is None and port is None:
            # The variable may carry the whole origin and a path prefix.
            if not resolved:
                # No value, or an empty one that a script would have set.
                new_value = self.origin
            elif _ABSOLUTE_URL.match(resolved):
                # https://api.example.com/v1: keep what follows the origin.
                new_value = self.origin + resolved[split_url_origin(resolved).end :]
            else:
                # A bare host, maybe with a port and a path: api.example.com:8443/v1.
                new_value = f"{self.host}:{self.port}" + resolved[split_url_origin(resolved).end :]
            if not self._set_override(name, new_value):
                return None, f"the host variable {kept_host} already has another override"
            return _NewOrigin(None, kept_host, None), ""

        # The URL has its own protocol or port part, so the variable may hold
        # only a host name.
        if _ABSOLUTE_URL.match(resolved) or split_url_origin(resolved).end != len(resolved):
            return None, f"the host variable {kept_host} holds more than a host name"
        new_protocol = self._rewrite_part(protocol, "http")
        new_port = self._rewrite_part(port, self.port) if port is not None else self.port
        if new_protocol is False or new_port is False:
            return None, "the protocol or port variable already has another override"
        if not self._set_override(name, self.host):
            return None, f"the host variable {kept_host} already has another override"
        return _NewOrigin(new_protocol, kept_host, new_port), ""

    def _rewrite_part(self, part: str | None, replacement: str) -> str | None | bool:
        """Rewrite a protocol or port part to ``replacement``; False when its variable is taken."""
        if part is None:
            return None
        single = _SINGLE_VARIABLE.match(part.strip())
        if single is None:
            return replacement
        if self._set_override(single.group(1), replacement):
            return part
        return False

    def _value(self, name: str) -> str | None:
        if name in self.overrides:
            return self.overrides[name]
        return self.known.get(name)

    def _set_override(self, name: str, value: str) -> bool:
        current = self.overrides.get(name)
        if current is not None and current != value:
            return False
        self.overrides[name] = value
        return True


def _parse_capture_origin(origin: str) -> tuple[str, int]:
    parts = urlsplit(origin)
    if parts.scheme != "http" or not parts.hostname or parts.port is None or parts.path not in ("", "/"):
        raise ValueError(f"invalid capture origin {origin!r}: expected http://HOST:PORT")
    return parts.hostname, parts.port


def _rewrite_item_url(item: dict[str, Any], rewriter: _OriginRewriter) -> None:
    where = str(item.get("id"))
    request = item.get("request")
    if isinstance(request, str):
        item["request"] = _rewrite_url_string(request, rewriter, where)
        return
    if not isinstance(request, dict):
        return
    url = request.get("url")
    if isinstance(url, str):
        request["url"] = _rewrite_url_string(url, rewriter, where)
    elif isinstance(url, dict):
        _rewrite_url_object(url, rewriter, where)


def _rewrite_url_string(raw: str, rewriter: _OriginRewriter, where: str) -> str:
    parsed = split_url_origin(raw)
    if not parsed.host.strip():
        # No host ("/path" or ""): newman cannot send it, and adding one
        # would make it send a request it never sends.
        return raw
    new = rewriter.rewrite(parsed.protocol, parsed.host, parsed.port, where)
    prefix = raw[: len(raw) - len(raw.lstrip())]
    return prefix + _format_origin(new.protocol, parsed.auth, new.host, new.port) + raw[parsed.end :]


def _rewrite_url_object(url: dict[str, Any], rewriter: _OriginRewriter, where: str) -> None:
    host = url.get("host")
    if host is None or host == [] or host == "":
        # newman builds no URL from an object without a host (it reports
        # "request url is empty"), so there is nothing to rewrite. The raw
        # text is rewritten anyway to keep the two consistent.
        if isinstance(url.get("raw"), str) and url["raw"].strip():
            url["raw"] = _rewrite_url_string(url["raw"], rewriter, where)
        return

    host_text = ".".join(str(segment) for segment in host) if isinstance(host, list) else str(host)
    protocol = url.get("protocol")
    port = url.get("port")
    new = rewriter.rewrite(
        None if protocol in (None, "") else str(protocol),
        host_text,
        None if port in (None, "") else str(port),
        where,
    )
    if new.protocol is None:
        url.pop("protocol", None)
    else:
        url["protocol"] = new.protocol
    url["host"] = new.host.split(".") if not _SINGLE_VARIABLE.match(new.host) else [new.host]
    if new.port is None:
        url.pop("port", None)
    else:
        url["port"] = new.port

    raw = url.get("raw")
    if isinstance(raw, str) and raw.strip():
        parsed = split_url_origin(raw)
        url["raw"] = (
            _format_origin(new.protocol, parsed.auth, new.host, new.port) + raw[parsed.end :]
        )
