"""The command line ``oauth-client-errors`` (also ``python -m oauth_client_errors``).

Usage::

    oauth-client-errors explain 'https://app.example/cb?error=access_denied&state=xyz'
    oauth-client-errors explain '{"error": "invalid_grant"}' --status 400
    oauth-client-errors explain 'Bearer error="insufficient_scope", scope="read write"'
    curl -si https://api.example/me | oauth-client-errors explain -
    oauth-client-errors codes invalid_grant
    oauth-client-errors codes bad_verification_code
    oauth-client-errors codes --dialect github bad_verification_code

The exit statuses are listed in :data:`EXIT_STATUSES` and in ``--help``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import textwrap
from collections.abc import Sequence
from typing import IO, NoReturn

from oauth_client_errors import (
    Endpoint,
    IssuerMismatchError,
    OAuthClientError,
    StateMismatchError,
    UntrustedResponseError,
    __version__,
)

from .._ground.sanitize import display_text
from ._codes import find_code, run_codes
from ._read import (
    ASSUMED_BODY_STATUS,
    ASSUMED_CHALLENGE_STATUS,
    MAX_STDIN,
    Form,
    InputError,
    NotOAuthInputError,
    Reading,
    explain,
    parse_raw_response,
    read,
    redirect_keys,
)
from ._show import (
    EXIT_EXPLAINED,
    EXIT_NO_ERROR,
    EXIT_UNTRUSTED,
    EXIT_USAGE,
    Outcome,
    render,
)

__all__ = [
    "EXIT_EXPLAINED",
    "EXIT_NO_ERROR",
    "EXIT_STATUSES",
    "EXIT_UNTRUSTED",
    "EXIT_USAGE",
    "Form",
    "InputError",
    "NotOAuthInputError",
    "Outcome",
    "Reading",
    "explain",
    "find_code",
    "interpret",
    "main",
    "parse_raw_response",
    "read",
    "render",
]

#: The exit statuses, as ``--help`` and the README list them.
EXIT_STATUSES = (
    (EXIT_EXPLAINED, "an error was explained (explain) or the code was found (codes)"),
    (
        EXIT_NO_ERROR,
        "no error found: a success response or redirect, or nothing OAuth in the "
        "input (explain); the code is not known (codes)",
    ),
    (EXIT_USAGE, "bad usage, or input that cannot be read (empty, too large, malformed)"),
    (
        EXIT_UNTRUSTED,
        "an untrusted response: the redirect's state or iss does not match "
        "--state or --issuer, so nothing in it was trusted",
    ),
)

_EPILOG = "exit status:\n" + "\n".join(
    textwrap.fill(words, 88, initial_indent=f"  {code}  ", subsequent_indent="     ")
    for code, words in EXIT_STATUSES
)

_EXPLAIN_EPILOG = f"""\
ARG is one of:
  a redirect URL (or its query string)   https://app.example/cb?error=access_denied
  a JSON or form-encoded body            '{{"error": "invalid_grant"}}'
  a WWW-Authenticate value               'Bearer error="invalid_token"'
  -                                      standard input: a raw HTTP response (curl -si)
                                         or any of the above

The HTTP status: a raw response and a redirect carry their own. A bare JSON or form
body is read as HTTP {ASSUMED_BODY_STATUS} and a bare WWW-Authenticate value as HTTP \
{ASSUMED_CHALLENGE_STATUS} unless --status
gives the real one; the output says which status was assumed. Under the assumed status, a
body without an OAuth error code is reported as no error, not as an HTTP error.

--state and --issuer check a redirect before anything in it is trusted (RFC 6749 §10.12,
RFC 9207); without --state the state is not checked.

{_EPILOG}
"""


class _Usage(Exception):
    """argparse refused the command line."""


class _Parser(argparse.ArgumentParser):
    """An argument parser that raises instead of exiting, so ``--json`` can answer too."""

    def error(self, message: str) -> NoReturn:
        raise _Usage(f"{self.format_usage().rstrip()}\n{self.prog}: error: {message}")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="oauth-client-errors",
        description="Explain OAuth 2.0 / OpenID Connect error responses.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"oauth-client-errors {__version__}")
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", parser_class=_Parser
    )
    explain_cmd = commands.add_parser(
        "explain",
        help="explain a redirect URL, body, WWW-Authenticate value or raw response",
        description="Explain an OAuth error: what happened, the policy, what to do.",
        epilog=_EXPLAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain_cmd.add_argument("input", metavar="ARG", help="what to explain, or - for stdin")
    explain_cmd.add_argument(
        "--endpoint",
        choices=[e.value for e in Endpoint],
        metavar="NAME",
        help="where the response came from: "
        + ", ".join(e.value for e in Endpoint)
        + " (default: token for a body, resource for a WWW-Authenticate value or raw "
        "response, authorization for a redirect)",
    )
    explain_cmd.add_argument(
        "--status",
        type=int,
        metavar="CODE",
        help=f"the HTTP status of a bare body (default: {ASSUMED_BODY_STATUS} assumed) or "
        f"WWW-Authenticate value (default: {ASSUMED_CHALLENGE_STATUS} assumed)",
    )
    explain_cmd.add_argument(
        "--scope",
        help="the scope already held or requested before; the next request asks for its "
        "union with what the server says is missing",
    )
    explain_cmd.add_argument(
        "--state", help="the state sent in the authorization request: checks the redirect"
    )
    explain_cmd.add_argument(
        "--issuer", help="the expected issuer (RFC 9207): the redirect's iss must equal it"
    )
    explain_cmd.add_argument("--strict", action="store_true", help="enforce RFC 6749 §5.2")
    explain_cmd.add_argument(
        "--provider",
        help="who sent it: a dialect name (github), a host, an issuer or the request URL",
    )
    explain_cmd.add_argument(
        "--grant",
        metavar="GRANT",
        help="the grant behind the token: client_credentials, authorization_code, "
        "refresh_token, device_code, ciba, jwt_bearer, token_exchange (or a grant_type "
        "URN); with no user behind it (client_credentials, jwt_bearer, token_exchange) "
        "the hint says what to configure instead of asking a user to authorize",
    )
    explain_cmd.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object for every outcome: 'outcome' (error, success, "
        "no_error, untrusted, invalid_input, usage_error), the error's fields, "
        "'exception', 'user_message', 'next_authorization_params', 'input'",
    )
    codes_cmd = commands.add_parser(
        "codes",
        help="list the registered error codes, or find one code everywhere",
        description="Without CODE: the registry as a table. With CODE: its registry entry\n"
        "and every provider dialect that maps it (bad_verification_code, AADSTS700082).",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    codes_cmd.add_argument("code", nargs="?", metavar="CODE", help="the code to find")
    codes_cmd.add_argument(
        "--dialect",
        nargs="?",
        const="",
        metavar="NAME",
        help="one provider dialect: its table, or with CODE its row (without NAME: list "
        "the dialects)",
    )
    codes_cmd.add_argument("--json", action="store_true", help="print JSON")
    return parser


def _read_stdin(stdin: IO[bytes]) -> bytes:
    data = stdin.read(MAX_STDIN + 1)
    if len(data) > MAX_STDIN:
        raise InputError(f"standard input is larger than {MAX_STDIN} bytes")
    return data


def _untrusted_message(exc: UntrustedResponseError, source: str | bytes) -> str:
    """Why a redirect was refused, in the command line's own terms."""
    if isinstance(exc, StateMismatchError):
        return (
            "Untrusted: the redirect's state is missing or differs from --state, so the "
            "response may be forged (CSRF) and nothing in it was trusted"
        )
    if isinstance(exc, IssuerMismatchError):
        text = source.decode("utf-8", "replace") if isinstance(source, bytes) else source
        if "iss" not in redirect_keys(text):
            return (
                "Untrusted: the redirect has no iss parameter although --issuer was given "
                "(RFC 9207); if this authorization server does not send iss, run the "
                "command again without --issuer"
            )
        return (
            "Untrusted: the redirect's iss names another authorization server than "
            "--issuer (RFC 9207 mix-up defence); nothing in it was trusted"
        )
    return f"Untrusted: {display_text(str(exc), limit=300)}"


def _misused_options(args: argparse.Namespace, reading: Reading) -> str:
    """An option given for a kind of input it does not apply to ("" if none).

    Ignoring it silently would mislead: the person believes it was checked or used.
    """
    if reading.form is not Form.REDIRECT:
        given = [name for name in ("state", "issuer") if getattr(args, name) is not None]
        if given:
            options = " and ".join(f"--{name}" for name in given)
            verb = "check" if len(given) > 1 else "checks"
            return f"{options} {verb} a redirect, but the input is {reading.form.words}"
    if args.status is not None and reading.form in (Form.REDIRECT, Form.HTTP_RESPONSE):
        return f"--status gives the status of a bare body, but the input is {reading.form.words}"
    if getattr(args, "grant", None) is not None and reading.form is Form.REDIRECT:
        return "--grant says who is behind a token, but a redirect always has a user"
    return ""


def interpret(args: argparse.Namespace, source: str | bytes) -> Outcome:
    """Run ``explain`` on ``source`` with the parsed options; never raises for any input."""
    try:
        reading = read(
            source,
            endpoint=args.endpoint,
            status=args.status,
            state=args.state,
            issuer=args.issuer,
            strict=args.strict,
            provider=args.provider,
            grant=args.grant,
        )
    except NotOAuthInputError as exc:
        return Outcome("no_error", EXIT_NO_ERROR, f"No OAuth in it: {exc}.")
    except InputError as exc:
        return Outcome("invalid_input", EXIT_USAGE, f"oauth-client-errors: {exc}")
    except UntrustedResponseError as exc:
        return Outcome(
            "untrusted",
            EXIT_UNTRUSTED,
            _untrusted_message(exc, source),
            Reading(Form.REDIRECT),
            exception=type(exc).__name__,
        )
    except OAuthClientError as exc:
        name = type(exc).__name__
        message = f"oauth-client-errors: input refused ({name}): {display_text(str(exc), 300)}"
        return Outcome("invalid_input", EXIT_USAGE, message, exception=name)
    misuse = _misused_options(args, reading)
    if misuse:
        return Outcome("usage_error", EXIT_USAGE, f"oauth-client-errors: {misuse}", reading)
    if reading.error is not None:
        summary = render(reading.error).partition("\n")[0]
        return Outcome("error", EXIT_EXPLAINED, summary, reading, scope=args.scope)
    if reading.result is not None:
        return Outcome("success", EXIT_NO_ERROR, f"No error: {reading.result}.", reading)
    what = reading.form.words
    if reading.form is Form.HTTP_RESPONSE:
        what = f"an HTTP {reading.status} response without an OAuth error or result"
    elif reading.form is Form.REDIRECT:
        what = "a URL without OAuth response parameters (no error, code or token)"
    else:
        what += " without an OAuth error code or result"
        if reading.assumed_status is not None:
            what += "; if it came with an error status, give that with --status"
    return Outcome("no_error", EXIT_NO_ERROR, f"No error found: {what}.", reading)


def _cmd_explain(args: argparse.Namespace, stdin: IO[bytes], out: IO[str]) -> Outcome:
    if args.input == "-":
        try:
            source: str | bytes = _read_stdin(stdin)
        except InputError as exc:
            return Outcome("invalid_input", EXIT_USAGE, f"oauth-client-errors: {exc}")
    else:
        source = args.input
    return interpret(args, source)


def _show(outcome: Outcome, as_json: bool, out: IO[str], err: IO[str]) -> int:
    if as_json:
        out.write(json.dumps(outcome.to_json(), indent=2, ensure_ascii=True) + "\n")
        if outcome.exit_code == EXIT_USAGE:
            err.write(outcome.message + "\n")
    elif outcome.exit_code == EXIT_USAGE:
        err.write(outcome.message + "\n")
    else:
        out.write(outcome.to_text() + "\n")
    return outcome.exit_code


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
) -> int:
    """Run the command line and return its exit status (see :data:`EXIT_STATUSES`).

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).
        stdin: Where ``-`` reads from (default: the binary standard input).
        stdout: Where results go (default: standard output).
    """
    out = stdout if stdout is not None else sys.stdout
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        with contextlib.redirect_stdout(out):  # --help and --version print to ``out``
            args = _parser().parse_args(arguments)
    except _Usage as exc:
        usage = Outcome("usage_error", EXIT_USAGE, str(exc))
        return _show(usage, "--json" in arguments, out, sys.stderr)
    except SystemExit as exit_:  # --help and --version
        return exit_.code if isinstance(exit_.code, int) else EXIT_EXPLAINED
    if args.command == "codes":
        return run_codes(args.code, args.dialect, args.json, out, sys.stderr)
    outcome = _cmd_explain(args, stdin if stdin is not None else sys.stdin.buffer, out)
    return _show(outcome, args.json, out, sys.stderr)


def run() -> NoReturn:
    """The console script's and ``python -m``'s entry point: exit with :func:`main`'s status."""
    sys.exit(main())
