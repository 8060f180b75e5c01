"""Issue 17, session 43: where in the resume a query word stands, by the resume's own sections.

A resume says what its writer does in its opening lines, its summary and its work history; its education,
skills list, certifications and the closing sections (interests, awards, coursework, additional
information) say what the writer studied, lists or once did on the side. Ours scores a query word the same
wherever in `resume_text` it stands (its fields are the whole text, the parsed titles and skills; session
22 tried the first N tokens, session 41 the latest job, session 39 the parsed summary and job descriptions
each alone). Here each resume's text is split by its own headings, with the parser's rule
(`app.parsing.sections.split_sections`), into:

- `practice_text`: the lines before the first heading (the name and the role the resume sells) and the
  summary, work-history and projects sections, prose analyzer, as the other text fields;

and the `s43_practice_*` variants (`benchmarks.relevance.variants`) add the query's words on it, so a word
standing in the practice sections counts more than the same word standing only in the education or skills
tail. `attach` writes a copy of a relevance run's index with the field (as `recent_job.attach` does); no
label, evaluation query or category is read to make it. In the product the indexer would fill it
(`indexer.documents.build_document`), as `job_titles` is.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.parsing.sections import EXPERIENCE, PROJECTS, SUMMARY, split_sections
from benchmarks.relevance import recent_job

FIELD = "practice_text"
MAPPING = {"properties": {FIELD: {"type": "text", "analyzer": "prose"}}}
# The sections that say what the writer does; the rest (education, skills, certifications, languages and
# the closing "other" sections) is the tail.
PRACTICE = frozenset({SUMMARY, EXPERIENCE, PROJECTS})


def practice_text(text: str | None) -> str | None:
    """The opening lines and the practice sections (`PRACTICE`) of a resume text; None when they hold
    nothing (no text, or a text whose opening lines and practice sections are empty)."""
    header, sections = split_sections(text or "")
    kept = header + [line for section in sections if section.kind in PRACTICE for line in section.lines]
    joined = "\n".join(line for line in kept if line.strip())
    return joined or None


async def attach(client: Any, alias: str) -> dict[str, float]:
    """A copy of the index behind `alias` with `practice_text` (`<index>-practice`, `recent_job.write_copy`).
    The count of documents, of those with the field, and the median share of a text's characters it
    keeps."""
    index, hits = await recent_job.read_documents(client, alias)
    documents = []
    shares = []
    for hit in hits:
        source = hit["_source"]
        text = source.get("resume_text")
        practice = practice_text(text)
        if practice is not None:
            shares.append(len(practice) / max(1, len(text or "")))
            source = {**source, FIELD: practice}
        documents.append((hit["_id"], source))
    await recent_job.write_copy(client, alias, index, "practice", MAPPING["properties"], documents)
    shares.sort()
    return {
        "documents": len(hits),
        "with_practice": len(shares),
        "median_kept": round(shares[len(shares) // 2], 3) if shares else 0.0,
    }


# The grid, fixed before any run (benchmarks/README.md, session 43): the query's words on the practice
# sections at weight x their specificity weight, as the text's own word clauses are weighed.
CONFIGS: dict[str, recent_job.Config] = {
    "s43_practice_1": recent_job.Config(FIELD, 1.0, name="practice"),
    "s43_practice_2": recent_job.Config(FIELD, 2.0, name="practice"),
    "s43_practice_4": recent_job.Config(FIELD, 4.0, name="practice"),
    "s43_practice_body_2": recent_job.Config(FIELD, 2.0, body=True, name="practice"),
}


def main(argv: Sequence[str] | None = None) -> None:
    recent_job.report_main(argv, __doc__, CONFIGS.keys())


if __name__ == "__main__":
    main()
