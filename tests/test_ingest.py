"""Ingestion and cleaning: formats, bad input, boilerplate, offsets, idempotency (issue 2)."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from seismo.clean import clean_document
from seismo.ingest import ingest_paths, read_paths
from seismo.ingest.readers import read_stream
from seismo.records import Document, Rejection
from seismo.store import open_store

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def one(path) -> Document | Rejection:
    items = list(read_paths([str(path)]))
    assert len(items) == 1
    item = items[0]
    return clean_document(item) if isinstance(item, Document) else item


def seed(seeds_dir, prefix) -> Document:
    return one(next(seeds_dir.glob(f"{prefix}_*.txt")))


def test_seed_001_loses_teasers_keeps_article(seeds_dir):
    doc = seed(seeds_dir, "001")
    for gone in ("UAW", "Chicago", "Nakba", "Volkswagen", "Guest Posts", "Facebook"):
        assert gone not in doc.clean_text
    for kept in ("Mali’s working class and its allies", "A military coup has abruptly ended",
                 "Combined and uneven development", "Still necessary as a first step",
                 "This article was originally published"):
        assert kept in doc.clean_text
    assert doc.published == "2020-09-06" and doc.published_from == "text"


def test_seed_003_loses_widgets_keeps_every_paragraph(seeds_dir):
    doc = seed(seeds_dir, "003")
    raw_paragraphs = [p.strip() for p in doc.raw.split("\n") if len(p.split()) > 12]
    for para in raw_paragraphs:
        assert para in doc.clean_text
    lines = doc.clean_text.split("\n")
    for widget in ("Share", "Related Posts", "Read more", "Local News", "back to top", "More"):
        assert widget not in lines


def test_seed_002_loses_tag_list(seeds_dir):
    doc = seed(seeds_dir, "002")
    assert "SIGNAL RISK" not in doc.clean_text and "Post Comment" not in doc.clean_text
    assert "minerals-for-security deal" in doc.clean_text


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_offsets_map_clean_text_back_to_the_original(seeds_dir, prefix):
    doc = seed(seeds_dir, prefix)
    for c, r, n in doc.offsets.segments:
        assert doc.clean_text[c:c + n] == doc.raw[r:r + n]
    word = doc.clean_text.split()[-1]
    at = doc.clean_text.rfind(word)
    raw_at = doc.offsets.to_raw(at)
    assert doc.raw[raw_at:raw_at + len(word)] == word


def test_caption_date_is_publication_date_from_text(seeds_dir):
    doc = seed(seeds_dir, "000")
    assert doc.published == "2024-05-19" and doc.published_from == "text"
    assert seed(seeds_dir, "003").published is None     # never invented


def test_html_article_comes_out_alone():
    doc = one(FIXTURES / "article_with_furniture.html")
    assert doc.format == "html" and doc.status == "ok"
    assert doc.title.startswith("DRC Offers US Minerals-for-Security Deal")
    assert doc.published == "2025-03-22" and doc.published_from == "metadata"
    for kept in ("President Felix Tshisekedi has proposed a minerals-for-security agreement",
                 "the rebels have seized Walikale"):
        assert kept in doc.clean_text
    for gone in ("Subscribe to our newsletter", "Chelsea beat Arsenal", "barbecue", "Great article",
                 "cancel my subscription", "Copyright 2025", "Share on Facebook"):
        assert gone not in doc.clean_text
    para = "President Felix Tshisekedi has proposed"
    at = doc.clean_text.index(para)
    raw_at = doc.offsets.to_raw(at)
    assert doc.raw[raw_at:raw_at + len(para)] == para


def test_jsonl_records_and_malformed_lines(tmp_path):
    path = tmp_path / "batch.jsonl"
    good = {"id": "a1", "text": "Rebels seized the town of Walikale on Tuesday after heavy fighting with "
            "the army, residents said.", "published": "2025-03-20", "source": "Example Wire",
            "url": "https://example.org/a1"}
    path.write_text(json.dumps(good) + "\n{not json\n" + json.dumps({"id": "a3"}) + "\n[1, 2]\n")
    items = list(read_paths([str(path)]))
    docs = [i for i in items if isinstance(i, Document)]
    rejections = [i for i in items if isinstance(i, Rejection)]
    assert [d.id for d in docs] == ["a1"]
    assert docs[0].published == "2025-03-20" and docs[0].outlet == "Example Wire"
    assert [r.code for r in rejections] == ["E105", "E105", "E105"]
    assert "line 2" in rejections[0].message and rejections[0].raw == "{not json"


def test_feed_entries_become_documents(tmp_path):
    feed = tmp_path / "news.xml"
    feed.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Example Wire</title>
<item><title>Rebels seize town</title><link>https://example.org/1</link><guid>id-1</guid>
<pubDate>Tue, 18 Mar 2025 10:00:00 GMT</pubDate>
<description>Rebels seized the town of Walikale on Tuesday after fighting with the army, residents said.</description></item>
<item><title>Talks resume</title><link>https://example.org/2</link>
<pubDate>Wed, 19 Mar 2025 10:00:00 GMT</pubDate>
<description>Delegations from Kinshasa and Kigali resumed talks in Doha on Wednesday, officials said.</description></item>
</channel></rss>""")
    items = list(read_paths([str(feed)]))
    assert len(items) == 2 and all(isinstance(i, Document) for i in items)
    assert items[0].published == "2025-03-18" and items[0].url == "https://example.org/1"
    assert items[0].id == list(read_paths([str(feed)]))[0].id      # stable ids
    assert items[0].outlet == "Example Wire"


def test_stdin(monkeypatch):
    items = list(read_stream(io.BytesIO(b"Soldiers arrested 12 protesters in Bamako on Friday."), "stdin"))
    assert isinstance(items[0], Document) and items[0].id.startswith("stdin-")


@pytest.mark.parametrize("name,content,code", [
    ("empty.txt", b"", "E101"),
    ("blank.txt", b"   \n\n  ", "E101"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "E102"),
    ("latin1.txt", "Les rebelles ont pris la ville de Goma à l'aube.".encode("latin-1"), "E103"),
    ("nav.html", b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>", "E106"),
])
def test_bad_input_is_rejected_with_a_code(tmp_path, name, content, code):
    path = tmp_path / name
    path.write_bytes(content)
    item = one(path)
    assert isinstance(item, Rejection) and item.code == code and item.message


def test_huge_file_rejected_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.seek(50 * 1024 * 1024)
        f.write(b"end")
    item = one(path)
    assert isinstance(item, Rejection) and item.code == "E104"
    assert len(item.raw) <= 65536


def test_non_english_is_stored_not_processed(tmp_path, tmp_db):
    path = tmp_path / "fr.txt"
    path.write_text("Les rebelles du M23 ont pris le contrôle de la ville de Goma après de violents combats "
                    "avec l'armée congolaise, selon des habitants joints par téléphone dimanche soir.")
    with open_store(tmp_db) as store:
        summary = ingest_paths(store, [str(path)])
        doc = store.get_document("fr")
    assert summary.not_processed == 1 and summary.ok
    assert doc.status == "not_processed" and "fr" in doc.status_reason


def test_batch_goes_on_and_rerun_adds_nothing(seeds_dir, tmp_path, tmp_db):
    (tmp_path / "empty.txt").write_bytes(b"")
    paths = [str(seeds_dir), str(tmp_path / "empty.txt"), str(tmp_path / "missing.txt")]
    with open_store(tmp_db) as store:
        first = ingest_paths(store, paths)
        second = ingest_paths(store, paths)
        stats = store.stats()
    assert (first.stored, first.rejected) == (4, 2)
    assert (second.stored, second.unchanged) == (0, 4)
    assert stats.documents_by_status == {"ok": 4}


def test_rerun_cleans_no_document_stored_from_the_same_input(seeds_dir, tmp_path, tmp_db, monkeypatch):
    import seismo.clean as clean
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Rebels attacked the town of Walikale on Sunday, residents said.")
    with open_store(tmp_db) as store:
        ingest_paths(store, [str(seeds_dir), str(tmp_path / "in")])
        (tmp_path / "in" / "a.txt").write_text("Police arrested twelve protesters in Bamako on Friday.")
        cleaned = []
        real = clean.clean_document
        monkeypatch.setattr(clean, "clean_document", lambda d: cleaned.append(d.id) or real(d))
        again = ingest_paths(store, [str(seeds_dir), str(tmp_path / "in")])
        assert cleaned == ["a"]               # only the changed input is cleaned again
        assert (again.unchanged, again.rejected) == (4, 1)
        assert store.rejections("a")[0].code == "E107"


def test_duplicate_id_with_other_content_is_rejected(tmp_path, tmp_db):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    (a / "story.txt").write_text("Rebels seized the town of Walikale on Tuesday, residents said today.")
    (b / "story.txt").write_text("Police arrested twelve protesters in Bamako on Friday, witnesses said.")
    with open_store(tmp_db) as store:
        summary = ingest_paths(store, [str(a), str(b)])
        assert summary.stored == 1 and summary.rejected == 1
        assert store.rejections("story")[0].code == "E107"


def test_syndicated_copy_is_linked_not_new(tmp_path, tmp_db):
    text = ("KINSHASA (Wire) - M23 rebels seized the mining town of Rubaya in North Kivu on Tuesday after "
            "two days of fighting with the Congolese army and allied militias, local officials said. "
            "The town produces a large share of the world's coltan, used in phones and laptops. "
            "Thousands of residents fled towards Goma, aid groups said, as shelling continued overnight.")
    (tmp_path / "wire.txt").write_text(text)
    (tmp_path / "copy.txt").write_text(text.replace("(Wire)", "(Daily Paper)") + "\nRead more on our site.")
    with open_store(tmp_db) as store:
        summary = ingest_paths(store, [str(tmp_path / "wire.txt"), str(tmp_path / "copy.txt")])
        assert summary.stored == 1 and summary.duplicate == 1
        assert store.get_document("copy").duplicate_of == "wire"


@pytest.mark.parametrize("drop_signatures", [False, True])
def test_syndicated_copy_found_by_a_later_process(tmp_path, tmp_db, drop_signatures):
    text = ("GOMA (Wire) - Fighting between M23 rebels and the army spread to the outskirts of Sake on "
            "Thursday, forcing thousands of families to flee towards Goma, local officials said. The "
            "rebels, who control the coltan mines of Rubaya, denied targeting civilians in a statement.")
    (tmp_path / "wire.txt").write_text(text)
    (tmp_path / "copy.txt").write_text(text.replace("(Wire)", "(Paper)") + "\nShare this story")
    with open_store(tmp_db) as store:
        ingest_paths(store, [str(tmp_path / "wire.txt")])
        if drop_signatures:          # a database written before signatures were kept
            store.execute("DELETE FROM doc_minhash")
    with open_store(tmp_db) as store:
        summary = ingest_paths(store, [str(tmp_path / "copy.txt")])
        assert summary.duplicate == 1 and store.get_document("copy").duplicate_of == "wire"


def test_jsonl_non_string_metadata_is_ignored(tmp_path):
    """Regression (found by the fuzzer): a numeric url crashed the HTML extractor."""
    path = tmp_path / "odd.jsonl"
    sentence = "Rebels seized the town of Walikale after heavy fighting with the army on Tuesday, residents said. "
    record = {"id": "x", "url": 1, "title": 5, "html": f"<html><body><p>{sentence * 3}</p></body></html>"}
    path.write_text(json.dumps(record) + "\n")
    items = list(read_paths([str(path)]))
    assert isinstance(items[0], Document) and items[0].url is None and items[0].title != 5


def test_jsonl_batch_is_streamed_and_limited_per_line(tmp_path, monkeypatch):
    """A JSONL batch bigger than the per-document limit goes through; only the oversized line fails."""
    import seismo.ingest.readers as readers
    monkeypatch.setattr(readers, "MAX_DOCUMENT_BYTES", 2000)
    body = "Rebels seized the town of Walikale on Tuesday after heavy fighting, residents said. "
    records = [{"id": f"r{i}", "text": body * (40 if i == 1 else 3)} for i in range(4)]
    path = tmp_path / "big.jsonl"
    lines = [json.dumps(r).encode() for r in records] + [b"not json", b'{"id": "bad", "text": "caf\xe9"}']
    path.write_bytes(b"\n".join(lines) + b"\n")
    assert path.stat().st_size > 2000
    items = list(read_paths([str(path)]))
    assert [i.id for i in items if isinstance(i, Document)] == ["r0", "r2", "r3"]
    codes = {i.doc_id: i.code for i in items if isinstance(i, Rejection)}
    assert codes == {"big-2": "E104", "big-5": "E105", "big-6": "E103"}


def test_page_left_empty_by_cleaning_is_stored_rejected_with_its_rejection(tmp_path, tmp_db):
    (tmp_path / "widgets.txt").write_text("Share\nFacebook Twitter\nRead more\n")
    with open_store(tmp_db) as store:
        summary = ingest_paths(store, [str(tmp_path / "widgets.txt")])
        assert summary.rejected == 1 and not summary.ok
        assert store.get_document("widgets").status == "rejected"
        assert [r.code for r in store.rejections("widgets")] == ["E106"]


def test_interrupted_write_leaves_no_half_written_document(tmp_path, tmp_db, monkeypatch):
    (tmp_path / "widgets.txt").write_text("Share\nFacebook Twitter\nRead more\n")
    with open_store(tmp_db) as store:
        def crash(*args, **kwargs):
            raise KeyboardInterrupt
        monkeypatch.setattr(store, "put_rejection", crash)
        with pytest.raises(KeyboardInterrupt):
            ingest_paths(store, [str(tmp_path / "widgets.txt")])
        monkeypatch.undo()
        assert store.get_document("widgets") is None


def test_section_labels_dropped_and_headline_is_title(seeds_dir):
    doc = seed(seeds_dir, "002")
    assert doc.title == "DRC Seeks Minerals Deal with U.S. Amid Armed Conflict with M23"
    assert not doc.clean_text.startswith(("Conflicts", "Politics"))
    assert "Omar El-Sharif" in doc.clean_text          # the byline is content, kept


def test_html_offsets_exact_across_inline_tags_and_entities():
    from seismo.ingest.readers import make_document
    para = ("<p>Rebels of the <a href='/m23'>M23</a> group seized <b>Walikale</b> on Tuesday, the "
            "army&rsquo;s spokesman said &amp; residents\n   confirmed it by telephone on Wednesday.</p>")
    html = ("<html><head><script>var s = '<p>Walikale</p>';</script></head><body><nav>Home | World</nav>"
            f"<article><h1>Rebels seize Walikale after fighting</h1>{para}</article></body></html>")
    doc = clean_document(make_document("x", "x.html", html, "html"))
    for c, r, n in doc.offsets.segments:
        assert doc.clean_text[c:c + n] == doc.raw[r:r + n]
    for word in ("M23", "Walikale", " on Tuesday", "s spokesman", "confirmed it"):
        at = doc.offsets.to_raw(doc.clean_text.index(word))
        assert doc.raw[at:at + len(word)] == word


def test_same_input_after_a_cleaner_change_is_unchanged_not_conflicting(tmp_path, tmp_db):
    (tmp_path / "a.txt").write_text("Police arrested twelve protesters in Bamako on Friday, witnesses said.")
    doc = clean_document(next(read_paths([str(tmp_path / "a.txt")])))
    with open_store(tmp_db) as store:
        assert store.put_document(doc).status == "stored"
        doc.clean_text, doc.content_hash = doc.clean_text + " x", "another-cleaner-version"
        assert store.put_document(doc).status == "unchanged"
        assert store.rejections("a") == []


def test_store_failure_in_a_batch_rejects_only_that_document(tmp_path, tmp_db):
    """Documents are stored STORE_BATCH to a transaction; a store error rolls the batch back and
    it is stored again one by one: the others are kept, the bad one is rejected with its text,
    and the near-copy index holds no document that was rolled back."""
    texts = {f"n{i}": f"Report {i}: soldiers and residents in town number {i} met on Monday to talk about "
                      f"roads, schools and the market; item {i} of the council's weekly notes."
             for i in range(5)}
    for name, text in texts.items():
        (tmp_path / f"{name}.txt").write_text(text)
    with open_store(tmp_db) as store:
        real = store.insert_document

        def insert(doc, *args, **kwargs):
            if doc.id == "n3":
                raise RuntimeError("disk full")
            return real(doc, *args, **kwargs)
        store.insert_document = insert
        summary = ingest_paths(store, sorted(str(p) for p in tmp_path.glob("n*.txt")))
        assert (summary.stored, summary.rejected) == (4, 1)
        assert sorted(summary.doc_ids) == ["n0", "n1", "n2", "n4"]
        [rej] = store.rejections("n3")
        assert rej.stage == "store" and "disk full" in rej.message and rej.raw
        assert store.get_document("n3") is None and store.get_document("n4") is not None
        store.insert_document = real
        again = ingest_paths(store, [str(tmp_path / "n3.txt")])   # the fault gone: it goes in
        assert again.stored == 1 and store.get_document("n3").duplicate_of is None
