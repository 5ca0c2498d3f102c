"""The desktop window: the only part of CommDesk that imports Qt or pyqtgraph."""

# The icons and the style sheet are compiled into this module (tools/build_forms.py);
# importing it registers them under ":/", wherever the app is started from or frozen into.
from commdesk.gui import resources_rc as _resources  # noqa: F401
