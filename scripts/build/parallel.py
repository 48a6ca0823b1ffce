"""Build the other languages in forked processes, beside the default one.

mkdocs-static-i18n builds the English site inside the Swedish build, after it
(its on_post_build calls mkdocs' build() once per further language), so one
core renders every page of both languages while the second core idles.

Here the default-language build forks once it has cleaned the site folder
(our on_files hook): each child runs the build of one further language
exactly as the i18n plugin's loop would (same configuration object, same
plugin state, the site folder left uncleaned), writes what the parent needs
from it to a small JSON file, and exits. The parent tells the plugin that
those languages are done, renders its own pages, and waits for the children
before the post-build steps, which need every language (scripts/build/postbuild.py).

Both processes write into one site folder, into different language folders;
the few files both write (the theme's assets, identical bytes, and the root
404 page and sitemap, which the post-build step writes again) end the same.

KC_PARALLEL=false, a system without fork(), or a plugin that needs the i18n
plugin's loop (LOOP_AWARE_PLUGINS) keeps the plugin's own one-after-the-other
builds.
"""
from __future__ import annotations

import json
import logging
import os
import signal
import sys
import tempfile
import time
import traceback
from typing import Callable

from mkdocs.exceptions import Abort

from . import profiling

log = logging.getLogger("mkdocs.plugins.kunskapscentrum")

# Plugins that the i18n plugin's own loop serves between its language builds
# (it merges Material's search index, it runs with-pdf per language): with any
# of them the languages are built one after the other, as the plugin does.
LOOP_AWARE_PLUGINS = ("search", "material/search", "with-pdf")

# (locale, process id, path of its result file) for the children of this build.
_children: list[tuple[str, int, str]] = []
_plugin = None       # the i18n plugin whose loop the children replace
_in_child = False    # True inside a forked language build


def enabled() -> bool:
    return hasattr(os, "fork") and os.environ.get("KC_PARALLEL", "").lower() not in ("0", "false", "no")


def in_child() -> bool:
    """True in a forked language build, which must leave shared things (the
    site folder, the search copies) to the parent."""
    return _in_child


def has_children() -> bool:
    """True while this build has forked language builds it has not waited for."""
    return bool(_children)


def dirty_build() -> bool:
    """mkdocs serve --dirty renders only the pages that changed (the i18n
    plugin reads the same flags)."""
    return "--dirty" in sys.argv or "--dirtyreload" in sys.argv


def fork_other_languages(config, results: Callable[[str], dict]) -> list[str]:
    """Start one child per further language; returns their locales.

    `results(locale)` runs in the child after its build and returns what the
    parent should get (JSON-serialisable)."""
    global _plugin
    plugin = config.plugins.get("i18n")
    if plugin is None or plugin.building or not enabled():
        return []
    if any(name in config.plugins for name in LOOP_AWARE_PLUGINS):
        return []
    others = [locale for locale in plugin.build_languages if locale != plugin.current_language]
    for locale in others:
        fd, path = tempfile.mkstemp(prefix=f"kc-build-{locale}-", suffix=".json")
        os.close(fd)
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            _run_child(config, plugin, locale, path, results)  # never returns
        _children.append((locale, pid, path))
    # The plugin's on_post_build would otherwise build them again in this
    # process; it skips its loop while it believes it is building.
    if others:
        plugin.building = True
        _plugin = plugin
    return others


def _run_child(config, plugin, locale: str, path: str, results: Callable[[str], dict]) -> None:
    """The body of a child: one language build, its results to `path`, exit."""
    status, payload = 1, {}
    started = time.perf_counter()
    global _in_child, _plugin
    try:
        _in_child = True
        _children.clear()  # the parent's other children are not ours to wait for or stop
        _plugin = None
        profiling.forget()  # the parent reports its own steps
        from mkdocs import utils
        from mkdocs.commands.build import build
        from mkdocs_static_i18n.utils import I18nLoggingFilter
        # As in the plugin's loop: keep the parent's files, quieten MkDocs'
        # "Documentation built" lines, build with this language's settings.
        utils.clean_directory = lambda path: path
        quiet = I18nLoggingFilter()
        quiet.filtered_prefixes.update({"Documentation built in", "Building documentation to directory"})
        logging.getLogger("mkdocs.commands.build").addFilter(quiet)
        plugin.building = True
        plugin.current_language = locale
        build(config, dirty=dirty_build())
        payload = {**results(locale), "profile": profiling.snapshot(), "maxrss_kb": profiling.maxrss_kb()}
        status = 0
    except Abort as exc:
        log.error(f"The '{locale}' build stopped: {exc}")
    except BaseException:  # noqa: BLE001 - a child must always reach os._exit
        traceback.print_exc()
    finally:
        try:
            payload["seconds"] = time.perf_counter() - started
            with open(path, "w", encoding="utf-8") as out:
                json.dump(payload, out)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(status)


def wait_for_other_languages() -> list[dict]:
    """Wait for every child of this build; their results, or Abort if one failed."""
    failed, collected = [], []
    while _children:
        locale, pid, path = _children.pop(0)
        _, status = os.waitpid(pid, 0)
        try:
            with open(path, encoding="utf-8") as src:
                collected.append({"locale": locale, **json.load(src)})
        except (OSError, ValueError):
            collected.append({"locale": locale})
        finally:
            _unlink(path)
        if os.waitstatus_to_exitcode(status) != 0:
            failed.append(locale)
    _release_plugin()
    if failed:
        raise Abort(f"The build of {', '.join(failed)} failed (see the messages above); nothing was built.")
    return collected


def stop_other_languages() -> None:
    """The default-language build failed: stop the children and reap them, so
    none writes into a site folder that is about to be thrown away."""
    while _children:
        _, pid, path = _children.pop(0)
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        _unlink(path)
    _release_plugin()


def _release_plugin() -> None:
    # Under mkdocs serve the same plugin object runs the next build.
    global _plugin
    if _plugin is not None:
        _plugin.building = False
    _plugin = None


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
