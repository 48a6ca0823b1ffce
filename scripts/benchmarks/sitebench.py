"""The build and page benchmarks of `make bench` (scripts/benchmarks/bench.py runs them
and writes BENCHMARKS.md):

- build_benchmark(): a synthetic corpus of 100, 500 and 2,000 generated pages
  per language on top of today's site (bench.generate_pages, with links
  between the pages and tables), in a temporary git repository with history:
  the generated pages are committed, then two rounds of version bumps are
  committed, so archived versions, comparison pages and git dates have real
  work to do. For each size: the full `python -m scripts build` time, its
  peak memory (largest resident set of the build and the processes it
  waited for, from os.wait4), and the time of our own steps (KC_PROFILE=1,
  scripts/build/profiling.py). The share of the git-revision-date plugin is the
  difference to a build with KC_GIT_DATES=false; a third build with
  KC_PARALLEL=false shows what building the languages side by side gains.
- serve_benchmark(): `make serve` (scripts/build/serve.py) on today's site; a page
  open in Chromium; the Markdown of that page edited; the time until the
  browser shows the new text.
- weight_benchmark(): every page of today's site in Chromium from a local
  server that gzips its responses: bytes transferred for a first visit
  (empty cache) and for the same page as the next page of a visit (cache
  warm), and the Web Vitals the browser reports (LCP, CLS, FCP, TTFB;
  one interaction's event duration on a checklist page as an INP proxy).

Nothing here fails on speed: the numbers are for people. The page-weight
budget (size, not time) is a test: tests/test_page_weight.py, over
scripts/checks/pageweight.py.
"""
from __future__ import annotations

import datetime as dt
import functools
import gzip
import http.server
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import bench, workspace
from ..content import data
from ..checks import pageweight
from ..build import profiling
from ..content.pages import parse
from ..content.translations import source_hash

SIZES = (100, 500, 2000)
GOAL_PAGES, GOAL_SECONDS = 2000, 60
BUMP_ROUNDS = (("1.1", 10), ("1.2", 25))   # (new version, every n-th generated page)

# --- The corpus ----------------------------------------------------------------

def _commit(repo: Path, message: str, date: str) -> None:
    workspace.git(repo, "add", "-A")
    if workspace.git(repo, "status", "--porcelain").strip():
        workspace.git(repo, "commit", "-q", "-m", message, date=date)


def bump(repo: Path, key: str, version: str, today: str) -> None:
    """A new version of a generated page in both languages: a change note, a
    new paragraph, and the English page's translation marker brought up to date."""
    sv_text = None
    for lang in data.LANGS:
        path = repo / "docs" / lang / key
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'^version: "[0-9.]+"$', f'version: "{version}"', text, count=1, flags=re.M)
        note = "Nytt avsnitt." if lang == "sv" else "New section."
        text = text.replace("changes:\n", f'changes:\n  - version: "{version}"\n    date: {today}\n'
                                          f"    note: {note}\n", 1)
        text += ("\n## Tillägg " if lang == "sv" else "\n## Addition ") + version + "\n\n" + \
            ("Ett nytt stycke i version " if lang == "sv" else "A new paragraph in version ") + version + ".\n"
        if lang != data.DEFAULT_LANG and sv_text is not None:
            sv_page = parse(sv_text, repo / "docs/sv" / key, f"docs/sv/{key}", "sv", key)
            text = re.sub(r"^  source_hash: \S+$", f"  source_hash: {source_hash(sv_page)}", text, count=1, flags=re.M)
            text = re.sub(r'^  source_version: "[0-9.]+"$', f'  source_version: "{version}"', text,
                          count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        if lang == data.DEFAULT_LANG:
            sv_text = text


def make_corpus(root: Path, dest: Path, count: int) -> Path:
    """Today's site plus `count` generated pages per language, in a git
    repository whose history has the pages' versions."""
    repo = bench.copy_repo(root, dest)
    today = dt.date.today()
    day = lambda n: (today - dt.timedelta(days=n)).isoformat()  # noqa: E731
    _commit(repo, "Working state", day(3))
    data.use_root(repo)
    try:
        bench.generate_pages(repo, count, rich=True)
        _commit(repo, f"{count} generated pages per language", day(2))
        for n, (version, every) in enumerate(BUMP_ROUNDS):
            for i in range(every, count + 1, every):
                bump(repo, f"genererat/sida-{i:04d}.md", version, today.isoformat())
            _commit(repo, f"Version {version} of every {every}th generated page", day(1 - n))
    finally:
        data.use_root(root)
    return repo


# --- Running a build -------------------------------------------------------------

def run_build(repo: Path, site_dir: Path, env: dict | None = None) -> dict:
    """`python -m scripts build` in `repo`: wall time, peak memory, profile."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KC_PROFILE": "1", **(env or {})}
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "scripts", "build", "--site-dir", str(site_dir)],
                                cwd=repo, env=full_env, stdout=out, stderr=subprocess.STDOUT)
        # wait4 gives this child's resource use, its maximum resident set
        # including the processes it waited for (mkdocs, git, Pagefind).
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - started
        out.seek(0)
        text = out.read().decode("utf-8", errors="replace")
    if proc.returncode != 0:
        raise RuntimeError("build failed:\n" + text[-4000:])
    pages = [p for p in Path(site_dir).rglob("*.html") if "pagefind" not in p.relative_to(site_dir).parts]
    return {"seconds": seconds, "peak_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime,
            "profile": profiling.parse(text), "mkdocs_mb": profiling.parse_memory(text), "html_files": len(pages),
            "html_bytes": sum(p.stat().st_size for p in pages)}


def _source_pages(repo: Path) -> dict[str, int]:
    return {lang: sum(1 for _ in (repo / "docs" / lang).rglob("*.md")) for lang in data.LANGS}


def build_benchmark(root: Path, sizes=SIZES, log=print) -> str:
    results = []
    with tempfile.TemporaryDirectory(prefix="kc-bench-build-") as tmp:
        tmp = Path(tmp)
        for count in sizes:
            log(f"build: generating {count} pages per language with history ...")
            repo = make_corpus(root, tmp / f"corpus-{count}", count)
            row = {"count": count, "sources": _source_pages(repo)}
            log(f"build: building {count} ...")
            row["full"] = run_build(repo, tmp / f"site-{count}")
            log(f"build: {count}: {row['full']['seconds']:.1f} s; again without git dates ...")
            row["no_git"] = run_build(repo, tmp / f"site-{count}-nogit", {"KC_GIT_DATES": "false"})
            log(f"build: {count}: again with the languages one after the other ...")
            row["sequential"] = run_build(repo, tmp / f"site-{count}-seq", {"KC_PARALLEL": "false"})
            results.append(row)
            shutil.rmtree(repo, ignore_errors=True)
            for name in (f"site-{count}", f"site-{count}-nogit", f"site-{count}-seq"):
                shutil.rmtree(tmp / name, ignore_errors=True)
    return build_section(results)


# What grew faster than the page count, or cost most, and what was done;
# measured with this benchmark at 2 x 2,000 generated pages while fixing it.
HOT_SPOTS = """\
Hot spots found with this benchmark (2 × 2,000 generated pages, this machine, 2026-11-23) and removed. The
first six were removed while the machine was heavily loaded (load average 7–10); the last four on the
same machine idle, where the build before them took 84.7 s (93.8 s of CPU time):

| what | before | after | change |
|---|---|---|---|
| Every page's menu listed every page of the site (Material renders the whole navigation into each page): HTML written grew with the square of the page count | a flat list of 2,000 pages: > 640 MB of Swedish HTML alone before the run was stopped after 7 minutes | `navigation.prune` (mkdocs.yml), the generator's pages in sections of 50: 118 KB per page, 590 MB for everything | sub-sections render only on their own pages; a large site is sectioned the same way |
| The git-revision-date plugin ran `git log --follow` once per page, in each language build (it forgets its dates between them) | 8,200 git processes | one `git log` (`history.prefill_revision_dates`), same dates | with the `git rev-parse HEAD` per page below: build 348 s → 158 s, CPU 292 s → 116 s |
| `history.log()` started `git rev-parse HEAD` for every page, and `commit_order()` ran `git rev-list` for every page | 14,000 git processes, archive step 31 s | HEAD read from `.git`, the order cached per HEAD: archive step 3.8 s | |
| Front matter parsed twice per page and per archived state, with the pure-Python YAML parser | 0.53 s for today's 113 files | 0.11 s (LibYAML, parsed once) | `scripts/content/yamlio.py` |
| Search keywords: two regular expressions per glossary entry over every page | 10.3 s over 4,100 pages | 0.8 s (substring test first) | `scripts/build/search.py`, same keywords |
| The CSP step's scan for style attributes, tag by tag over 590 MB of HTML | 6.2 s | 1.9 s | `scripts/build/headers.py`: the pattern starts with the literal word |
| mkdocs-static-i18n builds English inside the Swedish build, after it: one core renders every page while the other idles | 84.7 s (idle machine) | 54.5 s | `scripts/build/parallel.py`: the English build runs in a forked process beside the Swedish one, from the same configuration; the site written is the same (tests/test_parallel_build.py) |
| Material's menu template looped over every child of every section, on every page, to find the section's index page | 118 KB of HTML per page, most of it the loop's blank lines; 590 MB in all | 84 KB per page, 494 MB in all; 50.8 s | `scripts/build/navigation.py` sets `kc_index` once per build; our `partials/nav-item.html` reads it |
| Pagefind read all 9,358 HTML files in full, although only the 4,096 with a search region are indexed and most of each page is its menu; it indexed both languages in one process, and the headers step waited for it | Pagefind step 13.9 s | 11.6 s with copies of the 4,096 pages without their menus; then, the machine being slower (see below), 14.2 s → 9.8 s with the copies written as the pages render, one Pagefind process per language and the headers written meanwhile; the build 57.6 s → 50.2 s | `scripts/build/search.py`: `search_copy`, `add_copy`, `merge_bundles`; the merged bundle is byte for byte what one Pagefind run over the whole site writes (tests/test_search_index_parts.py) |
| The personal-data scan ran three regular expressions line by line over 23 MB of Markdown, before anything could be built | 1.8 s | 0.6 s, the same findings | `scripts/checks/privacy.py`: each pattern once over the whole text |

After the parallel build, the menu fix, the first Pagefind step and the faster scan: 47.3 s, 79 s of
CPU time, on the idle machine. This machine's speed
varies from hour to hour: Pagefind over the same files took 9.4 s at one time and 13.4 s an hour later, with
nothing else running, so compare figures taken in one run only.

Left as they are, because they grow linearly: Markdown and templates (MkDocs renders the pages of one
language on one core: about 30 to 38 s per language at 2,000 pages, now side by side), Material's menu (still
the largest part of template time and of each page's HTML), and Pagefind (about 2.5 ms of work per indexed page
and 250 KB of memory: it is the process behind the peak memory).
"""


def build_section(results: list[dict]) -> str:
    lines = [
        "## Build time and memory",
        "",
        "`python -m scripts build` (mkdocs build --strict, both languages, Pagefind, post-build steps) of today's "
        "site plus N generated pages per language (`bench.generate_pages`, with links and a table on every "
        "page), in a temporary git repository: the pages committed, then version 1.1 of every 10th and "
        "1.2 of every 25th committed (archived versions and comparison pages are built for them). Peak memory "
        "is the largest resident set of the build or any process it waited for (`os.wait4`).",
        "",
        "| generated pages per language | source pages sv + en | HTML files written | HTML written "
        "| build time | CPU time | peak memory (largest process) | mkdocs process | without git dates "
        "(KC_GIT_DATES=false) | git dates' share |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        full, nogit = r["full"], r["no_git"]
        share = full["seconds"] - nogit["seconds"]
        lines.append(
            f"| {r['count']:,} | {r['sources']['sv']:,} + {r['sources']['en']:,} | {full['html_files']:,} "
            f"| {full['html_bytes'] / 1e6:,.0f} MB | **{full['seconds']:.1f} s** | {full['cpu']:.1f} s "
            f"| {full['peak_mb']:,.0f} MB | {full['mkdocs_mb'] or 0:,.0f} MB | {nogit['seconds']:.1f} s | {share:.1f} s "
            f"({100 * share / full['seconds']:.0f} %) |")
    goal = next((r for r in results if r["count"] == GOAL_PAGES), None)
    if goal:
        seconds = goal["full"]["seconds"]
        lines += ["", f"Goal: 2 × {GOAL_PAGES:,} pages in under {GOAL_SECONDS} s on this machine: "
                  f"**{'met' if seconds < GOAL_SECONDS else 'not met'}** ({seconds:.1f} s, "
                  f"{goal['full']['cpu']:.0f} s of CPU time). MkDocs renders the pages of one language on one "
                  "core; the English build runs in a process of its own beside the Swedish one "
                  "(scripts/build/parallel.py), so the two cores render both languages at once, then Pagefind "
                  "indexes both. Other work on the machine slows every figure (see the load average above)."]
    lines += ["", "The same builds with the languages one after the other, as mkdocs-static-i18n runs them "
              "(KC_PARALLEL=false):", "",
              "| generated pages per language | in parallel | one after the other | CPU time, one after the other |",
              "|---|---|---|---|"]
    for r in results:
        seq = r.get("sequential")
        if seq:
            lines.append(f"| {r['count']:,} | {r['full']['seconds']:.1f} s | {seq['seconds']:.1f} s "
                         f"| {seq['cpu']:.1f} s |")
    # Our own steps (KC_PROFILE=1), per size.
    steps: list[str] = []
    for r in results:
        for name in r["full"]["profile"]:
            if name not in steps:
                steps.append(name)
    lines += ["", "Where the time goes: our hook steps, timed with KC_PROFILE=1 (scripts/build/profiling.py). "
              "Steps inside the language builds are summed over both processes, which run at the same "
              "time; \"English build\" is the whole English build in its own process (about half of all "
              "page rendering), and \"waiting for the other language builds\" is how long the Swedish "
              "build then waited for it. \"Whole build\" is from the first hook to the end of the "
              "post-build steps (the rest of the build time is starting Python and reading the "
              "configuration).", "",
              "The git dates' share above is one `git log` now (see below), within the noise of a "
              "busy machine, which can make it come out negative.", "",
              "| step | " + " | ".join(f"{r['count']:,}" for r in results) + " |",
              "|---|" + "---|" * len(results)]
    for name in steps:
        cells = []
        for r in results:
            seconds, calls = r["full"]["profile"].get(name, (0.0, 0))
            cells.append(f"{seconds:.2f} s" + (f" ({calls:,} calls)" if calls > 2 else ""))
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    if len(results) >= 2:
        a, b = results[0], results[-1]
        ratio_pages = sum(b["sources"].values()) / sum(a["sources"].values())
        ratio_time = b["full"]["seconds"] / a["full"]["seconds"]
        ratio_cpu = b["full"]["cpu"] / a["full"]["cpu"]
        lines += ["", f"From {a['count']:,} to {b['count']:,} generated pages per language ({ratio_pages:.1f}× "
                  f"the source pages) the CPU time grows {ratio_cpu:.1f}× and the build time {ratio_time:.1f}×. "
                  "CPU time is the steadier measure on a shared machine; the wall time depends on what else runs."]
    lines += ["", HOT_SPOTS.rstrip()]
    return "\n".join(lines) + "\n"


# --- Editing under make serve ------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_http(url: str, proc, timeout: float) -> None:
    import urllib.request
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("make serve stopped")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"make serve did not answer on {url}")


SERVE_PAGE = "roller/sis.md"
SERVE_EDITS = 3


def serve_benchmark(root: Path, log=print) -> str:
    from playwright.sync_api import sync_playwright
    times, rebuilds = [], []
    with tempfile.TemporaryDirectory(prefix="kc-bench-serve-") as tmp:
        repo = bench.copy_repo(root, Path(tmp) / "repo")
        _commit(repo, "Working state", dt.date.today().isoformat())
        port = free_port()
        log_path = Path(tmp) / "serve.log"
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        with open(log_path, "wb") as out:
            proc = subprocess.Popen([sys.executable, "-m", "scripts", "serve", "--port", str(port)],
                                    cwd=repo, env=env, stdout=out, stderr=subprocess.STDOUT)
            try:
                url = f"http://127.0.0.1:{port}/" + SERVE_PAGE[:-3] + "/"
                log("serve: waiting for the first build ...")
                _wait_http(url, proc, 600)
                source = repo / "docs/sv" / SERVE_PAGE
                with sync_playwright() as pw:
                    browser = pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS,
                                                 headless=True)
                    page = browser.new_page()
                    page.goto(url)
                    time.sleep(2)  # the reload script asks for the first build number
                    for n in range(SERVE_EDITS):
                        token = f"Mätpunkt {n} {time.time_ns()}"
                        built_before = log_path.read_text(errors="replace").count("Documentation built in")
                        started = time.perf_counter()
                        with open(source, "a", encoding="utf-8") as f:
                            f.write(f"\n{token}\n")
                        page.wait_for_function("t => document.body && document.body.innerText.includes(t)",
                                               arg=token, timeout=600_000, polling=100)
                        times.append(time.perf_counter() - started)
                        text = log_path.read_text(errors="replace")
                        built = re.findall(r"Documentation built in ([0-9.]+) seconds", text)
                        if len(built) > built_before:
                            rebuilds.append(float(built[-1]))
                        log(f"serve: edit {n + 1}: {times[-1]:.1f} s")
                        time.sleep(1)
                    browser.close()
            finally:
                proc.terminate()
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    proc.kill()
    lines = ["## One edit under `make serve`", "",
             f"`make serve` (`python -m scripts serve`) on today's site; `{SERVE_PAGE}` open in Chromium; a line "
             "appended to `docs/sv/" + SERVE_PAGE + "`; time until the browser shows it (the server rebuilds the "
             f"whole site, both languages and the search index, then the page reloads). {len(times)} edits.", "",
             "| | median | min | max |", "|---|---|---|---|",
             f"| edit → new text in the browser | **{statistics.median(times):.1f} s** | {min(times):.1f} s "
             f"| {max(times):.1f} s |"]
    if rebuilds:
        lines.append(f"| of which the rebuild (\"Documentation built in\") | {statistics.median(rebuilds):.1f} s "
                     f"| {min(rebuilds):.1f} s | {max(rebuilds):.1f} s |")
    return "\n".join(lines) + "\n"


# --- Page weight and Web Vitals in Chromium ------------------------------------------

# The gzip server lives in bench.py (sitebench imports bench, not the other way).
GzipHandler, serve_gzip = bench.GzipHandler, bench.serve_gzip


VITALS_INIT = """
window.__kcVitals = {lcp: null, cls: 0, events: []};
new PerformanceObserver(list => {
  for (const e of list.getEntries()) window.__kcVitals.lcp = e.startTime;
}).observe({type: 'largest-contentful-paint', buffered: true});
new PerformanceObserver(list => {
  for (const e of list.getEntries()) if (!e.hadRecentInput) window.__kcVitals.cls += e.value;
}).observe({type: 'layout-shift', buffered: true});
try {
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) window.__kcVitals.events.push(e.duration);
  }).observe({type: 'event', buffered: true, durationThreshold: 16});
} catch (e) {}
"""

TRANSFER = """() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  const paint = performance.getEntriesByName('first-contentful-paint')[0];
  return {
    html: nav.transferSize, html_body: nav.encodedBodySize,
    total: nav.transferSize + res.reduce((s, r) => s + r.transferSize, 0),
    requests: 1 + res.length,
    fcp: paint ? paint.startTime : null, ttfb: nav.responseStart,
    lcp: window.__kcVitals.lcp, cls: window.__kcVitals.cls,
  };
}"""


def _page_paths(site_dir: Path) -> list[str]:
    return [pageweight.url_of(site_dir, p) for p in pageweight.pages(site_dir) if not pageweight.is_redirect(p)]


def weight_benchmark(site_dir: Path, log=print) -> str:
    from playwright.sync_api import sync_playwright
    urls = _page_paths(site_dir)
    httpd = serve_gzip(site_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    first, nxt, event = {}, {}, None
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=bench.CHROMIUM, args=bench.CHROMIUM_ARGS, headless=True)
            log(f"weight: {len(urls)} pages, first visits ...")
            for url in urls:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(VITALS_INIT)
                page = context.new_page()
                page.goto(base + url, wait_until="load")
                page.wait_for_timeout(50)
                first[url] = page.evaluate(TRANSFER)
                context.close()
            log("weight: next pages (cache warm) ...")
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            context.add_init_script(VITALS_INIT)
            page = context.new_page()
            page.goto(base, wait_until="load")
            for url in urls:
                page.goto(base + url, wait_until="load")
                nxt[url] = page.evaluate(TRANSFER)
            # One interaction, for an INP-like figure: tick a checklist item.
            checklist = next((u for u in urls if u.startswith("checklistor/") and u != "checklistor/"), None)
            if checklist:
                page.goto(base + checklist, wait_until="load")
                box = page.locator("input[data-item-id]").first
                if box.count():
                    box.click()
                    page.wait_for_timeout(300)
                    durations = page.evaluate("window.__kcVitals.events")
                    event = (checklist, max(durations) if durations else None)
            context.close()
            browser.close()
    finally:
        httpd.shutdown()
    disk = {url: pageweight.weigh(site_dir, site_dir / pageweight.file_of(url)) for url in urls}
    return weight_section(first, nxt, disk, event)


def _stats(values: list[float]) -> str:
    values = [v for v in values if v is not None]
    if not values:
        return "n/a"
    return f"{statistics.median(values):,.0f} / {max(values):,.0f}"


def weight_section(first: dict, nxt: dict, disk: dict, event) -> str:
    kb = lambda n: f"{n / 1024:,.1f} KB"  # noqa: E731
    # Section print views have budgets of their own (pageweight.PRINT_VIEW_*): they
    # are reported apart, so the table speaks of the pages people read.
    views = {u: r for u, r in first.items() if pageweight.is_print_view(u)}
    first = {u: r for u, r in first.items() if u not in views}
    nxt = {u: r for u, r in nxt.items() if u not in views}
    disk = {u: d for u, d in disk.items() if u not in views}
    firsts = [r["total"] for r in first.values()]
    htmls = [r["html_body"] for r in first.values()]
    nexts = [r["total"] for r in nxt.values()]
    over_first = [u for u, r in first.items() if r["total"] > pageweight.FIRST_VISIT_BUDGET]
    over_html = [u for u, r in first.items() if r["html_body"] > pageweight.HTML_BUDGET]
    heaviest = sorted(first.items(), key=lambda kv: kv[1]["total"], reverse=True)[:5]
    lines = [
        "## Page weight and Web Vitals (Chromium)",
        "",
        f"Every page of today's site ({len(first)} pages, archived versions included; the "
        f"{len(views)} section print views apart, below the table) in headless Chromium "
        "from a local server that gzips text (level "
        f"{pageweight.GZIP_LEVEL}) and answers revalidation with 304. Bytes are `transferSize` from the "
        "Resource Timing API (compressed body plus headers). A first visit has an empty cache; a next page is "
        "the same page reached from another page of the site (cache warm: the browser revalidates CSS and JS "
        "and gets 304s). Search loads nothing until the reader uses the search box, so it is not in these "
        f"figures (see Search). Budget: {kb(pageweight.FIRST_VISIT_BUDGET)} for a first visit "
        f"({kb(pageweight.FIRST_VISIT_MEDIAN_BUDGET)} on the median page), {kb(pageweight.HTML_BUDGET)} for a "
        f"page's HTML ({kb(pageweight.HTML_MEDIAN_BUDGET)} on the median page), compressed; checked by "
        "tests/test_page_weight.py from the files on disk.",
        "",
        "| | median | max | budget: median, max | pages over |",
        "|---|---|---|---|---|",
        f"| first visit, all bytes | {kb(statistics.median(firsts))} | {kb(max(firsts))} "
        f"| {kb(pageweight.FIRST_VISIT_MEDIAN_BUDGET)}, {kb(pageweight.FIRST_VISIT_BUDGET)} | {len(over_first)} |",
        f"| HTML of a page (compressed body) | {kb(statistics.median(htmls))} | {kb(max(htmls))} "
        f"| {kb(pageweight.HTML_MEDIAN_BUDGET)}, {kb(pageweight.HTML_BUDGET)} | {len(over_html)} |",
        f"| next page, all bytes | {kb(statistics.median(nexts))} | {kb(max(nexts))} | | |",
        f"| requests, first visit | {statistics.median(r['requests'] for r in first.values()):.0f} "
        f"| {max(r['requests'] for r in first.values())} | | |",
        "",
        "Heaviest first visits: " + "; ".join(f"`/{u}` {kb(r['total'])}" for u, r in heaviest) + ".",
        "",
        (f"Section print views ({len(views)}, one menu section on one page, opened to print it): first "
         f"visit median {kb(statistics.median(r['total'] for r in views.values()))}, largest "
         f"{kb(max(r['total'] for r in views.values()))}; HTML largest "
         f"{kb(max(r['html_body'] for r in views.values()))} (their budgets: "
         f"{kb(pageweight.PRINT_VIEW_FIRST_VISIT)} and {kb(pageweight.PRINT_VIEW_HTML)})."
         if views else "No section print views."),
        "",
        ("Over the HTML budget: " + ", ".join(f"`/{u}`" for u in over_html)
         + " (per-page exceptions with their reasons in tests/test_page_weight.py)." if over_html
         else "No page is over the HTML budget."),
        "",
        "The same figures from the files on disk (tests/test_page_weight.py's computation, gzip of the HTML "
        "and of every same-origin file it references): median first visit "
        f"{kb(statistics.median(d.first_visit for d in disk.values()))}, largest "
        f"{kb(max(d.first_visit for d in disk.values()))}.",
        "",
        "Web Vitals in the lab (one load per page on this machine; milliseconds, median / worst page):",
        "",
        "| metric | first visit | next page | \"good\" threshold |",
        "|---|---|---|---|",
        f"| LCP (Largest Contentful Paint) | {_stats([r['lcp'] for r in first.values()])} ms "
        f"| {_stats([r['lcp'] for r in nxt.values()])} ms | ≤ 2,500 ms |",
        f"| FCP (First Contentful Paint) | {_stats([r['fcp'] for r in first.values()])} ms "
        f"| {_stats([r['fcp'] for r in nxt.values()])} ms | ≤ 1,800 ms |",
        f"| TTFB (local server) | {_stats([r['ttfb'] for r in first.values()])} ms "
        f"| {_stats([r['ttfb'] for r in nxt.values()])} ms | ≤ 800 ms |",
        "| CLS (Cumulative Layout Shift) | "
        f"{statistics.median(r['cls'] for r in first.values()):.3f} / {max(r['cls'] for r in first.values()):.3f} "
        f"| {statistics.median(r['cls'] for r in nxt.values()):.3f} / {max(r['cls'] for r in nxt.values()):.3f} "
        "| ≤ 0.1 |",
    ]
    if event:
        url, duration = event
        shown = f"{duration:.0f} ms" if duration is not None else "under 16 ms (below what the Event Timing API reports)"
        lines.append(f"| INP proxy: one click on a checklist item (`/{url}`), event duration | {shown} | | ≤ 200 ms |")
    shifting = sorted(((r["cls"], u) for u, r in first.items() if r["cls"] > 0.1), reverse=True)
    if shifting:
        lines += ["", f"Pages with CLS above 0.1 on a first visit ({len(shifting)}): "
                  + "; ".join(f"`/{u}` {cls:.2f}" for cls, u in shifting[:8]) + "."]
    lines += ["", "INP proper needs real readers' interactions over a whole visit (field data); the lab can "
              "only time single interactions, as above. The lab figures come from a fast local connection; "
              "they show the page's own work, not a reader's network."]
    return "\n".join(lines) + "\n"


# --- Entry for scripts/benchmarks/bench.py ---------------------------------------------------------

def sections(root: Path, log=print, parts=("build", "serve", "weight")) -> dict[str, str]:
    """{part: Markdown section} for the parts asked for."""
    out = {}
    if "build" in parts:
        out["build"] = build_benchmark(root, log=log)
    if "serve" in parts:
        out["serve"] = serve_benchmark(root, log=log)
    if "weight" in parts:
        with tempfile.TemporaryDirectory(prefix="kc-bench-weight-") as tmp:
            repo = bench.copy_repo(root, Path(tmp) / "repo")
            site_dir = Path(tmp) / "site"
            log("weight: building today's site ...")
            bench.build(repo, site_dir)
            out["weight"] = weight_benchmark(site_dir, log=log)
    return out
