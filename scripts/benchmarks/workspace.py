"""What tests and benchmarks share: the browser they launch, and throw-away
copies of the repository for work that changes pages and builds: a git clone (so translation markers, archives and page dates
find their history) with the working tree's current files on top, committed."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

# Debian's Chromium, as tests and benchmarks launch it through Playwright: no
# sandbox (we run as root) and no background networking (the machine has no
# network, and nothing may leave the site's origin).
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-gpu",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic", "--disable-default-apps"]

# What a copy needs in order to build and check itself.
REPO_PARTS = ["docs", "data", "scripts", "overrides", "mkdocs.yml", ".github"]

_IDENTITY = {"GIT_AUTHOR_NAME": "Kunskapscentrum test", "GIT_AUTHOR_EMAIL": "test@localhost",
             "GIT_COMMITTER_NAME": "Kunskapscentrum test", "GIT_COMMITTER_EMAIL": "test@localhost"}


def git(repo: Path, *args: str, date: str | None = None) -> str:
    env = {**os.environ, **_IDENTITY}
    if date:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"{date}T12:00:00"
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env,
                          check=True).stdout


def copy_repo(root: Path, dest: Path, date: str | None = None) -> Path:
    subprocess.run(["git", "clone", "-q", "--no-hardlinks", str(root), str(dest)], check=True,
                   capture_output=True)
    for part in REPO_PARTS:
        src, target = root / part, dest / part
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.exists():
            shutil.copy2(src, target)
    git(dest, "add", "-A")
    if git(dest, "status", "--porcelain").strip():
        git(dest, "commit", "-q", "-m", "Working state", date=date)
    return dest
