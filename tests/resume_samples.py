"""Resume texts written for the tests (the real resumes are read from ../shared/data), and what the offline
parser reads from one."""

from __future__ import annotations

from app.parsing.rule_based import RuleBasedResumeParser


def titles_and_employers(text: str) -> list[tuple[str | None, str | None]]:
    """(title, company) of each job the offline parser reads from a resume's text, in its order."""
    return [(job.title, job.company) for job in RuleBasedResumeParser().parse(text).work_experience]


def text_resume(name: str = "Jane Doe", email: str = "jane.doe@example.com", extra: str = "") -> bytes:
    """A plain-text resume with the sections and date forms real resumes use."""
    return f"""{name}
{email} | +1 (555) 123-4567 | Berlin, Germany

SUMMARY
Backend engineer building Python services for eight years.

EXPERIENCE
Senior Software Engineer
Acme Corp, Berlin
Jan 2019 - Present
Built Kubernetes deployments and PostgreSQL pipelines in Python.

Software Engineer
Globex Inc, Hamburg
05/2014 to 12/2018
Developed Java and JavaScript applications.

EDUCATION
Technical University of Berlin
B.Sc. Computer Science, 2014

SKILLS
Python, Kubernetes, PostgreSQL, Java, JavaScript, Docker
{extra}
""".encode()


def docx_bomb(inflated_bytes: int, *, declared_bytes: int | None = None) -> bytes:
    """A real Word document plus one member of zeros that inflates to `inflated_bytes` (200 MiB -> ~200 KB).

    With `declared_bytes`, the archive lies: its headers claim that member inflates to that much only.
    """
    import io
    import struct
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph("Jane Doe, engineer")
    base = io.BytesIO()
    document.save(base)
    buffer = io.BytesIO()
    chunk = bytes(1024 * 1024)
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(base.getvalue())) as original:
            for info in original.infolist():
                archive.writestr(info.filename, original.read(info))
        with archive.open("word/media/padding.bin", "w") as member:
            for start in range(0, inflated_bytes, len(chunk)):
                member.write(chunk[: min(len(chunk), inflated_bytes - start)])
    data = bytearray(buffer.getvalue())
    if declared_bytes is not None:
        name = b"word/media/padding.bin"
        with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
            central = archive.start_dir  # type: ignore[attr-defined]
        while data[central : central + 4] == b"PK\x01\x02":
            name_length = struct.unpack_from("<H", data, central + 28)[0]
            if data[central + 46 : central + 46 + name_length] == name:
                struct.pack_into("<I", data, central + 24, declared_bytes)
                local = struct.unpack_from("<I", data, central + 42)[0]
                struct.pack_into("<I", data, local + 22, declared_bytes)
                break
            extra_length, comment_length = struct.unpack_from("<HH", data, central + 30)
            central += 46 + name_length + extra_length + comment_length
    return bytes(data)
