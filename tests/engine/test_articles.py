"""'a'/'an' follow the restored word: the article is taken into the edit when the word needs the other one."""

from reader.engine import correct
from reader.engine.candidates import Candidate
from reader.engine.inversions import agree_articles
from reader.engine.tokens import tokenize
from reader.paths import SEEDS


def _cand(tok, word: str, originals: tuple[str, ...]) -> Candidate:
    k = tok.norms.index(word)
    return Candidate(k, k + 1, "synonym", originals, 0.9, "test.row")


def test_article_changes_with_the_restored_word():
    tok = tokenize("She worked as a instructor and as an educator.")
    first = _cand(tok, "instructor", ("teacher", "educator"))
    second = _cand(tok, "educator", ("teacher",))
    agree_articles(tok, [first, second])
    assert tok.raw[first.i] == "a" and first.originals == ("a teacher", "an educator")
    assert tok.raw[second.i] == "an" and second.originals == ("a teacher",)


def test_article_left_alone_when_it_already_agrees_or_cannot_tell():
    tok = tokenize("a frontrunner, an hour, a union")
    same = _cand(tok, "frontrunner", ("leader",))
    silent_h = _cand(tok, "hour", ("historic",))
    agree_articles(tok, [same, silent_h])
    assert (same.i, same.originals) == (1, ("leader",))
    assert silent_h.originals == ("historic",)


def test_article_inside_another_edit_is_not_taken_twice():
    tok = tokenize("a instructor")
    article = Candidate(0, 1, "padding", ("the",), 0.9, "test.pad")
    word = _cand(tok, "instructor", ("educator",))
    agree_articles(tok, [article, word])
    assert (word.i, word.originals) == (1, ("educator",))


def test_seed_output_has_no_article_mismatch_made_by_an_edit():
    c = correct((SEEDS / "xi-putin-nato-guardian-spun.txt").read_text(encoding="utf-8"))
    for e in c.edits:
        for r in e.replacements:
            words = r.value.split()
            if len(words) >= 2 and words[0].lower() in ("a", "an") and words[1].isalpha() and words[1][0] != "h":
                want = "an" if words[1][0].lower() in "aeio" else words[0].lower()
                assert words[0].lower() == want or words[1][0] == "u", (e.original_text, r.value)
