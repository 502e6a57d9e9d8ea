"""``python -m nmo_feed``."""

from .cli import main

main()
