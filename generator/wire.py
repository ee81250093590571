"""Compute the request newman would send for an item: the input of every template.

Each language renders a :class:`WireRequest` without deciding anything about
Postman semantics itself: variables are substituted, auth applied, default
headers added and bodies encoded here, once.
"""

from __future__ import annotations

import json
import mimetypes
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal, Union
from urllib.parse import quote

from .auth import RuntimeAuth, SignedRequest, apply_auth, basic_header
from .errors import ItemError
from .jsvalues import js_object_keys
from .model import FileBody, FormDataBody, GraphqlBody, RawBody, RequestItem, UrlEncodedBody
from .urls import build_url, encode_query_text, unfilled_path_variables
from .dynamic import expand_hoisted, secret_references
from .variables import VariableScope, env_name

__all__ = [
    "FilePart",
    "MultipartBody",
    "BinaryFileBody",
    "TextBody",
    "TextPart",
    "RedirectPolicy",
    "UrlEncodedForm",
    "WireBody",
    "WireRequest",
    "apply_transport_options",
    "build_wire_request",
    "wire_texts",
]

# Methods whose body newman drops unless protocolProfileBehavior.disableBodyPruning is set.
_PRUNED_METHODS = {"GET", "HEAD", "COPY", "PURGE", "UNLOCK"}

_RAW_CONTENT_TYPES = {
    "json": "application/json",
    "text": "text/plain",
    "xml": "application/xml",
    "html": "text/html",
    "javascript": "application/javascript",
}

_HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")


@dataclass(frozen=True)
class TextBody:
    """A body sent as the UTF-8 bytes of ``text`` (raw and graphql modes)."""

    text: str
    is_json: bool = False
    kind: Literal["text"] = "text"


@dataclass(frozen=True)
class UrlEncodedForm:
    fields: tuple[tuple[str, str], ...]
    kind: Literal["urlencoded"] = "urlencoded"

    @property
    def encoded(self) -> str:
        return "&".join(f"{form_encode(key)}={form_encode(value)}" for key, value in self.fields)


@dataclass(frozen=True)
class TextPart:
    name: str
    value: str
    content_type: str | None = None
    kind: Literal["text"] = "text"


# The file names to which newman's form-data library (@postman/form-data, in
# newman 6.2.2) adds a filename* parameter: those with a character outside
# tab, U+0020 to U+007E and U+0080 to U+00FF.
_EXTENDED_FILENAME = re.compile(r"[^\t\x20-\x7e\x80-\xff]")


@dataclass(frozen=True)
class FilePart:
    """A file part; ``path`` is a placeholder for a file on the reader's machine."""

    name: str
    path: str
    filename: str
    content_type: str
    kind: Literal["file"] = "file"

    @property
    def extended_filename(self) -> str | None:
        """The value of the filename* parameter that newman writes after filename="...", or None for none.

        A snippet that builds the multipart body itself writes it. The file
        name's hoisted variables are expanded. A dynamic variable, whose
        value a snippet computes when it runs, is read as written. Such a
        snippet rejects a file name with a secret variable
        (generator.languages.common.check_built_file_names).

        NOTE: the value is written encoded, so a hoisted variable in the file
        name is written here as its value, not as a reference to the variable.
        """
        filename = expand_hoisted(self.filename)
        if _EXTENDED_FILENAME.search(filename) is None:
            return None
        # JavaScript's encodeURIComponent, then "'", "(", ")" and "*" encoded
        # too (as toString(16) writes them, so "*" gives "%2a"), and "|", "`"
        # and "^" decoded again. quote() writes uppercase hexadecimal digits,
        # as encodeURIComponent does.
        encoded = quote(filename, safe="!").replace("%2A", "%2a")
        for escape, character in (("%7C", "|"), ("%60", "`"), ("%5E", "^")):
            encoded = encoded.replace(escape, character)
        return "UTF-8''" + encoded


@dataclass(frozen=True)
class MultipartBody:
    """A multipart/form-data body.

    newman leaves out a file part whose file does not exist, and when that
    leaves no part it sends no body and no boundary. It then still sends
    the item's own Content-Type header as written, kept in ``explicit_type``.
    """

    parts: tuple[Union[TextPart, FilePart], ...]
    explicit_type: str | None = None
    # False when disabledSystemHeaders turns content-type off. newman then
    # sends the item's own Content-Type headers, which stay in the request's
    # headers, or none, and never multipart/form-data with its boundary.
    system_content_type: bool = True
    # The boundary that newman takes from the item's Content-Type for the
    # body when system_content_type is False, or None for a random one.
    boundary: str | None = None
    kind: Literal["multipart"] = "multipart"

    @property
    def local_files(self) -> tuple[str, ...]:
        """The paths of the file parts, each of which the snippet checks when it runs."""
        return tuple(part.path for part in self.parts if part.kind == "file" and part.path)

    @property
    def may_be_empty(self) -> bool:
        """Whether every part is a file part that a missing file would leave out."""
        return all(part.kind == "file" and part.path for part in self.parts)


@dataclass(frozen=True)
class BinaryFileBody:
    """A body read from the file at ``path``.

    ``guessed_type`` is the Content-Type guessed from the file name, which
    is also in the request's headers. newman sends it only when the file
    exists, and sends an empty body when it does not.
    """

    path: str
    guessed_type: str | None = None
    kind: Literal["file"] = "file"


WireBody = Union[TextBody, UrlEncodedForm, MultipartBody, BinaryFileBody]

# newman's limit on redirects in a row when the item sets no maxRedirects.
DEFAULT_MAX_REDIRECTS = 10


@dataclass(frozen=True)
class RedirectPolicy:
    """The redirect settings of an item's ``protocolProfileBehavior``.

    newman follows any 3xx response with a ``Location``. On each redirect it
    sends a ``Referer`` naming the previous URL unless ``remove_referer`` is
    set, and the host of the new URL in place of the item's ``Host`` header.
    Any 3xx but a 307 or 308 turns every method but HEAD into a GET without
    a body unless ``keep_method`` is set, and a redirect to another host name
    drops ``Authorization`` unless ``keep_authorization`` is set.
    """

    max_redirects: int = DEFAULT_MAX_REDIRECTS
    keep_method: bool = False  # followOriginalHttpMethod
    keep_authorization: bool = False  # followAuthorizationHeader
    remove_referer: bool = False  # removeRefererHeaderOnRedirect
    # disableCookies: newman sends no cookie that a response set on the
    # way, where requests and httpx would.
    disable_cookies: bool = False


@dataclass(frozen=True)
class WireRequest:
    """The request as it goes on the wire, minus the headers every client adds.

    ``headers`` are in sending order, duplicates kept. ``content_type`` is
    also present in ``headers`` (except for multipart bodies, whose boundary
    the client chooses). ``notes`` are lossy points the snippet must admit in
    a comment. ``basic_auth`` contains the user name and password behind a
    Basic ``Authorization`` header (the last one in ``headers``), so a
    language may write them readably instead of as base64.
    """

    name: str
    address: str
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: WireBody | None
    content_type: str | None
    follow_redirects: bool = True
    redirects: RedirectPolicy = field(default_factory=RedirectPolicy)
    strict_ssl: bool = True
    basic_auth: tuple[str, str] | None = None
    removed_defaults: tuple[str, ...] = ()  # lower-case names of default headers newman does not send
    notes: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = field(default=())
    # (Postman name, value) of each variable hoisted to the top of the
    # snippet, in first-use order. The texts above contain a hoist marker
    # for each of them (generator.hoist).
    hoisted: tuple[tuple[str, str], ...] = ()
    # Auth that the snippet signs when it runs; a language that cannot
    # gets it as a note instead (generator.runtime_auth.for_target).
    runtime_auth: RuntimeAuth | None = None

    def has_header(self, name: str) -> bool:
        """Tell whether ``headers`` contain a header called ``name``, ignoring case."""
        lowered = name.lower()
        return any(header.lower() == lowered for header, _ in self.headers)

    @property
    def headers_utf8(self) -> bool:
        """Whether newman sends the header values as UTF-8 instead of Latin-1.

        Node.js writes the header block as Latin-1, but joins it to a first
        body chunk that is a string and writes both as UTF-8. newman 6.2.2
        writes a raw, GraphQL, urlencoded or multipart body that way when it
        is not empty, and a file body as bytes.
        """
        body = self.body
        if isinstance(body, TextBody):
            return body.text != ""
        if isinstance(body, UrlEncodedForm):
            return bool(body.fields)
        if isinstance(body, MultipartBody):
            return bool(body.parts)
        return False


def apply_transport_options(wire: WireRequest, options: Mapping[str, object]) -> WireRequest:
    """Return ``wire`` with the ``follow_redirects`` and ``strict_ssl`` options in place of the item's settings.

    An option that is missing or None keeps the item's protocolProfileBehavior
    setting (followRedirects and strictSSL), which build_wire_request read.
    """
    changes = {}
    for name in ("follow_redirects", "strict_ssl"):
        value = options.get(name)
        if value is not None:
            changes[name] = bool(value)
    return replace(wire, **changes) if changes else wire


def wire_texts(wire: WireRequest) -> list[str]:
    """Return every string of ``wire`` that a snippet writes, to find the dynamic variables in use.

    The result is kept on the frozen ``wire``, because each language of an
    item needs it more than once.
    """
    cached = wire.__dict__.get("_texts")
    if cached is None:
        cached = tuple(_collect_texts(wire))
        object.__setattr__(wire, "_texts", cached)
    return list(cached)


def _collect_texts(wire: WireRequest) -> list[str]:
    texts = [wire.url]
    texts.extend(text for header in wire.headers for text in header)
    if wire.basic_auth is not None:
        texts.extend(wire.basic_auth)
    body = wire.body
    if isinstance(body, TextBody):
        texts.append(body.text)
    elif isinstance(body, UrlEncodedForm):
        texts.extend(text for field in body.fields for text in field)
    elif isinstance(body, MultipartBody):
        for part in body.parts:
            texts.append(part.name)
            texts.append(part.value if isinstance(part, TextPart) else part.path)
    elif isinstance(body, BinaryFileBody):
        texts.append(body.path)
    texts.extend(value for _, value in wire.hoisted)
    texts.extend(runtime_auth_texts(wire.runtime_auth))
    return texts


def runtime_auth_texts(runtime: RuntimeAuth | None) -> list[str]:
    """Return the strings of ``runtime`` that a snippet writes."""
    if runtime is None:
        return []
    texts = [value for _, value in runtime.credentials]
    signing = runtime.oauth1
    if signing is not None:
        texts.extend(value for _, value in signing.parameters if value is not None)
        texts.extend((signing.consumer_secret, signing.token_secret, signing.realm))
    return texts


def form_encode(text: str) -> str:
    """Percent-encode like newman's urlencoded bodies: all but ``A-Z a-z 0-9 - . _ ~``."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        if char.isascii() and (char.isalnum() or char in "-._~"):
            out.append(char)
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def build_wire_request(item: RequestItem, scope: VariableScope) -> WireRequest:
    """Resolve ``item`` into the request newman sends; raise ItemError if it cannot be sent.

    In the scope's "hoist" variable mode, the texts of the request contain a
    hoist marker for each variable wherever that sends the same bytes
    (generator.hoist).
    """
    try:
        wire = _build_wire_request(item, scope)
        if scope.variable_mode == "hoist":
            from .hoist import hoist_request

            wire = hoist_request(item, scope, wire, _build_wire_request)
        return wire
    except UnicodeEncodeError as error:
        # A lone surrogate from a JSON \\u escape has no UTF-8 form, wherever it sits.
        raise ItemError(
            f"the request contains an unpaired surrogate (U+{ord(error.object[error.start]):04X}, from a JSON"
            " \\u escape), which has no UTF-8 encoding and cannot be sent",
            address=item.address,
            pointer=item.pointer + "/request",
        ) from None


@dataclass(frozen=True)
class Unsendable:
    """The reason an item cannot be sent whatever its variables hold: a short label, the error message and the field."""

    label: str
    message: str
    pointer: str


def unsendable_reason(item: RequestItem) -> Unsendable | None:
    """Return why ``item`` cannot be sent whatever the variables hold, or None.

    ``list`` marks such items, and building their wire request fails.
    """
    if item.url is None or not (item.url.raw or item.url.has_parts):
        return Unsendable("no URL", "the request has no URL, so nothing can be sent", item.pointer + "/request/url")
    if not _HEADER_NAME.fullmatch(item.method):
        return Unsendable(
            "invalid method",
            f"method {item.method!r} is not a valid HTTP method (letters, digits and !#$%&'*+.^_`|~- only)",
            item.pointer + "/request/method",
        )
    return None


# The note of a snippet whose URL has an empty host, as "http:///users"
# after an empty {{baseUrl}}. newman 6.2.2 rejects some of these URLs as
# invalid and sends others to the first path segment as the host, and so
# does curl, so the command line warns about them.
NO_HOST_NOTE_START = "the URL has no host because "


def no_host_note(empty_variables: list[str]) -> str:
    """Return the note for a URL that has no host because ``empty_variables`` (names) are empty."""
    names = ", ".join("{{" + name + "}}" for name in empty_variables)
    if len(empty_variables) == 1:
        return f"{NO_HOST_NOTE_START}{names} is empty, so give it a value before running."
    return f"{NO_HOST_NOTE_START}{names} are empty, so give the host's variable a value before running."
_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://([^/?#]*)")


def url_host(url: str) -> str | None:
    """Return the host of ``url`` without user information and port, or None when ``url`` has no scheme.

    A URL without a scheme here is a variable left as written, such as a
    ``{{url}}`` that a script sets, so its host is unknown.
    """
    match = _AUTHORITY.match(url)
    if match is None:
        return None
    host = match.group(1).rpartition("@")[2]
    if host.startswith("["):
        return host.partition("]")[0] + "]"
    return host.partition(":")[0]


def _build_wire_request(item: RequestItem, scope: VariableScope) -> WireRequest:
    unsendable = unsendable_reason(item)
    if unsendable is not None:
        raise ItemError(unsendable.message, address=item.address, pointer=unsendable.pointer)
    notes: list[str] = []
    placeholders: list[str] = []
    scope.mark_empty()
    target = build_url(item.url, scope, encode=not item.settings.flag("disableUrlEncoding", False))
    url = target.url
    url_empty_variables = list(scope.empty_since_mark)
    unfilled = unfilled_path_variables(item.url)
    if unfilled:
        if len(unfilled) == 1:
            subject, pronoun = f"the path variable {unfilled[0]} has", "it"
        else:
            subject, pronoun = f"the path variables {', '.join(unfilled)} have", "them"
        notes.append(
            f"{subject} no value in the collection, so newman sends {pronoun} as written;"
            f" replace {pronoun} before running."
        )
    if item.settings.flag("disableUrlEncoding", False):
        _check_unencoded(item, url, "the URL", "/request/url")

    # newman trims spaces and tabs around values and drops headers without a name.
    resolved = [
        (scope.resolve(h.key), scope.resolve(h.value), h.position if h.position >= 0 else index)
        for index, h in enumerate(item.headers)
    ]
    for name, value, position in resolved:
        if name:
            _check_header(item, f"{item.pointer}/request/header/{position}", name, value.strip(" \t"))
    headers = _collapse_case_duplicates([(name, value.strip(" \t")) for name, value, _ in resolved if name])
    _check_single_host(item, resolved, headers)
    headers = _join_cookie_headers(headers)
    # Measured with newman 6.2.2: it takes a multipart boundary from the
    # Content-Type value before trimming it, so " multipart/form-data; ..."
    # gets a random boundary and "boundary=abc " the boundary "abc ".
    untrimmed_headers = _collapse_case_duplicates([(name, value) for name, value, _ in resolved if name])

    disabled_system = _disabled_system_headers(item)
    body, default_type = _build_body(item, scope, headers, placeholders, notes)
    if body is not None and item.method in _PRUNED_METHODS and not item.settings.flag("disableBodyPruning", False):
        body, default_type = None, None

    has_content_type = any(name.lower() == "content-type" for name, _ in headers)
    if isinstance(body, MultipartBody) and "content-type" in disabled_system:
        body = replace(body, system_content_type=False, boundary=_multipart_boundary(untrimmed_headers))
    elif isinstance(body, MultipartBody):
        explicit_type = next((value for name, value in headers if name.lower() == "content-type"), None)
        body = replace(body, explicit_type=explicit_type)
        # The client writes multipart/form-data with its own boundary.
        headers = [(name, value) for name, value in headers if name.lower() != "content-type"]
    elif body is not None and default_type and not has_content_type and "content-type" not in disabled_system:
        headers.append(("Content-Type", default_type))
        if isinstance(body, BinaryFileBody):
            body = replace(body, guessed_type=default_type)
    elif isinstance(body, UrlEncodedForm) and has_content_type and "content-type" not in disabled_system:
        # newman's HTTP library (postman-request 2.88.1-postman.48) replaces
        # the value of a Content-Type header that does not match _FORM_TYPE,
        # keeping the header's name, unless disabledSystemHeaders names it:
        # "text/plain" is sent as application/x-www-form-urlencoded. It
        # tests repeated values joined with ",", and replaces them with one.
        types = [value for name, value in headers if name.lower() == "content-type"]
        if not _FORM_TYPE.match(",".join(types)):
            first = next(index for index, (name, _) in enumerate(headers) if name.lower() == "content-type")
            headers = [
                (name, default_type) if index == first else (name, value)
                for index, (name, value) in enumerate(headers)
                if index == first or name.lower() != "content-type"
            ]
    content_type = next((value for name, value in headers if name.lower() == "content-type"), None)
    if isinstance(body, MultipartBody) and body.system_content_type:
        content_type = "multipart/form-data"

    basic_auth = None
    if target.userinfo is not None and not any(name.lower() == "authorization" for name, _ in headers):
        # newman turns user:password@ into Basic auth unless the request has
        # an Authorization header, whatever the auth block contains. An
        # auth header set below replaces it.
        username, _, password = target.userinfo.partition(":")
        headers.append(("Authorization", basic_header(username, password)))
        basic_auth = (username, password)
    if item.auth is not None and item.auth.type == "basic":
        basic_auth = (scope.resolve(item.auth.get("username")), scope.resolve(item.auth.get("password")))
    signed = None
    if item.auth is not None and item.auth.type in _SIGNED_AUTH_TYPES:
        # Only signatures need the body bytes, so other requests skip encoding them.
        signed = _signed_request(item.method, url, body, encode_url=not item.settings.flag("disableUrlEncoding", False))
    auth = apply_auth(item.auth, scope, signed)
    if auth.url is not None:
        url = auth.url
    if auth.drop_form_fields and isinstance(body, UrlEncodedForm):
        body = UrlEncodedForm(tuple(field for field in body.fields if field[0] not in auth.drop_form_fields))
    auth_header = None
    if auth.header is not None:
        # Spaces and tabs around a field value are not part of it (RFC 9110,
        # section 5.5), and requests rejects a value that starts with one.
        auth_header = (auth.header[0], auth.header[1].strip(" \t"))
        header_name = auth_header[0].lower()
        headers = [(name, value) for name, value in headers if name.lower() != header_name]
        headers.append(auth_header)
    if auth.runtime is not None and auth.runtime.replaced_headers:
        headers = [(name, value) for name, value in headers if name.lower() not in auth.runtime.replaced_headers]
    if auth.query is not None:
        url = _add_auth_query(item, scope, url, auth.query)
    if auth.note:
        notes.append(auth.note)
    if auth.header is not None and auth.header[0].lower() == "authorization" and item.auth.type != "basic":
        basic_auth = None

    env_in_url = [name for mode, name in secret_references([url]) if mode == "env"]
    if env_in_url:
        # NOTE: the value is read when the snippet runs, so it cannot get
        # newman's URL encoding here. A value with a space, "&" or "#" breaks the URL.
        names = ", ".join(env_name(name) for name in env_in_url)
        notes.append(f"the URL takes {names} from the environment without percent-encoding; set it encoded if it has a space, & or #.")
    if scope.empty_since_mark:
        names = ", ".join("{{" + name + "}}" for name in scope.empty_since_mark)
        notes.append(f"these variables are empty, so they are sent empty as Postman does: {names}.")
    # A URL written without a host, such as "http:///users", gets no note,
    # because the note blames an empty variable.
    if url_empty_variables and url_host(expand_hoisted(url)) == "":
        notes.append(no_host_note(url_empty_variables))
    # Auth adds a header after the checks above, so it is checked too.
    if auth_header is not None:
        _check_header(item, f"{item.pointer}/request/auth", *auth_header)
    wire = WireRequest(
        name=item.name,
        address=item.listed_address or item.address,
        method=item.method,
        url=url,
        headers=tuple(headers),
        body=body,
        content_type=content_type,
        # newman 6.2.2 follows no redirect for "followRedirects": 0, "" or null.
        follow_redirects=item.settings.flag("followRedirects", True),
        redirects=_redirect_policy(item),
        strict_ssl=item.settings.get("strictSSL", True) is not False,
        basic_auth=basic_auth,
        removed_defaults=tuple(sorted(name for name in disabled_system if name in ("accept", "content-type"))),
        notes=tuple(notes),
        placeholders=tuple(placeholders),
        runtime_auth=auth.runtime,
    )
    for text in wire_texts(wire):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as error:
            raise ItemError(
                f"the request contains an unpaired surrogate (U+{ord(text[error.start]):04X}, from a JSON"
                " \\u escape), which has no UTF-8 encoding and cannot be sent",
                address=item.address,
                pointer=item.pointer + "/request",
            ) from None
    return wire


# The Content-Type whose boundary newman's HTTP library (postman-request
# 2.88.1-postman.48) uses for a multipart body: case-sensitive, the last
# boundary= when there are several, quoted or up to the next ";".
_MULTIPART_BOUNDARY = re.compile(r'multipart/form-data;.*boundary=(?:"([^"]+)"|([^;]+))')


def _multipart_boundary(headers: list[tuple[str, str]]) -> str | None:
    """Return the boundary newman writes in a multipart body under the item's one Content-Type header, or None."""
    values = [value for name, value in headers if name.lower() == "content-type"]
    # With two Content-Type headers, newman draws a random boundary.
    match = _MULTIPART_BOUNDARY.match(values[0]) if len(values) == 1 else None
    if match is None:
        return None
    return match.group(1) or match.group(2)


# The Content-Type values that newman keeps for a urlencoded body. The match
# is case-sensitive, and \b is JavaScript's ASCII word boundary.
_FORM_TYPE = re.compile(r"application/x-www-form-urlencoded\b", re.ASCII)


def _redirect_policy(item: RequestItem) -> RedirectPolicy:
    max_redirects = item.settings.get("maxRedirects", DEFAULT_MAX_REDIRECTS)
    if isinstance(max_redirects, bool) or not isinstance(max_redirects, int) or max_redirects < 0:
        raise ItemError(
            f"maxRedirects {json.dumps(max_redirects, ensure_ascii=False)} is not a whole number of 0 or more",
            address=item.address,
            pointer=item.pointer + "/protocolProfileBehavior/maxRedirects",
        )
    return RedirectPolicy(
        max_redirects=max_redirects,
        # newman 6.2.2 reads these two as true for any value true in JavaScript ("yes", 1).
        keep_method=item.settings.flag("followOriginalHttpMethod", False),
        keep_authorization=item.settings.get("followAuthorizationHeader") is True,
        remove_referer=item.settings.flag("removeRefererHeaderOnRedirect", False),
        disable_cookies=item.settings.flag("disableCookies", False),
    )


def _add_auth_query(item: RequestItem, scope: VariableScope, url: str, param: tuple[str, str | None]) -> str:
    """Append an auth query parameter to ``url``, replacing the parameters of the same key, as newman does.

    Measured with newman 6.2.2: it removes the parameters whose key, as
    written before encoding, equals the auth key, and appends ``key=value``
    (``key`` when the value is None). Empty parameters stay, so ``?``
    becomes ``?&key=value``.
    """
    key, value = param
    encode = not item.settings.flag("disableUrlEncoding", False)
    if not encode:
        _check_unencoded(item, key + (value or ""), "the auth query parameter", "/request/auth")
    base, mark, query = url.partition("?")
    params = query.split("&") if mark else []
    if params:
        # The encoded URL has the same "&" as the text before encoding, so
        # the parameters line up.
        raw_query = build_url(item.url, scope, encode=False).url.partition("?")[2]
        raw_params = raw_query.split("&")
        if len(raw_params) != len(params):
            raw_params = params
        params = [encoded for encoded, raw in zip(params, raw_params) if raw.split("=", 1)[0] != key]
    encoded_key = encode_query_text(key, is_key=True, encode=encode)
    params.append(encoded_key if value is None else f"{encoded_key}={encode_query_text(value, encode=encode)}")
    return base + "?" + "&".join(params)


def _check_unencoded(item: RequestItem, text: str, subject: str, pointer: str) -> None:
    """Raise ItemError for a character outside printable ASCII in ``text``, which disableUrlEncoding leaves unencoded.

    ``subject`` names the text in the message, and ``pointer`` is its JSON
    pointer below the item.
    """
    for char in text:
        if char <= " " or char > "\xff":
            # Node.js rejects a character outside U+0021 to U+00FF in the
            # target with "Request path contains unescaped characters".
            reason = "which newman rejects without sending the request"
        elif char >= "\x7f":
            # NOTE: newman 6.2.2 sends such a character as its Latin-1 byte, or
            # as UTF-8 when the request has a body (WireRequest.headers_utf8).
            # http.client rejects DEL, and the other clients encode the rest.
            reason = "which newman sends unencoded and the snippets cannot"
        else:
            continue
        raise ItemError(
            f"disableUrlEncoding is set and {subject} has the character {char!r}, {reason}; percent-encode it",
            address=item.address,
            pointer=item.pointer + pointer,
        )


def _check_single_host(
    item: RequestItem, resolved: list[tuple[str, str, int]], headers: list[tuple[str, str]]
) -> None:
    # Two Host headers of the same spelling reach Node's http module as an
    # array, and newman 6.2.2 then fails without sending the request.
    if sum(1 for name, _ in headers if name.lower() == "host") < 2:
        return
    position = [position for name, _, position in resolved if name.lower() == "host"][-1]
    raise ItemError(
        "the request has more than one Host header, which newman rejects without sending the request;"
        " keep one of them",
        address=item.address,
        pointer=f"{item.pointer}/request/header/{position}",
    )


def _collapse_case_duplicates(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ``headers`` in the order and spelling that newman 6.2.2 sends them.

    newman gathers the values of each exact name, in the order of the names'
    first appearance, and Node.js sets them one name after another. A name
    that differs from an earlier one only in case replaces that one's values
    in its place. So [A: 1, B: 2, a: 3, A: 4] goes out as [a: 3, B: 2],
    and [A: 1, B: 2, A: 3] as [A: 1, A: 3, B: 2].
    """
    by_name: dict[str, list[str]] = {}
    for name, value in headers:
        by_name.setdefault(name, []).append(value)
    by_lower: dict[str, tuple[str, list[str]]] = {}
    for name, values in by_name.items():
        by_lower[name.lower()] = (name, values)
    return [(name, value) for name, values in by_lower.values() for value in values]


def _join_cookie_headers(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    # Repeated Cookie headers reach Node's http module as an array, which it
    # sends as one header with the values joined by "; " (newman 6.2.2 on
    # Node.js 20), in the place of the first.
    values = [value for name, value in headers if name.lower() == "cookie"]
    if len(values) < 2:
        return headers
    result: list[tuple[str, str]] = []
    joined = False
    for name, value in headers:
        if name.lower() != "cookie":
            result.append((name, value))
        elif not joined:
            result.append((name, "; ".join(values)))
            joined = True
    return result


# Characters that a header value cannot contain: controls other than tab,
# and characters above U+00FF (see _check_header).
_CONTROL_CHARACTER = re.compile("[\x00-\x08\x0a-\x1f\x7f]")
_ABOVE_LATIN_1 = re.compile("[^\x00-\xff]")


def _check_header(item: RequestItem, pointer: str, name: str, value: str) -> None:
    if not _HEADER_NAME.fullmatch(name):
        raise ItemError(
            f"header name {name!r} is not a valid HTTP header name (letters, digits and !#$%&'*+.^_`|~- only)",
            address=item.address,
            pointer=pointer + "/key",
        )
    if _CONTROL_CHARACTER.search(value):
        raise ItemError(
            f"value of header {name!r} contains a line break or another control character, which HTTP does not allow",
            address=item.address,
            pointer=pointer + "/value",
        )
    if _ABOVE_LATIN_1.search(value):
        raise ItemError(
            f"value of header {name!r} contains a character above U+00FF, which newman rejects without sending the request",
            address=item.address,
            pointer=pointer + "/value",
        )


def _disabled_system_headers(item: RequestItem) -> set[str]:
    disabled = item.settings.get("disabledSystemHeaders")
    if not isinstance(disabled, dict):
        return set()
    return {str(name).lower() for name, value in disabled.items() if value}


def _build_body(
    item: RequestItem,
    scope: VariableScope,
    headers: list[tuple[str, str]],
    placeholders: list[str],
    notes: list[str],
) -> tuple[WireBody | None, str | None]:
    body = item.body
    if body is None:
        return None, None
    if isinstance(body, RawBody):
        text = scope.resolve(body.text)
        if not text:
            return None, None
        explicit_type = next((value for name, value in headers if name.lower() == "content-type"), "")
        is_json = body.language == "json" or (
            body.language is None and re.match(r"application/([\w.+-]+\+)?json", explicit_type.strip(), re.I) is not None
        )
        if is_json:
            text = strip_json_comments(text)
        default = _RAW_CONTENT_TYPES.get(body.language or "text", "text/plain")
        return TextBody(text, is_json=is_json), default
    if isinstance(body, UrlEncodedBody):
        fields = [(scope.resolve(field.key), scope.resolve(field.value or "")) for field in body.fields]
        if not fields:
            return None, None
        return UrlEncodedForm(_group_duplicate_keys(fields)), "application/x-www-form-urlencoded"
    if isinstance(body, FormDataBody):
        parts: list[Union[TextPart, FilePart]] = []
        for form_field in body.fields:
            name = scope.resolve(form_field.key)
            content_type = scope.resolve(form_field.content_type) if form_field.content_type else None
            if form_field.type == "text":
                parts.append(TextPart(name, scope.resolve(form_field.value), content_type))
                continue
            value = scope.resolve(form_field.value)
            if form_field.src_list and not form_field.sources and value:
                # Measured with newman 6.2.2: an empty src list sends the value
                # as a text part, as written (not base64-decoded) and without
                # a file name. An empty value sends an empty file part.
                parts.append(TextPart(name, value, content_type))
                continue
            sources = form_field.sources or ("",)
            for source in sources:
                path = scope.resolve(source)
                filename = posixpath.basename(path.replace("\\", "/"))
                if not path and form_field.src_list and form_field.sources:
                    # newman cannot read a file at "" and leaves it out of a list of files.
                    note = f"form field {name!r} lists an empty file path, which newman leaves out."
                    if note not in notes:
                        notes.append(note)
                    continue
                if path:
                    placeholders.append(path)
                    parts.append(FilePart(name, path, filename, content_type or guess_type(filename)))
                else:
                    # newman sends a part with filename="" and no content or type.
                    parts.append(FilePart(name, "", "", content_type or ""))
        if not parts:
            return None, None
        return MultipartBody(tuple(parts)), "multipart/form-data"
    if isinstance(body, FileBody):
        if not body.source:
            notes.append("the collection names no file for the body, so none is sent.")
            return None, None
        path = scope.resolve(body.source)
        placeholders.append(path)
        return BinaryFileBody(path), guess_type(path)
    if isinstance(body, GraphqlBody):
        members = []
        if body.query is not None:
            members.append('"query":' + json.dumps(scope.resolve(body.query), ensure_ascii=False))
        if body.operation_name is not None:
            members.append('"operationName":' + json.dumps(scope.resolve(body.operation_name), ensure_ascii=False))
        variables = scope.resolve(body.variables)
        if variables:
            # newman leaves out only empty variables text; white space alone is sent.
            members.append('"variables":' + variables)
        return TextBody("{" + ",".join(members) + "}", is_json=True), "application/json"
    raise AssertionError(f"unhandled body {body!r}")


def _group_duplicate_keys(fields: list[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    # newman 6.2.2 collects the fields in a JavaScript object keyed by name.
    # So all values of a repeated key go out together, where the key first
    # occurs (a=1&b=2&a=3 is sent as a=1&a=3&b=2). Such an object also lists
    # array-index keys ("0", "2", "10", not "01" or "-1") first, in numeric
    # order (b=1&10=2&2=3 is sent as 2=3&10=2&b=1).
    grouped: dict[str, list[tuple[str, str]]] = {}
    for key, value in fields:
        grouped.setdefault(key, []).append((key, value))
    return tuple(pair for key in js_object_keys(list(grouped)) for pair in grouped[key])


def guess_type(filename: str) -> str:
    content_type, _ = mimetypes.guess_type(filename, strict=False)
    return content_type or "application/octet-stream"


# Auth types whose header generator.auth computes over the method, target and body.
_SIGNED_AUTH_TYPES = frozenset({"digest", "oauth1", "awsv4", "edgegrid"})


def _signed_request(method: str, url: str, body: WireBody | None, encode_url: bool) -> SignedRequest:
    """Return the method, URL, origin-form target and body that an auth signature covers."""
    rest = url.split("://", 1)[-1]
    slash = rest.find("/")
    question = rest.find("?")
    if slash == -1 or (question != -1 and question < slash):
        target = "/" + rest[question:] if question != -1 else "/"
    else:
        target = rest[slash:]
    form = None
    if body is None:
        signed_body: bytes | None = b""
    elif isinstance(body, TextBody):
        signed_body = body.text.encode("utf-8")
    else:
        signed_body = None
        if isinstance(body, UrlEncodedForm):
            form = body.fields
    return SignedRequest(method, url, target, signed_body, form, encode_url, isinstance(body, MultipartBody))


def strip_json_comments(text: str) -> str:
    """Remove ``//`` and ``/* */`` comments outside JSON strings; keep every other byte."""
    if "/" not in text:
        return text
    out = []
    index = 0
    length = len(text)
    in_string = False
    while index < length:
        char = text[index]
        if in_string:
            out.append(char)
            if char == "\\" and index + 1 < length:
                out.append(text[index + 1])
                index += 2
                continue
            if char == '"':
                in_string = False
            index += 1
            continue
        if char == '"':
            in_string = True
            out.append(char)
            index += 1
        elif text.startswith("//", index):
            end = text.find("\n", index)
            index = length if end < 0 else end
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            index = length if end < 0 else end + 2
        else:
            out.append(char)
            index += 1
    return "".join(out)
