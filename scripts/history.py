"""Git history, read once per build: which commits touched which page file, and
what a file said at a given commit. Dates, archives and translation state all
ask this module instead of running git themselves."""
from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from . import data


def _git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else ""


@functools.lru_cache(maxsize=8)
def _log(root: str, stamp: str) -> dict[str, list[tuple[str, str]]]:
    """{path: [(commit, YYYY-MM-DD), ...] newest first} for everything under docs/."""
    out = _git(Path(root), "log", "--format=@%H %cs", "--name-only", "--no-renames", "--", "docs")
    commits: dict[str, list[tuple[str, str]]] = {}
    current: tuple[str, str] | None = None
    for line in out.splitlines():
        if line.startswith("@"):
            sha, date = line[1:].split()
            current = (sha, date)
        elif line.strip() and current:
            commits.setdefault(line.strip(), []).append(current)
    return commits


def head(root: Path) -> str:
    return _git(root, "rev-parse", "HEAD").strip()


def log(root: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    root = root or data.root_dir()
    return _log(str(root), head(root))


def file_at(root: Path, commit: str, path: str) -> str | None:
    result = subprocess.run(["git", "-C", str(root), "show", f"{commit}:{path}"],
                            capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def source_changed_since(site, key: str) -> str | None:
    """The date the Swedish page stopped matching the state its translation records.

    Walks the Swedish file's commits from newest to oldest; the change happened
    in the commit just after the newest one whose content still had the
    recorded hash. An uncommitted change counts as today.
    """
    from . import pages as pages_mod, schema, translations
    sv, en = site.by_lang["sv"].get(key), site.by_lang["en"].get(key)
    if not sv or not en:
        return None
    wanted = (en.meta.get("translation") or {}).get("source_hash")
    path = f"docs/sv/{key}"
    commits = log(site.root).get(path, [])
    later_date = None
    for sha, date in commits:
        text = file_at(site.root, sha, path)
        if text is not None:
            old = pages_mod.parse(text, site.root / path, path, "sv", key)
            if translations.source_hash(old) == wanted:
                return later_date or schema.today().isoformat()
        later_date = date
    return later_date or schema.today().isoformat()
