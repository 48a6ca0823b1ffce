"""Shared test fixtures.

- `site_dir`: the real site, built once per test session into a temporary folder.
- `server` / `base_url`: that site served on 127.0.0.1 by a local HTTP server,
  on another port than `site_url`, the address the site is built for.
- `browser` / `page`: Debian's Chromium driven by Playwright (never a downloaded browser).
- `make_repo`: a throw-away copy of the repository with its own git history,
  for tests that change pages, build, and look at what comes out.
"""
from __future__ import annotations

import datetime as dt
import functools
import http.server
import os
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# One "today" for the whole session (scripts.content.schema.today), inherited by
# every build it starts. A run that crosses midnight must not see a re-check date
# pass between two builds it compares: CI failed so on 2026-12-02
# (tests/test_engines.py). Tests that need another day set KC_TODAY themselves.
SESSION_DAY = os.environ.setdefault("KC_TODAY", dt.date.today().isoformat())

from scripts.benchmarks import workspace  # noqa: E402
# Tests import these from here: what a copy of the repository holds, and git with a test identity.
from scripts.benchmarks.workspace import CHROMIUM, CHROMIUM_ARGS, REPO_PARTS, git  # noqa: E402,F401


class _HeadersHandler(http.server.SimpleHTTPRequestHandler):
    rules: dict = {}

    def log_message(self, *args):
        pass

    def end_headers(self):
        from scripts.build import headers
        for name, value in headers.for_path(self.rules, self.path.split("?")[0]):
            self.send_header(name, value)
        super().end_headers()


def headers_handler(rules: dict, directory: Path):
    """A request handler serving `directory` with the headers `_headers` gives each path,
    as a host does; each call gets its own class, so two servers never share rules."""
    return functools.partial(type("HeadersHandler", (_HeadersHandler,), {"rules": rules}),
                             directory=str(directory))


def run_build(repo: Path, site_dir: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Build `repo` the way `make build` does, using that repo's own scripts package."""
    cmd = [sys.executable, "-m", "scripts", "build"]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(cmd, cwd=repo, capture_output=True, text=True, env=full_env)


@pytest.fixture(autouse=True)
def _reset_data_root():
    """Tests that load a temporary repository must not leave the tools pointing at it."""
    yield
    from scripts.content import data
    data.use_root(ROOT)


def copy_repo(dest: Path, date: str = "2026-01-15") -> Path:
    """A copy of this repository with its history (scripts/benchmarks/workspace.py)."""
    return workspace.copy_repo(ROOT, dest, date)


@pytest.fixture
def make_repo(tmp_path):
    """Factory: a copy of the repository, with its history, in a fresh git repository."""
    def factory(name: str = "repo", date: str = "2026-01-15") -> Path:
        return copy_repo(tmp_path / name, date)
    return factory


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """The server, and the address the site is built for (its site_url): the
    same host on another port, held but never answered. A page that builds a
    request from its configured address instead of its own then asks another
    origin, which the clean-load gate (tests/test_clean_load.py) catches."""
    out = tmp_path_factory.mktemp("built") / "site"
    handler = functools.partial(_QuietHandler, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    elsewhere = socket.socket()
    elsewhere.bind(("127.0.0.1", 0))  # bound, not listening: connections are refused
    yield out, httpd, f"http://127.0.0.1:{elsewhere.getsockname()[1]}/"
    if getattr(httpd, "kc_started", False):
        httpd.shutdown()  # would wait forever on a server that never started
    httpd.server_close()
    elsewhere.close()


@pytest.fixture(scope="session")
def site_url(_site_server) -> str:
    """The SITE_URL the session's site is built with; not where it is served."""
    return _site_server[2]


@pytest.fixture(scope="session")
def site_dir(_site_server, site_url) -> Path:
    """The real site, built once for the whole test session."""
    out = _site_server[0]
    result = run_build(ROOT, out, env={"SITE_URL": site_url})
    if result.returncode != 0:
        pytest.fail("The real site does not build:\n" + result.stdout[-4000:] + result.stderr[-4000:])
    return out


def html_pages(site: Path) -> list[Path]:
    """Every content page of a built site (not assets, not the search bundle)."""
    skip = ("assets/", "pagefind/", "search/")
    return sorted(p for p in site.rglob("*.html")
                  if not any(part in p.relative_to(site).as_posix() for part in skip))


def page_url(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return rel[: -len("index.html")] if rel.endswith("index.html") else rel


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path, handler_class=_QuietHandler):
    handler = functools.partial(handler_class, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    return httpd


@pytest.fixture(scope="session")
def server(site_dir, _site_server):
    httpd = _site_server[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    httpd.kc_started = True
    return httpd


@pytest.fixture(scope="session")
def base_url(server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run make test, which installs it.")
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    # Every context asks for reduced motion, as many readers do: the site then
    # turns off transitions, so a check never sees a button half faded in.
    plain_new_context = browser.new_context

    def new_context(**options):
        options.setdefault("reduced_motion", "reduce")
        return plain_new_context(**options)

    browser.new_context = new_context
    yield browser
    browser.close()


@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    yield ctx
    ctx.close()


@pytest.fixture
def page(context):
    return context.new_page()
