"""WWW-Authenticate challenges (RFC 9110 §11.6.1) and their OAuth views.

This module is being completed: the parser below is a placeholder with the final signature.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

__all__ = ["Challenge", "parse_www_authenticate"]


def _split_list(value: str | None) -> list[str]:
    return value.split() if value else []


@dataclass(frozen=True)
class Challenge:
    """One authentication challenge from a ``WWW-Authenticate`` header.

    Attributes:
        scheme: The auth-scheme as sent (compare with :meth:`is_scheme`).
        params: The auth-params, names lower-cased, values unquoted and unescaped. When a
            parameter is repeated, the first occurrence wins.
        token68: The token68 form (``Negotiate abc==``), or None.
    """

    scheme: str
    params: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    token68: str | None = None

    def is_scheme(self, name: str) -> bool:
        """Return True if this challenge's scheme is ``name`` (case-insensitive)."""
        return self.scheme.lower() == name.lower()

    @property
    def is_oauth(self) -> bool:
        """True for the schemes that carry OAuth errors: Bearer (RFC 6750) and DPoP (RFC 9449)."""
        return self.scheme.lower() in ("bearer", "dpop")

    @property
    def realm(self) -> str | None:
        """The ``realm`` parameter."""
        return self.params.get("realm")

    @property
    def error(self) -> str | None:
        """The ``error`` code (RFC 6750 §3)."""
        return self.params.get("error")

    @property
    def error_description(self) -> str | None:
        """The ``error_description`` (raw, not display-safe)."""
        return self.params.get("error_description")

    @property
    def error_uri(self) -> str | None:
        """The ``error_uri`` as received."""
        return self.params.get("error_uri")

    @property
    def scope(self) -> list[str]:
        """The space-delimited ``scope`` parameter as a list (RFC 6750 §3)."""
        return _split_list(self.params.get("scope"))

    @property
    def algs(self) -> list[str]:
        """The DPoP ``algs`` the server accepts (RFC 9449 §7.1)."""
        return _split_list(self.params.get("algs"))

    @property
    def acr_values(self) -> list[str]:
        """The ``acr_values`` required for step-up (RFC 9470 §3)."""
        return _split_list(self.params.get("acr_values"))

    @property
    def max_age(self) -> int | None:
        """The ``max_age`` in seconds required for step-up (RFC 9470 §3), or None."""
        raw = self.params.get("max_age")
        if raw is None or not raw.isascii() or not raw.strip().isdigit() or len(raw) > 12:
            return None
        return int(raw)

    @property
    def resource_metadata(self) -> str | None:
        """The protected resource metadata URL (RFC 9728 §5.1), as received."""
        return self.params.get("resource_metadata")

    @property
    def claims(self) -> dict[str, Any] | None:
        """Microsoft Entra's claims challenge: base64-decoded JSON object, or None."""
        raw = self.params.get("claims")
        if not raw or len(raw) > 16384:
            return None
        text = raw.strip()
        try:
            padded = text + "=" * (-len(text) % 4)
            decoded = base64.urlsafe_b64decode(padded.replace("+", "-").replace("/", "_"))
            value = json.loads(decoded)
        except (binascii.Error, ValueError, RecursionError):
            try:
                value = json.loads(text)  # some servers send the JSON itself
            except (ValueError, RecursionError):
                return None
        return value if isinstance(value, dict) else None


def parse_www_authenticate(value: str | bytes | Iterable[str | bytes]) -> list[Challenge]:
    """Placeholder; replaced by the real RFC 9110 parser."""
    raise NotImplementedError
