"""The Pagefind release the site is indexed with: pinned, fetched, verified.

Pagefind 1.6 is published on the npm registry only (PyPI's `pagefind` stops
at 1.5.2), and 1.6's WebAssembly, the largest part of a reader's first
search, is 12-14 KB smaller (make bench). Node and npm are not needed to use
it: each platform's binary is a tarball on the registry, and npm's lockfile
records its SHA-512. This module downloads the tarball of this machine's
platform, checks it against the digest pinned below, and keeps the one
binary inside the virtual environment (`make install` runs `python -m
scripts install-pagefind`). A tarball whose digest differs is refused.
"""
from __future__ import annotations

import base64
import hashlib
import io
import os
import platform
import subprocess
import sys
import tarfile
import tempfile
import urllib.request
from pathlib import Path

VERSION = "1.6.0"

# (system, machine) -> (npm package, tarball's integrity as `npm view
# <package>@VERSION dist.integrity` prints it).
PLATFORMS = {
    ("Linux", "x86_64"): ("@pagefind/linux-x64",
                          "sha512-IbMSx/+Vr/Xk0TTBlLkjgK+rvnbOXGmmb2/MKxQu99AR5DsqQoV3NKEA9PQz2tAhuCZjeD5xJBp4w5N5DHIC7Q=="),
    ("Linux", "aarch64"): ("@pagefind/linux-arm64",
                           "sha512-SLB2I+XqCZma8NvIGIH8nyKblgKIxw5PmqsVtofWOKxNHhEtOEsddbqU+hsrNcT3EV0faM6UmKDHVIxcPYq29w=="),
    ("Darwin", "arm64"): ("@pagefind/darwin-arm64",
                          "sha512-611gl64aqN12UcMyKPtZ8+vRWBKlJFSh2JgO8uScxa1Eyjo1dXz9r4wZuRno0yCUE/KN0FauEoKZ3KEwUYHCCg=="),
    ("Darwin", "x86_64"): ("@pagefind/darwin-x64",
                           "sha512-rd3ZbtuxyYqjASKZAPuIV7eeQQHJ7VYpoNKKG8CvglaD3g30eT5Nb7XGNLYwVReBsCccpkURwrGwWjSwr8nyQQ=="),
}
# The platform packages carry one binary, Pagefind's "extended" build (it
# also splits Chinese and Japanese text into words when it indexes).
BINARY = "pagefind_extended"
DEFAULT_REGISTRY = "https://registry.npmjs.org"


class ReleaseError(RuntimeError):
    """Pagefind is missing, or could not be installed; the message says what to do."""


def installed_path(prefix: str | None = None) -> Path:
    """Where the binary lives: in the running Python's environment (.venv), so
    every environment has its own and removing .venv removes it."""
    return Path(prefix or sys.prefix) / f"pagefind-{VERSION}" / BINARY


def executable() -> Path:
    path = installed_path()
    if not path.is_file():
        raise ReleaseError(f"Pagefind {VERSION} is not installed in {sys.prefix}: run `make install` "
                           "(or `python -m scripts install-pagefind`) and build again.")
    return path


def _package() -> tuple[str, str]:
    key = (platform.system(), platform.machine())
    if key not in PLATFORMS:
        known = ", ".join(f"{system} {machine}" for system, machine in PLATFORMS)
        raise ReleaseError(f"No Pagefind {VERSION} binary is pinned for {key[0]} {key[1]} (pinned: {known}). "
                           f"Add its npm package and integrity to PLATFORMS in {Path(__file__).name}.")
    return PLATFORMS[key]


def tarball_url(package: str, registry: str | None = None) -> str:
    registry = (registry or os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY")
                or DEFAULT_REGISTRY).rstrip("/")
    name = package.rsplit("/", 1)[-1]
    return f"{registry}/{package}/-/{name}-{VERSION}.tgz"


def integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


def extract_binary(tarball: bytes, expected: str) -> bytes:
    """The binary from a platform package's tarball, once its digest is the pinned one."""
    got = integrity(tarball)
    if got != expected:
        raise ReleaseError(f"The Pagefind {VERSION} tarball's digest is {got}, not the pinned {expected}: "
                           "refused. Do not install it; check the registry, or pin the new digest "
                           "only after verifying the release.")
    member_name = f"package/bin/{BINARY}"
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        try:
            member = archive.getmember(member_name)
        except KeyError:
            raise ReleaseError(f"The Pagefind {VERSION} tarball has no {member_name}.") from None
        if not member.isfile():
            raise ReleaseError(f"{member_name} in the Pagefind {VERSION} tarball is not a plain file.")
        return archive.extractfile(member).read()


def install(prefix: str | None = None, fetch=None, log=print) -> Path:
    """Install the pinned binary unless it is there; returns its path."""
    target = installed_path(prefix)
    if target.is_file() and _version_of(target) == VERSION:
        return target
    package, expected = _package()
    url = tarball_url(package)
    log(f"Fetching Pagefind {VERSION} ({package}) from {url}")
    tarball = (fetch or _download)(url)
    binary = extract_binary(tarball, expected)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Written beside its place and moved in, so a broken download never
    # leaves half a binary where the build looks for it.
    handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".pagefind-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(binary)
        os.chmod(temp, 0o755)
        os.replace(temp, target)
    finally:
        if os.path.exists(temp):
            os.unlink(temp)
    if _version_of(target) != VERSION:
        raise ReleaseError(f"{target} does not report version {VERSION}.")
    return target


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.read()
    except OSError as exc:
        raise ReleaseError(f"Could not fetch {url}: {exc}. Check the network (or npm_config_registry) "
                           "and run `make install` again.") from None


def _version_of(path: Path) -> str | None:
    try:
        out = subprocess.run([str(path), "--version"], capture_output=True, text=True, timeout=30).stdout
    except OSError:
        return None
    return out.split()[-1] if out.strip() else None
