"""Cross-process single flight: one refresh per expiry across every process of a store.

Within a process, :class:`~oauth_client_errors.BaseTokenSource` already lets one
thread or task lead a refresh while the others wait. The leader calls into a
:class:`StoreCoordinator`, which makes the leaders of all processes take turns:

1. read the store without a lock; a token another worker stored (different from the
   stale one, and not about to expire) is used as it is;
2. otherwise take the store's lock and read again (someone may have finished meanwhile);
3. otherwise send the refresh token read *under the lock* (never the one this process
   remembers), after checking that the lock is still held;
4. save the answer with a compare-and-set on the version read under the lock.

The refresh is one generator of steps (:meth:`StoreCoordinator.steps`): store calls are
yielded as :class:`StoreStep` (blocking, or in a worker thread from async code) and the
token request comes from the source's own steps, so any driver can run it, including one
that sends token requests through the application's HTTP client.

On ``invalid_grant`` the store is read again: a newer token there is used; if the store
still holds the refresh token that was refused, the record is marked revoked so that no
process sends it again, and :class:`~oauth_client_errors.InvalidGrantError` is raised
once, with a hint naming the one gap no client can close (a holder that died after the
server rotated the refresh token and before the store was written).
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any

from .._errors import InvalidGrantError, TokenStoreError
from .._tokens import Call, Token, adrive, arun_step, drive, run_step
from .._types import Policy
from . import _base
from ._base import Lease, Secret, TokenRecord, TokenStore

if TYPE_CHECKING:
    import asyncio

__all__ = ["GAP_HINT", "StoreCoordinator", "StoreStep"]

logger = logging.getLogger("oauth_client_errors")

#: Appended to the hint of an ``invalid_grant`` for the refresh token the store holds.
GAP_HINT = (
    "The refresh token in the shared token store was refused, and no process will send it "
    "again: sign the user in again. If a worker sharing this store died after the server "
    "rotated the refresh token and before it saved the new one, that token is lost; a "
    "server-side reuse grace period (Auth0 reuse interval, Cognito, Ory Hydra grace "
    "period) avoids this (see docs/stores.md)."
)
_DEAD_HINT = (
    "The refresh token in the shared token store was already refused by the token endpoint "
    "(invalid_grant; for example after a worker died between the server's rotation and "
    "saving the new token, see docs/stores.md), so it is not sent again: sign the user in "
    "again and give the new token to the source."
)

#: The steps of a refresh: store calls (:class:`StoreStep`) and the exchange's own steps.
Steps = Generator[Any, Any, Token]
#: The exchange a source performs, as steps: ``(base token or None, refresh token or None)``.
ExchangeSteps = Callable[[Token | None, Secret | None], Steps]


#: One blocking store call: ``sync()`` in sync code, ``await asynchronous()`` in async code.
#: The token source's own :class:`~oauth_client_errors._tokens.Call` step, so the adapters'
#: drivers carry store calls out like any other step of a source.
StoreStep = Call


def _step(fn: Callable[..., Any], *args: Any) -> StoreStep:
    """A store call: run as is, or in a worker thread from async code."""
    call = functools.partial(fn, *args)
    return StoreStep(call, functools.partial(_in_thread, call))


async def _in_thread(call: Callable[[], Any]) -> Any:
    """``call()`` in a worker thread (asyncio is loaded here: async code is running)."""
    import asyncio

    return await asyncio.to_thread(call)


_SAVE_ATTEMPTS = 3


class _Plan:
    """What to do after reading the store under the lock."""

    __slots__ = ("adopt", "base", "expected", "refresh_token", "seed")

    def __init__(
        self,
        *,
        adopt: Token | None = None,
        seed: bool = False,
        base: Token | None = None,
        refresh_token: str | None = None,
        expected: int = 0,
    ) -> None:
        self.adopt = adopt
        self.seed = seed  # adopt is the given token, to be saved first
        self.base = base
        self.refresh_token = Secret(refresh_token) if refresh_token else None
        self.expected = expected


class StoreCoordinator:
    """Coordinates the refreshes of one source with every other user of ``store``.

    Args:
        store: The shared store.
        rotating: True for a refresh token grant (the refresh token is read from the
            store and must never be sent twice); False for a grant without one (client
            credentials).
        seed: The token (or bare refresh token) given to the source, used only while the
            store is empty (or holds a revoked record with another refresh token).
        skew: A stored token expiring within this many seconds is not adopted.
        clock: Epoch seconds.
    """

    def __init__(
        self,
        store: TokenStore,
        *,
        rotating: bool,
        seed: Token | str | None,
        skew: float,
        clock: Callable[[], float],
    ) -> None:
        for name in ("load", "save", "lock"):
            if not callable(getattr(store, name, None)):
                raise TypeError(f"store= needs a TokenStore (load, save, lock); it has no {name}()")
        self.store = store
        self.rotating = rotating
        self._seed = seed.refresh_token if isinstance(seed, Token) else seed
        self._seed_token = seed if isinstance(seed, Token) else None
        self.skew = skew
        self._clock = clock
        self._unsaved: tuple[int, Token] | None = None  # a token the store refused to take

    def __repr__(self) -> str:
        return f"StoreCoordinator({self.store!r})"

    @property
    def lock_timeout(self) -> float:
        timeout = getattr(self.store, "lock_timeout", 60.0)
        return float(timeout) if isinstance(timeout, (int, float)) else 60.0

    # -- decisions (no I/O) --------------------------------------------------------------------

    def _adoptable(self, record: TokenRecord | None, stale: Token | None) -> Token | None:
        if record is None or record.revoked:
            return None
        token = record.token
        if stale is not None and token.access_token == stale.access_token:
            return None
        if token.is_expired(self._clock(), skew=self.skew):
            return None
        return token

    def _plan(self, record: TokenRecord | None, stale: Token | None) -> _Plan:
        adopt = self._adoptable(record, stale)
        if adopt is not None:
            self._seed = self._seed_token = None  # a live stored token wins over the given one
            self._unsaved = None
            return _Plan(adopt=adopt)
        version = 0 if record is None else record.version
        if self._unsaved is not None and self._unsaved[0] == version:
            token = self._unsaved[1]  # ours, newer than the store's; its refresh token is live
            return _Plan(base=token, refresh_token=token.refresh_token, expected=version)
        self._unsaved = None
        if record is not None and not record.revoked:
            self._seed = self._seed_token = None
            if self.rotating and not record.token.refresh_token:
                raise self._dead()
            return _Plan(
                base=record.token, refresh_token=record.token.refresh_token, expected=version
            )
        if not self.rotating:
            return _Plan(expected=version)
        dead = None if record is None else record.token.refresh_token
        if self._seed is None or self._seed == dead:
            self._seed_token = None
            if record is None:
                raise TokenStoreError(
                    "the token store is empty and this source was given no token: sign in "
                    "first and pass the token (it is then saved to the store)"
                )
            raise self._dead()
        given = self._seed_token
        if given is not None and not given.is_expired(self._clock(), skew=self.skew):
            return _Plan(adopt=given, seed=True, expected=version)
        return _Plan(refresh_token=self._seed, expected=version)

    def _dead(self) -> InvalidGrantError:
        return InvalidGrantError(
            "invalid_grant",
            "the stored refresh token was already refused",
            endpoint="token",
            policy=Policy.REAUTHORIZE,
            hint=_DEAD_HINT,
        )

    def _sent(self) -> None:
        self._seed = None  # a refresh token is sent at most once
        self._seed_token = None

    def _store_seed(self, plan: _Plan, lease: Lease) -> Token:
        """Save the token the source was given into the empty store, and use it."""
        assert plan.adopt is not None
        self._sent()
        if self.store.save(plan.adopt, expected_version=plan.expected, lease=lease) is None:
            raise TokenStoreError("the token store refused the initial token; try again")
        return plan.adopt

    # -- the refresh ---------------------------------------------------------------------------

    def steps(self, stale: Token | None, exchange: ExchangeSteps) -> Steps:
        """The refresh as a generator of steps, for any driver (sync, async, an adapter's).

        Every store call is yielded as a :class:`StoreStep` (``sync`` / ``asynchronous``);
        the token request is ``yield from exchange(base, refresh_token)``, so a driver with
        an HTTP client of its own sends it. The lock is released when the generator ends,
        however it ends.
        """
        adopt = self._adoptable((yield _step(self.store.load)), stale)
        if adopt is not None:
            logger.debug("token store holds a newer token; using it")
            self._seed = self._seed_token = None
            return adopt
        for attempt in (1, 2):
            manager: Any = self.store.lock(self.lock_timeout)
            lease: Lease = yield StoreStep(manager.__enter__, functools.partial(_enter, manager))
            try:
                _base._fault("locked")
                plan = self._plan((yield _step(self.store.load)), stale)
                if plan.seed:
                    token: Token = yield _step(self._store_seed, plan, lease)
                    return token
                if plan.adopt is not None:
                    logger.debug("another process refreshed while we waited; using its token")
                    return plan.adopt
                _base._fault("before_send")
                if not self._check(lease, attempt):
                    continue
                self._sent()
                try:
                    token = yield from exchange(plan.base, plan.refresh_token)
                except InvalidGrantError as err:
                    if not self.rotating:
                        raise
                    current = yield _step(self.store.load)
                    token = yield _step(self._refused, err, plan, lease, stale, current)
                    return token  # pragma: no cover - _refused raises or adopts
                _base._fault("after_response")
                token = yield _step(self._keep, token, plan, lease)
                return token
            finally:
                manager.__exit__(None, None, None)
        raise AssertionError("unreachable")  # pragma: no cover

    def fetch(self, stale: Token | None, exchange: ExchangeSteps) -> Token:
        """Obtain the token that replaces ``stale``, taking turns with every other process."""
        return drive(self.steps(stale, exchange), run_step)

    async def afetch(self, stale: Token | None, exchange: ExchangeSteps) -> Token:
        """Async form of :meth:`fetch` (store calls run in worker threads).

        The refresh runs as a task of its own: a cancelled caller never leaves the lock
        taken nor loses a token (once sent, the token request is finished, its answer
        saved and the lock released; the server may have rotated the refresh token).
        """
        import asyncio

        job = asyncio.ensure_future(adrive(self.steps(stale, exchange), arun_step))
        job.add_done_callback(_retrieve)
        return await asyncio.shield(job)

    def _check(self, lease: Lease, attempt: int) -> bool:
        """True if the lock is still held; False to start over once (nothing was sent)."""
        if lease.held:
            return True
        if attempt == 1:
            logger.warning("the token store's refresh lock was lost before sending; starting over")
            return False
        raise TokenStoreError(
            "the token store's refresh lock was lost twice before the token request was sent "
            "(is the process being paused for longer than the lease?); nothing was sent"
        )

    def _refused(
        self,
        err: InvalidGrantError,
        plan: _Plan,
        lease: Lease,
        stale: Token | None,
        current: TokenRecord | None,
    ) -> Token:
        adopt = self._adoptable(current, stale)
        if adopt is not None and current is not None and current.version != plan.expected:
            logger.warning("refresh token refused, but the store holds a newer token; using it")
            return adopt
        self._unsaved = None
        if current is not None and current.version == plan.expected and not current.revoked:
            try:
                self.store.save(
                    current.token, expected_version=plan.expected, lease=lease, revoked=True
                )
            except TokenStoreError:
                logger.warning("could not mark the refused refresh token in the token store")
        elif current is None and plan.base is None and plan.refresh_token is not None:
            pass  # the given token was refused before anything was stored: nothing to mark
        _add_hint(err)
        raise err

    def _keep(self, token: Token, plan: _Plan, lease: Lease) -> Token:
        for attempt in range(_SAVE_ATTEMPTS):
            try:
                saved = self.store.save(token, expected_version=plan.expected, lease=lease)
            except TokenStoreError as exc:
                if attempt + 1 < _SAVE_ATTEMPTS and getattr(exc, "transient", False):
                    time.sleep(0.1 * (attempt + 1))
                    continue
                self._unsaved = (plan.expected, token) if self.rotating else None
                logger.error(
                    "the new token could not be saved to the token store (%s); this process "
                    "keeps it and saves it before its next refresh",
                    exc,
                )
                return token
            return self._after_save(saved, token, plan)
        return token  # pragma: no cover - the loop always returns

    def _after_save(self, saved: TokenRecord | None, token: Token, plan: _Plan) -> Token:
        self._unsaved = None
        if saved is not None:
            return token
        logger.warning(
            "the token store refused the new token (its lock was lost or another process "
            "saved first); using the stored token"
        )
        try:
            current = self.store.load()
        except TokenStoreError:
            return token
        if (
            current is not None
            and not current.revoked
            and current.version != plan.expected
            and not current.token.is_expired(self._clock())
        ):
            return current.token
        return token


async def _enter(manager: Any) -> Lease:
    """Take the lock in a worker thread; if the caller is cancelled meanwhile, free it."""
    import asyncio

    entering = asyncio.ensure_future(asyncio.to_thread(manager.__enter__))
    try:
        lease: Lease = await asyncio.shield(entering)
    except asyncio.CancelledError:
        entering.add_done_callback(lambda done: _release_if_taken(done, manager))
        raise
    return lease


def _release_if_taken(done: asyncio.Future[Any], manager: Any) -> None:
    if not done.cancelled() and done.exception() is None:
        manager.__exit__(None, None, None)


def _retrieve(done: asyncio.Future[Any]) -> None:
    """Mark a detached job's exception as seen (its caller may have been cancelled)."""
    if not done.cancelled():
        done.exception()


def _add_hint(err: InvalidGrantError) -> None:
    """Put :data:`GAP_HINT` in front of the error's hint (once)."""
    try:
        current = err.hint
    except Exception:  # pragma: no cover - defensive
        current = ""
    if GAP_HINT in current:
        return
    err._hint = f"{GAP_HINT} {current}".strip()
    err.policy = Policy.REAUTHORIZE
