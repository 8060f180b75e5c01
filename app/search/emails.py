"""Email addresses in a search text: the candidates with those addresses, looked up in Postgres.

Emails stay out of the index (indexer/documents.py keeps no PII beyond the name), so the analyzers read
"jane.doe@example.com" as the words "jane.doe" and "example.com", which every resume with an address at
example.com holds: the search matched everyone of them. An address in the text is taken out of it and asked
of Postgres instead, on the unique lower(email) index; the search then keeps the candidates found (nobody
when no candidate has it) and the rest of the text ranks them as before.

The address is never logged or put in a metric label, and a search event keeps only the text's length and
word count, as for any text; the caller's own search history keeps the text as typed, as it does for any
search (it is listed to that user alone).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.models import Candidate

# An address as people type one: a local part, "@", a domain of dotted labels. Not RFC 5322 (no quoted
# local parts): what a recruiter pastes from a mail or a resume.
EMAIL = re.compile(r"(?:mailto:)?(?<![\w.+-])(?P<address>[\w.%+-]+@[\w-]+(?:\.[\w-]+)+)(?![\w-])", re.I)


def split_emails(text: str | None) -> tuple[list[str], str | None]:
    """The addresses in a search text (lower-cased, once each, in order) and the text without them (None
    when nothing else is left)."""
    if not text or "@" not in text:
        return [], text
    found = list(dict.fromkeys(match["address"].lower() for match in EMAIL.finditer(text)))
    if not found:
        return [], text
    rest = " ".join(EMAIL.sub(" ", text).split())
    return found, rest or None


async def candidates_with_emails(
    sessions: async_sessionmaker[AsyncSession], emails: Sequence[str]
) -> list[str]:
    """The ids of the candidates whose address is one of `emails` (lower-cased), as the index's ids."""
    async with sessions() as session:
        found = await session.scalars(
            select(Candidate.id).where(func.lower(Candidate.email).in_(list(emails))).order_by(Candidate.id)
        )
        return [str(candidate_id) for candidate_id in found]
