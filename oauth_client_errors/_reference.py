"""The code reference (``docs/codes.md``), generated from the registry.

Regenerate with::

    python -m oauth_client_errors._reference > docs/codes.md
"""

from __future__ import annotations

import sys

from ._registry import LEADS, NO_USER_HINTS, CodeInfo, all_codes, alternatives, status_rules
from ._rules import GRANTS
from ._types import Endpoint, Policy

__all__ = ["POLICY_MEANINGS", "REGENERATE", "render_codes_markdown"]

#: The command that writes ``docs/codes.md``.
REGENERATE = "python -m oauth_client_errors._reference > docs/codes.md"

#: What each policy asks of a client, in a few words.
POLICY_MEANINGS = {
    Policy.RETRY: "send the same request again later, honouring `Retry-After`",
    Policy.REFRESH: "get a new access token, then replay the request once",
    Policy.REAUTHORIZE: "the grant is gone: send the user through authorization again",
    Policy.STEP_UP: "authorize again asking for more (scope, acr, max_age, claims)",
    Policy.POLL: "keep polling at the current interval",
    Policy.SLOW_DOWN: "keep polling, with the interval increased by 5 seconds",
    Policy.FIX_CONFIG: "the client is misconfigured: a developer must change something",
    Policy.FAIL: "give up and tell the user",
}


def _cell(text: str) -> str:
    """Return ``text`` safe for a Markdown table cell."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _anchor(code: str) -> str:
    return code.lower()  # GitHub keeps underscores in heading anchors


def _entry(info: CodeInfo) -> list[str]:
    lines = [
        f"### `{info.code}`",
        "",
        f"**{info.title}.** {info.meaning}",
        "",
        f"- Class: `{info.error_class.__name__}`",
        f"- Defined in: {'; '.join(info.specs)}",
    ]
    if info.aliases:
        lines.append(f"- Also accepted as: {', '.join(f'`{a}`' for a in info.aliases)}")
    lines += ["", "| endpoint | policy | hint |", "|---|---|---|"]
    for endpoint in info.all_endpoints:
        policy = info.policy_at(endpoint).value
        hint = _cell(info.hint_at(endpoint))
        lines.append(f"| {endpoint.value} | `{policy}` | {hint} |")
    lines.append("")
    return lines


def _grant_section() -> list[str]:
    """The grant evidence, the no-user hints and the shared first sentences, as Markdown."""
    lines = [
        "## Hints that fit the grant",
        "",
        "`parse_response(..., grant=...)`, `from_httpx`/`from_requests(..., grant=...)` and "
        "the token sources and adapters (which know their grant) say which grant is behind "
        "the token: `err.grant`, `err.user_present`. With no user behind it, nobody can "
        "authorize again or give more, so `reauthorize` and `step_up` become "
        "`fix_config` (rules 3 and 4 refined by this evidence) and the hint says what to "
        "configure, the same for every provider.",
        "",
        "| grant type | a user is behind the token |",
        "|---|---|",
        *(f"| `{grant}` | {'yes' if user else 'no'} |" for grant, user in GRANTS.items()),
        "",
        "| situation | hint with no user | sources |",
        "|---|---|---|",
        *(
            f"| `{row.situation.value}` | {_cell(alternatives(row.hint)[-1])} "
            f"| {_cell(', '.join(row.specs))} |"
            for row in NO_USER_HINTS.values()
        ),
        "",
        "A provider dialect's hint starts with its situation's shared sentence:",
        "",
        "| situation | first sentence |",
        "|---|---|",
        *(f"| `{situation.value}` | {_cell(text)} |" for situation, text in LEADS.items()),
        "",
    ]
    return lines


def render_codes_markdown() -> str:
    """Return the Markdown reference of every registered code, ending with a newline.

    For each code: its class, title, meaning, defining specifications, aliases, and the
    policy and (generic) hint at every endpoint it is received at; then how errors told
    only by an HTTP status and unregistered codes are handled.
    """
    codes = all_codes()
    lines = [
        "# OAuth error codes",
        "",
        "<!-- Generated from oauth_client_errors/_registry.py; do not edit by hand. -->",
        f"<!-- Regenerate with: {REGENERATE} -->",
        "",
        f"{len(codes)} codes. Each is raised as its own `OAuthError` subclass; the policy says "
        "what a client should do, and depends on the endpoint the error came from. Hints "
        "are shown here in their generic form: at run time they are filled in with what the "
        "server sent (the missing scope, the acr values, the retry delay).",
        "",
        "## Policies",
        "",
        "| policy | meaning |",
        "|---|---|",
        *(f"| `{policy.value}` | {text} |" for policy, text in POLICY_MEANINGS.items()),
        "",
        "## Summary",
        "",
        "| code | class | policy | title |",
        "|---|---|---|---|",
    ]
    for info in codes:
        policies = ", ".join(
            dict.fromkeys(f"`{info.policy_at(ep).value}`" for ep in info.all_endpoints)
        )
        lines.append(
            f"| [`{info.code}`](#{_anchor(info.code)}) | `{info.error_class.__name__}` "
            f"| {policies} | {_cell(info.title)} |"
        )
    lines += ["", "## Codes", ""]
    for info in codes:
        lines += _entry(info)
    lines += [
        "## HTTP status only",
        "",
        'A response with no error code, or a numeric `error` value (`"503"`, an early '
        "OAuth 2.0 draft), raises `HTTPStatusError`; the first matching rule applies.",
        "",
        "| when | policy |",
        "|---|---|",
        *(f"| {_cell(rule.summary)} | `{rule.policy.value}` |" for rule in status_rules()),
        "",
        "## Unregistered codes",
        "",
        "Any other code raises `UnknownOAuthError`, which keeps the code as received. Its "
        f"policy is `{Policy.RETRY.value}` when the HTTP status is 429 or 5xx and "
        f"`{Policy.FAIL.value}` otherwise; its hint says the code is not standard and points "
        "to the provider's documentation (and to `error_uri` when it is a safe https link).",
        "",
        *_grant_section(),
        "Endpoints: " + ", ".join(f"`{ep.value}`" for ep in Endpoint) + ".",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_codes_markdown())
