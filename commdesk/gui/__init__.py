"""The desktop window: the only part of CommDesk that imports Qt or pyqtgraph."""

# The icons and the style sheet are compiled into this module (tools/build_forms.py);
# importing it registers them under ":/", wherever the app is started from or frozen into.
# PySide6 6.12 on Python 3.11 loses a reference to True on every signal emitted from Python
# (and to None when pyqtgraph paints): a long session would abort. See emitleak.py.
from commdesk.gui import emitleak as _emitleak  # noqa: F401
from commdesk.gui import resources_rc as _resources  # noqa: F401
