"""What a resume parser offers, the error it raises, and which parser a process uses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from app.parsing.models import ParsedResume
from app.parsing.rule_based import RuleBasedResumeParser
from app.settings import Settings

if TYPE_CHECKING:
    from anthropic import AsyncAnthropic


class ParsingError(Exception):
    """A parser could not turn text into a ParsedResume; ``code`` is the metrics label. ``repeats``: the same
    text would get the same answer (cut off at the output limit, refused, not of the resume's shape), so
    asking again only pays for it again. ``retry_after``: seconds the API asked to wait (a 429's or 529's)."""

    def __init__(
        self, message: str, code: str, *, repeats: bool = False, retry_after: float | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.repeats = repeats
        # Seconds the API asked to wait before the next request (its retry-after), when it said.
        self.retry_after = retry_after


@runtime_checkable
class ResumeParser(Protocol):
    """An async parser (Claude): ``name`` and ``version`` are stored with each result for re-parsing.

    The offline ``RuleBasedResumeParser`` has the same ``name`` and ``version`` but a synchronous
    ``parse`` (it runs in the worker's extraction subprocess) and ``parse_async`` for async callers.
    """

    name: str
    version: str

    async def parse(self, text: str) -> ParsedResume:
        """Structured fields of one resume's text."""
        ...


def select_parser(
    settings: Settings, client: AsyncAnthropic | None = None
) -> ResumeParser | RuleBasedResumeParser:
    """Claude when ANTHROPIC_API_KEY is set, else the offline rule-based parser (no network needed)."""
    if settings.anthropic_api_key is not None and settings.anthropic_api_key.get_secret_value():
        # Imported here so the offline path never loads the SDK.
        from app.parsing.claude import ClaudeResumeParser

        return ClaudeResumeParser.from_settings(settings, client=client)
    return RuleBasedResumeParser()
