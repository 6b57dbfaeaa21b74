"""Messages for the hover card: one sentence a non-expert understands."""

from __future__ import annotations

SHORT = {
    "padding": "Spinner padding",
    "pronoun": "Pronoun swap",
    "synonym": "Thesaurus swap",
    "idiom": "Broken fixed phrase",
    "entity": "Corrupted name",
    "number": "Corrupted number",
    "sense": "Wrong-sense word",
    "tortured": "Tortured phrase",
}


def certainty(confidence: float) -> str:
    if confidence >= 0.85:
        return "almost surely"
    if confidence >= 0.6:
        return "probably"
    return "may have"


def _q(s: str) -> str:
    return f'"{s}"' if s else "nothing"


def message(category: str, spun: str, original: str, confidence: float, explanation: str, evidence: dict) -> str:
    said = f"the source {certainty(confidence)} said {_q(original)}"
    if category == "padding":
        head = f"{_q(spun)} is padding this spinner adds"
        if original == "":
            said = "the source almost surely had nothing here"
    elif category == "pronoun":
        head = f"{_q(spun)} looks like a pronoun the spinner swapped"
    elif category == "synonym":
        head = f"{_q(spun)} is a thesaurus neighbour this spinner puts for {_q(original)}"
    elif category == "idiom":
        head = f"{_q(spun)} is a fixed phrase with one word swapped"
    elif category == "entity":
        head = f"{_q(spun)} looks like a name the spinner treated as an ordinary word"
        if "document" in evidence:
            head += f" ({evidence['document']})"
    elif category == "number":
        head = f"{_q(spun)} is a corrupted number"
    elif category == "sense":
        head = f"{_q(spun)} is the wrong sense of {_q(original)}, a swap this spinner makes"
    elif category == "tortured":
        head = f"{_q(spun)} is a tortured phrase listed by the Problematic Paper Screener"
        said = f"the established term is {_q(original)}"
    else:
        head = f"{_q(spun)} looks spun"
    text = f"{head}; {said}."
    if explanation:
        text += f" {explanation[0].upper()}{explanation[1:]}"
        if not text.endswith((".", "!", "?", ")")):
            text += "."
    return text[0].upper() + text[1:] if text[0] != '"' else text
