"""The default templates and assets that ship with nmo-feed (a data package)."""
