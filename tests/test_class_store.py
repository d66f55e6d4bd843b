"""The class store, the same tests against each kind: SQLite (the embedded default) and a real Redis server (Debian's
`redis-server`, started here on a free port; skipped with its reason where it is missing, never in CI)."""

import concurrent.futures
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from classroom import UNREACHABLE, Answer, open_store
from classroom.codes import LETTERS, as_code, holds_key, key_hash, new_code, new_key
from tests.redis_server import free_port, redis_server


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(params=["sqlite", "redis"])
def setting(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'classes.sqlite3'}"
    url = request.getfixturevalue("redis_url")
    open_store(url).db.flushdb()
    return url


def test_a_new_class_waits_at_its_lessons_first_step_and_its_code_is_never_given_twice(setting):
    store = open_store(setting)
    assert store.create("ACDEF", key_hash("k1"), "local_global", now=100.0)
    room = store.room("ACDEF")
    assert (room.lesson, room.step, room.revealed, room.joined, room.touched) == ("local_global", 0, False, 0, 100.0)
    assert not store.create("ACDEF", key_hash("k2"), "learning_rate", now=101.0), "the code is taken"
    assert holds_key(store.key_hash("ACDEF"), "k1"), "the first teacher's key still opens it"
    assert store.room("HJKMN") is None


def test_students_are_counted_once_each_and_only_in_an_open_class(setting):
    store = open_store(setting)
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)
    assert [store.join("ACDEF", student, now=1.0) for student in ("a", "b", "a")] == [1, 2, 2]
    assert store.room("ACDEF").joined == 2
    store.join("HJKMN", "a", now=1.0)
    assert store.room("HJKMN") is None, "joining an unknown class opens none"


def test_each_student_has_one_answer_per_step_and_kind_which_they_may_change(setting):
    store = open_store(setting)
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)
    store.answer("ACDEF", "local_global", 1, "a", Answer("choice", "0"), now=1.0)
    store.answer("ACDEF", "local_global", 1, "b", Answer("point", "1.5,-0.25"), now=1.0)
    store.answer("ACDEF", "local_global", 1, "a", Answer("choice", "2"), now=2.0)
    store.answer("ACDEF", "local_global", 1, "a", Answer("point", "-2"), now=2.0)
    assert sorted(store.answers("ACDEF", "local_global", 1)) == [
        Answer("choice", "2"), Answer("point", "-2"), Answer("point", "1.5,-0.25")
    ]  # fmt: skip
    assert store.answer_of("ACDEF", "local_global", 1, "a", "choice") == Answer("choice", "2")
    assert store.answer_of("ACDEF", "local_global", 1, "a", "point") == Answer("point", "-2")
    assert store.answer_of("ACDEF", "local_global", 2, "a", "choice") is None
    assert store.answers("ACDEF", "local_global", 2) == []
    assert store.room("ACDEF").touched == 2.0
    store.answer("HJKMN", "local_global", 1, "a", Answer("choice", "1"), now=3.0)
    assert store.answers("HJKMN", "local_global", 1) == [], "no answer is kept for a class that is not open"


def test_moving_on_hides_the_answer_again_and_keeps_the_steps_before(setting):
    store = open_store(setting)
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)
    store.answer("ACDEF", "local_global", 0, "a", Answer("rate", "0.1"), now=1.0)
    store.reveal("ACDEF", now=2.0)
    assert store.room("ACDEF").revealed
    store.move("ACDEF", "local_global", 1, now=3.0)
    room = store.room("ACDEF")
    assert (room.step, room.revealed, room.touched) == (1, False, 3.0)
    assert store.answers("ACDEF", "local_global", 0) == [Answer("rate", "0.1")], "for the class's CSV"


def test_a_closed_class_leaves_nothing_behind(setting):
    store = open_store(setting)
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)
    store.join("ACDEF", "a", now=1.0)
    store.answer("ACDEF", "local_global", 0, "a", Answer("choice", "1"), now=1.0)
    store.close("ACDEF")
    assert store.room("ACDEF") is None
    assert store.key_hash("ACDEF") is None
    assert store.answers("ACDEF", "local_global", 0) == []
    assert store.create("ACDEF", key_hash("k2"), "local_global", now=2.0), "its code is free again"
    assert store.room("ACDEF").joined == 0


def test_a_class_idle_for_twelve_hours_closes_itself(setting):
    store = open_store(setting)
    hours = 3600.0
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)
    store.create("HJKMN", key_hash("k"), "local_global", now=0.0)
    store.answer("HJKMN", "local_global", 0, "a", Answer("choice", "1"), now=6 * hours)
    assert store.expire(now=12 * hours + 1) == ["ACDEF"]
    assert store.room("ACDEF") is None
    assert store.room("HJKMN") is not None, "answered six hours ago: still open"
    assert store.expire(now=18 * hours + 1) == ["HJKMN"]
    assert store.answers("HJKMN", "local_global", 0) == []


def test_sixty_students_answering_at_once_are_all_counted(setting):
    store = open_store(setting)
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)

    def student(number: int) -> None:
        mine = open_store(setting)
        mine.join("ACDEF", f"s{number}", now=1.0)
        mine.answer("ACDEF", "local_global", 0, f"s{number}", Answer("choice", str(number % 3)), now=1.0)

    with concurrent.futures.ThreadPoolExecutor(12) as pool:
        list(pool.map(student, range(60)))
    answers = store.answers("ACDEF", "local_global", 0)
    assert len(answers) == 60
    assert sorted(int(a.value) for a in answers) == sorted(n % 3 for n in range(60))
    assert store.room("ACDEF").joined == 60


def test_another_process_sees_the_same_class(setting):
    store = open_store(setting)
    store.create("ACDEF", key_hash("k"), "local_global", now=0.0)
    other = (
        f"from classroom import Answer, open_store; s = open_store({setting!r}); s.join('ACDEF', 'p', 5.0); "
        "s.answer('ACDEF', 'local_global', 0, 'p', Answer('point', '0.5'), 5.0)"
    )
    subprocess.run([sys.executable, "-c", other], check=True, cwd=Path(__file__).parents[1], timeout=60)
    assert store.answers("ACDEF", "local_global", 0) == [Answer("point", "0.5")]
    assert store.room("ACDEF").joined == 1


def test_class_codes_are_short_and_read_back_as_typed():
    codes = {new_code() for _ in range(2000)}
    assert len(codes) > 1990, "about two million codes: two thousand drawn almost never meet"
    assert all(len(code) == 5 and set(code) <= set(LETTERS) for code in codes)
    assert not set("ILOQSZBG01258") & set(LETTERS), "no letter that reads as another or as a digit"
    assert as_code(" acd ef ") == "ACDEF"
    assert [as_code(text) for text in ("ACDE", "ACDEFH", "ACDE0", "ÀCDEF", "")] == [None] * 5


def test_only_the_teachers_key_opens_the_class():
    key = new_key()
    assert len(key) >= 20
    assert new_key() != key
    assert holds_key(key_hash(key), key)
    assert not holds_key(key_hash(key), key[:-1] + ("A" if key[-1] != "A" else "B"))


def test_an_unreadable_store_setting_is_named():
    with pytest.raises(ValueError, match="postgres://x"):
        open_store("postgres://x")


@pytest.mark.parametrize(
    "setting", ["redis://127.0.0.1:{port}/0", "sqlite:///{missing}/classes.sqlite3"], ids=["redis", "sqlite"]
)
def test_a_store_that_cannot_be_reached_raises_what_the_page_tells_the_class(setting, tmp_path):
    """A Redis server that is not there, a file whose folder cannot be made: the error is one the page catches
    and turns into its notice that answers are not being counted."""
    blocker = tmp_path / "file"
    blocker.write_text("")
    setting = setting.format(port=free_port(), missing=blocker)
    with pytest.raises(UNREACHABLE):
        open_store(setting).room("ABCD")


def test_the_teacher_opens_and_closes_every_control_to_the_class(setting):
    store = open_store(setting)
    store.create("ABCDE", "hash", "saddle", now=1.0)
    assert store.room("ABCDE").open is False, "a class starts with the step's own controls"
    store.open_controls("ABCDE", True, now=2.0)
    assert store.room("ABCDE").open is True
    store.move("ABCDE", "saddle", 1, now=3.0)
    assert store.room("ABCDE").open is True, "open until the teacher closes them"
    store.open_controls("ABCDE", False, now=4.0)
    assert store.room("ABCDE").open is False


def test_a_class_file_from_before_controls_could_open_still_serves_its_classes(tmp_path):
    path = tmp_path / "classes.sqlite3"
    with sqlite3.connect(path) as db:
        db.executescript(
            "CREATE TABLE rooms (code TEXT PRIMARY KEY, key_hash TEXT NOT NULL, lesson TEXT NOT NULL,"
            " step INTEGER NOT NULL, revealed INTEGER NOT NULL, touched REAL NOT NULL);"
            "INSERT INTO rooms VALUES ('ABCDE', 'hash', 'saddle', 0, 0, 1.0);"
        )
    store = open_store(f"sqlite:///{path}")
    assert store.room("ABCDE").lesson == "saddle"
    store.open_controls("ABCDE", True, now=2.0)
    assert store.room("ABCDE").open is True
