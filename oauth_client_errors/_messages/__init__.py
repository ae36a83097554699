"""Messages for the end user of an application, in several languages.

``err.hint`` tells a developer what to change (English). ``err.user_message`` (and
``err.user_message_in(locale)``), rendered here by :func:`render`, tells the
person using the application what happened and what they can do, in plain words: sign in
again, allow the extra permission, wait, or contact the application's support. It never
uses protocol terms, never quotes the server, and never blames the user for a mistake in
the application. It is chosen by the error's :class:`~oauth_client_errors.Situation`, and
names the provider ("GitHub") when the error came from a known one.

Translations come from gettext catalogues shipped with the package
(``locales/<lang>/LC_MESSAGES/oauth_client_errors.mo``), read with the standard library's
:mod:`gettext` on first use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

from .._dialects import lookup_dialect
from .._errors import OAuthError
from .._ground.exceptions import (
    InsecureTransportError,
    MalformedResponseError,
    OAuthClientError,
    TokenStoreError,
    TransportError,
    UntrustedResponseError,
)
from .._types import Situation
from . import _texts as T
from ._locale import LOCALES, resolve_locale, translations

__all__ = ["LOCALES", "provider_name", "render", "resolve_locale"]

_Gettext = Callable[[str], str]
_NGettext = Callable[[str, str, int], str]

# -- the provider's name ----------------------------------------------------------------

#: The name an end user knows each built-in provider by. ``None``: the dialect is an
#: identity platform that runs the application's own, white-labelled sign-in page (Auth0,
#: Okta, Keycloak, Amazon Cognito), whose name the user has likely never seen.
_BRANDS: dict[str, str | None] = {
    "github": "GitHub",
    "google": "Google",
    "microsoft": "Microsoft",
    "slack": "Slack",
    "facebook": "Facebook",
    "apple": "Apple",
    "dropbox": "Dropbox",
    "spotify": "Spotify",
    "discord": "Discord",
    "zoom": "Zoom",
    "linkedin": "LinkedIn",
    "salesforce": "Salesforce",
    "hub": "JetBrains Hub",
    "auth0": None,
    "okta": None,
    "keycloak": None,
    "cognito": None,
}
# A registered dialect's title is used only if it is plainly a name.
_PLAIN_NAME = re.compile(r"[^\W_][\w .&'+-]{0,39}")


def provider_name(err: object) -> str | None:
    """Return the provider's name for an end user (``"GitHub"``), or None.

    Taken from the error's recognised dialect: a built-in provider's brand name, or the
    title of a dialect registered with ``register_dialect`` when it is a plain name of at
    most 40 characters. None when the error names no provider, or the provider is an
    identity platform behind the application's own sign-in page.
    """
    name = getattr(err, "dialect", None)
    if not isinstance(name, str):
        return None
    key = name.strip().lower()
    if key in _BRANDS:
        return _BRANDS[key]
    dialect = lookup_dialect(key)
    title = getattr(dialect, "title", None)
    if isinstance(title, str) and _PLAIN_NAME.fullmatch(title.strip()):
        return title.strip()
    return None


# -- the situation ------------------------------------------------------------------------


def _situation_of(err: OAuthError) -> Situation:
    """Return what happened, for choosing the end user's message.

    ``err.situation``, which the rules set on every error (DESIGN §4, rules 1-7), refined
    here for the end user only: with no user behind the token, nobody can act on it.
    """
    situation = err.situation
    if situation in _PERSON_SITUATIONS and getattr(err, "user_present", None) is False:
        # No user is behind the token (client credentials...): the end user can do
        # nothing about it; the application must be configured differently.
        return Situation.CLIENT_MISCONFIGURED
    return situation


#: The situations whose message asks the end user to act (sign in, grant more).
_PERSON_SITUATIONS = frozenset(
    {
        Situation.GRANT_INVALID,
        Situation.INTERACTION_REQUIRED,
        Situation.SCOPE_REQUIRED,
        Situation.AUTHENTICATION_REQUIRED,
        Situation.CLAIMS_REQUIRED,
    }
)


# -- the message --------------------------------------------------------------------------

# The message for each situation; refined by code below where the code says more.
_BY_SITUATION: dict[Situation, T.Text] = {
    Situation.RATE_LIMITED: T.BUSY,
    Situation.UNAVAILABLE: T.UNAVAILABLE,
    Situation.NONCE_REQUIRED: T.INTERRUPTED,
    Situation.PENDING: T.PENDING,
    Situation.SLOW_DOWN: T.PENDING,
    Situation.TOKEN_REJECTED: T.SESSION_ENDED,
    Situation.GRANT_INVALID: T.SIGN_IN_EXPIRED,
    Situation.INTERACTION_REQUIRED: T.SIGN_IN,
    Situation.SCOPE_REQUIRED: T.EXTRA_PERMISSION,
    Situation.AUTHENTICATION_REQUIRED: T.STRONGER_SIGN_IN,
    Situation.CLAIMS_REQUIRED: T.CLAIMS,
    Situation.CLIENT_MISCONFIGURED: T.MISCONFIGURED,
    Situation.REQUEST_INVALID: T.SOMETHING_WRONG_HERE,
    Situation.DENIED: T.DENIED,
    Situation.FORBIDDEN: T.FORBIDDEN,
    Situation.UNKNOWN: T.SOMETHING_WRONG,
}
_BY_CODE: dict[tuple[Situation, str], T.Text] = {
    (Situation.GRANT_INVALID, "expired_token"): T.DEVICE_EXPIRED,
    (Situation.INTERACTION_REQUIRED, "consent_required"): T.CONSENT,
    (Situation.INTERACTION_REQUIRED, "account_selection_required"): T.ACCOUNT_SELECTION,
    # invalid_grant that no new sign-in fixes: the details the user typed were refused, or
    # the account is disabled (a password grant at Auth0, Keycloak, Cognito, Salesforce).
    (Situation.UNKNOWN, "invalid_grant"): T.SIGN_IN_FAILED,
    (Situation.FORBIDDEN, "invalid_grant"): T.SIGN_IN_FAILED,
    (Situation.DENIED, "invalid_grant"): T.SIGN_IN_FAILED,
}
# Situations whose message goes on with how long to wait.
_WAIT = frozenset({Situation.RATE_LIMITED, Situation.UNAVAILABLE})


def render(exc: OAuthClientError, locale: str | None = None) -> str:
    """Return what to tell the end user of an application about ``exc``.

    The renderer behind :attr:`~oauth_client_errors.OAuthClientError.user_message` and
    :meth:`~oauth_client_errors.OAuthClientError.user_message_in`.

    Plain words in the user's language: what happened and what they can do (sign in
    again, allow an extra permission, wait and try again, contact the application's
    support). No protocol terms, nothing the server wrote, and never the user's fault
    when the application is misconfigured. The provider is named when the error came
    from a known one ("GitHub is busy right now. Please try again in 30 seconds.").

    An :class:`~oauth_client_errors.OAuthError` gets the message for its situation; a
    failed redirect check ("could not be verified"), a transport failure ("could not be
    reached") and the package's other errors get their own; anything else gets a general
    "something went wrong".

    Args:
        exc: The exception to describe.
        locale: The user's language: ``"de"``, ``"de-DE"``, ``"pt_BR"``, ``"zh-Hans-CN"``
            or an ``Accept-Language`` value. None (the default), or a language without a
            catalogue, gives English. The process locale is not consulted: a server's
            locale is not its user's.

    Returns:
        One to three sentences, display-safe plain text. Never raises.
    """
    try:
        catalogue = translations(resolve_locale(locale))
        return _compose(exc, catalogue.gettext, catalogue.ngettext)
    except Exception:  # pragma: no cover - a message must never fail; English, fixed text
        return T.SOMETHING_WRONG.neutral


def _compose(exc: BaseException, tr: _Gettext, ntr: _NGettext) -> str:
    if isinstance(exc, OAuthError):
        situation = _situation_of(exc)
        code = type(exc).error_code or exc.code
        text = _BY_CODE.get((situation, code), _BY_SITUATION[situation])
        provider = provider_name(exc)
        if provider is None:
            first = tr(text.neutral)
        else:
            first = tr(text.provider).format(provider=provider)
        if situation in _WAIT:
            return _join(first, _wait(exc.retry_after, tr, ntr))
        if situation is Situation.NONCE_REQUIRED:
            return _join(first, tr(T.RETRY_NOW))
        return first
    if isinstance(exc, UntrustedResponseError):
        return tr(T.UNVERIFIED)
    if isinstance(exc, TransportError):
        return tr(T.UNREACHABLE)
    if isinstance(exc, MalformedResponseError):
        return tr(T.MALFORMED)
    if isinstance(exc, InsecureTransportError):
        return tr(T.MISCONFIGURED.neutral)
    if isinstance(exc, TokenStoreError):
        return tr(T.SOMETHING_WRONG_HERE.neutral)
    return tr(T.SOMETHING_WRONG.neutral)


def _wait(retry_after: object, tr: _Gettext, ntr: _NGettext) -> str:
    """How long to wait: seconds (rounded up) up to 90, then minutes, then hours."""
    if (
        not isinstance(retry_after, (int, float))
        or isinstance(retry_after, bool)
        or not math.isfinite(retry_after)
        or retry_after <= 0
    ):
        return tr(T.RETRY_MOMENT)
    seconds = math.ceil(retry_after)
    if seconds <= 90:
        return ntr(T.RETRY_SECONDS.singular, T.RETRY_SECONDS.plural, seconds).format(
            seconds=seconds
        )
    minutes = math.ceil(seconds / 60)
    if minutes <= 90:
        return ntr(T.RETRY_MINUTES.singular, T.RETRY_MINUTES.plural, minutes).format(
            minutes=minutes
        )
    hours = math.ceil(minutes / 60)
    if hours <= 48:
        return ntr(T.RETRY_HOURS.singular, T.RETRY_HOURS.plural, hours).format(hours=hours)
    return tr(T.RETRY_LATER)


def _join(first: str, second: str) -> str:
    """Two sentences; no space after a full-width full stop (Japanese, Chinese)."""
    return f"{first}{second}" if first.endswith(("。", "！", "？")) else f"{first} {second}"
