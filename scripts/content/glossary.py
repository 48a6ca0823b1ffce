"""Checking data/glossary.yml, the one glossary both languages share.

scripts/build/listings.py renders it (the glossary page, and a site-wide abbreviation
tooltip for every entry with an `expansion`); this module makes sure every entry
has both languages, rests on known sources, and gives an expansion only to real
abbreviations. pages.validate calls it, so `python -m scripts check` and the
build report its problems like any other metadata problem.
"""
from __future__ import annotations

import yaml

from . import data, yamlio
from .schema import Problem

NAME = "glossary.yml"
ENTRY_KEYS = ("sv", "en", "sources")
PART_KEYS = ("term", "expansion", "definition")
EXAMPLE = "- sv: {term: SoL, expansion: socialtjänstlagen, definition: \"...\"}  en: {...}  sources: [key]"


def cited_sources() -> set[str]:
    """Every bibliography key the glossary cites (so those entries count as cited)."""
    try:
        entries = data.load(NAME) or []
    except (FileNotFoundError, data.DataFileError):
        return set()  # validate() reports what is wrong with the file
    return {k for e in entries if isinstance(e, dict) and isinstance(e.get("sources"), list)
            for k in e["sources"] if isinstance(k, str)}


def validate(bibliography: dict) -> list[Problem]:
    path = data.data_dir() / NAME
    if not path.exists():
        return []
    rel = path.relative_to(data.root_dir()).as_posix()
    try:
        root, entries = yamlio.load_node(yamlio.read_text(path))
    except yaml.YAMLError as exc:
        return [yamlio.problem(exc, rel)]
    if root is None:
        return []
    if not isinstance(root, yaml.SequenceNode):
        return [Problem(rel, 1, None, "the glossary must be a list of entries.", EXAMPLE,
                        "start every entry with '- sv:'.")]
    problems: list[Problem] = []
    seen: dict[tuple[str, str], int] = {}
    for node, entry in zip(root.value, entries):
        line = node.start_mark.line + 1
        if not isinstance(entry, dict):
            problems.append(Problem(rel, line, None, "entry is not a mapping.", EXAMPLE, "write the entry as sv:, en:, sources:."))
            continue
        at = {k.value: k.start_mark.line + 1 for k, _ in node.value}
        name = next((entry[lang].get("term") for lang in data.LANGS
                     if isinstance(entry.get(lang), dict) and entry[lang].get("term")), "?")
        for key in entry:
            if key not in ENTRY_KEYS:
                problems.append(Problem(rel, at.get(key, line), f"{name}.{key}", "unknown key.",
                                        ", ".join(ENTRY_KEYS), "remove or rename it."))
        for lang in data.LANGS:
            part = entry.get(lang)
            if not isinstance(part, dict):
                problems.append(Problem(rel, at.get(lang, line), f"{name}.{lang}", f"missing the {lang} part.",
                                        f"{lang}: {{term: ..., definition: ...}}",
                                        "add the term and its definition in that language."))
                continue
            for key in part:
                if key not in PART_KEYS:
                    problems.append(Problem(rel, at[lang], f"{name}.{lang}.{key}", "unknown key.",
                                            ", ".join(PART_KEYS), "remove or rename it."))
            for key in ("term", "definition"):
                if not isinstance(part.get(key), str) or not part[key].strip():
                    problems.append(Problem(rel, at[lang], f"{name}.{lang}.{key}", "missing or empty.",
                                            "a non-empty text", f"write the {key}."))
            term = part.get("term")
            if isinstance(term, str) and part.get("expansion") and term == term.lower():
                problems.append(Problem(rel, at[lang], f"{name}.{lang}.expansion",
                                        f"{term!r} is not an abbreviation, but has an expansion: every "
                                        f"{term!r} on every page would get a tooltip.",
                                        "an expansion only on abbreviations such as SoL or SiS",
                                        "remove the expansion, or write the abbreviation as it is spelt."))
            if isinstance(term, str):
                first = seen.setdefault((lang, term), at[lang])
                if first != at[lang]:
                    problems.append(Problem(rel, at[lang], f"{name}.{lang}.term",
                                            f"{term!r} is already defined on line {first}.", "one entry per term",
                                            "merge the two entries."))
        sources = entry.get("sources")
        if not isinstance(sources, list) or not sources:
            problems.append(Problem(rel, at.get("sources", line), f"{name}.sources", "missing or empty.",
                                    "a list of keys from data/bibliography.yml",
                                    "add sources: [key] naming where the definition comes from."))
            continue
        for key in sources:
            if key not in bibliography:
                problems.append(Problem(rel, at["sources"], f"{name}.sources",
                                        f"source key {key!r} is not in the bibliography.",
                                        "a key from data/bibliography.yml",
                                        f"add an entry {key}: to data/bibliography.yml or correct the key."))
    return problems
