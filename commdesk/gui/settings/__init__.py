"""The Settings screen: where the data lives."""
