"""Hand auth that is signed when the snippet runs to the languages that can sign it."""

from __future__ import annotations

import functools
from dataclasses import replace

from .auth import COMPUTED_PER_REQUEST, RuntimeAuth
from .targets import Target
from .wire import WireRequest

__all__ = ["for_target", "is_auth_gap", "unsupported_notes"]

# Every note of generator.auth about auth that newman sends and the snippet
# leaves out ends with one of these.
_AUTH_GAP_ENDINGS = ("add it before running.", "add them before running.", "add the token before running.")


def for_target(wire: WireRequest, target: Target) -> WireRequest:
    """Return ``wire`` as ``target`` writes it.

    A target that cannot compute the request's run-time auth gets the
    request without it and a note saying so, which also becomes a warning.
    """
    runtime = wire.runtime_auth
    if runtime is None or runtime.scheme in target.runtime_auth:
        return wire
    return replace(wire, runtime_auth=None, notes=(*wire.notes, runtime.unsupported_note))


@functools.lru_cache(maxsize=1)
def unsupported_notes() -> frozenset[str]:
    """Return the notes of every auth that a language may leave to the reader, to tell them from other notes."""
    return frozenset(RuntimeAuth(scheme, name).unsupported_note for scheme, name in COMPUTED_PER_REQUEST.items())


def is_auth_gap(note: str) -> bool:
    """Return whether ``note`` reports auth that newman sends and the snippet leaves out.

    Such a note comes from a language that cannot compute the auth
    (:func:`unsupported_notes`), or from auth that no snippet computes, such
    as AWS Signature Version 4 in the query.
    """
    return note in unsupported_notes() or note.endswith(_AUTH_GAP_ENDINGS)
