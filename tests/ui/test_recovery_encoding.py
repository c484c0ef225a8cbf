"""Recovery files are read as UTF-8 whatever the computer's locale (issue 23: a mutant that dropped
``encoding="utf-8"`` from ``read_info`` survived, because the tests ran in a UTF-8 locale).

The app writes its recovery files as ASCII JSON, but a file written by hand, by another tool or by a
later version may hold UTF-8 text (a Chinese project name); a learner's computer may run a non-UTF-8
locale (``LANG=C`` on a server, a Windows code page). The check runs in a child Python whose locale
encoding is ASCII.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def test_read_info_reads_utf8_in_an_ascii_locale(tmp_path):
    path = tmp_path / "recovery-123.nbproj"
    info = {"path": "/home/学生/项目.nbproj", "display": "项目", "pid": 123, "time": 1.0}
    path.write_text(json.dumps({"recovery": info}, ensure_ascii=False), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHONUTF8", "PYTHONIOENCODING"))}
    env.update(LC_ALL="C", PYTHONCOERCECLOCALE="0", PYTHONUTF8="0", QT_QPA_PLATFORM="offscreen")
    code = ("import json, locale, sys\n"
            "from netbuilder.ui.recovery import read_info\n"
            "assert locale.getpreferredencoding(False).lower() in ('ansi_x3.4-1968', 'ascii', 'us-ascii')\n"
            "print(json.dumps(read_info(sys.argv[1])))\n")
    out = subprocess.run([sys.executable, "-c", code, str(path)], env=env, capture_output=True, text=True,
                         encoding="utf-8", timeout=120)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == info
