"""The intermediate request model: what a Postman item requests, format-free.

The loader builds these immutable objects from a collection file; variable
resolution and auth turn them into a :class:`generator.wire.WireRequest`,
which the templates render. Strings here are still unresolved: they may hold
``{{name}}`` references.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from .jsvalues import js_to_boolean

__all__ = [
    "Auth",
    "Body",
    "Collection",
    "Example",
    "FileBody",
    "FormField",
    "FormDataBody",
    "GraphqlBody",
    "Header",
    "KeyValue",
    "RawBody",
    "RequestItem",
    "Settings",
    "UrlEncodedBody",
    "Url",
    "Variable",
]


@dataclass(frozen=True)
class KeyValue:
    """A query parameter, path variable or urlencoded field.

    ``value`` is None for a query key written without ``=`` (``?flag``).
    """

    key: str
    value: str | None


@dataclass(frozen=True)
class Header:
    """A header; ``position`` is its index in the file's header list, for error messages."""

    key: str
    value: str
    position: int = field(default=-1, compare=False)


@dataclass(frozen=True)
class Variable:
    key: str
    value: str
    secret: bool = False


@dataclass(frozen=True)
class Url:
    """A request URL as Postman stores it.

    ``raw`` is the text the author typed. ``host`` and ``path`` are the
    parsed parts; newman builds the request from the parts when they exist
    and from ``raw`` otherwise, so both are kept. ``query`` holds only
    enabled parameters.
    """

    raw: str
    protocol: str | None = None
    host: tuple[str, ...] | None = None
    port: str | None = None
    path: tuple[str, ...] | None = None
    query: tuple[KeyValue, ...] | None = None
    path_variables: tuple[KeyValue, ...] = ()
    has_parts: bool = False
    userinfo: tuple[str, str] | None = None  # url.auth {user, password} of a URL object


@dataclass(frozen=True)
class RawBody:
    text: str
    language: str | None = None  # options.raw.language: json, text, xml, html, javascript
    kind: Literal["raw"] = "raw"


@dataclass(frozen=True)
class UrlEncodedBody:
    fields: tuple[KeyValue, ...]
    kind: Literal["urlencoded"] = "urlencoded"


@dataclass(frozen=True)
class FormField:
    """One multipart part: text (``value``) or files (``sources``, local paths).

    ``src_list`` is True when the collection gives ``src`` as an array.
    newman then leaves out an empty path in it, where an empty ``src``
    string sends a part without a file. A file field keeps ``value`` only
    for an empty array, whose value newman sends as text.
    """

    key: str
    type: Literal["text", "file"]
    value: str = ""
    sources: tuple[str, ...] = ()
    content_type: str | None = None
    src_list: bool = False


@dataclass(frozen=True)
class FormDataBody:
    fields: tuple[FormField, ...]
    kind: Literal["formdata"] = "formdata"


@dataclass(frozen=True)
class FileBody:
    source: str | None  # a path on the collection author's machine, or None
    kind: Literal["file"] = "file"


@dataclass(frozen=True)
class GraphqlBody:
    """A GraphQL body; a query or operation name of None is left out of the JSON newman sends.

    ``variables`` is JSON text that goes into the body as it is, and is left out when empty.
    """

    query: str | None
    variables: str
    operation_name: str | None = None
    kind: Literal["graphql"] = "graphql"


Body = Union[RawBody, UrlEncodedBody, FormDataBody, FileBody, GraphqlBody]


@dataclass(frozen=True)
class Auth:
    """An auth block: its ``type`` and its parameters as strings.

    ``type`` is ``noauth`` for an explicit "No Auth". Inheritance is resolved
    by the loader, so a request's auth is the one that applies to it.
    """

    type: str
    params: tuple[tuple[str, str], ...] = ()
    # The names whose last entry has a JSON null value, and those whose last
    # entry has no "value" member. ``params`` contains "" for both, but
    # postman-runtime reads them as null and undefined, and API key auth
    # sends those differently from "".
    null_values: frozenset[str] = frozenset()
    absent_values: frozenset[str] = frozenset()

    def get(self, name: str, default: str = "") -> str:
        # A repeated key takes its last value, as in newman.
        for key, value in reversed(self.params):
            if key == name:
                return value
        return default

    def has_value(self, name: str) -> bool:
        """Return whether a parameter ``name`` exists and its last entry has a value other than null."""
        present = any(key == name for key, _ in self.params)
        return present and name not in self.null_values and name not in self.absent_values


@dataclass(frozen=True)
class Settings:
    """``protocolProfileBehavior`` entries, merged from the collection down to the item."""

    values: tuple[tuple[str, object], ...] = ()

    def get(self, name: str, default: object = None) -> object:
        for key, value in self.values:
            if key == name:
                return value
        return default

    def flag(self, name: str, default: bool) -> bool:
        """Return whether the entry ``name`` is true in JavaScript, as newman reads it.

        So "false" and [] are true, and 0, "" and null are false.
        """
        for key, value in self.values:
            if key == name:
                return js_to_boolean(value)
        return default


@dataclass(frozen=True)
class Example:
    """A saved example response."""

    name: str
    status: int | None
    headers: tuple[Header, ...]
    body: str | None
    preview_language: str | None = None


@dataclass(frozen=True)
class RequestItem:
    """One request of a collection, with everything inherited already applied.

    ``folders`` is the path of folder names from the collection root;
    ``address`` joins folders and name with ``/`` (a ``/`` inside a name is
    written ``\\/``). ``pointer`` is the JSON pointer of the item in the file,
    for error messages.
    """

    name: str
    folders: tuple[str, ...]
    address: str
    pointer: str
    method: str
    url: Url | None
    headers: tuple[Header, ...]
    body: Body | None
    auth: Auth | None
    settings: Settings = field(default_factory=Settings)
    description: str = ""
    examples: tuple[Example, ...] = ()
    # The message of each saved example that could not be read and was left out.
    skipped_examples: tuple[str, ...] = ()
    # A warning for each field that Postman ignores but that looks meant for
    # it, such as 'headers' for 'header'.
    notices: tuple[str, ...] = ()
    # The address as `list` prints it, where that differs from ``address``:
    # 'Name#2' for the second of two items named 'Name', and 'Name\#2' for
    # an item named 'Name#2' beside them. Each snippet starts with it.
    listed_address: str = ""


@dataclass(frozen=True)
class Collection:
    name: str
    path: str
    schema_version: str
    variables: tuple[Variable, ...]
    requests: tuple[RequestItem, ...]
    folders: tuple[tuple[str, ...], ...] = ()
    problems: tuple[str, ...] = ()  # items that could not be loaded, one message each
    description: str = ""
    # The description of each folder that has one, by folder path. Of two
    # folders with the same path, the first one's description is kept.
    folder_descriptions: dict[tuple[str, ...], str] = field(default_factory=dict)
    # The messages of the request items that could not be loaded, by their
    # address, in collection order. Items of a skipped folder share one.
    skipped_items: dict[str, list[str]] = field(default_factory=dict)
