"""Render: the model into the bytes of every output (pages, feed, notes, chapters)."""
