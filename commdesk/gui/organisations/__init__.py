"""The Organisations screen."""
