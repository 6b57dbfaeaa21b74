"""The local model's answers live in the library: correcting again (or reopening) asks nothing."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fake_openai import FakeServer  # noqa: E402
from reader.engine.local_model import ModelConfig  # noqa: E402
from reader.services import Library  # noqa: E402

SPUN = "The minister slammed the plan on Tuesday.\n\nCritics say the brand new scheme will cost jobs."
RESTORED = {
    "The minister slammed the plan on Tuesday.": "The minister criticised the plan on Tuesday.",
    "Critics say the brand new scheme will cost jobs.": "Critics say the scheme will cost jobs.",
}


def test_answers_are_stored_per_paragraph_and_model(tmp_path):
    with FakeServer(lambda s, u: RESTORED.get(u, u)) as srv:
        config = ModelConfig(srv.url, "m1")
        with Library(tmp_path / "lib") as lib:
            aid = lib.import_text(SPUN, "T").article.id
            first = lib.correct(aid, model=config)
            asked = len(srv.requests)
            assert asked == 2 and "criticised" in first.correction.corrected
        with Library(tmp_path / "lib") as lib:  # a new process opening the same library
            again = lib.correct(aid, model=config)
            assert len(srv.requests) == asked
            assert again.correction.edits == first.correction.edits
            lib.correct(aid, model=ModelConfig(srv.url, "m2"))
            assert len(srv.requests) == asked + 2
            assert lib.model_cache().get("no such key") is None
