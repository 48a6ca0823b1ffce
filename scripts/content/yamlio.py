"""YAML reading that keeps what editors wrote, and refuses what it cannot trust.

Every page's front matter and every data file (data/*.yml, data/checklists/*.yml)
is read through this module:

- Dates and numbers stay text (so "1.10" is not read as 1.1 and 2026-02-30 is
  reported by the schema instead of crashing the parser), and the line of every
  top-level key is kept for error messages.
- A key written twice in one mapping is an error naming both lines (plain YAML
  would silently keep the last value: `status: utkast` then `status: fastställd`
  would publish a draft as approved).
- A tab where YAML expects indentation is reported as a tab.
- A UTF-8 byte order mark at the start of a file is dropped (editors hide it).
- Bytes that are not UTF-8 are an error naming the byte offset and the line.

Every such problem is raised as `InputError` (a yaml.YAMLError, so callers that
catch YAML errors catch it too) carrying the line, what is wrong and how to fix
it; `problem()` turns any YAML error into the schema's `Problem` for a file.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from .problem import Problem


# LibYAML's parser when PyYAML has it (several times faster than the pure
# Python one: front matter is read for every page and every archived version).
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

BOM = "\ufeff"


class TextLoader(_SafeLoader):
    """SafeLoader without the implicit date, float and int conversions."""


TextLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:float",
                           "tag:yaml.org,2002:int")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class InputError(yaml.YAMLError):
    """Text that cannot be trusted, worded for the editor (line is 1-based in the file)."""

    def __init__(self, line: int | None, problem: str, expected: str, fix: str):
        super().__init__(problem)
        self.line, self.problem, self.expected, self.fix = line, problem, expected, fix


def decode(raw: bytes) -> str:
    """UTF-8 text with \\n line ends and without a leading byte order mark;
    InputError names the first byte that is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start: exc.start + 1].hex()
        raise InputError(line, f"the file is not UTF-8: byte 0x{byte} at byte offset {exc.start} (line {line}) "
                               "is not valid UTF-8 (the file was probably saved as Latin-1 or Windows-1252).",
                         "a file saved as UTF-8",
                         "save the file as UTF-8 (in most editors: Save as, encoding UTF-8) and check "
                         "the letters å, ä and ö on that line.") from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # as open() in text mode reads it
    return text[1:] if text.startswith(BOM) else text


def read_text(path: Path) -> str:
    """A page or data file as text (see decode). Raises InputError or OSError."""
    return decode(Path(path).read_bytes())


def _duplicates(node: yaml.Node, first_line: int) -> None:
    """InputError for the first key written twice in any mapping of the tree."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.MappingNode):
            seen: dict[str, int] = {}
            for key_node, value_node in current.value:
                key = str(key_node.value)
                line = key_node.start_mark.line + first_line
                if key in seen:
                    where = (f"twice on line {line}" if seen[key] == line
                             else f"twice: first on line {seen[key]}, again on line {line}")
                    lines = f"line {line}" if seen[key] == line else f"line {seen[key]} or line {line}"
                    raise InputError(line, f"the key {key!r} is written {where}. YAML would silently keep "
                                           "only the second value.",
                                     "each key once in the same block",
                                     f"delete the one that is wrong ({lines}) and keep the one with the "
                                     "right value.")
                seen[key] = line
                stack.append(value_node)
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(current.value)


def _syntax_error(exc: yaml.YAMLError, text: str, first_line: int) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + first_line if mark else None
    detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    lines = text.split("\n")
    near = [lines[i] for i in (mark.line - 1, mark.line) if 0 <= i < len(lines)] if mark else []
    if any("\t" in candidate for candidate in near):
        return InputError(line, f"invalid YAML: a tab character on or just before this line ({detail}). "
                                "YAML does not allow tabs for indentation.",
                          "indentation with spaces only",
                          "replace the tab with spaces (two spaces per level, as in the lines above).")
    return InputError(line, f"invalid YAML: {detail}.", "valid YAML: key: value lines, lists with '- '",
                      "check quotes, colons and indentation on that line; a text containing ': ' "
                      "must be in quotes.")


def compose(text: str, first_line: int = 1) -> yaml.Node | None:
    """The node tree of `text`, with duplicate keys refused. Raises InputError."""
    text = text[1:] if text.startswith(BOM) else text
    try:
        node = yaml.compose(text, Loader=TextLoader)
    except InputError:
        raise
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, first_line) from None
    if node is not None:
        _duplicates(node, first_line)
    return node


def construct(node: yaml.Node | None) -> object:
    """The value of a node tree from compose()."""
    if node is None:
        return None
    loader = TextLoader("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


def load_node(text: str, first_line: int = 1) -> tuple[yaml.Node | None, object]:
    """(node tree, value) of `text`, parsed once. Raises InputError."""
    node = compose(text, first_line)
    return node, construct(node)


def load_with_lines(text: str, first_line: int = 1) -> tuple[object, dict[str, int]]:
    """Parse YAML text; return the value and {top-level key: 1-based line}.

    `first_line` is the file line on which `text` starts. Raises InputError
    (a yaml.YAMLError).
    """
    node, value = load_node(text, first_line)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + first_line
    return value, lines


def load_file(path: Path) -> tuple[object, dict[str, int]]:
    """A data file's value and top-level key lines. Raises InputError or OSError."""
    return load_with_lines(read_text(path))


def error_line(exc: yaml.YAMLError, first_line: int = 1) -> int | None:
    if isinstance(exc, InputError):
        return exc.line
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + first_line if mark else None


def problem(exc: yaml.YAMLError, file: str, expected: str = ""):
    """The schema's Problem for a YAML error in `file` (an InputError from this module, or any other)."""
    if not isinstance(exc, InputError):
        exc = _syntax_error(exc, "", 1)
    return Problem(file, exc.line, None, exc.problem, expected or exc.expected, exc.fix)


def dump(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=True, sort_keys=False, width=100)
