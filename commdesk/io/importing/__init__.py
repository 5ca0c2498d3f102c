"""Importing people from CSV and .xlsx files: readers, column mapping, known platform
formats, validation per row, dedupe against the store, all-or-nothing writes.

The entry points are in :mod:`commdesk.io.importing.run`.
"""
