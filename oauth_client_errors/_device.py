"""The device authorization grant (RFC 8628), sync and async.

>>> flow = DeviceFlow(  # doctest: +SKIP
...     "https://as.example/device", "https://as.example/token", "my-cli", scope="read"
... )
>>> auth = flow.start()  # doctest: +SKIP
>>> uri, code = auth.display_verification_uri, auth.display_user_code  # doctest: +SKIP
>>> print(f"Open {uri} and enter {code}")  # doctest: +SKIP
>>> token = flow.poll(auth)  # doctest: +SKIP

Polling honours ``interval``, adds 5 seconds on ``slow_down`` (RFC 8628 §3.5), keeps going
on ``authorization_pending``, stops with the typed error (and its hint) on
``expired_token`` and ``access_denied``, and gives up when ``expires_in`` has elapsed.
tenacity does the waiting, through the injectable ``sleep`` / ``asleep``.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import tenacity

from ._errors import MalformedResponseError, OAuthError, error_class
from ._ground.sanitize import display_text
from ._sources import _GrantSource
from ._tokens import (
    AsyncTransport,
    HTTPResult,
    Token,
    TokenRequest,
    Transport,
    _number,
    interpret_http,
    json_object,
)
from ._types import Policy
from .retry import retry_if_policy

__all__ = ["DEVICE_CODE_GRANT", "DeviceAuthorization", "DeviceFlow"]

logger = logging.getLogger("oauth_client_errors")

#: The longest device code lifetime believed; a larger ``expires_in`` is capped (logged).
MAX_DEVICE_LIFETIME = 24 * 3600.0
#: The longest polling interval believed; a larger ``interval`` is capped (logged).
MAX_INTERVAL = 300.0

#: The grant type of RFC 8628 §3.4.
DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"


@dataclass(frozen=True, repr=False)
class DeviceAuthorization:
    """The device authorization response (RFC 8628 §3.2).

    Attributes:
        device_code: The device code (secret; never shown in repr).
        user_code: The code the user types.
        verification_uri: Where the user goes.
        verification_uri_complete: The same with the user code in it, or None.
        expires_at: When the codes expire (epoch seconds).
        interval: Seconds between polls (5 unless the server said otherwise).
        params: Every parameter of the response except the device code.
    """

    device_code: str
    user_code: str
    verification_uri: str
    verification_uri_complete: str | None
    expires_at: float
    interval: float = 5.0
    params: Mapping[str, Any] | None = None

    def __repr__(self) -> str:
        return (
            f"DeviceAuthorization(user_code={self.user_code!r}, "
            f"verification_uri={self.verification_uri!r}, expires_at={self.expires_at!r}, "
            f"interval={self.interval!r}, device_code='***')"
        )

    __str__ = __repr__

    @property
    def display_user_code(self) -> str:
        """The user code, safe to print: control characters, escapes and bidi neutralised."""
        return display_text(self.user_code, 64)

    @property
    def display_verification_uri(self) -> str:
        """The verification URI, safe to print.

        Terminal escapes (an OSC 8 hyperlink that shows one address and links to another),
        control characters and bidi overrides are neutralised; show this, not
        :attr:`verification_uri`, to a person.
        """
        return display_text(self.verification_uri, 512)

    @property
    def display_verification_uri_complete(self) -> str | None:
        """The complete verification URI (with the user code), safe to print, or None."""
        if self.verification_uri_complete is None:
            return None
        return display_text(self.verification_uri_complete, 512)


class DeviceFlow(_GrantSource):
    """Run the device authorization grant: :meth:`start`, show the code, :meth:`poll`.

    Args:
        device_authorization_endpoint: The device authorization endpoint URL.
        token_endpoint: The token endpoint URL.
        client_id: The client identifier.
        client_secret: The secret of a confidential client, or None (usual for devices).
        scope: Scope to request.
        auth_method: Client authentication (default: ``client_secret_basic`` with a
            secret, else ``none``).
        extra_params: More parameters for the device authorization request.
        on_token: Called once with the token obtained.
        transport: Sends requests (default: ``urllib``).
        async_transport: Sends them from async code (default: ``transport`` in a thread).
        timeout: Seconds to wait for each HTTP answer.
        sleep: The blocking sleep tenacity uses between polls.
        asleep: The async sleep tenacity uses between polls.
        clock: Current time in epoch seconds.
        allow_insecure_http: Send requests over plain http to a host that is not loopback.
    """

    grant_type = DEVICE_CODE_GRANT

    def __init__(
        self,
        device_authorization_endpoint: str,
        token_endpoint: str,
        client_id: str,
        *,
        client_secret: str | None = None,
        scope: str | Sequence[str] | None = None,
        auth_method: str | None = None,
        extra_params: Mapping[str, str] | None = None,
        on_token: Callable[[Token], object] | None = None,
        transport: Transport | None = None,
        async_transport: AsyncTransport | None = None,
        timeout: float | None = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        asleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        clock: Callable[[], float] = time.time,
        allow_insecure_http: bool = False,
    ) -> None:
        if auth_method is None:
            auth_method = "client_secret_basic" if client_secret else "none"
        super().__init__(
            token_endpoint,
            client_id,
            client_secret,
            auth_method=auth_method,
            scope=scope,
            on_token=on_token,
            transport=transport,
            async_transport=async_transport,
            timeout=timeout,
            clock=clock,
            allow_insecure_http=allow_insecure_http,
        )
        self.device_authorization_endpoint = device_authorization_endpoint
        self.start_params = dict(extra_params or {})
        self.sleep = sleep
        self.asleep = asleep

    # -- sans-I/O ---------------------------------------------------------------------------

    def build_start_request(self) -> TokenRequest:
        """The device authorization request (RFC 8628 §3.1)."""
        form: dict[str, str] = {}
        if self.scope:
            form["scope"] = self.scope
        form.update(self.start_params)
        return self._request(self.device_authorization_endpoint, form, [])

    def interpret_start(self, request: TokenRequest, result: HTTPResult) -> DeviceAuthorization:
        """Turn the device authorization response into a :class:`DeviceAuthorization`.

        Raises:
            OAuthError: The server refused (endpoint ``device_authorization``).
            MalformedResponseError: A required parameter is missing.
        """
        err = interpret_http(
            result.status,
            result.headers,
            result.body,
            endpoint="device_authorization",
            provider=request.url,
            token_sent=False,
            grant=self.grant_type,
        )
        if err is not None:
            err._redact(request.secrets)
            raise err
        data = json_object(result.body)
        if data is None:
            raise MalformedResponseError(
                "device authorization response is not a readable JSON object"
            )
        device_code = data.get("device_code")
        user_code = data.get("user_code")
        # "verification_url" is what Google sent before RFC 8628 was final.
        uri = data.get("verification_uri") or data.get("verification_url")
        expires_in = _number(data.get("expires_in"), "expires_in", MAX_DEVICE_LIFETIME)
        if expires_in is None and data.get("expires_in") is not None:
            expires_in = MAX_DEVICE_LIFETIME  # absurd (logged): capped, never an overflow
        missing = [
            name
            for name, value in (
                ("device_code", device_code),
                ("user_code", user_code),
                ("verification_uri", uri),
            )
            if not isinstance(value, str) or not value
        ]
        if expires_in is None:
            missing.append("expires_in")
        if missing:
            data = device_code = None  # the device code is a secret: out of the locals
            raise MalformedResponseError(
                f"device authorization response lacks {', '.join(missing)}"
            )
        interval = _number(data.get("interval"), "interval", MAX_INTERVAL)
        if interval is None and data.get("interval") is not None:
            logger.debug("device flow: interval unusable; polling every %.0f s", MAX_INTERVAL)
            interval = MAX_INTERVAL
        complete = data.get("verification_uri_complete")
        return DeviceAuthorization(
            device_code=str(device_code),
            user_code=str(user_code),
            verification_uri=str(uri),
            verification_uri_complete=complete if isinstance(complete, str) else None,
            expires_at=self._clock() + float(expires_in or 0),
            interval=max(interval, 1.0) if interval is not None else 5.0,
            params={k: v for k, v in data.items() if k != "device_code"},
        )

    def build_poll_request(self, authorization: DeviceAuthorization) -> TokenRequest:
        """The device access token request (RFC 8628 §3.4)."""
        form = {"grant_type": DEVICE_CODE_GRANT, "device_code": authorization.device_code}
        return self._request(self.token_endpoint, form, [authorization.device_code])

    def _grant(self, stale: Token | None) -> tuple[dict[str, str], list[str]]:
        raise NotImplementedError("a device flow has no refresh; use RefreshTokenSource")

    # -- I/O -----------------------------------------------------------------------------------

    def start(self) -> DeviceAuthorization:
        """Ask for a device code and a user code."""
        request = self.build_start_request()
        logger.debug("device flow: requesting a device code")
        return self.interpret_start(request, self._send(request))

    async def astart(self) -> DeviceAuthorization:
        """Async form of :meth:`start`."""
        request = self.build_start_request()
        logger.debug("device flow: requesting a device code")
        return self.interpret_start(request, await self._asend(request))

    def _controller(self, authorization: DeviceAuthorization) -> dict[str, Any]:
        state = {"interval": authorization.interval}

        def wait(retry_state: tenacity.RetryCallState) -> float:
            exc = retry_state.outcome.exception() if retry_state.outcome else None
            if isinstance(exc, OAuthError) and exc.policy is Policy.SLOW_DOWN:
                state["interval"] += 5.0
                logger.debug("device flow: slow_down; interval now %.0f s", state["interval"])
            else:
                logger.debug(
                    "device flow: authorization pending; next poll in %.0f s", state["interval"]
                )
            return state["interval"]

        def stop(retry_state: tenacity.RetryCallState) -> bool:
            upcoming = retry_state.upcoming_sleep
            return self._clock() + upcoming >= authorization.expires_at

        def expired(retry_state: tenacity.RetryCallState) -> Token:
            logger.debug("device flow: giving up, the device code expired")
            raise self._expired() from (
                retry_state.outcome.exception() if retry_state.outcome else None
            )

        return {
            "retry": retry_if_policy(Policy.POLL, Policy.SLOW_DOWN),
            "wait": wait,
            "stop": stop,
            "retry_error_callback": expired,
        }

    def _expired(self) -> OAuthError:
        return error_class("expired_token")(
            description="the device code expired before the user finished (expires_in elapsed)",
            endpoint="token",
        )

    def _poll_once(self, result: HTTPResult, request: TokenRequest) -> Token:
        token = self.interpret(request, result)
        self._succeed_device(token)
        return token

    def _succeed_device(self, token: Token) -> None:
        with self._lock:
            self._current = token
        self._published(token)
        logger.debug("device flow: authorized")

    def poll(self, authorization: DeviceAuthorization) -> Token:
        """Poll the token endpoint until the user approves, denies, or the code expires.

        Returns:
            The token.

        Raises:
            AccessDeniedError: The user denied the request (policy ``fail``).
            ExpiredTokenError: The device code expired (policy ``reauthorize``): start again.
            OAuthError: Any other error from the token endpoint.
        """
        if self._clock() + authorization.interval >= authorization.expires_at:
            raise self._expired()
        self.sleep(authorization.interval)
        retrying = tenacity.Retrying(sleep=self.sleep, **self._controller(authorization))
        for attempt in retrying:
            with attempt:
                request = self.build_poll_request(authorization)
                logger.debug("device flow: polling the token endpoint")
                return self._poll_once(self._send(request), request)
        raise AssertionError("unreachable")  # pragma: no cover

    async def apoll(self, authorization: DeviceAuthorization) -> Token:
        """Async form of :meth:`poll`."""
        if self._clock() + authorization.interval >= authorization.expires_at:
            raise self._expired()
        await self.asleep(authorization.interval)
        retrying = tenacity.AsyncRetrying(sleep=self.asleep, **self._controller(authorization))
        async for attempt in retrying:
            with attempt:
                request = self.build_poll_request(authorization)
                logger.debug("device flow: polling the token endpoint")
                return self._poll_once(await self._asend(request), request)
        raise AssertionError("unreachable")  # pragma: no cover

    def run(self, prompt: Callable[[DeviceAuthorization], object]) -> Token:
        """:meth:`start`, call ``prompt`` to show the user code, then :meth:`poll`."""
        authorization = self.start()
        prompt(authorization)
        return self.poll(authorization)

    async def arun(self, prompt: Callable[[DeviceAuthorization], object]) -> Token:
        """Async form of :meth:`run`."""
        authorization = await self.astart()
        prompt(authorization)
        return await self.apoll(authorization)
