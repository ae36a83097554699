"""oauth_client_errors.requests: the response hook against scripted loopback servers."""

from __future__ import annotations

import email.utils
import io
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import requests
from servers import serve_wsgi
from werkzeug.wrappers import Request, Response

from oauth_client_errors import ClientCredentials, Token
from oauth_client_errors._errors import OAuthError
from oauth_client_errors._types import Policy
from oauth_client_errors.requests import (
    OAuth2Auth,
    RequestNotReplayableError,
    from_requests,
    raise_for_oauth_error,
    token_transport,
)
from oauth_client_errors.retry import RetryPolicy

Step = Callable[[Request], Response]


class Scripted:
    """A WSGI app: ``/token`` issues AT1, AT2...; other paths follow a script."""

    def __init__(self, *steps: Step) -> None:
        self.steps = list(steps)
        self.issued = 0
        self.auths: list[str | None] = []
        self.bodies: list[bytes] = []
        self.lock = threading.Lock()

    def __call__(self, environ: Any, start_response: Any) -> Any:
        req = Request(environ)
        if req.path == "/token":
            with self.lock:
                self.issued += 1
                n = self.issued
            body = {"access_token": f"AT{n}", "token_type": "Bearer", "expires_in": 3600}
            resp = Response(json.dumps(body), content_type="application/json")
            return resp(environ, start_response)
        with self.lock:
            self.auths.append(req.headers.get("Authorization"))
            self.bodies.append(req.get_data())
            step = self.steps.pop(0) if len(self.steps) > 1 else self.steps[0]
        return step(req)(environ, start_response)


def ok(req: Request) -> Response:
    return Response('{"ok": true}', content_type="application/json")


def invalid_token(req: Request) -> Response:
    return Response(
        status=401, headers={"WWW-Authenticate": 'Bearer realm="api", error="invalid_token"'}
    )


def unavailable(after: str) -> Step:
    return lambda req: Response(status=503, headers={"Retry-After": after})


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def run(sleeps: list[float]) -> Iterator[Callable[..., tuple[str, requests.Session, Scripted]]]:
    stack: list[Any] = []

    def start(*steps: Step, **kw: Any) -> tuple[str, requests.Session, Scripted]:
        app = Scripted(*steps)
        cm = serve_wsgi(app)
        url = cm.__enter__()
        stack.append(cm)
        source = ClientCredentials(
            f"{url}/token",
            "cid",
            "client-secret-xyz",
            transport=token_transport(requests.Session()),
        )
        session = requests.Session()
        session.trust_env = False
        session.auth = OAuth2Auth(
            source, retry=RetryPolicy(sleep=sleeps.append, wait_jitter=0), **kw
        )
        stack.append(session)
        return url, session, app

    yield start
    for item in reversed(stack):
        if isinstance(item, requests.Session):
            item.close()
        else:
            item.__exit__(None, None, None)


def test_attaches_token(run: Any) -> None:
    url, session, app = run(ok)
    assert session.get(f"{url}/api", timeout=5).json() == {"ok": True}
    assert app.auths == ["Bearer AT1"]


def test_refresh_and_replay_body(run: Any) -> None:
    url, session, app = run(invalid_token, ok)
    payload = bytes(range(256)) * 4
    response = session.post(f"{url}/api", data=payload, timeout=5)
    assert response.status_code == 200
    assert app.auths == ["Bearer AT1", "Bearer AT2"]
    assert app.bodies == [payload, payload]
    assert [r.status_code for r in response.history] == [401]
    assert response.request.headers["Authorization"] == "Bearer AT2"


def test_second_invalid_token_raises(run: Any) -> None:
    url, session, app = run(invalid_token)
    with pytest.raises(OAuthError) as info:
        session.get(f"{url}/api", timeout=5)
    assert info.value.code == "invalid_token"
    assert info.value.response.status_code == 401
    assert len(app.auths) == 2
    assert app.issued == 2


def test_retry_after_honoured(run: Any, sleeps: list[float]) -> None:
    url, session, app = run(unavailable("2"), ok)
    assert session.get(f"{url}/api", timeout=5).status_code == 200
    assert sleeps == [2.0]
    assert len(app.auths) == 2


def test_retry_after_beyond_cap_raises_at_once(run: Any, sleeps: list[float]) -> None:
    url, session, app = run(unavailable("600"), ok)
    with pytest.raises(OAuthError) as info:
        session.get(f"{url}/api", timeout=5)
    assert info.value.retry_after == 600
    assert sleeps == []
    assert len(app.auths) == 1


def test_insufficient_scope_raises_without_refresh(run: Any) -> None:
    url, session, app = run(
        lambda req: Response(
            status=403,
            headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'},
        )
    )
    with pytest.raises(OAuthError) as info:
        session.get(f"{url}/api", timeout=5)
    # Client credentials: no user to step up; the client's configuration must change.
    assert info.value.policy is Policy.FIX_CONFIG
    assert info.value.grant == "client_credentials"
    assert 'grant the client the scope "admin"' in info.value.hint
    assert app.issued == 1


def test_seekable_file_body_is_replayed(run: Any) -> None:
    url, session, app = run(invalid_token, ok)
    body = io.BytesIO(b"xxhello file body")
    body.seek(2)
    assert session.put(f"{url}/api", data=body, timeout=5).status_code == 200
    assert app.bodies == [b"hello file body", b"hello file body"]


def test_generator_body_is_not_replayable(run: Any) -> None:
    url, session, app = run(invalid_token, ok)

    def gen() -> Iterator[bytes]:
        yield b"a"
        yield b"b"

    with pytest.raises(RequestNotReplayableError):
        session.post(f"{url}/api", data=gen(), timeout=5)
    assert app.issued == 2


def test_foreign_origin_redirect_no_token_no_refresh(run: Any) -> None:
    foreign = Scripted(invalid_token)
    with serve_wsgi(foreign) as other:
        url, session, app = run(
            lambda req: Response(status=302, headers={"Location": f"{other}/x"})
        )
        response = session.get(f"{url}/api", timeout=5)
    assert response.status_code == 401
    assert foreign.auths == [None]  # requests stripped the token for another port
    assert app.issued == 1  # and a foreign 401 caused no refresh


def test_threads_share_one_refresh(run: Any) -> None:
    url, session, app = run(invalid_token, *([ok] * 40))
    # the first request gets the token AT1 and the 401 ... make everyone stale:
    auth: OAuth2Auth = session.auth  # type: ignore[assignment]
    stale = auth.source.token()
    # The resource refuses the stale token and accepts the new one, whenever each thread's
    # request arrives (a thread that sends after the refresh carries the new token).
    app.steps = [lambda req: invalid_token(req) if "AT1" in str(req.headers) else ok(req)]
    barrier = threading.Barrier(20)
    codes: list[int] = []

    def worker() -> None:
        barrier.wait()
        codes.append(session.get(f"{url}/api", timeout=10).status_code)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert codes == [200] * 20
    assert stale.access_token == "AT1"
    assert app.issued == 2  # AT1, then exactly one refresh


def test_from_requests_and_raise_for_oauth_error(run: Any) -> None:
    url, _, _ = run(
        lambda req: Response(
            '{"error": "invalid_grant"}', status=400, content_type="application/json"
        )
    )
    response = requests.post(f"{url}/api", timeout=5)
    err = from_requests(response, endpoint="token")
    assert err is not None and err.policy is Policy.REAUTHORIZE
    with pytest.raises(OAuthError) as info:
        raise_for_oauth_error(response, endpoint="token")
    assert isinstance(info.value.__cause__, requests.HTTPError)


# -- more of issue 3 -------------------------------------------------------------------------


def test_retry_after_http_date(run: Any, sleeps: list[float]) -> None:
    date = email.utils.formatdate(time.time() + 20, usegmt=True)
    url, session, _app = run(unavailable(date), ok)
    assert session.get(f"{url}/api", timeout=5).status_code == 200
    assert len(sleeps) == 1 and 18 <= sleeps[0] <= 21


def test_post_not_retried_unless_opted_in(run: Any, sleeps: list[float]) -> None:
    url, session, app = run(unavailable("1"), ok)
    with pytest.raises(OAuthError) as info:
        session.post(f"{url}/api", data=b"x", timeout=5)
    assert info.value.status_code == 503
    assert len(app.auths) == 1 and sleeps == []
    session.auth = OAuth2Auth(
        session.auth.source,  # type: ignore[union-attr]
        retry=RetryPolicy(retry_non_idempotent=True, sleep=sleeps.append, wait_jitter=0),
    )
    app.steps = [unavailable("1"), ok]
    assert session.post(f"{url}/api", data=b"body", timeout=5).status_code == 200
    assert app.bodies[-2:] == [b"body", b"body"]
    assert sleeps == [1.0]


def test_retries_are_bounded(run: Any, sleeps: list[float]) -> None:
    url, session, app = run(unavailable("1"))
    with pytest.raises(OAuthError):
        session.get(f"{url}/api", timeout=5)
    assert len(app.auths) == 3
    assert sleeps == [1.0, 1.0]


def test_refresh_then_retry(run: Any, sleeps: list[float]) -> None:
    url, session, app = run(invalid_token, unavailable("2"), ok)
    response = session.get(f"{url}/api", timeout=5)
    assert response.status_code == 200
    assert app.auths == ["Bearer AT1", "Bearer AT2", "Bearer AT2"]
    assert sleeps == [2.0]
    assert [r.status_code for r in response.history] == [401, 503]


def test_bare_401_refreshes_once(run: Any) -> None:
    bare = lambda req: Response(status=401, headers={"WWW-Authenticate": 'Bearer realm="api"'})  # noqa: E731
    url, session, app = run(bare, ok)
    assert session.get(f"{url}/api", timeout=5).status_code == 200
    assert app.auths == ["Bearer AT1", "Bearer AT2"]


def test_error_chained_to_http_error_with_the_response(run: Any) -> None:
    url, session, _app = run(
        lambda req: Response(
            '{"detail": "no"}',
            status=403,
            content_type="application/json",
            headers={"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="admin"'},
        )
    )
    with pytest.raises(OAuthError) as info:
        session.get(f"{url}/api", timeout=5)
    err = info.value
    assert isinstance(err.__cause__, requests.HTTPError)
    assert err.response.json() == {"detail": "no"}
    assert "Response" not in repr(err)


def dpop_server(nonce_for: Callable[[Request], str]) -> Step:
    def respond(req: Request) -> Response:
        if req.headers.get("DPoP") == "proof-None" or req.headers.get("DPoP") == "proof-stale":
            return Response(
                status=401,
                headers={
                    "WWW-Authenticate": 'DPoP error="use_dpop_nonce"',
                    "DPoP-Nonce": nonce_for(req),
                },
            )
        return Response("ok", headers={"DPoP-Nonce": nonce_for(req)})

    return respond


def test_dpop_nonce_retry_once_and_kept(run: Any) -> None:
    seen: list[str | None] = []

    def proof(request: object, nonce: str | None) -> str:
        assert isinstance(request, requests.PreparedRequest)
        seen.append(nonce)
        return f"proof-{nonce}"

    url, session, _app = run(dpop_server(lambda req: "n-1"), dpop=proof)
    assert session.get(f"{url}/api", timeout=5).status_code == 200
    assert session.get(f"{url}/api", timeout=5).status_code == 200
    assert seen == [None, "n-1", "n-1"]


def test_same_dpop_nonce_twice_raises(run: Any) -> None:
    url, session, app = run(dpop_server(lambda req: "same"), dpop=lambda r, n: "proof-stale")
    with pytest.raises(OAuthError) as info:
        session.get(f"{url}/api", timeout=5)
    assert info.value.code == "use_dpop_nonce"
    assert len(app.auths) == 2


def test_replay_guard_nested_request_in_the_same_thread(run: Any) -> None:
    """A refresh that itself calls the same session: its 401 is not acted on (no recursion)."""
    url, session, app = run(invalid_token, invalid_token, ok)
    nested: list[int] = []

    class Nested:
        def token(self) -> Token:
            return Token("T1")

        def refresh(self, stale: Token | None) -> Token:
            nested.append(session.get(f"{url}/api", timeout=5).status_code)
            return Token("T2")

    session.auth = OAuth2Auth(Nested())
    start = time.monotonic()
    response = session.get(f"{url}/api", timeout=5)
    assert time.monotonic() - start < 5  # no deadlock waiting on its own refresh
    assert nested == [401]  # handed back untouched inside the handling
    assert response.status_code == 200
    assert app.auths == ["Bearer T1", "Bearer T1", "Bearer T2"]


def test_guard_is_per_thread(run: Any) -> None:
    """While one thread is inside its handling (slow refresh), others act normally."""
    url, session, app = run(invalid_token)
    gate = threading.Event()
    tokens = iter(["T2", "T3"])

    class Slow:
        def token(self) -> Token:
            return Token("T1")

        def refresh(self, stale: Token | None) -> Token:
            gate.wait(5)
            return Token(next(tokens))

    session.auth = OAuth2Auth(Slow(), retry=RetryPolicy.never())
    app.steps = [lambda req: invalid_token(req) if "T1" in str(req.headers) else ok(req)]
    results: list[int] = []

    def call() -> None:
        results.append(session.get(f"{url}/api", timeout=10).status_code)

    threads = [threading.Thread(target=call) for _ in range(3)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    gate.set()
    for t in threads:
        t.join(10)
    assert results == [200, 200, 200]  # every thread's 401 was handled
