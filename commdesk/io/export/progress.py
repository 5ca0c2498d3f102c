"""How an export reports progress and learns it should stop; how it writes a file whole."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from commdesk.errors import CommDeskError

# progress(fraction or None, message) -> False once the person asked to stop.
Progress = Callable[[float | None, str], bool]


class ExportError(CommDeskError):
    """An export cannot be written (unknown format, folder missing, disk full...)."""


class ExportCancelled(ExportError):
    """The person stopped the export; no file was left behind."""


def no_progress(_fraction: float | None, _message: str) -> bool:
    return True


class Reporter:
    """Calls ``progress`` every ``every`` steps, raising :class:`ExportCancelled` once it
    returns False."""

    def __init__(self, progress: Progress, total: int, message: str, every: int = 2000) -> None:
        self.progress, self.total, self.message, self.every = (
            progress,
            max(total, 1),
            message,
            every,
        )
        self.done = 0

    def step(self, count: int = 1) -> None:
        before = self.done
        self.done += count
        if self.done // self.every != before // self.every:
            self.report()

    def report(self) -> None:
        if not self.progress(min(self.done / self.total, 1.0), self.message):
            raise ExportCancelled("The export was cancelled; no file was written.")


@contextmanager
def whole_file(destination: Path) -> Iterator[Path]:
    """A temporary path next to ``destination`` that becomes it only if the block ends well:
    a failed or cancelled export leaves no half-written file (nor clobbers an old one)."""
    folder = destination.parent
    if not folder.is_dir():
        raise ExportError(f"{destination}: the folder {folder} does not exist.")
    handle, name = tempfile.mkstemp(prefix=f".{destination.name}.", dir=folder)
    os.close(handle)
    temporary = Path(name)
    # mkstemp makes the file private; an export is an ordinary document (or keeps the mode
    # of the file it replaces). os.umask() is not read: it is process-wide, not thread-safe.
    mode = destination.stat().st_mode & 0o777 if destination.exists() else 0o644
    temporary.chmod(mode)
    try:
        yield temporary
        os.replace(temporary, destination)
    except OSError as exc:
        raise ExportError(f"{destination}: cannot write the file ({exc.strerror}).") from exc
    finally:
        temporary.unlink(missing_ok=True)
