"""The `unspin` command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from reader.engine import Options, correct


def _read(path: str) -> str:
    if path == "-":
        return sys.stdin.read()
    return Path(path).read_text(encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="unspin", description="Restore what a spun article really said.")
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("correct", help="correct one file and print the result")
    c.add_argument("file")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--min-confidence", type=float, default=None)
    args = ap.parse_args(argv)
    text = _read(args.file)
    opts = Options() if args.min_confidence is None else Options(min_confidence=args.min_confidence)
    result = correct(text, opts)
    if args.format == "json":
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(result.corrected)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
