"""Small learned decisions: logistic models over named features, fitted by tools/fit_content.py.

The weights ship as resources/models/content.json with the figures that fitted them; the
engine needs no numeric library to apply them (a dot product and a sigmoid).
"""

from __future__ import annotations

import json
import math
import operator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reader.paths import RESOURCES

PATH = RESOURCES / "models" / "content.json"


@dataclass(frozen=True, slots=True)
class Logistic:
    names: tuple[str, ...]
    coef: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    # The standardisation folded into the weights once: z = b + w . x (the content stage asks ~10 times a word)
    _w: tuple[float, ...] = field(init=False, repr=False, compare=False)
    _b: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        terms = list(zip(self.coef, self.mean, self.scale, strict=True))
        object.__setattr__(self, "_w", tuple(c / s for c, _m, s in terms))
        object.__setattr__(self, "_b", self.intercept - sum(c * m / s for c, m, s in terms))

    def prob(self, x: list[float]) -> float:
        if len(x) != len(self._w):
            raise ValueError(f"{len(x)} features for a model of {len(self._w)} ({', '.join(self.names)})")
        z = self._b + sum(map(operator.mul, self._w, x))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Logistic:
        return cls(tuple(d["names"]), tuple(d["coef"]), d["intercept"], tuple(d["mean"]), tuple(d["scale"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "names": list(self.names),
            "coef": [round(c, 6) for c in self.coef],
            "intercept": round(self.intercept, 6),
            "mean": [round(m, 6) for m in self.mean],
            "scale": [round(s, 6) for s in self.scale],
        }


@dataclass(frozen=True, slots=True)
class Weights:
    """The content-swap decisions: which candidate restores a word, and whether a word looks spun."""

    replace: Logistic
    suspect: Logistic
    flag_at: float  # suspect probability from which a word is highlighted

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Weights:
        return cls(Logistic.from_dict(d["replace"]), Logistic.from_dict(d["suspect"]), d["flag_at"])

    def to_dict(self) -> dict[str, Any]:
        return {"replace": self.replace.to_dict(), "suspect": self.suspect.to_dict(), "flag_at": self.flag_at}


@lru_cache(maxsize=1)
def shipped() -> Weights | None:
    """The fitted weights, or None before tools/fit_content.py has been run (no content stage)."""
    if not PATH.exists():
        return None
    return Weights.from_dict(json.loads(PATH.read_text(encoding="utf-8"))["weights"])
