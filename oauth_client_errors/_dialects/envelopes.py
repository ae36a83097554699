"""Envelopes: the shapes provider error bodies come in, each read into a :class:`Reading`.

Every reader checks types before it reads, bounds the lists it walks and the text it
scans, and so runs in time linear in the (already size-capped) body and never raises.
Each cites the page where its provider documents the shape.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "ENVELOPES",
    "ENVELOPE_LIST",
    "PLAIN_MEMBERS",
    "VENDOR_TRIGGERS",
    "Envelope",
    "Reading",
    "applies",
    "envelope",
    "keys",
]

# An Entra (AADSTS) or Azure AD B2C (AADB2C) error number in a description.
_AADSTS = r"AAD(?:STS|B2C)[0-9]{1,10}"  # compiled by ``re`` on first use
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


# -- reading a body ------------------------------------------------------------


class Reading:
    """What an envelope reader found in a body (internal; a plain slot class, cheap to build).

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

    __slots__ = ("code", "description", "keys", "oauth", "retry_after", "scope", "uri")

    def __init__(
        self,
        keys: tuple[str, ...],
        code: str | None,
        description: str | None = None,
        uri: str | None = None,
        scope: str | None = None,
        retry_after: float | None = None,
        oauth: bool = False,
    ) -> None:
        self.keys = keys
        self.code = code
        self.description = description
        self.uri = uri
        self.scope = scope
        self.retry_after = retry_after
        self.oauth = oauth

    def __repr__(self) -> str:
        return f"Reading({self.keys!r}, {self.code!r})"


Reader = Callable[[Mapping[str, Any]], "Reading | None"]


class Envelope:
    """One body shape (internal): a plain class, so nothing is generated at import.

    Attributes:
        name: Its name, as a :class:`Dialect` lists it.
        trigger: A top-level member the body must have.
        read: The reader.
        sure: A reading identifies its provider by itself.
        any_status: May be read with a 2xx status (the body has an ``error`` member).
        inner: Reads only an ``error`` member that is an object.
        oauth: Its reading's code is the body's RFC 6749 ``error`` string (not a vendor's
            own code from another member).
        marker: Reads nothing from a body of PLAIN_MEMBERS unless its
            ``error_description`` holds this.
    """

    __slots__ = ("any_status", "inner", "marker", "name", "oauth", "read", "sure", "trigger")

    def __init__(
        self,
        name: str,
        trigger: str,
        read: Reader,
        *,
        sure: bool,
        any_status: bool,
        inner: bool = False,
        oauth: bool = False,
        marker: str | None = None,
    ) -> None:
        self.name = name
        self.trigger = trigger
        self.read = read
        self.sure = sure
        self.any_status = any_status
        self.inner = inner
        self.oauth = oauth
        self.marker = marker

    def __repr__(self) -> str:
        return f"Envelope({self.name!r})"


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and -(10**12) < value < 10**12:
        return value
    return None


def keys(*candidates: str | None) -> tuple[str, ...]:
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
    # Only the head of a description is screened (a 1 MiB description costs no more).
    head = description[:_MAX_SCAN] if description else None
    if not isinstance(listed, list) and "trace_id" not in p and (head is None or "AAD" not in head):
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
    found = re.search(_AADSTS, head) if head else None
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
        keys(subtype, code),
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
    return Reading(keys(code), code, reason, _str(p.get("error_uri")), oauth=True)


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
    return Reading(keys(*reasons, status), status, _str(error.get("message")))


def _read_ms_graph(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://learn.microsoft.com/en-us/graph/errors
    error = _inner(p)
    if error is None:
        return None
    code = _str(error.get("code"))
    inner = error.get("innerError", error.get("innererror"))
    if code is None or not isinstance(inner, Mapping):
        return None
    return Reading(keys(code), code, _str(error.get("message")))


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
        keys(exact, str(number), ranged),
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
    return Reading(keys(reason, str(status)), reason, message)


def _read_slack(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://api.slack.com/web#evaluating_responses
    code = _str(p.get("error"))
    if p.get("ok") is not False or code is None:
        return None
    return Reading(keys(code), code, _str(p.get("warning")), scope=_str(p.get("needed")))


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
    return Reading(keys(tag, reason, code), code, summary, scope=scope, retry_after=delay)


def _read_okta(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developer.okta.com/docs/reference/error-codes/
    code = _str(p.get("errorCode"))
    summary = _str(p.get("errorSummary"))
    if code is None or summary is None:
        return None
    return Reading(keys(code), code, summary)


def _read_aws(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html
    kind = _str(p.get("__type"))
    if kind is None:
        return None
    code = kind.rsplit("#", 1)[-1][:200]
    message = _str(p.get("message", p.get("Message")))
    return Reading(keys(code), code or None, message)


def _read_salesforce(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/errorcodes.htm
    code = _str(p.get("errorCode"))
    message = _str(p.get("message"))
    if code is None or message is None or "errorSummary" in p:
        return None
    return Reading(keys(code), code, message)


def _read_linkedin(p: Mapping[str, Any]) -> Reading | None:
    # Source: https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
    number = _int(p.get("serviceErrorCode"))
    if number is None:
        return None
    name = _str(p.get("code"))
    return Reading(keys(str(number), name), name or str(number), _str(p.get("message")))


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
    return Reading(keys(str(number)), str(number), message)


# In recognition order: envelopes that identify their provider first, then the shared ones.
ENVELOPE_LIST = (
    Envelope("slack", "ok", _read_slack, sure=True, any_status=True),
    Envelope("entra", "error", _read_entra, sure=True, any_status=True, oauth=True, marker="AAD"),
    Envelope(
        "google_oauth", "error_subtype", _read_google_oauth, sure=True, any_status=True, oauth=True
    ),
    Envelope("zoom_oauth", "reason", _read_zoom_oauth, sure=True, any_status=True, oauth=True),
    Envelope("facebook", "error", _read_facebook, sure=True, any_status=True, inner=True),
    Envelope("google_api", "error", _read_google_api, sure=True, any_status=True, inner=True),
    Envelope("ms_graph", "error", _read_ms_graph, sure=True, any_status=True, inner=True),
    Envelope("dropbox_api", "error_summary", _read_dropbox, sure=True, any_status=True),
    Envelope("okta_api", "errorCode", _read_okta, sure=True, any_status=False),
    Envelope("aws_json", "__type", _read_aws, sure=True, any_status=False),
    Envelope("salesforce_api", "errorCode", _read_salesforce, sure=True, any_status=False),
    Envelope("linkedin_api", "serviceErrorCode", _read_linkedin, sure=True, any_status=False),
    Envelope("github_api", "documentation_url", _read_github_api, sure=True, any_status=False),
    Envelope("oauth", "error", _read_oauth, sure=False, any_status=True, oauth=True),
    Envelope("spotify_api", "error", _read_spotify, sure=False, any_status=True, inner=True),
    Envelope("code_message", "code", _read_code_message, sure=False, any_status=False),
)
_BY_NAME = {e.name: e for e in ENVELOPE_LIST}
#: The members of a plain RFC 6749 error body (an authorization response's too): a body
#: with no other member, with a string ``error``, is read by the ``oauth`` envelope and,
#: if its description holds their ``marker``, by the envelopes that declare one.
PLAIN_MEMBERS = frozenset({"error", "error_description", "error_uri", "state", "iss"})
OAUTH = _BY_NAME["oauth"]
#: The envelope names a :class:`Dialect` may list.
ENVELOPES = frozenset(_BY_NAME)
#: The members that make an envelope read a vendor's own code from a body whose ``error``
#: is a string: where none is present, the ``error`` string is the code.
VENDOR_TRIGGERS = frozenset(e.trigger for e in ENVELOPE_LIST if not e.oauth and not e.inner)


def applies(envelope: Envelope, payload: Mapping[str, Any], status: int | None) -> bool:
    if envelope.trigger not in payload:
        return False
    return envelope.any_status or (status is not None and status >= 400)


def envelope(name: str) -> Envelope:
    """The envelope called ``name``."""
    return _BY_NAME[name]
