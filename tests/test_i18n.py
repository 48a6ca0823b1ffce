"""Both languages in the built HTML: <html lang>, hreflang alternates with
x-default, one working sitemap per language, and the notice on pages that
exist only in Swedish."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from conftest import html_pages, page_url, run_build

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def html_lang(html: str) -> str:
    return re.search(r"<html[^>]*\blang=\"([^\"]+)\"", html).group(1)


def alternates(html: str) -> dict[str, str]:
    """hreflang -> href of the <link rel="alternate" hreflang> in <head>, with
    rel read as a list of words, as browsers and search engines read it
    (overrides/main.html writes rel="alternate " so Material's script skips them)."""
    from bs4 import BeautifulSoup
    head = BeautifulSoup(html, "html.parser").head
    return {link["hreflang"]: link["href"] for link in head.find_all("link", hreflang=True)
            if "alternate" in link.get("rel", [])}


def test_every_page_has_the_language_of_its_tree(site_dir):
    pages = html_pages(site_dir)
    assert len(pages) > 40
    for path in pages:
        expected = "en" if page_url(site_dir, path).startswith("en/") else "sv"
        assert html_lang(path.read_text()) == expected, path


def test_translated_pages_name_both_languages_and_x_default(site_dir):
    sv = (site_dir / "roller/sis/index.html").read_text()
    en = (site_dir / "en/roller/sis/index.html").read_text()
    for html in (sv, en):
        alt = alternates(html)
        assert alt["sv"].endswith("/roller/sis/") and "/en/" not in alt["sv"]
        assert alt["en"].endswith("/en/roller/sis/")
        assert alt["x-default"] == alt["sv"]


def test_each_language_has_a_sitemap_listing_only_its_own_pages(site_dir):
    for prefix in ("", "en/"):
        tree = ET.parse(site_dir / prefix / "sitemap.xml")
        urls = tree.getroot().findall(f"{SM}url")
        assert len(urls) > 40
        for url in urls:
            loc = url.find(f"{SM}loc").text
            path = re.sub(r"^https?://[^/]+/", "", loc)
            assert path.startswith("en/") == (prefix == "en/"), loc
            assert (site_dir / path / "index.html").exists() or (site_dir / path).is_file(), loc
            langs = {link.get("hreflang") for link in url.findall(f"{XHTML}link")}
            assert {"sv", "x-default"} <= langs, loc


@pytest.fixture(scope="module")
def swedish_only_site(tmp_path_factory):
    """The site with one English page removed, as happens when a new Swedish page lands."""
    from conftest import copy_repo, git
    repo = copy_repo(tmp_path_factory.mktemp("sv-only") / "repo")
    (repo / "docs/en/roller/sis.md").unlink()
    git(repo, "commit", "-q", "-am", "Remove an English page")
    result = run_build(repo)
    assert result.returncode == 0, result.stderr[-3000:]
    return repo / "site"


def test_swedish_only_page_works_in_english_with_a_notice(swedish_only_site):
    html = (swedish_only_site / "en/roller/sis/index.html").read_text()
    assert html_lang(html) == "en"
    notice = re.search(r'<div class="kc-notice kc-notice--untranslated".*?</div>', html, re.S).group(0)
    assert "has not been translated into English yet" in notice
    assert re.search(r'href="[^"]*/roller/sis/"[^>]*hreflang="sv"', notice)
    # A fallback copy is not an English page: no English alternate, not in the English sitemap.
    assert "en" not in alternates(html)
    assert "/en/roller/sis/" not in (swedish_only_site / "en/sitemap.xml").read_text()
    assert 'name="robots" content="noindex"' in html
    # The Swedish text is marked as Swedish for screen readers; the English facts box as English.
    text = re.search(r'<div class="kc-page-text"[^>]*>', html).group(0)
    assert 'lang="sv"' in text
    assert re.search(r'<aside class="kc-facts"[^>]*lang="en"', html)


def test_translated_pages_carry_no_untranslated_notice(site_dir):
    html = (site_dir / "en/roller/polisen/index.html").read_text()
    assert "kc-notice--untranslated" not in html
    assert not re.search(r'<div class="kc-page-text"[^>]*lang=', html)
