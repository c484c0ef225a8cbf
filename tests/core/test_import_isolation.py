"""netbuilder.core must never import Qt, pyqtgraph or netbuilder.ui."""

import subprocess
import sys


def test_core_imports_no_qt():
    code = (
        "import sys, netbuilder.core, netbuilder.core.models\n"
        "import netbuilder.core.layers, netbuilder.core.losses, netbuilder.core.optimizers\n"
        "import netbuilder.core.datasets, netbuilder.core.metrics, netbuilder.core.callbacks\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'pyqtgraph', 'shiboken6')"
        " or m.startswith('netbuilder.ui')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"netbuilder.core pulled in: {out.stdout.strip()}"
