"""nmo-feed: an accessible podcast publisher."""

__version__ = "0.1.0"
