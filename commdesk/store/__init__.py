"""The store: engine factory, migrations, backups and search over one SQLite file."""

from commdesk.store.database import DamagedDatabaseError, Store

__all__ = ["DamagedDatabaseError", "Store"]
