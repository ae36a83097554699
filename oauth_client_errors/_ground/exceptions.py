"""The base exceptions: everything this package raises derives from :class:`OAuthClientError`.

The errors a server reports (:class:`~oauth_client_errors.OAuthError` and one class per
code) are in ``_errors``; these are the ones every layer may raise. Each reports
``__module__ == "oauth_client_errors"``, its public home, so that pickles and tracebacks
name the import path users know, whatever module defines it.

Every exception of the package has :attr:`~OAuthClientError.user_message` and
:meth:`~OAuthClientError.user_message_in`, the words for the end user of an application.
They are written by the messages layer (``_messages``, with its gettext catalogues), which
stands far above this one: the package's face (``oauth_client_errors/__init__.py``) hands
its renderer to :func:`set_user_message_renderer` when the package is imported, so this
module imports nothing of the layers above it.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = [
    "InsecureTransportError",
    "IssuerMismatchError",
    "MalformedResponseError",
    "OAuthClientError",
    "StateMismatchError",
    "TokenStoreError",
    "TransportError",
    "UntrustedResponseError",
    "set_user_message_renderer",
]

#: Renders the end user's message for an exception in a locale (None: English).
UserMessageRenderer = Callable[["OAuthClientError", "str | None"], str]

#: The renderer in use: set once by the package's face, which wires the messages layer in.
_renderer: list[UserMessageRenderer] = []


def set_user_message_renderer(render: UserMessageRenderer) -> None:
    """Set what :attr:`OAuthClientError.user_message` renders with (the package face does)."""
    _renderer[:] = [render]


class OAuthClientError(Exception):
    """Base class of every exception this package raises.

    Besides its message (for the developer, in English), every exception carries the words
    for the end user of the application: :attr:`user_message`, and
    :meth:`user_message_in` for another language.
    """

    @property
    def user_message(self) -> str:
        """What to tell the end user of an application, in English.

        Plain words, no protocol terms, nothing the server wrote, and never the user's
        fault when the application is misconfigured: sign in again, allow an extra
        permission, wait and try again, contact the application's support. The provider is
        named when the error came from a known one ("GitHub is busy right now...").
        """
        return self.user_message_in(None)

    def user_message_in(self, locale: str | None) -> str:
        """:attr:`user_message` in the end user's language.

        Args:
            locale: ``"de"``, ``"de-DE"``, ``"pt_BR"``, ``"zh-Hans-CN"``, or the request's
                ``Accept-Language`` header value (``"fr-CH, fr;q=0.9, en;q=0.8"``), whose
                languages are tried by preference (``zh-TW``, ``zh-Hant`` and ``zh-HK``
                get Traditional Chinese). None, or a language without a catalogue
                (``en``, ``de``, ``fr``, ``es``, ``pt_BR``, ``ja``, ``zh_CN``, ``zh_TW``),
                gives English.

        Returns:
            One to three display-safe sentences. Never raises.
        """
        return _renderer[0](self, locale)


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
