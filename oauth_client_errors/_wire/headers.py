"""Header fields: the ones the interpretation reads, ``Retry-After``, ``DPoP-Nonce``, status.

RFC 9110 §5 (field names are case-insensitive; a field may repeat), §10.2.3
(``Retry-After = HTTP-date / delay-seconds``), §15 (status codes); RFC 9449 §8.1
(``DPoP-Nonce``).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable, Mapping
from typing import Any, TypeAlias

from .._ground.exceptions import MalformedResponseError

__all__ = [
    "MAX_NONCE_LENGTH",
    "MAX_RETRY_AFTER",
    "Headers",
    "content_type",
    "dpop_nonce",
    "header_fields",
    "retry_after",
    "status_code",
]

#: Headers as a mapping, or (name, value) pairs where a name may repeat.
Headers: TypeAlias = Mapping[str, Any] | Iterable[tuple[Any, Any]]

#: Longest ``Retry-After`` honoured, in seconds (one day); longer values are clamped.
MAX_RETRY_AFTER = 86400.0
#: Longest ``DPoP-Nonce`` kept, in characters.
MAX_NONCE_LENGTH = 4096

# RFC 9449 §8.1: nonce = 1*NQCHAR; NQCHAR = %x21 / %x23-5B / %x5D-7E
_NONCE_CHARS = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
_STATUS_DIGITS = re.compile(r"[0-9]{1,12}")
# RFC 9110 §10.2.3: delay-seconds = 1*DIGIT. Leading zeros are digits like any other.
_DELAY = re.compile(r"[0-9]+")

_WANTED = frozenset({"www-authenticate", "retry-after", "dpop-nonce", "content-type"})

_INF = float("inf")

# Overridable clock for HTTP-date ``Retry-After`` values (tests patch it).
now = time.time


def _text(value: object) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).decode("latin-1")
    return value if isinstance(value, str) else str(value)


# Header names seen, as given -> the wanted field's lower-case name, or "" (not wanted).
_KEYS: dict[str, str] = {}
_MAX_KEYS = 1024


def _key(name: object) -> str:
    key = _text(name).strip().lower()
    key = key if key in _WANTED else ""
    if type(name) is str and len(name) <= 64:
        if len(_KEYS) >= _MAX_KEYS:
            _KEYS.clear()
        _KEYS[name] = key
    return key


def header_fields(headers: Headers | None) -> dict[str, list[str]]:
    """Return the header fields the interpretation reads, each with all its values, in order.

    Args:
        headers: A mapping (``httpx.Headers`` keeps repeated fields apart and is read so),
            or (name, value) pairs in which a name may repeat; names are case-insensitive,
            bytes are latin-1.

    Raises:
        MalformedResponseError: ``headers`` is text, or not a mapping nor an iterable of
            (name, value) pairs (a two-character string is not a pair).
    """
    fields: dict[str, list[str]] = {}
    if headers is None:
        return fields
    if type(headers) is dict:
        # A plain dict (names are unique): each name's verdict is one lookup in a cache
        # of the names seen (bounded), the value is read only for the fields wanted.
        for name, value in headers.items():
            key = _KEYS.get(name) if type(name) is str else None
            if key is None:
                key = _key(name)
            if key:
                if type(value) is str:
                    fields.setdefault(key, []).append(value)
                elif isinstance(value, (list, tuple)):
                    fields.setdefault(key, []).extend(_text(v) for v in value)
                else:
                    fields.setdefault(key, []).append(_text(value))
        return fields
    pairs: Iterable[Any]
    multi = getattr(headers, "multi_items", None)
    if callable(multi):
        pairs = multi()  # httpx.Headers keeps repeated fields apart
    elif isinstance(headers, Mapping):
        pairs = headers.items()
    elif isinstance(headers, (str, bytes, bytearray)) or not isinstance(headers, Iterable):
        raise MalformedResponseError("headers must be a mapping or (name, value) pairs")
    else:
        pairs = headers
    for pair in pairs:
        if isinstance(pair, (str, bytes, bytearray)) or not isinstance(pair, (tuple, list)):
            raise MalformedResponseError("headers must be (name, value) pairs")
        if len(pair) != 2:
            raise MalformedResponseError("headers must be (name, value) pairs")
        name, value = pair
        key = _KEYS.get(name) if type(name) is str else None
        if key is None:
            key = _key(name)
        if not key:
            continue
        if isinstance(value, (list, tuple)):
            fields.setdefault(key, []).extend(_text(v) for v in value)
        else:
            fields.setdefault(key, []).append(_text(value))
    return fields


def first(fields: Mapping[str, list[str]], name: str) -> str | None:
    """The first value of ``name`` in ``fields``, or None."""
    values = fields.get(name)
    return values[0] if values else None


def content_type(fields: Mapping[str, list[str]]) -> str:
    """The media type of the first ``Content-Type`` (lower-case, no parameters), or ""."""
    values = fields.get("content-type")
    if not values:
        return ""
    raw = values[0]
    media = _MEDIA.get(raw)
    if media is None:
        media = raw.split(";", 1)[0].strip().lower()
        if len(raw) <= 256:
            if len(_MEDIA) >= 256:
                _MEDIA.clear()
            _MEDIA[raw] = media
    return media


# Content-Type values seen -> their media type (bounded).
_MEDIA: dict[str, str] = {}


def retry_after(raw: str | None) -> float | None:
    """Return ``Retry-After`` in seconds, clamped to [0, MAX_RETRY_AFTER]; None if garbage.

    RFC 9110 §10.2.3: ``Retry-After = HTTP-date / delay-seconds``, ``delay-seconds =
    1*DIGIT``. Leading zeros are read as digits (``"0005"`` is 5 seconds); a value of any
    length is capped, never refused; negative numbers, fractions and text are ignored.
    """
    if raw is None:
        return None
    value = raw.strip(" \t")
    if not value:
        return None
    if _DELAY.fullmatch(value):
        digits = value.lstrip("0") or "0"
        if len(digits) > 9:  # more than ~31 years: capped without converting a huge number
            return MAX_RETRY_AFTER
        return min(float(int(digits)), MAX_RETRY_AFTER)
    if len(value) > 64:
        return None
    import email.utils  # only for an HTTP-date, which few servers send

    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    try:
        delay = when.timestamp() - now()
    except (OverflowError, OSError, ValueError):
        return None
    if delay != delay or delay in (_INF, -_INF):  # not finite
        return None
    return min(max(delay, 0.0), MAX_RETRY_AFTER)


def dpop_nonce(raw: str | None) -> str | None:
    """Return the ``DPoP-Nonce`` value if it is a valid nonce (RFC 9449 §8.1), else None."""
    if raw is None:
        return None
    value = raw.strip()
    if 0 < len(value) <= MAX_NONCE_LENGTH and _NONCE_CHARS.fullmatch(value):
        return value
    return None


def status_code(status: object) -> int:
    """Return the HTTP status as an int in 0-999, or raise MalformedResponseError.

    Text and bytes with surrounding white space are accepted (``" 401 "``); anything that
    is not a run of ASCII digits is refused.
    """
    if isinstance(status, int) and not isinstance(status, bool):
        value = status
    else:
        if isinstance(status, bytes):
            status = status.decode("latin-1")
        if not isinstance(status, str) or not _STATUS_DIGITS.fullmatch(digits := status.strip()):
            raise MalformedResponseError("the HTTP status must be an integer")
        value = int(digits)
    if not 0 <= value <= 999:
        raise MalformedResponseError("the HTTP status must be a three-digit number")
    return value
