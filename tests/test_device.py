"""Device authorization grant (RFC 8628): start, poll, slow_down, expiry."""

from __future__ import annotations

import json
import urllib.parse

import pytest

from oauth_client_errors._device import DEVICE_CODE_GRANT, DeviceFlow
from oauth_client_errors._errors import OAuthError
from oauth_client_errors._tokens import HTTPResult, TokenRequest
from oauth_client_errors._types import Policy


def js(status: int, body: dict[str, object]) -> HTTPResult:
    return HTTPResult(status, [("Content-Type", "application/json")], json.dumps(body).encode())


START = js(
    200,
    {
        "device_code": "DEVICE-SECRET-CODE",
        "user_code": "WDJB-MJHT",
        "verification_uri": "https://as.example/device",
        "expires_in": 60,
        "interval": 5,
    },
)
PENDING = js(400, {"error": "authorization_pending"})
SLOW = js(400, {"error": "slow_down"})
TOKEN = js(200, {"access_token": "AT", "token_type": "Bearer", "expires_in": 300})


class Clocked:
    """A fake clock advanced by the fake sleep, and a scripted transport."""

    def __init__(self, *polls: HTTPResult) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []
        self.polls = list(polls)
        self.requests: list[TokenRequest] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    async def asleep(self, seconds: float) -> None:
        self.sleep(seconds)

    def transport(self, request: TokenRequest) -> HTTPResult:
        self.requests.append(request)
        if request.url.endswith("/device_authorization"):
            return START
        return self.polls.pop(0) if len(self.polls) > 1 else self.polls[0]

    async def atransport(self, request: TokenRequest) -> HTTPResult:
        return self.transport(request)

    def flow(self) -> DeviceFlow:
        return DeviceFlow(
            "https://as.example/device_authorization",
            "https://as.example/token",
            "cli",
            scope="read",
            transport=self.transport,
            async_transport=self.atransport,
            sleep=self.sleep,
            asleep=self.asleep,
            clock=self.clock,
        )


def test_start_parses_and_hides_device_code() -> None:
    c = Clocked(TOKEN)
    auth = c.flow().start()
    assert auth.user_code == "WDJB-MJHT"
    assert auth.interval == 5
    assert auth.expires_at == 1060.0
    assert "DEVICE-SECRET-CODE" not in repr(auth) + str(auth)
    form = dict(urllib.parse.parse_qsl(c.requests[0].body.decode()))
    assert form == {"scope": "read", "client_id": "cli"}


def test_poll_pending_then_slow_down_then_token() -> None:
    c = Clocked(PENDING, SLOW, PENDING, TOKEN)
    flow = c.flow()
    auth = flow.start()
    token = flow.poll(auth)
    assert token.access_token == "AT"
    assert c.sleeps == [5, 5, 10, 10]  # +5 s after slow_down, and it stays
    form = dict(urllib.parse.parse_qsl(c.requests[-1].body.decode()))
    assert form["grant_type"] == DEVICE_CODE_GRANT
    assert form["device_code"] == "DEVICE-SECRET-CODE"


@pytest.mark.parametrize(
    ("code", "policy"), [("access_denied", Policy.FAIL), ("expired_token", Policy.REAUTHORIZE)]
)
def test_poll_stops_with_typed_error(code: str, policy: Policy) -> None:
    c = Clocked(PENDING, js(400, {"error": code}))
    flow = c.flow()
    with pytest.raises(OAuthError) as info:
        flow.poll(flow.start())
    assert info.value.code == code
    assert info.value.policy is policy
    assert info.value.hint
    assert len(c.sleeps) == 2


def test_poll_gives_up_when_expires_in_elapses() -> None:
    c = Clocked(PENDING)
    flow = c.flow()
    with pytest.raises(OAuthError) as info:
        flow.poll(flow.start())
    assert info.value.code == "expired_token"
    assert sum(c.sleeps) < 60
    assert c.now < 1060


def test_start_error_is_typed() -> None:
    c = Clocked(TOKEN)
    flow = c.flow()

    def bad(request: TokenRequest) -> HTTPResult:
        return js(400, {"error": "invalid_scope"})

    flow.transport = bad
    with pytest.raises(OAuthError) as info:
        flow.start()
    assert info.value.code == "invalid_scope"


async def test_async_poll() -> None:
    c = Clocked(PENDING, SLOW, TOKEN)
    flow = c.flow()
    auth = await flow.astart()
    token = await flow.apoll(auth)
    assert token.access_token == "AT"
    assert c.sleeps == [5, 5, 10]
