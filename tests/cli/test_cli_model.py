"""`unspin correct --model` and `unspin model check` against a fake server on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.fake_openai import FakeServer  # noqa: E402

SPUN = "The minister slammed the plan on Tuesday and said it was a mistake."
SOURCE = "The minister criticised the plan on Tuesday and said it was a mistake."


@pytest.fixture
def server():
    with FakeServer(lambda system, user: SOURCE if "minister" in user else user, models=("tiny",)) as srv:
        yield srv


@pytest.fixture
def spun(tmp_path):
    p = tmp_path / "spun.txt"
    p.write_text(SPUN + "\n", encoding="utf-8")
    return p


def test_correct_with_a_model_prints_the_restored_text(run, server, spun):
    rc, out, err = run("correct", spun, "--model", f"{server.url}#tiny")
    assert rc == 0 and out == SOURCE + "\n"
    assert err.startswith("unspin: Model tiny: 1 paragraphs") and err.count("\n") == 1
    assert server.requests[0]["model"] == "tiny"


def test_the_environment_names_the_model_and_json_reports_it(run, server, spun, monkeypatch):
    monkeypatch.setenv("UNSPIN_MODEL", server.url)
    rc, out, _ = run("correct", spun, "--format", "json")
    data = json.loads(out)
    assert rc == 0 and data["corrected_text"] == SOURCE
    assert data["model"]["paragraphs"] == 1 and data["model"]["error"] is None
    assert any(e["rule_id"].startswith("model.") for e in data["edits"])


def test_a_dead_server_leaves_the_engine_result_and_says_so(run, spun, dead_port):
    rc, alone, _ = run("correct", spun)
    rc2, out, err = run("correct", spun, "--model", f"http://127.0.0.1:{dead_port}/v1")
    assert rc == rc2 == 0 and out == alone
    assert "connection refused" in err and "the engine's result is shown" in err and err.count("\n") == 1


def test_a_remote_server_is_refused_unless_allowed(run, spun):
    rc, out, err = run("correct", spun, "--model", "http://192.0.2.7:8080/v1#m")
    assert rc == 1 and out == ""
    assert "192.0.2.7 is not this computer" in err and "--allow-remote-model" in err and err.count("\n") == 1


def test_without_a_model_no_socket_is_opened(run, spun, monkeypatch):
    def refuse(*a, **k):
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    rc, out, err = run("correct", spun)
    assert rc == 0 and out and err == ""


def test_model_check(run, server, dead_port, monkeypatch):
    rc, out, err = run("model", "check", "--model", server.url)
    assert rc == 0 and f"{server.url} answers: model tiny" in out and "models on the server: tiny" in out
    rc, out, err = run("model", "check", "--model", f"http://127.0.0.1:{dead_port}")
    assert rc == 1 and "connection refused" in err
    monkeypatch.delenv("UNSPIN_MODEL", raising=False)
    rc, out, err = run("model", "check")
    assert rc == 1 and "no model configured" in err


def test_a_bad_unspin_model_variable_is_named(run, tmp_path, monkeypatch):
    """Before: `unspin correct X` with UNSPIN_MODEL=garbage:// set said only "garbage://: not an http(s) URL"."""
    spun = tmp_path / "spun.txt"
    spun.write_text("The brand new mayor spoke.\n", encoding="utf-8")
    for value, needle in (("garbage://", "not an http(s) URL"), ("http://example.com/v1", "not this computer")):
        monkeypatch.setenv("UNSPIN_MODEL", value)
        rc, out, err = run("correct", spun)
        assert (rc, out) == (1, "") and err.count("\n") == 1, err
        assert err.startswith(f"unspin: $UNSPIN_MODEL={value}: ") and needle in err, err
