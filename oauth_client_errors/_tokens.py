"""Tokens and token requests: the token model, transports and the steps of a token source.

The lowest rooms of the token layer (standard library only). A :class:`Token` is what a
token endpoint hands out. A :class:`TokenRequest` is one request to a token endpoint,
ready to send; a *transport* sends it and returns an :class:`HTTPResult`. The default
transport uses :mod:`urllib.request` (loaded on first use); the adapters offer transports
that reuse an ``httpx`` client or a ``requests`` session
(``oauth_client_errors.httpx.token_transport`` and friends).

The work of a token source is written as a generator of *steps* (:class:`Call`,
:class:`SendToken`) that a driver carries out: :func:`run_steps` without an HTTP client of
its own, the adapters through theirs. The token sources themselves
(:mod:`oauth_client_errors._sources`), metadata discovery and the token stores all stand
on this module; it imports none of them.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
import time
import urllib.parse
from collections.abc import Awaitable, Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from ._errors import InsecureTransportError, MalformedResponseError, OAuthError
from ._ground.redact import scrub
from ._ground.sanitize import display_text
from ._ground.urls import is_loopback
from ._interpret import parse_response
from ._types import Endpoint
from ._wire.bodies import MAX_BODY_BYTES

__all__ = [
    "MAX_BODY_BYTES",
    "AsyncTransport",
    "Call",
    "HTTPResult",
    "SendToken",
    "Token",
    "TokenRequest",
    "TokenSteps",
    "Transport",
    "adrive",
    "arun_step",
    "arun_steps",
    "carries_token",
    "check_transport",
    "credentials_in",
    "drive",
    "interpret_http",
    "json_object",
    "run_step",
    "run_steps",
    "scrub_transport_error",
    "urllib_transport",
]

logger = logging.getLogger("oauth_client_errors")


# -- the token -------------------------------------------------------------------------------


#: What an access token may contain to be sent in a header: visible ASCII (RFC 6750 §2.1
#: allows less; servers issue JWTs and opaque strings within this set).
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")


def _secret_marker(value: str | None) -> str:
    return "None" if value is None else "'***'"


def _access_problem(value: object) -> str | None:
    """Why ``value`` cannot be sent as an access token, or None if it can (after strip)."""
    if not isinstance(value, str):
        return "access_token must be a string"
    value = value.strip()
    if not value:
        return "access_token must be a non-empty string"
    if not _TOKEN_CHARS.fullmatch(value):
        return (
            "access_token must be printable ASCII without spaces or control characters "
            "(RFC 6750 §2.1 b64token)"
        )
    return None


@dataclass(frozen=True, repr=False, init=False)
class Token:
    """An access token, optionally with its refresh token, expiry and scope.

    Its ``repr`` and ``str`` never show the access or refresh token. Whitespace around
    either token (a token read from a file often ends with a newline) is removed; an
    access token that cannot go in a header (control characters, spaces, non-ASCII) is
    refused with a :class:`ValueError` that never repeats it, raised from frames that no
    longer hold it (tracebacks printed with their local variables stay clean).

    Attributes:
        access_token: The access token (secret).
        token_type: ``Bearer`` or ``DPoP`` (RFC 9449), as the server said.
        refresh_token: The refresh token (secret), or None.
        expires_at: When the access token expires, in epoch seconds, or None if unknown.
        scope: The granted scope (space-delimited), or None.
        id_token: The OpenID Connect ID token exactly as received (a JWT, secret), or None.
            It is kept raw: verify it with a JOSE library before trusting its claims.
    """

    access_token: str
    token_type: str = "Bearer"  # noqa: S105 - a token type, not a secret
    refresh_token: str | None = None
    expires_at: float | None = None
    scope: str | None = None
    id_token: str | None = None

    def __init__(
        self,
        access_token: str,
        *,
        token_type: str = "Bearer",  # noqa: S107 - a token type, not a secret
        refresh_token: str | None = None,
        expires_at: float | None = None,
        scope: str | None = None,
        id_token: str | None = None,
    ) -> None:
        problem = _access_problem(access_token)
        if problem is not None:
            access_token = refresh_token = id_token = ""  # out of this frame's locals, then raise
            if problem.endswith("a string"):
                raise TypeError(problem)
            raise ValueError(problem)
        if isinstance(refresh_token, str):
            refresh_token = refresh_token.strip() or None
        object.__setattr__(self, "access_token", access_token.strip())
        object.__setattr__(self, "token_type", token_type)
        object.__setattr__(self, "refresh_token", refresh_token)
        object.__setattr__(self, "expires_at", expires_at)
        object.__setattr__(self, "scope", scope)
        object.__setattr__(self, "id_token", id_token or None)

    def __repr__(self) -> str:
        parts = [
            "access_token='***'",
            f"token_type={self.token_type!r}",
            f"refresh_token={_secret_marker(self.refresh_token)}",
            f"expires_at={self.expires_at!r}",
            f"scope={self.scope!r}",
        ]
        if self.id_token is not None:
            parts.append("id_token='***'")
        return f"Token({', '.join(parts)})"

    __str__ = __repr__

    @property
    def authorization(self) -> str:
        """The ``Authorization`` header value (``Bearer …`` or ``DPoP …``)."""
        scheme = "DPoP" if self.token_type.lower() == "dpop" else "Bearer"
        return f"{scheme} {self.access_token}"

    @property
    def is_dpop(self) -> bool:
        """True for a DPoP-bound token (RFC 9449)."""
        return self.token_type.lower() == "dpop"

    def expires_in(self, now: float | None = None) -> float | None:
        """Seconds until expiry (negative once expired), or None if unknown."""
        if self.expires_at is None:
            return None
        return self.expires_at - (time.time() if now is None else now)

    def is_expired(self, now: float | None = None, *, skew: float = 0.0) -> bool:
        """True if the token has expired, or will within ``skew`` seconds."""
        left = self.expires_in(now)
        return left is not None and left <= skew

    @classmethod
    def from_response(
        cls,
        data: Mapping[str, Any],
        *,
        now: float | None = None,
        previous: Token | None = None,
    ) -> Token:
        """Build a token from a successful token response (RFC 6749 §5.1).

        Args:
            data: The decoded JSON object.
            now: The time the response was received (epoch seconds); default now.
            previous: The token this one replaces; its refresh token is kept when the
                response carries none (RFC 6749 §6: rotation is optional).

        Returns:
            The token; ``expires_at`` is computed from ``expires_in``.

        Raises:
            MalformedResponseError: No usable ``access_token`` in the response.
        """
        access: Any = data.get("access_token")
        problem = _access_problem(access)
        if problem is not None:
            data, access = {}, ""  # the response holds secrets: out of the locals, then raise
            raise MalformedResponseError(f"token response has no usable access_token: {problem}")
        token_type = data.get("token_type")
        if not isinstance(token_type, str) or not token_type:
            token_type = "Bearer"  # noqa: S105 - a token type, not a secret
        refresh = data.get("refresh_token")
        if not isinstance(refresh, str) or not refresh.strip():
            refresh = previous.refresh_token if previous is not None else None
        scope = data.get("scope")
        if isinstance(scope, (list, tuple)):
            scope = " ".join(str(s) for s in scope)
        elif not isinstance(scope, str):
            scope = previous.scope if previous is not None else None
        expires_at = None
        lifetime = _number(data.get("expires_in"), "expires_in")
        if lifetime is not None:
            expires_at = (time.time() if now is None else now) + lifetime
        id_token = data.get("id_token")
        return cls(
            access,
            token_type=token_type,
            refresh_token=refresh,
            expires_at=expires_at,
            scope=scope,
            id_token=id_token.strip() if isinstance(id_token, str) else None,
        )


#: The longest lifetime believed (ten years): a larger ``expires_in`` is treated as unknown.
MAX_LIFETIME = 10 * 365 * 24 * 3600.0


def _number(value: Any, name: str = "value", cap: float = MAX_LIFETIME) -> float | None:
    """A non-negative number of seconds from a JSON value; None if absent or unusable.

    A number above ``cap`` (``1`` followed by 400 zeros, ``1e300``) is treated as unknown
    and logged: it is never turned into a float that overflows.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        if value < 0:
            return None
        if value > cap:
            logger.debug(
                "%s is absurdly large (%d bits); treated as unknown", name, value.bit_length()
            )
            return None
        number = float(value)
    elif isinstance(value, float):
        number = value
    elif isinstance(value, str) and len(value) < 16 and (digits := value.strip()).isascii():
        if not digits.isdigit():  # "4²".isdigit() is true, float() refuses it: ASCII only
            return None
        number = float(digits)
    else:
        return None
    if math.isnan(number) or math.isinf(number) or number < 0:
        return None
    if number > cap:
        logger.debug("%s is absurdly large (%.3g); treated as unknown", name, number)
        return None
    return number


def json_object(body: bytes) -> dict[str, Any] | None:
    """The JSON object in ``body``, or None (not JSON, not an object, nested too deep).

    A body nested deeper than the interpreter's recursion limit is None, not a
    ``RecursionError`` (issue: a 200 body nested 5,000 deep).
    """
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


# -- evidence for the core ---------------------------------------------------------------------


def interpret_http(
    status: int,
    headers: Any,
    body: bytes | None,
    *,
    endpoint: Endpoint | str | None,
    provider: str | None,
    token_sent: bool | None,
    grant: str | None = None,
) -> OAuthError | None:
    """Hand an HTTP answer to the core with the evidence the caller has.

    THE ONE PLACE where the adapters, the sources, the device flow and the metadata fetch
    pass their evidence to the core: the endpoint when it is known (None: inferred by the
    core), the URL the request went to, whether the request carried an access token (the
    resource requests of the adapters did; token, device and metadata requests did not),
    and the grant type behind the token when the caller's source knows it
    (``client_credentials``: no user to send through authorization).
    """
    return parse_response(
        status,
        headers,
        body,
        endpoint=endpoint,
        provider=provider,
        token_sent=token_sent,
        grant=grant,
    )


def carries_token(authorization: str | None) -> bool:
    """Whether an ``Authorization`` header value carries an access token (Bearer, DPoP)."""
    if not authorization:
        return False
    return authorization.split(" ", 1)[0].lower() in ("bearer", "dpop")


# -- the token request, and transports --------------------------------------------------------


@dataclass(frozen=True, repr=False)
class TokenRequest:
    """One request to a token endpoint, ready to send (``POST``, form-encoded).

    Attributes:
        url: The token endpoint.
        headers: Request headers (may carry HTTP Basic client credentials).
        body: The form-encoded body (carries grant secrets).
        secrets: The secrets inside, for redaction of error text.
        timeout: Seconds a transport should wait for the answer.
        method: Always ``POST``.
    """

    url: str
    headers: Mapping[str, str]
    body: bytes
    secrets: tuple[str, ...] = field(default=())
    timeout: float | None = 30.0
    method: str = "POST"

    def __repr__(self) -> str:
        size = len(self.body)
        return f"TokenRequest(method={self.method!r}, url={self.url!r}, body=<{size} bytes>)"


class HTTPResult(NamedTuple):
    """What a transport returns: status, headers (name/value pairs, repeats allowed), body."""

    status: int
    headers: Sequence[tuple[str, str]]
    body: bytes

    def __repr__(self) -> str:
        # The body of a token response holds tokens (and servers echo secrets in errors).
        return f"HTTPResult(status={self.status}, body=<{len(self.body)} bytes>)"


#: A sync transport: sends a :class:`TokenRequest`, returns the :class:`HTTPResult`.
Transport = Callable[[TokenRequest], HTTPResult]
#: An async transport.
AsyncTransport = Callable[[TokenRequest], Awaitable[HTTPResult]]


@functools.cache
def _opener() -> Any:
    """The urllib opener of the default transport, built on first use.

    ``import oauth_client_errors`` loads neither urllib.request nor http.client.
    """
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        """Never follow a redirect from a token endpoint: the body carries secrets."""

        def redirect_request(self, *args: Any, **kwargs: Any) -> None:
            return None

    return urllib.request.build_opener(NoRedirect)


_MAX_BODY = MAX_BODY_BYTES + 1  # one byte more than is parsed: an over-long body shows


def urllib_transport(request: TokenRequest) -> HTTPResult:
    """Send a token request with :mod:`urllib.request` (the default transport).

    Redirects are not followed; only ``http`` and ``https`` URLs are accepted.

    Raises:
        ValueError: The URL is not http(s).
        OSError: The connection failed or the answer is not HTTP (``urllib.error.URLError``,
            timeouts).
    """
    import http.client
    import urllib.error
    import urllib.request

    scheme = urllib.parse.urlsplit(request.url).scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"token endpoint must be an http(s) URL, not {scheme!r}")
    req = urllib.request.Request(  # noqa: S310 - scheme checked above
        request.url, data=request.body, headers=dict(request.headers), method=request.method
    )
    try:
        try:
            with _opener().open(req, timeout=request.timeout) as resp:
                return HTTPResult(resp.status, list(resp.headers.items()), resp.read(_MAX_BODY))
        except urllib.error.HTTPError as exc:
            with exc:
                body = exc.read(_MAX_BODY) if exc.fp is not None else b""
                headers = list(exc.headers.items()) if exc.headers is not None else []
                return HTTPResult(exc.code, headers, body)
    except http.client.HTTPException as exc:  # a broken answer: bad status line, short body
        raise urllib.error.URLError(f"{type(exc).__name__}: the server's answer is broken") from exc


def scrub_transport_error(exc: BaseException, secrets: Sequence[str] = ()) -> BaseException:
    """Make a transport failure of a token request safe to show, log, pickle and keep.

    A failed token request (connection refused, timeout, TLS error...) raises the HTTP
    library's exception, and that exception carries the request: its form body holds the
    refresh token, device code or client secret, its headers the HTTP Basic credentials.
    The frames of its traceback hold the same values as local variables, which
    ``traceback.TracebackException(..., capture_locals=True)`` and error trackers print.
    For the exception and everything chained to it (``__cause__``, ``__context__``) this:

    * drops the traceback (the frames of the HTTP library, with their locals);
    * drops the ``request`` / ``response`` objects kept on it (requests, httpx);
    * removes any of ``secrets`` from its string arguments.

    The exception type and message are kept, so ``except httpx.ConnectError`` and
    ``except requests.ConnectionError`` still work.

    Args:
        exc: The exception, changed in place.
        secrets: The secrets the request carried.

    Returns:
        ``exc``.
    """
    found = [s for s in secrets if s and len(s) >= 4]
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        err = todo.pop()
        if err is None or id(err) in seen:
            continue
        seen.add(id(err))
        err.__traceback__ = None
        attrs = getattr(err, "__dict__", None)
        if attrs:
            for name in ("request", "_request", "response", "object"):
                if name in attrs and attrs[name] is not None:
                    attrs[name] = None
        if found and any(isinstance(arg, str) and _has_secret(arg, found) for arg in err.args):
            err.args = scrub(err.args, found)
        todo.append(err.__cause__)
        todo.append(err.__context__)
    return exc


class Secrets(tuple[str, ...]):
    """Secret strings whose ``repr`` hides them (safe as a local in a traceback frame)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} secrets>"

    __str__ = __repr__


def credentials_in(*header_values: str | None) -> Secrets:
    """The secrets in ``Authorization`` / ``DPoP`` header values.

    Each value whole, and each credential after its scheme: what to scrub from the
    exception of a request that failed.
    """
    found: list[str] = []
    for value in header_values:
        if not value:
            continue
        found.append(value)
        _, _, credential = value.partition(" ")
        if credential.strip():
            found.append(credential.strip())
    return Secrets(found)


def _has_secret(text: str, secrets: Sequence[str]) -> bool:
    return any(secret in text for secret in secrets)


def check_transport(url: str, what: str, allow_insecure_http: bool) -> None:
    """Refuse to send a credential over plain http to a host that is not loopback.

    The package's one plain-http check: the token sources and the adapters call it before
    every request, and the configured endpoints and issuers go through it too (through
    ``_discovery.require_secure``, which first checks that the URL is an absolute
    http(s) URL). Any scheme other than ``http`` passes here.

    Args:
        url: The URL a request is about to go to.
        what: What would be sent, for the message (``"an access token"``).
        allow_insecure_http: Accept plain http to any host (explicit opt-out).

    Raises:
        InsecureTransportError: ``url`` is ``http`` and not loopback, and
            ``allow_insecure_http`` is off. Raised before connecting.

    RFC:
        RFC 6750 §5.3 (bearer tokens only over TLS); RFC 6749 §2.3.1, §10.4, §10.9
        (credentials, refresh tokens and endpoints over TLS); RFC 8252 §8.3 (loopback).
    """
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme.lower() != "http" or allow_insecure_http or is_loopback(host):
        return
    raise InsecureTransportError(
        f"refusing to send {what} over plain http to {display_text(host, 200)}: "
        "use https (pass allow_insecure_http=True to opt out)"
    )


# -- steps --------------------------------------------------------------------------------


class Call(NamedTuple):
    """A step of a token source: call ``sync()`` (sync drivers) or await ``asynchronous()``.

    Used for what only the source knows how to do: wait for another caller's refresh,
    fetch through its own transport, or ask a user's own object.
    """

    sync: Callable[[], Any]
    asynchronous: Callable[[], Awaitable[Any]]


class SendToken(NamedTuple):
    """A step of a token source: send this token request, answer with an :class:`HTTPResult`.

    A driver with an HTTP client of its own (the adapters) sends it through that client;
    without one, the source sends it (its ``_send``).
    """

    source: Any
    request: TokenRequest


S = TypeVar("S")
R = TypeVar("R")

#: A generator of token steps, returning a token.
TokenSteps = Generator["Call | SendToken", Any, Token]


def drive(steps: Generator[S, Any, R], handle: Callable[[S], Any]) -> R:
    """Carry out a generator of steps: ``handle(step)`` answers each one.

    What ``handle`` raises is thrown into the generator, which decides. The answer is
    never a local of this frame while the generator runs (a traceback printed with its
    locals must not show a response body).
    """
    value: Any = None
    error: BaseException | None = None
    box: list[Any] = []
    while True:
        box[:] = [value]
        value = None
        try:
            step = steps.throw(error) if error is not None else steps.send(box.pop())
        except StopIteration as stop:
            result: R = stop.value
            return result
        error = None
        try:
            value = handle(step)
        except BaseException as exc:  # handed to the generator, which decides
            error = exc


async def adrive(steps: Generator[S, Any, R], handle: Callable[[S], Awaitable[Any]]) -> R:
    """Async form of :func:`drive`: ``await handle(step)`` answers each step."""
    value: Any = None
    error: BaseException | None = None
    box: list[Any] = []
    while True:
        box[:] = [value]
        value = None
        try:
            step = steps.throw(error) if error is not None else steps.send(box.pop())
        except StopIteration as stop:
            result: R = stop.value
            return result
        error = None
        try:
            value = await handle(step)
        except BaseException as exc:
            error = exc


def run_step(step: Call | SendToken) -> Any:
    """Answer a token step without an HTTP client of one's own (blocking)."""
    return step.source._send(step.request) if isinstance(step, SendToken) else step.sync()


async def arun_step(step: Call | SendToken) -> Any:
    """Answer a token step without an HTTP client of one's own (async)."""
    if isinstance(step, SendToken):
        return await step.source._asend(step.request)
    return await step.asynchronous()


def run_steps(steps: TokenSteps) -> Token:
    """Drive token steps without an HTTP client of one's own (blocking)."""
    return drive(steps, run_step)


async def arun_steps(steps: TokenSteps) -> Token:
    """Drive token steps without an HTTP client of one's own (async)."""
    return await adrive(steps, arun_step)
