"""Facts about the navigation that the menu template needs on every page,
worked out once per build instead of once per page.

Material's partials/nav-item.html finds a section's index page by looping
over all the section's children, for every section, on every page: with
navigation.indexes that is (sections × children) template steps per page,
and the loop's whitespace alone added about 30 KB to each page of a large
site (make bench). Our copy of the template (overrides/partials/nav-item.html)
reads `section.kc_index` instead, set here from the same rule: the first
child that is an index page.
"""
from __future__ import annotations


def mark_section_indexes(items) -> None:
    """Set `kc_index` on every section in `items` (recursively): its first
    child page named index, or None."""
    for item in items:
        children = getattr(item, "children", None)
        if not children:
            continue
        item.kc_index = next((child for child in children if getattr(child, "is_index", False)), None)
        mark_section_indexes(children)
