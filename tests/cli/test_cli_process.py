"""The installed `unspin` command, run as a real process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

UNSPIN = Path(sys.executable).with_name("unspin")
pytestmark = pytest.mark.skipif(not UNSPIN.exists(), reason="the unspin entry point is not installed")


def _run(*args, env_extra=None, stdin=None, tmp_path=None):
    env = dict(os.environ)
    env.pop("UNSPIN_DEBUG", None)
    env.update(env_extra or {})
    return subprocess.run([str(UNSPIN), *map(str, args)], input=stdin, capture_output=True, env=env, timeout=120)


def test_real_process_errors_exit_codes_stdin_and_data_dir(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The brand new mayor and you can the council met.\n", encoding="utf-8")
    env = {"UNSPIN_DATA_DIR": str(tmp_path / "env-lib")}

    p = _run("correct", tmp_path / "missing.txt", env_extra=env)
    err = p.stderr.decode()
    assert p.returncode == 1 and p.stdout == b"" and err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"unspin: {tmp_path / 'missing.txt'}: ")

    p = _run("correct", tmp_path, env_extra=env)
    assert p.returncode == 1 and p.stderr.decode().count("\n") == 1

    p = _run("correct", "-", stdin=b"the brand new mayor\n", env_extra=env)
    assert p.returncode == 0 and p.stderr == b"" and p.stdout.strip()

    p = _run("import", article, env_extra=env)
    assert p.returncode == 0 and p.stdout.decode().startswith("1\t")
    assert (tmp_path / "env-lib" / "library.sqlite3").exists()

    p = _run("--data-dir", tmp_path / "flag-lib", "list", env_extra=env)
    assert p.returncode == 0 and p.stdout == b""  # the flag wins over the variable
    p = _run("list", env_extra=env)
    assert p.stdout.decode().startswith("1\t")


def test_a_closed_pipe_is_quiet(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("The brand new council met and talked.\n\n" * 4000, encoding="utf-8")
    p = subprocess.run(f"'{UNSPIN}' correct '{big}' | head -c 10", shell=True, capture_output=True, timeout=120)
    assert p.stdout and p.stderr == b""


def test_correct_does_not_load_the_library_stack(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("The brand new mayor spoke.\n", encoding="utf-8")
    code = (
        "import sys; from reader.cli import main; "
        f"rc = main(['correct', {str(article)!r}, '--format', 'html', '-o', {str(tmp_path / 'r.html')!r}]); "
        "print(rc, sorted(m for m in ('sqlalchemy', 'alembic', 'reader.services', 'reader.store') if m in sys.modules))"
    )
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.stdout.strip() == "0 []", p.stderr
