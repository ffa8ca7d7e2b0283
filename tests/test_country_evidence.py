"""What counts as a document's evidence for an actor's country (seismo.bench.country_evidence)."""
from seismo.bench.country_evidence import supported_countries, unsupported_actor_countries


def test_names_demonyms_and_capitals_are_evidence():
    found = supported_countries("Malian soldiers and Congolese rebels met in Kigali with Sierra Leonean envoys.")
    assert {"MLI", "COD", "RWA", "SLE"} <= found


def test_a_people_of_several_countries_names_none():
    assert supported_countries("Kurdish fighters said they had held the line.") == set()


def test_places_the_geoparser_finds_are_evidence(nlp):
    text = "Gunmen attacked a market in Djibo on Sunday."
    assert "BFA" in supported_countries(text, nlp(text))


def test_an_event_whose_actor_country_the_text_never_supports_is_listed(nlp, tmp_path):
    import json
    text = "Gunmen attacked a market on Sunday."
    event = {"doc_id": "d1", "actor1": {"text": "Gunmen", "country": "MLI"},
             "evidence": {"fields": {"actor1_link": "doc-context"}}}
    kb_event = {"doc_id": "d1", "actor1": {"text": "Gunmen", "country": "MLI", "kb_id": "x"},
                "evidence": {"fields": {}}}
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(json.dumps(e) for e in (event, kb_event)) + "\n", encoding="utf-8")
    found = unsupported_actor_countries([{"id": "d1", "text": text}], path, nlp)
    assert found == [{"doc_id": "d1", "slot": "actor1", "actor": "Gunmen", "country": "MLI"}]
