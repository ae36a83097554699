"""The English source of every end-user message: the gettext message ids.

Each message comes in two forms where it can name the provider: ``provider`` (with a
``{provider}`` placeholder, filled with a name such as "GitHub") and ``neutral`` (no name).
The catalogues under ``locales/`` translate exactly these ids; a test checks that the two
sets agree, that every id is translated in every catalogue and that every placeholder
survives translation.

Words the end user would not know are kept out on purpose: no protocol terms ("OAuth",
"grant", "token", "scope", "redirect URI", "client ID"), no error codes, no server text.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACCOUNT_SELECTION",
    "BUSY",
    "CLAIMS",
    "CONSENT",
    "DENIED",
    "DEVICE_EXPIRED",
    "EXTRA_PERMISSION",
    "FORBIDDEN",
    "INTERRUPTED",
    "MALFORMED",
    "MISCONFIGURED",
    "PENDING",
    "PLURALS",
    "RETRY_HOURS",
    "RETRY_LATER",
    "RETRY_MINUTES",
    "RETRY_MOMENT",
    "RETRY_NOW",
    "RETRY_SECONDS",
    "SESSION_ENDED",
    "SIGN_IN",
    "SIGN_IN_EXPIRED",
    "SIGN_IN_FAILED",
    "SINGULARS",
    "SOMETHING_WRONG",
    "SOMETHING_WRONG_HERE",
    "STRONGER_SIGN_IN",
    "UNAVAILABLE",
    "UNREACHABLE",
    "UNVERIFIED",
    "Plural",
    "Text",
]


@dataclass(frozen=True)
class Text:
    """One message: with the provider's name, and without it."""

    provider: str
    neutral: str


@dataclass(frozen=True)
class Plural:
    """A message whose wording depends on a number (``ngettext``)."""

    singular: str
    plural: str


# -- how long to wait (appended to the transient messages) ---------------------------------

RETRY_SECONDS = Plural(
    "Please try again in {seconds} second.",
    "Please try again in {seconds} seconds.",
)
RETRY_MINUTES = Plural(
    "Please try again in {minutes} minute.",
    "Please try again in {minutes} minutes.",
)
RETRY_HOURS = Plural(
    "Please try again in {hours} hour.",
    "Please try again in {hours} hours.",
)
RETRY_MOMENT = "Please try again in a moment."
RETRY_LATER = "Please try again later."
RETRY_NOW = "Please try again."

# -- one per situation (first sentence, or the whole message) ------------------------------

BUSY = Text(
    "{provider} is busy right now.",
    "The service is busy right now.",
)
UNAVAILABLE = Text(
    "{provider} is temporarily unavailable.",
    "The service is temporarily unavailable.",
)
INTERRUPTED = Text(
    "The connection to {provider} was interrupted.",
    "The connection to the service was interrupted.",
)
PENDING = Text(
    "Waiting for you to approve the sign-in with {provider} on your other device.",
    "Waiting for you to approve the sign-in on your other device.",
)
SESSION_ENDED = Text(
    "Your session with {provider} has ended. Please sign in again.",
    "Your session has ended. Please sign in again.",
)
SIGN_IN_EXPIRED = Text(
    "Your sign-in with {provider} has expired or is no longer valid. Please sign in again.",
    "Your sign-in has expired or is no longer valid. Please sign in again.",
)
DEVICE_EXPIRED = Text(
    "The sign-in request with {provider} expired before it was approved. Please start again.",
    "The sign-in request expired before it was approved. Please start again.",
)
SIGN_IN = Text(
    "Please sign in with {provider} to continue.",
    "Please sign in to continue.",
)
CONSENT = Text(
    "To continue, please approve in {provider} the access this application asks for.",
    "To continue, please approve the access this application asks for.",
)
ACCOUNT_SELECTION = Text(
    "Please choose which {provider} account to use.",
    "Please choose which account to use.",
)
EXTRA_PERMISSION = Text(
    "This needs an extra permission. Please sign in with {provider} again and allow the "
    "access this application asks for.",
    "This needs an extra permission. Please sign in again and allow the access this "
    "application asks for.",
)
STRONGER_SIGN_IN = Text(
    "This needs a stronger sign-in. Please sign in with {provider} again and complete any "
    "extra verification step you are asked for.",
    "This needs a stronger sign-in. Please sign in again and complete any extra "
    "verification step you are asked for.",
)
CLAIMS = Text(
    "{provider} needs you to confirm your sign-in. Please sign in again to continue.",
    "Your sign-in needs to be confirmed. Please sign in again to continue.",
)
MISCONFIGURED = Text(
    "This application is not set up correctly to work with {provider}. Please contact "
    "the application's support.",
    "This application is not set up correctly. Please contact the application's support.",
)
SOMETHING_WRONG_HERE = Text(
    "Something went wrong in this application while connecting to {provider}. Please try "
    "again, and contact the application's support if it keeps happening.",
    "Something went wrong in this application. Please try again, and contact the "
    "application's support if it keeps happening.",
)
DENIED = Text(
    "The request to access your {provider} account was declined, so nothing was shared "
    "with this application.",
    "The request for access was declined, so nothing was shared with this application.",
)
FORBIDDEN = Text(
    "Your {provider} account does not have access to this. If you think it should, please "
    "contact your administrator.",
    "Your account does not have access to this. If you think it should, please contact "
    "your administrator.",
)
SIGN_IN_FAILED = Text(
    "The sign-in to {provider} did not succeed. Please check your details and try again, "
    "or contact your administrator if it keeps failing.",
    "The sign-in did not succeed. Please check your details and try again, or contact "
    "your administrator if it keeps failing.",
)
SOMETHING_WRONG = Text(
    "Something went wrong while connecting to {provider}. Please try again later.",
    "Something went wrong. Please try again later.",
)

# -- errors that are not a server's answer --------------------------------------------------

UNVERIFIED = "The sign-in could not be verified. Please try again."
UNREACHABLE = (
    "The service could not be reached. Please check your internet connection and try again."
)
MALFORMED = (
    "The service sent an answer this application could not understand. Please try again later."
)

#: Every singular message id, in catalogue order.
SINGULARS: tuple[str, ...] = (
    RETRY_MOMENT,
    RETRY_LATER,
    RETRY_NOW,
    *(
        text
        for pair in (
            BUSY,
            UNAVAILABLE,
            INTERRUPTED,
            PENDING,
            SESSION_ENDED,
            SIGN_IN_EXPIRED,
            DEVICE_EXPIRED,
            SIGN_IN,
            CONSENT,
            ACCOUNT_SELECTION,
            EXTRA_PERMISSION,
            STRONGER_SIGN_IN,
            CLAIMS,
            MISCONFIGURED,
            SOMETHING_WRONG_HERE,
            DENIED,
            FORBIDDEN,
            SOMETHING_WRONG,
            SIGN_IN_FAILED,
        )
        for text in (pair.provider, pair.neutral)
    ),
    UNVERIFIED,
    UNREACHABLE,
    MALFORMED,
)

#: Every plural message.
PLURALS: tuple[Plural, ...] = (RETRY_SECONDS, RETRY_MINUTES, RETRY_HOURS)
