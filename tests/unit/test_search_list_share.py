"""The share of a resume's words on list-like lines, by which a search ranks a resume of lists down."""

from __future__ import annotations

import pytest

from app.search.list_share import is_list_line, list_share

PROSE = """PERSONAL BANKER
Summary
Opened consumer and business accounts, took loan applications and processed deposits for branch customers.
Experience
Personal Banker 06/2012 to Current Company Name - City , State
Processed loan applications for small business customers and balanced the branch vault every evening.
"""
LISTS = """TELLER
Skills
Loan processing  Customer service
Cash handling  Branch operations
Deposits, Loans, Excel, Word, Outlook, Teller systems
Experience
Teller 2015 to 2016
Counted deposits.
"""


def test_list_lines_are_short_items_not_sentences() -> None:
    assert is_list_line("Operations management  Salary structure/compensation analysis")
    assert is_list_line("Microsoft Word for Windows, Excel, Power Point, Access, Oracle 9i")
    assert is_list_line("Excel, Word, Outlook.")  # three items: a list, full stop or not
    assert is_list_line("Time management")
    assert not is_list_line("Serve as primary contact to retail, commercial, and prospect clients")
    assert not is_list_line("Personal banker.")  # a sentence
    assert not is_list_line("Relationship Banker II 06/2004 to 06/2012 Company Name City , State")
    assert not is_list_line("06/2004 - 06/2012")  # no words


def test_a_resume_of_lists_has_a_high_share_and_one_of_sentences_a_low_one() -> None:
    # PROSE: 40 words; the headings "PERSONAL BANKER", "Summary", "Experience" (4 words) on list lines, the
    # job line's first item (7 words) and the two sentences not.
    assert list_share(PROSE) == pytest.approx(4 / 40)
    # LISTS: every line but "Counted deposits." is a list (the job line's one item "Teller to" too): 20 of 22.
    assert list_share(LISTS) == pytest.approx(20 / 22)
    assert list_share("2015 to 2016") == pytest.approx(1.0)  # "to" is its one word
    assert list_share("06/2004 - 06/2012") is None  # no words: no share, the score is left as it is
    assert list_share("") is None
    assert list_share(None) is None
