"""Claims requests (OIDC Core §5.5) as servers send them: an object, JSON, or base64url JSON.

Microsoft Entra's claims challenge carries a base64url-encoded JSON object (padded or not;
https://learn.microsoft.com/en-us/entra/identity-platform/claims-challenge); some servers
send the JSON itself; an Entra token error carries it as a JSON string.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

__all__ = ["MAX_CLAIMS", "decode_claims"]

#: Longest claims value decoded, in characters.
MAX_CLAIMS = 16 * 1024


def decode_claims(value: object) -> dict[str, Any] | None:
    """Return the claims request ``value`` holds as a dict, or None.

    A mapping is copied; text is read as JSON when it is a JSON object (it starts with
    ``{``), else as base64url (or base64) of one, padding optional. Never raises.
    """
    if isinstance(value, Mapping):
        return dict(value)
    if not isinstance(value, str) or len(value) > MAX_CLAIMS:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        if text.startswith("{"):
            decoded: Any = json.loads(text)
        else:
            padded = text.replace("+", "-").replace("/", "_") + "=" * (-len(text) % 4)
            import base64  # loaded on first use, not with the package

            decoded = json.loads(base64.urlsafe_b64decode(padded))
    except (ValueError, RecursionError):  # binascii.Error is a ValueError
        return None
    return decoded if isinstance(decoded, dict) else None
