"""The shape of the registry's rows, and the hint templates they hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeAlias

from .._ground.exceptions import OAuthClientError
from .._ground.sanitize import display_text
from .._rules import POLICY
from .._types import Endpoint, Policy, Situation

__all__ = [
    "HINT_FIELDS",
    "CodeInfo",
    "HintTemplate",
    "StatusRule",
    "alternatives",
    "endpoint_words",
    "render",
    "template_fields",
]

#: One hint template, or alternatives tried in order (the last is the fallback).
HintTemplate: TypeAlias = str | tuple[str, ...]

#: The placeholders a hint template may use.
HINT_FIELDS = frozenset(
    {
        "scope",
        "acr_values",
        "max_age",
        "retry_after",
        "interval",
        "endpoint",
        "status",
        "code",
        "link",
    }
)

# Used only if a fallback template names a value the response did not carry.
_DEFAULTS: Mapping[str, str] = MappingProxyType(
    {
        "scope": "the scope the API requires",
        "acr_values": "the required authentication level",
        "max_age": "the required",
        "retry_after": "a few",
        "interval": "5",
        "endpoint": "this",
        "status": "error",
        "code": "this",
        "link": "the error_uri link",
    }
)

#: The exception class of each registered code, filled in by ``_errors`` when it defines
#: them (the registry is data below the classes; the classes name their code).
CLASSES: dict[str, type[OAuthClientError]] = {}


@dataclass(frozen=True)
class CodeInfo:
    """Everything the registry knows about one error code.

    Attributes:
        code: The registered error code (``"invalid_grant"``).
        title: A short title (a few words).
        meaning: One or two sentences, from the defining specification.
        specs: Where it is defined (``("RFC 6749 §5.2", "OIDC Core §3.1.2.6")``).
        endpoints: The endpoints it is received at.
        situation: What it reports wherever :attr:`situations` has no override.
        default_hint: The hint template wherever :attr:`hints` has no override.
        situations: Per-endpoint situation overrides.
        hints: Per-endpoint hint overrides.
        aliases: Misspellings and variants that mean this code.
    """

    code: str
    title: str
    meaning: str
    specs: tuple[str, ...]
    endpoints: tuple[Endpoint, ...]
    situation: Situation
    default_hint: HintTemplate
    situations: Mapping[Endpoint, Situation] = field(default_factory=dict, hash=False)
    hints: Mapping[Endpoint, HintTemplate] = field(default_factory=dict, hash=False)
    aliases: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "situations", MappingProxyType(dict(self.situations)))
        object.__setattr__(self, "hints", MappingProxyType(dict(self.hints)))

    @property
    def error_class(self) -> type[OAuthClientError]:
        """The :class:`~oauth_client_errors.OAuthError` subclass raised for this code."""
        return CLASSES[self.code]

    @property
    def default_policy(self) -> Policy:
        """The policy wherever :attr:`policies` has no override (from :attr:`situation`)."""
        return POLICY[self.situation]

    @property
    def policies(self) -> Mapping[Endpoint, Policy]:
        """Per-endpoint policies that differ from :attr:`default_policy`."""
        return MappingProxyType({ep: POLICY[s] for ep, s in self.situations.items()})

    def situation_at(self, endpoint: Endpoint | str) -> Situation:
        """Return what this code reports when received at ``endpoint``."""
        return self.situations.get(Endpoint.coerce(endpoint), self.situation)

    def policy_at(self, endpoint: Endpoint | str) -> Policy:
        """Return the policy for this code received at ``endpoint``."""
        return POLICY[self.situation_at(endpoint)]

    def hint_template_at(self, endpoint: Endpoint | str) -> tuple[str, ...]:
        """Return the hint alternatives for ``endpoint`` (the last is the fallback)."""
        return alternatives(self.hints.get(Endpoint.coerce(endpoint), self.default_hint))

    def hint_at(self, endpoint: Endpoint | str, values: Mapping[str, str] | None = None) -> str:
        """Return the hint for ``endpoint``, filled with ``values``.

        Args:
            endpoint: Where the error was received.
            values: Display-safe values for the placeholders; without them the generic
                (fallback) hint is returned.

        Returns:
            One or two sentences for a person.
        """
        where = Endpoint.coerce(endpoint)
        filled = {"endpoint": endpoint_words(where), **(values or {})}
        return render(self.hint_template_at(where), filled)

    @property
    def all_endpoints(self) -> tuple[Endpoint, ...]:
        """:attr:`endpoints` plus any endpoint with an override, in :class:`Endpoint` order."""
        seen = set(self.endpoints) | set(self.situations) | set(self.hints)
        return tuple(ep for ep in Endpoint if ep in seen)


@dataclass(frozen=True)
class StatusRule:
    """What an HTTP status alone means (no registered code); the first matching rule wins.

    Attributes:
        statuses: The statuses it covers (empty: any status, or none).
        endpoints: The endpoints it covers (empty: any).
        challenged: Whether a ``WWW-Authenticate`` challenge must be (True) or must not be
            (False) present; None: either.
        situation: What it reports.
        hint: The hint template.
        summary: When it applies, in words (for the reference documentation).
    """

    statuses: frozenset[int]
    endpoints: frozenset[Endpoint]
    challenged: bool | None
    situation: Situation
    hint: HintTemplate
    summary: str

    @property
    def policy(self) -> Policy:
        """The policy (from :attr:`situation`)."""
        return POLICY[self.situation]

    def matches(self, status: int | None, endpoint: Endpoint, challenged: bool) -> bool:
        """Return True if this rule applies."""
        if self.statuses and status not in self.statuses:
            return False
        if self.endpoints and endpoint not in self.endpoints:
            return False
        return self.challenged is None or self.challenged == challenged


def alternatives(template: HintTemplate) -> tuple[str, ...]:
    """The alternatives of a hint template (one string is one alternative)."""
    return (template,) if isinstance(template, str) else template


def template_fields(template: str) -> set[str]:
    """The placeholders ``template`` names."""
    import string  # loaded on first use, not with the package

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


class _SafeValues(dict[str, str]):
    """Hint values; a missing one falls back to a neutral phrase instead of raising."""

    def __missing__(self, key: str) -> str:
        return _DEFAULTS.get(key, "")


def render(choices: tuple[str, ...], values: Mapping[str, str]) -> str:
    """Fill the first alternative whose placeholders all have values (else the last)."""
    chosen = choices[-1]
    for template in choices:
        if template_fields(template) <= values.keys():
            chosen = template
            break
    return chosen.format_map(_SafeValues(values))


def endpoint_words(endpoint: Endpoint) -> str:
    """An endpoint as words (``device authorization``)."""
    return endpoint.value.replace("_", " ")


def display_value(value: object, limit: int) -> str | None:
    """Return ``value`` as display-safe text of at most ``limit`` characters, or None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value[:50])
    text = display_text(value, limit=limit)
    return text or None


def seconds(value: Any) -> str | None:
    """Return a non-negative number of seconds, rounded, as text; None if not a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        raw = value.strip()
        if not raw.isascii() or not raw.isdigit() or len(raw) > 9:
            return None
        return str(int(raw))
    if isinstance(value, (int, float)) and value == value and 0 <= value < 1e9:
        return str(round(value))
    return None
