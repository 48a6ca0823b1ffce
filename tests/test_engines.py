"""A second engine proven to build the site: ProperDocs (a drop-in fork of MkDocs
1.x, pinned in requirements-properdocs.txt) builds the real site, and every page
says the same as under MkDocs. README "Leaving MkDocs" says why.

Compared per page: the main text of the article, the facts box, the source list
and the language alternates. ALLOWED lists the differences the engines may have;
a planted difference (a hook that adds a word only under one engine) must fail,
naming the page."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import SESSION_DAY, copy_repo, html_pages, run_build
from scripts.build import search

# The differences the two engines are allowed, and why: each is removed from the
# HTML before anything is compared.
ALLOWED = {
    "generator meta tag": (re.compile(r'<meta name="generator" content="[^"]*">'),
                           "names the engine and its version (mkdocs-1.6.1 / ProperDocs 1.6.7)"),
    "asset hashes": (re.compile(r"(\.)[0-9a-f]{8,}(\.min\.(?:css|js))"),
                     "the theme's asset file names carry a content hash"),
}
# Files whose bytes may differ: the theme's hashed assets (their names are compared).
ALLOWED_FILE = re.compile(r"^assets/.*\.[0-9a-f]{8,}\.min\.(css|js)(\.map)?$")
# What the site must say alike under both engines, per page.
PARTS = ("text", "facts", "sources", "alternates")


def normalise(html: str) -> tuple[str, list[str]]:
    """The HTML without the allowed differences, and the names of those found."""
    found = []
    for name, (pattern, _why) in ALLOWED.items():
        html, n = pattern.subn(lambda m: (m.group(1) + "HASH" + m.group(2)) if m.groups() else "", html)
        if n:
            found.append(name)
    return html, found


def _text(node) -> str:
    return " ".join(node.get_text(" ").split()) if node is not None else ""


def parts(html: str) -> dict[str, object]:
    soup = BeautifulSoup(html, "html.parser")
    sources = soup.select_one("section.kc-sources")
    return {
        "text": _text(soup.select_one("article")),
        "facts": _text(soup.select_one("aside.kc-facts")),
        "sources": [(li.get("data-source"), _text(li), [a.get("href") for a in li.find_all("a")])
                    for li in (sources.select("li") if sources else [])],
        "alternates": sorted((link.get("hreflang") or "", link.get("href") or "")
                             for link in soup.select('link[rel="alternate"]')),
    }


def compare(site_a: Path, site_b: Path) -> tuple[list[str], dict[str, int]]:
    """(differences, each naming the page or file; {allowed difference: pages where
    it was the only thing that differed})."""
    rel = lambda site: {p.relative_to(site).as_posix() for p in html_pages(site)}  # noqa: E731
    pages_a, pages_b = rel(site_a), rel(site_b)
    problems = [f"{page}: only built by the first engine" for page in sorted(pages_a - pages_b)]
    problems += [f"{page}: only built by the second engine" for page in sorted(pages_b - pages_a)]
    allowed: dict[str, int] = {}
    for page in sorted(pages_a & pages_b):
        raw_a, raw_b = (site_a / page).read_text(encoding="utf-8"), (site_b / page).read_text(encoding="utf-8")
        if raw_a == raw_b:
            continue
        (html_a, seen_a), (html_b, seen_b) = normalise(raw_a), normalise(raw_b)
        a, b = parts(html_a), parts(html_b)
        found = [f"{page}: the {part} differ: {_first_difference(a[part], b[part])}"
                 for part in PARTS if a[part] != b[part]]
        if not found and html_a != html_b:
            found = [f"{page}: the HTML differs outside the compared parts: {_first_difference(html_a, html_b)}"]
        problems += found
        if not found:
            for name in set(seen_a) | set(seen_b):
                allowed[name] = allowed.get(name, 0) + 1
    # Every other file (search index, feeds, sitemaps, redirects) byte for byte.
    files = lambda site: {p.relative_to(site).as_posix() for p in site.rglob("*")  # noqa: E731
                          if p.is_file() and not p.name.endswith(".html")}
    for name in sorted(files(site_a) ^ files(site_b)):
        problems.append(f"{name}: built by one engine only")
    for name in sorted(files(site_a) & files(site_b)):
        if (site_a / name).read_bytes() != (site_b / name).read_bytes() and not ALLOWED_FILE.search(name):
            problems.append(f"{name}: differs")
    return problems, allowed


def _first_difference(a, b) -> str:
    a, b = str(a), str(b)
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"…{a[max(0, i - 40):i + 40]!r} vs …{b[max(0, i - 40):i + 40]!r}"


def build(repo: Path, engine: str, out: Path, site_url: str) -> Path:
    """`python -m scripts build` with the engine chosen (as make build ENGINE=… does)."""
    result = run_build(repo, out, env={"KC_ENGINE": engine, "SITE_URL": site_url})
    if result.returncode != 0:
        pytest.fail(f"{engine} does not build {repo}:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    return out


@pytest.fixture(scope="module")
def origin(site_url) -> str:
    """The address the session's real site was built for (conftest.site_dir):
    its SITE_URL, which is not where it is served."""
    return site_url


@pytest.fixture(scope="module")
def properdocs_site(site_dir, origin, tmp_path_factory) -> Path:
    from conftest import ROOT
    return build(ROOT, "properdocs", tmp_path_factory.mktemp("properdocs") / "site", origin)


def test_properdocs_builds_the_real_site_with_the_same_pages_text_facts_sources_and_alternates(
        site_dir, properdocs_site):
    problems, allowed = compare(site_dir, properdocs_site)
    assert not problems, "\n".join(problems[:40])
    assert len(html_pages(site_dir)) > 100
    # Today the two builds are byte for byte the same; where they are not, only ALLOWED explains it.
    assert set(allowed) <= set(ALLOWED), allowed


def test_both_engines_build_for_the_same_day_even_across_midnight():
    # Re-check notes depend on the day (scripts/content/claims.py): the session
    # pins one day for every build (conftest.SESSION_DAY), or a run crossing
    # midnight compares two different sites.
    assert os.environ.get("KC_TODAY") == SESSION_DAY
    assert dt.date.fromisoformat(SESSION_DAY)


def test_a_word_added_under_one_engine_only_fails_naming_the_page(site_dir, properdocs_site, origin, tmp_path):
    repo = copy_repo(tmp_path / "planted")
    (repo / "planted_hook.py").write_text(
        "import sys\n\n\n"
        "def on_page_content(html, page, **kwargs):\n"
        "    # Under ProperDocs the name mkdocs is an alias of the properdocs module.\n"
        "    if sys.modules['mkdocs'].__name__ == 'properdocs' and page.file.src_uri == 'sv/roller/sis.md':\n"
        "        return html + '<p>Planterat</p>'\n"
        "    return html\n", encoding="utf-8")
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - scripts/hooks.py\n" in text
    config.write_text(text.replace("  - scripts/hooks.py\n", "  - scripts/hooks.py\n  - planted_hook.py\n"),
                      encoding="utf-8")
    planted = build(repo, "properdocs", tmp_path / "site", origin)
    assert "Planterat" in (planted / "roller/sis/index.html").read_text(encoding="utf-8")
    problems, _ = compare(site_dir, planted)
    # The section's print view (roller/skriv-ut/) holds the same page, so it differs too.
    on_pages = [p for p in problems if ".html: " in p and "/skriv-ut/" not in p]
    assert len(on_pages) == 1 and on_pages[0].startswith("roller/sis/index.html: the text differ"), problems
    assert "Planterat" in on_pages[0]
    # The word also reaches the Swedish search index (and the search script,
    # which names the index's files: search.write_index_files), and nothing else.
    assert all(p.startswith(("pagefind/", "roller/skriv-ut/", search.SEARCH_SCRIPT + ":"))
               for p in problems if p not in on_pages), problems


def test_make_build_engine_properdocs_installs_the_pinned_engine_and_builds_with_it():
    import subprocess
    from conftest import ROOT
    dry = subprocess.run(["make", "-n", "-B", "build", "ENGINE=properdocs"], cwd=ROOT, capture_output=True,
                         text=True).stdout
    assert "-r requirements-properdocs.txt" in dry and "-m scripts build --engine properdocs" in dry
    assert "properdocs==1.6.7" in (ROOT / "requirements-properdocs.txt").read_text(encoding="utf-8").split()
    assert "-r requirements-properdocs.txt" in (ROOT / "requirements-test.txt").read_text(encoding="utf-8")
    plain = subprocess.run(["make", "-n", "-B", "build"], cwd=ROOT, capture_output=True, text=True).stdout
    assert "-m scripts build --engine mkdocs" in plain and "requirements-properdocs" not in plain
