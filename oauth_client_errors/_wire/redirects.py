"""Authorization redirects: the response parameters, ``state`` and ``iss`` checked.

RFC 6749 §3.1 ("Request and response parameters MUST NOT be included more than once"),
§4.1.2 and §4.2.2 (query and fragment), §10.12 (``state`` against CSRF); RFC 9207 §2.4
("Clients MUST then compare the value of the iss parameter with the issuer identifier
... using simple string comparison"); JARM §2 (``response``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .._ground.exceptions import (
    IssuerMismatchError,
    MalformedResponseError,
    StateMismatchError,
)
from .._ground.sanitize import display_text
from .bodies import form_pairs

__all__ = [
    "MAX_REDIRECT_PARAMS",
    "MAX_URL_LENGTH",
    "SKIP_STATE_CHECK",
    "SUCCESS_KEYS",
    "check_issuer",
    "check_state",
    "redirect_params",
]

#: Longest redirect URL accepted, in characters.
MAX_URL_LENGTH = 64 * 1024
#: Most parameters accepted in one redirect component.
MAX_REDIRECT_PARAMS = 1000


class _SkipStateCheck:
    """The type of :data:`SKIP_STATE_CHECK` (one instance; its repr names it)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "SKIP_STATE_CHECK"

    def __reduce__(self) -> str:
        return "SKIP_STATE_CHECK"


#: Pass as ``expected_state`` to :func:`~oauth_client_errors.parse_redirect` to skip the
#: ``state`` check explicitly (the request sent no state, or it was checked already).
SKIP_STATE_CHECK = _SkipStateCheck()
SKIP_STATE_CHECK.__class__.__module__ = "oauth_client_errors"

# Parameters that make a redirect an authorization response (RFC 6749 §4.1.2, §4.2.2,
# OIDC Core §3.2.2.5, JARM).
_RESPONSE_KEYS = frozenset(
    {"error", "code", "state", "access_token", "id_token", "iss", "response", "token_type"}
)
#: Parameters of a successful authorization response.
SUCCESS_KEYS = frozenset({"code", "access_token", "id_token"})
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _name(name: str) -> str:
    return repr(display_text(name, limit=40))


def _component(text: str, where: str) -> dict[str, str]:
    params: dict[str, str] = {}
    if not text:
        return params
    if text.count("&") >= MAX_REDIRECT_PARAMS:
        raise MalformedResponseError(f"more than {MAX_REDIRECT_PARAMS} parameters in the {where}")
    for name, value in form_pairs(text, limit=MAX_REDIRECT_PARAMS):
        if name in params:
            raise MalformedResponseError(
                f"parameter {_name(name)} appears more than once in the {where} "
                "(RFC 6749 §3.1); the response was not trusted"
            )
        params[name] = value
    return params


def redirect_params(url: object) -> dict[str, str]:
    """The response parameters of a redirect, from its query or its fragment.

    A bare query string (``error=access_denied&state=...``) is accepted too.

    Raises:
        MalformedResponseError: ``url`` is not text, is over :data:`MAX_URL_LENGTH`,
            repeats a parameter, or carries response parameters in both the query and the
            fragment.
    """
    if isinstance(url, (bytes, bytearray)):
        url = bytes(url).decode("utf-8", "replace")
    if not isinstance(url, str):
        raise MalformedResponseError("the redirect URL must be str or bytes")
    if len(url) > MAX_URL_LENGTH:
        raise MalformedResponseError(f"the redirect URL is longer than {MAX_URL_LENGTH} chars")
    text = url.strip(_C0_AND_SPACE)  # WHATWG URL: strip leading/trailing C0 and space
    before, hash_sign, fragment = text.partition("#")
    _, question, query = before.partition("?")
    if not question and not hash_sign and "=" in text and "://" not in text:
        query = text
    from_query = _component(query, "query")
    if not fragment:
        return from_query
    from_fragment = _component(fragment, "fragment")
    in_query = _RESPONSE_KEYS & from_query.keys()
    in_fragment = _RESPONSE_KEYS & from_fragment.keys()
    if in_query and in_fragment:
        raise MalformedResponseError(
            "both the query and the fragment carry authorization response parameters; "
            "the response is ambiguous and was not trusted"
        )
    return from_fragment if in_fragment else from_query


_compare: Callable[[Any, Any], bool] | None = None


def _equal(a: str, b: str) -> bool:
    """Constant-time comparison (RFC 6749 §10.12's state, RFC 9207's iss)."""
    global _compare
    compare = _compare
    if compare is None:
        import hmac  # loaded with the first redirect, not with the package

        compare = _compare = hmac.compare_digest
    if a.isascii() and b.isascii():
        return compare(a, b)  # ASCII text is compared as it is
    return compare(_bytes(a), _bytes(b))


def _bytes(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def check_state(params: Mapping[str, str], expected: object) -> None:
    """Compare ``state`` with ``expected`` in constant time (RFC 6749 §10.12).

    Raises:
        StateMismatchError: ``state`` is missing or differs.
        TypeError: ``expected`` is neither a string nor :data:`SKIP_STATE_CHECK`.
    """
    if expected is SKIP_STATE_CHECK:
        return
    if not isinstance(expected, str):
        raise TypeError(
            "expected_state must be the state sent (a str), or SKIP_STATE_CHECK to skip the check"
        )
    state = params.get("state")
    if state is None or not _equal(state, expected):
        raise StateMismatchError(
            "the redirect's state is missing or does not match the state sent; the "
            "response may be forged (CSRF) and was not trusted"
        )


def check_issuer(params: Mapping[str, str], expected: str | None) -> None:
    """Compare ``iss`` with ``expected`` (RFC 9207 §2.4); None skips the check.

    Raises:
        IssuerMismatchError: ``iss`` is missing or differs.
    """
    if expected is None:
        return
    issuer = params.get("iss")
    if issuer is None:
        raise IssuerMismatchError(
            "the redirect has no iss parameter although an issuer was expected (RFC "
            "9207); pass expected_issuer=None only if the server does not send iss"
        )
    if not _equal(issuer, expected):
        raise IssuerMismatchError(
            "the redirect's iss names a different authorization server (RFC 9207 "
            "mix-up defence); the response was not trusted"
        )
