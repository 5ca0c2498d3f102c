"""The Activity screen: the log of interactions, newest first."""
