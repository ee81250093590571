"""Build and percent-encode request URLs the way newman does.

newman (through postman-url-encoder) keeps the text the author wrote and
encodes only a few characters: in the path, controls, space, ``"``, ``<``,
``>``, backtick, ``{``, ``}`` and non-ASCII; in the query, controls, space,
``"``, ``'``, ``<``, ``>`` and non-ASCII. Existing ``%XX`` sequences, even
invalid ones, are left alone. The fragment is never sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from .model import KeyValue, Url
from .variables import VARIABLE_PATTERN, VariableScope

__all__ = ["TargetUrl", "build_url", "encode_query_text", "unfilled_path_variables"]

_PATH_ENCODE = frozenset(' "<>`{}\x7f') | frozenset(chr(code) for code in range(0x20))
_QUERY_ENCODE = frozenset(" \"'<>\x7f") | frozenset(chr(code) for code in range(0x20))
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")


@dataclass(frozen=True)
class TargetUrl:
    """A URL as it goes on the wire.

    ``userinfo`` contains ``user:password`` taken out of the authority, which
    newman sends as Basic auth when no other auth applies.
    """

    url: str
    userinfo: str | None = None


def build_url(url: Url, scope: VariableScope, *, encode: bool = True) -> TargetUrl:
    """Resolve variables in ``url`` and encode the result like newman.

    ``encode=False`` (``protocolProfileBehavior.disableUrlEncoding``) keeps
    the path and query exactly as written.
    """
    if url.has_parts:
        text = _join_parts(url, scope)
    else:
        text = scope.resolve(url.raw)
        text = _fill_path_variables_in_text(text, url.path_variables, scope)
    target = _encode(text, encode)
    if url.userinfo is not None and target.userinfo is None:
        user, password = url.userinfo
        target = TargetUrl(target.url, f"{scope.resolve(user)}:{scope.resolve(password)}")
    return target


def _join_parts(url: Url, scope: VariableScope) -> str:
    text = ""
    if url.protocol:
        text += scope.resolve(url.protocol).rstrip(":/") + "://"
    text += ".".join(scope.resolve(part) for part in url.host or ())
    if url.port:
        text += ":" + scope.resolve(url.port)
    # An empty path list still adds a "/": postman-collection 4.4.0 writes
    # the path of any list, and leaves out only a missing one.
    if url.path is not None:
        segments = [_fill_path_variable(segment, url.path_variables, scope) for segment in url.path]
        text += "/" + "/".join(segments)
    # An empty query list sends no "?" even where raw ends with one: newman
    # keeps a trailing "?" only in URLs given as a string.
    if url.query:
        text += "?" + "&".join(_query_pair(param, scope) for param in url.query)
    return text


def _query_pair(param: KeyValue, scope: VariableScope) -> str:
    # newman writes each parameter of a URL object with "&" and "#" (and "="
    # in a key) encoded, and only then substitutes variables, so a value
    # that comes from a variable is not protected and may split the query.
    key = scope.resolve(_escape_outside_variables(param.key, "&#="))
    if param.value is None:
        return key
    return f"{key}={scope.resolve(_escape_outside_variables(param.value, '&#'))}"


def _escape_outside_variables(text: str, characters: str) -> str:
    if not any(char in text for char in characters):
        return text
    pieces = []
    start = 0
    for match in VARIABLE_PATTERN.finditer(text):
        pieces.append(_encode_chars(text[start : match.start()], frozenset(characters)))
        pieces.append(match.group(0))
        start = match.end()
    pieces.append(_encode_chars(text[start:], frozenset(characters)))
    return "".join(pieces)


def unfilled_path_variables(url: Url) -> list[str]:
    """Return the ``:name`` path variables that have no value, which newman sends as written."""
    if url.has_parts:
        segments = list(url.path or ())
    else:
        head = url.raw.partition("?")[0]
        match = _SCHEME.match(head)
        start = head.find("/", match.end() if match else 0)
        segments = head[start:].split("/") if start >= 0 else []
    names = []
    for segment in segments:
        key = _path_variable_key(segment)
        if key is not None and not _path_variable_value(key, url.path_variables):
            names.append(":" + key)
    return list(dict.fromkeys(names))


def _path_variable_key(segment: str) -> str | None:
    # postman-collection 4.4.0 reads ":name.suffix" as the variable "name"
    # followed by ".suffix", and ":" or ":.suffix" as no variable.
    if not segment.startswith(":"):
        return None
    return segment[1:].split(".", 1)[0] or None


def _path_variable_value(key: str, variables: tuple[KeyValue, ...]) -> str:
    # The last entry with the key wins, as in postman-collection's
    # VariableList. newman leaves ":name" in place when that entry's value is
    # empty, even if an earlier entry has a value.
    value = ""
    for variable in variables:
        if variable.key == key:
            value = variable.value or ""
    return value


def _fill_path_variable(segment: str, variables: tuple[KeyValue, ...], scope: VariableScope) -> str:
    key = _path_variable_key(segment)
    value = _path_variable_value(key, variables) if key is not None else ""
    if value:
        # newman fills the path variable first and then substitutes {{...}}
        # in the result, the kept suffix included.
        segment = value + segment[len(key) + 1 :]
    return scope.resolve(segment)


def _fill_path_variables_in_text(text: str, variables: tuple[KeyValue, ...], scope: VariableScope) -> str:
    if not variables:
        return text
    head, query_mark, query = text.partition("?")
    match = _SCHEME.match(head)
    start = head.find("/", match.end() if match else 0)
    if start < 0:
        return text
    segments = head[start:].split("/")
    filled = [_fill_path_variable(segment, variables, scope) if segment.startswith(":") else segment for segment in segments]
    return head[:start] + "/".join(filled) + query_mark + query


def _encode(text: str, encode: bool = True) -> TargetUrl:
    # Leading blanks are not part of the URL; a trailing line break is sent as %0A, as newman does.
    text = text.lstrip()
    text = text.split("#", 1)[0]
    # newman 6.2.2 reads every backslash before the query as "/", as browsers
    # do: "http:\\host\a\b?q=\" goes to //host/a/b?q=\, even with
    # disableUrlEncoding, and also where a variable put the backslash.
    head, query_mark, query = text.partition("?")
    text = head.replace("\\", "/") + query_mark + query
    match = _SCHEME.match(text)
    if match:
        scheme, rest = match.group(1).lower() + "://", text[match.end() :]
    elif text.startswith("{{"):
        # An unresolved {{baseUrl}} may hold the scheme, so none is added.
        scheme, rest = "", text
    else:
        scheme, rest = "http://", text
    authority_end = len(rest)
    for separator in "/?":
        position = rest.find(separator)
        if 0 <= position < authority_end:
            authority_end = position
    authority, remainder = rest[:authority_end], rest[authority_end:]
    userinfo = None
    if "@" in authority and not VARIABLE_PATTERN.fullmatch(authority):
        userinfo, _, authority = authority.rpartition("@")
    if userinfo is not None:
        userinfo = unquote(userinfo)
    path, query_mark, query = remainder.partition("?")
    if not path and scheme:
        path = "/"
    if not encode:
        return TargetUrl(scheme + authority + path + query_mark + query, userinfo)
    encoded = scheme + authority + _percent_encode(path, _PATH_ENCODE)
    if query_mark:
        encoded += "?" + _percent_encode(query, _QUERY_ENCODE)
    return TargetUrl(encoded, userinfo)


def _percent_encode(text: str, encode_set: frozenset[str]) -> str:
    # {{name}} placeholders left unresolved stay readable so that the reader
    # can see and replace them; everything around them is encoded.
    pieces = []
    start = 0
    for match in VARIABLE_PATTERN.finditer(text):
        if any(char in encode_set and char not in "{}" or not char.isascii() for char in match.group(1)):
            continue  # a placeholder holding a space or the like is encoded like the rest
        pieces.append(_encode_chars(text[start : match.start()], encode_set))
        pieces.append(match.group(0))
        start = match.end()
    pieces.append(_encode_chars(text[start:], encode_set))
    return "".join(pieces)


def _encode_chars(text: str, encode_set: frozenset[str]) -> str:
    if text.isascii() and encode_set.isdisjoint(text):
        return text
    out = []
    for char in text:
        if char in encode_set or not char.isascii():
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
        else:
            out.append(char)
    return "".join(out)


def encode_query_text(text: str, *, is_key: bool = False, encode: bool = True) -> str:
    """Encode a query key or value that is added after the URL is built (apikey auth).

    Unlike text inside the URL, such a parameter must stay one parameter, so
    ``&`` and ``#`` are encoded too, and ``=`` in a key. With ``encode=False``
    (disableUrlEncoding) newman 6.2.2 encodes only these, so the caller must
    reject a space or non-ASCII character first.
    """
    extra = frozenset("&#=") if is_key else frozenset("&#")
    return _encode_chars(text, _QUERY_ENCODE | extra if encode else extra)
