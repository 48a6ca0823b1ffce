"""`make serve`, the README's first command, serves both languages on 127.0.0.1;
it rebuilds on changes under docs/, data/, overrides/ and mkdocs.yml, and after a
failed build keeps serving the last good site with the error shown on every page."""
from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def test_make_serve_serves_both_languages():
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 300  # a first build on a busy machine; not a speed test
        home = None
        while home is None and time.monotonic() < deadline and process.poll() is None:
            time.sleep(1)
            home = fetch(base)
        assert home is not None, "make serve did not answer: " + process.stdout.read1().decode()[-3000:]
        assert re.search(r'<html lang="sv"', home)
        english = fetch(base + "en/")
        assert english and re.search(r'<html lang="en"', english)
        deep = fetch(base + "en/roller/sis/")
        assert deep and "National Board of Institutional Care" in deep
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


# -- editing under make serve (bad-input review 8a-8c) ------------------------------

STATUS = "__kc-serve/status"


class Serve:
    """python -m scripts serve (what make serve runs) in a copy of the repository."""

    def __init__(self, repo):
        self.repo = repo
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}/"
        self.process = subprocess.Popen([sys.executable, "-m", "scripts", "serve", "--port", str(self.port)],
                                        cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        start_new_session=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})

    def output(self) -> str:
        os.set_blocking(self.process.stdout.fileno(), False)
        return (self.process.stdout.read() or b"").decode(errors="replace")[-4000:]

    def status(self) -> dict | None:
        text = fetch(self.base + STATUS)
        return json.loads(text) if text else None

    def wait_for_build(self, after: int) -> dict:
        """Poll until a build newer than generation `after` has finished; bounded, not a speed test."""
        for _ in range(600):  # at most about five minutes on a busy machine
            if self.process.poll() is not None:
                raise AssertionError("the server stopped:\n" + self.output())
            status = self.status()
            if status and status["generation"] > after:
                return status
            time.sleep(0.5)
        raise AssertionError(f"no build after generation {after}:\n" + self.output())

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8")

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=60)


@pytest.fixture
def served(make_repo):
    server = Serve(make_repo())
    yield server
    server.stop()


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_failed_build_keeps_the_last_good_site_and_shows_the_error_in_the_browser(served):
    status = served.wait_for_build(0)
    assert status == {"generation": 1, "ok": True, "site": True}, served.output()
    code, page = served.get("roller/sis/")
    assert code == 200 and "kc-serve-error" not in page

    sis = served.repo / "docs/sv/roller/sis.md"
    line = next(i for i, l in enumerate(sis.read_text().splitlines(), 1) if l.startswith("status:"))
    edit(sis, "status: utkast", "status: godkand")
    status = served.wait_for_build(status["generation"])
    assert status["ok"] is False and status["site"] is True
    for path in ("roller/sis/", "", "en/", "en/roller/sis/", "en/finns-inte/"):
        code, page = served.get(path)
        assert code == (404 if "finns-inte" in path else 200), path
        assert '<div id="kc-serve-error" role="alert"' in page, path
        assert f"docs/sv/roller/sis.md:{line}: ERROR field &#x27;status&#x27;: unknown value &#x27;godkand&#x27;" in page, path
        assert "Bygget misslyckades. Du ser den senaste fungerande versionen" in page
    code, page = served.get("roller/sis/")
    assert "Statens institutionsstyrelse" in page  # the last good page, under the banner
    assert served.get("assets/checklist.js")[0] == 200  # other files as they were

    # Fixed: the next build serves the new site without the banner.
    edit(sis, "status: godkand", "status: utkast")
    status = served.wait_for_build(status["generation"])
    assert status["ok"] is True
    assert "kc-serve-error" not in served.get("roller/sis/")[1]


def test_changes_in_data_and_overrides_are_rebuilt(served):
    status = served.wait_for_build(0)
    assert "Skriv ut" in served.get("checklistor/forsta-motet/")[1]
    edit(served.repo / "data/strings.yml", "checklist_print: {sv: Skriv ut,", "checklist_print: {sv: Skriv ut listan,")
    status = served.wait_for_build(status["generation"])  # one rebuild
    assert status["ok"] is True
    assert 'data-kc-action="print">Skriv ut listan</button>' in served.get("checklistor/forsta-motet/")[1]

    edit(served.repo / "overrides/assets/site.css", "\n", "\n.kc-serve-test { color: inherit; }\n")
    status = served.wait_for_build(status["generation"])
    assert ".kc-serve-test" in served.get("assets/site.css")[1]


def test_before_the_first_good_build_every_address_answers_with_the_error(make_repo):
    repo = make_repo()
    path = repo / "data/checklists/forsta-motet.yml"
    edit(path, "- id: tid-och-plats", "- id: vem-deltar")
    line = [i for i, l in enumerate(path.read_text().splitlines(), 1) if l.strip() == "- id: vem-deltar"][1]
    server = Serve(repo)
    try:
        status = server.wait_for_build(0)
        assert status == {"generation": 1, "ok": False, "site": False}
        for address in ("", "en/roller/sis/"):
            code, page = server.get(address)
            assert code == 503 and '<div id="kc-serve-error" role="alert"' in page
            assert f"data/checklists/forsta-motet.yml:{line}: ERROR" in page and "duplicate item id" in page
    finally:
        server.stop()
