"""The whole site as the tools see it: every page in both languages, the data
files, and derived state (translation status). Loaded once per build and
shared by the hooks, the CLI and the tests."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import data, pages as pages_mod, translations, versions as versions_mod
from .pages import Page
from .schema import Problem
from .text import lang_prefix, md_link  # noqa: F401  (as the build imports them)


@dataclass
class Site:
    root: Path
    pages: list[Page]
    by_lang: dict[str, dict[str, Page]]
    translation: dict[str, translations.State] = field(default_factory=dict)

    @classmethod
    def load(cls, root: Path | None = None) -> "Site":
        if root is not None:
            data.use_root(root)
        data.clear_cache()
        root = data.root_dir()
        all_pages = pages_mod.all_pages(root)
        by_lang = pages_mod.by_lang(all_pages)
        site = cls(root=root, pages=all_pages, by_lang=by_lang)
        site.translation = translations.states(by_lang, root)
        return site

    @functools.cached_property
    def versions(self) -> dict:
        """{(lang, key): [versions.Version, ...]} oldest first, from git (read once)."""
        return versions_mod.page_versions(self)

    @functools.cached_property
    def generated_index(self) -> dict:
        """{(lang, generated key): (kind, Version)} for archive and comparison pages."""
        index = {}
        for v in versions_mod.archived(self):
            index[(v.lang, v.archive_key)] = ("archive", v)
        for v in versions_mod.comparisons(self):
            index[(v.lang, v.compare_key)] = ("compare", v)
        return index

    def problems(self) -> list[Problem]:
        return pages_mod.validate(self.pages)

    def page(self, lang: str, key: str) -> Page | None:
        """The page a reader of `lang` sees at `key`: its own, or the Swedish fallback."""
        return self.by_lang.get(lang, {}).get(key) or self.by_lang[data.DEFAULT_LANG].get(key)

    def keys(self) -> list[str]:
        return sorted(set(self.by_lang["sv"]) | set(self.by_lang["en"]))

    def old_keys(self, key: str) -> list[str]:
        """The paths a page was moved from, as either language's page records them."""
        olds: list[str] = []
        for lang in data.LANGS:
            page = self.by_lang.get(lang, {}).get(key)
            for old in (page.meta.get("redirect_from") or []) if page else []:
                if old not in olds:
                    olds.append(old)
        return olds

    def is_fallback(self, lang: str, key: str) -> bool:
        return lang != data.DEFAULT_LANG and key not in self.by_lang.get(lang, {})

    def citing_pages(self, source_key: str, lang: str) -> list[Page]:
        found = []
        for key in self.keys():
            page = self.page(lang, key)
            if page and source_key in (page.meta.get("sources") or []):
                found.append(page)
        return found
