"""The auth flow, written once (no I/O): every decision of the httpx and requests adapters.

:meth:`AuthCore.flow` is a generator of steps, in the manner of httpx's ``auth_flow``::

    Send(request)      -> the response          Read(response) -> its first bytes
    Release(response)  -> None                  Sleep(seconds) -> None
    Call(sync, async)  -> a token source's own work (wait for a refresh, ask your object)
    SendToken(source, request) -> the token endpoint's answer

and it raises the typed error when that is the decision. The drivers only carry the steps
out: :meth:`oauth_client_errors.httpx.OAuth2Auth.sync_auth_flow` (blocking, threads),
:meth:`~oauth_client_errors.httpx.OAuth2Auth.async_auth_flow` (asyncio, loaded only
there) and the requests auth's response hook. Single flight lives in the token source
(:meth:`~oauth_client_errors.BaseTokenSource.refresh_steps`): N callers that saw the same
stale token cause one token request, whichever driver runs them.

The success path is kept short on purpose: attach the token, send, and hand a response with
a status below 400 back untouched (its body is neither read nor parsed). The tenacity
controller is only built once a first retryable error has been received; tenacity decides
each wait, the driver waits.
"""

from __future__ import annotations

import enum
import logging
import threading
import zlib
from collections.abc import Callable, Generator, Iterable
from typing import Any, NamedTuple, Protocol

import tenacity

from ._errors import (
    HTTPStatusError,
    OAuthClientError,
    OAuthError,
    UnknownOAuthError,
)
from ._ground.sanitize import display_text
from ._ground.urls import Origin, origin_of
from ._rules import policy_for
from ._sources import BaseTokenSource, guard
from ._tokens import (
    MAX_BODY_BYTES,
    Call,
    SendToken,
    Token,
    check_transport,
    interpret_http,
)
from ._types import Policy, Situation
from ._wire.headers import dpop_nonce as valid_nonce  # the parser's own check (RFC 9449 §8.1)
from .retry import RetryPolicy, retry_if_policy

__all__ = [
    "BODY_READ_LIMIT",
    "AuthCore",
    "DPoPHook",
    "Exchange",
    "Flow",
    "FlowStep",
    "Read",
    "Release",
    "RequestNotReplayableError",
    "Send",
    "Sleep",
    "Step",
    "Wire",
    "decode_prefix",
    "interpret_resource",
]

logger = logging.getLogger("oauth_client_errors")

#: How much of an error response body the adapters read to interpret it: one byte more
#: than the parser accepts, so that an over-long body is recognised as such.
BODY_READ_LIMIT = MAX_BODY_BYTES + 1

#: A DPoP proof hook: (request, nonce or None) -> the ``DPoP`` header value (RFC 9449 §4).
DPoPHook = Callable[[Any, "str | None"], str]

#: How many refused tokens the refresh-storm guard remembers.
_MAX_REFUSED = 64


class RequestNotReplayableError(OAuthClientError):
    """The request had to be sent again, but its body was a consumed stream.

    Sending it again was needed for a new token, a new DPoP nonce or a retry. Send bytes,
    or a seekable file, to allow it.

    The token has been refreshed when that was the reason: sending the request again
    yourself will work. The server's error is the ``__cause__``.
    """


class Step(enum.Enum):
    """What to do about one error response."""

    REFRESH = "refresh"
    NONCE = "nonce"
    RAISE = "raise"


def _origins(values: Iterable[str] | str | None) -> frozenset[Origin] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    found = set()
    for value in values:
        origin = origin_of(value)
        if not origin[0] or not origin[1]:
            raise ValueError(f"not an absolute URL: {value!r}")
        found.add(origin)
    if not found:
        raise ValueError("origins must name at least one origin")
    return frozenset(found)


def show_origin(origin: Origin) -> str:
    """``scheme://host:port`` for log messages."""
    return f"{origin[0]}://{origin[1]}:{origin[2]}"


class Exchange:
    """The state of one request through the auth flow."""

    __slots__ = (
        "first_error",
        "fresh",
        "last_response",
        "method",
        "nonce_retries",
        "nonce_sent",
        "origin",
        "refreshed",
        "request",
        "token",
    )

    def __init__(self, origin: Origin, method: str, token: Token) -> None:
        self.origin = origin
        self.method = method
        self.token = token
        self.refreshed = False
        self.fresh = False  # the token was obtained by a refresh for this request
        self.request: Any = None  # the latest request sent
        self.nonce_sent: str | None = None
        self.nonce_retries = 0
        self.first_error: OAuthError | None = None
        self.last_response: Any = None  # the latest response received for this request

    def __repr__(self) -> str:
        return f"Exchange(origin={self.origin!r}, method={self.method!r}, token={self.token!r})"


def decode_prefix(raw: bytes, content_encoding: str | None, limit: int) -> bytes | None:
    """Decode at most ``limit`` bytes of a body prefix; None if it cannot be decoded safely.

    Only ``gzip`` and ``deflate`` (RFC 9110 §8.4.1) are decoded, with the output bounded
    (a compression bomb yields ``limit`` bytes, not gigabytes). Another coding, or several,
    gives None: the response is then classified by its status and headers alone.
    """
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    codings = [c for c in codings if c != "identity"]
    if not codings:
        return raw[:limit]
    if len(codings) != 1 or codings[0] not in ("gzip", "x-gzip", "deflate"):
        return None
    wbits = [zlib.MAX_WBITS | 16] if codings[0] != "deflate" else [zlib.MAX_WBITS, -zlib.MAX_WBITS]
    for bits in wbits:
        try:
            return zlib.decompressobj(bits).decompress(raw, limit)
        except zlib.error:
            continue
    return None


# -- the steps --------------------------------------------------------------------------------


class Send(NamedTuple):
    """Send ``request`` (a resource request); the driver answers with the response."""

    request: Any


class Read(NamedTuple):
    """Read at most ``BODY_READ_LIMIT`` bytes of ``response``; answered with bytes or None."""

    response: Any


class Release(NamedTuple):
    """Give up the rest of ``response`` (it is about to be replaced by another)."""

    response: Any


class Sleep(NamedTuple):
    """Wait ``seconds`` (sync drivers with ``retry.sleep``, async with ``retry.asleep``)."""

    seconds: float


#: Everything the flow may ask of a driver: the four above, and a token source's
#: :class:`~oauth_client_errors._tokens.Call` / :class:`~oauth_client_errors._tokens.SendToken`.
FlowStep = Send | Read | Release | Sleep | Call | SendToken
#: A generator of flow steps.
Flow = Generator[FlowStep, Any, None]


class Wire(Protocol):
    """What the flow needs to know of an HTTP library's requests and responses (no I/O)."""

    def origin(self, request: Any) -> Origin:
        """The origin a request goes to."""

    def method(self, request: Any) -> str:
        """The request method."""

    def set_header(self, request: Any, name: str, value: str) -> None:
        """Set a request header."""

    def response_origin(self, response: Any) -> Origin | None:
        """The origin of the request ``response`` answers (after redirects)."""

    def status(self, response: Any) -> int:
        """The status code."""

    def headers(self, response: Any) -> list[tuple[str, str]]:
        """Response headers as received (repeats kept)."""

    def replayable(self, request: Any) -> bool:
        """Whether the request's body can be sent again."""

    def again(self, request: Any, response: Any) -> Any:
        """The request to send again after ``response`` (the same object, or a copy)."""

    def status_error(self, response: Any) -> BaseException | None:
        """The library's own status error for ``response``, to chain to (or None)."""


class AuthCore:
    """The auth flow, written once: every decision of the httpx and requests adapters.

    :meth:`flow` and :meth:`resolve` are generators of steps (:class:`Send`,
    :class:`Read`, :class:`Release`, :class:`Sleep`, and the token source's
    ``Call`` / ``SendToken``); the adapters' drivers only carry them out, sync or async.

    Args:
        source: The token source (wrapped for single-flight refresh when it is the
            user's own object).
        retry: The retry policy.
        dpop: The DPoP proof hook, or None.
        origins: The origins the token may be sent to; None pins the token to the
            origin of the first request.
        allow_insecure_http: Send the token over plain http to a host that is not
            loopback (off: :class:`InsecureTransportError`).
    """

    def __init__(
        self,
        source: object,
        retry: RetryPolicy,
        dpop: DPoPHook | None,
        origins: Iterable[str] | str | None = None,
        *,
        allow_insecure_http: bool = False,
    ) -> None:
        self.source: BaseTokenSource = guard(source)
        self.retry = retry
        self.dpop = dpop
        self.allow_insecure_http = allow_insecure_http
        self._origins = _origins(origins)
        self._nonces: dict[Origin, str] = {}
        self._lock = threading.Lock()
        #: Access tokens refused right after they were obtained by a refresh (a storm guard).
        self._refused: set[str] = set()

    # -- origins -------------------------------------------------------------------------------

    def owns(self, origin: Origin) -> bool:
        """Whether the token may be sent to ``origin`` (pinning it on first use)."""
        origins = self._origins
        if origins is None:
            with self._lock:
                if self._origins is None:
                    self._origins = frozenset({origin})
                    logger.debug("token bound to origin %s", show_origin(origin))
                origins = self._origins
        if origin in origins:
            return True
        logger.debug("request to another origin (%s): sent without the token", show_origin(origin))
        return False

    @property
    def origins(self) -> frozenset[Origin] | None:
        """The origins the token is sent to (None until the first request pins one)."""
        return self._origins

    # -- nonces --------------------------------------------------------------------------------

    def nonce(self, origin: Origin) -> str | None:
        """The latest DPoP nonce of ``origin``."""
        return self._nonces.get(origin)

    def note_nonce(self, origin: Origin, value: str | None) -> None:
        """Remember the ``DPoP-Nonce`` a response from ``origin`` carried (RFC 9449 §8).

        The value is validated as the parser does (RFC 9449 §8.1: ``NQCHAR``, bounded);
        an invalid one is ignored.
        """
        value = valid_nonce(value)
        if value and self._nonces.get(origin) != value:
            with self._lock:
                self._nonces[origin] = value
            logger.debug("new DPoP nonce for %s", show_origin(origin))

    def proof(self, ex: Exchange, request: object) -> str | None:
        """The ``DPoP`` header value for ``request``, or None without a hook."""
        if self.dpop is None:
            return None
        nonce = self._nonces.get(ex.origin)
        ex.nonce_sent = nonce
        return self.dpop(request, nonce)

    def apply(self, wire: Wire, request: Any, ex: Exchange) -> None:
        """Put the token (and a DPoP proof) on ``request``."""
        wire.set_header(request, "Authorization", ex.token.authorization)
        if self.dpop is not None:
            proof = self.proof(ex, request)
            if proof is not None:
                wire.set_header(request, "DPoP", proof)

    # -- the flow ------------------------------------------------------------------------------

    def start(self, wire: Wire, request: Any) -> Generator[FlowStep, Any, Exchange | None]:
        """Get a token and put it on ``request``; None when the request is not ours."""
        origin = wire.origin(request)
        if not self.owns(origin):
            return None
        check_transport(show_origin(origin), "an access token", self.allow_insecure_http)
        token = yield from self.source.token_steps()
        ex = Exchange(origin, wire.method(request), token)
        ex.request = request
        self.apply(wire, request, ex)
        return ex

    def flow(self, wire: Wire, request: Any) -> Flow:
        """The whole flow of one request: token, send, and act on the answer."""
        ex = yield from self.start(wire, request)
        response = yield Send(request)
        if ex is not None:
            yield from self.resolve(wire, ex, response)

    def resolve(self, wire: Wire, ex: Exchange, response: Any) -> Flow:
        """Act on the first response to ``ex.request``: refresh, new nonce, retries, raise."""
        ex.last_response = response
        if wire.status(response) < 400 and self.dpop is None:
            return  # the fast path: nothing to interpret
        try:
            yield from self._settle(wire, ex, response)
            return
        except OAuthError as exc:
            if not self.may_retry(exc, ex.method):
                raise
            first: OAuthError | None = exc
        waits: list[float] = []
        controller = self.retry.retrying(
            method=ex.method,
            retry=self._predicate(lambda: wire.replayable(ex.request)),
            describe=f"{ex.method} request",
        ).copy(sleep=waits.append)  # tenacity decides the wait; the driver waits
        for attempt in controller:
            if waits:
                yield Sleep(waits.pop())
            with attempt:
                if first is not None:
                    err, first = first, None
                    raise err
                yield Release(ex.last_response)  # a large error body is not worth reading
                ex.token = yield from self.source.token_steps()
                yield from self._send_again(wire, ex)

    def _send_again(self, wire: Wire, ex: Exchange) -> Flow:
        request = wire.again(ex.request, ex.last_response)
        ex.request = request
        self.apply(wire, request, ex)
        response = yield Send(request)
        yield from self._settle(wire, ex, response)

    def _settle(self, wire: Wire, ex: Exchange, response: Any) -> Flow:
        """Act on ``response`` until a response needs nothing more, or raise."""
        while True:
            ex.last_response = response
            if wire.response_origin(response) != ex.origin:
                logger.debug("response from another origin after a redirect: returned untouched")
                return
            if self.dpop is not None:
                self.note_nonce(ex.origin, _header(wire.headers(response), "dpop-nonce"))
            status = wire.status(response)
            if status < 400:
                self._accepted(ex)
                return
            # The body (which may echo secrets) is never a local of this frame.
            err = self.error_for(
                status, wire.headers(response), (yield Read(response)), ex, response
            )
            if err is None:
                return
            step = self.step(err, ex)
            if step is Step.RAISE:
                raise self.chain(err, ex, wire.status_error(response))
            if step is Step.REFRESH:
                try:
                    ex.token = yield from self.source.refresh_steps(ex.token)
                except OAuthError as exc:
                    raise exc from err
                ex.fresh = True
            if not wire.replayable(ex.request):
                raise RequestNotReplayableError(
                    f"{ex.method} request body is a consumed stream; it cannot be sent "
                    f"again after {err.code}"
                ) from err
            yield Release(response)
            request = wire.again(ex.request, response)
            ex.request = request
            self.apply(wire, request, ex)
            response = yield Send(request)

    def _accepted(self, ex: Exchange) -> None:
        if self._refused and ex.token.access_token in self._refused:
            with self._lock:
                self._refused.discard(ex.token.access_token)

    # -- responses -----------------------------------------------------------------------------

    def error_for(
        self,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes | None,
        ex: Exchange,
        response: object,
    ) -> OAuthError | None:
        """The error to act on in a resource response, or None to hand it to the caller."""
        err = interpret_resource(
            status, list(headers), body, ex.origin, grant=self.source.grant_type
        )
        if err is None or not _actionable(err, status):
            return None
        err._redact(self.secrets(ex.token))
        err.response = response
        return err

    def secrets(self, token: Token | None) -> list[str | None]:
        """The secrets an error must never show."""
        if token is None:
            return []
        return [token.access_token, token.refresh_token]

    def step(self, err: OAuthError, ex: Exchange) -> Step:
        """Decide what to do about ``err``; errors to retry are raised (to tenacity)."""
        code = display_text(err.code or "", 64)
        if err.code == "use_dpop_nonce":
            if self.dpop is None:
                logger.debug("use_dpop_nonce but no DPoP proof hook; raising")
                return Step.RAISE
            if not err.dpop_nonce or err.dpop_nonce == ex.nonce_sent or ex.nonce_retries >= 2:
                logger.debug("DPoP nonce challenge repeated (same or no nonce); raising")
                return Step.RAISE
            ex.nonce_retries += 1
            logger.debug("sending again once with the new DPoP nonce")
            return Step.NONCE
        if err.policy is Policy.REFRESH or _token_refused(err):
            if ex.refreshed or ex.token.access_token in self._refused:
                self._storm(err, ex)
                return Step.RAISE
            ex.refreshed = True
            ex.first_error = err
            logger.debug("resource server rejected the token (%s); refreshing", code)
            return Step.REFRESH
        logger.debug("policy %s for %s; raising", err.policy.value, code)
        return Step.RAISE

    def _storm(self, err: OAuthError, ex: Exchange) -> None:
        """A token refused right after a refresh: stop refreshing for it (a refresh storm).

        Every later request with the same token raises at once with policy
        ``reauthorize``, without a token request, until a token arrives by another path.
        """
        if ex.fresh or ex.token.access_token in self._refused:
            with self._lock:
                if len(self._refused) >= _MAX_REFUSED:
                    self._refused.clear()  # bounded: an old refused token is long gone
                self._refused.add(ex.token.access_token)
            err.policy = policy_for(
                Situation.TOKEN_REJECTED, after_refresh=True, user_present=err.user_present
            )
        logger.debug(
            "token rejected again after a refresh; not refreshing again (%s)",
            display_text(err.code or "", 64),
        )

    def chain(self, err: OAuthError, ex: Exchange, cause: BaseException | None) -> OAuthError:
        """Chain ``err`` to its cause: an earlier rejection of this request, else ``cause``."""
        if err.__cause__ is None:
            if ex.first_error is not None and ex.first_error is not err:
                err.__cause__ = ex.first_error
            elif cause is not None:
                err.__cause__ = cause
        return err

    def may_retry(self, err: OAuthError, method: str) -> bool:
        """Whether ``err`` starts tenacity retries (policy ``retry``, method allowed)."""
        if err.policy is not Policy.RETRY or err.code == "use_dpop_nonce":
            return False
        if self.retry.attempts < 2:
            return False
        if not self.retry.allows(method):
            logger.debug("not retrying %s: not idempotent (retry_non_idempotent is off)", method)
            return False
        return True

    @staticmethod
    def _predicate(replayable: Callable[[], bool]) -> tenacity.retry_base:
        def can_replay(exc: BaseException) -> bool:
            if isinstance(exc, OAuthError) and exc.code == "use_dpop_nonce":
                return False  # handled by the nonce step, never by backoff
            if not replayable():
                logger.debug("not retrying: the request body cannot be sent again")
                return False
            return True

        return retry_if_policy(Policy.RETRY) & tenacity.retry_if_exception(can_replay)


def _header(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    for key, value in headers:
        if key.lower() == name:
            return value
    return None


def interpret_resource(
    status: int,
    headers: list[tuple[str, str]],
    body: bytes | None,
    origin: Origin,
    *,
    grant: str | None = None,
) -> OAuthError | None:
    """Interpret a resource server's answer to a request that carried a token.

    The evidence the adapters have is passed explicitly (through
    :func:`~oauth_client_errors._tokens.interpret_http`): the endpoint (a resource), the
    provider (the origin), that a token was sent, and the grant of the source that
    gave it.
    """
    scheme, host, port = origin
    provider = f"{scheme}://{host}" + (f":{port}" if port is not None else "")
    return interpret_http(
        status,
        headers,
        body,
        endpoint="resource",
        provider=provider,
        token_sent=True,
        grant=grant,
    )


def _token_refused(err: OAuthError) -> bool:
    """A 401 whose challenge names no error, answering a request that carried a token.

    The core classifies it ``reauthorize`` (RFC 6750 §3.1: the request had no credentials).
    The adapters did send a token, so the server refused that token without saying why:
    one refresh is the right first step, and a second refusal raises.
    """
    return err.status_code == 401 and isinstance(err, HTTPStatusError)


def _actionable(err: OAuthError, status: int) -> bool:
    """Whether a resource response is an OAuth matter (else it goes back untouched).

    A plain 404 or a 400 with an application's own ``{"error": ...}`` body is the
    application's business; 401, 403, 429, 5xx and registered OAuth codes are ours.
    """
    if status in (401, 403, 429) or status >= 500:
        return True
    if err.challenges:
        return True
    return not isinstance(err, (HTTPStatusError, UnknownOAuthError))
