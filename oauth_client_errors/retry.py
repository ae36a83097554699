"""The ``retry`` policy in tenacity terms, for the adapters and for your own tenacity code.

>>> import tenacity
>>> from oauth_client_errors.retry import retry_if_policy, wait_retry_after
>>> retrying = tenacity.Retrying(
...     retry=retry_if_policy("retry"),
...     wait=wait_retry_after(tenacity.wait_exponential_jitter(max=5)),
...     stop=tenacity.stop_after_attempt(3),
...     reraise=True,
... )

tenacity does all the waiting, through its ``sleep`` function; :class:`RetryPolicy` takes
``sleep`` / ``asleep`` so tests can run without waiting.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import tenacity
from tenacity.stop import stop_base
from tenacity.wait import wait_base

from ._errors import OAuthError
from ._types import Policy

__all__ = [
    "IDEMPOTENT_METHODS",
    "RetryPolicy",
    "retry_if_policy",
    "stop_if_retry_after_exceeds",
    "wait_retry_after",
]

logger = logging.getLogger("oauth_client_errors")

#: Methods that may be sent twice without changing the outcome (RFC 9110 §9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})


# tenacity 9.1 renamed wait_exponential_jitter's ``initial`` to ``multiplier``.
_FIRST_WAIT = (
    "multiplier"
    if "multiplier" in inspect.signature(tenacity.wait_exponential_jitter).parameters
    else "initial"
)


def _error_of(retry_state: tenacity.RetryCallState) -> BaseException | None:
    outcome = retry_state.outcome
    if outcome is None or not outcome.failed:
        return None
    return outcome.exception()


class retry_if_policy(tenacity.retry_base):
    """Retry when the exception is an ``OAuthError`` whose ``policy`` is one of ``policies``.

    With no policies given, the policy is ``retry``.

    Args:
        *policies: :class:`~oauth_client_errors.Policy` members or their string values.
    """

    def __init__(self, *policies: Policy | str) -> None:
        self.policies = frozenset(Policy(p) for p in policies) or frozenset({Policy.RETRY})

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        """True if the attempt failed with an error of one of the policies."""
        exc = _error_of(retry_state)
        return isinstance(exc, OAuthError) and exc.policy in self.policies


class wait_retry_after(wait_base):
    """Wait what the server asked (``err.retry_after``), capped; else ``fallback``.

    Args:
        fallback: The tenacity wait used when the error carries no ``retry_after``
            (default: exponential backoff with jitter, 0.1 s doubling up to 5 s).
        max_delay: Never wait longer than this for a ``Retry-After`` (combine with
            :class:`stop_if_retry_after_exceeds` to give up instead).
    """

    def __init__(self, fallback: wait_base | None = None, *, max_delay: float = 60.0) -> None:
        self.fallback = fallback or tenacity.wait_exponential_jitter(max=5.0, **{_FIRST_WAIT: 0.1})
        self.max_delay = max_delay

    def __call__(self, retry_state: tenacity.RetryCallState) -> float:
        """Seconds to wait before the next attempt."""
        exc = _error_of(retry_state)
        after = getattr(exc, "retry_after", None)
        if isinstance(after, (int, float)) and after >= 0:
            return float(min(after, self.max_delay))
        return float(self.fallback(retry_state))


class stop_if_retry_after_exceeds(stop_base):
    """Stop at once when the server asks to wait longer than ``max_delay`` seconds."""

    def __init__(self, max_delay: float) -> None:
        self.max_delay = max_delay

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        """True if the server asked for a longer wait than the cap."""
        after = getattr(_error_of(retry_state), "retry_after", None)
        return isinstance(after, (int, float)) and after > self.max_delay


class _logged_stop(stop_base):
    """Log the give-up decision of another stop condition."""

    def __init__(self, inner: stop_base, describe: str) -> None:
        self.inner = inner
        self.describe = describe

    def __call__(self, retry_state: tenacity.RetryCallState) -> bool:
        stop = bool(self.inner(retry_state))
        if stop:
            exc = _error_of(retry_state)
            after = getattr(exc, "retry_after", None)
            logger.debug(
                "giving up %s after %d attempt(s): %s (retry_after=%s)",
                self.describe,
                retry_state.attempt_number,
                type(exc).__name__,
                after,
            )
        return stop


def _before_sleep(retry_state: tenacity.RetryCallState) -> None:
    exc = _error_of(retry_state)
    delay = retry_state.next_action.sleep if retry_state.next_action else 0.0
    logger.debug(
        "retrying in %.2f s (attempt %d failed: %s, status %s)",
        delay,
        retry_state.attempt_number,
        type(exc).__name__,
        getattr(exc, "status_code", None),
    )


@dataclass(frozen=True)
class RetryPolicy:
    """How the adapters retry errors whose policy is ``retry`` (429, 5xx, unavailable).

    Strong defaults, in the spirit of stamina: a few attempts, exponential backoff with
    jitter, a total time budget, ``Retry-After`` honoured up to a cap, and only
    idempotent methods retried.

    Attributes:
        attempts: Total attempts including the first (1 disables retrying).
        timeout: Give up once this many seconds have passed (None: no limit).
        max_delay: The longest ``Retry-After`` honoured; a longer one raises at once,
            with ``retry_after`` set on the error.
        wait_initial: First backoff delay when the server gave no ``Retry-After``.
        wait_max: Longest backoff delay.
        wait_exp_base: Backoff growth factor.
        wait_jitter: Maximum random seconds added to each backoff delay.
        retry_non_idempotent: Also retry POST and PATCH (only if the server is known to
            deduplicate, for example with idempotency keys).
        sleep: The blocking sleep tenacity uses (inject a fake in tests).
        asleep: The async sleep tenacity uses.
    """

    attempts: int = 3
    timeout: float | None = 45.0
    max_delay: float = 60.0
    wait_initial: float = 0.1
    wait_max: float = 5.0
    wait_exp_base: float = 2.0
    wait_jitter: float = 1.0
    retry_non_idempotent: bool = False
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False, compare=False)
    asleep: Callable[[float], Awaitable[None]] = field(
        default=asyncio.sleep, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")
        if self.max_delay < 0:
            raise ValueError("max_delay must not be negative")

    @classmethod
    def never(cls) -> RetryPolicy:
        """A policy that never retries (errors are raised at once)."""
        return cls(attempts=1)

    def allows(self, method: str) -> bool:
        """True if a request with ``method`` may be retried under this policy."""
        return self.retry_non_idempotent or method.upper() in IDEMPOTENT_METHODS

    def wait(self) -> wait_base:
        """The tenacity wait: ``Retry-After`` up to ``max_delay``, else jittered backoff."""
        return wait_retry_after(
            tenacity.wait_exponential_jitter(
                max=self.wait_max,
                exp_base=self.wait_exp_base,
                jitter=self.wait_jitter,
                **{_FIRST_WAIT: self.wait_initial},
            ),
            max_delay=self.max_delay,
        )

    def stop(self) -> stop_base:
        """The tenacity stop: attempts, time budget, or a ``Retry-After`` beyond the cap."""
        stop: stop_base = tenacity.stop_after_attempt(self.attempts) | stop_if_retry_after_exceeds(
            self.max_delay
        )
        if self.timeout is not None:
            stop = stop | tenacity.stop_before_delay(self.timeout)
        return stop

    def _kwargs(
        self,
        method: str | None,
        retry: tenacity.retry_base | None,
        describe: str,
    ) -> dict[str, Any]:
        predicate: tenacity.retry_base = retry or retry_if_policy(Policy.RETRY)
        if method is not None and not self.allows(method):
            predicate = tenacity.retry_never
        return {
            "retry": predicate,
            "wait": self.wait(),
            "stop": _logged_stop(self.stop(), describe),
            "before_sleep": _before_sleep,
            "reraise": True,
        }

    def retrying(
        self,
        *,
        method: str | None = None,
        retry: tenacity.retry_base | None = None,
        describe: str = "request",
    ) -> tenacity.Retrying:
        """A :class:`tenacity.Retrying` for this policy.

        Args:
            method: The HTTP method; a non-idempotent one is not retried unless allowed.
            retry: Replace the predicate (default: ``retry_if_policy("retry")``).
            describe: What is retried, for log messages.
        """
        return tenacity.Retrying(sleep=self.sleep, **self._kwargs(method, retry, describe))

    def async_retrying(
        self,
        *,
        method: str | None = None,
        retry: tenacity.retry_base | None = None,
        describe: str = "request",
    ) -> tenacity.AsyncRetrying:
        """A :class:`tenacity.AsyncRetrying` for this policy (see :meth:`retrying`)."""
        return tenacity.AsyncRetrying(sleep=self.asleep, **self._kwargs(method, retry, describe))
