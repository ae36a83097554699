"""RetryPolicy and the tenacity helpers."""

from __future__ import annotations

import dataclasses

import pytest
import tenacity

from oauth_client_errors._errors import HTTPStatusError
from oauth_client_errors._types import Policy
from oauth_client_errors.retry import RetryPolicy, retry_if_policy, wait_retry_after


def unavailable(after: float | None = None) -> HTTPStatusError:
    return HTTPStatusError(
        "503", endpoint="resource", status_code=503, retry_after=after, policy=Policy.RETRY
    )


def fix_config() -> HTTPStatusError:
    return HTTPStatusError("400", endpoint="resource", status_code=400, policy=Policy.FIX_CONFIG)


def test_defaults_are_strong_and_frozen() -> None:
    policy = RetryPolicy()
    assert policy.attempts == 3
    assert policy.max_delay == 60
    assert not policy.retry_non_idempotent
    assert policy.allows("GET") and policy.allows("put") and not policy.allows("POST")
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.attempts = 5  # type: ignore[misc]
    with pytest.raises(ValueError):
        RetryPolicy(attempts=0)


def test_retrying_honours_retry_after_and_stops() -> None:
    sleeps: list[float] = []
    calls = 0

    def flaky() -> str:
        nonlocal calls
        calls += 1
        if calls < 3:
            raise unavailable(4)
        return "ok"

    retrying = RetryPolicy(sleep=sleeps.append).retrying(method="GET")
    assert retrying(flaky) == "ok"
    assert sleeps == [4.0, 4.0]


def test_retry_after_beyond_cap_raises_at_once() -> None:
    sleeps: list[float] = []
    err = unavailable(120)
    with pytest.raises(HTTPStatusError) as info:
        RetryPolicy(sleep=sleeps.append, max_delay=60).retrying(method="GET")(
            lambda: (_ for _ in ()).throw(err)
        )
    assert info.value is err and info.value.retry_after == 120
    assert sleeps == []


def test_non_retry_policy_and_non_idempotent_raise_at_once() -> None:
    sleeps: list[float] = []
    for method, exc in (("GET", fix_config()), ("POST", unavailable(1))):
        calls = 0

        def fn(exc: Exception = exc) -> None:
            nonlocal calls
            calls += 1
            raise exc

        with pytest.raises(HTTPStatusError):
            RetryPolicy(sleep=sleeps.append).retrying(method=method)(fn)
        assert calls == 1
    assert sleeps == []


def test_exponential_backoff_without_retry_after_is_capped() -> None:
    sleeps: list[float] = []
    policy = RetryPolicy(attempts=6, sleep=sleeps.append, wait_jitter=0, wait_max=1, timeout=None)
    with pytest.raises(HTTPStatusError):
        policy.retrying(method="GET")(lambda: (_ for _ in ()).throw(unavailable()))
    assert len(sleeps) == 5
    assert sleeps == sorted(sleeps) and max(sleeps) <= 1
    assert sleeps[0] < sleeps[-1]


def test_helpers_in_plain_tenacity() -> None:
    sleeps: list[float] = []
    errors = [unavailable(2), unavailable(None)]

    def fn() -> str:
        if errors:
            raise errors.pop(0)
        return "done"

    retrying = tenacity.Retrying(
        retry=retry_if_policy("retry"),
        wait=wait_retry_after(tenacity.wait_fixed(0.5), max_delay=10),
        stop=tenacity.stop_after_attempt(5),
        sleep=sleeps.append,
        reraise=True,
    )
    assert retrying(fn) == "done"
    assert sleeps == [2.0, 0.5]
    assert not retry_if_policy(Policy.REFRESH)(tenacity.RetryCallState(retrying, fn, (), {}))


async def test_async_retrying_uses_async_sleep() -> None:
    sleeps: list[float] = []

    async def asleep(s: float) -> None:
        sleeps.append(s)

    calls = 0

    async def fn() -> str:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise unavailable(1)
        return "ok"

    assert await RetryPolicy(asleep=asleep).async_retrying(method="GET")(fn) == "ok"
    assert sleeps == [1.0]
