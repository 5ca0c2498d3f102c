"""The Overview's charts: one pyqtgraph widget per chart, with tooltips, click-through and export."""

# Charts emit a signal per mouse move; PySide6 6.12 loses a reference to True per emit.
from commdesk.gui.charts import emitleak as _emitleak  # noqa: F401
