"""Links: every internal link and #anchor in the built HTML resolves
(scripts/checks/linkcheck.py, also `python -m scripts links`). MkDocs' strict build
checks the Markdown links (tests/test_strict_build.py); this checks what the
finished pages hold, templates and generated content included. External
addresses are collected here but only asked with --external, never in tests
(there is no network)."""
from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT
from scripts.checks import linkcheck


def test_every_internal_link_and_anchor_in_the_built_site_resolves(site_dir):
    check = linkcheck.LinkCheck(site_dir)
    problems = check.internal_problems()
    assert not problems, f"{len(problems)} broken link(s):\n" + "\n".join(map(str, problems[:50]))
    internal = [(rel, a) for rel, page in check.pages.items() for a, _ in page.links
                if check._classify(rel, a)[0] == "internal"]
    assert len(internal) > 1000
    assert sum(1 for rel, a in internal if check._classify(rel, a)[2]) > 50, "anchors were not checked"


def test_a_dead_anchor_and_a_missing_page_fail_naming_file_and_line(site_dir, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(site_dir, site)
    page = site / "roller" / "sis" / "index.html"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(30, '<a href="../polisen/#ankare-som-saknas">Fel ankare</a>')
    lines.insert(31, '<a href="../finns-inte/">Trasig länk</a>')
    page.write_text("\n".join(lines), encoding="utf-8")

    problems = [str(p) for p in linkcheck.check_internal(site)]
    assert len(problems) == 2, problems
    assert problems[0].startswith("site/roller/sis/index.html:31: ERROR")
    assert "'../polisen/#ankare-som-saknas'" in problems[0] and "roller/polisen/index.html" in problems[0]
    assert problems[1].startswith("site/roller/sis/index.html:32: ERROR") and "finns-inte" in problems[1]

    cli = subprocess.run([sys.executable, "-m", "scripts", "links", "--site", str(site)],
                         cwd=ROOT, capture_output=True, text=True)
    assert cli.returncode == 1
    assert "site/roller/sis/index.html:31" in cli.stdout and "2 broken internal link(s)" in cli.stdout


def test_directory_addresses_redirects_and_the_sites_own_address(tmp_path):
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "moved").mkdir()
    (site / "index.html").write_text(
        '<link rel="canonical" href="https://kc.example/">'
        '<a href="a/">dir</a><a href="a">dir without slash</a><a href="a/index.html#x">file and anchor</a>'
        '<a href="https://kc.example/a/#x">own address</a><a href="https://other.example/">external</a>'
        '<a href="mailto:x@example.invalid">mail</a><a href="#">top</a><img src="logo.svg" alt="">', encoding="utf-8")
    (site / "logo.svg").write_text("<svg/>", encoding="utf-8")
    (site / "a" / "index.html").write_text('<h2 id="x">X</h2><a href="../#nope">back</a>', encoding="utf-8")
    (site / "moved" / "index.html").write_text(
        '<meta http-equiv="refresh" content="0; url=../gone/">', encoding="utf-8")

    check = linkcheck.LinkCheck(site)
    assert check.site_url == "https://kc.example/"
    problems = [str(p) for p in check.internal_problems()]
    assert len(problems) == 2, problems
    assert problems[0].startswith("site/a/index.html:1:") and "'../#nope'" in problems[0]
    assert problems[1].startswith("site/moved/index.html:1:") and "gone" in problems[1]
    assert list(check.external_links()) == ["https://other.example/"]


def test_external_addresses_are_collected_for_the_separate_check(site_dir):
    links = linkcheck.LinkCheck(site_dir).external_links()
    assert "https://www.digg.se/tdosanmalan" in links
    assert not any(url.startswith("http://127.0.0.1") for url in links)
