"""httpx integration: an ``httpx.Auth`` that acts on OAuth errors, and helpers.

>>> import httpx
>>> from oauth_client_errors import ClientCredentials
>>> from oauth_client_errors.httpx import OAuth2Auth
>>> source = ClientCredentials("https://as.example/token", "id", "secret")
>>> client = httpx.Client(auth=OAuth2Auth(source))  # doctest: +SKIP

The same :class:`OAuth2Auth` works with ``httpx.Client`` and ``httpx.AsyncClient``.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Generator
from typing import Any

import httpx

from ._adapter import AuthCore, DPoPHook, Exchange, RequestNotReplayableError, Step, origin_of
from ._errors import OAuthError
from ._tokens import HTTPResult, TokenRequest
from ._types import Endpoint
from .retry import RetryPolicy

__all__ = [
    "OAuth2Auth",
    "RequestNotReplayableError",
    "async_token_transport",
    "from_httpx",
    "raise_for_oauth_error",
    "token_transport",
]

logger = logging.getLogger("oauth_client_errors")

_DEFAULT_RETRY = RetryPolicy()


def from_httpx(
    response: httpx.Response, *, endpoint: Endpoint | str = "resource"
) -> OAuthError | None:
    """The OAuth error an ``httpx.Response`` carries, or None.

    The body must have been read (``response.read()`` / ``await response.aread()``) unless
    the response was not streamed.

    Args:
        response: The response.
        endpoint: Where it came from (``"token"``, ``"resource"``...).

    Returns:
        The typed error, with ``response`` set, or None for a success.
    """
    from ._parse import parse_response

    try:
        body: bytes | None = response.content
    except httpx.ResponseNotRead:
        body = None
    err = parse_response(
        response.status_code, response.headers.multi_items(), body, endpoint=endpoint
    )
    if err is not None:
        err.response = response
    return err


def raise_for_oauth_error(
    response: httpx.Response, *, endpoint: Endpoint | str = "resource"
) -> httpx.Response:
    """Raise the typed error an ``httpx.Response`` carries; return the response otherwise.

    Raises:
        OAuthError: The response is an error (chained to ``httpx.HTTPStatusError`` when
            the status is 4xx/5xx).
    """
    err = from_httpx(response, endpoint=endpoint)
    if err is None:
        return response
    cause: BaseException | None = None
    if response.is_error:
        try:
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            cause = exc
    raise err from cause


def token_transport(client: httpx.Client) -> Any:
    """A token-source transport that sends token requests through ``client``.

    Example: ``ClientCredentials(url, id, secret, transport=token_transport(client))``.
    Use a client *without* ``OAuth2Auth`` on it.
    """

    def send(request: TokenRequest) -> HTTPResult:
        response = client.post(
            request.url,
            content=request.body,
            headers=dict(request.headers),
            timeout=request.timeout,
            follow_redirects=False,
            auth=httpx.Auth(),
        )
        return HTTPResult(response.status_code, response.headers.multi_items(), response.content)

    return send


def async_token_transport(client: httpx.AsyncClient) -> Any:
    """An async token-source transport that sends token requests through ``client``."""

    async def send(request: TokenRequest) -> HTTPResult:
        response = await client.post(
            request.url,
            content=request.body,
            headers=dict(request.headers),
            timeout=request.timeout,
            follow_redirects=False,
            auth=httpx.Auth(),
        )
        return HTTPResult(response.status_code, response.headers.multi_items(), response.content)

    return send


def _replayable(request: httpx.Request) -> bool:
    if isinstance(request.stream, (httpx.ByteStream,)):
        return True
    try:
        request.content  # noqa: B018 - raises if the body is an unread stream
    except httpx.RequestNotRead:
        return False
    return True


class OAuth2Auth(httpx.Auth):
    """Attach tokens from a token source, and act on the resource server's errors.

    * ``refresh`` (``invalid_token``, bare 401): one single-flight refresh, one replay; a
      second rejection raises :class:`~oauth_client_errors.InvalidTokenError`.
    * ``retry`` (429, 5xx, ``temporarily_unavailable``): bounded tenacity retries of
      idempotent requests, honouring ``Retry-After`` up to ``retry.max_delay``.
    * ``use_dpop_nonce``: the nonce is kept per origin and given to ``dpop`` for one retry.
    * anything else: the typed error is raised, with ``err.response`` set.

    The token is only ever sent to the origin of the request it was attached to; a 401
    from another origin (after a redirect) is returned untouched.

    Args:
        source: A token source (``ClientCredentials``, ``RefreshTokenSource``, or any
            object with ``token()`` / ``refresh(stale)``, and optionally ``atoken()`` /
            ``arefresh(stale)``).
        retry: The retry policy (``RetryPolicy.never()`` to disable).
        dpop: DPoP proof hook ``(request, nonce) -> proof`` (RFC 9449), or None.
    """

    def __init__(
        self,
        source: object,
        *,
        retry: RetryPolicy = _DEFAULT_RETRY,
        dpop: DPoPHook | None = None,
    ) -> None:
        self._core = AuthCore(source, retry, dpop)

    @property
    def source(self) -> Any:
        """The token source (wrapped for single flight when it is your own object)."""
        return self._core.source

    # -- helpers --------------------------------------------------------------------------

    def _apply(self, request: httpx.Request, ex: Exchange) -> None:
        request.headers["Authorization"] = ex.token.authorization
        proof = self._core.proof(ex, request)
        if proof is not None:
            request.headers["DPoP"] = proof

    def _error(self, response: httpx.Response, ex: Exchange) -> OAuthError | None:
        """The error to act on (the body must be read when status >= 400), or None."""
        if origin_of(str(response.request.url)) != ex.origin:
            return None  # a foreign origin: never our token's business
        nonce = response.headers.get("dpop-nonce")
        if nonce:
            self._core.note_nonce(ex.origin, nonce)
        if response.status_code < 400:
            return None
        return self._core.error_for(
            response.status_code, response.headers.multi_items(), response.content, ex, response
        )

    def _cannot_replay(self, request: httpx.Request, err: OAuthError) -> None:
        if not _replayable(request):
            raise RequestNotReplayableError(
                f"{request.method} request body is a consumed stream; it cannot be sent "
                f"again after {err.code}"
            ) from err

    # -- sync --------------------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Drive one request (see the class docstring); waits happen here, not in auth_flow."""
        core = self._core
        ex = Exchange(origin_of(str(request.url)), request.method, core.source.token())
        self._apply(request, ex)
        first = True
        for attempt in core.retrying(request.method, lambda: _replayable(request)):
            with attempt:
                if not first:
                    ex.token = core.source.token()
                    self._apply(request, ex)
                first = False
                response = yield request
                if response.status_code >= 400:
                    response.read()
                err = self._error(response, ex)
                while err is not None:
                    step = core.step(err, ex)
                    if step is Step.RAISE:
                        raise core.chain(err, ex)
                    if step is Step.REFRESH:
                        try:
                            ex.token = core.source.refresh(ex.token)
                        except OAuthError as exc:
                            raise exc from err
                    self._cannot_replay(request, err)
                    self._apply(request, ex)
                    response = yield request
                    if response.status_code >= 400:
                        response.read()
                    err = self._error(response, ex)

    # -- async -------------------------------------------------------------------------------

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Async form of :meth:`sync_auth_flow` (sleeps with ``retry.asleep``)."""
        core = self._core
        ex = Exchange(origin_of(str(request.url)), request.method, await core.source.atoken())
        self._apply(request, ex)
        first = True
        async for attempt in core.async_retrying(request.method, lambda: _replayable(request)):
            with attempt:
                if not first:
                    ex.token = await core.source.atoken()
                    self._apply(request, ex)
                first = False
                response = yield request
                if response.status_code >= 400:
                    await response.aread()
                err = self._error(response, ex)
                while err is not None:
                    step = core.step(err, ex)
                    if step is Step.RAISE:
                        raise core.chain(err, ex)
                    if step is Step.REFRESH:
                        try:
                            ex.token = await core.source.arefresh(ex.token)
                        except OAuthError as exc:
                            raise exc from err
                    self._cannot_replay(request, err)
                    self._apply(request, ex)
                    response = yield request
                    if response.status_code >= 400:
                        await response.aread()
                    err = self._error(response, ex)

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Not used: httpx calls :meth:`sync_auth_flow` / :meth:`async_auth_flow`."""
        raise RuntimeError("use OAuth2Auth through httpx.Client or httpx.AsyncClient")
        yield request  # pragma: no cover
