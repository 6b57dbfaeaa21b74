"""Number corruption: digits the spinner spelled out or "synonymised" ($dos.2bn, step one,000, forty%)."""

from __future__ import annotations

from reader.engine.candidates import Candidate
from reader.engine.tokens import Tokens

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
# The spinner's own spellings: "1" became "step one", "2" became "dos" (Spanish), "4" "cuatro".
SPINNER_DIGITS = {"dos": 2, "cuatro": 4, "tres": 3, "uno": 1, "cinco": 5}
MONTHS = frozenset("january february march april may june july august september october november december".split())
TRIGGERS = frozenset([*UNITS, *TENS, *SPINNER_DIGITS, "great", "good", "seasons", "season", ","])
ROUND_GROUPS = frozenset(["10", "20", "30", "40", "50", "60", "70", "80", "90", "100", "200", "250", "300", "500"])


def _word_value(tok: Tokens, k: int) -> tuple[int, int] | None:
    """(value, first token index) of a number word ending at token k, including a leading "step"."""
    w = tok.norms[k]
    if w in UNITS or w in SPINNER_DIGITS:
        v = UNITS.get(w, SPINNER_DIGITS.get(w))
        start = k
        if k > 0 and tok.norms[k - 1] == "step" and w in ("one", "two", "three", "four"):
            start = k - 1
        # forty-five
        if k >= 2 and tok.raw[k - 1] == "-" and tok.norms[k - 2] in TENS and w in UNITS and v < 10:
            return TENS[tok.norms[k - 2]] + v, k - 2
        return v, start
    if w in TENS:
        return TENS[w], k
    return None


def _glued(tok: Tokens, a: int, b: int) -> bool:
    return tok.ends[a] == tok.starts[b]


def _cand(i: int, j: int, value: str, conf: float, rule: str, why: str, gated: bool = False) -> Candidate:
    return Candidate(
        i, j, "number", (value,), conf, f"number.{rule}", explanation=why, evidence={"pattern": rule},
        needs_spun=gated, sig=not gated and conf >= 0.9,
    )  # fmt: skip


def number_candidates(tok: Tokens) -> list[Candidate]:
    out: list[Candidate] = []
    n = len(tok)
    raw = tok.raw
    for k in [k for k, w in enumerate(tok.norms) if w in TRIGGERS]:
        wv = _word_value(tok, k)
        if wv is not None:
            v, start = wv
            nxt = k + 1
            # "step one,000", "$dos.2bn": a number word glued to a digit group.
            if (
                nxt + 1 < n
                and raw[nxt] in ",."
                and _glued(tok, k, nxt)
                and _glued(tok, nxt, nxt + 1)
                and raw[nxt + 1][0].isdigit()
            ):
                out.append(
                    _cand(start, k + 1, str(v), 0.95, "spelled_digit",
                          "a number word glued to digits is how this spinner rewrites a digit"),
                )  # fmt: skip
                continue
            # "forty%"
            if nxt < n and raw[nxt] == "%" and _glued(tok, k, nxt):
                out.append(
                    _cand(start, k + 1, str(v), 0.93, "spelled_percent",
                          "a spelled-out number before % is how this spinner rewrites digits"),
                )  # fmt: skip
                continue
            # "fourteen February" / "February fourteen"
            if v >= 10 or tok.norms[start] == "step":
                if nxt < n and tok.norms[nxt] in MONTHS and raw[nxt][0].isupper():
                    out.append(
                        _cand(start, k + 1, str(v), 0.8, "spelled_date",
                              "dates are written in digits; the spinner spelled this day out"),
                    )  # fmt: skip
                    continue
                if start > 0 and tok.norms[start - 1] in MONTHS and raw[start - 1][0].isupper() and v <= 31:
                    out.append(
                        _cand(start, k + 1, str(v), 0.75, "spelled_date",
                              "dates are written in digits; the spinner spelled this day out"),
                    )  # fmt: skip
                    continue
        # "A great$300" -> "A$300"
        if (
            raw[k].lower() in ("great", "good")
            and 0 < k < n - 1
            and raw[k + 1] in "$£€"
            and _glued(tok, k, k + 1)
            and tok.norms[k - 1] == "a"
        ):
            out.append(
                    _cand(k - 1, k + 1, raw[k - 1], 0.9, "currency_prefix",
                          '"A$" (Australian dollars) was read as the article "a" and padded to "a great"'),
                )  # fmt: skip
        # "31-seasons deal" -> "31-year"
        if tok.norms[k] in ("seasons", "season") and k >= 2 and raw[k - 1] == "-" and raw[k - 2][0].isdigit():
            out.append(
                _cand(k, k + 1, "year", 0.9, "year_season", '"year" became "season(s)" in a number-year compound')
            )
        # "100,100 soldiers" -> "100,000": the spinner rewrote a round thousand group.
        if (
            raw[k] == ","
            and 0 < k < n - 1
            and raw[k + 1] == "100"
            and raw[k - 1] in ROUND_GROUPS
            and _glued(tok, k - 1, k)
            and _glued(tok, k, k + 1)
        ):
            out.append(
                    _cand(k + 1, k + 2, "000", 0.55, "round_thousand",
                          'a round figure whose last group reads "100" is how this spinner rewrites "000"', gated=True),
                )  # fmt: skip
    return out
