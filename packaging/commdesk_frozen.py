"""Entry point of the packaged (PyInstaller) CommDesk; see build_installer.spec.

An installed CommDesk finds its desktop window and the desktop's self-test checks through the
``commdesk.frontends`` entry points, but a frozen app carries no distribution metadata for
CommDesk, so this script hands them to the command line itself. Qt is imported only when the
window opens (or ``--self-test`` runs), which keeps ``commdesk --version`` and the other
commands quick to start.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any


def open_window(db_path: Path, demo: bool) -> int:
    from commdesk.gui.app import open_window as desktop

    return desktop(db_path, demo)


def gui_checks(argv: Sequence[str]) -> Any:
    """The desktop's self-test checks, imported only when they are asked for."""
    if "--self-test" not in argv:
        return None
    from commdesk.gui.selftest import CHECKS

    return CHECKS


def main() -> int:
    from commdesk.cli import main as cli_main

    argv = sys.argv[1:]
    return cli_main(argv, open_window=open_window, gui_checks=gui_checks(argv))


if __name__ == "__main__":
    # No multiprocessing.freeze_support() (nor its import on every start): CommDesk starts
    # no worker processes; its background work runs on threads.
    raise SystemExit(main())
