"""Resume files of generated candidates (PDF, DOCX, TXT in turn) for the demo and the upload benchmarks."""

from __future__ import annotations

import io
from pathlib import Path

from benchmarks.corpus.generate import Candidate, World, resume_text

FORMATS = ("pdf", "docx", "txt")


def _sections(candidate: Candidate) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) in resume order; the header block has no heading."""
    text = resume_text(candidate)
    blocks: list[tuple[str, list[str]]] = [("", [])]
    for line in text.splitlines():
        if line.isupper() and len(line) > 3:
            blocks.append((line.title(), []))
        elif line.strip():
            blocks[-1][1].append(line)
    return blocks


def pdf_bytes(candidate: Candidate) -> bytes:
    """A one- or two-page text PDF (reportlab), the kind a resume builder exports."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = getSampleStyleSheet()
    story = []
    for heading, lines in _sections(candidate):
        if heading:
            story += [Spacer(1, 6), Paragraph(heading, styles["Heading2"])]
        for line in lines:
            story.append(Paragraph(line.replace("&", "&amp;").replace("<", "&lt;"), styles["Normal"]))
    buffer = io.BytesIO()
    # invariant=1: no creation date or random id in the file, so the same seed gives the same bytes.
    document = SimpleDocTemplate(buffer, pagesize=LETTER, title=candidate.full_name, invariant=1)
    document.build(story)
    return buffer.getvalue()


def docx_bytes(candidate: Candidate) -> bytes:
    """A Word document with headings and paragraphs (python-docx)."""
    from docx import Document

    document = Document()
    for heading, lines in _sections(candidate):
        if heading:
            document.add_heading(heading, level=2)
        for line in lines:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_resume_files(world: World, directory: Path, count: int) -> list[Path]:
    """The first `count` candidates of the world as resume files, formats in turn; the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for index, candidate in enumerate(world.candidates(0, count)):
        kind = FORMATS[index % len(FORMATS)]
        stem = f"{index:03d}_{candidate.full_name.replace(' ', '_').lower()}"
        path = directory / f"{stem}.{kind}"
        if kind == "pdf":
            path.write_bytes(pdf_bytes(candidate))
        elif kind == "docx":
            path.write_bytes(docx_bytes(candidate))
        else:
            path.write_text(resume_text(candidate), encoding="utf-8")
        written.append(path)
    return written
