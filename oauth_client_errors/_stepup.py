"""Step-up: what the next authorization request needs after a ``step_up`` or ``reauthorize``.

:meth:`OAuthError.next_authorization_params` is implemented here. Sources:

- RFC 6750 §3.1 ``insufficient_scope`` and the challenge's ``scope`` attribute.
- RFC 9470 §3-§4: the ``insufficient_user_authentication`` challenge carries ``acr_values``
  and/or ``max_age``; the client sends them in the next authorization request.
- OpenID Connect Core §3.1.2.1 (``prompt``) and §5.5 (the ``claims`` request parameter, a
  JSON object with ``userinfo`` / ``id_token`` members; Microsoft adds ``access_token``).
- Microsoft Entra claims challenges: ``error="insufficient_claims"`` with a base64
  ``claims`` attribute (https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge),
  and the ``claims`` member of an Entra token error (a JSON string).
- Auth0's ``mfa_required`` with ``mfa_token``
  (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa).

Standard library only; never raises on odd server data (it is skipped).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._types import Policy

if TYPE_CHECKING:
    from ._challenge import Challenge
    from ._errors import OAuthError

__all__ = ["next_authorization_params"]

#: The prompt each registered code calls for (OIDC Core §3.1.2.1, §3.1.2.6).
PROMPT_FOR_CODE = {
    "login_required": "login",
    "interaction_required": "login",
    "consent_required": "consent",
    "account_selection_required": "select_account",
}

_MAX_SCOPES = 100
_MAX_CLAIMS = 16 * 1024


def _challenge(err: OAuthError) -> Challenge | None:
    """The challenge that carries the error, else the first Bearer/DPoP one."""
    fallback = None
    for challenge in err.challenges:
        if challenge.is_oauth or challenge.error is not None:
            if challenge.error == err.code:
                return challenge
            fallback = fallback or challenge
    return fallback


def _scopes(value: str | Iterable[str] | None) -> list[str]:
    from ._dialects import split_scope

    if value is None:
        return []
    if isinstance(value, str):
        return split_scope(value)
    found: list[str] = []
    for item in value:
        if isinstance(item, str):
            found.extend(split_scope(item))
    return found


def _union(*groups: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for group in groups:
        for scope in group:
            if len(seen) >= _MAX_SCOPES:
                break
            seen.setdefault(scope, None)
    return list(seen)


def _claims_object(value: Any) -> dict[str, Any] | None:
    """A claims request from a mapping, its JSON, or its base64url-encoded JSON."""
    if isinstance(value, Mapping):
        return dict(value)
    if not isinstance(value, str) or not value.strip() or len(value) > _MAX_CLAIMS:
        return None
    text = value.strip()
    try:
        decoded: Any = json.loads(text)
    except (ValueError, RecursionError):
        try:
            raw = base64.urlsafe_b64decode(
                text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4)
            )
            decoded = json.loads(raw)
        except (binascii.Error, ValueError, RecursionError):
            return None
    return decoded if isinstance(decoded, dict) else None


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """Merge two claims requests member by member; ``extra`` wins for the same claim."""
    merged = dict(base)
    for member, requests in extra.items():
        current = merged.get(member)
        if isinstance(current, Mapping) and isinstance(requests, Mapping):
            merged[member] = {**current, **requests}
        else:
            merged[member] = requests
    return merged


def _prompt(err: OAuthError) -> str | None:
    from ._dialects import row_for

    row = row_for(err)
    if row is not None and row.prompt is not None:
        return row.prompt
    return PROMPT_FOR_CODE.get(err.code)


def next_authorization_params(
    err: OAuthError,
    requested_scope: str | Iterable[str] | None = None,
    *,
    claims: Mapping[str, Any] | str | None = None,
) -> dict[str, str]:
    """Return the parameters of the next authorization request (see the method's docs)."""
    from ._dialects import lookup_dialect, required_scope

    result: dict[str, str] = {}
    challenge = _challenge(err)
    step = err.policy in (Policy.STEP_UP, Policy.REAUTHORIZE)

    required: list[str] = []
    if step:
        if challenge is not None and challenge.error == err.code:
            required = challenge.scope
        elif err.code == "insufficient_scope" and isinstance(err.params.get("scope"), str):
            required = _scopes(err.params["scope"])
        required = _union(required, required_scope(err))
    scopes = _union(_scopes(requested_scope), required)
    if scopes:
        dialect = lookup_dialect(err.dialect) if err.dialect else None
        separator = dialect.scope_separator if dialect is not None else " "
        result["scope"] = separator.join(scopes)
    if not step:
        return result

    prompt = _prompt(err)
    if prompt is not None:
        result["prompt"] = prompt

    acr: list[str] = challenge.acr_values if challenge is not None else []
    if not acr and isinstance(err.params.get("acr_values"), str):
        acr = err.params["acr_values"].split()
    if acr:
        result["acr_values"] = " ".join(acr[:_MAX_SCOPES])
    max_age = challenge.max_age if challenge is not None else None
    raw_age = err.params.get("max_age")
    if max_age is None and isinstance(raw_age, str) and raw_age.isascii() and raw_age.isdigit():
        max_age = int(raw_age[:12])
    if max_age is not None:
        result["max_age"] = str(max_age)

    wanted = challenge.claims if challenge is not None else None
    if wanted is None:
        wanted = _claims_object(err.params.get("claims"))
    own = _claims_object(claims) if claims is not None else None
    if wanted is not None or own is not None:
        merged = _merge(own or {}, wanted or {})
        result["claims"] = json.dumps(merged, separators=(",", ":"), sort_keys=True)

    token = err.params.get("mfa_token")
    if isinstance(token, str) and token:
        result["mfa_token"] = token
    return result
