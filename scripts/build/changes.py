"""What changed, for readers who follow the guidance: the "Nytt och ändrat" /
"What's new" list, one Atom feed per language, and the redirects that keep
old addresses working.

Everything is taken from the pages' own `changes` history, so a change note
written in a pull request is what subscribers read. Links point at stable
addresses: /arkiv/<page>/<version>/ is the archived page once a version is
superseded, and a redirect to the page while it is current.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from ..content import data, schema
from ..checks.htmlpolicy import md_text, md_texts
from ..content.versions import ARCHIVE_DIR
from ..content.pages import Page, key_to_url, url_relative
from ..content.site import Site, lang_prefix, md_link
from ..content.text import format_date

LIMIT = 50


@dataclass
class Entry:
    date: str
    page: Page
    version: str
    note: str

    @property
    def stable_path(self) -> str:
        """The version's permanent address, relative to its language root."""
        stem = self.page.key[:-3]
        return f"{ARCHIVE_DIR}/{stem}/{self.version}/"


def entries(site: Site, lang: str) -> list[Entry]:
    """Every change note of every page that exists in `lang`, newest first."""
    found = []
    for page in site.by_lang[lang].values():
        for change in page.meta.get("changes") or []:
            found.append(Entry(change["date"], page, change["version"], change["note"]))
    found.sort(key=lambda e: (e.date, schema.version_tuple(e.version), e.page.key), reverse=True)
    return found


def whats_new(site: Site, key: str, lang: str) -> str:
    ui = md_texts(data.strings(lang))
    rows = [f"| {ui['history_date']} | {ui['whats_new_page']} | {ui['history_version']} | {ui['history_note']} |",
            "|---|---|---|---|"]
    for e in entries(site, lang)[:LIMIT]:
        link = f"[{md_text(e.page.meta['title'])}]({md_link(key, e.page.key)})"
        note = md_text(e.note).replace("|", "\\|")
        rows.append(f"| {format_date(e.date, lang)} | {link} | {e.version} | {note} |")
    # Raw HTML: the feed is written after the build, so MkDocs cannot check a Markdown link to it.
    feed = "../" * key_to_url(key).count("/") + "feed.xml"
    return (f'<p class="kc-feed-link"><a href="{feed}" type="application/atom+xml">{ui["feed_link"]}</a></p>\n\n'
            + "\n".join(rows) + "\n")


# The start page lists this many of the newest changes (the rest are in "Nytt och ändrat").
LATEST = 3


def latest_changes(site: Site, key: str, lang: str) -> str:
    """The start page's short list: the newest major changes (each a change
    entry, GOV.UK's rule), newest first, as in "Nytt och ändrat"."""
    from .facts import format_date
    rows = []
    for e in entries(site, lang)[:LATEST]:
        rows.append(f"- {format_date(e.date, lang)}: [{md_text(e.page.meta['title'])}]({md_link(key, e.page.key)}). "
                    f"{md_text(e.note)}")
    return "\n".join(rows) + "\n"


def feed(site: Site, lang: str, site_url: str) -> str:
    """An Atom feed (RFC 4287) of the latest changes in one language."""
    ui = data.strings(lang)
    base = site_url + lang_prefix(lang)
    items = entries(site, lang)[:LIMIT]
    updated = (items[0].date if items else schema.today().isoformat()) + "T00:00:00Z"
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}">',
           f"  <id>{escape(base)}feed.xml</id>",
           f"  <title>{escape(ui['feed_title'])}</title>",
           f"  <updated>{updated}</updated>",
           f'  <link rel="self" type="application/atom+xml" href="{escape(base)}feed.xml"/>',
           f'  <link rel="alternate" type="text/html" href="{escape(base)}nytt/"/>',
           f"  <author><name>{escape(data.label('responsible', 'redaktionen', lang))}</name></author>"]
    for e in items:
        url = base + e.stable_path
        title = f"{e.page.meta['title']} – {ui['history_version'].lower()} {e.version}"
        out += ["  <entry>",
                f"    <id>{escape(url)}</id>",
                f"    <title>{escape(title)}</title>",
                f"    <updated>{e.date}T00:00:00Z</updated>",
                f'    <link rel="alternate" type="text/html" href="{escape(url)}"/>',
                f"    <summary>{escape(e.note)}</summary>",
                "  </entry>"]
    out.append("</feed>")
    return "\n".join(out) + "\n"


# The empty icon: without an icon link the browser asks for /favicon.ico,
# which the site does not have (a 404 for every stub; tests/test_clean_load.py).
REDIRECT = """<!doctype html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<title>{text}</title>
<meta name="robots" content="noindex">
<link rel="canonical" href="{target}">
<link rel="icon" href="data:,">
<meta http-equiv="refresh" content="0; url={target}">
</head>
<body>
<p>{text} <a href="{target}">{target_text}</a></p>
</body>
</html>
"""


class UnsafeRedirect(Exception):
    """A redirect whose file would land outside the site folder."""


def _inside(site_dir: Path, path: Path) -> Path:
    """`path`, if it resolves inside `site_dir`; the schema refuses such paths
    (scripts/content/schema.py, redirect_from), this refuses them again where files are written."""
    resolved = path.resolve()
    if not resolved.is_relative_to(Path(site_dir).resolve()):
        raise UnsafeRedirect(f"refusing to write {path}: it is outside the site folder {site_dir}. "
                             "How to fix: redirect_from lists page paths relative to the language folder "
                             "(roller/gammal.md), never ../ or an address.")
    return path


def _write_redirect(site_dir: Path, path: Path, target: str, lang: str) -> None:
    path = _inside(site_dir, path)
    if path.exists():
        return  # a real page (an archived version) always wins over a redirect
    ui = data.strings(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(REDIRECT.format(lang=lang, text=html.escape(ui["moved_notice"]),
                                    target=html.escape(target), target_text=html.escape(target)),
                    encoding="utf-8")


def _relative(from_url: str, to_url: str) -> str:
    return url_relative(from_url, to_url)  # directory or file URLs alike (scripts/content/pages.py)


def _at(site_dir: Path, url: str) -> Path:
    """The file a browser opens for `url`: index.html of a directory URL, else the file."""
    return site_dir / url / "index.html" if not url or url.endswith("/") else site_dir / url


def write_outputs(site: Site, site_dir: Path, site_url: str) -> None:
    """Feeds, stable addresses of current versions, and redirects from old paths."""
    for lang in data.LANGS:
        root = lang_prefix(lang)
        (site_dir / root).mkdir(parents=True, exist_ok=True)
        (site_dir / root / "feed.xml").write_text(feed(site, lang, site_url), encoding="utf-8")
        for page in site.by_lang[lang].values():
            page_dir = root + page.url
            # The current version's stable address leads to the page until it is archived.
            stable = root + f"{ARCHIVE_DIR}/{page.key[:-3]}/{page.meta.get('version')}/"
            _write_redirect(site_dir, site_dir / stable / "index.html", _relative(stable, page_dir), lang)
            for old in site.old_keys(page.key):
                old_dir = root + key_to_url(old)
                _write_redirect(site_dir, _at(site_dir, old_dir), _relative(old_dir, page_dir), lang)
