"""Step-up: what the next authorization request needs after a ``step_up`` or ``reauthorize``.

The logic behind :meth:`OAuthError.next_authorization_params`, on plain data (the error
passes its fields). Sources:

- RFC 6750 §3.1 ``insufficient_scope`` and the challenge's ``scope`` attribute.
- RFC 9470 §3-§4: the ``insufficient_user_authentication`` challenge carries ``acr_values``
  and/or ``max_age``; the client sends them in the next authorization request.
- OpenID Connect Core §3.1.2.1 (``prompt``) and §5.5 (the ``claims`` request parameter, a
  JSON object with ``userinfo`` / ``id_token`` members; Microsoft adds ``access_token``).
- Microsoft Entra claims challenges: a ``claims`` attribute, base64url JSON
  (https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge), and the
  ``claims`` member of an Entra token error (a JSON string).
- Auth0's ``mfa_required`` with ``mfa_token``
  (https://auth0.com/docs/secure/multi-factor-authentication/authenticate-using-ropg-flow-with-mfa).

Standard library only; never raises on odd server data (it is skipped).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from ._dialects import lookup_dialect, required_scope, row_for, split_scope
from ._types import Endpoint, Policy
from ._wire.challenge import Challenge, select_challenge
from ._wire.claims import decode_claims

__all__ = ["PROMPT_FOR_CODE", "next_authorization_params"]

#: The prompt each registered code calls for (OIDC Core §3.1.2.1, §3.1.2.6).
PROMPT_FOR_CODE = {
    "login_required": "login",
    "interaction_required": "login",
    "consent_required": "consent",
    "account_selection_required": "select_account",
}

_MAX_SCOPES = 100


def _scopes(value: str | Iterable[str] | None) -> list[str]:
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


def next_authorization_params(
    *,
    code: str,
    received_code: str | None,
    policy: Policy,
    endpoint: Endpoint,
    status_code: int | None,
    description: str | None,
    params: Mapping[str, Any],
    secret_params: Mapping[str, Any],
    challenges: Iterable[Challenge],
    dialect: str | None,
    vendor_code: str | None,
    requested_scope: str | Iterable[str] | None = None,
    claims: Mapping[str, Any] | str | None = None,
) -> dict[str, str]:
    """Return the parameters of the next authorization request (see the method's docs)."""
    result: dict[str, str] = {}
    challenge = select_challenge(challenges, code)
    step = policy in (Policy.STEP_UP, Policy.REAUTHORIZE)

    required: list[str] = []
    if step:
        if challenge is not None and challenge.error == code:
            required = challenge.scope
        elif code == "insufficient_scope" and isinstance(params.get("scope"), str):
            required = _scopes(params["scope"])
        required = _union(required, required_scope(dialect, params, status_code))
    scopes = _union(_scopes(requested_scope), required)
    if scopes:
        found = lookup_dialect(dialect) if dialect else None
        separator = found.scope_separator if found is not None else " "
        result["scope"] = separator.join(scopes)
    if not step:
        return result

    row = row_for(dialect, vendor_code or code, description, endpoint)
    prompt = row.prompt if row is not None and row.prompt is not None else None
    if prompt is None:
        # The OIDC code as the server sent it (a vendor code mapped to one, such as
        # Auth0's mfa_required, is not a request to sign in again).
        prompt = PROMPT_FOR_CODE.get(received_code or "")
    if prompt is not None:
        result["prompt"] = prompt

    acr: list[str] = challenge.acr_values if challenge is not None else []
    if not acr and isinstance(params.get("acr_values"), str):
        acr = params["acr_values"].split()
    if acr:
        result["acr_values"] = " ".join(acr[:_MAX_SCOPES])
    max_age = challenge.max_age if challenge is not None else None
    raw_age = params.get("max_age")
    if max_age is None and isinstance(raw_age, str) and raw_age.isascii() and raw_age.isdigit():
        max_age = int(raw_age[:12])
    if max_age is not None:
        result["max_age"] = str(max_age)

    wanted = challenge.claims if challenge is not None else None
    if wanted is None:
        for candidate in challenges:
            wanted = candidate.claims
            if wanted is not None:
                break
    if wanted is None:
        wanted = decode_claims(params.get("claims"))
    own = decode_claims(claims) if claims is not None else None
    if wanted is not None or own is not None:
        merged = _merge(own or {}, wanted or {})
        result["claims"] = json.dumps(merged, separators=(",", ":"), sort_keys=True)

    token = secret_params.get("mfa_token")
    if isinstance(token, str) and token:
        result["mfa_token"] = token
    return result
