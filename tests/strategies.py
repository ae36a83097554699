"""Hypothesis strategies for hostile OAuth input (issue 12).

* :func:`deep_json_text`: JSON text nested up to 10,000 levels, built as text (no
  recursion here, nor in ``json.dumps``), with objects and arrays mixed.
* :data:`huge_numbers`: integers far past 64 bits (``10**400``), floats at the edges
  (``1e308``, ``inf``, ``nan``) and their JSON spellings.
* :func:`credential_names`: secret-bearing parameter names in every case and separator
  style (snake, kebab, camel, Pascal, UPPER, dotted, and mixed case).
* :func:`hostile_body`: an error (or token) body mixing all of the above, with a sentinel
  secret under credential names and echoed in the description.
"""

from __future__ import annotations

import json
import math
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "CREDENTIAL_WORDS",
    "credential_names",
    "deep_json_text",
    "hostile_body",
    "hostile_form",
    "hostile_query",
    "huge_numbers",
    "number_text",
    "style",
]

#: Secret-bearing names, as word lists (the spellings are generated from them).
CREDENTIAL_WORDS: tuple[tuple[str, ...], ...] = (
    ("access", "token"),
    ("refresh", "token"),
    ("id", "token"),
    ("token",),
    ("client", "secret"),
    ("client", "assertion"),
    ("device", "code"),
    ("code", "verifier"),
    ("subject", "token"),
    ("actor", "token"),
    ("mfa", "token"),
    ("auth", "req", "id"),
    ("login", "hint", "token"),
    ("pre", "authorized", "code"),
    ("tx", "code"),
    ("password",),
    ("api", "key"),
)

STYLES = ("snake", "kebab", "camel", "pascal", "upper", "dotted", "spaced-upper-kebab")


def style(words: tuple[str, ...], how: str) -> str:
    """``words`` joined in one naming style."""
    low = [w.lower() for w in words]
    if how == "snake":
        return "_".join(low)
    if how == "kebab":
        return "-".join(low)
    if how == "camel":
        return low[0] + "".join(w.title() for w in low[1:])
    if how == "pascal":
        return "".join(w.title() for w in low)
    if how == "upper":
        return "_".join(low).upper()
    if how == "dotted":
        return ".".join(low)
    return "-".join(low).upper()


@st.composite
def credential_names(draw: st.DrawFn) -> str:
    """A secret-bearing name in any style, sometimes with its case scrambled."""
    words = draw(st.sampled_from(CREDENTIAL_WORDS))
    name = style(words, draw(st.sampled_from(STYLES)))
    if draw(st.booleans()):
        flips = draw(st.lists(st.booleans(), min_size=len(name), max_size=len(name)))
        name = "".join(c.swapcase() if f else c for c, f in zip(name, flips, strict=True))
    return name


#: Numbers a hostile server may send: past 64 bits, past float range, at the edges.
huge_numbers: st.SearchStrategy[Any] = st.one_of(
    st.sampled_from(
        [10**400, -(10**400), 2**64, 2**1024, 1e308, -1e308, 1.7976931348623157e308, 5e-324]
    ),
    st.sampled_from([math.inf, -math.inf, math.nan]),
    st.integers(min_value=-(10**600), max_value=10**600),
    st.floats(allow_nan=True, allow_infinity=True),
)


def number_text(value: Any) -> str:
    """``value`` as a JSON number token (``Infinity``/``NaN`` as Python's json writes them)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")
    return repr(value) if isinstance(value, float) else str(value)


#: How deep: mostly shallow, often past any limit, up to 10,000.
depths = st.one_of(
    st.integers(min_value=0, max_value=100),
    st.sampled_from([33, 64, 65, 500, 999, 1000, 5000, 10_000]),
    st.integers(min_value=0, max_value=10_000),
)


@st.composite
def deep_json_text(draw: st.DrawFn, leaf: str = '"x"', max_depth: int = 10_000) -> str:
    """JSON text ``leaf`` wrapped in up to ``max_depth`` arrays and objects (iteratively)."""
    depth = min(draw(depths), max_depth)
    kinds = draw(st.lists(st.booleans(), min_size=1, max_size=8))
    opened: list[str] = []
    closing: list[str] = []
    for level in range(depth):
        if kinds[level % len(kinds)]:
            opened.append("[")
            closing.append("]")
        else:
            opened.append('{"k": ')
            closing.append("}")
    closing.reverse()
    return "".join(opened) + leaf + "".join(closing)


ERROR_CODES = st.sampled_from(
    ["invalid_grant", "invalid_request", "invalid_token", "access_denied", "mfa_required", ""]
)


@st.composite
def hostile_body(draw: st.DrawFn, secret: str) -> str:
    """A JSON object with an error, ``secret`` under credential names (as a string, deep
    inside a value, or both), echoed in the description, plus deep values and huge
    numbers. Never the secret as the error code (a code is not a credential)."""
    members = [f'"error": {json.dumps(draw(ERROR_CODES))}']
    members.append(f'"error_description": {json.dumps("echo " + secret + " end")}')
    for name in draw(st.lists(credential_names(), min_size=1, max_size=3, unique=True)):
        value = json.dumps(secret)
        if draw(st.booleans()):
            value = draw(deep_json_text(leaf=value, max_depth=200))
        members.append(f"{json.dumps(name)}: {value}")
    for i in range(draw(st.integers(0, 2))):
        members.append(f'"deep{i}": {draw(deep_json_text(leaf=json.dumps(secret)))}')
    for key in draw(
        st.lists(st.sampled_from(["expires_in", "interval", "retry_after", "n"]), max_size=3)
    ):
        members.append(f'"{key}": {number_text(draw(huge_numbers))}')
    order = draw(st.permutations(members))
    return "{" + ", ".join(order) + "}"


@st.composite
def hostile_form(draw: st.DrawFn, secret: str) -> str:
    """A form body (or query) with an error and ``secret`` under credential names."""
    pairs = [("error", draw(ERROR_CODES)), ("error_description", f"echo {secret}")]
    pairs += [(n, secret) for n in draw(st.lists(credential_names(), min_size=1, max_size=3))]
    pairs += [(f"n{i}", number_text(draw(huge_numbers))) for i in range(draw(st.integers(0, 2)))]
    order = draw(st.permutations(pairs))
    return "&".join(f"{k}={v}" for k, v in order)


@st.composite
def hostile_query(draw: st.DrawFn, secret: str, state: str) -> str:
    """An error redirect's query: the right ``state``, ``secret`` as ``code`` and under
    credential names."""
    body = draw(hostile_form(secret))
    return f"{body}&code={secret}&state={state}"
