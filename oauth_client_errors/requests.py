"""requests integration: an ``AuthBase`` that acts on OAuth errors, and helpers.

>>> import requests
>>> from oauth_client_errors import ClientCredentials
>>> from oauth_client_errors.requests import OAuth2Auth
>>> session = requests.Session()
>>> session.auth = OAuth2Auth(ClientCredentials("https://as.example/token", "id", "s"))

Like ``requests.auth.HTTPDigestAuth``, the auth object registers a response hook that
sends the request again (new token, new DPoP nonce, retry) on the same connection.
"""

from __future__ import annotations

import functools
import logging
import threading
from collections.abc import Iterable, Iterator
from typing import Any

import requests
from requests.auth import AuthBase
from requests.cookies import extract_cookies_to_jar

from ._adapter import (
    BODY_READ_LIMIT,
    AuthCore,
    DPoPHook,
    Exchange,
    RequestNotReplayableError,
    Step,
    origin_of,
)
from ._errors import OAuthClientError, OAuthError
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
    "fetch_resource_metadata",
    "from_requests",
    "raise_for_oauth_error",
    "token_transport",
]

logger = logging.getLogger("oauth_client_errors")

_DEFAULT_RETRY = RetryPolicy()


def _header_pairs(response: requests.Response) -> list[tuple[str, str]]:
    """Headers as received, repeated ones kept apart when urllib3 still has them."""
    raw = getattr(response.raw, "headers", None)
    if raw is not None and hasattr(raw, "getlist"):
        return [(str(k), str(v)) for k, v in raw.items()]
    return [(str(k), str(v)) for k, v in response.headers.items()]


def from_requests(
    response: requests.Response, *, endpoint: Endpoint | str = "resource"
) -> OAuthError | None:
    """The OAuth error a ``requests.Response`` carries, or None.

    Of a body not read yet, at most ``MAX_BODY_BYTES`` + 1 bytes are read; the rest stays
    readable.

    Args:
        response: The response.
        endpoint: Where it came from (``"token"``, ``"resource"``...).

    Returns:
        The typed error, with ``response`` set, or None for a success.
    """
    from ._interpret import parse_response

    err = parse_response(
        response.status_code,
        _header_pairs(response),
        _peek(response),
        endpoint=endpoint,
        provider=response.url or None,
    )
    if err is not None:
        err.response = response
    return err


def raise_for_oauth_error(
    response: requests.Response, *, endpoint: Endpoint | str = "resource"
) -> requests.Response:
    """Raise the typed error a ``requests.Response`` carries; return the response otherwise.

    Raises:
        OAuthError: The response is an error (chained to ``requests.HTTPError`` when the
            status is 4xx/5xx).
    """
    err = from_requests(response, endpoint=endpoint)
    if err is None:
        return response
    raise err from _status_error(response)


def _status_error(response: requests.Response) -> requests.HTTPError | None:
    try:
        response.raise_for_status()
    except requests.HTTPError as exc:
        exc.__traceback__ = None
        return exc
    return None


class _NoAuth(AuthBase):
    """Send a request without the session's auth (token and metadata requests)."""

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        return r


def _get_limited(session: requests.Session, method: str, url: str, **kw: Any) -> HTTPResult:
    with session.request(
        method, url, stream=True, allow_redirects=False, auth=_NoAuth(), **kw
    ) as response:
        return HTTPResult(response.status_code, _header_pairs(response), _peek(response) or b"")


def token_transport(session: requests.Session) -> Any:
    """A token-source transport that sends token requests through ``session``.

    Example: ``RefreshTokenSource(url, id, token, transport=token_transport(session))``.
    The session's auth is not used, redirects are not followed (the body carries
    secrets), and at most ``MAX_BODY_BYTES`` + 1 bytes of the answer are read.
    """

    def send(request: TokenRequest) -> HTTPResult:
        return _get_limited(
            session,
            request.method,
            request.url,
            data=request.body,
            headers=dict(request.headers),
            timeout=request.timeout,
        )

    return send


def fetch_resource_metadata(
    session: requests.Session,
    err_or_url: OAuthError | str,
    *,
    prefix_match: bool = False,
    timeout: float | None = 30.0,
) -> ResourceMetadata:
    """Fetch and validate a protected resource's metadata (RFC 9728).

    Same as :func:`oauth_client_errors.httpx.fetch_resource_metadata`, with a session.

    Args:
        session: The session to fetch with (its auth is not used; no token is sent).
        err_or_url: An error whose ``WWW-Authenticate`` challenge carries
            ``resource_metadata`` (RFC 9728 §5.1), or the resource identifier (its
            well-known URL is built as RFC 9728 §3.1 says).
        prefix_match: Accept a ``resource`` that is a path prefix of the request URL on
            the same origin, not only an exact match.
        timeout: Seconds to wait.

    Returns:
        The metadata, with its authorization servers.

    Raises:
        MalformedResponseError: The document is invalid or for another resource
            (RFC 9728 §3.3); it must not be used.
        ValueError: No usable metadata URL.
        requests.RequestException: The request failed.

    RFC:
        RFC 9728 §3.1, §3.2, §3.3, §5.1.
    """
    request_url = None
    response = getattr(err_or_url, "response", None)
    if isinstance(response, requests.Response) and response.request is not None:
        request_url = str(response.request.url)
    url, expected = metadata_request_for(err_or_url, request_url)
    result = _get_limited(
        session, "GET", url, headers={"Accept": "application/json"}, timeout=timeout
    )
    return interpret_metadata_response(result, expected, url=url, prefix_match=prefix_match)


# -- reading error bodies, bounded --------------------------------------------------------------


class _ReplayRaw:
    """Stands in for ``response.raw`` after the first bytes were read to interpret it.

    ``stream()`` / ``read()`` give the bytes already read (decoded), then the rest of the
    body; everything else is the original raw response's.
    """

    def __init__(self, head: bytes, rest: Iterator[bytes], raw: Any) -> None:
        self._head = head
        self._rest: Iterator[bytes] | None = rest
        self._raw = raw

    def stream(self, amt: int | None = None, decode_content: bool | None = None) -> Iterator[bytes]:
        head, self._head = self._head, b""
        if head:
            yield head
        rest, self._rest = self._rest, None
        if rest is not None:
            yield from rest

    def read(self, amt: int | None = None, *args: Any, **kwargs: Any) -> bytes:
        parts: list[bytes] = []
        size = 0
        for chunk in self.stream():
            parts.append(chunk)
            size += len(chunk)
            if amt is not None and size >= amt:
                break
        data = b"".join(parts)
        if amt is not None and len(data) > amt:
            self._head = data[amt:] + self._head
            self._rest = self._rest
            data = data[:amt]
        return data

    def close(self) -> None:
        self._rest = None
        self._raw.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._raw, name)


def _peek(r: requests.Response) -> bytes | None:
    """Read at most ``BODY_READ_LIMIT`` bytes of ``r`` (decoded), leaving it readable.

    A body within the cap is read completely (``r.content`` works afterwards); of a larger
    one, the rest stays on the wire for the caller.
    """
    state: Any = r
    if state._content_consumed or state._content is not False:
        content = state._content
        return content[:BODY_READ_LIMIT] if isinstance(content, bytes) else None
    if r.raw is None:
        return None
    chunks = r.iter_content(64 * 1024)
    parts: list[bytes] = []
    size = 0
    complete = True
    for chunk in chunks:
        parts.append(chunk)
        size += len(chunk)
        if size >= BODY_READ_LIMIT:
            complete = False
            break
    data = b"".join(parts)
    if complete:
        state._content = data
        state._content_consumed = True
    else:
        r.raw = _ReplayRaw(data, chunks, r.raw)
    return data[:BODY_READ_LIMIT]


def _read_all(r: requests.Response) -> bool:
    state: Any = r
    return bool(state._content_consumed) and isinstance(state._content, bytes)


# -- the auth ----------------------------------------------------------------------------------


def _replayable(prep: requests.PreparedRequest, pos: int | None) -> bool:
    body: Any = prep.body
    if body is None or isinstance(body, (bytes, str)):
        return True
    return pos is not None and hasattr(body, "seek")


class OAuth2Auth(AuthBase):
    """Attach tokens from a token source, and act on the resource server's errors.

    Same behaviour as :class:`oauth_client_errors.httpx.OAuth2Auth`: single-flight
    refresh and one replay on ``refresh``; bounded tenacity retries of idempotent
    requests on ``retry``; one retry with a new DPoP nonce; the typed error, with
    ``err.response`` set, for everything else. Thread-safe: one instance may serve a
    session shared by many threads. A per-thread guard keeps the hook from acting on the
    answers to its own re-sends (and on requests made, in the same thread, while it is
    handling one), so a request is never replayed in a loop.

    The token is only sent to its own origins (``origins``; by default the origin of the
    first request). requests drops ``Authorization`` on a redirect to another host; a
    401 from another origin is returned untouched, without a refresh.

    Args:
        source: A token source (``ClientCredentials``, ``RefreshTokenSource``, or any
            object with ``token()`` / ``refresh(stale)``).
        retry: The retry policy (``RetryPolicy.never()`` to disable).
        dpop: DPoP proof hook ``(prepared_request, nonce) -> proof`` (RFC 9449), or None.
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
        self._thread_local = threading.local()

    def __repr__(self) -> str:
        return f"OAuth2Auth(source={self._core.source!r})"

    @property
    def source(self) -> Any:
        """The token source (wrapped for single flight when it is your own object)."""
        return self._core.source

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        """Attach the token and register the response hook."""
        core = self._core
        origin = origin_of(str(r.url))
        if not core.owns(origin):
            return r
        ex = Exchange(origin, str(r.method), core.source.token())
        self._apply(r, ex)
        pos: int | None = None
        tell = getattr(r.body, "tell", None)
        if tell is not None:
            try:
                pos = int(tell())
            except (OSError, ValueError):
                pos = None
        r.register_hook(  # type: ignore[no-untyped-call]
            "response", functools.partial(self._handle, ex, pos)
        )
        return r

    def _apply(self, prep: requests.PreparedRequest, ex: Exchange) -> None:
        prep.headers["Authorization"] = ex.token.authorization
        if self._core.dpop is not None:
            proof = self._core.proof(ex, prep)
            if proof is not None:
                prep.headers["DPoP"] = proof

    def _error(self, r: requests.Response, ex: Exchange) -> OAuthError | None:
        if r.request is None or origin_of(str(r.request.url)) != ex.origin:
            logger.debug("response from another origin after a redirect: returned untouched")
            return None
        if self._core.dpop is not None:
            self._core.note_nonce(ex.origin, r.headers.get("dpop-nonce"))
        if r.status_code < 400:
            return None
        return self._core.error_for(r.status_code, _header_pairs(r), _peek(r), ex, r)

    def _resend(
        self, r: requests.Response, ex: Exchange, pos: int | None, kwargs: dict[str, Any]
    ) -> requests.Response:
        if not _read_all(r):
            r.close()  # the rest of a large body is not worth reading: drop the connection
        prep = r.request.copy()
        if pos is not None:
            seek = getattr(prep.body, "seek", None)
            if seek is not None:
                seek(pos)
        jar: Any = prep._cookies  # type: ignore[attr-defined]
        extract_cookies_to_jar(jar, r.request, r.raw)  # type: ignore[no-untyped-call]
        prep.prepare_cookies(jar)
        self._apply(prep, ex)
        new = r.connection.send(prep, **kwargs)
        new.history = [*r.history, r]
        new.request = prep
        return new

    def _handle(
        self, ex: Exchange, pos: int | None, r: requests.Response, **kwargs: Any
    ) -> requests.Response:
        if r.status_code < 400 and self._core.dpop is None:
            return r  # the fast path: nothing to interpret
        tl = self._thread_local
        if getattr(tl, "active", False):
            logger.debug("response inside the handling of another one: returned untouched")
            return r
        tl.active = True
        try:
            err = self._error(r, ex)
            if err is None:
                return r
            return self._settle(ex, pos, r, err, kwargs)
        finally:
            tl.active = False

    def _settle(
        self,
        ex: Exchange,
        pos: int | None,
        r: requests.Response,
        err: OAuthError,
        kwargs: dict[str, Any],
    ) -> requests.Response:
        core = self._core
        last = [r]  # the latest response, closed if an error is raised
        try:
            try:
                return self._resolve(ex, pos, last, err, kwargs)
            except OAuthError as exc:
                if not core.may_retry(exc, ex.method):
                    raise
                first: OAuthError | None = exc
            # An error to retry: tenacity decides, waits (retry.sleep) and stops.
            for attempt in core.retrying(ex.method, lambda: _replayable(last[0].request, pos)):
                with attempt:
                    if first is not None:
                        pending, first = first, None
                        raise pending
                    ex.token = core.source.token()
                    last[0] = self._resend(last[0], ex, pos, kwargs)
                    return self._resolve(ex, pos, last, self._error(last[0], ex), kwargs)
            raise AssertionError("unreachable")  # pragma: no cover
        except OAuthClientError:
            _close_unless_read(last[0])
            raise

    def _resolve(
        self,
        ex: Exchange,
        pos: int | None,
        last: list[requests.Response],
        err: OAuthError | None,
        kwargs: dict[str, Any],
    ) -> requests.Response:
        """Refresh / new nonce and re-send until a response needs nothing more, or raise."""
        core = self._core
        while err is not None:
            r = last[0]
            step = core.step(err, ex)
            if step is Step.RAISE:
                raise core.chain(err, ex, _status_error(r))
            if step is Step.REFRESH:
                try:
                    ex.token = core.source.refresh(ex.token)
                except OAuthError as exc:
                    raise exc from err
            if not _replayable(r.request, pos):
                raise RequestNotReplayableError(
                    f"{ex.method} request body is a consumed stream; it cannot be "
                    f"sent again after {err.code}"
                ) from err
            last[0] = self._resend(r, ex, pos, kwargs)
            err = self._error(last[0], ex)
        return last[0]


def _close_unless_read(r: requests.Response) -> None:
    """Give the connection back (a body read within the cap stays readable)."""
    if not _read_all(r):
        r.close()
