"""Provider dialects: how real servers bend OAuth, mapped back to the registry.

A :class:`Dialect` is data: the provider's name, the hosts it answers from, the *envelopes*
its error bodies come in (the shapes below), and a table of :class:`DialectCode` rows, each
mapping one vendor code (optionally narrowed by the start of the description and by the
endpoint) to a canonical registry code, a policy and a vendor-specific hint, with the URL
where the provider published it. The built-in table is in ``_dialect_table.py``; users add
their own with :func:`register_dialect`.

Recognition (:func:`recognise`, called by ``parse_response`` / ``parse_redirect`` only for
responses that already report an error or have an error status):

1. When the caller names the provider (``provider=`` a dialect name, an issuer, a host or
   the request URL), that dialect is used.
2. Otherwise the body's shape decides. Envelopes that only one provider sends (Slack's
   ``{"ok": false}``, Facebook's ``fbtrace_id``, Entra's ``error_codes``...) identify it
   by themselves; a standard OAuth body is attributed to a provider only by a code or a
   description that provider alone sends (GitHub's ``bad_verification_code``, Keycloak's
   ``Token is not active``).

Recognition never turns a success into an error: it runs only where the core already found
an error (an ``error`` member, an error challenge, a status of 400 or more). Every reader
checks types before it reads, bounds the lists it walks and the text it scans, and so runs
in time linear in the (already size-capped) body and never raises. Standard library only.

Envelopes (``Dialect.envelopes``):

``oauth``
    RFC 6749 §5.2: ``error``, ``error_description``, ``error_uri`` (JSON, form or query).
``entra``
    Microsoft Entra: ``error`` plus ``error_codes`` / ``AADSTS`` numbers, ``suberror``,
    ``trace_id``, ``correlation_id``.
``google_oauth``
    Google's token errors with ``error_subtype`` (``invalid_rapt``).
``google_api``
    Google APIs (AIP-193): ``{"error": {"code", "message", "status", "errors", "details"}}``.
``ms_graph``
    Microsoft Graph: ``{"error": {"code", "message", "innerError"}}``.
``slack``
    Slack Web API: ``{"ok": false, "error": ..., "needed": ...}``, often with HTTP 200.
``facebook``
    Facebook Graph API: ``{"error": {"type", "code", "error_subcode", "fbtrace_id"}}``.
``spotify_api``
    Spotify Web API: ``{"error": {"status", "message"}}``.
``dropbox_api``
    Dropbox API v2: ``{"error_summary", "error": {".tag", ...}}``.
``okta_api``
    Okta management API: ``{"errorCode", "errorSummary", "errorId"}``.
``aws_json``
    AWS JSON protocol (Amazon Cognito user pools): ``{"__type", "message"}``.
``salesforce_api``
    Salesforce REST API: ``[{"errorCode", "message"}]``.
``linkedin_api``
    LinkedIn REST API: ``{"serviceErrorCode", "code", "message", "status"}``.
``github_api``
    GitHub REST API: ``{"message", "documentation_url"}``.
``zoom_oauth``
    Zoom's token endpoint: ``{"reason", "error"}``.
``code_message``
    ``{"code": <int>, "message": ...}`` (Zoom and Discord APIs).
"""

from __future__ import annotations

import fnmatch
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ._errors import HTTPStatusError, OAuthError, UnknownOAuthError, init_error
from ._registry import (
    HINT_FIELDS,
    HintTemplate,
    _alternatives,
    _endpoint_words,
    _fields,
    _render,
    _seconds,
    _text,
    error_class,
    lookup,
    policy_for,
)
from ._sanitize import display_text, safe_link
from ._types import Endpoint, Policy

if TYPE_CHECKING:
    from ._challenge import Challenge

__all__ = [
    "ENVELOPES",
    "PROMPTS",
    "Dialect",
    "DialectCode",
    "DialectMatch",
    "all_dialects",
    "dialect_for",
    "lookup_dialect",
    "recognise",
    "register_dialect",
]

#: The ``prompt`` values a :class:`DialectCode` may ask for (OIDC Core §3.1.2.1).
PROMPTS = frozenset({"login", "consent", "select_account"})

#: The placeholders a dialect hint may use: the registry's, plus ``docs`` (the dialect's
#: error reference) and ``provider`` (its title).
DIALECT_HINT_FIELDS = HINT_FIELDS | {"docs", "provider"}

_NAME = re.compile(r"[a-z][a-z0-9_-]{0,39}")
# An Entra (AADSTS) or Azure AD B2C (AADB2C) error number in a description.
_AADSTS = re.compile(r"AAD(?:STS|B2C)[0-9]{1,10}")
_SAFE_CODE = re.compile(r"[A-Za-z0-9_.:/\-]{1,64}")
# Google's canonical error codes (google.rpc.Code), as the ``status`` of AIP-193 errors.
_GRPC_STATUSES = frozenset(
    {
        "CANCELLED",
        "UNKNOWN",
        "INVALID_ARGUMENT",
        "DEADLINE_EXCEEDED",
        "NOT_FOUND",
        "ALREADY_EXISTS",
        "PERMISSION_DENIED",
        "RESOURCE_EXHAUSTED",
        "FAILED_PRECONDITION",
        "ABORTED",
        "OUT_OF_RANGE",
        "UNIMPLEMENTED",
        "INTERNAL",
        "UNAVAILABLE",
        "DATA_LOSS",
        "UNAUTHENTICATED",
    }
)
# Bounds that keep every reader linear and cheap.
_MAX_LIST = 10
_MAX_SCAN = 2048
_MAX_DESCRIPTION_MATCH = 512

_DEFAULT_FALLBACK: tuple[str, ...] = (
    '{provider} reported "{code}", which this library does not map to a standard OAuth '
    "error. See {docs} for what it means and what to do.",
    "{provider} reported an error this library does not map to a standard OAuth error. See "
    "{docs} for what it means and what to do.",
)


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
        canonical: The registry code whose class, policy and hint a vendor code that is
            not a registered one is raised with (``bad_verification_code`` ->
            :class:`InvalidGrantError`). ``err.code`` keeps the vendor's code as received,
            and ``type(err).error_code`` names the canonical one. A registered code the
            server sent is never replaced: ``invalid_grant`` stays
            :class:`InvalidGrantError` whatever the description says.
        policy: The policy, when it differs from the canonical code's.
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
        if self.policy is not None:
            object.__setattr__(self, "policy", Policy(self.policy))
        object.__setattr__(self, "endpoints", tuple(Endpoint.coerce(e) for e in self.endpoints))
        if self.prompt is not None and self.prompt not in PROMPTS:
            raise ValueError(f"prompt must be one of {sorted(PROMPTS)}")
        if self.hint is not None:
            _check_template(self.hint, self.code)
        if self.description is not None:
            if not isinstance(self.description, str) or not _normalise(self.description):
                raise ValueError(f"the description of {self.code!r} must be non-empty text")
            object.__setattr__(self, "_prefix", _normalise(self.description))

    @property
    def matcher(self) -> str | None:
        """The normalised description prefix this row requires, or None."""
        return self._prefix

    def matches(self, description: str | None, endpoint: Endpoint) -> bool:
        """Return True if this row applies to a response with ``description`` at ``endpoint``."""
        return self._matches(_normalise(description) if description else None, endpoint)

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
        if not isinstance(self.name, str) or not _NAME.fullmatch(self.name):
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
                    normalised = _normalise(description)  # type: ignore[arg-type]
                    pending = False
                if row._matches(normalised, endpoint):
                    return row
        return None

    @property
    def hint_fallback(self) -> tuple[str, ...]:
        """The hint alternatives for an unmapped vendor code."""
        if self.fallback_hint is None:
            return _DEFAULT_FALLBACK
        return _alternatives(self.fallback_hint)

    def matches_host(self, host: str, path: str = "") -> bool:
        """Return True if a URL with ``host`` (lower-case) and ``path`` belongs to it."""
        for pattern in self.hosts:
            if "*" in pattern:
                if fnmatch.fnmatchcase(host, pattern):
                    return True
            elif host == pattern or host.endswith("." + pattern):
                return True
        return any(fragment in path for fragment in self.paths)


def _check_template(template: HintTemplate, owner: str) -> None:
    alternatives = _alternatives(template)
    if not alternatives or not all(isinstance(a, str) for a in alternatives):
        raise ValueError(f"the hint of {owner!r} must be a string or a tuple of strings")
    for alternative in alternatives:
        try:
            names = _fields(alternative)
        except ValueError as exc:
            raise ValueError(f"the hint of {owner!r} is not a valid template: {exc}") from None
        if not names <= DIALECT_HINT_FIELDS:
            extra = sorted(names - DIALECT_HINT_FIELDS)
            raise ValueError(f"the hint of {owner!r} uses unknown placeholder(s) {extra}")


def _normalise(text: str) -> str:
    """Case-folded, white space folded, without a final period: for prefix matching."""
    return " ".join(text[:_MAX_DESCRIPTION_MATCH].split()).casefold().rstrip(".")


# -- envelopes: reading a body ------------------------------------------------------------


class Reading(NamedTuple):
    """What an envelope reader found in a body (internal; a tuple, cheap to build).

    Attributes:
        keys: The lookup keys for the dialect's table, most specific first.
        code: The vendor's own code (None: the body names none; the status tells).
        description: The vendor's message.
        uri: A link to the vendor's documentation of the error, as received.
        scope: A scope the body says is required (Slack ``needed``, Dropbox
            ``required_scope``).
        retry_after: A delay the body asks for, in seconds.
        oauth: Whether ``code`` is an RFC 6749 ``error`` value.
    """

    keys: tuple[str, ...]
    code: str | None
    description: str | None = None
    uri: str | None = None
    scope: str | None = None
    retry_after: float | None = None
    oauth: bool = False


Reader = Callable[[Mapping[str, Any]], "Reading | None"]


@dataclass(frozen=True)
class _Envelope:
    name: str
    trigger: str  # a top-level member the body must have
    read: Reader
    sure: bool  # a reading identifies its provider by itself
    any_status: bool  # may be read with a 2xx status (the body has an ``error`` member)
    inner: bool = False  # reads only an ``error`` member that is an object
    # Reads nothing from a body of _PLAIN_MEMBERS unless its error_description holds this.
    marker: str | None = None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and -(10**12) < value < 10**12:
        return value
    return None


def _keys(*candidates: str | None) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for candidate in candidates:
        if candidate:
            seen.setdefault(candidate[:200], None)
    return tuple(seen)


def _oauth_code(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    number = _int(value)
    return str(number) if number is not None else None


def _read_oauth(p: Mapping[str, Any]) -> Reading | None:
    # RFC 6749 §5.2. Source: https://www.rfc-editor.org/rfc/rfc6749#section-5.2
    code = _oauth_code(p.get("error"))
    if code is None:
        return None
    return Reading(
        (code[:200],) if code else (),
        code,
        _str(p.get("error_description")),
        _str(p.get("error_uri")),
        oauth=True,
    )


def _read_entra(p: Mapping[str, Any]) -> Reading | None:
    # Sources: https://learn.microsoft.com/en-us/entra/identity-platform/reference-error-codes
    # and https://learn.microsoft.com/en-us/azure/active-directory-b2c/error-codes (AADB2C).
    listed = p.get("error_codes")
    description = p.get("error_description")
    if type(description) is not str:
        description = _str(description)
    if (
        not isinstance(listed, list)
        and "trace_id" not in p
        and (description is None or "AAD" not in description)
    ):
        return None  # the common case (a plain OAuth body): no Entra member nor number
    error = p.get("error")
    code = error if type(error) is str else _oauth_code(error)
    if code is None:
        return None
    # The lookup keys, most specific first, each once (what _keys builds).
    keys: dict[str, None] = {}
    if isinstance(listed, list):
        for number in listed[:_MAX_LIST]:
            if (-(10**12) < number < 10**12) if type(number) is int else _int(number) is not None:
                keys[f"AADSTS{number}"] = None  # short: _int bounds the number
    found = _AADSTS.search(description, 0, _MAX_SCAN) if description else None
    if found is not None:
        keys[found[0]] = None
    if not keys and not (
        isinstance(p.get("trace_id"), str) and isinstance(p.get("correlation_id"), str)
    ):
        return None
    suberror = p.get("suberror")
    if suberror and isinstance(suberror, str):
        keys.setdefault(f"suberror:{suberror}"[:200], None)
    if code:
        keys.setdefault(code[:200], None)
    uri = p.get("error_uri")
    return Reading(
        tuple(keys), code, description, uri if isinstance(uri, str) else None, oauth=True
    )


def _read_google_oauth(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://support.google.com/a/answer/9368756 (error_subtype invalid_rapt)
    code = _oauth_code(p.get("error"))
    subtype = _str(p.get("error_subtype"))
    if code is None or subtype is None:
        return None
    return Reading(
        _keys(subtype, code),
        code,
        _str(p.get("error_description")),
        _str(p.get("error_uri")),
        oauth=True,
    )


def _read_zoom_oauth(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developers.zoom.us/docs/integrations/oauth/ ({"reason", "error"})
    code = _str(p.get("error"))
    reason = _str(p.get("reason"))
    if code is None or reason is None:
        return None
    return Reading(_keys(code), code, reason, _str(p.get("error_uri")), oauth=True)


def _inner(p: Mapping[str, Any]) -> Mapping[str, Any] | None:
    value = p.get("error")
    return value if isinstance(value, dict) else None


def _read_google_api(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://google.aip.dev/193 and https://cloud.google.com/apis/design/errors
    error = _inner(p)
    if error is None:
        return None
    status = _str(error.get("status"))
    if status not in _GRPC_STATUSES or _int(error.get("code")) is None:
        return None
    reasons: list[str | None] = []
    details = error.get("details")
    if isinstance(details, list):
        for item in details[:_MAX_LIST]:
            if isinstance(item, Mapping) and str(item.get("@type", "")).endswith("ErrorInfo"):
                reasons.append(_str(item.get("reason")))
    errors = error.get("errors")
    if isinstance(errors, list):
        for item in errors[:_MAX_LIST]:
            if isinstance(item, Mapping):
                reasons.append(_str(item.get("reason")))
    return Reading(_keys(*reasons, status), status, _str(error.get("message")))


def _read_ms_graph(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://learn.microsoft.com/en-us/graph/errors
    error = _inner(p)
    if error is None:
        return None
    code = _str(error.get("code"))
    inner = error.get("innerError", error.get("innererror"))
    if code is None or not isinstance(inner, Mapping):
        return None
    return Reading(_keys(code), code, _str(error.get("message")))


def _read_facebook(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developers.facebook.com/docs/graph-api/guides/error-handling
    error = _inner(p)
    if error is None:
        return None
    number = _int(error.get("code"))
    kind = _str(error.get("type"))
    subcode = _int(error.get("error_subcode"))
    if number is None or (kind is None and subcode is None and "fbtrace_id" not in error):
        return None
    ranged = "200-299" if 200 <= number <= 299 else None
    exact = f"{number}/{subcode}" if subcode is not None else None
    return Reading(
        _keys(exact, str(number), ranged),
        exact or str(number),
        _str(error.get("message")),
    )


def _read_spotify(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developer.spotify.com/documentation/web-api/concepts/api-calls
    error = _inner(p)
    if error is None or not set(error) <= {"status", "message", "reason"}:
        return None
    status = _int(error.get("status"))
    message = _str(error.get("message"))
    if status is None or message is None:
        return None
    reason = _str(error.get("reason"))
    # Spotify's only code is the HTTP status (and, for the player, a reason).
    return Reading(_keys(reason, str(status)), reason, message)


def _read_slack(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://api.slack.com/web#evaluating_responses
    code = _str(p.get("error"))
    if p.get("ok") is not False or code is None:
        return None
    return Reading(_keys(code), code, _str(p.get("warning")), scope=_str(p.get("needed")))


def _read_dropbox(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://www.dropbox.com/developers/documentation/http/documentation#error-handling
    summary = _str(p.get("error_summary"))
    if summary is None:
        return None
    error = _inner(p)
    tag = reason = scope = None
    delay: float | None = None
    if error is not None:
        tag = _str(error.get(".tag"))
        nested = error.get("reason")
        if isinstance(nested, Mapping):
            reason = _str(nested.get(".tag"))
        scope = _str(error.get("required_scope"))
        wait = error.get("retry_after")
        if isinstance(wait, (int, float)) and not isinstance(wait, bool) and 0 <= wait < 1e6:
            delay = float(wait)
    code = tag or reason or summary.split("/", 1)[0][:100] or None
    return Reading(_keys(tag, reason, code), code, summary, scope=scope, retry_after=delay)


def _read_okta(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developer.okta.com/docs/reference/error-codes/
    code = _str(p.get("errorCode"))
    summary = _str(p.get("errorSummary"))
    if code is None or summary is None:
        return None
    return Reading(_keys(code), code, summary)


def _read_aws(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
    kind = _str(p.get("__type"))
    if kind is None:
        return None
    code = kind.rsplit("#", 1)[-1][:200]
    message = _str(p.get("message", p.get("Message")))
    return Reading(_keys(code), code or None, message)


def _read_salesforce(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
    code = _str(p.get("errorCode"))
    message = _str(p.get("message"))
    if code is None or message is None or "errorSummary" in p:
        return None
    return Reading(_keys(code), code, message)


def _read_linkedin(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
    number = _int(p.get("serviceErrorCode"))
    if number is None:
        return None
    name = _str(p.get("code"))
    return Reading(_keys(str(number), name), name or str(number), _str(p.get("message")))


def _read_github_api(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://docs.github.com/en/rest/using-the-rest-api/troubleshooting-the-rest-api
    message = _str(p.get("message"))
    link = _str(p.get("documentation_url"))
    if message is None or link is None:
        return None
    return Reading((), None, message, link)


def _read_code_message(p: Mapping[str, Any]) -> Reading | None:
    # Sources: https://developers.zoom.us/docs/api/rest/error-definitions/ and
    # https://discord.com/developers/docs/topics/opcodes-and-status-codes#json
    number = _int(p.get("code"))
    message = _str(p.get("message"))
    if number is None or message is None or not set(p) <= {"code", "message", "errors"}:
        return None
    return Reading(_keys(str(number)), str(number), message)


# In recognition order: envelopes that identify their provider first, then the shared ones.
_ENVELOPE_LIST = (
    _Envelope("slack", "ok", _read_slack, sure=True, any_status=True),
    _Envelope("entra", "error", _read_entra, sure=True, any_status=True, marker="AAD"),
    _Envelope("google_oauth", "error_subtype", _read_google_oauth, sure=True, any_status=True),
    _Envelope("zoom_oauth", "reason", _read_zoom_oauth, sure=True, any_status=True),
    _Envelope("facebook", "error", _read_facebook, sure=True, any_status=True, inner=True),
    _Envelope("google_api", "error", _read_google_api, sure=True, any_status=True, inner=True),
    _Envelope("ms_graph", "error", _read_ms_graph, sure=True, any_status=True, inner=True),
    _Envelope("dropbox_api", "error_summary", _read_dropbox, sure=True, any_status=True),
    _Envelope("okta_api", "errorCode", _read_okta, sure=True, any_status=False),
    _Envelope("aws_json", "__type", _read_aws, sure=True, any_status=False),
    _Envelope("salesforce_api", "errorCode", _read_salesforce, sure=True, any_status=False),
    _Envelope("linkedin_api", "serviceErrorCode", _read_linkedin, sure=True, any_status=False),
    _Envelope("github_api", "documentation_url", _read_github_api, sure=True, any_status=False),
    _Envelope("oauth", "error", _read_oauth, sure=False, any_status=True),
    _Envelope("spotify_api", "error", _read_spotify, sure=False, any_status=True, inner=True),
    _Envelope("code_message", "code", _read_code_message, sure=False, any_status=False),
)
_ENVELOPES = {e.name: e for e in _ENVELOPE_LIST}
#: The members of a plain RFC 6749 error body (an authorization response's too): a body
#: with no other member, with a string ``error``, is read by the ``oauth`` envelope and,
#: if its description holds their ``marker``, by the envelopes that declare one.
_PLAIN_MEMBERS = frozenset({"error", "error_description", "error_uri", "state", "iss"})
_OAUTH = _ENVELOPES["oauth"]
#: The envelope names a :class:`Dialect` may list.
ENVELOPES = frozenset(_ENVELOPES)


def _applies(envelope: _Envelope, payload: Mapping[str, Any], status: int | None) -> bool:
    if envelope.trigger not in payload:
        return False
    return envelope.any_status or (status is not None and status >= 400)


def unwrap_list(value: list[Any]) -> dict[str, Any] | None:
    """Return the first error object of a JSON array error body (Salesforce), or None.

    Salesforce's REST API answers errors with ``[{"message": ..., "errorCode": ...}]``;
    the first object's members become the error's parameters.
    """
    if value and isinstance(value[0], dict):
        first = value[0]
        if isinstance(first.get("errorCode"), str) and isinstance(first.get("message"), str):
            return dict(first)
    return None


# -- the registered dialects --------------------------------------------------------------


def _distinctive(row: DialectCode) -> bool:
    """Whether a row identifies its provider in a shared envelope (no host given)."""
    if row.description:
        return True
    info = lookup(row.code)
    if info is not None and info.code == row.code:
        return False  # a standard code: anyone may send it
    return not row.code.isdigit()


_BUCKET = 6
# For one code of the oauth envelope: whether a row without a description prefix may
# apply, the first characters of the description prefixes, the entries to search.
_Quick = tuple[bool, "_Screen", tuple["_Distinct", ...]]
# What ``str.split()`` treats as white space in ASCII text (``_normalise`` folds it).
_ASCII_SPACE = r"[ \t\n\x0b\x0c\r\x1c-\x1f]"


# A pattern that matches nothing: what ``_Screen.by_initial`` holds for any other initial.
_NO_MATCH = re.compile(r"(?!)")


class _Screen:
    """Whether a description may match one of some normalised prefixes, without normalising.

    Regular expressions accept every ASCII description whose normalised form starts with
    one of the prefixes (white space runs for each space, either case), and some that do
    not: a match only means "normalise and compare". A description that starts with a
    visible ASCII character (the first character of its normalised form) is tried against
    the prefixes that start with it (``by_initial``; none: no match); any other against
    them all (``pattern``). A description or prefix outside ASCII, where ``casefold`` is
    not ``lower`` (``ſ`` folds to ``s``), is always compared (a pattern of None).
    """

    __slots__ = ("any", "by_initial", "pattern")

    def __init__(self, prefixes: Iterable[str]) -> None:
        wanted = sorted(set(prefixes))
        self.any = bool(wanted)
        self.pattern = self._compile(wanted, leading_space=True)
        by_initial = {
            initial: self._compile([p for p in wanted if p[0] == initial], leading_space=False)
            for initial in {p[0] for p in wanted}
        }
        # Keyed by both cases of an ASCII letter: the description's own first character.
        self.by_initial = {
            spelling: pattern
            for initial, pattern in by_initial.items()
            for spelling in {initial, initial.upper() if initial.isascii() else initial}
        }

    @staticmethod
    def _compile(prefixes: list[str], *, leading_space: bool) -> re.Pattern[str] | None:
        if not prefixes or not all(prefix.isascii() for prefix in prefixes):
            return None
        branches = (f"{_ASCII_SPACE}+".join(map(re.escape, p.split(" "))) for p in prefixes)
        lead = f"{_ASCII_SPACE}*" if leading_space else ""
        return re.compile(f"{lead}(?:{'|'.join(branches)})", re.ASCII | re.IGNORECASE)


class _Distinct:
    """The rows that identify a provider for one (envelope, code)."""

    __slots__ = ("buckets", "initials", "plain", "short")

    def __init__(self) -> None:
        self.buckets: dict[str, list[tuple[Dialect, DialectCode]]] = {}
        self.short: list[tuple[Dialect, DialectCode]] = []
        self.plain: list[tuple[Dialect, DialectCode]] = []
        # The first characters of the description prefixes: a description whose
        # normalised form starts with none of them matches no narrowed row, so it need
        # not be normalised.
        self.initials: frozenset[str] = frozenset()

    def add(self, dialect: Dialect, row: DialectCode) -> None:
        prefix = row.matcher
        if prefix is None:
            self.plain.append((dialect, row))
            return
        if len(prefix) >= _BUCKET:
            self.buckets.setdefault(prefix[:_BUCKET], []).append((dialect, row))
        else:
            self.short.append((dialect, row))
        self.initials = self.initials | {prefix[0]}

    def find(
        self, normalised: str | None, endpoint: Endpoint
    ) -> tuple[Dialect, DialectCode] | None:
        if normalised is not None:
            for dialect, row in self.buckets.get(normalised[:_BUCKET], ()):
                if row._matches(normalised, endpoint):
                    return dialect, row
            for dialect, row in self.short:
                if row._matches(normalised, endpoint):
                    return dialect, row
        for dialect, row in self.plain:
            if row._matches(normalised, endpoint):
                return dialect, row
        return None


class _State:
    """An immutable snapshot of the registered dialects and the indexes built from them."""

    def __init__(self, dialects: tuple[Dialect, ...]) -> None:
        self.dialects = dialects
        self.by_name = {d.name: d for d in dialects}
        used = {name for d in dialects for name in d.envelopes}
        self.envelopes = tuple(e for e in _ENVELOPE_LIST if e.name in used)
        self.owner: dict[str, Dialect] = {}
        # (envelope, code) -> rows that identify their provider. Rows narrowed by a
        # description are bucketed by the first _BUCKET characters of their prefix, so a
        # lookup costs one dict access however many providers share a code.
        self.distinct: dict[tuple[str, str], _Distinct] = {}
        # The same, by envelope then code: one dict access per key.
        self.tables: dict[str, dict[str, _Distinct]] = {}
        for dialect in dialects:
            for name in dialect.envelopes:
                envelope = _ENVELOPES[name]
                if envelope.sure:
                    self.owner.setdefault(name, dialect)
                    continue
                for row in dialect.codes:
                    if _distinctive(row):
                        entry = self.distinct.setdefault((name, row.code), _Distinct())
                        entry.add(dialect, row)
                        self.tables.setdefault(name, {})[row.code] = entry
        self._hosts: dict[str, Dialect | None] = {}
        self.triggers = frozenset(e.trigger for e in self.envelopes)
        self._plans: dict[tuple[frozenset[str], bool, bool], tuple[_Envelope, ...]] = {}
        self._oauth_table = self.tables.get("oauth", {})
        # For the oauth envelope, by code: whether a row without a description prefix may
        # apply, and the first characters of the prefixes that may (the code's rows and
        # the description-only ones). Any other code has only the description-only rows.
        blank = self._oauth_table.get("")
        self._oauth_blank = self._quick(None, blank)
        self._oauth_quick = {
            code: self._quick(entry, blank) for code, entry in self._oauth_table.items() if code
        }
        # The triggers other than ``error``: a body with none of them (a plain RFC 6749
        # one) has a plan that depends only on its status and the type of its ``error``.
        self._others = self.triggers - {"error"}
        error = frozenset({"error"} & self.triggers)
        self._error_plans = {
            (erroneous, nested): self._plan_for(error, erroneous, nested) if error else ()
            for erroneous in (False, True)
            for nested in (False, True)
        }
        # The plans for a string ``error`` (the RFC 6749 body), by whether the status is
        # an error one.
        self._string_plans = {
            erroneous: self._error_plans[erroneous, False] for erroneous in (False, True)
        }
        # For a plain RFC 6749 body (_PLAIN_MEMBERS, a string ``error``): the markers of
        # the other envelopes of its plan, or None when one of them declares no marker
        # (the plan is then followed envelope by envelope); and whether ``oauth`` is in it.
        self._plain_markers: dict[bool, tuple[str, ...] | None] = {}
        self._plain_oauth: dict[bool, bool] = {}
        for erroneous, plan in self._string_plans.items():
            others = [e for e in plan if e is not _OAUTH]
            markers = tuple(e.marker for e in others if e.marker is not None)
            self._plain_markers[erroneous] = markers if len(markers) == len(others) else None
            self._plain_oauth[erroneous] = _OAUTH in plan

    @staticmethod
    def _quick(entry: _Distinct | None, blank: _Distinct | None) -> _Quick | None:
        entries = tuple(e for e in (entry, blank) if e is not None)
        if not entries:
            return None
        plain = any(e.plain for e in entries)
        prefixes = [
            row.matcher
            for e in entries
            for rows in (*e.buckets.values(), e.short)
            for _, row in rows
            if row.matcher is not None
        ]
        return plain, _Screen(prefixes), entries

    def plan(self, payload: Mapping[str, Any], status: int | None) -> tuple[_Envelope, ...]:
        """The envelopes worth reading for a body with these members, in order."""
        erroneous = status is not None and status >= 400
        if "error" in payload and self._others.isdisjoint(payload):
            # Readers of an ``error`` object (Google, Graph, Facebook, Spotify) read
            # nothing from a string ``error``: they are not in its plan.
            return self._error_plans[erroneous, isinstance(payload["error"], dict)]
        present = self.triggers.intersection(payload.keys())
        if not present:
            return ()
        nested = "error" in present and isinstance(payload.get("error"), dict)
        key = (present, erroneous, nested)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._plan_for(present, erroneous, nested)
            self._plans[key] = plan  # at most 2 ** len(triggers) * 4 entries
        return plan

    def _plan_for(
        self, present: frozenset[str], erroneous: bool, nested: bool
    ) -> tuple[_Envelope, ...]:
        return tuple(
            e
            for e in self.envelopes
            if e.trigger in present and (e.any_status or erroneous) and (nested or not e.inner)
        )

    def find_distinct(
        self, envelope: str, reading: Reading, endpoint: Endpoint
    ) -> tuple[Dialect, DialectCode] | None:
        return self._find_distinct(
            self.tables.get(envelope), reading.keys, reading.description, endpoint
        )

    @staticmethod
    def _find_distinct(
        table: Mapping[str, _Distinct] | None,
        keys: tuple[str, ...],
        description: str | None,
        endpoint: Endpoint,
    ) -> tuple[Dialect, DialectCode] | None:
        if not table:
            return None
        normalised: str | None = None
        initial: str | None = None
        for key in (*keys, ""):
            entry = table.get(key)
            if entry is None:
                continue
            if normalised is None and description and entry.initials:
                if initial is None:
                    # The first character of the normalised description (if any).
                    head = description[:_MAX_DESCRIPTION_MATCH].lstrip()[:1]
                    initial = head.casefold()[:1]
                if initial in entry.initials:
                    normalised = _normalise(description)
            found = entry.find(normalised, endpoint)
            if found is not None:
                return found
        return None

    def oauth_match(
        self, payload: Mapping[str, Any], endpoint: Endpoint, error: Any
    ) -> DialectMatch | None:
        """What the shared ``oauth`` envelope attributes (``_read_oauth`` + find_distinct).

        ``error`` is ``payload.get("error")``. The reading is built only for a hit: most
        bodies are plain RFC 6749 ones that no provider claims.
        """
        code = error if type(error) is str else _oauth_code(error)
        if code is None:
            return None
        key = code if len(code) <= 200 else code[:200]
        quick = self._oauth_quick.get(key, self._oauth_blank)  # "" is not a key: blank
        if quick is None:
            return None  # no provider claims this code, nor any description with it
        plain, screen, entries = quick
        description = payload.get("error_description")
        if type(description) is not str:
            description = _str(description)  # a str subclass stays; anything else is None
        normalised: str | None = None
        if description and screen.any:
            # Whether the screen lets the description through (see _Screen).
            initial = description[0]
            pattern = (
                screen.by_initial.get(initial, _NO_MATCH)
                if "!" <= initial <= "~"
                else screen.pattern
            )
            if pattern is None or (
                pattern is not _NO_MATCH
                and (not description.isascii() or pattern.match(description))
            ):
                normalised = _normalise(description)
        if normalised is None and not plain:
            return None
        for entry in entries:  # the code's rows, then the description-only ones
            hit = entry.find(normalised, endpoint)
            if hit is not None:
                keys = (key,) if code else ()
                reading = Reading(
                    keys, code, description, _str(payload.get("error_uri")), oauth=True
                )
                return DialectMatch(hit[0], reading, hit[1], "body")
        return None

    def for_provider(self, provider: str) -> Dialect | None:
        if provider in self._hosts:
            return self._hosts[provider]
        result = self._resolve(provider)
        if len(self._hosts) >= 512:
            self._hosts.clear()
        self._hosts[provider] = result
        return result

    def _resolve(self, provider: str) -> Dialect | None:
        text = provider.strip()[:2048]
        named = self.by_name.get(text.lower())
        if named is not None:
            return named
        if "://" not in text:
            text = "https://" + text
        try:
            parts = urllib.parse.urlsplit(text)
            host = (parts.hostname or "").rstrip(".")
        except ValueError:
            return None
        for dialect in self.dialects:
            if dialect.matches_host(host, parts.path):
                return dialect
        return None


_LOCK = threading.Lock()
_STATE: _State | None = None


def _state() -> _State:
    state = _STATE
    if state is None:
        with _LOCK:
            state = _STATE
            if state is None:
                state = _install(_builtin())
    return state


def _builtin() -> tuple[Dialect, ...]:
    from ._dialect_table import BUILTIN_DIALECTS

    return BUILTIN_DIALECTS


def _install(dialects: tuple[Dialect, ...]) -> _State:
    global _STATE
    state = _State(dialects)
    _STATE = state
    return state


def register_dialect(dialect: Dialect, *, replace: bool = False) -> Dialect:
    """Add a provider dialect, or replace one with the same name.

    A new dialect is consulted before the built-in ones, so it can claim a host or a code
    they also claim. Registration is thread-safe and takes effect for every later parse.

    Args:
        dialect: The dialect to add.
        replace: Replace a registered dialect with the same name (in its place) instead of
            refusing.

    Returns:
        ``dialect``.

    Raises:
        TypeError: ``dialect`` is not a :class:`Dialect`.
        ValueError: A dialect with that name exists and ``replace`` is false.

    Example::

        register_dialect(Dialect(
            name="acme", title="ACME ID", docs="https://id.acme.example/docs/errors",
            hosts=("id.acme.example",),
            codes=(DialectCode("token_dead", "The refresh token was revoked",
                               "https://id.acme.example/docs/errors#token_dead",
                               canonical="invalid_grant"),),
        ))
    """
    if not isinstance(dialect, Dialect):
        raise TypeError("register_dialect() takes a Dialect")
    with _LOCK:
        current = (_STATE or _State(_builtin())).dialects
        names = [d.name for d in current]
        if dialect.name in names:
            if not replace:
                raise ValueError(
                    f"a dialect named {dialect.name!r} is registered; pass replace=True"
                )
            dialects = tuple(dialect if d.name == dialect.name else d for d in current)
        else:
            dialects = (dialect, *current)
        _install(dialects)
    return dialect


def all_dialects() -> list[Dialect]:
    """Return every registered dialect, in the order they are consulted."""
    return list(_state().dialects)


def lookup_dialect(name: str) -> Dialect | None:
    """Return the dialect named ``name`` (case-insensitive), or None."""
    if not isinstance(name, str):
        return None
    return _state().by_name.get(name.strip().lower())


def dialect_for(provider: str) -> Dialect | None:
    """Return the dialect for a provider: a dialect name, an issuer, a host or a URL.

    ``"github"``, ``"github.com"``, ``"https://github.com/login/oauth/access_token"`` and
    ``"https://kc.example/realms/acme"`` (Keycloak, by its path) are all understood.
    """
    if not isinstance(provider, str) or not provider.strip():
        return None
    return _state().for_provider(provider)


# -- recognition --------------------------------------------------------------------------


class DialectMatch(NamedTuple):
    """A recognised dialect and what it made of the response (internal; a tuple).

    Attributes:
        dialect: The provider.
        reading: What was read (None: the dialect is known, but nothing in the body is).
        row: The table row that applies, or None.
        source: ``"body"`` (the reading is the body's), ``"challenge"`` (the error came
            from a ``WWW-Authenticate`` challenge) or ``"label"`` (only the dialect).
    """

    dialect: Dialect
    reading: Reading | None
    row: DialectCode | None
    source: str


def _challenge_reading(challenge: Challenge) -> Reading:
    code = challenge.error or ""
    return Reading(_keys(code), code, challenge.error_description, challenge.error_uri, oauth=True)


def recognise_body(
    payload: Mapping[str, Any], status: int | None, endpoint: Endpoint
) -> DialectMatch | None:
    """:func:`recognise` for a body alone (no provider named, no challenge with an error)."""
    state = _STATE
    if state is None:
        state = _state()
    error = payload.get("error")
    if type(error) is str and payload.keys() <= _PLAIN_MEMBERS:
        # A plain RFC 6749 body: only the oauth envelope may read it, unless a marker says
        # another one does (the plan below, in short).
        erroneous = status is not None and status >= 400
        markers = state._plain_markers[erroneous]
        if markers is not None:
            description = payload.get("error_description")
            marked = False
            if isinstance(description, str):
                for marker in markers:
                    if marker in description:
                        marked = True
                        break
            if not marked:
                return (
                    state.oauth_match(payload, endpoint, error)
                    if state._plain_oauth[erroneous]
                    else None
                )
    if type(error) is str and state._others.isdisjoint(payload):
        plan = state._string_plans[status is not None and status >= 400]  # state.plan, inlined
    else:
        plan = state.plan(payload, status)
    for envelope in plan:
        if envelope is _OAUTH:
            found = state.oauth_match(payload, endpoint, error)
            if found is not None:
                return found
            continue
        reading = envelope.read(payload)
        if reading is None:
            continue
        if envelope.sure:
            dialect = state.owner[envelope.name]
            row = dialect.find(reading.keys, reading.description, endpoint)
            return DialectMatch(dialect, reading, row, "body")
        hit = state.find_distinct(envelope.name, reading, endpoint)
        if hit is not None:
            return DialectMatch(hit[0], reading, hit[1], "body")
    return None


def _read_with(dialect: Dialect, payload: Mapping[str, Any], status: int | None) -> Reading | None:
    for name in dialect.envelopes:
        envelope = _ENVELOPES[name]
        if _applies(envelope, payload, status):
            reading = envelope.read(payload)
            if reading is not None:
                return reading
    return None


def recognise(
    payload: Mapping[str, Any] | None,
    status: int | None,
    endpoint: Endpoint,
    *,
    provider: str | None = None,
    challenge: Challenge | None = None,
) -> DialectMatch | None:
    """Recognise the provider of an error response and look its code up.

    Args:
        payload: The body as parameters (JSON object, form, redirect query), or None.
        status: The HTTP status (None for a redirect).
        endpoint: Where the response came from.
        provider: What the caller knows of the provider (see :func:`dialect_for`).
        challenge: The ``WWW-Authenticate`` challenge that carries the error, if any.

    Returns:
        The match, or None when no dialect applies.
    """
    state = _STATE
    if state is None:
        state = _state()
    if challenge is None and not provider:  # the common case, first
        return recognise_body(payload, status, endpoint) if payload else None
    hinted = state.for_provider(provider) if provider else None
    if challenge is not None:
        reading = _challenge_reading(challenge)
        dialect = hinted
        if dialect is None and payload:
            found = recognise_body(payload, status, endpoint)
            dialect = found.dialect if found is not None else None
        if dialect is None:
            hit = state.find_distinct("oauth", reading, endpoint)
            if hit is None:
                return None
            return DialectMatch(hit[0], reading, hit[1], "challenge")
        row = dialect.find(reading.keys, reading.description, endpoint)
        return DialectMatch(dialect, reading, row, "challenge")
    if payload:
        if hinted is not None:
            found_reading = _read_with(hinted, payload, status)
            if found_reading is None:
                return DialectMatch(hinted, None, None, "label")
            row = hinted.find(found_reading.keys, found_reading.description, endpoint)
            return DialectMatch(hinted, found_reading, row, "body")
        return recognise_body(payload, status, endpoint)
    return DialectMatch(hinted, None, None, "label") if hinted is not None else None


# -- building the error -------------------------------------------------------------------


def resolve_uri(uri: str, dialect: str) -> str:
    """Return ``uri`` resolved against the named dialect's documentation host, if any."""
    found = lookup_dialect(dialect)
    if found is None:
        return uri
    return _resolve_uri(uri, found) or uri


def _resolve_uri(uri: str | None, dialect: Dialect) -> str | None:
    """Resolve a path-only ``error_uri`` (``/apps/...``) against the dialect's docs host."""
    if uri is None or dialect.docs_base is None:
        return uri
    if uri.startswith("/") and not uri.startswith("//") and len(uri) <= 2048:
        return urllib.parse.urljoin(dialect.docs_base, uri)
    return uri


def _hint_values(
    dialect: Dialect,
    *,
    code: str | None,
    endpoint: Endpoint,
    status_code: int | None,
    params: Mapping[str, Any],
    challenges: tuple[Challenge, ...],
    retry_after: float | None,
    scope: str | None,
    link: str | None,
) -> dict[str, str]:
    """The display-safe values a dialect hint may mention."""
    hint = _DialectHint(
        (), dialect, code, endpoint, status_code, params, challenges, retry_after, scope, None
    )
    return hint.values(link)


class _DialectHint:
    """A dialect hint, rendered on first use (``OAuthError`` calls it; see ``err.hint``).

    It keeps only the raw values the hint may mention, not the response: rendering
    (neutralising and capping each value, choosing an alternative, formatting) costs more
    than the rest of building the error, and most errors are never shown to a person.
    """

    __slots__ = (
        "acr_values",
        "alternatives",
        "code",
        "dialect",
        "endpoint",
        "interval",
        "link",
        "max_age",
        "retry_after",
        "scope",
        "status_code",
    )

    def __init__(
        self,
        alternatives: tuple[str, ...],
        dialect: Dialect,
        code: str | None,
        endpoint: Endpoint,
        status_code: int | None,
        params: Mapping[str, Any],
        challenges: Iterable[Challenge],
        retry_after: float | None,
        scope: str | None,
        link: str | None,
    ) -> None:
        chosen: Mapping[str, str] | None = None
        for challenge in challenges:
            if challenge.is_oauth:
                chosen = challenge.params
                if challenge.error is not None:
                    break
        if chosen:
            if scope is None:
                scope = chosen.get("scope")
            acr_values = chosen.get("acr_values")
            max_age = chosen.get("max_age")
        else:
            acr_values = max_age = None
        # A challenge's value first, else the body's.
        self.scope = scope if scope is not None else params.get("scope")
        self.acr_values = acr_values if acr_values is not None else params.get("acr_values")
        self.max_age = max_age if max_age is not None else params.get("max_age")
        self.interval = params.get("interval")
        self.alternatives = alternatives
        self.dialect = dialect
        self.code = code
        self.endpoint = endpoint
        self.status_code = status_code
        self.retry_after = retry_after
        self.link = link

    def values(self, link: str | None) -> dict[str, str]:
        """The display-safe values, ``link`` being the checked, resolved error_uri."""
        code, status_code = self.code, self.status_code
        candidates: dict[str, str | None] = {
            "endpoint": _endpoint_words(self.endpoint),
            "provider": self.dialect.title,
            "docs": self.dialect.docs,
            "scope": _text(self.scope, 200),
            "acr_values": _text(self.acr_values, 100),
            "max_age": _seconds(self.max_age),
            "retry_after": _seconds(self.retry_after),
            "interval": _seconds(self.interval),
            "status": str(status_code) if status_code is not None else None,
            "code": code if code and _SAFE_CODE.fullmatch(code) else None,
            "link": link if link is not None and len(link) <= 200 else None,
        }
        return {key: value for key, value in candidates.items() if value is not None}

    def __call__(self) -> str:
        link = safe_link(_resolve_uri(self.link, self.dialect))
        return _render(self.alternatives, self.values(link))


def build_error(
    match: DialectMatch,
    *,
    code: Any,
    description: Any,
    uri: Any,
    endpoint: Endpoint,
    status_code: int | None,
    params: dict[str, Any],
    challenges: list[Challenge],
    retry_after: float | None,
    dpop_nonce: str | None,
) -> OAuthError:
    """Build the typed error for a response whose dialect was recognised.

    ``code``, ``description`` and ``uri`` are what the core read (the challenge's, or the
    body's ``error`` members); a body reading of the dialect's own envelope replaces them.
    """
    dialect, reading, row = match.dialect, match.reading, match.row
    if match.source == "body" and reading is not None:
        vendor = reading.code
        text = reading.description
        link = reading.uri
        oauth = reading.oauth
    else:
        from ._parse import _as_code, _as_text

        vendor = _as_code(code) if code is not None else None
        text = _as_text(description)
        link = _as_text(uri)
        oauth = True
    vendor = vendor.strip() if vendor is not None else None
    info = lookup(vendor) if vendor else None
    policy: Policy | None = row.policy if row is not None else None
    mapped = None  # the registry entry a vendor code is raised as
    unmapped = False
    cls: type[OAuthError]
    if info is not None and (oauth or info.code == vendor):
        code_out: str = info.code
        cls = info.error_class
        if policy is None:  # what OAuthError would look up for its code (policy_at)
            policy = info.policies.get(endpoint, info.default_policy)
    elif row is not None and row.canonical is not None:
        # The vendor's code is kept as received; the class says what it means.
        mapped = lookup(row.canonical)
        code_out, cls = vendor or row.canonical, error_class(row.canonical)
    elif not vendor:
        code_out, cls = str(status_code or ""), HTTPStatusError
        if policy is None:
            policy = policy_for("", endpoint, status_code=status_code, challenged=bool(challenges))
    elif oauth:
        code_out, cls = vendor, error_class(vendor)
        unmapped = cls is UnknownOAuthError
    else:
        code_out, cls, unmapped = vendor, UnknownOAuthError, True
        if policy is None:
            policy = policy_for("", endpoint, status_code=status_code, challenged=bool(challenges))
    if policy is None and mapped is not None:
        policy = mapped.policy_at(endpoint)
    if retry_after is None and reading is not None and match.source == "body":
        retry_after = reading.retry_after
    if retry_after is None and cls.error_code == "slow_down":
        from ._parse import _interval

        retry_after = _interval(params)
    hint: _DialectHint | None = None
    template: HintTemplate | None = row.hint if row is not None else None
    if template is None and mapped is not None:
        template = mapped.hint_template_at(endpoint)
    if template is None and unmapped:
        template = dialect.hint_fallback
    if template is not None:
        # Rendered on first access of err.hint; the link is resolved (err.uri stays as
        # received) and checked then too.
        hint = _DialectHint(
            _alternatives(template),
            dialect,
            vendor,
            endpoint,
            status_code,
            params,
            challenges,
            retry_after,
            reading.scope if reading is not None else None,
            link,
        )
    if policy is None:  # what OAuthError would look up for its code
        policy = policy_for(
            code_out, endpoint, status_code=status_code, challenged=bool(challenges)
        )
    # ``params`` is the parser's own dict, made for this error: kept, not copied.
    return init_error(
        cls.__new__(cls),
        code_out,
        text,
        link,
        endpoint,
        status_code,
        params,
        tuple(challenges),
        retry_after,
        dpop_nonce,
        policy,
        hint,
        dialect.name,
        row.code if row is not None and row.code else vendor,
    )


# -- looking back at an error -------------------------------------------------------------


def row_for(err: OAuthError) -> DialectCode | None:
    """Return the dialect table row that produced ``err``, or None."""
    if err.dialect is None:
        return None
    dialect = lookup_dialect(err.dialect)
    if dialect is None:
        return None
    key = err.vendor_code or err.code
    return dialect.find(_keys(key), err.description, err.endpoint)


def required_scope(err: OAuthError) -> list[str]:
    """Return the scopes the body of ``err`` says are required (Slack, Dropbox), if any."""
    if err.dialect is None:
        return []
    dialect = lookup_dialect(err.dialect)
    if dialect is None:
        return []
    reading = _read_with(dialect, err.params, err.status_code or 400)
    if reading is None or reading.scope is None:
        return []
    return split_scope(reading.scope)


def split_scope(value: str) -> list[str]:
    """Split a scope list on white space and commas (Slack separates scopes with commas)."""
    return [s for s in re.split(r"[\s,]+", value[:_MAX_SCAN]) if s]


def describe_details(err: OAuthError) -> list[tuple[str, str]]:
    """Return the dialect's detail parameters present in ``err`` (name, display-safe value)."""
    dialect = lookup_dialect(err.dialect) if err.dialect else None
    if dialect is None:
        return []
    found = []
    for name in dialect.details:
        value = err.params.get(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.append((name, display_text(value, limit=120)))
        elif isinstance(value, list):
            found.append((name, display_text(json.dumps(value[:10], default=str), limit=120)))
    return found
