"""The networked store: a Redis server the user already runs, for a class whose processes span machines. A class
is a hash, its students a set, each step's answers a hash by student and kind; every key also expires on its own after
the idle time, so nothing outlives a class even if no page calls `expire`."""

import functools

import redis

from classroom.store import IDLE_SECONDS, Answer, Room, Unreachable

ROOMS = "gdl:rooms"
"""Every open class's code, scored by when it was last touched."""


def _room(code: str) -> str:
    return f"gdl:room:{code}"


def _students(code: str) -> str:
    return f"gdl:students:{code}"


def _answers(code: str, lesson: str, step: int) -> str:
    return f"gdl:answers:{code}:{lesson}:{step}"


def _reachable(cls):
    """`cls` with each of its public methods raising the store's `Unreachable` where Redis raises its own error (the
    server down, too slow, or refusing), so that the page needs to know no Redis."""

    def translated(method):
        @functools.wraps(method)
        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except redis.RedisError as error:
                raise Unreachable(str(error)) from error

        return call

    for name, member in list(vars(cls).items()):
        if callable(member) and not name.startswith("_"):
            setattr(cls, name, translated(member))
    return cls


@_reachable
class RedisStore:
    def __init__(self, url: str) -> None:
        self.db = redis.Redis.from_url(url, decode_responses=True, socket_timeout=2, socket_connect_timeout=2)

    def _touch(self, pipe, code: str, now: float, *keys: str) -> None:
        pipe.hset(_room(code), "touched", now)
        pipe.zadd(ROOMS, {code: now})
        for key in (_room(code), _students(code), *keys):
            pipe.expire(key, IDLE_SECONDS)

    def create(self, code: str, key_hash: str, lesson: str, now: float) -> bool:
        def make(pipe) -> bool:
            if pipe.exists(_room(code)):
                return False
            pipe.multi()
            pipe.hset(_room(code), mapping={"key_hash": key_hash, "lesson": lesson, "step": 0, "revealed": 0})
            self._touch(pipe, code, now)
            return True

        return self.db.transaction(make, _room(code), value_from_callable=True)

    def room(self, code: str) -> Room | None:
        with self.db.pipeline() as pipe:
            pipe.hgetall(_room(code))
            pipe.scard(_students(code))
            row, joined = pipe.execute()
        if "lesson" not in row:
            return None
        return Room(code, row["lesson"], int(row["step"]), row["revealed"] == "1", joined, float(row["touched"]),
                    row.get("open") == "1")  # fmt: skip

    def key_hash(self, code: str) -> str | None:
        return self.db.hget(_room(code), "key_hash")

    def _if_open(self, code: str, write) -> bool:
        """Run `write(pipe)` as one transaction if the class is open; whether it was."""

        def run(pipe) -> bool:
            if not pipe.exists(_room(code)):
                return False
            pipe.multi()
            write(pipe)
            return True

        return self.db.transaction(run, _room(code), value_from_callable=True)

    def move(self, code: str, lesson: str, step: int, now: float) -> None:
        def write(pipe) -> None:
            pipe.hset(_room(code), mapping={"lesson": lesson, "step": step, "revealed": 0})
            self._touch(pipe, code, now)

        self._if_open(code, write)

    def reveal(self, code: str, now: float) -> None:
        def write(pipe) -> None:
            pipe.hset(_room(code), "revealed", 1)
            self._touch(pipe, code, now)

        self._if_open(code, write)

    def open_controls(self, code: str, opened: bool, now: float) -> None:
        def write(pipe) -> None:
            pipe.hset(_room(code), "open", int(opened))
            self._touch(pipe, code, now)

        self._if_open(code, write)

    def close(self, code: str) -> None:
        answered = list(self.db.scan_iter(match=f"gdl:answers:{code}:*", count=500))
        self.db.delete(_room(code), _students(code), *answered)
        self.db.zrem(ROOMS, code)

    def join(self, code: str, student: str, now: float) -> int:
        def write(pipe) -> None:
            pipe.sadd(_students(code), student)
            self._touch(pipe, code, now)

        self._if_open(code, write)
        return self.db.scard(_students(code))

    def answer(self, code: str, lesson: str, step: int, student: str, answer: Answer, now: float) -> None:
        key = _answers(code, lesson, step)

        def write(pipe) -> None:
            pipe.hset(key, f"{student} {answer.kind}", f"{answer.kind} {answer.value}")
            self._touch(pipe, code, now, key)

        self._if_open(code, write)

    def answers(self, code: str, lesson: str, step: int) -> list[Answer]:
        return [Answer(*text.split(" ", 1)) for text in self.db.hvals(_answers(code, lesson, step))]

    def answer_of(self, code: str, lesson: str, step: int, student: str, kind: str) -> Answer | None:
        text = self.db.hget(_answers(code, lesson, step), f"{student} {kind}")
        return Answer(*text.split(" ", 1)) if text else None

    def expire(self, now: float, idle: float = IDLE_SECONDS) -> list[str]:
        codes = self.db.zrangebyscore(ROOMS, "-inf", f"({now - idle}")
        for code in codes:
            self.close(code)
        return codes
