"""A regular install works like the editable one: build the wheel, install it in a fresh venv, open every example.

Offline: the wheel is built with ``--no-build-isolation`` (the test extras bring a setuptools with
``bdist_wheel``), and the fresh venv sees the test venv's packages (numpy, PySide6, pyqtgraph) through a
``.pth`` line, not through its ``.pth`` files, so the test venv's editable netbuilder stays invisible there.
Everything runs from a folder outside the source tree.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import textwrap
import time
import zipfile
from pathlib import Path


ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p.name for p in (ROOT / "netbuilder" / "examples").glob("*.nbproj"))

# Runs inside the fresh venv: open every example in a real window, then switch to Chinese.
CHECK = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import netbuilder
    from netbuilder import examples
    from netbuilder.ui import i18n
    from netbuilder.ui.main_window import MainWindow

    app = QApplication([])
    win = MainWindow(QSettings(sys.argv[1], QSettings.IniFormat))
    win.quiet_errors = True  # a failed open is recorded in last_error instead of a modal box
    opened = {}
    for p in examples.example_paths():
        win.last_error = None
        ok = win.open_path(p, as_example=True)
        opened[p.name] = [bool(ok), len(win.doc.nodes), win.last_error]
    i18n.set_language("zh_CN")
    from netbuilder.core.layers import fused as fused_layers
    from netbuilder.core.optimizers import fused
    print(json.dumps({"package": netbuilder.__file__, "opened": opened, "fused": fused.AVAILABLE,
                      "fused_file": getattr(fused._ext, "__file__", None),
                      "fused_layers_file": getattr(fused_layers._ext, "__file__", None),
                      "menu": [a.text() for a in win.examples_menu.actions()],
                      "file_menu_zh": win.file_menu.title(), "icon": not win.windowIcon().isNull()}))
    win.undo_stack.setClean()
    win.close()
""")


def _run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, timeout=240, **kw)


def test_wheel_installs_and_opens_every_example(tmp_path):
    t0 = time.perf_counter()
    src = tmp_path / "src"  # a copy: the build writes build/ and *.egg-info beside the sources
    src.mkdir()
    for name in ("pyproject.toml", "setup.py", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "netbuilder", src / "netbuilder",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.pyd"))
    r = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
              "-q", "-w", str(tmp_path / "dist"), str(src)])
    assert r.returncode == 0, r.stdout + r.stderr
    (wheel,) = (tmp_path / "dist").glob("netbuilder-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for f in [f"netbuilder/examples/{e}" for e in EXAMPLES] + [
            "netbuilder/ui/i18n/netbuilder_zh_CN.ts", "netbuilder/ui/i18n/glossary.json",
            "netbuilder/ui/icons/netbuilder.svg", "netbuilder/ui/icons/netbuilder.desktop"]:
        assert f in names, f"{f} missing from the wheel"

    venv = tmp_path / "venv"
    r = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert r.returncode == 0, r.stderr
    py = venv / "bin" / "python"
    site = Path(_run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")  # plain paths: no editable hook
    r = _run([sys.executable, "-m", "pip", "--python", str(py), "install", "--no-deps", "--no-index", "-q",
              str(wheel)])
    assert r.returncode == 0, r.stdout + r.stderr

    work = tmp_path / "elsewhere"  # not the source tree: nothing may be found relative to the cwd
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CACHE_HOME=str(tmp_path / "cache"), HOME=str(work))
    r = _run([str(py), "-c", CHECK, str(tmp_path / "settings.ini")], cwd=work, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    out = json.loads(r.stdout.strip().splitlines()[-1])
    assert Path(out["package"]).resolve().is_relative_to(site.resolve())  # the wheel's copy, not the source tree
    assert sorted(out["opened"]) == EXAMPLES
    for name, (ok, n_nodes, error) in out["opened"].items():
        assert ok and n_nodes >= 3 and error is None, (name, error)
    assert len(out["menu"]) == len(EXAMPLES)
    assert out["file_menu_zh"] != "&File" and "文件" in out["file_menu_zh"]  # translations ship too
    assert out["icon"]
    # the optional compiled optimizer kernels were built into the wheel (this machine has a C compiler)
    assert out["fused"] and Path(out["fused_file"]).resolve().is_relative_to(site.resolve()), out["fused_file"]
    assert Path(out["fused_layers_file"] or "/").resolve().is_relative_to(site.resolve()), out["fused_layers_file"]

    # the console script: the first start opens the spiral example from the package and shows the window
    r = _run([str(venv / "bin" / "netbuilder"), "--smoke-exit"], cwd=work, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "window shown" in r.stderr and "Cannot open" not in r.stderr + r.stdout
    # the desktop entry and icon, for a Linux application menu, point at this installation
    r = _run([str(py), "-m", "netbuilder.ui.icons"], cwd=work, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    apps = tmp_path / "data" / "applications" / "netbuilder.desktop"
    entry = apps.read_text(encoding="utf-8")
    assert f'Exec="{venv / "bin" / "netbuilder"}" %f' in entry and "Icon=netbuilder" in entry
    icon = tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "netbuilder.svg"
    assert icon.read_text(encoding="utf-8").startswith("<?xml")
    print(f"wheel build, install and checks: {time.perf_counter() - t0:.1f} s")
