"""The command line: explain an OAuth error to a person, or list the registry.

Usage::

    oauth-client-errors explain 'https://app.example/cb?error=access_denied&state=xyz'
    oauth-client-errors explain '{"error": "invalid_grant"}'
    oauth-client-errors explain 'Bearer error="insufficient_scope", scope="read write"'
    curl -si https://api.example/me | oauth-client-errors explain -
    oauth-client-errors codes
    oauth-client-errors codes invalid_grant
    oauth-client-errors codes --dialect github
    oauth-client-errors explain '{"ok": false, "error": "token_revoked"}' --provider slack

Exit status: 0 when an error was explained (or a code shown), 1 when the input holds no
error (or the code is not registered), 2 on bad usage or unreadable input.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO

from ._dialect_reference import (
    dialect_json,
    explain_lines,
    next_request_line,
    render_dialect,
    render_dialect_list,
)
from ._dialects import all_dialects, lookup_dialect
from ._errors import HTTPStatusError, OAuthClientError, OAuthError
from ._ground.sanitize import display_text
from ._interpret import SKIP_STATE_CHECK, parse_redirect, parse_response
from ._reference import POLICY_MEANINGS
from ._registry import CodeInfo, all_codes, lookup
from ._types import Endpoint
from ._wire.bodies import MAX_BODY_BYTES
from ._wire.challenge import parse_www_authenticate

__all__ = ["explain", "main", "parse_raw_response"]

EXIT_EXPLAINED = 0
EXIT_NO_ERROR = 1
EXIT_USAGE = 2

# Raw responses read from stdin: the body cap plus room for the head.
_MAX_STDIN = MAX_BODY_BYTES + 256 * 1024


# Auth-schemes from the IANA HTTP Authentication Scheme Registry that a resource may send.
_SCHEMES = frozenset(
    {"basic", "bearer", "digest", "dpop", "hoba", "mutual", "negotiate", "ntlm", "oauth"}
    | {"privatetoken", "scram-sha-1", "scram-sha-256", "vapid", "concealed", "gnap"}
)


class InputError(Exception):
    """The command line input cannot be read as anything this tool explains."""


# -- reading the input --------------------------------------------------------------------


def parse_raw_response(
    raw: bytes,
    *,
    endpoint: Endpoint | str = Endpoint.RESOURCE,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Parse a raw HTTP/1.x response as ``curl -si`` prints it.

    When ``curl -L`` or an interim response (``100 Continue``) printed several responses,
    the last one is explained.

    Raises:
        InputError: ``raw`` is not an HTTP response.
    """
    text = raw.replace(b"\r\n", b"\n")
    starts = [0] if text.startswith(b"HTTP/") else []
    search = 0
    while True:
        found = text.find(b"\n\nHTTP/", search)
        if found < 0:
            break
        starts.append(found + 2)
        search = found + 2
    if not starts:
        raise InputError("the input does not start with an HTTP status line (HTTP/1.1 401 ...)")
    message = text[starts[-1] :]
    head, _, body = message.partition(b"\n\n")
    lines = head.decode("latin-1").split("\n")
    status_line = lines[0].split(None, 2)
    code = status_line[1] if len(status_line) > 1 else ""
    if not (code.isascii() and code.isdigit() and len(code) == 3):  # "42¹".isdigit() too
        raise InputError("the status line is not 'HTTP/<version> <3-digit status>'")
    headers: list[tuple[str, str]] = []
    for line in lines[1:]:
        if line[:1] in (" ", "\t") and headers:  # obsolete line folding
            name, value = headers[-1]
            headers[-1] = (name, f"{value} {line.strip()}")
            continue
        name, colon, value = line.partition(":")
        if colon:
            headers.append((name.strip(), value.strip()))
    return parse_response(
        int(code),
        headers,
        body or None,
        endpoint=endpoint,
        strict=strict,
        provider=provider,
    )


def _looks_like_redirect(arg: str) -> bool:
    return "://" in arg or arg.startswith(("?", "#", "/"))


def explain(
    arg: str | bytes,
    *,
    endpoint: Endpoint | str | None = None,
    status: int | None = None,
    state: str | None = None,
    issuer: str | None = None,
    strict: bool = False,
    provider: str | None = None,
) -> OAuthError | None:
    """Interpret ``arg`` the way the ``explain`` command does and return the error.

    ``arg`` is a raw HTTP response (``HTTP/1.1 ...``), a redirect URL, a JSON body, a
    form-encoded body, or a ``WWW-Authenticate`` value (with or without the header name).
    ``provider`` (a dialect name, host, issuer or URL) selects the provider's dialect.

    Raises:
        InputError: ``arg`` is none of these.
        OAuthClientError: The input was refused (a state or issuer mismatch, a malformed
            response).
    """
    if isinstance(arg, bytes):
        raw = arg
    else:
        try:  # command-line arguments carry undecodable bytes as U+DC80-U+DCFF
            raw = arg.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:  # any other lone surrogate (from Python callers)
            raw = arg.encode("utf-8", "surrogatepass")
    text = raw.decode("utf-8", "replace").strip()
    if not text:
        raise InputError("the input is empty")
    where = Endpoint.coerce(endpoint) if endpoint is not None else None
    if text.startswith("HTTP/"):
        return parse_raw_response(
            raw.strip(), endpoint=where or Endpoint.RESOURCE, strict=strict, provider=provider
        )
    if text[0] in "{[":
        return _body(text, "application/json", where or Endpoint.TOKEN, status, strict, provider)
    if _looks_like_redirect(text) or where is Endpoint.AUTHORIZATION:
        return parse_redirect(
            text,
            expected_state=state if state is not None else SKIP_STATE_CHECK,
            expected_issuer=issuer,
            strict=strict,
            provider=provider,
        )
    if " " not in text and (text.startswith("error=") or ("=" in text and "&" in text)):
        kind = "application/x-www-form-urlencoded"
        return _body(text, kind, where or Endpoint.TOKEN, status, strict, provider)
    name, colon, value = text.partition(":")
    if colon and name.strip().lower() == "www-authenticate":
        text = value.strip()
    challenges = parse_www_authenticate(text)
    if not any(
        c.is_oauth or c.error is not None or c.scheme.lower() in _SCHEMES for c in challenges
    ):
        raise InputError(
            "the input is not a redirect URL, a JSON or form body, a WWW-Authenticate value "
            "or a raw HTTP response"
        )
    return parse_response(
        status or 401,
        [("WWW-Authenticate", text)],
        None,
        endpoint=where or Endpoint.RESOURCE,
        strict=strict,
        provider=provider,
    )


def _body(
    text: str,
    kind: str,
    endpoint: Endpoint,
    status: int | None,
    strict: bool,
    provider: str | None = None,
) -> OAuthError | None:
    """Parse a bare body; without ``--status`` the error keeps no status of its own."""
    err = parse_response(
        status or 400,
        [("Content-Type", kind)],
        text,
        endpoint=endpoint,
        strict=strict,
        provider=provider,
    )
    if err is not None and status is None and not isinstance(err, HTTPStatusError):
        err.status_code = None  # the 400 above was only assumed; the message is built lazily
    return err


# -- showing the result -------------------------------------------------------------------


def render(err: OAuthError) -> str:
    """Return the explanation of ``err`` for a terminal: every line display-safe."""
    info = err.info
    code = display_text(err.code, limit=80) or "(empty error code)"
    title = info.title if info is not None else _fallback_title(err)
    where = f"at the {err.endpoint.value.replace('_', ' ')} endpoint"
    if err.status_code is not None:
        where += f", HTTP {err.status_code}"
    lines = [f"{code}: {title} ({where})"]
    lines += explain_lines(err)
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
    step = next_request_line(err)
    if step is not None:
        lines.append(step)
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


# -- the commands -------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="oauth-client-errors",
        description="Explain OAuth 2.0 / OpenID Connect error responses.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    explain_cmd = commands.add_parser(
        "explain",
        help="explain a redirect URL, body, WWW-Authenticate value or raw response",
        description="Explain an OAuth error. ARG is a redirect URL, a JSON or form body, a "
        "WWW-Authenticate value, or '-' to read a raw HTTP response (curl -si) or any of "
        "the others from standard input.",
    )
    explain_cmd.add_argument("input", metavar="ARG", help="what to explain, or - for stdin")
    explain_cmd.add_argument(
        "--endpoint",
        choices=[e.value for e in Endpoint],
        help="where the response came from (default: guessed from the input)",
    )
    explain_cmd.add_argument("--status", type=int, help="the HTTP status of a bare body")
    explain_cmd.add_argument("--state", help="the state sent, to check a redirect against")
    explain_cmd.add_argument("--issuer", help="the expected issuer (RFC 9207) of a redirect")
    explain_cmd.add_argument("--strict", action="store_true", help="enforce RFC 6749 §5.2")
    explain_cmd.add_argument(
        "--provider",
        help="who sent it: a dialect name (github), a host, an issuer or the request URL",
    )
    explain_cmd.add_argument("--json", action="store_true", help="print to_dict() as JSON")
    codes_cmd = commands.add_parser("codes", help="list the registered error codes")
    codes_cmd.add_argument("code", nargs="?", help="show one code in full")
    codes_cmd.add_argument(
        "--dialect",
        nargs="?",
        const="",
        metavar="NAME",
        help="list a provider dialect's codes (without NAME: list the dialects)",
    )
    codes_cmd.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _read_stdin(stdin: IO[bytes]) -> bytes:
    data = stdin.read(_MAX_STDIN + 1)
    if len(data) > _MAX_STDIN:
        raise InputError(f"standard input is larger than {_MAX_STDIN} bytes")
    return data


def _cmd_explain(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> int:
    source: str | bytes = _read_stdin(stdin) if args.input == "-" else args.input
    err = explain(
        source,
        endpoint=args.endpoint,
        status=args.status,
        state=args.state,
        issuer=args.issuer,
        strict=args.strict,
        provider=args.provider,
    )
    if err is None:
        if args.json:
            out.write("null\n")
        print("No error: the input is a success response.", file=sys.stderr)
        return EXIT_NO_ERROR
    if args.json:
        out.write(json.dumps(err.to_dict(), indent=2, ensure_ascii=True) + "\n")
    else:
        out.write(render(err) + "\n")
    return EXIT_EXPLAINED


def _cmd_dialect(args: argparse.Namespace, out: IO[str]) -> int:
    """``codes --dialect [NAME]``: list the dialects, or one dialect's codes."""
    if not args.dialect:
        if args.json:
            names = [{"name": d.name, "title": d.title} for d in all_dialects()]
            out.write(json.dumps(names, indent=2) + "\n")
        else:
            out.write(render_dialect_list() + "\n")
        return EXIT_EXPLAINED
    dialect = lookup_dialect(args.dialect)
    if dialect is None:
        known = ", ".join(d.name for d in all_dialects())
        shown = display_text(args.dialect, limit=40)
        print(
            f"oauth-client-errors: unknown dialect {shown!r}; known dialects: {known}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    if args.json:
        out.write(json.dumps(dialect_json(dialect), indent=2) + "\n")
    else:
        out.write(render_dialect(dialect) + "\n")
    return EXIT_EXPLAINED


def _cmd_codes(args: argparse.Namespace, out: IO[str]) -> int:
    if args.dialect is not None:
        return _cmd_dialect(args, out)
    if args.code is None:
        codes = all_codes()
        if args.json:
            data = [
                {
                    "code": i.code,
                    "title": i.title,
                    "class": i.error_class.__name__,
                    "policies": {ep.value: i.policy_at(ep).value for ep in i.all_endpoints},
                }
                for i in codes
            ]
            out.write(json.dumps(data, indent=2) + "\n")
        else:
            out.write(render_table(codes) + "\n")
        return EXIT_EXPLAINED
    info = lookup(args.code)
    if info is None:
        shown = display_text(args.code, limit=80)
        print(
            f"{shown!r} is not a registered OAuth error code; a server sending it raises "
            "UnknownOAuthError. Run 'oauth-client-errors codes' for the list.",
            file=sys.stderr,
        )
        return EXIT_NO_ERROR
    if args.json:
        entry = {
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
        out.write(json.dumps(entry, indent=2) + "\n")
    else:
        out.write(render_code(info) + "\n")
    return EXIT_EXPLAINED


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        stdin: Where ``-`` reads from (default: the binary standard input).
        stdout: Where results go (default: standard output).
    """
    out = stdout if stdout is not None else sys.stdout
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    try:
        if args.command == "codes":
            return _cmd_codes(args, out)
        return _cmd_explain(args, stdin if stdin is not None else sys.stdin.buffer, out)
    except InputError as exc:
        print(f"oauth-client-errors: {exc}", file=sys.stderr)
    except OAuthClientError as exc:
        name = type(exc).__name__
        print(f"oauth-client-errors: input refused ({name}): {exc}", file=sys.stderr)
    return EXIT_USAGE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
