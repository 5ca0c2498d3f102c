"""CommDesk: a desktop dashboard for community managers."""

__version__ = "0.1.0"
