"""What the fuzz harnesses share: the input layout and the invariants they check.

Imported by the harnesses in this directory (not part of the package). Each check raises
``AssertionError`` with a short message; atheris reports it as a crash and saves the input.

Input layout. Every harness reads a few control bytes with ``FuzzedDataProvider`` (which
flags, which status...) and then takes the rest of the input as one payload: a header
value, a redirect URL, a raw HTTP response. So a seed is just the control bytes followed
by a real payload (see ``make_corpus.py``), and a crash file reads like what the server
sent.
"""

from __future__ import annotations

import json
import pickle
import re
from typing import Any

# What a person must never be shown: C0 and C1 controls, DEL, bidi embeddings, overrides,
# isolates and marks, zero-width characters, line/paragraph separators, BOM, interlinear
# annotation characters, lone surrogates.
UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2069"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f\ud800-\udfff]"
)


def as_text(payload: bytes, how: int) -> str | bytes:
    """Turn the payload into what a parser gets: bytes, or str decoded in one of four ways.

    Bits 0-1 of ``how``: bytes, UTF-8 with ``surrogateescape`` (invalid UTF-8 becomes lone
    surrogates), latin-1 (C1 controls), UTF-8 with ``replace``. Bit 7: UTF-16, which
    reaches every code point and every lone surrogate.
    """
    if how & 128:  # UTF-16: any code point, lone surrogates of every kind included
        return payload[: len(payload) & ~1].decode("utf-16-le", "surrogatepass")
    how &= 3
    if how == 0:
        return payload
    if how == 1:
        return payload.decode("utf-8", "surrogateescape")
    if how == 2:
        return payload.decode("latin-1")
    return payload.decode("utf-8", "replace")


#: Longest ``str(err)`` accepted: message, capped description and capped hint.
MAX_STR = 1500


def check_text(what: str, text: Any, limit: int | None = None) -> None:
    """``text`` is display-safe: a str with no unsafe character, at most ``limit`` long."""
    if not isinstance(text, str):
        raise AssertionError(f"{what} is {type(text).__name__}, not str")
    found = UNSAFE.search(text)
    if found is not None:
        raise AssertionError(f"{what} shows unsafe character {found.group()!r} in {text!r}")
    if limit is not None and len(text) > limit:
        raise AssertionError(f"{what} is {len(text)} characters long (cap {limit})")


def check_error(err: Any) -> None:
    """Every invariant of a returned error (see the module docstring of the harnesses)."""
    from oauth_client_errors import OAuthError, Policy

    if not isinstance(err, OAuthError):
        raise AssertionError(f"parser returned {type(err).__name__}, not an OAuthError")
    check_text("str(err)", str(err), MAX_STR)
    check_text("repr(err)", repr(err), MAX_STR)
    check_text("err.hint", err.hint, 700)
    for arg in err.args:
        check_text("err.args", arg, MAX_STR)
    if err.safe_description is not None:
        check_text("err.safe_description", err.safe_description, 400)
    if not isinstance(err.policy, Policy):
        raise AssertionError("policy is not a Policy")
    link = err.link
    if link is not None and not (link.lower().startswith("https://") and link == err.uri):
        # A dialect resolves a path-only error_uri against its documentation host.
        from oauth_client_errors._dialects import resolve_uri

        resolved = err.dialect is not None and (err.uri or "").startswith("/")
        if not (resolved and link == resolve_uri(err.uri, err.dialect)):
            raise AssertionError(f"unsafe link offered: {link!r}")
    if err.retry_after is not None and not 0 <= err.retry_after <= 86400:
        raise AssertionError(f"retry_after out of range: {err.retry_after!r}")
    data = err.to_dict()
    # Programs get raw values; their JSON (ASCII-escaped) must still be clean and valid.
    dumped = json.dumps(data)
    check_text("json.dumps(to_dict())", dumped)
    if json.loads(dumped)["code"] != err.code:
        raise AssertionError("to_dict() code does not round-trip through JSON")
    copy = pickle.loads(pickle.dumps(err))
    if type(copy) is not type(err) or copy.code != err.code or copy.policy != err.policy:
        raise AssertionError("pickle round trip changed the error")


def check_challenges(challenges: Any) -> None:
    """The parser's output has the documented shape."""
    from oauth_client_errors import Challenge

    if not isinstance(challenges, list):
        raise AssertionError("parse_www_authenticate did not return a list")
    for challenge in challenges:
        if not isinstance(challenge, Challenge):
            raise AssertionError("not a Challenge")
        if not isinstance(challenge.scheme, str) or not challenge.scheme:
            raise AssertionError("empty scheme")
        for key, value in challenge.params.items():
            if key != key.lower() or not isinstance(value, str):
                raise AssertionError(f"bad param {key!r}={value!r}")
        if challenge.token68 is not None and not isinstance(challenge.token68, str):
            raise AssertionError("token68 is not a str")
