"""`make serve` (python -m scripts serve): the site for editors on 127.0.0.1.

Not `mkdocs serve`: that builds into the folder it serves, so a failed build
leaves requests hanging ("the server will appear stuck") with the error only
in the terminal, and it watches only docs/ and mkdocs.yml. Here:

- every build is the real one (`sitebuild.build_site`: `mkdocs build --strict` into a
  fresh folder), and only a build that succeeds replaces what is served, so a
  failed build never takes the last good site away;
- after a failed build every HTML page is served with a banner at its top
  that shows our error messages (file, line, what is wrong, how to fix), or
  the end of the build's output when there is no such message; before the
  first good build, every address answers with that error page;
- files under docs/, data/, overrides/ and mkdocs.yml are polled, and any
  change starts a new build; pages reload themselves after each build (a
  small script the dev server adds, never part of the built site).

Everything stays on 127.0.0.1 unless --host says otherwise.
"""
from __future__ import annotations

import argparse
import html
import http.server
import json
import re
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

from ..content import data
from .sitebuild import build_site

WATCHED = ("docs", "data", "overrides", "mkdocs.yml")
STATUS_PATH = "/__kc-serve/status"
POLL_SECONDS = 0.5
MAX_LINES = 40
TAIL_LINES = 12  # of a traceback: its last lines say what went wrong

# MkDocs' log prefix ("ERROR    -  kunskapscentrum: "), before our message.
_LOG_LINE = re.compile(r"^(ERROR|WARNING)\s+-\s+(?:[\w.-]+: )?(.*)$")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1: this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port (default 8000)")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every watched file with its modification time and size."""
    out: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        top = root / name
        paths = [top] if top.is_file() else (top.rglob("*") if top.is_dir() else [])
        for path in paths:
            if "__pycache__" in path.parts:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue  # removed while we looked, or a dangling link: the build reports it
            if path.is_file():
                out[path.relative_to(root).as_posix()] = (stat.st_mtime_ns, stat.st_size)
    return out


def error_lines(output: list[str]) -> list[str]:
    """What the editor must see of a failed build: our messages (ERROR lines, and the
    WARNING lines that failed the strict build), else the end of the output (a traceback)."""
    found = []
    for line in output:
        match = _LOG_LINE.match(line.strip())
        if match:
            found.append(match.group(2))
    if not found:
        found = [line for line in output if line.strip()][-TAIL_LINES:]
    return found[:MAX_LINES] or ["The build failed without a message."]


class State:
    """What is served: the last good site, and the last build's error (None when it succeeded)."""

    def __init__(self, work: Path):
        self.work = work
        self.lock = threading.Lock()
        self.current: Path | None = None
        self.error: list[str] | None = None
        self.generation = 0  # counts finished builds; the reload script watches it
        self.builds = 0

    def finished(self, site: Path | None, error: list[str] | None) -> None:
        with self.lock:
            previous = self.current
            if site is not None:
                self.current = site
            self.error = error
            self.generation += 1
        # Keep the site served just before, for requests still reading it; remove older ones.
        for old in self.work.glob("site-*"):
            if old not in (self.current, previous):
                shutil.rmtree(old, ignore_errors=True)

    def status(self) -> dict:
        with self.lock:
            return {"generation": self.generation, "ok": self.error is None, "site": self.current is not None}


def build(root: Path, state: State, site_url: str) -> bool:
    state.builds += 1
    target = state.work / f"site-{state.builds}"
    output: list[str] = []
    started = time.monotonic()
    code = build_site(root, target, extra_env={"SITE_URL": site_url}, output=output.append)
    if code == 0:
        state.finished(target, None)
        print(f"serve: built in {time.monotonic() - started:.1f} s; serving the new site.", flush=True)
        return True
    state.finished(None, error_lines(output))
    print("serve: the build failed. The browser shows the error above every page"
          + (" and the last good site is still served." if state.current else "."), flush=True)
    return False


# -- what the browser gets -------------------------------------------------------

_BANNER_STYLE = ("position:relative;z-index:10000;margin:0;padding:0.8em 1.2em;background:#fff3f3;"
                 "color:#5a0000;border-bottom:4px solid #b00020;font:16px/1.4 system-ui,sans-serif")

# Reloads the page when a build has finished (dev server only).
_RELOAD = ("<script>(function(){var g=null;function p(){fetch('" + STATUS_PATH + "',{cache:'no-store'})"
           ".then(function(r){return r.json()}).then(function(s){if(g!==null&&s.generation!==g)"
           "{location.reload();return}g=s.generation;setTimeout(p,1000)}).catch(function(){setTimeout(p,2000)})}"
           "p()})();</script>")


def banner(lines: list[str], have_site: bool) -> str:
    """The error box; plain HTML with its own style, so it shows even when the site's CSS is broken.
    Fixed bilingual text: it must work when data/strings.yml itself is what is broken."""
    heading = ("Bygget misslyckades. Du ser den senaste fungerande versionen av webbplatsen."
               " / The build failed. You are seeing the last good version of the site."
               if have_site else "Bygget misslyckades. / The build failed.")
    items = "".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines)
    return (f'<div id="kc-serve-error" role="alert" style="{_BANNER_STYLE}">'
            f'<p style="margin:0 0 0.4em;font-weight:700">{html.escape(heading)}</p>'
            f'<ul style="margin:0 0 0.4em;padding-left:1.2em;white-space:pre-wrap;word-break:break-word">{items}</ul>'
            '<p style="margin:0">Rätta felet och spara filen: webbplatsen byggs om av sig själv.'
            ' / Fix it and save the file: the site rebuilds by itself.</p></div>')


def inject(page: bytes, state: State) -> bytes:
    text = page.decode("utf-8", errors="replace")
    with state.lock:
        error, have_site = state.error, state.current is not None
    if error:
        box = banner(error, have_site)
        match = re.search(r"<body[^>]*>", text)
        text = text[:match.end()] + box + text[match.end():] if match else box + text
    index = text.rfind("</body>")
    text = text[:index] + _RELOAD + text[index:] if index >= 0 else text + _RELOAD
    return text.encode("utf-8")


def placeholder(state: State) -> bytes:
    """Every address before the first good build: building, or the error."""
    with state.lock:
        error = state.error
    # inject() adds the error banner; without an error the site is still being built.
    body = "" if error else ("<p>Webbplatsen byggs. Sidan laddas om när den är klar."
                             " / The site is being built; this page reloads when it is ready.</p>")
    return inject(f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>make serve</title></head>'
                  f"<body>{body}</body></html>".encode("utf-8"), state)


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State  # set by main()

    def __init__(self, *args, **kwargs):
        current = self.state.current
        super().__init__(*args, directory=str(current or self.state.work), **kwargs)

    def log_message(self, *args):
        pass

    def _send(self, code: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _page(self) -> tuple[int, Path] | None:
        """The HTML file this request asks for (or the 404 page), or None for anything else."""
        address = self.path.split("?", 1)[0].split("#", 1)[0]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not address.endswith("/"):
                return None  # the parent class redirects to the address with a slash
            path = path / "index.html"
        if path.is_file():
            return (200, path) if path.suffix == ".html" else None
        site = Path(self.directory)
        lang_404 = site / address.strip("/").split("/", 1)[0] / "404.html"
        page_404 = lang_404 if address.startswith("/en/") and lang_404.is_file() else site / "404.html"
        return (404, page_404) if page_404.is_file() else None

    def do_GET(self):
        if self.path.split("?", 1)[0] == STATUS_PATH:
            return self._send(200, json.dumps(self.state.status()).encode(), "application/json")
        if self.state.current is None:
            return self._send(503, placeholder(self.state))
        page = self._page()
        if page is None:
            return super().do_GET()
        code, path = page
        try:
            body = path.read_bytes()
        except OSError:  # replaced by a newer build while we read it
            return self._send(503, placeholder(self.state))
        return self._send(code, inject(body, self.state))

    def do_HEAD(self):
        self.do_GET()


def watch(root: Path, state: State, site_url: str, stop: threading.Event) -> None:
    """Build now, then again whenever a watched file changes (once the files stop changing)."""
    seen = snapshot(root)
    build(root, state, site_url)
    while not stop.wait(POLL_SECONDS):
        now = snapshot(root)
        if now == seen:
            continue
        # An editor's save can touch several files: wait until they are quiet.
        while not stop.wait(POLL_SECONDS):
            later = snapshot(root)
            if later == now:
                break
            now = later
        changed = sorted(set(now.items()) ^ set(seen.items()))
        names = sorted({name for name, _ in changed})
        print(f"serve: {', '.join(names[:5])}{' …' if len(names) > 5 else ''} changed; building.", flush=True)
        seen = now
        build(root, state, site_url)


def main(args) -> int:
    root = data.root_dir()
    work = Path(tempfile.mkdtemp(prefix="kc-serve-"))
    state = State(work)
    handler = type("BoundHandler", (Handler,), {"state": state})
    try:
        httpd = http.server.ThreadingHTTPServer((args.host, args.port), handler)
    except OSError as exc:
        shutil.rmtree(work, ignore_errors=True)
        print(f"serve: cannot listen on {args.host}:{args.port} ({exc.strerror}). How to fix: stop the other "
              f"server on that port, or choose another one: make serve PORT=8001.", file=sys.stderr)
        return 1
    httpd.daemon_threads = True
    site_url = f"http://{args.host}:{httpd.server_address[1]}/"
    stop = threading.Event()

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    print(f"serve: {site_url} (English at {site_url}en/); watching {', '.join(WATCHED)}. Stop with Ctrl+C.",
          flush=True)
    watcher = threading.Thread(target=watch, args=(root, state, site_url, stop), daemon=True)
    watcher.start()
    try:
        httpd.serve_forever(poll_interval=0.25)
    except KeyboardInterrupt:
        print("serve: stopped.", flush=True)
    finally:
        stop.set()
        httpd.server_close()
        watcher.join(timeout=60)
        shutil.rmtree(work, ignore_errors=True)
    return 0

