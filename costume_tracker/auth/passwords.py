"""Password rules after NIST SP 800-63B: long enough, not common, not about the user."""

import re

from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
# zxcvbn's scores: 3 means about 10^8 guesses or more, "safely unguessable" for an online
# attack that the sign-in limits slow down; 0-2 are common passwords, keyboard rows,
# repeats, sequences, dates and words from the user's own email or name.
MIN_STRENGTH_SCORE = 3
# zxcvbn rates at most 72 characters (its cost grows with length); the start decides.
ESTIMATE_CHARACTERS = 72


class PasswordError(ValueError):
    """The password breaks a rule; the message says which."""


def _user_words(email: str, name: str) -> list[str]:
    """What zxcvbn should treat as guessable: the email, its parts and the name's words."""
    email = email.strip().lower()
    local, _, domain = email.partition("@")
    words = [email, local, domain, name.strip()]
    words += re.split(r"[^\w]+", local) + re.split(r"[^\w]+", name.lower())
    return [word for word in dict.fromkeys(words) if len(word) >= 3]


def _reason(feedback: dict) -> str:
    """zxcvbn's warning and first suggestion, as sentences."""
    sentences = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])[:1]]
    sentences = [s.strip() if s.strip().endswith(".") else s.strip() + "." for s in sentences]
    return " ".join(s for s in sentences if s != ".") or "Add another word or two."


def check_password_rules(password: str, email: str = "", name: str = "") -> None:
    """Refuse a password that is short, common, repetitive or built from the user's details."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(f"Password must be at most {MAX_PASSWORD_LENGTH} characters.")
    if len(set(password)) == 1:
        raise PasswordError("Password must not be one character repeated.")
    lowered = password.strip().lower()
    if email and lowered in {email.strip().lower(), email.strip().lower().partition("@")[0]}:
        raise PasswordError("Password must not be your email address.")
    words = _user_words(email, name)
    rest = _without(password, words)
    if rest is not None and (not rest.strip() or _weak(rest, words) is not None):
        raise PasswordError("Password is too easy to guess: it is built from your email or name.")
    estimate = _weak(password, words)
    if estimate is not None:
        raise PasswordError(f"Password is too easy to guess. {_reason(estimate['feedback'])}")


def _without(password: str, words: list[str]) -> str | None:
    """The password with the user's own words taken out, or None when it holds none."""
    rest = password
    for word in sorted(words, key=len, reverse=True):
        rest = re.sub(re.escape(word), "", rest, flags=re.IGNORECASE)
    return None if rest == password else rest


def _weak(password: str, words: list[str]) -> dict | None:
    """zxcvbn's estimate when the password scores too low, else None."""
    estimate = zxcvbn(password[:ESTIMATE_CHARACTERS], user_inputs=words)
    return estimate if estimate["score"] < MIN_STRENGTH_SCORE else None
