"""Site search (scripts/build/search.py, overrides/partials/kc-search.html,
overrides/assets/kc-search.js), tested the way a reader uses it: by typing
into the search box of the built site in Chromium.

- The query set (tests/search_queries.yml) finds the expected page in the top
  three for at least 90 % of the queries of each language, and never returns a
  page of the other language.
- A planted site shows that English fallback copies of untranslated pages are
  not English results, that Swedish words are stemmed, that front-matter
  keywords and glossary long forms find a page, and that results show the
  matching section with an excerpt.
- The search works with the keyboard, announces the result count in a polite
  live region, has no axe violations with results open, and sends no request
  outside the site. A small index is searched in the page, a large one (planted
  page count) in Pagefind's worker.
"""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT, copy_repo, git, html_pages, page_url, run_build, serve
from scripts.build import search
from scripts.content.pages import key_to_url

QUERIES = yaml.safe_load((ROOT / "tests/search_queries.yml").read_text(encoding="utf-8"))
TOP = 3
REQUIRED_SHARE = 0.9
AXE = ROOT / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def lang_root(lang: str) -> str:
    return "" if lang == "sv" else f"{lang}/"


def url_path(lang: str, key: str) -> str:
    return "/" + lang_root(lang) + key_to_url(key)


def run_query(page, query: str) -> tuple[str, list[str]]:
    """Type `query` into the search box of the open page; the status text and
    the result page addresses (paths), best first."""
    box = page.locator("#kc-search-input")
    box.fill("")
    page.wait_for_function("document.querySelector('.kc-search__status').textContent === ''")
    box.press_sequentially(query)
    # Wait for the answer to this exact query (earlier keystrokes search too):
    # the status names the query between the language's quotation marks.
    page.wait_for_function(
        """q => {
          const form = document.querySelector('form[data-kc-search]');
          const status = document.querySelector('.kc-search__status').textContent;
          if (form.hasAttribute('aria-busy')) return false;
          if (status === form.dataset.textError) return true;
          const t = form.dataset.textOne, i = t.indexOf('{query}');
          return status.includes(t[i - 1] + q + t[i + '{query}'.length]);
        }""", arg=query)
    hrefs = page.eval_on_selector_all(".kc-search__result > a.kc-search__title",
                                      "links => links.map(a => new URL(a.href).pathname)")
    return page.locator(".kc-search__status").text_content(), hrefs


def open_search_page(page, base_url: str, lang: str, path: str = ""):
    page.goto(base_url + lang_root(lang) + path)
    page.wait_for_selector("form[data-kc-search]:not([hidden])")


# --- The query set -----------------------------------------------------------

def test_query_set_is_large_enough_and_names_real_pages():
    assert len(QUERIES["sv"]) >= 25 and len(QUERIES["en"]) >= 15
    for lang, items in QUERIES.items():
        for item in items:
            assert item["q"].strip() and item["pages"], item
            for key in item["pages"]:
                assert (ROOT / "docs" / lang / key).is_file(), f"{lang}: {item['q']!r} expects a missing page {key}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_query_set_finds_the_expected_page_in_the_readers_language(lang, page, base_url):
    open_search_page(page, base_url, lang)
    misses, foreign = [], []
    for item in QUERIES[lang]:
        status, hrefs = run_query(page, item["q"])
        expected = {url_path(lang, key) for key in item["pages"]}
        if not expected & set(hrefs[:TOP]):
            misses.append(f"  {item['q']!r}: expected one of {sorted(expected)}, top {TOP}: {hrefs[:TOP]} ({status})")
        for href in hrefs:
            if href.startswith("/en/") != (lang == "en"):
                foreign.append(f"  {item['q']!r}: {href}")
    assert not foreign, "results from the other language:\n" + "\n".join(foreign)
    total = len(QUERIES[lang])
    share = (total - len(misses)) / total
    assert share >= REQUIRED_SHARE, (
        f"{lang}: expected page in the top {TOP} for {total - len(misses)}/{total} queries "
        f"({share:.0%}, need {REQUIRED_SHARE:.0%}). Misses:\n" + "\n".join(misses))


# --- The built HTML ----------------------------------------------------------

def test_index_exists_per_language_and_counts_only_real_pages(site_dir):
    counts = search.indexed_pages(site_dir)
    assert set(counts) == {"sv", "en"}, counts
    for lang in ("sv", "en"):
        marked = [p for p in html_pages(site_dir)
                  if page_url(site_dir, p).startswith("en/") == (lang == "en")
                  and "data-pagefind-body" in p.read_text()]
        assert counts[lang] == len(marked) > 20, (lang, counts[lang], len(marked))
    assert (site_dir / "pagefind/pagefind.js").is_file()
    # Pagefind's own ready-made interfaces are not published; ours is kc-search.js.
    assert not (site_dir / "pagefind/pagefind-ui.js").exists()


def test_the_index_is_cut_into_small_chunks(site_dir):
    # A first search fetches the chunks holding its words (search.INDEX_CHUNK_SIZE):
    # at Pagefind's default size each is 30-35 KB here, at ours a few KB.
    for lang in ("sv", "en"):
        chunks = sorted((site_dir / "pagefind/index").glob(f"{lang}_*.pf_index"), key=lambda p: p.stat().st_size)
        assert len(chunks) > 30, (lang, len(chunks))
        assert chunks[-1].stat().st_size < 12_000, (lang, chunks[-1].name, chunks[-1].stat().st_size)


def test_facts_sources_and_history_are_not_indexed_but_the_title_is(site_dir):
    html = (site_dir / "roller/sis/index.html").read_text()
    body = re.search(r'<div class="kc-page-text" data-pagefind-body[^>]*>(.*)', html, re.S).group(1)
    assert re.search(r"<h1[^>]*>", body), "the page title must be inside the indexed region"
    facts = re.search(r'<aside class="kc-facts"[^>]*>', body).group(0)
    assert "data-pagefind-ignore" in facts
    for section in re.findall(r'<section class="kc-(?:sources|history)"[^>]*>', html):
        assert "data-pagefind-ignore" in section


def test_lists_of_page_titles_are_not_indexed(site_dir):
    for path in ("om/sidor-per-malgrupp/index.html", "en/om/sidor-per-ansvarig/index.html"):
        assert "data-pagefind-body" not in (site_dir / path).read_text(), path


def test_search_form_is_one_template_with_texts_in_the_page_language(site_dir):
    sv = (site_dir / "roller/sis/index.html").read_text()
    en = (site_dir / "en/roller/sis/index.html").read_text()
    for html, label in ((sv, "Sök på webbplatsen"), (en, "Search this site")):
        form = re.search(r'<form class="kc-search" role="search".*?</form>', html, re.S).group(0)
        assert f'<label class="kc-search__label" for="kc-search-input">{label}</label>' in form
        assert 'role="status" aria-live="polite"' in form
        assert "<script" not in form and "style=" not in form
        assert re.search(r'<script src="[./]*assets/kc-search\.js" defer></script>', html)


# --- Unit: keywords and what is searchable -----------------------------------

def test_glossary_long_forms_join_the_keywords_both_ways(monkeypatch):
    glossary = [
        {"sv": {"term": "SiS", "expansion": "Statens institutionsstyrelse", "definition": "x"},
         "en": {"term": "SiS", "expansion": "National Board of Institutional Care", "definition": "x"}},
        {"sv": {"term": "BOPS", "expansion": "Brottsoffer- och personsäkerhetsverksamheten", "definition": "x"}},
        {"sv": {"term": "avhoppare", "definition": "no long form"}},
    ]
    monkeypatch.setattr(search.listings, "glossary_entries", lambda lang: [e for e in glossary if lang in e])
    meta = {"title": "Placering", "keywords": ["placera"]}
    assert search.keywords(meta, "Ungdomen vårdas av SiS.", "sv") == ["placera", "Statens institutionsstyrelse"]
    assert search.keywords(meta, "Hos Brottsoffer- och personsäkerhetsverksamheten.", "sv") == ["placera", "BOPS"]
    assert search.keywords(meta, "En sis, en oSiSt, inget annat.", "sv") == ["placera"]
    assert search.keywords({"title": "SiS"}, "", "en") == ["National Board of Institutional Care"]
    # A long form the editor already gave, in any case, is not added twice.
    assert search.keywords({"keywords": ["statens institutionsstyrelse"]}, "SiS", "sv") == ["statens institutionsstyrelse"]


def test_fallbacks_archived_pages_and_title_lists_are_not_searchable():
    assert search.is_searchable({"status": "utkast"}, is_fallback=False)
    assert not search.is_searchable({"status": "utkast"}, is_fallback=True)
    assert not search.is_searchable({"status": "arkiverad"}, is_fallback=False)
    assert not search.is_searchable({"status": "utkast", "generate": "by_audience"}, is_fallback=False)
    assert search.is_searchable({"status": "utkast", "generate": "glossary"}, is_fallback=False)


# --- A planted site ----------------------------------------------------------

PLANTED_KEY = "roller/skatteverket.md"
PLANTED_BODY = """
# Skatteverket

Sidan är planterad av testerna för sökningen. Kommunen ansvarar för
flamingoplaneringen. Två flamingoplaneringar gjordes förra året. FKQ hjälper
kommunen med resten.

## Ett avsnitt om tranor {#tranor}

Tranbergsmetoden används när någon behöver ett nytt boende.
"""
PLANTED_GLOSSARY = {
    "sv": {"term": "FKQ", "expansion": "Pelargongruppen", "definition": "En påhittad grupp för testerna."},
    "en": {"term": "FKQ", "expansion": "Geranium group", "definition": "A made-up group for the tests."},
}


@pytest.fixture(scope="module")
def planted_site(tmp_path_factory):
    """The site with one Swedish-only page (its English file removed) that has
    made-up words, a front-matter keyword and a made-up glossary abbreviation."""
    repo = tmp_path_factory.mktemp("search-planted") / "repo"
    copy_repo(repo)  # a clone keeps the history that translation marks point into
    page = repo / "docs/sv" / PLANTED_KEY
    front = re.match(r"\A---\n(.*?\n)---\n", page.read_text(encoding="utf-8"), re.S).group(1)
    front = re.sub(r"(?m)^keywords:.*\n", "", front) + "keywords: [Pelikanprogrammet]\n"
    page.write_text("---\n" + front + "---\n" + PLANTED_BODY, encoding="utf-8")
    (repo / "docs/en" / PLANTED_KEY).unlink()
    glossary_file = repo / "data/glossary.yml"
    entries = yaml.safe_load(glossary_file.read_text(encoding="utf-8")) if glossary_file.exists() else None
    bibliography = yaml.safe_load((repo / "data/bibliography.yml").read_text(encoding="utf-8"))
    entries = (entries or []) + [{**PLANTED_GLOSSARY, "sources": [next(iter(bibliography))]}]
    glossary_file.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "planted search page")
    result = run_build(repo)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return repo / "site"


@pytest.fixture(scope="module")
def planted_url(planted_site):
    httpd = serve(planted_site)
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


def test_planted_fallback_copy_carries_no_index_region(planted_site):
    en = (planted_site / "en/roller/skatteverket/index.html").read_text()
    sv = (planted_site / "roller/skatteverket/index.html").read_text()
    assert "kc-notice--untranslated" in en and "data-pagefind-body" not in en
    region = re.search(r"<div[^>]*data-pagefind-body[^>]*>", sv).group(0)
    keywords = re.search(r'data-pagefind-meta="keywords:([^"]*)"', region).group(1)
    assert "Pelikanprogrammet" in keywords and "Pelargongruppen" in keywords


@pytest.mark.browser
def test_english_fallback_copy_is_not_an_english_result(page, planted_site, planted_url):
    open_search_page(page, planted_url, "sv")
    _, hrefs = run_query(page, "flamingoplaneringen")
    assert hrefs[:1] == ["/roller/skatteverket/"]
    # The English copy carries the same text, so only the index decides.
    assert "flamingoplaneringen" in (planted_site / "en/roller/skatteverket/index.html").read_text()
    open_search_page(page, planted_url, "en")
    status, hrefs = run_query(page, "flamingoplaneringen")
    assert "/en/roller/skatteverket/" not in hrefs and "/roller/skatteverket/" not in hrefs, (status, hrefs)
    assert all(href.startswith("/en/") for href in hrefs), hrefs


@pytest.mark.browser
def test_swedish_words_are_stemmed(page, planted_url):
    open_search_page(page, planted_url, "sv")
    for query in ("flamingoplanering", "flamingoplaneringarna"):
        _, hrefs = run_query(page, query)
        assert hrefs[:1] == ["/roller/skatteverket/"], (query, hrefs)


@pytest.mark.browser
def test_keywords_and_glossary_long_forms_find_the_page(page, planted_url):
    open_search_page(page, planted_url, "sv")
    for query in ("Pelikanprogrammet", "Pelargongruppen"):
        _, hrefs = run_query(page, query)
        assert "/roller/skatteverket/" in hrefs[:TOP], (query, hrefs)
    # The keywords are search words, not text on the page.
    assert "Pelikanprogrammet" not in page.locator("main").inner_text()


@pytest.mark.browser
def test_result_shows_title_matching_section_and_excerpt(page, planted_url):
    open_search_page(page, planted_url, "sv")
    status, hrefs = run_query(page, "Tranbergsmetoden")
    assert status == "1 träff för ”Tranbergsmetoden”."
    result = page.locator(".kc-search__list > li.kc-search__result").first
    assert result.locator("a.kc-search__title").inner_text() == "Skatteverket"
    section = result.locator(".kc-search__section").first
    assert section.locator(".kc-search__section-label").inner_text().startswith("Avsnitt")
    link = section.locator("a.kc-search__section-link")
    assert link.inner_text() == "Ett avsnitt om tranor"
    assert link.get_attribute("href").endswith("/roller/skatteverket/#tranor")
    assert section.locator(".kc-search__excerpt mark").first.inner_text() == "Tranbergsmetoden"


# --- Keyboard, screen reader, axe, privacy -----------------------------------

@pytest.mark.browser
def test_search_works_with_the_keyboard_alone(page, base_url):
    open_search_page(page, base_url, "sv")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kc-search-input":
            break
    else:
        pytest.fail("Tab never reaches the search box")
    page.keyboard.type("Statens institutionsstyrelse")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelector('.kc-search__status').textContent.includes('institutionsstyrelse')")
    status = page.locator(".kc-search__status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert re.match(r"\d+ träff(ar)? för ”Statens institutionsstyrelse”\.", status.text_content())
    links = page.locator(".kc-search__list a")
    assert links.count() >= 1
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('kc-search__title')")
    first = page.evaluate("document.activeElement.href")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "kc-search-input"
    page.keyboard.press("Escape")
    assert page.locator(".kc-search__results").is_hidden()
    assert page.evaluate("document.activeElement.id") == "kc-search-input"
    page.keyboard.press("ArrowDown")
    assert page.locator(".kc-search__results").is_visible()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == first


@pytest.mark.browser
@pytest.mark.parametrize("lang,query,width", [("sv", "avhoppare", 1280), ("en", "defector", 375)])
def test_no_axe_violations_with_results_open(lang, query, width, page, base_url):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run make test, which installs it.")
    page.set_viewport_size({"width": width, "height": 800})
    open_search_page(page, base_url, lang)
    run_query(page, query)
    assert page.locator(".kc-search__result").count() >= 1, "the query should find something to check"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    # The search form and its open results; the page around it is the whole-site axe test's.
    result = page.evaluate("tags => axe.run({include: [['form.kc-search']]},"
                           " {runOnly: {type: 'tag', values: tags}})", AXE_TAGS)
    assert result["passes"], "axe checked nothing"
    found = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_search_loads_on_use_and_every_request_stays_on_the_site(page, base_url):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_search_page(page, base_url, "en")
    assert not [u for u in requests if "/pagefind/" in u], "the search index must load only when used"
    requests.clear()
    status, hrefs = run_query(page, "defector")
    assert hrefs, status
    assert requests and all(u.startswith(base_url) for u in requests), \
        [u for u in requests if not u.startswith(base_url)]
    assert any(u.endswith("wasm.en.pagefind") for u in requests)
    assert not any("wasm.sv.pagefind" in u for u in requests)


@pytest.mark.browser
def test_results_come_five_at_a_time_and_focus_moves_to_the_new_ones(page, base_url):
    # Five at first (each shown result fetches its text: fewer bytes before the
    # first results); "more" adds five and moves the focus to the first new one.
    open_search_page(page, base_url, "sv")
    status, hrefs = run_query(page, "avhoppare")
    count = int(re.match(r"(\d+) träffar", status).group(1))
    assert count > 10, f"the query should have more than ten results to page through: {status}"
    assert len(hrefs) == 5 and status.endswith("Visar de 5 första.")
    more = page.locator(".kc-search__more")
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.kc-search__result').length > 5")
    assert page.evaluate("document.activeElement.closest('.kc-search__result') === "
                         "document.querySelectorAll('.kc-search__result')[5]")
    # Results come one by one, each as soon as its text has come: wait for the fifth new one.
    page.wait_for_function(f"document.querySelectorAll('.kc-search__result').length >= {min(count, 10)}")
    page.wait_for_timeout(200)
    shown = page.locator(".kc-search__result").count()
    assert shown == min(count, 10)
    assert more.is_hidden() == (shown == count)


@pytest.mark.browser
def test_the_header_does_not_grow_when_the_search_box_appears(browser, base_url):
    # The box is hidden until kc-search.js shows it; with scripting on it holds
    # its place from the first paint, so nothing below the header moves when the
    # script runs (on a phone the checklist pages shifted by 0.18: Lighthouse 92).
    # Without scripting it takes no room. (On a wide screen the box sits in the
    # header's one row, so only a phone's width shows the difference.)
    width = 412

    def header_height(javascript: bool, block_script: bool) -> float:
        context = browser.new_context(viewport={"width": width, "height": 823}, java_script_enabled=javascript)
        try:
            page = context.new_page()
            if block_script:
                page.route("**/assets/kc-search.js", lambda route: route.abort())
            page.goto(base_url + "checklistor/forsta-motet/", wait_until="load")
            if javascript and not block_script:
                page.wait_for_selector("form[data-kc-search]:not([hidden])")
            return page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
        finally:
            context.close()
    before, after = header_height(True, True), header_height(True, False)
    assert before == after, f"the header grows from {before} to {after} px when the search box appears"
    assert header_height(False, False) < after, "without scripting the hidden box takes no room"


def test_the_form_says_whether_to_use_pagefinds_worker_from_the_indexs_own_page_count(site_dir):
    # The build decides before Pagefind runs (search.uses_worker); the count it
    # decides on must be the one Pagefind writes into its entry file.
    import json
    entry = json.loads((site_dir / "pagefind/pagefind-entry.json").read_text())
    for lang, prefix in (("sv", ""), ("en", "en/")):
        count = entry["languages"][lang]["page_count"]
        expected = "true" if count >= search.WORKER_FROM_PAGES else "false"
        for rel in (prefix + "index.html", prefix + "roller/sis/index.html"):
            form = re.search(r"<form[^>]*data-kc-search[^>]*>", (site_dir / rel).read_text()).group(0)
            assert f'data-worker="{expected}"' in form, (rel, count, form)


@pytest.mark.browser
@pytest.mark.parametrize("worker", [False, True])
def test_a_small_index_is_searched_in_the_page_and_a_large_one_in_pagefinds_worker(worker, page, base_url):
    # Below WORKER_FROM_PAGES the form says data-worker="false" and Pagefind
    # searches in the page (no worker script to fetch); for a large index
    # (planted: the page says "true") it searches in its web worker, so that
    # typing is not held up. The script reads the choice from the form: the
    # entry file is fetched once, by Pagefind.
    if worker:
        def planted(route):
            response = route.fetch()
            route.fulfill(response=response, body=response.text().replace('data-worker="false"', 'data-worker="true"'))
        page.route(lambda url: url.rstrip("/").endswith("/en"), planted)
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    open_search_page(page, base_url, "en")
    status, hrefs = run_query(page, "defector")
    assert hrefs, status
    workers = [u for u in requests if u.endswith("/pagefind/pagefind-worker.js")]
    assert bool(workers) == worker, (worker, workers)
    entries = [u for u in requests if "/pagefind/pagefind-entry.json" in u]
    assert len(entries) == 1, entries


def _index_chunks_fetched(page, base_url: str, query: str, typing_delay: float, slow_wasm: bool) -> tuple[set, str]:
    """The index chunks a first search for `query` fetches, and its status."""
    chunks = set()
    page.on("request", lambda r: chunks.add(r.url.rsplit("/", 1)[-1]) if r.url.endswith(".pf_index") else None)
    if slow_wasm:
        # The index takes its time to come, as on a slow phone line.
        def late(route):
            page.wait_for_timeout(1500)
            route.continue_()
        page.route("**/pagefind/wasm.*.pagefind", late)
    open_search_page(page, base_url, "sv")
    box = page.locator("#kc-search-input")
    if typing_delay:
        box.press_sequentially(query, delay=typing_delay)
    else:
        box.fill(query)
    page.wait_for_function("q => document.querySelector('.kc-search__status').textContent.includes(q)", arg=query)
    page.wait_for_load_state("networkidle")
    return chunks, page.locator(".kc-search__status").text_content()


@pytest.mark.browser
def test_a_first_search_typed_while_the_index_loads_looks_only_for_the_whole_query(browser, base_url):
    # The script waits until Pagefind is ready before it reads the box, so the
    # letters typed while the index loads are never searched: no index chunks
    # for "s..." are fetched beside those of "sekretess" (kc-search.js, load).
    query = "sekretess"
    contexts = [browser.new_context() for _ in range(2)]
    try:
        whole, _ = _index_chunks_fetched(contexts[0].new_page(), base_url, query, 0, False)
        typed, status = _index_chunks_fetched(contexts[1].new_page(), base_url, query, 60, True)
    finally:
        for context in contexts:
            context.close()
    assert whole and query in status
    assert typed == whole, f"typed while the index loaded, the search fetched {sorted(typed - whole)} as well"


@pytest.mark.browser
def test_a_small_indexs_first_files_are_asked_for_side_by_side_and_once(page, base_url):
    # Pagefind asks for its entry file, then the meta file and WebAssembly; the
    # script asks for all of them when the box is used (the build names them,
    # search.write_index_files), so the WebAssembly is on its way before the
    # entry file has come, and each file is fetched once.
    finished = []
    page.on("requestfinished", lambda request: finished.append(request))
    open_search_page(page, base_url, "sv")
    status, hrefs = run_query(page, "avhoppare")
    assert hrefs, status
    page.wait_for_load_state("networkidle")
    by_name = {}
    for request in finished:
        if "/pagefind/" in request.url:
            by_name.setdefault(request.url.rsplit("/", 1)[-1].split("?")[0], []).append(request)
    entry, wasm = by_name["pagefind-entry.json"], by_name["wasm.sv.pagefind"]
    meta = [name for name in by_name if name.endswith(".pf_meta")]
    assert len(entry) == 1 and len(wasm) == 1 and len(meta) == 1 and len(by_name[meta[0]]) == 1, by_name
    assert re.search(r"\?ts=[0-9a-f]{12}$", entry[0].url), entry[0].url
    entry_done = entry[0].timing["startTime"] + entry[0].timing["responseEnd"]
    assert wasm[0].timing["startTime"] < entry_done, "the WebAssembly was asked for only after the entry file came"


def test_with_materials_search_plugin_on_the_page_body_stays_html(make_repo):
    # Material's search plugin rewrites each page's body before the templates
    # run (it strips data-search-* attributes), handing back a plain string;
    # the body must still be written as HTML, not as escaped markup. make bench
    # builds so, to weigh Material's index beside ours.
    from scripts.benchmarks.bench import with_material_search
    repo = make_repo()
    with_material_search(repo)
    result = run_build(repo)
    assert result.returncode == 0, result.stderr[-3000:]
    html = (repo / "site/roller/sis/index.html").read_text()
    body = html[html.index('<div class="kc-page-text"'):]
    assert "<h1" in body and "&lt;h1" not in html and "&lt;p&gt;" not in html
    assert (repo / "site/search/search_index.json").is_file()


def test_the_bench_switches_a_large_sites_start_pages_to_search_in_the_page(site_dir, tmp_path):
    # make bench measures the generated site both ways (bench.search_in_page);
    # the real site is below the threshold, so its forms say data-worker="false".
    from scripts.benchmarks.bench import search_in_page
    from scripts.content import data
    from scripts.content.text import lang_prefix
    starts = [lang_prefix(lang) + "index.html" for lang in data.LANGS]
    for start in starts:
        html = (site_dir / start).read_text(encoding="utf-8")
        assert 'data-worker="false"' in html
        (tmp_path / start).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / start).write_text(html.replace('data-worker="false"', 'data-worker="true"'), encoding="utf-8")
    search_in_page(tmp_path)
    for start in starts:
        html = (tmp_path / start).read_text(encoding="utf-8")
        assert 'data-worker="false"' in html and 'data-worker="true"' not in html
    # Run twice (or on a site already searched in the page): a clear stop, naming the file.
    with pytest.raises(RuntimeError, match=r"index\.html: no data-worker=\"true\""):
        search_in_page(tmp_path)
