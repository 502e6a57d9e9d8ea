"""The W3C Feed Validation Service on every built feed (FEED_SITES in support.py: the NMO show,
the wrapped show and every golden fixture show): no errors, and no warnings but the ones
listed below with their reasons.

The validator is on neither PyPI nor Debian; its code is kept in ``../shared/tools/
feedvalidator`` beside the repository (CI clones the two side by side). It runs as its README
says, ``python validate.py FEED...``, with this Python (the test extra installs its one
dependency, html5lib), through ``feedvalidator_offline.py``, which shuts the network so that
no result depends on it. Where the folder is missing the tests are skipped, saying so; with
``CI`` set such a skip fails the run (the ``ci_required`` marker, tests/conftest.py).
``NMO_FEEDVALIDATOR`` names another folder (the test of that rule uses it).
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from support import FEED_SITES, BuiltFeed

REPO = Path(__file__).resolve().parents[2]
VALIDATOR = Path(os.environ.get("NMO_FEEDVALIDATOR") or REPO.parent / "shared/tools/feedvalidator")
OFFLINE = Path(__file__).with_name("feedvalidator_offline.py")

pytestmark = pytest.mark.ci_required

# Warnings we keep, by (site, message class), with the reason.
ACCEPTED = {
    ("full", "CharacterData"): (
        "the full show's titles hold '<Show>' and '<loss>' on purpose, to prove they are "
        "escaped; lxml writes them as &lt;, which every XML parser reads exactly as the RSS "
        "Profile's &#x3C; (the warning is its advice for plain text that looks like HTML)"
    ),
    ("full", "ContainsHTML"): (
        "a guest of the full show is named 'Sam <b>Bold</b>' on purpose, to prove names are "
        "escaped: the item's itunes:author holds that name as text, and a name is never changed"
    ),
}

# One message of validate.py: "PATH:LINE:COLUMN: KIND: Class {parameters}".
MESSAGE = re.compile(
    r"^(?P<path>.+):(?P<line>\w+|\?):(?P<column>\w+|\?): "
    r"(?P<kind>error|warning|info|other): (?P<cls>\w+) (?P<params>\{.*\})$"
)


@pytest.fixture(scope="module")
def validate_py() -> Path:
    """validate.py of the W3C Feed Validation Service, or a skip saying where it was sought."""
    script = VALIDATOR / "validate.py"
    if not script.is_file():
        pytest.skip(
            f"the W3C Feed Validation Service is not at {VALIDATOR} (../shared/tools/"
            "feedvalidator beside the repository, as CI has it): feeds not validated"
        )
    return script


def run_validator(script: Path, feeds: list[Path]) -> tuple[list[tuple[str, ...]], list[str]]:
    """validate.py's messages on ``feeds`` as (path, kind, class, line:column), and each
    attempt it made to use the network (refused)."""
    done = subprocess.run(
        [sys.executable, str(OFFLINE), str(script), *map(str, feeds)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    assert re.fullmatch(r"\d+ errors, \d+ warnings", lines[-1]), lines[-1]
    found = []
    for line in lines[:-1]:
        match = MESSAGE.match(line)
        assert match, f"not a validate.py message: {line!r}"
        ast.literal_eval(match["params"])  # the parameters are a dict, as documented
        found.append(
            (match["path"], match["kind"], match["cls"], f"{match['line']}:{match['column']}")
        )
    network = [line for line in done.stderr.splitlines() if line.startswith("network:")]
    return found, network


@pytest.fixture(scope="module")
def messages(
    validate_py: Path, feed_sites: dict[str, BuiltFeed]
) -> dict[str, list[tuple[str, str, str]]]:
    """Every message of the validator on every built feed, as (kind, class, line:column) by
    site name, and by ``site:topics/<slug>/feed.xml`` for each topic's own feed: one run for
    all the feeds, which used no network."""
    names = {str(site.feed): name for name, site in feed_sites.items()}
    for name, site in feed_sites.items():
        for topic in sorted(site.feed.parent.glob("topics/*/feed.xml")):
            names[str(topic)] = f"{name}:{topic.relative_to(site.feed.parent).as_posix()}"
    found, network = run_validator(validate_py, [Path(path) for path in names])
    assert network == []
    by_site: dict[str, list[tuple[str, str, str]]] = {name: [] for name in names.values()}
    for path, *message in found:
        by_site[names[path]].append((message[0], message[1], message[2]))
    return by_site


def test_validator_finds_errors_and_stays_offline(
    validate_py: Path, feed_sites: dict[str, BuiltFeed], tmp_path: Path
) -> None:
    """The runs above can fail: a feed without its channel link is an error, and an owner
    e-mail the validator would look up in DNS is refused (a warning and a network line)."""
    feed = feed_sites["minimal"].feed.read_text(encoding="utf-8")
    broken = tmp_path / "feed.xml"
    broken.write_text(
        feed.replace("<link>https://example.org/minimal/</link>", "", 1).replace(
            "minimal@example.org", "minimal@example"
        ),
        encoding="utf-8",
    )
    found, network = run_validator(validate_py, [broken])
    assert sorted((kind, cls) for _, kind, cls, _ in found if kind != "info") == [
        ("error", "MissingLink"),
        ("warning", "UnknownHost"),
    ]
    assert network == ["network: gethostbyname('example',)"]


def test_feed_validator_is_there(validate_py: Path) -> None:
    """The validator's folder is found beside the repository (a skip here fails CI)."""
    assert (validate_py.parent / "vendor" / "feedvalidator" / "__init__.py").is_file()


@pytest.mark.parametrize("site", FEED_SITES)
def test_feed_has_no_validator_errors(
    site: str, messages: dict[str, list[tuple[str, str, str]]]
) -> None:
    """The W3C Feed Validation Service finds no error in the feed."""
    assert [m for m in messages[site] if m[0] == "error"] == []


@pytest.mark.parametrize("site", FEED_SITES)
def test_feed_has_only_accepted_validator_warnings(
    site: str, messages: dict[str, list[tuple[str, str, str]]]
) -> None:
    """Each warning of the validator on the feed is one of ACCEPTED, with its reason."""
    warnings = [m[1] for m in messages[site] if m[0] == "warning"]
    assert [w for w in warnings if (site, w) not in ACCEPTED] == []


def topic_feeds(messages: dict[str, list[tuple[str, str, str]]]) -> list[str]:
    return [name for name in messages if ":" in name]


def test_topic_feeds_are_validated(messages: dict[str, list[tuple[str, str, str]]]) -> None:
    """The topic feeds of the shows with topics are among the feeds validated."""
    assert {"nmo:topics/treatment/feed.xml", "full:topics/sight/feed.xml"} <= set(
        topic_feeds(messages)
    )


def test_topic_feeds_have_no_errors_and_only_their_shows_accepted_warnings(
    messages: dict[str, list[tuple[str, str, str]]],
) -> None:
    """Each topic's own feed passes as its show's does: no error, no other warning, and the
    Podcasting 2.0 namespace seen once."""
    found = {}
    for name in topic_feeds(messages):
        site = name.split(":")[0]
        found[name] = (
            [m for m in messages[name] if m[0] == "error"],
            [m[1] for m in messages[name] if m[0] == "warning" and (site, m[1]) not in ACCEPTED],
            sum(1 for m in messages[name] if m[1] == "UnsupportedNamespace"),
        )
    assert found == dict.fromkeys(topic_feeds(messages), ([], [], 1))


def test_every_accepted_warning_still_occurs(
    messages: dict[str, list[tuple[str, str, str]]],
) -> None:
    """An accepted warning that no longer occurs is struck off the list."""
    occurring = {(site, m[1]) for site, found in messages.items() for m in found}
    assert set(ACCEPTED) - occurring == set()


def test_validator_reports_what_it_checks(
    messages: dict[str, list[tuple[str, str, str]]],
) -> None:
    """The validator really read each feed as RSS with the Podcasting 2.0 namespace: it says
    so once per feed (an information message, not a warning)."""
    kinds = Counter((site, m[1]) for site, found in messages.items() for m in found)
    assert {site: kinds[(site, "UnsupportedNamespace")] for site in FEED_SITES} == dict.fromkeys(
        FEED_SITES, 1
    )


@pytest.mark.parametrize(
    ("ci", "outcome"),
    [("true", "1 error"), (None, "1 skipped")],
    ids=["CI-set", "CI-unset"],
)
def test_a_skip_fails_the_run_when_ci_is_set(tmp_path: Path, ci: str | None, outcome: str) -> None:
    """Without the validator the tests are skipped, saying where it was sought; with CI set
    that skip is a failure, so CI cannot pass without validating the feeds."""
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["NMO_FEEDVALIDATOR"] = str(tmp_path / "no-validator-here")
    env["COLUMNS"] = "2000"  # pytest cuts summary lines at the terminal's width
    if ci is not None:
        env["CI"] = ci
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-rA", "-q",
         str(Path(__file__).relative_to(REPO)), "-k", "test_feed_validator_is_there"],
        cwd=REPO, env=env, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert (done.returncode, outcome in done.stdout) == (1 if ci else 0, True), done.stdout
    assert f"the W3C Feed Validation Service is not at {tmp_path / 'no-validator-here'}" in (
        done.stdout
    )


# --- feeds imported from other hosts, then built ----------------------------------------------

IMPORTED = ("powerpress", "anchor", "buzzsprout", "libsyn", "castopod", "podlove", "hostile")
"""The host-shaped fixture feeds of tests/import_feeds (and the hostile one), each imported
with ``nmo-feed import`` and built: what a show moving to nmo-feed publishes first."""

# Warnings an imported show's feed keeps, by (host, class), with the reason.
ACCEPTED_IMPORTED = {
    ("hostile", "NotSufficientlyUnique"): (
        "the hostile feed gives items guids such as '0001', 'yes' and 'null' to prove they"
        " survive as written; import keeps every guid exactly as the old feed had it, since a"
        " changed guid makes every app download the episode again"
    ),
    ("hostile", "ContainsHTML"): (
        "the hostile feed's titles and names hold markup on purpose; import keeps a title as"
        " written, and the feed carries it escaped, as text"
    ),
}


@pytest.fixture(scope="module")
def imported_messages(
    validate_py: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[tuple[str, str, str]]]:
    """The validator's messages on the feed of every imported-then-built fixture show."""
    from nmo_feed import build
    from nmo_feed.authoring import command

    feeds: dict[str, str] = {}
    for host in IMPORTED:
        work = tmp_path_factory.mktemp(f"imported-{host}")
        source = REPO / "tests" / "import_feeds" / f"{host}.xml"
        command.run(
            str(source), work / "show", download=False, site_url="https://example.org/moved/"
        )
        result = build.build(work / "show", work / "out", cache_root=None, jobs=1)
        assert not result.failed(), [d.message for d in result.diagnostics.errors]
        feeds[str(work / "out" / "feed.xml")] = host
    found, network = run_validator(validate_py, [Path(feed) for feed in feeds])
    assert network == []
    by_host: dict[str, list[tuple[str, str, str]]] = {host: [] for host in IMPORTED}
    for path, *message in found:
        by_host[feeds[path]].append((message[0], message[1], message[2]))
    return by_host


@pytest.mark.parametrize("host", IMPORTED)
def test_an_imported_then_built_feed_has_no_validator_errors(
    host: str, imported_messages: dict[str, list[tuple[str, str, str]]]
) -> None:
    """A show imported from another host's feed builds a feed the validator finds no error
    in, and no warning but those listed with their reasons."""
    messages = imported_messages[host]
    assert [m for m in messages if m[0] == "error"] == []
    warnings = [m[1] for m in messages if m[0] == "warning"]
    assert [w for w in warnings if (host, w) not in ACCEPTED_IMPORTED] == []


def test_every_accepted_imported_warning_still_occurs(
    imported_messages: dict[str, list[tuple[str, str, str]]],
) -> None:
    """An accepted warning that no longer occurs is struck off the list."""
    occurring = {(host, m[1]) for host, found in imported_messages.items() for m in found}
    assert set(ACCEPTED_IMPORTED) - occurring == set()
