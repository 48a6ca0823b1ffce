"""Security headers for hosting the built site, written at build time.

A post-build step (scripts/build/postbuild.py) reads the finished HTML and writes two
files into the site's root:

- `_headers`: the format Netlify and Cloudflare Pages read from the published
  folder (neither serves the file itself);
- `nginx-security-headers.conf`: the same headers as nginx `add_header` lines,
  to `include` in the server block (it also keeps both files from being served).

The Content-Security-Policy has no 'unsafe-inline' for scripts, and no hash
either: the site has no inline script. Material writes two into every page
(the storage helpers of its JavaScript bundle, and a line for content tabs);
the site loads neither the bundle (assets/kc-theme.js replaces it) nor content
tabs, so overrides/partials/javascripts/ writes nothing in their place. The
finished site is read, and any inline script, inline <style> block or style
attribute fails the build, naming the page (scripts/hooks.py turns it into an
error); nothing found in the built HTML is ever added to the policy, where a
planted script would be allowed by the very policy meant to block it.
JSON data blocks (<script type="application/json">) are data, not scripts.

Styles: style-src is 'self' plus 'unsafe-hashes' with the hashes of the only
style attributes allowed, the ones Python-Markdown writes for aligned table
columns (style="text-align: right;"; scripts/checks/htmlpolicy.py allows no other).
No inline <style> block is allowed. Search (Pagefind) compiles WebAssembly,
which needs 'wasm-unsafe-eval' in script-src (not 'unsafe-eval').

GitHub Pages cannot send headers: there the site works, without them.
README.md, section Hosting, says how to use the files.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from pathlib import Path

HEADERS_FILE = "_headers"
NGINX_FILE = "nginx-security-headers.conf"
# Folders of the site whose HTML is not a page (Pagefind's bundle).
SKIP_DIRS = ("pagefind",)

SCRIPT_RE = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
STYLE_BLOCK_RE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
# Any style="..." after white space (also in text that quotes one: an unused
# hash does no harm). The pattern starts with the literal word, which the
# regex engine finds fast; a scan tag by tag is ten times slower on a large site.
STYLE_ATTR_RE = re.compile(r"""style\s*=\s*("([^"]*)"|'([^']*)')""")
SRC_RE = re.compile(r"\ssrc\s*=", re.I)
TYPE_RE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.I)
# Script types a browser runs; anything else (application/json, ...) is data.
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

OTHER_HEADERS = [
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),  # for browsers without CSP frame-ancestors
]


# The only style attributes: table column alignment (Python-Markdown's tables).
ALLOWED_STYLE_ATTRIBUTES = ("text-align: left;", "text-align: right;", "text-align: center;")


class NotAllowed(Exception):
    """The finished site holds an inline script or style the policy does not allow."""


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def inline_scripts(page: str) -> list[str]:
    """The text of every inline script a browser would run in this HTML."""
    found = []
    for m in SCRIPT_RE.finditer(page):
        attrs, body = m.group(1), m.group(2)
        if SRC_RE.search(attrs):
            continue
        kind = TYPE_RE.search(attrs)
        if kind and kind.group(1).lower() not in JS_TYPES:
            continue
        found.append(body)
    return found


def style_attributes(page: str) -> list[str]:
    """The values of every style="..." attribute (as the browser reads them)."""
    return [html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
            for m in STYLE_ATTR_RE.finditer(page) if m.start() > 0 and page[m.start() - 1].isspace()]


def html_files(site_dir: Path) -> list[Path]:
    return sorted(p for p in Path(site_dir).rglob("*.html")
                  if p.relative_to(site_dir).parts[0] not in SKIP_DIRS)


def collect(site_dir: Path) -> set[str]:
    """The hashes of the style attributes the CSP allows (no inline script is
    allowed at all, so scripts have nothing to hash). Raises NotAllowed, naming
    every page, when the site holds an inline script, an inline <style> block or
    another style attribute."""
    styles = {_sha256(s) for s in ALLOWED_STYLE_ATTRIBUTES}
    bad: dict[str, list[str]] = {}
    for path in html_files(site_dir):
        page = path.read_text(encoding="utf-8", errors="replace")
        rel = path.relative_to(site_dir).as_posix()
        found = [f"inline script {s.strip()[:80]!r}" for s in inline_scripts(page)]
        if "style" in page:
            found += [f"style attribute {s[:80]!r}" for s in style_attributes(page) if _sha256(s) not in styles]
            found += [f"<style> block {s.strip()[:80]!r}" for s in STYLE_BLOCK_RE.findall(page)]
        for what in found:
            bad.setdefault(what, []).append(rel)
    if bad:
        rows = [f"{what} on {len(where)} page(s): {', '.join(where[:10])}" + (" …" if len(where) > 10 else "")
                for what, where in bad.items()]
        raise NotAllowed(
            f"{len(bad)} inline script(s) or style(s) the Content-Security-Policy does not allow:\n  "
            + "\n  ".join(rows)
            + "\nHow to fix: remove them from the page (scripts/checks/htmlpolicy.py allows no script or style in a "
              "page); a script belongs in a file under overrides/assets/, loaded with <script src>; if a Material "
              "upgrade added one, leave its partial out as overrides/partials/javascripts/ does.")
    return styles


def csp(style_hashes: set[str]) -> str:
    style_parts = ["'self'"]
    if style_hashes:
        style_parts += ["'unsafe-hashes'", *sorted(style_hashes)]
    directives = [
        ("default-src", "'self'"),
        ("script-src", "'self' 'wasm-unsafe-eval'"),
        ("style-src", " ".join(style_parts)),
        ("img-src", "'self' data:"),
        ("font-src", "'self'"),
        ("connect-src", "'self'"),
        ("worker-src", "'self'"),
        ("manifest-src", "'self'"),
        ("object-src", "'none'"),
        ("base-uri", "'self'"),
        ("form-action", "'self'"),
        ("frame-ancestors", "'none'"),
    ]
    return "; ".join(f"{name} {value}" for name, value in directives)


def headers(site_dir: Path) -> list[tuple[str, str]]:
    """Every header, in order, for every path of the built site."""
    return [("Content-Security-Policy", csp(collect(site_dir))), *OTHER_HEADERS]


def headers_file(rows: list[tuple[str, str]]) -> str:
    lines = ["# Security headers for every path (Netlify / Cloudflare Pages format).",
             "# Written by scripts/build/headers.py at build time from the finished site.",
             "/*"]
    lines += [f"  {name}: {value}" for name, value in rows]
    return "\n".join(lines) + "\n"


def nginx_conf(rows: list[tuple[str, str]]) -> str:
    lines = ["# Security headers for the site, written by scripts/build/headers.py at build time.",
             "# include this file in the server block that serves the site. nginx drops",
             "# server-level add_header lines in a location that has add_header of its",
             "# own: include the file in such locations too.",
             ""]
    lines += [f'add_header {name} "{value}" always;' for name, value in rows]
    lines += ["", f"location = /{HEADERS_FILE} {{ return 404; }}",
              f"location = /{NGINX_FILE} {{ return 404; }}"]
    return "\n".join(lines) + "\n"


def parse_headers_file(text: str) -> dict[str, list[tuple[str, str]]]:
    """{path pattern: [(header, value), ...]} from a `_headers` file."""
    rules: dict[str, list[tuple[str, str]]] = {}
    current = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            current = rules.setdefault(line.strip(), [])
        elif current is not None:
            name, _, value = line.strip().partition(":")
            current.append((name.strip(), value.strip()))
    return rules


def parse_nginx_conf(text: str) -> list[tuple[str, str]]:
    return [(m.group(1), m.group(2)) for m in re.finditer(r'^add_header (\S+) "([^"]*)" always;', text, re.M)]


def for_path(rules: dict[str, list[tuple[str, str]]], path: str) -> list[tuple[str, str]]:
    """The headers a `_headers` host sends for `path` (exact paths and /prefix/* splats)."""
    out = []
    for pattern, rows in rules.items():
        if pattern == path or (pattern.endswith("*") and path.startswith(pattern[:-1])):
            out.extend(rows)
    return out


def write_site(site, site_dir: Path, site_url: str = "/") -> list[tuple[str, str]]:
    """Post-build step: write `_headers` and the nginx snippet into the site root."""
    site_dir = Path(site_dir)
    rows = headers(site_dir)   # site_url: the post-build steps' common signature
    (site_dir / HEADERS_FILE).write_text(headers_file(rows), encoding="utf-8")
    (site_dir / NGINX_FILE).write_text(nginx_conf(rows), encoding="utf-8")
    return rows
