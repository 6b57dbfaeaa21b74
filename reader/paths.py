"""Where the program's shipped data lives (kept for older imports; see reader.resources)."""

from __future__ import annotations

from reader.resources import resources_root, seeds_root

RESOURCES = resources_root()
SEEDS = seeds_root()
