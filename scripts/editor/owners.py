"""Who reviews what: .github/CODEOWNERS, generated from the pages.

Every page file, in both languages, belongs to the review team of the body named
in its `responsible` field; everything else (data/, scripts/, overrides/, the
configuration) belongs to the editorial team. The team handles live in one
file, data/owners.yml (the GitHub organisation, one team per responsible body).

    python -m scripts owners            show whether .github/CODEOWNERS is up to date
    python -m scripts owners --write    (re)write it from data/owners.yml and the pages

`python -m scripts check` calls `check` below: it fails when .github/CODEOWNERS
is not exactly what the front matter implies, naming the page or the
CODEOWNERS line that disagrees, so the file and the pages never drift apart.
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from ..content import data
from ..content.schema import Problem

CODEOWNERS = ".github/CODEOWNERS"
OWNERS_FILE = "data/owners.yml"
PLACEHOLDER = "ORG-PLACEHOLDER"
WRITE_CMD = "python -m scripts owners --write"
# Not pages: owned by the editorial team (after the catch-all `*`).
EDITORIAL_PATHS = ("/data/", "/scripts/", "/overrides/", "/tests/", "/.github/", "/mkdocs.yml")

ORG_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$")
TEAM_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

HEADER = f"""\
# Who must review a change, by path. The last matching line wins.
#
# GENERATED from {OWNERS_FILE} (the organisation and one review team per
# responsible body) and from the `responsible` field of every page.
# Do not edit by hand: change a page's `responsible` or {OWNERS_FILE},
# then run `{WRITE_CMD}`.
# `python -m scripts check` fails when this file and the pages disagree.
"""

# -- data/owners.yml --------------------------------------------------------

def _config() -> tuple[dict, dict[str, int]]:
    raw, lines = data.load_with_lines("owners.yml")
    return (raw if isinstance(raw, dict) else {}), lines


def config_problems() -> list[Problem]:
    """What is wrong with data/owners.yml itself."""
    try:
        cfg, lines = _config()
    except FileNotFoundError:
        return [Problem(OWNERS_FILE, None, None, "file missing.",
                        "organisation:, teams: (one per responsible body) and editorial:",
                        "restore data/owners.yml from git.")]
    problems = []
    org = cfg.get("organisation")
    if not isinstance(org, str) or not ORG_RE.match(org):
        problems.append(Problem(OWNERS_FILE, lines.get("organisation"), "organisation",
                                f"{org!r} is not a GitHub organisation name.",
                                "letters, digits and single hyphens, at most 39 characters",
                                "write the name of the GitHub organisation that owns the repository."))
    elif org == PLACEHOLDER:
        problems.append(Problem(OWNERS_FILE, lines.get("organisation"), "organisation",
                                f"still the placeholder {PLACEHOLDER}: CODEOWNERS names teams that do not exist yet, "
                                "so GitHub asks nobody for review.",
                                "the GitHub organisation that owns the repository",
                                f"when the repository has its home, set organisation, create the teams, "
                                f"then run {WRITE_CMD}.", severity="warning"))
    teams = cfg.get("teams") if isinstance(cfg.get("teams"), dict) else {}
    bodies = data.list_keys("responsible")
    for body in bodies:
        team = teams.get(body)
        if not isinstance(team, str) or not TEAM_RE.match(team):
            problems.append(Problem(OWNERS_FILE, lines.get("teams"), f"teams.{body}",
                                    "missing review team." if team is None else f"{team!r} is not a team name.",
                                    "a team name of lower-case letters, digits and hyphens, e.g. "
                                    f"{body}-granskare",
                                    f"add `{body}: {body}-granskare` under teams:, then run {WRITE_CMD}."))
    for body in teams:
        if body not in bodies:
            problems.append(Problem(OWNERS_FILE, lines.get("teams"), f"teams.{body}",
                                    "not a responsible body in data/lists.yml.",
                                    "one of " + ", ".join(bodies), "remove the line or correct the key."))
    editorial = cfg.get("editorial")
    if not isinstance(editorial, str) or not TEAM_RE.match(editorial):
        problems.append(Problem(OWNERS_FILE, lines.get("editorial"), "editorial",
                                f"{editorial!r} is not a team name.", "the editorial team, e.g. redaktionen",
                                "write editorial: redaktionen."))
    return problems


def handle(team: str) -> str:
    cfg, _ = _config()
    return f"@{cfg.get('organisation')}/{team}"


def team_of(body: str) -> str | None:
    cfg, _ = _config()
    team = (cfg.get("teams") or {}).get(body)
    return handle(team) if team else None


# -- the file -----------------------------------------------------------------

def _pattern(page) -> str:
    return "/" + page.rel.replace(" ", "\\ ")


def page_rules(site) -> list[tuple[str, str, object]]:
    """(pattern, owner, page) for every page with a known responsible body,
    grouped by body in the order of data/lists.yml, then by path."""
    order = {body: i for i, body in enumerate(data.list_keys("responsible"))}
    rules = []
    for page in site.pages:
        body = page.meta.get("responsible") if page.meta else None
        owner = team_of(body) if body in order else None
        if owner:
            rules.append((order[body], page.key, page.lang != data.DEFAULT_LANG, _pattern(page), owner, page))
    rules.sort(key=lambda r: r[:3])
    return [(pattern, owner, page) for *_, pattern, owner, page in rules]


def unreadable(site) -> list:
    """Pages whose review team cannot be worked out: front matter that cannot be
    read, or a responsible body that is not in data/lists.yml. Their CODEOWNERS
    lines are left alone (the page check reports what is wrong), because
    regenerating the file now would delete the responsible body's review line."""
    known = set(data.list_keys("responsible"))
    return [page for page in site.pages
            if not page.meta or page.problems or page.meta.get("responsible") not in known]


def render(site) -> str:
    cfg, _ = _config()
    editorial = handle(cfg.get("editorial", "redaktionen"))
    out = [HEADER, "# Everything that is not a page: the editorial team.",
           f"* {editorial}"]
    out += [f"{path} {editorial}" for path in EDITORIAL_PATHS]
    current = None
    for pattern, owner, page in page_rules(site):
        body = page.meta["responsible"]
        if body != current:
            current = body
            out += ["", f"# Pages (sv + en) that {data.label('responsible', body, 'en')} is responsible for."]
        out.append(f"{pattern} {owner}")
    return "\n".join(out) + "\n"


def path(site) -> Path:
    return site.root / CODEOWNERS


def write(site) -> str:
    target = path(site)
    text = render(site)
    if target.exists() and target.read_text(encoding="utf-8") == text:
        return f"{CODEOWNERS} is up to date."
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return f"wrote {CODEOWNERS} ({len(page_rules(site))} page lines)."


def rules(text: str) -> dict[str, tuple[int, str]]:
    """{pattern: (line number, owners)} of a CODEOWNERS text (the last line of a pattern counts)."""
    rules = {}
    for n, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = re.split(r"(?<!\\)\s+", line)
        rules[parts[0]] = (n, " ".join(parts[1:]))
    return rules


def check(site, args=None) -> list[Problem]:
    """CODEOWNERS problems: data/owners.yml itself, then every disagreement
    between .github/CODEOWNERS and the pages' `responsible` fields."""
    problems = config_problems()
    if any(p.severity == "error" for p in problems):
        return problems
    target = path(site)
    fix = f"run {WRITE_CMD} and commit .github/CODEOWNERS with the page."
    if not target.exists():
        return problems + [Problem(CODEOWNERS, None, None, "file missing: no page has a review team.",
                                   "the file generated from the pages", fix)]
    actual_text = target.read_text(encoding="utf-8")
    expected_text = render(site)
    pending = {_pattern(page) for page in unreadable(site)}
    # Compared without the lines of pages whose responsible cannot be read.
    kept = "".join(line for line in actual_text.splitlines(keepends=True)
                   if re.split(r"(?<!\\)\s+", line.strip())[0] not in pending)
    if kept == expected_text:
        return problems
    actual, expected = rules(actual_text), rules(expected_text)
    found = []
    for pattern, owner, page in page_rules(site):
        body = page.meta["responsible"]
        if pattern not in actual:
            found.append(Problem(
                page.rel, page.lines.get("responsible"), "responsible",
                f"{CODEOWNERS} has no line for this page, so nobody from {body} is asked to review it.",
                f"the line `{pattern} {owner}` in {CODEOWNERS}", fix))
        elif actual[pattern][1] != owner:
            n, got = actual[pattern]
            found.append(Problem(
                CODEOWNERS, n, None,
                f"line {n} gives {pattern.lstrip('/')} to {got}, but the page says responsible: {body} "
                f"(review team {owner}).", f"`{pattern} {owner}`",
                f"{fix} If the line is right and the page is wrong, correct responsible in {page.rel} "
                "instead (and then run the command)."))
    for pattern, (n, got) in sorted(actual.items(), key=lambda kv: kv[1][0]):
        if pattern in pending:
            continue  # the page's own error says what to fix; its line stays as it is
        if pattern not in expected:
            found.append(Problem(CODEOWNERS, n, None,
                                 f"line {n} ({pattern} {got}) matches no page and no editorial path.",
                                 "only lines generated from the pages", fix))
        elif not pattern.startswith("/docs/") and expected[pattern][1] != got:
            found.append(Problem(CODEOWNERS, n, None, f"line {n} gives {pattern} to {got}.",
                                 f"`{pattern} {expected[pattern][1]}` (from {OWNERS_FILE})", fix))
    if not found:
        a, e = actual_text.splitlines(), expected_text.splitlines()
        n = next((i for i, (x, y) in enumerate(zip(a, e), 1) if x != y), min(len(a), len(e)) + 1)
        found.append(Problem(CODEOWNERS, n, None,
                             f"the file differs from what the pages imply from line {n} on "
                             "(edited by hand, or lines in another order).",
                             "exactly the generated file", fix))
    return problems + found


def owners_of(path: str, rules_: dict[str, tuple[int, str]]) -> list[str]:
    """The owners GitHub asks to review a change to `path` (relative to the
    repository), from rules() of a CODEOWNERS text: the last matching line wins.
    Covers the patterns this file is written with: `*`, /folder/ and /file."""
    import fnmatch
    found: list[str] = []
    best = -1
    for pattern, (n, owners) in rules_.items():
        pat = pattern.replace("\\ ", " ")
        anchored = pat.startswith("/")
        pat = pat.lstrip("/")
        if pat.endswith("/"):
            hit = path.startswith(pat) if anchored else f"/{pat}" in f"/{path}"
        elif pat == "*":
            hit = True
        elif anchored:
            hit = path == pat or path.startswith(pat + "/") or fnmatch.fnmatchcase(path, pat)
        else:
            hit = fnmatch.fnmatchcase(path.rsplit("/", 1)[-1], pat) or fnmatch.fnmatchcase(path, pat)
        if hit and n > best:
            best, found = n, owners.split()
    return found


# -- the command --------------------------------------------------------------

def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--write", action="store_true", help=f"write {CODEOWNERS} from the pages and {OWNERS_FILE}")


def run(site, args) -> int:
    if args.write:
        errors = [p for p in config_problems() if p.severity == "error"]
        for p in errors:
            print(p, file=sys.stderr)
        if errors:
            return 1
        broken = unreadable(site)
        for page in broken:
            print(f"{page.rel}: ERROR the page's responsible body cannot be read, so {CODEOWNERS} is not "
                  "written (its review line would be lost). How to fix: run python -m scripts check, fix "
                  "the page, then run this command again.", file=sys.stderr)
        if broken:
            return 1
        print(write(site))
        return 0
    problems = check(site)
    for p in problems:
        print(p)
    if any(p.severity == "error" for p in problems):
        return 1
    print(f"{CODEOWNERS} agrees with the pages ({len(page_rules(site))} page lines).")
    return 0
