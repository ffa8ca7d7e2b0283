"""Continuous ingest: new files in a directory, new entries in feeds, processed as they arrive.

Polling (not inotify via watchdog) on purpose: the same loop serves directories and feeds
(local files or URLs), works on network filesystems where inotify is blind, and a 0.5 s poll
keeps file-to-queryable latency well under the 5 s target. A file is taken once its size has
stopped changing between two polls, so half-written files are not read.
Latency per document (file modification time -> its events committed) is recorded.
"""
from __future__ import annotations

import logging
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)
SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".xml", ".rss", ".atom"}


@dataclass
class WatchStats:
    processed: int = 0
    events: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)

    def percentile(self, p: float) -> float | None:
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]

    def summary(self) -> str:
        if not self.latencies:
            return f"{self.processed} files, {self.events} events"
        return (f"{self.processed} files, {self.events} events; latency p50 {self.percentile(50):.2f} s, "
                f"p95 {self.percentile(95):.2f} s, max {max(self.latencies):.2f} s "
                f"(mean {statistics.mean(self.latencies):.2f} s)")


class Watcher:
    """Polls sources and runs ingest -> extract -> analysis for what is new."""

    def __init__(self, store, pipeline=None, interval: float = 0.5):
        self.store = store
        self.pipeline = pipeline
        self.interval = interval
        self.stats = WatchStats()
        self._sizes: dict[Path, int] = {}
        self._done: dict[Path, float] = {}

    def _ready_files(self, directory: Path) -> list[Path]:
        ready = []
        for path in sorted(directory.rglob("*")):
            if path.suffix.lower() not in SUFFIXES or not path.is_file() or path.name.startswith("."):
                continue
            st = path.stat()
            if self._done.get(path) == st.st_mtime:
                continue
            if self._sizes.get(path) == st.st_size:   # unchanged since the last poll: complete
                ready.append(path)
            self._sizes[path] = st.st_size
        return ready

    def process(self, paths: list[str], appeared_at: list[float] | None = None) -> None:
        from seismo.process import ProcessOptions, ingest_and_extract
        try:
            extracted = ingest_and_extract(self.store, paths, ProcessOptions(pipeline=self.pipeline)).extracted
        except Exception:
            log.exception("watch: processing %s failed", paths)
            self.stats.errors += 1
            return
        now = time.time()
        self.stats.processed += len(paths)
        self.stats.events += extracted.events
        self.stats.latencies.extend(now - t for t in (appeared_at or []))

    def poll_directory(self, directory: Path) -> int:
        ready = self._ready_files(directory)
        if ready:
            mtimes = [p.stat().st_mtime for p in ready]
            self.process([str(p) for p in ready], mtimes)
            for p, m in zip(ready, mtimes):
                self._done[p] = m
        return len(ready)

    def poll_feeds(self, feeds: list[str]) -> int:
        """Feeds are re-read each poll; ingest is idempotent, so only new entries are stored."""
        local = [f for f in feeds if not f.startswith(("http://", "https://"))]
        remote = [f for f in feeds if f.startswith(("http://", "https://"))]
        paths = [f for f in local if Path(f).exists()] + [_fetch(u) for u in remote]
        paths = [p for p in paths if p]
        if paths:
            self.process(paths)
        return len(paths)

    def run(self, directory: str | None = None, feeds: list[str] | None = None,
            stop: threading.Event | None = None, max_seconds: float | None = None) -> WatchStats:
        stop = stop or threading.Event()
        deadline = time.monotonic() + max_seconds if max_seconds else None
        while not stop.is_set() and (deadline is None or time.monotonic() < deadline):
            if directory:
                self.poll_directory(Path(directory))
            if feeds:
                self.poll_feeds(feeds)
            stop.wait(self.interval)
        return self.stats


def _fetch(url: str) -> str | None:
    """Download a feed to the data dir's cache; failures are logged, never fatal."""
    import hashlib

    import httpx

    from seismo.config import data_dir
    target = data_dir() / "cache" / "feeds" / (hashlib.sha1(url.encode()).hexdigest() + ".xml")
    try:
        response = httpx.get(url, timeout=20, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        log.warning("feed %s: %s", url, exc)
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(response.content)
    return str(target)


def read_feed_list(path: str) -> list[str]:
    """One feed path or URL per line; blank lines and # comments ignored."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.strip().startswith("#")]


def env_interval() -> float:
    from seismo.config import env_seconds
    return env_seconds("SEISMO_WATCH_INTERVAL", 0.5)
