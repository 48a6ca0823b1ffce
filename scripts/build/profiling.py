"""Step timings for `make bench`: with KC_PROFILE=1 in the environment, the
build hooks time their own steps (loading and checking pages, archive pages,
generated content, page context, each post-build step, the English build that
the i18n plugin runs) and print one line per step to stderr at the end of the
build:

    KC_PROFILE<TAB>step name<TAB>seconds<TAB>calls

scripts/benchmarks/bench.py reads these lines. Without KC_PROFILE nothing is timed or
printed, so a normal build is unchanged.
"""
from __future__ import annotations

import functools
import os
import sys
import time
from contextlib import contextmanager

PREFIX = "KC_PROFILE"
MEMORY_PREFIX = "KC_PROFILE_MAXRSS_KB"
_totals: dict[str, list] = {}
_marks: dict[str, float] = {}
_children_rss: list[int] = []   # peak memory of the language builds forked by this one


def enabled() -> bool:
    return os.environ.get("KC_PROFILE", "") not in ("", "0", "false")


def add(name: str, seconds: float, calls: int = 1) -> None:
    total = _totals.setdefault(name, [0.0, 0])
    total[0] += seconds
    total[1] += calls


@contextmanager
def step(name: str):
    """Time the block under `name` (summed over calls) when profiling."""
    if not enabled():
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        add(name, time.perf_counter() - started)


def timed(name: str):
    """Decorator: time every call of the function under `name` when profiling."""
    def wrap(func):
        @functools.wraps(func)
        def timed_func(*args, **kwargs):
            with step(name):
                return func(*args, **kwargs)
        return timed_func
    return wrap


def start(name: str) -> None:
    """Start a span that ends with stop(name), across hook calls."""
    if enabled():
        _marks[name] = time.perf_counter()


def stop(name: str) -> None:
    if enabled() and name in _marks:
        add(name, time.perf_counter() - _marks.pop(name))


def forget() -> None:
    """Drop every step so far (a forked language build reports only its own)."""
    _totals.clear()
    _marks.clear()
    _children_rss.clear()


def snapshot() -> dict[str, list]:
    return {name: list(total) for name, total in _totals.items()}


def merge(totals: dict[str, list], rss_kb: int = 0) -> None:
    """Add the steps of a language build that ran in its own process (scripts/build/parallel.py)."""
    for name, (seconds, calls) in totals.items():
        add(name, seconds, calls)
    _children_rss.append(rss_kb)


def maxrss_kb() -> int:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def report(stream=None) -> None:
    """Print every step and forget them (mkdocs serve builds again in one process)."""
    if not enabled():
        return
    stream = stream or sys.stderr
    for name, (seconds, calls) in _totals.items():
        print(f"{PREFIX}\t{name}\t{seconds:.4f}\t{calls}", file=stream)
    # The peak of the largest mkdocs process: this one or a language build it
    # forked (Pagefind and git run as separate processes).
    print(f"{MEMORY_PREFIX}\t{max([maxrss_kb(), *_children_rss])}", file=stream)
    stream.flush()
    forget()


def parse_memory(text: str) -> float | None:
    """The mkdocs process's own peak resident memory in MB, from a build's output."""
    for line in text.splitlines():
        if line.startswith(MEMORY_PREFIX + "\t"):
            return int(line.split("\t")[1]) / 1024
    return None


def parse(text: str) -> dict[str, tuple[float, int]]:
    """{step: (seconds, calls)} from a build's output."""
    out = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[0] == PREFIX:
            out[parts[1]] = (float(parts[2]), int(parts[3]))
    return out
