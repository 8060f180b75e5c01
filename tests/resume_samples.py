"""Resume texts written for the tests (the real resumes are read from ../shared/data)."""

from __future__ import annotations


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
