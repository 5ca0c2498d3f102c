"""The Platforms table: the accounts CommDesk synchronises activity from."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings


class AccountsTableModel(SqlPagedTableModel):
    spec = listings.ACCOUNTS
    LABEL, PLATFORM, USERNAME, SERVER, LAST_SYNC = range(5)


TEXTS = TableTexts(
    title="Platforms",
    singular="account",
    plural="accounts",
    empty=(
        "<p><b>No platform accounts yet.</b></p>"
        "<p>A platform account connects CommDesk to a place where your communities live — "
        "Mastodon, Discourse, GitHub, Meetup and others — so that what happens there can be "
        "brought into the activity log. Each connected account will be listed here with its "
        "server, user name and when it last synchronised.</p>"
        "<p>Passwords and tokens never go into the database: they are kept in your system's "
        "keyring.</p>"
    ),
    filter_hint="Filter by account, user name or server",
    icon=":/icons/platforms.svg",
    column_widths=(24, 12, 20, 32),
)


class PlatformsPage(TablePage):
    model: AccountsTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(AccountsTableModel(context.tables), TEXTS, parent)
        self.context = context
