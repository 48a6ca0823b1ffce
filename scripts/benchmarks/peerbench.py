"""This site beside its peers, built and measured in one run on the same pages
(make bench; tracker issue #23).

- this site: `python -m scripts build` of the repository (or of a copy with
  generated pages);
- bare Material: mkdocs-material 9.8.1 with mkdocs-static-i18n and Material's
  own search, from the same docs/ and nothing of ours (no hooks, no overrides,
  no extra CSS or JavaScript), in a temporary folder;
- Starlight: Astro with @astrojs/starlight and its Pagefind search (pinned in
  bench/package.json, installed by make bench with npm ci --ignore-scripts),
  from the same Markdown files copied into a Starlight project; when it cannot
  be built here, the reason is reported instead of figures.

Each site is measured with the same code: first visits in Chromium from a
local server that gzips text (scripts/benchmarks/sitebench.py), the first search
(scripts/benchmarks/bench.py, first_search) and Lighthouse's mobile performance score
(pinned Lighthouse from bench/, Debian's Chromium) for the start page, a role
page and a checklist.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from . import bench, sitebench, workspace
from ..content import data, yamlio
from ..content.text import lang_prefix
from ..checks import pageweight

BENCH_DIR = "bench"                 # bench/package.json: Lighthouse, Astro, Starlight
LIGHTHOUSE_PAGES = {"start page": "", "role page": "roller/socialtjansten/", "checklist": "checklistor/forsta-motet/"}
BUILD_TIMEOUT = 900             # seconds for one peer's build
SITE_NAME = "Nationellt kunskapscentrum för avhopparverksamhet"
SKIP_DIRS = set(pageweight.SKIP_DIRS) | {"_astro", "404.html"}

MATERIAL_YML = """site_name: {site_name}
site_url: http://127.0.0.1/
docs_dir: {docs}
site_dir: {site}
theme:
  name: material
  language: sv
plugins:
  - search
  - i18n:
      docs_structure: folder
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - locale: sv
          name: Svenska
          default: true
          build: true
        - locale: en
          name: English
          build: true
markdown_extensions:
  - abbr
  - admonition
  - attr_list
  - def_list
  - footnotes
  - md_in_html
  - tables
  - toc
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist
"""

ASTRO_CONFIG = """import { defineConfig } from "astro/config";
import starlight from "@astrojs/starlight";

export default defineConfig({
  site: "http://127.0.0.1/",
  integrations: [
    starlight({
      title: %s,
      defaultLocale: "root",
      locales: {
        root: { label: "Svenska", lang: "sv" },
        en: { label: "English", lang: "en" },
      },
    }),
  ],
});
"""


def _nav_of(repo: Path) -> str:
    """The nav: block of a repository's mkdocs.yml, so bare Material menus the same pages."""
    text = (repo / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^nav:\n(?:[ \t]+.*\n?)+", text, re.M)
    return match.group(0) if match else ""


def build_material(repo: Path, dest: Path, prune: bool = False) -> Path:
    """Bare Material + static-i18n + Material's search over `repo`'s docs/.
    `prune` turns on navigation.prune: without it every page of a site with
    thousands of pages carries the whole menu (the HTML grows with the square
    of the page count); only the search is measured there."""
    site = dest / "site"
    config = dest / "mkdocs.yml"
    text = MATERIAL_YML.format(site_name=json.dumps(SITE_NAME), docs=json.dumps(str(repo / "docs")),
                               site=json.dumps(str(site)))
    if prune:
        text = text.replace("  language: sv\n", "  language: sv\n  features: [navigation.prune]\n")
    config.write_text(text + "\n" + _nav_of(repo) + "\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)],
                            capture_output=True, text=True, env=env, timeout=BUILD_TIMEOUT)
    if result.returncode != 0 or not (site / "index.html").exists():
        raise RuntimeError("bare Material did not build: " + (result.stderr or result.stdout)[-800:])
    return site


_FRONT_RE = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _starlight_page(text: str) -> str:
    """A page of ours as Starlight reads it: title and description kept from
    the front matter (the rest is ours, and Starlight's schema knows none of
    it), the first heading dropped (Starlight writes the title as the h1)."""
    match = _FRONT_RE.match(text)
    meta, body = {}, text
    if match:
        meta = yamlio.load_with_lines(match.group(1))[0] or {}
        body = text[match.end():]
    body = re.sub(r"\A\s*# .*\n", "", body)
    # Markers of our own syntax stay as text; HTML comments and curly braces
    # would be read as code by Astro's Markdown only in MDX, which is not used.
    front = {"title": str(meta.get("title") or "Sida")}
    if meta.get("description"):
        front["description"] = str(meta["description"])
    return "---\n" + "".join(f"{k}: {json.dumps(v, ensure_ascii=False)}\n" for k, v in front.items()) + "---\n" + body


def build_starlight(repo: Path, dest: Path, tools: Path) -> Path:
    """Starlight over the same Markdown: docs/sv at the root, docs/en under /en/."""
    binary = tools / "node_modules" / ".bin" / "astro"
    if not binary.exists():
        raise RuntimeError(f"Astro is not installed ({binary} missing; make bench runs npm ci in {BENCH_DIR}/)")
    # Inside bench/, beside its node_modules: Vite does not follow a symlinked one.
    project = tools / ".build" / dest.name
    shutil.rmtree(project, ignore_errors=True)
    content = project / "src" / "content" / "docs"
    for lang, target in (("sv", content), ("en", content / "en")):
        for page in sorted((repo / "docs" / lang).rglob("*.md")):
            out = target / page.relative_to(repo / "docs" / lang)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(_starlight_page(page.read_text(encoding="utf-8")), encoding="utf-8")
    (project / "src" / "content.config.ts").write_text(
        'import { defineCollection } from "astro:content";\n'
        'import { docsLoader } from "@astrojs/starlight/loaders";\n'
        'import { docsSchema } from "@astrojs/starlight/schema";\n'
        "export const collections = { docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }) };\n",
        encoding="utf-8")
    (project / "astro.config.mjs").write_text(ASTRO_CONFIG % json.dumps(SITE_NAME), encoding="utf-8")
    (project / "package.json").write_text('{"name": "kc-starlight", "private": true, "type": "module"}\n')
    env = {**os.environ, "ASTRO_TELEMETRY_DISABLED": "1"}
    try:
        result = subprocess.run([str(binary), "build"], cwd=project, capture_output=True, text=True, env=env,
                                timeout=BUILD_TIMEOUT)
    except subprocess.TimeoutExpired:
        shutil.rmtree(project, ignore_errors=True)
        raise RuntimeError(f"Starlight did not finish building within {BUILD_TIMEOUT} s on this machine") from None
    site = dest / "site"
    if result.returncode != 0 or not (project / "dist" / "index.html").exists():
        raise RuntimeError("Starlight did not build: " + (result.stderr or result.stdout)[-800:])
    shutil.move(project / "dist", site)
    shutil.rmtree(project, ignore_errors=True)
    return site


# --- Measuring ------------------------------------------------------------------

def page_urls(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, any of the three (not assets, search, redirects)."""
    site_dir = Path(site_dir)
    urls = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] in SKIP_DIRS or pageweight.is_redirect(path):
            continue
        urls.append(pageweight.url_of(site_dir, path))
    return urls


def source_urls(repo: Path) -> list[str]:
    """The address of every page of docs/ in both languages, as all three sites
    write it (Swedish at the root, English under en/)."""
    urls = []
    for lang in data.LANGS:
        prefix = lang_prefix(lang)
        for page in sorted((repo / "docs" / lang).rglob("*.md")):
            rel = page.relative_to(repo / "docs" / lang).with_suffix("").as_posix()
            rel = rel[: -len("index")] if rel == "index" or rel.endswith("/index") else rel + "/"
            urls.append(prefix + rel)
    return urls


def first_visits(site_dir: Path, log=print, urls: list[str] | None = None) -> dict:
    """First visit (empty cache) in Chromium, gzip server, of `urls` that the
    site has (default: all its pages): bytes and HTML bytes."""
    from playwright.sync_api import sync_playwright
    urls = [u for u in (urls or page_urls(site_dir)) if (site_dir / pageweight.file_of(u)).is_file()]
    httpd = sitebench.serve_gzip(site_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    totals, htmls = {}, {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=workspace.CHROMIUM, args=workspace.CHROMIUM_ARGS,
                                         headless=True)
            for url in urls:
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                context.add_init_script(sitebench.VITALS_INIT)
                page = context.new_page()
                page.goto(base + url, wait_until="load")
                page.wait_for_timeout(50)
                figures = page.evaluate(sitebench.TRANSFER)
                totals[url], htmls[url] = figures["total"], figures["html_body"]
                context.close()
            browser.close()
    finally:
        httpd.shutdown()
    log(f"peers: {len(urls)} pages of {site_dir} visited")
    return {"pages": len(urls), "median": statistics.median(totals.values()), "max": max(totals.values()),
            "max_url": max(totals, key=totals.get), "html_median": statistics.median(htmls.values())}


def search_figures(site_dir: Path, kind: str, lang: str = "sv") -> dict:
    httpd = sitebench.serve_gzip(site_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/" + lang_prefix(lang)
    try:
        return bench.first_search(base, bench.QUERIES[lang][0], kind)
    finally:
        httpd.shutdown()


def lighthouse(site_dir: Path, tools: Path, log=print) -> dict:
    """Lighthouse's performance score (mobile, the default profile) per page, or the error."""
    binary = tools / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        return {"error": f"Lighthouse is not installed ({binary} missing)"}
    httpd = sitebench.serve_gzip(site_dir)
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    scores = {}
    env = {**os.environ, "CHROME_PATH": workspace.CHROMIUM}
    try:
        for name, url in LIGHTHOUSE_PAGES.items():
            result = subprocess.run(
                [str(binary), base + url, "--quiet", "--output=json", "--only-categories=performance",
                 "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking"],
                capture_output=True, text=True, env=env, timeout=240)
            try:
                report = json.loads(result.stdout)
                scores[name] = round(report["categories"]["performance"]["score"] * 100)
            except (ValueError, KeyError, TypeError):
                scores[name] = None
                scores.setdefault("error", (result.stderr or result.stdout)[-300:].strip())
            log(f"peers: lighthouse {url or '/'}: {scores[name]}")
    finally:
        httpd.shutdown()
    return scores


def measure(site_dir: Path, kind: str, tools: Path, log=print, urls: list[str] | None = None) -> dict:
    return {"weight": first_visits(site_dir, log, urls), "search": search_figures(site_dir, kind),
            "lighthouse": lighthouse(site_dir, tools, log)}


# --- The run and its table -----------------------------------------------------

def _kb(n) -> str:
    return "–" if n is None else f"{n / 1024:,.1f} KB"


def _ms(n) -> str:
    return "–" if n is None else f"{n:,.0f} ms"


def peer_benchmark(root: Path, pages: int = bench.GENERATED_PAGES, log=print) -> str:
    """Build the three sites at today's size and with `pages` generated pages per
    language, measure them, and return the Markdown section."""
    import tempfile
    root = Path(root)
    tools = root / BENCH_DIR
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory(prefix="kc-peers-") as tmp:
        tmp = Path(tmp)
        for size, count in (("today", 0), (f"+{pages:,} pages", pages)):
            repo = bench.copy_repo(root, tmp / f"repo-{count}")
            if count:
                bench.generate_pages(repo, count)
            sites = {}
            log(f"peers ({size}): building this site ...")
            try:
                bench.build(repo, repo / "site")
                sites["this site"] = ("kc", repo / "site")
            except RuntimeError as error:
                results.setdefault("this site", {})["error"] = str(error)[-800:]
                log(f"peers: this site: {error}")
            for name, kind, builder in (("bare Material 9.8.1 + static-i18n", "material", build_material),
                                        ("Starlight", "starlight", build_starlight)):
                log(f"peers ({size}): building {name} ...")
                dest = tmp / f"{kind}-{count}"
                dest.mkdir()
                try:
                    site = builder(repo, dest, tools) if kind == "starlight" else builder(repo, dest, bool(count))
                    sites[name] = (kind, site)
                except (RuntimeError, OSError, subprocess.SubprocessError) as error:
                    results.setdefault(name, {})["error"] = str(error)
                    log(f"peers: {name}: {error}")
            for name, (kind, site) in sites.items():
                entry = results.setdefault(name, {})
                try:
                    if count:
                        entry["search_large"] = search_figures(site, kind)
                    else:
                        entry.update(measure(site, kind, tools, log, source_urls(repo)))
                except Exception as error:  # a peer that cannot be measured is reported, not fatal
                    entry.setdefault("error", f"{type(error).__name__}: {error}")
                    log(f"peers: {name}: {error}")
    return section(results, pages)


READING = ("Reading the table: bare Material fetches its search index (one for both languages) with every page, so its first visit includes it and its first search fetches little more; Starlight's search is Pagefind too, the same release as this site's (1.6.0, as bench/package-lock.json pins it), with Pagefind's default index chunk size and without its worker choice; its search UI script loads with every page and is in its first visit.")


def section(results: dict, pages: int) -> str:
    lines = [
        "## Side by side: this site, bare Material, Starlight",
        "",
        "Built and measured in one run of `make bench` (scripts/benchmarks/peerbench.py) from the same pages: this site; "
        "bare Material 9.8.1 with mkdocs-static-i18n and Material's search (the same docs/ and nav, nothing of ours); "
        "Starlight (Astro and @astrojs/starlight as pinned in bench/package.json) with the same Markdown files copied "
        "in, Swedish at the root and English under /en/. With the generated pages, bare Material gets "
        "navigation.prune (without it its HTML grows with the square of the page count; only search is "
        "measured there). Our own Markdown extensions (citations, checklists, "
        "generated lists) exist only on this site; the other two show those markers as text. "
        "First visit: every page of docs/ (both languages; not our archived versions and generated "
        "comparison pages, which the others do not have) in Chromium with an empty cache, from a local server that gzips text (level 6); "
        "bytes are the Resource Timing transferSize of the page and all it loads. "
        f"First search: a fresh browser on the Swedish start page, the query `{bench.QUERIES['sv'][0]}`; bytes are "
        "everything fetched from the moment the search box gets focus; times are medians of "
        f"{bench.COLD_RUNS} runs, from the last key to the final query's results, typed at once and typed at "
        f"{bench.TYPING_DELAY_MS} ms a key. Lighthouse: performance score, its default mobile profile (simulated "
        "slow 4G and a slowed CPU), Debian's Chromium, one run per page.",
        "",
        READING,
        "",
        "| | pages | first visit, median | first visit, max | HTML, median | first search, today | "
        f"first search, +{pages:,} pages per language | last key → results (at once / typed) | "
        f"same, +{pages:,} pages | Lighthouse mobile: " + " / ".join(LIGHTHOUSE_PAGES) + " |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    notes = []
    for name, r in results.items():
        w, s, big, lh = r.get("weight"), r.get("search"), r.get("search_large"), r.get("lighthouse") or {}
        if not w:
            notes.append(f"- {name}: not measured: {r.get('error', 'no figures')}")
            continue
        scores = " / ".join("–" if lh.get(p) is None else str(lh[p]) for p in LIGHTHOUSE_PAGES)
        lines.append(
            f"| {name} | {w['pages']} | {_kb(w['median'])} | {_kb(w['max'])} (`/{w['max_url']}`) "
            f"| {_kb(w['html_median'])} | {_kb(s and s['bytes'])} | {_kb(big and big['bytes'])} "
            f"| {_ms(s and s['cold_last_key'])} / {_ms(s and s['typed_last_key'])} "
            f"| {_ms(big and big['cold_last_key'])} / {_ms(big and big['typed_last_key'])} | {scores} |")
        if lh.get("error"):
            notes.append(f"- {name}: Lighthouse: {lh['error']}")
        if r.get("error"):
            notes.append(f"- {name}: {r['error']}")
    if notes:
        lines += [""] + notes
    return "\n".join(lines) + "\n"
