"""Leftover spintax and Title Case headlines: the two things a reader sees first in other spinners' copies."""

from hypothesis import given
from hypothesis import strategies as st

from reader.engine import Options, correct
from reader.engine.tokens import tokenize

SPUN = Options(assume_spun=True)


def test_full_spintax_keeps_one_choice_and_says_none_is_known_to_be_the_source():
    c = correct("The {quick|fast|speedy} fox jumped over the {lazy|idle} dog.", SPUN)
    assert "{" not in c.corrected and "|" not in c.corrected
    assert c.corrected.startswith("The quick fox") or c.corrected.startswith("The fast fox")
    e = next(e for e in c.edits if e.rule_id == "padding.spintax")
    assert e.applied and {r.value for r in e.replacements} == {"quick", "fast", "speedy"}
    assert "almost surely" not in e.message and "spinner's choices" in e.message
    assert e.short_message.startswith("Leftover spintax: ")


def test_spintax_whose_opening_brace_was_lost_keeps_the_words_before_the_bar():
    text = "This equals a yearly rate of interest|interest that is annual} greater than 300 per cent."
    c = correct(text)  # no --spun: a template in prose is evidence enough
    assert "a yearly rate of interest greater than 300 per cent." in c.corrected


def test_a_manuals_notation_is_not_a_template():
    text = "Send {GET|POST} to the endpoint, or {0|1} as the flag."
    assert correct(text, SPUN).corrected == text


def test_title_case_headline_is_corrected_like_the_body():
    text = (
        "Payday Lending Faces Tough Brand New Restrictions by Customer Agency\n"
        "A federal agency on Thursday imposed tough brand new limitations on payday lending, "
        "a business that lends to customer groups.\n"
    )
    c = correct(text, SPUN)
    assert c.corrected.splitlines()[0] == "Payday Lending Faces Tough New Restrictions by Customer Agency"
    assert "imposed tough new limitations" in c.corrected


def test_a_headline_in_capitals_is_corrected_and_keeps_its_capitals():
    text = (
        "PAYDAY LENDING FACES TOUGH BRAND NEW RESTRICTIONS\n"
        "A federal agency on Thursday imposed tough brand new limitations on payday lending.\n"
    )
    assert correct(text, SPUN).corrected.splitlines()[0] == "PAYDAY LENDING FACES TOUGH NEW RESTRICTIONS"
    tok = tokenize("NATO LEADERS MEET\nThe leaders met and NATO said so.\n")
    assert {tok.raw[k] for k in tok.titled} == {"LEADERS"}


def test_title_case_words_are_lower_case_only_when_the_document_writes_them_so():
    tok = tokenize("Putin Meets Nato Leaders After Tough Talks\nThe talks were tough, and the leaders tired.\n")
    titled = {tok.raw[k] for k in tok.titled}
    assert titled == {"Leaders", "Tough", "Talks"}
    assert tok.capital(tok.raw.index("Putin")) and tok.capital(tok.raw.index("Nato"))
    assert not tok.capital(tok.raw.index("Tough"))


def test_sentence_case_lines_have_no_title_case_words():
    tok = tokenize("Xi and Putin urge Nato to rule out expansion as Ukraine tensions rise\nThe two leaders met.\n")
    assert tok.titled == frozenset()


@given(st.text(alphabet=st.sampled_from(list("Aa Bb Cc\n.,Tough tough")), max_size=200))
def test_titled_words_are_always_capitalised_word_tokens(text):
    tok = tokenize(text)
    for k in tok.titled:
        assert tok.words[k] and tok.raw[k][0].isupper() and not tok.capital(k)


def test_clause_inversion_with_the_familys_filler_and_without_a_determiner():
    c = correct("It was a decision that is certainly difficult for her, and she said so.", SPUN)
    assert "It was a difficult decision for her" in c.corrected
    c = correct("The bureau regulates lenders and watchdogs. It sided with lenders that are independent.", SPUN)
    assert c.corrected.endswith("It sided with independent lenders.")
    # a content word after the adjective: the clause goes on, nothing is moved
    text = "Sailors were flailing inside a sea that is changing fast, she wrote."
    assert "a sea that is changing" in correct(text, SPUN).corrected
