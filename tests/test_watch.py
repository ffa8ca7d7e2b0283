"""Continuous ingest: a file dropped into a watched directory becomes queryable events."""
import threading
import time

import pytest

from seismo.store import open_store
from seismo.watch import Watcher, read_feed_list

ARTICLE = ("M23 rebels seized the mining town of Rubaya in North Kivu on Tuesday after two days of "
           "fighting with the Congolese army, local officials said. Thousands of residents fled.\n")


@pytest.mark.slow
def test_new_files_become_queryable_within_seconds(tmp_path, pipeline):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    store = open_store(str(tmp_path / "w.duckdb"))
    watcher = Watcher(store, pipeline=pipeline, interval=0.2)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, args=(str(inbox),), kwargs={"stop": stop})
    thread.start()
    try:
        for i in range(5):
            (inbox / f"story-{i}.txt").write_text(ARTICLE.replace("Tuesday", ["Monday", "Tuesday", "Wednesday",
                                                                              "Thursday", "Friday"][i])
                                                  + f"Report number {i} from the region.\n")
            time.sleep(0.8)
        deadline = time.monotonic() + 30
        while watcher.stats.processed < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        stop.set()
        thread.join()
    stats = watcher.stats
    assert stats.processed == 5 and stats.errors == 0
    assert store.count_events() >= 5
    assert stats.percentile(95) <= 5.0, stats.summary()
    print(stats.summary())
    store.close()


def test_feed_list_file(tmp_path):
    listing = tmp_path / "feeds.txt"
    listing.write_text("# my feeds\n/data/a.xml\n\nhttps://example.org/rss\n")
    assert read_feed_list(str(listing)) == ["/data/a.xml", "https://example.org/rss"]


@pytest.mark.slow
def test_feed_watch_takes_new_entries_only(tmp_path, pipeline):
    feed = tmp_path / "feed.xml"
    item = ("<item><title>{t}</title><guid>{g}</guid><pubDate>Tue, 18 Mar 2025 10:00:00 GMT</pubDate>"
            "<description>{d}</description></item>")
    first = item.format(t="Rebels seize town", g="a1", d="M23 rebels seized the town of Walikale on Tuesday "
                        "after heavy fighting with the army, residents said.")
    second = item.format(t="Police arrest protesters", g="a2", d="Police arrested 23 protesters in Bamako on "
                         "Friday after clashes near the parliament, witnesses said.")
    wrap = "<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>{}</channel></rss>"
    feed.write_text(wrap.format(first))
    store = open_store(str(tmp_path / "f.duckdb"))
    watcher = Watcher(store, pipeline=pipeline)
    watcher.poll_feeds([str(feed)])
    assert store.stats().documents_by_status == {"ok": 1}
    feed.write_text(wrap.format(first + second))
    watcher.poll_feeds([str(feed)])
    assert store.stats().documents_by_status == {"ok": 2}
    assert store.count_events() >= 2
    store.close()
