"""Load: read a show folder into the model (discover, sources, fields, show, episode, media ...)."""
