"""``codes``: the registry, the dialects, and where one code is mapped."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import IO, Any

from oauth_client_errors import CodeInfo, Dialect, all_codes, all_dialects, lookup, lookup_dialect

from .._dialect_reference import (
    DialectRow,
    dialect_json,
    dialect_rows,
    render_dialect,
    render_dialect_list,
)
from .._ground.sanitize import display_text
from ._show import EXIT_EXPLAINED, EXIT_NO_ERROR, EXIT_USAGE, render_code, render_table

__all__ = ["find_code", "run_codes"]

_AADSTS_NUMBER = re.compile(r"[0-9]{1,10}")


def _same(vendor: str, asked: str) -> bool:
    if vendor.casefold() == asked.casefold():
        return True
    # Entra numbers are written with and without their prefix (AADSTS700082 / 700082).
    return (
        _AADSTS_NUMBER.fullmatch(asked) is not None
        and vendor.upper().startswith(("AADSTS", "AADB2C"))
        and vendor[6:] == asked
    )


def find_code(
    code: str, dialects: list[Dialect] | None = None
) -> tuple[CodeInfo | None, list[tuple[Dialect, DialectRow]]]:
    """Find ``code`` in the registry and in every dialect's table (or in ``dialects``).

    Returns:
        The registry entry (or None) and each dialect row that maps the code.
    """
    info = lookup(code)
    found: list[tuple[Dialect, DialectRow]] = []
    for dialect in dialects if dialects is not None else all_dialects():
        rows = dialect_rows(dialect)
        for row, resolved in zip(dialect.codes, rows, strict=True):
            if row.code and _same(row.code, code):
                found.append((dialect, resolved))
    return info, found


def _info_json(info: CodeInfo) -> dict[str, Any]:
    return {
        "code": info.code,
        "title": info.title,
        "meaning": info.meaning,
        "class": info.error_class.__name__,
        "specs": list(info.specs),
        "aliases": list(info.aliases),
        "endpoints": {
            ep.value: {"policy": info.policy_at(ep).value, "hint": info.hint_at(ep)}
            for ep in info.all_endpoints
        },
    }


def _beside_error(dialect: Dialect, row: DialectRow) -> bool:
    """True for a vendor number sent beside a standard ``error`` (Entra's ``AADSTS``).

    Such a row sets the hint; the class and policy come from the ``error`` it comes with.
    """
    return (
        row.raised_as == "UnknownOAuthError"
        and "entra" in dialect.envelopes
        and row.code.upper().startswith(("AADSTS", "AADB2C"))
    )


def _row_json(dialect: Dialect, row: DialectRow) -> dict[str, Any]:
    data = {"dialect": dialect.name, "provider": dialect.title, **asdict(row)}
    data["beside_error_code"] = _beside_error(dialect, row)
    return data


def _render_row(dialect: Dialect, row: DialectRow) -> str:
    lines = [f"{row.code} in the {dialect.title} dialect ({dialect.name}):"]
    if row.when:
        lines.append(f"  When:       {row.when}")
    if _beside_error(dialect, row):
        lines += [
            f"  Raised as:  the class of the OAuth error code it comes with ({dialect.title} "
            "sends it beside one, e.g. invalid_grant -> InvalidGrantError); "
            "UnknownOAuthError alone",
            "  Policy:     that error code's policy",
        ]
    else:
        lines += [f"  Raised as:  {row.raised_as}", f"  Policy:     {row.policy}"]
    lines += [
        f"  Meaning:    {row.meaning}",
        f"  What to do: {row.hint}",
    ]
    if row.prompt:
        lines.append(f"  Next request: prompt={row.prompt}")
    lines.append(f"  Source:     {row.source}")
    return "\n".join(lines)


def _write(out: IO[str], data: Any) -> None:
    out.write(json.dumps(data, indent=2, ensure_ascii=True) + "\n")


def _not_found(code: str, dialect: Dialect | None, as_json: bool, out: IO[str]) -> int:
    shown = display_text(code, limit=80)
    where = f"the {dialect.title} dialect" if dialect else "any provider dialect"
    message = (
        f"{shown!r} is not a registered OAuth error code and {where} does not map it; a "
        "server sending it raises UnknownOAuthError, placed by its HTTP status. Run "
        "'oauth-client-errors codes' for the registry and 'oauth-client-errors codes "
        "--dialect' for the dialects."
    )
    if as_json:
        _write(
            out,
            {
                "outcome": "not_found",
                "code": shown,
                "registered": False,
                "dialects": [],
                "raised_as": "UnknownOAuthError",
                "message": message,
            },
        )
    else:
        out.write(message + "\n")
    return EXIT_NO_ERROR


def _one_code(code: str, dialect: Dialect | None, as_json: bool, out: IO[str]) -> int:
    info, rows = find_code(code, [dialect] if dialect is not None else None)
    if dialect is not None:
        info = None  # one dialect's row only
    if info is None and not rows:
        return _not_found(code, dialect, as_json, out)
    if as_json:
        data: dict[str, Any] = {"outcome": "found", "code": display_text(code, limit=80)}
        data["registered"] = info is not None
        if info is not None:
            data.update(_info_json(info))
        data["dialects"] = [_row_json(d, r) for d, r in rows]
        _write(out, data)
        return EXIT_EXPLAINED
    parts = []
    if info is not None:
        parts.append(render_code(info))
    elif dialect is None:
        shown = display_text(code, limit=80)
        parts.append(f"{shown}: not a registered OAuth error code; provider dialects map it:")
    parts += [_render_row(d, r) for d, r in rows]
    out.write("\n\n".join(parts) + "\n")
    return EXIT_EXPLAINED


def run_codes(
    code: str | None, dialect_name: str | None, as_json: bool, out: IO[str], err: IO[str]
) -> int:
    """Run ``codes [--dialect [NAME]] [CODE]`` and return the exit status."""
    dialect: Dialect | None = None
    if dialect_name:
        dialect = lookup_dialect(dialect_name)
        if dialect is None:
            known = ", ".join(d.name for d in all_dialects())
            shown = display_text(dialect_name, limit=40)
            message = f"oauth-client-errors: unknown dialect {shown!r}; known dialects: {known}"
            err.write(message + "\n")
            if as_json:
                _write(out, {"outcome": "usage_error", "message": message, "exit_code": 2})
            return EXIT_USAGE
    if code is not None:
        return _one_code(code, dialect, as_json, out)
    if dialect is not None:
        if as_json:
            _write(out, dialect_json(dialect))
        else:
            out.write(render_dialect(dialect) + "\n")
        return EXIT_EXPLAINED
    if dialect_name is not None:  # --dialect without a name: list the dialects
        if as_json:
            _write(out, [{"name": d.name, "title": d.title} for d in all_dialects()])
        else:
            out.write(render_dialect_list() + "\n")
        return EXIT_EXPLAINED
    codes = all_codes()
    if as_json:
        _write(
            out,
            [
                {
                    "code": i.code,
                    "title": i.title,
                    "class": i.error_class.__name__,
                    "policies": {ep.value: i.policy_at(ep).value for ep in i.all_endpoints},
                }
                for i in codes
            ],
        )
    else:
        out.write(render_table(codes) + "\n")
    return EXIT_EXPLAINED
