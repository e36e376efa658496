"""Per-connection settings for the embedded SQLite database."""
from __future__ import annotations

import os

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

_hooked = False


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    module = type(dbapi_connection).__module__
    if not module.startswith("sqlite3"):
        return
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def init_app(app: Flask) -> None:
    global _hooked
    if not _hooked:
        event.listen(Engine, "connect", _sqlite_pragmas)
        _hooked = True
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        # The default database lives in instance/; make sure the folder is there.
        os.makedirs(app.instance_path, exist_ok=True)
