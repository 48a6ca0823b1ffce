"""The language switcher leads from any page to the same page in the other
language, at every depth and in both directions, in real Chromium; on every
built page it names the page itself for the page's own language (generated
pages too: archived versions, their changes, print views)."""
from __future__ import annotations

import re
from urllib.parse import urljoin

import pytest

from conftest import html_pages, page_url

# (Swedish path, English path): the start page and pages one and two levels deep.
PAIRS = [
    ("", "en/"),
    ("vill-lamna/", "en/vill-lamna/"),
    ("roller/", "en/roller/"),
    ("roller/sis/", "en/roller/sis/"),
    ("for-kommuner/placering-i-annan-kommun/", "en/for-kommuner/placering-i-annan-kommun/"),
    # Generated pages: an archived version, its changes, a print view.
    ("arkiv/roller/vem-gor-vad/1.0/", "en/arkiv/roller/vem-gor-vad/1.0/"),
    ("arkiv/kunskap/internationellt/1.1/andringar/", "en/arkiv/kunskap/internationellt/1.1/andringar/"),
    ("checklistor/skriv-ut/", "en/checklistor/skriv-ut/"),
]
SWITCH_LINK = re.compile(r'<a href="([^"]*)" hreflang="([a-z]+)" class="md-select__link"')


def switch_language(page, target_lang: str) -> None:
    # The switcher opens on hover or focus; the link for each language carries hreflang.
    page.locator(".md-select .md-header__button").first.hover()
    link = page.locator(f'.md-select__link[hreflang="{target_lang}"]')
    link.click()
    page.wait_for_load_state("load")


@pytest.mark.browser
@pytest.mark.parametrize("sv_path,en_path", PAIRS)
def test_switcher_leads_to_the_counterpart_page(page, base_url, sv_path, en_path):
    page.goto(base_url + sv_path)
    assert page.locator("html").get_attribute("lang") == "sv"
    switch_language(page, "en")
    assert page.url == base_url + en_path
    assert page.locator("html").get_attribute("lang") == "en"

    switch_language(page, "sv")
    assert page.url == base_url + sv_path
    assert page.locator("html").get_attribute("lang") == "sv"


def test_every_page_names_itself_for_its_own_language_and_the_same_page_for_the_other(site_dir):
    # Generated pages once kept the switcher of the last page built before
    # them, so every archived version led to one unrelated page.
    wrong, checked = [], 0
    for path in html_pages(site_dir):
        url = page_url(site_dir, path)
        html = path.read_text(encoding="utf-8")
        lang = re.search(r'<html lang="([a-z]+)"', html).group(1)
        if url.endswith("404.html") or "md-select__link" not in html:
            continue
        for href, link_lang in SWITCH_LINK.findall(html):
            target = urljoin("http://site/" + url, href)[len("http://site/"):]
            own = "" if lang == "sv" else f"{lang}/"
            if link_lang == lang:
                ok = target == url
            else:
                other = "" if link_lang == "sv" else f"{link_lang}/"
                ok = target == other + url[len(own):]
            if not ok:
                wrong.append(f"  {url}: {link_lang} -> {target}")
        checked += 1
    assert checked > 400
    assert not wrong, f"{len(wrong)} switcher links lead elsewhere:\n" + "\n".join(wrong[:20])
