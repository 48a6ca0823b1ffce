"""Versioned guidance: archived versions at stable addresses, comparisons
between versions, the what's-new page and feeds, and redirects for moved
pages, on a temporary repository with several commits and version bumps."""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from conftest import SESSION_DAY, git, run_build

ATOM = "{http://www.w3.org/2005/Atom}"


def set_page(path, version: str, changes: list[tuple[str, str, str]], body: str, extra: str = "") -> None:
    text = path.read_text()
    front, _, _ = text[4:].partition("\n---\n")
    front = re.sub(r'^version: .*$', f'version: "{version}"', front, flags=re.M)
    front = re.sub(r"^changes:\n(?:  .*\n?)*", "", front, flags=re.M).rstrip("\n")
    history = "changes:\n" + "".join(f'  - version: "{v}"\n    date: {d}\n    note: {n}\n' for v, d, n in changes)
    path.write_text("---\n" + front + "\n" + extra + history + "---\n\n" + body)


def commit(repo, message, date):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message, date=date)


@pytest.fixture(scope="module")
def versioned(tmp_path_factory):
    from conftest import copy_repo
    repo = copy_repo(tmp_path_factory.mktemp("versions") / "repo")
    sis = repo / "docs/sv/roller/sis.md"
    econ = repo / "docs/sv/stod/ekonomi-och-skulder.md"
    # Dated after every real change note (the content corrections are dated 2026-12-01), so that
    # these versions are the newest in the lists and the feeds.
    v10 = ("1.0", "2026-12-24", "Första versionen.")
    v11 = ("1.1", "2026-12-25", "En mening om eftervården har lagts till.")
    v20 = ("2.0", "2026-12-26", "Texten är omskriven.")
    set_page(sis, "1.0", [v10], "# SiS\n\nFörsta texten om SiS.\n\nSiS arbetar med unga.\n")
    set_page(econ, "1.0", [v10], "# Ekonomi och skulder\n\nTexten om ekonomi.\n")
    commit(repo, "Version 1.0", "2026-12-24")
    set_page(sis, "1.1", [v11, v10], "# SiS\n\nFörsta texten om SiS.\n\nSiS arbetar med unga.\n\nEn ny mening om eftervård.\n")
    commit(repo, "Version 1.1", "2026-12-25")
    set_page(sis, "2.0", [v20, v11, v10], "# SiS\n\nHelt ny text.\n\nSiS arbetar med unga.\n\nEn ny mening om eftervård.\n")
    commit(repo, "Version 2.0", "2026-12-26")
    # Move a page: new path, old address kept by redirect_from, history follows.
    for lang in ("sv", "en"):
        git(repo, "mv", f"docs/{lang}/stod/ekonomi-och-skulder.md", f"docs/{lang}/stod/ekonomi.md")
    for path in [*(repo / "docs").rglob("*.md"), *(repo / "data").rglob("*.yml"), repo / "mkdocs.yml"]:
        path.write_text(path.read_text().replace("ekonomi-och-skulder.md", "ekonomi.md"))
    moved = repo / "docs/sv/stod/ekonomi.md"
    set_page(moved, "1.1", [("1.1", "2026-12-27", "Sidan har flyttat."), v10],
             "# Ekonomi och skulder\n\nTexten om ekonomi och skulder.\n",
             extra="redirect_from: [stod/ekonomi-och-skulder.md]\n")
    commit(repo, "Move the economy page", "2026-12-27")
    # After the planted history, and never before the run's day (the real content's dates).
    result = run_build(repo, env={"KC_TODAY": max("2026-12-30", SESSION_DAY)})
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return repo / "site"


def soup(path):
    return BeautifulSoup(path.read_text(), "html.parser")


def article_text(path) -> str:
    return soup(path).select_one("article").get_text(" ", strip=True)


def test_three_versions_give_two_archives_and_the_current_page(versioned):
    archive = versioned / "arkiv/roller/sis"
    assert (archive / "1.0/index.html").exists() and (archive / "1.1/index.html").exists()
    assert "Helt ny text." in article_text(versioned / "roller/sis/index.html")
    # 2.0 is current: its stable address leads to the page, it is no archived copy
    stub = (archive / "2.0/index.html").read_text()
    assert 'http-equiv="refresh"' in stub and "../../../../roller/sis/" in stub


def test_each_archive_shows_its_own_content_and_a_banner(versioned):
    text_10 = article_text(versioned / "arkiv/roller/sis/1.0/index.html")
    text_11 = article_text(versioned / "arkiv/roller/sis/1.1/index.html")
    assert "Första texten om SiS." in text_10 and "eftervård" not in text_10
    assert "En ny mening om eftervård." in text_11 and "Helt ny text" not in text_11
    doc = soup(versioned / "arkiv/roller/sis/1.1/index.html")
    banner = doc.select_one(".kc-notice--archived")
    assert "Arkiverad version 1.1, gällde 25 december 2026 – 26 december 2026." in banner.get_text(" ", strip=True)
    assert banner.a["href"] == "../../../../roller/sis/"
    assert "Arkiverad" in doc.select_one(".kc-status").get_text()


def test_comparison_lists_the_real_differences_marked_in_words(versioned):
    doc = soup(versioned / "arkiv/roller/sis/2.0/andringar/index.html")
    removed = [li.get_text(" ", strip=True) for li in doc.select(".kc-diff__removed")]
    added = [li.get_text(" ", strip=True) for li in doc.select(".kc-diff__added")]
    assert removed == ["Borttaget: Första texten om SiS."]
    assert added == ["Tillagt: Helt ny text."]
    doc11 = soup(versioned / "arkiv/roller/sis/1.1/andringar/index.html")
    assert [li.get_text(" ", strip=True) for li in doc11.select(".kc-diff li")] == \
        ["Tillagt: En ny mening om eftervård."]


def test_version_history_links_to_archives_and_comparisons(versioned):
    rows = {r["data-version"]: r for r in soup(versioned / "roller/sis/index.html").select(".kc-history tbody tr")}
    assert rows["1.0"].select_one('[data-kc="archive-link"]')["href"] == "../../arkiv/roller/sis/1.0/"
    assert rows["1.1"].select_one('[data-kc="compare-link"]')["href"] == "../../arkiv/roller/sis/1.1/andringar/"
    assert rows["2.0"].select_one('[data-kc="archive-link"]') is None
    assert rows["2.0"].select_one('[data-kc="compare-link"]')["href"] == "../../arkiv/roller/sis/2.0/andringar/"


def test_archives_are_noindex_and_absent_from_sitemap_and_search(versioned):
    for path in (versioned / "arkiv").rglob("index.html"):
        html = path.read_text()
        assert 'name="robots" content="noindex"' in html, path
        assert "data-pagefind-body" not in html, path
    for sitemap in (versioned / "sitemap.xml", versioned / "en/sitemap.xml"):
        assert "/arkiv/" not in sitemap.read_text()
    fragments = list((versioned / "pagefind").rglob("*.pf_fragment"))
    urls = [json.loads(gzip.decompress(f.read_bytes()).removeprefix(b"pagefind_dcd"))["url"] for f in fragments]
    assert urls and not [u for u in urls if "/arkiv/" in u]


def test_feeds_are_atom_newest_first_in_their_language(versioned):
    for lang, prefix in (("sv", ""), ("en", "en/")):
        root = ET.parse(versioned / prefix / "feed.xml").getroot()
        assert root.tag == f"{ATOM}feed"
        assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, required
        entries = root.findall(f"{ATOM}entry")
        assert entries
        dates = [e.find(f"{ATOM}updated").text for e in entries]
        assert dates == sorted(dates, reverse=True)
        for e in entries:
            for required in ("id", "title", "updated", "link", "summary"):
                assert e.find(f"{ATOM}{required}") is not None
            href = e.find(f"{ATOM}link").get("href")
            assert re.search(r"/arkiv/.+/\d+\.\d+/$", href), href
            assert ("/en/" in href) == (lang == "en"), href
    sv_entries = ET.parse(versioned / "feed.xml").getroot().findall(f"{ATOM}entry")
    sis = [e.find(f"{ATOM}title").text for e in sv_entries if "/roller/sis/" in e.find(f"{ATOM}id").text]
    assert sis[0].endswith("version 2.0") and sis[-1].endswith("version 1.0")


def test_whats_new_lists_latest_changes(versioned):
    rows = soup(versioned / "nytt/index.html").select("article table tbody tr")
    first = [td.get_text(" ", strip=True) for td in rows[0].select("td")]
    assert first[0] == "27 december 2026" and "Sidan har flyttat." in first  # newest first
    texts = [r.get_text(" ", strip=True) for r in rows]
    sis_rows = [t for t in texts if "Texten är omskriven." in t]
    assert sis_rows and "2.0" in sis_rows[0]


def test_moved_page_keeps_its_history(versioned):
    assert (versioned / "stod/ekonomi/index.html").exists()
    archived = versioned / "arkiv/stod/ekonomi/1.0/index.html"
    assert "Texten om ekonomi." in article_text(archived)


@pytest.mark.browser
def test_moved_page_redirects_from_its_old_address(versioned, page):
    from conftest import serve
    httpd = serve(versioned)
    try:
        base = f"http://127.0.0.1:{httpd.server_address[1]}/"
        page.goto(base + "stod/ekonomi-och-skulder/")
        page.wait_for_url(base + "stod/ekonomi/")
        assert page.locator("h1").first.inner_text() == "Ekonomi och skulder"
        page.goto(base + "en/stod/ekonomi-och-skulder/")
        page.wait_for_url(base + "en/stod/ekonomi/")
    finally:
        httpd.shutdown()
