"""The dialect reference (``docs/dialects.md``) and the command line's dialect views.

Regenerate the document with::

    python -m oauth_client_errors._dialect_reference > docs/dialects.md
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ._dialects import Dialect, DialectCode, all_dialects, describe_details, lookup_dialect
from ._dialects.recognition import builtin_dialects
from ._ground.sanitize import display_text
from ._registry import alternatives, endpoint_words, lead_for, lookup, render
from ._types import Endpoint, Policy

if TYPE_CHECKING:
    from ._errors import OAuthError

__all__ = [
    "REGENERATE",
    "DialectRow",
    "dialect_rows",
    "explain_lines",
    "render_dialect",
    "render_dialect_list",
    "render_dialects_markdown",
]

#: The command that writes ``docs/dialects.md``.
REGENERATE = "python -m oauth_client_errors._dialect_reference > docs/dialects.md"

_BY_STATUS = "by HTTP status"


@dataclass(frozen=True)
class DialectRow:
    """One table row, resolved for people: what a vendor code is raised as, and why.

    Attributes:
        code: The vendor code (``"(any)"`` for a description-only row).
        when: The description prefix and endpoints that narrow it ("" if none).
        raised_as: The exception class name.
        policy: The policy's value, or ``"by HTTP status"``.
        meaning: What the provider means by it.
        hint: The hint in its generic form.
        source: Where the provider published it.
        prompt: The ``prompt`` the next authorization request needs, or "".
    """

    code: str
    when: str
    raised_as: str
    policy: str
    meaning: str
    hint: str
    source: str
    prompt: str


def _registry_entry(row: DialectCode) -> Any:
    """The registry entry a row is raised with: its own code's, else its canonical's."""
    info = lookup(row.code) if row.code else None
    if info is None and row.canonical:
        info = lookup(row.canonical)
    return info


def _resolve(dialect: Dialect, row: DialectCode) -> DialectRow:
    info = _registry_entry(row)
    endpoint = row.endpoints[0] if row.endpoints else None
    if info is not None:
        raised_as = info.error_class.__name__
        where = endpoint or (info.endpoints[0] if info.endpoints else Endpoint.TOKEN)
        policy: Policy | None = row.policy or info.policy_at(where)
    else:
        raised_as = "HTTPStatusError" if not row.code else "UnknownOAuthError"
        where = endpoint or Endpoint.TOKEN
        policy = row.policy
    values = {
        "endpoint": endpoint_words(where),
        "provider": dialect.title,
        "docs": dialect.docs,
    }
    if row.hint is not None:
        hint = render(alternatives(row.hint), values)
    elif info is not None:
        hint = info.hint_at(where)
    else:
        hint = render(dialect.hint_fallback, values)
    situation = row.situation or (info.situation_at(where) if info is not None else None)
    if situation is not None:
        hint = f"{lead_for(situation)} {hint}"  # as err.hint reads: the shared sentence first
    narrowing = []
    if row.description:
        narrowing.append(f'description starts with "{row.description}"')
    if row.endpoints:
        narrowing.append("at " + ", ".join(e.value for e in row.endpoints))
    return DialectRow(
        code=row.code or "(any)",
        when="; ".join(narrowing),
        raised_as=raised_as,
        policy=policy.value if policy is not None else _BY_STATUS,
        meaning=row.meaning,
        hint=hint,
        source=row.source,
        prompt=row.prompt or "",
    )


def dialect_rows(dialect: Dialect) -> list[DialectRow]:
    """Return the dialect's table, resolved for people, in table order."""
    return [_resolve(dialect, row) for row in dialect.codes]


def _recognised_by(dialect: Dialect) -> str:
    parts = []
    if dialect.hosts:
        parts.append("hosts " + ", ".join(f"`{h}`" for h in dialect.hosts))
    if dialect.paths:
        parts.append("URL paths containing " + ", ".join(f"`{p}`" for p in dialect.paths))
    parts.append("envelopes " + ", ".join(f"`{e}`" for e in dialect.envelopes))
    return "; ".join(parts)


# -- the command line ---------------------------------------------------------------------


def render_dialect_list(dialects: Sequence[Dialect] | None = None) -> str:
    """Return the registered dialects as a plain-text table."""
    rows = [("DIALECT", "CODES", "PROVIDER")]
    for dialect in dialects if dialects is not None else all_dialects():
        rows.append((dialect.name, str(len(dialect.codes)), dialect.title))
    width0 = max(len(r[0]) for r in rows)
    width1 = max(len(r[1]) for r in rows)
    return "\n".join(f"{a:<{width0}}  {b:>{width1}}  {c}".rstrip() for a, b, c in rows)


def render_dialect(dialect: Dialect) -> str:
    """Return one dialect's codes for a terminal."""
    lines = [
        f"{dialect.name}: {dialect.title}",
        f"  Errors:     {dialect.docs}",
        f"  Recognised: {_recognised_by(dialect).replace('`', '')}",
        "",
    ]
    rows = dialect_rows(dialect)
    table = [("VENDOR CODE", "RAISED AS", "POLICY", "MEANING")]
    table += [(r.code, r.raised_as, r.policy, r.meaning) for r in rows]
    widths = [min(max(len(t[i]) for t in table), 40) for i in range(3)]
    for vendor, raised, policy, meaning in table:
        lines.append(
            f"{vendor:<{widths[0]}}  {raised:<{widths[1]}}  {policy:<{widths[2]}}  {meaning}"
        )
    return "\n".join(line.rstrip() for line in lines)


def dialect_json(dialect: Dialect) -> dict[str, Any]:
    """Return one dialect as JSON-ready data."""
    return {
        "name": dialect.name,
        "title": dialect.title,
        "docs": dialect.docs,
        "hosts": list(dialect.hosts),
        "paths": list(dialect.paths),
        "envelopes": list(dialect.envelopes),
        "codes": [
            {
                "code": row.code,
                "description": code.description,
                "endpoints": [e.value for e in code.endpoints],
                "raised_as": row.raised_as,
                "policy": row.policy,
                "meaning": row.meaning,
                "hint": row.hint,
                "prompt": code.prompt,
                "source": row.source,
            }
            for code, row in zip(dialect.codes, dialect_rows(dialect), strict=True)
        ],
    }


def explain_lines(err: OAuthError) -> list[str]:
    """Return the provider lines of ``explain`` for ``err`` (empty without a dialect)."""
    if err.dialect is None:
        return []
    dialect = lookup_dialect(err.dialect)
    title = dialect.title if dialect is not None else err.dialect
    line = f"  Provider:   {display_text(title, 60)} (dialect {display_text(err.dialect, 40)})"
    if err.vendor_code and err.vendor_code != err.code:
        line += f", vendor code {display_text(err.vendor_code, 80)}"
    lines = [line]
    details = describe_details(err.dialect, err.params)
    if details:
        shown = ", ".join(f"{name}={value}" for name, value in details)
        lines.append(f"  Details:    {shown}")
    return lines


def next_request_line(err: OAuthError) -> str | None:
    """Return the ``Next request`` line for a step-up or reauthorize error, or None."""
    if err.policy not in (Policy.STEP_UP, Policy.REAUTHORIZE):
        return None
    params = err.next_authorization_params()
    params.pop("mfa_token", None)  # a credential: never printed
    if not params:
        return None
    shown = " ".join(f"{k}={display_text(v, 120)}" for k, v in params.items())
    return f"  Next request: {shown}"


# -- the document -------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_dialects_markdown() -> str:
    """Return the Markdown reference of every built-in dialect, ending with a newline."""
    builtin = builtin_dialects()
    lines = [
        "# Provider dialects",
        "",
        "<!-- Generated from oauth_client_errors/_dialects/providers/; do not edit by hand. -->",
        f"<!-- Regenerate with: {REGENERATE} -->",
        "",
        "Real providers bend OAuth: errors with HTTP 200, their own envelopes, their own "
        "codes. A *dialect* recognises a provider by the response's shape or, when the "
        "caller passes `provider=` (the request URL, the issuer, a host or a dialect name) "
        "to `parse_response` / `parse_redirect`, by its host, and maps its codes to the "
        "registry: the exception class, the situation (whose policy the shared rules "
        "give) and a hint in the provider's terms. "
        "`err.dialect` names the dialect, `err.vendor_code` the row that matched, "
        "`err.code` names the registered code it stands for, `err.received_code` keeps the code "
        "as received and `err.params` every field received. "
        "A dialect never turns a success into an error. Add your own with "
        "`register_dialect(Dialect(...))`.",
        "",
        "After a `step_up` or `reauthorize` error, `err.next_authorization_params(scope)` "
        "returns what the next authorization request needs: the union of the old and the "
        "required scopes (the challenge's `scope`, Slack's `needed`, Dropbox's "
        "`required_scope`), RFC 9470 `acr_values` and `max_age`, an Entra claims challenge "
        "as the OIDC `claims` parameter, the `prompt` a code calls for (the *prompt* column "
        "below; `login_required` and `interaction_required` ask for `login`, "
        "`consent_required` for `consent`, `account_selection_required` for "
        "`select_account`) and Auth0's `mfa_token`.",
        "",
        "The same situation reads the same from every provider: a provider's hint starts "
        "with the situation's shared sentence, then gives the provider's own advice. When "
        'the caller says that no user is behind the token (`grant="client_credentials"`, '
        "a bearer assertion, token exchange; the token sources and adapters say it), a "
        "situation that needs a person (reauthorize, step up) has policy `fix_config` and "
        "one hint for every provider saying what to configure instead (see the code "
        'reference, "Hints that fit the grant").',
        "",
        "| dialect | provider | codes | recognised by |",
        "|---|---|---|---|",
    ]
    for dialect in builtin:
        lines.append(
            f"| [`{dialect.name}`](#{dialect.name}) | {_cell(dialect.title)} "
            f"| {len(dialect.codes)} | {_cell(_recognised_by(dialect))} |"
        )
    lines.append("")
    for dialect in builtin:
        lines += [
            f"## {dialect.name}",
            "",
            f"**{_cell(dialect.title)}.** Error reference: <{dialect.docs}>. Recognised by "
            f"{_recognised_by(dialect)}.",
        ]
        if dialect.docs_base:
            lines.append(f"A path-only `error_uri` is resolved against <{dialect.docs_base}>.")
        if dialect.details:
            shown = ", ".join(f"`{d}`" for d in dialect.details)
            lines.append(f"`explain` shows {shown}.")
        lines += [
            "",
            "| vendor code | when | raised as | policy | prompt | hint | source |",
            "|---|---|---|---|---|---|---|",
        ]
        for row in dialect_rows(dialect):
            lines.append(
                f"| `{_cell(row.code)}` | {_cell(row.when)} | `{row.raised_as}` "
                f"| `{row.policy}` | {row.prompt} | {_cell(row.hint)} | [source]({row.source}) |"
            )
        lines.append("")
    lines += [
        "## Envelopes",
        "",
        "The body shapes a dialect lists in `Dialect.envelopes`; see the module "
        "documentation of `oauth_client_errors._dialects` for each one.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render_dialects_markdown())
