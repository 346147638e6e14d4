"""Unescaping and splitting vCard text: the fast paths give what the regex gives."""

from __future__ import annotations

import random

from relmanager.vcard.text import _ESCAPE_PAIR, _unescape_pair, clean, split_escaped, unescape


def regex_unescape(value: str) -> str:
    return clean(_ESCAPE_PAIR.sub(_unescape_pair, value)) if "\\" in value else clean(value)


def test_escapes_pair_from_the_left_like_the_regex() -> None:
    assert unescape(r"a\,b\;c\:d\nE\NF") == "a,b;c:d\nE\nF"
    assert unescape("C:\\temp\\x") == "C:\\temp\\x"  # unknown escapes stay as written
    assert unescape("\\\\n") == "\\n"  # an escaped backslash, then a plain n
    assert unescape("\\\\\\n") == "\\\n"
    assert unescape("trailing\\") == "trailing\\"
    assert unescape("a\\\r\nb") == "a\\\nb"  # CR LF still becomes one line break


def test_random_escape_soup_unescapes_as_before() -> None:
    rng = random.Random(7)
    alphabet = ["\\", "\\", "n", "N", ",", ";", ":", "x", "\n", "\r", "é", "\x00", "\x07"]
    for length in range(12):
        for _ in range(3000):
            value = "".join(rng.choice(alphabet) for _ in range(length))
            assert unescape(value) == regex_unescape(value), ascii(value)


def test_split_escaped_keeps_escaped_separators_and_cleans_controls() -> None:
    assert split_escaped(r";;Main St 1\, Apt 2;Town;;", ";") == ["", "", "Main St 1, Apt 2",
                                                                 "Town", "", ""]
    assert split_escaped("a\x07b;c", ";") == ["ab", "c"]
    assert split_escaped("Jürgen;Müller", ";") == ["Jürgen", "Müller"]
    assert split_escaped("", ",") == [""]
