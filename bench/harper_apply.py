"""Harper as a speed reference: lint FILE and apply each lint's first suggestion; print the result.

.venv/bin/python bench/harper_apply.py FILE > OUT     (needs harper-py: pip install -e '.[bench]')
"""

from __future__ import annotations

import sys
from pathlib import Path

import harper


def main() -> None:
    text = Path(sys.argv[1]).read_text(encoding="utf-8")
    linter = harper.Linter(harper.Dialect.BRITISH)
    out: list[str] = []
    for para in text.split("\n"):
        pos = 0
        pieces = []
        for lint in sorted(linter.lint(para), key=lambda li: li.span.start):
            span, sugg = lint.span, lint.suggestions
            if not sugg or span.start < pos:
                continue
            s = sugg[0]
            pieces.append(para[pos : span.start])
            if s.kind == harper.SuggestionKind.REPLACE:
                pieces.append(s.replacement_text)
                pos = span.end
            elif s.kind == harper.SuggestionKind.REMOVE:
                pos = span.end
            else:  # insert after
                pieces.append(para[span.start : span.end] + s.replacement_text)
                pos = span.end
        pieces.append(para[pos:])
        out.append("".join(pieces))
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
