"""The offline edition: the whole site in one zip file that works from the file
system (file://), for practitioners in closed networks.

`python -m scripts offline` (make offline) builds the site with

- KC_DIRECTORY_URLS=false: pages are page.html files (roller/sis.html), not
  folders (roller/sis/), because a browser opens no index.html for a folder
  on file://. Every address our own code builds goes through
  scripts/content/pages.py (key_to_url, relative_url), which follows this setting;
- KC_OFFLINE=true: the search box is replaced by a notice (a browser cannot
  fetch Pagefind's index from file://), data/strings.yml `search_offline`,

and zips it into dist/kunskapscentrum-offline.zip, under one folder with a
short read-me in both languages. The search index and the hosting files
(security headers, sitemaps) and the 404 pages are left out: they do
nothing from a zip.
Checklists work as on the web: they save in the browser (localStorage).
"""
from __future__ import annotations

import argparse
import tempfile
import zipfile
from pathlib import Path

from ..content import data
from . import headers, search
from .sitebuild import build_site

OUTPUT = Path("dist") / "kunskapscentrum-offline.zip"
FOLDER = "kunskapscentrum"
ENV = {"KC_DIRECTORY_URLS": "false", "KC_OFFLINE": "true"}
# Top-level parts of the built site that have no use in the offline edition.
LEAVE_OUT = {search.BUNDLE_DIR, headers.HEADERS_FILE, headers.NGINX_FILE}
# The 404 pages are for a web server (their links start at the domain's root).
LEAVE_OUT_NAMES = {"sitemap.xml", "sitemap.xml.gz", "404.html"}


def page_context(kc: dict) -> None:
    """What a page of the offline edition leaves out of its <head>: the links
    to the web site's language versions and feed. They are for search engines
    and feed readers, and the theme's script fetches the sitemap beside each
    of them, which from file:// would be a request to the web."""
    kc["alternates"] = []
    kc["feed_url"] = None


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", type=Path, default=OUTPUT, help=f"the zip file to write (default {OUTPUT})")


def readme() -> str:
    parts = []
    for lang in data.LANGS:
        ui = data.strings(lang)
        parts.append(ui["offline_readme"].format(folder=FOLDER).strip())
    return "\n\n".join(parts) + "\n"


def included(rel: str) -> bool:
    first = rel.split("/", 1)[0]
    if first in LEAVE_OUT:
        return False
    # Only the language roots' own 404 and sitemap files (a page may be named 404.html elsewhere).
    return not (rel in LEAVE_OUT_NAMES or (rel.count("/") == 1 and first in data.LANGS
                                           and rel.split("/", 1)[1] in LEAVE_OUT_NAMES))


def write_zip(site_dir: Path, output: Path) -> int:
    """Zip the built site under FOLDER/; returns the number of files."""
    output.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    tmp = output.with_name(output.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(f"{FOLDER}/README.txt", readme())
        for path in sorted(site_dir.rglob("*")):
            rel = path.relative_to(site_dir).as_posix()
            if path.is_file() and included(rel):
                z.write(path, f"{FOLDER}/{rel}")
                count += 1
    tmp.replace(output)
    return count


def build(root: Path, output: Path) -> int:
    output = output if output.is_absolute() else root / output
    with tempfile.TemporaryDirectory(prefix="kc-offline-") as tmp:
        site_dir = Path(tmp) / "site"
        code = build_site(root, site_dir, extra_env=ENV)
        if code != 0:
            return code
        count = write_zip(site_dir, output)
    print(f"Offline edition: {output} ({count} files, {output.stat().st_size / 1e6:.1f} MB). "
          f"Unzip it and open {FOLDER}/index.html in a browser.")
    return 0


def main(args) -> int:
    return build(data.root_dir(), getattr(args, "output", None) or OUTPUT)
