"""Work on the finished site, after every language is built: one sitemap per
language with hreflang alternates, and the right language on each 404 page."""
from __future__ import annotations

import concurrent.futures
from pathlib import Path
from xml.sax.saxutils import escape

from . import changes, headers, profiling, search
from ..content import data
from ..content.site import Site, lang_prefix

SITEMAP_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
                'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def sitemap(site: Site, lang: str, site_url: str) -> str:
    """Pages that really exist in `lang` (no fallback copies), with their alternates."""
    rows = [SITEMAP_HEAD]
    for key, page in sorted(site.by_lang[lang].items()):
        rows.append(f"  <url>\n    <loc>{escape(site_url + lang_prefix(lang) + page.url)}</loc>\n")
        for alt in data.LANGS:
            if key in site.by_lang[alt]:
                href = escape(site_url + lang_prefix(alt) + page.url)
                rows.append(f'    <xhtml:link rel="alternate" hreflang="{alt}" href="{href}"/>\n')
        if key in site.by_lang[data.DEFAULT_LANG]:
            rows.append(f'    <xhtml:link rel="alternate" hreflang="x-default" '
                        f'href="{escape(site_url + page.url)}"/>\n')
        rows.append("  </url>\n")
    rows.append("</urlset>\n")
    return "".join(rows)


def finish(site: Site, site_dir: Path, site_url: str, pages_404: dict[str, str]) -> None:
    if not site_url.endswith("/"):
        site_url += "/"
    for lang in data.LANGS:
        out = site_dir / lang_prefix(lang)
        out.mkdir(parents=True, exist_ok=True)
        if lang in pages_404:
            (out / "404.html").write_text(pages_404[lang], encoding="utf-8")
        (out / "sitemap.xml").write_text(sitemap(site, lang, site_url), encoding="utf-8")
        gz = out / "sitemap.xml.gz"
        if gz.exists():
            gz.unlink()  # the theme's combined one would disagree with ours
    # Feeds and redirects first: they are part of the finished site. Then the
    # search index and the security headers side by side: Pagefind runs as a
    # process of its own, and the headers step (which lists the inline scripts
    # of the finished HTML, not Pagefind's files) runs while it works.
    _step(changes.write_outputs, site, site_dir, site_url)
    # The section print views take in the finished pages (before the headers
    # step lists the inline scripts of the finished HTML).
    from . import printview
    _step(printview.fill, site, site_dir, site_url)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        indexing = pool.submit(_step, search.index_site, site, site_dir, site_url)
        _step(headers.write_site, site, site_dir, site_url)
        indexing.result()


def _step(hook, *args):
    with profiling.step(f"post-build: {hook.__module__.rsplit('.', 1)[-1]}.{hook.__name__}"):
        return hook(*args)
