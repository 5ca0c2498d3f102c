"""The store: engine factory, migrations, backups and search over one SQLite file."""

from commdesk.store.database import Store

__all__ = ["Store"]
