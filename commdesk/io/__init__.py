"""Spreadsheets in and out: exports (:mod:`commdesk.io.export`), importers, and the plan
round-trip (:mod:`commdesk.io.roundtrip`). Core code: no Qt here."""
