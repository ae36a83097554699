"""The package's structure: layers with one direction of import, no cycle, a light core.

The contracts are in ``pyproject.toml`` (``[tool.importlinter]``); ``lint-imports`` checks
them here so that a change that breaks a layer fails the suite.
"""

from __future__ import annotations

import ast
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
import tomllib

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


PACKAGE = "oauth_client_errors"


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(PACKAGE, exclude_type_checking_imports=True)


def _layered_modules() -> set[str]:
    """The modules that the layers contract of ``pyproject.toml`` places."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (layers,) = [
        c["layers"]
        for c in config["tool"]["importlinter"]["contracts"]
        if c["type"] == "layers" and c["name"].startswith("The package is layered")
    ]
    # "(name)" would be a layer that may be missing
    return {name.strip().strip("()") for layer in layers for name in layer.split("|")}


def test_no_module_imports_one_that_imports_it_back() -> None:
    """Issue 11, "how it is checked": no import cycle anywhere in the package."""
    graph = _graph()
    cycles = sorted(
        (module, imported)
        for module in graph.modules
        for imported in graph.find_modules_directly_imported_by(module)
        if graph.chain_exists(importer=imported, imported=module)
    )
    assert cycles == []


def test_every_module_has_its_place_in_the_layers() -> None:
    """A new module must be placed in ``[tool.importlinter]``, or no contract guards it."""
    placed = _layered_modules()
    tops = {".".join(m.split(".")[:2]) for m in _graph().modules if m != PACKAGE}
    assert tops - placed == set()
    assert placed - tops == set()


def test_below_the_command_line_no_module_imports_the_package_face() -> None:
    """The face (``__init__``) loads names lazily: importing it would hide a dependency."""
    graph = _graph()
    importers = {
        ".".join(m.split(".")[:2]) for m in graph.find_modules_that_directly_import(PACKAGE)
    }
    assert importers <= {f"{PACKAGE}._cli", f"{PACKAGE}.testing"}


#: Imports of the package's own modules inside a function: each loads weight on first use,
#: none dodges a cycle (``test_no_module_imports_one_that_imports_it_back`` sees them all).
LAZY_BY_DESIGN = {
    # the face: the names that need tenacity or the token machinery, and the messages
    # layer with its catalogues, load on first use
    ("__init__.py", "._messages"),
    # the file store needs filelock, the Redis store redis: each loads when it is used
    ("_stores/__init__.py", "._file"),
    ("_stores/__init__.py", "._redis"),
    # the pytest plugin loads with every test session; its server only with the fixture
    ("testing/plugin.py", "._server"),
    # the step-up parameters (with the dialects' scope readers) load with the first
    # next_authorization_params(), not with every error
    ("_errors.py", "._stepup"),
}


def _function_level_imports() -> set[tuple[str, str]]:
    found = set()
    base = ROOT / PACKAGE
    for path in sorted(base.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.ImportFrom) and (
                    node.level or (node.module or "").startswith(PACKAGE)
                ):
                    target = "." * node.level + (node.module or "")
                    found.add((path.relative_to(base).as_posix(), target))
    return found


def test_no_import_of_the_package_hides_in_a_function() -> None:
    assert _function_level_imports() <= LAZY_BY_DESIGN


@pytest.mark.parametrize(
    "module",
    [
        "oauth_client_errors",
        "oauth_client_errors._interpret",
    ],
)
def test_the_import_stays_light(module: str) -> None:
    forbidden = (
        "asyncio",
        "urllib.request",
        "http.client",
        "httpx",
        "requests",
        "tenacity",
        "filelock",
        "redis",
        "cryptography",
        "babel",
        "oauth_client_errors._messages",
        "oauth_client_errors._tokens",
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
