"""httpx integration: an ``httpx.Auth`` that acts on OAuth errors, and helpers.

>>> from oauth_client_errors import ClientCredentials
>>> from oauth_client_errors.httpx import client
>>> source = ClientCredentials("https://as.example/token", "id", "secret")
>>> api = client(source, follow_redirects=True)  # doctest: +SKIP

:func:`client` and :func:`async_client` build an ``httpx.Client`` / ``httpx.AsyncClient``
with an :class:`OAuth2Auth` and its redirect hook installed; the same
:class:`OAuth2Auth` works with either.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Generator, Iterable, Iterator
from typing import Any

import httpx

from ._adapter import (
    BODY_READ_LIMIT,
    AuthCore,
    DPoPHook,
    Read,
    Release,
    RequestNotReplayableError,
    Send,
    Sleep,
    decode_prefix,
    show_origin,
)
from ._errors import MalformedResponseError, OAuthError, TransportError
from ._ground.urls import DEFAULT_PORTS, Origin
from ._resource_metadata import (
    ResourceMetadata,
    interpret_metadata_response,
    metadata_request_for,
)
from ._tokens import (
    HTTPResult,
    SendToken,
    TokenRequest,
    carries_token,
    credentials_in,
    interpret_http,
    scrub_transport_error,
)
from ._types import Endpoint
from .retry import RetryPolicy

__all__ = [
    "OAuth2Auth",
    "RequestNotReplayableError",
    "ResourceMetadata",
    "afetch_resource_metadata",
    "async_client",
    "async_token_transport",
    "client",
    "fetch_resource_metadata",
    "from_httpx",
    "raise_for_oauth_error",
    "token_transport",
]

logger = logging.getLogger("oauth_client_errors")

_DEFAULT_RETRY = RetryPolicy()

#: The ``request.extensions`` key under which the flow keeps the URL it put the token on.
#: httpx copies a request's extensions onto the request of each redirect it follows, so
#: the redirect hook knows a redirect of a request that carried the token, and from where.
_CREDENTIALED_URL = "oauth_client_errors.credentialed_url"


def from_httpx(
    response: httpx.Response,
    *,
    endpoint: Endpoint | str | None = None,
    grant: str | None = None,
) -> OAuthError | None:
    """The OAuth error an ``httpx.Response`` carries, or None.

    The body must have been read (``response.read()`` / ``await response.aread()``) unless
    the response was not streamed; an unread body is left alone and the response is
    classified by its status and headers.

    Args:
        response: The response.
        endpoint: Where it came from (``"token"``, ``"resource"``...); None infers it
            from the evidence (the response, the request URL, whether the request
            carried an access token).
        grant: The grant type behind the token sent or asked for
            (``"client_credentials"``, ``"authorization_code"``...), if known: with no
            user behind it, the error says what to configure instead of asking a user
            to authorize (``err.grant``).

    Returns:
        The typed error, with ``response`` set, or None for a success.
    """
    try:
        body: bytes | None = response.content[:BODY_READ_LIMIT]
    except httpx.ResponseNotRead:
        body = None
    try:
        request: httpx.Request | None = response.request
    except RuntimeError:  # a response built without a request
        request = None
    err = interpret_http(
        response.status_code,
        response.headers.multi_items(),
        body,
        endpoint=endpoint,
        provider=None if request is None else str(request.url),
        token_sent=None if request is None else carries_token(request.headers.get("authorization")),
        grant=grant,
    )
    if err is not None:
        err.response = response
    return err


def raise_for_oauth_error(
    response: httpx.Response,
    *,
    endpoint: Endpoint | str | None = None,
    grant: str | None = None,
) -> httpx.Response:
    """Raise the typed error an ``httpx.Response`` carries; return the response otherwise.

    Raises:
        OAuthError: The response is an error (chained to ``httpx.HTTPStatusError`` when
            the status is 4xx/5xx).
    """
    err = from_httpx(response, endpoint=endpoint, grant=grant)
    if err is None:
        return response
    raise err from _status_error(response)


def _status_error(response: httpx.Response) -> httpx.HTTPStatusError | None:
    """Httpx's own error for ``response``, about copies without credentials and body.

    The exception keeps (and pickles) its request and response: the copies carry no
    ``Authorization`` or ``DPoP`` header and no body a server may have echoed them in.
    """
    if not response.is_error:
        return None
    try:
        original = response.request
    except RuntimeError:  # a response built by hand, without its request
        return None
    request = httpx.Request(original.method, original.url)
    try:
        httpx.Response(response.status_code, request=request).raise_for_status()
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

    :class:`OAuth2Auth` already sends token requests through the client it is attached
    to; this is for a source used on its own, or through another client.
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
    return scheme, url.raw_host.decode("ascii").lower(), url.port or DEFAULT_PORTS.get(scheme)


def _replayable(request: httpx.Request) -> bool:
    if isinstance(request.stream, httpx.ByteStream):
        return True
    try:
        request.content  # noqa: B018 - raises if the body is an unread stream
    except httpx.RequestNotRead:
        return False
    return True


class _HttpxWire:
    """The flow's view of httpx requests and responses."""

    def origin(self, request: httpx.Request) -> Origin:
        return _origin(request.url)

    def method(self, request: httpx.Request) -> str:
        return request.method

    def set_header(self, request: httpx.Request, name: str, value: str) -> None:
        request.headers[name] = value
        if name == "Authorization":  # the token: mark the request for the redirect hook
            request.extensions[_CREDENTIALED_URL] = request.url

    def response_origin(self, response: httpx.Response) -> Origin | None:
        return _origin(response.request.url)

    def status(self, response: httpx.Response) -> int:
        return response.status_code

    def headers(self, response: httpx.Response) -> list[tuple[str, str]]:
        return response.headers.multi_items()

    def replayable(self, request: httpx.Request) -> bool:
        return _replayable(request)

    def again(self, request: httpx.Request, response: httpx.Response) -> httpx.Request:
        return request  # httpx sends the same request object again

    def status_error(self, response: httpx.Response) -> BaseException | None:
        return _status_error(response)


_WIRE = _HttpxWire()


def _token_http_request(step: SendToken, original: httpx.Request) -> httpx.Request:
    """The token request as an ``httpx.Request``, with the client's timeouts."""
    token_request = step.request
    extensions = {}
    timeout = original.extensions.get("timeout")
    if timeout is not None:
        extensions["timeout"] = timeout
    return httpx.Request(
        token_request.method,
        token_request.url,
        headers=dict(token_request.headers),
        content=token_request.body,
        extensions=extensions,
    )


def _token_result(
    response: httpx.Response, raw: bytes, sent: httpx.Request, *, decoded: bool = False
) -> HTTPResult:
    if response.request is not sent:  # a redirect was followed
        raise MalformedResponseError(
            "the token endpoint redirected the token request; token requests must not follow "
            "redirects (the client follows them: set follow_redirects=False)"
        )
    body = (
        raw
        if decoded
        else decode_prefix(raw, response.headers.get("content-encoding"), BODY_READ_LIMIT)
    )
    return HTTPResult(response.status_code, response.headers.multi_items(), body or b"")


def _drain(response: httpx.Response, sent: httpx.Request) -> HTTPResult:
    """Read at most ``BODY_READ_LIMIT`` bytes of a token response, and empty it.

    httpx keeps the responses an auth flow received in ``response.history``; the token
    response is left there without its body (which holds tokens).
    """
    done = _already_read(response)
    if done is not None:
        response._content = b""  # the copy httpx keeps for response.history
        return _token_result(response, done, sent, decoded=True)
    original = response.stream
    parts: list[bytes] = []
    if isinstance(original, httpx.SyncByteStream):
        size = 0
        try:
            for chunk in original:
                parts.append(chunk)
                size += len(chunk)
                if size >= BODY_READ_LIMIT:
                    break
        finally:
            original.close()
    response.stream = httpx.ByteStream(b"")
    return _token_result(response, b"".join(parts), sent)


async def _adrain(response: httpx.Response, sent: httpx.Request) -> HTTPResult:
    """Async form of :func:`_drain`."""
    done = _already_read(response)
    if done is not None:
        response._content = b""  # the copy httpx keeps for response.history
        return _token_result(response, done, sent, decoded=True)
    original = response.stream
    parts: list[bytes] = []
    if isinstance(original, httpx.AsyncByteStream):
        size = 0
        try:
            async for chunk in original:
                parts.append(chunk)
                size += len(chunk)
                if size >= BODY_READ_LIMIT:
                    break
        finally:
            await original.aclose()
    response.stream = httpx.ByteStream(b"")
    return _token_result(response, b"".join(parts), sent)


def _strip_credentials(request: httpx.Request, *, body: bool = False) -> None:
    """Remove what is secret from a request an exception keeps (``exc.request``).

    Args:
        request: The request, changed in place.
        body: Also empty its body (a token request's form holds grant secrets).
    """
    for name in ("authorization", "dpop"):
        if name in request.headers:
            del request.headers[name]
    if body:
        request.stream = httpx.ByteStream(b"")
        request._content = b""  # the cached copy of the body httpx keeps


def _transport_error(exc: BaseException, request: httpx.Request, what: str) -> TransportError:
    """A package ``TransportError`` for an httpx failure, chained from a scrubbed copy."""
    secrets = credentials_in(request.headers.get("authorization"), request.headers.get("dpop"))
    _strip_credentials(request, body=what == "the token request")
    scrub_transport_error(exc, secrets)
    err = TransportError(
        f"{what} to {show_origin(_origin(request.url))} failed: {type(exc).__name__}"
    )
    err.__cause__ = exc
    return err


class OAuth2Auth(httpx.Auth):
    """Attach tokens from a token source, and act on the resource server's errors.

    * ``refresh`` (``invalid_token``, bare 401): one single-flight refresh, one replay of
      the request (body byte for byte); a second rejection raises
      :class:`~oauth_client_errors.InvalidTokenError`. A token refused right after a
      refresh is not refreshed again: every request with it raises at once (policy
      ``reauthorize``) until a token arrives by another path (a refresh storm guard).
    * ``retry`` (429, 5xx, ``temporarily_unavailable``): bounded tenacity retries of
      idempotent requests, honouring ``Retry-After`` up to ``retry.max_delay``; a longer
      ``Retry-After`` raises at once with ``retry_after`` set.
    * ``use_dpop_nonce``: the nonce is kept per origin and given to ``dpop`` for one retry.
    * anything else: the typed error is raised, with ``err.response`` set, chained to the
      earlier rejection of the same request or to ``httpx.HTTPStatusError``.

    Token requests of the ready-made sources go through the client this auth is attached
    to (they are yielded from the auth flow): its transport, proxies, TLS settings,
    timeouts and event hooks apply, in ``httpx.Client`` and ``httpx.AsyncClient`` alike,
    and single flight holds (N concurrent requests, one token request). A source given its
    own ``transport=`` keeps it. httpx lists the token response in ``response.history``
    (without its body, which holds tokens), as it lists a 401 that was answered.

    The token is only sent to its own origins (``origins``; by default the origin of the
    first request made with this auth), and never over plain http to a host that is not
    loopback (:class:`~oauth_client_errors.InsecureTransportError`, before connecting,
    unless ``allow_insecure_http=True``). A request to any other origin is sent without
    it, and its answer is never acted on: a 401 from another origin triggers no refresh.
    Redirects (``follow_redirects=True``) are followed by httpx inside ``Client.send``, out
    of the auth flow's sight: httpx drops ``Authorization`` when one leaves the origin, but
    keeps it on an http -> https redirect to the same host, and keeps the ``DPoP`` proof.
    Build the client with :func:`client` (or :func:`async_client`): it installs
    :meth:`redirect_hook` (:meth:`aredirect_hook`), which drops both from every redirect
    that leaves the origin of the request that carried them. An auth used by a client
    without the hook logs one WARNING (per auth) the first time such a redirect carried
    either of them, naming the fix.

    A resource request that cannot connect or times out raises
    :class:`~oauth_client_errors.TransportError` (sync clients), chained from the httpx
    exception with its request and traceback scrubbed. In async clients httpx's own
    exception propagates (httpx closes the auth flow without telling it the exception);
    its ``request`` no longer carries the token.

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
        allow_insecure_http: Allow sending the token over plain http off loopback.

    RFC:
        RFC 6750 §3 (challenges), §5.3 (TLS), RFC 9449 §8 (DPoP nonces), RFC 9110
        §10.2.3 (``Retry-After``), RFC 6454 (origins).
    """

    def __init__(
        self,
        source: object,
        *,
        retry: RetryPolicy = _DEFAULT_RETRY,
        dpop: DPoPHook | None = None,
        origins: Iterable[str] | str | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._core = AuthCore(source, retry, dpop, origins, allow_insecure_http=allow_insecure_http)
        self._warned = False  # a redirect without the hook carried the token: said once

    def __repr__(self) -> str:
        return f"OAuth2Auth(source={self._core.source!r})"

    @property
    def source(self) -> Any:
        """The token source (wrapped for single flight when it is your own object)."""
        return self._core.source

    def redirect_hook(self, request: httpx.Request) -> None:
        """A ``request`` event hook: no token or DPoP proof on a redirect to another origin.

        httpx follows redirects inside ``send``, out of the auth flow's sight, and drops
        only ``Authorization``, and only when the origin changes other than http -> https.
        On every redirect of a request this auth put the token on, the hook drops
        ``Authorization`` and ``DPoP`` when the redirect leaves that request's origin
        (another scheme, host or port; http -> https included: the token already travelled
        in clear). Other requests (token requests, requests to other origins, redirects
        within the origin) are left alone. :func:`client` installs it;
        by hand: ``httpx.Client(auth=auth, event_hooks={"request": [auth.redirect_hook]})``.
        For ``httpx.AsyncClient``, use :meth:`aredirect_hook`.

        RFC:
            RFC 6750 §5.3 (bearer tokens only over TLS, only to their resource server),
            RFC 9449 §4.3 (a DPoP proof is bound to one method and URL), RFC 6454 (origins).
        """
        start = request.extensions.get(_CREDENTIALED_URL)
        if start is None or start is request.url:
            return  # not a redirect of a request that carried the token
        if _origin(request.url) != _origin(start):
            _strip_credentials(request)
            logger.debug("redirect to another origin: token and DPoP proof dropped")

    async def aredirect_hook(self, request: httpx.Request) -> None:
        """:meth:`redirect_hook` for ``httpx.AsyncClient``, which awaits its event hooks."""
        self.redirect_hook(request)

    def _check_redirects(self, response: httpx.Response) -> None:
        """Warn once if a redirect httpx followed took the token or proof to another origin.

        Called only when ``response`` answers another request than the one the flow sent.
        With :meth:`redirect_hook` installed, such a request carries neither header.
        """
        for request in (*(past.request for past in response.history), response.request):
            start = request.extensions.get(_CREDENTIALED_URL)
            if start is None or start is request.url:
                continue
            carried = [name for name in ("Authorization", "DPoP") if name in request.headers]
            origin, target = _origin(start), _origin(request.url)
            if carried and origin != target:
                self._warned = True
                logger.warning(
                    "a redirect from %s to %s carried %s: httpx follows redirects inside "
                    "Client.send, out of the auth's sight. Build the client with "
                    "oauth_client_errors.httpx.client(...) (async_client(...) for an "
                    "AsyncClient), or add auth.redirect_hook (auth.aredirect_hook) to its "
                    "request event hooks. (Said once per OAuth2Auth.)",
                    show_origin(origin),
                    show_origin(target),
                    " and ".join(carried),
                )
                return

    # -- the drivers ---------------------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Drive the flow (:class:`~oauth_client_errors._adapter.AuthCore`) with httpx, sync."""
        flow = self._core.flow(_WIRE, request)
        value: Any = None
        error: BaseException | None = None
        box: list[Any] = []  # what goes into the flow: not a local of this frame when it raises
        while True:
            box[:] = [value]
            value = None
            try:
                step = flow.throw(error) if error is not None else flow.send(box.pop())
            except StopIteration:
                return
            value, error = None, None
            sent: httpx.Request | None = None
            try:
                if isinstance(step, Send):
                    sent = step.request
                    value = yield sent
                    if value.request is not sent and not self._warned:
                        self._check_redirects(value)
                elif isinstance(step, Read):
                    value = _peek(step.response)
                elif isinstance(step, Release):
                    _release(step.response)
                elif isinstance(step, Sleep):
                    self._core.retry.sleep(step.seconds)
                elif isinstance(step, SendToken):
                    if step.source.own_transport:
                        value = step.source._send(step.request)
                    else:
                        sent = _token_http_request(step, request)
                        value = _drain((yield sent), sent)
                else:
                    value = step.sync()
            except GeneratorExit as exit_:
                # httpx closes the flow when the request it was given failed; the failure
                # is this exception's context (sync only). Replace it with ours.
                cause = exit_.__context__
                if sent is None or not isinstance(cause, httpx.TransportError):
                    flow.close()
                    raise
                what = "the token request" if isinstance(step, SendToken) else "the request"
                error = _transport_error(cause, sent, what)
                with contextlib.suppress(StopIteration):  # the flow re-raises it
                    flow.throw(error)
                raise error from cause
            except BaseException as exc:
                error = exc

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Drive the same flow with httpx, async (waits with ``retry.asleep``)."""
        flow = self._core.flow(_WIRE, request)
        value: Any = None
        error: BaseException | None = None
        box: list[Any] = []  # what goes into the flow: not a local of this frame when it raises
        while True:
            box[:] = [value]
            value = None
            try:
                step = flow.throw(error) if error is not None else flow.send(box.pop())
            except StopIteration:
                return
            value, error = None, None
            sent: httpx.Request | None = None
            try:
                if isinstance(step, Send):
                    sent = step.request
                    value = yield sent
                    if value.request is not sent and not self._warned:
                        self._check_redirects(value)
                elif isinstance(step, Read):
                    value = await _apeek(step.response)
                elif isinstance(step, Release):
                    await _arelease(step.response)
                elif isinstance(step, Sleep):
                    await self._core.retry.asleep(step.seconds)
                elif isinstance(step, SendToken):
                    if step.source.own_transport:
                        value = await step.source._asend(step.request)
                    else:
                        sent = _token_http_request(step, request)
                        value = await _adrain((yield sent), sent)
                else:
                    value = await step.asynchronous()
            except GeneratorExit:
                # httpx closes the flow when the request failed (or was cancelled) without
                # saying why: take the credentials off the request its exception keeps.
                if sent is not None:
                    _strip_credentials(sent, body=isinstance(step, SendToken))
                flow.close()
                raise
            except BaseException as exc:
                error = exc

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """Not used: httpx calls :meth:`sync_auth_flow` / :meth:`async_auth_flow`."""
        raise RuntimeError("use OAuth2Auth through httpx.Client or httpx.AsyncClient")
        yield request  # pragma: no cover


# -- clients with the redirect hook -------------------------------------------------------------


def client(
    auth_or_source: object,
    *,
    retry: RetryPolicy = _DEFAULT_RETRY,
    dpop: DPoPHook | None = None,
    origins: Iterable[str] | str | None = None,
    allow_insecure_http: bool = False,
    **httpx_kwargs: Any,
) -> httpx.Client:
    """An ``httpx.Client`` that authenticates with :class:`OAuth2Auth`, redirect-safe.

    The recommended way to use the adapter: the client's ``request`` event hooks start
    with :meth:`OAuth2Auth.redirect_hook`, so a redirect that leaves the origin of a
    request carrying the token (another host or port, https -> http, http -> https)
    goes on without ``Authorization`` and without the ``DPoP`` proof, which httpx alone
    would keep. Your own ``event_hooks`` are kept, after it.

    >>> from oauth_client_errors import ClientCredentials
    >>> source = ClientCredentials("https://as.example/token", "id", "secret")
    >>> with client(source, follow_redirects=True, timeout=10) as api:  # doctest: +SKIP
    ...     api.get("https://api.example/me")

    Args:
        auth_or_source: A token source (an :class:`OAuth2Auth` is built from it with the
            options below), or an :class:`OAuth2Auth` (then give no option).
        retry: The retry policy of the auth built (``RetryPolicy.never()`` to disable).
        dpop: DPoP proof hook ``(request, nonce) -> proof`` (RFC 9449), or None.
        origins: URLs (or origins) the token may be sent to; default: the origin of the
            first request.
        allow_insecure_http: Allow sending the token over plain http off loopback.
        **httpx_kwargs: Everything else ``httpx.Client`` takes (``base_url``,
            ``timeout``, ``follow_redirects``, ``transport``, ``event_hooks``...), but
            not ``auth``.

    Returns:
        The client (use it as a context manager, or close it).

    Raises:
        TypeError: ``auth=`` was passed, or options came with a built :class:`OAuth2Auth`.

    RFC:
        RFC 6750 §5.3 (bearer tokens only over TLS, only to their resource server),
        RFC 9449 §4.3 (a DPoP proof is bound to one method and URL).
    """
    auth = _auth_for(auth_or_source, retry, dpop, origins, allow_insecure_http)
    return httpx.Client(auth=auth, **_hooked(httpx_kwargs, auth.redirect_hook))


def async_client(
    auth_or_source: object,
    *,
    retry: RetryPolicy = _DEFAULT_RETRY,
    dpop: DPoPHook | None = None,
    origins: Iterable[str] | str | None = None,
    allow_insecure_http: bool = False,
    **httpx_kwargs: Any,
) -> httpx.AsyncClient:
    """An ``httpx.AsyncClient`` that authenticates with :class:`OAuth2Auth`, redirect-safe.

    As :func:`client`, with :meth:`OAuth2Auth.aredirect_hook` first in the ``request``
    event hooks (an ``AsyncClient`` awaits them; your own hooks must be coroutine
    functions, as httpx requires).
    """
    auth = _auth_for(auth_or_source, retry, dpop, origins, allow_insecure_http)
    return httpx.AsyncClient(auth=auth, **_hooked(httpx_kwargs, auth.aredirect_hook))


def _auth_for(
    auth_or_source: object,
    retry: RetryPolicy,
    dpop: DPoPHook | None,
    origins: Iterable[str] | str | None,
    allow_insecure_http: bool,
) -> OAuth2Auth:
    if not isinstance(auth_or_source, OAuth2Auth):
        return OAuth2Auth(
            auth_or_source,
            retry=retry,
            dpop=dpop,
            origins=origins,
            allow_insecure_http=allow_insecure_http,
        )
    if (
        retry is not _DEFAULT_RETRY
        or dpop is not None
        or origins is not None
        or allow_insecure_http
    ):
        raise TypeError(
            "retry, dpop, origins and allow_insecure_http configure the OAuth2Auth built from "
            "a token source; pass them to OAuth2Auth(...) instead"
        )
    return auth_or_source


def _hooked(httpx_kwargs: dict[str, Any], hook: Any) -> dict[str, Any]:
    """The client's keyword arguments with ``hook`` first among the ``request`` hooks."""
    if "auth" in httpx_kwargs:
        raise TypeError("pass the OAuth2Auth or the token source first, not as auth=")
    hooks = dict(httpx_kwargs.get("event_hooks") or {})
    hooks["request"] = [hook, *hooks.get("request", ())]
    return {**httpx_kwargs, "event_hooks": hooks}
