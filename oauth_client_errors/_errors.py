"""The exception model: one class per registered OAuth error code.

The tree (frozen for 1.0; every class is importable from ``oauth_client_errors`` and
reports that as its ``__module__``)::

    OAuthClientError                      base of everything this package raises
    ├── MalformedResponseError (+ValueError)  the response breaks the protocol
    ├── UntrustedResponseError            a redirect failed a security check
    │   ├── StateMismatchError
    │   └── IssuerMismatchError
    ├── TokenStoreError                   a token store is unreadable, corrupt or unreachable
    ├── InsecureTransportError            a credential would go over plain http off loopback
    ├── TransportError                    the HTTP request failed; carries no credential
    └── OAuthError                        the server reported an error
        ├── InteractionRequiredError
        │   ├── LoginRequiredError
        │   ├── ConsentRequiredError
        │   └── AccountSelectionRequiredError
        ├── InvalidRequestError, InvalidClientError, InvalidGrantError, ...
        │                                 one per registered code (see ``all_codes()``)
        ├── HTTPStatusError               told only by the HTTP status (or a numeric code)
        └── UnknownOAuthError             an unregistered code; the raw code is kept

Every error is built in one place, ``_interpret`` (read -> recognise -> classify ->
build), through the constructor; a program may construct one too, and gets the same
situation, policy and hint the builder would give. A pickled error is rebuilt by
``oauth_client_errors._restore``, so it still loads after the modules behind it move.

Secrets: an exception never holds an access token, refresh token, client secret or
authorization code in its message, ``args``, ``repr``, ``to_dict()`` or pickle (see
``_ground.redact``). Server text is kept raw on the attributes for programs, and
neutralised before it is shown to a person.
"""

from __future__ import annotations

import _thread
from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, ClassVar

from . import _dialects
from ._ground.exceptions import (
    InsecureTransportError,
    IssuerMismatchError,
    MalformedResponseError,
    OAuthClientError,
    StateMismatchError,
    TokenStoreError,
    TransportError,
    UntrustedResponseError,
)
from ._ground.redact import scrub, secret_strings, split_secrets
from ._ground.sanitize import display_text, safe_link
from ._registry import (
    CLASSES,
    STATUS_KEY,
    UNKNOWN_KEY,
    CodeInfo,
    all_codes,
    hint_text,
    hint_values,
    lead_for,
    lookup,
    status_of,
)
from ._registry import error_class as _class_of
from ._rules import grant_type, place, policy_for, user_present
from ._types import Endpoint, Policy, Situation
from ._wire.challenge import Challenge, select_challenge

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
    "error_class",
]

Hint = str | Callable[[], str]


class _Unset:
    """The type of :data:`_UNSET`: an argument left out (None means something)."""

    __slots__ = ()


_UNSET = _Unset()


def situation_of(
    code: str,
    endpoint: Endpoint,
    *,
    status_code: int | None,
    challenges: tuple[Challenge, ...],
    token_sent: bool | None = None,
) -> Situation:
    """What a code received at ``endpoint`` reports: the registry's word, else rule 7."""
    found = classify(code, endpoint)
    if found is not None:
        return refine(found[2], challenges, status_code)
    numeric = status_of(code)
    situation = place(
        numeric or status_code,
        endpoint,
        coded=numeric is None and bool(code.strip()),
        bare_challenge=bool(challenges) and all(c.error is None for c in challenges),
        token_sent=token_sent,
    )
    return refine(situation, challenges, status_code)


#: The situations a claims challenge turns into ``claims_required``.
_CLAIMS_OVERRIDABLE = frozenset(
    {
        Situation.TOKEN_REJECTED,
        Situation.INTERACTION_REQUIRED,
        Situation.AUTHENTICATION_REQUIRED,
        Situation.SCOPE_REQUIRED,
        Situation.UNKNOWN,
    }
)


def refine(
    situation: Situation, challenges: tuple[Challenge, ...], status: int | None = None
) -> Situation:
    """A situation refined by the rest of the evidence, whatever code carries it.

    Rule 1: a transient code sent with HTTP 429 (RFC 6585 §4) is a rate limit.

    A claims or continuous-access challenge (OIDC Core §5.5; Entra's claims challenge)
    asks for claims: ``claims_required``. A step-up challenge that asks for ``acr_values``
    or ``max_age`` and no scope (RFC 9470 §3) asks for a stronger or fresher sign-in:
    ``authentication_required``.
    """
    if status == 429 and situation is Situation.UNAVAILABLE:
        return Situation.RATE_LIMITED
    if not challenges:
        return situation
    if situation in _CLAIMS_OVERRIDABLE and any(c.claims is not None for c in challenges):
        return Situation.CLAIMS_REQUIRED
    if situation is Situation.SCOPE_REQUIRED:
        chosen = select_challenge(challenges)
        if chosen is not None and not chosen.scope and (chosen.acr_values or chosen.max_age):
            return Situation.AUTHENTICATION_REQUIRED
    return situation


class OAuthError(OAuthClientError):
    """An error reported by an OAuth 2.0 / OpenID Connect server.

    Attributes:
        code: The error code: the registered code this error stands for (an alias such as
            ``unsupported_responce_type``, or a provider's own code that a dialect maps,
            is told as the registered one); an unregistered code as received.
        received_code: The code exactly as the server sent it (``unsupported_responce_type``,
            ``bad_verification_code``, ``AADSTS50076``' error), or None when none was sent.
        description: ``error_description`` as received (raw; see :attr:`safe_description`).
        uri: ``error_uri`` as received (see :attr:`link`).
        endpoint: Where the response came from (inferred from the evidence when the
            caller did not say, DESIGN §4).
        status_code: The HTTP status, or None for a redirect.
        situation: What happened, told apart from how the provider spells it.
        policy: What to do about it (follows from :attr:`situation`, rules 1-7).
        hint: What to do, for the developer or operator (English), display-safe.
        retry_after: Seconds to wait before retrying (``Retry-After``, ``interval``), or None.
        params: Every parameter received, extensions included (raw), except that the values
            of secret-bearing parameters (see ``_ground.redact``, and ``code`` in an
            authorization response) are replaced by ``"[redacted]"``.
        secret_params: The raw values of those secret-bearing parameters, for a program
            that really needs them. Its ``repr`` shows names only; it is not pickled and
            not in ``to_dict()``.
        challenges: The ``WWW-Authenticate`` challenges of the response.
        dpop_nonce: The ``DPoP-Nonce`` header of the response (RFC 9449 §8), or None.
        dialect: The provider dialect recognised (``"github"``...), or None.
        grant: The grant type of the token the request used or asked for
            (``"client_credentials"``, ``"refresh_token"``, a URN), when the caller
            knew it (the token sources and the adapters do), else None. With no user
            behind the grant (see :attr:`user_present`), a situation that needs a person
            has policy ``fix_config`` and a hint saying what to configure instead.
        vendor_code: The provider's own code when a dialect was recognised
            (``"bad_verification_code"``, ``"AADSTS50076"``, ``"190/463"``), or None.
        response: The HTTP response object, when an adapter raised this (never in repr).
    """

    # Each field is a property over a private slot (see _field): decided on first read.
    __slots__ = (
        "_challenges",
        "_code",
        "_description",
        "_dialect",
        "_dpop_nonce",
        "_endpoint",
        "_grant",
        "_hint",
        "_params",
        "_pending",
        "_policy",
        "_received_code",
        "_retry_after",
        "_secret_params",
        "_situation",
        "_status_code",
        "_uri",
        "_vendor_code",
    )

    #: The registered code this class stands for ("" for the generic classes).
    error_code: ClassVar[str] = ""

    code: str
    received_code: str | None
    description: str | None
    uri: str | None
    endpoint: Endpoint
    status_code: int | None
    situation: Situation
    policy: Policy
    retry_after: float | None
    params: Mapping[str, Any]
    secret_params: Mapping[str, Any]
    challenges: tuple[Challenge, ...]
    dpop_nonce: str | None
    dialect: str | None
    grant: str | None
    vendor_code: str | None
    _hint: Hint | None
    # (decide, evidence) until the fields are decided (see _later); _DECIDING meanwhile.
    _pending: tuple[Any, ...] | None
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
        situation: Situation | str | None = None,
        policy: Policy | str | None = None,
        hint: Hint | None = None,
        dialect: str | None = None,
        vendor_code: str | None = None,
        received_code: str | _Unset | None = _UNSET,
        token_sent: bool | None = None,
        grant: str | None = None,
    ) -> None:
        """Build an error; what is not given is decided as the parser would decide it.

        Args:
            code: The error code (default: the class's registered code).
            description: ``error_description``.
            uri: ``error_uri``.
            endpoint: Where it was received.
            status_code: The HTTP status, if any.
            params: Every parameter received.
            challenges: The ``WWW-Authenticate`` challenges.
            retry_after: Seconds to wait, if the server said.
            dpop_nonce: The ``DPoP-Nonce`` header.
            situation: What happened (default: the registry's word for the code at the
                endpoint, else rule 7 from the status, endpoint and challenges).
            policy: What to do (default: from the situation by the rules).
            hint: The hint, or a callable rendering it on first use (default: the
                registry's).
            dialect: The provider dialect's name.
            vendor_code: The provider's own code.
            received_code: The code as the server sent it (default: ``code``; ``None``
                passed by the parser: the server sent none).
            token_sent: Whether the request carried an access token (rule 2), if known.
            grant: The grant type behind the token, if known (``"client_credentials"``,
                ``"authorization_code"``, ``"refresh_token"``, a URN, or a short name such
                as ``"token_exchange"``).
        """
        code = code if code is not None else self.error_code
        where = endpoint if type(endpoint) is Endpoint else Endpoint.coerce(endpoint)
        seen = challenges if type(challenges) is tuple else tuple(challenges)
        if situation is None:
            situation = situation_of(
                code, where, status_code=status_code, challenges=seen, token_sent=token_sent
            )
        elif type(situation) is not Situation:
            situation = Situation(situation)
        grant = grant_type(grant) if grant is not None else None
        if policy is None:
            policy = policy_for(situation, token_sent=token_sent, user_present=user_present(grant))
        elif type(policy) is not Policy:
            policy = Policy(policy)
        # The message is built on demand (see ``args``): the base class holds no text.
        BaseException.__init__(self)
        self._fill(
            code,
            code if isinstance(received_code, _Unset) else received_code,
            description,
            uri,
            where,
            status_code,
            dict(params) if params else {},
            seen,
            retry_after,
            dpop_nonce,
            situation,
            policy,
            hint,
            dialect,
            vendor_code,
            grant,
        )

    @classmethod
    def _create(
        cls,
        code: str,
        received_code: str | None,
        description: str | None,
        uri: str | None,
        endpoint: Endpoint,
        status_code: int | None,
        params: dict[str, Any],
        challenges: tuple[Challenge, ...],
        retry_after: float | None,
        dpop_nonce: str | None,
        situation: Situation,
        policy: Policy,
        hint: Hint | None,
        dialect: str | None,
        vendor_code: str | None,
        grant: str | None,
    ) -> OAuthError:
        """The builder's constructor path (``_interpret``): every field already decided.

        The same fields, screened the same way, as :meth:`__init__` sets after deciding
        what it was not given; ``params`` is the caller's own dict and is kept, not copied.
        """
        self = cls.__new__(cls)
        self._fill(
            code,
            received_code,
            description,
            uri,
            endpoint,
            status_code,
            params,
            challenges,
            retry_after,
            dpop_nonce,
            situation,
            policy,
            hint,
            dialect,
            vendor_code,
            grant,
        )
        return self

    @classmethod
    def _later(
        cls, decide: Callable[..., tuple[Any, ...]], evidence: tuple[Any, ...]
    ) -> OAuthError:
        """The builder's path for an error whose class is known before the rest is decided.

        ``decide(*evidence)`` returns what :meth:`_create` takes; it runs when a field is
        first read (see :meth:`_decide`), so an error that is only caught, or only
        tested for its class, costs no more than its reading. ``evidence`` holds what was
        read (secrets included): it is never shown, and dropped once the fields are set.
        """
        self = cls.__new__(cls)
        self._pending = (decide, evidence)
        return self

    def _decide(self) -> None:
        """Decide the fields of an error built by :meth:`_later` (on the first read)."""
        with _DECIDE_LOCK:  # one thread decides; the others wait, then read what it set
            pending = self._pending
            if pending is None:
                return  # decided by another thread meanwhile
            if pending is _DECIDING:  # pragma: no cover - read by the decision itself
                raise RuntimeError(f"a {type(self).__name__} field was read while deciding")
            self._pending = _DECIDING
            decide, evidence = pending
            try:
                cls, *fields = decide(*evidence)
            except BaseException:
                self._pending = pending
                raise
            if cls is not type(self):  # pragma: no cover - the builder checks this
                raise AssertionError(f"{type(self).__name__} decided as {cls.__name__}")
            self._fill(*fields)

    def _fill(
        self,
        code: str,
        received_code: str | None,
        description: str | None,
        uri: str | None,
        endpoint: Endpoint,
        status_code: int | None,
        params: dict[str, Any],
        challenges: tuple[Challenge, ...],
        retry_after: float | None,
        dpop_nonce: str | None,
        situation: Situation,
        policy: Policy,
        hint: Hint | None,
        dialect: str | None,
        vendor_code: str | None,
        grant: str | None,
    ) -> None:
        """Set every field; secret-bearing parameters are split off and scrubbed here."""
        authorization = endpoint is Endpoint.AUTHORIZATION
        received, secrets = split_secrets(params, authorization=authorization, own=True)
        self._code = code
        self._received_code = received_code
        self._description = description
        self._uri = uri
        self._endpoint = endpoint
        self._status_code = status_code
        self._situation = situation
        self._policy = policy
        self._retry_after = retry_after
        self._params = MappingProxyType(received)
        self._challenges = challenges
        self._dpop_nonce = dpop_nonce
        self._dialect = dialect
        self._grant = grant
        self._vendor_code = vendor_code
        self._hint = hint
        self._pending = None
        if secrets:
            self._secret_params = _SecretParams(secrets)
            # A server that sends a secret may echo it in its text too (the code in the
            # description): remove every occurrence of each secret value.
            self._redact(secret_strings(secrets, authorization=authorization))
        else:
            self._secret_params = _NO_SECRETS

    # -- what a person sees ---------------------------------------------------------------

    @property
    def info(self) -> CodeInfo | None:
        """The registry entry for :attr:`code` (or the class's code), or None."""
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
    def user_present(self) -> bool | None:
        """Whether a user is behind the token (from :attr:`grant`; None: not known)."""
        return user_present(self.grant)

    def _raw_hint(self) -> str:
        """The hint before display neutralisation, computed once on first use."""
        if self._pending is not None:
            self._decide()
        hint = self._hint
        if hint is None:
            values = hint_values(
                endpoint=self.endpoint,
                params=self.params,
                challenges=self.challenges,
                code=self.code,
                retry_after=self.retry_after,
            )
            hint = hint_text(
                self.code,
                self.endpoint,
                values,
                status_code=self.status_code,
                challenged=bool(self.challenges),
                link=self.link,
                situation=self.situation,
                user_present=self.user_present,
            )
            if self.dialect is not None:
                # A provider's hint starts with the situation's shared sentence.
                lead = lead_for(self.situation, self.user_present)
                hint = hint if lead is None else f"{lead} {hint}"
        elif not isinstance(hint, str):
            hint = hint()  # rendered when first read
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
            found = safe_link(_dialects.resolve_uri(self.uri, self.dialect))
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
        state = {
            "code": self.code,
            "description": self.description,
            "uri": self.uri,
            "endpoint": self.endpoint.value,
            "status_code": self.status_code,
            "params": dict(self.params),
            # Challenge.params is a read-only mappingproxy, which pickle cannot handle.
            "challenges": [(c.scheme, dict(c.params), c.token68) for c in self.challenges],
            "retry_after": self.retry_after,
            "dpop_nonce": self.dpop_nonce,
            "situation": self.situation.value,
            "policy": self.policy.value,
            "hint": self._raw_hint(),
            "dialect": self.dialect,
            "vendor_code": self.vendor_code,
            "received_code": self.received_code,
            "grant": self.grant,
        }
        return (_restore, (type(self), state))

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of this error.

        Keys: ``code``, ``description``, ``uri``, ``policy``, ``endpoint``, ``status_code``,
        ``hint``, ``retry_after``, ``params``, ``situation``, ``received_code`` when it
        differs from ``code``, ``dialect`` and ``vendor_code`` when a provider dialect
        was recognised, and ``grant`` when it is known.
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
            "situation": self.situation.value,
        }
        if self.received_code is not None and self.received_code != self.code:
            data["received_code"] = self.received_code
        if self.dialect is not None:
            data["dialect"] = self.dialect
            data["vendor_code"] = self.vendor_code
        if self.grant is not None:
            data["grant"] = self.grant
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
        ``acr_values`` and ``max_age`` (RFC 9470 challenge), ``claims`` (a claims or
        continuous-access challenge, merged with ``claims`` as the OIDC Core §5.5
        ``claims`` request parameter), ``prompt`` (``login``, ``consent`` or
        ``select_account`` where the code calls for it) and Auth0's ``mfa_token``. Add
        them to the authorization request (or, for ``mfa_token``, use it with the
        provider's MFA API).

        Args:
            requested_scope: The scope of the previous request (space- or comma-separated,
                or a list); kept first, in order.
            claims: A ``claims`` request the client already sends (a mapping or its JSON),
                merged under the server's.

        With no user behind the token (:attr:`user_present` False) and a scope the
        request lacks, only ``scope`` is returned: the scope of the client's next token
        request, once the client has been granted it.

        Returns:
            Parameter names to string values; only what applies (possibly empty).
        """
        from ._stepup import next_authorization_params  # with the first step-up, not at import

        scope_only = self.user_present is False and self.situation is Situation.SCOPE_REQUIRED
        found = next_authorization_params(
            code=self.code,
            received_code=self.received_code,
            policy=Policy.STEP_UP if scope_only else self.policy,
            endpoint=self.endpoint,
            status_code=self.status_code,
            description=self.description,
            params=self.params,
            secret_params=self.secret_params,
            challenges=self.challenges,
            dialect=self.dialect,
            vendor_code=self.vendor_code,
            requested_scope=requested_scope,
            claims=claims,
        )
        if scope_only:  # a token request of the client's own takes the scope alone
            return {name: value for name, value in found.items() if name == "scope"}
        return found

    def _redact(self, secrets: Iterable[str | None]) -> None:
        """Remove every occurrence of the given secrets from this error's text (in place).

        Used by the adapters, which know the tokens and client secret they sent, for servers
        that echo them back in error text. Every string the error holds is scrubbed.
        """
        found = [s for s in secrets if s]
        if not found:
            return
        self.code = scrub(self.code, found)
        self.received_code = scrub(self.received_code, found)
        self.description = scrub(self.description, found)
        self.uri = scrub(self.uri, found)
        self.vendor_code = scrub(self.vendor_code, found)
        self.dpop_nonce = scrub(self.dpop_nonce, found)
        self.params = MappingProxyType(scrub(dict(self.params), found))
        self.challenges = tuple(
            Challenge(
                c.scheme, MappingProxyType(scrub(dict(c.params), found)), scrub(c.token68, found)
            )
            for c in self.challenges
        )
        if self._hint is not None:
            self._hint = scrub(self._raw_hint(), found)


def _field(name: str) -> property:
    """The public field ``name`` of :class:`OAuthError`: its private slot, once decided."""
    slot = OAuthError.__dict__["_" + name]
    read, write = slot.__get__, slot.__set__

    def get(self: OAuthError) -> Any:
        if self._pending is not None:
            self._decide()
        return read(self, None)

    def set_(self: OAuthError, value: Any) -> None:
        if self._pending is not None:
            self._decide()  # what is written replaces what was decided, never the reverse
        write(self, value)

    return property(get, set_, doc=f"See :class:`OAuthError` ({name}).")


_FIELDS = (
    "code",
    "received_code",
    "description",
    "uri",
    "endpoint",
    "status_code",
    "situation",
    "policy",
    "retry_after",
    "params",
    "secret_params",
    "challenges",
    "dpop_nonce",
    "dialect",
    "grant",
    "vendor_code",
)
for _name in _FIELDS:
    setattr(OAuthError, _name, _field(_name))
del _name


def _restore(cls: type[OAuthError], state: dict[str, Any]) -> OAuthError:
    """Rebuild a pickled error (the stable reconstructor, ``oauth_client_errors._restore``)."""
    state = dict(state)
    state["challenges"] = tuple(
        Challenge(scheme, MappingProxyType(dict(params)), token68)
        for scheme, params, token68 in state.get("challenges", ())
    )
    code = state.pop("code")
    description = state.pop("description")
    uri = state.pop("uri")
    return cls(code, description, uri, **state)


_restore.__module__ = "oauth_client_errors"


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
# While an error's fields are being decided (see OAuthError._decide).
_DECIDING = ("deciding",)
_DECIDE_LOCK = _thread.RLock()
_INF = float("inf")


def _jsonable(value: Any) -> Any:
    if isinstance(value, float) and (value != value or value in (_INF, -_INF)):  # not finite
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


class LoginRequiredError(InteractionRequiredError):
    """The user must sign in; ``prompt=none`` cannot succeed (OIDC Core §3.1.2.6)."""

    error_code = "login_required"


class AccountSelectionRequiredError(InteractionRequiredError):
    """The user must choose an account (OIDC Core §3.1.2.6)."""

    error_code = "account_selection_required"


class ConsentRequiredError(InteractionRequiredError):
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


def error_class(code: object) -> type[OAuthError]:
    """Return the exception class for ``code``.

    Returns:
        The registered class; :class:`HTTPStatusError` for a numeric code such as ``"503"``
        (draft-16 §5.2); :class:`UnknownOAuthError` for anything else (None included).
    """
    found = _class_of(code)
    assert issubclass(found, OAuthError)
    return found


#: (code as spelled, endpoint) -> (canonical code, class, situation) of a registered code
#: or alias: the classification of a code seen before in one lookup (filled on first use).
_CLASSIFIED: dict[tuple[str, Endpoint], tuple[str, type[OAuthError], Situation]] = {}
_MAX_CLASSIFIED = 4096


def classify(code: str, endpoint: Endpoint) -> tuple[str, type[OAuthError], Situation] | None:
    """The canonical code, class and situation of a registered code at ``endpoint``, or None.

    A spelling seen before (an alias included) is one dict lookup; any other goes through
    :func:`lookup` (which also accepts it stripped or lower-cased) and is remembered.
    """
    found = _CLASSIFIED.get((code, endpoint))
    if found is None:
        info = lookup(code)
        if info is None:
            return None
        found = (info.code, error_class(info.code), info.situation_at(endpoint))
        if len(code) <= 128:
            if len(_CLASSIFIED) >= _MAX_CLASSIFIED:
                _CLASSIFIED.clear()
            _CLASSIFIED[code, endpoint] = found
    return found


def _register_classes() -> None:
    """Tell the registry the class of each code, and give every class its public home."""
    names = globals()
    for name in __all__:
        value = names[name]
        if isinstance(value, type) and issubclass(value, OAuthClientError):
            value.__module__ = "oauth_client_errors"
            if issubclass(value, OAuthError) and value.error_code:
                CLASSES[value.error_code] = value
    CLASSES[UNKNOWN_KEY] = UnknownOAuthError
    CLASSES[STATUS_KEY] = HTTPStatusError
    missing = [info.code for info in all_codes() if info.code not in CLASSES]
    if missing:  # pragma: no cover - a programming error, caught by the tests
        raise AssertionError(f"no exception class for {missing}")


_register_classes()
