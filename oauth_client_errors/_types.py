"""Value objects shared by every layer: where a response came from and what to do about it."""

from __future__ import annotations

import enum

__all__ = ["Endpoint", "Policy", "Situation"]


class _StrEnum(str, enum.Enum):
    """A str enum whose ``str()`` is its value (``enum.StrEnum`` needs Python 3.11)."""

    def __str__(self) -> str:
        return str(self.value)


class Endpoint(_StrEnum):
    """The place a response came from; the same code can mean different things at each.

    Every function that takes an endpoint also takes its string value (``"token"``).
    """

    AUTHORIZATION = "authorization"
    TOKEN = "token"  # noqa: S105 - an endpoint name, not a secret
    RESOURCE = "resource"
    DEVICE_AUTHORIZATION = "device_authorization"
    REVOCATION = "revocation"
    INTROSPECTION = "introspection"
    REGISTRATION = "registration"
    PAR = "par"
    BACKCHANNEL = "backchannel"

    @classmethod
    def coerce(cls, value: Endpoint | str) -> Endpoint:
        """Return the member for ``value``, accepting a member or its string value.

        Raises:
            ValueError: ``value`` names no endpoint.
        """
        if isinstance(value, cls):
            return value
        member = cls._value2member_map_.get(value) if isinstance(value, str) else None
        if member is not None:
            return member  # type: ignore[return-value]
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            names = ", ".join(e.value for e in cls)
            raise ValueError(f"unknown endpoint {value!r}; expected one of: {names}") from None


class Policy(_StrEnum):
    """What a client should do about an error.

    ``retry``: send the same request again later (honour ``retry_after``).
    ``refresh``: get a new access token (refresh grant or client credentials), then replay.
    ``reauthorize``: the grant is gone; send the user through authorization again.
    ``step_up``: authorize again asking for more (scope, acr, max_age, claims).
    ``poll``: keep polling at the current interval (device flow, CIBA).
    ``slow_down``: keep polling, with the interval increased by 5 seconds (RFC 8628 §3.5).
    ``fix_config``: the client is misconfigured; a developer must change something.
    ``fail``: give up and tell the user (for example, they denied access).
    """

    RETRY = "retry"
    REFRESH = "refresh"
    REAUTHORIZE = "reauthorize"
    STEP_UP = "step_up"
    POLL = "poll"
    SLOW_DOWN = "slow_down"
    FIX_CONFIG = "fix_config"
    FAIL = "fail"


class Situation(_StrEnum):
    """What happened, told apart from how a provider spells it.

    The policy follows from the situation (DESIGN §4, rules 1-7), so the same situation
    gets the same policy from every provider; a dialect says which situation a vendor
    code means. The end user's message (``user_message``) is chosen by situation too.

    ``rate_limited``, ``unavailable``, ``nonce_required``: transient, ``retry``.
    ``pending``: ``poll``. ``slow_down``: ``slow_down``.
    ``token_rejected``: only the access token is dead; ``refresh`` when a token was sent
    (``reauthorize`` when it was refused again right after a refresh).
    ``grant_invalid``: the code, refresh token or device code is dead; ``reauthorize``.
    ``interaction_required``: the user must sign in (again), choose an account or
    consent interactively; ``reauthorize``.
    ``scope_required``, ``authentication_required`` (acr, max_age, MFA),
    ``claims_required`` (claims or continuous-access challenge): ``step_up``.
    ``client_misconfigured``, ``request_invalid``: ``fix_config``.
    ``denied`` (a person said no), ``forbidden`` (an administrator's policy): ``fail``.
    ``unknown``: nothing points anywhere; ``fail``.
    """

    RATE_LIMITED = "rate_limited"
    UNAVAILABLE = "unavailable"
    NONCE_REQUIRED = "nonce_required"
    PENDING = "pending"
    SLOW_DOWN = "slow_down"
    TOKEN_REJECTED = "token_rejected"  # noqa: S105 - a situation name, not a secret
    GRANT_INVALID = "grant_invalid"
    INTERACTION_REQUIRED = "interaction_required"
    SCOPE_REQUIRED = "scope_required"
    AUTHENTICATION_REQUIRED = "authentication_required"
    CLAIMS_REQUIRED = "claims_required"
    CLIENT_MISCONFIGURED = "client_misconfigured"
    REQUEST_INVALID = "request_invalid"
    DENIED = "denied"
    FORBIDDEN = "forbidden"
    UNKNOWN = "unknown"
