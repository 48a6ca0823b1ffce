"""Accessibility: axe-core in Chromium on every built page in both languages,
at 1280 px and 375 px wide, with the tags wcag2a, wcag2aa, wcag21a, wcag21aa,
wcag22aa and best-practice. The gate is zero violations.

Rules disabled: none (tests/sweep.py, DISABLED_RULES is empty).
Elements excluded: none (tests/sweep.py, EXCLUDED is empty).
Pages not checked by axe: redirect stubs (a meta refresh to the current
page); the browser leaves them at once. The sweep still opens and follows
them (tests/test_clean_load.py), tests/test_links.py proves where they point
and tests/test_html_valid.py checks their HTML.

Default Material fails this gate; the fixes are in overrides/:
- nav-item.html: named section toggles (landmark-unique), no empty tabindex;
- assets/site.css: footer and grey text colours (color-contrast), underlined
  links in text (link-in-text-block), 24 px navigation links (target-size);
- assets/kc-theme.js: wide tables' scroll boxes take focus
  (scrollable-region-focusable).

Automated checks find only part of the barriers (DIGG: they "ska aldrig
ersätta manuell granskning"); the accessibility statement says so.
"""
from __future__ import annotations

import json

import pytest

from conftest import html_pages
from sweep import (AXE_JS, AXE_TAGS, DISABLED_RULES, EXCLUDED, VIEWPORTS, axe_report, is_redirect,
                   shared_sweep, sweep_with_planted)

pytestmark = pytest.mark.browser


def test_axe_is_a_current_4x_release_with_every_tag():
    version = json.loads((AXE_JS.parent / "package.json").read_text())["version"]
    assert version.startswith("4."), version
    assert AXE_TAGS == ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
    assert [w for w, _ in VIEWPORTS] == [1280, 375]
    # Anything switched off must say why.
    assert all(reason.strip() for reason in {**DISABLED_RULES, **EXCLUDED}.values())


def test_every_page_in_both_languages_has_no_axe_violations_at_both_widths(browser, site_dir, base_url):
    sweep = shared_sweep(browser, site_dir, base_url)
    pages = [p for p in html_pages(site_dir) if not is_redirect(p)]
    checked = {(v.file, v.width) for v in sweep.visits if not v.redirect}
    assert len(checked) == 2 * len(pages)
    assert sum(v.file.startswith("en/") for v in sweep.visits) > 40, "the English pages were not checked"
    assert sum(not v.file.startswith("en/") for v in sweep.visits) > 40, "the Swedish pages were not checked"
    problems = axe_report(sweep.visits)
    assert not problems, f"{len(problems)} axe violation(s):\n" + "\n".join(problems)


def test_a_planted_contrast_failure_fails_and_names_the_file(browser, site_dir, tmp_path):
    planted = '<p style="color:#aaaaaa">Ljusgrå text på vit bakgrund har för låg kontrast.</p>'
    result = sweep_with_planted(browser, site_dir, tmp_path, "roller/sis/index.html", planted,
                                ["roller/polisen/index.html"], VIEWPORTS[:1])
    problems = axe_report(result.visits)
    assert len(problems) == 1, problems
    assert problems[0].startswith("roller/sis/index.html at 1280 px: color-contrast")
