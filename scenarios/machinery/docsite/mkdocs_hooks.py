"""mkdocs hooks (listed in mkdocs.yml): the scenario nav from the registry, each page's title and
description, the 404 page and the sitemap, and regeneration while serving.

The Scenarios section of the nav is filled from `registry.names()`, so a new scenario appears in the
nav without editing mkdocs.yml. Each page's <title> and meta description come from the declarations
(reach.py); a scenario page whose title names an error its run did not print fails the build. While
`python -m scenarios.machinery.docsite serve` runs, every rebuild first re-runs generate(): an edited
page notebook or scenario file is re-executed (only that page) and the browser reloads.
"""

from __future__ import annotations

import html
import logging
import os
import re
from pathlib import Path

from scenarios.machinery import registry
from scenarios.machinery.docsite import reach

log = logging.getLogger("mkdocs.plugins.scenarios")
PLACEHOLDER = "Scenarios"
_PAGES: dict[str, tuple] = {}  # source path -> (scenario or None, title, description)
# Troubleshooting holds every message a run printed, each under a heading of its own: a pasted error
# should land there or on its scenario's page, not on a page whose title shares "input" or "layer".
SEARCH_BOOST = {"generated/troubleshooting.md": 2.0}


def on_config(config):
    for item in config["nav"] or []:
        if isinstance(item, dict) and PLACEHOLDER in item:
            # The short name ("Input shape mismatch"), the page's own title says the rest.
            item[PLACEHOLDER] = [
                {reach.short_name(scenario): f"generated/{scenario.name}.md"} for scenario in registry.all_scenarios()
            ]
    from scenarios.machinery.exercises import catalog

    scenarios = registry.all_scenarios()
    _PAGES.clear()
    for scenario in scenarios:
        _PAGES[f"generated/{scenario.name}.md"] = (scenario, reach.title(scenario), reach.description(scenario))
    for source, meta in reach.other_pages(scenarios, catalog.EXERCISES).items():
        _PAGES[source] = (None, meta["title"], meta["description"])
    return config


def on_pre_build(config):
    if os.environ.get("DOCSITE_SERVING"):
        from scenarios.machinery.docsite import build

        build.generate(say=log.info)


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri in SEARCH_BOOST:
        page.meta.setdefault("search", {})["boost"] = SEARCH_BOOST[page.file.src_uri]
    found = _PAGES.get(page.file.src_uri)
    if not found:
        # A page no declaration describes (the home page keeps the site's own description).
        described = None if page.is_homepage else reach.first_paragraph(markdown)
        if described:
            page.meta["description"] = html.escape(described, quote=True)
        return markdown
    scenario, title, description = found
    if scenario is not None:
        missing = reach.missing_from(scenario, markdown)
        if missing:  # a warning fails `mkdocs build --strict`
            log.warning(f"{page.file.src_uri}: its title names {missing!r}, which its run did not print on the page")
    page.meta["seo_title"] = title
    page.meta["seo_description"] = description
    # Material writes page.meta.description into the tag unescaped; messages carry quotes and <class ...>.
    page.meta["description"] = html.escape(description, quote=True)
    return markdown


_PRE = re.compile(r"<pre\b.*?</pre>", re.S)
# Inline code, and the file name over a code block ("scenarios/shape_mismatch/serve_broken.py").
_INLINE_CODE = re.compile(r"(<code\b[^>]*>)(.*?)(</code>)|(<span class=\"filename\">)([^<]*)(</span>)", re.S)
# Where a long name may break: after a dot, underscore, slash or ">" ("scenarios>Standardize"), before
# a backslash escape ("\x00") - never between two letters or digits.
_NAME_BREAK = re.compile(r"(<[^>]*>|&\w+;|&#\w+;)|(?<=[._/])(?=\w)|(?<=&gt;)(?=\w)|(?=\\\w)")


def _breakable(code: str) -> str:
    # "<wbr/>", self-closed: a parser that knows no void elements (Python's HTMLParser) still sees
    # it end, so the tags around it stay balanced for whoever reads the built pages.
    return _NAME_BREAK.sub(lambda match: match.group(1) or "<wbr/>", code)


def _with_joints(text: str) -> str:
    def joints(match):
        start, inside, end = match.groups()[:3] if match.group(1) else match.groups()[3:]
        return start + _breakable(inside) + end

    return _INLINE_CODE.sub(joints, text)


def on_page_content(html_text, page, config, files):
    """Names may break only at their joints: Material's `word-break: break-word` split
    "model_lfs_pointer.keras" anywhere, and without it long names widen tables past their column and
    a code block's file name past a phone's screen. Code blocks (<pre>) are left as they are."""
    parts, last = [], 0
    for block in _PRE.finditer(html_text):
        parts += [_with_joints(html_text[last:block.start()]), block.group(0)]
        last = block.end()
    return "".join(parts + [_with_joints(html_text[last:])])


def on_template_context(context, template_name, config):
    if template_name == "404.html":
        # mkdocs gives the error page root-absolute links ("/assets/..."), dead from disk and under a
        # sub-path; relative ones work from disk, and docs/overrides/404.html roots them when served.
        context["base_url"] = "."
        context["site_root_path"] = reach.site_root_path(config.site_url) if config.site_url else None
    return context


def on_post_build(config):
    site = Path(config.site_dir)
    if not config.site_url:
        # Without the address it is published at, a sitemap can only list no pages.
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            (site / name).unlink(missing_ok=True)
        return
    if reach.site_root_path(config.site_url) == "/":  # crawlers read robots.txt at a host's root only
        (site / "robots.txt").write_text(f"User-agent: *\nAllow: /\nSitemap: {config.site_url.rstrip('/')}/sitemap.xml\n")
