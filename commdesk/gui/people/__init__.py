"""The People screen: every person not archived (or every archived one), paged from SQL."""
