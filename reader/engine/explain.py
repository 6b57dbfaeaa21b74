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
SHORT_BY_RULE = {  # rules whose family name would mislead on the card's first line
    "padding.spintax": "Leftover spintax",
    "padding.inversion": "Clause inversion",
}


def certainty(confidence: float) -> str:
    if confidence >= 0.85:
        return "almost surely"
    if confidence >= 0.6:
        return "probably"
    return "may have"


def _q(s: str) -> str:
    return f'"{s}"' if s else "nothing"


# Why the span looks spun, by category; {spun} and {original} are quoted phrases.
HEADS = {
    "padding": "{spun} is padding this spinner adds",
    "pronoun": "{spun} looks like a pronoun the spinner swapped",
    "synonym": "{spun} is a thesaurus neighbour this spinner puts for {original}",
    "idiom": "{spun} is a fixed phrase with one word swapped",
    "entity": "{spun} looks like a name the spinner treated as an ordinary word",
    "number": "{spun} is a corrupted number",
    "sense": "{spun} is the wrong sense of {original}, a swap this spinner makes",
    "tortured": "{spun} is a tortured phrase listed by the Problematic Paper Screener",
}


def message(category: str, spun: str, original: str, confidence: float, explanation: str, evidence: dict) -> str:
    """One or two sentences for the hover card: why the span is suspect and what it probably said.

    The content stage writes its own sentence (`evidence["suspect"]` set): it says how likely the
    word is the spinner's and, only when a candidate is likely, what the source said; so does leftover
    spintax (`evidence["choices"]`), where every choice is the spinner's and none is known to be the source.
    """
    if ("suspect" in evidence or "choices" in evidence) and explanation:
        return explanation
    head = HEADS.get(category, "{spun} looks spun").format(spun=_q(spun), original=_q(original))
    if category == "entity" and "document" in evidence:
        head += f" ({evidence['document']})"
    if category == "tortured":
        said = f"the established term is {_q(original)}"
    elif category == "padding" and original == "":
        said = "the source almost surely had nothing here"
    else:
        said = f"the source {certainty(confidence)} said {_q(original)}"
    text = f"{head}; {said}."
    if explanation and f'"{original.lower()}"' not in explanation.lower():  # else it only restates `said`
        text += f" {explanation[0].upper()}{explanation[1:]}"
        if not text.endswith((".", "!", "?", ")")):
            text += "."
    return text[0].upper() + text[1:]
