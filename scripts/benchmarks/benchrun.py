"""`make bench` (`python -m scripts bench`): runs the benchmark parts
(scripts/benchmarks/bench.py: search and review; scripts/benchmarks/sitebench.py: build, serve and
page weight; scripts/benchmarks/peerbench.py: beside bare Material and Starlight) and writes BENCHMARKS.md, keeping the sections of parts not run."""
from __future__ import annotations

import re
import sys
from pathlib import Path

from . import bench, peerbench, sitebench
from ..content import data


PARTS = ("peers", "search", "build", "serve", "weight", "review")
# The heading each part's section starts with (to keep a part's last figures
# when `--only` runs the others).
HEADINGS = {"peers": "## Side by side", "search": "## Search", "build": "## Build time", "serve": "## One edit under",
            "weight": "## Page weight", "review": "## Review report"}


def add_arguments(p) -> None:
    p.add_argument("--only", help="run only these parts, comma-separated (" + ", ".join(PARTS) + "); "
                   "the other parts keep their sections from the present BENCHMARKS.md")


def _previous_sections(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    chunks = re.split(r"(?m)^(?=## )", path.read_text(encoding="utf-8"))
    return {part: chunk.rstrip() + "\n" for chunk in chunks for part, head in HEADINGS.items()
            if chunk.startswith(head)}


def main(args=None) -> int:
    root = data.root_dir()
    only = [p.strip() for p in (getattr(args, "only", None) or ",".join(PARTS)).split(",") if p.strip()]
    unknown = set(only) - set(PARTS)
    if unknown:
        print(f"Unknown part(s): {', '.join(sorted(unknown))}; choose from {', '.join(PARTS)}.", file=sys.stderr)
        return 2
    found = _previous_sections(root / "BENCHMARKS.md")
    if "peers" in only:
        found["peers"] = peerbench.peer_benchmark(root)
    if "search" in only:
        found["search"] = bench.search_benchmark(root)
    found.update(sitebench.sections(root, parts=only))
    if "review" in only:
        found["review"] = bench.review_benchmark(root)
    sections = [found[part] for part in PARTS if part in found]
    text = ("# Benchmarks\n\nWritten by `make bench` (`python -m scripts bench`, scripts/benchmarks/bench.py). "
            "Numbers from one machine; compare runs on the same machine only.\n\n"
            + bench.machine() + "\n" + "\n".join(sections))
    (root / "BENCHMARKS.md").write_text(text, encoding="utf-8")
    print(text)
    return 0
