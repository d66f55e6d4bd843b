"""Who may move a class and which answers count, on the embedded store."""

import pytest

from classroom import Answer, open_store, rules
from classroom.rules import ANSWERS_PER_SECOND, Asked, Pace, Refused, open_room, start, submit

CHOICE = Asked("choice", choices=2)
POINT = Asked("point", bounds=((-3.0, 3.0),))
RATE = Asked("rate", stops=(0.01, 0.1, 1.0))


@pytest.fixture
def store(tmp_path):
    return open_store(f"sqlite:///{tmp_path / 'classes.sqlite3'}")


@pytest.fixture
def opened(store):
    code, key = start(store, "local_global", now=0.0)
    return store, code, key


def refusal(call) -> str:
    with pytest.raises(Refused) as refused:
        call()
    return refused.value.reason


def test_a_started_class_is_found_by_its_code_as_a_student_types_it(opened):
    store, code, _ = opened
    assert open_room(store, f" {code.lower()} ").code == code
    assert refusal(lambda: open_room(store, "ACDE")) == "unknown"
    assert refusal(lambda: open_room(store, "<script>")) == "unknown"


def test_only_the_teachers_key_moves_reveals_or_closes(opened):
    store, code, key = opened
    actions = (
        lambda k: rules.move(store, code, k, "local_global", 1, 1.0),
        lambda k: rules.reveal(store, code, k, 1.0),
        lambda k: rules.close(store, code, k),
    )
    for action in actions:
        assert refusal(lambda action=action: action(key + "x")) == "not_teacher"
        assert refusal(lambda action=action: action("")) == "not_teacher"
    assert store.room(code).step == 0, "nothing a forged key asked was done"
    rules.move(store, code, key, "local_global", 1, 1.0)
    assert store.room(code).step == 1
    rules.close(store, code, key)
    assert refusal(lambda: rules.reveal(store, code, key, 2.0)) == "unknown"


def test_an_answer_counts_only_for_the_open_step_before_the_reveal(opened):
    store, code, key = opened
    pace = Pace()
    assert submit(store, code, "s", "local_global", 0, CHOICE, "choice", 1, 1.0, pace) == Answer("choice", "1")
    assert refusal(lambda: submit(store, code, "s", "local_global", 1, CHOICE, "choice", 0, 2.0, pace)) == "not_open"
    rules.reveal(store, code, key, 3.0)
    assert refusal(lambda: submit(store, code, "s", "local_global", 0, CHOICE, "choice", 0, 4.0, pace)) == "revealed"
    assert store.answers(code, "local_global", 0) == [Answer("choice", "1")], "the answer before the reveal stands"
    assert refusal(lambda: submit(store, "HJKMN", "s", "local_global", 0, CHOICE, "choice", 0, 4.0, pace)) == (
        "unknown"
    )


@pytest.mark.parametrize(
    ("asked", "kind", "value", "reason"),
    [
        (CHOICE, "choice", 2, "no_such_choice"),
        (CHOICE, "choice", -1, "no_such_choice"),
        (CHOICE, "choice", True, "no_such_choice"),
        (CHOICE, "point", (0.0,), "wrong_kind"),
        (POINT, "point", (3.5,), "outside"),
        (POINT, "point", (float("nan"),), "outside"),
        (POINT, "point", (0.0, 0.0), "outside"),
        (POINT, "point", ("banana",), "outside"),
        (RATE, "rate", 0.05, "not_a_stop"),
        (RATE, "rate", "0.1", "not_a_stop"),
        (RATE, "sneaky", 0.1, "wrong_kind"),
    ],
)
def test_a_bad_answer_is_refused_and_nothing_is_stored(opened, asked, kind, value, reason):
    store, code, _ = opened
    assert refusal(lambda: submit(store, code, "s", "local_global", 0, asked, kind, value, 1.0, Pace())) == reason
    assert store.answers(code, "local_global", 0) == []


def test_each_kind_of_answer_is_kept_as_given(opened):
    store, code, _ = opened
    for student, (asked, kind, value) in enumerate([(POINT, "point", (-1.25,)), (RATE, "rate", 0.1)]):
        submit(store, code, str(student), "local_global", 0, asked, kind, value, 1.0, Pace())
    assert sorted(store.answers(code, "local_global", 0)) == [Answer("point", "-1.25"), Answer("rate", "0.1")]


def test_a_page_cannot_flood_the_class(opened):
    store, code, _ = opened
    pace = Pace()
    for tick in range(ANSWERS_PER_SECOND):
        submit(store, code, "s", "local_global", 0, CHOICE, "choice", tick % 2, 10.0 + tick * 0.1, pace)
    assert refusal(lambda: submit(store, code, "s", "local_global", 0, CHOICE, "choice", 0, 10.5, pace)) == "too_fast"
    assert store.answer_of(code, "local_global", 0, "s", "choice") == Answer(
        "choice", str((ANSWERS_PER_SECOND - 1) % 2)
    )
    submit(store, code, "s", "local_global", 0, CHOICE, "choice", 0, 11.5, pace)
    assert store.answer_of(code, "local_global", 0, "s", "choice") == Answer("choice", "0"), (
        "a second later it counts again"
    )
