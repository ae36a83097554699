"""Secret redaction: the one routine every layer uses to keep credentials out of sight.

A parameter is secret-bearing by its *name*, compared after normalising case and
separators (``accessToken``, ``access-token`` and ``ACCESS_TOKEN`` are one name): the
names of :data:`SECRET_NAMES`, and any name ending in ``token``, ``secret``, ``password``
or ``assertion`` (``mfa_token``, ``login_hint_token``, ``clientSecret``). In an
authorization response ``code`` is the authorization code, a secret too; elsewhere vendors
use ``code`` for an error number, which stays visible.

A secret's value is replaced by :data:`REDACTED` where a parameter is kept for display
(``err.params``), and every occurrence of the value is scrubbed from every other string
the error holds (:func:`scrub`), since servers echo what they were sent.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "REDACTED",
    "SECRET_NAMES",
    "is_secret_name",
    "normalise_name",
    "scrub",
    "secret_strings",
    "split_secrets",
]

REDACTED = "[redacted]"

#: Secret-bearing parameter names, normalised (see :func:`normalise_name`). Sources:
#: RFC 6749 §4.1.2/§5.1 (code, access_token, refresh_token), §2.3.1 (client_secret),
#: RFC 7521/7523 (assertion, client_assertion), RFC 7636 (code_verifier), RFC 8628
#: (device_code), RFC 8693 (subject_token, actor_token), OIDC Core (id_token), CIBA
#: (auth_req_id, login_hint_token), OpenID4VCI (pre-authorized_code, tx_code), Auth0
#: (mfa_token), RFC 6749 §4.3 (password).
SECRET_NAMES = frozenset(
    {
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "token",
        "clientsecret",
        "clientassertion",
        "assertion",
        "devicecode",
        "codeverifier",
        "subjecttoken",
        "actortoken",
        "password",
        "mfatoken",
        "authreqid",
        "loginhinttoken",
        "preauthorizedcode",
        "txcode",
        "apikey",
    }
)
_SUFFIXES = ("token", "secret", "password", "assertion")
_SEPARATORS = str.maketrans("", "", "_-. ")
_MAX_DEPTH = 32
_MAX_FOUND = 100
# Names already judged not to be secret-bearing (bounded): a response whose names are all
# among them is screened by one set operation.
_JUDGED: set[str] = set()
_JUDGED_AUTHORIZATION: set[str] = set()
# Bounded: once full, names not in it are checked one by one (linear, about 1 µs each).
_MAX_JUDGED = 65536
_CONTAINERS = (dict, list)


def _nests(items: list[Any]) -> bool:
    """Whether the list ``items`` may hold a name inside: it holds an object or a list."""
    return any(type(item) in _CONTAINERS for item in items)


@functools.lru_cache(maxsize=2048)
def normalise_name(name: str) -> str:
    """``name`` case-folded, without ``_``, ``-``, ``.`` and spaces (``Access-Token``)."""
    return name[:200].translate(_SEPARATORS).casefold()


def is_secret_name(name: object, *, authorization: bool = False) -> bool:
    """Return True if a parameter called ``name`` carries a credential.

    Args:
        name: The parameter name as received (any type; only strings can be secret).
        authorization: The parameter is part of an authorization response, where
            ``code`` is the authorization code.
    """
    if not isinstance(name, str):
        return False
    key = normalise_name(name)
    if key in SECRET_NAMES or key.endswith(_SUFFIXES):
        return True
    return authorization and key == "code"


def split_secrets(
    params: Mapping[str, Any], *, authorization: bool = False, own: bool = False
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return (``params`` with secret values redacted, the raw secret values by name).

    A nested object (a JSON body) that holds a secret-bearing name anywhere inside is
    redacted whole.

    Args:
        params: The parameters received.
        authorization: They are an authorization response's (``code`` is a secret).
        own: ``params`` is a dict the caller hands over: with nothing to redact it is
            returned itself, else redacted in place; otherwise it is copied first.
    """
    judged = _JUDGED_AUTHORIZATION if authorization else _JUDGED
    # Every name known not to be secret-bearing (one set operation): the values are looked
    # at only for more names inside (an object, a list holding one).
    if judged.issuperset(params):
        for value in params.values():
            kind = type(value)
            if kind is dict or (kind is list and value and _nests(value)):
                break
        else:
            return (params if own and type(params) is dict else dict(params)), {}
    received = params if own and type(params) is dict else dict(params)
    # The names not yet judged (one set operation); only they are normalised and checked.
    unknown = received.keys() - judged
    secrets: dict[str, Any] = {}
    clean: list[str] = []
    for key, value in received.items():
        if key in unknown:
            if is_secret_name(key, authorization=authorization):
                if value != REDACTED:
                    secrets[key] = value
                continue
            if isinstance(key, str):
                clean.append(key)
        if isinstance(value, (dict, list)) and _nested(value, [], 0):
            secrets[key] = value
    for key in secrets:
        received[key] = REDACTED
    if clean and len(judged) < _MAX_JUDGED:
        judged.update(clean[: _MAX_JUDGED - len(judged)])
    return received, secrets


def secret_strings(secrets: Mapping[str, Any], *, authorization: bool = False) -> list[str]:
    """The secret strings inside ``secrets`` (as :func:`split_secrets` returns them)."""
    found: list[str] = []
    for key, value in secrets.items():
        if is_secret_name(key, authorization=authorization):
            found.extend(_strings(value))
        else:
            _nested(value, found, 0)
    return found


def scrub(value: Any, secrets: Iterable[str | None]) -> Any:
    """Return ``value`` with every occurrence of each secret replaced by :data:`REDACTED`.

    Strings, and the keys and values of dicts, lists and tuples inside ``value``, are
    scrubbed; anything else is returned as it is. Secrets shorter than 4 characters are
    ignored (they would match everywhere and hide nothing).
    """
    found = sorted({s.strip() for s in secrets if s and len(s.strip()) >= 4}, key=len)
    found.reverse()  # the longest first: a secret that contains another is removed whole
    if not found:
        return value
    return _scrub(value, found, 0)


def _scrub(value: Any, found: list[str], depth: int) -> Any:
    if isinstance(value, str):
        for secret in found:
            if secret in value:
                value = value.replace(secret, REDACTED)
        return value
    if depth > _MAX_DEPTH:
        # Deeper than any real body nests: not walked, so not kept (it may hold a secret).
        return REDACTED if isinstance(value, (dict, list, tuple)) else value
    if isinstance(value, dict):
        return {_scrub(k, found, depth + 1): _scrub(v, found, depth + 1) for k, v in value.items()}
    if isinstance(value, list):
        return [_scrub(v, found, depth + 1) for v in value]
    if isinstance(value, tuple):
        return tuple(_scrub(v, found, depth + 1) for v in value)
    return value


def _nested(value: Any, found: list[str], depth: int) -> list[str]:
    """Append to ``found`` every string held under a secret-bearing name inside ``value``.

    What nests deeper than :data:`_MAX_DEPTH` is not walked: it counts as holding a secret
    (an empty string is appended), so that the value around it is redacted whole.
    """
    if len(found) > _MAX_FOUND:
        return found
    if depth > _MAX_DEPTH:
        if isinstance(value, (Mapping, list)):
            found.append("")
        return found
    if isinstance(value, Mapping):
        for key, item in value.items():
            if is_secret_name(key):
                found.extend(_strings(item) or [""])
            else:
                _nested(item, found, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _nested(item, found, depth + 1)
    return found


def _strings(value: Any) -> list[str]:
    """Every string inside ``value`` (bounded)."""
    found: list[str] = []
    stack = [value]
    while stack and len(found) < _MAX_FOUND:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found
