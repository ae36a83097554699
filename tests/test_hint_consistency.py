"""Hints for the same situation read the same across providers (issue 13 item 3).

Every provider dialect's hint starts with its situation's shared sentence
(``_registry.situations.LEADS``), then gives the provider's own advice. Checked for every
row of every built-in dialect, built by the one builder as the parser builds it, and for
published payloads parsed end to end.
"""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from oauth_client_errors import Endpoint, OAuthError, Situation, all_dialects, parse_response
from oauth_client_errors._dialects import DialectCode
from oauth_client_errors._dialects.envelopes import Reading
from oauth_client_errors._dialects.recognition import DialectMatch
from oauth_client_errors._interpret import decide
from oauth_client_errors._registry import LEADS, NO_USER_HINTS, alternatives, lookup

JSON = {"Content-Type": "application/json"}

ROWS = [(d, row) for d in all_dialects() for row in d.codes]


def _where(row: DialectCode) -> Endpoint:
    if row.endpoints:
        return row.endpoints[0]
    info = lookup(row.canonical) if row.canonical else lookup(row.code)
    return info.endpoints[0] if info is not None and info.endpoints else Endpoint.TOKEN


def _built(dialect_name: str, row: DialectCode, grant: str | None = None) -> OAuthError:
    dialect = next(d for d in all_dialects() if d.name == dialect_name)
    where = _where(row)
    code = row.code or None
    reading = Reading(keys=(row.code,), code=code, description=row.description, oauth=False)
    cls, *fields = decide(
        code,
        row.description,
        None,
        endpoint=where,
        status=401 if where is Endpoint.RESOURCE else 400,
        params={},
        challenges=(),
        retry_after=None,
        dpop_nonce=None,
        strict=False,
        match=DialectMatch(dialect, reading, row, "body"),
        grant=grant,
    )
    return cls._create(*fields)  # type: ignore[no-any-return]


def _first_sentence(hint: str, situation: Situation) -> str:
    lead = LEADS[situation]
    return hint[: len(lead)]


@pytest.mark.parametrize(
    ("dialect_name", "row"),
    [(d.name, r) for d, r in ROWS],
    ids=[f"{d.name}:{r.code}" for d, r in ROWS],
)
def test_every_dialect_hint_starts_with_its_situation_sentence(
    dialect_name: str, row: DialectCode
) -> None:
    err = _built(dialect_name, row)
    assert err.dialect == dialect_name
    lead = LEADS[err.situation]
    assert err.hint.startswith(lead + " "), (err.situation, err.hint)
    detail = err.hint[len(lead) + 1 :]
    assert detail.strip(), "the provider's own advice follows the shared sentence"
    if row.hint is not None:
        # The provider's advice is kept: its text (up to the first placeholder) follows.
        kept = alternatives(row.hint)[-1].split("{")[0].strip()[:60]
        assert kept in detail or any(
            a.split("{")[0].strip()[:60] in detail for a in alternatives(row.hint)
        )


def test_the_first_sentence_is_the_same_for_every_provider_per_situation() -> None:
    firsts: dict[Situation, set[str]] = defaultdict(set)
    providers: dict[Situation, set[str]] = defaultdict(set)
    for dialect, row in ROWS:
        err = _built(dialect.name, row)
        firsts[err.situation].add(err.hint.split(". ")[0].split(": ")[0])
        providers[err.situation].add(dialect.name)
    assert all(len(seen) == 1 for seen in firsts.values()), firsts
    # Not vacuous: many situations are told by several providers.
    shared = [s for s, names in providers.items() if len(names) >= 3]
    assert len(shared) >= 6, providers


def test_the_shared_sentences_differ_between_situations() -> None:
    assert len(set(LEADS.values())) == len(LEADS) == len(Situation)


@pytest.mark.parametrize(
    ("status", "body", "provider", "endpoint"),
    [
        (  # Source: GitHub, troubleshooting OAuth app access token request errors
            200,
            {
                "error": "bad_verification_code",
                "error_description": "The code passed is incorrect or expired.",
            },
            "https://github.com/login/oauth/access_token",
            "token",
        ),
        (  # Source: Microsoft Entra, AADSTS error codes (AADSTS70008)
            400,
            {
                "error": "invalid_grant",
                "error_description": "AADSTS70008: The provided authorization code or "
                "refresh token has expired due to inactivity.",
            },
            "https://login.microsoftonline.com/common/oauth2/v2.0/token",
            "token",
        ),
        (  # Source: Slack, oauth.v2.access errors (invalid_code)
            200,
            {"ok": False, "error": "invalid_code"},
            "https://slack.com/api/oauth.v2.access",
            "token",
        ),
    ],
)
def test_a_dead_grant_reads_the_same_from_three_providers(
    status: int, body: dict[str, object], provider: str, endpoint: str
) -> None:
    err = parse_response(status, JSON, json.dumps(body), provider=provider, endpoint=endpoint)
    assert err is not None and err.dialect is not None
    assert err.situation is Situation.GRANT_INVALID
    assert err.hint.startswith(LEADS[Situation.GRANT_INVALID] + " ")


def test_without_a_dialect_the_registry_hint_is_unchanged() -> None:
    err = parse_response(400, JSON, json.dumps({"error": "invalid_grant"}), endpoint="token")
    assert err is not None and err.dialect is None
    info = lookup("invalid_grant")
    assert info is not None and err.hint == info.hint_at("token")


def test_without_a_user_every_provider_gives_the_same_hint() -> None:
    # Per situation and endpoint: a hint may name the endpoint ("the token endpoint").
    by_situation: dict[tuple[Situation, Endpoint], set[str]] = defaultdict(set)
    providers: dict[Situation, set[str]] = defaultdict(set)
    for dialect, row in ROWS:
        err = _built(dialect.name, row, grant="client_credentials")
        plain = _built(dialect.name, row)
        assert err.situation is plain.situation
        if err.situation in NO_USER_HINTS:
            # The no-user hint replaces the provider's person-facing advice.
            assert err.hint != plain.hint
            assert not err.hint.startswith(LEADS[err.situation])
            by_situation[err.situation, err.endpoint].add(err.hint)
            providers[err.situation].add(dialect.name)
        else:
            assert err.hint == plain.hint
    assert all(len(hints) == 1 for hints in by_situation.values()), by_situation
    assert sum(len(names) >= 3 for names in providers.values()) >= 3, providers


# -- end to end: every published provider sample, parsed as a client parses it -----------------


def test_every_provider_sample_reads_its_situation_first() -> None:
    from oauth_client_errors.testing import samples

    firsts: dict[Situation, set[str]] = defaultdict(set)
    providers: dict[Situation, set[str]] = defaultdict(set)
    checked = 0
    for found in samples():
        if found.provider == "rfc":
            continue
        err = found.parse()
        assert err is not None and err.dialect == found.provider, found
        lead = LEADS[err.situation]
        assert err.hint.startswith(lead + " "), (found.provider, found.code, err.hint)
        firsts[err.situation].add(err.hint[: len(lead)])
        providers[err.situation].add(found.provider)
        checked += 1
    assert checked >= 150
    assert all(len(seen) == 1 for seen in firsts.values())
    assert sum(len(names) >= 3 for names in providers.values()) >= 6


def test_rfc_samples_keep_the_registry_hint() -> None:
    from oauth_client_errors.testing import samples

    compared = 0
    for found in samples():
        if found.provider != "rfc" or found.is_redirect:
            continue
        err = found.parse()
        assert err is not None
        if err.dialect is not None:  # a standard shape some provider's is recognised by
            assert err.hint.startswith(LEADS[err.situation] + " ")
            continue
        info = lookup(err.code)
        if info is not None and not err.challenges:
            assert err.hint == info.hint_at(err.endpoint, _values(err)), found.code
            compared += 1
    assert compared >= 30


def _values(err: OAuthError) -> dict[str, str]:
    from oauth_client_errors._registry import hint_values

    return hint_values(
        endpoint=err.endpoint,
        params=err.params,
        challenges=err.challenges,
        code=err.code,
        retry_after=err.retry_after,
    )
