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
from typing import Any

import requests
from requests.auth import AuthBase
from requests.cookies import extract_cookies_to_jar

from ._adapter import AuthCore, DPoPHook, Exchange, RequestNotReplayableError, Step, origin_of
from ._errors import OAuthError
from ._tokens import HTTPResult, TokenRequest
from ._types import Endpoint
from .retry import RetryPolicy

__all__ = [
    "OAuth2Auth",
    "RequestNotReplayableError",
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

    Args:
        response: The response (its body is read).
        endpoint: Where it came from (``"token"``, ``"resource"``...).

    Returns:
        The typed error, with ``response`` set, or None for a success.
    """
    from ._parse import parse_response

    err = parse_response(
        response.status_code, _header_pairs(response), response.content, endpoint=endpoint
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
    cause: BaseException | None = None
    try:
        response.raise_for_status()
    except requests.HTTPError as exc:
        cause = exc
    raise err from cause


def token_transport(session: requests.Session) -> Any:
    """A token-source transport that sends token requests through ``session``.

    Example: ``RefreshTokenSource(url, id, token, transport=token_transport(session))``.
    Use a session *without* ``OAuth2Auth`` as its auth.
    """

    def send(request: TokenRequest) -> HTTPResult:
        response = session.post(
            request.url,
            data=request.body,
            headers=dict(request.headers),
            timeout=request.timeout,
            allow_redirects=False,
            auth=lambda r: r,
        )
        return HTTPResult(response.status_code, _header_pairs(response), response.content)

    return send


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
    session shared by many threads.

    Args:
        source: A token source (``ClientCredentials``, ``RefreshTokenSource``, or any
            object with ``token()`` / ``refresh(stale)``).
        retry: The retry policy (``RetryPolicy.never()`` to disable).
        dpop: DPoP proof hook ``(prepared_request, nonce) -> proof`` (RFC 9449), or None.
    """

    def __init__(
        self,
        source: object,
        *,
        retry: RetryPolicy = _DEFAULT_RETRY,
        dpop: DPoPHook | None = None,
    ) -> None:
        self._core = AuthCore(source, retry, dpop)
        self._thread_local = threading.local()

    @property
    def source(self) -> Any:
        """The token source (wrapped for single flight when it is your own object)."""
        return self._core.source

    def __call__(self, r: requests.PreparedRequest) -> requests.PreparedRequest:
        """Attach the token and register the response hook."""
        ex = Exchange(origin_of(str(r.url)), str(r.method), self._core.source.token())
        self._apply(r, ex)
        tell = getattr(r.body, "tell", None)
        pos: int | None = None
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
        proof = self._core.proof(ex, prep)
        if proof is not None:
            prep.headers["DPoP"] = proof

    def _error(self, r: requests.Response, ex: Exchange) -> OAuthError | None:
        if r.request is None or origin_of(str(r.request.url)) != ex.origin:
            return None  # a foreign origin (after a redirect): not our token's business
        nonce = r.headers.get("dpop-nonce")
        if nonce:
            self._core.note_nonce(ex.origin, nonce)
        if r.status_code < 400:
            return None
        return self._core.error_for(r.status_code, _header_pairs(r), r.content, ex, r)

    def _resend(
        self, r: requests.Response, ex: Exchange, pos: int | None, kwargs: dict[str, Any]
    ) -> requests.Response:
        r.content  # noqa: B018 - drain, so the connection can be reused
        r.close()
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
        new.history.append(r)
        new.request = prep
        return new

    def _handle(
        self, ex: Exchange, pos: int | None, r: requests.Response, **kwargs: Any
    ) -> requests.Response:
        tl = self._thread_local
        if getattr(tl, "active", False):
            return r  # a response to our own re-send: already being handled
        err = self._error(r, ex)
        if err is None:
            return r
        tl.active = True
        try:
            return self._settle(ex, pos, r, err, kwargs)
        finally:
            tl.active = False

    def _settle(
        self,
        ex: Exchange,
        pos: int | None,
        r: requests.Response,
        err: OAuthError | None,
        kwargs: dict[str, Any],
    ) -> requests.Response:
        core = self._core
        last = [r]
        for attempt in core.retrying(ex.method, lambda: _replayable(last[0].request, pos)):
            with attempt:
                if attempt.retry_state.attempt_number > 1:
                    ex.token = core.source.token()
                    last[0] = self._resend(last[0], ex, pos, kwargs)
                    err = self._error(last[0], ex)
                while err is not None:
                    step = core.step(err, ex)
                    if step is Step.RAISE:
                        raise core.chain(err, ex)
                    if step is Step.REFRESH:
                        try:
                            ex.token = core.source.refresh(ex.token)
                        except OAuthError as exc:
                            raise exc from err
                    if not _replayable(last[0].request, pos):
                        raise RequestNotReplayableError(
                            f"{ex.method} request body is a consumed stream; it cannot be "
                            f"sent again after {err.code}"
                        ) from err
                    last[0] = self._resend(last[0], ex, pos, kwargs)
                    err = self._error(last[0], ex)
        return last[0]
