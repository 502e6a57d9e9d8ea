"""Build: the incremental, parallel build that renders a show into ``out/``.

``run`` is the entry (``build``, ``check``, ``load_project``); ``passes`` the steps of one
build; ``tasks`` an episode's share of it, run by ``workers``; ``cache`` what the last build
read and wrote; ``output`` the atomic writes; ``feedfile`` the feed from stored items;
``verify`` the checks of the output as apps will read it; ``progress`` the terminal line.
"""

from .result import GENERATOR, Options, Result
from .run import build, check, load_project

__all__ = ["GENERATOR", "Options", "Result", "build", "check", "load_project"]
