"""What a reader sees about each page in the built HTML: the facts box, the
sources linked to the bibliography, the version history, the overdue notice,
and the listings by audience and by responsible body."""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urldefrag

import pytest
from bs4 import BeautifulSoup

from conftest import run_build
from scripts.content import data
from scripts.build import facts
from scripts.content.site import Site, lang_prefix


@pytest.fixture(scope="module")
def site():
    return Site.load()


def soup(path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def built(site_dir, lang, page) -> BeautifulSoup:
    return soup(site_dir / lang_prefix(lang) / page.url / "index.html")


def facts_box(doc: BeautifulSoup) -> dict[str, str]:
    box = doc.select_one("aside.kc-facts")
    return {dt.get_text(strip=True): dd.get_text(" ", strip=True)
            for dt, dd in zip(box.select("dt"), box.select("dd"))}


@pytest.mark.parametrize("lang", data.LANGS)
def test_facts_box_shows_the_page_metadata_in_the_page_language(site_dir, site, lang):
    ui = data.strings(lang)
    for key, page in site.by_lang[lang].items():
        box = facts_box(built(site_dir, lang, page))
        meta = page.meta
        assert box[ui["status"]].endswith(data.label("statuses", meta["status"], lang)), key
        assert box[ui["responsible"]] == data.label("responsible", meta["responsible"], lang), key
        assert box[ui["version"]] == meta["version"], key
        assert box[ui["reviewed"]] == facts.format_date(meta["reviewed"], lang), key
        assert box[ui["review_by"]] == facts.format_date(meta["review_by"], lang), key
        assert ui["updated"] in box, key


def test_dates_and_status_are_written_in_each_language(site_dir, site):
    sv = facts_box(built(site_dir, "sv", site.by_lang["sv"]["roller/sis.md"]))
    en = facts_box(built(site_dir, "en", site.by_lang["en"]["roller/sis.md"]))
    assert re.search(r"\d+ (januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december) \d{4}",
                     sv["Redaktionen kontrollerade källorna"])
    assert re.search(r"\d+ (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
                     en["Sources checked by the editors"])
    assert "Utkast – inte granskad av ansvarig myndighet" in sv["Status"]
    assert "Draft – not reviewed by the responsible agency" in en["Status"]


def test_status_is_told_by_text_and_icon_not_colour_alone(site_dir, site):
    doc = built(site_dir, "sv", site.by_lang["sv"]["index.md"])
    status = doc.select_one(".kc-status dd")
    assert status.select_one(".kc-status__icon[aria-hidden=true]").get_text(strip=True)
    assert "Utkast" in status.get_text()


@pytest.mark.parametrize("lang", data.LANGS)
def test_sources_link_to_their_bibliography_entries(site_dir, site, lang):
    bibliography_page = site_dir / lang_prefix(lang) / "kunskap/kallor/index.html"
    entries = {div["id"]: div for div in soup(bibliography_page).select("div.kc-source")}
    for key, page in site.by_lang[lang].items():
        page_dir = posixpath.join(lang_prefix(lang), page.url)
        items = built(site_dir, lang, page).select(".kc-sources li[data-source]")
        assert [li["data-source"] for li in items] == page.meta["sources"], key
        for li in items:
            target, fragment = urldefrag(li.a["href"])
            resolved = posixpath.normpath(posixpath.join(page_dir, target))
            assert resolved == posixpath.join(lang_prefix(lang), "kunskap/kallor").rstrip("/"), key
            assert fragment == f"src-{li['data-source']}" and fragment in entries, key
            # and the entry names this page among the pages that cite it
            if not page.meta.get("generate"):
                cited = {posixpath.normpath(posixpath.join(lang_prefix(lang), "kunskap/kallor/", a["href"]))
                         for a in entries[fragment].select("a[href]") if not a["href"].startswith("http")}
                assert posixpath.normpath(page_dir) in cited, (key, fragment)


def test_version_history_lists_every_change_newest_first(site_dir, site):
    for lang in data.LANGS:
        for key, page in site.by_lang[lang].items():
            rows = built(site_dir, lang, page).select(".kc-history tbody tr")
            versions = [r["data-version"] for r in rows]
            expected = sorted((c["version"] for c in page.meta["changes"]),
                              key=lambda v: tuple(map(int, v.split("."))), reverse=True)
            assert versions == expected, key


def _listing_groups(path) -> dict[str, set[str]]:
    doc = soup(path)
    groups = {}
    for h2 in doc.select("article h2[id]"):
        links = set()
        for sibling in h2.find_next_siblings():
            if sibling.name == "h2":
                break
            links |= {a["href"] for a in sibling.select("a[href]")}
        groups[h2["id"]] = links
    return groups


@pytest.mark.parametrize("listing,field,list_name", [
    ("om/sidor-per-malgrupp", "audience", "audiences"),
    ("om/sidor-per-ansvarig", "responsible", "responsible"),
])
@pytest.mark.parametrize("lang", data.LANGS)
def test_listings_contain_exactly_the_right_pages(site_dir, site, lang, listing, field, list_name):
    groups = _listing_groups(site_dir / lang_prefix(lang) / listing / "index.html")
    for group in data.list_keys(list_name):
        expected = set()
        for key in site.keys():
            page = site.page(lang, key)
            value = page.meta.get(field)
            if page.meta.get("generate"):
                continue
            if value == group or (isinstance(value, list) and group in value):
                expected.add(posixpath.normpath(page.url or "."))
        got = {posixpath.normpath(posixpath.join(listing, h.rstrip("/"))) for h in groups.get(group, set())}
        assert got == expected, (lang, group)
    assert groups, "the listing page lists nothing"


def test_overdue_notice_appears_only_on_overdue_pages(make_repo):
    repo = make_repo()
    page = repo / "docs/sv/roller/sis.md"
    text = re.sub(r"reviewed: \S+", "reviewed: 2024-01-10", page.read_text(), count=1)
    text = re.sub(r"review_by: \S+", "review_by: 2025-01-10", text, count=1)
    page.write_text(text)
    result = run_build(repo)
    assert result.returncode == 0, result.stderr[-2000:]
    site = repo / "site"
    notice = soup(site / "roller/sis/index.html").select_one(".kc-notice--overdue")
    assert notice and "10 januari 2025" in notice.get_text()
    overdue_pages = [p for p in site.rglob("index.html") if "kc-notice--overdue" in p.read_text()]
    assert overdue_pages == [site / "roller/sis/index.html"]


def test_check_reports_overdue_pages_by_responsible_body_without_failing(make_repo):
    import subprocess, sys
    repo = make_repo()
    page = repo / "docs/sv/roller/polisen.md"
    text = re.sub(r"reviewed: \S+", "reviewed: 2024-01-10", page.read_text(), count=1)
    page.write_text(re.sub(r"review_by: \S+", "review_by: 2025-01-10", text, count=1))
    result = subprocess.run([sys.executable, "-m", "scripts", "check"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-2000:]
    report = result.stdout.split("Overdue reviews")[1]
    assert "Polismyndigheten:" in report and "docs/sv/roller/polisen.md (review_by 2025-01-10)" in report
