"""File > Import…: the import dialog, its column mapping and its preview."""
