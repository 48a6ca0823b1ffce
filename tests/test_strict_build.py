"""A broken internal link or a missing anchor fails the build, names the page
and the link, and leaves the last good site in place."""
from __future__ import annotations

from conftest import run_build


def test_broken_link_and_missing_anchor_fail_the_build_and_keep_the_old_site(make_repo):
    repo = make_repo()
    assert run_build(repo).returncode == 0
    marker = repo / "site" / "index.html"
    good = marker.read_text()

    page = repo / "docs/sv/roller/sis.md"
    page.write_text(page.read_text() + "\n[Trasig länk](finns-inte.md)\n\n"
                    "[Fel ankare](polisen.md#ankare-som-saknas)\n")
    result = run_build(repo)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "sv/roller/sis.md" in output
    assert "finns-inte.md" in output
    assert "ankare-som-saknas" in output
    assert marker.read_text() == good, "the last good site must survive a failed build"
