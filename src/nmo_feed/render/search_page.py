"""The search page: a form on Pagefind's JavaScript API (``assets/search.js``) over the
search index (``search_index``), and, for readers without JavaScript, an A to Z of every
episode's question and every glossary term, made at build time."""

from __future__ import annotations

from .. import layout
from ..model import Project
from . import alphabet, common, search_index, wording
from .views import IndexEntry, SearchPageContext

SHOWN = 20
"""Results listed for a search (``search.js`` fetches their records one by one)."""


def context(project: Project, *, generator: str) -> SearchPageContext:
    page = layout.SEARCH_PAGE
    entries = [
        IndexEntry(episode.title, layout.href(layout.episode_page(episode), page), glossary=False)
        for episode in project.episodes
    ]
    glossary = layout.href(layout.GLOSSARY_PAGE, page)
    for term in project.glossary.terms:
        text = f"{term.term} ({term.expansion})" if term.expansion else term.term
        entries.append(IndexEntry(text, f"{glossary}#gl-{term.id}", glossary=True))
    shards = search_index.shards(episode.folder.name for episode in project.episodes)
    return SearchPageContext(
        **common.page_context(
            project, page, "search", generator=generator, subject=wording.gettext("Search")
        ),
        entries=tuple(sorted(entries, key=lambda e: alphabet.sort_key(e.text))),
        # Folders, as Pagefind wants its base paths: with the trailing slash.
        runtime_href=layout.href(layout.SEARCH_RUNTIME, page) + "/",
        shard_hrefs=tuple(layout.href(layout.search_shard(name), page) + "/" for name in shards),
        counts=wording.result_counts(),
        shown=SHOWN,
        listed=wording.results_listed(SHOWN),
    )
