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
import urllib.parse
from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import requests
from requests.auth import AuthBase
from requests.cookies import extract_cookies_to_jar

from ._adapter import (
    BODY_READ_LIMIT,
    AuthCore,
    DPoPHook,
    Exchange,
    FlowStep,
    Read,
    Release,
    RequestNotReplayableError,
    Send,
    Sleep,
    show_origin,
)
from ._errors import OAuthClientError, OAuthError, TransportError
from ._ground.urls import Origin, origin_of
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
    drive,
    interpret_http,
    scrub_transport_error,
)
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
T = TypeVar("T")


def _header_pairs(response: requests.Response) -> list[tuple[str, str]]:
    """Headers as received, repeated ones kept apart when urllib3 still has them."""
    raw = getattr(response.raw, "headers", None)
    if raw is not None and hasattr(raw, "getlist"):
        return [(str(k), str(v)) for k, v in raw.items()]
    return [(str(k), str(v)) for k, v in response.headers.items()]


def from_requests(
    response: requests.Response,
    *,
    endpoint: Endpoint | str | None = None,
    grant: str | None = None,
) -> OAuthError | None:
    """The OAuth error a ``requests.Response`` carries, or None.

    Of a body not read yet, at most ``MAX_BODY_BYTES`` + 1 bytes are read; the rest stays
    readable.

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
    request = response.request
    err = interpret_http(
        response.status_code,
        _header_pairs(response),
        _peek(response),
        endpoint=endpoint,
        provider=response.url or None,
        token_sent=None if request is None else carries_token(request.headers.get("Authorization")),
        grant=grant,
    )
    if err is not None:
        err.response = response
    return err


def raise_for_oauth_error(
    response: requests.Response,
    *,
    endpoint: Endpoint | str | None = None,
    grant: str | None = None,
) -> requests.Response:
    """Raise the typed error a ``requests.Response`` carries; return the response otherwise.

    Raises:
        OAuthError: The response is an error (chained to ``requests.HTTPError`` when the
            status is 4xx/5xx).
    """
    err = from_requests(response, endpoint=endpoint, grant=grant)
    if err is None:
        return response
    raise err from _status_error(response)


def _status_error(response: requests.Response) -> requests.HTTPError | None:
    """Requests' own error for ``response``, about a copy without credentials and body.

    The exception keeps (and pickles) its response and request: the copy carries no
    ``Authorization`` or ``DPoP`` header and no body a server may have echoed them in.
    """
    copy = requests.Response()
    copy.status_code, copy.reason, copy.url = response.status_code, response.reason, response.url
    copy._content = b""
    if response.request is not None:
        quiet = requests.PreparedRequest()
        quiet.method, quiet.url = response.request.method, response.request.url
        copy.request = quiet
    try:
        copy.raise_for_status()
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

    ``OAuth2Auth(source, session=session)`` does this for the sources it drives; this is
    for a source used on its own.

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


class _RequestsWire:
    """The flow's view of requests' prepared requests and responses, for one request."""

    def __init__(self, pos: int | None) -> None:
        self.pos = pos  # where a seekable body starts

    def origin(self, request: requests.PreparedRequest) -> Origin:
        return origin_of(str(request.url))

    def method(self, request: requests.PreparedRequest) -> str:
        return str(request.method)

    def set_header(self, request: requests.PreparedRequest, name: str, value: str) -> None:
        request.headers[name] = value

    def response_origin(self, response: requests.Response) -> Origin | None:
        if response.request is None:
            return None
        return origin_of(str(response.request.url))

    def status(self, response: requests.Response) -> int:
        return response.status_code

    def headers(self, response: requests.Response) -> list[tuple[str, str]]:
        return _header_pairs(response)

    def replayable(self, request: requests.PreparedRequest) -> bool:
        return _replayable(request, self.pos)

    def again(
        self, request: requests.PreparedRequest, response: requests.Response
    ) -> requests.PreparedRequest:
        prep = response.request.copy()
        if self.pos is not None:
            seek = getattr(prep.body, "seek", None)
            if seek is not None:
                seek(self.pos)
        jar: Any = prep._cookies  # type: ignore[attr-defined]
        extract_cookies_to_jar(jar, response.request, response.raw)  # type: ignore[no-untyped-call]
        prep.prepare_cookies(jar)
        return prep

    def status_error(self, response: requests.Response) -> BaseException | None:
        return _status_error(response)


def _strip(prep: requests.PreparedRequest) -> None:
    for name in ("Authorization", "DPoP"):
        prep.headers.pop(name, None)


class OAuth2Auth(AuthBase):
    """Attach tokens from a token source, and act on the resource server's errors.

    Same behaviour as :class:`oauth_client_errors.httpx.OAuth2Auth`, from the same flow:
    single-flight refresh and one replay on ``refresh`` (and no refresh storm: a token
    refused right after a refresh raises ``reauthorize`` until a new one arrives); bounded
    tenacity retries of idempotent requests on ``retry``; one retry with a new DPoP nonce;
    the typed error, with ``err.response`` set, for everything else. Thread-safe: one
    instance may serve a session shared by many threads. A per-thread guard keeps the hook
    from acting on the answers to its own re-sends (and on requests made, in the same
    thread, while it is handling one), so a request is never replayed in a loop.

    Token requests of the ready-made sources go through ``session`` when one is given
    (its adapters, proxies, TLS settings and hooks apply; its auth does not), else through
    the source's own transport. A source given its own ``transport=`` keeps it.

    The token is only sent to its own origins (``origins``; by default the origin of the
    first request), and never over plain http to a host that is not loopback
    (:class:`~oauth_client_errors.InsecureTransportError`, before connecting, unless
    ``allow_insecure_http=True``). On a redirect to another origin (http -> https on the
    same host included), ``Authorization`` and ``DPoP`` are dropped; a 401 from another
    origin is returned untouched, without a refresh.

    A re-send made by this auth that cannot connect or times out raises
    :class:`~oauth_client_errors.TransportError`, chained from the scrubbed requests
    exception. The first send of a request is requests' own (an auth is not told of its
    failure): its exception propagates unchanged.

    Args:
        source: A token source (``ClientCredentials``, ``RefreshTokenSource``, or any
            object with ``token()`` / ``refresh(stale)``).
        session: Send token requests through this session.
        retry: The retry policy (``RetryPolicy.never()`` to disable).
        dpop: DPoP proof hook ``(prepared_request, nonce) -> proof`` (RFC 9449), or None.
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
        session: requests.Session | None = None,
        retry: RetryPolicy = _DEFAULT_RETRY,
        dpop: DPoPHook | None = None,
        origins: Iterable[str] | str | None = None,
        allow_insecure_http: bool = False,
    ) -> None:
        self._core = AuthCore(source, retry, dpop, origins, allow_insecure_http=allow_insecure_http)
        self._session = session
        self._thread_local = threading.local()

    def __repr__(self) -> str:
        return f"OAuth2Auth(source={self._core.source!r})"

    @property
    def source(self) -> Any:
        """The token source (wrapped for single flight when it is your own object)."""
        return self._core.source

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        """Attach the token and register the response hook."""
        pos: int | None = None
        tell = getattr(r.body, "tell", None)
        if tell is not None:
            try:
                pos = int(tell())
            except (OSError, ValueError):
                pos = None
        wire = _RequestsWire(pos)
        ex = self._drive(self._core.start(wire, r), None)
        if ex is None:
            return r
        r.register_hook(  # type: ignore[no-untyped-call]
            "response", functools.partial(self._handle, ex, wire)
        )
        return r

    # -- the driver ----------------------------------------------------------------------------

    def _drive(self, flow: Generator[FlowStep, Any, T], last: list[Any] | None) -> T:
        """Carry out the flow's steps; ``last`` holds the latest response (re-sends)."""
        return drive(flow, functools.partial(self._step, last))

    def _step(self, last: list[Any] | None, step: FlowStep) -> Any:
        if isinstance(step, Send):
            assert last is not None
            return self._send(step.request, last)
        if isinstance(step, Read):
            return _peek(step.response)
        if isinstance(step, Release):
            _close_unless_read(step.response)
            return None
        if isinstance(step, Sleep):
            self._core.retry.sleep(step.seconds)
            return None
        if isinstance(step, SendToken):
            return self._send_token(step)
        return step.sync()

    def _send(self, prep: requests.PreparedRequest, last: list[Any]) -> requests.Response:
        previous: requests.Response = last[0]
        kwargs: dict[str, Any] = last[1]
        try:
            new = previous.connection.send(prep, **kwargs)
        except requests.RequestException as exc:
            secrets = credentials_in(prep.headers.get("Authorization"), prep.headers.get("DPoP"))
            _strip(prep)
            raise _transport_error(exc, str(prep.url), "the request", secrets) from exc
        new.history = [*previous.history, previous]
        new.request = prep
        last[0] = new
        return new

    def _send_token(self, step: SendToken) -> HTTPResult:
        source = step.source
        if source.own_transport or self._session is None:
            return source._send(step.request)  # type: ignore[no-any-return]
        try:
            return token_transport(self._session)(step.request)  # type: ignore[no-any-return]
        except requests.RequestException as exc:
            raise _transport_error(
                exc, step.request.url, "the token request", step.request.secrets
            ) from exc

    def _handle(
        self, ex: Exchange, wire: _RequestsWire, r: requests.Response, **kwargs: Any
    ) -> requests.Response:
        if r.is_redirect:
            self._redirecting(ex, r)
        if r.status_code < 400 and self._core.dpop is None:
            return r  # the fast path: nothing to interpret
        tl = self._thread_local
        if getattr(tl, "active", False):
            logger.debug("response inside the handling of another one: returned untouched")
            return r
        tl.active = True
        last: list[Any] = [r, kwargs]
        try:
            self._drive(self._core.resolve(wire, ex, r), last)
            response: requests.Response = last[0]
            return response
        except OAuthClientError:
            _close_unless_read(last[0])
            raise
        finally:
            tl.active = False

    def _redirecting(self, ex: Exchange, r: requests.Response) -> None:
        """Drop the token and DPoP proof before requests follows a redirect elsewhere."""
        location = r.headers.get("location")
        if location is None or r.request is None:
            return
        target = origin_of(urllib.parse.urljoin(str(r.url), location))
        if target != ex.origin:
            _strip(r.request)
            logger.debug("redirect to another origin: token and DPoP proof dropped")


def _transport_error(
    exc: BaseException, url: str, what: str, secrets: Sequence[str] = ()
) -> TransportError:
    """A package ``TransportError`` for a requests failure, chained from a scrubbed copy."""
    scrub_transport_error(exc, secrets)
    return TransportError(f"{what} to {show_origin(origin_of(url))} failed: {type(exc).__name__}")


def _close_unless_read(r: requests.Response) -> None:
    """Give the connection back (a body read within the cap stays readable)."""
    if not _read_all(r):
        r.close()
