"""oauth-client-errors: every way an OAuth server says no, as one typed, explained exception.

Parse what a server sent, catch a typed error, act on its policy and show its hint::

    from oauth_client_errors import parse_response, InvalidGrantError, Policy

    err = parse_response(400, {"Content-Type": "application/json"},
                         b'{"error": "invalid_grant"}', endpoint="token")
    assert isinstance(err, InvalidGrantError) and err.policy is Policy.REAUTHORIZE
    print(err.hint)

The parsers, the registry and the error classes use only the standard library. The
adapters live in :mod:`oauth_client_errors.httpx` and :mod:`oauth_client_errors.requests`
and import their HTTP library only there; importing this package imports neither, and the
names that need tenacity or the token machinery (``RetryPolicy``, ``DeviceFlow``, ``Token``,
``ClientCredentials``...) load on first use: the import stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._dialects import Dialect, DialectCode, all_dialects, lookup_dialect, register_dialect
from ._errors import (
    AccessDeniedError,
    AccountSelectionRequiredError,
    AuthorizationPendingError,
    ConsentRequiredError,
    ExpiredLoginHintTokenError,
    ExpiredTokenError,
    HTTPStatusError,
    IncompatibleAceProfilesError,
    InsecureTransportError,
    InsufficientClaimsError,
    InsufficientScopeError,
    InsufficientUserAuthenticationError,
    InteractionRequiredError,
    InvalidAuthorizationDetailsError,
    InvalidBindingMessageError,
    InvalidClientError,
    InvalidClientMetadataError,
    InvalidDPoPProofError,
    InvalidGrantError,
    InvalidIssuerError,
    InvalidMetadataError,
    InvalidOperationError,
    InvalidRedirectUriError,
    InvalidRequestError,
    InvalidRequestObjectError,
    InvalidRequestUriError,
    InvalidRequestUriMethodError,
    InvalidScopeError,
    InvalidSoftwareStatementError,
    InvalidSubjectError,
    InvalidTargetError,
    InvalidTokenError,
    InvalidTrustAnchorError,
    InvalidTrustChainError,
    InvalidUserCodeError,
    IssuerMismatchError,
    LoginRequiredError,
    MalformedResponseError,
    MissingUserCodeError,
    NeedInfoError,
    NotFoundError,
    OAuthClientError,
    OAuthError,
    RegistrationNotSupportedError,
    RequestDeniedError,
    RequestNotSupportedError,
    RequestSubmittedError,
    RequestUriNotSupportedError,
    ServerErrorError,
    SlowDownError,
    StateMismatchError,
    TemporarilyUnavailableError,
    TokenStoreError,
    TransactionFailedError,
    TransportError,
    UnapprovedSoftwareStatementError,
    UnauthorizedClientError,
    UnknownOAuthError,
    UnknownUserIdError,
    UnmetAuthenticationRequirementsError,
    UnsupportedGrantTypeError,
    UnsupportedParameterError,
    UnsupportedPopKeyError,
    UnsupportedResponseTypeError,
    UnsupportedTokenTypeError,
    UntrustedResponseError,
    UseDPoPNonceError,
    VpFormatsNotSupportedError,
    WalletUnavailableError,
    error_class,
)
from ._errors import (
    _restore as _restore,
)
from ._ground.exceptions import set_user_message_renderer
from ._interpret import SKIP_STATE_CHECK, parse_redirect, parse_response
from ._registry import CodeInfo, all_codes, lookup
from ._types import Endpoint, Policy, Situation
from ._wire.challenge import Challenge, parse_www_authenticate
from ._wire.challenge import _rebuild_challenge as _rebuild_challenge

if TYPE_CHECKING:
    __version__: str
    from ._adapter import RequestNotReplayableError
    from ._authcode import AuthorizationCodeFlow, AuthorizationRequest
    from ._device import DeviceAuthorization, DeviceFlow
    from ._discovery import ServerMetadata, adiscover, discover
    from ._sources import (
        AsyncTokenSource,
        BaseTokenSource,
        ClientCredentials,
        RefreshTokenSource,
        TokenSource,
    )
    from ._stores import (
        FileTokenStore,
        MemoryTokenStore,
        RedisTokenStore,
        TokenRecord,
        TokenStore,
    )
    from ._tokens import HTTPResult, Token, TokenRequest
    from .retry import RetryPolicy


def _version() -> str:
    """The installed distribution's version (PEP 566 metadata), or ``0+unknown``."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("oauth-client-errors")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "0+unknown"


__all__ = [
    "SKIP_STATE_CHECK",
    "AccessDeniedError",
    "AccountSelectionRequiredError",
    "AsyncTokenSource",
    "AuthorizationCodeFlow",
    "AuthorizationPendingError",
    "AuthorizationRequest",
    "BaseTokenSource",
    "Challenge",
    "ClientCredentials",
    "CodeInfo",
    "ConsentRequiredError",
    "DeviceAuthorization",
    "DeviceFlow",
    "Dialect",
    "DialectCode",
    "Endpoint",
    "ExpiredLoginHintTokenError",
    "ExpiredTokenError",
    "FileTokenStore",
    "HTTPResult",
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
    "MemoryTokenStore",
    "MissingUserCodeError",
    "NeedInfoError",
    "NotFoundError",
    "OAuthClientError",
    "OAuthError",
    "Policy",
    "RedisTokenStore",
    "RefreshTokenSource",
    "RegistrationNotSupportedError",
    "RequestDeniedError",
    "RequestNotReplayableError",
    "RequestNotSupportedError",
    "RequestSubmittedError",
    "RequestUriNotSupportedError",
    "RetryPolicy",
    "ServerErrorError",
    "ServerMetadata",
    "Situation",
    "SlowDownError",
    "StateMismatchError",
    "TemporarilyUnavailableError",
    "Token",
    "TokenRecord",
    "TokenRequest",
    "TokenSource",
    "TokenStore",
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
    "__version__",
    "adiscover",
    "all_codes",
    "all_dialects",
    "discover",
    "error_class",
    "lookup",
    "lookup_dialect",
    "parse_redirect",
    "parse_response",
    "parse_www_authenticate",
    "register_dialect",
]

_LAZY = {
    "AsyncTokenSource": "._sources",
    "BaseTokenSource": "._sources",
    "ClientCredentials": "._sources",
    "HTTPResult": "._tokens",
    "RefreshTokenSource": "._sources",
    "Token": "._tokens",
    "TokenRequest": "._tokens",
    "TokenSource": "._sources",
    "AuthorizationCodeFlow": "._authcode",
    "AuthorizationRequest": "._authcode",
    "ServerMetadata": "._discovery",
    "discover": "._discovery",
    "adiscover": "._discovery",
    "RetryPolicy": ".retry",
    "DeviceFlow": "._device",
    "DeviceAuthorization": "._device",
    "RequestNotReplayableError": "._adapter",
    "TokenStore": "._stores",
    "TokenRecord": "._stores",
    "MemoryTokenStore": "._stores",
    "FileTokenStore": "._stores",
    "RedisTokenStore": "._stores",
}


def _render_user_message(exc: OAuthClientError, locale: str | None) -> str:
    """Render ``err.user_message_in(locale)`` with the messages layer.

    The package's face wires the layers: the exceptions (at the ground) ask for their end
    user's words through this hook, and the messages layer, with its gettext catalogues,
    is loaded on the first message read, not with the package.
    """
    from ._messages import render

    return render(exc, locale)


set_user_message_renderer(_render_user_message)


def __getattr__(name: str) -> Any:
    """Load the names that need tenacity or the token machinery on first use (PEP 562)."""
    if name == "__version__":  # read from the metadata on first use (it costs an import)
        value = globals()["__version__"] = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(module, __name__), name)
    if isinstance(value, type) and issubclass(value, OAuthClientError):
        value.__module__ = __name__  # an exported exception's public home (DESIGN §4)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
