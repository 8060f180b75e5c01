"""Split resume text into sections by the headings real resumes use ("WORK EXPERIENCE", "Highlights")."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from app.parsing import vocabulary

EXPERIENCE = "experience"
EDUCATION = "education"
SKILLS = "skills"
SUMMARY = "summary"
CERTIFICATIONS = "certifications"
LANGUAGES = "languages"
PROJECTS = "projects"
OTHER = "other"

# Normalised heading -> kind. Normalising lower-cases, drops punctuation and turns "&" into "and".
HEADINGS: dict[str, str] = {}
for _kind, _names in {
    EXPERIENCE: """
        experience; work experience; professional experience; employment history; work history;
        employment; career history; professional background; relevant experience; experience details;
        employment experience; work experience details; professional work experience; career experience;
        industry experience; it experience; technical experience; employment record; positions held;
        experience summary; internship; internships; internship experience; work and internship
        experience; company details; professional history; job history; military experience; teaching
        experience; research experience; volunteer experience; leadership experience""",
    EDUCATION: """
        education; education details; educational qualification; educational qualifications; academic
        qualification; academic qualifications; academic background; academics; education and training;
        academic profile; academic details; educational background; scholastic profile; academic
        credentials; education and certifications; education and qualifications; qualifications and
        education; educational details; academia; training and education; education history""",
    SKILLS: """
        skills; technical skills; key skills; core competencies; skill highlights; highlights; areas of
        expertise; expertise; technical proficiency; technical proficiencies; it skills; skill set;
        skillset; skills summary; computer skills; competencies; technical expertise; skill details;
        core qualifications; core skills; professional skills; technologies; technical summary; software
        skills; technical competencies; technical skill set; key competencies; areas of strength;
        strengths; tools and technologies; technical knowledge; skills and abilities; relevant skills;
        skills and expertise; qualifications; key qualifications; additional skills; software;
        programming languages; language and tools; soft skills; personal skills; functional skills;
        skills and tools; specialties""",
    SUMMARY: """
        summary; professional summary; career objective; objective; profile; professional profile;
        executive profile; about me; career summary; executive summary; overview; summary of
        qualifications; career profile; personal profile; profile summary; objectives; career overview;
        professional overview; introduction; personal statement; carrier objective; career goal; summary
        statement""",
    CERTIFICATIONS: """
        certifications; certification; certificates; certificate; licenses; licenses and certifications;
        certifications and licenses; professional certifications; certifications licenses; licensure;
        certifications and trainings; certifications and training; training and certifications;
        accreditations; credentials""",
    LANGUAGES: """
        languages; language skills; languages known; language; linguistic skills; language proficiency;
        spoken languages""",
    PROJECTS: """
        projects; academic projects; personal projects; key projects; project details; project
        experience; projects undertaken; major projects; project profile""",
    OTHER: """
        accomplishments; awards; achievements; interests; hobbies; personal details; personal
        information; references; additional information; activities; volunteer; volunteer work;
        publications; affiliations; links; extracurricular activities; extra curricular activities;
        declaration; honors; honours; awards and honors; professional affiliations; training; trainings;
        courses; coursework; relevant coursework; patents; military service; groups; memberships;
        community service; hobbies and interests; presentations; conferences; co curricular activities;
        personal; other information; additional; leadership; workshops; seminars; responsibilities;
        roles and responsibilities; strengths and weaknesses""",
}.items():
    for _name in _names.split(";"):
        HEADINGS[" ".join(_name.split())] = _kind
# A work history's heading with a qualifier before it, in any case ("Relevant Professional Experience",
# "Additional Experience", "Other Work Experience"): a second history, or the first one qualified.
for _qualifier in """relevant; related; additional; other; previous; prior; past; recent; selected; relevant
        professional; related professional; additional professional; other professional; relevant work;
        related work; additional work; other work; previous work; prior work""".split(";"):
    for _noun in ("experience", "employment", "work history", "employment history"):
        HEADINGS.setdefault(" ".join(f"{_qualifier} {_noun}".split()), EXPERIENCE)

# Words that make an unlisted short heading recognisable ("TECHNICAL SKILLS & TOOLS").
_HEADING_WORDS = (
    (re.compile(r"\bskills?\b|\bcompetenc|\bproficienc|\bexpertise\b"), SKILLS),
    (re.compile(r"\bexperience\b|\bemployment\b|\bwork history\b"), EXPERIENCE),
    (re.compile(r"\beducation|\bacademic|\bqualifications?\b"), EDUCATION),
    (re.compile(r"\bcertific|\blicen[cs]"), CERTIFICATIONS),
    (re.compile(r"\blanguages?\b"), LANGUAGES),
    (re.compile(r"\bsummary\b|\bobjective\b|\bprofile\b"), SUMMARY),
    (re.compile(r"\bprojects?\b"), PROJECTS),
)
_BULLET = re.compile(r"^[\s•●▪■◦‣∙·*►➢✓✔❖◆◇○➤→»-]+")
_NON_WORD = re.compile(r"[^a-z0-9 ]+")


@dataclass
class Section:
    """A run of lines under one heading; ``kind`` is one of the constants above."""

    kind: str
    heading: str
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The section's body."""
        return "\n".join(self.lines)


def normalise_heading(line: str) -> str:
    """Heading text reduced for lookup: "Skills & Tools:" -> "skills and tools"."""
    text = _BULLET.sub("", line).strip().lower().replace("&", " and ")
    return " ".join(_NON_WORD.sub(" ", text).split())


def listed_heading(line: str) -> bool:
    """Whether a heading line is one of the listed names, not one recognised by a telling word."""
    return normalise_heading(_BULLET.sub("", line).strip().partition(":")[0]) in HEADINGS


# Roles O*NET writes only inside longer titles ("Lead Programmer", "Head Nurse"), which resumes end a title
# on ("PROJECT LEAD", "PROJECT HEAD").
_LEADING_ROLES = frozenset({"lead", "head"})


def heading_kind(line: str) -> tuple[str, str] | None:
    """(kind, text after the heading) when ``line`` is a section heading, else None.

    A heading is a known name on a line of its own ("EDUCATION", "Work History:"), a known name
    followed by a colon and content ("Skills: Python, SQL"), or a short capitalised line with a
    telling word ("TECHNICAL SKILLS AND TOOLS").
    """
    stripped = _BULLET.sub("", line).strip()
    if not stripped or len(stripped) > 60:
        return None
    if stripped.endswith(".") and stripped.islower():
        return None  # "projects." alone on a line ends a wrapped sentence
    head, colon, rest = stripped.partition(":")
    key = normalise_heading(head)
    if not key:
        return None
    if key in HEADINGS and (not colon or len(key.split()) <= 4):
        return HEADINGS[key], rest.strip()
    if colon and rest.strip():
        return None  # "Languages: Java" inside a section is a labelled line, handled by the caller
    # Unlisted headings must look like one: upper case or a trailing colon ("Skills Trainer" is a job).
    looks_like_heading = stripped.isupper() or (bool(colon) and not rest.strip())
    if not colon and key.split()[-1] in vocabulary.title_heads() | _LEADING_ROLES:
        # "TECHNICAL PROJECT MANAGER", "ARABIC LANGUAGE TRAINER", "PROJECT LEAD": a job title in capitals
        return None
    if len(key.split()) <= 5 and looks_like_heading and not re.search(r"\d", key):
        for pattern, kind in _HEADING_WORDS:
            if pattern.search(key):
                return kind, ""
    return None


# Headings that, inside a work history, head one job's details rather than a new section.
# "Job Profile:" would read as a profile (a summary) by its telling word.
JOB_SUBHEADINGS = frozenset(
    {"responsibilities", "roles and responsibilities", "key responsibilities", "job profile", "jobprofile"}
)


def split_sections(text: str) -> tuple[list[str], list[Section]]:
    """The lines before the first heading (name and contact block) and the sections after it."""
    header: list[str] = []
    sections: list[Section] = []
    for raw in text.split("\n"):
        line = raw.strip()
        found = heading_kind(line) if line else None
        if (
            found is not None
            and sections
            and sections[-1].kind == EXPERIENCE
            and (
                normalise_heading(line.partition(":")[0]) in JOB_SUBHEADINGS
                or (found[0] == SKILLS and found[1])
            )
        ):
            # "Responsibilities:" or "Technologies: Splunk, SQL" under a job is one of its details;
            # the next jobs stay in the work history.
            found = None
        if found is not None:
            kind, rest = found
            sections.append(Section(kind=kind, heading=line, lines=[rest] if rest else []))
        elif sections:
            sections[-1].lines.append(line)
        else:
            header.append(line)
    return header, sections
