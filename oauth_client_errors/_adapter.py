"""What the httpx and requests adapters share: decisions, nonces, redaction (no I/O)."""

from __future__ import annotations

import enum
import logging
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import tenacity

from ._errors import HTTPStatusError, OAuthClientError, OAuthError, UnknownOAuthError
from ._tokens import BaseTokenSource, Token, guard
from ._types import Policy
from .retry import RetryPolicy, retry_if_policy

__all__ = ["AuthCore", "Exchange", "RequestNotReplayableError", "Step", "origin_of"]

logger = logging.getLogger("oauth_client_errors")


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


def origin_of(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with default ports made explicit."""
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme)
    return scheme, (parts.hostname or "").lower(), port


@dataclass
class Exchange:
    """The state of one request through the auth flow."""

    origin: tuple[str, str, int | None]
    method: str
    token: Token
    refreshed: bool = False
    nonce_sent: str | None = None
    nonce_retries: int = 0
    first_error: OAuthError | None = None


#: A DPoP proof hook: (request, nonce or None) -> the ``DPoP`` header value.
DPoPHook = Callable[[object, "str | None"], str]


class AuthCore:
    """Policy decisions shared by the adapters."""

    def __init__(self, source: object, retry: RetryPolicy, dpop: DPoPHook | None) -> None:
        self.source: BaseTokenSource = guard(source)
        self.retry = retry
        self.dpop = dpop
        self._nonces: dict[tuple[str, str, int | None], str] = {}
        self._lock = threading.Lock()

    # -- nonces ----------------------------------------------------------------------------

    def nonce(self, origin: tuple[str, str, int | None]) -> str | None:
        """The latest DPoP nonce of ``origin``."""
        return self._nonces.get(origin)

    def note_nonce(self, origin: tuple[str, str, int | None], value: str | None) -> None:
        """Remember the ``DPoP-Nonce`` a response from ``origin`` carried."""
        if value:
            with self._lock:
                if self._nonces.get(origin) != value:
                    logger.debug("new DPoP nonce for %s://%s", origin[0], origin[1])
                self._nonces[origin] = value

    def proof(self, ex: Exchange, request: object) -> str | None:
        """The ``DPoP`` header value for ``request``, or None without a hook."""
        if self.dpop is None:
            return None
        nonce = self.nonce(ex.origin)
        ex.nonce_sent = nonce
        return self.dpop(request, nonce)

    # -- responses ---------------------------------------------------------------------------

    def error_for(
        self,
        status: int,
        headers: Iterable[tuple[str, str]],
        body: bytes | None,
        ex: Exchange,
        response: object,
    ) -> OAuthError | None:
        """The error to act on in a resource response, or None to hand it to the caller."""
        from ._parse import parse_response

        err = parse_response(status, list(headers), body, endpoint="resource")
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
        """Decide what to do about ``err`` (``RETRY`` errors are raised to tenacity)."""
        if err.code == "use_dpop_nonce":
            if self.dpop is None:
                logger.debug("use_dpop_nonce but no DPoP proof hook; raising")
                return Step.RAISE
            if not err.dpop_nonce or err.dpop_nonce == ex.nonce_sent or ex.nonce_retries >= 2:
                logger.debug("DPoP nonce challenge repeated; raising")
                return Step.RAISE
            ex.nonce_retries += 1
            logger.debug("retrying once with the new DPoP nonce")
            return Step.NONCE
        if err.policy is Policy.REFRESH:
            if ex.refreshed:
                logger.debug("token rejected again after a refresh; raising %s", err.code)
                return Step.RAISE
            ex.refreshed = True
            ex.first_error = err
            logger.debug("resource server rejected the token (%s); refreshing", err.code)
            return Step.REFRESH
        logger.debug("policy %s for %s; raising", err.policy.value, err.code)
        return Step.RAISE

    def chain(self, err: OAuthError, ex: Exchange) -> OAuthError:
        """Chain a second rejection to the first, when there was one."""
        if ex.first_error is not None and ex.first_error is not err and err.__cause__ is None:
            err.__cause__ = ex.first_error
        return err

    def retrying(self, method: str, replayable: Callable[[], bool]) -> tenacity.Retrying:
        """Tenacity controller for one request."""
        return self.retry.retrying(
            method=method, retry=self._predicate(replayable), describe=f"{method} request"
        )

    def async_retrying(self, method: str, replayable: Callable[[], bool]) -> tenacity.AsyncRetrying:
        """Async tenacity controller for one request."""
        return self.retry.async_retrying(
            method=method, retry=self._predicate(replayable), describe=f"{method} request"
        )

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
