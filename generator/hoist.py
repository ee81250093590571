"""Hoist Postman variables to named values at the top of a snippet (``generate --variables hoist``).

The request is resolved twice. The first pass substitutes every variable,
as in inline mode, and is what newman sends. The second pass puts a hoist
marker (see :func:`generator.variables.secret_marker`) where each variable
is used. A string of the second pass replaces the first pass's string only
where putting each variable's value back in place of its marker gives the
first pass's string exactly. Everywhere else the snippet keeps the resolved
text, so the request sent stays byte for byte the one of inline mode:

- In a URL, newman percent-encodes the text after substitution. A value
  that the encoding changes (a space, a quote, a non-ASCII character) makes
  the whole URL resolved text, because a hoisted value is never encoded
  at run time.
- For the same reason, these are resolved text: a header value that newman
  trims and an apikey query value that needs encoding. So are a JSON body
  where a value changes which text is removed as a comment, and a GraphQL
  query with a quote in a value.
- Header names, form field names, multipart part names, content types and
  file paths are always resolved text.

A nested variable (``{{a}}`` whose value contains ``{{b}}``) is hoisted as
the resolved value of the outermost variable used. ``{{b}}`` gets no name of
its own there. Unresolved variables stay ``{{name}}`` text, and dynamic variables
stay computed where they are used, as in inline mode. With ``--secrets env``
or ``placeholder``, a secret variable is hoisted too, and its named value is
the environment read or the placeholder.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace

from .dynamic import DYNAMIC_VARIABLES, HoistedName, expand_hoisted, secret_references
from .errors import ItemError
from .model import RequestItem
from .naming import POWERSHELL_AUTOMATIC, POWERSHELL_RESERVED, PYTHON_RESERVED
from .variables import _NAME_PART, VariableScope, env_name, parse_secret_marker, secret_marker
from .wire import MultipartBody, TextBody, TextPart, UrlEncodedForm, WireRequest, wire_texts

__all__ = ["NAME_STYLES", "hoist_request", "name_variables"]

# Name styles of hoisted variables: Python constants (BASE_URL), bash and
# cmd.exe variables (base_url), PowerShell variables ($baseUrl).
NAME_STYLES = ("python", "bash", "powershell", "cmd")

# Maximum length of a hoisted variable's name, before a collision suffix.
MAX_NAME_LENGTH = 60

_TOKEN = re.compile(r"\{\{(\$[A-Za-z0-9_]+)\}\}")

# Variables of the PowerShell templates besides naming.POWERSHELL_RESERVED.
_POWERSHELL_TEMPLATE_NAMES = frozenset(
    {"boundary", "stream", "bodyfile", "webresponse", "errorresponse", "reader", "errorbody", "content", "env"}
    | {"bodyarguments", "bodybytes", "contenttype", "emptyform", "filebody", "filefound", "formarguments"}
    | {"client", "handler", "headername", "httpresponse", "message"}
)

# Arrays of the bash curl template, which collects the form or file body
# arguments in them when a file may be missing.
_BASH_TEMPLATE_NAMES = frozenset({"form", "body"})

# Proxy variables that curl reads in lower case. A bash variable of the same
# name that the user's environment already exports would send the request
# through another proxy.
_CURL_PROXY_VARIABLES = frozenset({"http_proxy", "https_proxy", "ftp_proxy", "ftps_proxy", "all_proxy", "no_proxy"})

# Environment variables that Windows, cmd.exe or curl.exe read. cmd.exe
# names are case-insensitive, and a batch file that set one of them would
# change how curl.exe is found or run.
_CMD_RESERVED = _CURL_PROXY_VARIABLES | frozenset(
    """
    allusersprofile appdata cd cmdcmdline cmdextversion comspec computername date
    errorlevel highestnumanodenumber homedrive homepath localappdata number_of_processors
    os path pathext processor_architecture processor_identifier programdata programfiles
    prompt public random systemdrive systemroot temp time tmp userdomain username
    userprofile windir curl_ca_bundle curl_home ssl_cert_dir ssl_cert_file
    """.split()
) | {"contenttype"}  # the batch file's own %contentType%, set for a file body


def hoist_request(
    item: RequestItem, scope: VariableScope, inline: WireRequest, build: Callable[[RequestItem, VariableScope], WireRequest]
) -> WireRequest:
    """Return ``inline`` with hoist markers where they send the same bytes, and the hoisted values listed.

    ``build`` resolves ``item`` into a wire request; it runs a second time
    with the scope writing hoist markers.

    NOTE: the markers contain a nonce drawn per process, and the snippet
    cache keys entries by the wire request, so a later run never reuses a
    hoist-mode entry.
    """
    with scope.hoisting():
        try:
            marked = build(item, scope)
        except ItemError:
            # The marked copy failed a check that the resolved request
            # passed, so nothing is hoisted.
            return inline
    values = {name: scope.hoisted_value(name) for name in _marker_names(wire_texts(marked))}
    merged = _merge(inline, marked, values)
    used = _marker_names(wire_texts(merged))
    marked_uses = _marker_uses(wire_texts(marked))
    merged_uses = _marker_uses(wire_texts(merged))
    written_in_place = [name for name in values if merged_uses.get(name, 0) < marked_uses[name]]
    notes = merged.notes
    if written_in_place:
        names = ", ".join("{{" + name + "}}" for name in written_in_place)
        notes += (
            "these variables are written out as sent in some places (where the request encodes or trims them,"
            f" or in a name, content type or file path): {names}.",
        )
    return replace(merged, hoisted=tuple((name, values[name]) for name in used), notes=notes)


def _marker_names(texts: Iterable[str]) -> list[str]:
    """Return the names behind the hoist markers in ``texts``, in first-use order."""
    return list(_marker_uses(texts))


def _marker_uses(texts: Iterable[str]) -> dict[str, int]:
    """Return how many hoist markers of each name ``texts`` contain, in first-use order."""
    uses: dict[str, int] = {}
    for text in texts:
        if "{{$" not in text:
            continue
        for match in _TOKEN.finditer(text):
            reference = parse_secret_marker(match.group(1))
            if reference is not None and reference[0] == "hoist":
                uses[reference[1]] = uses.get(reference[1], 0) + 1
    return uses


def _merge(inline: WireRequest, marked: WireRequest, values: Mapping[str, str]) -> WireRequest:
    """Take each text of ``marked`` that expands to the text of ``inline`` at the same place."""

    def expand(text: str) -> str:
        return expand_hoisted(text, values)

    def pick(inline_text: str, marked_text: str) -> str:
        if marked_text == inline_text:
            return inline_text
        if expand(marked_text) == inline_text:
            return marked_text
        return _align(inline_text, marked_text, values) or inline_text

    headers = inline.headers
    if len(marked.headers) == len(inline.headers):
        headers = tuple(
            (name, pick(value, marked_value) if expand(marked_name) == name else value)
            for (name, value), (marked_name, marked_value) in zip(inline.headers, marked.headers)
        )
    basic_auth = inline.basic_auth
    if basic_auth is not None and marked.basic_auth is not None:
        basic_auth = (pick(basic_auth[0], marked.basic_auth[0]), pick(basic_auth[1], marked.basic_auth[1]))
    return replace(
        inline,
        url=pick(inline.url, marked.url),
        headers=headers,
        basic_auth=basic_auth,
        body=_merge_body(inline.body, marked.body, expand, pick),
    )


def _align(inline_text: str, marked_text: str, values: Mapping[str, str]) -> str | None:
    """Keep the markers of ``marked_text`` whose value sends the same bytes, and write the others resolved.

    The text around the markers is searched for in ``inline_text`` from left
    to right, which gives the text each marker became there: the value
    percent-encoded in a URL, for example. A marker stays where that text is
    its value. The result is checked against ``inline_text``; None means no
    marker could stay.
    """
    literals: list[str] = []
    names: list[str] = []
    start = 0
    for match in _TOKEN.finditer(marked_text):
        reference = parse_secret_marker(match.group(1))
        if reference is None or reference[0] != "hoist":
            continue
        literals.append(marked_text[start : match.start()])
        names.append(reference[1])
        start = match.end()
    literals.append(marked_text[start:])
    if not inline_text.startswith(literals[0]):
        return None
    # A value may contain the text that follows its marker, as the "/" in
    # "{{baseUrl}}/{{version}}" with baseUrl "http://host/api". The first
    # pass takes a marker's value where the value itself comes next, and the
    # second takes the shortest text up to the following literal.
    for prefer_values in (True, False):
        candidate = _align_pass(inline_text, literals, names, values, prefer_values)
        if candidate is not None and candidate != inline_text and expand_hoisted(candidate, values) == inline_text:
            return candidate
    return None


def _align_pass(
    inline_text: str, literals: list[str], names: list[str], values: Mapping[str, str], prefer_values: bool
) -> str | None:
    position = len(literals[0])
    pieces = [literals[0]]
    for index, name in enumerate(names):
        following = literals[index + 1]
        last = index + 1 == len(names)
        value_end = position + len(values[name])
        if prefer_values and inline_text.startswith(values[name], position) and (
            inline_text.startswith(following, value_end) and (not last or value_end + len(following) == len(inline_text))
        ):
            end = value_end
        elif last:
            end = len(inline_text) - len(following)
            if end < position or not inline_text.endswith(following):
                return None
        else:
            end = inline_text.find(following, position) if following else position
            if end < 0:
                return None
        used_text = inline_text[position:end]
        pieces.append(secret_marker(name, "hoist") if used_text == values[name] else used_text)
        pieces.append(following)
        position = end + len(following)
    return "".join(pieces)


def _merge_body(inline, marked, expand, pick):
    if isinstance(inline, TextBody) and isinstance(marked, TextBody):
        return replace(inline, text=pick(inline.text, marked.text))
    if isinstance(inline, UrlEncodedForm) and isinstance(marked, UrlEncodedForm) and len(inline.fields) == len(marked.fields):
        fields = tuple(
            (key, pick(value, marked_value) if expand(marked_key) == key else value)
            for (key, value), (marked_key, marked_value) in zip(inline.fields, marked.fields)
        )
        return replace(inline, fields=fields)
    if isinstance(inline, MultipartBody) and isinstance(marked, MultipartBody) and len(inline.parts) == len(marked.parts):
        parts = []
        for part, marked_part in zip(inline.parts, marked.parts):
            if isinstance(part, TextPart) and isinstance(marked_part, TextPart) and expand(marked_part.name) == part.name:
                part = replace(part, value=pick(part.value, marked_part.value))
            parts.append(part)
        return replace(inline, parts=tuple(parts))
    return inline


def name_variables(hoisted: Sequence[tuple[str, str]], style: str) -> list[HoistedName]:
    """Give each hoisted (Postman name, value) a name in ``style``, unique in the snippet.

    Names follow the order of ``hoisted``. A name taken by the snippet's own
    variables or by an earlier hoisted variable gets a ``_2``, ``_3``
    suffix. PowerShell and cmd.exe names are compared case-insensitively.
    """
    if style not in NAME_STYLES:
        raise ValueError(f"unknown name style {style!r}; expected one of {', '.join(NAME_STYLES)}")
    folded = style in ("powershell", "cmd")
    reserved = set(_reserved_names(style))
    if style == "cmd":
        # cmd.exe reads a secret as %NAME%, in the same case-insensitive
        # namespace as the batch file's own variables.
        values = [value for _, value in hoisted]
        reserved.update(env_name(name) for mode, name in secret_references(values) if mode == "env")
    used = {name.lower() if folded else name for name in reserved}
    result = []
    for postman_name, value in hoisted:
        base = _code_name(postman_name, style)
        name = base
        number = 2
        while (name.lower() if folded else name) in used:
            name = f"{base}_{number}"
            number += 1
        used.add(name.lower() if folded else name)
        result.append(HoistedName(postman_name, value, name))
    return result


def _reserved_names(style: str) -> frozenset[str]:
    if style == "python":
        return PYTHON_RESERVED | {variable.python_name for variable in DYNAMIC_VARIABLES.values()}
    if style == "bash":
        return _CURL_PROXY_VARIABLES | _BASH_TEMPLATE_NAMES | {variable.bash_name for variable in DYNAMIC_VARIABLES.values()}
    if style == "powershell":
        dynamic = {variable.powershell_name for variable in DYNAMIC_VARIABLES.values()}
        return POWERSHELL_AUTOMATIC | POWERSHELL_RESERVED | _POWERSHELL_TEMPLATE_NAMES | dynamic
    return _CMD_RESERVED


def _code_name(postman_name: str, style: str) -> str:
    """Return the plain name of a variable in ``style``: BASE_URL, base_url or baseUrl for ``baseUrl``."""
    words = [part.lower() for part in _NAME_PART.findall(postman_name)] or ["variable"]
    if style == "python":
        name = "_".join(words).upper()
    elif style == "powershell":
        name = words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])
    else:
        name = "_".join(words)
    name = name[:MAX_NAME_LENGTH].rstrip("_")
    if name[0].isdigit():
        prefix = {"python": "VAR_", "powershell": "var"}.get(style, "var_")
        name = prefix + name
    return name
