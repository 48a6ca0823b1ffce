"""Only files from the repository, inside it.

MkDocs copies whatever a path under docs/ points at, and a symbolic link can
point anywhere: at /etc/passwd, at /proc/self/environ (the build's
environment), or at ../../.git/config (where a CI checkout may keep its
token). A pull request can carry such a link, and a reviewer sees only a
one-line diff. So no symbolic link is allowed under the folders the build
reads (docs/, overrides/, data/): `check` and the build both fail on one,
before any file is read, and nothing is followed or copied. Directory links
and dangling links are found the same way (without following them).

Run first by `python -m scripts check` (scripts/cli.py) and by the build
(scripts/hooks.py, on_pre_build).
"""
from __future__ import annotations

import os
from pathlib import Path

from ..content.schema import Problem

# The folders whose files end up in the site or shape it.
READ_DIRS = ("docs", "overrides", "data")


def symlinks(root: Path) -> list[Problem]:
    """A problem for every symbolic link under READ_DIRS (files, folders, dangling)."""
    root = Path(root)
    problems = []
    for name in READ_DIRS:
        top = root / name
        if top.is_symlink():
            problems.append(_problem(root, top))
            continue
        if not top.is_dir():
            continue
        for folder, dirs, files in os.walk(top, followlinks=False):
            for entry in sorted(dirs + files):
                path = Path(folder) / entry
                if path.is_symlink():
                    problems.append(_problem(root, path))
    return problems


def _problem(root: Path, path: Path) -> Problem:
    rel = path.relative_to(root).as_posix()
    kind = "folder" if path.is_dir() else ("file" if path.exists() else "path that does not exist")
    return Problem(rel, None, None,
                   f"is a symbolic link (to a {kind}); the build publishes only files stored in the "
                   "repository and never follows a link.",
                   "a regular file committed to the repository",
                   f"replace the link with the real file (git rm {rel}, then copy the file's content "
                   "there and commit it), or remove it.")


def check(site, args=None) -> list[Problem]:
    """`python -m scripts check` step (scripts/cli.py)."""
    return symlinks(site.root)
