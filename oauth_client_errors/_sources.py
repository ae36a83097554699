"""Token sources: the objects that hand out the current token and replace a stale one.

A *token source* hands out the current :class:`~oauth_client_errors.Token` (``token()``)
and replaces a token the resource server rejected (``refresh(stale)``); async code uses
``atoken()`` and ``arefresh(stale)``. The ready-made sources are sans-I/O at heart: each
builds a :class:`~oauth_client_errors.TokenRequest` and interprets the answer with the
core parser (endpoint ``token``); a transport, or the adapter's HTTP client, sends it.

Refresh is single-flight: any number of threads and asyncio tasks (in any event loop)
that saw the same stale token cause exactly one token request; they all get the new
token, or all get the error, and the next call may try again. With a token store, the
store's coordinator makes the processes sharing it take turns as well.

This module stands on the token model and its steps (:mod:`._tokens`), metadata
discovery (``from_issuer``) and the token stores; none of them imports it.
"""

from __future__ import annotations

import base64
import concurrent.futures
import copy
import functools
import logging
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol, runtime_checkable

from ._discovery import discover, token_endpoint_of
from ._errors import (
    MalformedResponseError,
    OAuthClientError,
    OAuthError,
    TokenStoreError,
    TransportError,
)
from ._ground.sanitize import display_text
from ._stores import TokenStore
from ._stores._base import Secret
from ._stores._coordinator import StoreCoordinator
from ._tokens import (
    AsyncTransport,
    Call,
    HTTPResult,
    SendToken,
    Token,
    TokenRequest,
    TokenSteps,
    Transport,
    arun_steps,
    check_transport,
    interpret_http,
    json_object,
    run_steps,
    scrub_transport_error,
    urllib_transport,
)
from ._types import Policy

__all__ = [
    "AsyncTokenSource",
    "BaseTokenSource",
    "ClientCredentials",
    "RefreshTokenSource",
    "TokenSource",
    "guard",
]

logger = logging.getLogger("oauth_client_errors")

_CLIENT_AUTH_METHODS = ("client_secret_basic", "client_secret_post", "none")


# -- asyncio, loaded when async code runs -------------------------------------------------------


class _NeverRaised(BaseException):
    """Stands for ``asyncio.CancelledError`` while asyncio is not loaded (it cannot occur)."""


def _cancelled() -> type[BaseException]:
    """``asyncio.CancelledError`` if asyncio is loaded, else a class nothing raises."""
    asyncio = sys.modules.get("asyncio")
    return _NeverRaised if asyncio is None else asyncio.CancelledError


# -- the protocol ----------------------------------------------------------------------------


@runtime_checkable
class TokenSource(Protocol):
    """Anything that hands out tokens: the ready-made sources, or your own object."""

    def token(self) -> Token:
        """Return a token to send now."""
        ...

    def refresh(self, stale: Token | None) -> Token:
        """Return a token to replace ``stale``, which the resource server rejected."""
        ...


@runtime_checkable
class AsyncTokenSource(Protocol):
    """The async form of :class:`TokenSource` (optional for your own objects)."""

    async def atoken(self) -> Token:
        """Return a token to send now."""
        ...

    async def arefresh(self, stale: Token | None) -> Token:
        """Return a token to replace ``stale``."""
        ...


# -- single flight ----------------------------------------------------------------------------


def is_transient(exc: BaseException) -> bool:
    """True for a failure worth retrying later: policy ``retry``, a network error."""
    if isinstance(exc, OAuthError):
        return exc.policy is Policy.RETRY
    if isinstance(exc, TransportError):
        return True
    if isinstance(exc, TokenStoreError):  # a store that is unreachable for now
        return bool(getattr(exc, "transient", False))
    if isinstance(exc, OAuthClientError):
        return False
    if isinstance(exc, (OSError, TimeoutError)):
        return True
    # httpx.TransportError and friends, without importing httpx.
    return any(
        cls.__module__.startswith("httpx") and cls.__name__ == "TransportError"
        for cls in type(exc).__mro__
    )


def _clone(exc: BaseException) -> BaseException:
    """A copy of ``exc`` for another waiter, so tracebacks of callers do not mix."""
    if not isinstance(exc, OAuthError):
        return exc
    try:
        dup = copy.copy(exc)
    except Exception:  # pragma: no cover - defensive
        return exc
    dup.response = exc.response
    dup.__cause__ = exc.__cause__
    dup.__suppress_context__ = exc.__suppress_context__
    return dup


def _key(token: Token | None) -> str | None:
    return None if token is None else token.access_token


class BaseTokenSource:
    """Caching, proactive refresh and single-flight refresh around one ``_fetch`` method.

    Subclasses implement :meth:`_fetch` (and :meth:`_afetch` for real async I/O), or
    :meth:`_fetch_steps` to let a driver send the token request through its own client.

    The decisions are written once, as generators of steps (:meth:`token_steps`,
    :meth:`refresh_steps`); :meth:`token`, :meth:`atoken`, :meth:`refresh` and
    :meth:`arefresh` drive them, and so do the adapters (which send the token request
    through the HTTP client the auth is attached to).

    Args:
        skew: Refresh this many seconds before ``expires_at``.
        clock: Returns the current time in epoch seconds (injectable for tests).
        wait_timeout: How long a waiting caller waits for another caller's refresh.

    Attributes:
        grant_type: The grant this source obtains tokens with (``"client_credentials"``,
            ``"refresh_token"``...), or None if not known: evidence for the errors about
            its tokens (``err.grant``), so that a client with no user behind its token
            is not told to authorize again.
    """

    grant_type: str | None = None

    def __init__(
        self,
        *,
        skew: float = 30.0,
        clock: Callable[[], float] = time.time,
        wait_timeout: float | None = 120.0,
    ) -> None:
        self.skew = skew
        self._clock = clock
        self._wait_timeout = wait_timeout
        self._lock = threading.Lock()
        self._current: Token | None = None
        self._flight: concurrent.futures.Future[Token] | None = None
        self._quiet_until = 0.0  # no proactive refresh before this, after a transient failure

    # -- to implement -----------------------------------------------------------------------

    def _fetch(self, stale: Token | None) -> Token:
        """Obtain a new token (blocking). Called by one caller at a time."""
        raise NotImplementedError

    async def _afetch(self, stale: Token | None) -> Token:
        """Obtain a new token (async). Default: :meth:`_fetch` in a worker thread."""
        import asyncio

        return await asyncio.to_thread(self._fetch, stale)

    def _fetch_steps(self, stale: Token | None) -> TokenSteps:
        """Obtain a new token, as steps. Default: one :class:`Call` of the two above."""
        token: Token = yield Call(
            functools.partial(self._fetch, stale), functools.partial(self._afetch, stale)
        )
        return token

    def _published(self, token: Token) -> None:
        """Called once per new token by the caller that fetched it (before the others see it)."""

    # -- public -----------------------------------------------------------------------------

    @property
    def current(self) -> Token | None:
        """The token held now (may be expired), or None."""
        return self._current

    def token(self) -> Token:
        """Return a usable token, refreshing when it is missing, expired or about to expire."""
        return run_steps(self.token_steps())

    async def atoken(self) -> Token:
        """Async form of :meth:`token`."""
        return await arun_steps(self.token_steps())

    def refresh(self, stale: Token | None) -> Token:
        """Replace ``stale``; if another caller already did, return its token.

        Raises:
            OAuthError: The token endpoint refused (for example ``InvalidGrantError``).
        """
        return run_steps(self.refresh_steps(stale))

    async def arefresh(self, stale: Token | None) -> Token:
        """Async form of :meth:`refresh`; shares the single flight with threads."""
        return await arun_steps(self.refresh_steps(stale))

    def token_steps(self) -> TokenSteps:
        """:meth:`token` as steps, for a driver that sends token requests itself."""
        current, action = self._check()
        if action == "use":
            assert current is not None
            return current
        try:
            return (yield from self.refresh_steps(current))
        except Exception as exc:
            return self._after_proactive_failure(current, action == "early", exc)

    def refresh_steps(self, stale: Token | None) -> TokenSteps:
        """:meth:`refresh` as steps: one caller fetches, the others wait for its token.

        The caller that leads the flight runs :meth:`_fetch_steps`; a token store's
        refresh-under-lock belongs around that call.
        """
        fut, lead = self._join(stale)
        if not lead:
            if fut.done():
                return self._result(fut)
            token: Token = yield Call(
                functools.partial(self._result, fut), functools.partial(self._aresult, fut)
            )
            return token
        try:
            token = yield from self._fetch_steps(stale)
        except _cancelled():
            self._fail(fut, OAuthClientError("the token refresh was cancelled; try again"))
            raise
        except BaseException as exc:
            self._fail(fut, exc)
            raise
        return self._succeed(fut, token)

    # -- internals ----------------------------------------------------------------------------

    def _check(self) -> tuple[Token | None, str]:
        """The current token and what to do: ``use`` it, refresh ``early``, or ``refresh``."""
        current = self._current
        if current is None:
            return None, "refresh"
        now = self._clock()
        if current.is_expired(now):
            logger.debug("access token expired; refreshing")
            return current, "refresh"
        if current.is_expired(now, skew=self.skew):
            if now < self._quiet_until:
                return current, "use"  # still valid; a proactive refresh failed recently
            logger.debug(
                "access token expires in %.0f s; refreshing early", current.expires_in(now)
            )
            return current, "early"
        return current, "use"

    def _after_proactive_failure(
        self, current: Token | None, proactive: bool, exc: Exception
    ) -> Token:
        if (
            proactive
            and current is not None
            and not current.is_expired(self._clock())
            and is_transient(exc)
        ):
            self._quiet_until = self._clock() + 5.0
            logger.debug(
                "proactive refresh failed (%s); the current token is still valid, keeping it",
                type(exc).__name__,
            )
            return current
        raise exc

    def _join(self, stale: Token | None) -> tuple[concurrent.futures.Future[Token], bool]:
        with self._lock:
            current = self._current
            if current is not None and _key(current) != _key(stale):
                done: concurrent.futures.Future[Token] = concurrent.futures.Future()
                done.set_result(current)
                logger.debug("token already replaced by another caller; using it")
                return done, False
            if self._flight is not None:
                logger.debug("waiting for the token refresh in flight")
                return self._flight, False
            fut: concurrent.futures.Future[Token] = concurrent.futures.Future()
            fut.set_running_or_notify_cancel()  # cannot be cancelled from now on
            self._flight = fut
            logger.debug("requesting a new token (%s)", type(self).__name__)
            return fut, True

    def _succeed(self, fut: concurrent.futures.Future[Token], token: Token) -> Token:
        try:
            self._published(token)
        finally:
            with self._lock:
                self._current = token
                self._quiet_until = 0.0
                self._flight = None
            fut.set_result(token)
            logger.debug("new access token obtained (expires_at=%s)", token.expires_at)
        return token

    def _fail(self, fut: concurrent.futures.Future[Token], exc: BaseException) -> None:
        with self._lock:
            self._flight = None
        if isinstance(exc, Exception):
            fut.set_exception(exc)
        else:  # KeyboardInterrupt and the like: do not hand those to other threads
            fut.set_exception(OAuthClientError(f"the token refresh was interrupted ({exc!r})"))
        logger.debug("token request failed: %s", type(exc).__name__)

    def _result(self, fut: concurrent.futures.Future[Token]) -> Token:
        try:
            return fut.result(timeout=self._wait_timeout)
        except concurrent.futures.TimeoutError:
            raise OAuthClientError("timed out waiting for another caller's token refresh") from None
        except Exception as exc:
            raise _clone(exc) from exc.__cause__

    async def _aresult(self, fut: concurrent.futures.Future[Token]) -> Token:
        # shield: a cancelled waiter must not cancel the shared future
        import asyncio

        await asyncio.shield(asyncio.wrap_future(fut))
        return self._result(fut)


# -- grant-based sources ----------------------------------------------------------------------


class _GrantSource(BaseTokenSource):
    """A source that obtains tokens from a token endpoint with some grant."""

    def __init__(
        self,
        token_endpoint: str,
        client_id: str,
        client_secret: str | None,
        *,
        auth_method: str,
        scope: str | Sequence[str] | None = None,
        extra_params: Mapping[str, str] | None = None,
        on_token: Callable[[Token], object] | None = None,
        transport: Transport | None = None,
        async_transport: AsyncTransport | None = None,
        timeout: float | None = 30.0,
        skew: float = 30.0,
        clock: Callable[[], float] = time.time,
        allow_insecure_http: bool = False,
        store: TokenStore | None = None,
        seed: Token | str | None = None,
    ) -> None:
        super().__init__(skew=skew, clock=clock)
        self.allow_insecure_http = allow_insecure_http
        self.store = store
        self._coordinator: StoreCoordinator | None = None
        if store is not None:  # cross-process single flight (see oauth_client_errors._stores)
            self._coordinator = StoreCoordinator(
                store,
                rotating=isinstance(self, RefreshTokenSource),
                seed=seed,
                skew=skew,
                clock=clock,
            )
        if auth_method not in _CLIENT_AUTH_METHODS:
            raise ValueError(
                f"auth_method must be one of {', '.join(_CLIENT_AUTH_METHODS)}, not {auth_method!r}"
            )
        if auth_method != "none" and not client_secret:
            raise ValueError(f"auth_method {auth_method!r} needs a client_secret")
        self.token_endpoint = token_endpoint
        self.client_id = client_id
        self._client_secret = client_secret
        self.auth_method = auth_method
        self.scope = scope if scope is None or isinstance(scope, str) else " ".join(scope)
        self.extra_params = dict(extra_params or {})
        self.on_token = on_token
        #: True when the user gave a transport: it wins over an adapter's HTTP client.
        self.own_transport = transport is not None or async_transport is not None
        self.transport: Transport = transport or urllib_transport
        self.async_transport = async_transport
        self.timeout = timeout

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(token_endpoint={self.token_endpoint!r}, "
            f"client_id={self.client_id!r}, auth_method={self.auth_method!r})"
        )

    def _grant(self, stale: Token | None) -> tuple[dict[str, str], list[str]]:
        """The grant parameters and the secrets among them."""
        raise NotImplementedError

    def build_request(self, stale: Token | None = None) -> TokenRequest:
        """Build the token request that would replace ``stale`` (sans-I/O)."""
        form, secrets = self._grant(stale)
        form.update(self.extra_params)
        return self._request(self.token_endpoint, form, secrets)

    def _request(self, url: str, form: dict[str, str], secrets: list[str]) -> TokenRequest:
        """A form POST to ``url`` with this client's authentication."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        }
        if self.auth_method == "client_secret_basic":
            assert self._client_secret is not None
            # RFC 6749 §2.3.1: each part form-urlencoded before Basic encoding.
            pair = (
                f"{urllib.parse.quote_plus(self.client_id)}:"
                f"{urllib.parse.quote_plus(self._client_secret)}"
            )
            basic = base64.b64encode(pair.encode()).decode("ascii")
            headers["Authorization"] = f"Basic {basic}"
            secrets.extend([self._client_secret, basic])
        else:
            form["client_id"] = self.client_id
            if self.auth_method == "client_secret_post":
                assert self._client_secret is not None
                form["client_secret"] = self._client_secret
                secrets.append(self._client_secret)
        body = urllib.parse.urlencode(form).encode("ascii")
        return TokenRequest(url, headers, body, secrets=tuple(secrets), timeout=self.timeout)

    def interpret(
        self, request: TokenRequest, result: HTTPResult, stale: Token | None = None
    ) -> Token:
        """Turn the token endpoint's answer into a token, or raise its typed error (sans-I/O).

        Raises:
            OAuthError: The server refused; known secrets are redacted from the error.
            MalformedResponseError: A success status without a usable token.
        """
        err = interpret_http(
            result.status,
            result.headers,
            result.body,
            endpoint="token",
            provider=request.url,
            token_sent=False,  # a grant, not an access token
            grant=self.grant_type,
        )
        if err is not None:
            err._redact(request.secrets)
            logger.debug(
                "token endpoint refused: %s (policy %s)", type(err).__name__, err.policy.value
            )
            raise err
        data = json_object(result.body)
        if data is None:
            raise MalformedResponseError(
                f"token endpoint answered HTTP {result.status} without a readable JSON object"
            )
        try:
            return Token.from_response(data, now=self._clock(), previous=stale)
        except MalformedResponseError:
            data = None  # out of the locals of this frame, which the traceback keeps
            raise
        except Exception:  # never expected; the response holds secrets: drop it first
            data = None
            raise MalformedResponseError("token endpoint answered with an unusable token") from None

    def _send(self, request: TokenRequest) -> HTTPResult:
        """Send ``request`` through the transport; a failure is raised scrubbed of secrets.

        Raises:
            InsecureTransportError: Credentials would go over plain http off loopback.
            TransportError: The default (urllib) transport failed; chained from the
                scrubbed original. A transport of your own raises its own exception,
                scrubbed.
        """
        self._check_transport(request)
        try:
            return self.transport(request)
        except Exception as exc:
            err = self._failed(exc, request)
            if err is None:
                raise
            raise err from exc

    async def _asend(self, request: TokenRequest) -> HTTPResult:
        """Async form of :meth:`_send` (the sync transport in a thread without one)."""
        self._check_transport(request)
        try:
            if self.async_transport is None:
                import asyncio

                return await asyncio.to_thread(self.transport, request)
            return await self.async_transport(request)
        except Exception as exc:
            err = self._failed(exc, request)
            if err is None:
                raise
            raise err from exc

    def _check_transport(self, request: TokenRequest) -> None:
        check_transport(request.url, "client credentials or a grant", self.allow_insecure_http)

    def _failed(self, exc: Exception, request: TokenRequest) -> TransportError | None:
        """Scrub ``exc``; the ``TransportError`` to raise instead, or None to re-raise it."""
        scrub_transport_error(exc, request.secrets)
        if isinstance(exc, OAuthClientError) or self.async_transport is not None:
            return None
        if self.transport is not urllib_transport:
            return None  # your own transport: its own exception type, scrubbed
        host = urllib.parse.urlsplit(request.url).hostname or ""
        return TransportError(
            f"the token request to {display_text(host, 200)} failed: {type(exc).__name__}"
        )

    def _fetch(self, stale: Token | None) -> Token:
        return run_steps(self._fetch_steps(stale))

    async def _afetch(self, stale: Token | None) -> Token:
        return await arun_steps(self._fetch_steps(stale))

    def _fetch_steps(self, stale: Token | None) -> TokenSteps:
        """Obtain a token as steps: through the store's coordinator when there is a store.

        Without a store the token request is a :class:`SendToken` step, so a driver with
        an HTTP client of its own (the adapters) sends it through that client; a source
        with its own ``transport=`` sends it itself (a :class:`Call` step). With a store
        the coordinator's whole turn (lock, re-read, exchange, save) is one :class:`Call`:
        in async code it runs as a task of its own, so a cancelled caller never leaves the
        lock taken nor loses a rotated token; its token request goes through the source's
        own transport (``transport=token_transport(client)`` routes it through a client).
        """
        if self._coordinator is not None:
            token: Token = yield Call(
                functools.partial(self._coordinator.fetch, stale, self._exchange_steps),
                functools.partial(self._coordinator.afetch, stale, self._exchange_steps),
            )
            return token
        return (yield from self._exchange_steps(stale, None))

    def _exchange_steps(self, stale: Token | None, refresh: Secret | None) -> TokenSteps:
        """One token request as steps (``refresh``: the refresh token a store handed out)."""
        if self.own_transport:
            token: Token = yield Call(
                functools.partial(self._exchange, stale, refresh),
                functools.partial(self._aexchange, stale, refresh),
            )
            return token
        self._use_refresh(refresh)
        request = self.build_request(stale)
        self._check_transport(request)
        result: HTTPResult = yield SendToken(self, request)
        return self.interpret(request, result, stale)

    def _use_refresh(self, refresh: Secret | None) -> None:
        """Take the refresh token a store handed out (only the refresh grant has one)."""

    def _exchange(self, stale: Token | None, refresh: Secret | None) -> Token:
        """One token request through the source's own transport."""
        self._use_refresh(refresh)
        request = self.build_request(stale)
        return self.interpret(request, self._send(request), stale)

    async def _aexchange(self, stale: Token | None, refresh: Secret | None) -> Token:
        """Async form of :meth:`_exchange` (the sync transport in a thread without one)."""
        self._use_refresh(refresh)
        request = self.build_request(stale)
        return self.interpret(request, await self._asend(request), stale)

    def _published(self, token: Token) -> None:
        if self.on_token is not None:
            self.on_token(token)


class ClientCredentials(_GrantSource):
    """The client credentials grant (RFC 6749 §4.4): the client acts on its own behalf.

    No user is behind its tokens: its errors say what to configure instead of asking for
    a user's authorization (``err.grant == "client_credentials"``).

    Args:
        token_endpoint: The token endpoint URL.
        client_id: The client identifier.
        client_secret: The client secret.
        scope: Scope to request (a string or a list), or None for the server's default.
        auth_method: ``client_secret_basic`` (HTTP Basic, the default) or
            ``client_secret_post`` (credentials in the body).
        extra_params: More form parameters (``audience``, ``resource``...).
        on_token: Called once with every new token.
        transport: Sends the token request (default: :func:`urllib_transport`).
        async_transport: Sends it from async code (default: ``transport`` in a thread).
        timeout: Seconds to wait for the token endpoint.
        skew: Refresh this many seconds before expiry.
        clock: Current time in epoch seconds (for tests).
        allow_insecure_http: Send credentials over plain http to a host that is not
            loopback (off: :class:`~oauth_client_errors.InsecureTransportError` before
            connecting).
        store: A :class:`~oauth_client_errors.TokenStore` shared with other processes:
            one token request per expiry across all of them (see ``docs/stores.md``).
    """

    grant_type = "client_credentials"

    def __init__(
        self,
        token_endpoint: str,
        client_id: str,
        client_secret: str,
        *,
        scope: str | Sequence[str] | None = None,
        auth_method: str = "client_secret_basic",
        extra_params: Mapping[str, str] | None = None,
        on_token: Callable[[Token], object] | None = None,
        transport: Transport | None = None,
        async_transport: AsyncTransport | None = None,
        timeout: float | None = 30.0,
        skew: float = 30.0,
        clock: Callable[[], float] = time.time,
        allow_insecure_http: bool = False,
        store: TokenStore | None = None,
    ) -> None:
        super().__init__(
            token_endpoint,
            client_id,
            client_secret,
            auth_method=auth_method,
            scope=scope,
            extra_params=extra_params,
            on_token=on_token,
            transport=transport,
            async_transport=async_transport,
            timeout=timeout,
            skew=skew,
            clock=clock,
            allow_insecure_http=allow_insecure_http,
            store=store,
        )

    def _grant(self, stale: Token | None) -> tuple[dict[str, str], list[str]]:
        form = {"grant_type": "client_credentials"}
        if self.scope:
            form["scope"] = self.scope
        return form, []

    @classmethod
    def from_issuer(
        cls,
        issuer: str,
        client_id: str,
        client_secret: str,
        *,
        transport: Transport | None = None,
        **kwargs: Any,
    ) -> ClientCredentials:
        """Find the token endpoint in the issuer's metadata (RFC 8414), then build the source.

        ``auth_method`` defaults to one the server lists. Raises what
        :func:`oauth_client_errors.discover` raises.
        """
        metadata = discover(issuer, transport=transport)
        kwargs.setdefault("auth_method", metadata.client_auth_method(True))
        endpoint = token_endpoint_of(metadata)
        return cls(endpoint, client_id, client_secret, transport=transport, **kwargs)


class RefreshTokenSource(_GrantSource):
    """The refresh token grant (RFC 6749 §6), keeping rotated refresh tokens.

    Args:
        token_endpoint: The token endpoint URL.
        client_id: The client identifier.
        token: The token you hold (with its refresh token), or a bare refresh token; may
            be left out when ``store`` already holds one (a live stored token wins).
        client_secret: The client secret of a confidential client, or None for a public one.
        on_token: Called exactly once with every new token: persist it here (the refresh
            token may have been rotated, and the old one is then dead).
        auth_method: How a confidential client authenticates (default
            ``client_secret_basic``; ``none`` for a public client).
        scope: Scope to request on refresh (a subset of the original), or None.
        extra_params: More form parameters.
        transport: Sends the token request (default: :func:`urllib_transport`).
        async_transport: Sends it from async code (default: ``transport`` in a thread).
        timeout: Seconds to wait for the token endpoint.
        skew: Refresh this many seconds before expiry.
        clock: Current time in epoch seconds (for tests).
        allow_insecure_http: Send credentials over plain http to a host that is not
            loopback (off: :class:`~oauth_client_errors.InsecureTransportError` before
            connecting).
        store: A :class:`~oauth_client_errors.TokenStore` shared with other processes: one
            refresh per expiry across all of them, and a rotated refresh token is never
            sent twice (see ``docs/stores.md``). ``on_token`` is then called in each
            process with every new token it starts using.
    """

    grant_type = "refresh_token"

    def __init__(
        self,
        token_endpoint: str,
        client_id: str,
        token: Token | str | None = None,
        *,
        client_secret: str | None = None,
        on_token: Callable[[Token], object] | None = None,
        auth_method: str | None = None,
        scope: str | Sequence[str] | None = None,
        extra_params: Mapping[str, str] | None = None,
        transport: Transport | None = None,
        async_transport: AsyncTransport | None = None,
        timeout: float | None = 30.0,
        skew: float = 30.0,
        clock: Callable[[], float] = time.time,
        allow_insecure_http: bool = False,
        store: TokenStore | None = None,
    ) -> None:
        if auth_method is None:
            auth_method = "client_secret_basic" if client_secret else "none"
        super().__init__(
            token_endpoint,
            client_id,
            client_secret,
            auth_method=auth_method,
            scope=scope,
            extra_params=extra_params,
            on_token=on_token,
            transport=transport,
            async_transport=async_transport,
            timeout=timeout,
            skew=skew,
            clock=clock,
            allow_insecure_http=allow_insecure_http,
            store=store,
            seed=token,
        )
        self._refresh_token: str | None = None
        if isinstance(token, Token):
            if store is None:  # with a store, the stored token may be newer
                self._current = token
            self._refresh_token = token.refresh_token
        else:
            self._refresh_token = token
        if not self._refresh_token and store is None:
            raise ValueError("RefreshTokenSource needs a refresh token")

    def _use_refresh(self, refresh: Secret | None) -> None:
        if refresh is not None:
            self._refresh_token = refresh.value  # the one read under the store's lock

    def _grant(self, stale: Token | None) -> tuple[dict[str, str], list[str]]:
        refresh = self._refresh_token
        assert refresh is not None
        form = {"grant_type": "refresh_token", "refresh_token": refresh}
        if self.scope:
            form["scope"] = self.scope
        secrets = [refresh]
        if stale is not None:
            secrets.append(stale.access_token)
        return form, secrets

    def _published(self, token: Token) -> None:
        if token.refresh_token != self._refresh_token:
            logger.debug("refresh token rotated")
        self._refresh_token = token.refresh_token
        super()._published(token)

    def interpret(
        self, request: TokenRequest, result: HTTPResult, stale: Token | None = None
    ) -> Token:
        """See :meth:`_GrantSource.interpret`; the current refresh token is kept if none comes."""
        token = super().interpret(request, result, stale)
        if token.refresh_token is None:
            token = Token(
                token.access_token,
                token_type=token.token_type,
                refresh_token=self._refresh_token,
                expires_at=token.expires_at,
                scope=token.scope,
                id_token=token.id_token,
            )
        return token

    @classmethod
    def from_issuer(
        cls,
        issuer: str,
        client_id: str,
        token: Token | str,
        *,
        transport: Transport | None = None,
        **kwargs: Any,
    ) -> RefreshTokenSource:
        """Find the token endpoint in the issuer's metadata (RFC 8414), then build the source.

        Raises what :func:`oauth_client_errors.discover` raises.
        """
        metadata = discover(issuer, transport=transport)
        if kwargs.get("auth_method") is None:
            kwargs["auth_method"] = metadata.client_auth_method(bool(kwargs.get("client_secret")))
        endpoint = token_endpoint_of(metadata)
        return cls(endpoint, client_id, token, transport=transport, **kwargs)


class _GuardedSource(BaseTokenSource):
    """Single-flight refresh around a user's own token source.

    Its ``token()`` is asked for the token of every request until a refresh has happened
    here; from then on the refreshed token is used while it is valid. In async code, an
    object without ``atoken()`` has its sync ``token()`` called directly (it must not
    block: do slow work in ``refresh``, which runs in a worker thread).
    """

    def __init__(self, inner: Any) -> None:
        super().__init__(skew=0.0)
        self.inner = inner
        declared = getattr(inner, "grant_type", None)  # a user's object may say its grant
        self.grant_type = declared if isinstance(declared, str) else None

    def __repr__(self) -> str:
        return f"{type(self.inner).__name__}(...)"

    def token_steps(self) -> TokenSteps:
        """The refreshed token while valid, else what the user's object hands out."""
        current = self._current
        if current is not None and not current.is_expired():
            return current
        token: Token = yield Call(self._inner_token, self._inner_atoken)
        return token

    def _inner_token(self) -> Token:
        fetch = getattr(self.inner, "token", None)
        if fetch is None:
            raise TypeError("this token source is async-only (atoken); use it from async code")
        token: Token = fetch()
        return token

    async def _inner_atoken(self) -> Token:
        afetch = getattr(self.inner, "atoken", None)
        if afetch is not None:
            token: Token = await afetch()
            return token
        token = self.inner.token()
        return token

    def _fetch(self, stale: Token | None) -> Token:
        fetch = getattr(self.inner, "refresh", None)
        if fetch is None:
            raise TypeError("this token source is async-only (arefresh); use it from async code")
        token: Token = fetch(stale)
        return token

    async def _afetch(self, stale: Token | None) -> Token:
        afetch = getattr(self.inner, "arefresh", None)
        if afetch is not None:
            token: Token = await afetch(stale)
            return token
        import asyncio

        return await asyncio.to_thread(self._fetch, stale)


#: The methods a subclass may override; the adapters then call them instead of the steps.
_OVERRIDABLE = ("token", "refresh", "atoken", "arefresh")


def guard(source: Any) -> BaseTokenSource:
    """Return ``source`` with single-flight refresh (ready-made sources have it already)."""
    if isinstance(source, BaseTokenSource):
        cls = type(source)
        if all(getattr(cls, name) is getattr(BaseTokenSource, name) for name in _OVERRIDABLE):
            return source  # the adapters drive its steps (token requests through the client)
        return _GuardedSource(source)  # its own token() / refresh() are respected
    if isinstance(source, Token):
        raise TypeError("pass a token source, not a Token (wrap it in RefreshTokenSource)")
    if not (hasattr(source, "token") and hasattr(source, "refresh")) and not (
        hasattr(source, "atoken") and hasattr(source, "arefresh")
    ):
        raise TypeError(
            "a token source needs token() and refresh(stale) (or atoken()/arefresh(stale))"
        )
    return _GuardedSource(source)
