"""Privacy: no request to another origin, no cookies, and nothing in the
browser's storage that the privacy page does not name.

Every built page in both languages is opened at two widths in the same pass
as the accessibility check (tests/sweep.py); the interactions (language
switch, search, a checklist ticked and exported) are played once more
(sweep.shared_interactions, also read by tests/test_clean_load.py). A request
counts as local only on the page's own origin: scheme, host and port
(sweep.same_origin). A planted third-party image proves the check fails.
"""
from __future__ import annotations

import re

import pytest

from conftest import run_build, serve
from sweep import axe_report, foreign_requests, run_sweep, shared_interactions, shared_sweep, sweep_with_planted

pytestmark = pytest.mark.browser

PRIVACY_PAGES = {"sv": "om/personuppgifter-och-kakor/index.html", "en": "en/om/personuppgifter-och-kakor/index.html"}


def storage_name(key: str) -> str:
    """The name a reader finds on the privacy page for a storage key:
    'localStorage:/.__palette' -> '__palette', 'localStorage:kc-checklist:forsta-motet' -> 'kc-checklist'."""
    name = key.split(":", 1)[1]
    if "__" in name:                       # Material: "<site path>.__name"
        return "__" + name.split("__", 1)[1]
    return re.split(r"[:.]", name)[0]


def page_text(site, rel: str) -> str:
    html = (site / rel).read_text(encoding="utf-8")
    article = re.search(r"<article.*?</article>", html, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", article))


def test_no_page_requests_another_origin_or_sets_a_cookie(browser, site_dir, base_url):
    sweep = shared_sweep(browser, site_dir, base_url)
    assert sum(len(v.requests) for v in sweep.visits) > 2 * len(sweep.visits), "requests were not recorded"
    problems = foreign_requests(sweep.visits)
    assert not problems, "\n".join(problems)
    assert sweep.cookies and all(cookies == [] for cookies in sweep.cookies.values()), sweep.cookies


def test_search_checklists_and_language_switch_stay_on_this_machine(browser, site_dir, base_url):
    played = shared_interactions(browser, site_dir, base_url)
    assert "language switch" in played.done
    foreign = foreign_requests(played.visits)
    assert not foreign, f"after {', '.join(played.done)}:\n" + "\n".join(foreign)
    problems = axe_report(played.visits)  # the search interface with results open
    assert not problems, "\n".join(problems)
    assert played.cookies == [], played.cookies
    sweep = shared_sweep(browser, site_dir, base_url)
    storage = played.storage | {k for v in sweep.visits for k in v.storage}
    names = {storage_name(k) for k in storage}
    for lang, rel in PRIVACY_PAGES.items():
        text = page_text(site_dir, rel)
        missing = sorted(n for n in names if n not in text)
        assert not missing, (f"The browser stores {missing}, which the privacy page ({lang}: "
                             f"docs/{lang}/om/personuppgifter-och-kakor.md) does not name.")


def test_a_planted_third_party_image_fails_and_names_the_file(browser, site_dir, tmp_path):
    planted = '<img src="https://tracker.example.invalid/pixel.gif" alt="" width="1" height="1">'
    result = sweep_with_planted(browser, site_dir, tmp_path, "en/roller/sis/index.html", planted,
                                ["roller/sis/index.html"], [(1280, 900)])
    problems = foreign_requests(result.visits)
    assert problems == ["en/roller/sis/index.html at 1280 px: request to another origin: "
                        "https://tracker.example.invalid/pixel.gif"]


def test_a_site_built_with_a_github_repository_asks_github_nothing(browser, make_repo):
    """The deploy build sets REPO_URL to the GitHub repository; Material would
    then fetch the repository's stars and forks from api.github.com."""
    repo = make_repo()
    result = run_build(repo, env={"REPO_URL": "https://github.com/example/kunskapscentrum"})
    assert result.returncode == 0, result.stderr[-3000:]
    site = repo / "site"
    assert "https://github.com/example/kunskapscentrum" in (site / "index.html").read_text(encoding="utf-8")
    httpd = serve(site)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        sweep = run_sweep(browser, site, base, pages=[site / "index.html", site / "en" / "index.html"],
                          viewports=[(1280, 900), (375, 812)])
    finally:
        httpd.shutdown()
    assert not foreign_requests(sweep.visits), foreign_requests(sweep.visits)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_privacy_page_says_what_the_site_does_not_do(site_dir, lang):
    text = page_text(site_dir, PRIVACY_PAGES[lang]).lower()
    expected = {
        "sv": ["inga kakor", "ingen besöksstatistik", "andra webbplatser", "localstorage", "kc-checklist",
               "dataskyddsförordningen", "lag (2022:482) om elektronisk kommunikation"],
        "en": ["no cookies", "no visitor statistics", "other websites", "localstorage", "kc-checklist",
               "gdpr", "2022:482"],
    }[lang]
    missing = [phrase for phrase in expected if phrase not in text]
    assert not missing, f"{PRIVACY_PAGES[lang]} lacks {missing}"
