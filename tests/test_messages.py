"""End-user messages: what they say per situation, the catalogues, locales and fallbacks."""

from __future__ import annotations

import gettext
import io
import math
import re
import string
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scriptkit import load_script

import oauth_client_errors
from oauth_client_errors import (
    SKIP_STATE_CHECK,
    Challenge,
    Dialect,
    DialectCode,
    Endpoint,
    InsecureTransportError,
    InvalidGrantError,
    IssuerMismatchError,
    MalformedResponseError,
    OAuthError,
    Policy,
    Situation,
    StateMismatchError,
    TemporarilyUnavailableError,
    TokenStoreError,
    TransportError,
    all_codes,
    all_dialects,
    error_class,
    parse_redirect,
    parse_response,
)
from oauth_client_errors._messages import _texts, provider_name, resolve_locale
from oauth_client_errors._messages._locale import LOCALES, translations

ROOT = Path(__file__).resolve().parent.parent
LOCALE_DIR = ROOT / "oauth_client_errors" / "_messages" / "locales"
JSON = {"Content-Type": "application/json"}
LANGS = ("en", "de", "fr", "es", "pt_BR", "ja", "zh_CN", "zh_TW")
ENGLISH = gettext.NullTranslations()


def _compiler() -> ModuleType:
    return load_script("compile_messages.py", "compile_messages")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _po(lang: str) -> Any:
    from babel.messages.pofile import read_po

    path = LOCALE_DIR / lang / "LC_MESSAGES" / "oauth_client_errors.po"
    with path.open("rb") as handle:
        return read_po(handle, locale=lang)


# -- the catalogues ---------------------------------------------------------------------


def test_the_shipped_locales_are_the_catalogue_directories() -> None:
    found = {p.parent.parent.name for p in LOCALE_DIR.glob("*/LC_MESSAGES/oauth_client_errors.po")}
    assert found == set(LOCALES) == set(LANGS)
    for lang in LANGS:
        assert (LOCALE_DIR / lang / "LC_MESSAGES" / "oauth_client_errors.mo").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_id_is_translated(lang: str) -> None:
    catalog = _po(lang)
    singular = {m.id: m.string for m in catalog if m.id and not m.pluralizable}
    plural = {m.id: m.string for m in catalog if m.pluralizable}
    # Exactly the ids the code uses: none missing, none stale.
    assert set(singular) == set(_texts.SINGULARS)
    assert set(plural) == {(p.singular, p.plural) for p in _texts.PLURALS}
    for msgid, msgstr in singular.items():
        assert msgstr.strip(), (lang, msgid)
        # English ids are English text; only the English catalogue may repeat them.
        assert (msgstr == msgid) == (lang == "en"), (lang, msgid)
    for msgids, forms in plural.items():
        assert len(forms) == catalog.num_plurals, (lang, msgids)
        for form in forms:
            assert form.strip(), (lang, msgids)
            assert (form in msgids) == (lang == "en"), (lang, form)
    assert not any(m.fuzzy for m in catalog if m.id)


@pytest.mark.parametrize("lang", LANGS)
def test_every_placeholder_survives_translation(lang: str) -> None:
    for message in _po(lang):
        if not message.id:
            continue
        ids = message.id if message.pluralizable else (message.id,)
        strings = message.string if message.pluralizable else (message.string,)
        expected = _fields(ids[0])
        assert all(_fields(i) == expected for i in ids)
        for text in strings:
            assert _fields(text) == expected, (lang, text)
            # Each placeholder appears once, and the text formats.
            assert sum(text.count("{" + f + "}") for f in expected) == len(expected)
            text.format(provider="X", seconds=2, minutes=2, hours=2)


@pytest.mark.parametrize("lang", LANGS)
def test_the_plural_forms_are_babels(lang: str) -> None:
    from babel.messages.plurals import get_plural

    assert _po(lang).plural_forms == get_plural(lang).plural_forms


@pytest.mark.parametrize("lang", LANGS)
def test_the_committed_mo_files_are_a_fresh_compile(lang: str) -> None:
    compiler = _compiler()
    po = LOCALE_DIR / lang / "LC_MESSAGES" / "oauth_client_errors.po"
    fresh = compiler.compile_po(po, lang)
    committed = po.with_suffix(".mo").read_bytes()

    def content(data: bytes) -> tuple[dict[Any, str], str]:
        catalog = gettext.GNUTranslations(io.BytesIO(data))._catalog  # type: ignore[attr-defined]
        header = re.sub(r"Generated-By: [^\n]*\n", "", catalog.pop(""))
        return catalog, header

    assert content(committed) == content(fresh)
    import babel

    if f"Babel {babel.__version__}".encode() in committed:
        assert committed == fresh  # the same Babel writes the same bytes


@pytest.mark.parametrize("lang", LANGS)
def test_the_runtime_catalogue_translates_every_id(lang: str) -> None:
    catalogue = translations(lang)
    assert isinstance(catalogue, gettext.GNUTranslations)
    for msgid in _texts.SINGULARS:
        assert (catalogue.gettext(msgid) == msgid) == (lang == "en"), (lang, msgid)
    for plural in _texts.PLURALS:
        for n in (1, 2, 5, 21):
            text = catalogue.ngettext(plural.singular, plural.plural, n)
            assert _fields(text) == _fields(plural.singular)
            assert (text in (plural.singular, plural.plural)) == (lang == "en")


def test_compile_script_check_mode_passes_on_the_committed_files() -> None:
    assert _compiler().main(["--check"]) == 0


def test_compile_refuses_an_untranslated_entry(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Please try again."\nmsgstr ""\n',
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="untranslated"):
        _compiler().compile_po(po, "de")


# -- no protocol words, no server text --------------------------------------------------

# Protocol words and their translations; every list is checked in every language.
_WORDS = {
    "en": ["oauth", "openid", "grant", "token", "client_id", "client id", "client secret",
           "scope", "refresh", "redirect", "endpoint", "authorization code", "bearer",
           "pkce", "dpop", "jwt", "assertion", "http", "consent_", "prompt"],
    "de": ["endpunkt", "weiterleitung", "umleitung", "geltungsbereich", "autorisierungscode",
           "client-id", "client-geheimnis", "aktualisierung"],
    "fr": ["jeton", "point de terminaison", "portée", "identifiant client", "secret client",
           "code d'autorisation", "octroi", "actualisation"],
    "es": ["punto de conexión", "punto final", "redirección", "ámbito", "alcance",
           "id de cliente", "secreto de cliente", "código de autorización", "concesión"],
    "pt_BR": ["ponto de extremidade", "redirecionamento", "escopo", "id do cliente",
              "segredo do cliente", "código de autorização", "concessão"],
    "ja": ["トークン", "エンドポイント", "リダイレクト", "スコープ", "クライアント", "グラント",
           "認可コード", "付与", "リフレッシュ"],
    "zh_CN": ["令牌", "端点", "重定向", "作用域", "范围", "客户端", "授权码", "授权类型", "授予",
              "刷新"],
    "zh_TW": ["權杖", "令牌", "端點", "重新導向", "重導向", "範圍", "用戶端", "客戶端", "授權碼",
              "授權類型", "授予", "重新整理", "刷新"],
}  # fmt: skip
_FORBIDDEN = re.compile(
    "|".join(re.escape(w) for words in _WORDS.values() for w in words)
    + r"|\buri\b|\burl\b|\bapi\b|\bacr\b|\bnonce\b|\bid\b"  # whole words only
    + r"|[_=/<>{}\\]|\d{3,}",  # identifiers, parameters, links, markup, codes, statuses
    re.IGNORECASE,
)


def _check(text: str, where: object) -> None:
    assert text and text == text.strip(), where
    found = _FORBIDDEN.search(text)
    assert found is None, (found.group(0) if found else None, text, where)
    assert text.isprintable(), (text, where)


def _errors_for_every_code() -> Iterator[OAuthError]:
    for info in all_codes():
        for endpoint in Endpoint:
            for status in (None, 400, 401, 403, 429, 503):
                for retry_after in (None, 7.2, 4000.0):
                    yield info.error_class(
                        info.code, endpoint=endpoint, status_code=status, retry_after=retry_after
                    )
    for code in ("503", "429", "", "vendor_thing"):
        for endpoint in Endpoint:
            for status in (None, 400, 401, 403, 429, 500):
                yield error_class(code)(code, endpoint=endpoint, status_code=status)


def _errors_for_every_dialect_code() -> Iterator[OAuthError]:
    for dialect in all_dialects():
        for row in dialect.codes:
            cls = error_class(row.canonical or row.code)
            for endpoint in row.endpoints or tuple(Endpoint):
                # Every policy, not only the row's: a superset of what a parser yields.
                for policy in Policy:
                    yield cls(
                        row.code or "x",
                        endpoint=endpoint,
                        policy=policy,
                        dialect=dialect.name,
                        vendor_code=row.code,
                        retry_after=12.0,
                    )


def test_no_message_has_protocol_words_for_any_code_endpoint_or_dialect() -> None:
    seen: dict[str, set[str]] = {lang: set() for lang in LANGS}
    count = 0
    for err in (*_errors_for_every_code(), *_errors_for_every_dialect_code()):
        count += 1
        for lang in LANGS:
            seen[lang].add(err.user_message_in(lang))
    assert count > 10_000
    for lang, texts in seen.items():
        for text in texts:
            _check(text, lang)
        # Many different messages were met, not one fallback for everything.
        assert len(texts) > 30, lang
    assert any("GitHub" in text for text in seen["ja"])


@pytest.mark.parametrize("situation", list(Situation))
@pytest.mark.parametrize("dialect", [None, "github", "microsoft", "okta"])
def test_every_situation_has_a_clean_message_in_every_language(
    situation: Situation, dialect: str | None
) -> None:
    err = InvalidGrantError(dialect=dialect, retry_after=3.0)
    err.situation = situation  # type: ignore[attr-defined]
    english = err.user_message
    for lang in LANGS:
        text = err.user_message_in(lang)
        _check(text, (lang, situation))
        assert (text == english) == (lang == "en")
        if dialect in ("github", "microsoft"):
            assert provider_name(err) in text
        assert "Okta" not in text


def test_the_other_package_errors_have_clean_messages() -> None:
    errors: list[oauth_client_errors.OAuthClientError] = [
        StateMismatchError("state"),
        IssuerMismatchError("iss"),
        TransportError("connect failed"),
        MalformedResponseError("bad"),
        InsecureTransportError("http"),
        TokenStoreError("corrupt"),
        oauth_client_errors.OAuthClientError("x"),
    ]
    for exc in errors:
        english = exc.user_message
        assert english == exc.user_message_in(None) == exc.user_message_in("en")
        for lang in LANGS:
            text = exc.user_message_in(lang)
            _check(text, (lang, exc))
            assert (text == english) == (lang == "en")
    assert StateMismatchError().user_message == IssuerMismatchError().user_message
    assert "could not be verified" in StateMismatchError().user_message
    assert "could not be reached" in TransportError().user_message
    assert "Anmeldung" in StateMismatchError().user_message_in("fr-CH;q=0.5, de-DE")


def test_one_way_to_ask_for_the_end_users_words() -> None:
    """The words live on the exceptions (issue 13): no second, top-level function."""
    assert not hasattr(oauth_client_errors, "user_message")
    assert "user_message" not in oauth_client_errors.__all__
    for name in oauth_client_errors.__all__:
        value = getattr(oauth_client_errors, name)
        if isinstance(value, type) and issubclass(value, oauth_client_errors.OAuthClientError):
            assert value.user_message is oauth_client_errors.OAuthClientError.user_message
            assert value.user_message_in is oauth_client_errors.OAuthClientError.user_message_in


def _redirect(url: str) -> OAuthError | None:
    return parse_redirect(url, expected_state=SKIP_STATE_CHECK)


def test_server_text_never_reaches_the_message() -> None:
    body = (
        b'{"error": "invalid_grant", "error_description": "MARKER1 \\u001b[31m",'
        b' "error_uri": "https://evil.example/MARKER2", "scope": "MARKER3"}'
    )
    parsed = parse_response(400, JSON, body, endpoint="token")
    unknown = parse_response(400, JSON, b'{"error": "MARKER4", "error_description": "MARKER5"}')
    redirect = parse_redirect(
        "https://app.example/cb?error=access_denied&error_description=MARKER6",
        expected_state=SKIP_STATE_CHECK,
    )
    for err in (parsed, unknown, redirect):
        assert err is not None
        for lang in LANGS:
            text = err.user_message_in(lang)
            assert "MARKER" not in text and "evil" not in text and "\x1b" not in text


# -- what each situation says -------------------------------------------------------------


def _token(body: bytes, status: int = 400, headers: dict[str, str] | None = None) -> OAuthError:
    return parse_response(status, {**JSON, **(headers or {})}, body, endpoint="token")


@pytest.mark.parametrize(
    ("make", "situation", "words"),
    [
        (lambda: _token(b'{"error": "invalid_grant"}'), Situation.GRANT_INVALID, "sign in again"),
        (lambda: _token(b'{"error": "expired_token"}'), Situation.GRANT_INVALID, "start again"),
        (lambda: _token(b'{"error": "authorization_pending"}'), Situation.PENDING, "other device"),
        (lambda: _token(b'{"error": "slow_down"}'), Situation.SLOW_DOWN, "other device"),
        (lambda: _token(b'{"error": "invalid_client"}', 401), Situation.CLIENT_MISCONFIGURED,
         "not set up correctly"),
        (lambda: _token(b'{"error": "unsupported_grant_type"}'), Situation.CLIENT_MISCONFIGURED,
         "contact the application's support"),
        (lambda: _token(b'{"error": "invalid_request"}'), Situation.REQUEST_INVALID,
         "went wrong in this application"),
        (lambda: _token(b'{"error": "temporarily_unavailable"}', 503), Situation.UNAVAILABLE,
         "temporarily unavailable"),
        (lambda: _token(b'{}', 429), Situation.RATE_LIMITED, "busy"),
        (lambda: _token(b'{"error": "use_dpop_nonce"}'), Situation.NONCE_REQUIRED, "try again"),
        (lambda: _redirect("https://a.example/cb?error=access_denied"), Situation.DENIED,
         "nothing was shared"),
        (lambda: _redirect("https://a.example/cb?error=login_required"),
         Situation.INTERACTION_REQUIRED, "Please sign in to continue."),
        (lambda: _redirect("https://a.example/cb?error=consent_required"),
         Situation.INTERACTION_REQUIRED, "approve the access"),
        (lambda: _redirect("https://a.example/cb?error=account_selection_required"),
         Situation.INTERACTION_REQUIRED, "choose which account"),
        (lambda: parse_response(
            403, {"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="repo"'}, b"",
            endpoint="resource"), Situation.SCOPE_REQUIRED, "extra permission"),
        (lambda: parse_response(
            401, {"WWW-Authenticate": 'Bearer error="insufficient_user_authentication", '
                  'acr_values="mfa"'}, b"", endpoint="resource"),
         Situation.AUTHENTICATION_REQUIRED, "stronger sign-in"),
        (lambda: parse_response(
            401, {"WWW-Authenticate": 'Bearer error="invalid_token"'}, b"", endpoint="resource"),
         Situation.TOKEN_REJECTED, "session has ended"),
        (lambda: parse_response(403, JSON, b"{}", endpoint="resource"), Situation.FORBIDDEN,
         "does not have access"),
        (lambda: parse_response(
            400, JSON, b'{"error": "invalid_grant", "error_description": "Invalid user '
            b'credentials"}', endpoint="token", provider="https://kc.example/realms/x"),
         # A wrong password: the same situation as Entra's AADSTS50126 (DESIGN §4).
         Situation.GRANT_INVALID, "sign in again"),
        (lambda: parse_response(
            200, JSON, b'{"ok": false, "error": "account_inactive"}', endpoint="resource",
            provider="slack"), Situation.FORBIDDEN, "Your Slack account does not have access"),
        (lambda: _token(b'{"error": "vendor_thing"}', 418), Situation.UNKNOWN,
         "Something went wrong. Please try again later."),
    ],
)  # fmt: skip
def test_situations_and_their_words(make: Any, situation: Situation, words: str) -> None:
    from oauth_client_errors._messages import _situation_of

    err = make()
    assert err is not None
    assert _situation_of(err) is situation
    assert words in err.user_message
    assert err.user_message == err.user_message_in(None) == err.user_message_in("en")


def test_a_situation_set_on_the_error_wins() -> None:
    from oauth_client_errors._messages import _situation_of

    err = _token(b'{"error": "invalid_grant"}')
    assert _situation_of(err) is Situation.GRANT_INVALID
    given = error_class("invalid_grant")(endpoint="token", situation="scope_required")
    assert _situation_of(given) is Situation.SCOPE_REQUIRED
    assert "extra permission" in given.user_message
    denied = error_class("invalid_grant")(endpoint="token", situation=Situation.DENIED)
    assert _situation_of(denied) is Situation.DENIED


def test_step_up_by_what_the_challenge_asks() -> None:
    from oauth_client_errors._messages import _situation_of

    def step_up(**params: str) -> OAuthError:
        challenge = Challenge("Bearer", params, None)  # type: ignore[arg-type]
        return error_class("insufficient_scope")(
            endpoint="resource", policy=Policy.STEP_UP, challenges=[challenge]
        )

    assert _situation_of(step_up(scope="a")) is Situation.SCOPE_REQUIRED
    assert _situation_of(step_up(max_age="5")) is Situation.AUTHENTICATION_REQUIRED
    assert _situation_of(step_up(claims="e30")) is Situation.CLAIMS_REQUIRED
    claims = error_class("insufficient_claims")(endpoint="resource")
    assert _situation_of(claims) is Situation.CLAIMS_REQUIRED
    assert "confirm" in claims.user_message


def test_never_the_users_fault_when_the_application_is_wrong() -> None:
    for code in ("invalid_client", "unauthorized_client", "unsupported_response_type",
                 "invalid_redirect_uri", "invalid_request", "invalid_scope"):  # fmt: skip
        err = error_class(code)(endpoint="authorization")
        text = err.user_message
        assert "application" in text, (code, text)
        assert "you" not in text.lower().replace("your administrator", ""), (code, text)


# -- waiting --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("retry_after", "english", "german"),
    [
        (1, "in 1 second.", "in 1 Sekunde"),
        (0.2, "in 1 second.", "in 1 Sekunde"),
        (29.1, "in 30 seconds.", "in 30 Sekunden"),
        (90, "in 90 seconds.", "in 90 Sekunden"),
        (91, "in 2 minutes.", "in 2 Minuten"),
        (3600, "in 60 minutes.", "in 60 Minuten"),
        (5401, "in 2 hours.", "in 2 Stunden"),
        (48 * 3600, "in 48 hours.", "in 48 Stunden"),
        (48 * 3600 + 3601, "try again later.", "später"),
        (None, "in a moment.", "gleich"),
        (0, "in a moment.", "gleich"),
        (-5, "in a moment.", "gleich"),
        (math.inf, "in a moment.", "gleich"),
        (math.nan, "in a moment.", "gleich"),
    ],
)
def test_the_wait_is_rounded_up_and_only_given_when_known(
    retry_after: float | None, english: str, german: str
) -> None:
    err = TemporarilyUnavailableError(status_code=503, retry_after=retry_after, dialect="google")
    assert err.user_message.startswith("Google is temporarily unavailable. Please try again")
    assert err.user_message.endswith(english)
    assert german in err.user_message_in("de")


def test_the_wait_in_every_language() -> None:
    err = TemporarilyUnavailableError(status_code=429, retry_after=42.5)
    for lang in LANGS:
        text = err.user_message_in(lang)
        assert "43" in text and "42" not in text, (lang, text)
    one = TemporarilyUnavailableError(status_code=429, retry_after=1)
    assert one.user_message_in("fr").endswith("dans 1 seconde.")
    assert one.user_message_in("pt-BR").endswith("em 1 segundo.")
    assert one.user_message_in("es").endswith("en 1 segundo.")
    # Japanese and Chinese sentences join without a space.
    assert " " not in err.user_message_in("ja").replace(" 秒", "")
    assert "。请在 43 秒后重试。" in err.user_message_in("zh-CN")
    assert "。請在 43 秒後再試一次。" in err.user_message_in("zh-TW")


def test_a_wait_is_not_mentioned_where_waiting_does_not_help() -> None:
    err = InvalidGrantError(retry_after=30)
    assert "30" not in err.user_message
    pending = error_class("authorization_pending")(retry_after=5)
    assert "5" not in pending.user_message


# -- locales ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_locale", "expected"),
    [
        ("de", "de"), ("de-DE", "de"), ("de_DE", "de"), ("DE", "de"), ("de-AT", "de"),
        ("de_DE.UTF-8", "de"), ("de_DE@euro", "de"), ("fr-CA", "fr"), ("es-419", "es"),
        ("pt-BR", "pt_BR"), ("pt_BR", "pt_BR"), ("pt", "pt_BR"), ("pt-PT", "pt_BR"),
        ("ja", "ja"), ("ja-JP", "ja"), ("zh", "zh_CN"), ("zh_CN", "zh_CN"),
        ("zh-Hans-CN", "zh_CN"), ("zh-Hans", "zh_CN"), ("zh-SG", "zh_CN"), ("zh-CN", "zh_CN"),
        ("zh_CN.UTF-8", "zh_CN"), ("zh-Hans-TW", "zh_CN"), ("zh-Hans-HK", "zh_CN"),
        ("zh-Hant-TW", "zh_TW"), ("zh-TW", "zh_TW"), ("zh_TW", "zh_TW"), ("ZH-tw", "zh_TW"),
        ("zh_TW.UTF-8", "zh_TW"), ("zh_TW.Big5", "zh_TW"), ("zh-HK", "zh_TW"),
        ("zh_HK.UTF-8", "zh_TW"), ("zh-MO", "zh_TW"), ("zh-Hant", "zh_TW"),
        ("zh-Hant-HK", "zh_TW"), ("zh-Hant-CN", "zh_TW"), ("zh-Hant-US", "zh_TW"),
        ("zh-TW, zh-CN;q=0.5", "zh_TW"), ("zh-CN, zh-TW;q=0.5", "zh_CN"),
        ("en;q=0.1, zh-Hant;q=0.9", "zh_TW"),
        ("en-GB", "en"), ("C", "en"), ("POSIX", "en"), ("xx", "en"), ("", "en"), (" ", "en"),
        ("de-DE,de;q=0.9,en;q=0.8", "de"), ("xx, ja;q=0.5, fr;q=0.9", "fr"),
        ("fr;q=0, ja", "ja"), ("zh-TW;q=0, zh-CN;q=0.5", "zh_CN"), ("*", "en"),
        ("de;q=abc, es", "es"), ("../../etc", "en"), ("de\x00", "en"),
    ],
)  # fmt: skip
def test_locale_lookup(given_locale: str, expected: str) -> None:
    assert resolve_locale(given_locale) == expected


def test_missing_locales_fall_back_to_english() -> None:
    err = InvalidGrantError(dialect="github")
    english = err.user_message
    assert (
        english
        == "Your sign-in with GitHub has expired or is no longer valid. Please sign in again."
    )
    for locale in ("xx", "", "yue-HK", "klingon", "en-US"):
        assert err.user_message_in(locale) == english
    for odd in (None, 5, b"de", ["de"]):
        assert err.user_message_in(odd) == english  # type: ignore[arg-type]
    assert "Anmeldung" in err.user_message_in("de-CH")


@given(st.text(max_size=60))
def test_user_message_in_never_raises(locale: str) -> None:
    text = InvalidGrantError().user_message_in(locale)
    assert isinstance(text, str) and text


def test_a_missing_catalogue_file_gives_english(monkeypatch: pytest.MonkeyPatch) -> None:
    from oauth_client_errors._messages import _locale

    monkeypatch.setattr(_locale, "_cache", {})
    monkeypatch.setattr(_locale, "DOMAIN", "no_such_domain")
    err = InvalidGrantError()
    assert err.user_message_in("de") == err.user_message


# -- Traditional Chinese, as Taiwan writes it -----------------------------------------------

# Characters only Simplified Chinese writes (each has a Traditional form used in Taiwan), and
# the shapes Japanese writes instead of Taiwan's (内 for 內, 証 for 證).
_SIMPLIFIED_ONLY = set(
    "请录账号网络务设应连时钟后过验证权访问题为们会话发选择继续认确额现让个术机从与无当暂"
    "断败员联获开态围范码类户这没动输传识检辑达"
)
_JAPANESE_SHAPES = set("内証応済")
# Mainland words, in either script, where Taiwan says something else.
_MAINLAND_WORDS = ("账号", "帳号", "賬號", "网络", "網絡", "登录", "登錄", "服务器", "服務器",
                   "设置", "設置", "信息", "支持", "默认", "默認", "配置", "联系", "聯繫",
                   "响应", "響應", "会话", "會話")  # fmt: skip


def _zh_tw_texts() -> list[str]:
    texts = []
    for message in _po("zh_TW"):
        if message.id:
            texts.extend(message.string if message.pluralizable else (message.string,))
    return texts


def test_the_traditional_catalogue_has_no_simplified_characters_or_mainland_words() -> None:
    texts = _zh_tw_texts()
    assert len(texts) == len(_texts.SINGULARS) + len(_texts.PLURALS)
    for text in texts:
        assert not (set(text) & (_SIMPLIFIED_ONLY | _JAPANESE_SHAPES)), text
        for word in _MAINLAND_WORDS:
            assert word not in text, (word, text)
    simplified = {m.id: m.string for m in _po("zh_CN") if m.id}
    traditional = {m.id: m.string for m in _po("zh_TW") if m.id}
    assert all(traditional[k] != simplified[k] for k in simplified)


def test_the_traditional_catalogue_says_what_taiwan_says() -> None:
    def tw(text: _texts.Text) -> str:
        return translations("zh_TW").gettext(text.neutral)

    for sign_in in (_texts.SIGN_IN, _texts.SIGN_IN_EXPIRED, _texts.SESSION_ENDED):
        assert "登入" in tw(sign_in), tw(sign_in)
    assert "帳號" in tw(_texts.ACCOUNT_SELECTION) and "帳號" in tw(_texts.FORBIDDEN)
    assert "網路連線" in translations("zh_TW").gettext(_texts.UNREACHABLE)
    misconfigured = tw(_texts.MISCONFIGURED)
    assert "設定" in misconfigured and "應用程式" in misconfigured and "技術支援" in misconfigured
    assert "裝置" in tw(_texts.PENDING) and "存取" in tw(_texts.DENIED)


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        *((tag, "您的 GitHub 登入狀態已過期或失效。請重新登入。")
          for tag in ("zh-TW", "zh-Hant", "zh-HK", "zh_TW.UTF-8", "zh-Hant-TW")),
        *((tag, "您在 GitHub 的登录已过期或已失效。请重新登录。")
          for tag in ("zh-CN", "zh-Hans", "zh-SG", "zh_CN.UTF-8", "zh")),
    ],
)  # fmt: skip
def test_chinese_users_get_their_script(locale: str, expected: str) -> None:
    assert InvalidGrantError(dialect="github").user_message_in(locale) == expected


# -- providers ----------------------------------------------------------------------------


def test_provider_names() -> None:
    def named(dialect: str | None) -> str | None:
        return provider_name(InvalidGrantError(dialect=dialect))

    assert named("github") == "GitHub"
    assert named("microsoft") == "Microsoft"
    assert named("facebook") == "Facebook"
    assert named("apple") == "Apple"
    for white_label in ("okta", "auth0", "keycloak", "cognito", None):
        assert named(white_label) is None
    assert named("unregistered") is None
    # Every built-in dialect has a decision, and every name is clean.
    for dialect in all_dialects():
        name = named(dialect.name)
        assert name is None or _FORBIDDEN.search(name) is None, name


def test_a_parsed_github_error_names_github() -> None:
    err = parse_response(
        200, JSON, b'{"error": "bad_verification_code", "error_description": "x"}',
        provider="github",
    )  # fmt: skip
    assert err is not None and err.dialect == "github"
    assert err.user_message_in("de") == (
        "Ihre Anmeldung bei GitHub ist abgelaufen oder nicht mehr gültig. "
        "Bitte melden Sie sich erneut an."
    )


def test_a_registered_dialect_title_is_used_only_when_plain(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from oauth_client_errors import _messages

    row = DialectCode("e1", "x", "https://id.acme.example/e1", canonical="invalid_grant")
    made = {
        name: Dialect(name=name, title=title, codes=(row,), docs="https://a.example")
        for name, title in (("acmemsg", "ACME ID"), ("evilmsg", "Evil {x}\u202e"))
    }
    monkeypatch.setattr(_messages, "lookup_dialect", made.get)
    assert provider_name(InvalidGrantError(dialect="acmemsg")) == "ACME ID"
    assert provider_name(InvalidGrantError(dialect="evilmsg")) is None
    assert provider_name(InvalidGrantError(dialect="github")) == "GitHub"  # the brand wins
    assert "ACME ID" in InvalidGrantError(dialect="acmemsg").user_message_in("ja")


# -- packaging ----------------------------------------------------------------------------


def test_importing_the_package_loads_no_catalogue_or_babel() -> None:
    code = (
        "import sys, oauth_client_errors as o\n"
        "assert 'oauth_client_errors._messages' not in sys.modules\n"
        "assert 'babel' not in sys.modules\n"
        "assert o.InvalidGrantError().user_message\n"
        "assert 'oauth_client_errors._messages' in sys.modules\n"
        "assert 'babel' not in sys.modules\n"
        "assert o.TransportError().user_message.startswith('The service')\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_the_wheel_ships_the_catalogues(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    import zipfile

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(ROOT)],
        check=True,
    )  # fmt: skip
    (wheel,) = tmp_path.glob("oauth_client_errors-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in LANGS:
        base = f"oauth_client_errors/_messages/locales/{lang}/LC_MESSAGES/oauth_client_errors"
        assert f"{base}.mo" in names and f"{base}.po" in names


def test_hint_and_user_message_say_who_they_are_for() -> None:
    assert "developer" in (OAuthError.hint.__doc__ or "")
    assert "end user" in (OAuthError.user_message.__doc__ or "")
    assert "Accept-Language" in (OAuthError.user_message_in.__doc__ or "")
