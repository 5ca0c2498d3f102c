"""Where CommDesk keeps its files. Environment variables override every default."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "CommDesk"
APP_AUTHOR = "CommDesk"


def data_dir() -> Path:
    """The folder for databases and backups (``COMMDESK_DATA_DIR`` overrides)."""
    override = os.environ.get("COMMDESK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs  # here: a window given its file (--db) starts without it

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def default_database() -> Path:
    """The database used when neither ``--db`` nor ``COMMDESK_DB`` names one."""
    override = os.environ.get("COMMDESK_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / "commdesk.sqlite"


def demo_database() -> Path:
    """The demo database, kept apart from the user's real one."""
    return data_dir() / "demo.sqlite"


def backup_dir() -> Path:
    return data_dir() / "backups"


def log_dir() -> Path:
    override = os.environ.get("COMMDESK_LOG_DIR")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_log_dir(APP_NAME, APP_AUTHOR))
