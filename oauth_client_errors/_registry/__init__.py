"""The registry: every OAuth error code a client can receive, looked up.

The rows are data in :mod:`.codes` (each citing the specifications that define it); this
module indexes them and renders their hints. The policy of a code follows from its
situation (``_rules``). Standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from .._types import Endpoint, Situation
from .codes import ENTRIES, STATUS_RULES, UNKNOWN_HINT, UNKNOWN_RETRY_HINT
from .model import (
    CLASSES,
    HINT_FIELDS,
    CodeInfo,
    HintTemplate,
    StatusRule,
    alternatives,
    display_value,
    endpoint_words,
    render,
    seconds,
    template_fields,
)
from .situations import LEADS, NO_USER_HINTS, SituationHint

if TYPE_CHECKING:
    from .._ground.exceptions import OAuthClientError
    from .._wire.challenge import Challenge

__all__ = [
    "CLASSES",
    "HINT_FIELDS",
    "LEADS",
    "NO_USER_HINTS",
    "CodeInfo",
    "HintTemplate",
    "SituationHint",
    "StatusRule",
    "all_codes",
    "alternatives",
    "endpoint_words",
    "error_class",
    "hint_text",
    "hint_values",
    "lead_for",
    "lookup",
    "render",
    "status_of",
    "status_rule",
    "status_rules",
    "template_fields",
]

_BY_CODE: Mapping[str, CodeInfo] = MappingProxyType(
    {name: info for info in ENTRIES for name in (info.code, *info.aliases)}
)
_BY_LOWER: Mapping[str, CodeInfo] = MappingProxyType(
    {name.lower(): info for name, info in _BY_CODE.items()}
)
_NUMERIC = re.compile(r"[1-5][0-9][0-9]")
_SAFE_CODE = re.compile(r"[A-Za-z0-9_.:\-]{1,64}")
_RETRY_STATUSES = frozenset({429, *range(500, 600)})
#: The keys under which ``_errors`` registers the two generic classes in CLASSES.
UNKNOWN_KEY = ""
STATUS_KEY = "#status"


def lookup(code: object) -> CodeInfo | None:
    """Return the registry entry for ``code``, or None if it is not registered.

    The match is exact after stripping white space (codes are case-sensitive, RFC 6749
    §5.2); aliases such as ``unsupported_responce_type`` find their code's entry, and a
    code that matches only when lower-cased (``Invalid_Grant``) is accepted as well.
    Anything that is not a string (None included) is not registered.
    """
    if not isinstance(code, str):
        return None
    info = _BY_CODE.get(code)
    if info is not None:
        return info
    key = code.strip()
    info = _BY_CODE.get(key)
    if info is None and key:
        info = _BY_LOWER.get(key.lower())
    return info


def status_of(code: object) -> int | None:
    """Return ``code`` as an HTTP status if it is a numeric code (``"503"``), else None."""
    if isinstance(code, str) and _NUMERIC.fullmatch(code.strip()):
        return int(code.strip())
    return None


def error_class(code: object) -> type[OAuthClientError]:
    """Return the exception class for ``code``.

    Returns:
        The registered class; :class:`~oauth_client_errors.HTTPStatusError` for a numeric
        code such as ``"503"`` (draft-16 §5.2);
        :class:`~oauth_client_errors.UnknownOAuthError` for anything else (None included).
    """
    info = lookup(code)
    if info is not None:
        return CLASSES[info.code]
    if status_of(code) is not None:
        return CLASSES[STATUS_KEY]
    return CLASSES[UNKNOWN_KEY]


def all_codes() -> list[CodeInfo]:
    """Return every registry entry, grouped by specification."""
    return list(ENTRIES)


def status_rules() -> list[StatusRule]:
    """Return the rules for errors told only by an HTTP status, in the order they apply."""
    return list(STATUS_RULES)


def status_rule(status: int | None, endpoint: Endpoint, challenged: bool) -> StatusRule:
    """The first status rule that applies (the last one applies to everything)."""
    for rule in STATUS_RULES:
        if rule.matches(status, endpoint, challenged):
            return rule
    return STATUS_RULES[-1]  # pragma: no cover - the last rule matches everything


def hint_values(
    *,
    endpoint: Endpoint,
    params: Mapping[str, Any],
    challenges: Iterable[Challenge],
    code: str | None = None,
    retry_after: float | None = None,
    scope: str | None = None,
) -> dict[str, str]:
    """Collect the display-safe values a hint may mention.

    The challenge that carries the error (else the first Bearer/DPoP one) lends its
    ``scope``, ``acr_values`` and ``max_age``; the body's parameters fill what it lacks.
    """
    chosen: Mapping[str, str] = {}
    seen = list(challenges)
    oauth = [c for c in seen if c.is_oauth] or seen
    for challenge in oauth:
        if code is not None and challenge.error == code:
            chosen = challenge.params
            break
    else:
        if oauth:
            chosen = oauth[0].params

    def param(name: str) -> Any:
        value = chosen.get(name)
        return value if value is not None else params.get(name)

    candidates: dict[str, str | None] = {
        "endpoint": endpoint_words(endpoint),
        "scope": display_value(scope if scope is not None else param("scope"), 200),
        "acr_values": display_value(param("acr_values"), 100),
        "max_age": seconds(param("max_age")),
        "retry_after": seconds(retry_after),
        "interval": seconds(params.get("interval")),
    }
    return {key: value for key, value in candidates.items() if value is not None}


def hint_text(
    code: str,
    endpoint: Endpoint,
    values: dict[str, str],
    *,
    status_code: int | None,
    challenged: bool,
    link: str | None,
    situation: Situation | None = None,
    user_present: bool | None = None,
) -> str:
    """The registry's hint for ``code`` at ``endpoint``, filled with ``values``.

    With no user behind the token (``user_present=False``), a situation that calls for a
    person has the no-user hint (:data:`NO_USER_HINTS`). Otherwise a registered code has
    its own hint; a numeric or missing code the HTTP status rule's; any other code the
    unknown-code hint (naming the code when it is display-safe).
    """
    if user_present is False and situation is not None:
        no_user = NO_USER_HINTS.get(situation)
        if no_user is not None:
            return render(alternatives(no_user.hint), values)
    info = lookup(code)
    if info is not None:
        return info.hint_at(endpoint, values)
    numeric = status_of(code)
    if numeric is not None or not code.strip():
        status = numeric or status_code
        if status is not None:
            values["status"] = str(status)
        return render(alternatives(status_rule(status, endpoint, challenged).hint), values)
    if status_code is not None:
        values["status"] = str(status_code)
    if _SAFE_CODE.fullmatch(code):
        values["code"] = code
    if link is not None and len(link) <= 200:
        values["link"] = link
    retryable = status_code in _RETRY_STATUSES
    if retryable or situation in (None, Situation.UNKNOWN):
        return render(UNKNOWN_RETRY_HINT if retryable else UNKNOWN_HINT, values)
    # Rule 7 placed the code by its status: say what the status means.
    for rule in STATUS_RULES:
        if rule.situation is situation:
            lead = (
                f'The server sent "{values["code"]}", which is not a standard OAuth error code. '
                if "code" in values
                else "The server sent an error code that is not a standard OAuth code. "
            )
            return lead + render(alternatives(rule.hint), values)
    return render(UNKNOWN_HINT, values)


def lead_for(situation: Situation, user_present: bool | None = None) -> str | None:
    """The shared first sentence of a provider's hint for ``situation`` (:data:`LEADS`).

    None where the no-user hint applies (``user_present=False`` and a situation that
    calls for a person): that hint is already the same for every provider.
    """
    if user_present is False and situation in NO_USER_HINTS:
        return None
    return LEADS[situation]


def _check_table() -> None:
    """Fail if the table is inconsistent (a programming error).

    Run by the test suite (``tests/test_speed_design.py``), not at import: the table is
    data that does not change at run time, and checking it would cost every import.
    """
    for info in ENTRIES:
        templates = [info.default_hint, *info.hints.values()]
        for template in templates:
            for alternative in alternatives(template):
                if not template_fields(alternative) <= HINT_FIELDS:
                    raise AssertionError(f"unknown placeholder in a hint for {info.code}")
    for row in (*NO_USER_HINTS.values(),):
        choices = alternatives(row.hint)
        if not all(template_fields(a) <= HINT_FIELDS for a in choices):
            raise AssertionError(f"unknown placeholder in the no-user hint for {row.situation}")
        if not template_fields(choices[-1]) <= {"endpoint"}:
            raise AssertionError(f"the no-user hint for {row.situation} has no fallback")
    if any(template_fields(lead) for lead in LEADS.values()):
        raise AssertionError("a lead sentence names a placeholder")
