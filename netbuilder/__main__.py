"""The ``netbuilder`` console command: opens the window (or runs a sub-command)."""

from __future__ import annotations

import sys


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in ("train", "datasets", "export", "summary", "--help", "-h", "--version"):
        from netbuilder.cli import main as cli_main  # headless: no Qt imported

        return cli_main(argv)
    from netbuilder.ui.app import run_app  # noqa: PLC0415  (Qt is imported only for the window)

    return run_app(argv)


if __name__ == "__main__":
    sys.exit(main())
