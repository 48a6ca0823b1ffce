"""MkDocs hooks: thin glue between MkDocs events and the modules in scripts/.

MkDocs loads this file by path, so the repository root is put on sys.path
first to make `scripts` importable as a package.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from markupsafe import Markup  # noqa: E402
from mkdocs.exceptions import Abort  # noqa: E402
from mkdocs.plugins import event_priority, get_plugin_logger  # noqa: E402

from scripts.build import archive, facts, generators, listings, postbuild  # noqa: E402
from scripts.content import claims, data, translations  # noqa: E402
from scripts.build import headers, navigation, pagefind_release, parallel, printview, profiling, search  # noqa: E402
from scripts.content import pages  # noqa: E402
from scripts.checks import pageweight  # noqa: E402
from scripts.content.site import Site, lang_prefix  # noqa: E402

log = get_plugin_logger("kunskapscentrum")

# The site is loaded once per build and shared by the other language builds,
# which run in forked processes (scripts/build/parallel.py) or, with
# KC_PARALLEL=false, inside the first one as mkdocs-static-i18n does.
_state: dict = {"site": None}
OTHER_BUILD = "English build (own process, or run by the i18n plugin)"


def _i18n(config):
    return config.plugins.get("i18n")


def _nested(config) -> bool:
    """True inside the extra language builds (forked, or run by the i18n plugin)."""
    plugin = _i18n(config)
    return bool(plugin and getattr(plugin, "building", False))


def _lang(config) -> str:
    return config.theme["language"]


def on_config(config):
    # Every address our code builds follows mkdocs.yml's use_directory_urls
    # (false for the offline edition, scripts/build/offline.py).
    pages.use_directory_urls(config.use_directory_urls)
    # The claim markers ([@key], [kontrollera …], [bekräftas]): scripts/content/claims.py.
    if not any(isinstance(ext, claims.ClaimsExtension) for ext in config.markdown_extensions):
        config.markdown_extensions.append(claims.ClaimsExtension())
    # The quick exit's neutral site (mkdocs.yml extra.quick_exit_url, KC_QUICK_EXIT_URL).
    exit_url = str(config.extra.get("quick_exit_url") or "")
    if not re.fullmatch(r"https?://[^\s\"'<>]+", exit_url):
        raise Abort(f"mkdocs.yml: extra.quick_exit_url (or KC_QUICK_EXIT_URL) is {exit_url!r}: expected the "
                    "address of a neutral public site, such as https://www.smhi.se/. Fix it and build again.")
    # The menu sections, for their print views (scripts/build/printview.py).
    printview.configure(config.nav)
    return config


def on_pre_build(config) -> None:
    if _nested(config):
        profiling.start(OTHER_BUILD)
    if _nested(config) and _state["site"] is not None:
        _git_dates(config)
        return
    profiling.start("whole build, after configuration")
    # The search index needs the pinned Pagefind: say so before building.
    try:
        search.executable()
    except pagefind_release.ReleaseError as exc:
        raise Abort(str(exc)) from None
    profiling.start("load and check pages")
    # No symbolic link under docs/, overrides/ or data/ is read, followed or
    # copied into the site (scripts/checks/repofiles.py).
    from scripts.checks import repofiles
    links = repofiles.symlinks(Path(config.docs_dir).resolve().parent)
    if links:
        for p in links:
            log.error(str(p))
        raise Abort(f"{len(links)} symbolic link(s) in the repository's content; nothing was built.")
    from scripts.content import checklists, matrix
    from scripts.checks import privacy
    from scripts.editor import scaffold
    try:
        site = Site.load(Path(config.docs_dir).resolve().parent)
        problems = site.problems()
        # Broken translation markers and orphan English pages fail the build;
        # outdated, missing and unmarked translations are reported only.
        problems += translations.check(site, None, building=True)
        # Broken checklist data (data/checklists/*.yml) and anything check
        # rejects in data/matrix.yml fail the build as well.
        problems += checklists.check(site, None)
        problems += matrix.check(site, None)
        # A page missing from nav in mkdocs.yml: the line to add (MkDocs
        # itself would only say the page is not included, after building).
        problems += scaffold.nav_problems(site)
        # A personal identity number, e-mail address or private phone number in
        # docs/ or data/ fails the build too (scripts/checks/privacy.py).
        problems += privacy.scan_sources(site.root)
    except data.DataFileError as exc:
        log.error(str(exc.problem))
        raise Abort("A data file could not be read; nothing was built.") from None
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity != "error"]
    if warnings:
        # Logged as info: a MkDocs warning would fail the strict build, and
        # these (such as uncited bibliography entries) must not.
        log.info(f"{len(warnings)} metadata warning(s), not failing the build; "
                 "python -m scripts check lists them.")
    if errors:
        for p in errors:
            log.error(str(p))
        raise Abort(f"{len(errors)} problem(s) in the page metadata; nothing was built. "
                    "Fix them and build again (python -m scripts check lists them too).")
    _state["site"] = site
    profiling.stop("load and check pages")
    _git_dates(config)


def _git_dates(config) -> None:
    """Every page's last commit from one git log, for the git-revision-date
    plugin, which would otherwise run git once per page, again in every
    language build (it forgets its dates between them): scripts/content/history.py."""
    from scripts.content import history
    with profiling.step("git dates from one git log"):
        history.prefill_revision_dates(config)


def _key(page) -> str:
    # With the folder structure, src_uri is "<lang>/<path>"; strip the language.
    src = page.file.src_uri
    lang, _, rest = src.partition("/")
    return rest if lang in data.LANGS else src


@event_priority(-110)  # after the i18n plugin has sorted the files of this language build
@profiling.timed("archive pages (git history, generation)")
def on_files(files, config):
    if not _nested(config):
        # Every page rendered from now on leaves its search copy (on_post_page),
        # unless only changed pages will be rendered.
        if not parallel.dirty_build():
            search.prepare_copies(config.site_dir)
        # The site folder is clean now: the other languages build beside this one.
        parallel.fork_other_languages(config, _results_for_parent)
    for file in archive.files_for(_state["site"], _lang(config), config):
        files.append(file)
    for file in printview.files_for(_state["site"], _lang(config), config):
        files.append(file)
    return files


@event_priority(-110)  # after the i18n plugin has rebuilt the navigation for this language
def on_nav(nav, config, files):
    navigation.mark_section_indexes(nav.items)
    return nav


def on_page_markdown(markdown: str, page, config, files) -> str:
    site: Site = _state["site"]
    key, lang = _key(page), _lang(config)
    if printview.lookup(key):
        claims.begin_page(page.file.src_uri, lang, {})
        return markdown  # filled in after the build (scripts/build/printview.py)
    generated = archive.lookup(site, lang, key)
    if generated:
        kind, version = generated
        # An archived state's citations number against its own sources.
        claims.begin_page(page.file.src_uri, version.lang, version.page.meta if kind == "archive" else {})
        return markdown  # an archived state is shown as it was
    source = site.page(lang, key)
    meta = source.meta
    # Markers render in the language of the text (a fallback copy's is Swedish).
    claims.begin_page(page.file.src_uri, source.lang, meta)
    generator = meta.get("generate")
    if generator:
        with profiling.step(f"generated content: {generator}"):
            markdown = generators.place(markdown, generators.render(generator, site, key, lang))
    # Material shows page.meta.status as a nav icon of its own; our status is
    # shown in words by the facts box, so hide it from the theme.
    page.meta.pop("status", None)
    abbreviations = listings.abbreviations(lang)
    if abbreviations:
        markdown = markdown.rstrip() + "\n\n" + abbreviations + "\n"
    return markdown


def on_page_content(html: str, page, config, files) -> str:
    # Only the HTML the guidance needs (scripts/checks/htmlpolicy.py): checked on what
    # Markdown made of the page, raw HTML, attribute lists and links alike.
    from scripts.checks import htmlpolicy
    site: Site = _state["site"]
    generated = archive.lookup(site, _lang(config), _key(page))
    source = generated[1].page if generated else site.page(_lang(config), _key(page))
    if source is None:  # a page our site does not know: its own Markdown
        rel, body, body_line = f"docs/{page.file.src_uri}", page.markdown or "", 1
    else:
        rel, body, body_line = source.rel, source.body, source.body_line
    problems = htmlpolicy.check_html(html, rel, body, body_line)
    if generated:  # an earlier version, published in the archive: the line is that version's
        import dataclasses
        where = f"in version {generated[1].version} (from the git history, published in the archive): "
        problems = [dataclasses.replace(p, problem=where + p.problem) for p in problems]
    if problems:
        for p in problems:
            log.error(str(p))
        raise Abort(f"{len(problems)} problem(s) with HTML in {rel}; nothing was built. "
                    "python -m scripts check lists them too.")
    # Checked HTML: the one value the templates write as it is (on_env).
    return Markup(html)


def on_env(env, config, files):
    # Escape by default: every value a template writes (front matter, data
    # files, strings, Material's own templates: <title>, the menu, the header)
    # is HTML-escaped unless it is marked as HTML (markupsafe.Markup): the
    # page body above, the table of contents, our rendered partials.
    env.autoescape = True
    # Search in the page or in Pagefind's worker: one answer per language build.
    _state["search_worker"] = search.uses_worker(_state["site"], _lang(config))
    return env


@profiling.timed("page context (facts, history, links)")
def on_page_context(context, page, config, nav):
    site: Site = _state["site"]
    key, lang = _key(page), _lang(config)
    _mark_html(page)
    link_to = lambda target: page_url_to(page, target)  # noqa: E731
    generated = archive.lookup(site, lang, key)
    bib_url = page_url_to(page, lang_prefix(lang) + pages.key_to_url("kunskap/kallor.md"))
    print_section = printview.lookup(key)
    if print_section:
        for name in [name for name in page.meta if name.startswith("git_")]:
            del page.meta[name]
        kc = printview.page_context(print_section, lang)
        meta = {}
        _switch_language_of_generated(config, site, key, print_section.index_key)
    elif generated:
        kind, version = generated
        # An archived state is generated at build time, so the git-revision
        # plugin would date it with the build's own time under Material's
        # "last updated"; its banner gives the dates it was valid instead.
        for name in [name for name in page.meta if name.startswith("git_")]:
            del page.meta[name]
        kc = archive.page_context(site, kind, version, lang, link_to)
        meta = version.page.meta if kind == "archive" else {}
        _switch_language_of_generated(config, site, key, version.key)
    else:
        kc = facts.page_context(site, key, lang, config.site_url or "/")
        meta = site.page(lang, key).meta
        links = archive.history_links(site, lang, key, link_to)
        for row in kc["history"]:
            row.update(links.get(row["version"], {}))
        # A section's index page links to the section's print view.
        section = printview.of_index(key)
        if section:
            kc["print_url"] = link_to(lang_prefix(lang) + pages.key_to_url(section.print_key))
        # The quick exit and the page on hiding a visit (pages for people at risk).
        if kc.get("at_risk"):
            kc["quick_exit"] = {"url": config.extra.get("quick_exit_url"),
                                "hide_visit": link_to(lang_prefix(lang) + pages.key_to_url("dolj-ditt-besok.md"))}
    kc["sources"] = facts.sources(site, meta, lang, bib_url, claims.references(page.file.src_uri))
    # "Senast ändrad" is the newest change entry's date (facts.last_changed), in
    # kc from facts.meta_facts. The git-revision plugin's date of the last commit
    # would move with every typo fix (a minor change): the theme shows none.
    for name in [name for name in page.meta if name.startswith("git_revision_date")]:
        del page.meta[name]
    kc["feed_url"] = page_url_to(page, lang_prefix(lang) + "feed.xml")
    kc["search_worker"] = _state.get("search_worker", False)
    kc["links"] = {name: page_url_to(page, lang_prefix(lang) + pages.key_to_url(target)) for name, target in {
        "accessibility": "om/tillganglighet.md", "privacy": "om/personuppgifter-och-kakor.md",
        "about": "om/index.md", "home": "index.md",
    }.items()}
    # "Suggest a change" / "Report a problem" (scripts/editor/contribute.py); a page
    # without a source file in docs/ (a generated archive page) gets no edit link.
    from scripts.editor import contribute
    kc.update(contribute.page_links(config, page, lambda target: page_url_to(page, target), lang_prefix(lang)))
    if config.extra.get("offline"):
        from scripts.build import offline
        offline.page_context(kc)
    context["kc"] = kc
    return context


def _switch_language_of_generated(config, site: Site, key: str, belongs_to: str) -> None:
    """The language switcher of a generated page (a print view, an archived
    version, its changes). The i18n plugin sets it only for pages from docs/,
    so these kept the links of the last page built before them. Each language
    leads to the same generated page where that language has one, else to the
    page `belongs_to` (its current version, or the section of a print view)."""
    # The plugin assigns config.extra.alternate, an attribute beside the key
    # of the same name; the theme reads the attribute.
    alternates = getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []
    switched = []
    for alternate in alternates:
        other = alternate["lang"]
        same = archive.lookup(site, other, key) or printview.lookup(key)
        switched.append({**alternate, "link": lang_prefix(other) + pages.key_to_url(key if same else belongs_to)})
    config.extra.alternate = switched


def _mark_html(page) -> None:
    """With autoescape on (on_env), the few values that are HTML by design are
    marked so: the git-revision plugin's dates (<span> elements it renders from
    a commit date), the table of contents, whose titles MkDocs keeps as
    HTML (they are reduced to their text, then escaped), and the body once
    more (below)."""
    for name, value in page.meta.items():
        if name.startswith("git_revision_date_localized") and isinstance(value, str):
            page.meta[name] = Markup(value)
    # The body was checked and marked in on_page_content; a plugin that
    # rewrites it before the templates run (Material's search plugin strips its
    # data-search-* attributes with re.sub) hands back a plain string, which
    # autoescape would print as markup. Hooks run after the configured plugins.
    if isinstance(page.content, str) and not isinstance(page.content, Markup):
        page.content = Markup(page.content)

    def titles(items):
        for item in items:
            item.title = Markup.escape(Markup(item.title).striptags())
            titles(item.children)
    titles(page.toc or [])


def page_url_to(page, target: str) -> str:
    """A relative link from `page` to `target`, an address from the site root
    (lang_prefix + pages.key_to_url(key), so it follows use_directory_urls).

    page.url includes the language folder (en/...) in every language build."""
    return ("../" * page.url.count("/") + target) or "./"


def on_template_context(context, template_name, config):
    # The 404 page and sitemap templates get the UI strings of their language too.
    kc = context.setdefault("kc", {"lang": _lang(config), "ui": data.strings(_lang(config))})
    if template_name == "404.html" and "links" not in kc:
        # The footer's links (accessibility statement, privacy) belong on every
        # page. A 404 page is served at any address, so they are absolute here:
        # base_url is the site's root path on the 404 page.
        root = (context.get("base_url") or "").rstrip("/") + "/" + lang_prefix(_lang(config))
        kc["links"] = {name: root + target for name, target in {
            "accessibility": "om/tillganglighet/", "privacy": "om/personuppgifter-och-kakor/",
            "about": "om/", "home": "",
        }.items()}
    return context


@event_priority(-110)  # the page as it is written, after every plugin
def on_post_page(output: str, page, config) -> str:
    # What Pagefind will read of this page, kept now rather than read back
    # from the finished site (scripts/build/search.py).
    output = pageweight.compact(output)
    search.add_copy(config.site_dir, _lang(config), page.file.dest_uri, output)
    return output


def on_post_template(output: str, template_name: str, config) -> str:
    # Each language build renders 404.html into the same root file; keep both
    # so the finished site gets /404.html in Swedish and /en/404.html in English.
    if template_name == "404.html":
        _state.setdefault("404", {})[_lang(config)] = output
    return output


def _results_for_parent(lang: str) -> dict:
    """What a forked language build hands back: its 404 page."""
    return {"404": {lang: _state.get("404", {}).get(lang)}}


@event_priority(-110)  # after the i18n plugin has run (or skipped) its language builds
def on_post_build(config) -> None:
    if parallel.has_children():
        with profiling.step("waiting for the other language builds"):
            results = parallel.wait_for_other_languages()
        for result in results:
            _state.setdefault("404", {}).update({k: v for k, v in result.get("404", {}).items() if v})
            profiling.merge(result.get("profile", {}), result.get("maxrss_kb", 0))
    elif _nested(config):
        profiling.stop(OTHER_BUILD)
        return
    site: Site = _state["site"]
    from scripts.build import changes
    try:
        postbuild.finish(site, Path(config.site_dir), config.site_url or "/", _state.pop("404", {}))
    except (changes.UnsafeRedirect, headers.NotAllowed) as exc:
        log.error(str(exc))
        raise Abort("The finished site failed a safety check; the previous site is unchanged.") from None
    except pagefind_release.ReleaseError as exc:
        log.error(str(exc))
        raise Abort("The search index could not be built; the previous site is unchanged.") from None
    profiling.stop("whole build, after configuration")
    profiling.report()  # KC_PROFILE=1 only (make bench)


def on_build_error(error) -> None:
    # A failed build stops the language builds it forked and drops its search
    # copies; a forked build that fails leaves both to its parent.
    if parallel.in_child():
        return
    parallel.stop_other_languages()
    search.discard_copies()
