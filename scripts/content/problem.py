"""`Problem`: one thing wrong with one file, as every check reports it (file,
line, field, what was expected, how to fix it). Its own module, below the
schema, so the data and YAML readers can report through it without importing
the schema that reads them."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one file, worded for the person who must fix it."""

    file: str
    line: int | None
    field: str | None
    problem: str
    expected: str = ""
    fix: str = ""
    severity: str = "error"  # "error" fails the build, "warning" is reported only

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [f"{where}: {self.severity.upper()}"]
        if self.field:
            parts.append(f"field '{self.field}':")
        parts.append(self.problem)
        text = " ".join(parts)
        if self.expected:
            text += f" Expected: {self.expected}."
        if self.fix:
            text += f" How to fix: {self.fix}"
        return text
