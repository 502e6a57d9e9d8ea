"""Benchmark nmo-feed against Hugo on the same synthetic show; print a table, write JSON.

For each N (500 and 4,000; 20,000 with ``--large``) the runner generates the show (not
timed), then times, interleaving the two tools run by run so that both see the same noise:

* cold build: no output folder and no cache;
* rebuild with nothing changed, over the previous output;
* rebuild after one paragraph of one episode's transcript changed (a new edit each run).

Then, outside those timings, the search index's own share of nmo-feed's builds
(``search_index.py``): Pagefind indexing every shard, and the one shard the edit touches, in
wall and CPU seconds, and the index's size in the output.

Each figure is the median of ``--runs`` runs (3 by default) after ``--warmup`` unmeasured cold
builds. Times are wall-clock seconds from just before the child process starts to the moment
it has exited (``time.perf_counter`` around ``fork``/``exec`` and ``waitid``); the runner does
nothing else meanwhile (but for a sampler thread, below), and ``sync`` runs before each build,
outside the timing. Memory is reported twice:

* peak RSS (largest process): the child's ``ru_maxrss`` as ``os.wait4`` reports it, the largest
  resident set of the process or of any of its waited-for children, not their sum;
* peak memory (PSS sum): a background thread reads the child's whole process tree every 20 ms
  (less often for a large tree, to stay under 5 % of one core) and sums each process's
  proportional set size (``/proc/<pid>/smaps_rollup``), keeping the peak. PSS divides a page
  shared by k processes into k parts, so the copy-on-write pages that forked workers share
  with their parent are counted once in the sum, not once per worker. This is the figure the
  memory targets use.

    python benchmarks/run.py [--runs 3] [--large] [--work DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import generate

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HUGO_SITE = HERE / "hugo"
SCENARIOS = ("cold", "unchanged", "one_changed")
SCENARIO_NAMES = {
    "cold": "cold build",
    "unchanged": "rebuild, nothing changed",
    "one_changed": "rebuild, one transcript changed",
}
EDITED_PARAGRAPH = 10
"""Which timed paragraph of the middle episode the one-change rebuild edits."""
PSS_INTERVAL = 0.02
"""Seconds between two readings of the build's process tree (the memory sampler)."""
SAMPLER_SHARE = 0.05
"""The most CPU the sampler may use, as a share of one core: a large tree is read less often."""


@dataclass(frozen=True, slots=True)
class Sample:
    seconds: float
    peak_rss_kib: int
    """``ru_maxrss`` from ``wait4``: the largest single process, not the sum."""
    peak_pss_kib: int
    """The largest PSS sum over the process tree that the sampler saw."""
    pss_readings: int
    """How many times the sampler read the tree during this build."""
    sampler_cpu_seconds: float
    """CPU time the sampler thread used during this build (its cost to the machine)."""


class BuildFailed(RuntimeError):
    """A build under test exited with a non-zero status."""


# --- Memory of a process tree ----------------------------------------------------------------


def _read(path: str) -> bytes:
    with open(path, "rb") as file:
        return file.read()


def _children_file_works() -> bool:
    """Whether this kernel has ``/proc/<pid>/task/<tid>/children`` (CONFIG_PROC_CHILDREN)."""
    pid = os.getpid()
    return os.path.exists(f"/proc/{pid}/task/{pid}/children")


def _children_by_task(pid: int) -> list[int]:
    """The children of every thread of ``pid`` (a child belongs to the thread that forked it)."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except (FileNotFoundError, ProcessLookupError):
        return found  # the process has exited
    for tid in tasks:
        try:
            found.extend(int(child) for child in _read(f"/proc/{pid}/task/{tid}/children").split())
        except (FileNotFoundError, ProcessLookupError):
            continue  # the thread has exited
    return found


def _children_by_scan() -> dict[int, list[int]]:
    """Every process's children, from each ``/proc/<pid>/stat`` (kernels without ``children``)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = _read(f"/proc/{entry.name}/stat")
        except (FileNotFoundError, ProcessLookupError):
            continue
        # The command name in parentheses may hold spaces; the parent pid is the 2nd field after.
        ppid = int(stat[stat.rindex(b")") + 2 :].split(maxsplit=2)[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_tree(root: int, by_task: bool) -> list[int]:
    """``root`` and its descendants now (a snapshot: processes come and go while we read)."""
    scanned = None if by_task else _children_by_scan()
    pids = [root]
    for pid in pids:  # grows while we iterate: breadth first
        pids.extend(_children_by_task(pid) if scanned is None else scanned.get(pid, []))
    return pids


def pss_kib(pid: int) -> int:
    """The proportional set size of ``pid`` in KiB; 0 once it has exited."""
    try:
        rollup = _read(f"/proc/{pid}/smaps_rollup")  # the totals only, not one per mapping
    except (FileNotFoundError, ProcessLookupError):
        return 0
    at = rollup.find(b"\nPss:")
    if at < 0:
        return 0  # a zombie has no mappings left
    return int(rollup[at + 5 : rollup.index(b"kB", at)])


class TreeSampler(threading.Thread):
    """Reads the PSS sum of a process tree every ``interval`` seconds (or less often, to use at
    most ``share`` of one core) and keeps the peak.

    A thread rather than a process: the runner's main thread is blocked in ``waitid`` during
    the build, so the sampler has the runner to itself and needs no second interpreter.
    """

    def __init__(
        self, root: int, interval: float = PSS_INTERVAL, share: float = SAMPLER_SHARE
    ) -> None:
        super().__init__(name=f"pss-sampler-{root}", daemon=True)
        self.root = root
        self.interval = interval
        self.share = share
        self.by_task = _children_file_works()
        self.peak_kib = 0
        self.readings = 0
        self.cpu_seconds = 0.0
        self.failure: BaseException | None = None
        self._finished = threading.Event()  # not ``_stop``: Thread uses that name itself

    def run(self) -> None:
        started = time.thread_time()
        try:
            while True:
                before = time.thread_time()
                total = sum(pss_kib(pid) for pid in process_tree(self.root, self.by_task))
                cost = time.thread_time() - before
                self.peak_kib = max(self.peak_kib, total)
                self.readings += 1
                # Reading smaps_rollup walks the process's page tables in the kernel, ~10 µs
                # per resident MiB: 1.5 GiB costs ~15 ms, most of a 20 ms interval and so a
                # core's worth of the build's CPU. Waiting longer after a costly reading keeps
                # the sampler under ``share`` of one core whatever the tree's size.
                if self._finished.wait(max(self.interval, cost / self.share - cost)):
                    break
        except BaseException as error:  # e.g. PermissionError: reported by finish(), not lost
            self.failure = error
        finally:
            self.cpu_seconds = time.thread_time() - started

    def finish(self) -> None:
        """Stop sampling and wait for the thread; raise what made it fail, if anything."""
        self._finished.set()
        self.join()
        if self.failure is not None:
            raise RuntimeError(f"the memory sampler failed: {self.failure!r}") from self.failure


def run_child(command: Sequence[str], env: dict[str, str] | None = None) -> Sample:
    """Run one build and return its wall time and memory; raise ``BuildFailed`` on error."""
    os.sync()  # flush the previous build's writes outside the timing
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
        sampler = TreeSampler(child.pid)
        sampler.start()
        try:
            # Wait without reaping: until wait4 below, the exited child stays a zombie, so its
            # pid cannot be reused by an unrelated process that the sampler would then read.
            os.waitid(os.P_PID, child.pid, os.WEXITED | os.WNOWAIT)
            elapsed = time.perf_counter() - start  # before stopping the sampler: not timed
        finally:
            sampler.finish()
        _, status, usage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace")[-4000:]
            raise BuildFailed(f"{' '.join(command)} exited {child.returncode}:\n{message}")
    return Sample(
        seconds=elapsed,
        peak_rss_kib=usage.ru_maxrss,  # Linux reports ru_maxrss in KiB
        peak_pss_kib=sampler.peak_kib,
        pss_readings=sampler.readings,
        sampler_cpu_seconds=sampler.cpu_seconds,
    )


@dataclass
class Tool:
    """One tool under test, building one generated show."""

    name: str
    command: list[str]
    out: Path
    clean: Callable[[], None]
    """Remove the output and every cache, for a cold build."""
    env: dict[str, str] | None = None
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    runs: int = 3

    def measure(self, scenario: str) -> Sample:
        """Run one build and keep its sample under ``scenario``."""
        sample = run_child(self.command, self.env)
        self.samples.setdefault(scenario, []).append(sample)
        return sample


@dataclass
class Corpus:
    """A generated show in both shapes, in its own work folder."""

    n: int
    root: Path

    @property
    def show(self) -> Path:
        return self.root / "show"

    @property
    def hugo(self) -> Path:
        return self.root / "hugo"


def _generator_stamp(n: int) -> dict[str, object]:
    digest = hashlib.sha256((HERE / "generate.py").read_bytes()).hexdigest()
    return {"n": n, "generator_sha256": digest}


def prepare_corpus(work: Path, n: int) -> Corpus:
    """Generate the show for ``n`` (or reuse an intact one) and lay out the Hugo site."""
    corpus = Corpus(n, work / f"n{n}")
    stamp_file = corpus.root / "corpus.json"
    stamp = _generator_stamp(n)
    if not stamp_file.is_file() or json.loads(stamp_file.read_text()) != stamp:
        shutil.rmtree(corpus.root, ignore_errors=True)
        corpus.root.mkdir(parents=True)
        log(f"n={n}: generating the show (not timed)...")
        started = time.perf_counter()
        totals = generate.generate(n, corpus.root)
        log(
            f"n={n}: generated in {time.perf_counter() - started:.1f} s:"
            f" {totals['show_bytes'] / 2**20:.0f} MiB in nmo-feed's shape"
        )
        stamp_file.write_text(json.dumps(stamp))
    # The Hugo site's config and layouts come from the repository, fresh every time.
    for item in HUGO_SITE.iterdir():
        target = corpus.hugo / item.name
        if item.is_dir():
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(item, target)
        else:
            shutil.copy2(item, target)
    return corpus


def _rmtree(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def _remove_strays(show: Path) -> None:
    """Delete anything in the show folder that the generator did not write (a cache, say)."""
    for entry in show.iterdir():
        if entry.is_dir() and entry.name[:4].isdigit():
            for item in entry.iterdir():
                if item.name not in generate.EPISODE_FILES:
                    _rmtree(item)
        elif entry.name not in generate.SHOW_FILES:
            _rmtree(entry)


def nmo_feed_tool(corpus: Corpus, executable: str) -> Tool:
    """nmo-feed building ``corpus``; its cold state has no output, no cache of any kind."""
    build_dir = corpus.root / "nmo-build"  # out/ and the staging folders the writer puts beside it
    cache = corpus.root / "nmo-cache"
    out = build_dir / "out"

    def clean() -> None:
        _rmtree(build_dir, cache)
        _remove_strays(corpus.show)
        build_dir.mkdir()

    # XDG_CACHE_HOME points into the work folder, so a user-level cache is wiped too.
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    command = [executable, "build", "--source", str(corpus.show), "--out", str(out)]
    return Tool("nmo-feed", command, out, clean, env)


def hugo_tool(corpus: Corpus, executable: str) -> Tool:
    """Hugo building the same corpus; its cold state has no output, resources or cache."""
    out = corpus.root / "hugo-build" / "out"
    cache = corpus.root / "hugo-cache"

    def clean() -> None:
        _rmtree(out.parent, cache, corpus.hugo / "resources", corpus.hugo / ".hugo_build.lock")

    command = [
        executable,
        "--quiet",
        "--source",
        str(corpus.hugo),
        "--destination",
        str(out),
        "--cacheDir",
        str(cache),
    ]
    return Tool("hugo", command, out, clean)


# --- Checks (outside the timing) -----------------------------------------------------------


def check_output(tool: Tool, n: int, needle: str | None = None) -> None:
    """Fail loudly unless the output has N feed items and N pages (and ``needle`` in both)."""
    feed = (tool.out / "feed.xml").read_bytes()
    items = feed.count(b"<item>")
    pages = sum(1 for _ in (tool.out / "episodes").glob("*/index.html"))
    if items != n or pages != n:
        raise BuildFailed(f"{tool.name}: {items} feed items and {pages} pages, expected {n}")
    if needle is not None:
        page = tool.out / "episodes" / f"episode-{n // 2 + 1:05d}" / "index.html"
        if needle.encode() not in feed or needle.encode() not in page.read_bytes():
            raise BuildFailed(f"{tool.name}: the edit {needle!r} is missing from the output")


def output_sizes(out: Path) -> dict[str, int]:
    """Bytes of feed.xml, bytes and number of all files under ``out``."""
    total = files = 0
    for path in _walk(out):
        total += path.stat().st_size
        files += 1
    return {"feed_bytes": (out / "feed.xml").stat().st_size, "total_bytes": total, "files": files}


def _walk(folder: Path) -> Iterator[Path]:
    for entry in os.scandir(folder):
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_file(follow_symlinks=False):
            yield Path(entry.path)


# --- The one-paragraph edit ------------------------------------------------------------------


class Edit:
    """Appends a sentence to one paragraph of the middle episode, in both shapes; restores."""

    def __init__(self, corpus: Corpus) -> None:
        self.paths = generate.episode_paths(corpus.root, corpus.n // 2)
        self.originals = [path.read_bytes() for path in self.paths]
        self.stamp = corpus.root / "corpus.json"
        lines = self.originals[0].decode().splitlines()
        timed = [line for line in lines if line.startswith("[")]
        self.line = timed[min(EDITED_PARAGRAPH, len(timed) - 1)]

    def apply(self, number: int) -> str:
        """Make edit ``number`` (each differs from the last); returns the added sentence."""
        self.stamp.unlink(missing_ok=True)  # the corpus is dirty until restore()
        sentence = f"This sentence was added for rebuild {number}."
        for path, original in zip(self.paths, self.originals, strict=True):
            text = original.decode()
            if text.count(self.line + "\n") != 1:
                raise BuildFailed(f"{path}: the paragraph to edit is not there exactly once")
            path.write_bytes(text.replace(self.line + "\n", f"{self.line} {sentence}\n").encode())
        return sentence

    def restore(self, n: int) -> None:
        """Put the generated bytes back, so that the corpus can be reused."""
        for path, original in zip(self.paths, self.originals, strict=True):
            path.write_bytes(original)
        self.stamp.write_text(json.dumps(_generator_stamp(n)))


# --- One size --------------------------------------------------------------------------------


def bench_size(corpus: Corpus, tools: list[Tool], runs: int, warmup: int, slow: float) -> None:
    """Time the three scenarios for every tool, interleaved run by run."""
    n = corpus.n
    for tool in tools:
        tool.runs = runs
        for number in range(warmup):
            tool.clean()
            sample = run_child(tool.command, tool.env)
            check_output(tool, n)
            log(f"n={n} {tool.name}: warm-up {number + 1}: {_describe(sample)}")
            if sample.seconds > slow and tool.runs > 1:
                tool.runs = 1
                log(f"n={n} {tool.name}: slower than {slow:.0f} s, so one run per scenario")
    for run in range(runs):
        for tool in tools:
            if run < tool.runs:
                tool.clean()
                _log_sample(tool, n, "cold", run, tool.measure("cold"))
                check_output(tool, n)
                if warmup == 0 and run == 0 and tool.samples["cold"][0].seconds > slow:
                    tool.runs = 1
    for run in range(runs):
        for tool in tools:
            if run < tool.runs:
                _log_sample(tool, n, "unchanged", run, tool.measure("unchanged"))
    edit = Edit(corpus)
    try:
        for run in range(runs):
            sentence = edit.apply(run + 1)
            for tool in tools:
                if run < tool.runs:
                    _log_sample(tool, n, "one_changed", run, tool.measure("one_changed"))
                    check_output(tool, n, sentence)
    finally:
        edit.restore(n)


def search_index_figures(corpus: Corpus, tool: Tool) -> dict[str, Any]:
    """The search index's own time (``search_index.py``, in a child process, after the
    builds) and its size in nmo-feed's output."""
    changed = generate.episode_paths(corpus.root, corpus.n // 2)[0].parent.name
    done = subprocess.run(
        [sys.executable, str(HERE / "search_index.py"), tool.env["XDG_CACHE_HOME"],
         "--source", str(corpus.show), "--changed", changed],
        capture_output=True, text=True, check=False, env=tool.env,
    )  # fmt: skip
    if done.returncode != 0:
        raise BuildFailed(f"search_index.py failed:\n{done.stderr[-2000:]}")
    figures: dict[str, Any] = json.loads(done.stdout)
    files = list(_walk(tool.out / "search"))
    figures["bytes"] = sum(path.stat().st_size for path in files)
    figures["files"] = len(files)
    log(f"n={corpus.n} search index: {figures}")
    return figures


def _describe(sample: Sample) -> str:
    return (
        f"{sample.seconds:.2f} s, PSS sum {sample.peak_pss_kib / 1024:.0f} MiB,"
        f" largest RSS {sample.peak_rss_kib / 1024:.0f} MiB"
        f" (sampler: {sample.pss_readings} readings,"
        f" {sample.sampler_cpu_seconds * 1000:.0f} ms CPU)"
    )


def _log_sample(tool: Tool, n: int, scenario: str, run: int, sample: Sample) -> None:
    log(f"n={n} {tool.name}: {SCENARIO_NAMES[scenario]}, run {run + 1}: {_describe(sample)}")


def log(message: str) -> None:
    """Progress, on stderr so that stdout is only the table."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


# --- Results ---------------------------------------------------------------------------------


def summarise(seconds: list[float]) -> dict[str, float]:
    """Median, min and max of some timings."""
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}


def size_result(tools: list[Tool]) -> dict[str, Any]:
    """The JSON record of one N: every sample, their summaries, output sizes."""
    result: dict[str, Any] = {}
    for tool in tools:
        record: dict[str, Any] = {"runs": tool.runs}
        for scenario in SCENARIOS:
            samples = tool.samples.get(scenario, [])
            record[scenario] = {
                "seconds": [round(s.seconds, 4) for s in samples],
                "peak_rss_kib": [s.peak_rss_kib for s in samples],
                "peak_pss_kib": [s.peak_pss_kib for s in samples],
                "pss_readings": [s.pss_readings for s in samples],
                "sampler_cpu_seconds": [round(s.sampler_cpu_seconds, 4) for s in samples],
                **{k: round(v, 4) for k, v in summarise([s.seconds for s in samples]).items()},
            }
        every = [s for samples in tool.samples.values() for s in samples]
        record["peak_rss_mib"] = round(max(s.peak_rss_kib for s in every) / 1024, 1)
        record["peak_pss_mib"] = round(max(s.peak_pss_kib for s in every) / 1024, 1)
        record["output"] = output_sizes(tool.out)
        result[tool.name] = record
    return result


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    limit: str
    measured: str
    met: bool | None
    """None when the benchmark did not measure it (N not run)."""


def evaluate_targets(results: dict[int, dict[str, Any]]) -> list[Target]:
    """Issue 5's targets, at N = 4,000 (and 20,000 when it was run)."""
    targets: list[Target] = []
    at = results.get(4000)
    if at is None:
        return [Target("every target", "measured at N = 4,000", "N = 4,000 not run", None)]
    nmo, hugo = at["nmo-feed"], at["hugo"]

    def median(record: dict[str, Any], scenario: str) -> float:
        return float(record[scenario]["median"])

    cold, hugo_cold = median(nmo, "cold"), median(hugo, "cold")
    targets.append(
        Target(
            "cold build ≤ 0.5 × Hugo (N=4,000)",
            f"≤ {0.5 * hugo_cold:.2f} s",
            f"{cold:.2f} s = {cold / hugo_cold:.2f} × Hugo",
            cold <= 0.5 * hugo_cold,
        )
    )
    for scenario, limit in (("one_changed", 0.5), ("unchanged", 0.3)):
        value = median(nmo, scenario)
        targets.append(
            Target(
                f"{SCENARIO_NAMES[scenario]} (N=4,000)",
                f"≤ {limit} s",
                f"{value:.2f} s",
                value <= limit,
            )
        )
    # The memory targets use the PSS sum: with worker processes the largest single process
    # (ru_maxrss) understates the build's footprint.
    pss = float(nmo["peak_pss_mib"])
    targets.append(
        Target("peak memory, PSS sum (N=4,000)", "≤ 500 MiB", f"{pss:,.0f} MiB", pss <= 500)
    )
    large = results.get(20000)
    if large is None:
        targets.append(
            Target(
                "N=20,000 time and memory (PSS sum)",
                "≤ 5.5 × N=4,000; ≤ 1 GiB",
                "not run (--large)",
                None,
            )
        )
    else:
        big = median(large["nmo-feed"], "cold")
        targets.append(
            Target(
                "cold build N=20,000 ≤ 5.5 × N=4,000",
                f"≤ {5.5 * cold:.2f} s",
                f"{big:.2f} s = {big / cold:.2f} × N=4,000",
                big <= 5.5 * cold,
            )
        )
        big_pss = float(large["nmo-feed"]["peak_pss_mib"])
        targets.append(
            Target(
                "peak memory, PSS sum (N=20,000)",
                "≤ 1,024 MiB",
                f"{big_pss:,.0f} MiB",
                big_pss <= 1024,
            )
        )
    return targets


def _cell(record: dict[str, Any], scenario: str) -> str:
    summary = record[scenario]
    if not summary["seconds"]:
        return "–"
    if len(summary["seconds"]) == 1:
        return f"{summary['median']:.2f} (1 run)"
    return f"{summary['median']:.2f} ({summary['min']:.2f}–{summary['max']:.2f})"


def format_table(results: dict[int, dict[str, Any]], targets: list[Target]) -> str:
    """The Markdown tables printed at the end and pasted into the README."""
    rows = [
        "| N | measure | nmo-feed | Hugo | nmo-feed / Hugo |",
        "|---:|---|---|---|---:|",
    ]
    for n, tools in sorted(results.items()):
        nmo, hugo = tools["nmo-feed"], tools["hugo"]
        for scenario in SCENARIOS:
            ratio = float(nmo[scenario]["median"]) / float(hugo[scenario]["median"])
            rows.append(
                f"| {n:,} | {SCENARIO_NAMES[scenario]}, s | {_cell(nmo, scenario)}"
                f" | {_cell(hugo, scenario)} | {ratio:.2f} |"
            )
        for key, label in (
            ("peak_pss_mib", "peak memory (PSS sum), MiB"),
            ("peak_rss_mib", "peak RSS (largest process), MiB"),
        ):
            mib = (float(nmo[key]), float(hugo[key]))
            rows.append(
                f"| {n:,} | {label} | {mib[0]:,.0f} | {mib[1]:,.0f} | {mib[0] / mib[1]:.2f} |"
            )
        outputs = (nmo["output"], hugo["output"])
        feeds = [o["feed_bytes"] / 2**20 for o in outputs]
        totals = [o["total_bytes"] / 2**20 for o in outputs]
        files = [o["files"] for o in outputs]
        rows.append(
            f"| {n:,} | feed.xml, MiB | {feeds[0]:,.1f} | {feeds[1]:,.1f}"
            f" | {feeds[0] / feeds[1]:.2f} |"
        )
        rows.append(
            f"| {n:,} | total output, MiB (files) | {totals[0]:,.1f} ({files[0]:,})"
            f" | {totals[1]:,.1f} ({files[1]:,}) | {totals[0] / totals[1]:.2f} |"
        )
        search = nmo.get("search_index")
        if search is not None:  # part of the builds above; Hugo's layout has no search
            rows += [
                f"| {n:,} | search index, all {search['shards']} shards (cold build's share), s"
                f" | {search['cold_seconds']:.2f} (CPU {search['cold_cpu_seconds']:.2f}) | – | |",
                f"| {n:,} | search index, one shard of {search['changed_shard_episodes']}"
                f" episodes (one transcript changed), s | {search['one_changed_seconds']:.2f}"
                f" (CPU {search['one_changed_cpu_seconds']:.2f}) | – | |",
                f"| {n:,} | search index, MiB (files) | {search['bytes'] / 2**20:,.1f}"
                f" ({search['files']:,}) | – | |",
            ]
    rows += ["", "| target (issue 5) | limit | measured | |", "|---|---|---|---|"]
    for target in targets:
        verdict = "not measured" if target.met is None else ("met" if target.met else "**not met**")
        rows.append(f"| {target.name} | {target.limit} | {target.measured} | {verdict} |")
    return "\n".join(rows)


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        first = meminfo.read_text().splitlines()[0].split()
        memory = f"{int(first[1]) / 2**20:.1f} GiB"
    return {
        "cpus": os.cpu_count(),
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
    }


def _version(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.strip()


def find_nmo_feed() -> str:
    """The nmo-feed next to this Python (the project's venv), else the one on PATH."""
    beside = Path(sys.executable).parent / "nmo-feed"
    if beside.is_file():
        return str(beside)
    found = shutil.which("nmo-feed")
    if found is None:
        raise SystemExit("nmo-feed is not installed: run 'make bench' or pip install -e .")
    return found


def _work_folder(requested: Path | None) -> tuple[Path, bool]:
    """The work folder and whether it is a temporary one to delete at the end."""
    if requested is None:
        return Path(tempfile.mkdtemp(prefix="nmo-feed-bench-")), True
    work = requested.resolve()
    if work == REPO or work.is_relative_to(REPO):
        raise SystemExit(f"--work {requested} is inside the repository; choose a folder outside it")
    work.mkdir(parents=True, exist_ok=True)
    return work, False


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 4000], help="episode counts")
    parser.add_argument("--large", action="store_true", help="add N = 20,000 (slow, GBs for Hugo)")
    parser.add_argument("--runs", type=int, default=3, help="measured runs per cell (default 3)")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured cold builds first")
    parser.add_argument(
        "--slow",
        type=float,
        default=300.0,
        help="a tool whose first cold build takes longer gets one run per scenario (seconds)",
    )
    parser.add_argument("--work", type=Path, help="keep shows and outputs here (reused next time)")
    parser.add_argument("--json", type=Path, help="also write the results to this JSON file")
    parser.add_argument("--nmo-feed", default=None, help="the nmo-feed executable")
    parser.add_argument("--hugo", default=shutil.which("hugo"), help="the hugo executable")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; print the table on stdout and progress on stderr."""
    args = parse_args(argv)
    if args.hugo is None:
        raise SystemExit("hugo is not installed: run 'make bench' (it installs Debian's hugo)")
    nmo_feed = args.nmo_feed or find_nmo_feed()
    sizes = sorted({*args.sizes, *([20000] if args.large else [])})
    work, temporary = _work_folder(args.work)
    info: dict[str, Any] = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "nmo_feed": _version([nmo_feed, "--version"]),
        "hugo": _version([args.hugo, "version"]),
        "runs": args.runs,
        "warmup": args.warmup,
        "timing": "wall clock from before fork/exec until the child has exited (waitid)",
        "memory": (
            "peak_pss: largest sum of Pss (/proc/<pid>/smaps_rollup) over the child's process"
            f" tree, read every {PSS_INTERVAL * 1000:.0f} ms or less often, to use at most"
            f" {SAMPLER_SHARE:.0%} of one core; peak_rss: wait4 ru_maxrss of the child"
            " (largest single process)"
        ),
    }
    log(f"{info['nmo_feed']}; {info['hugo']}; work folder {work}")
    results: dict[int, dict[str, Any]] = {}
    try:
        for n in sizes:
            corpus = prepare_corpus(work, n)
            tools = [nmo_feed_tool(corpus, nmo_feed), hugo_tool(corpus, args.hugo)]
            bench_size(corpus, tools, args.runs, args.warmup, args.slow)
            results[n] = size_result(tools)
            results[n]["nmo-feed"]["search_index"] = search_index_figures(corpus, tools[0])
    finally:
        if temporary:
            shutil.rmtree(work, ignore_errors=True)
    targets = evaluate_targets(results)
    table = format_table(results, targets)
    sys.stdout.write(
        f"\n{info['date']}, {info['machine']['cpus']} CPUs, {info['machine']['memory']};"
        f" {info['nmo_feed']}; {info['hugo']}\n"
        f"median (min–max) of {args.runs} runs after {args.warmup} warm-up\n\n{table}\n"
    )
    if args.json:
        payload = {**info, "results": results, "targets": [asdict(t) for t in targets]}
        args.json.write_text(json.dumps(payload, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
