"""The desktop frontend, found by the command line through the ``commdesk.frontends`` entry
points, so that the core never imports the GUI (nor Qt) itself.

``importlib.metadata`` would find them, but importing it (it brings email, zipfile and csv)
and reading every installed distribution takes some 45 ms on each start: a quarter of the
time a bare Qt window takes to show. CommDesk's own entry points sit in its own metadata
folder (``commdesk-VERSION.dist-info/entry_points.txt``) on ``sys.path``, so that file is
read first; ``importlib.metadata`` is asked only when it is not there or lacks the name.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path
from typing import Any

from commdesk.errors import CommDeskError

GROUP = "commdesk.frontends"
DISTRIBUTION = "commdesk"


def load(name: str) -> Any:
    """The object the entry point ``name`` of :data:`GROUP` names, imported."""
    target = own_entry_point(name) or _from_metadata(name)
    if target is None:
        raise CommDeskError("The desktop window is not installed; reinstall CommDesk.")
    module_name, _, attribute = target.partition(":")
    found: Any = importlib.import_module(module_name.strip())
    for part in attribute.strip().split(".") if attribute.strip() else []:
        found = getattr(found, part)
    return found


def own_entry_point(name: str, path: list[str] | None = None) -> str | None:
    """``module:attribute`` for ``name`` from the first CommDesk metadata folder on ``path``
    (``sys.path``), as ``importlib.metadata`` would find it; None if there is none."""
    for folder in sys.path if path is None else path:
        try:
            entries = os.listdir(folder or ".")
        except OSError:
            continue
        for entry in entries:
            stem, dot, suffix = entry.rpartition(".")
            project, dash, version = stem.partition("-")
            if suffix != "dist-info" or project.lower() != DISTRIBUTION or "-" in version:
                continue
            if not dash or not dot:
                continue
            return read_entry_point(Path(folder or ".", entry, "entry_points.txt"), name)
    return None


def read_entry_point(path: Path, name: str) -> str | None:
    """The value of ``name`` in the ``[commdesk.frontends]`` section of an entry_points.txt."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
        elif section == GROUP and "=" in line:
            key, _, value = line.partition("=")
            if key.strip() == name:
                return value.strip()
    return None


def _from_metadata(name: str) -> str | None:
    from importlib.metadata import entry_points

    for entry in entry_points(group=GROUP, name=name):
        return str(entry.value)
    return None
