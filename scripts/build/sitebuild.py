"""One build of the site: `mkdocs build --strict` (or ProperDocs) into a
fresh folder, swapped in only when the build succeeds, so a failed build never
destroys the last good site. Used by `python -m scripts build`, the dev server
(scripts/build/serve.py) and the offline edition (scripts/build/offline.py)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# The engines that build the site, by the module each runs as (python -m …): MkDocs
# 1.x, and ProperDocs (a drop-in fork of MkDocs 1.x, pinned in
# requirements-properdocs.txt; README "Leaving MkDocs"). tests/test_engines.py
# builds the site with both and compares the pages.
ENGINES = ("mkdocs", "properdocs")
ENGINE_ENV = "KC_ENGINE"


def build_site(root: Path, site_dir: Path, extra_env: dict | None = None, output=None,
               engine: str = ENGINES[0]) -> int:
    """mkdocs build --strict into a fresh folder; the previous site survives a failure.
    `output`, when given, also receives every line the build prints (scripts/build/serve.py).
    `engine` is one of ENGINES."""
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}: one of {', '.join(ENGINES)}")
    import importlib.util
    if importlib.util.find_spec(engine) is None:
        print(f"The {engine} engine is not installed in this Python: run make build ENGINE={engine}, which "
              f"installs it (requirements-{engine}.txt).", file=sys.stderr)
        return 1
    site_dir = site_dir if site_dir.is_absolute() else root / site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".site-new-", dir=site_dir.parent))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    cmd = [sys.executable, "-m", engine, "build", "--strict", "--clean", "-f", str(root / "mkdocs.yml"),
           "-d", str(tmp)]
    if output is None:
        result = subprocess.run(cmd, cwd=root, env=env)
    else:
        result = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                  text=True, encoding="utf-8", errors="replace")
        for line in result.stdout:
            sys.stdout.write(line)
            output(line.rstrip("\n"))
        result.wait()
    if result.returncode != 0:
        shutil.rmtree(tmp, ignore_errors=True)
        print(f"Build failed; the previous site in {site_dir} is unchanged.", file=sys.stderr)
        return result.returncode
    old = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    tmp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    return 0
