"""A small OpenAI-compatible chat server on 127.0.0.1 for tests and benches.

    with FakeServer(lambda system, user: user.upper()) as srv:
        srv.url  # "http://127.0.0.1:PORT/v1"

`answer(system, user)` returns the assistant's text, or a `Reply` for anything else (a status,
a raw body, a delay). Every request is recorded in `srv.requests` (the parsed JSON body).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    text: str = ""
    status: int = 200
    raw: bytes | None = None  # sent as is instead of a chat completion
    delay: float = 0.0  # seconds before answering


Answer = Callable[[str, str], "str | Reply"]


class FakeServer:
    def __init__(self, answer: Answer, models: tuple[str, ...] = ("fake-model",)) -> None:
        self.answer = answer
        self.models = models
        self.requests: list[dict[str, Any]] = []
        self.stop_event = threading.Event()  # set on close: delayed answers give up
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet
                pass

            def _send(self, status: int, body: bytes) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except OSError:  # the client gave up (timeout, cancel)
                    pass

            def do_GET(self) -> None:  # noqa: N802
                if self.path.rstrip("/").endswith("/models"):
                    data = {"object": "list", "data": [{"id": m, "object": "model"} for m in outer.models]}
                    self._send(200, json.dumps(data).encode())
                else:
                    self._send(404, b'{"error": "not found"}')

            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(n) or b"{}")
                outer.requests.append(body)
                if not self.path.endswith("/chat/completions"):
                    self._send(404, b'{"error": "not found"}')
                    return
                msgs = body.get("messages", [])
                system = next((m["content"] for m in msgs if m.get("role") == "system"), "")
                user = msgs[-1]["content"] if msgs else ""
                got = outer.answer(system, user)
                reply = got if isinstance(got, Reply) else Reply(text=got)
                if reply.delay and outer.stop_event.wait(reply.delay):
                    return
                if reply.raw is not None:
                    self._send(reply.status, reply.raw)
                    return
                data = {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "model": body.get("model", ""),
                    "choices": [
                        {"index": 0, "message": {"role": "assistant", "content": reply.text}, "finish_reason": "stop"}
                    ],
                    "usage": {
                        "prompt_tokens": len((system + user).split()),
                        "completion_tokens": len(reply.text.split()),
                    },
                }
                self._send(reply.status, json.dumps(data).encode())

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="fake-openai", daemon=True)

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.stop_event.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self._thread.join(5)
