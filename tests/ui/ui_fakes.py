"""An in-memory stand-in for reader.services.Library (same API) and hand-built corrections."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path

from reader.engine.model import CATEGORIES, Correction, Edit, Replacement
from reader.errors import ImportFailed
from reader.review import Carried, Decision, carry_decisions, cleaned_text
from reader.services import ArticleRecord, ArticleSummary, ImportResult, Recorrection, RunRecord

# The real records, so the fake cannot drift from the API the window uses.
Summary, Record, Run, Imported = ArticleSummary, ArticleRecord, RunRecord, ImportResult


class FakeLibrary:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.articles: dict[int, Record] = {}
        self.runs: dict[int, Run] = {}
        self.decided: dict[int, dict[int, Decision]] = {}
        self.exported: list[tuple[int, str, str]] = []
        self._next = 1

    def _summary(self, r: Record) -> Summary:
        run = self.latest_run(r.id)
        return Summary(
            r.id,
            r.title,
            r.source_path,
            r.format,
            r.imported_at,
            run.correction.spin_score if run else None,
            len(run.correction.edits) if run else None,
        )

    def correction_evidence(self, article_id) -> dict:
        return {}  # no families or learned rows in the fake library

    def import_file(self, path) -> Imported:
        p = Path(path)
        try:
            data = p.read_bytes()
        except OSError as e:
            raise ImportFailed(p, f"cannot read the file: {e.strerror}") from e
        if b"\0" in data:
            raise ImportFailed(p, "is a binary file, not an article")
        text = data.decode("utf-8")
        with self.lock:
            for r in self.articles.values():
                if r.text == text:
                    return Imported(self._summary(r), True)
            aid = self._next
            self._next += 1
            rec = Record(aid, text.splitlines()[0][:60], text, str(p), "txt", datetime.now(UTC))
            self.articles[aid] = rec
            return Imported(self._summary(rec), False)

    def list_articles(self, sort: str = "imported_at") -> list[Summary]:
        items = [self._summary(r) for r in self.articles.values()]
        return sorted(items, key=lambda s: getattr(s, sort) or 0, reverse=sort != "title")

    def search(self, query: str) -> list[Summary]:
        return [self._summary(r) for r in self.articles.values() if query.lower() in r.text.lower()]

    def article(self, aid: int) -> Record:
        return self.articles[aid]

    def remove(self, aid: int) -> None:
        self.articles.pop(aid)

    def store_run(self, aid: int, correction: Correction) -> Run:
        with self.lock:
            rid = self._next
            self._next += 1
            run = Run(rid, aid, correction, datetime.now(UTC))
            self.runs[rid] = run
            return run

    def latest_run(self, aid: int) -> Run | None:
        runs = [r for r in self.runs.values() if r.article_id == aid]
        return max(runs, key=lambda r: r.id) if runs else None

    def decisions(self, run_id: int) -> dict[int, Decision]:
        return dict(self.decided.get(run_id, {}))

    def decide(self, run_id: int, index: int, decision: Decision | None) -> None:
        self.decide_many(run_id, {index: decision})

    def decide_many(self, run_id: int, decisions) -> None:
        d = self.decided.setdefault(run_id, {})
        for i, dec in decisions.items():
            if dec is None:
                d.pop(i, None)
            else:
                d[i] = dec

    def delete_run(self, run_id: int) -> None:
        self.runs.pop(run_id)
        self.decided.pop(run_id, None)

    def plan_recorrect(self, aid: int, options=None, model=None, assume_spun=None) -> Recorrection:
        import reader.engine

        previous = self.latest_run(aid)
        correction = reader.engine.correct(self.articles[aid].text, options)
        if previous is None:
            return Recorrection(aid, correction, None, Carried({}, []))
        return Recorrection(
            aid, correction, previous, carry_decisions(previous.correction, self.decisions(previous.id), correction)
        )

    def commit_recorrect(self, plan: Recorrection) -> Run:
        run = self.store_run(plan.article_id, plan.correction)
        self.decide_many(run.id, plan.carried.decisions)
        return run

    def export(self, aid: int, path, fmt: str, force: bool = False) -> Path:
        run = self.latest_run(aid)
        Path(path).write_text(cleaned_text(run.correction, self.decisions(run.id)), encoding="utf-8")
        self.exported.append((aid, str(path), fmt))
        return Path(path)


# A text with two paragraphs, an emoji before the edits (UTF-16 offsets differ from code points),
# a deletion, a replacement with alternatives, a suggestion below the threshold and a flag-only gap.
TEXT = (
    "Spun title 🚀 here\n"
    "Xi and you can Putin met in the cooler war era, because , and said the brand new deal was big.\n"
    "Third paragraph with Asia mentioned once."
)


def _edit(text: str, needle: str, reps, cat: str, conf: float, applied: bool, start: int = 0) -> Edit:
    off = text.index(needle, start)
    return Edit(
        offset=off,
        length=len(needle),
        original_text=needle,
        replacements=tuple(Replacement(v, c) for v, c in reps),
        rule_id=f"{cat}.test",
        category=CATEGORIES[cat],
        message=f"{needle!r} looks spun ({cat}).",
        short_message=f"{cat} fix",
        confidence=conf,
        applied=applied,
        evidence={"clue": f"test evidence for {needle}"},
    )


def make_correction(text: str = TEXT) -> Correction:
    edits = (
        _edit(text, "and you can", [("and", 0.95)], "padding", 0.95, True),
        _edit(text, "cooler war", [("cold war", 0.9), ("colder war", 0.3)], "idiom", 0.9, True),
        _edit(text, "because", [], "gap", 0.7, False),
        _edit(text, "the brand new ", [("", 0.8)], "padding", 0.8, True),
        _edit(text, "Asia", [("China", 0.35), ("Asia", 0.2)], "entity", 0.35, False),
    )
    return Correction(text=text, edits=edits, spin_score=0.4)
