"""The commands behind python -m scripts. Each command is a thin wrapper over
the concern modules; a new command registers itself in COMMANDS."""
from __future__ import annotations

import argparse
import os
from collections import defaultdict
from pathlib import Path

from .content import data, schema
from .content.site import Site
from .build.sitebuild import ENGINE_ENV, ENGINES, build_site

COMMANDS: dict = {}


def command(name: str, help_text: str, configure=lambda p: None):
    def register(func):
        COMMANDS[name] = (func, configure, help_text)
        return func
    return register


def _check_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, help="also scan a built site folder for personal data")
    p.add_argument("--links", nargs="*", metavar="FILE",
                   help="only check relative links and #anchors in these Markdown pages (every page when "
                        "none is given), fast and without a build (scripts/checks/mdlinks.py); for pre-commit")
    from .content import checklists
    checklists.add_arguments(p)


@command("check", "Check every page's metadata and the bibliography; report overdue reviews.", _check_args)
def check(args) -> int:
    if getattr(args, "links", None) is not None:
        return _check_links(args.links)
    # Symbolic links first: nothing behind one is read (scripts/checks/repofiles.py).
    from .checks import repofiles
    links = repofiles.symlinks(data.root_dir())
    if links:
        for p in links:
            print(p)
        print(f"\n{len(links)} symbolic link(s) under {', '.join(repofiles.READ_DIRS)}: fix them first; "
              "nothing else was checked.")
        return 1
    try:
        site = Site.load()
        problems = site.problems()
    except data.DataFileError as exc:
        print(exc.problem)
        print("\nA data file could not be read, so nothing else was checked. Fix it and run the check again.")
        return 1
    for step in _extra_checks():
        try:
            found = step(site, args)
        except data.DataFileError as exc:  # a data file another check reads (data/owners.yml, ...)
            found = [exc.problem]
        problems += [p for p in found if p not in problems]
    errors = [p for p in problems if p.severity == "error"]
    for p in problems:
        print(p)
    overdue = defaultdict(list)
    for page in site.pages:
        if page.meta and schema.is_overdue(page.meta):
            overdue[page.meta.get("responsible", "?")].append(page)
    if overdue:
        print("\nOverdue reviews (reported, not failing):")
        for body, pages in sorted(overdue.items()):
            print(f"  {data.label('responsible', body, 'sv')}:")
            for page in pages:
                print(f"    {page.rel} (review_by {page.meta.get('review_by')})")
    # Statements past their re-check date and [bekräftas] markers (scripts/content/claims.py).
    from .content import claims
    due = claims.due(site.pages)
    for kind, heading in (("recheck", "Statements past their re-check date"),
                          ("unconfirmed", "Statements to be confirmed")):
        items = [d for d in due if d.marker.kind == kind]
        if items:
            print(f"\n{heading} (reported, not failing):")
            for body in sorted({d.responsible for d in items}):
                print(f"  {data.label('responsible', body, 'sv')}:")
                for d in (d for d in items if d.responsible == body):
                    print(f"    {claims.due_text(d)}")
    expired = sum(d.marker.kind == "recheck" for d in due)
    print(f"\n{len(site.pages)} pages checked: {len(errors)} error(s), "
          f"{len(problems) - len(errors)} warning(s), {sum(map(len, overdue.values()))} overdue review(s), "
          f"{expired} statement(s) past their re-check date, {len(due) - expired} to be confirmed.")
    return 1 if errors else 0


def _check_links(files: list[str]) -> int:
    from .checks import mdlinks
    problems, count = mdlinks.check(files)
    for p in problems:
        print(p)
    print(f"{count} page(s) checked for links: {len(problems)} broken link(s).")
    return 1 if problems else 0


def _extra_checks():
    """Checks owned by other modules (personal data, translations, owners, the matrix)."""
    steps = []
    for name in ("checks.privacy", "content.translations", "editor.owners", "content.matrix", "content.checklists", "editor.scaffold",
                 "checks.htmlpolicy"):
        try:
            module = __import__(f"scripts.{name}", fromlist=["check"])
        except ImportError:
            continue
        if hasattr(module, "check"):
            steps.append(module.check)
    return steps


def _build_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site-dir", type=Path, default=Path("site"), help="where the finished site goes")
    p.add_argument("--engine", choices=ENGINES, default=os.environ.get(ENGINE_ENV) or ENGINES[0],
                   help=f"the static site generator (default: ${ENGINE_ENV}, else mkdocs); make build ENGINE=…")


@command("build", "Build the site into a temporary folder and swap it in only when the build succeeds.",
         _build_args)
def build(args) -> int:
    return build_site(data.root_dir(), args.site_dir, engine=args.engine)


def _translations_args(p: argparse.ArgumentParser) -> None:
    from .content import translations
    translations.add_arguments(p)


@command("translations", "Translation status per page (current, outdated, missing, orphan); "
         "--diff PAGE shows what changed in Swedish, --mark PAGE records a translation as current.",
         _translations_args)
def translations_cmd(args) -> int:
    from .content import translations
    return translations.run(Site.load(), args)


def _readability_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", choices=data.LANGS, help="only pages in this language")
    p.add_argument("--fail", action="store_true",
                   help="exit 1 if a page is above its limit or the Swedish guidance median is above its limit")


@command("readability", "Readability per page: LIX for Swedish (guidance at most 40, median at most 36; "
         "plain-language pages at most 25), Flesch reading ease for English.", _readability_args)
def readability(args) -> int:
    from .checks import readability as rd
    site = Site.load()
    pages = [p for p in site.pages if not args.lang or p.lang == args.lang]
    scores = rd.report(pages)
    print(f"{'page':58} {'measure':7} {'value':>6} {'words':>6}  limit")
    for s in sorted(scores, key=lambda s: (s.page.lang, s.page.key)):
        value = "-" if s.value is None else f"{s.value:.1f}"
        bound = (f"{s.limit:g}" + (" (plain language)" if s.plain else "")) if s.limit else ""
        flag = "  TOO HARD" if s.too_hard else ""
        print(f"{s.page.rel:58} {s.measure:7} {value:>6} {s.words:>6}  {bound}{flag}")
    failing = sum(s.too_hard for s in scores)
    median = rd.median(scores)
    if median is not None:
        print(f"\nMedian LIX of {len(rd.median_scores(scores))} Swedish guidance pages: {median:g} "
              f"(limit {rd.LIX_MEDIAN_LIMIT:g}; plain-language pages not counted).")
    print(f"{len(scores)} pages; {failing} above their limit.")
    broken = rd.gate(scores)
    for line in broken:
        print(f"FAIL {line}")
    return 1 if args.fail and broken else 0


def _links_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", type=Path, default=Path("site"), help="the built site to check (default: site)")
    p.add_argument("--external", action="store_true",
                   help="also ask every external address with HTTP HEAD; needs the network, slow, "
                        "reported only (never fails the command)")


@command("links", "Check that every internal link and #anchor in the built site resolves "
         "(scripts/checks/linkcheck.py); --external also reports external addresses that do not answer.", _links_args)
def links_cmd(args) -> int:
    from .checks import linkcheck
    return linkcheck.main(args.site, external=args.external)


# -- contributor tools (scripts/editor/owners.py, scripts/editor/scaffold.py, scripts/editor/report.py) --

def _owners_args(p: argparse.ArgumentParser) -> None:
    from .editor import owners
    owners.add_arguments(p)


@command("owners", "Check .github/CODEOWNERS against the pages' responsible field; --write regenerates it "
         "from the pages and data/owners.yml.", _owners_args)
def owners_cmd(args) -> int:
    from .editor import owners
    return owners.run(Site.load(), args)


def _new_args(p: argparse.ArgumentParser) -> None:
    from .editor import scaffold
    scaffold.add_arguments(p)


@command("new", "Create a page in both languages (docs/sv/PATH and docs/en/PATH) with valid front matter "
         "and the guide shape, add it to the navigation and to .github/CODEOWNERS.", _new_args)
def new_cmd(args) -> int:
    from .editor import scaffold
    return scaffold.run(args)


def _bump_args(p: argparse.ArgumentParser) -> None:
    from .editor import scaffold
    scaffold.add_bump_arguments(p)


@command("bump", "Raise a page's version (--major for substance, --minor for a clarification) and add its "
         "change entry with today's date.", _bump_args)
def bump_cmd(args) -> int:
    from .editor import scaffold
    return scaffold.run_bump(args)


def _report_args(p: argparse.ArgumentParser) -> None:
    from .editor import report
    report.add_arguments(p)


@command("report", "One responsible body's pages in both languages: status, version, review dates, "
         "overdue reviews and translation state, as a text table or CSV.", _report_args)
def report_cmd(args) -> int:
    from .editor import report
    return report.run(Site.load(), args)


def _offline_args(p: argparse.ArgumentParser) -> None:
    from .build import offline
    offline.add_arguments(p)


@command("offline", "Build the offline edition: a zip of the whole site that works from the file system "
         "(file://), in dist/kunskapscentrum-offline.zip.", _offline_args)
def offline_cmd(args) -> int:
    from .build import offline
    return offline.main(args)


def _bench_args(p: argparse.ArgumentParser) -> None:
    from .benchmarks import benchrun as bench_mod
    bench_mod.add_arguments(p)


@command("bench", "Run the benchmarks (search: index size, bytes for a first search, time to results, "
         "today's site and 1,000 generated pages per language; build time and memory at 100, 500 and "
         "2,000 generated pages per language; one edit under make serve; page weight and Web Vitals "
         "in Chromium; the review report on the last commit) and write BENCHMARKS.md.", _bench_args)
def bench(args) -> int:
    from .benchmarks import benchrun as bench_mod
    return bench_mod.main(args)


@command("install-pagefind", "Install the pinned Pagefind binary into this Python environment (make install does "
         "it): fetched from the npm registry, checked against the SHA-512 pinned in "
         "scripts/build/pagefind_release.py.")
def install_pagefind(args) -> int:
    from .build import pagefind_release
    try:
        path = pagefind_release.install()
    except pagefind_release.ReleaseError as exc:
        print(exc)
        return 1
    print(f"Pagefind {pagefind_release.VERSION}: {path}")
    return 0


def _serve_args(p: argparse.ArgumentParser) -> None:
    from .build import serve
    serve.add_arguments(p)


@command("serve", "Serve the site for editing on 127.0.0.1 (make serve): rebuild on every change under docs/, "
         "data/, overrides/ and mkdocs.yml; after a failed build keep serving the last good site, with the "
         "error shown on every page.", _serve_args)
def serve_cmd(args) -> int:
    from .build import serve
    return serve.main(args)


def _review_args(p: argparse.ArgumentParser) -> None:
    from .editor import review
    review.add_arguments(p)


@command("review", "What a change does for readers, as a Markdown report for a pull request: pages added, "
         "changed, moved and deleted (title, responsible, status, version, change note), errors (no version "
         "bump, no redirect, lost checklist ticks) with file and line, translation effect, sources, LIX "
         "before and after, and the review teams. Exits 1 on an error.", _review_args)
def review_cmd(args) -> int:
    from .editor import review
    return review.run(args)
