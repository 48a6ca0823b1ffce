"""`make serve`, the README's first command, serves both languages on 127.0.0.1."""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.request

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
