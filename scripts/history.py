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
    out = _git(Path(root), "log", "--format=@%H %cs", "--name-only", "--no-renames", "--relative",
               "--", "docs")
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


def available(root: Path) -> bool:
    """True when `root` has git history worth asking: a commit, and not a shallow clone
    (a shallow clone lacks the older states that translation markers point at)."""
    if not head(root):
        return False
    return _git(root, "rev-parse", "--is-shallow-repository").strip() != "true"


def log(root: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    root = root or data.root_dir()
    return _log(str(root), head(root))


def file_at(root: Path, commit: str, path: str) -> str | None:
    # "./" makes the path relative to root, which may sit below the repository's top.
    result = subprocess.run(["git", "-C", str(root), "show", f"{commit}:./{path}"],
                            capture_output=True, text=True)
    return result.stdout if result.returncode == 0 else None


def source_changed_since(site, key: str) -> str | None:
    """The date the Swedish page stopped matching the state its translation
    records (ISO), or None. scripts/translations.py owns the rule; see there."""
    state = site.translation.get(key)
    return state.since if state and state.status == "outdated" else None


def read_many(root: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str | None]:
    """The text of many (commit, path) pairs through one `git cat-file --batch`
    process, instead of one git call per file per commit."""
    if not wanted:
        return {}
    request = "".join(f"{commit}:./{path}\n" for commit, path in wanted)
    # cat-file needs paths from the repository top; resolve "./" relative to root.
    result = subprocess.run(["git", "-C", str(root), "cat-file", "--batch"], input=request.encode(),
                            capture_output=True)
    out, pos, texts = result.stdout, 0, {}
    for item in wanted:
        end = out.index(b"\n", pos)
        header = out[pos:end].decode()
        pos = end + 1
        if header.endswith("missing") or " " not in header:
            texts[item] = None
            continue
        size = int(header.rsplit(" ", 1)[1])
        texts[item] = out[pos:pos + size].decode("utf-8", errors="replace")
        pos += size + 1
    return texts


def page_paths(page, old_keys: list[str] | None = None) -> list[str]:
    """Every path a page's file has had: its own, then the ones it moved from
    (`redirect_from`, given for the page in either language), so history follows a moved page."""
    olds = old_keys if old_keys is not None else page.meta.get("redirect_from") or []
    return [f"docs/{page.lang}/{page.key}"] + [f"docs/{page.lang}/{old}" for old in olds]


def page_commits(root: Path, page, old_keys: list[str] | None = None) -> list[tuple[str, str, str]]:
    """[(commit, date, path), ...] newest first in git's own order (not by date,
    which can run backwards), over every path the page has had."""
    position = commit_order(root)
    found = {(sha, date, path) for path in page_paths(page, old_keys) for sha, date in log(root).get(path, [])}
    return sorted(found, key=lambda c: position.get(c[0], 0))


def commit_order(root: Path) -> dict[str, int]:
    """{commit: position in `git log`, 0 = newest}, from the same single read as log()."""
    seen: dict[str, int] = {}
    for commits in log(root).values():
        for sha, _ in commits:
            seen.setdefault(sha, 0)
    if not seen:
        return {}
    out = _git(root, "rev-list", "HEAD")
    return {sha: i for i, sha in enumerate(out.split())}
