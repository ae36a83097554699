"""Write the seed corpora in ``fuzz/corpus/<harness>/`` from real payloads.

    python fuzz/make_corpus.py

Each seed is the harness's control bytes followed by a payload taken from a specification
example or from what a real provider sends (Google, GitHub, Microsoft Entra, Okta, Auth0,
Keycloak, Slack, Facebook, Authlib...). Re-running rewrites the same files; the smoke run
reads them and never writes into these directories.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "corpus"

CHALLENGES = [
    # RFC 6750 §3
    'Bearer realm="example"',
    'Bearer realm="example", error="invalid_token", error_description="The access token expired"',
    'Bearer error="insufficient_scope", scope="read write", error_description="Need write"',
    # RFC 9449 §7.1, §8
    'DPoP algs="ES256 PS256", error="use_dpop_nonce", '
    'error_description="Authorization server requires nonce in DPoP proof"',
    'DPoP error="invalid_dpop_proof", algs="ES256"',
    # RFC 9470 §3
    'Bearer error="insufficient_user_authentication", '
    'error_description="A different authentication level is required", acr_values="myACR"',
    'Bearer error="insufficient_user_authentication", max_age="5"',
    # RFC 9728 §5.1
    'Bearer resource_metadata="https://resource.example.com/.well-known/oauth-protected-resource"',
    # Microsoft Entra claims challenge
    'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/'
    'authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims",'
    ' claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYw'
    'NDEwNjY1MSJ9fX0="',
    # Google
    'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    # RFC 9110 §11.6.1
    'Basic realm="simple", Newauth realm="apps", type=1, title="Login to \\"apps\\""',
    'Basic realm="x", Bearer error="invalid_token"',
    "Negotiate abc==, NTLM",
    'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, '
    'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", '
    'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
    "Bearer ,,, , error=invalid_token ,",
    "Bearer error=invalid_token\nBasic realm=x",
    # shapes of known ReDoS incidents (small here; the tests use 8 KiB and 32 KiB)
    "Basic " + "," * 200,  # CVE-2020-8492
    "Basic realm=x" + ",x" * 100,  # CVE-2021-3733
    "Bearer " + "\xa0" * 200,  # CVE-2021-21240
    'Bearer realm="' + "\\" * 200,  # werkzeug #2904
    "Bearer " + "a" * 300,  # a long token with no "="
]

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


def http(status: int, headers: list[tuple[str, str]], body: str | bytes) -> tuple[int, bytes]:
    head = "".join(f"{name}: {value}\r\n" for name, value in headers).encode("latin-1")
    data = body.encode("utf-8") if isinstance(body, str) else body
    return status, head + b"\r\n" + data


RESPONSES = [
    # RFC 6749 §5.2
    http(400, [("Content-Type", JSON)], '{"error":"invalid_request"}'),
    http(
        401,
        [("Content-Type", JSON), ("WWW-Authenticate", 'Basic realm="as"')],
        '{"error":"invalid_client","error_description":"Client authentication failed"}',
    ),
    # Google
    http(
        400,
        [("Content-Type", "application/json; charset=utf-8")],
        '{\n  "error": "invalid_grant",\n  "error_description": "Bad Request"\n}',
    ),
    # GitHub: errors with HTTP 200, form-encoded by default, JSON on request
    http(
        200,
        [("Content-Type", FORM)],
        "error=bad_verification_code&error_description=The+code+passed+is+incorrect+or+expired."
        "&error_uri=https%3A%2F%2Fdocs.github.com%2Fapps%2Foauth-apps%2Fmaintaining-oauth-apps"
        "%2Ftroubleshooting-oauth-app-access-token-request-errors%2F%23bad-verification-code",
    ),
    http(
        200,
        [("Content-Type", JSON)],
        '{"error":"authorization_pending","error_description":"The authorization request is '
        'still pending.","error_uri":"https://docs.github.com/developers/apps/authorizing-oauth-'
        'apps#error-codes-for-the-device-flow"}',
    ),
    # Microsoft Entra
    http(
        400,
        [("Content-Type", JSON)],
        json.dumps(
            {
                "error": "invalid_grant",
                "error_description": "AADSTS70008: The provided authorization code or refresh "
                "token has expired due to inactivity.\r\nTrace ID: 2f8b\r\nCorrelation ID: 9c1d\r\n"
                "Timestamp: 2023-01-01 00:00:00Z",
                "error_codes": [70008],
                "timestamp": "2023-01-01 00:00:00Z",
                "trace_id": "2f8b",
                "correlation_id": "9c1d",
                "error_uri": "https://login.microsoftonline.com/error?code=70008",
            }
        ),
    ),
    http(
        400,
        [("Content-Type", JSON)],
        json.dumps(
            {
                "error": "interaction_required",
                "error_description": "AADSTS50076: you must use multi-factor authentication",
                "error_codes": [50076],
                "suberror": "basic_action",
                "claims": '{"access_token":{"capolids":{"essential":true,"values":["1"]}}}',
            }
        ),
    ),
    # Okta (its own shape for management API errors)
    http(
        401,
        [("Content-Type", JSON)],
        '{"errorCode":"invalid_client","errorSummary":"Invalid value for \'client_id\' '
        'parameter.","errorLink":"invalid_client","errorId":"oaeX","errorCauses":[]}',
    ),
    # Auth0, rate limited
    http(
        429,
        [("Content-Type", JSON), ("Retry-After", "7"), ("X-RateLimit-Remaining", "0")],
        '{"error":"too_many_requests","error_description":"Global limit has been reached"}',
    ),
    http(
        403,
        [("Content-Type", JSON)],
        '{"error":"invalid_grant","error_description":"Invalid authorization code"}',
    ),
    # Keycloak
    http(
        400,
        [("Content-Type", JSON)],
        '{"error":"invalid_grant","error_description":"Token is not active"}',
    ),
    # Slack
    http(200, [("Content-Type", JSON)], '{"ok":false,"error":"invalid_code"}'),
    # Facebook Graph: error is an object
    http(
        400,
        [
            ("Content-Type", JSON),
            (
                "WWW-Authenticate",
                'OAuth "Facebook Platform" "invalid_token" "Error validating access token"',
            ),
        ],
        '{"error":{"message":"Error validating access token: Session has expired",'
        '"type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"AbC"}}',
    ),
    # RFC 8628 device flow
    http(400, [("Content-Type", JSON)], '{"error":"slow_down","interval":10}'),
    # draft-ietf-oauth-v2-16 numeric error value
    http(503, [("Content-Type", JSON)], '{"error": 503}'),
    # resource server challenges, DPoP nonce (RFC 9449 §8)
    http(
        401,
        [
            (
                "WWW-Authenticate",
                'DPoP error="use_dpop_nonce", error_description='
                '"Resource server requires nonce in DPoP proof"',
            ),
            ("DPoP-Nonce", "eyJ7S_zG.eyJH0"),
        ],
        b"",
    ),
    http(
        403,
        [
            ("WWW-Authenticate", 'Bearer error="insufficient_scope", scope="admin"'),
            ("Content-Type", JSON),
        ],
        '{"error":"insufficient_scope"}',
    ),
    http(401, [("WWW-Authenticate", 'Bearer realm="api"')], b""),
    http(401, [], b""),
    # gateways and HTML error pages
    http(
        503,
        [("Content-Type", "text/html"), ("Retry-After", "Fri, 31 Dec 1999 23:59:59 GMT")],
        "<html><head><title>503 Service Unavailable</title></head><body><h1>Service "
        "Unavailable</h1></body></html>",
    ),
    http(502, [("Content-Type", "text/html")], "<html><body>Bad Gateway</body></html>"),
    # success responses
    http(
        200,
        [("Content-Type", JSON)],
        '{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,'
        '"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA"}',
    ),
    http(204, [], b""),
    # hostile bits
    http(
        400,
        [("Content-Type", JSON)],
        '{"error":"invalid_grant","error_description":"\\u001b[2J\\u202eevil\\r\\nX: y",'
        '"error_uri":"javascript:alert(1)"}',
    ),
    http(400, [("Content-Type", JSON)], '{"error":"invalid_request","n":' + "9" * 300 + "}"),
    http(400, [("Content-Type", JSON)], '{"error":"x","error_description":"\\ud800"}'),
    http(400, [("Content-Type", JSON)], '{"error":NaN,"error_description":Infinity}'),
    http(400, [("Content-Type", JSON)], "[" * 200),
]

REDIRECTS = [
    "https://client.example.com/cb?error=access_denied&state=xyz",  # RFC 6749 §4.1.2.1
    "https://client.example.com/cb#error=access_denied&state=xyz",  # §4.2.2.1
    "https://client.example.com/cb?error=login_required&state=s-Xy9",  # OIDC Core
    "https://client.example.com/cb?error=invalid_request&error_description=Unsupported%20"
    "response_type%20value&error_uri=https%3A%2F%2Fas.example%2Ferrors%2F1&state=s-Xy9"
    "&iss=https%3A%2F%2Fas.example",
    "https://client.example.com/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=s-Xy9"
    "&iss=https%3A%2F%2Fas.example",  # RFC 9207 §2.4
    "https://client.example.com/cb?code=x&state=s-Xy9&iss=https%3A%2F%2Fevil.example",
    "https://client.example.com/cb#access_token=2YotnFZFEjr1zCsicMWpAA&token_type=example"
    "&expires_in=3600&state=s-Xy9",
    "https://client.example.com/cb?response=eyJraWQiOiJsYWViIiwiYWxnIjoiRVMyNTYifQ.eyJpc3Mi"
    "OiJodHRwczovL2FjY291bnRzLmV4YW1wbGUuY29tIn0.sig",  # JARM
    "error=access_denied&state=s-Xy9",
    "https://client.example.com/cb?error=a&error=b&state=s-Xy9",
    "https://client.example.com/cb?error=a&state=s-Xy9#error=b&state=s-Xy9",
    "https://client.example.com/cb?error=%00%1b%5B2J%E2%80%AE&state=s-Xy9",
    "https://client.example.com/cb?error=%%%25%ZZ%u202e&state=%E0%80",
    "https://client.example.com/cb?error=server_error&error_description=%1B]8;;http://evil%1B"
    "\\click%1B]8;;%1B\\&state=s-Xy9",
]

CLI = [
    "https://app.example/cb?error=access_denied&state=xyz",
    '{"error": "invalid_grant", "error_description": "expired"}',
    "error=invalid_client&error_description=bad+secret",
    'Bearer error="insufficient_scope", scope="read write"',
    'WWW-Authenticate: DPoP error="use_dpop_nonce"',
    'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer error="invalid_token"\r\n\r\n',
    "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\n"
    'Content-Type: application/json\r\n\r\n{"error":"slow_down"}',
]


def write(name: str, seeds: list[bytes]) -> None:
    folder = CORPUS / name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("seed-*"):
        old.unlink()
    for seed in seeds:
        (folder / f"seed-{hashlib.sha1(seed).hexdigest()[:16]}").write_bytes(seed)


def main() -> None:
    www: list[bytes] = []
    for value in CHALLENGES:
        raw = value.encode("utf-8")
        www += [bytes([1]) + raw, bytes([0]) + raw, bytes([4 | 1]) + raw]
    write("www_authenticate", www)

    responses: list[bytes] = []
    for status, message in RESPONSES:
        for endpoint, flags in ((1, 1), (2, 0), (1, 16 | 8), (0, 32 | 2)):
            responses.append(status.to_bytes(2, "little") + bytes([endpoint, flags]) + message)
    write("parse_response", responses)

    redirects: list[bytes] = []
    for url in REDIRECTS:
        raw = url.encode("utf-8")
        redirects += [bytes([1]) + raw, bytes([4 | 8 | 1]) + raw, bytes([4 | 16]) + raw]
    write("parse_redirect", redirects)

    cli: list[bytes] = []
    for arg in CLI:
        raw = arg.encode("utf-8")
        cli += [bytes([1]) + raw, bytes([4 | 8]) + raw]
    write("cli", cli)


if __name__ == "__main__":
    main()
