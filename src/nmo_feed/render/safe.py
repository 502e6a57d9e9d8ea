"""Trusted HTML: the one module that imports markupsafe (Jinja's own string type).

Everything the pages are built from is escaped here or by Jinja's autoescaping; a ``Markup``
is text the renderers made safe themselves (marked glossary terms, sanitised notes), which
Jinja inserts as it is.
"""

from __future__ import annotations

from markupsafe import Markup

__all__ = ["Markup"]
