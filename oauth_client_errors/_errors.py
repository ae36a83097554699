"""The exception model: one class per registered OAuth error code.

Everything this package raises derives from :class:`OAuthClientError`. An error the server
reported is an :class:`OAuthError` subclass chosen by its code (see ``error_class``).

Secrets: an exception never holds an access token, refresh token, client secret or
authorization code in its message, ``args``, ``repr`` or ``to_dict()``. Server text is kept
raw on the attributes for programs, and neutralised before it is shown to a person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from ._challenge import Challenge
from ._sanitize import display_text, safe_link
from ._types import Endpoint, Policy

if TYPE_CHECKING:
    from ._registry import CodeInfo

__all__ = [
    "IssuerMismatchError",
    "MalformedResponseError",
    "OAuthClientError",
    "OAuthError",
    "StateMismatchError",
    "UnknownOAuthError",
]

_REDACTED = "[redacted]"


class OAuthClientError(Exception):
    """Base class of every exception this package raises."""


class MalformedResponseError(OAuthClientError, ValueError):
    """The response breaks the protocol (bad syntax, repeated parameters, over a size cap).

    Also a :class:`ValueError`, like ``packaging``'s parse errors.
    """


class StateMismatchError(OAuthClientError):
    """The redirect's ``state`` is missing or differs from the one sent (RFC 6749 §10.12).

    The response may be forged (CSRF); nothing in it is trustworthy.
    """


class IssuerMismatchError(OAuthClientError):
    """The redirect's ``iss`` is missing or names another server (RFC 9207 mix-up defence).

    The response may come from a different authorization server; nothing in it is trusted.
    """


class OAuthError(OAuthClientError):
    """An error reported by an OAuth 2.0 / OpenID Connect server.

    Attributes:
        code: The error code (canonical: an alias such as ``unsupported_responce_type`` is
            normalised; the code as received stays in ``params["error"]``).
        description: ``error_description`` as received (raw; see :attr:`safe_description`).
        uri: ``error_uri`` as received (see :attr:`link`).
        endpoint: Where the response came from.
        status_code: The HTTP status, or None for a redirect.
        policy: What to do about it.
        hint: One or two sentences for a person, display-safe.
        retry_after: Seconds to wait before retrying (``Retry-After``, ``interval``), or None.
        params: Every parameter received, extensions included (raw).
        challenges: The ``WWW-Authenticate`` challenges of the response.
        dpop_nonce: The ``DPoP-Nonce`` header of the response (RFC 9449 §8), or None.
        dialect: The provider dialect recognised (``"github"``...), or None.
        response: The HTTP response object, when an adapter raised this (never in repr).
    """

    #: The registered code this class stands for ("" for the generic classes).
    error_code: ClassVar[str] = ""

    response: Any

    def __init__(
        self,
        code: str | None = None,
        description: str | None = None,
        uri: str | None = None,
        *,
        endpoint: Endpoint | str = Endpoint.TOKEN,
        status_code: int | None = None,
        params: Mapping[str, Any] | None = None,
        challenges: Iterable[Challenge] = (),
        retry_after: float | None = None,
        dpop_nonce: str | None = None,
        policy: Policy | str | None = None,
        hint: str | None = None,
        dialect: str | None = None,
    ) -> None:
        self.code = code if code is not None else self.error_code
        self.description = description
        self.uri = uri
        self.endpoint = Endpoint.coerce(endpoint)
        self.status_code = status_code
        self.params: Mapping[str, Any] = MappingProxyType(dict(params or {}))
        self.challenges: tuple[Challenge, ...] = tuple(challenges)
        self.retry_after = retry_after
        self.dpop_nonce = dpop_nonce
        self.dialect = dialect
        self.response = None
        if policy is None:
            from ._registry import policy_for

            policy = policy_for(
                self.code,
                self.endpoint,
                status_code=status_code,
                challenged=bool(self.challenges),
            )
        self.policy = Policy(policy)
        self._hint = hint
        super().__init__(self._message())

    # -- what a person sees ---------------------------------------------------------------

    @property
    def info(self) -> CodeInfo | None:
        """The registry entry for :attr:`code`, or None for an unregistered code."""
        from ._registry import lookup

        return lookup(self.code)

    @property
    def hint(self) -> str:
        """What to do, for a person: one or two display-safe sentences."""
        if self._hint is None:
            from ._registry import hint_for

            self._hint = hint_for(self)
        return display_text(self._hint, limit=600)

    @property
    def safe_description(self) -> str | None:
        """``description`` neutralised for display (controls, escapes, bidi removed; capped)."""
        if self.description is None:
            return None
        return display_text(self.description) or None

    @property
    def link(self) -> str | None:
        """``uri`` if it may be shown as a link (absolute https, no user info), else None."""
        return safe_link(self.uri)

    def _message(self) -> str:
        code = display_text(self.code, limit=80) or "(no code)"
        where = f" at the {self.endpoint.value} endpoint"
        status = f" (HTTP {self.status_code})" if self.status_code is not None else ""
        text = f"{code}{where}{status}"
        described = self.safe_description
        if described:
            text += f": {described}"
        return text

    def __str__(self) -> str:
        return f"{self._message()} [policy: {self.policy.value}] {self.hint}".rstrip()

    def __repr__(self) -> str:
        parts = [f"code={self.code!r}", f"endpoint={self.endpoint.value!r}"]
        if self.status_code is not None:
            parts.append(f"status_code={self.status_code}")
        if self.description is not None:
            parts.append(f"description={display_text(self.description, 120)!r}")
        parts.append(f"policy={self.policy.value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {
            "endpoint": self.endpoint,
            "status_code": self.status_code,
            "params": dict(self.params),
            "challenges": self.challenges,
            "retry_after": self.retry_after,
            "dpop_nonce": self.dpop_nonce,
            "policy": self.policy,
            "hint": self._hint,
            "dialect": self.dialect,
        }
        return (_rebuild, (type(self), (self.code, self.description, self.uri), kwargs))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: code, description, uri, policy, endpoint, status_code,
        hint, retry_after, params (and dialect when one was recognised)."""
        data: dict[str, Any] = {
            "code": self.code,
            "description": self.description,
            "uri": self.uri,
            "policy": self.policy.value,
            "endpoint": self.endpoint.value,
            "status_code": self.status_code,
            "hint": self.hint,
            "retry_after": self.retry_after,
            "params": {k: _jsonable(v) for k, v in self.params.items()},
        }
        if self.dialect is not None:
            data["dialect"] = self.dialect
        return data

    def _redact(self, secrets: Iterable[str | None]) -> None:
        """Remove every occurrence of the given secrets from this error's text (in place).

        Used by the adapters, which know the tokens and client secret they sent, for servers
        that echo them back in error text.
        """
        found = [s.strip() for s in secrets if s and len(s.strip()) >= 4]
        if not found:
            return

        def scrub(value: Any) -> Any:
            if isinstance(value, str):
                for secret in found:
                    value = value.replace(secret, _REDACTED)
                return value
            if isinstance(value, dict):
                return {scrub(k): scrub(v) for k, v in value.items()}
            if isinstance(value, list):
                return [scrub(v) for v in value]
            return value

        self.code = scrub(self.code)
        self.description = scrub(self.description)
        self.uri = scrub(self.uri)
        self.params = MappingProxyType(scrub(dict(self.params)))
        self.challenges = tuple(
            Challenge(c.scheme, MappingProxyType(scrub(dict(c.params))), scrub(c.token68))
            for c in self.challenges
        )
        if self._hint is not None:
            self._hint = scrub(self._hint)
        self.args = (self._message(),)


def _rebuild(cls: type[OAuthError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> OAuthError:
    return cls(*args, **kwargs)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return str(value)


class UnknownOAuthError(OAuthError):
    """An error code that is not in the registry; :attr:`code` keeps it as received."""


class HTTPStatusError(OAuthError):
    """An error told only by the HTTP status, or a numeric ``error`` value (draft-16 §5.2).

    :attr:`code` is the status as a string (``"503"``).
    """
