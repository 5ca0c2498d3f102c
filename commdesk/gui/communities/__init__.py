"""The Communities screen."""
