"""A class's names: the short code students type or scan, and the teacher's key, which only the teacher's page holds."""

import hashlib
import hmac
import secrets

LETTERS = "ACDEFHJKMNPRTUVWXY"
"""Letters no one misreads on a projector or mistypes on a phone: no I or L (1), O or Q (0), S (5), Z (2), B (8),
G (6)."""
LENGTH = 5
"""18⁵, about two million codes: a class is found by its code, and guessing one among a few open classes takes
hundreds of thousands of tries."""


def new_code() -> str:
    return "".join(secrets.choice(LETTERS) for _ in range(LENGTH))


def as_code(text: str) -> str | None:
    """`text` read as a class code (case and spaces forgiven), or None when it cannot be one."""
    code = "".join(str(text).split()).upper()
    if len(code) == LENGTH and all(letter in LETTERS for letter in code):
        return code
    return None


def new_key() -> str:
    """The teacher's key: 128 random bits, in the teacher's link only."""
    return secrets.token_urlsafe(16)


def key_hash(key: str) -> str:
    """What the store keeps of a teacher's key: its SHA-256, so a copy of the store opens no class."""
    return hashlib.sha256(key.encode()).hexdigest()


def holds_key(stored_hash: str, key: str) -> bool:
    """Whether `key` is the key whose hash is `stored_hash`, compared in constant time."""
    return hmac.compare_digest(stored_hash, key_hash(key))
