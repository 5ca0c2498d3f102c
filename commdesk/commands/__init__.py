"""Subcommands of the command line, one module per group (export, import, accounts, sync,
backups, person …). Each module has ``register(commands)``; see :class:`commdesk.cli.CommandModule`.
"""
