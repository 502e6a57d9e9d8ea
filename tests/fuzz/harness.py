"""Coverage-guided fuzzing of every reader with atheris (issue 15).

    python tests/fuzz/harness.py TARGET --seed CORPUS_DIR
    python tests/fuzz/harness.py TARGET CORPUS_DIR [libFuzzer flags ...]

TARGET is one of ``fuzz_targets.TARGETS``. The corpus folder is seeded with the repository's
own inputs of that kind (the NMO show, the golden shows, the broken shows); libFuzzer adds the
inputs that reach new code to it. The property checked on every input: the reader returns a
valid model, or records at least one error, and every diagnostic names its file; it never
raises. A hang is caught by libFuzzer's ``-timeout`` and unbounded memory by
``-rss_limit_mb``; an exception or a broken property is a crash, saved as ``crash-*`` for a
regression test (``tests/fuzz/test_fuzz.py`` replays the ones found so far).

``make fuzz`` runs each target for ``FUZZ_SECONDS``; ``make test`` runs a short burst of each
(``test_fuzz.py``). A 60-second run of each on the 2-core development machine executed
front-matter 7,998 inputs, show-toml 24,198, glossary-toml 14,420, markdown 32,844, plain
27,903, vtt 65,016, srt 62,718, json-transcript 126,653 and chapters-json 78,821 (peak
62 MB), and found nothing new; the first runs found the crashes in ``crashes/``.
The targets themselves are in ``fuzz_targets.py``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for support.py
with atheris.instrument_imports(include=["nmo_feed"]):
    import fuzz_targets as targets


def main() -> None:
    """``harness.py TARGET --seed DIR`` fills DIR with the seeds and stops; otherwise the
    arguments after TARGET go to libFuzzer (corpus folders, crash files to replay, flags)."""
    target, rest = sys.argv[1], sys.argv[2:]
    harness, patterns = targets.TARGETS[target]
    if rest[:1] == ["--seed"]:
        sys.stdout.write(f"{targets.seed(Path(rest[1]), patterns)} seeds\n")
        return
    atheris.Setup([sys.argv[0], *rest], harness)
    try:
        atheris.Fuzz()
    finally:
        targets.cleanup()


if __name__ == "__main__":
    main()
