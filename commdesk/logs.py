"""Logging to a rotating file in the user's log folder (``COMMDESK_LOG_DIR`` overrides)."""

from __future__ import annotations

import logging
from pathlib import Path

from commdesk import paths

LOG_NAME = "commdesk.log"


def configure(level: int = logging.INFO) -> Path | None:
    """Send CommDesk's log records to ``commdesk.log``; returns its path, or None when the
    folder cannot be written (the app then runs without a log file rather than failing).
    Called again, it keeps the handler it made. The window calls it once it has shown."""
    # Imported here: logging.handlers brings sockets, pickle and queues along, which the
    # window's start (and --version) need not wait for.
    from logging.handlers import RotatingFileHandler

    folder = paths.log_dir()
    root = logging.getLogger("commdesk")
    root.setLevel(level)
    target = folder / LOG_NAME
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            if Path(handler.baseFilename) == target.resolve():
                return target
            root.removeHandler(handler)  # the log folder moved (a test, another profile)
            handler.close()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(target, maxBytes=2_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return target
