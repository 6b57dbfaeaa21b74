"""Small scan inputs: spun chunks of the seed (a real spun copy), clean corpus files, a WARC made with warcio."""

from __future__ import annotations

import io
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"
CORPUS = ROOT / "bench" / "corpus"
FRENCH = (
    "Le gouvernement a annoncé mardi une nouvelle réforme des retraites qui sera débattue au Parlement "
    "la semaine prochaine, malgré l'opposition des syndicats et de plusieurs partis de gauche."
)


def spun_chunks(n: int) -> list[str]:
    """n spun texts of ~300 words: consecutive paragraphs of the seed (a real spun copy)."""
    paras = [p for p in SEED.read_text("utf-8").split("\n") if p.strip()]
    size = max(1, len(paras) // n)
    return ["\n\n".join(paras[i * size : (i + 1) * size]) for i in range(n)]


def clean_texts(n: int) -> list[str]:
    return [p.read_text("utf-8") for p in sorted(CORPUS.glob("*/*.txt"))[:n]]


def write_warc(path: Path, pages: list[tuple[str, str]], *, extra: bool = True) -> None:
    """A gzipped WARC of HTML responses (url, text) plus records a scan must pass over."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    def http(ctype: str, status: str = "200 OK") -> StatusAndHeaders:
        return StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        w.write_record(w.create_warcinfo_record(path.name, {"software": "tests"}))
        for url, text in pages:
            paras = "".join(f"<p>{p}</p>" for p in text.split("\n") if p.strip())
            body = f"<html><head><title>t</title></head><body><article>{paras}</article></body></html>"
            w.write_record(w.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
            rec = w.create_warc_record(
                url, "response", payload=io.BytesIO(body.encode()), http_headers=http("text/html")
            )
            w.write_record(rec)
        if extra:
            png = w.create_warc_record(
                "http://img.example/a.png", "response", payload=io.BytesIO(b"\x89PNG"), http_headers=http("image/png")
            )
            w.write_record(png)
            gone = w.create_warc_record(
                "http://gone.example/",
                "response",
                payload=io.BytesIO(b"<html>gone</html>"),
                http_headers=http("text/html", "404 Not Found"),
            )
            w.write_record(gone)


def write_wet(path: Path, records: list[tuple[str, str, str | None]]) -> None:
    """A gzipped WET file as Common Crawl writes it: text/plain conversion records, with the language
    header (CLD2's ISO 639-3 codes, main language first) when `lang` is given."""
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        w = WARCWriter(out, gzip=True)
        for url, text, lang in records:
            headers = {"WARC-Identified-Content-Language": lang} if lang else None
            rec = w.create_warc_record(
                url,
                "conversion",
                payload=io.BytesIO(text.encode()),
                warc_content_type="text/plain",
                warc_headers_dict=headers,
            )
            w.write_record(rec)
