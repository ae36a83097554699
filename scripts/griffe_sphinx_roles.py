"""A griffe extension for the docs site: Sphinx roles in docstrings become cross-references.

The package's docstrings name other objects the Sphinx way (``:class:`~oauth_client_errors.Token```,
``:meth:`refresh```, ``:mod:`.urls```), which mkdocstrings would print as they are. When
griffe has loaded the package (mkdocstrings-python's ``extensions`` option, in
``mkdocs.yml``), this extension rewrites every such role in every docstring before the
docstring is parsed:

* the target is resolved the way Python would see the name from where the docstring is:
  the object's members (a class's inherited ones too), then each enclosing scope (class,
  module, package), imports included, then the package's public names; an alias is
  followed to the object it names; ``.name`` is looked up in the enclosing module;
* the text shown is the target as written, or only its last part with ``~``
  (``:class:`~a.b.C``` shows ``C``), in code font;
* it becomes an *optional* autorefs cross-reference
  (``<autoref identifier="a.b.C" optional>`C`</autoref>``): a link where the site renders
  that object, plain code where it does not (a private helper, ``ValueError``,
  ``tenacity.Retrying``), so ``mkdocs build --strict`` never fails on an unknown target.

Roles handled: ``class``, ``meth``, ``func``, ``attr``, ``data``, ``exc``, ``mod``, ``obj``
and ``const``, with an optional ``py:`` domain; the forms ``title <target>`` and ``!target``
(no link) are understood. Nothing else in a docstring is touched, and the source files are
never changed: only the docs build sees the rewritten text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from griffe import Alias, AliasResolutionError, Extension, Module, Object

__all__ = ["ROLE", "SphinxRoles", "convert", "resolve"]

#: A Sphinx Python-domain role with its target: ``:class:`~a.b.C```, ``:py:meth:`x```.
ROLE = re.compile(
    r":(?:py:)?(?P<role>class|meth|func|attr|data|exc|mod|obj|const):`(?P<target>[^`\n]+)`"
)
_EXPLICIT = re.compile(r"(?P<title>.*?)\s*<(?P<target>[^<>]+)>")
_NAME = re.compile(r"\.*[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")


def _members(scope: Object | Alias) -> dict[str, Any]:
    """The names a scope holds: a class's inherited members too, when griffe can tell."""
    if scope.is_class:
        try:
            return dict(scope.all_members)
        except (AliasResolutionError, KeyError, ValueError):
            pass
    return dict(scope.members)


def _path_of(member: Object | Alias) -> str:
    """The path of the object a member names, following aliases as far as they resolve."""
    if isinstance(member, Alias):
        try:
            return member.final_target.path
        except (AliasResolutionError, KeyError, ValueError, RecursionError):
            return member.target_path
    return member.path


def _module_of(obj: Object | Alias) -> Object | Alias:
    scope = obj
    while not scope.is_module and scope.parent is not None:
        scope = scope.parent
    return scope


def resolve(obj: Object | Alias, target: str) -> str:
    """The full path ``target`` names, seen from ``obj``'s docstring; ``target`` if unknown.

    Args:
        obj: The object whose docstring holds the role.
        target: The role's target, without ``~`` (``Token``, ``TokenStore.save``,
            ``oauth_client_errors.discover``, ``.urls``).

    Returns:
        A dotted path for autorefs to look up; a name it cannot find shows as code.
    """
    if not _NAME.fullmatch(target):
        return target
    relative = target.startswith(".")
    first, _, rest = target.lstrip(".").partition(".")
    scopes: list[Object | Alias] = []
    scope: Object | Alias | None = _module_of(obj) if relative else obj
    while scope is not None:
        scopes.append(scope)
        scope = scope.parent
    if not relative:
        package = scopes[-1]  # the package's public names, wherever the docstring is
        if package.name == first:
            return target
    for place in scopes:
        members = _members(place)
        if first in members:
            path = _path_of(members[first])
            return f"{path}.{rest}" if rest else path
    return target.lstrip(".")


def convert(obj: Object | Alias, text: str) -> str:
    """``text`` with every Sphinx role turned into an optional autorefs cross-reference."""

    def replace(match: re.Match[str]) -> str:
        raw = match["target"].strip()
        explicit = _EXPLICIT.fullmatch(raw)
        title: str | None = None
        if explicit:
            title, raw = explicit["title"], explicit["target"].strip()
        no_link = raw.startswith("!")
        short = raw.lstrip("!").startswith("~")
        target = raw.lstrip("!~")
        if title is None:
            title = target.rsplit(".", 1)[-1] if short else target
        code = f"`{title}`"
        if no_link or not _NAME.fullmatch(target):
            return code  # "!name", or not a name ("RFC_*"): code, no cross-reference
        identifier = html.escape(resolve(obj, target), quote=True)
        return f'<autoref identifier="{identifier}" optional>{code}</autoref>'

    return ROLE.sub(replace, text)


def _walk(obj: Object) -> Iterator[Object]:
    """``obj`` and everything defined in it (not what it imports), depth first."""
    yield obj
    for member in obj.members.values():
        if not isinstance(member, Alias):
            yield from _walk(member)


class SphinxRoles(Extension):
    """Rewrite the Sphinx roles of every docstring of a package once it is loaded."""

    def on_package(self, *, pkg: Module, **kwargs: Any) -> None:
        """Run when griffe has loaded the whole package (every module, every docstring)."""
        for obj in _walk(pkg):
            if obj.docstring is not None and ":" in obj.docstring.value:
                obj.docstring.value = convert(obj, obj.docstring.value)
