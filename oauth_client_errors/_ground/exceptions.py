"""The base exceptions: everything this package raises derives from :class:`OAuthClientError`.

The errors a server reports (:class:`~oauth_client_errors.OAuthError` and one class per
code) are in ``_errors``; these are the ones every layer may raise. Each reports
``__module__ == "oauth_client_errors"``, its public home, so that pickles and tracebacks
name the import path users know, whatever module defines it.
"""

from __future__ import annotations

__all__ = [
    "InsecureTransportError",
    "IssuerMismatchError",
    "MalformedResponseError",
    "OAuthClientError",
    "StateMismatchError",
    "TokenStoreError",
    "TransportError",
    "UntrustedResponseError",
]


class OAuthClientError(Exception):
    """Base class of every exception this package raises."""


class MalformedResponseError(OAuthClientError, ValueError):
    """The response breaks the protocol (bad syntax, repeated parameters, over a size cap).

    Also a :class:`ValueError`, like ``packaging``'s parse errors.
    """


class UntrustedResponseError(OAuthClientError):
    """A redirect failed a security check; nothing in it may be trusted or acted on."""


class StateMismatchError(UntrustedResponseError):
    """The redirect's ``state`` is missing or differs from the one sent (RFC 6749 §10.12).

    The response may be forged (CSRF); nothing in it is trustworthy.
    """


class IssuerMismatchError(UntrustedResponseError):
    """The redirect's ``iss`` is missing or names another server (RFC 9207 mix-up defence).

    The response may come from a different authorization server; nothing in it is trusted.
    """


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


for _cls in (
    OAuthClientError,
    MalformedResponseError,
    UntrustedResponseError,
    StateMismatchError,
    IssuerMismatchError,
    TokenStoreError,
    InsecureTransportError,
    TransportError,
):
    _cls.__module__ = "oauth_client_errors"
del _cls
