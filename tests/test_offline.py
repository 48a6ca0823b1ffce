"""The offline edition (python -m scripts offline, scripts/build/offline.py): a zip
of the site that works from the file system, opened in Chromium from file://.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import ROOT

FOLDER = "kunskapscentrum"


@pytest.fixture(scope="module")
def offline_zip(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "offline.zip"
    result = subprocess.run([sys.executable, "-m", "scripts", "offline", "--output", str(out)], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        pytest.fail("python -m scripts offline failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    return out


@pytest.fixture(scope="module")
def offline_dir(offline_zip, tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(offline_zip) as z:
        z.extractall(dest)
    return dest / FOLDER


def test_zip_holds_both_languages_and_leaves_hosting_files_out(offline_zip):
    names = set(zipfile.ZipFile(offline_zip).namelist())
    for name in ("index.html", "en/index.html", "roller/sis.html", "en/roller/sis.html", "README.txt",
                 "checklistor/forsta-motet.html"):
        assert f"{FOLDER}/{name}" in names, name
    assert not any(n.startswith((f"{FOLDER}/pagefind/", f"{FOLDER}/_headers")) for n in names)
    assert not any(n.endswith("/index.html") and f"{FOLDER}/{n.rsplit('/', 2)[-2]}.html" in names
                   for n in names if n.count("/") > 1 and "/arkiv/" not in n), \
        "pages must be page.html files, not folders"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for name in ("href", "src"):
            value = a.get(name)
            if value and not (tag == "link" and "canonical" in (a.get("rel") or "")) and \
                    not (tag == "link" and "alternate" in (a.get("rel") or "") and a.get("hreflang")):
                self.links.append(value)


def test_every_link_inside_the_edition_opens_a_file(offline_dir):
    """A link to a folder (roller/sis/) opens nothing from file://: every link
    our templates, hooks and generators write must name a file."""
    broken = {}
    pages = sorted(offline_dir.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        parser = _Links()
        parser.feed(path.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (path.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.setdefault(path.relative_to(offline_dir).as_posix(), []).append(link)
    assert not broken, dict(list(broken.items())[:10])


def test_search_box_is_replaced_by_a_notice_in_both_languages(offline_dir):
    sv = (offline_dir / "index.html").read_text(encoding="utf-8")
    en = (offline_dir / "en/index.html").read_text(encoding="utf-8")
    assert "Sökning fungerar inte i offlineversionen" in sv and "data-kc-search" not in sv
    assert "Search does not work in the offline edition" in en and "kc-search.js" not in en


@pytest.mark.browser
def test_the_edition_works_from_the_file_system(page, offline_dir):
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(("file://", "data:")) else None)
    start = (offline_dir / "index.html").as_uri()
    page.goto(start)
    assert page.locator("html").get_attribute("lang") == "sv"
    # Material's and our stylesheets load: the header is sticky and coloured.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") \
        not in ("rgba(0, 0, 0, 0)", "transparent")
    assert page.locator("[data-kc=search-offline]").is_visible()

    # Two levels down through the menu: the section, then a page in it.
    page.locator('.md-nav--primary a[href="roller/index.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/roller/index.html")
    page.locator('.md-nav--primary a[href="sis.html"]').first.click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/roller/sis.html")
    assert page.locator("h1").first.inner_text().strip()

    # The language switcher leads to the English page.
    page.locator(".md-select .md-header__button").first.hover()
    page.locator('.md-select__link[hreflang="en"]').click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/roller/sis.html")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"

    # The footer's link to the accessibility statement opens the file.
    page.locator(".kc-footer__links a").first.click()
    page.wait_for_load_state("load")
    assert re.search(r"/en/om/tillganglighet\.html$", page.url), page.url
    assert not outside, outside


@pytest.mark.browser
def test_checklists_save_in_the_offline_edition(page, offline_dir):
    page.goto((offline_dir / "checklistor/forsta-motet.html").as_uri())
    item = page.locator("input[data-item-id]").first
    item.check()
    page.reload()
    assert page.locator("input[data-item-id]").first.is_checked()
