"""Postman variables: scopes, precedence and ``{{name}}`` substitution."""

from __future__ import annotations

import contextlib
import re
import secrets
from collections.abc import Iterable, Iterator, Mapping

from .errors import close_choice
from .model import Variable

__all__ = [
    "SECRET_MODES",
    "VARIABLE_MODES",
    "VariableScope",
    "env_name",
    "is_secret_name",
    "parse_secret_marker",
    "secret_marker",
]

# The ways a snippet can write a secret: its value, a <name> placeholder, or
# a read of an environment variable when the snippet runs.
SECRET_MODES = ("inline", "placeholder", "env")

# The ways a snippet can write a variable's value: where it is used, or once
# at the top of the snippet as a named value (generator.hoist).
VARIABLE_MODES = ("inline", "hoist")

# newman's variable syntax: {{name}}, where the name has no braces and no
# line break. Dynamic variables start with "$".
VARIABLE_PATTERN = re.compile(r"\{\{([^{}\r\n]+)\}\}")

# postman-collection substitutes repeatedly so a value may refer to another
# variable; it stops after a fixed number of passes, so a cycle ends there.
MAX_PASSES = 19

# Maximum number of characters that one resolve() call inserts. A value that refers to
# itself more than once ("{{a}}{{a}}") multiplies the text on every pass,
# so without a budget 19 passes could need gigabytes.
MAX_INSERTED_CHARS = 4 * 1024 * 1024

# Variable names that hold a secret contain one of these words as a whole
# part of the name: "apiKey", "client_secret", "accessToken", not "keyboard".
_SECRET_WORDS = frozenset({"token", "secret", "password", "key"})
# The parts of a name: runs of capitals not followed by a lower-case letter
# ("API" in "APIKey"), capitalised or lower-case words, and digit runs.
_NAME_PART = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")

# A secret that the snippet must not contain is replaced in resolved text by
# a marker that py_expr, sh_expr and ps_expr (generator.dynamic) turn into an
# environment read or a placeholder. A variable hoisted to the top of the
# snippet (mode "hoist") is replaced by a marker that they turn into a
# reference to the named value. The marker has the form of a dynamic
# variable, {{$secret_<nonce>_<mode>_<hex of the name>}}, so URL encoding
# and header checks leave it intact. The nonce is drawn once per process, so
# text in a collection cannot forge a marker.
_MARKER_PREFIX = f"$secret_{secrets.token_hex(8)}_"
_MARKER_MODES = {"env": "e", "placeholder": "p", "hoist": "h"}
_MARKER_NAMES = {letter: mode for mode, letter in _MARKER_MODES.items()}
_MARKER = re.compile(re.escape(_MARKER_PREFIX) + "([eph])_([0-9a-f]*)")


def unused_override_warnings(overrides: Iterable[str], texts: Iterable[str]) -> list[str]:
    """Return one warning per ``--var`` name that no ``{{name}}`` in ``texts`` refers to.

    ``texts`` are the raw collection and environment files, so a reference
    anywhere (URL, header, body, auth or another variable's value) counts.
    Names are case-sensitive in Postman, so a warning suggests a close
    name that is referred to.
    """
    referenced = {name for text in texts for name in VARIABLE_PATTERN.findall(text)}
    warnings = []
    for name in overrides:
        if name in referenced:
            continue
        close = close_choice(name, sorted(referenced), cutoff=0.8)
        hint = f"; did you mean {close}? Names are case-sensitive" if close is not None else ""
        warnings.append(f"--var {name} is not used: no {{{{{name}}}}} in the collection or environment{hint}")
    return warnings


def is_secret_name(name: str) -> bool:
    """Tell whether a variable name marks it as a secret (token, secret, password or key)."""
    return any(part.lower() in _SECRET_WORDS for part in _NAME_PART.findall(name))


def env_name(name: str) -> str:
    """Return the environment variable a snippet reads for the Postman variable ``name``.

    Upper snake case of the name's ASCII letters and digits: ``apiToken``
    becomes ``API_TOKEN``. A name without any becomes ``SECRET``, and one
    that starts with a digit gets a leading underscore, so the result is a
    valid name in bash and PowerShell.
    """
    result = "_".join(part.upper() for part in _NAME_PART.findall(name)) or "SECRET"
    return "_" + result if result[0].isdigit() else result


def secret_marker(name: str, mode: str) -> str:
    """Return the marker that stands for the secret or hoisted variable ``name`` in resolved text."""
    return "{{" + _MARKER_PREFIX + _MARKER_MODES[mode] + "_" + name.encode("utf-8", "surrogatepass").hex() + "}}"


def parse_secret_marker(variable: str) -> tuple[str, str] | None:
    """Return (mode, name) for the variable name of a marker (``$secret_...``), else None.

    The mode is "env", "placeholder" or "hoist".
    """
    match = _MARKER.fullmatch(variable)
    if match is None:
        return None
    return _MARKER_NAMES[match.group(1)], bytes.fromhex(match.group(2)).decode("utf-8", "surrogatepass")


class VariableScope:
    """Variables from every source, the later source overriding the earlier.

    Sources in order of precedence, lowest first: globals, collection
    variables, the environment, then ``--var`` values. A variable with an
    empty value is sent empty, as newman sends it; :attr:`empty` records the
    names used that way so the snippet can name them.
    """

    def __init__(self, *layers: Iterable[Variable] | Mapping[str, str]) -> None:
        self._values: dict[str, str] = {}
        self._secret: set[str] = set()
        for layer in layers:
            if isinstance(layer, Mapping):
                for key, value in layer.items():
                    self._values[key] = value
                    self._secret.discard(key)
            else:
                for variable in layer:
                    self._values[variable.key] = variable.value
                    if variable.secret:
                        self._secret.add(variable.key)
                    else:
                        self._secret.discard(variable.key)
        self.unresolved: dict[str, None] = {}  # names left as {{name}} in some output, in first-seen order
        self.empty: dict[str, None] = {}  # names substituted with an empty value, in first-seen order
        self.empty_since_mark: dict[str, None] = {}  # the same, since the last mark_empty() call
        self.secret_mode = "inline"
        self.variable_mode = "inline"
        self._credential_names: set[str] = set()
        # True while generator.wire builds the copy of a request in which
        # each variable is a hoist marker.
        self._hoisting = False

    def mark_empty(self) -> None:
        """Start a new record of the variables substituted empty (one per request)."""
        self.empty_since_mark = {}

    def is_secret(self, name: str) -> bool:
        """Tell whether a collection or environment file marks ``name`` as secret."""
        return name in self._secret

    def is_sensitive(self, name: str) -> bool:
        """Tell whether the variable ``name`` is a secret by any rule.

        The rules: a file marks it secret, an auth credential uses it (see
        :meth:`protect_secrets`), or its name says so (:func:`is_secret_name`).
        Dynamic variables (``$guid``) never do.
        """
        if name.startswith("$"):
            return False
        return name in self._secret or name in self._credential_names or is_secret_name(name)

    def protect_secrets(self, mode: str, credential_names: Iterable[str] = ()) -> None:
        """Write sensitive variables as ``mode`` from now on; see SECRET_MODES.

        ``credential_names`` are variables used in auth credentials, which
        count as secrets whatever their names. In "env" and "placeholder"
        mode, :meth:`resolve` puts a marker in place of each sensitive
        variable, with or without a value.
        """
        if mode not in SECRET_MODES:
            raise ValueError(f"unknown secret mode {mode!r}; expected one of {', '.join(SECRET_MODES)}")
        self.secret_mode = mode
        self._credential_names.update(credential_names)

    def set_variable_mode(self, mode: str) -> None:
        """Write variables as ``mode`` from now on; see VARIABLE_MODES and generator.hoist."""
        if mode not in VARIABLE_MODES:
            raise ValueError(f"unknown variable mode {mode!r}; expected one of {', '.join(VARIABLE_MODES)}")
        self.variable_mode = mode

    @contextlib.contextmanager
    def hoisting(self) -> Iterator[None]:
        """Resolve each variable to a hoist marker inside the block.

        The records of unresolved and empty names are kept as they were, because
        the request is resolved once without markers first, and that pass
        records them.
        """
        records = (dict(self.unresolved), dict(self.empty), dict(self.empty_since_mark))
        self._hoisting = True
        try:
            yield
        finally:
            self._hoisting = False
            self.unresolved, self.empty, self.empty_since_mark = records

    def hoisted_value(self, name: str) -> str:
        """Return the text a hoist marker for ``name`` stands for.

        That is the variable's value with the variables inside it resolved,
        or the secret marker of a secret in "env" and "placeholder" mode.
        """
        if self.secret_mode != "inline" and self.is_sensitive(name):
            return secret_marker(name, self.secret_mode)
        return self.resolve(self._values[name])

    def sensitive_values(self) -> list[str]:
        """Return the values of every sensitive variable that has one, to keep them out of messages."""
        return [value for name, value in self._values.items() if value and self.is_sensitive(name)]

    def resolve(self, text: str) -> str:
        """Substitute every known ``{{name}}`` in ``text``.

        Names still in the text afterwards stay as written and are recorded
        in :attr:`unresolved`: unknown names, and known names left over by a
        cycle or by reaching MAX_INSERTED_CHARS.
        """
        if "{{" not in text:
            return text
        remaining = MAX_INSERTED_CHARS

        def lookup(match: re.Match[str]) -> str:
            nonlocal remaining
            hoisting = self._hoisting and not match.group(1).startswith("$")
            secret = self.secret_mode != "inline" and self.is_sensitive(match.group(1))
            if hoisting and (secret or match.group(1) in self._values):
                return secret_marker(match.group(1), "hoist")
            if secret:
                return secret_marker(match.group(1), self.secret_mode)
            value = self._values.get(match.group(1))
            if value is None or len(value) > remaining:
                return match.group(0)
            if not value:
                self.empty.setdefault(match.group(1), None)
                self.empty_since_mark.setdefault(match.group(1), None)
            remaining -= len(value)
            return value

        for _ in range(MAX_PASSES):
            replaced = VARIABLE_PATTERN.sub(lookup, text)
            if replaced == text:
                break
            text = replaced
        for match in VARIABLE_PATTERN.finditer(text):
            if not match.group(1).startswith(_MARKER_PREFIX):
                self.unresolved.setdefault(match.group(1), None)
        return text
