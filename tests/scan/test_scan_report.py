"""The HTML report: figures, an SVG histogram, escaped ids and links to open documents."""

from __future__ import annotations

from reader.scan.report import histogram_svg, render
from reader.scan.runner import Summary


def test_report_page(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a b.txt").write_text("x")
    s = Summary(out="out", docs=12, ok=10, spun=3, skipped=1, errors=1, words=5000, parts=2)
    s.hist[0], s.hist[19] = 7, 3
    s.domains = {"spam.example": 2}
    s.tortured = {"counterfeit consciousness → artificial intelligence": 2}
    s.top = [[0.99, "in/a b.txt", "in", "signature", 300], [0.8, "http://spam.example/<p>", "c.warc", "other", 90]]
    s.error_examples = [["bad.pdf", "damaged <PDF>"]]
    page = render(s)
    assert page.count("<svg") == 1 and page.count("<rect") == 20
    assert "spam.example" in page and "counterfeit consciousness" in page
    assert "damaged &lt;PDF&gt;" in page and "<p>" not in page.split("<body>")[-1].replace("<p class", "")
    assert (tmp_path / "in" / "a b.txt").as_uri() in page and "unspin gui " in page
    assert 'href="http://spam.example/&lt;p&gt;"' in page


def test_histogram_heights_follow_counts():
    svg = histogram_svg([0, 4, 1] + [0] * 17)
    heights = [float(part.split('height="')[1].split('"')[0]) for part in svg.split("<rect")[1:]]
    assert heights[1] > heights[2] > heights[0] == 0.0
