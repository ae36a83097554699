"""The docs build's griffe extension (scripts/griffe_sphinx_roles.py): Sphinx roles in
docstrings become optional autorefs cross-references, resolved from where they are written.

Marked ``docs``: griffe comes with the ``docs`` extra. ``test_docs_site.py`` checks the
built site (no role left on any page, a role rendered as a working link).
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from scriptkit import load_script

pytestmark = pytest.mark.docs
# Collected by every run (the marker only deselects): without the docs extra, skip here
# rather than fail to import the extension.
pytest.importorskip("griffe", reason="the docs extra (griffe) is not installed")

ROOT = Path(__file__).resolve().parent.parent


EXT = load_script("griffe_sphinx_roles.py", "griffe_sphinx_roles")


def _load(name: str, where: Path) -> Any:
    import griffe

    return griffe.load(
        name,
        search_paths=[str(where)],
        extensions=griffe.load_extensions(EXT.SphinxRoles),
        resolve_aliases=False,
    )


def _ref(identifier: str, title: str) -> str:
    return f'<autoref identifier="{identifier}" optional>`{title}`</autoref>'


def _walk(obj: Any) -> Any:
    yield obj
    for member in obj.members.values():
        if not member.is_alias:
            yield from _walk(member)


@pytest.fixture(scope="module")
def package() -> Any:
    return _load("oauth_client_errors", ROOT)


def test_no_docstring_of_the_package_keeps_a_role(package: Any) -> None:
    docstrings = [o.docstring.value for o in _walk(package) if o.docstring is not None]
    assert len(docstrings) > 300
    assert sum("<autoref identifier=" in d for d in docstrings) > 100
    left = [d for d in docstrings if EXT.ROLE.search(d)]
    assert left == []


def test_the_package_roles_resolve_from_where_they_are_written(package: Any) -> None:
    def doc(path: str) -> str:
        value: str = package[path].docstring.value
        return value

    # ~ shows the last part; the target is kept as written when it is already public
    assert _ref("oauth_client_errors.InsecureTransportError", "InsecureTransportError") in doc(
        "requests.OAuth2Auth"
    )
    # a name imported by the module, then a member of it
    assert _ref("oauth_client_errors._stores._base.TokenStore.save", "TokenStore.save") in doc(
        "_stores._file.FileTokenStore.save"
    )
    # a name of the enclosing class, from a method's docstring
    own = "oauth_client_errors._ground.exceptions.OAuthClientError"
    assert _ref(f"{own}.user_message", "user_message") in doc(
        "_ground.exceptions.OAuthClientError.user_message_in"
    )
    # a relative module name, from a package's docstring
    assert _ref("oauth_client_errors._ground.urls", ".urls") in doc("_ground")
    # the standard library is not on the site: kept as written (autorefs shows it as code)
    assert _ref("os.replace", "os.replace") in doc("_stores._file.FileTokenStore")


def test_role_forms_on_a_small_package(tmp_path: Path) -> None:
    pkg = tmp_path / "demo"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        textwrap.dedent(
            '''
            """The demo: :mod:`.core`, :class:`~demo.core.Base`, :py:func:`helper`."""
            from .core import Base, helper
            '''
        )
    )
    (pkg / "core.py").write_text(
        textwrap.dedent(
            '''
            """Core: :data:`LIMITS_*`, :exc:`ValueError`, :func:`!helper`."""

            def helper():
                """Help; see :class:`the base class <demo.core.Base>`."""

            class Base:
                """A base with :meth:`run` and :attr:`size`."""

                size = 1

                def run(self):
                    """Run; then :meth:`stop`, :meth:`Base.run`, :meth:`~Base.run`."""

                def stop(self):
                    """Stop."""

            class Child(Base):
                """Inherits :meth:`run`; see :obj:`helper`."""
            '''
        )
    )
    demo = _load("demo", tmp_path)

    def doc(path: str) -> str:
        value: str = (demo[path] if path else demo).docstring.value
        return value

    assert doc("") == (
        "The demo: "
        + _ref("demo.core", ".core") + ", "
        + _ref("demo.core.Base", "Base") + ", "
        + _ref("demo.core.helper", "helper") + "."
    )  # fmt: skip
    # a pattern and an unknown name stay as written; "!" gives code without a link
    assert doc("core") == "Core: `LIMITS_*`, " + _ref("ValueError", "ValueError") + ", `helper`."
    assert doc("core.helper") == "Help; see " + _ref("demo.core.Base", "the base class") + "."
    assert doc("core.Base") == (
        "A base with " + _ref("demo.core.Base.run", "run") + " and "
        + _ref("demo.core.Base.size", "size") + "."
    )  # fmt: skip
    assert doc("core.Base.run") == (
        "Run; then " + _ref("demo.core.Base.stop", "stop") + ", "
        + _ref("demo.core.Base.run", "Base.run") + ", " + _ref("demo.core.Base.run", "run") + "."
    )  # fmt: skip
    child = doc("core.Child")
    assert _ref("demo.core.helper", "helper") in child
    assert _ref("demo.core.Base.run", "run") in child  # an inherited member
