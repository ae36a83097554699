"""Sans-I/O parsers: an HTTP response or a redirect URL in, a typed :class:`OAuthError` out.

Nothing here performs I/O or imports anything outside the standard library. Every parser
accepts any ``str``/``bytes`` input and raises only this package's exceptions
(:class:`MalformedResponseError` for input over a size cap or, with ``strict=True``, input
that breaks the protocol; :class:`StateMismatchError` / :class:`IssuerMismatchError` for a
redirect that fails its security checks).

RFC 6749 §5.2 (token endpoint error response)::

    The authorization server responds with an HTTP 400 (Bad Request) status code (unless
    specified otherwise) and includes the following parameters with the response:
    error  REQUIRED. ... Values for the "error" parameter MUST NOT include characters
           outside the set %x20-21 / %x23-5B / %x5D-7E.
    error_description  OPTIONAL. ... (same character set)
    error_uri  OPTIONAL. A URI identifying a human-readable web page ... MUST conform to
           the URI-reference syntax and thus MUST NOT include characters outside the set
           %x21 / %x23-5B / %x5D-7E.
"""

from __future__ import annotations

import email.utils
import hmac
import json
import math
import re
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._challenge import Challenge, parse_www_authenticate
from ._dialects import DialectMatch, build_error, recognise, recognise_body, unwrap_list
from ._errors import (
    HTTPStatusError,
    IssuerMismatchError,
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    StateMismatchError,
    init_error,
)
from ._registry import error_class, lookup, policy_for
from ._sanitize import display_text
from ._types import Endpoint

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_RETRY_AFTER",
    "MAX_URL_LENGTH",
    "Headers",
    "parse_redirect",
    "parse_response",
]

#: Largest body that is parsed, in bytes. A larger body is not read as an error document:
#: the response is classified by its status alone (``strict=True``: MalformedResponseError).
MAX_BODY_BYTES = 1024 * 1024
#: Longest redirect URL accepted, in characters.
MAX_URL_LENGTH = 64 * 1024
#: Most parameters accepted in one redirect component.
MAX_REDIRECT_PARAMS = 1000
#: Longest ``Retry-After`` honoured, in seconds (one day); longer values are clamped.
MAX_RETRY_AFTER = 86400.0
#: Longest ``DPoP-Nonce`` kept, in characters.
MAX_NONCE_LENGTH = 4096

#: Headers as a mapping, or (name, value) pairs where a name may repeat.
Headers = Mapping[str, Any] | Iterable[tuple[Any, Any]]

# RFC 6749 §5.2 character sets (see the module docstring).
_ERROR_CHARS = re.compile(r"[\x20\x21\x23-\x5b\x5d-\x7e]*")
_URI_CHARS = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]*")
# RFC 9449 §8.1: nonce = 1*NQCHAR; NQCHAR = %x21 / %x23-5B / %x5D-7E
_NONCE_CHARS = re.compile(r"[\x21\x23-\x5b\x5d-\x7e]+")
_DIGITS = re.compile(r"[0-9]{1,12}")
_INT_DIGITS_LIMIT = 1000

# Parameters that make a redirect an authorization response (RFC 6749 §4.1.2, §4.2.2,
# OIDC Core §3.2.2.5, JARM).
_RESPONSE_KEYS = frozenset(
    {"error", "code", "state", "access_token", "id_token", "iss", "response", "token_type"}
)
_SUCCESS_KEYS = frozenset({"code", "access_token", "id_token"})

_C0_AND_SPACE = "".join(map(chr, range(0x21)))

# Overridable clock for HTTP-date ``Retry-After`` values (tests patch it).
_now = time.time


def _drop_frames(exc: OAuthClientError) -> None:
    """Remove the traceback of ``exc`` and those of the exceptions chained inside it.

    The input of a parser holds secrets (the authorization code in a redirect, tokens a
    server echoes in a body), and error reporters that record every frame's locals
    (``traceback`` with ``capture_locals=True``, Sentry) would keep them: the public
    parsers re-raise their own errors after this and after deleting their arguments, so
    the traceback starts at the caller. The messages never quote the input.
    """
    seen = 0
    inner: BaseException | None = exc
    while inner is not None and seen < 8:
        inner.__traceback__ = None
        inner = inner.__cause__ or inner.__context__
        seen += 1


# -- responses ----------------------------------------------------------------------------


def parse_response(
    status: int,
    headers: Headers | None = None,
    body: bytes | str | None = None,
    *,
    endpoint: Endpoint | str = Endpoint.TOKEN,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Return the error an HTTP response reports, or None if it reports none.

    Looks first at the ``WWW-Authenticate`` challenges, then at the body (a JSON object, or
    a form-encoded body as some providers send, even with status 200), then at the status
    alone (429, 5xx, 401/403 without a code). When a challenge and the body both carry an
    error, the challenge's fields win; every parameter received is kept in ``params``.

    Args:
        status: The HTTP status code.
        headers: A mapping, or (name, value) pairs in which a name may repeat (several
            ``WWW-Authenticate`` lines). Names are case-insensitive; bytes are latin-1.
        body: The response body, or None.
        endpoint: Where the response came from (an :class:`Endpoint` or its value).
        strict: Raise :class:`MalformedResponseError` for what RFC 6749 §5.2 forbids
            instead of keeping the raw values.
        provider: Who sent the response, if known: the request URL, the issuer, a host
            name or a dialect name (``"github"``). It selects the provider dialect (see
            ``docs/dialects.md``); without it the dialect is recognised from the body's
            shape. A dialect never turns a success into an error.

    Returns:
        The typed error, or None for a success.

    Raises:
        MalformedResponseError: A header is over a size cap, or (``strict=True``) the
            response breaks the protocol.
        ValueError: ``endpoint`` names no endpoint (a programming error).

    RFC:
        RFC 6749 §5.2 (token errors), RFC 6750 §3 (resource challenges), RFC 9110 §10.2.3
        (``Retry-After``), RFC 9449 §8 (``DPoP-Nonce``), draft-ietf-oauth-v2-16 §5.2
        (numeric error values).
    """
    try:
        return _response(status, headers, body, endpoint, strict, provider)
    except OAuthClientError as exc:
        del headers, body  # the input stays out of this frame too
        _drop_frames(exc)
        raise exc  # the same exception, without the parser's frames


def _response(
    status: int,
    headers: Headers | None,
    body: bytes | str | None,
    endpoint: Endpoint | str,
    strict: bool,
    provider: str | None,
) -> OAuthError | None:
    """What :func:`parse_response` does, its errors re-raised there without this frame."""
    where = (
        endpoint
        if type(endpoint) is Endpoint
        else (_ENDPOINTS.get(endpoint) if type(endpoint) is str else None)
        or Endpoint.coerce(endpoint)
    )
    code_status = status if type(status) is int and 0 <= status <= 999 else _status(status)
    challenges: list[Challenge] = []
    retry_after: float | None = None
    nonce: str | None = None
    content_type = _only_content_type(headers) if type(headers) is dict else _OTHER_HEADERS
    if content_type is _OTHER_HEADERS:
        fields = _header_fields(headers)
        content_types = fields.get("content-type")
        if len(fields) > (content_types is not None):  # a header besides Content-Type
            if fields.get("www-authenticate"):
                challenges = parse_www_authenticate(fields["www-authenticate"])
            if "retry-after" in fields:
                retry_after = _retry_after(_first(fields, "retry-after"))
            if "dpop-nonce" in fields:
                nonce = _dpop_nonce(_first(fields, "dpop-nonce"))
        content_type = content_types[0] if content_types else None
    payload = _body_payload(body, content_type, code_status, strict)

    # An ``error`` of null or false in a body reports no error.
    error = payload.get("error") if payload is not None else None
    errored = error is not None and error is not False
    if errored and not challenges and not provider:
        # The common case, the general code below in short: an error body, no challenge.
        assert payload is not None
        return _build(
            error,
            payload.get("error_description"),
            payload.get("error_uri"),
            where,
            code_status,
            payload,
            challenges,
            retry_after,
            nonce,
            strict,
            recognise_body(payload, code_status, where),
        )
    chosen = _challenge_with_error(challenges) if challenges else None
    match = None
    if chosen is not None or code_status >= 400 or errored:
        match = recognise(payload, code_status, where, provider=provider, challenge=chosen)
    # The payload is this call's own dict: it becomes the parameters without a copy (the
    # error keeps it behind a read-only view, or a redacted copy if it holds a secret).
    params: dict[str, Any] = payload if payload is not None else {}
    if chosen is not None:
        params = {**params, **chosen.params}
        code: Any = chosen.error
        description: Any = chosen.error_description
        if description is None and payload is not None:
            description = payload.get("error_description")
        uri: Any = chosen.error_uri
        if uri is None and payload is not None:
            uri = payload.get("error_uri")
    elif errored:
        assert payload is not None
        code = error
        description = payload.get("error_description")
        uri = payload.get("error_uri")
        oauth = [c for c in challenges if c.is_oauth] if challenges else None
        if oauth:
            params = {**oauth[0].params, **params}
    elif code_status >= 400:
        oauth = [c for c in challenges if c.is_oauth] or challenges
        if oauth:
            params = {**oauth[0].params, **params}
        if match is not None:  # a provider's own envelope, or a known provider
            return build_error(
                match,
                code=None,
                description=None,
                uri=None,
                endpoint=where,
                status_code=code_status,
                params=params,
                challenges=challenges,
                retry_after=retry_after,
                dpop_nonce=nonce,
            )
        return HTTPStatusError(
            str(code_status),
            *_status_text(payload),
            endpoint=where,
            status_code=code_status,
            params=params,
            challenges=challenges,
            retry_after=retry_after,
            dpop_nonce=nonce,
        )
    else:
        return None

    return _build(
        code,
        description,
        uri,
        where,
        code_status,
        params,
        challenges,
        retry_after,
        nonce,
        strict,
        match,
    )


# Where a body says what went wrong when it has no ``error_description``: RFC 9457
# problem details (``detail``, ``title``), and the ``message`` most APIs send (Twitch,
# Reddit, Strava; ``Message`` from AWS).
_MESSAGE_MEMBERS = ("detail", "message", "Message", "error_message", "title")


def _body_message(payload: Mapping[str, Any]) -> str | None:
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


def _status_text(payload: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """The description and link of an error reported by its status alone, from its body.

    RFC 9457 §3.1: ``type`` is "a URI reference that identifies the problem type"; only an
    absolute https one is kept (``about:blank`` says nothing), and shown only if safe.
    """
    if not payload:
        return None, None
    description = payload.get("error_description")
    if not isinstance(description, str) or not description.strip():
        description = _body_message(payload)
    kind = payload.get("type")
    uri = kind if isinstance(kind, str) and kind.startswith("https://") else None
    return description, uri


def _status(status: object) -> int:
    """Return the status as an int in 0-999, or raise MalformedResponseError."""
    if isinstance(status, bool):
        raise MalformedResponseError("the HTTP status must be an integer")
    if isinstance(status, bytes):
        status = status.decode("latin-1")
    if isinstance(status, int):
        value = status
    elif isinstance(status, str) and _DIGITS.fullmatch(digits := status.strip()):
        value = int(digits)  # int() refuses what str.strip() removes ("\x1c400")
    else:
        raise MalformedResponseError("the HTTP status must be an integer")
    if not 0 <= value <= 999:
        raise MalformedResponseError("the HTTP status must be a three-digit number")
    return value


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else str(value)


# Endpoint by value (what Endpoint.coerce does first, without the call).
_ENDPOINTS: dict[str, Endpoint] = {member.value: member for member in Endpoint}

_WANTED_HEADERS = frozenset({"www-authenticate", "retry-after", "dpop-nonce", "content-type"})


def _header_fields(headers: Headers | None) -> dict[str, list[str]]:
    """Return the header fields this module reads, each with all its values, in order."""
    fields: dict[str, list[str]] = {}
    if headers is None:
        return fields
    pairs: Iterable[Any]
    if type(headers) is dict:
        pairs = headers.items()
    elif callable(multi := getattr(headers, "multi_items", None)):
        pairs = multi()  # httpx.Headers keeps repeated fields apart
    elif isinstance(headers, Mapping):
        pairs = headers.items()
    elif isinstance(headers, (str, bytes)) or not isinstance(headers, Iterable):
        raise MalformedResponseError("headers must be a mapping or (name, value) pairs")
    else:
        pairs = headers
    for pair in pairs:
        try:
            name, value = pair
        except (TypeError, ValueError):
            raise MalformedResponseError("headers must be (name, value) pairs") from None
        key = name.lower() if type(name) is str else _text(name).lower()
        if key not in _WANTED_HEADERS:
            key = key.strip()
            if key not in _WANTED_HEADERS:
                continue
        if type(value) is str:
            fields.setdefault(key, []).append(value)
        elif isinstance(value, (list, tuple)):
            fields.setdefault(key, []).extend(_text(v) for v in value)
        else:
            fields.setdefault(key, []).append(_text(value))
    return fields


# What _only_content_type returns for headers it leaves to _header_fields (compared by
# identity: no header value is this very object).
_OTHER_HEADERS = "\x00other headers"


def _only_content_type(headers: dict[Any, Any]) -> str | None:
    """The Content-Type of a dict of headers that holds no other header this module reads.

    Most responses carry no challenge, ``Retry-After`` or ``DPoP-Nonce``: this reads them
    in one pass without building :func:`_header_fields`' lists. Anything else (one of
    those headers, a name that is not text, a repeated or non-text Content-Type) returns
    ``_OTHER_HEADERS`` for the general reading.
    """
    content_type = None
    for name, value in headers.items():
        if type(name) is not str:
            return _OTHER_HEADERS
        key = name.lower()
        if key == "content-type":
            if content_type is not None or type(value) is not str:
                return _OTHER_HEADERS
            content_type = value
        elif key in _WANTED_HEADERS or key.strip() in _WANTED_HEADERS:
            return _OTHER_HEADERS
    return content_type


def _first(fields: Mapping[str, list[str]], name: str) -> str | None:
    values = fields.get(name)
    return values[0] if values else None


def _retry_after(raw: str | None) -> float | None:
    """Return ``Retry-After`` in seconds, clamped to [0, MAX_RETRY_AFTER]; None if garbage.

    RFC 9110 §10.2.3: ``Retry-After = HTTP-date / delay-seconds``, ``delay-seconds =
    1*DIGIT``. Negative numbers, fractions and text are ignored, never raised.
    """
    if raw is None:
        return None
    value = raw.strip()
    if not value or len(value) > 64:
        return None
    if value.isascii() and value.isdigit():
        return min(float(int(value[:12])), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:  # pragma: no cover - older Pythons returned None
        return None
    try:
        delay = when.timestamp() - _now()
    except (OverflowError, OSError, ValueError):
        return None
    if not math.isfinite(delay):
        return None
    return min(max(delay, 0.0), MAX_RETRY_AFTER)


def _dpop_nonce(raw: str | None) -> str | None:
    """Return the ``DPoP-Nonce`` value if it is a valid nonce (RFC 9449 §8.1), else None."""
    if raw is None:
        return None
    value = raw.strip()
    if 0 < len(value) <= MAX_NONCE_LENGTH and _NONCE_CHARS.fullmatch(value):
        return value
    return None


def _challenge_with_error(challenges: list[Challenge]) -> Challenge | None:
    """The challenge that carries the error: a Bearer/DPoP one first, then any other."""
    for challenge in challenges:
        if challenge.is_oauth and challenge.error is not None:
            return challenge
    for challenge in challenges:
        if challenge.error is not None:
            return challenge
    return None


def _parse_int(text: str) -> int | str:
    # A 6,000-digit number must not make the whole body unreadable (int max_str_digits).
    return int(text) if len(text) <= _INT_DIGITS_LIMIT else text


def _body_payload(
    body: bytes | str | None, content_type: str | None, status: int, strict: bool
) -> dict[str, Any] | None:
    """Return the body as a dict of parameters if it is a JSON object or a form, else None."""
    if body is None:
        return None
    if type(body) is bytes and body[:1] == b"{" and len(body) <= MAX_BODY_BYTES:
        # The common case: a UTF-8 JSON object with nothing around it, whatever the
        # Content-Type says (a body that starts with "{" is read as JSON anyway).
        text = body.decode("utf-8", "replace")
        try:
            value, end = (_STRICT_SCAN if strict else _SCAN)(text, 0)
        except (ValueError, RecursionError, TypeError, StopIteration):
            value = end = None
        if end == len(text) and type(value) is dict:
            return value
    kind_of = type(body)
    # Measure before copying or encoding anything: a 50 MB body must cost no memory.
    if kind_of is bytes:
        size = len(body)
    elif isinstance(body, str):
        size = len(body)  # every character is at least one byte in UTF-8
        if MAX_BODY_BYTES // 4 < size <= MAX_BODY_BYTES:
            size = len(body.encode("utf-8", "surrogatepass"))
    elif isinstance(body, (bytes, bytearray, memoryview)):
        size = memoryview(body).nbytes
    else:
        raise MalformedResponseError("the body must be bytes, str or None")
    if size > MAX_BODY_BYTES:
        if strict:
            raise MalformedResponseError(
                f"the body is larger than {MAX_BODY_BYTES} bytes and was not read"
            )
        return None
    if isinstance(body, (bytearray, memoryview)):
        body = bytes(body)
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    stripped = text.strip()
    if not stripped:
        return None
    if content_type == "application/json":  # the common case, spelled the common way
        kind, looks_json = content_type, True
    else:
        kind = (content_type or "").split(";", 1)[0].strip().lower()
        looks_json = kind == "application/json" or kind.endswith("+json")
    if looks_json or stripped[0] in "{[":
        source: bytes | str = text
        if isinstance(body, bytes) and not (0 < body[0] < 0x80 and (len(body) < 2 or body[1])):
            # Not a UTF-8 start (a BOM, UTF-16/32): let json detect the encoding. For
            # anything else json.detect_encoding says UTF-8, already decoded as ``text``.
            source = body
        value = _json(source, strict, text is stripped)
        if isinstance(value, dict):
            return value
        if isinstance(value, list) and status >= 400:
            unwrapped = unwrap_list(value)  # Salesforce: [{"errorCode": ..., "message": ...}]
            if unwrapped is not None:
                return unwrapped
        if strict and looks_json and status >= 400:
            raise MalformedResponseError("the error response body is not a JSON object")
        return None
    if kind == "application/x-www-form-urlencoded" or _looks_like_form(stripped, kind):
        return _form(stripped, strict)
    return None


_DECODER = json.JSONDecoder(parse_int=_parse_int, parse_constant=str)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON (RFC 8259 §6)")


# strict=True: NaN, Infinity and -Infinity make the body invalid JSON.
_STRICT_DECODER = json.JSONDecoder(parse_int=_parse_int, parse_constant=_refuse_constant)
# Their scanners: what ``decode`` calls once it has skipped white space.
_Scanner = Callable[[str, int], tuple[Any, int]]
_SCAN: _Scanner = _DECODER.scan_once  # type: ignore[attr-defined]
_STRICT_SCAN: _Scanner = _STRICT_DECODER.scan_once  # type: ignore[attr-defined]


def _json(data: bytes | str, strict: bool = False, bare: bool = False) -> Any:
    """Decode JSON, or return None; never raises (deep nesting, huge numbers, bad UTF-8).

    ``bare``: ``data`` is text with no white space around it (what ``JSONDecoder.decode``
    would skip), so the scanner is called directly.
    """
    try:
        if isinstance(data, bytes):
            data = data.decode(json.detect_encoding(data), "replace")
        elif bare:
            value, end = (_STRICT_SCAN if strict else _SCAN)(data, 0)
            return value if end == len(data) else None
        return (_STRICT_DECODER if strict else _DECODER).decode(data)
    except (ValueError, RecursionError, TypeError, LookupError, StopIteration):
        return None


def _looks_like_form(text: str, kind: str) -> bool:
    if kind not in ("", "text/plain", "application/octet-stream"):
        return False
    return text.startswith("error=") or "&error=" in text


def _form(text: str, strict: bool) -> dict[str, Any] | None:
    params: dict[str, Any] = {}
    for name, value in _pairs(text):
        if name in params:
            if strict:
                raise MalformedResponseError(f"parameter {_name(name)} is repeated in the body")
            continue
        params[name] = value
    return params or None


def _pairs(text: str) -> list[tuple[str, str]]:
    if text.count("&") >= MAX_REDIRECT_PARAMS * 10:
        raise MalformedResponseError(f"more than {MAX_REDIRECT_PARAMS * 10} parameters")
    return _split_query(text)


# "3A" / "3a" -> ":" for every escape of an ASCII character (%00-%7F), in either hex case.
_ASCII_ESCAPES = {
    high + low: chr(byte)
    for byte in range(0x80)
    for high in {f"{byte >> 4:x}", f"{byte >> 4:X}"}
    for low in {f"{byte & 15:x}", f"{byte & 15:X}"}
}


def _percent_decode(text: str) -> str:
    """Return ``urllib.parse.unquote(text, errors="replace")``, computed faster.

    Several times faster when every escape stands for an ASCII character
    (``https%3A%2F%2Fas.example``), as in most redirects. Anything else (UTF-8 escapes, a
    stray ``%``) takes ``unquote`` itself.
    """
    # The escapes URLs are full of, first, in C: what they stand for is neither "%" nor a
    # hex digit, so decoding them first cannot change how the rest decodes.
    text = text.replace("%3A", ":").replace("%2F", "/").replace("%20", " ")
    if "%" not in text:
        return text
    parts = text.split("%")
    pieces = [parts[0]]
    for part in parts[1:]:
        char = _ASCII_ESCAPES.get(part[:2])
        if char is None:
            return urllib.parse.unquote(text, errors="replace")
        pieces.append(char)
        pieces.append(part[2:])
    return "".join(pieces)


def _unquote(text: str) -> str:
    if "+" in text:
        text = text.replace("+", " ")
    if "%" in text:
        text = _percent_decode(text)
    return text


def _split_query(text: str) -> list[tuple[str, str]]:
    """Split ``application/x-www-form-urlencoded`` text into (name, value) pairs.

    The same result as ``urllib.parse.parse_qsl(text, keep_blank_values=True,
    errors="replace")`` (WHATWG URL §5.1), without its per-call overhead: only ``&``
    separates, ``+`` is a space, percent-escapes are decoded as UTF-8 with U+FFFD for
    invalid sequences, and empty pieces are skipped.
    """
    pairs = []
    for piece in text.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        pairs.append((_unquote(name), _unquote(value)))
    return pairs


def _name(name: str) -> str:
    """A parameter name for an exception message: display-safe and short."""
    return repr(display_text(name, limit=40))


# -- building the error -------------------------------------------------------------------


def _build(
    code: Any,
    description: Any,
    uri: Any,
    endpoint: Endpoint,
    status_code: int | None,
    params: dict[str, Any],
    challenges: list[Challenge],
    retry_after: float | None,
    dpop_nonce: str | None,
    strict: bool,
    match: DialectMatch | None,
) -> OAuthError:
    """The typed error for ``code`` (positional arguments: it runs on every parse)."""
    if strict:
        _check_strict(code, description, uri)
    if match is not None:
        return build_error(
            match,
            code=code,
            description=description,
            uri=uri,
            endpoint=endpoint,
            status_code=status_code,
            params=params,
            challenges=challenges,
            retry_after=retry_after,
            dpop_nonce=dpop_nonce,
        )
    if type(code) is dict:
        code, inner_text = _error_object(code)
        if description is None:
            description = inner_text
    if description is None and len(params) > 1:
        description = _body_message(params)  # {"error": 401, "message": "Unauthorized"}
    code_text = code if type(code) is str else _as_code(code)
    info = lookup(code_text)
    if info is not None:
        canonical = info.code
        cls = info.error_class
        policy = info.policies.get(endpoint, info.default_policy)  # policy_at
    else:
        canonical = code_text.strip()
        cls = error_class(code_text)
        policy = policy_for(
            canonical, endpoint, status_code=status_code, challenged=bool(challenges)
        )
    if retry_after is None and canonical == "slow_down":
        retry_after = _interval(params)
    return init_error(
        cls.__new__(cls),
        canonical,
        description if description is None or type(description) is str else _as_text(description),
        uri if uri is None or type(uri) is str else _as_text(uri),
        endpoint,
        status_code,
        params,
        tuple(challenges) if challenges else (),
        retry_after,
        dpop_nonce,
        policy,
    )


# What an error object says in words (JSON:API, Graph-like and ad hoc APIs).
_INNER_TEXT_MEMBERS = ("message", "error_description", "description", "detail")


def _error_object(error: Mapping[str, Any]) -> tuple[str, str | None]:
    """The code and message of an ``error`` object that no provider dialect read.

    ``{"error": {"code": "InvalidAuthenticationToken", "message": "..."}}``: its string
    ``code`` (a number there is a vendor's, not an HTTP status: left out) and its text.
    """
    inner_code = error.get("code")
    code = inner_code.strip() if isinstance(inner_code, str) else ""
    for name in _INNER_TEXT_MEMBERS:
        value = error.get(name)
        if isinstance(value, str) and value.strip():
            return code, value
    return code, None


def _interval(params: Mapping[str, Any]) -> float | None:
    value = params.get("interval")
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_RETRY_AFTER:
        return float(value)
    return None


def _as_code(value: Any) -> str:
    """The error code as text: numbers become their digits, other non-strings are empty."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return ""


def _as_text(value: Any) -> str | None:
    """A description or URI as text; a number is printed, other JSON shapes are dumped."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    try:
        return json.dumps(value, ensure_ascii=False)[:4096]
    except (TypeError, ValueError, RecursionError):
        return None


def _check_strict(code: Any, description: Any, uri: Any) -> None:
    """RFC 6749 §5.2: refuse values outside the allowed character sets."""
    if not isinstance(code, str) or not code:
        raise MalformedResponseError("the error parameter is missing, empty or not a string")
    checks = (
        ("error", code, _ERROR_CHARS, "%x20-21 / %x23-5B / %x5D-7E"),
        ("error_description", description, _ERROR_CHARS, "%x20-21 / %x23-5B / %x5D-7E"),
        ("error_uri", uri, _URI_CHARS, "%x21 / %x23-5B / %x5D-7E"),
    )
    for name, value, allowed, charset in checks:
        if value is None:
            continue
        if not isinstance(value, str):
            raise MalformedResponseError(f"{name} is not a string")
        if not allowed.fullmatch(value) or (name == "error_uri" and not value):
            raise MalformedResponseError(f"{name} has characters outside {charset}")


# -- redirects ----------------------------------------------------------------------------


def parse_redirect(
    url: str | bytes,
    *,
    expected_state: str | None = None,
    expected_issuer: str | None = None,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Return the error an authorization redirect reports, or None for a success.

    The response parameters are read from the query (code flow) or the fragment (implicit,
    ``response_mode=fragment``); a bare query string is accepted too. ``state`` and ``iss``
    are checked **before** anything else in the response is trusted, success or error.

    Args:
        url: The URL the browser was sent back to (or its query string).
        expected_state: The ``state`` sent in the authorization request; compared in
            constant time. None skips the check.
        expected_issuer: The authorization server's issuer identifier; when given, ``iss``
            must be present and equal (RFC 9207). None skips the check.
        strict: Raise :class:`MalformedResponseError` for what RFC 6749 §4.1.2.1 forbids
            (illegal characters, an empty ``error``, a response with no result at all).
        provider: The authorization server, if known (issuer, URL, host or dialect name),
            to select its dialect; defaults to ``expected_issuer``.

    Returns:
        The typed error (endpoint ``authorization``), or None for a success redirect.

    Raises:
        StateMismatchError: ``state`` is missing or differs from ``expected_state``.
        IssuerMismatchError: ``iss`` is missing or differs from ``expected_issuer``.
        MalformedResponseError: A parameter is repeated, query and fragment both carry
            response parameters, the URL is over the size cap, or the response is
            JWT-secured (``response=``) and must be verified first.

    RFC:
        RFC 6749 §3.1 ("Request and response parameters MUST NOT be included more than
        once"), §4.1.2.1, §4.2.2.1, §10.12 (CSRF and ``state``); RFC 9207 §2.4 ("Clients
        MUST then compare the value of the iss parameter with the issuer identifier ...
        using simple string comparison"); OIDC Core §3.1.2.6; JARM §2.
    """
    try:
        return _redirect(url, expected_state, expected_issuer, strict, provider)
    except OAuthClientError as exc:
        del url, expected_state  # the input stays out of this frame too
        _drop_frames(exc)
        raise exc  # the same exception, without the parser's frames


def _redirect(
    url: str | bytes,
    expected_state: str | None,
    expected_issuer: str | None,
    strict: bool,
    provider: str | None,
) -> OAuthError | None:
    """What :func:`parse_redirect` does, its errors re-raised there without this frame."""
    params = _redirect_params(url)
    if "response" in params:
        raise MalformedResponseError(
            "this is a JWT-secured authorization response (JARM): verify the signature of "
            "the 'response' JWT with the server's keys first, then check its claims"
        )
    if expected_state is not None:
        state = params.get("state")
        if state is None or not (
            hmac.compare_digest(state, expected_state)  # str: ASCII only
            if state.isascii() and expected_state.isascii()
            else hmac.compare_digest(_bytes(state), _bytes(expected_state))
        ):
            raise StateMismatchError(
                "the redirect's state is missing or does not match the state sent; the "
                "response may be forged (CSRF) and was not trusted"
            )
    if expected_issuer is not None:
        issuer = params.get("iss")
        if issuer is None:
            raise IssuerMismatchError(
                "the redirect has no iss parameter although an issuer was expected (RFC "
                "9207); pass expected_issuer=None only if the server does not send iss"
            )
        if not hmac.compare_digest(_bytes(issuer), _bytes(expected_issuer)):
            raise IssuerMismatchError(
                "the redirect's iss names a different authorization server (RFC 9207 "
                "mix-up defence); the response was not trusted"
            )
    if "error" not in params:
        if strict and not (_SUCCESS_KEYS & params.keys()):
            raise MalformedResponseError("the redirect carries neither a result nor an error")
        return None
    match = recognise(params, None, Endpoint.AUTHORIZATION, provider=provider or expected_issuer)
    return _build(
        params["error"],
        params.get("error_description"),
        params.get("error_uri"),
        Endpoint.AUTHORIZATION,
        None,
        params,
        [],
        None,
        None,
        strict,
        match,
    )


def _bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def _redirect_params(url: str | bytes) -> dict[str, str]:
    """The response parameters of a redirect, from its query or its fragment."""
    if type(url) is not str:
        if isinstance(url, (bytes, bytearray)):
            url = bytes(url).decode("utf-8", "replace")
        elif not isinstance(url, str):
            raise MalformedResponseError("the redirect URL must be str or bytes")
    if len(url) > MAX_URL_LENGTH:
        raise MalformedResponseError(f"the redirect URL is longer than {MAX_URL_LENGTH} chars")
    text = url.strip(_C0_AND_SPACE)  # WHATWG URL: strip leading/trailing C0 and space
    before, hash_sign, fragment = text.partition("#")
    _, question, query = before.partition("?")
    if not question and not hash_sign and "=" in text and "://" not in text:
        query = text  # a bare query string: "error=access_denied&state=..."
    from_query = _component(query, "query")
    if not fragment:
        return from_query
    from_fragment = _component(fragment, "fragment")
    in_query = _RESPONSE_KEYS & from_query.keys()
    in_fragment = _RESPONSE_KEYS & from_fragment.keys()
    if in_query and in_fragment:
        raise MalformedResponseError(
            "both the query and the fragment carry authorization response parameters; "
            "the response is ambiguous and was not trusted"
        )
    if in_fragment:
        return from_fragment
    return from_query


def _component(text: str, where: str) -> dict[str, str]:
    params: dict[str, str] = {}
    if not text:
        return params
    if text.count("&") >= MAX_REDIRECT_PARAMS:
        raise MalformedResponseError(f"more than {MAX_REDIRECT_PARAMS} parameters in the {where}")
    if "%" in text:
        # The escapes of ":" and "/" (an iss, an error_uri) decoded in one pass over the
        # whole text: neither character separates or escapes anything in a query.
        text = text.replace("%3A", ":").replace("%2F", "/")
    # _split_query, inlined: a redirect is parsed once per login.
    encoded = "+" in text or "%" in text  # nothing left to decode, most often
    for piece in text.split("&"):
        if not piece:
            continue
        name, _, value = piece.partition("=")
        if encoded:
            if "+" in name or "%" in name:
                name = _unquote(name)
            if "+" in value:
                value = value.replace("+", " ")
            if "%" in value:
                value = _percent_decode(value)
        if name in params:
            raise MalformedResponseError(
                f"parameter {_name(name)} appears more than once in the {where} "
                "(RFC 6749 §3.1); the response was not trusted"
            )
        params[name] = value
    return params
