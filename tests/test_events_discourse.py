"""Event coder, discourse level: time frames, generic statements, quotations, coreference,
argument requirements and readings that depend on the whole clause. Sentences written for
these tests (not taken from any benchmark)."""
from __future__ import annotations

import pytest

from seismo.extract.focus import fallback_location, focus_country
from seismo.records import Place, Toponym


def _by_trigger(events):
    return {e.evidence.trigger_text: e for e in events}


def test_past_frame_spreads_through_the_paragraph(code):
    text = ("In 2009 the army removed the president from power. At that time the rebels seized "
            "several northern towns. Two years later the rebels attacked the capital.\n\n"
            "Police arrested three journalists in the capital on Sunday.")
    evs = _by_trigger(code(text))
    assert evs["removed"].historical
    assert evs["seized"].historical and evs["attacked"].historical
    assert not evs["arrested"].historical   # new paragraph, deictic "on Sunday"


def test_current_time_expression_closes_the_past_frame(code):
    text = ("The militia was founded in 2001 and attacked the town in 2003. "
            "On Monday the militia attacked the army base.")
    evs = [e for e in code(text) if e.type == "ASSAULT"]
    assert [e.historical for e in evs] == [True, False]


def test_generic_and_habitual_present_are_not_events(code):
    assert code("NATO backs the regime and arms its soldiers.") == []
    assert code("Soldiers often abandon their posts without a fight.") == []
    assert [e.type for e in code("The rebels have seized the border town.")] == ["ASSAULT"]
    assert [e.type for e in code("The government is negotiating with the rebels.")] == ["CONSULT"]


def test_attributive_participle_is_not_an_event(code):
    assert [e.type for e in code("The arrested journalists were released on Monday.")] == ["RETREAT"]


def test_declining_to_comment_is_not_a_rejection(code):
    assert code("The minister refused to comment on the report.") == []
    assert [e.type for e in code("The junta refused to release the detained ministers.")] == ["REJECT"]


def test_quotation_is_reported_speech(code):
    text = "The general said: \u201cOur soldiers attacked the rebel base at dawn.\u201d"
    [ev] = code(text)
    assert ev.type == "ASSAULT" and ev.factuality == "reported" and ev.claimed_by == "general"


def test_obligation_in_reported_speech_is_a_demand(code):
    [ev] = code("The foreign minister said the rebels must release the hostages.")
    assert ev.type == "REQUEST" and "minister" in ev.actor1.text and ev.actor2.text == "rebels"


def test_same_event_told_twice_is_one_record(code):
    text = ("Dozens of armed men attacked the palace on Sunday. "
            "The men opened fire, killing two guards.")
    evs = [e for e in code(text) if e.type == "ASSAULT"]
    assert len(evs) == 1 and evs[0].evidence.trigger_text == "attacked"


def test_refusing_to_accept_is_a_rejection(code):
    [ev] = code("The union will not accept the government's offer.")
    assert ev.type == "REJECT"


def test_who_blocks_decides_the_reading(code):
    assert [e.type for e in code("Striking workers blocked the main bridge for three hours.")] == ["PROTEST"]
    assert [e.type for e in code("Police blocked the main bridge for three hours.")] == ["COERCE"]


def test_readiness_for_force_is_a_threat(code):
    assert [e.type for e in code("The army is ready to attack the rebel positions.")] == ["THREATEN"]
    assert [e.type for e in code("The rebels are ready to negotiate with the government.")] == ["AGREE"]
    assert [e.type for e in code("The militia vowed to attack the town on Monday.")] == ["THREATEN"]


def test_protest_topic_is_folded_into_the_protest(code):
    evs = code("Hundreds of students blocked roads in the capital demanding the minister's resignation.")
    assert [e.type for e in evs] == ["PROTEST"]


def _top(name, country, start, feature="A.PCLI", kind="literal"):
    return Toponym(name, start, start + len(name), kind,
                   Place(name, 1.0, 2.0, country, None, 1, feature))


def test_focus_country_and_fallback_location():
    tops = [_top("Mali", "MLI", 10), _top("Mali", "MLI", 900), _top("Bamako", "MLI", 950, "P.PPLC"),
            _top("France", "FRA", 2000)]
    focus = focus_country(tops)
    assert focus.place.country == "MLI"
    loc = fallback_location("COERCE", tops, 940, 1000, focus)
    assert loc.name == "Bamako" and loc.source == "paragraph"
    loc = fallback_location("COERCE", tops, 1500, 1600, focus)
    assert loc.country == "MLI" and loc.precision == "country" and loc.source == "document-focus"
    assert fallback_location("ACCUSE", tops, 1500, 1600, focus) is None   # statements: no fallback
    assert focus_country([_top("Mali", "MLI", 900), _top("France", "FRA", 950)]) is None


def test_numbers_belong_to_their_own_clause(code):
    text = "Three soldiers were killed in the raid, and some 50 people were arrested."
    evs = {e.type: e for e in code(text)}
    if not evs.get("ASSAULT") or not evs["ASSAULT"].quantities:
        pytest.skip("quantities resolver not available")
    assert all("50" not in q.text for q in evs["ASSAULT"].quantities)
    assert evs["ASSAULT"].fatalities == 3


def test_questions_pleas_and_particles_are_not_events(code):
    assert code("\u201cWhy did you wait so long?\u201d the minister asked.") == []
    assert code("The former general has pleaded not guilty to the charges.") == []
    assert [e.type for e in code("The ministry asked the United Nations for emergency aid.")] == ["REQUEST"]
    assert code("The new law is turning the old order upside down.") == []
    assert code("Did the army really attack the village last week?") == []


def test_country_named_in_the_actor_gives_its_country():
    from seismo.extract.focus import actor_place

    class _Tok:   # the head token of "Rwandan forces"
        idx = 0

    class _Span:
        start_char, end_char = 0, 14

    tops = [Toponym("Rwandan", 0, 7, "demonym", Place("Rwanda", 1.0, 2.0, "RWA", None, 1, "A.PCLI"))]
    top, is_head = actor_place(_Span(), _Tok(), tops)
    assert top.place.country == "RWA" and is_head
    assert actor_place(_Span(), _Tok(), [_top("Mali", "MLI", 40)]) is None


def test_dated_before_the_news_window_is_background(code):
    """A clause dated more than a month before publication is background; within it, news."""
    old = code("In February, the rebel coalition seized the town of Mirebalais.", published="2024-05-20")
    new = code("On 18 May, the rebel coalition seized the town of Mirebalais.", published="2024-05-20")
    assert old and all(ev.historical for ev in old)
    assert new and not any(ev.historical for ev in new)
