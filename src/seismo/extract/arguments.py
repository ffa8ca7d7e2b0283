"""Event arguments from the dependency parse: who acts (actor1) and on whom (actor2).

Verbs: actor1 = nsubj (the "by" agent in passives), actor2 = dobj (nsubjpass in passives) or the
object of a recipient preposition. Missing subjects are inherited through conjunctions ("condemned
the coup and called for..."), control verbs ("agreed to invest"), participles ("capturing Goma")
and relative clauses ("M23, which has taken control" -> M23). The helpers both sides use (actor
spans, usable words, passives) live here; the arguments of event nouns ("M23's offensive",
"talks with X") are in seismo.extract.noun_arguments, except event_agent, which the verb side
needs too ("repelled an attack by X"). Each argument comes with the name of the path that found
it (kept in Evidence.fields).
"""
from __future__ import annotations

from dataclasses import dataclass

_SUBJ = ("nsubj", "csubj")
_RELPRON = ("WDT", "WP", "WP$")
RECIPIENT_PREPS = ("against", "on", "with", "to", "at", "upon", "toward", "towards", "into")
_ACTOR_DEPS_LEFT = ("compound", "amod", "poss", "nmod", "nummod", "det", "case", "quantmod")
_PERSONAL = frozenset({"i", "we", "you", "me", "us"})
# "Dozens of armed men": a count heads the phrase; the actor is the whole phrase, not "Dozens".
_COUNT_ENTS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})


@dataclass(slots=True)
class Arg:
    token: object                 # head token of the argument
    source: str                   # path that found it: nsubj, by-agent, dobj, relcl, conj-subject, ...
    alone: bool = False           # without the actors coordinated with it (they are the other party)

    def span(self):
        return actor_span(self.token, conjuncts=not self.alone)


def actor_span(tok, conjuncts: bool = True):
    """The noun phrase naming an actor: the named entity holding the token, else the token with
    its left modifiers (and an "of" complement: "the leaders of the M5 coalition")."""
    sdoc = tok.doc
    if tok.ent_type_ and tok.ent_iob_ in ("B", "I") and tok.ent_type_ not in _COUNT_ENTS \
            and not (tok.ent_type_ in ("DATE", "TIME") and _after_dateline(tok)):
        start = tok.i
        while start > 0 and sdoc[start].ent_iob_ == "I":
            start -= 1
        end = tok.i + 1
        while end < len(sdoc) and sdoc[end].ent_iob_ == "I":
            end += 1
        root = sdoc[start:end].root
        return _after_dash(sdoc, start, tok.i, _with_conjuncts(root, end) if conjuncts else end)
    left = [c for c in tok.lefts if c.dep_ in _ACTOR_DEPS_LEFT]
    start = min([tok.i] + [c.left_edge.i for c in left])
    end = tok.i + 1
    for c in tok.rights:
        if c.dep_ == "prep" and c.lower_ == "of" and _unglossed_edge(c) - tok.i < 8:
            end = c.right_edge.i + 1
            break
    while start < tok.i and sdoc[start].dep_ == "det" and sdoc[start].lower_ in ("the", "a", "an"):
        start += 1
    return _after_dash(sdoc, start, tok.i, _with_conjuncts(tok, end) if conjuncts else end)


def _unglossed_edge(tok) -> int:
    """The phrase's last token before a closing gloss ("the National Salvation Front (NAS)")."""
    edge = tok.right_edge.i
    if tok.doc[edge].text == ")":
        opening = next((i for i in range(edge - 1, tok.i, -1) if tok.doc[i].text == "("), None)
        if opening is not None:
            return opening - 1
    return edge


def _with_conjuncts(tok, end: int) -> int:
    """"Qatar and Saudi Arabia", "Congolese soldiers and Wazalendo fighters": actors named together
    (not "between police and insurgents", two sides; not "he and his wife")."""
    if tok.pos_ == "PRON" or (tok.dep_ == "pobj" and tok.head.lower_ == "between"):
        return end
    for c in tok.children:
        if c.dep_ == "conj" and c.i >= end and (c.ent_type_ or c.pos_ in ("NOUN", "PROPN")) \
                and not c.tag_.startswith("VB") and not any(g.dep_ in ("dobj", "nsubj") for g in c.children) \
                and c.right_edge.i - tok.i < 15:
            end = c.right_edge.i + 1
    return end


def _after_dash(sdoc, start: int, head: int, end: int):
    """"KAMPALA - Rebels": the dateline before a dash is no part of the actor."""
    dash = max((t.i for t in sdoc[start:head] if (t.text in _DASHES and t.i > 0 and sdoc[t.i - 1].whitespace_)
                or (t.text.endswith(":") and dateline_end(t.sent) == t.i + 1)),
               default=None)   # a spaced dash (not the hyphen of "al-Shabaab"), a "Niger:" heading
    return sdoc[dash + 1 if dash is not None else start:end]


def dep_child(tok, *deps):
    for c in tok.children:
        if c.dep_ in deps:
            return c
    return None


def pobj_of(prep):
    return dep_child(prep, "pobj")


# Verbs that always take their victim as object: without one, "Man shot by gunmen" is a passive.
_VICTIM_VERBS = frozenset({"kill", "shoot", "abduct", "kidnap", "arrest", "detain", "attack", "wound",
                           "injure", "murder", "behead", "ambush", "capture", "execute", "lynch", "stab",
                           "hack", "torture", "assassinate", "massacre", "slaughter", "rape"})


def headline_passive(verb) -> bool:
    """A headline's passive without its auxiliary: "Man shot dead by gunmen" (parsed as active)."""
    return (verb.lemma_.lower() in _VICTIM_VERBS and verb.tag_ in ("VBD", "VBN")
            and not any(c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children)
            and any(c.dep_ == "prep" and c.lower_ == "by" and pobj_of(c) is not None for c in verb.children))


def is_passive(verb) -> bool:
    """Passive voice, also for a participle coordinated with a passive ("were captured and
    released by X": "released" has only the agent)."""
    if any(c.dep_ in ("nsubjpass", "auxpass", "agent") for c in verb.children) or headline_passive(verb):
        return True   # an agent makes it passive, also in a headline's bare "Man shot by gunmen"
    return verb.tag_ == "VBN" and (any(c.dep_ == "agent" for c in verb.children)
                                   or (verb.dep_ == "conj" and is_passive(verb.head)
                                       and not any(c.dep_ == "dobj" for c in verb.children)))
    # a participle with its own object is active however it is attached ("were killed and
    # accused the opposition of...": the parser joins "accused" to the passive)


def usable(tok) -> bool:
    """A word that can name an actor ("US" the country is not "us" the pronoun; "on Aug. 18"
    is a time, not a recipient; "Dozens" after a dateline's date is no date)."""
    if tok is None or tok.pos_ in ("DET", "ADP") or (tok.pos_ == "NUM" and not _after_dateline(tok)):
        return False
    if tok.ent_type_ in ("DATE", "TIME") and not (_after_dateline(tok) and tok.text[:1].isupper()
                                                  and not tok.like_num):
        return False
    return not (tok.lower_ in _PERSONAL and not (tok.text.isupper() and len(tok.text) > 1))


def _in_dateline(tok) -> bool:
    """Is the word part of the sentence's dateline or briefing label (never an actor)?"""
    end = dateline_end(tok.sent)
    return end is not None and tok.i < end


def _after_dateline(tok) -> bool:
    end = dateline_end(tok.sent)
    return end is not None and tok.i >= end


def _relcl_antecedent(verb):
    """For a relative-clause verb, the noun it modifies. Two attachments the parse gets wrong
    are mended: a clause hung on a time phrase ("blocked roads for a week to protest") is the
    purpose of the verb the time phrase belongs to, so its subject acts; one hung on the place
    or people of an "of/from" phrase ("students from Ayotzinapa who were blocking") belongs to
    the noun that phrase modifies."""
    head = verb.head
    if verb.dep_ != "relcl" or head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    if head.ent_type_ in ("DATE", "TIME") and head.dep_ == "pobj" and head.head.head.pos_ == "VERB":
        got = verb_subject(head.head.head, 1)
        return got.token if got is not None else None
    if head.ent_type_ in ("GPE", "LOC", "NORP") and head.dep_ == "pobj" and head.head.lower_ in ("from", "of"):
        owner = head.head.head   # the noun the phrase modifies, or the verb it hangs on instead
        if owner.pos_ == "VERB":   # "push back students from Ayotzinapa who were blocking"
            owner = dep_child(owner, "dobj")
        if owner is not None and owner.pos_ == "NOUN" and owner.i < head.i:
            return owner
    return head


def passive_agent(verb) -> Arg | None:
    agent = dep_child(verb, "agent")
    if agent is None and headline_passive(verb):
        agent = next(c for c in verb.children if c.dep_ == "prep" and c.lower_ == "by")
    pobj = pobj_of(agent) if agent is not None else None
    return Arg(pobj, "by-agent") if usable(pobj) else None


def verb_subject(verb, depth: int = 0) -> Arg | None:
    """actor1 of a verb event (the agent: nsubj, or the by-phrase of a passive)."""
    if depth > 4:
        return None
    if is_passive(verb):
        agent = passive_agent(verb)
        if agent is not None:
            return agent
        for c in verb.children:   # "were captured and released by X": X did both
            if c.dep_ == "conj" and c.tag_ == "VBN" and passive_agent(c) is not None:
                return Arg(passive_agent(c).token, "conj-agent")
        if verb.dep_ == "conj" and not is_passive(verb.head):
            inherited = verb_subject(verb.head, depth + 1)
            return Arg(inherited.token, "conj-subject") if inherited else None
        return None
    subj = _nearest_subject(verb)
    if subj is not None:
        subj = _past_dateline(subj, verb)
        if subj.tag_ in _RELPRON:
            ante = _relcl_antecedent(verb)
            return Arg(ante, "relcl") if ante is not None else None
        if subj.pos_ == "PRON" and verb.dep_ == "ccomp":
            speaker = _speaker_antecedent(subj, verb.head)
            if speaker is not None:
                return Arg(speaker, "speaker-pronoun")
        return Arg(subj, "nsubj") if usable(subj) else None
    return _inherited_subject(verb, depth)


_DASHES = frozenset({"-", "--", "—", "–"})


_BULLETS = frozenset({"•", "·", "-", "–", "—", "*", "▪", "►"})


def dateline_end(sent) -> int | None:
    """Token index just after a dateline ("RAMALLAH, April 13 -", "BUNIA, Feb 11 (Reuters) -",
    "Mucojo, Macomia district —"): a place first, a spaced dash within the first dozen tokens;
    or after a briefing's label ("Niger: Fighters of ... torched ...", "• 8 June: Vigilantes
    lynched ...", "- Kech (Balochistan): The Frontier Corps said ..."), a few capitalised words,
    numbers and brackets before a colon, after any bullet and earlier verbless labels."""
    k = 0
    while k < len(sent) and sent[k].text in _BULLETS:
        k += 1
    first = sent[k] if k < len(sent) else None
    if first is None or not (first.text[:1].isupper() or first.like_num):
        return None
    label = sent.start + k   # where the label being read starts
    for t in sent[k + 1:k + 14]:
        if t.text == ":" or (t.is_punct and t.text.endswith(":")):   # the tokenizer keeps "):" whole
            if _is_label(t.doc[label:t.i]):
                return t.i + 1
            label = t.i + 1
        elif t.i == label and t.text in _BULLETS:
            label = t.i + 1   # "Briefs: - Poonch (J&K): ...": a bullet opens the next label
        elif t.text in _DASHES and t.doc[t.i - 1].whitespace_:
            return t.i + 1
        elif (t.pos_ in ("VERB", "AUX") and t.ent_type_ not in _NAME_ENTS) or t.lower_ in ("said", "says"):
            return None   # a place the tagger calls a verb ("Djibo") is still a label's name
    return None


_NAME_ENTS = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP"})


def _is_label(words) -> bool:
    """A colon's label: one to six capitalised words, numbers or brackets ("Niger", "8 June",
    "Poonch (J&K)")."""
    return 0 < len(words) <= 6 and all(w.text[:1].isupper() or w.like_num or w.is_punct for w in words) \
        and any(w.is_alpha or w.like_num for w in words)


def _past_dateline(subj, verb):
    """"NAIROBI, Kenya - Unknown attackers killed...": the parse makes the dateline (or a token
    the dateline confused) the subject; the actor is the phrase between the dash and the verb."""
    end = dateline_end(verb.sent)
    if end is None or subj.i >= end or end >= verb.i:
        return subj
    phrase = subj.doc[end:verb.i]
    root = next((t for t in phrase if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM")
                 and t.dep_ not in ("compound", "amod", "det", "poss", "nummod", "pobj", "npadvmod")), None)
    return root if root is not None else subj


_PERSON_PRONOUNS = frozenset({"he", "she"})
_GROUP_PRONOUNS = frozenset({"it", "they", "we"})


def _speaker_antecedent(pronoun, say):
    """"The junta said it arrested...": a pronoun subject of a reported clause is its speaker
    when they agree (he/she a person, it/they/we a group)."""
    speaker = dep_child(say, "nsubj")
    speaker = _past_dateline(speaker, say) if speaker is not None else None
    if speaker is None or speaker.pos_ == "PRON" or not usable(speaker):
        return None
    person = speaker.ent_type_ == "PERSON"
    low = pronoun.lower_
    if (low in _PERSON_PRONOUNS and person) or (low in _GROUP_PRONOUNS and not person
                                                 and speaker.ent_type_ not in ("DATE", "TIME")):
        return speaker
    return None


def _nearest_subject(verb):
    """The verb's subject; when a misparse gives it several, the one closest before it
    ("Keïta, who resigned after a military junta took him": junta, not Keïta)."""
    subs = [c for c in verb.children if c.dep_ in _SUBJ]
    if len(subs) <= 1:
        return subs[0] if subs else None
    before = [c for c in subs if c.i < verb.i]
    if not before:
        return subs[0]
    nearest = max(before, key=lambda c: c.i)
    cc = nearest.left_edge.i - 1   # "men armed with knives and a few guns attacked": "guns" is no
    joined = verb.doc[cc] if cc >= 0 else None   # second subject but part of the first one's phrase
    if joined is not None and joined.dep_ == "cc" and joined.head in subs and joined.head.i < nearest.i:
        return joined.head
    return nearest


# What an actor issues: "issued a statement demanding..." is the issuer's demand.
_DOCUMENTS = frozenset({"statement", "declaration", "communique", "communiqué", "letter", "resolution",
                        "report", "petition", "note", "message", "ultimatum", "appeal", "decree", "video"})


# "police used tear gas to disperse...": the object is the means, the subject acts.
_MEANS_VERBS = frozenset({"use", "employ", "utilise", "utilize", "take", "spend", "need"})


def _inherited_subject(verb, depth: int) -> Arg | None:
    dep, head = verb.dep_, verb.head
    if dep == "conj" and head.i != verb.i:
        got = verb_subject(head, depth + 1)
        if got is None and is_passive(head) and head.dep_ == "ccomp" and not is_passive(verb):
            # "The army said 27 soldiers were killed and accused X": the parser joins the second
            # act to the reported passive; who speaks does it
            got = verb_subject(head.head, depth + 1)
        return Arg(got.token, "conj-subject") if got else None
    if dep == "xcomp":
        obj = dep_child(head, "dobj")   # object control: "urged Israel to withdraw" -> Israel acts
        if obj is not None and usable(obj) and head.lemma_.lower() not in _MEANS_VERBS:
            return Arg(obj, "object-control")
        got = verb_subject(head, depth + 1)
        return Arg(got.token, "xcomp-subject") if got else None
    if _acting_acl(verb):   # "300 fighters handed over their weapons" read as a reduced relative
        return Arg(head, "acl-agent") if not _in_dateline(head) else None
    if dep in ("ccomp", "advcl") and verb.tag_ == "VBD" and _reduced_relative(head, verb):
        return Arg(dep_child(head, "nsubj"), "reduced-relative")   # "Gunmen believed to be X kidnapped..."
    if dep in ("advcl", "acl", "pcomp") and verb.tag_ == "VBG":
        if dep == "acl" and head.lemma_.lower() in _DOCUMENTS and head.dep_ == "dobj":
            got = verb_subject(head.head, depth + 1)   # "X issued a declaration demanding...": X
            return Arg(got.token, "document-author") if got else None
        if dep == "acl" and head.pos_ in ("NOUN", "PROPN"):
            clause = _comma_participle_clause(verb)
            if clause is not None:   # "searched properties in four states, seizing cash": the searchers
                got = verb_subject(clause, depth + 1)
                return Arg(got.token, "participle-subject") if got else None
            return Arg(head, "acl-head") if not _in_dateline(head) else None
        target = head.head if dep == "pcomp" else head
        got = verb_subject(target, depth + 1) if target.pos_ in ("VERB", "AUX") else None
        return Arg(got.token, "participle-subject") if got else None
    if dep == "relcl":
        ante = _relcl_antecedent(verb)
        return Arg(ante, "relcl") if ante is not None else None
    return None


# Participles that modify a subject in a reduced relative the parse takes for the main verb:
# "Gunmen believed to be from JNIM kidnapped...", "troops still deployed in Irob abducted...".
_MODIFYING_PARTICIPLES = frozenset({"believe", "suspect", "think", "deploy", "station", "base", "link",
                                    "ally", "back", "arm", "dress", "disguise", "know", "loyal", "affiliate"})


def _comma_participle_clause(verb):
    """The clause verb a participle after a comma belongs to when the parse hung it on the last
    noun of a prepositional phrase ("...properties in Saxony and four other states, seizing
    cash"): such a participle tells what the clause's subject did next, not what the place did."""
    if verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    noun = verb.head
    while noun.dep_ == "conj":
        noun = noun.head
    if noun.dep_ != "pobj":
        return None
    up = noun.head
    for _ in range(6):
        if up.pos_ in ("VERB", "AUX"):
            return up
        if up.head.i == up.i:
            return None
        up = up.head
    return None


def _acting_acl(verb) -> bool:
    """A participle on a noun that has an object of its own is no passive ("fighters handed over
    their weapons"): the noun does it."""
    return verb.dep_ == "acl" and verb.tag_ in ("VBN", "VBD") and verb.head.pos_ in ("NOUN", "PROPN") \
        and verb.head.i < verb.i and any(c.dep_ == "dobj" for c in verb.children) \
        and not any(c.dep_ in ("agent", "auxpass") for c in verb.children)


def _reduced_relative(head, verb) -> bool:
    subj = dep_child(head, "nsubj")
    return head.tag_ in ("VBN", "VBD") and head.lemma_.lower() in _MODIFYING_PARTICIPLES \
        and subj is not None and subj.i < head.i < verb.i and usable(subj) and subj.pos_ != "PRON" \
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "nsubjpass") for c in head.children)


def _elliptical_passive(verb) -> bool:
    """"Eight officers were injured and 11 people arrested": a participle joined to a passive,
    with a subject and no auxiliary of its own, is passive; its subject is the patient."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and is_passive(verb.head) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def verb_object(verb, preps: tuple[str, ...] = RECIPIENT_PREPS, inside: set | None = None) -> Arg | None:
    """actor2 of a verb event (the patient: dobj, passive subject, or a recipient preposition).
    `inside`: token indices of a phrase trigger ("took control of X": control is not the patient)."""
    inside = inside or set()
    passive = is_passive(verb)
    if passive:
        subj = dep_child(verb, "nsubjpass") or (dep_child(verb, "nsubj") if headline_passive(verb)
                                                or _elliptical_passive(verb) else None)
        if subj is not None and _in_dateline(subj):   # "Chilpancingo, Guerrero: ...; 12 students were arrested"
            subj = next((c for c in verb.children if c.dep_ == "nsubjpass" and not _in_dateline(c)), None)
        if subj is not None and subj.tag_ in _RELPRON:
            ante = _relcl_antecedent(verb)
            return Arg(ante, "relcl") if ante is not None else None
        if usable(subj) or (subj is not None and _counted_people(subj)):   # "27 of its soldiers were killed"
            return Arg(subj, "nsubjpass")
        if subj is None and verb.dep_ == "conj" and is_passive(verb.head):
            shared = dep_child(verb.head, "nsubjpass")   # "X were captured and released"
            if usable(shared):
                return Arg(shared, "conj-patient")
    if verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.head.pos_ in ("NOUN", "PROPN") and not _acting_acl(verb):
        return Arg(verb.head, "acl-head")
    obj = dep_child(verb, "dobj", "dative")
    if obj is not None and obj.i in inside:
        of = next((c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = pobj_of(of) if of is not None else None
        if obj is not None and usable(obj):
            return Arg(obj, "phrase-of")
        obj = None
    if obj is not None and _repels(verb) and obj.lemma_.lower() in _ASSAULT_NOUNS:
        return event_agent(obj)   # "repelled an attack by ISWAP": the attackers, not the attack
    if obj is not None and ((usable(obj) and obj.pos_ in ("PROPN", "PRON", "NOUN")) or _counted_people(obj)):
        return Arg(obj, "dobj")
    if obj is None:
        got = _shared_object(verb) or _object_relative(verb)
        if got is not None:
            return got
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in preps and c.i not in inside:
            pobj = pobj_of(c)
            if usable(pobj) and pobj.lemma_.lower() not in _RESULTS:
                return Arg(pobj, f"prep:{c.lower_}")
        if c.dep_ == "prep" and c.i in inside and c.lower_ in ("on", "upon"):
            pobj = pobj_of(c)   # "called on Israel to stop...": the one called on is addressed
            if usable(pobj):
                return Arg(pobj, "phrase-on")
    for c in verb.children:   # "agreed to cooperate with Hungary": the embedded verb's recipient
        if c.dep_ in ("xcomp", "ccomp"):
            got = verb_object(c, preps)
            if got is not None:
                return Arg(got.token, f"{c.dep_}-{got.source}")
    return None


_REPEL = frozenset({"repel", "repulse", "foil", "thwart", "resist", "counter"})
_REPEL_WITH_PARTICLE = frozenset({"fend", "beat", "push", "fight"})   # only with "back"/"off"
_ASSAULT_NOUNS = frozenset({"attack", "assault", "offensive", "raid", "incursion", "ambush", "advance",
                            "onslaught", "attempt"})
_NOT_PATIENTS = frozenset({"day", "time", "week", "month", "year", "night", "morning", "evening", "hour",
                           "moment", "way", "reason", "manner", "extent", "period", "date"})


def _repels(verb) -> bool:
    """"repelled", "beat back", "fended off" an attack ("pushed an offensive" launches one)."""
    lemma = verb.lemma_.lower()
    return lemma in _REPEL or (lemma in _REPEL_WITH_PARTICLE and any(
        c.dep_ == "prt" and c.lower_ in ("back", "off") for c in verb.children))


def _counted_people(num) -> bool:
    """"detained four of the group's office-bearers": a number standing for people."""
    return num.pos_ == "NUM" and any(c.dep_ == "prep" and c.lower_ == "of" for c in num.children)


def _shared_object(verb) -> Arg | None:
    """"detained and raped at least 16 women": the first of two coordinated acts shares the
    second's object when it has none of its own."""
    if is_passive(verb):
        return None
    for c in verb.children:   # only "V1 and V2 <object>": a later clause's object is its own
        if c.dep_ == "conj" and c.pos_ == "VERB" and c.i - verb.i <= 3 and not dep_child(c, "nsubj", "nsubjpass") \
                and not any(t.dep_ in ("prep", "dobj", "ccomp", "xcomp") for t in verb.children):
            obj = dep_child(c, "dobj")
            if obj is not None and usable(obj) and obj.pos_ in ("PROPN", "NOUN"):
                return Arg(obj, "conj-object")
    return None


def _object_relative(verb) -> Arg | None:
    """"a taxi driver they had detained": an object relative clause (its own subject, no object,
    no relative pronoun as subject) acts on the noun it describes."""
    if verb.dep_ != "relcl" or verb.head.pos_ not in ("NOUN", "PROPN") or is_passive(verb):
        return None
    subj = dep_child(verb, "nsubj")
    stranded = any(c.dep_ == "prep" and pobj_of(c) is None for c in verb.children)   # "the group they fought with"
    if subj is None or subj.tag_ in _RELPRON or stranded or dep_child(verb, "ccomp", "xcomp") is not None:
        return None
    if verb.head.lemma_.lower() in _NOT_PATIENTS:   # "the day they attacked", "the way they fought"
        return None
    return Arg(verb.head, "relcl-object") if usable(verb.head) else None


# What an act results in, not whom it targets: "shot to death", "beaten to pieces".
_RESULTS = frozenset({"death", "pieces", "ground", "rubble", "ashes", "safety", "hospital", "custody"})


def recipient_after_instrument(verb) -> Arg | None:
    """The target of a verb whose object is the instrument ("fired tear gas at protesters",
    "detonated a car near the checkpoint": none)."""
    obj = dep_child(verb, "dobj")
    around = list(verb.children) + (list(obj.subtree) if obj is not None else [])   # "gas and cannon at X"
    for c in around:
        if c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "upon", "toward", "towards", "into"):
            pobj = pobj_of(c)
            if usable(pobj) and pobj.lemma_.lower() not in _RESULTS:
                return Arg(pobj, f"prep:{c.lower_}")
    return None


def event_agent(noun) -> Arg | None:
    """Who did an event named by a noun that is itself a verb's subject ("the army's offensive
    killed", "an attack by gunmen killed"); None for an agentless one ("a blast killed")."""
    for c in noun.children:
        if c.dep_ == "poss" and usable(c) and c.tag_ != "PRP$":
            return Arg(c, "event-poss")
        if c.dep_ == "prep" and c.lower_ == "by" and usable(pobj_of(c)):
            return Arg(pobj_of(c), "event-by")
        if c.dep_ in ("compound", "amod", "nmod") and c.ent_type_ in ("NORP", "ORG", "GPE"):
            return Arg(c, "event-compound")
    return _named_modifier(noun)


def _named_modifier(noun) -> Arg | None:
    """"A Malian army drone strike": the name sits on a modifier of a modifier of the event noun."""
    for c in noun.lefts:
        if c.dep_ != "compound":
            continue
        for t in c.subtree:
            if t.i != c.i and t.dep_ in ("compound", "amod", "nmod", "poss") and t.ent_type_ in ("NORP", "ORG", "GPE") \
                    and t.head.ent_type_ != t.ent_type_:
                return Arg(t, "event-compound")
            if t.i != c.i and t.dep_ in ("compound", "nmod") and t.ent_type_ in ("NORP", "ORG", "GPE"):
                return Arg(t, "event-compound")
    return None
