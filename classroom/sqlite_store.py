"""The embedded store: one SQLite file in WAL mode, shared by every process of one machine (`serve/classroom.sh`).
Each thread keeps its own connection; each call is one short transaction."""

import contextlib
import sqlite3
import threading
from pathlib import Path

from classroom.store import IDLE_SECONDS, Answer, Room

SCHEMA = """
CREATE TABLE IF NOT EXISTS rooms (
    code TEXT PRIMARY KEY, key_hash TEXT NOT NULL, lesson TEXT NOT NULL, step INTEGER NOT NULL,
    revealed INTEGER NOT NULL, touched REAL NOT NULL, open INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS students (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE, student TEXT NOT NULL,
    PRIMARY KEY (code, student));
CREATE TABLE IF NOT EXISTS answers (
    code TEXT NOT NULL REFERENCES rooms(code) ON DELETE CASCADE, lesson TEXT NOT NULL, step INTEGER NOT NULL,
    student TEXT NOT NULL, kind TEXT NOT NULL, value TEXT NOT NULL,
    PRIMARY KEY (code, lesson, step, student, kind));
"""


def _add_open_column(db: sqlite3.Connection) -> None:
    """A file made before classes could open their controls gets the column (another process may add it first)."""
    if "open" not in {row[1] for row in db.execute("PRAGMA table_info(rooms)")}:
        with contextlib.suppress(sqlite3.OperationalError):
            db.execute("ALTER TABLE rooms ADD COLUMN open INTEGER NOT NULL DEFAULT 0")


class SQLiteStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.local = threading.local()
        with self._connection() as db:
            db.executescript(SCHEMA)
            _add_open_column(db)

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self.local, "db", None)
        if db is None:
            # Autocommit off (the `with` block is the transaction); a writer waits up to 5 s for another's lock.
            db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            self.local.db = db
        return db

    def create(self, code: str, key_hash: str, lesson: str, now: float) -> bool:
        with self._connection() as db:
            added = db.execute(
                "INSERT OR IGNORE INTO rooms (code, key_hash, lesson, step, revealed, touched) "
                "VALUES (?, ?, ?, 0, 0, ?)",
                (code, key_hash, lesson, now),
            ).rowcount
        return added == 1

    def room(self, code: str) -> Room | None:
        db = self._connection()
        row = db.execute(
            "SELECT lesson, step, revealed, touched, (SELECT count(*) FROM students WHERE code = ?), open "
            "FROM rooms WHERE code = ?",
            (code, code),
        ).fetchone()
        if row is None:
            return None
        lesson, step, revealed, touched, joined, opened = row
        return Room(code, lesson, step, bool(revealed), joined, touched, bool(opened))

    def key_hash(self, code: str) -> str | None:
        row = self._connection().execute("SELECT key_hash FROM rooms WHERE code = ?", (code,)).fetchone()
        return row[0] if row else None

    def move(self, code: str, lesson: str, step: int, now: float) -> None:
        with self._connection() as db:
            db.execute(
                "UPDATE rooms SET lesson = ?, step = ?, revealed = 0, touched = ? WHERE code = ?",
                (lesson, step, now, code),
            )

    def reveal(self, code: str, now: float) -> None:
        with self._connection() as db:
            db.execute("UPDATE rooms SET revealed = 1, touched = ? WHERE code = ?", (now, code))

    def open_controls(self, code: str, opened: bool, now: float) -> None:
        with self._connection() as db:
            db.execute("UPDATE rooms SET open = ?, touched = ? WHERE code = ?", (int(opened), now, code))

    def close(self, code: str) -> None:
        with self._connection() as db:
            db.execute("DELETE FROM rooms WHERE code = ?", (code,))

    def join(self, code: str, student: str, now: float) -> int:
        with self._connection() as db:
            if db.execute("UPDATE rooms SET touched = ? WHERE code = ?", (now, code)).rowcount:
                db.execute("INSERT OR IGNORE INTO students VALUES (?, ?)", (code, student))
            return db.execute("SELECT count(*) FROM students WHERE code = ?", (code,)).fetchone()[0]

    def answer(self, code: str, lesson: str, step: int, student: str, answer: Answer, now: float) -> None:
        with self._connection() as db:
            if db.execute("UPDATE rooms SET touched = ? WHERE code = ?", (now, code)).rowcount:
                db.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?, ?, ?)",
                    (code, lesson, step, student, answer.kind, answer.value),
                )

    def answers(self, code: str, lesson: str, step: int) -> list[Answer]:
        rows = self._connection().execute(
            "SELECT kind, value FROM answers WHERE code = ? AND lesson = ? AND step = ?", (code, lesson, step)
        )
        return [Answer(*row) for row in rows]

    def answer_of(self, code: str, lesson: str, step: int, student: str, kind: str) -> Answer | None:
        row = (
            self._connection()
            .execute(
                "SELECT kind, value FROM answers WHERE code = ? AND lesson = ? AND step = ? AND student = ? "
                "AND kind = ?",
                (code, lesson, step, student, kind),
            )
            .fetchone()
        )
        return Answer(*row) if row else None

    def expire(self, now: float, idle: float = IDLE_SECONDS) -> list[str]:
        with self._connection() as db:
            codes = [row[0] for row in db.execute("SELECT code FROM rooms WHERE touched < ?", (now - idle,))]
            db.executemany("DELETE FROM rooms WHERE code = ?", [(code,) for code in codes])
        return codes
