"""A class's shared state, for the pages of a teacher and their students on any process or machine: class codes
and teacher keys (`codes`), the store interface (`store`) and its two kinds, SQLite for one machine and Redis for
several, chosen by one setting."""

import os
import sqlite3
from pathlib import Path

from classroom.store import Answer, Room, Store, Unreachable

UNREACHABLE = (OSError, sqlite3.Error)
"""What a store raises when it cannot be reached: its file unwritable, its server down or too slow (`Unreachable`,
an OSError). Redis's own errors stay inside its store, so that its library is imported only where it is used."""

SETTING = "GDL_STORE"
"""Where classes are kept: unset for the embedded SQLite file, `sqlite:///path/to/file` for another one, or
`redis://host:port/db` for a Redis server that the class's machines share."""
DATA = "GDL_DATA"
"""The folder of the embedded store's file (outside the checkout, so a read-only install works)."""


def default_path() -> Path:
    base = os.environ.get(DATA) or os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "gradient-descent-lab" / "classes.sqlite3"


def open_store(setting: str | None = None) -> Store:
    """The store `setting` names (by default, the environment's GDL_STORE); a ValueError names what it cannot
    read."""
    setting = os.environ.get(SETTING, "") if setting is None else setting
    if setting.startswith(("redis://", "rediss://", "unix://")):
        from classroom.redis_store import RedisStore

        return RedisStore(setting)
    if setting.startswith("sqlite:///") or not setting:
        from classroom.sqlite_store import SQLiteStore

        return SQLiteStore(Path(setting.removeprefix("sqlite:///")) if setting else default_path())
    raise ValueError(f"{SETTING}={setting!r}: expected nothing, sqlite:///a/file or redis://host:port/0")


__all__ = ["UNREACHABLE", "Answer", "Room", "Store", "Unreachable", "open_store"]
