"""Reading what the person gave ``explain``: which kind of input it is, and what it says.

Nothing here prints. :func:`read` returns a :class:`Reading` (an error, a success, or
input that holds nothing OAuth) or raises :class:`InputError` for input that cannot be
read at all; a redirect that fails its ``state`` or ``iss`` check raises the package's
:class:`~oauth_client_errors.UntrustedResponseError`.
"""

from __future__ import annotations

import enum
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import oauth_client_errors as _pkg
from oauth_client_errors import (
    Endpoint,
    HTTPStatusError,
    OAuthError,
    parse_redirect,
    parse_response,
    parse_www_authenticate,
)

from .._wire.bodies import read_json

__all__ = [
    "ASSUMED_BODY_STATUS",
    "ASSUMED_CHALLENGE_STATUS",
    "MAX_STDIN",
    "Form",
    "InputError",
    "NotOAuthInputError",
    "Reading",
    "explain",
    "parse_raw_response",
    "read",
    "redirect_keys",
    "split_raw_response",
]

#: The status a bare JSON or form body is read with when ``--status`` is not given.
ASSUMED_BODY_STATUS = 400
#: The status a bare ``WWW-Authenticate`` value is read with when ``--status`` is not given.
ASSUMED_CHALLENGE_STATUS = 401

#: Raw responses read from standard input: the parser's 1 MiB body cap plus room for a head.
MAX_STDIN = 1024 * 1024 + 256 * 1024

# Auth-schemes from the IANA HTTP Authentication Scheme Registry that a resource may send.
_SCHEMES = frozenset(
    {"basic", "bearer", "digest", "dpop", "hoba", "mutual", "negotiate", "ntlm", "oauth"}
    | {"privatetoken", "scram-sha-1", "scram-sha-256", "vapid", "concealed", "gnap"}
)

# Parameters only an authorization response (a redirect) carries: a bare query string with
# one of them is read as a redirect, so its authorization code is redacted like one.
_REDIRECT_KEYS = frozenset({"code", "state", "iss", "id_token", "session_state"})


_NOT_OAUTH = (
    "the input is not a redirect URL, a JSON or form body, a WWW-Authenticate value or a "
    "raw HTTP response"
)


class InputError(Exception):
    """The input cannot be read (empty, too large, not an HTTP response where one was due)."""


class NotOAuthInputError(InputError):
    """The input is none of the forms ``explain`` reads: nothing OAuth is in it."""


class Form(str, enum.Enum):
    """Which kind of input was recognised."""

    REDIRECT = "redirect"
    JSON_BODY = "json_body"
    FORM_BODY = "form_body"
    CHALLENGE = "www_authenticate"
    HTTP_RESPONSE = "http_response"

    @property
    def words(self) -> str:
        """The form in words, for a person."""
        return _FORM_WORDS[self]


_FORM_WORDS = {
    Form.REDIRECT: "a redirect (authorization response)",
    Form.JSON_BODY: "a JSON body",
    Form.FORM_BODY: "a form-encoded body",
    Form.CHALLENGE: "a WWW-Authenticate value",
    Form.HTTP_RESPONSE: "a raw HTTP response",
}

# What a response without an error is, by the member that gives it away (first match).
_BODY_RESULTS = (
    ("access_token", "a successful token response (RFC 6749 §5.1)"),
    ("device_code", "a device authorization response (RFC 8628 §3.2)"),
    ("request_uri", "a pushed authorization response (RFC 9126 §2.2)"),
    ("auth_req_id", "a CIBA authentication request acknowledgement"),
    ("active", "a token introspection response (RFC 7662 §2.2)"),
    ("client_id", "a client registration response (RFC 7591 §3.2.1)"),
    ("id_token", "a successful token response with an ID token"),
)
_REDIRECT_RESULTS = (
    ("code", "a successful authorization response with an authorization code (not shown)"),
    ("access_token", "a successful implicit-grant response with an access token (not shown)"),
    ("id_token", "a successful authorization response with an ID token"),
)


@dataclass(frozen=True)
class Reading:
    """What the input is.

    Attributes:
        form: The kind of input recognised.
        error: The error it reports, or None.
        result: Without an error: what the input is in words ("a successful token
            response ...") when it is an OAuth result, else None (nothing OAuth in it).
        status: The HTTP status the input carried or ``--status`` gave, or None.
        assumed_status: The status the input was read with because none was given.
    """

    form: Form
    error: OAuthError | None = None
    result: str | None = None
    status: int | None = None
    assumed_status: int | None = None


def _skip_state() -> Any:
    """The ``expected_state`` that skips the state check (only ``--state`` turns it on).

    ``SKIP_STATE_CHECK`` is the public sentinel once ``parse_redirect`` requires
    ``expected_state``; before that, None meant the same.
    """
    return getattr(_pkg, "SKIP_STATE_CHECK", None)


def _text_of(arg: str | bytes) -> tuple[bytes, str]:
    if isinstance(arg, bytes):
        raw = arg
    else:
        try:  # command-line arguments carry undecodable bytes as U+DC80-U+DCFF
            raw = arg.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # any other lone surrogate (from Python callers)
            raw = arg.encode("utf-8", "surrogatepass")
    return raw, raw.decode("utf-8", "replace").strip()


def split_raw_response(raw: bytes) -> tuple[int, list[tuple[str, str]], bytes]:
    """Split a raw HTTP/1.x response (as ``curl -si`` prints it) into status, headers, body.

    When ``curl -L`` or an interim response (``100 Continue``) printed several responses,
    the last one is read. Folded header lines (RFC 9112 §5.2 ``obs-fold``) are unfolded in
    linear time.

    Raises:
        InputError: ``raw`` is not an HTTP response.
    """
    text = raw.replace(b"\r\n", b"\n")
    start = 0 if text.startswith(b"HTTP/") else -1
    found = text.rfind(b"\n\nHTTP/")
    if found >= 0:
        start = found + 2
    if start < 0:
        raise InputError("the input does not start with an HTTP status line (HTTP/1.1 401 ...)")
    head, _, body = text[start:].partition(b"\n\n")
    lines = head.decode("latin-1").split("\n")
    status_line = lines[0].split(None, 2)
    code = status_line[1] if len(status_line) > 1 else ""
    if not (code.isascii() and code.isdigit() and len(code) == 3):  # "42¹".isdigit() too
        raise InputError("the status line is not 'HTTP/<version> <3-digit status>'")
    fields: list[tuple[str, list[str]]] = []  # each value in parts: joined once, linear
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and fields:  # obsolete line folding
            fields[-1][1].append(line.strip())
            continue
        name, colon, value = line.partition(":")
        if colon:
            fields.append((name.strip(), [value.strip()]))
    return int(code), [(name, " ".join(parts)) for name, parts in fields], body


def parse_raw_response(
    raw: bytes,
    *,
    endpoint: Endpoint | str = Endpoint.RESOURCE,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Parse a raw HTTP/1.x response as ``curl -si`` prints it (see :func:`split_raw_response`).

    Raises:
        InputError: ``raw`` is not an HTTP response.
    """
    status, headers, body = split_raw_response(raw)
    return parse_response(
        status, headers, body or None, endpoint=endpoint, strict=strict, provider=provider
    )


def _looks_like_redirect(text: str) -> bool:
    return "://" in text or text.startswith(("?", "#", "/"))


def _is_bare_query(text: str) -> bool:
    return " " not in text and (text.startswith("error=") or ("=" in text and "&" in text))


def _keys_of_query(text: str) -> set[str]:
    return {name for name, _ in urllib.parse.parse_qsl(text, keep_blank_values=True)}


def redirect_keys(text: str) -> set[str]:
    """The parameter names of a redirect's query and fragment (values are never kept)."""
    before, _, fragment = text.partition("#")
    _, question, query = before.partition("?")
    if not question and "=" in before and "://" not in before:
        query = before
    return _keys_of_query(query) | _keys_of_query(fragment)


def _result_of(members: Mapping[str, Any] | set[str], table: tuple[tuple[str, str], ...]) -> str:
    for key, words in table:
        if key in members:
            return words
    return ""


def _body_members(text: str, form: Form) -> set[str]:
    if form is Form.FORM_BODY:
        return _keys_of_query(text)
    value = read_json(text)  # nested too deep to read: MalformedResponseError
    return set(value) if isinstance(value, dict) else set()


def read(
    arg: str | bytes,
    *,
    endpoint: Endpoint | str | None = None,
    status: int | None = None,
    state: str | None = None,
    issuer: str | None = None,
    strict: bool = False,
    provider: str | None = None,
    grant: str | None = None,
) -> Reading:
    """Read ``arg`` the way the ``explain`` command does.

    ``arg`` is a raw HTTP response (``HTTP/1.1 ...``), a redirect URL (or its bare query
    string), a JSON body, a form-encoded body, or a ``WWW-Authenticate`` value (with or
    without the header name). ``state`` and ``issuer`` turn on the redirect's checks;
    ``grant`` says which grant is behind the token (a redirect always has a user).

    Raises:
        InputError: ``arg`` is empty or not a readable HTTP response.
        NotOAuthInputError: ``arg`` is none of the forms above.
        OAuthClientError: The input was refused: a state or issuer mismatch
            (:class:`~oauth_client_errors.UntrustedResponseError`) or a malformed response.
    """
    raw, text = _text_of(arg)
    if not text:
        raise InputError("the input is empty")
    where = Endpoint.coerce(endpoint) if endpoint is not None else None
    if text.startswith("HTTP/"):
        code, headers, body = split_raw_response(raw.strip())
        err = parse_response(
            code,
            headers,
            body or None,
            endpoint=where or Endpoint.RESOURCE,
            strict=strict,
            provider=provider,
            grant=grant,
        )
        location = next((v for k, v in headers if k.lower() == "location"), None)
        if err is None and 300 <= code < 400 and location:
            # A redirect back from the authorization endpoint, as curl -si printed it.
            reading = _redirect(location, state, issuer, strict, provider)
            return Reading(Form.REDIRECT, reading.error, reading.result, code)
        result = None
        if err is None:
            shown = body.decode("utf-8", "replace").strip()
            form = Form.FORM_BODY if _is_bare_query(shown) else Form.JSON_BODY
            result = _result_of(_body_members(shown, form), _BODY_RESULTS) or None
        return Reading(Form.HTTP_RESPONSE, err, result, code)
    if text[0] in "{[":
        return _body(text, Form.JSON_BODY, where or Endpoint.TOKEN, status, strict, provider, grant)
    is_query = _is_bare_query(text) and not _looks_like_redirect(text)
    if (
        _looks_like_redirect(text)
        or where is Endpoint.AUTHORIZATION
        or (is_query and _REDIRECT_KEYS & _keys_of_query(text))
    ):
        return _redirect(text, state, issuer, strict, provider)
    if is_query:
        return _body(text, Form.FORM_BODY, where or Endpoint.TOKEN, status, strict, provider, grant)
    name, colon, value = text.partition(":")
    if colon and name.strip().lower() == "www-authenticate":
        text = value.strip()
    challenges = parse_www_authenticate(text)
    if not any(
        c.is_oauth or c.error is not None or c.scheme.lower() in _SCHEMES for c in challenges
    ):
        raise NotOAuthInputError(_NOT_OAUTH)
    err = parse_response(
        status or ASSUMED_CHALLENGE_STATUS,
        [("WWW-Authenticate", text)],
        None,
        endpoint=where or Endpoint.RESOURCE,
        strict=strict,
        provider=provider,
        grant=grant,
    )
    assumed = None if status else ASSUMED_CHALLENGE_STATUS
    return Reading(Form.CHALLENGE, err, None, status, assumed)


def _redirect(
    text: str, state: str | None, issuer: str | None, strict: bool, provider: str | None
) -> Reading:
    """Read a redirect; ``state`` and ``issuer`` are checked only when given."""
    err = parse_redirect(
        text,
        expected_state=state if state is not None else _skip_state(),
        expected_issuer=issuer,
        strict=strict,
        provider=provider,
    )
    result = None if err else _result_of(redirect_keys(text), _REDIRECT_RESULTS) or None
    return Reading(Form.REDIRECT, err, result)


def _body(
    text: str,
    form: Form,
    endpoint: Endpoint,
    status: int | None,
    strict: bool,
    provider: str | None,
    grant: str | None = None,
) -> Reading:
    """Read a bare body, with ``status`` or the assumed one.

    Under the assumed status, an "error" told only by that status is the assumption's, not
    the input's: the body then holds no error.
    """
    kind = "application/json" if form is Form.JSON_BODY else "application/x-www-form-urlencoded"
    err = parse_response(
        status or ASSUMED_BODY_STATUS,
        [("Content-Type", kind)],
        text,
        endpoint=endpoint,
        strict=strict,
        provider=provider,
        grant=grant,
    )
    if status:
        result = None if err else _result_of(_body_members(text, form), _BODY_RESULTS) or None
        return Reading(form, err, result, status)
    if isinstance(err, HTTPStatusError):
        err = None
    if err is not None:
        err.status_code = None  # the status was only assumed; the message is built lazily
        return Reading(form, err, None, None, ASSUMED_BODY_STATUS)
    members = _body_members(text, form)
    if not members and form is Form.JSON_BODY and not _is_json(text):
        raise NotOAuthInputError(_NOT_OAUTH)  # starts like JSON, but is not JSON
    result = _result_of(members, _BODY_RESULTS) or None
    return Reading(form, None, result, None, ASSUMED_BODY_STATUS)


def _is_json(text: str) -> bool:
    return text.strip() == "null" or read_json(text) is not None


def explain(
    arg: str | bytes,
    *,
    endpoint: Endpoint | str | None = None,
    status: int | None = None,
    state: str | None = None,
    issuer: str | None = None,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Return the error ``arg`` reports the way ``explain`` reads it, or None if none.

    See :func:`read`, which also says what the input is.

    Raises:
        InputError: ``arg`` is empty, unreadable or nothing OAuth.
        OAuthClientError: The input was refused (a state or issuer mismatch, a malformed
            response).
    """
    return read(
        arg,
        endpoint=endpoint,
        status=status,
        state=state,
        issuer=issuer,
        strict=strict,
        provider=provider,
    ).error
