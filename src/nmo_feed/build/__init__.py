"""Build: the incremental, parallel build that renders a show into out/
(passes, tasks, workers, cache, output, verify)."""
