"""Find secrets and personal data in captured output: what no log line or metrics scrape may hold.

The shapes here are written independently of the scrubber in app/logs.py, so a format the scrubber misses
is still found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

# Shapes of a secret or a contact detail, whoever it belongs to.
SHAPES: dict[str, re.Pattern[str]] = {
    "an email address": re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"),
    # +49 30 1234567, +1 (555) 010-0100, +91 9500615962.
    "an international phone number": re.compile(
        r"(?<![\w+])\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,5}){2,4}(?![\w.])"
    ),
    # (916) 212-0053, 361.563.7084, 256 714 1241, (910-432-2392.
    "a North American phone number": re.compile(r"(?<![\w.:+-])\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?![\w.])"),
    # header.payload of a JWT: the header is always base64 of '{"'.
    "a JWT": re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"),
    # This service's API keys (app.auth.service.API_KEY_PREFIX, then at least the stored prefix's length).
    "an API key": re.compile(r"hrk_[A-Za-z0-9_-]{8,}"),
}
# A phone number needs this many digits to be told apart from a year or a count.
MIN_PHONE_DIGITS = 7


# Characters of the line shown on each side of a leak.
CONTEXT = 80


@dataclass(frozen=True)
class Leak:
    """One line that holds something it must not, and the part of the line around it."""

    path: Path
    line: int
    what: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.path.name}:{self.line}: {self.what}: ...{self.excerpt}..."


def phone_pattern(phone: str) -> re.Pattern[str] | None:
    """The number's last ten digits in any formatting (spaces, dots, dashes, brackets or none between them);
    None for a value too short to be a phone number."""
    digits = re.sub(r"\D", "", phone)[-10:]
    if len(digits) < MIN_PHONE_DIGITS:
        return None
    return re.compile(r"[\s().+-]*".join(digits) + r"(?!\d)")


def known_patterns(
    secrets: Mapping[str, str], emails: Iterable[str], phones: Iterable[str]
) -> dict[str, re.Pattern[str]]:
    """One pattern per known value, named by its label (the value itself is never the name)."""
    patterns = {label: re.compile(re.escape(value)) for label, value in secrets.items() if value}
    for number, email in enumerate(sorted(set(emails)), 1):
        patterns[f"candidate email #{number}"] = re.compile(re.escape(email), re.IGNORECASE)
    for number, phone in enumerate(sorted(set(phones)), 1):
        pattern = phone_pattern(phone)
        if pattern is not None:
            patterns[f"candidate phone #{number}"] = pattern
    return patterns


def find_leaks(paths: Iterable[Path], patterns: Mapping[str, re.Pattern[str]]) -> list[Leak]:
    """Every line of these files that a known value or a generic shape matches, with its file and line."""
    every = {**SHAPES, **patterns}
    leaks = []
    for path in sorted(paths):
        for number, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
            for what, pattern in every.items():
                if found := pattern.search(line):
                    excerpt = line[max(found.start() - CONTEXT, 0) : found.end() + CONTEXT]
                    leaks.append(Leak(path, number, what, excerpt))
    return leaks
