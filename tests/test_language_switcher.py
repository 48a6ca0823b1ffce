"""The language switcher leads from any page to the same page in the other
language, at every depth and in both directions, in real Chromium."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# (Swedish path, English path): the start page and pages one and two levels deep.
PAIRS = [
    ("", "en/"),
    ("vill-lamna/", "en/vill-lamna/"),
    ("roller/", "en/roller/"),
    ("roller/sis/", "en/roller/sis/"),
    ("for-kommuner/placering-i-annan-kommun/", "en/for-kommuner/placering-i-annan-kommun/"),
]


def switch_language(page, target_lang: str) -> None:
    # The switcher opens on hover or focus; the link for each language carries hreflang.
    page.locator(".md-select .md-header__button").first.hover()
    link = page.locator(f'.md-select__link[hreflang="{target_lang}"]')
    link.click()
    page.wait_for_load_state("load")


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
