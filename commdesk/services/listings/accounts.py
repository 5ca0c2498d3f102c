"""The platform accounts table."""

from __future__ import annotations

from commdesk.domain import PlatformAccount
from commdesk.services.tables import ColumnKind, TableColumn, TableSpec, words_in_any

ACCOUNTS = TableSpec(
    key="accounts",
    source=PlatformAccount.__table__,
    row_id=PlatformAccount.id,
    matching=words_in_any(
        PlatformAccount.label, PlatformAccount.username, PlatformAccount.base_url
    ),
    default_sort="label",
    columns=(
        TableColumn("platform", "Platform", PlatformAccount.platform, kind=ColumnKind.ENUM),
        TableColumn("label", "Account", PlatformAccount.label),
        TableColumn("server", "Server", PlatformAccount.base_url),
        TableColumn("username", "User name", PlatformAccount.username),
        TableColumn(
            "last_sync",
            "Last synchronised",
            PlatformAccount.last_sync_at,
            kind=ColumnKind.TIMESTAMP,
        ),
        TableColumn("status", "Status", PlatformAccount.sync_status, kind=ColumnKind.ENUM),
    ),
)
