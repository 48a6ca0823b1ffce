"""YAML reading that keeps what editors wrote.

Dates and numbers stay text (so "1.10" is not read as 1.1 and 2026-02-30 is
reported by the schema instead of crashing the parser), and the line of every
top-level key is kept for error messages.
"""
from __future__ import annotations

import yaml


# LibYAML's parser when PyYAML has it (several times faster than the pure
# Python one: front matter is read for every page and every archived version).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class TextLoader(_SafeLoader):
    """SafeLoader without the implicit date, float and int conversions."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float",
                           "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_with_lines(text: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse YAML text; return the value and {top-level key: 1-based line}.

    `first_line` is the file line on which `text` starts. Raises yaml.YAMLError.
    """
    loader = TextLoader(text)
    try:
        node = loader.get_single_node()  # parsed once: the lines and the value both come from it
        if node is None:
            return None, {}
        lines: dict[str, int] = {}
        if isinstance(node, yaml.MappingNode):
            for key_node, _ in node.value:
                lines[str(key_node.value)] = key_node.start_mark.line + first_line
        value = loader.construct_document(node)
    finally:
        loader.dispose()
    return value, lines


def error_line(exc: yaml.YAMLError, first_line: int = 1) -> int | None:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + first_line if mark else None


def dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
