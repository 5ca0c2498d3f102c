"""Data safety in the window: restoring backups, a damaged or locked file on open, and a
person's data (export, erase) from the person pane."""
