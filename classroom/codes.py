"""Class codes and tokens: the only keys to a class (there are no accounts).

A class code is read off a projector and typed by a room of students, so it is short,
grouped and free of look-alikes, yet unguessable: 9 symbols from an alphabet of 30
(Crockford's base 32 without 0 and 1, so no 0/O, 1/I/L or U/V mix-ups) carry
9 log2(30) = 44.2 bits, drawn by ``secrets``. Shown as ``K7Q-XM4-RP2``; typed in any
case, with or without spaces and dashes.

A token is a long random secret: the teacher's is in the Teacher link, a student's (the
member token) is kept by the student's browser, so that a reload or a new server process
finds the same student. The database keeps only a token's SHA-256 (a fast hash is enough
for a random 192-bit secret: nothing to brute force), and tokens are compared in constant
time.
"""

import hashlib
import hmac
import re
import secrets
import unicodedata

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 9
GROUP = 3
TOKEN_BYTES = 24  # 192 bits, 32 URL-safe characters
_CODE = re.compile(f"[{ALPHABET}]{{{LENGTH}}}")


def new_code():
    """A fresh random class code, normalised (``"K7QXM4RP2"``)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(text):
    """The code someone typed, as stored (upper case, no spaces or dashes), or None if
    it cannot be a class code. Any Unicode space or dash is ignored and full-width
    letters count as letters, so a code copied from a slide with typographic dashes, or
    typed with a Japanese keyboard, still works."""
    if not isinstance(text, str):
        return None
    text = unicodedata.normalize("NFKC", text)
    code = "".join(c for c in text if not (c.isspace() or unicodedata.category(c) == "Pd"))
    code = code.upper()
    return code if _CODE.fullmatch(code) else None


def format_code(code):
    """A normalised code as shown to people: ``"K7QXM4RP2"`` -> ``"K7Q-XM4-RP2"``."""
    return "-".join(code[k:k + GROUP] for k in range(0, len(code), GROUP))


def new_token():
    """A fresh token (URL-safe text: for a link or a cookie)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token):
    """What the database keeps of a token: its SHA-256, in hex."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def token_matches(token, stored_hash):
    """Whether ``token`` is the token whose hash is ``stored_hash``.

    Constant time in the token's content; a missing or non-text token is simply not it.
    """
    if not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(hash_token(token), stored_hash)
