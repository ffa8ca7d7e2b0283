"""Near-duplicate index (MinHash over word 5-shingles, estimated Jaccard >= 0.8)."""
from __future__ import annotations

from seismo.clean import NearDupIndex, near_duplicate_key
from seismo.clean.neardup import _shingles, signature, signature_from_text

STORY = ("GOMA (Wire) - Fighting between M23 rebels and the army spread to the outskirts of Sake on "
         "Thursday, forcing thousands of families to flee towards Goma, local officials said. The rebels, "
         "who control the coltan mines of Rubaya, denied targeting civilians in a statement issued late "
         "on Thursday, and accused the army of shelling villages held by the group.")
OTHER = ("BAMAKO (Wire) - Police arrested twelve protesters in the capital on Friday after a march "
         "against fuel prices turned violent, witnesses said. A police spokesman said officers had "
         "been attacked with stones and that an investigation had been opened into the clashes.")


def test_syndicated_copy_is_found_and_other_story_is_not():
    index = NearDupIndex()
    index.add("wire", STORY)
    index.add("other", OTHER)
    copy = STORY.replace("(Wire)", "(Daily Paper)") + " Copyright Daily Paper."
    assert index.find(copy) == "wire"
    assert index.find(OTHER.replace("twelve", "12")) == "other"
    rewritten = " ".join(STORY.split()[:30]) + " " + OTHER
    assert index.find(rewritten) is None


def _jaccard(a: str, b: str) -> float:
    sa, sb = _shingles(a), _shingles(b)
    return len(sa & sb) / len(sa | sb)


def test_threshold_is_0_8():
    index = NearDupIndex()
    index.add("wire", STORY)
    other = OTHER.split()
    near = STORY + " " + " ".join(other[:4])           # a short credit line appended
    far = STORY + " " + " ".join(other[:25])           # a quarter of another story appended
    assert _jaccard(STORY, near) > 0.9 and _jaccard(STORY, far) < 0.7
    assert index.find(near) == "wire"
    assert index.find(far) is None


def test_key_is_stable_storable_text():
    key = near_duplicate_key(STORY)
    assert key == near_duplicate_key(STORY) and isinstance(key, str)
    assert (signature_from_text(key) == signature(STORY)).all()
    assert near_duplicate_key("too short") is None
    assert signature_from_text("ab" * 1024) is None        # another signature format: not indexed


def test_best_match_wins_and_adding_twice_is_harmless():
    index = NearDupIndex()
    index.add("a", STORY)
    index.add("a", STORY)
    index.add("b", STORY + " Reporting by A. Writer; editing by B. Editor.")
    assert len(index) == 2
    assert index.find(STORY) == "a"
