"""Rule tables: loading resources/lexicon/*.tsv into an index by first word.

The format is documented in resources/lexicon/README.md. Tables load once per process and
are shared read-only by every correction; the parsed index is cached between runs (load).
"""

from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from reader.engine import tokens as _tokens_module
from reader.engine.tokens import TOKEN_RE, norm
from reader.resources import resource_path

HEADER = ["spun", "original", "category", "context", "prior", "source", "explanation"]
CATEGORY_IDS = {"padding", "pronoun", "synonym", "idiom", "entity", "number", "sense", "tortured"}
LEXICON_DIR = resource_path("lexicon", expect="*.tsv")  # ResourcesMissing (one line) when the tables are not installed

# A few closed classes for `next=pos:...` conditions. `pos:adj` is a word that is mainly an
# adjective in WordNet; the other open classes (noun, verb) are approximated as "a word that is not a function word".
DETERMINERS = frozenset("the a an this that these those my your his her its our their some any no every each".split())
PRONOUNS = frozenset("i you he she it we they me him her us them".split())
FUNCTION_WORDS = frozenset(
    """the a an this that these those my your his her its our their some any no every each
    i you he she it we they me him us them and or but if of to in on at by for with from as
    into onto about over under after before than then so not is are was were be been being
    am has have had do does did will would can could may might must shall should which who
    whom whose what when where why how there here also just very""".split()
)


class LexiconError(ValueError):
    """A table row that does not follow the documented format (a bug in shipped data)."""


SPECIAL_VALUES = ("^", "$", "Cap", "low", "num")


@dataclass(frozen=True, slots=True)
class Cond:
    kind: str  # prev | next | doc | sent
    negate: bool
    values: tuple[str, ...]
    words: frozenset[str] = frozenset()  # plain word values, for a set look-up
    special: tuple[str, ...] = ()  # ^ $ Cap low num pos:...


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    spun: tuple[str, ...]  # normalised tokens
    originals: tuple[str, ...]  # candidates, best first; "" = delete
    category: str
    conds: tuple[Cond, ...]
    prior: float
    source: str
    explanation: str
    needs_spun: bool
    use_lm: bool
    sig: bool
    table: str = ""  # the file it came from (otherspinners: marks of spinners other than the padding one)

    @property
    def phrase(self) -> str:
        return _detok(self.spun)


def _detok(tokens: tuple[str, ...] | list[str]) -> str:
    out = ""
    for t in tokens:
        if out and (t[0].isalnum() or t[0] in "$£€(") and not out.endswith(("-", "$", "(")):
            out += " "
        out += t
    return out


def split_phrase(phrase: str) -> tuple[str, ...]:
    return tuple(norm(m.group()) for m in TOKEN_RE.finditer(phrase))


def _tokens_as_written(phrase: str) -> tuple[str, ...]:
    """Tokens of a replacement, keeping the case the table gives (names, acronyms: "US-led")."""
    return tuple(m.group().replace("’", "'") for m in TOKEN_RE.finditer(phrase))


def _slug(tokens: tuple[str, ...]) -> str:
    s = re.sub(r"[^a-z0-9]+", "_", " ".join(tokens).lower()).strip("_")
    return s or "x"


def _parse_context(ctx: str, where: str) -> tuple[tuple[Cond, ...], bool, bool, bool]:
    conds: list[Cond] = []
    needs_spun = use_lm = sig = False
    if ctx.strip() in ("", "-"):
        return (), False, False, False
    for part in ctx.split(";"):
        part = part.strip()
        if not part:
            continue
        if part == "spun":
            needs_spun = True
        elif part == "lm":
            use_lm = True
        elif part == "sig":
            sig = True
        elif "=" in part:
            key, _, val = part.partition("=")
            negate = key.startswith("!")
            key = key.lstrip("!")
            if key not in ("prev", "next", "doc", "sent"):
                raise LexiconError(f"{where}: unknown condition {part!r}")
            values = tuple(v.strip() if v.strip() in ("Cap", "^", "$") else norm(v.strip()) for v in val.split("|"))
            special = tuple(v for v in values if v in SPECIAL_VALUES or v.startswith("pos:"))
            words = frozenset(v for v in values if v not in special)
            conds.append(Cond(key, negate, values, words, special))
        else:
            raise LexiconError(f"{where}: unknown condition {part!r}")
    return tuple(conds), needs_spun, use_lm, sig


def parse_table(path: Path) -> list[Rule]:
    rules: list[Rule] = []
    header_seen = False
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        where = f"{path.name}:{n}"
        if not header_seen:
            if [c.strip() for c in cols] != HEADER:
                raise LexiconError(f"{where}: header must be {' '.join(HEADER)}")
            header_seen = True
            continue
        cols += [""] * (len(HEADER) - len(cols))
        spun_s, orig_s, cat, ctx, prior_s, source, expl = (c.strip() for c in cols[: len(HEADER)])
        if cat not in CATEGORY_IDS:
            raise LexiconError(f"{where}: unknown category {cat!r}")
        spun = split_phrase(spun_s)
        if not spun:
            raise LexiconError(f"{where}: empty spun phrase")
        try:
            prior = float(prior_s)
        except ValueError:
            raise LexiconError(f"{where}: prior {prior_s!r} is not a number") from None
        if not 0.0 <= prior <= 1.0:
            raise LexiconError(f"{where}: prior {prior} outside 0..1")
        originals = tuple(_detok(_tokens_as_written(o)) for o in orig_s.split("|")) if orig_s else ("",)
        if spun_s.strip().lower() in [o.lower() for o in originals]:
            continue  # artefact: a row mapping a phrase to itself
        conds, needs_spun, use_lm, sig = _parse_context(ctx, where)
        rules.append(
            Rule(
                id=f"{cat}.{_slug(spun)}",
                spun=spun,
                originals=originals,
                category=cat,
                conds=conds,
                prior=prior,
                source=source or "team",
                explanation=expl,
                needs_spun=needs_spun,
                use_lm=use_lm,
                sig=sig,
                table=path.stem,
            )
        )
    return rules


@dataclass(frozen=True, slots=True)
class Lexicon:
    rules: tuple[Rule, ...]
    by_first: dict[str, tuple[Rule, ...]]  # one-token rules by their token
    by_pair: dict[tuple[str, str], tuple[Rule, ...]]  # longer rules by their first two tokens, longest first
    version: str

    def __len__(self) -> int:
        return len(self.rules)


def build(rules: list[Rule], version: str) -> Lexicon:
    # One row per (spun phrase, category context): keep the first, so files earlier in
    # name order win; duplicate ids get a numeric suffix to stay unique.
    seen: dict[str, int] = {}
    unique: list[Rule] = []
    for r in rules:
        if r.id in seen:
            seen[r.id] += 1
            r = replace(r, id=f"{r.id}.{seen[r.id]}")
        else:
            seen[r.id] = 0
        unique.append(r)
    singles: dict[str, list[Rule]] = {}
    pairs: dict[tuple[str, str], list[Rule]] = {}
    for r in unique:
        if len(r.spun) == 1:
            singles.setdefault(r.spun[0], []).append(r)
        else:
            pairs.setdefault((r.spun[0], r.spun[1]), []).append(r)
    by_first = {k: tuple(v) for k, v in singles.items()}
    by_pair = {k: tuple(sorted(v, key=lambda r: -len(r.spun))) for k, v in pairs.items()}
    return Lexicon(tuple(unique), by_first, by_pair, version)


@lru_cache(maxsize=4)
def load(directory: Path = LEXICON_DIR) -> Lexicon:
    """Every *.tsv table in `directory`, in name order; the version is a hash of their bytes.

    Parsing the tables takes about 0.1 s; the parsed index is kept in the user cache folder
    ($UNSPIN_CACHE_DIR, else the platform's), keyed by a hash of the tables' bytes and of
    the code that parses them, and read back in a fraction of that.
    """
    digest = hashlib.sha256()
    tables = sorted(directory.glob("*.tsv"))
    for path in tables:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    version = digest.hexdigest()[:12]
    cached = _cache_file(digest)
    if cached is not None:
        try:
            return _thaw(marshal.loads(cached.read_bytes()), version)
        except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError):
            pass  # absent, or from an interrupted write: parse and write it again
    rules: list[Rule] = []
    for path in tables:
        rules.extend(parse_table(path))
    lex = build(rules + generalise(rules), version)
    if cached is not None:
        _write_cache(cached, marshal.dumps(_freeze(lex)))
    return lex


# -- the parsed tables, cached -------------------------------------------------------------
CACHE_ENV = "UNSPIN_CACHE_DIR"
CACHE_FORMAT = b"lexicon-1"  # change when _freeze's layout changes


def cache_dir() -> Path:
    """Where derived data is kept between runs: $UNSPIN_CACHE_DIR, else the user cache folder."""
    base = os.environ.get(CACHE_ENV)
    if base:
        return Path(base)
    import platformdirs

    return Path(platformdirs.user_cache_dir("unspin-reader", appauthor=False))


def _cache_file(tables: hashlib._Hash) -> Path | None:
    """The cache file for these tables and this parser (None when the parser's source cannot be read)."""
    key = tables.copy()
    key.update(CACHE_FORMAT + sys.version.encode())
    try:
        for module in (__file__, _tokens_module.__file__):
            key.update(Path(module).read_bytes())  # a change in how rows are parsed is a new key
    except (OSError, TypeError):
        return None
    return cache_dir() / f"lexicon-{key.hexdigest()[:24]}.marshal"


def _write_cache(path: Path, data: bytes) -> None:
    """Write atomically (another process may read it meanwhile) and drop older tables' files; never fail."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
        for old in path.parent.glob("lexicon-*.marshal"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk: the next start parses again


def _freeze(lex: Lexicon) -> tuple:
    """The Lexicon as plain values marshal can write; rules in the indexes by position."""
    at = {id(r): i for i, r in enumerate(lex.rules)}
    rules = tuple(
        (
            r.id,
            r.spun,
            r.originals,
            r.category,
            tuple((c.kind, c.negate, c.values, c.words, c.special) for c in r.conds),
            r.prior,
            r.source,
            r.explanation,
            r.needs_spun,
            r.use_lm,
            r.sig,
            r.table,
        )
        for r in lex.rules
    )
    by_first = {k: tuple(at[id(r)] for r in v) for k, v in lex.by_first.items()}
    by_pair = {k: tuple(at[id(r)] for r in v) for k, v in lex.by_pair.items()}
    return rules, by_first, by_pair


def _thaw(data: tuple, version: str) -> Lexicon:
    rows, first, pair = data
    rules = tuple(
        Rule(i, s, o, c, tuple(Cond(*x) for x in cs) if cs else (), p, src, e, n, u, g, t)
        for i, s, o, c, cs, p, src, e, n, u, g, t in rows
    )
    by_first = {k: tuple(rules[i] for i in v) for k, v in first.items()}
    by_pair = {k: tuple(rules[i] for i in v) for k, v in pair.items()}
    return Lexicon(rules, by_first, by_pair, version)


GENERAL_PRIOR = 0.3  # a family row outside the contexts it was written for: the language model must agree
GENERAL_FAMILIES = ("padding", "pronoun")


def generalise(rules: list[Rule]) -> list[Rule]:
    """One context-free row per padding / pronoun substitution, gated and decided by the language model.

    A table row's positive context lists come from the copies it was seen in; the substitution
    itself is the spinner's family and holds on any article. So each (phrase, original) also
    gets a row without them, only in spun documents, kept only where the model prefers the
    original in this sentence. The rows' exclusions (`!prev=`, `!next=`: where ordinary English
    writes the phrase, "a brand new car", "Tough Brand New Restrictions") are kept, all of them.
    """
    keys: dict[tuple[tuple[str, ...], tuple[str, ...]], Rule] = {}
    exclusions: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Cond]] = {}
    for r in rules:
        if r.category not in GENERAL_FAMILIES:
            continue
        key = (r.spun, r.originals)
        keys.setdefault(key, r)
        have = exclusions.setdefault(key, [])
        have.extend(c for c in r.conds if c.negate and c.kind != "doc" and c not in have)
    out = []
    for key, r in keys.items():
        out.append(
            replace(
                r,
                id=r.id + ".general",
                conds=tuple(c for c in r.conds if c.kind == "doc") + tuple(exclusions[key]),
                prior=min(r.prior, GENERAL_PRIOR),
                needs_spun=True,
                use_lm=True,
                sig=False,
            )
        )
    return out
