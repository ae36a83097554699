"""Showing an outcome: the text a terminal gets and the JSON object ``--json`` prints.

Every line is display-safe (server text goes through ``display_text``); no credential is
ever shown (``mfa_token`` reads ``[redacted]``, an authorization code is never echoed).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from oauth_client_errors import CodeInfo, HTTPStatusError, OAuthError, Policy, Situation

from .._dialect_reference import explain_lines
from .._ground.sanitize import display_text
from .._reference import POLICY_MEANINGS
from ._read import Reading

__all__ = [
    "EXIT_EXPLAINED",
    "EXIT_NO_ERROR",
    "EXIT_UNTRUSTED",
    "EXIT_USAGE",
    "Outcome",
    "next_params",
    "render",
    "render_code",
    "render_table",
]

EXIT_EXPLAINED = 0
EXIT_NO_ERROR = 1
EXIT_USAGE = 2
EXIT_UNTRUSTED = 3

#: Parameters of the next request that are credentials: shown as ``[redacted]``.
_SECRET_NEXT = frozenset({"mfa_token"})
_REDACTED = "[redacted]"


@dataclass
class Outcome:
    """What ``explain`` concluded, for text and for JSON.

    Attributes:
        outcome: ``error``, ``success``, ``no_error``, ``untrusted``, ``invalid_input``
            or ``usage_error``.
        exit_code: The process exit status that goes with it.
        message: One display-safe sentence saying what the input is or why it was refused.
        reading: How the input was read, when it was.
        exception: The class name of the error or refusal, if any.
        scope: The scope already held (``--scope``), for the next request.
        details: Extra JSON members.
    """

    outcome: str
    exit_code: int
    message: str
    reading: Reading | None = None
    exception: str | None = None
    scope: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def error(self) -> OAuthError | None:
        """The error explained, if any."""
        return self.reading.error if self.reading is not None else None

    def input_json(self) -> dict[str, Any] | None:
        """How the input was read: its form and the HTTP status given or assumed."""
        if self.reading is None:
            return None
        return {
            "form": self.reading.form.value,
            "status": self.reading.status,
            "assumed_status": self.reading.assumed_status,
        }

    def to_json(self) -> dict[str, Any]:
        """The JSON object ``--json`` prints (for every outcome)."""
        err = self.error
        data: dict[str, Any] = {"outcome": self.outcome}
        if err is not None:
            data.update(_scrub(err.to_dict()))
            data["exception"] = type(err).__name__
            data["user_message"] = _user_message(err)
            data["next_authorization_params"] = next_params(err, self.scope)
        elif self.exception is not None:
            data["exception"] = self.exception
        data["message"] = self.message
        data["input"] = self.input_json()
        data["exit_code"] = self.exit_code
        data.update(self.details)
        return data

    def to_text(self) -> str:
        """The text a terminal gets."""
        err = self.error
        if err is not None:
            return render(err, scope=self.scope, reading=self.reading)
        lines = [self.message]
        read_as = _read_as(self.reading)
        if read_as:
            lines.append(f"  Read as:    {read_as}")
        return "\n".join(lines)


# Credential parameter names, compared after folding case and separators, so that
# ``mfaToken`` and ``pre-authorized_code`` match too. The error's own redaction covers most;
# the command line checks again before anything is printed.
_SECRET_NAMES = frozenset(
    {
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "token",
        "clientsecret",
        "code",
        "devicecode",
        "mfatoken",
        "authreqid",
        "preauthorizedcode",
        "loginhinttoken",
        "password",
        "assertion",
        "clientassertion",
        "subjecttoken",
        "actortoken",
        "codeverifier",
    }
)
_MAX_SCRUB_DEPTH = 32


def _secret_name(name: object) -> bool:
    folded = "".join(c for c in str(name).lower() if c.isalnum())
    return folded in _SECRET_NAMES


def _scrub(data: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """``data`` with every credential-named member's value read ``[redacted]``."""
    clean: dict[str, Any] = {}
    for key, value in data.items():
        if _secret_name(key) and not (depth == 0 and key == "code"):  # top: the error code
            clean[key] = _REDACTED if value is not None else None
        elif isinstance(value, dict) and depth < _MAX_SCRUB_DEPTH:
            clean[key] = _scrub(value, depth + 1)
        elif isinstance(value, dict):
            clean[key] = _REDACTED
        else:
            clean[key] = value
    return clean


def _user_message(err: OAuthError) -> str:
    """``err.user_message``, the words for the end user, made display-safe."""
    return display_text(err.user_message, limit=400)


def next_params(err: OAuthError, scope: str | None = None) -> dict[str, str]:
    """The next authorization request's parameters, credentials redacted (step_up/reauthorize).

    Args:
        err: The error.
        scope: The scope already held; the next request asks for its union with what the
            server says is missing.
    """
    # A client without a user needs the scope in its next token request (fix_config).
    scope_only = err.user_present is False and err.situation is Situation.SCOPE_REQUIRED
    if err.policy not in (Policy.STEP_UP, Policy.REAUTHORIZE) and not scope_only:
        return {}
    params = err.next_authorization_params(scope)
    return {k: (_REDACTED if k in _SECRET_NEXT else v) for k, v in params.items()}


def _read_as(reading: Reading | None) -> str:
    if reading is None:
        return ""
    text = reading.form.words
    if reading.assumed_status is not None:
        text += f"; no --status given, so HTTP {reading.assumed_status} is assumed"
    elif reading.status is not None:
        text += f", HTTP {reading.status}"
    return text


def render(err: OAuthError, *, scope: str | None = None, reading: Reading | None = None) -> str:
    """Return the explanation of ``err`` for a terminal: every line display-safe.

    Args:
        err: The error.
        scope: The scope already held (``--scope``), for the ``Next request`` line.
        reading: How the input was read, for the ``Read as`` line.
    """
    info = err.info
    code = display_text(err.code, limit=80) or "(empty error code)"
    title = info.title if info is not None else _fallback_title(err)
    where = f"at the {err.endpoint.value.replace('_', ' ')} endpoint"
    if err.status_code is not None:
        where += f", HTTP {err.status_code}"
    lines = [f"{code}: {title} ({where})"]
    read_as = _read_as(reading)
    if read_as:
        lines.append(f"  Read as:    {read_as}")
    lines += explain_lines(err)
    if err.grant is not None:
        behind = {True: "a user is behind the token", False: "no user is behind the token"}
        said = behind.get(err.user_present, "not a grant this library knows")  # type: ignore[arg-type]
        lines.append(f"  Grant:      {display_text(err.grant, limit=120)} ({said})")
    if err.safe_description:
        lines.append(f"  Server says: {err.safe_description}")
    if err.uri is not None:
        link = err.link
        shown = link if link is not None else "(not shown: not an absolute https URL)"
        lines.append(f"  Error page: {shown}")
    if info is not None:
        lines.append(f"  Meaning:    {info.meaning}")
    lines.append(f"  Policy:     {err.policy.value} - {POLICY_MEANINGS[err.policy]}")
    lines.append(f"  What to do: {err.hint}")
    lines.append(f"  Tell the user: {_user_message(err)}")
    params = next_params(err, scope)
    if params:
        shown = " ".join(f"{k}={display_text(v, 120)}" for k, v in params.items())
        lines.append(f"  Next request: {shown}")
    if err.retry_after is not None:
        lines.append(f"  Retry after: {err.retry_after:g} seconds")
    if err.dpop_nonce is not None:
        lines.append("  DPoP nonce: sent (use it in the next DPoP proof)")
    if info is not None:
        lines.append(f"  Spec:       {'; '.join(info.specs)}")
    lines.append(f"  Exception:  {type(err).__name__}")
    return "\n".join(lines)


def _fallback_title(err: OAuthError) -> str:
    if isinstance(err, HTTPStatusError):
        return "HTTP error status without an OAuth error code"
    return "not a registered OAuth error code"


def render_code(info: CodeInfo) -> str:
    """Return one registry entry for a terminal."""
    lines = [
        f"{info.code}: {info.title}",
        f"  Meaning:    {info.meaning}",
        f"  Exception:  {info.error_class.__name__}",
        f"  Spec:       {'; '.join(info.specs)}",
    ]
    if info.aliases:
        lines.append(f"  Aliases:    {', '.join(info.aliases)}")
    for endpoint in info.all_endpoints:
        policy = info.policy_at(endpoint)
        lines.append(f"  At the {endpoint.value} endpoint: {policy.value}")
        lines.append(f"    {info.hint_at(endpoint)}")
    return "\n".join(lines)


def render_table(codes: Sequence[CodeInfo]) -> str:
    """Return the registry as a plain-text table."""
    rows = [("CODE", "POLICY", "TITLE")]
    for info in codes:
        policies = ",".join(dict.fromkeys(info.policy_at(ep).value for ep in info.all_endpoints))
        rows.append((info.code, policies, info.title))
    width0 = max(len(r[0]) for r in rows)
    width1 = max(len(r[1]) for r in rows)
    return "\n".join(f"{a:<{width0}}  {b:<{width1}}  {c}".rstrip() for a, b, c in rows)
