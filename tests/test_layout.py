"""The layout of scripts/ (issue #22): no import cycle between modules or
folders, and every import between folders allowed by RULES. Read with `ast`
over every module, imports inside functions included, so an import tucked
into a function to dodge a cycle still counts."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# folder of scripts/ -> the folders its modules may import ("" is the top:
# the CLI and the MkDocs hooks, the faces, which may import everything).
# The content model imports nothing from the rest; the benchmarks are
# imported by nothing but the CLI.
RULES: dict[str, set[str]] = {
    "": {"content", "build", "checks", "editor", "benchmarks"},
    "content": set(),
    "checks": {"content"},
    "build": {"content", "checks"},
    "editor": {"content", "checks"},
    "benchmarks": {"content", "build", "checks"},
}


def modules(package_dir: Path, package: str) -> dict[str, Path]:
    """Dotted module name -> file, for every .py under `package_dir`."""
    found = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(package_dir).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join([package, *parts])] = path
    return found


def import_graph(package_dir: Path, package: str = "scripts") -> dict[str, set[str]]:
    """Module -> the modules of the package it imports (anywhere in its code)."""
    mods = modules(package_dir, package)

    def owner(name: str) -> str | None:  # the longest module name `name` is in
        while name and name not in mods:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        is_pkg = path.name == "__init__.py"
        here = name if is_pkg else name.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name == package or alias.name.startswith(package + "."):
                        if (target := owner(alias.name)):
                            edges.add(target)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = here
                    for _ in range(node.level - 1):
                        base = base.rpartition(".")[0]
                    base = f"{base}.{node.module}" if node.module else base
                else:
                    base = node.module or ""
                if not (base == package or base.startswith(package + ".")):
                    continue
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    target = sub if sub in mods else owner(base)
                    if target:
                        edges.add(target)
        edges.discard(name)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected set of more than one node (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found)


def folder(module: str, package: str) -> str:
    """The folder of scripts/ a module is in: "" for the top, "content", ..."""
    rest = module[len(package) + 1:] if module != package else ""
    parts = rest.split(".") if rest else []
    return parts[0] if len(parts) > 1 else ""


def layout_problems(package_dir: Path, package: str = "scripts",
                    rules: dict[str, set[str]] = RULES) -> list[str]:
    """Module cycles, folder cycles and imports between folders the rules do not allow."""
    graph = import_graph(package_dir, package)
    problems = [f"import cycle between modules: {' <-> '.join(c)}" for c in cycles(graph)]
    folders: dict[str, set[str]] = {}
    for source, targets in sorted(graph.items()):
        src = folder(source, package)
        if src not in rules:
            problems.append(f"{source}: folder {src!r} is not in the rules table")
            continue
        for target in sorted(targets):
            dst = folder(target, package)
            if dst == src or target == package:
                continue
            folders.setdefault(src, set()).add(dst)
            if dst not in rules[src]:
                problems.append(f"{source} imports {target}: {src or 'the top'} may not import {dst or 'the top'}"
                                f" (allowed: {', '.join(sorted(rules[src])) or 'nothing outside itself'})")
    problems += [f"import cycle between folders: {' <-> '.join(c)}" for c in cycles(folders)]
    return problems


def test_scripts_has_no_import_cycle_and_keeps_the_layout_rules():
    problems = layout_problems(ROOT / "scripts")
    assert problems == [], "\n".join(problems)


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    pkg = tmp_path / "pkg"
    for rel, text in {"__init__.py": "", **files}.items():
        path = pkg / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return pkg


def test_a_planted_cycle_is_found_even_inside_a_function(tmp_path):
    pkg = _package(tmp_path, {"a.py": "from . import b\n",
                              "b.py": "def f():\n    from pkg.a import x\n"})
    assert layout_problems(pkg, "pkg", {"": set()}) == ["import cycle between modules: pkg.a <-> pkg.b"]


def test_a_planted_longer_cycle_through_folders_is_found(tmp_path):
    pkg = _package(tmp_path, {"content/__init__.py": "", "build/__init__.py": "",
                              "content/site.py": "from ..build import archive\n",
                              "build/archive.py": "import pkg.content.site\n"})
    problems = layout_problems(pkg, "pkg", {"": set(), "content": {"build"}, "build": {"content"}})
    assert "import cycle between modules: pkg.build.archive <-> pkg.content.site" in problems
    assert "import cycle between folders: build <-> content" in problems


def test_the_model_importing_build_code_breaks_the_rules(tmp_path):
    pkg = _package(tmp_path, {"content/__init__.py": "", "build/__init__.py": "",
                              "content/site.py": "def versions():\n    from ..build.archive import page_versions\n",
                              "build/archive.py": ""})
    assert layout_problems(pkg, "pkg", {"": set(), "content": set(), "build": {"content"}}) == [
        "pkg.content.site imports pkg.build.archive: content may not import build "
        "(allowed: nothing outside itself)"]


def test_a_clean_package_passes(tmp_path):
    pkg = _package(tmp_path, {"content/__init__.py": "", "build/__init__.py": "",
                              "content/site.py": "from . import pages\n", "content/pages.py": "",
                              "build/archive.py": "from ..content import site\nfrom pkg.content.pages import x\n"})
    assert layout_problems(pkg, "pkg", {"": set(), "content": set(), "build": {"content"}}) == []
