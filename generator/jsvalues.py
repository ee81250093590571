"""Write JSON values as text the way JavaScript does, because newman is a JavaScript program.

A collection may hold a number, a boolean, null, a list or an object where
newman expects a string. newman then writes the value with JavaScript's
``String()`` or ``JSON.stringify``, whose output differs from Python's
``str`` and ``json.dumps``. For example, ``1.0`` is written ``1`` and
``1e-7`` stays ``1e-7``. An object is written ``[object Object]``, and
``JSON.stringify`` puts an object's array-index keys ("2", "10") first.
"""

from __future__ import annotations

import json
import math
import re
from decimal import Decimal
from typing import Any

__all__ = [
    "JS_LINE_TERMINATORS",
    "JS_WHITE_SPACE",
    "is_array_index",
    "js_json",
    "js_number",
    "js_object_keys",
    "js_string",
    "js_to_boolean",
    "js_to_number",
]

# JavaScript's line terminators, and its white space with them: what \s
# matches in a regular expression, and what String.prototype.trim and
# Number() remove from the ends of a string.
JS_LINE_TERMINATORS = "\n\r\u2028\u2029"
JS_WHITE_SPACE = (
    "\t\v\f \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\ufeff"
    + JS_LINE_TERMINATORS
)
_DECIMAL_LITERAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_RADIX_LITERAL = re.compile(r"0(?:[xX](?P<hex>[0-9a-fA-F]+)|[oO](?P<octal>[0-7]+)|[bB](?P<binary>[01]+))")


def is_array_index(key: str) -> bool:
    """Tell whether JavaScript treats ``key`` as an array index: a canonical integer from 0 to 2**32 - 2.

    A JavaScript object lists such keys first, in numeric order, and then
    its other keys in insertion order.
    """
    if not key.isascii() or not key.isdigit():
        return False
    return (key == "0" or not key.startswith("0")) and int(key) <= 2**32 - 2


def js_object_keys(keys: list[str]) -> list[str]:
    """Return ``keys`` in the order a JavaScript object lists them."""
    index_keys = sorted((key for key in keys if is_array_index(key)), key=int)
    return index_keys + [key for key in keys if not is_array_index(key)]


def js_number(value: int | float) -> str:
    """Write a number as JavaScript's ``String(number)`` does.

    JavaScript numbers are doubles, so an integer beyond 2**53 loses
    precision (12345678901234567890 is written 12345678901234567000), and
    one beyond the double range is ``Infinity``.
    """
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "Infinity" if number > 0 else "-Infinity"
    if number == 0:
        return "0"
    if number < 0:
        return "-" + js_number(-number)
    # repr gives the shortest digits that read back as the same double,
    # which are the digits JavaScript's Number.prototype.toString chooses.
    _, digit_tuple, exponent = Decimal(repr(number)).normalize().as_tuple()
    digits = "".join(str(digit) for digit in digit_tuple)
    count = len(digits)
    point = exponent + count  # the value is 0.<digits> times 10**point
    if count <= point <= 21:
        return digits + "0" * (point - count)
    if 0 < point <= 21:
        return digits[:point] + "." + digits[point:]
    if -6 < point <= 0:
        return "0." + "0" * -point + digits
    sign = "+" if point - 1 >= 0 else "-"
    mantissa = digits if count == 1 else digits[0] + "." + digits[1:]
    return f"{mantissa}e{sign}{abs(point - 1)}"


def js_string(value: Any) -> str:
    """Write a JSON value as JavaScript's ``String(value)`` does."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return js_number(value)
    if isinstance(value, list):
        # Array.prototype.join writes null as an empty string.
        return ",".join("" if item is None else js_string(item) for item in value)
    return "[object Object]"


def js_json(value: Any) -> str:
    """Write a JSON value as JavaScript's ``JSON.stringify(value)`` does, without spaces."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        text = js_number(value)
        return "null" if text in ("NaN", "Infinity", "-Infinity") else text
    if isinstance(value, list):
        return "[" + ",".join(js_json(item) for item in value) + "]"
    entries = (json.dumps(key, ensure_ascii=False) + ":" + js_json(value[key]) for key in js_object_keys(list(value)))
    return "{" + ",".join(entries) + "}"


def js_to_boolean(value: Any) -> bool:
    """Convert a JSON value as JavaScript's ``Boolean(value)`` does."""
    if isinstance(value, float) and math.isnan(value):
        return False
    if isinstance(value, (dict, list)):
        return True
    return bool(value)


def js_to_number(value: Any) -> float:
    """Convert a JSON value as JavaScript's ``Number(value)`` does; NaN where it gives NaN."""
    if value is None:
        return 0.0
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, (int, float)):
        try:
            return float(value)
        except OverflowError:
            return math.inf if value > 0 else -math.inf
    if isinstance(value, list):
        return js_to_number(js_string(value))
    if not isinstance(value, str):
        return math.nan
    text = value.strip(JS_WHITE_SPACE)
    if not text:
        return 0.0
    if text in ("Infinity", "+Infinity", "-Infinity"):
        return -math.inf if text.startswith("-") else math.inf
    if _DECIMAL_LITERAL.fullmatch(text):
        return float(text)
    radix = _RADIX_LITERAL.fullmatch(text)
    if radix is not None:
        digits, base = next((digits, base) for digits, base in zip(radix.groups(), (16, 8, 2)) if digits)
        return js_to_number(int(digits, base))
    return math.nan
