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
    """The commit checked out. Asked for every page (it keys the caches below),
    so it is read from .git's files when they are plain, without starting git."""
    quick = _head_from_files(Path(root))
    return quick if quick is not None else _git(root, "rev-parse", "HEAD").strip()


def _head_from_files(root: Path) -> str | None:
    """HEAD's commit from .git/HEAD and the ref it names (loose or packed), or
    None when the layout is anything else (worktree, reftable, GIT_DIR...)."""
    import os
    import re
    if "GIT_DIR" in os.environ:
        return None
    git_dir = next((d / ".git" for d in (root.resolve(), *root.resolve().parents) if (d / ".git").exists()), None)
    if git_dir is None or not git_dir.is_dir():
        return None
    try:
        text = (git_dir / "HEAD").read_text(encoding="utf-8").strip()
        if not text.startswith("ref: "):
            return text if re.fullmatch(r"[0-9a-f]{40}", text) else None
        ref = text[5:].strip()
        loose = git_dir / ref
        if loose.is_file():
            sha = loose.read_text(encoding="utf-8").strip()
            return sha if re.fullmatch(r"[0-9a-f]{40}", sha) else None
        packed = git_dir / "packed-refs"
        if packed.is_file():
            for line in packed.read_text(encoding="utf-8").splitlines():
                if line.endswith(" " + ref) and re.fullmatch(r"[0-9a-f]{40}", line[:40]):
                    return line[:40]
    except OSError:
        return None
    return None


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
    """{commit: position in `git log`, 0 = newest}, read once per HEAD (it is
    asked for every page)."""
    return _commit_order(str(root), head(root))


@functools.lru_cache(maxsize=8)
def _commit_order(root: str, stamp: str) -> dict[str, int]:
    if not any(_log(root, stamp).values()):
        return {}
    out = _git(Path(root), "rev-list", "HEAD")
    return {sha: i for i, sha in enumerate(out.split())}


# -- last change per file, for the git-revision-date-localized plugin --------

@functools.lru_cache(maxsize=8)
def _last_changes(root: str, stamp: str) -> dict[str, tuple[str, int]]:
    """{path under docs/: (commit, author time)} of the newest commit that
    changed each file, following renames and not counting a rename itself,
    from one `git log` over docs/."""
    out = _git(Path(root), "log", "--format=@%H %at", "--name-status", "-M", "--relative", "--", "docs")
    found: dict[str, tuple[str, int]] = {}
    renamed_from: dict[str, str] = {}   # older path -> the path it has today
    current = None
    for line in out.splitlines():
        if line.startswith("@"):
            sha, stamp_ = line[1:].split()
            current = (sha, int(stamp_))
        elif line.strip() and current:
            status, *paths = line.split("\t")
            if status.startswith("R") and len(paths) == 2:
                old, new = paths
                renamed_from[old] = renamed_from.get(new, new)
                continue
            path = paths[-1]
            today = renamed_from.get(path, path)
            found.setdefault(today, current)
    return found


def prefill_revision_dates(config, root: Path | None = None) -> int:
    """Give the git-revision-date-localized plugin every page's last commit
    from one `git log`, instead of the one `git log --follow` per page it runs
    itself (with 2 × 2,000 pages that was most of the build: BENCHMARKS.md).
    Same answer: the newest commit that changed the file, renames followed
    and not counted. Files not in the log (new, uncommitted) are left to the
    plugin. Returns the number of pages filled; 0 when the plugin is off,
    already has dates (mkdocs serve), or ignores commits."""
    plugin = config.plugins.get("git-revision-date-localized")
    if plugin is None or not plugin.config.get("enabled") or not plugin.config.get("enable_parallel_processing"):
        return 0
    if plugin.last_revision_commits or getattr(getattr(plugin, "util", None), "ignored_commits", None):
        return 0
    root = Path(root or data.root_dir())
    changes = _last_changes(str(root), head(root))
    if not changes:
        return 0
    # The plugin's cache key is the page file's path as MkDocs names it (under config.docs_dir).
    docs_rel = Path(config.docs_dir).resolve().relative_to(root.resolve()).as_posix() + "/"
    filled = 0
    for rel, (sha, stamp) in changes.items():
        if not rel.startswith(docs_rel):
            continue
        path = Path(config.docs_dir) / rel[len(docs_rel):]
        if not path.is_file():
            continue
        key = str(path.absolute())
        plugin.last_revision_commits[key] = (sha, stamp)
        plugin.cached_source_paths[key] = key
        filled += 1
    return filled


# -- comparing two states of the repository (python -m scripts review) --------

def resolve(root: Path, rev: str) -> str | None:
    """The commit `rev` names, or None. A revision that looks like an option is refused."""
    if not rev or rev.startswith("-"):
        return None
    return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip() or None


def merge_base(root: Path, base: str, head: str) -> str:
    """Where `head` left `base` (what a pull request is compared with), or `base` itself."""
    return _git(root, "merge-base", base, head).strip() or base


def worktree_tree(root: Path) -> str | None:
    """A tree object holding the working tree as it is, untracked files included
    (those .gitignore leaves out are left out), built in a temporary index so
    the repository's own index is untouched."""
    import os
    import shutil
    import tempfile
    index = _git(root, "rev-parse", "--path-format=absolute", "--git-path", "index").strip()
    with tempfile.TemporaryDirectory(prefix="kc-review-") as tmp:
        tmp_index = Path(tmp) / "index"
        if index and Path(index).is_file():
            shutil.copyfile(index, tmp_index)
        env = {**os.environ, "GIT_INDEX_FILE": str(tmp_index)}
        top = _git(root, "rev-parse", "--show-toplevel").strip() or str(root)
        added = subprocess.run(["git", "-C", top, "add", "-A", "--", "."], capture_output=True, env=env)
        if added.returncode != 0:
            return None
        tree = subprocess.run(["git", "-C", top, "write-tree"], capture_output=True, text=True, env=env)
        return tree.stdout.strip() if tree.returncode == 0 else None


def changed_files(root: Path, base: str, head: str) -> list[tuple[str, str | None, str | None, int]]:
    """[(status, old path, new path, similarity %)] between two tree-ishes, paths
    relative to `root`; renames found by content similarity (git -M): status is
    A, M, D or R (T counts as M)."""
    # -z: paths as they are (git would otherwise quote names with spaces or å, ä, ö).
    out = _git(root, "diff-tree", "-r", "-z", "-M", "--no-commit-id", "--name-status", "--relative", base, head)
    fields = out.split("\0")
    found, i = [], 0
    while i < len(fields) and fields[i]:
        status = fields[i]
        kind = status[:1]
        if kind in "RC":
            old, new = fields[i + 1], fields[i + 2]
            i += 3
            if kind == "R":
                found.append(("R", old, new, int(status[1:] or 100)))
            else:
                found.append(("A", None, new, 0))
            continue
        path = fields[i + 1]
        i += 2
        if kind in "AMTD":
            found.append((kind if kind != "T" else "M", None if kind == "A" else path,
                          None if kind == "D" else path, 0))
    return found
