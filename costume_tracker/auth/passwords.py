"""Password rules after NIST SP 800-63B: long enough, not common, not about the user."""

import re

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
# zxcvbn's scores: 3 means about 10^8 guesses or more, "safely unguessable" for an online
# attack that the sign-in limits slow down; 0-2 are common passwords, keyboard rows,
# repeats, sequences, dates and words from the user's own email or name.
MIN_STRENGTH_SCORE = 3
# zxcvbn rates at most 72 characters (its cost grows with length); the start decides.
ESTIMATE_CHARACTERS = 72
# zxcvbn's feedback sentences (it speaks English only), in the reader's language.
FEEDBACK = {
    "Add another word or two. Uncommon words are better.": _l(
        "Add another word or two. Uncommon words are better."
    ),
    "Capitalization doesn't help very much.": _l("Capitalization doesn't help very much."),
    "Reversed words aren't much harder to guess.": _l(
        "Reversed words aren't much harder to guess."
    ),
    "Predictable substitutions like '@' instead of 'a' don't help very much.": _l(
        "Predictable substitutions like '@' instead of 'a' don't help very much."
    ),
    "Use a few words, avoid common phrases.": _l("Use a few words, avoid common phrases."),
    "No need for symbols, digits, or uppercase letters.": _l(
        "No need for symbols, digits, or uppercase letters."
    ),
    "Straight rows of keys are easy to guess.": _l("Straight rows of keys are easy to guess."),
    "Short keyboard patterns are easy to guess.": _l("Short keyboard patterns are easy to guess."),
    "This is a top-10 common password.": _l("This is a top-10 common password."),
    "This is similar to a commonly used password.": _l(
        "This is similar to a commonly used password."
    ),
    "A word by itself is easy to guess.": _l("A word by itself is easy to guess."),
    "All-uppercase is almost as easy to guess as all-lowercase.": _l(
        "All-uppercase is almost as easy to guess as all-lowercase."
    ),
    "Use a longer keyboard pattern with more turns.": _l(
        "Use a longer keyboard pattern with more turns."
    ),
    'Repeats like "aaa" are easy to guess.': _l('Repeats like "aaa" are easy to guess.'),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': _l(
        'Repeats like "abcabcabc" are only slightly harder to guess than "abc".'
    ),
    "This is a top-100 common password.": _l("This is a top-100 common password."),
    "This is a very common password.": _l("This is a very common password."),
    "Names and surnames by themselves are easy to guess.": _l(
        "Names and surnames by themselves are easy to guess."
    ),
    "Common names and surnames are easy to guess.": _l(
        "Common names and surnames are easy to guess."
    ),
    "Avoid repeated words and characters.": _l("Avoid repeated words and characters."),
    'Sequences like "abc" or "6543" are easy to guess.': _l(
        'Sequences like "abc" or "6543" are easy to guess.'
    ),
    "Avoid sequences.": _l("Avoid sequences."),
    "Recent years are easy to guess.": _l("Recent years are easy to guess."),
    "Dates are often easy to guess.": _l("Dates are often easy to guess."),
    "Avoid recent years.": _l("Avoid recent years."),
    "Avoid years that are associated with you.": _l("Avoid years that are associated with you."),
    "Avoid dates and years that are associated with you.": _l(
        "Avoid dates and years that are associated with you."
    ),
}


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
    """zxcvbn's warning and first suggestion, as sentences in the reader's language."""
    sentences = [feedback.get("warning") or "", *(feedback.get("suggestions") or [])[:1]]
    sentences = [s.strip() if s.strip().endswith(".") else s.strip() + "." for s in sentences]
    shown = [str(FEEDBACK.get(s, s)) for s in sentences if s != "."]
    return " ".join(shown) or _("Add another word or two.")


def check_password_rules(password: str, email: str = "", name: str = "") -> None:
    """Refuse a password that is short, common, repetitive or built from the user's details."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordError(
            _("Password must be at least %(num)d characters.", num=MIN_PASSWORD_LENGTH)
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise PasswordError(
            _("Password must be at most %(num)d characters.", num=MAX_PASSWORD_LENGTH)
        )
    if len(set(password)) == 1:
        raise PasswordError(_("Password must not be one character repeated."))
    lowered = password.strip().lower()
    if email and lowered in {email.strip().lower(), email.strip().lower().partition("@")[0]}:
        raise PasswordError(_("Password must not be your email address."))
    words = _user_words(email, name)
    rest = _without(password, words)
    if rest is not None and (not rest.strip() or _weak(rest, words) is not None):
        raise PasswordError(
            _("Password is too easy to guess: it is built from your email or name.")
        )
    estimate = _weak(password, words)
    if estimate is not None:
        raise PasswordError(
            _("Password is too easy to guess. %(reason)s", reason=_reason(estimate["feedback"]))
        )


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
