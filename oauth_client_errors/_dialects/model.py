"""The dialect model: a provider's error table as data (:class:`Dialect`, :class:`DialectCode`).

A row says what a vendor code *means*: the registered code it stands for
(``canonical``) and, where it differs, the :class:`~oauth_client_errors.Situation` it
reports. The policy is not the dialect's to choose: it follows from the situation by
the rules every provider shares (``_rules``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .._registry import HINT_FIELDS, HintTemplate, alternatives, lookup, template_fields
from .._rules import POLICY
from .._types import Endpoint, Policy, Situation
from .envelopes import ENVELOPES

__all__ = [
    "DIALECT_HINT_FIELDS",
    "PROMPTS",
    "Dialect",
    "DialectCode",
    "normalise",
    "retry_hint",
]


def retry_hint(first: str) -> tuple[str, str]:
    """A retry hint: with the server's delay when it gave one, else with back-off."""
    return (
        f"{first} Wait {{retry_after}} seconds, as the server asked, then send the request again.",
        f"{first} Wait a little (with exponential back-off), then send the request again.",
    )


#: The ``prompt`` values a :class:`DialectCode` may ask for (OIDC Core §3.1.2.1).
PROMPTS = frozenset({"login", "consent", "select_account"})

#: The placeholders a dialect hint may use: the registry's, plus ``docs`` (the dialect's
#: error reference) and ``provider`` (its title).
DIALECT_HINT_FIELDS = HINT_FIELDS | {"docs", "provider"}

_NAME = r"[a-z][a-z0-9_-]{0,39}"  # compiled by ``re`` when a dialect is made
#: How much of a description a row matches on (the head; the rest is never scanned).
MAX_DESCRIPTION_MATCH = 512

_DEFAULT_FALLBACK: tuple[str, ...] = (
    '{provider} reported "{code}", which this library does not map to a standard OAuth '
    "error. See {docs} for what it means and what to do.",
    "{provider} reported an error this library does not map to a standard OAuth error. See "
    "{docs} for what it means and what to do.",
)


# A policy given without a situation (a dialect written before situations existed)
# stands for the first situation its rule names.
_SITUATION_OF_POLICY = {
    Policy.RETRY: Situation.UNAVAILABLE,
    Policy.REFRESH: Situation.TOKEN_REJECTED,
    Policy.REAUTHORIZE: Situation.GRANT_INVALID,
    Policy.STEP_UP: Situation.AUTHENTICATION_REQUIRED,
    Policy.POLL: Situation.PENDING,
    Policy.SLOW_DOWN: Situation.SLOW_DOWN,
    Policy.FIX_CONFIG: Situation.CLIENT_MISCONFIGURED,
    Policy.FAIL: Situation.DENIED,
}


# -- the data -----------------------------------------------------------------------------


@dataclass(frozen=True)
class DialectCode:
    """One row of a dialect's table: a vendor code and what it means for a client.

    Attributes:
        code: The vendor's code as its envelope carries it: an ``error`` value
            (``"bad_verification_code"``), an Entra number (``"AADSTS50076"``), a Facebook
            code or ``"code/subcode"`` (``"190/463"``), a Google ``status`` or ``reason``...
            The empty string matches any code (then ``description`` must be given).
        meaning: What the provider means by it, in a few words.
        source: Where the provider published it (a URL).
        canonical: The registry code whose class, situation and hint a vendor code that is
            not a registered one is raised with (``bad_verification_code`` ->
            :class:`InvalidGrantError`). ``err.code`` keeps the vendor's code as received,
            and ``type(err).error_code`` names the canonical one. A registered code the
            server sent is never replaced: ``invalid_grant`` stays
            :class:`InvalidGrantError` whatever the description says.
        situation: What the vendor code reports, when it differs from the canonical
            code's (an MFA requirement, a revoked grant). The policy follows from it by
            the rules every provider shares.
        policy: The policy the rules give :attr:`situation` (read-only in effect: given
            without a situation, it stands for the situation its rule names first).
        hint: A vendor-specific hint template (see ``_registry``): one string or
            alternatives, with the registry's placeholders plus ``{docs}`` and
            ``{provider}``. None keeps the canonical code's hint.
        description: Only match when the description starts with this text (compared
            case-insensitively, white space folded, a final period optional).
        endpoints: Only match at these endpoints (empty: anywhere).
        prompt: The ``prompt`` the next authorization request needs (``login``,
            ``consent`` or ``select_account``), see
            :meth:`OAuthError.next_authorization_params`.
    """

    code: str
    meaning: str
    source: str
    canonical: str | None = None
    policy: Policy | None = None
    situation: Situation | None = None
    hint: HintTemplate | None = None
    description: str | None = None
    endpoints: tuple[Endpoint, ...] = ()
    prompt: str | None = None
    _prefix: str | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or len(self.code) > 200:
            raise ValueError("DialectCode.code must be a string of at most 200 characters")
        if not self.code and not self.description:
            raise ValueError("a DialectCode with an empty code needs a description")
        if not self.source.startswith("https://"):
            raise ValueError(f"the source of {self.code!r} must be an https URL")
        if self.canonical is not None:
            info = lookup(self.canonical)
            if info is None or info.code != self.canonical:
                raise ValueError(f"{self.canonical!r} is not a registered error code")
        if self.situation is not None:
            object.__setattr__(self, "situation", Situation(self.situation))
        elif self.policy is not None:
            object.__setattr__(self, "situation", _SITUATION_OF_POLICY[Policy(self.policy)])
        if self.situation is not None:
            object.__setattr__(self, "policy", POLICY[self.situation])
        object.__setattr__(self, "endpoints", tuple(Endpoint.coerce(e) for e in self.endpoints))
        if self.prompt is not None and self.prompt not in PROMPTS:
            raise ValueError(f"prompt must be one of {sorted(PROMPTS)}")
        if self.hint is not None:
            _check_template(self.hint, self.code)
        if self.description is not None:
            if not isinstance(self.description, str) or not normalise(self.description):
                raise ValueError(f"the description of {self.code!r} must be non-empty text")
            object.__setattr__(self, "_prefix", normalise(self.description))

    @property
    def matcher(self) -> str | None:
        """The normalised description prefix this row requires, or None."""
        return self._prefix

    def matches(self, description: str | None, endpoint: Endpoint) -> bool:
        """Return True if this row applies to a response with ``description`` at ``endpoint``."""
        return self._matches(normalise(description) if description else None, endpoint)

    def _matches(self, normalised: str | None, endpoint: Endpoint) -> bool:
        if self.endpoints and endpoint not in self.endpoints:
            return False
        if self._prefix is None:
            return True
        return normalised is not None and normalised.startswith(self._prefix)


@dataclass(frozen=True)
class Dialect:
    """How one provider reports errors: recognised by host and shape, mapped by a table.

    Attributes:
        name: A short lower-case identifier (``"github"``); what ``err.dialect`` holds.
        title: The provider's name for people (``"GitHub"``).
        codes: The table, most specific rows first within a code.
        docs: The provider's error reference (a URL), offered in hints.
        hosts: Host names it answers from; ``"github.com"`` also covers its subdomains, and
            ``*`` is a wildcard (``"cognito-idp.*.amazonaws.com"``).
        paths: URL path fragments that identify it on any host (``"/realms/"``).
        envelopes: The body shapes it sends, by name (see the module documentation).
        docs_base: The base URL a relative ``error_uri`` is resolved against.
        scope_separator: How it separates scopes in an authorization request.
        details: Response parameters worth showing a person (support and trace ids).
        fallback_hint: The hint for a vendor code its table does not map.
    """

    name: str
    title: str
    codes: tuple[DialectCode, ...]
    docs: str
    hosts: tuple[str, ...] = ()
    paths: tuple[str, ...] = ()
    envelopes: tuple[str, ...] = ("oauth",)
    docs_base: str | None = None
    scope_separator: str = " "
    details: tuple[str, ...] = ()
    fallback_hint: HintTemplate | None = None
    _index: Mapping[str, tuple[DialectCode, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not re.fullmatch(_NAME, self.name):
            raise ValueError("a dialect name is 1-40 characters: a-z, 0-9, '_' and '-'")
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "hosts", tuple(h.lower().strip(".") for h in self.hosts))
        object.__setattr__(self, "paths", tuple(self.paths))
        object.__setattr__(self, "envelopes", tuple(self.envelopes))
        object.__setattr__(self, "details", tuple(self.details))
        for code in self.codes:
            if not isinstance(code, DialectCode):
                raise TypeError("Dialect.codes must hold DialectCode rows")
        unknown = [e for e in self.envelopes if e not in ENVELOPES]
        if unknown or not self.envelopes:
            raise ValueError(f"unknown envelope(s) {unknown}; known: {sorted(ENVELOPES)}")
        if not self.docs.startswith("https://"):
            raise ValueError("Dialect.docs must be an https URL")
        if self.docs_base is not None and not self.docs_base.startswith("https://"):
            raise ValueError("Dialect.docs_base must be an https URL")
        if self.fallback_hint is not None:
            _check_template(self.fallback_hint, self.name)
        index: dict[str, list[DialectCode]] = {}
        for code in self.codes:
            index.setdefault(code.code, []).append(code)
        # Within a code: rows narrowed by description and endpoint first.
        ordered = {
            key: tuple(sorted(rows, key=lambda r: (r.description is None, not r.endpoints)))
            for key, rows in index.items()
        }
        object.__setattr__(self, "_index", ordered)

    def find(
        self, keys: Iterable[str], description: str | None, endpoint: Endpoint
    ) -> DialectCode | None:
        """Return the first row matching one of ``keys`` (most specific key first), or None.

        Rows with an empty code (description-only) are tried after every key.
        """
        normalised: str | None = None
        pending = bool(description)  # normalised only once a row needs it
        for key in (*keys, ""):
            for row in self._index.get(key, ()):
                if pending and row._prefix is not None:
                    normalised = normalise(description)  # type: ignore[arg-type]
                    pending = False
                if row._matches(normalised, endpoint):
                    return row
        return None

    @property
    def hint_fallback(self) -> tuple[str, ...]:
        """The hint alternatives for an unmapped vendor code."""
        if self.fallback_hint is None:
            return _DEFAULT_FALLBACK
        return alternatives(self.fallback_hint)

    def matches_host(self, host: str, path: str = "") -> bool:
        """Return True if a URL with ``host`` (lower-case) and ``path`` belongs to it."""
        for pattern in self.hosts:
            if "*" in pattern:
                import fnmatch  # only for a wildcard host, on first use

                if fnmatch.fnmatchcase(host, pattern):
                    return True
            elif host == pattern or host.endswith("." + pattern):
                return True
        return any(fragment in path for fragment in self.paths)


def _check_template(template: HintTemplate, owner: str) -> None:
    choices = alternatives(template)
    if not choices or not all(isinstance(a, str) for a in choices):
        raise ValueError(f"the hint of {owner!r} must be a string or a tuple of strings")
    for alternative in choices:
        try:
            names = template_fields(alternative)
        except ValueError as exc:
            raise ValueError(f"the hint of {owner!r} is not a valid template: {exc}") from None
        if not names <= DIALECT_HINT_FIELDS:
            extra = sorted(names - DIALECT_HINT_FIELDS)
            raise ValueError(f"the hint of {owner!r} uses unknown placeholder(s) {extra}")


def normalise(text: str) -> str:
    """Case-folded, white space folded, without a final period: for prefix matching."""
    return " ".join(text[:MAX_DESCRIPTION_MATCH].split()).casefold().rstrip(".")
