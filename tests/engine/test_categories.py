"""Each category of the field guide, on real examples, and the same words left alone in clean text."""

import pytest

from reader.engine import Options, correct
from reader.paths import SEEDS

SEED = (SEEDS / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8")
CONTEXT = "\n".join(SEED.splitlines()[:4])  # real spun paragraphs: opens the spin gate


def fixes(sentence: str, context: str = CONTEXT) -> tuple[str, list]:
    """The corrected sentence and its edits, corrected inside a spun document."""
    text = context + "\n" + sentence
    c = correct(text)
    start = len(context) + 1
    edits = [e for e in c.edits if e.offset >= start]
    corrected = c.corrected
    return corrected[corrected.rindex("\n") + 1 :], edits


def categories(edits) -> set[str]:
    return {e.category.id for e in edits if e.applied}


def test_padding_families():
    out, edits = fixes(
        "Xi and you can Putin desire Nato so you’re able to exclude expansion due to the fact Ukraine tensions rise"
    )
    assert out.startswith("Xi and Putin")
    assert "Nato to exclude" in out
    assert "expansion as Ukraine" in out
    # The source headline: "Xi and Putin urge Nato to rule out expansion as Ukraine tensions rise".
    assert out == "Xi and Putin urge Nato to exclude expansion as Ukraine tensions rise"
    assert categories(edits) == {"padding", "synonym"}
    first = next(e for e in edits if e.original_text == "and you can")
    assert first.best == "and" and first.confidence >= 0.85
    assert "padding" in first.message and '"and"' in first.message


def test_padding_the_brand_new_and_told_you():
    out, _ = fixes("The brand new declaration also dedicated an entire section, the brand new file told you.")
    assert out.startswith("The declaration")
    assert "the file said" in out or "the document said" in out


def test_brand_new_after_an_adjective_is_new_not_the():
    # "tough the rules" is what the trigram alone prefers; an adjective before it means "new".
    out, _ = fixes("The agency imposed tough brand new limitations on lenders.")
    assert "tough new limitations" in out
    out, _ = fixes("Officials won brand new powers last year.")  # "won" is a WordNet adjective, mainly a verb
    assert "won the powers" in out


def test_whom_as_a_subject_is_who_and_whom_as_an_object_stays():
    out, _ = fixes("Kim Byeong-ok, a star whom starred in cult favourite Oldboy, posed beside a car.")
    assert "a star who starred" in out
    out, _ = fixes("The woman whom she met was kind, and the man whom the police arrested left.")
    assert out.count("whom") == 2


def test_we_is_i_when_the_sentence_speaks_of_my_and_never_of_our():
    out, _ = fixes("We hoped my reaction did not sound too forced.")
    assert out.startswith("I hoped my reaction")
    out, _ = fixes("We took our children to see my mother.")
    assert out.startswith("We took our children")


def test_pronoun_swap():
    out, edits = fixes("Olena, a 29-year-old designer from Kherson, had to leave their unique domestic town.")
    assert "her" in out.split()
    assert "pronoun" in {e.category.id for e in edits}


def test_synonym_swap_leaders():
    out, edits = fixes("The 2 frontrunners fulfilled for the 38th big date since 2013.")
    assert "leaders met" in out
    assert "38th time" in out
    assert {"synonym", "idiom"} & categories(edits) or "synonym" in categories(edits)


def test_idiom_breakage():
    out, edits = fixes("They called for an end to the cooler war and he techniques bus diplomacy between them.")
    assert "cold war" in out
    assert "shuttle diplomacy" in out
    assert "idiom" in categories(edits)


def test_entity_with_document_evidence():
    ctx = CONTEXT + "\nBeijing and Xi Jinping hosted the summit; Chinese officials spoke."
    out, edits = fixes("Asia said it understands and supports the proposals.", ctx)
    assert out.startswith("China said")
    e = next(e for e in edits if e.original_text == "Asia")
    assert e.category.id == "entity"
    assert "beijing" in e.message.lower() or "beijing" in str(e.evidence).lower()


def test_entity_asia_pacific_stays():
    ctx = CONTEXT + "\nBeijing and Xi Jinping hosted the summit."
    out, _ = fixes("They denounced security blocs in the Asia Pacific region.", ctx)
    assert "Asia Pacific" in out


@pytest.mark.parametrize(
    "spun, expected, category",
    [
        ("The deal is worth step one,000 tonnes.", "1,000 tonnes", "number"),
        ("The company lost $dos.2bn last year.", "$2.2bn", "number"),
        ("Prices rose forty% this year.", "40%", "number"),
        ("Scholz will travel to Kyiv on fourteen February.", "14 February", "number"),
        ("Gazprom announced the 30-seasons contract.", "30-year contract", "number|synonym"),
    ],
)
def test_number_corruption(spun, expected, category):
    out, edits = fixes(spun)
    assert expected in out
    assert set(category.split("|")) & categories(edits)


def test_number_a_dollar_prefix():
    out, _ = fixes("The ticket costs A great$300 for adults.")
    assert "A$300" in out


def test_sense_error_virus():
    ctx = CONTEXT + "\nThe Covid-19 outbreak spread through Wuhan."
    out, edits = fixes("Wuhan, where herpes was first reported, was locked down.", ctx)
    assert "virus" in out
    assert "sense" in categories(edits)


def test_tortured_phrases_need_two_to_apply():
    text = "We used counterfeit consciousness and huge information to train the model."
    c = correct(text)
    assert c.corrected == "We used artificial intelligence and big data to train the model."
    assert {e.category.id for e in c.edits} == {"tortured"}
    lone = correct("Our study used counterfeit consciousness.")
    assert lone.edits and not lone.edits[0].applied  # one lone phrase: a suggestion only


def test_injected_spam_is_flagged_not_removed():
    text = SEED
    c = correct(text)
    spam = [e for e in c.edits if e.category.id == "injected"]
    assert spam and "Rate My Date" in spam[0].original_text
    assert not spam[0].applied
    assert "Rate My Date" in c.corrected


def test_a_keyword_line_above_the_headline_is_flagged_and_a_section_label_is_not():
    flagged = correct("chinese women dating\n\nMy Friend Is a Mail-Order Bride\n\nWe met in Shanghai.\n")
    line = [e for e in flagged.edits if e.rule_id == "injected.keyword_line"]
    assert line and line[0].original_text == "chinese women dating" and not line[0].applied
    assert not correct("world news\n\nLeaders Meet in Beijing\n\nThey met.\n").edits


def test_the_articles_own_topic_is_not_spam_even_under_a_pasted_keyword_line():
    text = (
        "chinese women dating\n\nMy Friend Is a Mail-Order Bride\n\n"
        "I had only agreed to be the maid of honour for a mail-order bride. We met in Shanghai.\n"
    )
    assert not [e for e in correct(text).edits if e.rule_id == "injected.keyword_anchor"]
    pasted = "The Two Leaders Met in Beijing\n\nThey met on Friday, as a mail-order bride site says.\n"
    assert [e for e in correct(pasted).edits if e.category.id == "injected"]


def test_gap_is_flagged_with_no_replacement():
    c = correct("The company has struggled since , when it lost its licence.")
    gaps = [e for e in c.edits if e.category.id == "gap"]
    assert gaps and gaps[0].replacements == () and not gaps[0].applied
    assert "cannot be restored" in gaps[0].message


CLEAN = (
    "The new policy was announced on Monday. Officials said a good deal of work remained, and you can "
    "see why: the Asia Pacific region is changing. She told the Guardian that the brand new stadium, "
    "which cost $2.2bn, will open on 14 February. Around 1,000 people attended, according to the police."
)


def test_clean_text_is_left_alone():
    c = correct(CLEAN)
    assert c.spin_score < 0.25
    assert c.corrected == CLEAN
    assert not [e for e in c.edits if e.applied]


def test_disabled_category_is_not_reported():
    c = correct(CONTEXT, Options(disabled_categories=frozenset({"padding"})))
    assert c.edits and all(e.category.id != "padding" for e in c.edits)
