"""The example projects shipped with netbuilder (``*.nbproj`` files in this package).

They travel as package data, so a regular ``pip install .`` or a wheel has them as well as an
editable install. ``assets/make_examples.py`` regenerates them. Qt-free: the CLI and tests use it too.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SUFFIX = ".nbproj"


def examples_dir() -> Path:
    """The folder holding the example projects (inside the installed package)."""
    return Path(str(resources.files(__name__)))


def example_paths() -> list[Path]:
    """Every example project, sorted by file name."""
    return sorted(examples_dir().glob(f"*{SUFFIX}"))


def example_path(name: str) -> Path:
    """The file of example ``name`` (with or without the ``.nbproj`` suffix)."""
    return examples_dir() / (name if name.endswith(SUFFIX) else name + SUFFIX)
