"""Runtime hook of the frozen app: a stand-in for PySide6.QtOpenGL, which the bundle leaves out.

pyqtgraph imports QtOpenGL when its curve and mesh items are defined, but uses it only to draw
through OpenGL, which CommDesk never turns on (its charts paint with QPainter). The module
binding is 9 MB; this stand-in satisfies the import and fails loudly if anything ever reaches
for an attribute of it.
"""

import sys
import types


class _NoQtOpenGL(types.ModuleType):
    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):
            raise AttributeError(name)
        raise ImportError(
            f"PySide6.QtOpenGL.{name}: OpenGL drawing is not part of this CommDesk build"
        )


if "PySide6.QtOpenGL" not in sys.modules:
    sys.modules["PySide6.QtOpenGL"] = _NoQtOpenGL("PySide6.QtOpenGL")
