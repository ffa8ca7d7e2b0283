"""Language: plainly English text is English without langdetect; anything else goes to langdetect."""
import pytest

from seismo.clean import detect_language, plainly_english

ENGLISH = ("Armed men attacked a village in the east of the country on Sunday, killing at least twelve "
           "people, local officials said. The attackers arrived on motorcycles and set fire to houses "
           "before they fled into the forest, according to a resident who said that the army had been "
           "warned of the threat a week earlier. It was the third such attack this month.")

# Paragraphs written for this test, each ~50 words of ordinary news prose.
OTHER = {
    "fr": ("Des hommes armés ont attaqué un village dans l'est du pays dimanche, tuant au moins douze "
           "personnes, ont indiqué les autorités locales. Les assaillants sont arrivés à moto et ont "
           "incendié des maisons avant de fuir dans la forêt, selon un habitant qui affirme que l'armée "
           "avait été prévenue de la menace une semaine plus tôt."),
    "es": ("Hombres armados atacaron una aldea en el este del país el domingo y mataron al menos a doce "
           "personas, según informaron las autoridades locales. Los atacantes llegaron en motocicletas e "
           "incendiaron casas antes de huir hacia el bosque, según un vecino que dijo que el ejército "
           "había sido advertido de la amenaza una semana antes."),
    "pt": ("Homens armados atacaram uma aldeia no leste do país no domingo, matando pelo menos doze "
           "pessoas, disseram as autoridades locais. Os atacantes chegaram de motocicleta e incendiaram "
           "casas antes de fugirem para a floresta, segundo um morador que disse que o exército tinha "
           "sido avisado da ameaça uma semana antes."),
    "de": ("Bewaffnete Männer haben am Sonntag ein Dorf im Osten des Landes angegriffen und mindestens "
           "zwölf Menschen getötet, teilten die örtlichen Behörden mit. Die Angreifer kamen auf Motorrädern "
           "und setzten Häuser in Brand, bevor sie in den Wald flohen. Was die Armee von der Drohung wusste, "
           "war eine Woche vorher bekannt, sagte ein Bewohner."),
    "nl": ("Gewapende mannen hebben zondag een dorp in het oosten van het land aangevallen en ten minste "
           "twaalf mensen gedood, zeiden de lokale autoriteiten. De aanvallers kwamen op motoren en staken "
           "huizen in brand voordat ze het bos in vluchtten. Het leger was een week eerder gewaarschuwd, "
           "zei een bewoner die het zag en was erbij."),
    "sw": ("Watu wenye silaha walishambulia kijiji kimoja mashariki mwa nchi siku ya Jumapili na kuua "
           "watu wasiopungua kumi na wawili, maafisa wa eneo hilo walisema. Washambuliaji walifika kwa "
           "pikipiki na kuchoma nyumba kabla ya kukimbilia msituni, kwa mujibu wa mkazi mmoja aliyesema "
           "kwamba jeshi lilikuwa limeonywa wiki moja kabla."),
}


def test_plain_english_news_needs_no_detector():
    assert plainly_english(ENGLISH) and detect_language(ENGLISH) == "en"


@pytest.mark.parametrize("lang", sorted(OTHER))
def test_other_languages_are_never_taken_for_plain_english(lang):
    assert not plainly_english(OTHER[lang])
    assert detect_language(OTHER[lang]) == lang


def test_short_or_thin_text_is_left_to_the_detector():
    assert not plainly_english("The army said the attack was over.")          # under 40 words
    headline_list = " ".join(["Goma Bukavu Uvira Rutshuru Masisi Walikale Beni Butembo"] * 6)
    assert not plainly_english(headline_list)                                 # no function words


def test_a_short_report_full_of_names_is_still_plainly_english():
    # Names and titles crowd out the function words (under 7 % of the words are the, and, of,
    # said...); "his", "who", "it", "could" still mark it as English.
    text = ("Senator Tunde Adeyemi visits Ibadan farmers. IBADAN — Senator Tunde Adeyemi toured the Oyo "
            "State Farmers Cooperative on Tuesday to explain his seed programme and who will fund it. "
            "Speaking to nearly 60 growers, Adeyemi said it could reach every ward by June. Guests included "
            "Oyo Commissioner Kemi Bakare, Ogbomoso Chairman Segun Alade, cooperative secretary Femi Ojo "
            "and Ibadan North councillor Bola Afolabi.")
    assert plainly_english(text)
