"""Baseline for the speed bench: read FILE and tokenize it as the engine does, nothing more."""

from __future__ import annotations

import sys
from pathlib import Path

from reader.engine.tokens import tokenize

text = Path(sys.argv[1]).read_text(encoding="utf-8")
print(len(tokenize(text)))
