"""The theme's behaviour without Material's JavaScript bundle: what
overrides/assets/kc-theme.js does on Material's markup, seen in Chromium."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

LONG_PAGE = "om-avhopparverksamhet/lagar-och-regler/"


def test_scrolling_marks_the_section_and_shows_the_title_and_back_to_top(page, base_url):
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(base_url + LONG_PAGE)
    assert page.evaluate("document.documentElement.classList.contains('js')")
    title = page.locator("[data-md-component=header-title]")
    assert "md-header__title--active" not in (title.get_attribute("class") or "")
    top_hidden = "document.querySelector('.md-top').hidden"  # Material fades it out: opacity, not display
    assert page.evaluate(top_hidden)

    page.mouse.wheel(0, 2500)
    page.wait_for_timeout(300)
    page.mouse.wheel(0, -200)
    page.wait_for_function("!" + top_hidden)
    active = page.locator(".md-sidebar--secondary .md-nav__link--active")
    assert active.count() == 1, "the table of contents marks the section being read"
    assert "md-header__title--active" in title.get_attribute("class")
    # The table of contents fits the window.
    assert page.evaluate("document.querySelector('.md-sidebar--secondary .md-sidebar__scrollwrap').style.height") != ""

    page.locator(".md-top").click()
    page.wait_for_function("window.pageYOffset === 0")
    page.wait_for_function(top_hidden)


def test_wide_tables_scroll_in_a_box_that_takes_focus(page, base_url):
    page.goto(base_url + LONG_PAGE)
    page.wait_for_load_state("load")
    tables = page.locator(".md-typeset table:not([class])")
    assert tables.count() > 0
    assert page.locator(".md-typeset__scrollwrap[tabindex='0'] > .md-typeset__table > table").count() == tables.count()


def test_a_menu_section_opens_with_enter_and_says_so(page, base_url):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(base_url + "roller/sis/")
    page.locator(".md-header label[for=__drawer]").click()
    # The drawer opens at the page's section; its title leads back to the top level.
    page.locator("label.md-nav__title[for='__nav_3']").click()
    page.wait_for_function("!document.getElementById('__nav_3').checked")
    label = page.locator("label.md-nav__link[for='__nav_2']")
    nav = page.locator("nav[aria-labelledby='__nav_2_label']")
    assert nav.get_attribute("aria-expanded") == "false"
    label.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.getElementById('__nav_2').checked")
    page.wait_for_function(
        "document.querySelector(\"nav[aria-labelledby='__nav_2_label']\").getAttribute('aria-expanded') === 'true'")


@pytest.mark.parametrize("path", ["404.html", "vill-lamna/", LONG_PAGE])
def test_the_menus_fit_the_window_before_the_script_runs(browser, base_url, path):
    """Without the theme script (not yet run, or switched off), each menu stays
    within the window, so a short page does not reach far below it and its
    footer does not jump when the script sets the menus' height (it did: layout
    shift 0.2 on the 404 page). vill-lamna has the taller header."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base_url + path)
        heights = page.evaluate("""() => [...document.querySelectorAll('.md-sidebar__scrollwrap')]
            .map(e => e.getBoundingClientRect().height)""")
        assert len(heights) == 2
        assert all(height <= 900 - 48 for height in heights), heights  # the window under the header
        if path == "404.html":
            footer = page.evaluate("document.querySelector('.md-footer').getBoundingClientRect().top")
            assert footer < 1200, "a short page ends near the window's foot"
    finally:
        context.close()


def test_the_header_footer_and_back_to_top_icons_are_drawn(page, base_url):
    """These icons are empty spans that site.css paints with
    Material's icons as masks (mkdocs.yml theme.icon, overrides/.icons/kc/), so
    their paths are not in every page: each is shown at Material's icon size,
    in the colour of its text, each with its own shape."""
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(base_url + "for-kommuner/")  # a page with a previous and a next page
    icons = page.evaluate("""() => [...document.querySelectorAll('.kc-icon')].map(icon => {
        const style = getComputedStyle(icon), box = icon.getBoundingClientRect();
        return {name: icon.getAttribute('class'), mask: style.webkitMaskImage || style.maskImage,
                paint: style.backgroundColor, colour: style.color,
                size: [Math.round(box.width), Math.round(box.height)], children: icon.childNodes.length};
    })""")
    assert sorted(icon["name"] for icon in icons) == [f"kc-icon kc-icon--{name}" for name in
                                                       ("menu", "next", "previous", "top", "translate")]
    for icon in icons:
        assert icon["mask"].startswith('url("data:image/svg+xml'), icon
        assert icon["paint"] == icon["colour"], icon
        assert icon["size"] == [24, 24] and icon["children"] == 0, icon
    assert len({icon["mask"] for icon in icons}) == len(icons)

