"""Bytes -> text: encoding detection, stray NULs, line endings and conservative mojibake repair."""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass, field

import charset_normalizer
import ftfy

from reader.errors import ImportFailed
from reader.importers import sniff

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# ftfy limited to undoing wrong decodings: no quote uncurling, no width or ligature changes, no normalisation,
# so clean text comes out exactly as it went in.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

_SAMPLE = 200_000  # bytes given to charset-normalizer
_SCORED = 64_000  # bytes of each candidate reading scored for plausibility
# Tried besides charset-normalizer's candidates (it misses them on short texts).
_COMMON_SINGLE_BYTE = ("cp1250", "cp1251", "koi8-r", "cp1253", "cp1254", "cp1257", "iso8859-2", "iso8859-15")

# Control characters removed from text (tab and newline stay; form feeds and vertical tabs become breaks first).
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# Supplementary private-use code points: never article text, and the importers use them as internal markers.
RESERVED = re.compile("[\U000f0000-\U0010ffff]")


@dataclass
class Decoded:
    text: str
    encoding: str
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, where: str, *, what: str = "text", declared: str | None = None) -> Decoded:
    """Decode a text file's bytes, or raise ImportFailed naming why it is not text.

    `declared` is an encoding the document names itself (an HTML meta charset); it is used when it decodes cleanly.
    """
    if not data:
        raise ImportFailed(where, "the file is empty")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom) :], encoding, where, bom=True, what=what)
    utf16 = sniff.utf16_without_bom(data)
    if utf16:
        try:
            return _strict(data, utf16, where, what=what)
        except ImportFailed:
            pass
    kind = sniff.magic_kind(data)
    if kind:
        raise ImportFailed(where, f"this is a binary file ({kind}), not {what}")
    if sniff.looks_binary(data):
        raise ImportFailed(where, f"this is a binary file, not {what}")
    notes: list[str] = []
    nuls = data.count(0)
    if nuls:
        data = data.replace(b"\x00", b"")
        notes.append(f"removed {nuls} stray NUL byte{'s' if nuls != 1 else ''}")
    mostly = _mostly_utf8(data)
    if mostly is not None:  # valid UTF-8 but for a few bytes (a cut-off end): not a code page's text
        text, bad = mostly
        notes.append(f"replaced {bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} with \ufffd")
        return Decoded(text, "utf-8", notes)
    encoding = _pick_encoding(data, declared)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode(encoding, errors="replace")
        notes.append(f"some bytes are not valid {encoding} and were replaced with \ufffd")
    return Decoded(text, encoding, notes)


def _strict(data: bytes, encoding: str, where: str, *, bom: bool = False, what: str = "text") -> Decoded:
    """Decode with a known Unicode encoding; a few invalid bytes are replaced (with a note), many are an error."""
    notes = []
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        text = data.decode(encoding, errors="replace")
        bad = text.count("\ufffd")
        if bad > max(2, len(text) // 100):
            label = encoding.upper()
            raise ImportFailed(where, f"the file says it is {label} but is not valid {label}") from exc
        notes.append(f"replaced {bad} invalid byte sequence{'s' if bad != 1 else ''} with \ufffd")
    name = encoding + ("-sig" if bom and encoding == "utf-8" else "")
    nuls = text.count("\0")
    if nuls:
        if nuls > max(8, len(text) // 200):
            raise ImportFailed(where, f"this is a binary file, not {what}")
        text = text.replace("\0", "")
        notes.append(f"removed {nuls} stray NUL character{'s' if nuls != 1 else ''}")
    return Decoded(text, name, notes)


_REPLACEMENT_UTF8 = "\ufffd".encode()


def _mostly_utf8(data: bytes) -> tuple[str, int] | None:
    """(text, bad sequences) for UTF-8 with a few invalid bytes; None when valid or not UTF-8 at all.

    A code-page text (cp1252 "café") almost never forms valid multi-byte UTF-8 sequences, so
    at least as many valid ones as invalid, and few invalid, mean UTF-8 with damage.
    """
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(_REPLACEMENT_UTF8)
    valid = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    if 0 < bad <= max(16, len(text) // 200) and valid >= bad:
        return text, bad
    return None


def _pick_encoding(data: bytes, declared: str | None) -> str:
    # Valid UTF-8 beats a declared single-byte code page: pages are often re-saved as UTF-8 with the old
    # meta tag left in, while real cp1252 text almost never forms valid multi-byte UTF-8 sequences.
    if _decodes(data, "utf-8"):
        return "utf-8"
    if declared:
        try:
            codec = codecs.lookup(declared).name
        except LookupError:
            codec = None
        if codec in ("ascii", "latin-1", "iso8859-1"):
            codec = "cp1252"  # what browsers do with these labels
        if codec and _decodes(data, codec):
            return codec
    return _guess_encoding(data[:_SAMPLE])


def _guess_encoding(sample: bytes) -> str:
    """Pick among charset-normalizer's candidates, cp1252 and Latin-1 the reading that looks most like text.

    charset-normalizer alone is unreliable on short texts (it reads "don’t" in cp1252 as EBCDIC and curly
    quotes as Ukrainian letters), so every candidate is scored by _implausibility; ties go to cp1252, then to
    charset-normalizer's order.
    """
    candidates: list[str] = []
    for match in list(charset_normalizer.from_bytes(sample))[:5]:
        try:
            name = codecs.lookup(match.encoding).name
        except LookupError:
            continue
        if name not in candidates and _ascii_compatible(name) and _decodes(sample, name):
            candidates.append(name)
    for fallback in ("cp1252", *_COMMON_SINGLE_BYTE, "latin-1"):
        if fallback not in candidates and _decodes(sample, fallback):
            candidates.append(fallback)
    sample = sample[:_SCORED]

    def rank(name: str) -> tuple[int, int, int]:
        preference = 0 if name == "cp1252" else 2 if name in ("latin-1", "iso8859-1") else 1
        return _implausibility(sample.decode(name)), preference, candidates.index(name)

    return min(candidates, key=rank)


@functools.cache
def _ascii_compatible(encoding: str) -> bool:
    printable = bytes(range(0x20, 0x7F))
    try:
        return printable.decode(encoding) == printable.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD_WITH_NON_ASCII = re.compile(r"\w*[^\x00-\x7f]\w*")
_ASCII_LETTERS = re.compile(r"[A-Za-z]")
_EAST_ASIAN = {"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH", "BOPOMOFO"}


def _implausibility(text: str) -> int:
    """How unlike real text a decoding looks; the wrong code page scores high.

    Only non-ASCII characters are looked at (candidate decodings differ nowhere else): symbols squeezed
    between letters, control and unassigned characters, box drawing and Arabic presentation forms, words
    mixing scripts, and Latin words made mostly of accented letters (Cyrillic read as cp1252: "Ïðèâåò").
    """
    score = 0
    for match in _NON_ASCII.finditer(text):
        i = match.start()
        ch = text[i]
        category = unicodedata.category(ch)
        if category in ("Cc", "Cn", "Co", "Cs"):
            score += 2
        elif "\u2500" <= ch <= "\u259f" or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff":
            score += 1
        elif category == "Mn" and not (i and text[i - 1].isalpha()):
            score += 1  # a combining mark with no letter to sit on
        elif category == "Nd":
            score += 1  # digits of another script: rare in real text, common in wrong readings (Thai)
        elif not (ch.isalnum() or ch.isspace() or ch in "’") and 0 < i < len(text) - 1:
            score += text[i - 1].isalpha() and text[i + 1].isalpha()
    latin = len(_ASCII_LETTERS.findall(text))
    accented = 0
    for match in _WORD_WITH_NON_ASCII.finditer(text):
        word = match.group()
        scripts = set()
        for ch in word:
            if ch.isalpha():
                script = _script(ch)
                scripts.add(script)
                if script == "LATIN" and not ch.isascii():
                    latin += 1
                    accented += 1
        if len(scripts) > 1:
            score += len(word)  # "УhiФ", "naﺅve": letters of two scripts in one word
        elif any(a.islower() and b.isupper() for a, b in zip(word, word[1:], strict=False)):
            score += 1  # "рТЙЧЕФ": KOI8-R read as cp1251
    if accented >= 4 and accented > 0.4 * latin:
        score += accented  # "Ïðèâåò": Cyrillic read as cp1252
    return score


@functools.lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    if ch.isascii():
        return "LATIN"
    word = unicodedata.name(ch, "UNKNOWN").split(" ", 1)[0]
    return "CJK" if word in _EAST_ASIAN else word


def line_ending(text: str) -> str:
    """The file's line ending when it uses one kind throughout: "\r\n", "\r", else "\n"."""
    text = text.rstrip("\r") if "\r\n" in text else text  # a stray "\r" at the very end does not mix them
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    if crlf and not cr and not lf:
        return "\r\n"
    if cr and not crlf and not lf:
        return "\r"
    return "\n"


def normalise(text: str, notes: list[str] | None = None) -> str:
    """Line endings to \\n, page and line separators to breaks, control characters and internal markers out."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2029", "\n\n").replace("\u2028", "\n").replace("\x0c", "\n\n").replace("\x0b", "\n")
    removed = len(_CONTROL_CHARS.findall(text))
    if removed:
        text = _CONTROL_CHARS.sub("", text)
        if notes is not None:
            notes.append(f"removed {removed} control character{'s' if removed != 1 else ''}")
    reserved = len(RESERVED.findall(text))
    if reserved:
        text = RESERVED.sub("", text)
        if notes is not None:
            notes.append(f"removed {reserved} private-use character{'s' if reserved != 1 else ''}")
    return text


# UTF-8 read as cp1252 or Latin-1 always shows a lead byte (Â..ô) followed by a continuation byte
# (U+0080..U+00BF, or the cp1252 letters and signs those bytes stand for). Only lines with one go to ftfy.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039"
    "\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178]"
)


def repair_mojibake(text: str) -> str:
    """Undo UTF-8-read-as-cp1252 damage ("donâ€™t" -> "don’t"); leaves clean text unchanged."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    lines = text.split("\n")
    return "\n".join(ftfy.fix_text(line, _FTFY_CONFIG) if _MOJIBAKE_HINT.search(line) else line for line in lines)
