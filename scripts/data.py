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


class DataFileError(Exception):
    """A data file that cannot be read; carries the Problem to show the editor."""

    def __init__(self, problem):
        super().__init__(str(problem))
        self.problem = problem


@functools.lru_cache(maxsize=None)
def _load(path: str) -> tuple[object, dict[str, int]]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        return yamlio.load_with_lines(text)
    except yaml.YAMLError as exc:
        from .schema import Problem
        rel = Path(path).relative_to(root_dir()).as_posix() if Path(path).is_relative_to(root_dir()) else path
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataFileError(Problem(rel, yamlio.error_line(exc), None, f"invalid YAML: {detail}.",
                                    "valid YAML: key: value lines, lists with '- '",
                                    "check quotes, colons and indentation on that line; a text "
                                    "containing ': ' must be in quotes.")) from None


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


def bibliography_note(entry: dict, lang: str) -> str:
    """A bibliography entry's note as readers of `lang` see it. Notes are
    written in both languages ({sv: ..., en: ...}); a plain string is shown
    as it is in both (and `check` warns about it: schema.validate_bibliography)."""
    note = entry.get("note")
    if isinstance(note, dict):
        return str(note.get(lang) or "")
    return str(note or "")


def bibliography_lines() -> dict[str, int]:
    return load_with_lines("bibliography.yml")[1]


def bibliography_path() -> Path:
    return data_dir() / "bibliography.yml"
