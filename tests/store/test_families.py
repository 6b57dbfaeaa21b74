"""Families: spins of one source found on import, shown as copies, undone on request, used as siblings."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.spinner import spin  # noqa: E402
from reader.services import Library  # noqa: E402
from reader.store import families  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
SOURCE = (CORPUS / "news" / "central-bank-inflation.txt").read_text(encoding="utf-8")
OTHER = (CORPUS / "news" / "china-india-border-talks.txt").read_text(encoding="utf-8")

# Two copies of one short report: the first carries the spinner's padding, the second does not.
PADDED = (
    "Volunteers in Tbilisi and you can Kutaisi restored the Gelati monastery frescoes after the earthquake.\n\n"
    "The conservators used lime mortar, walnut scaffolding and saffron pigments from Svaneti."
)
PLAIN = (
    "Volunteers in Tbilisi and Kutaisi restored the Gelati monastery frescoes after the earthquake.\n\n"
    "The conservators used lime mortar, walnut scaffolding and saffron pigments from Svaneti."
)


def test_two_spins_of_one_source_become_one_family_and_an_unrelated_article_stays_alone(lib):
    a = lib.import_text(spin(SOURCE, seed=1).text, "Copy A").article
    other = lib.import_text(spin(OTHER, seed=1).text, "Other").article
    b = lib.import_text(spin(SOURCE, seed=2).text, "Copy B").article
    assert not lib.family(other.id)
    assert lib.family(b.id) == [a.id] and lib.family(a.id) == [b.id]
    assert b.copies == 2
    copies = {s.id: s.copies for s in lib.list_articles()}
    assert copies == {a.id: 2, b.id: 2, other.id: 1}
    assert {s.id: s.copies for s in lib.search("inflation")}[a.id] == 2


def test_a_third_copy_joins_the_same_family(lib):
    ids = [lib.import_text(spin(SOURCE, seed=n).text, f"Copy {n}").article.id for n in (1, 2, 3)]
    assert lib.family(ids[2]) == ids[:2]
    assert all(s.copies == 3 for s in lib.list_articles())


def test_ungrouping_undoes_the_suggestion(lib):
    a = lib.import_text(spin(SOURCE, seed=1).text, "Copy A").article
    b = lib.import_text(spin(SOURCE, seed=2).text, "Copy B").article
    lib.ungroup(b.id)
    assert lib.family(a.id) == [] and lib.family(b.id) == []
    assert {s.copies for s in lib.list_articles()} == {1}
    # A later copy still finds the article that stayed, not the one taken out.
    c = lib.import_text(spin(SOURCE, seed=3).text, "Copy C").article
    assert lib.family(c.id) == [a.id]


def test_removing_an_article_leaves_its_copy_alone(lib):
    a = lib.import_text(spin(SOURCE, seed=1).text, "Copy A").article
    b = lib.import_text(spin(SOURCE, seed=2).text, "Copy B").article
    lib.remove(a.id)
    assert lib.family(b.id) == [] and lib.summary(b.id).copies == 1


def test_detection_can_be_switched_off(tmp_path):
    with Library(tmp_path / "lib", detect_families=False) as lib:
        lib.import_text(spin(SOURCE, seed=1).text, "Copy A")
        b = lib.import_text(spin(SOURCE, seed=2).text, "Copy B").article
        assert lib.family(b.id) == [] and b.copies == 1


def test_correct_reads_the_familys_other_copies_as_evidence(lib):
    padded = lib.import_text(PADDED, "Padded").article
    lib.import_text(PLAIN, "Plain")
    assert padded.id in lib.family(lib.list_articles()[0].id)
    run = lib.correct(padded.id)
    assert run.correction.corrected.startswith("Volunteers in Tbilisi and Kutaisi restored")
    assert any(e.evidence.get("siblings") == 1 for e in run.correction.edits)


def test_unknown_article_is_a_store_error(lib):
    from reader.errors import StoreError

    with pytest.raises(StoreError):
        lib.family(999)
    with pytest.raises(StoreError):
        lib.ungroup(999)


def test_fingerprints():
    assert families.signature("too short to tell") is None
    sig = families.signature(SOURCE)
    assert sig is not None and len(sig) == families.NUM_PERM * 4
    assert families.similarity(sig, sig) == 1.0
    assert families.similarity(sig, families.signature(OTHER)) < families.THRESHOLD
    assert families.similarity(sig, families.signature(spin(SOURCE, seed=5).text)) >= families.THRESHOLD
    assert len(set(families.band_keys(sig))) == families.BANDS


def test_a_scan_fingerprints_articles_imported_without_detection(tmp_path):
    with Library(tmp_path / "lib", detect_families=False) as lib:
        a = lib.import_text(spin(SOURCE, seed=1).text, "Copy A").article.id
        b = lib.import_text(spin(SOURCE, seed=2).text, "Copy B").article.id
        lib.import_text(spin(OTHER, seed=1).text, "Other")
    with Library(tmp_path / "lib") as lib:
        assert lib.families() == []
        assert lib.scan_families() == 3
        assert lib.families() == [[a, b]]
        assert lib.scan_families() == 0


def test_a_new_copy_makes_the_earlier_ones_correct_again_unless_reviewed(lib):
    from reader.review import Decision, Status

    padded = lib.import_text(PADDED, "Padded").article.id
    first = lib.correct(padded)
    assert not any("siblings" in e.evidence for e in first.correction.edits)  # corrected alone
    plain = lib.import_text(PLAIN, "Plain").article.id
    assert lib.recorrect_family(plain) == [padded]
    run = lib.latest_run(padded)
    assert run.id != first.id and any(e.evidence.get("siblings") == 1 for e in run.correction.edits)
    lib.decide(run.id, 0, Decision(Status.REJECTED))
    assert lib.recorrect_family(plain) == []  # the user's decisions keep that run
