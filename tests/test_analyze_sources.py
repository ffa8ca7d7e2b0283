"""Source profiles (outlet type by domain or text cue) and reporting-vs-opinion genre."""
import pytest

from seismo.analyze.sources import OUTLET_TYPES, document_genre, genre_cues, source_profile
from seismo.records import Document


def doc(text="", url=None, outlet=None):
    return Document(id="d", source="d", raw=text, clean_text=text, url=url, outlet=outlet)


@pytest.mark.parametrize("url,outlet,kind", [
    ("https://www.reuters.com/world/africa/x", None, "wire"),
    ("https://apnews.com/article/x", None, "wire"),
    ("https://www.aljazeera.com/news/2025/x", None, "news"),
    ("https://www.bbc.co.uk/news/world-africa-1", None, "news"),
    ("https://www.wsws.org/en/articles/x", None, "opinion"),
    ("https://www.leftvoice.org/x", None, "opinion"),
    ("https://allafrica.com/stories/x.html", None, "aggregator"),
    ("https://news.un.org/en/story/x", None, "official"),
    ("https://www.presidence.gouv.cd/x", None, "official"),
    (None, "theguardian.com", "news"),
    ("https://unknown-blog.example.net/x", None, "unknown"),
])
def test_outlet_types_from_domains(url, outlet, kind):
    profile = source_profile(doc("Some text.", url, outlet))
    assert profile.type == kind and profile.type in OUTLET_TYPES


def test_aggregator_copy_names_its_original():
    text = "DRC seeks a deal.\nThe talks continue.\nOriginal Source: www.aljazeera.com\nPost Comment"
    profile = source_profile(doc(text, "https://newsdigest.example.com/drc"))
    assert profile.type == "aggregator" and profile.original_domain == "aljazeera.com"
    assert profile.basis == "text-cue"


REPORT = ("GOMA, May 2 (Reuters) - M23 rebels seized the town of Rubaya on Thursday, officials said. "
          "At least 12 people were killed, a local administrator told Reuters. The army said it would "
          "respond. Residents said they fled towards Goma, according to a civil society leader. ") * 4
OPINION = ("The working class must take its fate into its own hands. We reject the imperialist powers and "
           "their bourgeois agents, who plunder the continent. Our task is to build a revolutionary party "
           "of the oppressed masses; we must link the struggle of workers across borders against capitalism. "
           ) * 8 + "\nThis article was originally published on a comrade site.\n"


def test_genre_reporting_vs_opinion():
    assert document_genre(doc(REPORT)) == "reporting"
    assert document_genre(doc(OPINION)) == "opinion"
    cues = genre_cues(doc(OPINION))
    assert cues.counts["ideology"] > 5 and cues.counts["republished"] == 1 and cues.score > 12


def test_quoted_first_person_is_not_the_writers_voice():
    quoted = ('"We must defend our country and our people," the president said on Sunday, officials said. '
              "The army said it had retaken the town. ") * 10
    assert document_genre(doc(quoted)) == "reporting"


def test_opinion_outlet_makes_opinion():
    assert document_genre(doc(REPORT, "https://www.wsws.org/en/articles/x")) == "opinion"


def test_seeds(seeds_dir):
    expected = {"000": "opinion", "001": "opinion", "002": "reporting", "003": "reporting"}
    for path in sorted(seeds_dir.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        d = Document(id=path.stem, source=str(path), raw=text, clean_text=text)
        assert document_genre(d) == expected[path.stem[:3]], path.stem
        assert (source_profile(d).type == "aggregator") == path.stem.startswith("002")


def test_commentary_can_be_filtered_out_of_stored_events(pipeline, seeds_dir, tmp_path):
    """Issue 5: seeds 000 and 001 are opinionated, 002 an aggregator; the store keeps each
    extracted document's source type and genre and the event filters use them."""
    from seismo.ingest import ingest_paths
    from seismo.runner import extract_into_store, pending_documents
    from seismo.store import EventFilter, open_store
    with open_store(str(tmp_path / "s.duckdb")) as store:
        ingest_paths(store, [str(seeds_dir)])
        extract_into_store(store, pending_documents(store), pipeline=pipeline)
        docs = lambda **kw: {e.doc_id[:3] for e in store.events(EventFilter(limit=1000, **kw))}  # noqa: E731
        assert docs() == {"000", "001", "002", "003"}
        assert docs(genre="reporting") == {"002", "003"}
        assert docs(genre="opinion") == {"000", "001"}
        assert docs(source_type="aggregator") == {"002"}
