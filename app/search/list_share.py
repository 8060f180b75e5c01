"""How much of a resume's text is lists: the share of its words on list-like lines, computed once per document
by the indexer (`list_share`), by which a search ranks a resume that is mostly lists (keyword stuffing) down.

BM25 rewards a query word found in a short text, and a resume that is mostly lists (a skills table, "Loan
processing  Customer service  Cash handling", comma-separated tool lists) holds many query words in few
words, none of them said of a job done (issue 17, benchmarks/README.md, session 42).
"""

from __future__ import annotations

import re

# What separates the items of a list on one line: two or more spaces (a table's columns, as the PDF's text
# keeps them), a tab, a comma, a semicolon, a bullet or a vertical bar.
_ITEMS = re.compile(r"\s{2,}|[\t,;|\u2022\u00b7\u25cf\u25aa\u25e6\u25a0\u25ba\u2713]")
# A word: letters, with an apostrophe inside ("Bachelor's"); numbers and dates are not words here.
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019][^\W\d_]+)*")
# An item of a list names a thing ("Microsoft Excel", "Accounts payable reconciliation"); a longer item is a
# clause of a sentence.
ITEM_MAX_WORDS = 4
# A line that ends in a full stop is a sentence ("Personal banker.") unless it separates this many items.
SENTENCE_MIN_ITEMS = 3


def is_list_line(line: str) -> bool:
    """Whether a line of resume text is a list or a piece of one: every item it separates (`_ITEMS`) has
    at most ITEM_MAX_WORDS words, and it is no sentence (no final full stop, unless it separates at least
    SENTENCE_MIN_ITEMS items). A line without words (a date range) is neither."""
    items = [item for item in _ITEMS.split(line) if _WORD.search(item)]
    if not items or any(len(_WORD.findall(item)) > ITEM_MAX_WORDS for item in items):
        return False
    return not line.rstrip().endswith(".") or len(items) >= SENTENCE_MIN_ITEMS


def list_share(text: str | None) -> float | None:
    """The share of a text's words that sit on list-like lines (`is_list_line`); None for a text without
    words. Headings and one-line places ("Company Name - City , State") count as list lines too: every
    resume has a few, so they move every share alike."""
    words = listed = 0
    for line in (text or "").splitlines():
        count = len(_WORD.findall(line))
        words += count
        if count and is_list_line(line):
            listed += count
    return listed / words if words else None
