"""Errors raised for bad input, each naming where the problem is."""

from __future__ import annotations

__all__ = ["InputError", "ItemError"]


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
        where = f"item {self.address!r}" if self.address else "collection"
        if self.pointer:
            where += f" (at {self.pointer})"
        return f"{where}: {self.message}"
