"""Read a Postman collection file (schema v2.0 or v2.1) into the request model.

Collections are untrusted input, so every field is type-checked as it is read.
A field of the wrong shape makes that one item fail with an :class:`ItemError`
naming the item and the JSON pointer of the field, and the other items load.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import json
import logging
import math
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import accumulate
from pathlib import Path
from typing import Any

from .errors import InputError, ItemError, quote_address
from .jsvalues import JS_LINE_TERMINATORS, JS_WHITE_SPACE, js_json, js_number, js_string, js_to_boolean, js_to_number
from .model import (
    Auth,
    Body,
    Collection,
    Example,
    FileBody,
    FormDataBody,
    FormField,
    GraphqlBody,
    Header,
    KeyValue,
    RawBody,
    RequestItem,
    Settings,
    Url,
    UrlEncodedBody,
    Variable,
)

__all__ = ["address_of", "close_addresses", "entry_name", "load_collection", "load_environment", "skipped_reasons", "split_address"]

logger = logging.getLogger("postman_snippets")

_UNNAMED = "(unnamed)"


def entry_name(entry: dict[str, Any]) -> str:
    """Return the name of a folder or item, or ``(unnamed)`` when it has none."""
    name = entry.get("name")
    return name if isinstance(name, str) and name else _UNNAMED
_BODY_MODES = ("raw", "urlencoded", "formdata", "file", "graphql")

# Maximum JSON nesting depth that the loader reads. Parsing 4000 levels used
# less than 512 KiB of C stack (CPython 3.11, x86-64 Linux), which is the
# smallest default thread stack in common use (macOS secondary threads).
MAX_JSON_DEPTH = 4000
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


# --- files --------------------------------------------------------------------


def _read_json(path: str | Path, expected: str) -> Any:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found; expected {expected}") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; expected {expected}") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}); expected {expected}") from None
    # Windows PowerShell 5.1 writes UTF-16 with '>' and Out-File. Without a
    # byte order mark, the first character of the JSON text, which is ASCII,
    # has a NUL byte before or after it.
    unmarked_utf16 = len(data) >= 2 and (data[0] == 0) != (data[1] == 0)
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or unmarked_utf16:
        raise InputError(
            f"{path}: UTF-16 text; expected {expected} saved as UTF-8"
            " (in Windows PowerShell 5.1, write it with Out-File -Encoding utf8)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not UTF-8 text (invalid byte at offset {error.start}); expected {expected} saved as UTF-8"
        ) from None
    try:
        return _parse_json(text)
    except json.JSONDecodeError as error:
        # Some of Python's messages end in "at" and expect the position after it.
        reason = error.msg
        if reason.endswith(" at"):
            reason += f" line {error.lineno} column {error.colno}"
        raise InputError(f"{path}:{error.lineno}:{error.colno}: invalid JSON ({reason}); expected {expected}") from None
    except RecursionError:
        raise InputError(f"{path}: JSON nested too deeply to read; expected {expected}") from None
    except _NonStandardConstant as error:
        raise InputError(
            f"{path}: invalid JSON ({error.name} is not a JSON number, and newman cannot read the file);"
            f" expected {expected}"
        ) from None


class _NonStandardConstant(ValueError):
    """Raised for NaN, Infinity and -Infinity, which Python's json reads and JSON.parse rejects."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _reject_constant(name: str) -> Any:
    raise _NonStandardConstant(name)


def _parse_json(text: str) -> Any:
    """Parse JSON text, allowing nesting up to MAX_JSON_DEPTH levels.

    CPython's json parser recurses once per level and stops at the recursion
    limit (1000 by default), which a folder tree 500 deep already reaches
    (two JSON levels per folder). Deeper documents are parsed again with
    the limit raised for the duration of the call.

    NOTE: from CPython 3.12 the C parser has its own fixed limit, which
    sys.setrecursionlimit does not raise, so there the deepest readable
    document may be shallower than MAX_JSON_DEPTH.
    """
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        depth = _json_depth(text)
        if depth > MAX_JSON_DEPTH:
            raise
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(previous + depth + 100)
    try:
        return json.loads(text, parse_constant=_reject_constant)
    finally:
        sys.setrecursionlimit(previous)


def _json_depth(text: str) -> int:
    """Return the deepest nesting of objects and arrays in JSON text."""
    brackets = _NOT_A_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if char in "[{" else -1 for char in brackets), default=0)


def load_collection(path: str | Path) -> Collection:
    """Load a collection file; raise :class:`InputError` if it is not one."""
    expected = "a Postman collection (schema v2.0 or v2.1)"
    with _collector_paused():
        document = _read_json(path, expected)
        _check_is_collection(path, document, expected)
        return _CollectionReader(str(path), document).read()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Turn off Python's cyclic garbage collector while a file is loaded.

    Loading makes many objects and no reference cycles, and the collector
    scanned the growing heap again and again: loading the benchmark's
    synthetic collection of 10,000 requests (14 MB) took 0.71 s with it and
    0.37 to 0.45 s without it (2-CPU Xeon, several runs).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_environment(path: str | Path) -> tuple[Variable, ...]:
    """Load the variables of a Postman environment (or globals) export."""
    expected = "a Postman environment file (an object with a 'values' list)"
    document = _read_json(path, expected)
    if not isinstance(document, dict) or not isinstance(document.get("values"), list):
        if isinstance(document, dict) and "item" in document:
            raise InputError(f"{path}: is a collection, not an environment; expected {expected}")
        raise InputError(f"{path}: no 'values' list found; expected {expected}")
    variables = []
    for index, entry in enumerate(document["values"]):
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise InputError(f"{path}: /values/{index} has no string 'key'; expected {expected}")
        if not _is_enabled(entry):
            continue
        variables.append(
            Variable(
                key=entry["key"],
                value=_variable_text(entry),
                secret=entry.get("type") == "secret",
            )
        )
    return tuple(variables)


def _check_is_collection(path: str | Path, document: Any, expected: str) -> None:
    if not isinstance(document, dict):
        raise InputError(f"{path}: top-level JSON value is not an object; expected {expected}")
    if "item" in document:
        return
    if isinstance(document.get("requests"), list):
        raise InputError(
            f"{path}: is a collection in the old v1 format; expected {expected}."
            " Export it again from Postman as v2.1"
        )
    if "values" in document and (
        document.get("_postman_variable_scope") in ("environment", "globals") or "item" not in document
    ):
        raise InputError(f"{path}: is a Postman environment or globals file; expected {expected}")
    raise InputError(f"{path}: has no 'item' list; expected {expected}")


# --- addresses ------------------------------------------------------------------


def _escape_segment(name: str) -> str:
    return name.replace("\\", "\\\\").replace("/", "\\/")


def address_of(folders: tuple[str, ...], name: str) -> str:
    """Join folder names and an item name into an address.

    A ``/`` inside a name is written ``\\/`` and a backslash ``\\\\``.
    """
    return "/".join(_escape_segment(part) for part in (*folders, name))


def skipped_reasons(collection: Collection, address: str) -> list[str]:
    """Return why the loader skipped each item at ``address``, or an empty list when it skipped no such item.

    As for a loaded item, leading folders may be left out. Every skipped
    item whose address ends with the rest is then named, because each
    message gives the item's whole address.
    """
    if address in collection.skipped_items:
        return collection.skipped_items[address]
    wanted = split_address(address.strip())
    if not wanted:
        return []
    return [
        message
        for skipped, messages in collection.skipped_items.items()
        if split_address(skipped)[-len(wanted) :] == wanted
        for message in messages
    ]


# The escapes that errors.printable writes for characters that cannot be
# printed, which an address read back from `list` may contain: their text
# after the backslash.
_CONTROL_ESCAPES = {"t": "\t", "n": "\n", "r": "\r"}
_PRINTED_ESCAPE_BODY = r"[tnr]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}"
# A backslash pair, or an escape that errors.printable writes.
_PRINTED_ESCAPE = re.compile(rf"\\(?:\\|{_PRINTED_ESCAPE_BODY})")
# The parts of an address: an escape (group 1, its text after the
# backslash), a '/' between segments (group 2), or a run of other text.
_ADDRESS_PART = re.compile(rf"\\({_PRINTED_ESCAPE_BODY}|[\s\S]?)|(/)|[^\\/]+")


def _printed_character(body: str) -> str | None:
    """Return the character of a printed escape's ``body`` (``t``, ``x1b``, ``u200b``), or None for any other text."""
    if body in _CONTROL_ESCAPES:
        return _CONTROL_ESCAPES[body]
    if len(body) > 1 and body[0] in "xuU":
        code = int(body[1:], 16)
        return chr(code) if code <= 0x10FFFF else None
    return None


def _read_printed_escape(match: re.Match[str]) -> str:
    """Return the character of an escape that errors.printable writes, and a backslash pair as it is."""
    return _printed_character(match.group()[1:]) or match.group()


def split_address(address: str) -> list[str]:
    """Split an address into its unescaped segments (the inverse of :func:`address_of`).

    The escapes that ``list`` prints for characters that cannot be printed
    (``\\t``, ``\\x1b``, ``\\u200b``) are read back as those characters.
    """
    segments = []
    current = []
    for match in _ADDRESS_PART.finditer(address):
        escaped, slash = match.group(1), match.group(2)
        if slash is not None:
            segments.append("".join(current))
            current = []
        elif escaped is not None:
            # Any other escaped text stands for itself, and a backslash at the end for a backslash.
            current.append(_printed_character(escaped) or escaped or "\\")
        else:
            current.append(match.group())
    segments.append("".join(current))
    return segments


# An address that ends in '#' and a number picks one of the items that
# share the rest of the address, counted from 1 in collection order.
_ORDINAL = re.compile(r"#([1-9][0-9]{0,8})\Z")


@dataclass
class AddressLookup:
    """The result of looking up an address among a collection's requests.

    ``items`` are the items the address selects, all with one address: one
    item, or every item of an address that several items share. When the
    address selects none, ``ambiguous`` lists the items of different
    addresses that it matches, and ``hint`` explains why an ordinal such as
    ``#3`` selects none. ``picked`` is True when an ordinal selected the
    one item.
    """

    items: list[RequestItem]
    ambiguous: list[RequestItem]
    hint: str = ""
    picked: bool = False


def lookup_address(requests: Iterable[RequestItem], address: str) -> AddressLookup:
    """Return the items of ``requests`` that ``address`` selects.

    An address selects the items with that address, or else those whose
    address ends with its segments when they all have one address. An
    address that ends in ``#N`` selects the Nth of the items that share
    the rest of it as their whole address (``Users/Get user#2``), before
    an item whose own address is the text. Otherwise ``#N`` selects the Nth
    of the items that the rest of the address selects, when the whole
    text selects none. A ``#`` written ``\\#`` is part of the name.
    """
    requests = list(requests)
    match = _ORDINAL.search(address)
    base = address[: match.start()] if match is not None else ""
    if match is not None and (len(base) - len(base.rstrip("\\"))) % 2:
        match = None  # the '#' is escaped
    if match is not None:
        # `list` prints this text for a shared item and escapes the '#' of
        # an item whose own address is the same text, so the shared item wins.
        ordinal = int(match.group(1))
        whole = _items_with_address(requests, base)
        if len(whole) > 1 and ordinal <= len(whole):
            return AddressLookup([whole[ordinal - 1]], [], picked=True)
    found = _items_at(requests, address)
    if found.items or found.ambiguous or match is None:
        return found
    shared = _items_at(requests, base)
    if not shared.items:
        return shared
    if ordinal > len(shared.items):
        count = len(shared.items)
        hint = (
            f"{quote_address(shared.items[0].address)} is the address of one item only"
            if count == 1
            else f"{count} items share the address {quote_address(shared.items[0].address)}: {ordinal_range(count)}"
        )
        return AddressLookup([], [], hint)
    return AddressLookup([shared.items[ordinal - 1]], [], picked=True)


def ordinal_range(count: int) -> str:
    """Return the ordinals of ``count`` items that share an address, as a phrase: ``#1 and #2``, ``#1 to #3``."""
    return "#1 and #2" if count == 2 else f"#1 to #{count}"


def _items_with_address(requests: list[RequestItem], address: str) -> list[RequestItem]:
    """Return the items whose whole address is ``address``, however its escapes are written."""
    segments = split_address(address)
    return [item for item in requests if [*item.folders, item.name] == segments]


def _items_at(requests: list[RequestItem], address: str) -> AddressLookup:
    """Look up ``address`` as a whole address, then as the trailing segments of addresses."""
    segments = split_address(address)
    exact = [item for item in requests if [*item.folders, item.name] == segments]
    if exact:
        return AddressLookup(exact, [])
    matches = [item for item in requests if [*item.folders, item.name][-len(segments) :] == segments]
    if len({item.address for item in matches}) == 1:
        return AddressLookup(matches, [])
    return AddressLookup([], matches)


def ordinal_addresses(requests: Iterable[RequestItem]) -> list[str]:
    """Return the address of each item as ``list`` prints it, with ``#N`` where several items share it.

    An item whose own address is also such a shared address with ``#N``
    gets ``\\#N``, because lookup_address gives that text to the shared item.
    """
    requests = list(requests)
    counts: dict[str, int] = {}
    for item in requests:
        counts[item.address] = counts.get(item.address, 0) + 1
    seen: dict[str, int] = {}
    addresses = []
    for item in requests:
        if counts[item.address] == 1:
            addresses.append(item.address)
            continue
        seen[item.address] = seen.get(item.address, 0) + 1
        addresses.append(f"{item.address}#{seen[item.address]}")
    for index, item in enumerate(requests):
        match = _ORDINAL.search(item.address)
        if counts[item.address] > 1 or match is None:
            continue
        base = item.address[: match.start()]
        if counts.get(base, 0) > 1 and int(match.group(1)) <= counts[base]:
            addresses[index] = f"{base}\\{item.address[match.start():]}"
    return addresses


def ordinal_addresses_of(requests: Iterable[RequestItem], items: Iterable[RequestItem]) -> list[str]:
    """Return the address that ``list`` prints for each of ``items``, which must be among ``requests``."""
    requests = list(requests)
    printed = {id(item): address for item, address in zip(requests, ordinal_addresses(requests))}
    return [printed[id(item)] for item in items]


# The minimum similarity (difflib's ratio, ignoring case) of an address
# offered as a close match when the requested address names no item. At
# 0.5 the shared folder prefix made every item of the folder a match.
CLOSE_MATCH_CUTOFF = 0.75


def close_addresses(address: str, requests: Iterable[RequestItem], limit: int = 5) -> tuple[list[str], bool]:
    """Return up to ``limit`` addresses of ``requests``, as ``list`` prints them, that resemble ``address``.

    The closest come first. An address with leading folders left out is
    compared with the same number of trailing segments of each address.
    The second value is True when one of them differs from ``address`` in
    letter case only, because addresses are case-sensitive.
    """
    import difflib  # only for this message, so not at start-up

    requests = list(requests)
    segments = len(split_address(address))
    # Each candidate text, folded, with the printed addresses of its items:
    # the whole address, and its trailing segments with and without '#N'.
    by_folded: dict[str, list[str]] = {}
    for item, printed in zip(requests, ordinal_addresses(requests)):
        ordinal = printed[len(item.address) :] if printed.startswith(item.address) else ""
        tail = "/".join(map(_escape_segment, (*item.folders, item.name)[-segments:]))
        for candidate in dict.fromkeys((printed, tail + ordinal, tail)):
            by_folded.setdefault(candidate.casefold(), []).append(printed)
    # The candidates contain the characters that `list` prints as escapes
    # (\t, \u200b), so those escapes are read back before comparing. The
    # escapes of address_of and the '\#' of a name ending in '#N' stay.
    folded = _PRINTED_ESCAPE.sub(_read_printed_escape, address).casefold()
    close = difflib.get_close_matches(folded, list(by_folded), n=limit, cutoff=CLOSE_MATCH_CUTOFF)
    # Names that differ only in spaces around a segment ('E ' for 'E') come
    # first, however short they are, because the spaces are hard to see.
    trimmed = _trimmed_segments(folded)
    close = [name for name in by_folded if _trimmed_segments(name) == trimmed and name != folded] + close
    matches = dict.fromkeys(printed for name in close for printed in by_folded[name])
    return list(matches)[:limit], folded in by_folded


def unescaped_slash_matches(address: str, requests: Iterable[RequestItem]) -> list[str]:
    """Return the addresses, as ``list`` prints them, of items whose names contain a '/' that ``address`` leaves unescaped.

    ``address`` is compared with the names joined by bare '/' characters, so
    ``Get a/b`` finds the item named ``Get a/b``. Leading folders may be left
    out, as in a lookup.
    """
    if "/" not in address:
        return []
    requests = list(requests)
    matches = []
    for item, printed in zip(requests, ordinal_addresses(requests)):
        names = (*item.folders, item.name)
        if not any("/" in name for name in names):
            continue
        text = "/".join(names)
        if text == address or text.endswith("/" + address):
            matches.append(printed)
    return matches


def _trimmed_segments(address: str) -> str:
    return "/".join(segment.strip() for segment in address.split("/"))


def _pointer(parent: str, key: str | int) -> str:
    # Loading calls this for every field, and most keys need no escaping.
    if isinstance(key, str) and ("~" in key or "/" in key):
        key = key.replace("~", "~0").replace("/", "~1")
    return f"{parent}/{key}"


# --- reading ---------------------------------------------------------------------


@dataclass
class _Context:
    """The auth, settings and folder path an item inherits from the folders above it."""

    folders: tuple[str, ...]
    auth: Auth | None
    settings: dict[str, object]


class _CollectionReader:
    def __init__(self, path: str, document: dict) -> None:
        self.path = path
        self.document = document
        self.requests: list[RequestItem] = []
        self.folders: list[tuple[str, ...]] = []
        self.folder_descriptions: dict[tuple[str, ...], str] = {}
        self.problems: list[str] = []
        self.skipped_items: dict[str, list[str]] = {}

    def read(self) -> Collection:
        document = self.document
        info = document.get("info") if isinstance(document.get("info"), dict) else {}
        name = info.get("name") if isinstance(info.get("name"), str) else document.get("name")
        schema = info.get("schema") if isinstance(info.get("schema"), str) else ""
        version = "2.0" if "v2.0" in schema else "2.1"

        root = _ItemReader(self, "", ())
        try:
            auth = root.auth(document.get("auth"), "/auth")
            settings = root.settings(document.get("protocolProfileBehavior"), "/protocolProfileBehavior", {})
            variables = root.variables(document)
        except ItemError as error:
            raise InputError(f"{self.path}: {error.message} (at {error.pointer})") from None

        if not isinstance(document["item"], list):
            raise InputError(
                f"{self.path}: 'item' is not a list (at /item); expected a list of requests and folders"
            )
        self._walk(document["item"], "/item", _Context((), auth, settings))
        requests = [
            item if listed == item.address else replace(item, listed_address=listed)
            for item, listed in zip(self.requests, ordinal_addresses(self.requests))
        ]
        return Collection(
            name=name if isinstance(name, str) else Path(self.path).stem,
            path=self.path,
            schema_version=version,
            variables=variables,
            requests=tuple(requests),
            folders=tuple(self.folders),
            problems=tuple(self.problems),
            description=_ItemReader.description(info.get("description")),
            folder_descriptions=self.folder_descriptions,
            skipped_items=self.skipped_items,
        )

    def _walk(self, items: list, pointer: str, context: _Context) -> None:
        """Read every item under ``items`` in file order, depth first.

        An explicit stack of iterators replaces recursion, so folders nested
        hundreds deep cannot hit Python's recursion limit.
        """
        stack: list[tuple[Iterator[tuple[int, Any]], str, _Context]] = [
            (iter(enumerate(items)), pointer, context)
        ]
        while stack:
            entries, pointer, context = stack[-1]
            next_entry = next(entries, None)
            if next_entry is None:
                stack.pop()
                continue
            index, entry = next_entry
            entry_pointer = _pointer(pointer, index)
            if not isinstance(entry, dict):
                where = "collection root"
                if context.folders:
                    where = f"folder {address_of(context.folders[:-1], context.folders[-1])!r}"
                self.problems.append(f"{where} (at {entry_pointer}): item is not an object; skipped")
                continue
            name = entry_name(entry)
            if "item" in entry and "request" not in entry:
                folder_context = self._folder_context(entry, entry_pointer, context, name)
                if folder_context is not None:
                    self.folders.append(folder_context.folders)
                    description = _ItemReader.description(entry.get("description"))
                    if description and folder_context.folders not in self.folder_descriptions:
                        self.folder_descriptions[folder_context.folders] = description
                    stack.append((iter(enumerate(entry["item"])), _pointer(entry_pointer, "item"), folder_context))
                continue
            reader = _ItemReader(self, entry_pointer, context.folders + (name,))
            try:
                item = reader.request_item(entry, name, context)
                self.requests.append(item)
                self.problems.extend(item.skipped_examples)
            except ItemError as error:
                self.problems.append(str(error))
                self._skip_item(reader.address, str(error))
            except RecursionError:
                # json.dumps of a raw body or example nested deeper than the recursion limit.
                message = str(reader.fail("a value in the item is nested too deeply to read", entry_pointer))
                self.problems.append(message)
                self._skip_item(reader.address, message)

    def _skip_item(self, address: str, message: str) -> None:
        messages = self.skipped_items.setdefault(address, [])
        # The items of a skipped folder share its message.
        if message not in messages:
            messages.append(message)

    def _folder_context(self, entry: dict, pointer: str, context: _Context, name: str) -> _Context | None:
        folders = context.folders + (name,)
        reader = _ItemReader(self, pointer, folders)
        try:
            auth = reader.auth(entry.get("auth"), _pointer(pointer, "auth"))
            settings = reader.settings(
                entry.get("protocolProfileBehavior"), _pointer(pointer, "protocolProfileBehavior"), context.settings
            )
        except ItemError as error:
            message = f"folder {error}; its items were skipped"
            self.problems.append(message)
            self._skip_folder_items(entry.get("item"), folders, message)
            return None
        if not isinstance(entry["item"], list):
            self.problems.append(
                f"folder {quote_address(reader.address)} (at {_pointer(pointer, 'item')}): 'item' is not a list; skipped"
            )
            return None
        return _Context(folders, auth if auth is not None else context.auth, settings)

    def _skip_folder_items(self, items: Any, folders: tuple[str, ...], message: str) -> None:
        """Record ``message`` in skipped_items for each request under a folder that was skipped, at any depth."""
        stack = [(items, folders)]
        while stack:
            entries, path = stack.pop()
            if not isinstance(entries, list):
                continue
            for entry in entries:
                if not isinstance(entry, dict):
                    continue
                name = entry_name(entry)
                if "item" in entry and "request" not in entry:
                    stack.append((entry["item"], path + (name,)))
                else:
                    self._skip_item(address_of(path, name), message)


# The fields that Postman reads in a request and in a request item.
_REQUEST_FIELDS = frozenset({"method", "url", "header", "body", "auth", "description", "proxy", "certificate"})
_ITEM_FIELDS = frozenset({"request", "response", "event", "name", "description", "protocolProfileBehavior", "auth", "variable"})
# The fields of collection format v1 that Postman ignores in format v2,
# with the v2 field that replaced each.
_V1_FIELDS = {"headers": "header", "data": "body", "responses": "response"}
_IGNORED_EFFECTS = {
    "header": "newman sends none of these headers, and neither do the snippets",
    "body": "newman sends no body from it, and neither do the snippets",
    "response": "the snippets parse no response from these examples",
    "method": "newman sends a GET, and so do the snippets",
    "url": "newman finds no URL there",
    "auth": "newman does not use this auth, and neither do the snippets",
}


def _has_content(value: Any) -> bool:
    """Return whether ``value`` contains more than empty lists, objects, strings and a body 'mode'."""
    # A stack instead of recursion, because an ignored field may be nested
    # deeper than Python's recursion limit, and the item is loaded anyway.
    stack = [value]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(entry for key, entry in value.items() if key != "mode")
        elif isinstance(value, list):
            stack.extend(value)
        elif value not in (None, ""):
            return True
    return False


def _one_edit_apart(typed: str, field: str) -> bool:
    """Return whether ``typed`` differs from ``field`` by letter case, or by one letter added, left out, replaced or swapped."""
    typed, field = typed.lower(), field.lower()
    if typed == field:
        return True
    if abs(len(typed) - len(field)) > 1:
        return False
    start = 0
    while start < min(len(typed), len(field)) and typed[start] == field[start]:
        start += 1
    typed_rest, field_rest = typed[start:], field[start:]
    if len(typed_rest) == len(field_rest):
        # One letter replaced, or two neighbours swapped.
        return typed_rest[1:] == field_rest[1:] or typed_rest[:2][::-1] == field_rest[:2] and typed_rest[2:] == field_rest[2:]
    return typed_rest[1:] == field_rest or typed_rest == field_rest[1:]


class _ItemReader:
    """Reads the fields of one item, raising ItemError with its address."""

    def __init__(self, collection: _CollectionReader, pointer: str, path: tuple[str, ...]) -> None:
        self.collection = collection
        self.pointer = pointer
        self.address = address_of(path[:-1], path[-1]) if path else ""

    def fail(self, message: str, pointer: str) -> ItemError:
        return ItemError(message, address=self.address, pointer=pointer)

    # -- scalar helpers

    def text(self, value: Any, pointer: str, *, default: str = "") -> str:
        """Read a string field; numbers and booleans are written as newman (JavaScript's String) writes them."""
        if value is None:
            return default
        if isinstance(value, (str, bool, int, float)):
            return js_string(value)
        raise self.fail(f"expected a string, found {_json_type(value)}", pointer)

    def optional_string(self, value: Any, pointer: str) -> str | None:
        """Read a query parameter's key or value, which newman uses only when it is a string.

        newman 6.2.2 sends ``?a`` for ``{"key": "a", "value": 2}``: it leaves
        out a value that is not a string, and writes a key that is not one as
        empty.
        """
        if value is None or isinstance(value, (bool, int, float)):
            return None
        return self.text(value, pointer)

    def list_of_objects(self, value: Any, pointer: str) -> list[tuple[str, dict]]:
        if value is None or value == "":
            return []
        if not isinstance(value, list):
            raise self.fail(f"expected a list, found {_json_type(value)}", pointer)
        entries = []
        for index, entry in enumerate(value):
            entry_pointer = _pointer(pointer, index)
            if not isinstance(entry, dict):
                raise self.fail(f"expected an object, found {_json_type(entry)}", entry_pointer)
            entries.append((entry_pointer, entry))
        return entries

    @staticmethod
    def enabled(entry: dict) -> bool:
        return _is_enabled(entry)

    # -- collection-level parts

    def variables(self, document: dict) -> tuple[Variable, ...]:
        key = "variable" if "variable" in document else "variables"
        variables = []
        for pointer, entry in self.list_of_objects(document.get(key), f"/{key}"):
            if not self.enabled(entry):
                continue
            if "key" not in entry:
                # newman 6.2.2 finds variables by "key" only, so an entry
                # named by "id" alone (as some schema v2.0 exports write it) is never used.
                continue
            name = entry["key"]
            if not isinstance(name, str):
                raise self.fail("variable has no string 'key'", pointer)
            variables.append(
                Variable(name, _variable_text(entry), secret=entry.get("type") == "secret")
            )
        return tuple(variables)

    def auth(self, value: Any, pointer: str) -> Auth | None:
        """Read an auth block; None means "inherit from the parent"."""
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(f"expected an auth object, found {_json_type(value)}", pointer)
        kind = value.get("type")
        if kind is None:
            return None
        if kind == "inherit":
            # newman 6 has no auth type "inherit", so it sends no auth for a
            # request or folder of that type. Only an entry without an auth
            # block inherits.
            return Auth("noauth")
        if not isinstance(kind, str):
            raise self.fail(f"auth type must be a string, found {_json_type(kind)}", _pointer(pointer, "type"))
        params_pointer = _pointer(pointer, kind)
        raw_params = value.get(kind)
        params: list[tuple[str, str]] = []
        null_values: set[str] = set()
        absent_values: set[str] = set()
        if isinstance(raw_params, list):
            # Schema v2.1: a list of {key, value, type}.
            for entry_pointer, entry in self.list_of_objects(raw_params, params_pointer):
                key = entry.get("key")
                if not isinstance(key, str):
                    raise self.fail("auth parameter has no string 'key'", entry_pointer)
                params.append((key, _auth_value(entry.get("value"))))
                # A later entry of the same name replaces the state of an earlier one.
                null_values.discard(key)
                absent_values.discard(key)
                if "value" not in entry:
                    absent_values.add(key)
                elif entry["value"] is None:
                    null_values.add(key)
        elif isinstance(raw_params, dict):
            # Schema v2.0: an object of key -> value.
            params = [(key, _auth_value(raw)) for key, raw in raw_params.items()]
            null_values = {key for key, raw in raw_params.items() if raw is None}
        elif raw_params is not None:
            raise self.fail(f"expected a list of auth parameters, found {_json_type(raw_params)}", params_pointer)
        return Auth(kind, tuple(params), frozenset(null_values), frozenset(absent_values))

    def settings(self, value: Any, pointer: str, inherited: dict[str, object]) -> dict[str, object]:
        if value is None:
            return inherited
        if not isinstance(value, dict):
            raise self.fail(f"expected an object, found {_json_type(value)}", pointer)
        merged = dict(inherited)
        merged.update(value)
        return merged

    # -- request items

    def request_item(self, entry: dict, name: str, context: _Context) -> RequestItem:
        pointer = self.pointer
        request = entry.get("request")
        request_pointer = _pointer(pointer, "request")
        if request is None:
            raise self.fail("item has neither 'request' nor 'item'", pointer)
        if isinstance(request, str):
            request = {"url": request}
        elif not isinstance(request, dict):
            raise self.fail(f"expected a request object or URL string, found {_json_type(request)}", request_pointer)

        method = self.text(request.get("method"), _pointer(request_pointer, "method"), default="GET") or "GET"
        auth = self.auth(request.get("auth"), _pointer(request_pointer, "auth"))
        settings = self.settings(
            entry.get("protocolProfileBehavior"), _pointer(pointer, "protocolProfileBehavior"), context.settings
        )
        skipped_examples: list[str] = []
        examples = self.examples(entry.get("response"), _pointer(pointer, "response"), skipped_examples)
        notices = list(self.ignored_fields(entry, request, request_pointer))
        if isinstance(request.get("method"), (bool, int, float)):
            notices.append(self.non_string_method_notice(request["method"], _pointer(request_pointer, "method")))
        url = self.url(request.get("url"), _pointer(request_pointer, "url"))
        headers = self.headers(request.get("header"), _pointer(request_pointer, "header"))
        body = self.body(request.get("body"), _pointer(request_pointer, "body"), notices)
        return RequestItem(
            name=name,
            folders=context.folders,
            address=self.address,
            pointer=pointer,
            method=method.upper(),
            url=url,
            headers=headers,
            body=body,
            auth=auth if auth is not None else context.auth,
            settings=Settings(tuple(settings.items())),
            description=self.description(request.get("description", entry.get("description"))),
            examples=examples,
            skipped_examples=tuple(skipped_examples),
            notices=tuple(notices),
        )

    def ignored_fields(self, entry: dict, request: dict, request_pointer: str) -> tuple[str, ...]:
        """Return a warning for each field of the item or its request that Postman ignores but that looks meant for it.

        An empty field gets none. These are the fields of collection format v1 ('headers', 'data',
        'responses') and names one edit away from a field that changes what
        is sent ('heaeder', 'Method', 'bdoy').
        """
        notices = []
        for where, fields, known, pointer in (
            ("request", request, _REQUEST_FIELDS, request_pointer),
            ("item", entry, _ITEM_FIELDS, self.pointer),
        ):
            for key in fields:
                if not isinstance(key, str) or key in known:
                    continue
                meant = _V1_FIELDS.get(key) or next(
                    (field for field in sorted(known) if field in _IGNORED_EFFECTS and _one_edit_apart(key, field)), None
                )
                if meant is None or meant not in known or not _has_content(fields[key]):
                    continue
                effect = _IGNORED_EFFECTS[meant]
                if meant == "method" and "method" in fields:
                    effect = "newman sends the method in 'method', and so do the snippets"
                message = f"the {where} has {key!r}, which Postman ignores: it reads {meant!r}, so {effect}"
                notices.append(str(self.fail(message, _pointer(pointer, key))))
        return tuple(notices)

    def non_string_method_notice(self, method: bool | int | float, pointer: str) -> str:
        """Return the warning for a method written as a number or boolean, which Postman writes as a string."""
        text = js_string(method).upper()
        message = f"'method' is {_json_type(method)}, not a string, so newman sends the method {text!r}, and so do the snippets"
        return str(self.fail(message, pointer))

    def _non_string_raw_notice(self, raw: Any, pointer: str, effect: str, notices: list[str] | None) -> None:
        # Postman writes a raw body as a string.
        if notices is not None:
            message = f"'raw' is {_json_type(raw)}, not a string, so {effect}"
            notices.append(str(self.fail(message, _pointer(pointer, "raw"))))

    def url(self, value: Any, pointer: str) -> Url | None:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            return Url(raw=value)
        if not isinstance(value, dict):
            raise self.fail(f"expected a URL string or object, found {_json_type(value)}", pointer)
        raw = self.text(value.get("raw"), _pointer(pointer, "raw"))
        host = self.segments(value.get("host"), _pointer(pointer, "host"), ".")
        path = self.segments(value.get("path"), _pointer(pointer, "path"), "/")
        query = None
        raw_query = value.get("query")
        if isinstance(raw_query, str):
            # newman 6.2.2 splits a query string at each "&", and each part
            # at its first "=". A part without "=" is a key alone.
            query = tuple(_query_string_param(part) for part in raw_query.split("&")) if raw_query else ()
        elif isinstance(raw_query, dict):
            # newman reads each member of a query object as one parameter,
            # and writes a value that is not a string as the key alone.
            query = tuple(KeyValue(key, raw if isinstance(raw, str) else None) for key, raw in raw_query.items())
        elif raw_query is not None:
            query = tuple(
                KeyValue(
                    self.optional_string(entry.get("key"), _pointer(entry_pointer, "key")) or "",
                    self.optional_string(entry.get("value"), _pointer(entry_pointer, "value")),
                )
                for entry_pointer, entry in self.list_of_objects(raw_query, _pointer(pointer, "query"))
                if self.enabled(entry)
            )
        path_variables = tuple(
            KeyValue(
                self.text(entry.get("key", entry.get("id")), _pointer(entry_pointer, "key")),
                _path_variable_text(entry),
            )
            # newman fills in a path variable even when it is disabled.
            for entry_pointer, entry in self.list_of_objects(value.get("variable"), _pointer(pointer, "variable"))
        )
        port = value.get("port")
        if host is None and path is None and raw:
            # postman-collection builds the URL from the parts and ignores
            # 'raw', so newman rejects the request as having an empty URL.
            raise self.fail(
                "the URL object has 'raw' but no 'host' or 'path', and newman sends nothing for it;"
                " add the parts or write the URL as a string",
                pointer,
            )
        userinfo = None
        url_auth = value.get("auth")
        if isinstance(url_auth, dict) and (url_auth.get("user") or url_auth.get("password")):
            userinfo = (
                self.text(url_auth.get("user"), _pointer(_pointer(pointer, "auth"), "user")),
                self.text(url_auth.get("password"), _pointer(_pointer(pointer, "auth"), "password")),
            )
        return Url(
            raw=raw,
            userinfo=userinfo,
            protocol=self.text(value.get("protocol"), _pointer(pointer, "protocol")) or None,
            host=host,
            port=None if port is None else self.text(port, _pointer(pointer, "port")),
            path=path,
            query=query,
            path_variables=path_variables,
            has_parts=host is not None or path is not None,
        )

    def segments(self, value: Any, pointer: str, separator: str) -> tuple[str, ...] | None:
        if value is None:
            return None
        if isinstance(value, str) and separator == "/":
            return _path_segments(value)
        if isinstance(value, str):
            return (value,)
        if not isinstance(value, list):
            raise self.fail(f"expected a string or a list of strings, found {_json_type(value)}", pointer)
        parts = []
        for index, part in enumerate(value):
            if isinstance(part, dict):
                # Schema v2.0 allows a segment as {"type": ..., "value": ...},
                # but postman-collection 4.4.0 joins the segments with
                # String(), so newman 6.2.2 sends such a segment as
                # "[object Object]".
                raise self.fail(
                    "the URL segment is an object, which newman sends as '[object Object]';"
                    " write the segment as a string",
                    _pointer(pointer, index),
                )
            parts.append(self.text(part, _pointer(pointer, index)))
        return tuple(parts)

    def headers(self, value: Any, pointer: str) -> tuple[Header, ...]:
        if isinstance(value, str):
            # A header block written as text ("Name: value" lines), as older exports do.
            return tuple(Header(key, header_value) for key, header_value in parse_header_block(value))
        headers = []
        for position, (entry_pointer, entry) in enumerate(self.list_of_objects(value, pointer)):
            if not self.enabled(entry):
                continue
            key = self.text(entry.get("key"), _pointer(entry_pointer, "key"))
            # newman sends "value": null as the text "null", and no value as "".
            value = "null" if "value" in entry and entry["value"] is None else entry.get("value")
            headers.append(Header(key, self.text(value, _pointer(entry_pointer, "value")), position))
        return tuple(headers)

    def body(self, value: Any, pointer: str, notices: list[str] | None = None) -> Body | None:
        """Read a request body. A warning about a raw body that is not a string goes to ``notices``."""
        if value is None or value == {}:
            return None
        if not isinstance(value, dict):
            raise self.fail(f"expected a body object, found {_json_type(value)}", pointer)
        if js_to_boolean(value.get("disabled")):
            return None
        mode = value.get("mode")
        if not mode:
            return None
        if not isinstance(mode, str):
            raise self.fail(f"body mode must be a string, found {_json_type(mode)}", _pointer(pointer, "mode"))
        # postman-collection lower-cases the mode and reads a mode it does not
        # know ("none" included) as raw. Such a body sends its 'raw' text if it
        # has one, and nothing otherwise.
        mode = mode.lower()
        if mode not in _BODY_MODES:
            if not value.get("raw"):
                return None
            mode = "raw"
        mode_pointer = _pointer(pointer, mode)
        if mode == "raw":
            options = value.get("options")
            language = None
            if isinstance(options, dict) and isinstance(options.get("raw"), dict):
                language = options["raw"].get("language")
            raw = value.get("raw")
            if isinstance(raw, (dict, list)):
                text = js_json(raw)
                self._non_string_raw_notice(raw, pointer, "newman sends it as JSON text, and so do the snippets", notices)
            elif isinstance(raw, (bool, int, float)):
                # newman sends no body for a raw value that is a number or a boolean.
                self._non_string_raw_notice(raw, pointer, "newman sends no body, and neither do the snippets", notices)
                return None
            else:
                text = self.text(raw, mode_pointer)
            return RawBody(text, language if isinstance(language, str) else None)
        if mode == "urlencoded":
            return UrlEncodedBody(
                tuple(
                    KeyValue(
                        # newman writes a null key as "null" and a missing one as "undefined".
                        self.text(entry.get("key", "undefined"), _pointer(entry_pointer, "key"), default="null"),
                        self.text(entry.get("value"), _pointer(entry_pointer, "value")),
                    )
                    for entry_pointer, entry in self.list_of_objects(value.get("urlencoded"), mode_pointer)
                    if self.enabled(entry)
                )
            )
        if mode == "formdata":
            return FormDataBody(
                tuple(
                    self.form_field(entry, entry_pointer)
                    for entry_pointer, entry in self.list_of_objects(value.get("formdata"), mode_pointer)
                    if self.enabled(entry)
                )
            )
        if mode == "file":
            file = value.get("file")
            source = None
            if isinstance(file, dict):
                source = self.text(file.get("src"), _pointer(mode_pointer, "src")) or None
                if source is None and isinstance(file.get("content"), str) and file["content"]:
                    raise self._inline_content_error(_pointer(mode_pointer, "content"))
            elif file is not None:
                raise self.fail(f"expected an object with 'src', found {_json_type(file)}", mode_pointer)
            return FileBody(source)
        # The remaining mode is graphql.
        graphql = value.get("graphql")
        if graphql is None:
            graphql = {}
        if not isinstance(graphql, dict):
            raise self.fail(f"expected an object, found {_json_type(graphql)}", mode_pointer)
        # newman 6.2.2 sends "query" and "operationName" when they are
        # strings, and "variables" as the JSON text written there, or as
        # JSON.stringify writes a value that is not a string.
        # NOTE: when "variables" is not a string, newman also writes a null
        # query or operationName as null; here they are left out.
        query = graphql.get("query")
        operation_name = graphql.get("operationName")
        variables = graphql.get("variables")
        if "variables" not in graphql:
            variables = ""
        elif not isinstance(variables, str):
            variables = js_json(variables)
        return GraphqlBody(
            self.text(query, _pointer(mode_pointer, "query")) if isinstance(query, str) else None,
            variables,
            self.text(operation_name, _pointer(mode_pointer, "operationName")) if isinstance(operation_name, str) else None,
        )

    def form_field(self, entry: dict, pointer: str) -> FormField:
        key = self.text(entry.get("key"), _pointer(pointer, "key"))
        content_type = entry.get("contentType")
        content_type = self.text(content_type, _pointer(pointer, "contentType")) or None
        if entry.get("type") == "file":
            src = entry.get("src")
            value = entry.get("value")
            if src in (None, "") and isinstance(value, str) and value:
                raise self._inline_content_error(_pointer(pointer, "value"))
            if src == [] and isinstance(value, str):
                # newman sends the value of an empty src list as a text part
                # (generator.wire), so it is kept.
                value = self.text(value, _pointer(pointer, "value"))
                return FormField(key, "file", value=value, content_type=content_type, src_list=True)
            if isinstance(src, list):
                sources = tuple(
                    self.text(item, _pointer(_pointer(pointer, "src"), index)) for index, item in enumerate(src)
                )
            else:
                source = self.text(src, _pointer(pointer, "src"))
                sources = (source,) if source else ()
            return FormField(key, "file", sources=sources, content_type=content_type, src_list=isinstance(src, list))
        value = entry.get("value")
        if value is None or value is False or (isinstance(value, (int, float)) and value == 0):
            # newman sends a form value of false, 0 or null as an empty value.
            value = ""
        return FormField(key, "text", value=self.text(value, _pointer(pointer, "value")), content_type=content_type)

    def _inline_content_error(self, pointer: str) -> ItemError:
        # postman-runtime 7.39 reads a file body's "content", or a form file
        # part's "value", as base64 when there is no src, and sends the decoded bytes.
        return self.fail(
            "a file given as base64 content without 'src' is not supported, because the snippets"
            " cannot send the decoded bytes that newman sends; save them to a file and set 'src' to its path",
            pointer,
        )

    @staticmethod
    def description(value: Any) -> str:
        """Return the text of a description: a string, or an object with a string ``content``."""
        if isinstance(value, str):
            return value
        if isinstance(value, dict) and isinstance(value.get("content"), str):
            return value["content"]
        return ""

    def examples(self, value: Any, pointer: str, skipped: list[str]) -> tuple[Example, ...]:
        """Read the saved examples, adding to ``skipped`` a message for each one that is not an object.

        Such an example is left out, not the whole item, because newman
        sends the request whatever its saved responses hold, and the
        examples only shape the response-parsing code.
        """
        if value is None or value == "":
            return ()
        if not isinstance(value, list):
            message = f"expected a list of saved examples, found {_json_type(value)}"
            skipped.append(f"saved example of {self.fail(message, pointer)}")
            return ()
        examples = []
        for index, entry in enumerate(value):
            entry_pointer = _pointer(pointer, index)
            if not isinstance(entry, dict):
                message = f"expected an object, found {_json_type(entry)}"
                skipped.append(f"saved example of {self.fail(message, entry_pointer)}")
                continue
            code = entry.get("code")
            body = entry.get("body")
            if body is not None and not isinstance(body, str):
                body = json.dumps(body)
            header_value = entry.get("header")
            try:
                headers = self.headers(header_value, _pointer(entry_pointer, "header"))
            except ItemError:
                headers = ()
            name = entry.get("name")
            preview = entry.get("_postman_previewlanguage")
            examples.append(
                Example(
                    name=name if isinstance(name, str) else "",
                    status=code if isinstance(code, int) and not isinstance(code, bool) else None,
                    headers=headers,
                    body=body,
                    preview_language=preview if isinstance(preview, str) else None,
                )
            )
        return tuple(examples)


# JavaScript's white space without the line terminators, for a character class.
_JS_SPACE = re.escape("".join(char for char in JS_WHITE_SPACE if char not in JS_LINE_TERMINATORS))
_JS_LINE_END = re.escape(JS_LINE_TERMINATORS)
# postman-collection's /^(\S+):(.*)$/gm, with JavaScript's meaning of \S, ".", "^" and "$".
_HEADER_LINE = re.compile(
    f"(?:^|(?<=[{_JS_LINE_END}]))([^{_JS_SPACE}{_JS_LINE_END}]+):([^{_JS_LINE_END}]*)(?=[{_JS_LINE_END}]|\\Z)"
)
_HEADER_FOLD = re.compile(r"\r\n([ \t])")


def parse_header_block(text: str) -> list[tuple[str, str]]:
    """Split a header block written as text into (name, value) pairs, as newman 6.2.2 does.

    postman-collection's Header.parse takes only lines that start with a
    name without white space followed by ":", so it skips a line with no
    colon, one that starts with a space and "Name : value". It trims the
    value with JavaScript's white space. It finds the first line in the
    text as written and the others in the text with folded lines
    ("\r\n" before a space or tab) joined, from the same offset.
    """
    headers = []
    match = _HEADER_LINE.search(text)
    folded = _HEADER_FOLD.sub(r"\1", text)
    while match is not None:
        headers.append((match.group(1), match.group(2).strip(JS_WHITE_SPACE)))
        match = _HEADER_LINE.search(folded, match.end())
    return headers


def _is_enabled(entry: dict) -> bool:
    """Tell whether newman uses a header, parameter, form field or variable entry.

    newman 6.2.2 leaves an entry out when its "disabled" is true in
    JavaScript, so "disabled": "false" or 1 leaves it out too. It ignores
    "enabled" (schema v2.0 and environment exports): an entry with
    "enabled": false is sent.
    """
    return not js_to_boolean(entry.get("disabled"))


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _variable_text(entry: dict) -> str:
    """Return the value of a variable entry as newman substitutes it.

    newman writes the value with JavaScript's String(): a variable without a
    value is empty, but "value": null is the text "null", and an object is
    "[object Object]". The variable's type may convert the value first.
    """
    kind = entry.get("type")
    kind = kind.lower() if isinstance(kind, str) else None
    # A variable of type boolean or number is converted with Boolean() or
    # Number() first: "false" of type boolean is sent as "true" (newman 6.2.2).
    if kind == "boolean":
        return "true" if "value" in entry and js_to_boolean(entry["value"]) else "false"
    if kind == "number":
        return js_number(js_to_number(entry["value"]) if "value" in entry else math.nan)
    if "value" not in entry:
        return ""
    return js_string(entry["value"])


def _path_variable_text(entry: dict) -> str:
    """Return the text that newman puts in place of a ``:name`` path segment, or "" for none.

    postman-collection 4.4.0 fills the segment only when the variable's
    value, converted by its type, is a non-empty string. Type string
    converts with JavaScript's String(), so a missing value is "undefined".
    Types boolean, number, array and object never give a string, and any
    other type keeps the value as written.
    """
    kind = entry.get("type")
    kind = kind.lower() if isinstance(kind, str) else None
    if kind == "string":
        return js_string(entry["value"]) if "value" in entry else "undefined"
    if kind in ("boolean", "number", "array", "object"):
        return ""
    value = entry.get("value")
    return value if isinstance(value, str) else ""


# postman-collection 4.4.0 removes a leading "/" from a path string with
# /^\/((.+))$/, whose "." matches no line terminator.
_LEADING_SLASH = re.compile("/([^\n\r\u2028\u2029]+)")


def _path_segments(path: str) -> tuple[str, ...] | None:
    """Split a URL path written as one string into segments, as postman-collection 4.4.0 does.

    "" is no path and "/" is one empty segment. Otherwise one leading "/"
    is removed, and the rest is split at each "/".
    """
    if path == "":
        return None
    if path == "/":
        return ("",)
    match = _LEADING_SLASH.fullmatch(path)
    if match:
        path = match.group(1)
    return tuple(path.split("/"))


def _query_string_param(part: str) -> KeyValue:
    key, equals, value = part.partition("=")
    return KeyValue(key, value if equals else None)


def _auth_value(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    return js_string(value)
