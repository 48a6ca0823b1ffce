"""The English build runs in its own process beside the Swedish one
(scripts/build/parallel.py). It must build the same site as the plugin's
one-after-the-other builds, and an error in an English page must still fail
the whole build, name the page and keep the last good site."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import run_build

# The English 404 page's language links: one after the other, they keep the
# alternates of the last English page rendered (a leftover of the i18n
# plugin's shared state); in its own process they point at the start pages.
DIFFERENT_BY_DESIGN = {"en/404.html"}


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_parallel_and_sequential_builds_write_the_same_site(make_repo, tmp_path):
    repo = make_repo()
    parallel_site, sequential_site = tmp_path / "parallel", tmp_path / "sequential"
    result = run_build(repo, parallel_site)
    assert result.returncode == 0, result.stderr[-3000:]
    result = run_build(repo, sequential_site, env={"KC_PARALLEL": "false"})
    assert result.returncode == 0, result.stderr[-3000:]

    parallel, sequential = _files(parallel_site), _files(sequential_site)
    assert parallel.keys() == sequential.keys()
    assert any(name.startswith("en/") and name.endswith(".html") for name in parallel)
    different = []
    for name, path in parallel.items():
        if name in DIFFERENT_BY_DESIGN:
            continue
        if name.endswith("pagefind-entry.json"):  # the same languages, in either order
            same = json.loads(path.read_text()) == json.loads(sequential[name].read_text())
        else:
            same = path.read_bytes() == sequential[name].read_bytes()
        if not same:
            different.append(name)
    assert not different, f"{len(different)} files differ, first: {different[:5]}"


def test_an_error_in_an_english_page_fails_the_build_and_keeps_the_old_site(make_repo):
    repo = make_repo()
    assert run_build(repo).returncode == 0
    index = repo / "site" / "en" / "index.html"
    good = index.read_text()

    page = repo / "docs/en/roller/sis.md"
    page.write_text(page.read_text() + "\n[Broken link](no-such-page.md)\n")
    result = run_build(repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "en/roller/sis.md" in output and "no-such-page.md" in output
    assert "The build of en failed" in output
    assert index.read_text() == good, "the last good site must survive a failed English build"
    leftovers = [p.name for p in repo.iterdir() if p.name.startswith((".site-new-", ".kc-search-"))]
    assert not leftovers, f"a failed build left folders behind: {leftovers}"
