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
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterable, Iterator
from typing import Any

import httpx

from ._adapter import (
    BODY_READ_LIMIT,
    AuthCore,
    DPoPHook,
    Exchange,
    Origin,
    RequestNotReplayableError,
    Step,
    decode_prefix,
)
from ._errors import OAuthError
from ._resource_metadata import (
    ResourceMetadata,
    interpret_metadata_response,
    metadata_request_for,
)
from ._tokens import HTTPResult, TokenRequest
from ._types import Endpoint
from .retry import RetryPolicy

__all__ = [
    "OAuth2Auth",
    "RequestNotReplayableError",
    "ResourceMetadata",
    "afetch_resource_metadata",
    "async_token_transport",
    "fetch_resource_metadata",
    "from_httpx",
    "raise_for_oauth_error",
    "token_transport",
]

logger = logging.getLogger("oauth_client_errors")

_DEFAULT_RETRY = RetryPolicy()
_DEFAULT_PORTS = {"http": 80, "https": 443}


def from_httpx(
    response: httpx.Response, *, endpoint: Endpoint | str = "resource"
) -> OAuthError | None:
    """The OAuth error an ``httpx.Response`` carries, or None.

    The body must have been read (``response.read()`` / ``await response.aread()``) unless
    the response was not streamed; an unread body is left alone and the response is
    classified by its status and headers.

    Args:
        response: The response.
        endpoint: Where it came from (``"token"``, ``"resource"``...).

    Returns:
        The typed error, with ``response`` set, or None for a success.
    """
    from ._interpret import parse_response

    try:
        body: bytes | None = response.content[:BODY_READ_LIMIT]
    except httpx.ResponseNotRead:
        body = None
    try:
        provider: str | None = str(response.request.url)
    except RuntimeError:  # a response built without a request
        provider = None
    err = parse_response(
        response.status_code,
        response.headers.multi_items(),
        body,
        endpoint=endpoint,
        provider=provider,
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
    raise err from _status_error(response)


def _status_error(response: httpx.Response) -> httpx.HTTPStatusError | None:
    if not response.is_error:
        return None
    try:
        response.raise_for_status()
    except httpx.HTTPStatusError as exc:
        exc.__traceback__ = None
        return exc
    return None  # pragma: no cover


def _read_limited(response: httpx.Response) -> HTTPResult:
    body = b"".join(_limited(response.iter_bytes()))
    return HTTPResult(response.status_code, response.headers.multi_items(), body)


def _limited(chunks: Iterable[bytes]) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        yield chunk
        if size >= BODY_READ_LIMIT:
            return


async def _aread_limited(response: httpx.Response) -> HTTPResult:
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        parts.append(chunk)
        size += len(chunk)
        if size >= BODY_READ_LIMIT:
            break
    return HTTPResult(response.status_code, response.headers.multi_items(), b"".join(parts))


def token_transport(client: httpx.Client) -> Any:
    """A token-source transport that sends token requests through ``client``.

    Example: ``ClientCredentials(url, id, secret, transport=token_transport(client))``.
    The client's own auth is not used, redirects are not followed (the body carries
    secrets), and at most ``MAX_BODY_BYTES`` + 1 bytes of the answer are read.
    """

    def send(request: TokenRequest) -> HTTPResult:
        with client.stream(
            request.method,
            request.url,
            content=request.body,
            headers=dict(request.headers),
            timeout=request.timeout,
            follow_redirects=False,
            auth=None,
        ) as response:
            return _read_limited(response)

    return send


def async_token_transport(client: httpx.AsyncClient) -> Any:
    """An async token-source transport that sends token requests through ``client``."""

    async def send(request: TokenRequest) -> HTTPResult:
        async with client.stream(
            request.method,
            request.url,
            content=request.body,
            headers=dict(request.headers),
            timeout=request.timeout,
            follow_redirects=False,
            auth=None,
        ) as response:
            return await _aread_limited(response)

    return send


# -- RFC 9728 ----------------------------------------------------------------------------------


def fetch_resource_metadata(
    client: httpx.Client,
    err_or_url: OAuthError | str,
    *,
    prefix_match: bool = False,
    timeout: float | None = 30.0,
) -> ResourceMetadata:
    """Fetch and validate a protected resource's metadata (RFC 9728).

    Args:
        client: The client to fetch with (its auth is not used; no token is sent).
        err_or_url: An error raised for a resource response whose ``WWW-Authenticate``
            challenge carries ``resource_metadata`` (RFC 9728 §5.1), or the resource
            identifier itself (its well-known URL is built as RFC 9728 §3.1 says).
        prefix_match: Accept a ``resource`` that is a path prefix of the request URL on
            the same origin (draft-mcguinness-oauth-rfc9728bis), not only an exact match.
        timeout: Seconds to wait.

    Returns:
        The metadata, with its authorization servers.

    Raises:
        MalformedResponseError: The metadata is not a JSON object, lacks ``resource``,
            or its ``resource`` does not match (RFC 9728 §3.3); it must not be used.
        ValueError: ``err_or_url`` gives no metadata URL, or a URL that is not https
            (loopback http is allowed).
        httpx.HTTPError: The request failed.

    RFC:
        RFC 9728 §3.1 (well-known URL), §3.2 (response), §3.3 (validation), §5.1
        (``resource_metadata`` in ``WWW-Authenticate``).
    """
    url, expected = metadata_request_for(err_or_url, _request_url(err_or_url))
    with client.stream(
        "GET",
        url,
        headers={"Accept": "application/json"},
        timeout=timeout,
        follow_redirects=False,
        auth=None,
    ) as response:
        result = _read_limited(response)
    return interpret_metadata_response(result, expected, url=url, prefix_match=prefix_match)


async def afetch_resource_metadata(
    client: httpx.AsyncClient,
    err_or_url: OAuthError | str,
    *,
    prefix_match: bool = False,
    timeout: float | None = 30.0,
) -> ResourceMetadata:
    """Async form of :func:`fetch_resource_metadata`."""
    url, expected = metadata_request_for(err_or_url, _request_url(err_or_url))
    async with client.stream(
        "GET",
        url,
        headers={"Accept": "application/json"},
        timeout=timeout,
        follow_redirects=False,
        auth=None,
    ) as response:
        result = await _aread_limited(response)
    return interpret_metadata_response(result, expected, url=url, prefix_match=prefix_match)


def _request_url(err_or_url: object) -> str | None:
    response = getattr(err_or_url, "response", None)
    if isinstance(response, httpx.Response):
        try:
            return str(response.request.url)
        except RuntimeError:
            return None
    return None


# -- reading error bodies, bounded --------------------------------------------------------------


class _SyncReplay(httpx.SyncByteStream):
    """A response stream whose first bytes were read to interpret the response.

    Yields the bytes already read, then the rest of the original stream: the caller's
    response is intact. :meth:`release` drops the rest (and closes the connection).
    """

    def __init__(
        self, head: bytes, rest: Iterator[bytes] | None, original: httpx.SyncByteStream
    ) -> None:
        self._head = head
        self._rest = rest
        self._original = original

    def __iter__(self) -> Iterator[bytes]:
        head, self._head = self._head, b""
        if head:
            yield head
        rest, self._rest = self._rest, None
        if rest is not None:
            yield from rest

    def release(self, keep_head: bool) -> None:
        if not keep_head:
            self._head = b""
        self._rest = None
        self._original.close()

    def close(self) -> None:
        self._original.close()


class _AsyncReplay(httpx.AsyncByteStream):
    """Async form of :class:`_SyncReplay`."""

    def __init__(
        self, head: bytes, rest: AsyncIterator[bytes] | None, original: httpx.AsyncByteStream
    ) -> None:
        self._head = head
        self._rest = rest
        self._original = original

    async def __aiter__(self) -> AsyncIterator[bytes]:
        head, self._head = self._head, b""
        if head:
            yield head
        rest, self._rest = self._rest, None
        if rest is not None:
            async for chunk in rest:
                yield chunk

    async def release(self, keep_head: bool) -> None:
        if not keep_head:
            self._head = b""
        self._rest = None
        await self._original.aclose()

    async def aclose(self) -> None:
        await self._original.aclose()


def _already_read(response: httpx.Response) -> bytes | None:
    try:
        return response.content[:BODY_READ_LIMIT]
    except httpx.ResponseNotRead:
        return None


def _decoded(response: httpx.Response, raw: bytes) -> tuple[bytes | None, bool]:
    """The decoded body prefix, and whether it is the whole body within the cap."""
    body = decode_prefix(raw, response.headers.get("content-encoding"), BODY_READ_LIMIT)
    return body, body is not None and len(body) < BODY_READ_LIMIT


def _peek(response: httpx.Response) -> bytes | None:
    """Read at most ``BODY_READ_LIMIT`` bytes of an error response, leaving it readable.

    A small body is read completely (``response.content`` works afterwards); a larger one
    is read up to the cap, and the rest stays on the wire for the caller.
    """
    done = _already_read(response)
    if done is not None:
        return done
    original = response.stream
    if not isinstance(original, httpx.SyncByteStream):
        return None
    iterator = iter(original)
    parts: list[bytes] = []
    size = 0
    complete = True
    try:
        for chunk in iterator:
            parts.append(chunk)
            size += len(chunk)
            if size >= BODY_READ_LIMIT:
                complete = False
                break
    except httpx.RequestError as exc:
        exc.request = response.request
        raise
    raw = b"".join(parts)
    body, fits = _decoded(response, raw)
    response.stream = _SyncReplay(raw, None if complete else iterator, original)
    if complete and fits:
        response.read()
    return body


async def _apeek(response: httpx.Response) -> bytes | None:
    """Async form of :func:`_peek`."""
    done = _already_read(response)
    if done is not None:
        return done
    original = response.stream
    if not isinstance(original, httpx.AsyncByteStream):
        return None
    iterator = original.__aiter__()
    parts: list[bytes] = []
    size = 0
    complete = True
    try:
        async for chunk in iterator:
            parts.append(chunk)
            size += len(chunk)
            if size >= BODY_READ_LIMIT:
                complete = False
                break
    except httpx.RequestError as exc:
        exc.request = response.request
        raise
    raw = b"".join(parts)
    body, fits = _decoded(response, raw)
    response.stream = _AsyncReplay(raw, None if complete else iterator, original)
    if complete and fits:
        await response.aread()
    return body


def _release(response: httpx.Response) -> None:
    """Before sending again: httpx reads the old response; make that read cost nothing."""
    stream = response.stream
    if isinstance(stream, _SyncReplay):
        stream.release(keep_head=_already_read(response) is not None)


async def _arelease(response: httpx.Response) -> None:
    stream = response.stream
    if isinstance(stream, _AsyncReplay):
        await stream.release(keep_head=_already_read(response) is not None)


# -- the auth ----------------------------------------------------------------------------------


def _origin(url: httpx.URL) -> Origin:
    scheme = url.scheme
    return scheme, url.raw_host.decode("ascii").lower(), url.port or _DEFAULT_PORTS.get(scheme)


def _replayable(request: httpx.Request) -> bool:
    if isinstance(request.stream, httpx.ByteStream):
        return True
    try:
        request.content  # noqa: B018 - raises if the body is an unread stream
    except httpx.RequestNotRead:
        return False
    return True


class OAuth2Auth(httpx.Auth):
    """Attach tokens from a token source, and act on the resource server's errors.

    * ``refresh`` (``invalid_token``, bare 401): one single-flight refresh, one replay of
      the request (body byte for byte); a second rejection raises
      :class:`~oauth_client_errors.InvalidTokenError`.
    * ``retry`` (429, 5xx, ``temporarily_unavailable``): bounded tenacity retries of
      idempotent requests, honouring ``Retry-After`` up to ``retry.max_delay``; a longer
      ``Retry-After`` raises at once with ``retry_after`` set.
    * ``use_dpop_nonce``: the nonce is kept per origin and given to ``dpop`` for one retry.
    * anything else: the typed error is raised, with ``err.response`` set, chained to the
      earlier rejection of the same request or to ``httpx.HTTPStatusError``.

    The token is only sent to its own origins (``origins``; by default the origin of the
    first request made with this auth). A request to any other origin is sent without it,
    and its answer is never acted on: a 401 from another origin triggers no refresh.
    Redirects are followed by httpx, which drops ``Authorization`` when one leaves the
    origin; the 401 of a redirect target on another origin is returned untouched.

    Responses with a status below 400 are handed back untouched. Of an error response,
    at most ``MAX_BODY_BYTES`` + 1 bytes are read to interpret it; the rest stays
    readable by the caller.

    Waits happen in :meth:`sync_auth_flow` (``retry.sleep``) and :meth:`async_auth_flow`
    (``retry.asleep``), never in :meth:`auth_flow`, as httpx's documentation asks.

    Args:
        source: A token source (``ClientCredentials``, ``RefreshTokenSource``, or any
            object with ``token()`` / ``refresh(stale)``, and optionally ``atoken()`` /
            ``arefresh(stale)``).
        retry: The retry policy (``RetryPolicy.never()`` to disable).
        dpop: DPoP proof hook ``(request, nonce) -> proof`` (RFC 9449), or None.
        origins: URLs (or origins) the token may be sent to; default: the origin of the
            first request.

    RFC:
        RFC 6750 §3 (challenges), RFC 9449 §8 (DPoP nonces), RFC 9110 §10.2.3
        (``Retry-After``), RFC 6454 (origins).
    """

    def __init__(
        self,
        source: object,
        *,
        retry: RetryPolicy = _DEFAULT_RETRY,
        dpop: DPoPHook | None = None,
        origins: Iterable[str] | str | None = None,
    ) -> None:
        self._core = AuthCore(source, retry, dpop, origins)

    def __repr__(self) -> str:
        return f"OAuth2Auth(source={self._core.source!r})"

    @property
    def source(self) -> Any:
        """The token source (wrapped for single flight when it is your own object)."""
        return self._core.source

    # -- helpers -------------------------------------------------------------------------------

    def _apply(self, request: httpx.Request, ex: Exchange) -> None:
        request.headers["Authorization"] = ex.token.authorization
        if self._core.dpop is not None:
            proof = self._core.proof(ex, request)
            if proof is not None:
                request.headers["DPoP"] = proof

    def _error(
        self, response: httpx.Response, ex: Exchange, body: bytes | None
    ) -> OAuthError | None:
        return self._core.error_for(
            response.status_code, response.headers.multi_items(), body, ex, response
        )

    def _foreign(self, response: httpx.Response, ex: Exchange) -> bool:
        """Whether ``response`` comes from another origin (after a redirect)."""
        if _origin(response.request.url) == ex.origin:
            return False
        logger.debug("response from another origin after a redirect: returned untouched")
        return True

    def _note_nonce(self, response: httpx.Response, ex: Exchange) -> None:
        if self._core.dpop is not None:
            self._core.note_nonce(ex.origin, response.headers.get("dpop-nonce"))

    def _cannot_replay(self, request: httpx.Request, err: OAuthError) -> None:
        if not _replayable(request):
            raise RequestNotReplayableError(
                f"{request.method} request body is a consumed stream; it cannot be sent "
                f"again after {err.code}"
            ) from err

    def _raise(self, err: OAuthError, ex: Exchange, response: httpx.Response) -> OAuthError:
        return self._core.chain(err, ex, _status_error(response))

    # -- sync ----------------------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Drive one request (see the class docstring); waits happen here, not in auth_flow."""
        core = self._core
        origin = _origin(request.url)
        if not core.owns(origin):
            yield request
            return
        ex = Exchange(origin, request.method, core.source.token())
        self._apply(request, ex)
        response = yield request
        if response.status_code < 400 and core.dpop is None:
            return  # the fast path: nothing to interpret
        try:
            yield from self._resolve(request, response, ex)
            return
        except OAuthError as exc:
            if not core.may_retry(exc, request.method):
                raise
            first: OAuthError | None = exc
        for attempt in core.retrying(request.method, lambda: _replayable(request)):
            with attempt:
                if first is not None:
                    err, first = first, None
                    raise err
                _release(ex.last_response)  # a large error body is not worth reading
                ex.token = core.source.token()
                self._apply(request, ex)
                response = yield request
                yield from self._resolve(request, response, ex)

    def _resolve(
        self, request: httpx.Request, response: httpx.Response, ex: Exchange
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Act on ``response`` until a response needs nothing more, or raise."""
        core = self._core
        while True:
            ex.last_response = response
            if self._foreign(response, ex):
                return
            self._note_nonce(response, ex)
            if response.status_code < 400:
                return
            err = self._error(response, ex, _peek(response))
            if err is None:
                return
            step = core.step(err, ex)
            if step is Step.RAISE:
                raise self._raise(err, ex, response)
            if step is Step.REFRESH:
                try:
                    ex.token = core.source.refresh(ex.token)
                except OAuthError as exc:
                    raise exc from err
            self._cannot_replay(request, err)
            _release(response)
            self._apply(request, ex)
            response = yield request

    # -- async ---------------------------------------------------------------------------------

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Async form of :meth:`sync_auth_flow` (sleeps with ``retry.asleep``)."""
        core = self._core
        origin = _origin(request.url)
        if not core.owns(origin):
            yield request
            return
        ex = Exchange(origin, request.method, await core.source.atoken())
        self._apply(request, ex)
        response = yield request
        if response.status_code < 400 and core.dpop is None:
            return
        try:
            again = await self._aresolve(request, response, ex)
            while again:
                again = await self._aresolve(request, (yield request), ex)
            return
        except OAuthError as exc:
            if not core.may_retry(exc, request.method):
                raise
            first: OAuthError | None = exc
        async for attempt in core.async_retrying(request.method, lambda: _replayable(request)):
            with attempt:
                if first is not None:
                    err, first = first, None
                    raise err
                await _arelease(ex.last_response)
                ex.token = await core.source.atoken()
                self._apply(request, ex)
                again = await self._aresolve(request, (yield request), ex)
                while again:
                    again = await self._aresolve(request, (yield request), ex)

    async def _aresolve(
        self, request: httpx.Request, response: httpx.Response, ex: Exchange
    ) -> bool:
        """One step of the async flow (async generators cannot ``yield from``).

        Returns:
            True when the request has been prepared to be sent again; False when
            ``response`` needs nothing more.
        """
        core = self._core
        ex.last_response = response
        if self._foreign(response, ex):
            return False
        self._note_nonce(response, ex)
        if response.status_code < 400:
            return False
        err = self._error(response, ex, await _apeek(response))
        if err is None:
            return False
        step = core.step(err, ex)
        if step is Step.RAISE:
            raise self._raise(err, ex, response)
        if step is Step.REFRESH:
            try:
                ex.token = await core.source.arefresh(ex.token)
            except OAuthError as exc:
                raise exc from err
        self._cannot_replay(request, err)
        await _arelease(response)
        self._apply(request, ex)
        return True

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Not used: httpx calls :meth:`sync_auth_flow` / :meth:`async_auth_flow`."""
        raise RuntimeError("use OAuth2Auth through httpx.Client or httpx.AsyncClient")
        yield request  # pragma: no cover
