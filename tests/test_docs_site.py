"""The documentation site builds with ``mkdocs build --strict`` and renders in a browser.

Marked ``docs``: deselected by default (it needs the ``docs`` extra and Debian's
``chromium``); CI runs it with ``python -m pytest -q -m docs``.

The built site is served from a local ``http.server`` on 127.0.0.1 and opened in headless
Chromium, driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: JSON
messages ending in NUL on file descriptors 3 and 4, no extra package). It checks that the
home page, the code reference, the policy diagram and the API reference render, and that
the site's own search (the page's JavaScript and its web worker, ``?q=invalid_grant``)
lists the code reference.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.docs

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,900",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.fail("Chromium is not installed (Debian: apt-get install -y chromium)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _high(fd: int) -> int:
    import fcntl

    moved = fcntl.fcntl(fd, fcntl.F_DUPFD, 10)
    os.close(fd)
    return moved


class Browser:
    """Headless Chromium over ``--remote-debugging-pipe`` (fd 3: commands, fd 4: replies)."""

    def __init__(self, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Above fd 4 in the parent, so that wiring them to 3 and 4 in the child cannot clash.
        to_browser_r, from_browser_w = (_high(to_browser_r), _high(from_browser_w))
        argv = [
            _chromium(),
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
            "about:blank",
        ]

        def wire() -> None:  # in the child: the pipe ends Chromium expects on fds 3 and 4
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        self.process = subprocess.Popen(
            argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=wire,
            pass_fds=(3, 4),  # kept open after ``wire`` ran
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        self._buffer = b""
        self._next_id = 0
        self.session = ""

    def _send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self._buffer:
                chunk = os.read(self._from_browser, 1 << 16)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe")
                self._buffer += chunk
            raw, _, self._buffer = self._buffer.partition(b"\0")
            reply = json.loads(raw)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result

    def open(self, url: str) -> None:
        self.session = ""
        target = self._send("Target.createTarget", {"url": "about:blank"})["targetId"]
        attached = self._send("Target.attachToTarget", {"targetId": target, "flatten": True})
        self.session = attached["sessionId"]
        self._send("Page.enable")
        self._send("Page.navigate", {"url": url})
        self.wait_for("document.readyState === 'complete'")

    def eval(self, expression: str) -> Any:
        reply = self._send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return reply.get("result", {}).get("value")

    def wait_for(self, expression: str, timeout: float = 30.0) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for: {expression}")
            time.sleep(0.1)

    def screenshot(self, path: Path) -> None:
        data = self._send("Page.captureScreenshot", {"format": "png"})["data"]
        path.write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            self.session = ""
            self._send("Browser.close")
        except (RuntimeError, OSError):
            pass
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        os.close(self._to_browser)
        os.close(self._from_browser)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chrome = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield chrome
    finally:
        chrome.close()


def test_search_index_holds_invalid_grant(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    pages = {
        doc["location"].split("#")[0] for doc in index["docs"] if "invalid_grant" in doc["text"]
    }
    assert "codes/" in pages


def test_home_page_renders(browser: Browser, base_url: str) -> None:
    browser.open(f"{base_url}/")
    title = browser.eval("document.querySelector('article h1').textContent")
    assert title.replace("¶", "").strip() == "oauth-client-errors"
    nav = browser.eval("[...document.querySelectorAll('.md-nav__link')].map(a => a.textContent)")
    flat = " ".join(" ".join(item.split()) for item in nav)
    for title in ("Getting started", "Command line", "Which policy when", "Error codes", "API"):
        assert title in flat
    # the theme's stylesheet applied: the header is laid out, not raw HTML
    assert browser.eval("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )


def test_code_reference_renders(browser: Browser, base_url: str) -> None:
    browser.open(f"{base_url}/codes/")
    cells = browser.eval(
        "[...document.querySelectorAll('article td code')].map(c => c.textContent)"
    )
    assert "invalid_grant" in cells and "insufficient_scope" in cells
    assert browser.eval("document.querySelectorAll('article table').length") >= 2


def test_policy_diagram_renders(browser: Browser, base_url: str, tmp_path: Path) -> None:
    browser.open(f"{base_url}/policies/")
    box = browser.eval(
        "(() => { const r = document.querySelector('figure.policy-flow svg')"
        ".getBoundingClientRect(); return [r.width, r.height]; })()"
    )
    assert box[0] > 300 and box[1] > 300, box
    texts = browser.eval(
        "[...document.querySelectorAll('figure svg text')].map(t => t.textContent)"
    )
    for policy in ("retry", "refresh", "reauthorize", "step_up", "fix_config", "fail"):
        assert policy in texts
    shot = Path(os.environ.get("DOCS_SCREENSHOT_DIR", tmp_path)) / "policies.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000


def test_api_reference_renders(browser: Browser, base_url: str) -> None:
    browser.open(f"{base_url}/api/")
    for anchor in (
        "oauth_client_errors.parse_response",
        "oauth_client_errors.OAuthError",
        "oauth_client_errors.InvalidGrantError",
        "oauth_client_errors.httpx.OAuth2Auth",
        "oauth_client_errors.requests.OAuth2Auth",
    ):
        assert browser.eval(f"!!document.getElementById({json.dumps(anchor)})"), anchor
    doc = browser.eval(
        "document.getElementById('oauth_client_errors.parse_response').closest('.doc-object').textContent"
    )
    assert "Return the error an HTTP response reports" in doc


def test_site_search_finds_invalid_grant(browser: Browser, base_url: str) -> None:
    browser.open(f"{base_url}/?q=invalid_grant")
    links = browser.wait_for(
        "(() => { const items = document.querySelectorAll('.md-search-result__item a');"
        " return items.length ? [...items].map(a => a.getAttribute('href')) : null; })()"
    )
    assert any("codes/" in link for link in links), links
    meta = browser.eval("document.querySelector('.md-search-result__meta').textContent")
    assert "matching" in meta.lower() or "result" in meta.lower(), meta


# -- Sphinx roles in docstrings: cross-references, never raw text --------------------------------

_ROLE_TEXT = re.compile(r":(?:py:)?(?:class|meth|func|attr|data|exc|mod|obj|const):`?")


def test_the_api_page_shows_no_sphinx_role(site: Path) -> None:
    index = json.loads((site / "search" / "search_index.json").read_text())
    api = [doc for doc in index["docs"] if doc["location"].startswith("api/")]
    assert len(api) > 100  # one entry per object
    assert [doc["location"] for doc in api if _ROLE_TEXT.search(doc["text"])] == []
    html = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert _ROLE_TEXT.search(html) is None
    assert "<autoref" not in html  # every cross-reference was resolved or made code


def test_a_role_becomes_a_link_to_its_target(browser: Browser, base_url: str) -> None:
    browser.open(f"{base_url}/api/")

    def links(anchor: str) -> list[list[str]]:
        found: list[list[str]] = browser.eval(
            f"[...document.getElementById({json.dumps(anchor)}).closest('.doc-object')"
            ".querySelectorAll(':scope > .doc-contents a.autorefs')]"
            ".map(a => [a.getAttribute('href'), a.textContent])"
        )
        return found

    # :class:`~oauth_client_errors.InsecureTransportError` -> the class, shown by its name
    assert ["#oauth_client_errors.InsecureTransportError", "InsecureTransportError"] in links(
        "oauth_client_errors.requests.OAuth2Auth"
    )
    # :meth:`TokenStore.save`, as the module that imports TokenStore names it
    assert ["#oauth_client_errors.TokenStore.save", "TokenStore.save"] in links(
        "oauth_client_errors.FileTokenStore.save"
    )
    # every cross-reference on the page leads to an object the page shows
    dangling = browser.eval(
        "[...document.querySelectorAll('article a.autorefs-internal')]"
        ".map(a => a.getAttribute('href'))"
        ".filter(h => h.startsWith('#') && !document.getElementById(h.slice(1)))"
    )
    assert dangling == []
    assert browser.eval("document.querySelectorAll('article a.autorefs-internal').length") > 100
    # a target the site does not show (the standard library's os.replace) is code, no link
    store = browser.eval(
        "document.getElementById('oauth_client_errors.FileTokenStore').closest('.doc-object')"
        ".querySelector('.doc-contents').innerHTML"
    )
    assert "<code>os.replace</code>" in store
    assert 'href="#os.replace"' not in store
