"""Student names: what a class accepts as a name on its board.

A name is what a student types to join; it appears beside everything they share, on a
projector. The rules, and why:

- Normalised to NFC and trimmed, so the same name typed on two keyboards is stored
  alike and stray spaces do not count.
- 1 to 24 characters as a reader counts them: an accent, an emoji skin tone or a
  zero-width-joined emoji sequence (👩‍💻) belongs to the character before it. Any
  script is welcome, right-to-left ones included (Arabic and Hebrew need no control
  characters to display). At most 64 code points in all, and at most 4 combining marks
  on one letter, so "Zalgo" text cannot spill over the board.
- No control characters (Unicode Cc: tabs, newlines, escapes), no line or paragraph
  separators and no invisible format characters (Cf: zero-width spaces, byte-order
  marks, soft hyphens, bidirectional overrides, isolates and marks, tags). They are
  rejected, not silently stripped, so the name on the board is exactly what was typed.
  The two exceptions are the zero-width joiner and non-joiner between two visible
  characters: emoji sequences and Persian and Indic spelling need them.
- At least one visible character (not only fillers that draw nothing).
- Everything else is text, kept as typed: ``<script>`` is a name like any other. Names
  are user text, so a page must show them as text, never as HTML or Markdown.
- Two students may share a name: each join is a student of its own.
"""

import unicodedata

from classroom.errors import BadName

MAX_LENGTH = 24  # characters as a reader counts them
MAX_CODE_POINTS = 64
MAX_MARKS = 4  # combining marks on one letter
_ZWNJ, _ZWJ = "\u200c", "\u200d"
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)  # skin tones
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)  # two make a flag
_BLANKS = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0"}  # letters/symbols that draw nothing
_VISIBLE = ("L", "N", "S", "P")


def clean_name(name):
    """The name as the class will store and show it; ``BadName`` (with a sentence for
    the student) if it cannot be used. See the module's docstring for the rules."""
    if not isinstance(name, str):
        raise TypeError(f"name must be text (a str), got {type(name).__name__}")
    name = unicodedata.normalize("NFC", name).strip()
    if not name:
        raise BadName("Please type your name.")
    if any(_forbidden(name, k) for k in range(len(name))):
        raise BadName("Names cannot contain control characters or invisible "
                      "formatting characters.")
    if not any(c not in _BLANKS and unicodedata.category(c)[0] in _VISIBLE for c in name):
        raise BadName("Please type your name.")
    if len(name) > MAX_CODE_POINTS or perceived_length(name) > MAX_LENGTH:
        raise BadName(f"That name is too long: {MAX_LENGTH} characters at most.")
    if _longest_run_of_marks(name) > MAX_MARKS:
        raise BadName("That name has too many accents on one letter.")
    return name


def _forbidden(name, k):
    c = name[k]
    category = unicodedata.category(c)
    if c in (_ZWJ, _ZWNJ):  # allowed only between two visible characters
        return not (0 < k < len(name) - 1 and _plain(name[k - 1]) and _plain(name[k + 1]))
    return category in ("Cc", "Cf", "Cs", "Zl", "Zp")


def _plain(c):
    return not c.isspace() and unicodedata.category(c) not in ("Cc", "Cf", "Cs", "Zl", "Zp")


def perceived_length(text):
    """How many characters a reader sees in ``text`` (an approximation of Unicode's
    grapheme clusters that needs no extra package): combining marks, emoji modifiers
    and joiners extend the character before them, and two regional indicators make one
    flag."""
    count, previous, open_flag = 0, "", False
    for c in text:
        extends = (unicodedata.category(c) in ("Mn", "Me", "Mc") or c in (_ZWJ, _ZWNJ)
                   or ord(c) in _EMOJI_MODIFIERS
                   or (previous == _ZWJ and unicodedata.category(c) == "So")
                   or (open_flag and ord(c) in _REGIONAL_INDICATORS))
        open_flag = ord(c) in _REGIONAL_INDICATORS and not (extends and open_flag)
        count += not extends
        previous = c
    return count


def _longest_run_of_marks(text):
    longest = run = 0
    for c in text:
        run = run + 1 if unicodedata.category(c) in ("Mn", "Me") else 0
        longest = max(longest, run)
    return longest
