"""What the preview server adds to pages as it serves them, and the pages of its own.

Added to every HTML response (and never to the build folder): a small script that listens
to the server's events and reloads the page after a rebuild; with ``--drafts``, a visible
"Draft" label on each draft's page, in its title and on every link to it. The server's own
pages, the list of diagnostics when the show has errors and "Not found", are whole
accessible pages: a language, a title, one ``h1``, a list.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from html import escape
from pathlib import PurePosixPath

from ..render import locale

EVENTS = "/_nmo-feed/events"
"""The server-sent events stream; no file of a built site can have this path, since no
folder of a site starts with an underscore."""

_RELOAD = """<script>
/* Added by nmo-feed serve, not part of the site: reloads the page after each rebuild. */
(function () {{
  var built = "{generation}";
  var events = new EventSource("{events}");
  events.addEventListener("build", function (event) {{
    if (event.data !== built) {{ window.location.reload(); }}
  }});
}})();
</script>
"""
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_MAIN = re.compile(rb"<main\b[^>]*>", re.IGNORECASE)
_TITLE = re.compile(rb"<title>", re.IGNORECASE)
_LINK = re.compile(rb'(<a\b[^>]*?\bhref="([^"]*)"[^>]*>)(.*?)(</a\s*>)', re.IGNORECASE | re.DOTALL)
# currentColor keeps the site's own text colour (and its contrast) in any theme.
_BORDER = "border:0.2em solid currentColor;font-weight:bold"
_LABEL_STYLE = f"{_BORDER};padding:0.1em 0.3em"


def _draft_note(language: str) -> bytes:
    _ = locale.for_language(language).gettext
    note = _(
        "<strong>Draft</strong>: this episode is not published. nmo-feed serve --drafts shows"
        " it; set draft: false in its episode.md to publish it."
    )
    return f'<p role="note" style="{_BORDER};padding:0.5em 1em">{note}</p>'.encode()


def _draft_label(language: str) -> bytes:
    _ = locale.for_language(language).gettext
    label = escape(_("Draft"))
    return f' <span style="{_LABEL_STYLE}">{label}</span>'.encode()


def reload_script(generation: int) -> str:
    return _RELOAD.format(generation=generation, events=EVENTS)


def inject(
    html: bytes,
    page: PurePosixPath,
    generation: int,
    draft_pages: frozenset[PurePosixPath],
    language: str = locale.SOURCE_LANGUAGE,
) -> bytes:
    """``html`` as served: the reload script before ``</body>``, and the draft labels (in
    the show's ``language``)."""
    if draft_pages:
        html = _label_drafts(html, page, draft_pages, language)
    script = reload_script(generation).encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + script
    at = ends[-1].start()
    return html[:at] + script + html[at:]


def _label_drafts(
    html: bytes, page: PurePosixPath, draft_pages: frozenset[PurePosixPath], language: str
) -> bytes:
    _ = locale.for_language(language).gettext
    draft_label = _draft_label(language)
    if page in draft_pages:
        title = escape(_("Draft:") + " ").encode()
        html = _TITLE.sub(lambda m: m.group() + title, html, count=1)
        html = _MAIN.sub(lambda m: m.group() + _draft_note(language), html, count=1)
    folder = posixpath.dirname(str(page))

    def label(link: re.Match[bytes]) -> bytes:
        href = link.group(2).decode("utf-8", "replace")
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", href, re.IGNORECASE):
            return link.group()
        target = posixpath.normpath(posixpath.join(folder, href.split("#")[0]))
        if href.endswith("/") or not posixpath.splitext(target)[1]:
            target = posixpath.join(target, "index.html")
        if PurePosixPath(target) not in draft_pages or link.group(3).endswith(draft_label):
            return link.group()
        return link.group(1) + link.group(3) + draft_label + link.group(4)

    return _LINK.sub(label, html)


_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 1.125rem; line-height: 1.5;
       max-width: 60rem; margin: 0 auto; padding: 1rem; color: #111; background: #fff;
       overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; margin: 0; }
li { margin-bottom: 1rem; }
code { font-size: 1rem; }
"""


def _page(title: str, body: str, generation: int, language: str) -> bytes:
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<main>\n{body}</main>\n{reload_script(generation)}</body>\n</html>\n"
    ).encode()


def diagnostics_page(
    source: str,
    items: Sequence[str],
    summary: str,
    errors: int,
    generation: int,
    language: str = locale.SOURCE_LANGUAGE,
) -> bytes:
    """The page served instead of the site while the show has errors: each diagnostic as
    the terminal prints it (``path:line:col: error[code]: message``, the source line, the
    help), in a list, so that a screen reader can go from one to the next. The page's own
    words are in the show's ``language``; the diagnostics are as the terminal prints them."""
    speech = locale.for_language(language)
    _ = speech.gettext
    if errors:
        heading = speech.ngettext(
            "The show has %(n)s error", "The show has %(n)s errors", errors
        ) % {"n": errors}
        title = speech.ngettext(
            "%(n)s error in the show – nmo-feed preview",
            "%(n)s errors in the show – nmo-feed preview",
            errors,
        ) % {"n": errors}
    else:
        heading = _("The show has a problem")
        title = _("A problem in the show – nmo-feed preview")
    entries = "".join(f"<li><pre>{escape(item)}</pre></li>\n" for item in items)
    explained = _(
        "The preview of %(folder)s shows the site again when the show builds. Fix what is"
        " listed here and save: this page reloads by itself after the next build."
    ) % {"folder": f"<code>{escape(source)}</code>"}
    body = (
        f"<h1>{escape(heading)}</h1>\n"
        f"<p>{explained}</p>\n"
        f"<ol>\n{entries}</ol>\n"
        f"<p>{escape(summary)}</p>\n"
    )
    return _page(title, body, generation, language)


def not_found_page(path: str, generation: int, language: str = locale.SOURCE_LANGUAGE) -> bytes:
    _ = locale.for_language(language).gettext
    missing = _("The site has no page at %(path)s.") % {"path": f"<code>{escape(path)}</code>"}
    heading, back = escape(_("Not found")), escape(_("Go to the show page"))
    body = f'<h1>{heading}</h1>\n<p>{missing} <a href="/">{back}</a>.</p>\n'
    return _page(_("Not found – nmo-feed preview"), body, generation, language)
