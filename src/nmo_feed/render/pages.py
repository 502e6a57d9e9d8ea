"""The pages' Jinja environment: templates (the show's own first, then the defaults), the
assets beside them, and rendering a page's context into bytes. The only module that imports
Jinja2.

Pages are rendered in memory and returned as bytes keyed by their path under ``out/``; the
build writes them. A template error is a located diagnostic, ``templates/NAME:LINE``.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path, PurePosixPath

import jinja2

from .. import layout
from ..errors import SourceError, SourceLocation
from ..load.discover import default_templates_dir
from ..model import Episode, Project
from . import (
    common,
    embed,
    episode_page,
    jsonld,
    locale,
    opml,
    search_page,
    sitemap,
    theme,
    topics,
    wording,
)


def _template_dirs(show_templates: Path | None) -> list[Path]:
    dirs = [default_templates_dir()]
    if show_templates is not None:
        dirs.insert(0, show_templates)
    return dirs


class _Compiled(jinja2.FileSystemBytecodeCache):
    """Compiled templates, kept in the build cache; a write that fails (a full disk) names
    the folder, so the build's error says which folder could not be written."""

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            if exc.filename is None:
                exc.filename = self.directory
            raise


def _environment(show_templates: Path | None, compiled: Path | None = None) -> jinja2.Environment:
    loaders: list[jinja2.BaseLoader] = [
        jinja2.FileSystemLoader(str(d)) for d in _template_dirs(show_templates)
    ]
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
    env = jinja2.Environment(
        bytecode_cache=_Compiled(str(compiled)) if compiled else None,
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        # Editing a template in the middle of a build is not useful (MkDocs does the same).
        auto_reload=False,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The templates' _() and ngettext() speak the language of the page being rendered
    # (locale.speaking); new-style gettext escapes the values put into a message.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        locale.gettext, locale.ngettext, newstyle=True
    )
    env.filters["long_date"] = wording.long_date
    env.filters["duration_words"] = wording.duration_words
    env.filters["number"] = wording.number
    env.filters["iso_duration"] = common.iso_duration
    return env


def _render(env: jinja2.Environment, name: str, context: Mapping[str, object]) -> bytes:
    """Render one template; a template error is a ``SourceError`` (code ``template-error``) at the
    template's line."""
    try:
        return env.get_template(name).render(context).encode("utf-8")
    except jinja2.TemplateError as error:
        message, where = _template_error(error, name)
        raise SourceError(message, where, code="template-error") from error


def _template_error(error: jinja2.TemplateError, rendering: str) -> tuple[str, SourceLocation]:
    """What went wrong and where: ``templates/episode.html:12`` and ``'x' is undefined``,
    naming the template that failed (it may be a partial or base.html)."""
    name, line = rendering, None
    if isinstance(error, jinja2.TemplateSyntaxError):
        name, line = error.name or rendering, error.lineno
    else:
        # Jinja rewrites tracebacks so template frames carry the template's file and line;
        # the innermost one is where the error happened (it may be a partial or base.html).
        for frame in reversed(traceback.extract_tb(error.__traceback__)):
            if frame.filename.endswith(".html"):
                name, line = Path(frame.filename).name, frame.lineno
                break
    where = SourceLocation(PurePosixPath("templates", name), line)
    if isinstance(error, jinja2.TemplateNotFound):
        return f"template {error.name!r} not found", where
    return error.message or type(error).__name__, where


def _assets(show_templates: Path | None) -> dict[str, bytes]:
    """The default assets, with the show's assets of the same name in their place."""
    assets: dict[str, bytes] = {}
    for folder in reversed(_template_dirs(show_templates)):
        root = folder / "assets"
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not any(_is_package_file(p) for p in relative.parts):
                assets[relative.as_posix()] = path.read_bytes()
    return assets


def _is_package_file(part: str) -> bool:
    """Python packaging files and hidden files are not assets."""
    return part.startswith((".", "__")) or part.endswith(".pyc")


THEME_CSS = "theme.css"
"""The show's brand colours, made at build time; every page links it after site.css."""


class Renderer:
    """The pages of one show: its Jinja environment is made once and reused for every page.

    ``project.episodes`` are what the show page lists; for episode pages only the show and
    glossary are read, so a worker rendering one episode at a time passes none."""

    def __init__(
        self,
        project: Project,
        *,
        show_templates: Path | None,
        generator: str,
        compiled: Path | None = None,
    ) -> None:
        """``compiled`` is a folder (in the build cache) where Jinja keeps the templates it
        compiled, by their source's checksum, so a rebuild does not compile them again."""
        self.project = project
        self.show_templates = show_templates
        self.generator = generator
        self.env = _environment(show_templates, compiled)
        # Template links (the show's funding links) are checked as coming from show.toml.
        self.env.filters["checked_url"] = lambda url: common.checked_url(url, project.show.source)

    def episode_page(
        self,
        episode: Episode,
        notes_html: str,
        files: Mapping[PurePosixPath, bytes],
        related: Sequence[Episode],
    ) -> bytes:
        """The episode's transcript page; ``notes_html`` its rendered show notes, ``files``
        at least the episode's own outputs, ``related`` the episodes listed under "Related
        episodes"."""
        with locale.speaking(episode.language or self.project.show.language):
            context = episode_page.build_context(
                self.project, episode, notes_html, files, related, generator=self.generator
            )
            return _render(self.env, "episode.html", context)

    def embed_page(self, episode: Episode, files: Mapping[PurePosixPath, bytes]) -> bytes:
        """The episode's embed page (``render/embed.py``), for partners' sites to frame: in
        the episode's language, as its page is."""
        with locale.speaking(episode.language or self.project.show.language):
            player, transcript = episode_page.player_and_transcript(
                self.project, episode, files, layout.embed_page(episode)
            )
            context = embed.context(
                self.project, episode, player, transcript, generator=self.generator
            )
            return _render(self.env, "embed.html", context)

    def show_pages(self) -> dict[PurePosixPath, bytes]:
        """The show page, the glossary page, the topic pages, the search page, the sitemap,
        robots.txt, the theme's style sheet, the list of feeds (OPML) and the assets."""
        with locale.speaking(self.project.show.language):
            return self._show_pages()

    def _show_pages(self) -> dict[PurePosixPath, bytes]:
        project, generator = self.project, self.generator
        index = common.index_context(project, generator=generator)
        index["structured_data"] = jsonld.series(project.show)
        pages = {
            layout.SHOW_PAGE: _render(self.env, "index.html", index),
        }
        if project.glossary.terms:  # an empty glossary page would only be a dead end
            pages[layout.GLOSSARY_PAGE] = _render(
                self.env, "glossary.html", common.glossary_context(project, generator=generator)
            )
        if project.episodes and any(e.topics for e in project.episodes):
            pages[layout.TOPICS_INDEX] = _render(
                self.env, "topics.html", topics.index_context(project, generator=generator)
            )
            for path, context in topics.page_contexts(project, generator=generator).items():
                pages[path] = _render(self.env, "topic.html", context)
        pages[layout.SEARCH_PAGE] = _render(
            self.env, "search.html", search_page.context(project, generator=generator)
        )
        pages[layout.SITEMAP] = sitemap.sitemap(project)
        pages[layout.ROBOTS] = sitemap.robots(project.show)
        pages[layout.OPML] = opml.opml(project)
        # Before the show's own assets: a show's own theme.css replaces it, as any asset.
        pages[layout.asset(THEME_CSS)] = theme.stylesheet(project.show.theme)
        for name, data in sorted(_assets(self.show_templates).items()):
            pages[layout.asset(name)] = data
        return pages
