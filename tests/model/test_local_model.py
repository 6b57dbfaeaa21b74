"""The local-model pass against a real HTTP server on 127.0.0.1 (a fake that answers from a table)."""

from __future__ import annotations

import threading
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.fake_openai import FakeServer, Reply
from reader.engine import CATEGORIES, Cancelled, Correction, Edit, Options, Replacement
from reader.engine.local_model import (
    SYSTEM_PROMPT,
    Client,
    DictCache,
    ModelConfig,
    ModelError,
    RemoteRefused,
    check,
    is_loopback,
    parse_model_spec,
    refine,
)
from reader.engine.model_edits import check_edits

SPUN = (
    "The minister slammed the plan on Tuesday and you can said it was a mistake.\n\n"
    "Critics say the brand new scheme will cost 2,000 jobs in Leeds."
)
P1, P2 = SPUN.split("\n\n")
SOURCE_P1 = "The minister criticised the plan on Tuesday and said it was a mistake."
SOURCE_P2 = "Critics say the scheme will cost 2,000 jobs in Leeds."


def engine_alone(text: str = SPUN, edits: tuple[Edit, ...] = ()) -> Correction:
    """A hand-made engine result, so these tests do not depend on the engine's tables."""
    return Correction(text=text, edits=edits, spin_score=0.5)


def edit(text: str, spun: str, value: str, *, applied: bool, confidence: float, cat: str = "synonym") -> Edit:
    at = text.index(spun)
    return Edit(
        offset=at,
        length=len(spun),
        original_text=spun,
        replacements=(Replacement(value, confidence),),
        rule_id=f"test.{cat}",
        category=CATEGORIES[cat],
        message="engine",
        short_message="engine",
        confidence=confidence,
        applied=applied,
    )


def test_good_restorations_become_edits_on_the_original_text(table_server):
    srv = table_server({P1: SOURCE_P1, P2: SOURCE_P2})
    result, report = refine(SPUN, engine_alone(), ModelConfig(srv.url, "fake-model"))
    check_edits(SPUN, result.edits)
    assert result.corrected == SOURCE_P1 + "\n\n" + SOURCE_P2
    by_spun = {e.original_text.strip(): e for e in result.edits}
    assert by_spun["slammed"].rule_id == "model.swap" and by_spun["slammed"].applied
    assert by_spun["you can"].category.id == "padding" and by_spun["you can"].best == ""
    assert by_spun["brand new"].rule_id == "model.padding"
    assert "criticised" in by_spun["slammed"].message and "fake-model" in by_spun["slammed"].message
    assert by_spun["slammed"].evidence["model_sentence"] == SOURCE_P1
    assert report.paragraphs == 2 and report.requests == 2 and report.error is None
    assert report.added == 3 and sum(report.refused.values()) == 0
    # instructions in the system message, only the article text in the last user message
    sent = srv.requests[0]
    assert sent["model"] == "fake-model" and sent["temperature"] == 0
    assert sent["messages"][0] == {"role": "system", "content": SYSTEM_PROMPT}
    assert sent["messages"][-1] == {"role": "user", "content": P1}


def test_engine_edits_are_sent_applied_and_its_suspects_listed(table_server):
    padding = edit(SPUN, "and you can", "and", applied=True, confidence=0.9, cat="padding")
    suspect = edit(SPUN, "slammed", "criticised", applied=False, confidence=0.3)
    sent_p1 = P1.replace("and you can", "and")
    srv = table_server({sent_p1: SOURCE_P1})
    result, report = refine(SPUN, engine_alone(edits=(suspect, padding)), ModelConfig(srv.url))
    assert srv.requests[0]["messages"][-1]["content"] == sent_p1
    assert '"slammed"' in srv.requests[0]["messages"][0]["content"]
    check_edits(SPUN, result.edits)
    first = result.edits[0]
    # the model read what the engine only suggested: the engine's edit is applied, confidence up
    assert first.rule_id == "test.synonym" and first.applied and first.confidence >= 0.9
    assert first.evidence["model_agrees"] is True
    pad = next(e for e in result.edits if e.rule_id == "test.padding")
    assert pad.applied and pad.confidence > 0.9  # confirmed
    assert report.agreed == 2 and report.added == 0


def test_the_model_reading_the_spun_words_back_turns_an_engine_edit_into_a_suggestion(table_server):
    wrong = edit(SPUN, "Tuesday", "Monday", applied=True, confidence=0.8)
    srv = table_server({P1.replace("Tuesday", "Monday"): P1})
    result, report = refine(SPUN, engine_alone(edits=(wrong,)), ModelConfig(srv.url))
    (e,) = result.edits
    assert e.rule_id == "test.synonym" and not e.applied and e.confidence < 0.5
    assert report.vetoed == 1
    kept, _ = refine(SPUN, engine_alone(edits=(wrong,)), ModelConfig(srv.url, veto=False))
    assert kept.edits[0].applied


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("The minister criticised the plan on Tuesday and said it was a costly and avoidable mistake.", "adds"),
        ("The minister criticised the plan on Tuesday and said it was a mistake worth 5,000 pounds.", "adds"),
        ("The minister criticised the plan on Tuesday and said it was a mistake.", None),
        ("The minister criticised the plan on Wednesday and said it was a mistake.", "name"),
        ("The minister criticised the plan.", "length"),
        ("The premier Boris criticised the plan on Tuesday and said it was a mistake.", "name"),
    ],
)
def test_rewrites_beyond_a_spinner_swap_are_refused_and_counted(table_server, answer, reason):
    srv = table_server({P1: answer})
    result, report = refine(P1, engine_alone(P1), ModelConfig(srv.url))
    check_edits(P1, result.edits)
    if reason is None:
        assert sum(report.refused.values()) == 0
    else:
        assert report.refused[reason] >= 1
        assert all("Boris" not in (e.best or "") and "5,000" not in (e.best or "") for e in result.edits)
    if reason == "length":
        assert result.edits == ()


def test_numbers_and_quotes_need_evidence():
    text = 'He said "the plan is slammed" and 300 people came.\n\nLater 300 more came.'
    answers = {
        'He said "the plan is slammed" and 300 people came.': 'He said "the plan is doomed" and 400 people came.',
    }
    with FakeServer(lambda s, u: answers.get(u, u)) as srv:
        result, report = refine(text, engine_alone(text), ModelConfig(srv.url))
    assert report.refused["number"] == 1  # 400 appears nowhere else in the article
    doomed = next(e for e in result.edits if e.original_text == "slammed")
    assert doomed.best == "doomed"  # a one-word swap of common words is a relation, allowed in a quote
    # without a relation, a change inside a quotation is refused
    quote = 'She said "we go home now" to them.'
    with FakeServer(lambda s, u: 'She said "we travel xyzzy now" to them.') as srv:
        _, report = refine(quote, engine_alone(quote), ModelConfig(srv.url))
    assert report.refused["quote"] == 1


def test_numbers_with_the_same_value_and_names_found_elsewhere_are_allowed():
    text = "Reports from China grew.\n\nThe plant in Asia cut step one,000 jobs."
    restored = "The plant in China cut 1,000 jobs."
    with FakeServer(lambda s, u: restored if u.startswith("The plant") else u) as srv:
        result, report = refine(text, engine_alone(text), ModelConfig(srv.url))
    assert result.corrected == "Reports from China grew.\n\n" + restored
    families = {e.rule_id for e in result.edits}
    assert {"model.number"} <= families and sum(report.refused.values()) == 0


def test_a_dead_port_falls_back_to_the_engine_with_one_line(dead_port):
    engine = engine_alone(edits=(edit(SPUN, "slammed", "criticised", applied=True, confidence=0.9),))
    result, report = refine(SPUN, engine, ModelConfig(f"http://127.0.0.1:{dead_port}/v1", retries=1, backoff=0.01))
    assert result == engine
    assert "connection refused" in report.error and "\n" not in report.error
    assert report.requests == 2  # one retry, then the rest of the article is not asked
    assert "not used" in report.summary()


def test_a_slow_server_times_out():
    with FakeServer(lambda s, u: Reply(u, delay=5)) as srv:
        t = time.perf_counter()
        result, report = refine(P1, engine_alone(P1), ModelConfig(srv.url, timeout=0.3, retries=0))
        assert time.perf_counter() - t < 2
    assert result.edits == () and "no answer within 0.3 s" in report.error


@pytest.mark.parametrize(
    ("reply", "problem"),
    [
        (Reply(raw=b"<html>oops</html>"), "not JSON"),
        (Reply(raw=b'{"choices": []}'), "not a chat completion"),
        (Reply(raw=b'{"error": "model not found"}', status=404), "HTTP 404"),
    ],
)
def test_nonsense_answers_are_one_line_errors(reply, problem):
    with FakeServer(lambda s, u: reply) as srv:
        result, report = refine(P1, engine_alone(P1), ModelConfig(srv.url, retries=0))
    assert problem in report.error and result.edits == ()


def test_a_busy_server_is_retried_with_back_off():
    calls = []

    def answer(system, user):
        calls.append(time.perf_counter())
        return Reply(status=503, raw=b"busy") if len(calls) < 3 else SOURCE_P1

    with FakeServer(answer) as srv:
        result, report = refine(P1, engine_alone(P1), ModelConfig(srv.url, retries=2, backoff=0.1))
    assert result.corrected == SOURCE_P1 and report.error is None
    assert calls[2] - calls[1] >= 0.19 and calls[1] - calls[0] >= 0.09  # doubled


def test_remote_servers_are_refused_unless_allowed():
    with pytest.raises(RemoteRefused, match="--allow-remote-model"):
        parse_model_spec("http://192.168.1.20:8080/v1#llama")
    with pytest.raises(RemoteRefused):
        Client(ModelConfig("http://example.org/v1"))
    config = parse_model_spec("http://192.168.1.20:8080/v1#llama", allow_remote=True)
    assert config.model == "llama" and config.endpoint == "http://192.168.1.20:8080/v1/chat/completions"
    assert parse_model_spec("127.0.0.1:11434").endpoint == "http://127.0.0.1:11434/v1/chat/completions"
    for host in ("localhost", "127.0.0.1", "127.8.0.1", "::1", "[::1]"):
        assert is_loopback(host), host
    for host in ("10.0.0.1", "localhost.example.com", "0.0.0.0", "example.org"):
        assert not is_loopback(host), host
    with pytest.raises(ModelError, match="not an http"):
        parse_model_spec("ftp://127.0.0.1/v1")


def test_cancel_stops_a_waiting_request_at_once():
    flag = threading.Event()
    with FakeServer(lambda s, u: Reply(u, delay=10)) as srv:
        threading.Timer(0.2, flag.set).start()
        t = time.perf_counter()
        with pytest.raises(Cancelled):
            refine(P1, engine_alone(P1), ModelConfig(srv.url), options=Options(cancel=flag.is_set))
        assert time.perf_counter() - t < 1.5


def test_answers_are_cached_per_paragraph_and_model(table_server):
    srv = table_server({P1: SOURCE_P1, P2: SOURCE_P2})
    cache = DictCache()
    progress = []
    first, _ = refine(
        SPUN, engine_alone(), ModelConfig(srv.url, "a"), cache, Options(progress=lambda d, t: progress.append((d, t)))
    )
    assert progress == [(1, 2), (2, 2)]
    again, report = refine(SPUN, engine_alone(), ModelConfig(srv.url, "a"), cache)
    assert again == first and report.cached == 2 and report.requests == 0 and len(srv.requests) == 2
    _, other = refine(SPUN, engine_alone(), ModelConfig(srv.url, "b"), cache)
    assert other.requests == 2  # another model asks again


def test_check_names_the_model_and_the_time(table_server, dead_port):
    srv = table_server({}, models=("qwen2.5-7b",))
    ok = check(ModelConfig(srv.url))
    assert ok.ok and "answers: model qwen2.5-7b" in ok.message and ok.models == ("qwen2.5-7b",)
    bad = check(ModelConfig(f"http://127.0.0.1:{dead_port}/v1", retries=0))
    assert not bad.ok and "connection refused" in bad.message


@pytest.mark.parametrize(
    "wrapped",
    [
        f"Here is the restored paragraph:\n\n{SOURCE_P1}",
        f"<think>The spinner swapped a word.</think>\n{SOURCE_P1}",
        f"```\n{SOURCE_P1}\n```",
        f'"{SOURCE_P1}"',
    ],
)
def test_chatty_wrappers_around_the_answer_are_removed(table_server, wrapped):
    srv = table_server({P1: wrapped})
    result, report = refine(P1, engine_alone(P1), ModelConfig(srv.url))
    assert result.corrected == SOURCE_P1 and sum(report.refused.values()) == 0


def test_the_relation_hook_names_the_family(table_server, monkeypatch):
    from reader.engine import model_edits

    monkeypatch.setattr(model_edits, "relation", lambda spun, restored: "sense" if spun == "slammed" else None)
    srv = table_server({P1: SOURCE_P1})
    result, _ = refine(P1, engine_alone(P1), ModelConfig(srv.url))
    e = next(e for e in result.edits if e.original_text == "slammed")
    assert e.rule_id == "model.sense" and e.category.id == "sense" and e.confidence >= 0.8


def test_a_headline_may_restore_capitalised_ordinary_words(table_server):
    text = "Too Old On 27: The Fresh New Extraordinary Challenges For Asian Women\n\nWomen in Asia face pressure."
    srv = table_server({text.split("\n\n")[0]: "Too Old at 27: The Extraordinary Pressures on Asian Women"})
    result, report = refine(text, engine_alone(text), ModelConfig(srv.url))
    assert result.corrected.startswith("Too Old at 27: The Extraordinary Pressures on Asian Women")
    assert report.refused["name"] == 0


def test_long_paragraphs_go_in_pieces_of_whole_sentences():
    from reader.engine.local_model import MAX_REQUEST_WORDS, paragraphs

    sentence = "The minister slammed the plan and said it was a mistake. "
    text = (sentence * 80).strip() + "\n\nShort one.\n\n" + "word " * 500
    pieces = paragraphs(text)
    assert [text[a:b] for a, b in pieces][-2:] == ["Short one.", ("word " * 500).strip()]  # no sentence end: whole
    long = pieces[:-2]
    assert len(long) == 3 and all(len(text[a:b].split()) <= MAX_REQUEST_WORDS for a, b in long)
    assert all(text[a:b].endswith(".") and text[a:b].startswith("The") for a, b in long)
    assert "".join(text[a:b] + " " for a, b in long).strip() == (sentence * 80).strip()


def test_engine_flags_keep_their_place(table_server):
    flag = Edit(P1.index("Tuesday"), len("Tuesday"), "Tuesday", (), "test.gap", CATEGORIES["gap"], "m", "s", 0.9, False)
    srv = table_server({P1: SOURCE_P1.replace("Tuesday", "Monday")})
    result, report = refine(P1, engine_alone(P1, (flag,)), ModelConfig(srv.url, refuse=False))
    assert flag in result.edits and report.refused["engine"] == 1
    check_edits(P1, result.edits)


def test_the_engines_candidate_is_evidence_for_a_name(table_server):
    text = "The plant in Asia cut jobs on Tuesday and more."
    restored = "The plant in China cut jobs on Tuesday and more."
    srv = table_server({text: restored})
    alone, report = refine(text, engine_alone(text), ModelConfig(srv.url))
    assert alone.edits == () and report.refused["name"] == 1  # "China" appears nowhere else
    suggestion = edit(text, "Asia", "China", applied=False, confidence=0.4, cat="entity")
    result, report = refine(text, engine_alone(text, (suggestion,)), ModelConfig(srv.url))
    (e,) = result.edits
    assert e.rule_id == "test.entity" and e.applied and e.best == "China" and report.agreed == 1
    assert sum(report.refused.values()) == 0


def test_a_name_found_elsewhere_is_restored_as_a_name(table_server):
    text = "China grew fast.\n\nThe plant in Asia cut jobs on Tuesday and more."
    srv = table_server(
        {"The plant in Asia cut jobs on Tuesday and more.": "The plant in China cut jobs on Tuesday and more."}
    )
    result, _ = refine(text, engine_alone(text), ModelConfig(srv.url))
    (e,) = result.edits
    assert e.rule_id == "model.name" and e.category.id == "entity" and e.applied
    assert "appears elsewhere in the article" in e.message


def test_an_answer_with_the_whole_article_is_cut_to_the_paragraph(table_server):
    whole = SOURCE_P1 + "\n\n" + SOURCE_P2
    srv = table_server({P1: whole, P2: whole})
    result, report = refine(SPUN, engine_alone(), ModelConfig(srv.url))
    assert result.corrected == whole and sum(report.refused.values()) == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab .!?\n", max_size=3000))
def test_paragraph_pieces_hold_every_word_once(text):
    import re

    from reader.engine.local_model import MAX_REQUEST_WORDS, paragraphs

    pieces = paragraphs(text)
    assert all(a < b and (i == 0 or pieces[i - 1][1] <= a) for i, (a, b) in enumerate(pieces))
    for m in re.finditer(r"\w+", text):
        assert sum(a <= m.start() and m.end() <= b for a, b in pieces) == 1
    for a, b in pieces:  # only a piece with no sentence end inside may run long
        assert len(re.findall(r"\w+", text[a:b])) <= MAX_REQUEST_WORDS or not re.search(r"[.!?]\s+\w", text[a:b])


def test_without_a_model_name_the_servers_own_model_is_named(table_server):
    srv = table_server({P1: SOURCE_P1}, models=("qwen2.5:7b",))
    refine(SPUN, engine_alone(), ModelConfig(srv.url))
    assert [r["model"] for r in srv.requests] == ["qwen2.5:7b", "qwen2.5:7b"]  # one GET /v1/models, then asked by name
