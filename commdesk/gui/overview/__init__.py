"""The Overview screen: summary cards and the four phases of the engagement plans."""
