"""The content data beside the pages: controlled lists, UI strings, bibliography,
glossary and checklists, all under data/. Read once per process."""
from __future__ import annotations

import functools
import re
from pathlib import Path

import yaml

from . import yamlio
from .problem import Problem

ROOT = Path(__file__).resolve().parent.parent.parent
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
    """Every data file goes through yamlio: duplicate keys, tabs and bytes that
    are not UTF-8 are errors naming the file and line."""
    try:
        return yamlio.load_file(Path(path))
    except yaml.YAMLError as exc:
        raise DataFileError(yamlio.problem(exc, rel(Path(path)))) from None


def rel(path: Path) -> str:
    """A path as editors see it: relative to the repository."""
    path = Path(path)
    return path.relative_to(root_dir()).as_posix() if path.is_relative_to(root_dir()) else path.as_posix()


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
    """UI strings for templates, in one language (strings_problems() makes sure
    every key has both; ~ is a text that language never shows)."""
    table = load("strings.yml") or {}
    return {key: (value.get(lang) if isinstance(value, dict) else None) or "" for key, value in table.items()}


def strings_problems() -> list:
    """Every key of data/strings.yml with a text in both sv and en: a missing
    key or language would render as nothing (an empty heading on every page),
    or stop the build. `~` (no text) is allowed for a language that never shows it."""
    path = data_dir() / "strings.yml"
    file = rel(path)
    if not path.exists():
        return [Problem(file, None, None, "file missing: every interface text comes from it.",
                        "the file with a Swedish and an English text per key",
                        "restore it: git checkout HEAD -- data/strings.yml.")]
    table, lines = load_with_lines("strings.yml")
    if not isinstance(table, dict):
        return [Problem(file, 1, None, "the file must be a set of key: {sv: ..., en: ...} lines.",
                        "facts_heading: {sv: Om den här sidan, en: About this page}",
                        "restore the file from git and make your change again.")]
    problems = []
    example = "{sv: Svensk text, en: English text}"
    for key, value in table.items():
        line = lines.get(key)
        if not isinstance(value, dict):
            problems.append(Problem(file, line, str(key), "must have a Swedish and an English text.",
                                    f"{key}: {example}", "write both texts, as on the lines around it."))
            continue
        for name in value:
            if name not in LANGS:
                problems.append(Problem(file, line, f"{key}.{name}", "unknown language.", "sv and en",
                                        "remove it or correct the spelling."))
        for lang in LANGS:
            if lang not in value:
                problems.append(Problem(file, line, f"{key}.{lang}", f"missing the {lang} text.",
                                        f"{key}: {example}",
                                        f"add {lang}: with the text, or {lang}: ~ if the "
                                        f"{'Swedish' if lang == 'sv' else 'English'} site never shows it."))
            elif value[lang] is not None and (not isinstance(value[lang], str) or not value[lang].strip()):
                problems.append(Problem(file, line, f"{key}.{lang}", "empty text: readers would see nothing here.",
                                        "a text", f"write the text, or {lang}: ~ if that language never "
                                        "shows it."))
    for key, where in sorted(used_strings().items()):
        if key not in table:
            problems.append(Problem(file, None, key, f"missing, but {where} shows this text "
                                    "(readers would see nothing there).", f"{key}: {example}",
                                    "add the key back with both texts (git show HEAD:data/strings.yml shows the "
                                    "last committed ones)."))
    return problems


_UI_RE = re.compile(r"""(?<![\w-])ui(?:\.([a-z][a-z0-9_]*)\b(?!\s*\()|\[["']([a-z][a-z0-9_]*)["']\])""")


def used_strings() -> dict[str, str]:
    """{key: first file using it} for every ui.<key> / ui["<key>"] written in the
    templates (overrides/) and in scripts/: the keys strings.yml must have."""
    root = root_dir()
    found: dict[str, str] = {}
    files = sorted((root / "overrides").rglob("*.html")) + sorted((root / "scripts").glob("*.py"))
    for path in files:
        for m in _UI_RE.finditer(path.read_text(encoding="utf-8", errors="replace")):
            key = m.group(1) or m.group(2)
            if not key.endswith("_"):  # ui.checklist_* in a comment names a family of keys
                found.setdefault(key, path.relative_to(root).as_posix())
    return found


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
