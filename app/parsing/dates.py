"""Dates and date ranges as resumes write them: "05/2014 to 04/2016", "Jan 2019 - Present", "2015 – 2017"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust|est)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)


def is_month(word: str) -> bool:
    """Whether a word names a month as resumes write one ("June", "Sept", "jan.")."""
    return re.fullmatch(_MONTH, word, re.IGNORECASE) is not None


def is_season(word: str) -> bool:
    """Whether a word is a season that dates with its year ("Summer 2018")."""
    return re.fullmatch(_SEASON, word, re.IGNORECASE) is not None


# A season with its year dates a student's internship or a term: "Summer 2018", "Fall '19". It is read as
# its first month (winter as January: "Winter 2019" is the term that opens the year).
_SEASONS = {"spring": 3, "summer": 6, "fall": 9, "autumn": 9, "winter": 1}
# A season's last month, where it ends a range or dates a job alone ("Summer 2018" is June to August).
_SEASON_ENDS = {"spring": 5, "summer": 8, "fall": 11, "autumn": 11, "winter": 3}
_SEASON = r"(?:spring|summer|fall|autumn|winter)"


# Years a career can plausibly mention; keeps phone digits and amounts out.
_YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
# A season with its year, lower case: "summer 2018", "fall '19" (groups: the season, the year).
_SEASON_DATE = rf"({_SEASON})\s+({_YEAR}|'\d{{2}})"
# A day before the month is read and dropped: "8th June 2016", "03 Jan 2017".
_DAY = r"(?:(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?\s+)"
_DATE = (
    rf"(?:{_DAY}?{_MONTH}(?:[\s,'’-]*|/)(?:{_YEAR}|['’]\d{{2}})"  # Jan 2019, Sept '15, Jan-2019, May/2008
    rf"|{_SEASON}\s+(?:{_YEAR}|['’]\d{{2}})"  # Summer 2018, Fall '19
    rf"|(?:0?[1-9]|1[0-2])\s*[/.-]\s*{_YEAR}"  # 05/2014, 5-2014
    rf"|{_YEAR}\s*[/.-]\s*(?:0?[1-9]|1[0-2])(?![\d/.-])"  # 2014-05
    rf"|{_YEAR}\s+(?-i:(?=[A-Z])){_MONTH}(?![a-z])"  # 2013 Feb (the month capitalised: not "2014 may")
    rf"|{_YEAR})"  # 2015
)
# "March 2016 to Still on going": "still" before "ongoing", which may be written as two words.
_PRESENT = (
    r"(?:present|current(?:ly)?|now|today|(?:still\s+)?on\s*-?\s*going|continuing|till\s+(?:date|now)"
    r"|to\s+date|date)"
)
# "to till 30th Aug 2018": two joiners where one would do, as "to till date" writes "present"; "From: Jan
# 2015 To: Present" labels both ends.
_SEPARATOR = r"\s*(?:-+|–|—|~|→|to(?:\s*:)?(?:\s+till)?|until|till|through|thru)\s*"

DATE = re.compile(rf"(?<![\w/.]){_DATE}(?![\w/])", re.IGNORECASE)
RANGE = re.compile(
    rf"(?<![\w/.])(?P<start>{_DATE}){_SEPARATOR}(?P<end>{_DATE}|{_PRESENT})(?![\w/])",
    re.IGNORECASE,
)
_PRESENT_RE = re.compile(rf"^{_PRESENT}$", re.IGNORECASE)
# An end date that says the job goes on, alone, as a model writes it in a field of its own: "Present Day",
# "Till now", "Currently", "Ongoing", "(present)".
_PRESENT_FIELD = re.compile(
    rf"^[(\[]?\s*(?:(?:still|till|until|to|up\s+to)\s+)?{_PRESENT}(?:\s+day)?\s*[)\]]?\.?$", re.IGNORECASE
)


def names_the_present(text: str) -> bool:
    """Whether an end date written alone says the job goes on ("Present", "till now", "Currently")."""
    return bool(_PRESENT_FIELD.match(text.strip()))


@dataclass(frozen=True)
class DateRange:
    """A parsed range; ``end`` is None when it runs to the present."""

    start: date
    end: date | None
    is_current: bool
    span: tuple[int, int]


def month_index(day: date) -> int:
    """Months since year 0: the one month arithmetic (spans and shifts) the parser, ingest, indexer and
    queries share."""
    return day.year * 12 + day.month - 1


def months_between(start: date, end: date, *, inclusive: bool = False) -> int:
    """Calendar months from start's month to end's, never negative; `inclusive` counts both end months, as
    people count a job ("Jan 2019 - Dec 2019" is 12 months)."""
    return max(0, month_index(end) - month_index(start) + (1 if inclusive else 0))


def shift_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before, when negative) `day`'s month."""
    index = month_index(day) + months
    return date(index // 12, index % 12 + 1, 1)


def parse_date(text: str) -> date | None:
    """One date as a ``date`` on the first of its month (January when only the year is given)."""
    text = re.sub(rf"^{_DAY}(?=[a-z])", "", text.strip().lower().replace("’", "'"))
    match = re.fullmatch(rf"({_MONTH})(?:[\s,'-]*|/)({_YEAR}|'\d{{2}})", text)
    if match:
        return date(_year(match.group(2)), _MONTHS[match.group(1)[:3]], 1)
    match = re.fullmatch(_SEASON_DATE, text)
    if match:
        return date(_year(match.group(2)), _SEASONS[match.group(1)], 1)
    match = re.fullmatch(rf"(\d{{1,2}})\s*[/.-]\s*({_YEAR})", text)
    if match and 1 <= int(match.group(1)) <= 12:
        return date(int(match.group(2)), int(match.group(1)), 1)
    match = re.fullmatch(rf"({_YEAR})\s+({_MONTH})", text)
    if match:
        return date(int(match.group(1)), _MONTHS[match.group(2)[:3]], 1)
    match = re.fullmatch(rf"({_YEAR})\s*[/.-]\s*(\d{{1,2}})", text)
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    match = re.fullmatch(_YEAR, text)
    if match:
        return date(int(text), 1, 1)
    return None


def season_end(text: str) -> date | None:
    """The last month of a season with its year ("Summer 2018" is August 2018); None for any other date."""
    match = re.fullmatch(_SEASON_DATE, text.strip().lower().replace("’", "'"))
    if match is None:
        return None
    return date(_year(match.group(2)), _SEASON_ENDS[match.group(1)], 1)


def _year(text: str) -> int:
    """A year as written in full or as two digits after an apostrophe: '98 is 1998 and '15 is 2015
    (resumes do not reach back to the 1920s)."""
    if not text.startswith("'"):
        return int(text)
    value = int(text[1:])
    return 2000 + value if value <= 49 else 1900 + value


def find_ranges(text: str) -> list[DateRange]:
    """Every date range in ``text``, in order; nonsense ranges (end before start) are skipped."""
    ranges: list[DateRange] = []
    for match in RANGE.finditer(text):
        start = parse_date(match.group("start"))
        end_text = match.group("end")
        is_current = bool(_PRESENT_RE.match(end_text.strip()))
        end = None if is_current else season_end(end_text) or parse_date(end_text)
        if start is None or (end is None and not is_current):
            continue
        if end is not None and end < start:
            continue
        ranges.append(DateRange(start=start, end=end, is_current=is_current, span=match.span()))
    return ranges


# A full date both ways round: "20/07/2015" (day first), "11/29/2007" (month first).
_FULL_DATE = r"(?<![\w/.])(\d{1,2})[/.-](\d{1,2})[/.-](" + _YEAR + r")(?![\w/])"
# Two full dates in a row, joined or side by side as a table's From and To cells: "20/07/2015  31/05/2016";
# or one to the present, as the Europass CV writes it: "01/03/2019–Present".
_FULL_RANGE = re.compile(
    rf"{_FULL_DATE}(?:(?:{_SEPARATOR}|\s+){_FULL_DATE}|{_SEPARATOR}(?P<present>{_PRESENT})(?![\w/]))",
    re.IGNORECASE,
)


def full_date_order(text: str) -> bool | None:
    """Whether the full dates of ``text`` are written day first (True: some first number is above 12, no
    second one is), month first (False: the other way round), or the text does not tell (None)."""
    pairs = [(int(match.group(1)), int(match.group(2))) for match in re.finditer(_FULL_DATE, text)]
    day_first = any(first > 12 for first, _ in pairs)
    month_first = any(second > 12 for _, second in pairs)
    return None if day_first == month_first else day_first


def find_full_date_ranges(text: str, day_first: bool | None = None) -> list[DateRange]:
    """Ranges of two full dates, or of one to the present; which number is the month only a number above 12
    tells (the day), in the range or, given as ``day_first``, in the rest of the resume, so a range where
    nothing does, or where both orders are contradicted, is not read. Not part of ``find_ranges``: a caller
    reads them where a job's own line gives them."""
    ranges = []
    for match in _FULL_RANGE.finditer(text):
        present = match.group("present") is not None
        first_a, first_b, first_year = map(int, match.groups()[:3])
        second_a, second_b, second_year = (0, 0, first_year) if present else map(int, match.groups()[3:6])
        in_range_day_first = first_a > 12 or second_a > 12
        in_range_month_first = first_b > 12 or second_b > 12
        if in_range_day_first != in_range_month_first:
            order = in_range_day_first
        elif in_range_day_first or day_first is None:
            continue
        else:
            order = day_first
        start_month, end_month = (first_b, second_b) if order else (first_a, second_a)
        if not (1 <= start_month <= 12 and (present or 1 <= end_month <= 12)):
            continue
        start = date(first_year, start_month, 1)
        end = None if present else date(second_year, end_month, 1)
        if end is None or end >= start:
            ranges.append(DateRange(start=start, end=end, is_current=present, span=match.span()))
    return ranges


def find_dates(text: str) -> list[tuple[date, tuple[int, int]]]:
    """Every single date in ``text`` with its position."""
    found = []
    for match in DATE.finditer(text):
        parsed = parse_date(match.group())
        if parsed is not None:
            found.append((parsed, match.span()))
    return found
