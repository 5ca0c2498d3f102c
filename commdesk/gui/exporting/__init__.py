"""Exports from the window (File › Export…, "Export this view…" on every table, the Plans
page's Export plan… and Import edited plan…), each run in the background with Cancel."""
