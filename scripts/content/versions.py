"""The published versions of every page, from git: for each version its change
history lists, the state of the file in the last commit that carried it, when
it took over and when the next one did. The model's side of the archive
(scripts/build/archive.py renders the archive and comparison pages from it)."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import history, schema
from .pages import Page, parse

ARCHIVE_DIR = "arkiv"


@dataclass
class Version:
    lang: str
    key: str              # the page's current key, e.g. roller/sis.md
    version: str
    page: Page            # the file as it was in its last commit with this version
    valid_from: str       # ISO date
    valid_to: str | None = None    # ISO date the next version took over; None for the current one
    current: bool = False
    previous: "Version | None" = field(default=None, repr=False)

    @property
    def stem(self) -> str:
        return self.key[:-3] if self.key.endswith(".md") else self.key

    @property
    def archive_key(self) -> str:
        """Source path of the generated archive page, e.g. arkiv/roller/sis/1.2.md."""
        return f"{ARCHIVE_DIR}/{self.stem}/{self.version}.md"

    @property
    def compare_key(self) -> str:
        return f"{ARCHIVE_DIR}/{self.stem}/{self.version}/andringar.md"



def page_versions(site) -> dict[tuple[str, str], list[Version]]:
    """{(lang, key): [Version, ...] oldest first} for every page with history."""
    wanted: dict[tuple[str, str], list[tuple[str, str, str]]] = {}
    requests = []
    for page in site.pages:
        commits = list(reversed(history.page_commits(site.root, page, site.old_keys(page.key))))  # oldest first
        wanted[(page.lang, page.key)] = commits
        requests.extend((sha, path) for sha, _, path in commits)
    texts = history.read_many(site.root, requests)

    result = {}
    for page in site.pages:
        lang, key = page.lang, page.key
        by_version: dict[str, tuple[Page, str]] = {}   # version -> (last state, first date)
        order: list[str] = []
        for sha, date, path in wanted[(lang, key)]:   # oldest first
            text = texts.get((sha, path))
            if text is None:
                continue
            old = parse(text, page.path, page.rel, lang, key)
            version = old.meta.get("version") if not old.problems else None
            if not isinstance(version, str) or schema.check_version(version):
                continue
            first_date = by_version[version][1] if version in by_version else date
            by_version[version] = (old, first_date)
            if version not in order:
                order.append(version)
        current = page.meta.get("version")
        # Only versions the page's change history still lists were published
        # guidance; states before the history began (drafts, skeletons) are not archived.
        declared = {c.get("version") for c in page.meta.get("changes") or []}
        versions = []
        for v in order:
            if v == current or v not in declared:
                continue
            old, first_date = by_version[v]
            versions.append(Version(lang, key, v, old, _declared_date(page, v) or first_date))
        if isinstance(current, str):
            versions.append(Version(lang, key, current, page,
                                    _declared_date(page, current) or schema.today().isoformat(), current=True))
        versions.sort(key=lambda v: schema.version_tuple(v.version))
        for prev, nxt in zip(versions, versions[1:]):
            prev.valid_to = nxt.valid_from
            nxt.previous = prev
        result[(lang, key)] = versions
    return result


def _declared_date(page: Page, version: str) -> str | None:
    for change in page.meta.get("changes") or []:
        if change.get("version") == version:
            return change.get("date")
    return None


def archived(site) -> list[Version]:
    return [v for versions in site.versions.values() for v in versions if not v.current]


def comparisons(site) -> list[Version]:
    return [v for versions in site.versions.values() for v in versions if v.previous]
