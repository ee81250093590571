"""Errors raised for bad input, each naming where the problem is."""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["InputError", "ItemError", "close_choice", "close_choice_hint", "printable", "quote_address"]


def close_choice(value: str, choices: Iterable[str], cutoff: float = 0.75) -> str | None:
    """Return the choice closest to a mistyped ``value``: one equal but for letter case, else the closest by difflib, else None."""
    import difflib  # only for this message, so not at start-up

    by_folded = {choice.lower(): choice for choice in choices}
    if value.lower() in by_folded:
        return by_folded[value.lower()]
    close = difflib.get_close_matches(value.lower(), list(by_folded), n=1, cutoff=cutoff)
    return by_folded[close[0]] if close else None


def close_choice_hint(value: str, choices: Iterable[str]) -> str:
    """Return " (did you mean 'X'?)" for the choice closest to a mistyped ``value``, or "" when none is close."""
    choice = close_choice(value, choices)
    return f" (did you mean {choice!r}?)" if choice is not None else ""


def printable(text: str) -> str:
    """Return ``text`` with each character that str.isprintable rejects written as a Python escape.

    Names come from untrusted collections, and a raw escape sequence or
    line break in a message could rewrite the user's terminal.
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else repr(char)[1:-1] for char in text)


def quote_address(address: str) -> str:
    """Return ``address`` in single quotes for a message, with backslashes as written.

    Unlike repr, this keeps ``\\/`` as the user types it to --item, so the
    quoted address can be copied back into the command line.
    """
    return f"'{printable(address)}'"


class InputError(Exception):
    """A whole input file cannot be used: not found, not JSON, or not a collection.

    The message is one line and starts with the file name.
    """


class ItemError(Exception):
    """One request item cannot be loaded or rendered; other items still can.

    ``address`` is the item's address in the collection (folders and name
    joined by ``/``) and ``pointer`` the JSON pointer of the offending field.
    """

    def __init__(self, message: str, *, address: str = "", pointer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.address = address
        self.pointer = pointer

    def __str__(self) -> str:
        where = f"item {quote_address(self.address)}" if self.address else "collection"
        if self.pointer:
            where += f" (at {self.pointer})"
        return f"{where}: {self.message}"
