"""Keep secrets out of documentation pages.

Two kinds of value are secret: the values of secret variables (marked
``"type": "secret"`` in a file, used in an auth credential, or named like a
secret, as ``apiToken``), and the credentials of an auth block.
The snippets get them as ``generate --secrets`` writes them (see
generator.docs.source). This module replaces them with a named placeholder
``<NAME>`` in the item JSON and in free text: descriptions and saved
example responses that repeat a secret value.
"""

from __future__ import annotations

import copy
import html
import json
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

from ..model import RequestItem, Variable
from ..secret_output import CREDENTIAL_FIELDS
from ..variables import VARIABLE_PATTERN

__all__ = [
    "SECRET_AUTH_PARAMS",
    "Redactor",
    "file_credentials",
    "placeholder",
    "redact_item_json",
]

# The auth parameters that hold a credential, per Postman auth type, which
# the item JSON and the free text of a page hide. Some are never sent (an
# OAuth 2.0 refresh token), but are secrets all the same.
SECRET_AUTH_PARAMS: dict[str, frozenset[str]] = {
    # A user name is an identity, as in the snippets, and often a common
    # word ("admin") that also names a folder or a URL path.
    "basic": frozenset({"password"}),
    "bearer": frozenset({"token"}),
    "apikey": frozenset({"value"}),
    "oauth2": frozenset({"accessToken", "refreshToken", "idToken", "clientSecret", "password"}),
    "digest": frozenset({"password"}),
    "oauth1": frozenset({"consumerSecret", "tokenSecret", "privateKey", "token"}),
    "awsv4": frozenset({"secretKey", "sessionToken"}),
    "ntlm": frozenset({"password"}),
    "hawk": frozenset({"authKey"}),
    "edgegrid": frozenset({"clientSecret", "accessToken", "clientToken"}),
    "jwt": frozenset({"secret", "privateKey"}),
    "asap": frozenset({"privateKey"}),
}

# Values shorter than this are not replaced in free text (descriptions,
# example bodies), because replacing every "ab" would garble the page.
MIN_SCRUBBED_LENGTH = 4

_WHOLE_REFERENCE = re.compile(r"\{\{([^{}\r\n]+)\}\}")

# The names of the placeholders that the item JSON and the snippets give
# credentials: the auth parameters and the names of literal credentials.
_CREDENTIAL_NAMES = frozenset(
    {param for params in SECRET_AUTH_PARAMS.values() for param in params}
    | {name for fields in CREDENTIAL_FIELDS.values() for name in fields.values()}
)


def _folded(text: str) -> str:
    """Return ``text`` in lower case without the characters other than letters and digits."""
    return "".join(char for char in text.casefold() if char.isalnum())


# The characters of a name that a placeholder replaces with "_". The pages
# escape the placeholders in prose (generator.docs.markdown.request_page),
# but a name from the collection must not add attributes or end a tag
# wherever one is left unescaped.
_UNSAFE_NAME_CHARACTER = re.compile(r"[^\w.$-]")


def placeholder(name: str) -> str:
    """Return the text shown in place of a secret called ``name``."""
    return f"<{_UNSAFE_NAME_CHARACTER.sub('_', name)}>"


def _auth_placeholder(auth_type: str, param: str, value: str) -> str:
    # A credential written as one variable reference keeps that variable's
    # name, which shows the reader where the value comes from. A literal one
    # gets the name that the snippets give it (BEARER_TOKEN), so the item
    # JSON and the snippets agree.
    match = _WHOLE_REFERENCE.fullmatch(value.strip())
    if match:
        return placeholder(match.group(1))
    return placeholder(CREDENTIAL_FIELDS.get(auth_type, {}).get(param, param))


def redact_item_json(document: Any) -> Any:
    """Return a deep copy of raw item JSON with the credentials of every auth block replaced.

    Auth blocks are found at any depth, so the ``originalRequest`` of saved
    examples is covered. Both the v2.1 form (a list of ``{key, value}``)
    and the v2.0 form (an object of ``key: value``) are handled.
    """
    document = copy.deepcopy(document)
    for auth in _auth_blocks(document):
        _redact_auth_json(auth)
    return document


def file_credentials(document: Any) -> dict[str, str]:
    """Map each credential in an auth block of raw collection JSON, at any depth, to its placeholder's name.

    This covers the credentials that no request sends: those of a folder
    whose requests set their own auth, and those of saved examples.
    """
    values: dict[str, str] = {}
    for auth in _auth_blocks(document):
        for kind, secret_params in SECRET_AUTH_PARAMS.items():
            params = auth.get(kind)
            if isinstance(params, list):
                pairs = [(entry.get("key"), entry.get("value")) for entry in params if isinstance(entry, dict)]
            elif isinstance(params, dict):
                pairs = list(params.items())
            else:
                continue
            for key, value in pairs:
                if key in secret_params and isinstance(value, str) and value and not VARIABLE_PATTERN.fullmatch(value):
                    values.setdefault(value, _auth_placeholder(kind, key, value)[1:-1])
    return values


def _auth_blocks(document: Any) -> Iterable[dict]:
    """Yield every auth block of raw collection JSON, at any depth."""
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        auth = node.get("auth")
        if isinstance(auth, dict) and isinstance(auth.get("type"), str):
            yield auth
        stack.extend(node.values())


def _redact_auth_json(auth: dict) -> None:
    for kind, secret_params in SECRET_AUTH_PARAMS.items():
        params = auth.get(kind)
        if isinstance(params, list):
            for entry in params:
                if isinstance(entry, dict) and entry.get("key") in secret_params and entry.get("value"):
                    entry["value"] = _auth_placeholder(kind, entry["key"], _as_text(entry["value"]))
        elif isinstance(params, dict):
            for key in list(params):
                if key in secret_params and params[key]:
                    params[key] = _auth_placeholder(kind, key, _as_text(params[key]))


def _as_text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _markdown_forms(text: str) -> set[str]:
    # Imported here, because generator.docs.markdown imports generator.docs.source, which imports this module.
    from .markdown import description_markdown, escape_inline

    return {escape_inline(text), description_markdown(text)}


def _json_forms(text: str) -> set[str]:
    """Return ``text`` as a JSON string writes it, with and without \\u escapes of non-ASCII characters, quotes left out."""
    return {json.dumps(text, ensure_ascii=False)[1:-1], json.dumps(text)[1:-1]}


# The other escapes that the pages and snippets apply to text that may
# contain a secret: HTML (titles), Python string literals, PowerShell and
# bash single quotes, and percent-encoding (OAuth 1.0 parameters).
_ESCAPES = (
    html.escape,
    lambda text: repr(text)[1:-1],
    lambda text: text.replace("'", "''"),
    lambda text: text.replace("'", "'\\''"),
    lambda text: urllib.parse.quote(text, safe=""),
)


def _written_forms(value: str) -> set[str]:
    """Return ``value`` as a page may write it: as it is, through one escape, and that as a JSON string.

    A page escapes escaped text only in JSON: the item JSON writes the
    description and example bodies as the file has them (a body often with
    the secret as a JSON string), and the YAML title is HTML-escaped first.
    """
    # A value with spaces around it, as an environment file may hold it,
    # also shows without them.
    forms = {value, value.strip()} if len(value.strip()) >= MIN_SCRUBBED_LENGTH else {value}
    escaped_once = set(forms)
    for form in forms:
        escaped_once |= _markdown_forms(form) | _json_forms(form)
        escaped_once.update(escape(form) for escape in _ESCAPES)
    written = set(escaped_once)
    for form in escaped_once:
        written |= _json_forms(form)
    return written


_END = ""  # the key of a trie node that marks the end of a word

# A run of spaces, tabs and line breaks, written or as JSON escapes.
# Markdown joins the lines of a paragraph, and the item JSON writes a
# description's line breaks as \n, so the reader sees a secret whole where
# the text breaks a line in place of one of its spaces.
_WHITESPACE_RUN = re.compile(r"(?:[ \t]|\r?\n|\\r\\n|\\n)+")


def _collapsed(text: str) -> str:
    """Return ``text`` with each run of whitespace (see _WHITESPACE_RUN) replaced by one space."""
    return _WHITESPACE_RUN.sub(" ", text)


def _literal(text: str) -> str:
    """Return a pattern that matches ``text``, with any run of whitespace allowed in place of each space."""
    return re.escape(text).replace("\\ ", _WHITESPACE_RUN.pattern)


def _longest_match_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Return a pattern that matches the longest of ``words`` that starts at a position, in any letter case.

    A space in a word matches any run of whitespace (see _WHITESPACE_RUN),
    so the words should be collapsed by _collapsed.

    The words are arranged as a trie, so that re follows one branch per
    character instead of trying every word in turn. With 100 secrets of 16
    random characters, a flat alternation of their written forms took over
    20 times as long on Stripe's pages (measured once).
    """
    words = [word for word in words if word]
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    try:
        return re.compile(_trie_branches(trie), re.IGNORECASE)
    except RecursionError:
        # Words nested a thousand levels deep in one another: longest first
        # in one alternation is slower but gives the same matches.
        return re.compile("|".join(map(_literal, sorted(words, key=len, reverse=True))), re.IGNORECASE)


def _trie_branches(node: dict) -> str:
    """Return the pattern of the words below ``node``; the longer words are tried first."""
    branches = []
    for char, child in node.items():
        if char == _END:
            continue
        # A run of nodes with one child and no word ending becomes one literal.
        run = [char]
        while len(child) == 1 and _END not in child:
            (char, child) = next(iter(child.items()))
            run.append(char)
        branches.append(_literal("".join(run)) + _trie_branches(child))
    if not branches:
        return ""
    pattern = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # A word that ends here is the shorter choice, so the rest is optional and tried first.
    return f"(?:{pattern})?" if _END in node else pattern


class Redactor:
    """Replaces known secret values in free text with their placeholders.

    This is the second line of defense: the structured redaction above
    already keeps secrets out of snippets and item JSON, and this pass
    catches a secret value that a description or a saved example response
    repeats literally, or escaped as the page writes it.
    """

    def __init__(self, secrets: Mapping[str, str]) -> None:
        # A value that only repeats its own name, as in
        # {"key": "refreshToken", "value": "refreshToken"}, is a stand-in
        # that the author left for the reader to replace, and replacing that
        # word would also rewrite the field names that share it.
        self._secrets = [
            (value, name)
            for value, name in secrets.items()
            if len(value) >= MIN_SCRUBBED_LENGTH and _folded(value) != _folded(name)
        ]
        # Each written form maps to its placeholder. The placeholders already
        # in the text (from the item's auth block or the snippets' secret
        # markers) map to themselves, so they are kept.
        replacements = {
            placeholder(name): placeholder(name) for name in {name for _, name in self._secrets} | _CREDENTIAL_NAMES
        }
        for value, name in sorted(self._secrets, key=lambda pair: -len(pair[0])):
            # The keys have their whitespace collapsed, as __call__ collapses a match.
            for form in _written_forms(value):
                replacements.setdefault(_collapsed(form), placeholder(name))
        # A secret is found in any letter case, because "zq9xlongkey77"
        # still gives "Zq9xLongKey77" away. The pattern has the forms in
        # lower case, and as written where that is longer ("İ" lowers to two
        # characters, and re compares one with one). A match is looked up
        # as written first, so "<ACCESS_TOKEN>" and "<access_token>" both stay.
        self._exact = replacements
        self._replacements = {}
        for form, replacement in replacements.items():
            self._replacements.setdefault(form.lower(), replacement)
            if len(form.lower()) != len(form):
                self._replacements.setdefault(form, replacement)
        self._pattern = None
        if self._secrets:
            self._pattern = _longest_match_pattern(self._replacements)

    def __call__(self, text: str) -> str:
        if self._pattern is None:
            return text
        pieces = []
        covered = 0  # the end of the text replaced so far
        # Each search starts one character after the last match, not at its
        # end, so a secret that overlaps another one, or a placeholder, is
        # still found where it starts.
        match = self._pattern.search(text)
        while match is not None:
            start, end = match.span()
            found = match.group()
            replacement = self._replacement(found)
            if end > covered and start < covered and pieces and pieces[-1] == replacement:
                # A secret overlapping the one before it with the same
                # placeholder ("0000" in "000000") widens that placeholder,
                # or a run of zeros would get one per character.
                covered = end
            elif end > covered:
                pieces.append(text[covered:start])
                pieces.append(replacement)
                covered = end
            match = self._pattern.search(text, start + 1)
        pieces.append(text[covered:])
        return "".join(pieces)

    def _replacement(self, found: str) -> str:
        """Return the placeholder for ``found``, a match of the pattern."""
        key = _collapsed(found)
        if key in self._exact:
            return self._exact[key]
        for candidate in (key.lower(), key):
            if candidate in self._replacements:
                return self._replacements[candidate]
        # re's IGNORECASE also matches a few letters whose lower() differs,
        # such as "ſ" for "s", so look for the form that matched.
        for form, replacement in self._replacements.items():
            if re.fullmatch(_literal(form), found, re.IGNORECASE):
                return replacement
        return placeholder("secret")

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for value, _ in self._secrets)


def collect_secret_values(
    items: Iterable[RequestItem],
    layers: Iterable[Iterable[Variable]],
    overrides: Mapping[str, str],
    secret_names: set[str],
    resolve,
) -> dict[str, str]:
    """Map each secret value to the name of its placeholder.

    ``resolve`` substitutes variables with their real values; it is used
    for auth credentials written as ``{{name}}``.
    """
    values: dict[str, str] = {}
    for layer in layers:
        for variable in layer:
            if variable.key in secret_names and variable.value:
                values[variable.value] = variable.key
    for name, value in overrides.items():
        if name in secret_names and value:
            values[value] = name
    for item in items:
        auth = item.auth
        if auth is None or auth.type not in SECRET_AUTH_PARAMS:
            continue
        for key, raw in auth.params:
            if key in SECRET_AUTH_PARAMS[auth.type] and raw:
                name = _auth_placeholder(auth.type, key, raw)[1:-1]
                for value in (raw, resolve(raw)):
                    if value and not VARIABLE_PATTERN.fullmatch(value):
                        values.setdefault(value, name)
    return values
