"""The Overview's aggregates: engagement over time, when people are active, who the
communities are made of and share, how far the plans are; grouped SQL, no Qt."""

from commdesk.services.dashboard.query import Bucket, DashboardQuery, Split
from commdesk.services.dashboard.service import Dashboard, DashboardCancelled, DashboardService

__all__ = [
    "Bucket",
    "Dashboard",
    "DashboardCancelled",
    "DashboardQuery",
    "DashboardService",
    "Split",
]
