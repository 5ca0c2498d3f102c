"""Entry point of the packaged (PyInstaller) CommDesk; see build_installer.spec.

An installed CommDesk finds its desktop window through the ``commdesk.frontends`` entry point,
but a frozen app carries no distribution metadata for CommDesk, so this script hands the window
to the command line itself. Qt is imported only when the window opens, which keeps
``commdesk --version`` and the other commands quick to start.

``COMMDESK_FROZEN_SELFCHECK=1`` runs the packaging self-check (commdesk_frozen_selfcheck.py)
instead of the app: it proves that what PyInstaller cannot see (migrations read from files,
keyring backends found through entry points, Qt plugins) made it into the bundle.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from pathlib import Path


def open_window(db_path: Path, demo: bool) -> int:
    from commdesk.gui.app import run

    return run(db_path, demo)


def main() -> int:
    if os.environ.get("COMMDESK_FROZEN_SELFCHECK") == "1":
        from commdesk_frozen_selfcheck import run_selfcheck

        return run_selfcheck()
    from commdesk.cli import main as cli_main

    return cli_main(sys.argv[1:], open_window=open_window)


if __name__ == "__main__":
    # A child process started by multiprocessing (spawn: Windows, macOS) runs this same
    # executable; freeze_support() turns it into the worker instead of a second app.
    multiprocessing.freeze_support()
    raise SystemExit(main())
