"""Variable names for the fields that a snippet reads from a JSON response.

A name is the JSON key in the language's own style: snake_case for Python,
camelCase for PowerShell. Keys that would clash with the language get a
trailing ``_`` (``id_``, ``class_``, ``$input_``), a leading digit gets a
``field`` prefix, and characters outside ASCII are transliterated where
Unicode decomposes them to Latin letters. :class:`NameScope` hands out each
name once per snippet, so a read never overwrites another one.
"""

from __future__ import annotations

import functools
import keyword
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from typing import Literal

__all__ = [
    "POWERSHELL_RESERVED",
    "PYTHON_BUILTINS",
    "PYTHON_RESERVED",
    "Language",
    "NameScope",
    "key_words",
    "powershell_name",
    "python_name",
    "singular",
]

Language = Literal["python", "powershell"]

# Variables of the Python and PowerShell request templates.
PYTHON_RESERVED = frozenset(
    {
        "requests",
        "url",
        "headers",
        "payload",
        "files",
        "response",
        "data",
        "session",
        "request",
        "json",
        "os",
    }
)
POWERSHELL_RESERVED = frozenset(
    {
        "headers",
        "body",
        "part",
        "request",
        "response",
        "responseheaders",
        "statuscode",
        "form",
        "uri",
    }
)

# Lower-case names of the builtins module in Python 3.10 to 3.13. The list is
# fixed, not read from the running interpreter, so the output does not change
# with the Python version that generates it.
PYTHON_BUILTINS = frozenset("""
    abs aiter all anext any ascii bin bool breakpoint bytearray bytes callable chr
    classmethod compile complex copyright credits delattr dict dir divmod enumerate
    eval exec exit filter float format frozenset getattr globals hasattr hash help hex
    id input int isinstance issubclass iter len license list locals map max memoryview
    min next object oct open ord pow print property quit range repr reversed round set
    setattr slice sorted staticmethod str sum super tuple type vars zip
    """.split())

# PowerShell automatic and preference variables, lower-cased because variable
# names are case-insensitive. Assigning one of them fails or changes how the
# rest of the script behaves (``$ofs``, ``$ErrorActionPreference``).
POWERSHELL_AUTOMATIC = frozenset("""
    args consolefilename enabledexperimentalfeatures env error event eventargs
    eventsubscriber executioncontext false foreach home host input iscoreclr islinux
    ismacos iswindows lastexitcode matches myinvocation nestedpromptlevel null pid
    profile psboundparameters pscmdlet pscommandpath psculture psdebugcontext psedition
    pshome psitem psscriptroot pssenderinfo psuiculture psversiontable pwd sender
    shellid stacktrace switch this true
    confirmpreference debugpreference erroractionpreference errorview
    formatenumerationlimit informationpreference logcommandhealthevent
    logcommandlifecycleevent logenginehealthevent logenginelifecycleevent
    logproviderhealthevent logproviderlifecycleevent maximumhistorycount ofs
    outputencoding progresspreference psdefaultparametervalues psemailserver
    psmoduleautoloadingpreference psnativecommandargumentpassing
    psnativecommanduseerroractionpreference pssessionapplicationname
    pssessionconfigurationname pssessionoption psstyle transcript verbosepreference
    warningpreference whatifpreference
    """.split())

# Latin letters that NFKD does not decompose into ASCII.
_LATIN_LETTERS = {
    "ß": "ss",
    "æ": "ae",
    "Æ": "Ae",
    "œ": "oe",
    "Œ": "Oe",
    "ø": "o",
    "Ø": "O",
    "đ": "d",
    "Đ": "D",
    "ð": "d",
    "Ð": "D",
    "ł": "l",
    "Ł": "L",
    "þ": "th",
    "Þ": "Th",
    "ı": "i",
}

MAX_NAME_LENGTH = 60
# A key made only of symbols gets the Unicode names of its characters
# (``$`` -> ``dollar_sign``) when it has at most this many of them.
_MAX_SYMBOL_NAMES = 2

_CAMEL_ACRONYM = re.compile(r"([A-Z]+)([A-Z][a-z])")
_CAMEL_BOUNDARY = re.compile(r"([a-z0-9])([A-Z])")
_NOT_ALNUM = re.compile(r"[^A-Za-z0-9]+")


def _transliterate(text: str) -> str:
    """Return ``text`` with accents removed and other non-ASCII characters as spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    chars = []
    for char in decomposed:
        if unicodedata.combining(char):
            continue
        if char.isascii():
            chars.append(char)
        else:
            chars.append(_LATIN_LETTERS.get(char, " "))
    return "".join(chars)


def _symbol_words(key: str) -> list[str]:
    """Return words from the Unicode names of a key made only of symbols."""
    chars = [char for char in key if not char.isspace()]
    if not chars or len(chars) > _MAX_SYMBOL_NAMES:
        return []
    if not all(unicodedata.category(char)[0] in "PS" for char in chars):
        return []
    words = []
    for char in chars:
        name = unicodedata.name(char, "")
        if not name:
            return []
        words.extend(word.lower() for word in _NOT_ALNUM.split(name) if word)
    return words


def key_words(key: str) -> list[str]:
    """Split a JSON key into lower-case ASCII words.

    ``createdById`` gives ``created by id``, ``HTTPStatus`` gives ``http
    status`` and ``first-name`` gives ``first name``. A key without Latin
    letters or digits gives the names of its symbols (``$`` gives ``dollar
    sign``), or no words at all.
    """
    return list(_cached_key_words(key))


# Collections repeat the same keys in many responses, and every snippet
# splits each key once per language.
@functools.lru_cache(maxsize=4096)
def _cached_key_words(key: str) -> tuple[str, ...]:
    text = _transliterate(key)
    text = _CAMEL_ACRONYM.sub(r"\1 \2", text)
    text = _CAMEL_BOUNDARY.sub(r"\1 \2", text)
    words = [word.lower() for word in _NOT_ALNUM.split(text) if word]
    return tuple(words or _symbol_words(key))


def _limit(words: Sequence[str], separator: str) -> list[str]:
    """Drop trailing words so that the joined name stays within MAX_NAME_LENGTH."""
    kept: list[str] = []
    length = 0
    for word in words:
        length += len(word) + (len(separator) if kept else 0)
        if kept and length > MAX_NAME_LENGTH:
            break
        kept.append(word[:MAX_NAME_LENGTH])
    return kept


_RECEIVER_NAMES = frozenset({"self", "cls"})


def _python_from_words(words: Sequence[str]) -> str:
    if not words:
        return "field"
    name = "_".join(_limit(words, "_"))
    if name[0].isdigit():
        name = "field_" + name
    # Soft keywords (match, case) stay as they are: they are valid variable
    # names. self and cls are too, but readers take them for a method's
    # receiver.
    if keyword.iskeyword(name) or name in PYTHON_BUILTINS or name in _RECEIVER_NAMES:
        name += "_"
    return name


def _powershell_from_words(words: Sequence[str]) -> str:
    if not words:
        return "field"
    words = _limit(words, "")
    name = words[0] + "".join(word[:1].upper() + word[1:] for word in words[1:])
    if name[0].isdigit():
        name = "field" + name
    if name.lower() in POWERSHELL_AUTOMATIC:
        name += "_"
    return name


# A name depends only on the language and the words, and the keys of a
# collection repeat, like their words in _cached_key_words.
@functools.lru_cache(maxsize=4096)
def _name_from_words(language: Language, words: tuple[str, ...]) -> str:
    if language == "python":
        return _python_from_words(words)
    return _powershell_from_words(words)


def python_name(key: str) -> str:
    """Return the snake_case variable name for a JSON key, before collisions."""
    return _python_from_words(key_words(key))


def powershell_name(key: str) -> str:
    """Return the camelCase variable name (without ``$``) for a JSON key, before collisions."""
    return _powershell_from_words(key_words(key))


_IRREGULAR_PLURALS = {
    "children": "child",
    "people": "person",
    "men": "man",
    "women": "woman",
    "indices": "index",
    "matrices": "matrix",
    "vertices": "vertex",
    "analyses": "analysis",
    "statuses": "status",
    "aliases": "alias",
    "buses": "bus",
    "cookies": "cookie",
    "movies": "movie",
    "zombies": "zombie",
    "selfies": "selfie",
    "ties": "tie",
    "pies": "pie",
}
# Words that end in "s" but are singular or have no distinct singular.
_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "ics", "series", "species", "news")


def singular(word: str) -> str | None:
    """Return the singular of an English plural noun, or None when it is not obvious.

    ``items`` gives ``item``, ``entries`` gives ``entry`` and ``children``
    gives ``child``. ``data``, ``status`` and ``info`` give None.
    """
    word = word.lower()
    if word in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[word]
    if len(word) < 3 or not word.isalpha() or word.endswith(_NOT_PLURAL_ENDINGS):
        return None
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zzes")):
        return word[:-2]
    if word.endswith("s"):
        return word[:-1]
    return None


class NameScope:
    """Names already used in one snippet, and the rules to pick a free one.

    All reads of a snippet share one scope, because a Python script and a
    PowerShell script bind every variable at the top level, loop bodies
    included. PowerShell names are compared case-insensitively.
    """

    def __init__(self, language: Language, reserved: Iterable[str] = ()) -> None:
        if language not in ("python", "powershell"):
            raise ValueError(
                f"unknown language {language!r}; expected 'python' or 'powershell'"
            )
        self.language = language
        self._used: set[str] = set()
        default = PYTHON_RESERVED if language == "python" else POWERSHELL_RESERVED
        for name in (*default, *reserved):
            self._used.add(self._fold(name))

    def _fold(self, name: str) -> str:
        return name.lower() if self.language == "powershell" else name

    def _from_words(self, words: list[str]) -> str:
        return _name_from_words(self.language, tuple(words))

    def is_free(self, name: str) -> bool:
        return self._fold(name) not in self._used

    def reserve(self, name: str) -> str:
        """Mark ``name`` as used and return it."""
        self._used.add(self._fold(name))
        return name

    def claim(
        self,
        key: str,
        parent: str | None = None,
        siblings: Collection[str] = (),
    ) -> str:
        """Return a free variable name for the value of ``key`` and mark it used.

        The plain name comes first. When another read already took it, a
        field of a nested object gets its parent's name in front
        (``owner_id`` for ``owner.id``), unless the name was taken by a
        sibling key of the same object, as ``createdById`` and
        ``created_by_id`` are. The last resort is a ``_2``, ``_3`` suffix.
        """
        words = key_words(key)
        name = self._from_words(words)
        if self.is_free(name):
            return self.reserve(name)
        if parent is not None and self._fold(name) not in {
            self._fold(s) for s in siblings
        }:
            parent_words = key_words(parent.rstrip("_")) or ["field"]
            if len(parent_words) > 1 and parent_words[-1] == "item":
                # A loop variable such as permission_item: permission_id reads better.
                parent_words = parent_words[:-1]
            prefixed = self._from_words(parent_words + (words or ["field"]))
            if self.is_free(prefixed):
                return self.reserve(prefixed)
            name = prefixed
        return self._numbered(name)

    def claim_loop_variable(self, key: str | None) -> str:
        """Return a free name for the variable of a loop over the array at ``key``.

        The name is the singular of the key's last word where that is
        obvious (``lineItems`` gives ``line_item``), else ``item``. When
        ``item`` is taken by an outer loop, the key goes in front
        (``permission_item``) before a number is added.
        """
        words = key_words(key) if key is not None else []
        single = singular(words[-1]) if words else None
        name = (
            self._from_words(words[:-1] + [single])
            if single
            else self._from_words(["item"])
        )
        if self.is_free(name):
            return self.reserve(name)
        if words and not single:
            prefixed = self._from_words(words + ["item"])
            if self.is_free(prefixed):
                return self.reserve(prefixed)
        return self._numbered(name)

    def _numbered(self, name: str) -> str:
        base = name.rstrip("_")
        number = 2
        while not self.is_free(f"{base}_{number}"):
            number += 1
        return self.reserve(f"{base}_{number}")
