"""Response bodies: a JSON object or a form-encoded body read as plain parameters.

RFC 6749 §5.2 (a JSON object with ``error``, ``error_description``, ``error_uri``),
RFC 8259 (JSON), WHATWG URL §5.1 (``application/x-www-form-urlencoded``), RFC 9457
(problem details: ``detail``, ``title``, ``type``).

Every reader is linear in its input, which is capped at :data:`MAX_BODY_BYTES`; JSON
nested deeper than :data:`MAX_JSON_DEPTH` is refused before it is decoded, so no
``RecursionError`` can ever happen.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

from .._ground.exceptions import MalformedResponseError
from .._ground.sanitize import display_text

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_JSON_DEPTH",
    "as_code",
    "as_text",
    "body_message",
    "body_params",
    "form_pairs",
    "interval",
    "percent_decode",
    "read_json",
    "unwrap_list",
]

#: Largest body that is parsed, in bytes. A larger body is not read as an error document:
#: the response is classified by its status alone (``strict=True``: MalformedResponseError).
MAX_BODY_BYTES = 1024 * 1024
#: Deepest nesting of JSON arrays and objects read (error bodies nest a few levels).
MAX_JSON_DEPTH = 64
#: Most parameters accepted in a form body.
MAX_FORM_PARAMS = 10_000
#: Longest number read as an int (CVE-2020-10735: int() of huge digit strings).
_INT_DIGITS_LIMIT = 1000
#: Longest interval (RFC 8628 §3.2) honoured, in seconds.
_MAX_INTERVAL = 86400


def _parse_int(text: str) -> int | str:
    # A 6,000-digit number must not make the whole body unreadable (int max_str_digits).
    return int(text) if len(text) <= _INT_DIGITS_LIMIT else text


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (RFC 8259 §6)")


_LENIENT = json.JSONDecoder(parse_int=_parse_int, parse_constant=str)
# strict=True: NaN, Infinity and -Infinity make the body invalid JSON.
_STRICT = json.JSONDecoder(parse_int=_parse_int, parse_constant=_refuse_constant)
_OPENERS = frozenset("[{")
_JSON_SPACE = " \t\n\r"
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def _too_deep(text: str) -> bool:
    """Whether ``text`` opens more than :data:`MAX_JSON_DEPTH` nested arrays or objects.

    Called only for a body with more opening brackets than that (the caller counts them,
    which rules the question out for almost every body): its strings are dropped and the
    running depth of its brackets measured (linear, and never recursive, whatever the input).
    """
    if '"' in text:
        # Brackets inside strings do not nest: drop the strings (escapes first).
        text = text.replace("\\\\", "").replace('\\"', "")
        text = "".join(text.split('"')[::2])
    brackets = _NOT_BRACKETS.sub("", text)
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0) > MAX_JSON_DEPTH


def read_json(data: bytes | str, *, strict: bool = False) -> Any:
    """Decode JSON text or bytes (UTF-8/16/32, detected); None if it is not JSON.

    Raises:
        MalformedResponseError: The text nests deeper than :data:`MAX_JSON_DEPTH`.
    """
    if isinstance(data, bytes):
        try:
            data = data.decode(json.detect_encoding(data), "replace")
        except LookupError:
            return None
    return _json_value(data, strict)


def _json_value(text: str, strict: bool) -> Any:
    """The JSON value ``text`` holds, or None if it holds none (see :func:`read_json`)."""
    # RFC 8259 §2: white space around the value is " ", tab, LF and CR (as json.loads).
    text = text.strip(_JSON_SPACE)
    # JSON that nests deeper than the cap takes more than twice as many characters (each
    # array or object opened is closed): shorter text is never refused as too deep.
    if (
        len(text) > 2 * MAX_JSON_DEPTH
        and text.count("[") + text.count("{") > MAX_JSON_DEPTH
        and _too_deep(text)
    ):
        raise MalformedResponseError(f"the JSON body nests deeper than {MAX_JSON_DEPTH} levels")
    try:
        value, end = (_STRICT if strict else _LENIENT).raw_decode(text)
    except (ValueError, TypeError):
        return None
    return value if end == len(text) else None


# A run that starts with a percent escape (RFC 3986 §2.1: "%" HEXDIG HEXDIG) and goes on
# over "%" and hex digits: a character class, so the scan is linear (a repeated group is
# not, in CPython's engine, over a 1 MiB run). Compiled on first use.
_ESCAPE_RUN = r"%[0-9A-Fa-f]{2}[%0-9A-Fa-f]*"
_escapes: re.Pattern[str] | None = None


# Short runs already decoded (``%20``, ``%2C``, ``%3A%2F%2F``...): one lookup each.
_RUNS: dict[str, str] = {}
_MAX_RUNS = 1024


def _decode_run(found: re.Match[str]) -> str:
    run = found[0]
    decoded = _RUNS.get(run)
    if decoded is not None:
        return decoded
    count = len(run) // 3
    if len(run) % 3 == 0 and run.count("%") == count and run[::3].count("%") == count:
        raw = bytes.fromhex(run.replace("%", ""))  # nothing but escapes: one call
    else:
        import urllib.parse  # loaded on first use, not with the package

        raw = urllib.parse.unquote_to_bytes(run)  # escapes mixed with digits or "%"
    decoded = raw.decode("utf-8", "replace")
    if len(run) <= 16:
        if len(_RUNS) >= _MAX_RUNS:
            _RUNS.clear()
        _RUNS[run] = decoded
    return decoded


def percent_decode(text: str) -> str:
    """Decode one ``application/x-www-form-urlencoded`` name or value.

    WHATWG URL §5.1 (as ``urllib.parse.unquote_plus`` with ``errors="replace"``): ``+``
    is a space, each run of ``%XX`` escapes is decoded as UTF-8 (invalid sequences become
    U+FFFD), anything else (a ``%`` not followed by two hex digits) is kept. One regular
    expression scan finds the runs, and a run of escapes is decoded in one call, so the
    time is linear in the text and a body of nothing but ``%`` costs one scan.
    """
    global _escapes
    if "+" in text:
        text = text.replace("+", " ")
    if "%" not in text:
        return text
    pattern = _escapes
    if pattern is None:
        pattern = _escapes = re.compile(_ESCAPE_RUN)
    return pattern.sub(_decode_run, text)


def form_pairs(text: str, *, limit: int = MAX_FORM_PARAMS) -> list[tuple[str, str]]:
    """Split ``application/x-www-form-urlencoded`` text into (name, value) pairs.

    WHATWG URL §5.1: only ``&`` separates, ``+`` is a space, escapes are UTF-8 (invalid
    sequences become U+FFFD), empty pieces are skipped, blank values kept. The result is
    that of ``urllib.parse.parse_qsl(text, keep_blank_values=True, errors="replace")``,
    in linear time (see :func:`percent_decode`).

    Raises:
        MalformedResponseError: ``text`` has ``limit`` or more ``&`` separators.
    """
    if text.count("&") >= limit:
        raise MalformedResponseError(f"more than {limit} parameters")
    pairs: list[tuple[str, str]] = []
    for piece in text.split("&"):
        if piece:
            name, _, value = piece.partition("=")
            if "%" in piece or "+" in piece:  # else nothing to decode (the common case)
                name, value = percent_decode(name), percent_decode(value)
            pairs.append((name, value))
    return pairs


def _form(text: str, strict: bool) -> dict[str, Any] | None:
    params: dict[str, Any] = {}
    for name, value in form_pairs(text):
        if name in params:
            if strict:
                raise MalformedResponseError(
                    f"parameter {display_text(name, 40)!r} is repeated in the body"
                )
            continue
        params[name] = value
    return params or None


def unwrap_list(value: list[Any]) -> dict[str, Any] | None:
    """Return the first error object of a JSON array error body (Salesforce), or None.

    Salesforce's REST API answers errors with ``[{"message": ..., "errorCode": ...}]``;
    the first object's members become the error's parameters.
    """
    if value and isinstance(value[0], dict):
        first = value[0]
        if isinstance(first.get("errorCode"), str) and isinstance(first.get("message"), str):
            return dict(first)
    return None


def _size(body: object) -> int:
    if isinstance(body, str):
        size = len(body)  # every character is at least one byte in UTF-8
        if MAX_BODY_BYTES // 4 < size <= MAX_BODY_BYTES:
            size = len(body.encode("utf-8", "surrogatepass"))
        return size
    if isinstance(body, (bytes, bytearray, memoryview)):
        return memoryview(body).nbytes
    raise MalformedResponseError("the body must be bytes, str or None")


def body_params(
    body: bytes | str | None, media_type: str, status: int | None, *, strict: bool = False
) -> dict[str, Any] | None:
    """Return the body as a dict of parameters if it is a JSON object or a form, else None.

    Args:
        body: The body as received.
        media_type: The ``Content-Type`` media type, lower-case ("" if none).
        status: The HTTP status (a JSON array is unwrapped only for an error status).
        strict: Refuse what a lenient reader skips: a body over the cap, an error body
            that is not a JSON object, a repeated form parameter, NaN.

    Raises:
        MalformedResponseError: ``body`` is not bytes, str or None; the JSON nests too
            deep (``strict=True`` only; leniently the body is left unread); or, with
            ``strict=True``, see above.
    """
    if body is None:
        return None
    if (len(body) if type(body) is bytes else _size(body)) > MAX_BODY_BYTES:
        if strict:
            raise MalformedResponseError(
                f"the body is larger than {MAX_BODY_BYTES} bytes and was not read"
            )
        return None
    raw: bytes | str = body if type(body) is bytes or isinstance(body, str) else bytes(body)
    if not raw:
        return None
    text: str = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    looks_json = media_type == "application/json" or media_type.endswith("+json")
    stripped = "" if looks_json else text.strip()
    if looks_json or stripped[:1] in _OPENERS:
        try:
            if isinstance(raw, bytes) and not (0 < raw[0] < 0x80 and (len(raw) < 2 or raw[1])):
                value = read_json(raw, strict=strict)  # a BOM or UTF-16/32: detected
            else:
                value = _json_value(text, strict)
        except MalformedResponseError:
            if strict:
                raise
            return None
        if type(value) is dict:
            return value
        if isinstance(value, list) and status is not None and status >= 400:
            unwrapped = unwrap_list(value)
            if unwrapped is not None:
                return unwrapped
        if strict and looks_json and status is not None and status >= 400 and text.strip():
            raise MalformedResponseError("the error response body is not a JSON object")
        return None
    if not stripped:
        return None
    if media_type == "application/x-www-form-urlencoded" or (
        media_type in ("", "text/plain", "application/octet-stream")
        and (stripped.startswith("error=") or "&error=" in stripped)
    ):
        return _form(stripped, strict)
    return None


# Where a body says what went wrong when it has no ``error_description``: RFC 9457
# problem details (``detail``, ``title``), and the ``message`` most APIs send (Twitch,
# Reddit, Strava; ``Message`` from AWS).
_MESSAGE_MEMBERS = ("detail", "message", "Message", "error_message", "title")


def body_message(payload: Mapping[str, Any]) -> str | None:
    """The first non-blank text among the body's message members, or None.

    Else the ``message`` of the first entry of an ``errors`` list (GraphQL, the
    Twitter/X v1.1 API: ``{"errors": [{"code": 89, "message": "Invalid or expired
    token."}]}``).
    """
    for name in _MESSAGE_MEMBERS:
        value = payload.get(name)
        if isinstance(value, str) and value.strip():
            return value
    errors = payload.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        value = errors[0].get("message")
        if isinstance(value, str) and value.strip():
            return value
    return None


def as_code(value: Any) -> str:
    """The error code as text: numbers become their digits, other non-strings are empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def as_text(value: Any) -> str | None:
    """A description or URI as text; a number is printed, other JSON shapes are dumped."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False)[:4096]
    except (TypeError, ValueError, RecursionError):
        return None


def interval(params: Mapping[str, Any]) -> float | None:
    """The device flow's polling ``interval`` (RFC 8628 §3.2) in seconds, or None."""
    value = params.get("interval")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_INTERVAL:
        return float(value)
    return None
