"""The yardstick for start-up times: a bare PySide6 main window, shown, then closed.

``frozen-start`` freezes it with packaging/bare_window.spec and compares the frozen CommDesk
with it; ``source-start`` (benchmarks/workloads/source_start.py) runs it from source. It quits
the way CommDesk does under ``COMMDESK_QUIT_AFTER_MS``: a timer started once the window is shown.
"""

import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare window")
    window.setCentralWidget(QLabel("bare window"))
    window.resize(1200, 800)
    window.show()
    QTimer.singleShot(int(os.environ.get("COMMDESK_QUIT_AFTER_MS", "0")), window.close)
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
