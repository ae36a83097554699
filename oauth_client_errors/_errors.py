"""The exception model: one class per registered OAuth error code.

Everything this package raises derives from :class:`OAuthClientError`. An error the server
reported is an :class:`OAuthError` subclass chosen by its code (see ``error_class``).

Secrets: an exception never holds an access token, refresh token, client secret or
authorization code in its message, ``args``, ``repr`` or ``to_dict()``. Server text is kept
raw on the attributes for programs, and neutralised before it is shown to a person.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

from ._challenge import Challenge
from ._sanitize import display_text, safe_link
from ._types import Endpoint, Policy

if TYPE_CHECKING:
    from ._registry import CodeInfo

__all__ = [
    "AccessDeniedError",
    "AccountSelectionRequiredError",
    "AuthorizationPendingError",
    "ConsentRequiredError",
    "ExpiredLoginHintTokenError",
    "ExpiredTokenError",
    "HTTPStatusError",
    "IncompatibleAceProfilesError",
    "InsecureTransportError",
    "InsufficientClaimsError",
    "InsufficientScopeError",
    "InsufficientUserAuthenticationError",
    "InteractionRequiredError",
    "InvalidAuthorizationDetailsError",
    "InvalidBindingMessageError",
    "InvalidClientError",
    "InvalidClientMetadataError",
    "InvalidDPoPProofError",
    "InvalidGrantError",
    "InvalidIssuerError",
    "InvalidMetadataError",
    "InvalidOperationError",
    "InvalidRedirectUriError",
    "InvalidRequestError",
    "InvalidRequestObjectError",
    "InvalidRequestUriError",
    "InvalidRequestUriMethodError",
    "InvalidScopeError",
    "InvalidSoftwareStatementError",
    "InvalidSubjectError",
    "InvalidTargetError",
    "InvalidTokenError",
    "InvalidTrustAnchorError",
    "InvalidTrustChainError",
    "InvalidUserCodeError",
    "IssuerMismatchError",
    "LoginRequiredError",
    "MalformedResponseError",
    "MissingUserCodeError",
    "NeedInfoError",
    "NotFoundError",
    "OAuthClientError",
    "OAuthError",
    "RegistrationNotSupportedError",
    "RequestDeniedError",
    "RequestNotSupportedError",
    "RequestSubmittedError",
    "RequestUriNotSupportedError",
    "ServerErrorError",
    "SlowDownError",
    "StateMismatchError",
    "TemporarilyUnavailableError",
    "TokenStoreError",
    "TransactionFailedError",
    "TransportError",
    "UnapprovedSoftwareStatementError",
    "UnauthorizedClientError",
    "UnknownOAuthError",
    "UnknownUserIdError",
    "UnmetAuthenticationRequirementsError",
    "UnsupportedGrantTypeError",
    "UnsupportedParameterError",
    "UnsupportedPopKeyError",
    "UnsupportedResponseTypeError",
    "UnsupportedTokenTypeError",
    "UntrustedResponseError",
    "UseDPoPNonceError",
    "VpFormatsNotSupportedError",
    "WalletUnavailableError",
]

_REDACTED = "[redacted]"

#: Parameters whose values are credentials wherever they are received. An error never
#: shows them: their values are replaced by ``"[redacted]"`` in ``params`` (and so in
#: ``to_dict()`` and pickles), removed from the rest of the error's text, and kept raw
#: only in ``OAuthError.secret_params``.
SECRET_PARAMS = frozenset(
    {
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "client_assertion",
        "assertion",
        "device_code",
        "code_verifier",
        "subject_token",
        "actor_token",
        "password",
    }
)
#: ``code`` is the authorization code only in an authorization response; at other
#: endpoints vendors use it for a numeric or textual error code, which stays visible.
_AUTHORIZATION_SECRET_PARAMS = SECRET_PARAMS | {"code"}


class OAuthClientError(Exception):
    """Base class of every exception this package raises."""


class MalformedResponseError(OAuthClientError, ValueError):
    """The response breaks the protocol (bad syntax, repeated parameters, over a size cap).

    Also a :class:`ValueError`, like ``packaging``'s parse errors.
    """


class UntrustedResponseError(OAuthClientError):
    """A redirect failed a security check; nothing in it may be trusted or acted on."""


class TokenStoreError(OAuthClientError):
    """A token store is unreadable, corrupt or unreachable.

    A corrupt store is reported and kept (moved aside), never silently emptied.
    """


class InsecureTransportError(OAuthClientError):
    """A credential would travel over plain http to a host that is not loopback.

    Raised before connecting. Pass ``allow_insecure_http=True`` to opt out explicitly.
    """


class TransportError(OAuthClientError):
    """The HTTP request failed (connection, timeout, TLS); it carries no credential.

    The original exception is chained as ``__cause__`` in a scrubbed copy.
    """


class StateMismatchError(UntrustedResponseError):
    """The redirect's ``state`` is missing or differs from the one sent (RFC 6749 §10.12).

    The response may be forged (CSRF); nothing in it is trustworthy.
    """


class IssuerMismatchError(UntrustedResponseError):
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
        hint: What to do, for the developer or operator (English), display-safe.
        retry_after: Seconds to wait before retrying (``Retry-After``, ``interval``), or None.
        params: Every parameter received, extensions included (raw), except that the values
            of secret-bearing parameters (:data:`SECRET_PARAMS`, and ``code`` in an
            authorization response) are replaced by ``"[redacted]"``.
        secret_params: The raw values of those secret-bearing parameters, for a program
            that really needs them. Its ``repr`` shows names only; it is not pickled and
            not in ``to_dict()``.
        challenges: The ``WWW-Authenticate`` challenges of the response.
        dpop_nonce: The ``DPoP-Nonce`` header of the response (RFC 9449 §8), or None.
        dialect: The provider dialect recognised (``"github"``...), or None.
        vendor_code: The provider's own code when a dialect was recognised
            (``"bad_verification_code"``, ``"AADSTS50076"``, ``"190/463"``), or None.
        response: The HTTP response object, when an adapter raised this (never in repr).
    """

    # Slots: building an error is part of every parse, and a slot is set faster than a
    # ``__dict__`` entry. Subclasses, and attributes adapters add, still use ``__dict__``.
    __slots__ = (
        "_hint",
        "challenges",
        "code",
        "description",
        "dialect",
        "dpop_nonce",
        "endpoint",
        "params",
        "policy",
        "retry_after",
        "secret_params",
        "status_code",
        "uri",
        "vendor_code",
    )

    #: The registered code this class stands for ("" for the generic classes).
    error_code: ClassVar[str] = ""

    code: str
    description: str | None
    uri: str | None
    endpoint: Endpoint
    status_code: int | None
    policy: Policy
    retry_after: float | None
    params: Mapping[str, Any]
    secret_params: Mapping[str, Any]
    challenges: tuple[Challenge, ...]
    dpop_nonce: str | None
    dialect: str | None
    vendor_code: str | None
    _hint: str | Callable[[], str] | None
    #: Set by the adapters on the error they raise (an instance attribute then).
    response: Any = None

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
        hint: str | Callable[[], str] | None = None,
        dialect: str | None = None,
        vendor_code: str | None = None,
    ) -> None:
        code = code if code is not None else self.error_code
        where = endpoint if type(endpoint) is Endpoint else Endpoint.coerce(endpoint)
        seen = challenges if type(challenges) is tuple else tuple(challenges)
        if policy is None:
            from ._registry import policy_for

            policy = policy_for(code, where, status_code=status_code, challenged=bool(seen))
        # The message is built on demand (see ``args``): constructing an error stays cheap,
        # and the base class holds no server text.
        BaseException.__init__(self)
        init_error(
            self,
            code,
            description,
            uri,
            where,
            status_code,
            dict(params) if params else {},
            seen,
            retry_after,
            dpop_nonce,
            policy if type(policy) is Policy else Policy(policy),
            hint,
            dialect,
            vendor_code,
        )

    # -- what a person sees ---------------------------------------------------------------

    @property
    def info(self) -> CodeInfo | None:
        """The registry entry for :attr:`code` (or the class's code), or None.

        A provider's own code raised as a registered class (``bad_verification_code`` as
        :class:`InvalidGrantError`) has the entry of the class's code.
        """
        from ._registry import lookup

        found = lookup(self.code)
        if found is None and self.error_code:
            found = lookup(self.error_code)
        return found

    @property
    def hint(self) -> str:
        """What to do, for the developer or operator: one or two display-safe sentences.

        English, and may use protocol terms; show :attr:`user_message` to an end user.
        """
        return display_text(self._raw_hint(), limit=600)

    @property
    def user_message(self) -> str:
        """What to tell the end user of an application, in English (no protocol terms)."""
        from ._messages import user_message

        return user_message(self)

    def user_message_in(self, locale: str) -> str:
        """:attr:`user_message` in ``locale`` (``"de"``, ``"pt-BR"``...); English if none."""
        from ._messages import user_message

        return user_message(self, locale)

    def _raw_hint(self) -> str:
        """The hint before display neutralisation, computed once on first use."""
        hint = self._hint
        if hint is None:
            from ._registry import hint_for

            hint = hint_for(self)
        elif not isinstance(hint, str):
            hint = hint()  # a dialect's hint, rendered lazily
        self._hint = hint
        return hint

    @property
    def args(self) -> tuple[str]:
        """``(message,)``, built from the error's (redacted, display-safe) fields."""
        return (self._message(),)

    @args.setter
    def args(self, value: Any) -> None:
        """Ignored: the message is always derived from the error's fields."""

    @property
    def safe_description(self) -> str | None:
        """``description`` neutralised for display (controls, escapes, bidi removed; capped)."""
        if self.description is None:
            return None
        return display_text(self.description) or None

    @property
    def link(self) -> str | None:
        """``uri`` if it may be shown as a link (absolute https, no user info), else None.

        A provider dialect resolves its path-only ``error_uri`` (GitHub's ``/apps/...``)
        against its documentation host first; :attr:`uri` itself stays as received.
        """
        found = safe_link(self.uri)
        if found is None and self.dialect is not None and self.uri:
            from ._dialects import resolve_uri

            found = safe_link(resolve_uri(self.uri, self.dialect))
        return found

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
        # The code is escaped by !r (controls, bidi) but is server text: cap its length too.
        code = self.code if len(self.code) <= 120 else self.code[:119] + "…"
        parts = [f"code={code!r}", f"endpoint={self.endpoint.value!r}"]
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
            # Challenge.params is a read-only mappingproxy, which pickle cannot handle.
            "challenges": tuple((c.scheme, dict(c.params), c.token68) for c in self.challenges),
            "retry_after": self.retry_after,
            "dpop_nonce": self.dpop_nonce,
            "policy": self.policy,
            "hint": self._raw_hint(),
            "dialect": self.dialect,
            "vendor_code": self.vendor_code,
        }
        return (_rebuild, (type(self), (self.code, self.description, self.uri), kwargs))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of this error.

        Keys: ``code``, ``description``, ``uri``, ``policy``, ``endpoint``, ``status_code``,
        ``hint``, ``retry_after``, ``params``, and ``dialect`` and ``vendor_code`` when a
        provider dialect was recognised.
        """
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
            data["vendor_code"] = self.vendor_code
        return data

    def next_authorization_params(
        self,
        requested_scope: str | Iterable[str] | None = None,
        *,
        claims: Mapping[str, Any] | str | None = None,
    ) -> dict[str, str]:
        """Return the parameters the next authorization request needs to get past this error.

        For a ``step_up`` or ``reauthorize`` error: ``scope`` (the scope requested before,
        plus the scope the server says is missing: the challenge's ``scope`` for
        ``insufficient_scope``, Slack's ``needed``, Dropbox's ``required_scope``),
        ``acr_values`` and ``max_age`` (RFC 9470 challenge), ``claims`` (a Microsoft Entra
        claims challenge, merged with ``claims`` as the OIDC Core §5.5 ``claims`` request
        parameter), ``prompt`` (``login``, ``consent`` or ``select_account`` where the code
        calls for it) and Auth0's ``mfa_token``. Add them to the authorization request (or,
        for ``mfa_token``, use it with the provider's MFA API).

        Args:
            requested_scope: The scope of the previous request (space- or comma-separated,
                or a list); kept first, in order.
            claims: A ``claims`` request the client already sends (a mapping or its JSON),
                merged under the server's.

        Returns:
            Parameter names to string values; only what applies (possibly empty).
        """
        from ._stepup import next_authorization_params

        return next_authorization_params(self, requested_scope, claims=claims)

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
            self._hint = scrub(self._raw_hint())


def _rebuild(cls: type[OAuthError], args: tuple[Any, ...], kwargs: dict[str, Any]) -> OAuthError:
    kwargs["challenges"] = tuple(
        Challenge(scheme, MappingProxyType(dict(params)), token68)
        for scheme, params, token68 in kwargs.get("challenges", ())
    )
    return cls(*args, **kwargs)


class _SecretParams(Mapping[str, Any]):
    """Read-only secret-bearing parameters: ``repr`` shows names only, pickling drops them."""

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any]) -> None:
        self._data = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        names = ", ".join(repr(display_text(name, 40)) for name in list(self._data)[:10])
        return f"<secret params: {names or 'none'}>"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_SecretParams, ({},))


_NO_SECRETS = _SecretParams({})


def init_error(
    err: OAuthError,
    code: str,
    description: str | None,
    uri: str | None,
    endpoint: Endpoint,
    status_code: int | None,
    params: dict[str, Any],
    challenges: tuple[Challenge, ...],
    retry_after: float | None,
    dpop_nonce: str | None,
    policy: Policy,
    hint: str | Callable[[], str] | None = None,
    dialect: str | None = None,
    vendor_code: str | None = None,
) -> OAuthError:
    """Set every field of ``err`` from checked values, and return it.

    What :meth:`OAuthError.__init__` ends with; the parsers call it on
    ``cls.__new__(cls)`` with values they checked and a dict of their own, skipping the
    constructor's argument handling (no error class overrides ``__init__``: a test
    checks). ``params`` is kept, not copied, unless a secret in it must be redacted.
    """
    received: dict[str, Any] = params
    secrets: dict[str, Any] | None = None
    for name, value in params.items():  # a loop: faster than set operations on a few
        if name not in _COMMON_NAMES or (
            type(value) not in _FLAT_TYPES
            # An object, or a list holding one, may hide a secret-bearing name.
            and not (type(value) is list and _FLAT_TYPES.issuperset(map(type, value)))
        ):
            received, secrets = _split_secrets(params, endpoint)
            break
    err.code = code
    err.description = description
    err.uri = uri
    err.endpoint = endpoint
    err.status_code = status_code
    err.params = MappingProxyType(received)
    err.secret_params = _SecretParams(secrets) if secrets else _NO_SECRETS
    err.challenges = challenges
    err.retry_after = retry_after
    err.dpop_nonce = dpop_nonce
    err.dialect = dialect
    err.vendor_code = vendor_code
    err.policy = policy
    err._hint = hint
    if secrets:
        # A server that sends a secret may echo it in its text too (the code in the
        # description): remove every occurrence of each secret value.
        err._redact(_secret_values(secrets, endpoint))
    return err


# The types of a JSON or form value that cannot hold a secret-bearing key inside.
_FLAT_TYPES = frozenset({str, int, float, bool, type(None)})
# Names error responses commonly carry (RFC 6749, OIDC, Entra, Google, Okta): none of
# them is secret-bearing however it is spelled.
_COMMON_NAMES = frozenset(
    {
        "error",
        "error_description",
        "error_uri",
        "state",
        "iss",
        "interval",
        "scope",
        "realm",
        "session_state",
        "error_codes",
        "timestamp",
        "trace_id",
        "correlation_id",
        "suberror",
        "claims",
        "error_subtype",
        "errorCode",
        "errorSummary",
        "errorId",
        "errorLink",
        "errorCauses",
    }
)
assert {name.lower() for name in _COMMON_NAMES}.isdisjoint(_AUTHORIZATION_SECRET_PARAMS)


def _split_secrets(
    params: Mapping[str, Any] | None, endpoint: Endpoint
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (params with secret values redacted, the raw secret values by name).

    A nested object (JSON body) that carries a secret-bearing key anywhere inside is
    redacted whole.
    """
    received = dict(params or {})
    names = _AUTHORIZATION_SECRET_PARAMS if endpoint is Endpoint.AUTHORIZATION else SECRET_PARAMS
    secrets: dict[str, Any] = {}
    for key, value in received.items():
        # The common case costs one set lookup (and islower) per parameter.
        if key in names or (type(key) is str and not key.islower() and key.lower() in names):
            if value != _REDACTED:
                secrets[key] = value
        elif type(value) in (dict, list) and _nested_secrets(value, [], 0):
            secrets[key] = value
    for key in secrets:
        received[key] = _REDACTED
    return received, secrets


def _nested_secrets(value: Any, found: list[str], depth: int) -> list[str]:
    """Append to ``found`` every string held under a secret-bearing key inside ``value``."""
    if depth > 32 or len(found) > 100:
        return found
    if isinstance(value, Mapping):
        for key, item in value.items():
            if isinstance(key, str) and key.lower() in SECRET_PARAMS:
                found.extend(_strings(item))
            else:
                _nested_secrets(item, found, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _nested_secrets(item, found, depth + 1)
    return found


def _strings(value: Any) -> list[str]:
    """Every string inside ``value`` (bounded)."""
    found: list[str] = []
    stack = [value]
    while stack and len(found) < 100:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _secret_values(secrets: Mapping[str, Any], endpoint: Endpoint) -> list[str]:
    """The secret strings to scrub from the rest of an error's text."""
    names = _AUTHORIZATION_SECRET_PARAMS if endpoint is Endpoint.AUTHORIZATION else SECRET_PARAMS
    found: list[str] = []
    for key, value in secrets.items():
        if key.lower() in names:
            found.extend(_strings(value))
        else:
            _nested_secrets(value, found, 0)
    return found


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # 1e999 in a body: "inf", so that to_dict() stays strict JSON
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


class InvalidRequestError(OAuthError):
    """The request is missing a parameter, repeats one, or is malformed (RFC 6749 §5.2)."""

    error_code = "invalid_request"


class UnauthorizedClientError(OAuthError):
    """The client may not use this grant type or response type (RFC 6749 §5.2)."""

    error_code = "unauthorized_client"


class AccessDeniedError(OAuthError):
    """The resource owner or the server denied the request (RFC 6749 §4.1.2.1)."""

    error_code = "access_denied"


class UnsupportedResponseTypeError(OAuthError):
    """The server does not support this ``response_type`` (RFC 6749 §4.1.2.1)."""

    error_code = "unsupported_response_type"


class InvalidScopeError(OAuthError):
    """The requested scope is invalid, unknown, malformed or too broad (RFC 6749 §5.2)."""

    error_code = "invalid_scope"


class ServerErrorError(OAuthError):
    """The server met an unexpected condition (RFC 6749 §4.1.2.1)."""

    error_code = "server_error"


class TemporarilyUnavailableError(OAuthError):
    """The server is overloaded or in maintenance (RFC 6749 §4.1.2.1)."""

    error_code = "temporarily_unavailable"


class InvalidClientError(OAuthError):
    """Client authentication failed (RFC 6749 §5.2)."""

    error_code = "invalid_client"


class InvalidGrantError(OAuthError):
    """The grant or refresh token is invalid, expired or revoked (RFC 6749 §5.2)."""

    error_code = "invalid_grant"


class UnsupportedGrantTypeError(OAuthError):
    """The server does not support this ``grant_type`` (RFC 6749 §5.2)."""

    error_code = "unsupported_grant_type"


class InvalidTokenError(OAuthError):
    """The access token is expired, revoked, malformed or otherwise invalid (RFC 6750 §3.1)."""

    error_code = "invalid_token"


class InsufficientScopeError(OAuthError):
    """The access token lacks the scope the request needs (RFC 6750 §3.1)."""

    error_code = "insufficient_scope"


class UnsupportedTokenTypeError(OAuthError):
    """The server cannot revoke this token type (RFC 7009 §2.2.1)."""

    error_code = "unsupported_token_type"


class InteractionRequiredError(OAuthError):
    """The user must interact; ``prompt=none`` cannot succeed (OIDC Core §3.1.2.6)."""

    error_code = "interaction_required"


class LoginRequiredError(OAuthError):
    """The user must sign in; ``prompt=none`` cannot succeed (OIDC Core §3.1.2.6)."""

    error_code = "login_required"


class AccountSelectionRequiredError(OAuthError):
    """The user must choose an account (OIDC Core §3.1.2.6)."""

    error_code = "account_selection_required"


class ConsentRequiredError(OAuthError):
    """The user must consent; ``prompt=none`` cannot succeed (OIDC Core §3.1.2.6)."""

    error_code = "consent_required"


class InvalidRequestUriError(OAuthError):
    """The ``request_uri`` is unusable or holds invalid data (RFC 9101 §6.3)."""

    error_code = "invalid_request_uri"


class InvalidRequestObjectError(OAuthError):
    """The request object is invalid (OIDC Core §3.1.2.6, RFC 9101 §6.3)."""

    error_code = "invalid_request_object"


class RequestNotSupportedError(OAuthError):
    """The server does not support the ``request`` parameter (RFC 9101 §6.3)."""

    error_code = "request_not_supported"


class RequestUriNotSupportedError(OAuthError):
    """The server does not support the ``request_uri`` parameter (RFC 9101 §6.3)."""

    error_code = "request_uri_not_supported"


class RegistrationNotSupportedError(OAuthError):
    """The server does not support the ``registration`` parameter (OIDC Core §3.1.2.6)."""

    error_code = "registration_not_supported"


class UnmetAuthenticationRequirementsError(OAuthError):
    """The server cannot authenticate the user as the client requires (acr not met).

    OpenID Connect Core Unmet Authentication Requirements 1.0 §1.
    """

    error_code = "unmet_authentication_requirements"


class InvalidRedirectUriError(OAuthError):
    """A redirect URI in the client metadata is invalid (RFC 7591 §3.2.2)."""

    error_code = "invalid_redirect_uri"


class InvalidClientMetadataError(OAuthError):
    """A client metadata value is invalid (RFC 7591 §3.2.2)."""

    error_code = "invalid_client_metadata"


class InvalidSoftwareStatementError(OAuthError):
    """The software statement is invalid (RFC 7591 §3.2.2)."""

    error_code = "invalid_software_statement"


class UnapprovedSoftwareStatementError(OAuthError):
    """The software statement is not approved by this server (RFC 7591 §3.2.2)."""

    error_code = "unapproved_software_statement"


class AuthorizationPendingError(OAuthError):
    """The user has not finished authorizing yet; keep polling (RFC 8628 §3.5)."""

    error_code = "authorization_pending"


class SlowDownError(OAuthError):
    """Polling too fast; add 5 seconds to the interval (RFC 8628 §3.5)."""

    error_code = "slow_down"


class ExpiredTokenError(OAuthError):
    """The device code or CIBA request expired; start again (RFC 8628 §3.5)."""

    error_code = "expired_token"


class InvalidTargetError(OAuthError):
    """The requested resource or audience is invalid or refused (RFC 8707 §2)."""

    error_code = "invalid_target"


class InvalidAuthorizationDetailsError(OAuthError):
    """The ``authorization_details`` are invalid (RFC 9396 §5)."""

    error_code = "invalid_authorization_details"


class InvalidDPoPProofError(OAuthError):
    """The DPoP proof is missing or invalid (RFC 9449 §5)."""

    error_code = "invalid_dpop_proof"


class UseDPoPNonceError(OAuthError):
    """The server requires a nonce in the DPoP proof; retry with it (RFC 9449 §8)."""

    error_code = "use_dpop_nonce"


class InsufficientUserAuthenticationError(OAuthError):
    """The user's authentication is too weak or too old (RFC 9470 §3)."""

    error_code = "insufficient_user_authentication"


class UnsupportedPopKeyError(OAuthError):
    """The proof-of-possession key cannot be processed (RFC 9200 §5.8.3)."""

    error_code = "unsupported_pop_key"


class IncompatibleAceProfilesError(OAuthError):
    """The client and resource server share no ACE profile (RFC 9200 §5.8.3)."""

    error_code = "incompatible_ace_profiles"


class NeedInfoError(OAuthError):
    """The UMA server needs more claims to decide (UMA 2.0 Grant §3.3.6)."""

    error_code = "need_info"


class RequestDeniedError(OAuthError):
    """The UMA server denied the requested permissions (UMA 2.0 Grant §3.3.6)."""

    error_code = "request_denied"


class RequestSubmittedError(OAuthError):
    """The UMA request awaits the resource owner's approval (UMA 2.0 Grant §3.3.6)."""

    error_code = "request_submitted"


class ExpiredLoginHintTokenError(OAuthError):
    """The CIBA ``login_hint_token`` has expired (CIBA Core §13)."""

    error_code = "expired_login_hint_token"


class UnknownUserIdError(OAuthError):
    """The provider cannot identify the user from the CIBA hint (CIBA Core §13)."""

    error_code = "unknown_user_id"


class MissingUserCodeError(OAuthError):
    """A CIBA user code is required but missing (CIBA Core §13)."""

    error_code = "missing_user_code"


class InvalidUserCodeError(OAuthError):
    """The CIBA user code is invalid (CIBA Core §13)."""

    error_code = "invalid_user_code"


class InvalidBindingMessageError(OAuthError):
    """The CIBA binding message is invalid or unacceptable (CIBA Core §13)."""

    error_code = "invalid_binding_message"


class TransactionFailedError(OAuthError):
    """The provider could not complete the CIBA transaction (CIBA Core §11)."""

    error_code = "transaction_failed"


class InvalidIssuerError(OAuthError):
    """The federation endpoint cannot serve this issuer (OpenID Federation 1.0 §8.9)."""

    error_code = "invalid_issuer"


class InvalidSubjectError(OAuthError):
    """The federation endpoint cannot serve this subject (OpenID Federation 1.0 §8.9)."""

    error_code = "invalid_subject"


class InvalidTrustAnchorError(OAuthError):
    """The trust anchor cannot be found or used (OpenID Federation 1.0 §8.9)."""

    error_code = "invalid_trust_anchor"


class InvalidTrustChainError(OAuthError):
    """The trust chain cannot be validated (OpenID Federation 1.0 §8.9)."""

    error_code = "invalid_trust_chain"


class InvalidMetadataError(OAuthError):
    """Metadata or metadata policy values are invalid or conflict (OpenID Federation 1.0 §8.9)."""

    error_code = "invalid_metadata"


class NotFoundError(OAuthError):
    """The requested entity identifier cannot be found (OpenID Federation 1.0 §8.9)."""

    error_code = "not_found"


class UnsupportedParameterError(OAuthError):
    """The server does not support a parameter sent (OpenID Federation 1.0 §8.9)."""

    error_code = "unsupported_parameter"


class VpFormatsNotSupportedError(OAuthError):
    """The wallet supports none of the requested credential formats (OpenID4VP 1.0 §8.5)."""

    error_code = "vp_formats_not_supported"


class InvalidRequestUriMethodError(OAuthError):
    """The ``request_uri_method`` is neither get nor post (OpenID4VP 1.0 §8.5)."""

    error_code = "invalid_request_uri_method"


class WalletUnavailableError(OAuthError):
    """The wallet is unavailable and cannot respond (OpenID4VP 1.0 §8.5)."""

    error_code = "wallet_unavailable"


class InsufficientClaimsError(OAuthError):
    """The access token lacks claims the resource requires (Microsoft Entra claims challenge)."""

    error_code = "insufficient_claims"


class InvalidOperationError(OAuthError):
    """The requested operation is invalid (legacy draft-ietf-oauth-v2-16 §5.2)."""

    error_code = "invalid_operation"
