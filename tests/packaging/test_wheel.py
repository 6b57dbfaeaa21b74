"""The distribution works outside the checkout: a wheel built from the sdist, installed into a
fresh venv in a temporary folder, corrects the seed; without its tables it refuses in one line.

Slow (a few seconds): marked `slow`, kept in the suite. The fresh venv has no pip and no copies
of the dependencies: the wheel is installed with this venv's pip (--no-deps) and the
dependencies are reached through a .pth line naming this venv's site-packages (a path added
that way does not run the editable install's own .pth hook, so `reader` comes from the wheel).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "xi-putin-nato-guardian-spun.txt"

pytestmark = pytest.mark.slow


def _run(cmd: list[str], cwd: Path, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "UNSPIN_DATA_DIR")}
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=300, env=env, **kw)


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """sdist, then a wheel built from it (python -m build's default), without network (--no-isolation)."""
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "unspin-reader"
    tracked = _run(["git", "ls-files", "-co", "--exclude-standard"], ROOT).stdout.split()
    for rel in tracked:  # build a clean copy: no build/ or egg-info left in the checkout
        if (ROOT / rel).is_file():
            (src / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, src / rel)
    r = _run([sys.executable, "-m", "build", "--no-isolation", "-o", str(out), str(src)], src)
    assert r.returncode == 0, r.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("outside")
    env_dir = home / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    py = env_dir / "bin" / "python"
    wheel = next(dist.glob("*.whl"))
    r = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "-q", "--no-deps", str(wheel)], home)
    assert r.returncode == 0, r.stderr[-3000:]
    purelib = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], home).stdout.strip())
    (purelib / "zz_test_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return env_dir


def test_sdist_and_wheel_carry_every_resource(dist):
    shipped = {p.relative_to(ROOT / "resources").as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()}
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as z:
        in_wheel = {n.removeprefix("reader/_resources/") for n in z.namelist() if n.startswith("reader/_resources/")}
        assert "reader/_seeds/xi-putin-nato-guardian-spun.txt" in z.namelist()
    assert shipped and shipped <= in_wheel
    with tarfile.open(next(dist.glob("*.tar.gz"))) as t:
        in_sdist = {n.split("/resources/", 1)[1] for n in t.getnames() if "/resources/" in n}
    assert shipped <= in_sdist


def test_installed_wheel_corrects_the_seed_outside_the_checkout(installed, tmp_path):
    where = _run([str(installed / "bin" / "python"), "-c", "import reader; print(reader.__file__)"], tmp_path)
    assert where.stdout.startswith(str(installed)), where.stdout + where.stderr  # not the checkout
    r = _run([str(installed / "bin" / "unspin"), "correct", str(SEED)], tmp_path)
    assert r.returncode == 0, r.stderr
    first = r.stdout.splitlines()[0]
    from reader.engine import correct

    assert first == correct(SEED.read_text(encoding="utf-8")).corrected.split("\n", 1)[0]  # as in the checkout
    assert first.startswith("Xi and Putin ") and "you can" not in first
    assert r.stdout != SEED.read_text(encoding="utf-8")
    assert (installed / "bin" / "unspin-reader").exists()


def test_installed_engine_without_tables_refuses_in_one_line(installed, tmp_path):
    py = installed / "bin" / "python"
    lexicon = Path(
        _run(
            [str(py), "-c", "from reader.resources import *; print(resource_path('lexicon'))"], tmp_path
        ).stdout.strip()
    )
    assert lexicon.is_dir() and str(lexicon).startswith(str(installed))
    hidden = lexicon.with_name("lexicon-hidden")
    lexicon.rename(hidden)
    try:
        r = _run([str(installed / "bin" / "unspin"), "correct", str(SEED)], tmp_path)
    finally:
        hidden.rename(lexicon)
    assert r.returncode == 1
    assert r.stdout == ""
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and "lexicon" in lines[0] and "reinstall" in lines[0], r.stderr
