"""The People screen: every (not archived) person, paged from SQL."""
