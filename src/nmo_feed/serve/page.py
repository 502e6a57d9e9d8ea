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
_DRAFT_NOTE = (
    f'<p role="note" style="{_BORDER};padding:0.5em 1em">'
    "<strong>Draft</strong>: this episode is not published. nmo-feed serve --drafts shows it;"
    " set draft: false in its episode.md to publish it.</p>"
).encode()
_DRAFT_LABEL = f' <span style="{_LABEL_STYLE}">Draft</span>'.encode()


def reload_script(generation: int) -> str:
    return _RELOAD.format(generation=generation, events=EVENTS)


def inject(
    html: bytes, page: PurePosixPath, generation: int, draft_pages: frozenset[PurePosixPath]
) -> bytes:
    """``html`` as served: the reload script before ``</body>``, and the draft labels."""
    if draft_pages:
        html = _label_drafts(html, page, draft_pages)
    script = reload_script(generation).encode()
    ends = list(_BODY_END.finditer(html))
    if not ends:
        return html + script
    at = ends[-1].start()
    return html[:at] + script + html[at:]


def _label_drafts(html: bytes, page: PurePosixPath, draft_pages: frozenset[PurePosixPath]) -> bytes:
    if page in draft_pages:
        html = _TITLE.sub(lambda m: m.group() + b"Draft: ", html, count=1)
        html = _MAIN.sub(lambda m: m.group() + _DRAFT_NOTE, html, count=1)
    folder = posixpath.dirname(str(page))

    def label(link: re.Match[bytes]) -> bytes:
        href = link.group(2).decode("utf-8", "replace")
        if re.match(r"^[a-z][a-z0-9+.-]*:|^/|^#", href, re.IGNORECASE):
            return link.group()
        target = posixpath.normpath(posixpath.join(folder, href.split("#")[0]))
        if href.endswith("/") or not posixpath.splitext(target)[1]:
            target = posixpath.join(target, "index.html")
        if PurePosixPath(target) not in draft_pages or link.group(3).endswith(_DRAFT_LABEL):
            return link.group()
        return link.group(1) + link.group(3) + _DRAFT_LABEL + link.group(4)

    return _LINK.sub(label, html)


_STYLE = """
body { font-family: system-ui, sans-serif; font-size: 1.125rem; line-height: 1.5;
       max-width: 60rem; margin: 0 auto; padding: 1rem; color: #111; background: #fff;
       overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 1rem; margin: 0; }
li { margin-bottom: 1rem; }
code { font-size: 1rem; }
"""


def _page(title: str, body: str, generation: int) -> bytes:
    return (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<main>\n{body}</main>\n{reload_script(generation)}</body>\n</html>\n"
    ).encode()


def diagnostics_page(
    source: str, items: Sequence[str], summary: str, errors: int, generation: int
) -> bytes:
    """The page served instead of the site while the show has errors: each diagnostic as
    the terminal prints it (``path:line:col: error[code]: message``, the source line, the
    help), in a list, so that a screen reader can go from one to the next."""
    what = f"{errors} error{'s' if errors != 1 else ''}" if errors else "a problem"
    entries = "".join(f"<li><pre>{escape(item)}</pre></li>\n" for item in items)
    body = (
        f"<h1>The show has {what}</h1>\n"
        f"<p>The preview of <code>{escape(source)}</code> shows the site again when the show"
        " builds. Fix what is listed here and save: this page reloads by itself after the"
        " next build.</p>\n"
        f"<ol>\n{entries}</ol>\n"
        f"<p>{escape(summary)}</p>\n"
    )
    return _page(f"{what[0].upper()}{what[1:]} in the show – nmo-feed preview", body, generation)


def not_found_page(path: str, generation: int) -> bytes:
    body = (
        "<h1>Not found</h1>\n"
        f"<p>The site has no page at <code>{escape(path)}</code>."
        ' <a href="/">Go to the show page</a>.</p>\n'
    )
    return _page("Not found – nmo-feed preview", body, generation)
