"""`hr-api demo`: demo data for an empty database, through the product's own paths.

Generated plain-text resumes (seeded, so every run makes the same people) are uploaded, queued, parsed by
the worker with the offline parser (never Claude: nobody pays to read made-up people) into candidates, and
indexed with `hr-indexer reindex`; a recruiter login (never an admin) with a random password is created when
the database has no user yet. A database that already has candidates is left alone. Nothing here needs the
benchmarks' corpus or data outside the package.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import secrets
import sys
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.auth.schemas import RegisterRequest
from app.auth.service import create_user
from app.composition import open_services
from app.migrate import database_schema_problem
from app.models import Candidate, Role, User
from app.parsing.rule_based import RuleBasedResumeParser
from app.resumes.service import accept_upload
from app.resumes.worker import Worker, describe_outcomes
from app.settings import Settings

DEMO_EMAIL = "demo@example.com"
# Resumes a demo loads by default: enough for every search type to find several people.
DEFAULT_RESUMES = 300
SEED = 7
# Seconds between the progress lines of a long load.
PROGRESS_SECONDS = 10.0


@dataclass(frozen=True)
class DemoRole:
    title: str
    skills: tuple[str, ...]
    field: str
    # Written "Department: ..." under each job's dates, as Indeed's resumes do, where the parser reads it.
    department: str


# Roles and the skills (names the skills catalogue knows) their people list.
ROLES = (
    DemoRole(
        "Software Engineer",
        ("Python", "PostgreSQL", "Docker", "Kubernetes", "AWS", "Java", "Redis", "Apache Kafka"),
        "Computer Science",
        "Engineering",
    ),
    DemoRole(
        "Data Engineer",
        ("Python", "SQL", "Apache Spark", "Apache Airflow", "Apache Kafka", "Scala", "Snowflake"),
        "Computer Science",
        "Engineering",
    ),
    DemoRole(
        "Data Scientist",
        ("Python", "Machine Learning", "pandas", "SQL", "TensorFlow", "PyTorch"),
        "Statistics",
        "Data Science",
    ),
    DemoRole(
        "DevOps Engineer",
        ("Kubernetes", "Terraform", "AWS", "Docker", "Linux", "Prometheus", "Ansible"),
        "Computer Engineering",
        "Engineering",
    ),
    DemoRole(
        "Frontend Developer",
        ("JavaScript", "TypeScript", "React", "CSS", "HTML", "Vue.js", "Node.js"),
        "Computer Science",
        "Engineering",
    ),
    DemoRole(
        "Financial Analyst",
        ("Microsoft Excel", "Financial Modeling", "SQL", "Power BI", "Financial Reporting", "SAP"),
        "Finance",
        "Finance",
    ),
    DemoRole(
        "Accountant",
        ("Microsoft Excel", "SAP", "QuickBooks", "Financial Reporting"),
        "Accounting",
        "Accounting",
    ),
    DemoRole(
        "Product Manager", ("Agile", "Scrum", "Jira", "SQL"), "Business Administration", "Product Management"
    ),
    DemoRole(
        "HR Generalist",
        ("Workday", "Employee Relations", "Microsoft Excel"),
        "Human Resources",
        "Human Resources",
    ),
    DemoRole("Registered Nurse", ("Patient Care", "Electronic Health Records"), "Nursing", "Nursing"),
)
COMPANIES = (
    "Acme Corp",
    "Globex Inc",
    "Initech GmbH",
    "Umbrella Corp",
    "Stark Industries",
    "Wayne Enterprises",
    "Hooli",
    "Vandelay Industries",
    "Cyberdyne Systems",
    "Soylent Foods",
)
CITIES = (
    ("Berlin", "Germany"),
    ("Hamburg", "Germany"),
    ("Munich", "Germany"),
    ("London", "United Kingdom"),
    ("Amsterdam", "Netherlands"),
    ("Paris", "France"),
    ("New York", "United States"),
    ("Chicago", "United States"),
    ("Toronto", "Canada"),
    ("Austin", "United States"),
)
FIRST_NAMES = (
    "Ada Alan Grace Linus Margaret Dennis Barbara Ken Frances Edsger Radia Tim Katherine John Hedy Donald "
    "Sophie Jean Karen Guido Anita Bjarne Mary Niklaus Shafi Leslie Yukihiro Lynn Brendan Joan"
).split()
LAST_NAMES = (
    "Lovelace Turing Hopper Torvalds Hamilton Ritchie Liskov Thompson Allen Dijkstra Perlman Berners "
    "Johnson McCarthy Lamarr Knuth Wilson Sammet Jones Rossum Borg Stroustrup Shaw Wirth Goldwasser Lamport "
    "Matsumoto Conway Eich Clarke"
).split()
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
# Degrees in turn, so every education filter finds people in a demo of a dozen resumes.
DEGREES = ("B.Sc.", "M.Sc.", "B.Sc.", "B.A.", "MBA", "B.Sc.", "Ph.D.", "M.Sc.")


def _month(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def resume_text(number: int, rng: random.Random, today: date) -> tuple[str, str]:
    """(file name, text) of one generated person's plain-text resume, most recent job first."""
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    role = rng.choice(ROLES)
    city, country = rng.choice(CITIES)
    skills = rng.sample(role.skills, k=min(len(role.skills), rng.randint(3, 6)))
    jobs: list[str] = []
    end: date | None = None  # None: the current job
    cursor = today
    employers = rng.sample(COMPANIES, k=rng.randint(1, 3))
    for index, company in enumerate(employers):
        years = rng.randint(1, 5)
        start = date(cursor.year - years, rng.randint(1, 12), 1)
        senior = index == 0 and len(employers) > 1
        title = f"Senior {role.title}" if senior else role.title
        period = f"{_month(start)} - {'Present' if end is None else _month(end)}"
        used = ", ".join(rng.sample(skills, k=min(len(skills), 3)))
        job_city = rng.choice(CITIES)[0]
        jobs.append(
            f"{title}\n{company}, {job_city}\n{period}\nDepartment: {role.department}\n"
            f"Worked with {used} in a team of {rng.randint(3, 12)}."
        )
        end = date(start.year, start.month, 1) if start.month > 1 else date(start.year - 1, 12, 1)
        cursor = end
    experience = today.year - cursor.year
    graduated = cursor.year - rng.randint(0, 2)
    degree = DEGREES[number % len(DEGREES)]
    email = f"{first}.{last}.{number}@example.com".lower()
    text = "\n".join(
        [
            f"{first} {last}",
            f"{email} | +1 (555) {rng.randint(100, 999)}-{rng.randint(1000, 9999)} | {city}, {country}",
            "",
            "SUMMARY",
            f"{role.title} with {experience} years of experience in {', '.join(skills[:3])}.",
            "",
            "EXPERIENCE",
            "\n\n".join(jobs),
            "",
            "EDUCATION",
            f"University of {rng.choice(CITIES)[0]}",
            f"MBA, {graduated}" if degree == "MBA" else f"{degree} {role.field}, {graduated}",
            "",
            "SKILLS",
            ", ".join(skills),
            "",
        ]
    )
    return f"demo-{number:04d}-{first}-{last}.txt".lower(), text


async def create_demo_user(sessions: async_sessionmaker[AsyncSession]) -> str:
    """The demo's login: a recruiter (never an admin) with a random password, returned to be shown once."""
    password = secrets.token_urlsafe(15)
    request = RegisterRequest(email=DEMO_EMAIL, username="demo", password=password, role=Role.RECRUITER)
    await create_user(sessions, request, actor="demo")
    return password


async def seed(settings: Settings, resumes: int) -> tuple[bool, str | None]:
    """Load the demo into an empty database: (loaded, the demo login's password when it was created)."""
    async with open_services(settings) as services:
        sessions = services.sessions
        async with sessions() as session:
            # An unmigrated database ended the demo in a traceback: one line, as `create-admin` says it.
            if (problem := await database_schema_problem(session)) is not None:
                raise SystemExit(f"hr-api demo: the database {problem}")
            if await session.scalar(select(func.count()).select_from(Candidate)):
                return False, None
            has_users = bool(await session.scalar(select(func.count()).select_from(User)))
        password = None if has_users else await create_demo_user(sessions)
        rng = random.Random(SEED)
        today = date.today()
        print(f"demo: uploading {resumes} generated resumes and parsing them", file=sys.stderr)
        uploaded = 0
        async with _reporting(lambda: f"demo: {uploaded} of {resumes} resumes uploaded"):
            for number in range(resumes):
                name, text = resume_text(number, rng, today)
                await accept_upload(sessions, settings, name, text.encode())
                uploaded += 1
        # Made-up people, read by the offline parser whatever ANTHROPIC_API_KEY says: with a key set, `make
        # run` sent every generated resume to Claude, paid for, and left those Claude failed on queued.
        worker = Worker(settings, sessions, RuleBasedResumeParser())
        async with _reporting(lambda: f"demo: {worker.outcomes.total()} of {resumes} resumes parsed"):
            await worker.run(asyncio.Event(), once=True)
        print(f"demo: {resumes} resumes parsed: {describe_outcomes(worker.outcomes)}", file=sys.stderr)
    # The index is the indexer's: a fresh one from Postgres, as an operator would build it.
    command = (sys.executable, "-m", "indexer", "reindex", "--no-progress")
    indexer = await asyncio.create_subprocess_exec(*command)
    if await indexer.wait() != 0:
        raise SystemExit("hr-api demo: the reindex failed (its message is above)")
    return True, password


@contextlib.asynccontextmanager
async def _reporting(line: Callable[[], str]) -> AsyncIterator[None]:
    """Print `line()` every PROGRESS_SECONDS while the block runs: thousands of resumes take minutes, which a
    silent terminal does not tell from a hang."""

    async def report() -> None:
        while True:
            await asyncio.sleep(PROGRESS_SECONDS)
            print(line(), file=sys.stderr, flush=True)

    reporter = asyncio.create_task(report())
    try:
        yield
    finally:
        reporter.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await reporter


def instructions(settings: Settings, password: str | None) -> str:
    """What to try next: the API's address and, the one time it exists, the demo login."""
    base = f"http://{settings.api_host}:{settings.api_port}"
    lines = f"API: {base}  (OpenAPI: {base}/api/v1/openapi.json)"
    if password is None:
        return lines
    return f"""{lines}
login, a recruiter (this password is shown once, not stored anywhere else): {DEMO_EMAIL} / {password}

TOKEN=$(curl -s {base}/api/v1/auth/login -H 'Content-Type: application/json' \\
  -d '{{"username": "{DEMO_EMAIL}", "password": "{password}"}}' \\
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
curl -s {base}/api/v1/search/candidates -H "Authorization: Bearer $TOKEN" \\
  -H 'Content-Type: application/json' \\
  -d '{{"skills": ["python", "sql"], "skills_mode": "all", "limit": 3}}'
curl -s {base}/api/v1/search/smart -H "Authorization: Bearer $TOKEN" \\
  -H 'Content-Type: application/json' \\
  -d '{{"query": "senior data engineer with spark, 5+ years"}}'
curl -s "{base}/api/v1/search/suggest?field=skill&prefix=kub" -H "Authorization: Bearer $TOKEN"
"""


def run_demo(settings: Settings, resumes: int) -> None:
    seeded, password = asyncio.run(seed(settings, resumes))
    print("demo data loaded" if seeded else "demo: the database already has candidates; nothing loaded")
    print()
    print(instructions(settings, password))
