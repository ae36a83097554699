"""The package's structure: layers with one direction of import, no cycle, a light core.

The contracts are in ``pyproject.toml`` (``[tool.importlinter]``); ``lint-imports`` checks
them here so that a change that breaks a layer fails the suite.
"""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import oauth_client_errors as oce

ROOT = Path(__file__).resolve().parent.parent


def test_import_linter_contracts_are_kept() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    result = subprocess.run(
        [exe, "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


#: The core: the layers of ``[tool.importlinter]``.
CORE = (
    "oauth_client_errors._interpret",
    "oauth_client_errors._errors",
    "oauth_client_errors._stepup",
    "oauth_client_errors._dialects",
    "oauth_client_errors._registry",
    "oauth_client_errors._rules",
    "oauth_client_errors._wire",
    "oauth_client_errors._ground",
    "oauth_client_errors._types",
)


def _in_core(module: str) -> bool:
    return any(module == name or module.startswith(name + ".") for name in CORE)


def test_no_core_module_imports_one_that_imports_it_back() -> None:
    graph = grimp.build_graph("oauth_client_errors", exclude_type_checking_imports=True)
    cycles = [
        (module, imported)
        for module in sorted(graph.modules)
        if _in_core(module)
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    ]
    assert cycles == []


@pytest.mark.parametrize(
    "module",
    [
        "oauth_client_errors",
        "oauth_client_errors._interpret",
    ],
)
def test_the_core_loads_no_http_library_nor_event_loop(module: str) -> None:
    forbidden = (
        "asyncio",
        "urllib.request",
        "http.client",
        "httpx",
        "requests",
        "tenacity",
    )
    code = f"import sys, {module}\nprint(','.join(m for m in {forbidden!r} if m in sys.modules))\n"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert out.stdout.strip() == ""


def test_every_exported_class_names_the_package_as_its_home() -> None:
    exported = [getattr(oce, name) for name in oce.__all__]
    classes = [value for value in exported if isinstance(value, type)]
    assert oce.OAuthError in classes and oce.MalformedResponseError in classes
    for cls in classes:
        if issubclass(cls, oce.OAuthClientError):
            assert cls.__module__ == "oauth_client_errors", cls


def test_a_pickle_names_only_public_homes() -> None:
    """A pickled error refers to ``oauth_client_errors.<name>`` only, never a private module.

    So it still loads after the modules behind the package move.
    """
    err = oce.parse_response(
        401,
        {"WWW-Authenticate": 'Bearer error="insufficient_scope", scope="read"'},
        None,
    )
    assert err is not None
    data = pickle.dumps(err, protocol=pickle.HIGHEST_PROTOCOL)
    # Globals are pickled as (module, name): the module is always the package itself.
    assert b"oauth_client_errors." not in data and b"oauth_client_errors" in data
    (challenge,) = err.challenges
    assert b"oauth_client_errors." not in pickle.dumps(challenge)
    assert pickle.loads(pickle.dumps(challenge)) == challenge
    clone = pickle.loads(data)
    assert type(clone) is oce.InsufficientScopeError
    assert (clone.code, clone.situation, clone.policy, clone.endpoint) == (
        err.code,
        err.situation,
        err.policy,
        err.endpoint,
    )
    assert clone.challenges == err.challenges and clone.hint == err.hint


def test_the_exception_tree_is_the_designed_one() -> None:
    """DESIGN §4, "Exception tree (frozen for 1.0)"."""
    base = oce.OAuthClientError
    for cls in (
        oce.MalformedResponseError,
        oce.UntrustedResponseError,
        oce.TokenStoreError,
        oce.InsecureTransportError,
        oce.TransportError,
        oce.OAuthError,
    ):
        assert cls.__bases__[0] is base or issubclass(cls, base)
    assert issubclass(oce.MalformedResponseError, ValueError)
    assert oce.StateMismatchError.__bases__ == (oce.UntrustedResponseError,)
    assert oce.IssuerMismatchError.__bases__ == (oce.UntrustedResponseError,)
    for child in (
        oce.LoginRequiredError,
        oce.ConsentRequiredError,
        oce.AccountSelectionRequiredError,
    ):
        assert child.__bases__ == (oce.InteractionRequiredError,)
    assert oce.InteractionRequiredError.__bases__ == (oce.OAuthError,)
    assert not hasattr(oce, "ServerError")  # one name per class


def test_version_comes_from_the_installed_metadata() -> None:
    from importlib.metadata import version

    assert oce.__version__ == version("oauth-client-errors")


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://API.example/x?y", ("https", "api.example", 443)),
        ("http://localhost:8080/", ("http", "localhost", 8080)),
        ("https://h.example:99999/", ("https", "h.example", 443)),
    ],
)
def test_one_origin_helper(url: str, origin: tuple[str, str, int]) -> None:
    from oauth_client_errors._ground.urls import origin_of

    assert origin_of(url) == origin


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("localhost", True), ("a.localhost", True), ("127.0.0.2", True), ("[::1]", True),
     ("::1", True), ("10.0.0.1", False), ("localhost.example", False), (None, False)],
)  # fmt: skip
def test_one_loopback_test(host: str | None, loopback: bool) -> None:
    from oauth_client_errors._ground.urls import is_loopback

    assert is_loopback(host) is loopback
