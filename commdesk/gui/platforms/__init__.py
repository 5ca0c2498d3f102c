"""The Platforms screen: the accounts CommDesk synchronises with."""
