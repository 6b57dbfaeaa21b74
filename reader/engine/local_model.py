"""An optional local language model: an OpenAI-compatible /v1/chat/completions client and `refine`.

The model is a post-pass over the engine's Correction. Each paragraph goes to the server
with the engine's confident edits applied; the words the engine only suspects are listed in
the system message, so the last user message holds nothing but the article text. The
answer is turned into ordinary edits by reader.engine.model_edits.

Privacy: only loopback hosts unless `allow_remote` is set; nothing but the paragraph and the
instructions is sent. Standard library only (http.client), no SDK. Qt-free.
"""

from __future__ import annotations

import contextlib
import hashlib
import http.client
import ipaddress
import json
import os
import re
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any, Protocol
from urllib.parse import urlsplit

from reader.engine.model import Cancelled, Correction, Edit, Options
from reader.errors import UnspinError

MODEL_ENV = "UNSPIN_MODEL"
PROMPT_VERSION = "1"  # part of the cache key: a new prompt asks again
DEFAULT_TIMEOUT = 120.0  # seconds for one paragraph's answer (a 7B model on a CPU writes ~5-10 tokens/s)
POLL = 0.05  # how often a waiting request looks at the cancel flag

SYSTEM_PROMPT = """\
You restore articles that a "spinner" program rewrote to disguise copying. The spinner swapped \
words for thesaurus neighbours ("criticised" -> "slammed", "cold war" -> "cool combat"), \
added padding ("and you can", "the brand new", "so you're able to"), swapped pronouns \
("he" -> "the guy"), mangled names ("China" -> "Asia") and numbers ("1,000" -> "step one,000").
Write the paragraph back as its author wrote it. Change only words the spinner changed; keep \
every other word, the punctuation, names, numbers and quotes exactly as they are. Do not add, \
drop, summarise or explain anything. Answer with the restored paragraph only."""


class ModelError(UnspinError):
    """The model server is unreachable, too slow, refused or answered nonsense."""


class RemoteRefused(ModelError):
    """A non-loopback server without permission (--allow-remote-model)."""


@dataclass(frozen=True, slots=True)
class ModelConfig:
    url: str  # base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1
    model: str = ""  # the server's model name; "" lets a single-model server pick
    api_key: str = ""
    allow_remote: bool = False
    timeout: float = DEFAULT_TIMEOUT
    retries: int = 2  # extra attempts after a failure that may pass (connection, 5xx, 429, timeout)
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    refuse: bool = True  # apply the refusal rules (off only to measure what they cost)
    veto: bool = True  # an engine edit the model reads back as the spun words becomes a suggestion

    @property
    def name(self) -> str:
        """What the status bar and messages call the model."""
        return self.model or urlsplit(self.url).netloc or self.url

    @property
    def endpoint(self) -> str:
        base = self.url.rstrip("/")
        if base.endswith("/chat/completions"):
            return base
        if not base.endswith("/v1"):
            base += "/v1"
        return base + "/chat/completions"


def parse_model_spec(spec: str, *, allow_remote: bool = False, api_key: str = "") -> ModelConfig:
    """`URL[#MODEL]` -> ModelConfig (a bare host:port gets http://). The URL is checked, not contacted."""
    spec = spec.strip()
    url, _, model = spec.partition("#")
    url = url.strip()
    if not url:
        raise ModelError(spec or "--model", "no server URL (expected URL[#MODEL], e.g. http://127.0.0.1:8080/v1)")
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ModelError(spec, "not an http(s) URL (expected URL[#MODEL], e.g. http://127.0.0.1:8080/v1)")
    try:
        parts.port  # noqa: B018 (raises on a bad port)
    except ValueError:
        raise ModelError(spec, "the port is not a number between 0 and 65535") from None
    config = ModelConfig(url=url, model=model.strip(), api_key=api_key, allow_remote=allow_remote)
    check_allowed(config)
    return config


def config_from_env(*, allow_remote: bool = False) -> ModelConfig | None:
    """The model named by $UNSPIN_MODEL (URL[#MODEL]), with $UNSPIN_MODEL_KEY as API key; None if unset."""
    spec = os.environ.get(MODEL_ENV, "").strip()
    if not spec:
        return None
    return parse_model_spec(spec, allow_remote=allow_remote, api_key=os.environ.get("UNSPIN_MODEL_KEY", ""))


def is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost; no name is looked up (a DNS answer could point anywhere)."""
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_allowed(config: ModelConfig) -> None:
    host = urlsplit(config.url).hostname or ""
    if not config.allow_remote and not is_loopback(host):
        raise RemoteRefused(
            config.url,
            f"{host} is not this computer; article text would leave the machine "
            "(pass --allow-remote-model, or tick 'Allow a server on another computer' in Preferences)",
        )


# -- the HTTP client --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Answer:
    text: str
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0


class _Retry(Exception):
    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def _strip_answer(text: str) -> str:
    """The restored text without a reasoning block, code fences or a "Here is..." line."""
    text = re.sub(r"(?s)<think>.*?</think>", "", text).strip()
    fence = re.fullmatch(r"(?s)```[\w-]*\n?(.*?)\n?```", text)
    if fence:
        text = fence.group(1).strip()
    first, sep, rest = text.partition("\n")
    if (
        sep
        and rest.strip()
        and first.rstrip().endswith(":")
        and re.match(r"(?i)\W*(here|sure|restored|the restored)", first)
    ):
        text = rest.strip()
    return text


def _best_part(answer: str, sent: str) -> str:
    """From an answer far longer than the paragraph (a whole article, a preamble), the
    paragraph of it most like the one sent; otherwise the answer as it is."""
    from rapidfuzz import fuzz, process

    parts = [p.strip() for p in answer.split("\n") if p.strip()]
    if len(parts) < 2 or len(answer) < 1.5 * len(sent):
        return answer
    best = process.extractOne(sent, parts, scorer=fuzz.ratio, score_cutoff=60)
    return best[0] if best else answer


def _unwrap(answer: str, sent: str) -> str:
    """An answer wrapped in quotes the paragraph does not have, unwrapped."""
    for a, b in (('"', '"'), ("“", "”"), ("'", "'")):
        if len(answer) > 2 and answer.startswith(a) and answer.endswith(b) and not sent.startswith(a):
            return answer[1:-1].strip()
    return answer


def _parse(body: bytes) -> Answer:
    try:
        data = json.loads(body.decode("utf-8"))
        content = data["choices"][0]["message"]["content"]
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(None, f"the answer is not JSON ({_snippet(body)})") from None
    except (KeyError, IndexError, TypeError):
        raise ModelError(None, f"the answer is not a chat completion ({_snippet(body)})") from None
    if not isinstance(content, str):
        raise ModelError(None, "the answer has no text in choices[0].message.content")
    usage = data.get("usage") if isinstance(data, dict) else None
    usage = usage if isinstance(usage, dict) else {}
    return Answer(
        _strip_answer(content),
        int(usage.get("prompt_tokens") or 0),
        int(usage.get("completion_tokens") or 0),
    )


def _snippet(body: bytes, n: int = 60) -> str:
    s = " ".join(body.decode("utf-8", "replace").split())
    return repr(s[:n] + ("…" if len(s) > n else "")) if s else "empty"


class Client:
    """Blocking calls to one server, with timeouts, retries and cancellation."""

    def __init__(self, config: ModelConfig, cancel: Callable[[], bool] | None = None) -> None:
        check_allowed(config)
        self.config = config
        self.cancel = cancel or (lambda: False)
        self.requests = 0  # chat requests sent, retries included
        self._default_model: str | None = None

    def chat(self, system: str, user: str, max_tokens: int | None = None) -> Answer:
        """One chat completion: instructions in the system message, the article text last."""
        if not self.config.model and self._default_model is None:
            # Ollama and vLLM need a model name; a single-model server lists the one it has
            self._default_model = (self.models()[:1] or ["default"])[0]
        body: dict[str, Any] = {
            "model": self.config.model or self._default_model,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
            "temperature": 0,
            "stream": False,
        }
        if max_tokens:
            body["max_tokens"] = max_tokens
        return self._with_retries("POST", self.config.endpoint, json.dumps(body).encode("utf-8"), _parse)

    def models(self) -> list[str]:
        """The ids GET /v1/models lists (empty if the server does not offer the list)."""
        url = self.config.endpoint.rsplit("/chat/completions", 1)[0] + "/models"

        def parse(body: bytes) -> list[str]:
            try:
                data = json.loads(body.decode("utf-8"))
                return [str(m["id"]) for m in data.get("data", []) if isinstance(m, dict) and "id" in m]
            except (ValueError, AttributeError, TypeError):
                return []

        try:
            return self._with_retries("GET", url, None, parse, retries=0, count=False)
        except ModelError:
            return []

    # -- plumbing -----------------------------------------------------------------------
    def _with_retries(
        self, method: str, url: str, body: bytes | None, parse, retries: int | None = None, count: bool = True
    ):
        retries = self.config.retries if retries is None else retries
        delay = self.config.backoff
        for attempt in range(retries + 1):
            if self.cancel():
                raise Cancelled()
            try:
                started = time.perf_counter()
                raw = self._request(method, url, body, count)
                result = parse(raw)
                if isinstance(result, Answer):
                    result = replace(result, seconds=time.perf_counter() - started)
                return result
            except _Retry as e:
                if attempt == retries:
                    raise ModelError(self.config.url, e.problem) from None
                deadline = time.monotonic() + delay
                while time.monotonic() < deadline:
                    if self.cancel():
                        raise Cancelled() from None
                    time.sleep(POLL)
                delay *= 2
            except ModelError as e:
                raise ModelError(self.config.url, e.problem) from None
        raise AssertionError("unreachable")

    def _request(self, method: str, url: str, body: bytes | None, count: bool = True) -> bytes:
        """One HTTP exchange on a helper thread, so cancel and the deadline act at once."""
        parts = urlsplit(url)
        conn_cls = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        timeout = self.config.timeout
        conn = conn_cls(parts.hostname, parts.port, timeout=timeout)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.config.api_key:
            headers["Authorization"] = f"Bearer {self.config.api_key}"
        box: dict[str, Any] = {}
        done = threading.Event()

        def exchange() -> None:
            try:
                conn.request(method, path, body=body, headers=headers)
                resp = conn.getresponse()
                box["status"], box["reason"], box["body"] = resp.status, resp.reason, resp.read()
            except BaseException as e:  # handed to the waiting thread
                box["error"] = e
            finally:
                done.set()

        self.requests += count
        t = threading.Thread(target=exchange, name="unspin-model-request", daemon=True)
        t.start()
        deadline = time.monotonic() + timeout
        try:
            while not done.wait(POLL):
                if self.cancel():
                    raise Cancelled()
                if time.monotonic() > deadline:
                    raise _Retry(_slow(timeout))
        finally:
            if not done.is_set():
                _abort(conn)
        err = box.get("error")
        if err is not None:
            raise _Retry(_slow(timeout) if isinstance(err, socket.timeout | TimeoutError) else _network_problem(err))
        status = box["status"]
        if status in (429, 500, 502, 503, 504):
            raise _Retry(f"the server answered HTTP {status} {box['reason']} {_snippet(box['body'])}".strip())
        if status != 200:
            hint = " (check that the URL ends in /v1 and that the server has that model)" if status == 404 else ""
            raise ModelError(None, f"the server answered HTTP {status} {box['reason']}{hint}")
        return box["body"]


def _abort(conn: http.client.HTTPConnection) -> None:
    sock = conn.sock
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
    conn.close()


def _slow(timeout: float) -> str:
    return f"no answer within {timeout:g} s (is the model still loading, or too slow?)"


def _network_problem(err: BaseException) -> str:
    if isinstance(err, ConnectionRefusedError):
        return "nothing answers there (connection refused): is the model server running?"
    if isinstance(err, socket.gaierror):
        return "cannot find that host name"
    if isinstance(err, http.client.HTTPException | ConnectionError):
        return f"the connection broke ({type(err).__name__})"
    if isinstance(err, OSError):
        return f"cannot reach the server: {err.strerror or err}"
    return f"cannot reach the server: {type(err).__name__}: {err}"


# -- the cache ------------------------------------------------------------------------------


class AnswerCache(Protocol):
    """Answers by key (paragraph + model); the library stores them (reader.store)."""

    def get(self, key: str) -> str | None: ...

    def put(self, key: str, model: str, answer: str) -> None: ...


class DictCache:
    """An in-memory AnswerCache (tests, benches)."""

    def __init__(self) -> None:
        self.data: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.data.get(key)

    def put(self, key: str, model: str, answer: str) -> None:
        self.data[key] = answer


def cache_key(config: ModelConfig, system: str, user: str) -> str:
    who = config.model or config.url
    return hashlib.sha256(json.dumps([PROMPT_VERSION, who, system, user]).encode("utf-8")).hexdigest()


# -- refine: the post-pass ------------------------------------------------------------------


@dataclass
class ModelReport:
    """What the model pass did, for the status bar, `unspin correct` and the bench."""

    model: str
    url: str
    paragraphs: int = 0  # paragraphs sent or answered from the cache
    requests: int = 0
    cached: int = 0
    added: int = 0  # model edits in the result
    agreed: int = 0  # engine edits the model confirmed (confidence raised)
    vetoed: int = 0  # engine edits the model read back as spun (now suggestions)
    refused: Counter = field(default_factory=Counter)  # reason -> count
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    error: str | None = None  # the first failure; the rest of the article kept the engine's result

    def summary(self) -> str:
        """One line for people."""
        if self.paragraphs == 0 and self.error:
            return f"Model {self.model} at {self.url} not used: {self.error}; the engine's result is shown."
        refused = sum(self.refused.values())
        line = (
            f"Model {self.model}: {self.paragraphs} paragraphs ({self.cached} from the cache), "
            f"{self.added} changes added, {self.agreed} engine changes confirmed, {self.vetoed} doubted, "
            f"{refused} rewrites refused"
        )
        if refused:
            line += " (" + ", ".join(f"{n} {why}" for why, n in self.refused.most_common()) + ")"
        if self.error:
            line += f"; stopped early: {self.error} (the rest is the engine's result)"
        return line + "."

    def to_dict(self) -> dict[str, Any]:
        d = {k: getattr(self, k) for k in self.__dataclass_fields__}
        d["refused"] = dict(self.refused)
        d["seconds"] = round(self.seconds, 3)
        return d


MAX_REQUEST_WORDS = 350  # a longer paragraph goes in pieces of whole sentences


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A long paragraph cut after sentence ends into runs of at most MAX_REQUEST_WORDS words."""
    if len(re.findall(r"\w+", text[start:end])) <= MAX_REQUEST_WORDS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    piece, words = start, 0
    for m in re.finditer(r"[^.!?]+(?:[.!?]+[\"”’)]*\s*|$)", text[start:end]):
        n = len(re.findall(r"\w+", m.group()))
        if words and words + n > MAX_REQUEST_WORDS:
            out.append((piece, start + m.start()))
            piece, words = start + m.start(), 0
        words += n
    out.append((piece, end))
    trimmed = [(a + len(text[a:b]) - len(text[a:b].lstrip()), a + len(text[a:b].rstrip())) for a, b in out]
    return [(a, b) for a, b in trimmed if re.search(r"\w", text[a:b])]


def paragraphs(text: str, edits: tuple[Edit, ...] = ()) -> list[tuple[int, int]]:
    """(start, end) of each line of text with words (long ones in pieces), joined where an edit spans a break."""
    spans = [
        piece
        for m in re.finditer(r"[^\n]+", text)
        if re.search(r"\w", m.group())
        for piece in _pieces(text, m.start(), m.end())
    ]
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and any(ed.offset < s and ed.end > out[-1][1] for ed in edits):
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
    return out


def system_message(suspects: list[str]) -> str:
    if not suspects:
        return SYSTEM_PROMPT
    listed = "; ".join(f'"{s}"' for s in suspects[:40])
    return f"{SYSTEM_PROMPT}\nA checker suspects these words in this paragraph: {listed}."


def refine(
    text: str,
    correction: Correction,
    config: ModelConfig,
    cache: AnswerCache | None = None,
    options: Options | None = None,
    client: Client | None = None,
) -> tuple[Correction, ModelReport]:
    """The engine's correction with the model's restorations merged in, and what happened.

    Network failures never raise: the report carries the one-line error and the paragraphs
    not done keep the engine's result. Options.cancel raises Cancelled between (and during)
    requests; Options.progress gets (paragraphs done, paragraphs in all).
    """
    from reader.engine import model_edits

    options = options or Options()
    report = ModelReport(model=config.name, url=config.url)
    started = time.perf_counter()
    client = client or Client(config, options.cancel)
    spans = paragraphs(text, correction.edits)
    merged: list[model_edits.ParagraphResult] = []
    for n, (p0, p1) in enumerate(spans):
        if options.cancel is not None and options.cancel():
            raise Cancelled()
        para = model_edits.Paragraph.build(text, p0, p1, correction.edits)
        system = system_message(para.suspects())
        key = cache_key(config, system, para.sent)
        answer = cache.get(key) if cache is not None else None
        if answer is not None:
            report.cached += 1
        elif report.error is None:
            try:
                got = client.chat(system, para.sent, max_tokens=64 + len(para.sent) // 2)
            except ModelError as e:
                report.error = e.problem
                got = None
            if got is not None:
                answer = got.text
                report.prompt_tokens += got.prompt_tokens
                report.completion_tokens += got.completion_tokens
                if cache is not None:
                    cache.put(key, config.name, answer)
        if answer is not None:
            answer = _unwrap(_best_part(answer, para.sent), para.sent)
            report.paragraphs += 1
            merged.append(model_edits.align(para, answer, config, text))
        if options.progress is not None:
            options.progress(n + 1, len(spans))
    report.requests = client.requests
    result = model_edits.merge(text, correction, merged, config, report, options.disabled_categories)
    report.seconds = time.perf_counter() - started
    return result, report


@dataclass(frozen=True, slots=True)
class CheckResult:
    ok: bool
    message: str
    seconds: float = 0.0
    models: tuple[str, ...] = ()


CHECK_PARAGRAPH = "The minister slammed the plan and you can said it would cost taxpayers a lot of money."


def check(config: ModelConfig, cancel: Callable[[], bool] | None = None) -> CheckResult:
    """Whether the server answers a one-paragraph request, and how fast (`unspin model check`)."""
    try:
        client = Client(config, cancel)
    except ModelError as e:
        return CheckResult(False, str(e))
    models = tuple(client.models())
    try:
        answer = client.chat(system_message([]), CHECK_PARAGRAPH, max_tokens=80)
    except ModelError as e:
        listed = f" (the server lists: {', '.join(models[:5])})" if models else ""
        return CheckResult(False, f"{e}{listed}", models=models)
    if not answer.text.strip():
        return CheckResult(False, f"{config.url}: the model answered with empty text", answer.seconds, models)
    speed = ""
    if answer.completion_tokens:
        speed = f", {answer.completion_tokens / max(answer.seconds, 1e-6):.0f} tokens/s"
    return CheckResult(
        True,
        f"{config.url} answers: model {config.model or (models[0] if models else 'default')}, "
        f"{answer.seconds:.2f} s for a {len(CHECK_PARAGRAPH.split())}-word paragraph{speed}",
        answer.seconds,
        models,
    )


__all__ = [
    "MODEL_ENV",
    "AnswerCache",
    "CheckResult",
    "Client",
    "DictCache",
    "ModelConfig",
    "ModelError",
    "ModelReport",
    "RemoteRefused",
    "check",
    "config_from_env",
    "parse_model_spec",
    "refine",
]
