"""The content data beside the pages: controlled lists, UI strings, bibliography,
glossary and checklists, all under data/. Read once per process."""
from __future__ import annotations

import functools
from pathlib import Path

import yaml

from . import yamlio

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LANGS = ("sv", "en")
DEFAULT_LANG = "sv"


_root = {"path": ROOT}


def use_root(root: Path) -> None:
    """Point every reader at the checkout in `root` (the build's own docs folder)."""
    _root["path"] = Path(root)
    clear_cache()


def root_dir() -> Path:
    return _root["path"]


def data_dir() -> Path:
    return root_dir() / "data"


@functools.lru_cache(maxsize=None)
def _load(path: str) -> tuple[object, dict[str, int]]:
    text = Path(path).read_text(encoding="utf-8")
    return yamlio.load_with_lines(text)


def load(name: str) -> object:
    return _load(str(data_dir() / name))[0]


def load_with_lines(name: str) -> tuple[object, dict[str, int]]:
    return _load(str(data_dir() / name))


def clear_cache() -> None:
    _load.cache_clear()


def lists() -> dict:
    return load("lists.yml")


def list_keys(name: str) -> list[str]:
    return list(lists()[name])


def label(list_name: str, key: str, lang: str, variant: str = "") -> str:
    entry = lists()[list_name].get(key, {})
    return entry.get(f"{variant}_{lang}" if variant else lang) or key


def strings(lang: str) -> dict[str, str]:
    """UI strings for templates, in one language."""
    table = load("strings.yml")
    return {key: value[lang] for key, value in table.items()}


def bibliography() -> dict:
    return load("bibliography.yml") or {}


def bibliography_lines() -> dict[str, int]:
    return load_with_lines("bibliography.yml")[1]


def bibliography_path() -> Path:
    return data_dir() / "bibliography.yml"
