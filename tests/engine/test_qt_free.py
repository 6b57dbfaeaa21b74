"""The engine must import and run with PySide6 and SQLAlchemy unavailable (architecture rule 1)."""

import subprocess
import sys

BLOCK = """
import sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'sqlalchemy', 'shiboken6'):
            raise ImportError('blocked: ' + name)
        return None
sys.meta_path.insert(0, Block())
from reader.engine import correct
c = correct('Xi and you can Putin desire Nato so you\\u2019re able to exclude expansion')
print(len(c.edits))
assert not any(m.split('.')[0] in ('PySide6', 'sqlalchemy') for m in sys.modules)
"""


def test_engine_imports_and_runs_without_qt_or_sqlalchemy():
    p = subprocess.run([sys.executable, "-c", BLOCK], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert int(p.stdout.strip()) >= 1
