"""Recognition: which provider sent an error response, and which row of its table applies.

1. When the caller names the provider (``provider=`` a dialect name, an issuer, a host or
   the request URL), that dialect is used.
2. Otherwise the body's shape decides, by the member that identifies it: envelopes that
   only one provider sends (Slack's ``{"ok": false}``, Facebook's ``fbtrace_id``, Entra's
   ``error_codes``...) identify it by themselves; a standard OAuth body is attributed to a
   provider only by a code or a description that provider alone sends (GitHub's
   ``bad_verification_code``, Keycloak's ``Token is not active``).

Recognition never turns a success into an error: it runs only where an error was already
found. Verdicts for the shared envelopes are cached. The built-in dialects are loaded on
first use, one data module per provider (``providers/``).
"""

from __future__ import annotations

import importlib
import json
import re
import threading
import urllib.parse
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from .._ground.sanitize import display_text, safe_link
from .._registry import endpoint_words, lookup, render
from .._types import Endpoint
from .envelopes import ENVELOPE_LIST, PLAIN_MEMBERS, Envelope, Reading, applies, envelope, keys
from .model import Dialect, DialectCode, normalise

if TYPE_CHECKING:
    from .._wire.challenge import Challenge

__all__ = [
    "BUILTIN_NAMES",
    "DialectHint",
    "DialectMatch",
    "all_dialects",
    "builtin_dialects",
    "describe_details",
    "dialect_for",
    "lookup_dialect",
    "recognise",
    "register_dialect",
    "resolve_uri",
    "row_for",
    "split_scope",
]

#: The built-in dialects, in the order they are consulted (one module each in providers/).
BUILTIN_NAMES = (
    "github",
    "google",
    "microsoft",
    "slack",
    "facebook",
    "auth0",
    "okta",
    "keycloak",
    "cognito",
    "salesforce",
    "apple",
    "dropbox",
    "spotify",
    "discord",
    "zoom",
    "linkedin",
    "hub",
)
_SAFE_CODE = re.compile(r"[A-Za-z0-9_.:/\-]{1,64}")
_MAX_SCAN = 2048
_MAX_CACHE = 4096


def builtin_dialects() -> tuple[Dialect, ...]:
    """The built-in dialects, each loaded from its data module."""
    found = []
    for name in BUILTIN_NAMES:
        module = importlib.import_module(f"{__package__}.providers.{name}")
        found.append(module.DIALECT)
    return tuple(found)


def _distinctive(row: DialectCode) -> bool:
    """Whether a row identifies its provider in a shared envelope (no host given)."""
    if row.description:
        return True
    info = lookup(row.code)
    if info is not None and info.code == row.code:
        return False  # a standard code: anyone may send it
    return not row.code.isdigit()


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


class _Registered:
    """An immutable snapshot of the registered dialects and their indexes."""

    def __init__(self, dialects: tuple[Dialect, ...]) -> None:
        self.dialects = dialects
        self.by_name = {d.name: d for d in dialects}
        used = {name for d in dialects for name in d.envelopes}
        self.envelopes = tuple(e for e in ENVELOPE_LIST if e.name in used)
        self.triggers = frozenset(e.trigger for e in self.envelopes)
        # An envelope only one provider sends: its owner (the first to claim it).
        self.owner: dict[str, Dialect] = {}
        # A shared envelope: (envelope, code) -> the rows that identify their provider.
        self.shared: dict[tuple[str, str], list[tuple[Dialect, DialectCode]]] = {}
        for dialect in dialects:
            for name in dialect.envelopes:
                if envelope(name).sure:
                    self.owner.setdefault(name, dialect)
                    continue
                for row in dialect.codes:
                    if _distinctive(row):
                        self.shared.setdefault((name, row.code), []).append((dialect, row))
        self._verdicts: dict[tuple[Any, ...], tuple[Dialect, DialectCode] | None] = {}
        self.plans: dict[tuple[frozenset[str], bool, bool], tuple[Envelope, ...]] = {}
        # Verdicts on plain RFC 6749 bodies (PLAIN_MEMBERS only), by their members.
        self.plain: dict[tuple[Any, ...], DialectMatch | None] = {}
        self._hosts: dict[str, Dialect | None] = {}

    def find_shared(
        self, name: str, reading: Reading, endpoint: Endpoint
    ) -> tuple[Dialect, DialectCode] | None:
        """The provider a shared envelope's reading belongs to, if one alone sends it."""
        key = (name, reading.keys, reading.description, endpoint)
        try:
            return self._verdicts[key]
        except KeyError:
            pass
        except TypeError:  # pragma: no cover - the key is made of hashable parts
            return None
        normalised = normalise(reading.description) if reading.description else None
        found: tuple[Dialect, DialectCode] | None = None
        for code in (*reading.keys, ""):
            for dialect, row in self.shared.get((name, code), ()):
                if row._matches(normalised, endpoint):
                    found = (dialect, row)
                    break
            if found is not None:
                break
        if len(self._verdicts) >= _MAX_CACHE:
            self._verdicts.clear()
        self._verdicts[key] = found
        return found

    def for_provider(self, provider: str) -> Dialect | None:
        """The dialect for a dialect name, issuer, host or URL (cached)."""
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
_REGISTERED: _Registered | None = None


def _registered() -> _Registered:
    current = _REGISTERED
    if current is None:
        with _LOCK:
            current = _REGISTERED
            if current is None:
                current = _install(builtin_dialects())
    return current


def _install(dialects: tuple[Dialect, ...]) -> _Registered:
    global _REGISTERED
    _REGISTERED = _Registered(dialects)
    return _REGISTERED


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
        current = (_REGISTERED or _Registered(builtin_dialects())).dialects
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
    return list(_registered().dialects)


def lookup_dialect(name: object) -> Dialect | None:
    """Return the dialect named ``name`` (case-insensitive), or None."""
    if not isinstance(name, str):
        return None
    return _registered().by_name.get(name.strip().lower())


def dialect_for(provider: object) -> Dialect | None:
    """Return the dialect for a provider: a dialect name, an issuer, a host or a URL.

    ``"github"``, ``"github.com"``, ``"https://github.com/login/oauth/access_token"`` and
    ``"https://kc.example/realms/acme"`` (Keycloak, by its path) are all understood.
    """
    if not isinstance(provider, str) or not provider.strip():
        return None
    return _registered().for_provider(provider)


# -- recognition --------------------------------------------------------------------------


def _challenge_reading(challenge: Challenge) -> Reading:
    code = challenge.error or ""
    return Reading(keys(code), code, challenge.error_description, challenge.error_uri, oauth=True)


def _plan(
    registered: _Registered, payload: Mapping[str, Any], status: int | None
) -> tuple[Envelope, ...]:
    """The envelopes whose identifying member the body has, in recognition order.

    It depends only on which identifying members are present, whether the status is an
    error one and whether ``error`` is an object: computed once per combination.
    """
    present = registered.triggers.intersection(payload)
    if not present:
        return ()
    erroneous = status is not None and status >= 400
    nested = isinstance(payload.get("error"), dict)
    key = (present, erroneous, nested)
    plan = registered.plans.get(key)
    if plan is None:
        plan = tuple(
            e
            for e in registered.envelopes
            if e.trigger in present and (nested or not e.inner) and (e.any_status or erroneous)
        )
        registered.plans[key] = plan  # at most 2 ** len(triggers) * 4 entries
    return plan


def _recognise_body(
    registered: _Registered, payload: Mapping[str, Any], status: int | None, endpoint: Endpoint
) -> DialectMatch | None:
    """Recognise a body; a plain RFC 6749 body's verdict is cached by its members."""
    key: tuple[Any, ...] | None = None
    if payload.keys() <= PLAIN_MEMBERS:
        values = (payload.get("error"), payload.get("error_description"), payload.get("error_uri"))
        if all(v is None or type(v) is str for v in values):
            key = (*values, status is not None and status >= 400, endpoint)
            try:
                return registered.plain[key]
            except KeyError:
                pass
    found = _read_body(registered, payload, status, endpoint)
    if key is not None:
        if len(registered.plain) >= _MAX_CACHE:
            registered.plain.clear()
        registered.plain[key] = found
    return found


def _read_body(
    registered: _Registered, payload: Mapping[str, Any], status: int | None, endpoint: Endpoint
) -> DialectMatch | None:
    for candidate in _plan(registered, payload, status):
        reading = candidate.read(payload)
        if reading is None:
            continue
        if candidate.sure:
            dialect = registered.owner[candidate.name]
            row = dialect.find(reading.keys, reading.description, endpoint)
            return DialectMatch(dialect, reading, row, "body")
        hit = registered.find_shared(candidate.name, reading, endpoint)
        if hit is not None:
            return DialectMatch(hit[0], reading, hit[1], "body")
    return None


def _read_with(dialect: Dialect, payload: Mapping[str, Any], status: int | None) -> Reading | None:
    for name in dialect.envelopes:
        candidate = envelope(name)
        if applies(candidate, payload, status):
            reading = candidate.read(payload)
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
    registered = _registered()
    hinted = registered.for_provider(provider) if provider else None
    if challenge is not None:
        reading = _challenge_reading(challenge)
        dialect = hinted
        if dialect is None and payload:
            found = _recognise_body(registered, payload, status, endpoint)
            dialect = found.dialect if found is not None else None
        if dialect is None:
            hit = registered.find_shared("oauth", reading, endpoint)
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
        return _recognise_body(registered, payload, status, endpoint)
    return DialectMatch(hinted, None, None, "label") if hinted is not None else None


# -- hints and links ----------------------------------------------------------------------


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


class DialectHint:
    """A dialect hint, rendered when first read (``err.hint``).

    It keeps only the raw values the hint may mention, not the response.
    """

    __slots__ = (
        "choices",
        "code",
        "dialect",
        "endpoint",
        "lead",
        "link",
        "status_code",
        "values",
    )

    def __init__(
        self,
        choices: tuple[str, ...],
        dialect: Dialect,
        *,
        code: str | None,
        endpoint: Endpoint,
        status_code: int | None,
        values: Callable[[], dict[str, str]],
        link: str | None,
        lead: str | None = None,
    ) -> None:
        self.choices = choices
        self.lead = lead
        self.dialect = dialect
        self.code = code
        self.endpoint = endpoint
        self.status_code = status_code
        self.values = values
        self.link = link

    def __call__(self) -> str:
        link = safe_link(_resolve_uri(self.link, self.dialect))
        values = self.values()
        values["endpoint"] = endpoint_words(self.endpoint)
        values["provider"] = self.dialect.title
        values["docs"] = self.dialect.docs
        if self.status_code is not None:
            values["status"] = str(self.status_code)
        if self.code and _SAFE_CODE.fullmatch(self.code):
            values["code"] = self.code
        if link is not None and len(link) <= 200:
            values["link"] = link
        detail = render(self.choices, values)
        # The same situation reads the same from every provider: its shared first
        # sentence (``_registry.lead_for``), then the provider's own advice.
        return detail if self.lead is None else f"{self.lead} {detail}"


# -- looking back at an error -------------------------------------------------------------


def row_for(
    dialect_name: str | None,
    key: str,
    description: str | None,
    endpoint: Endpoint,
) -> DialectCode | None:
    """Return the dialect table row for a vendor code, or None."""
    if dialect_name is None:
        return None
    dialect = lookup_dialect(dialect_name)
    if dialect is None:
        return None
    return dialect.find(keys(key), description, endpoint)


def required_scope(
    dialect_name: str | None, params: Mapping[str, Any], status_code: int | None
) -> list[str]:
    """Return the scopes a dialect's body says are required (Slack, Dropbox), if any."""
    dialect = lookup_dialect(dialect_name) if dialect_name else None
    if dialect is None:
        return []
    reading = _read_with(dialect, params, status_code or 400)
    if reading is None or reading.scope is None:
        return []
    return split_scope(reading.scope)


def split_scope(value: str) -> list[str]:
    """Split a scope list on white space and commas (Slack separates scopes with commas)."""
    return [s for s in re.split(r"[\s,]+", value[:_MAX_SCAN]) if s]


def describe_details(dialect_name: str | None, params: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Return the dialect's detail parameters present in ``params`` (name, display-safe value)."""
    dialect = lookup_dialect(dialect_name) if dialect_name else None
    if dialect is None:
        return []
    found = []
    for name in dialect.details:
        value = params.get(name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            found.append((name, display_text(value, limit=120)))
        elif isinstance(value, list):
            found.append((name, display_text(json.dumps(value[:10], default=str), limit=120)))
    return found
