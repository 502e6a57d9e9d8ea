"""Run the W3C Feed Validation Service's ``validate.py`` with the network shut.

    python feedvalidator_offline.py path/to/validate.py FEED...

The validator can reach out: ``validateURL`` fetches a feed (never called here), and an e-mail
address that its strict pattern refuses but its loose one accepts is looked up in DNS
(``validators.addr_spec``), which would make a result depend on the network. Every connection
and name lookup here fails instead, and is written to stderr as a line starting ``network:``,
so the test can insist there was none. Everything else is validate.py's own output.
"""

from __future__ import annotations

import runpy
import socket
import sys
from typing import Any, NoReturn


def _refuse(name: str) -> Any:
    def refuse(*args: object, **kwargs: object) -> NoReturn:
        sys.stderr.write(f"network: {name}{args[1:] if name.startswith('connect') else args}\n")
        raise OSError(f"{name}: the feed validator runs offline")

    return refuse


# Methods of the socket class rather than the class itself: ssl subclasses socket.socket.
for _name in ("connect", "connect_ex"):
    setattr(socket.socket, _name, _refuse(_name))
for _name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex"):
    setattr(socket, _name, _refuse(_name))

if __name__ == "__main__":
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
