"""The Overview's charts: one pyqtgraph widget per chart, with tooltips, click-through and export."""
