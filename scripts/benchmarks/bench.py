"""Benchmarks behind `python -m scripts bench` (make bench), written to BENCHMARKS.md.

Each benchmark is a function returning a Markdown section; `main` runs them
and writes the file with the machine and the date. Speed never fails a test:
it is measured here and read by people.

search_benchmark(): per language, for today's site and for a generated site of
1,000 extra pages per language,
- the Pagefind index on disk (the files of that language) and the time to index,
- the bytes a reader's browser transfers for a first search (measured in
  Chromium against a local server without HTTP compression),
- the time from typing to the first results (first and last key to results),
- for comparison, the one combined index Material's own search would download.
"""
from __future__ import annotations

import datetime as dt
import gzip
import http.server
import io
import functools
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..content import data
from ..checks import pageweight
from ..build import search
from . import workspace
from ..content.pages import parse
from ..content.text import lang_prefix
from ..content.translations import source_hash
from .workspace import CHROMIUM, CHROMIUM_ARGS

GENERATED_PAGES = 1000
QUERIES = {"sv": ("avhoppare", "socialtjänsten"), "en": ("defector", "social services")}
# A first search's time varies by tens of ms from run to run on this machine;
# the median of seven is steady where the median of three was not.
COLD_RUNS = 7
NAV_SECTION = 50


# --- The sites ---------------------------------------------------------------

def copy_repo(root: Path, dest: Path) -> Path:
    """The working tree in a clone of the repository (scripts/benchmarks/workspace.py)."""
    return workspace.copy_repo(root, dest)


def with_material_search(repo: Path) -> None:
    """Also build Material's own search index, only to measure it for comparison."""
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nplugins:\n", "\nplugins:\n  - search\n", 1), encoding="utf-8")


def _vocabulary(repo: Path, lang: str) -> list[str]:
    words = []
    for path in sorted((repo / "docs" / lang).rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---", 2)[-1]
        words += re.findall(r"[^\W\d_]{3,}", body)
    return words or ["avhoppare", "kommun", "stöd"]


def _text(rng: random.Random, vocab: list[str], words: int) -> str:
    out, sentence = [], []
    for _ in range(words):
        word = rng.choice(vocab)
        if rng.random() < 0.08:  # compounds give the index many rare words, as real Swedish does
            word += rng.choice(vocab).lower()
        sentence.append(word)
        if len(sentence) >= rng.randint(8, 18):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    if sentence:
        out.append(" ".join(sentence).capitalize() + ".")
    return " ".join(out)


def _rich(rng: random.Random, vocab: list[str], i: int, count: int, lang: str) -> str:
    """Links to other generated pages and to real pages, and a table (make bench's build sizes)."""
    others = sorted({rng.randint(1, count) for _ in range(3)} - {i})
    see = "Se även" if lang == "sv" else "See also"
    links = [f"- [{_text(rng, vocab, 3).rstrip('.')}](sida-{j:04d}.md)" for j in others]
    links += ["- [" + ("Roller och ansvar" if lang == "sv" else "Roles and responsibilities") + "](../roller/index.md)"]
    head = ("Aktör", "Ansvar", "Antal") if lang == "sv" else ("Actor", "Responsibility", "Number")
    rows = [f"| {' | '.join(head)} |", "|---|---|---|"]
    rows += [f"| {_text(rng, vocab, 2).rstrip('.')} | {_text(rng, vocab, 6).rstrip('.')} | {rng.randint(1, 400)} |"
             for _ in range(4)]
    return f"\n## {see}\n\n" + "\n".join(links) + "\n\n" + "\n".join(rows) + "\n"


def generate_pages(repo: Path, count: int, seed: int = 8, rich: bool = False) -> None:
    """`count` synthetic pages per language with valid front matter, in the nav
    (in sections of NAV_SECTION pages),
    each English page marked as translating its Swedish one. `rich` adds links
    between the pages and to real pages, and a table, to every page."""
    rng = random.Random(seed)
    vocab = {lang: _vocabulary(repo, lang) for lang in data.LANGS}
    source = next(iter(data.bibliography()), None)
    today = dt.date.today()
    next_year = today.replace(year=today.year + 1, day=min(today.day, 28))
    nav = ["  - Genererade sidor:\n"]
    for i in range(1, count + 1):
        key = f"genererat/sida-{i:04d}.md"
        # In sections of NAV_SECTION pages, as a large site would be: a flat
        # list of thousands would put every title into every page's menu.
        if (i - 1) % NAV_SECTION == 0:
            nav.append(f"      - Del {(i - 1) // NAV_SECTION + 1}:\n")
        nav.append(f"          - {key}\n")
        texts = {}
        for lang in data.LANGS:
            title = _text(rng, vocab[lang], rng.randint(3, 6)).rstrip(".")
            sections = [f"# {title}\n\n{_text(rng, vocab[lang], 120)}\n"]
            for _ in range(rng.randint(2, 5)):
                heading = _text(rng, vocab[lang], rng.randint(2, 5)).rstrip(".")
                sections.append(f"## {heading}\n\n{_text(rng, vocab[lang], rng.randint(80, 200))}\n")
            if rich:
                sections.append(_rich(rng, vocab[lang], i, count, lang))
            texts[lang] = (title, "\n".join(sections))
        sv_text = None
        for lang in data.LANGS:
            title, body = texts[lang]
            front = [
                "---", f"title: \"{title}\"", f"description: \"{title}.\"",
                # "about": random words are no claims, so the uncited-claims gate
                # (scripts/content/claims.py, checked types only) leaves them alone.
                "type: about",
                "audience: [socialtjanst]", "responsible: socialstyrelsen", "status: utkast",
                'version: "1.0"', f"reviewed: {today}", f"review_by: {next_year}",
                f"sources: [{source}]" if source else "sources: []",
                "changes:", '  - version: "1.0"', f"    date: {today}", "    note: Genererad sida för mätningar.",
            ]
            if lang != data.DEFAULT_LANG and sv_text is not None:
                sv_page = parse(sv_text, repo / "docs/sv" / key, f"docs/sv/{key}", "sv", key)
                front += ["translation:", f"  source_hash: {source_hash(sv_page)}", '  source_version: "1.0"']
            text = "\n".join(front) + "\n---\n\n" + body
            path = repo / "docs" / lang / key
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            if lang == data.DEFAULT_LANG:
                sv_text = text
    config = repo / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\nnav:\n", "\nnav:\n" + "".join(nav), 1), encoding="utf-8")


def build(repo: Path, site_dir: Path) -> float:
    started = time.perf_counter()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "scripts", "build", "--site-dir", str(site_dir)],
                            cwd=repo, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError("build failed:\n" + result.stdout[-3000:] + result.stderr[-3000:])
    return time.perf_counter() - started


# --- Measurements ------------------------------------------------------------

def index_on_disk(site_dir: Path) -> dict:
    """Bytes and files of each language's index, and of what the languages share."""
    bundle = site_dir / search.BUNDLE_DIR
    out = {lang: {"bytes": 0, "files": 0} for lang in data.LANGS}
    out["shared"] = {"bytes": 0, "files": 0}
    for path in bundle.rglob("*"):
        if not path.is_file():
            continue
        name = path.name
        owner = next((lang for lang in data.LANGS
                      if name.startswith(f"{lang}_") or f".{lang}_" in name or name == f"wasm.{lang}.pagefind"), None)
        if owner is None and name == "wasm.unknown.pagefind":
            continue  # for pages without a language; never loaded here
        bucket = out[owner or "shared"]
        bucket["bytes"] += path.stat().st_size
        bucket["files"] += 1
    return out


def time_indexing(site_dir: Path) -> float:
    started = time.perf_counter()
    search.index_site(None, site_dir)
    return time.perf_counter() - started


def material_index(site_dir: Path) -> dict | None:
    index = site_dir / "search/search_index.json"
    if not index.exists():
        return None
    raw = index.read_bytes()
    return {"bytes": len(raw), "gzip": len(gzip.compress(raw, 6))}


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """A static server that gzips text responses, as a real host does, and lets
    the browser revalidate (Last-Modified) instead of caching blindly."""

    COMPRESS = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")

    def log_message(self, *args):
        pass

    def handle(self):
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the browser moved on

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.endswith(self.COMPRESS) and os.path.isfile(path)):
            return super().send_head()
        stamp = os.stat(path).st_mtime
        if self.headers.get("If-Modified-Since") == self.date_time_string(stamp):
            self.send_response(304)
            self.end_headers()
            return None
        body = gzip.compress(Path(path).read_bytes(), pageweight.GZIP_LEVEL)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stamp))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        return io.BytesIO(body)


def serve_gzip(directory: Path):
    handler = functools.partial(GzipHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def _serve(directory: Path):
    """The site as a host serves it: text (pagefind.js among it) gzipped; the
    index files are compressed by Pagefind itself and are sent as they are."""
    return serve_gzip(directory)


def debounce_ms(root: Path | None = None) -> int:
    """The search script's pause after the last key (overrides/assets/kc-search.js)."""
    script = ((root or Path(__file__).resolve().parent.parent.parent) / "overrides/assets/kc-search.js").read_text(encoding="utf-8")
    return int(re.search(r"DEBOUNCE_MS = (\d+)", script).group(1))


# How to search on each kind of site: the box, the result list, and (ours) a
# check that the list shows the final query's results, not an earlier prefix's.
DRIVERS = {
    "kc": {"ready": "form[data-kc-search]:not([hidden])", "input": "#kc-search-input",
           "list": ".kc-search__list", "final": "document.querySelector('.kc-search__status').textContent.includes(q)"},
    "material": {"ready": ".md-search__input", "input": ".md-search__input",
                 "list": ".md-search-result__list", "final": "true"},
    "starlight": {"ready": "site-search button", "open": "site-search button[data-open-modal]",
                  "input": "#starlight__search input", "list": ".pagefind-ui__results", "final": "true"},
}
SEARCH_URLS = r"/(pagefind|search)/|/workers/search|/lunr/"
TYPING_DELAY_MS = 150   # a fast typist on a phone: about 7 characters a second

WATCH = """([sel, final, q]) => {
  const input = document.querySelector(sel.input);
  window.__kcBench = {first: null, last: null, shown: null};
  // A key counts from when the browser took it (the event's timeStamp), not
  // from when the page got round to it: a busy page must not shorten its time.
  input.addEventListener('keydown', (event) => {
    const now = event.timeStamp;
    if (window.__kcBench.first === null) window.__kcBench.first = now;
    window.__kcBench.last = now;
  }, true);
  const check = () => {
    const list = document.querySelector(sel.list);
    const b = window.__kcBench;
    if (b.shown === null && b.last !== null && list && list.querySelector('li') && input.value === q
        && (new Function('q', 'return ' + final))(q)) b.shown = performance.now();
  };
  new MutationObserver(check).observe(document.body, {childList: true, subtree: true, characterData: true});
  // Tasks of 50 ms or more on the page's main thread: while one runs, a key the
  // reader types does not show (LONGEST_TASK reads those begun before the results).
  window.__kcBench.tasks = [];
  new PerformanceObserver((list) => list.getEntries().forEach(
    (task) => window.__kcBench.tasks.push([task.startTime, task.duration]))).observe({type: 'longtask'});
}"""


# The longest main-thread task begun between WATCH and the results (0: none of 50 ms or more).
LONGEST_TASK = """(() => {
  const b = window.__kcBench;
  return Math.max(0, ...b.tasks.filter(([start]) => start < b.shown).map(([, duration]) => duration));
})()"""


def _one_search(page, query: str, driver: dict | None = None, delay: float = 0) -> dict:
    driver = driver or DRIVERS["kc"]
    page.evaluate(WATCH, [{"input": driver["input"], "list": driver["list"]}, driver["final"], query])
    page.locator(driver["input"]).press_sequentially(query, delay=delay)
    page.wait_for_function("window.__kcBench.shown !== null", timeout=30000)
    times = page.evaluate("window.__kcBench")
    return {"from_first_key": times["shown"] - times["first"], "from_last_key": times["shown"] - times["last"]}


def transferred(request) -> int:
    """Bytes a finished request brought: headers and body as sent. Chromium
    reports no body size for a script that starts a worker (Pagefind's
    pagefind-worker.js); its Content-Length counts then."""
    sizes = request.sizes()
    body = sizes["responseBodySize"]
    if not body:
        response = request.response()
        length = response.headers.get("content-length", "") if response else ""
        body = int(length) if length.isdigit() else 0
    return body + sizes["responseHeadersSize"]


# Where a first search's bytes go: the files of a Pagefind bundle by kind.
PARTS = (("pagefind.js", r"/pagefind\.js"), ("worker", r"/pagefind-worker\.js"),
         ("wasm", r"/wasm\.[\w-]+\.pagefind"), ("entry + meta", r"/pagefind-entry\.json|\.pf_meta"),
         ("filters", r"\.pf_filter"), ("index chunks", r"\.pf_index"), ("fragments", r"\.pf_fragment"))


def parts(requests) -> dict[str, list[int]]:
    """{kind: [requests, bytes]} of a search's requests (PARTS; anything else is "other")."""
    out: dict[str, list[int]] = {}
    for request in requests:
        kind = next((name for name, pattern in PARTS if re.search(pattern, request.url)), "other")
        entry = out.setdefault(kind, [0, 0])
        entry[0] += 1
        entry[1] += transferred(request)
    return out


def first_search(url: str, query: str, kind: str = "kc", runs: int = COLD_RUNS, second: str | None = None) -> dict:
    """A first search in a fresh browser (no cache) on `url`, repeated `runs` times,
    typed at once and typed at TYPING_DELAY_MS per key: everything the page
    fetches from the moment the search box gets focus (bytes as sent, gzip
    included), and the time from the first and the last key until the final
    query's results show. With `second`, another query in the same page after."""
    from playwright.sync_api import sync_playwright
    driver = DRIVERS[kind]
    cold, typed, warm, transfers = [], [], [], []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        for delay in (0, TYPING_DELAY_MS):
            for _ in range(runs):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                finished = []
                page.on("requestfinished", lambda request: finished.append(request))
                page.goto(url)
                page.wait_for_selector(driver["ready"])
                page.wait_for_load_state("networkidle")
                # What the page fetched for search before the reader touched it
                # (Material loads its index with every page) counts too.
                early = [r for r in finished if re.search(SEARCH_URLS, r.url)]
                finished.clear()
                if driver.get("open"):
                    page.locator(driver["open"]).click()
                result = _one_search(page, query, driver, delay)
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
                result["longest_task"] = page.evaluate(LONGEST_TASK)
                fetched = early + finished
                result["requests"] = len(fetched)
                result["bytes"] = sum(transferred(r) for r in fetched)
                result["parts"] = parts(fetched)
                if delay == 0:
                    cold.append(result)
                    transfers.append(result)
                    if second:
                        page.locator(driver["input"]).fill("")
                        page.wait_for_timeout(200)
                        warm.append(_one_search(page, second, driver))
                else:
                    typed.append(result)
                context.close()
        browser.close()
    return {
        "requests": transfers[0]["requests"],
        "parts": transfers[0]["parts"],
        "bytes": statistics.median(t["bytes"] for t in transfers),
        "cold_first_key": statistics.median(c["from_first_key"] for c in cold),
        "cold_last_key": statistics.median(c["from_last_key"] for c in cold),
        "typed_last_key": statistics.median(c["from_last_key"] for c in typed),
        "typed_bytes": statistics.median(c["bytes"] for c in typed),
        "cold_longest_task": statistics.median(c["longest_task"] for c in cold),
        "typed_longest_task": statistics.median(c["longest_task"] for c in typed),
        "warm_last_key": statistics.median(w["from_last_key"] for w in warm) if warm else None,
    }


def browser_search(site_dir: Path, lang: str) -> dict:
    """Our search: a first search in a fresh browser, repeated; then a second search."""
    httpd = _serve(site_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/" + lang_prefix(lang)
    first_query, second_query = QUERIES[lang]
    try:
        return first_search(base, first_query, "kc", second=second_query)
    finally:
        httpd.shutdown()


def measure_site(site_dir: Path) -> dict:
    return {
        "pages": search.indexed_pages(site_dir),
        "disk": index_on_disk(site_dir),
        "index_seconds": time_indexing(site_dir),
        "material": material_index(site_dir),
        "browser": {lang: browser_search(site_dir, lang) for lang in data.LANGS},
    }


# --- Report ------------------------------------------------------------------

def _kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB"


def _ms(n: float) -> str:
    return f"{n:,.0f} ms"


PARTS_READING = (
    "Reading it: pagefind.js and the wasm are the same for every search and site (the wasm, the largest part, "
    "is Pagefind's own, compressed by Pagefind). The index is cut into chunks in word order; a search fetches "
    "the chunks holding its words, the words they begin and their stems. The site sets the chunk size "
    f"(`INDEX_CHUNK_SIZE` = {search.INDEX_CHUNK_SIZE:,} in scripts/build/search.py, Pagefind's default is 20,000), "
    "so each chunk is a few KB and holds few words besides the ones searched for; the meta file, which lists "
    "the chunks and the pages, grows with both. Fragments are the text of each result shown (five), so they do "
    "not grow with the site.")


def search_section(results: dict[str, dict]) -> str:
    lines = [
        "## Search",
        "",
        "Pagefind, one index per language (scripts/build/search.py). \"First search\" is a fresh browser with an",
        "empty cache on a page of that language, typing the first query; bytes are everything fetched from",
        "`pagefind/` for it, from the moment the search box gets focus (which starts loading the index), from a",
        "local server that gzips text as a host does (pagefind.js; the index files are compressed by Pagefind",
        f"itself). Chromium reports no body size for a worker's script, so a response without one counts its "
        f"Content-Length. Times are medians of {COLD_RUNS} runs, from the keydown of the last key to the first "
        f"results of the whole query on screen; the script's pause after a key ({debounce_ms()} ms) is in them. "
        f"The script searches in the page (Pagefind's `noWorker`) below {search.WORKER_FROM_PAGES} pages per "
        f"language and in Pagefind's worker from {search.WORKER_FROM_PAGES} (the build writes the choice into the "
        "search form), runs one search at a time and reads the box "
        "when the index is ready, so keys typed while it loads are not searched; it shows five results, "
        "fetching the text of those five only, each as soon as it has come.",
        "\"Last key → results\" is typed at once (the index still loading), then typed at "
        f"{TYPING_DELAY_MS} ms a key, as a person types: the index loads while they type. "
        "\"Second search\" types another query in the same page. \"Longest task\" is the longest stretch "
        "(50 ms or more; 0 ms: none) in which the page's main thread ran without a break, begun before the "
        "results showed: a key typed then appears only when it ends. The last row searches the generated site "
        "in the page, as below the worker threshold, to show what the worker costs and buys.",
        "",
        "| site | language | pages indexed | index on disk (files) | shared JS + wasm loader | indexing, both languages "
        "| first search: requests, bytes | first key → results | last key → results | "
        f"last key → results, typed at {TYPING_DELAY_MS} ms a key | second search: last key → results "
        "| longest task before the results (at once / typed) |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        for lang in data.LANGS:
            b = r["browser"][lang]
            disk = r["disk"][lang]
            lines.append(
                f"| {name} | {lang} | {r['pages'].get(lang, 0)} | {_kb(disk['bytes'])} ({disk['files']}) "
                f"| {_kb(r['disk']['shared']['bytes'])} | {r['index_seconds']:.2f} s "
                f"| {b['requests']}, {_kb(b['bytes'])} | {_ms(b['cold_first_key'])} | {_ms(b['cold_last_key'])} "
                f"| {_ms(b['typed_last_key'])} | {_ms(b['warm_last_key'])} "
                f"| {_ms(b['cold_longest_task'])} / {_ms(b['typed_longest_task'])} |")
    lines += ["", "Where a first search's bytes go (requests, bytes; the first run typed at once):", "",
              "| site | language | " + " | ".join(name for name, _ in PARTS) + " | other |",
              "|---|---|" + "---|" * (len(PARTS) + 1)]
    for name, r in results.items():
        for lang in data.LANGS:
            got = r["browser"][lang].get("parts", {})
            cells = [f"{got[k][0]}, {_kb(got[k][1])}" if k in got else "–" for k in [n for n, _ in PARTS] + ["other"]]
            lines.append(f"| {name} | {lang} | " + " | ".join(cells) + " |")
    lines += ["", PARTS_READING]
    lines += ["", "For comparison, Material's own search (lunr) would load one index for both languages on the "
              "first search, whatever the reader's language:", ""]
    for name, r in results.items():
        m = r["material"]
        if m:
            lines.append(f"- {name}: `search/search_index.json` {_kb(m['bytes'])} ({_kb(m['gzip'])} gzipped), "
                         "plus its search worker and lunr language files.")
    return "\n".join(lines) + "\n"


def search_in_page(site_dir: Path) -> None:
    """Make the start pages (where the bench searches) search in the page, as a
    site below search.WORKER_FROM_PAGES does: the form's data-worker attribute."""
    for lang in data.LANGS:
        start = site_dir / lang_prefix(lang) / "index.html"
        html = start.read_text(encoding="utf-8")
        if 'data-worker="true"' not in html:
            raise RuntimeError(f"{start}: no data-worker=\"true\" on the search form; the bench cannot switch it")
        start.write_text(html.replace('data-worker="true"', 'data-worker="false"'), encoding="utf-8")


def search_benchmark(root: Path | None = None, pages: int = GENERATED_PAGES, log=print) -> str:
    """Measure search on today's site and on a generated site; the Markdown section."""
    root = Path(root or data.root_dir())
    results = {}
    with tempfile.TemporaryDirectory(prefix="kc-bench-") as tmp:
        tmp = Path(tmp)
        log("search: building today's site ...")
        today = copy_repo(root, tmp / "today")
        # One build serves both: Material's index is weighed beside ours.
        with_material_search(today)
        build(today, tmp / "today-site")
        log("search: measuring today's site ...")
        results["today"] = measure_site(tmp / "today-site")
        log(f"search: generating {pages} pages per language and building ...")
        big = copy_repo(root, tmp / "generated")
        data.use_root(big)
        try:
            generate_pages(big, pages)
            with_material_search(big)
        finally:
            data.use_root(root)
        seconds = build(big, tmp / "generated-site")
        log(f"search: generated site built in {seconds:.0f} s; measuring ...")
        name = f"today + {pages:,} generated pages per language"
        results[name] = measure_site(tmp / "generated-site")
        if search.WORKER_FROM_PAGES <= pages:
            log("search: measuring the generated site searched in the page ...")
            search_in_page(tmp / "generated-site")
            results[name + ", searched in the page"] = {
                **results[name], "material": None,  # the same site: its lunr index is listed once
                "browser": {lang: browser_search(tmp / "generated-site", lang) for lang in data.LANGS}}
    return search_section(results)


def machine() -> str:
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = ""
    try:
        cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")
    except OSError:
        pass
    try:
        chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()
    except OSError:
        chromium = "not found"
    pagefind = subprocess.run([str(search.executable()), "--version"], capture_output=True, text=True).stdout.strip()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"- Date: {dt.datetime.now().astimezone().strftime('%Y-%m-%d %H:%M %Z')}\n"
            f"- Machine: {os.cpu_count()} CPUs (nproc){', ' + cpu if cpu else ''}; memory {memory or 'unknown'}; "
            f"{platform.system()} {platform.release()}; Python {platform.python_version()}\n"
            f"- Browser: {chromium}; search: {pagefind}\n"
            f"- Load average when the run ended (1, 5, 15 min): {load}; other work on the machine slows "
            "every number here\n")


REVIEW_RUNS = 3


def review_benchmark(root: Path, runs: int = REVIEW_RUNS, log=print) -> str:
    """`python -m scripts review` as CI runs it on a pull request: on the repository's
    last commit, and on the last commit that changed pages (against its first parent)."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True).stdout.strip()

    pages_commit = git("log", "-1", "--format=%H", "--", "docs")
    cases = [("last commit", "HEAD~1", "HEAD")]
    if pages_commit:
        cases.append(("last commit that changed pages", f"{pages_commit}^1", pages_commit))
    rows = []
    for label, base, head in cases:
        times, result = [], None
        for i in range(runs):
            log(f"review: {label}, run {i + 1} of {runs} ...")
            started = time.perf_counter()
            result = subprocess.run([sys.executable, "-m", "scripts", "review", base, head], cwd=root,
                                    capture_output=True, text=True)
            times.append(time.perf_counter() - started)
        summary = next((line.strip("*").removeprefix("review: ") for line in result.stdout.splitlines()
                        if line.startswith("**review:")), "no summary")
        rows.append(f"| {label}: `{git('log', '-1', '--format=%h', head)}` ({summary}) | "
                    f"**{statistics.median(times):.2f} s** | {min(times):.2f} s | {max(times):.2f} s |")
    return ("## Review report (`python -m scripts review`)\n\n"
            "`python -m scripts review BASE HEAD` on this repository, as CI runs it on a pull request: the whole "
            f"command, Python's start included; {runs} runs each, the first cold. The acceptance bound is 10 s.\n\n"
            "| commit compared with its parent | median | min | max |\n|---|---|---|---|\n" + "\n".join(rows) + "\n")
