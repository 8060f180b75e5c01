"""Each search type returns the candidates a person would expect, on a small hand-built corpus.

The corpus goes the real way: rows in Postgres, the outbox, the indexer, OpenSearch, the API.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import re
import subprocess
import sys
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import orjson
import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import func, insert, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app import keys
from app.candidates.companies import company_key
from app.main import create_app
from app.models import Candidate, CandidateSkill, ParsingStatus, Resume, Skill, WorkExperience
from app.search import queries, sorted_pages
from app.search.cache import EPOCH_KEY
from app.search.schemas import MAX_QUERY_CHARS, SearchRequest, SearchResponse
from app.search_engine import create_opensearch
from app.settings import Settings
from tests.conftest import ROOT

# A word the highlighter marked.
EM = re.compile(r"<em>(.+?)</em>")


@dataclass(frozen=True)
class Job:
    company: str
    department: str
    title: str
    start: date
    end: date | None
    client: str | None = None


@dataclass(frozen=True)
class Person:
    name: str
    years: float | None
    location: str
    skills: tuple[str, ...]
    jobs: tuple[Job, ...]
    active: bool = True


CORPUS = {
    "alice": Person(
        "Alice Anders",
        8,
        "Berlin, Germany",
        ("Python", "Kubernetes", "PostgreSQL"),
        (Job("Acme Corp", "Platform", "Senior Backend Engineer", date(2018, 1, 1), None),),
    ),
    "bob": Person(
        "Bob Brandt",
        6,
        "Munich, Germany",
        ("Java", "Spring", "Kubernetes"),
        (
            Job("Globex", "Payments", "Software Engineer", date(2022, 7, 1), None, client="Northwind Bank"),
            Job("ACME Corporation", "Platform", "Java Developer", date(2019, 6, 1), date(2022, 6, 1)),
        ),
    ),
    "carol": Person(
        "Carol Clark",
        3,
        "Berlin, Germany",
        ("JavaScript", "React", "Node.js"),
        (
            Job("Initech", "Web", "Frontend Developer", date(2023, 1, 1), None),
            Job("Acme Corp", "Marketing", "Web Designer", date(2010, 1, 1), date(2012, 1, 1)),
        ),
    ),
    "dave": Person(
        "Dave Dietrich",
        12,
        "Hamburg, Germany",
        ("C", "Embedded Systems"),
        # Bob's "Globex" written another way: the company key folds case, the legal form and the city.
        (Job("GLOBEX GmbH, Hamburg", "Payments", "Firmware Engineer", date(2015, 1, 1), date(2023, 1, 1)),),
    ),
    "erin": Person(
        "Erin Engel",
        10,
        "Berlin, Germany",
        ("C++", "C#", ".NET"),
        (Job("Acme Inc.", "Platform", "Systems Engineer", date(2015, 1, 1), date(2017, 12, 1)),),
    ),
    "frank": Person(
        "Frank Fischer",
        9,
        "Berlin, Germany",
        ("Python", "Kubernetes"),
        (Job("Acme Corp", "Platform", "SRE", date(2018, 1, 1), None),),
        active=False,
    ),
}


def indexer(*args: str) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "indexer", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"indexer {' '.join(args)}: {done.stderr.strip()}"


async def load_corpus(
    db: async_sessionmaker[AsyncSession], people: dict[str, Person] = CORPUS
) -> dict[str, uuid.UUID]:
    ids = {}
    async with db.begin() as session:
        names = sorted({s for p in people.values() for s in p.skills})
        await session.execute(insert(Skill), [{"name": n} for n in names])
        skill_ids = dict((await session.execute(text("SELECT name, id FROM skills"))).all())
        for key, person in people.items():
            candidate = Candidate(
                full_name=person.name,
                email=f"{key}@example.com",
                location=person.location,
                current_title=person.jobs[0].title,
                current_company=person.jobs[0].company,
                total_experience_years=None if person.years is None else Decimal(str(person.years)),
                summary=f"{person.jobs[0].title} working with {', '.join(person.skills)}.",
                is_active=person.active,
            )
            session.add(candidate)
            await session.flush()
            ids[key] = candidate.id
            for position, job in enumerate(person.jobs):
                session.add(
                    WorkExperience(
                        candidate_id=candidate.id,
                        position=position,
                        company=job.company,
                        company_key=company_key(job.company),
                        department=job.department,
                        client=job.client,
                        title=job.title,
                        start_date=job.start,
                        end_date=job.end,
                        is_current=job.end is None,
                    )
                )
            for skill in person.skills:
                session.add(CandidateSkill(candidate_id=candidate.id, skill_id=skill_ids[skill]))
        assert await session.scalar(func.count(Candidate.id)) is not None
    return ids


async def index_people(
    db: async_sessionmaker[AsyncSession], people: dict[str, Person] = CORPUS
) -> dict[str, uuid.UUID]:
    """The people, indexed through the outbox by the real indexer."""
    ids = await load_corpus(db, people)
    indexer("reindex")
    indexer("run", "--until-empty")
    return ids


@pytest.fixture
async def corpus(db: async_sessionmaker[AsyncSession]) -> dict[str, uuid.UUID]:
    """The corpus, indexed through the outbox by the real indexer."""
    return await index_people(db)


@pytest.fixture
async def viewer(settings: Settings, role_headers: dict[str, dict[str, str]]) -> TestClient:
    async with TestClient(TestServer(create_app(settings)), headers=role_headers["viewer"]) as client:
        yield client  # type: ignore[misc]


async def search(client: TestClient, **request: object) -> dict:
    response = await client.post("/api/v1/search/candidates", json=request)
    body = await response.json()
    assert response.status == 200, body
    return body


def names(body: dict) -> list[str]:
    return [hit["full_name"].split()[0].lower() for hit in body["results"]]


def titles_of(body: dict) -> list[str]:
    return [hit["current_title"] for hit in body["results"]]


async def test_skill_synonyms_and_exact_tokens(viewer: TestClient, corpus: dict) -> None:
    assert sorted(names(await search(viewer, skills=["k8s"]))) == ["alice", "bob"]  # frank is inactive
    assert names(await search(viewer, skills=["postgres"])) == ["alice"]
    assert names(await search(viewer, skills=["js"])) == ["carol"]
    assert names(await search(viewer, skills=["C++"])) == ["erin"]  # not dave, who has C
    assert names(await search(viewer, skills=["c#"])) == ["erin"]


async def test_skills_mode_all_and_any(viewer: TestClient, corpus: dict) -> None:
    every = await search(viewer, skills=["python", "kubernetes"], skills_mode="all")
    assert names(every) == ["alice"]
    assert every["results"][0]["matched_skills"] == ["Python", "Kubernetes"]
    assert every["results"][0]["match_score"] == 1.0
    some = await search(viewer, skills=["python", "kubernetes"], skills_mode="any")
    assert names(some)[0] == "alice" and set(names(some)) == {"alice", "bob"}
    bob = next(h for h in some["results"] if h["full_name"].startswith("Bob"))
    assert bob["missing_skills"] == ["Python"] and 0 < bob["match_score"] < 1


async def test_required_skills_filter_each_while_the_skills_the_text_names_rank(
    viewer: TestClient, corpus: dict
) -> None:
    # The page ticks a skill facet as a required skill: before, it could say so only with skills_mode
    # "all", which made the skills the text named filter too, and answered nobody for C++ here.
    asked = {"query": "engineers with kubernetes", "skills": ["Kubernetes"]}
    assert {"alice", "bob", "erin"} <= set(names(await search(viewer, **asked)))
    body = await search(viewer, **asked, required_skills=["c++"])
    assert names(body) == ["erin"]
    hit = body["results"][0]
    assert (hit["matched_skills"], hit["missing_skills"]) == (["C++"], ["Kubernetes"])
    assert "has 1 of 2 asked skills" in hit["match_reasons"]
    # Each required skill must be there, in every search type.
    assert names(await search(viewer, **asked, required_skills=["c++", "python"])) == []
    ranged = {"search_type": "experience_match", "min_experience_years": 5, "max_experience_years": 12}
    assert names(await search(viewer, **ranged, required_skills=["Java"])) == ["bob"]


async def test_experience_filters_and_experience_match(viewer: TestClient, corpus: dict) -> None:
    assert sorted(names(await search(viewer, min_experience_years=9))) == ["dave", "erin"]
    ranked = await search(
        viewer, search_type="experience_match", min_experience_years=5, max_experience_years=7
    )
    assert names(ranked)[0] == "bob"
    assert names(ranked)[1] == "alice"


async def test_the_text_word_by_word_scores_as_the_whole_text(
    settings: Settings, viewer: TestClient, corpus: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The text is matched one word a clause (so the engine can skip common words), the skill fields whole
    # when a multi-word synonym is in it; every candidate must score as with the text matched whole, and
    # the reasons still name the text once. The words' specificity weights apply word by word only, so
    # they are off here.
    monkeypatch.setattr(queries, "SPECIFICITY_POWER", 0.0)
    client = create_opensearch(settings)
    texts = (
        "software engineer at globex",
        "web designer",
        "the engineer of payments",
        "c++ and .net systems engineer",
        "business intelligence java developer",
        "k8s platform engineer",
    )
    try:
        for text_ in texts:
            scores = []
            for per_word in (False, True):
                query = queries.ranked([], queries.text_clauses(text_, per_word=per_word))
                answer = await client.search(index=settings.index_alias, body={"query": query, "size": 10})
                scores.append({hit["_id"]: hit["_score"] for hit in answer["hits"]["hits"]})
            whole, per_word_scores = scores
            assert whole, text_
            assert whole.keys() == per_word_scores.keys(), text_
            for key, value in whole.items():
                assert per_word_scores[key] == pytest.approx(value, rel=1e-5), text_
    finally:
        await client.close()
    ranked = await search(
        viewer,
        search_type="experience_match",
        query="software engineer",
        min_experience_years=5,
        max_experience_years=7,
    )
    assert names(ranked)[0] == "bob"
    assert "profile matches the query text" in ranked["results"][0]["match_reasons"]
    assert len(ranked["results"][0]["match_reasons"]) == len(set(ranked["results"][0]["match_reasons"]))


# A recruiter's paste of a posting (466 characters, 72 words): prose, skills, two multi-word synonyms.
POSTING = (
    "Senior Backend Engineer, Platform team. We are looking for a software engineer to build and run our "
    "payments platform: Python and Java services on Kubernetes and PostgreSQL, machine learning pipelines "
    "and business intelligence reports. You will work with the web team (JavaScript, React) and with the "
    "firmware engineers on embedded systems in C and C++. The engineer we want has built .NET or Spring "
    "services before and cares about the platform and the team."
)


async def test_a_pasted_posting_finds_the_same_candidates_in_the_same_order_as_before(
    settings: Settings, viewer: TestClient, corpus: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A text over PER_WORD_MAX_WORDS words goes word by word (the engine can skip) where it went whole:
    # with the title feedback's two passes, every candidate must come back in the same place with the same
    # score as with the whole text, and the reasons must still name the text.
    assert len(POSTING) <= MAX_QUERY_CHARS and len(POSTING.split()) > queries.PER_WORD_MAX_WORDS
    client = create_opensearch(settings)

    async def engine(body: dict) -> dict:
        return await client.search(index=settings.index_alias, body=body)

    pages = []
    try:
        for by_word in (False, True):
            monkeypatch.setattr(queries, "LONG_TEXT_BY_WORD", by_word)
            request = SearchRequest(query=POSTING)
            body, _ = await queries.build_with_feedback(request, None, date.today(), None, engine)
            answer = await engine(body)
            pages.append([(hit["_id"], hit["_score"]) for hit in answer["hits"]["hits"]])
    finally:
        await client.close()
    whole, by_word_page = pages
    assert len(whole) == 5  # every active candidate has a word of it
    assert [key for key, _ in by_word_page] == [key for key, _ in whole]
    for (_, score), (_, before) in zip(by_word_page, whole, strict=True):
        assert score == pytest.approx(before, rel=1e-5)
    answer = await search(viewer, query=POSTING)
    assert [hit["candidate_id"] for hit in answer["results"]] == [key for key, _ in whole]
    assert all("profile matches the query text" in hit["match_reasons"] for hit in answer["results"])


async def test_worked_with_finds_overlapping_colleagues(viewer: TestClient, corpus: dict) -> None:
    with_alice = await search(viewer, search_type="worked_with", candidate_id=str(corpus["alice"]))
    assert names(with_alice) == ["bob"]  # erin and carol were at Acme, but not at the same time
    assert any("same time" in r for r in with_alice["results"][0]["match_reasons"])
    with_bob = await search(viewer, search_type="colleagues", candidate_id=str(corpus["bob"]))
    assert names(with_bob) == ["alice", "dave"]  # 41 months at Acme beat 6 at Globex
    # Where, as each colleague's own job names the firm: Dave's "GLOBEX GmbH, Hamburg" is Bob's "Globex".
    assert [h["overlap_companies"] for h in with_bob["results"]] == [["Acme Corp"], ["GLOBEX GmbH, Hamburg"]]
    too_long = await search(
        viewer, search_type="worked_with", candidate_id=str(corpus["bob"]), min_overlap_months=12
    )
    assert names(too_long) == ["alice"]


async def test_the_colleague_searches_take_the_asked_skills_as_filters(
    viewer: TestClient, corpus: dict
) -> None:
    # Skills filter every other search: here they filtered no one, every colleague listed with the skill
    # as missing ("Bob's colleagues who know Python" answered Dave, who does not).
    python = await search(
        viewer, search_type="worked_with", candidate_id=str(corpus["bob"]), skills=["python"]
    )
    assert names(python) == ["alice"] and python["results"][0]["matched_skills"] == ["Python"]
    java = await search(
        viewer, search_type="same_department", candidate_id=str(corpus["alice"]), skills=["java"]
    )
    assert names(java) == ["bob"]


async def test_same_department_ignores_time_but_not_department(viewer: TestClient, corpus: dict) -> None:
    body = await search(viewer, search_type="same_department", candidate_id=str(corpus["alice"]))
    assert sorted(names(body)) == ["bob", "erin"]
    # Each is a full match: the search only filters, and every hit's match_score was 0.
    assert [hit["match_score"] for hit in body["results"]] == [1.0, 1.0]


async def test_similar_candidates_never_include_the_source(viewer: TestClient, corpus: dict) -> None:
    body = await search(viewer, search_type="similar_candidates", candidate_id=str(corpus["alice"]))
    assert "alice" not in names(body)
    assert names(body)[0] == "bob"  # shares Kubernetes and an engineering title


async def test_highlights_come_only_when_asked(viewer: TestClient, corpus: dict) -> None:
    plain = await search(viewer, query="backend")
    assert names(plain) == ["alice"] and plain["results"][0]["highlights"] == {}
    marked = await search(viewer, query="backend", highlight=True)
    assert marked["results"][0]["highlights"]["current_title"] == ["Senior <em>Backend</em> Engineer"]


async def test_highlights_mark_the_typed_words_in_the_summary_too(viewer: TestClient, corpus: dict) -> None:
    # Before, no summary was ever marked (no clause of the search reads it), and the titles' "Engineer",
    # the role the title feedback inferred, was marked though only "kubernetes" was typed.
    body = await search(viewer, query="kubernetes", highlight=True)
    marked = [hit["highlights"] for hit in body["results"]]
    assert sorted(names(body)) == ["alice", "bob"]
    assert all("<em>Kubernetes</em>" in snippets["summary"][0] for snippets in marked)
    words = {
        m.lower() for snippets in marked for lines in snippets.values() for m in EM.findall(" ".join(lines))
    }
    assert words == {"kubernetes"}


async def test_highlights_mark_a_skill_by_its_synonym_and_the_asked_skills(
    viewer: TestClient, corpus: dict
) -> None:
    # Before, "k8s" found Alice and Bob (their skills) but marked nothing, their summaries saying
    # "Kubernetes"; skills asked in `skills` were never marked.
    body = await search(viewer, query="k8s", highlight=True)
    assert sorted(names(body)) == ["alice", "bob"]
    assert all("<em>Kubernetes</em>" in hit["highlights"]["summary"][0] for hit in body["results"])
    asked = await search(viewer, skills=["cpp"], highlight=True)
    assert names(asked) == ["erin"]
    assert asked["results"][0]["highlights"] == {
        "summary": ["Systems Engineer working with <em>C++</em>, C#, .NET."]
    }


async def test_unknown_candidate_is_404_and_bad_fields_are_named(viewer: TestClient, corpus: dict) -> None:
    missing = await viewer.post(
        "/api/v1/search/candidates", json={"search_type": "worked_with", "candidate_id": str(uuid.uuid4())}
    )
    assert missing.status == 404
    bad = await viewer.post("/api/v1/search/candidates", json={"limit": 0, "skills_mode": "most"})
    assert bad.status == 422
    assert {d["field"] for d in (await bad.json())["error"]["details"]} == {"limit", "skills_mode"}
    # Checks across fields name the field to fix, not the whole body, in plain words.
    for payload, field, problem in [
        ({"search_type": "worked_with"}, "candidate_id", "is required for search_type worked_with"),
        (
            {"min_experience_years": 9, "max_experience_years": 2},
            "min_experience_years",
            "must not be above max_experience_years",
        ),
        (
            {"search_type": "experience_match", "skills": ["python"]},
            "min_experience_years",
            "experience_match needs min_experience_years or max_experience_years",
        ),
        ({"offset": 20, "cursor": "abc"}, "cursor", "use either cursor or offset"),
        ({"offset": 9990, "limit": 50}, "offset", "page further with cursor"),
        # Dropped without a word before: a skills search "around" a candidate answered everyone.
        (
            {"skills": ["python"], "candidate_id": str(corpus["alice"])},
            "candidate_id",
            "search_type skills_match is about no candidate: candidate_id goes with similar_candidates",
        ),
    ]:
        response = await viewer.post("/api/v1/search/candidates", json=payload)
        [detail] = (await response.json())["error"]["details"]
        assert response.status == 422 and detail["field"] == field, detail
        assert problem in detail["problem"] and not detail["problem"].startswith("Value error"), detail


async def test_repeated_search_is_cached_until_the_data_changes(
    viewer: TestClient, recruiter: TestClient, corpus: dict
) -> None:
    first = await search(viewer, skills=["kubernetes"])
    again = await search(viewer, skills=["Kubernetes"])  # same search, written differently
    assert first["cached"] is False and again["cached"] is True
    assert again["results"] == first["results"]

    # Erasure: gone from the answer at once, and from the index once the indexer has run.
    assert (await recruiter.delete(f"/api/v1/candidates/{corpus['alice']}")).status == 204
    indexer("run", "--until-empty")
    after = await search(viewer, skills=["kubernetes"])
    assert after["cached"] is False
    assert names(after) == ["bob"]


async def test_a_cached_answer_says_what_the_fresh_one_said(viewer: TestClient, corpus: dict) -> None:
    """Served as Redis holds it: same fields and values, gzipped alike; only cached and took_ms differ."""
    request = {"skills": ["python"], "query": "engineer", "facets": True, "include_details": True}
    answers = []
    for search_type in ("skills_match", "skills_match", "worked_with", "colleagues"):
        wanted = request | {"search_type": search_type}
        if search_type != "skills_match":
            wanted = {"search_type": search_type, "candidate_id": str(corpus["bob"])}
        response = await viewer.post(
            "/api/v1/search/candidates", json=wanted, headers={"Accept-Encoding": "gzip"}
        )
        assert response.status == 200 and response.content_type == "application/json"
        body = await response.json()
        assert set(body) == set(SearchResponse.model_fields)
        SearchResponse.model_validate(body)
        answers.append((response.headers.get("Content-Encoding"), body))
    (zipped, fresh), (zipped_again, cached), (_, colleagues_fresh), (_, colleagues_cached) = answers
    assert zipped == zipped_again == "gzip"
    assert fresh["cached"] is False and cached["cached"] is True
    assert {k: v for k, v in cached.items() if k not in ("cached", "took_ms")} == {
        k: v for k, v in fresh.items() if k not in ("cached", "took_ms")
    }
    assert fresh["results"][0]["details"]["skills"] and fresh["facets"]["skills"]
    # colleagues is worked_with's alias: one cache entry, each answer named as it was asked.
    assert colleagues_cached["cached"] is True and colleagues_cached["search_type"] == "colleagues"
    assert colleagues_fresh["search_type"] == "worked_with"
    assert colleagues_cached["results"] == colleagues_fresh["results"]


async def test_a_fresh_relative_search_looks_up_its_candidate_once_and_a_cached_one_not_at_all(
    viewer: TestClient, corpus: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The candidate a relative search is about is fetched beside the cache lookup when the answer is
    likely fresh, and not at all when this process has the answer cached: no engine work is wasted on
    repeated searches, and a missing candidate is still a 404."""
    service = viewer.server.app[keys.SEARCH]
    lookups: list[uuid.UUID] = []
    look_up = service.source_candidate

    async def counted(candidate_id: uuid.UUID) -> dict:
        lookups.append(candidate_id)
        return await look_up(candidate_id)

    monkeypatch.setattr(service, "source_candidate", counted)
    request = {"search_type": "same_department", "candidate_id": str(corpus["bob"])}
    fresh = await search(viewer, **request)
    again = await search(viewer, **request)
    assert fresh["cached"] is False and again["cached"] is True
    assert again["results"] == fresh["results"]
    assert lookups == [corpus["bob"]]

    # Another writer's epoch: this process cannot know the entry is stale until it asks, so it looks up.
    await service.cache.redis.incr(EPOCH_KEY)
    after = await search(viewer, **request)
    assert after["cached"] is False and after["results"] == fresh["results"]
    assert lookups == [corpus["bob"], corpus["bob"]]

    stranger = uuid.uuid4()
    missing = await viewer.post("/api/v1/search/candidates", json={**request, "candidate_id": str(stranger)})
    assert missing.status == 404
    assert (await missing.json())["error"]["details"][0]["field"] == "candidate_id"


def _job(title: str) -> tuple[Job, ...]:
    return (Job("Initech", "Finance", title, date(2020, 1, 1), None),)


# Two engineers with the same skill; only one holds the role "SRE" abbreviates.
RELIABILITY = {
    "sam": Person("Sam Stone", 6, "Berlin", ("Kubernetes",), _job("Site Reliability Engineer")),
    "nia": Person("Nia Nord", 6, "Berlin", ("Kubernetes",), _job("Platform Engineer")),
}


async def test_sre_finds_the_site_reliability_engineer(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    """Before, "sre" found nobody: no source the catalogue reads made it a name of site reliability
    engineering (now: the skill-extractor vocabulary's "site reliability engineering (sre)")."""
    ids = await load_corpus(db, RELIABILITY)
    async with db.begin() as session:  # what their resumes say: a search reads the resume's text
        for key, person in RELIABILITY.items():
            title = person.jobs[0].title
            words = f"{person.name}\n{title}, Initech, 2020 - Present\nRan Kubernetes clusters."
            session.add(
                Resume(
                    candidate_id=ids[key],
                    original_filename=f"{key}.txt",
                    content_type="text/plain",
                    size_bytes=len(words),
                    sha256=hashlib.sha256(words.encode()).hexdigest(),
                    storage_path=f"{key}.txt",
                    extracted_text=words,
                    parsing_status=ParsingStatus.COMPLETED,
                )
            )
    indexer("reindex")
    assert names(await search(viewer, query="sre")) == ["sam"]
    assert names(await search(viewer, query="SRE kubernetes"))[0] == "sam"


# Three accountants and a barista who lists the same skills: a search whose best hits are mostly
# accountants is about accountants.
ACCOUNTANTS = {
    "anna": Person("Anna Adler", 5, "Berlin", ("General Ledger", "Excel"), _job("Staff Accountant")),
    "bert": Person("Bert Berger", 7, "Berlin", ("General Ledger", "Excel"), _job("Senior Accountant")),
    "cora": Person("Cora Cramer", 4, "Berlin", ("Excel",), _job("Accountant")),
    "dora": Person("Dora Dahl", 3, "Berlin", ("General Ledger", "Excel"), _job("Barista")),
}


async def test_the_role_the_best_hits_share_lifts_a_candidate_of_that_role(
    viewer: TestClient, db: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    await index_people(db, ACCOUNTANTS)
    # "accountant" is in three of the four titles, so the accountant who has only Excel ranks above
    # the barista who has every word of the query.
    ranked = names(await search(viewer, query="general ledger excel"))
    assert ranked.index("cora") < ranked.index("dora"), ranked
    monkeypatch.setattr(queries, "TITLE_FEEDBACK_BOOST", 0.0)
    # Without title feedback the barista is ahead (another limit, so not the cached answer).
    without = names(await search(viewer, query="general ledger excel", limit=5))
    assert without.index("dora") < without.index("cora"), without


async def test_title_feedback_ranks_the_same_with_explanations_and_across_pages(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, ACCOUNTANTS)
    # A first page is the first pass's window reordered by the feedback words' scores alone; with
    # explanations it is the whole body run over the window. Both must give the same order and scores.
    plain = await search(viewer, query="general ledger excel", limit=4)
    explained = await search(viewer, query="general ledger excel", limit=4, explain=True)
    assert names(plain) == names(explained) and len(names(plain)) == 4
    assert [h["match_score"] for h in plain["results"]] == [h["match_score"] for h in explained["results"]]
    assert plain["total"] == explained["total"] == 4
    # Pages of two, by cursor, are that order cut in two.
    first = await search(viewer, query="general ledger excel", limit=2)
    second = await search(viewer, query="general ledger excel", limit=2, cursor=first["next_cursor"])
    assert names(first) + names(second) == names(plain)
    assert first["total"] == second["total"] == 4


# Two bankers with the same skill and title; one wrote her resume in sentences, the other as a table of the
# words a banker search types, which BM25 scores higher in so short a text.
BANKERS = {
    "pia": Person("Pia Prose", 5, "Berlin", ("Excel",), _job("Personal Banker")),
    "lou": Person("Lou Lists", 5, "Berlin", ("Excel",), _job("Personal Banker")),
}
BANKER_TEXTS = {
    "pia": "Pia Prose\nSummary\nOpened consumer and business accounts, took loan applications and processed"
    " deposits for branch customers.\nExperience\nProcessed loan applications for small business customers"
    " and balanced the branch vault every evening.\n",
    "lou": "Lou Lists\nSkills\nLoan processing  Customer service\nCash handling  Branch operations\n"
    "Deposits, Loans, Excel, Word, Outlook, Teller systems\nExperience\nTeller 2015 to 2016\n"
    "Counted the cash drawer every evening.\n",
}


async def test_a_resume_of_lists_ranks_below_one_of_sentences_with_the_same_words(
    viewer: TestClient, db: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = await load_corpus(db, BANKERS)
    async with db.begin() as session:
        for key, words in BANKER_TEXTS.items():
            session.add(
                Resume(
                    candidate_id=ids[key],
                    original_filename=f"{key}.txt",
                    content_type="text/plain",
                    size_bytes=len(words),
                    sha256=hashlib.sha256(words.encode()).hexdigest(),
                    storage_path=f"{key}.txt",
                    extracted_text=words,
                    parsing_status=ParsingStatus.COMPLETED,
                )
            )
    indexer("reindex")
    asked = {"query": "loan processing branch deposits", "limit": 2}
    # The window's page (reordered in Python) and the explained one (the whole body over the window, the
    # factor in the engine) give the same order and the same scores.
    plain = await search(viewer, **asked)
    explained = await search(viewer, **asked, explain=True)
    assert names(plain) == names(explained) == ["pia", "lou"]
    assert [h["match_score"] for h in plain["results"]] == [h["match_score"] for h in explained["results"]]
    # The explanation says what moved Lou down: most of his text is lists.
    (factor,) = [c for c in explained["results"][1]["explanation"] if c["clause"].startswith("resume mostly")]
    assert factor["score"] < 0
    # Without the factor the list of the query's words comes first (another limit: not the cached answer).
    monkeypatch.setattr(queries, "LIST_SHARE_WEIGHT", 0.0)
    assert names(await search(viewer, **{**asked, "limit": 3})) == ["lou", "pia"]
    assert names(await search(viewer, **{**asked, "limit": 3}, explain=True)) == ["lou", "pia"]


async def test_the_title_feedback_ranks_and_lets_nobody_in_on_any_page_or_order(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, ACCOUNTANTS)
    # "ledger" is in Anna's, Bert's and Dora's skills, not Cora's; the best hits' titles share "accountant",
    # the title feedback. Before, the feedback was a clause of the disjunction that decides who is in, so
    # every page the whole body answers (another order, a page past the window or larger than it) held Cora,
    # whose title has the word and whose resume has nothing of "ledger".
    by_years = await search(viewer, query="ledger", sort="experience_desc")
    large = await search(viewer, query="ledger", limit=queries.FEEDBACK_WINDOW + 1)
    first = await search(viewer, query="ledger")
    assert names(by_years) == ["bert", "anna", "dora"] and by_years["total"] == 3
    assert sorted(names(large)) == sorted(names(first)) == ["anna", "bert", "dora"]
    assert large["total"] == first["total"] == 3


# Python developers fill most of the window; the baristas' and web developers' short summaries name Python
# too, the baristas' the shortest, so they come next in the first pass; the title feedback ("developer")
# lifts the web developers above them in the whole search's order.
WINDOW_EDGE = {
    **{f"a{n}": Person(f"A{n} Dev", 5, "Berlin", ("Python",), _job("Python Developer")) for n in range(45)},
    **{f"b{n}": Person(f"B{n} Cafe", 5, "Berlin", ("Python",), _job("Barista")) for n in range(15)},
    **{f"c{n}": Person(f"C{n} Web", 5, "Berlin", ("Python",), _job("Web Developer")) for n in range(15)},
}


async def test_relevance_pages_show_every_match_once_across_the_feedback_window(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, WINDOW_EDGE)
    # Pages inside the first pass's window of 50 are its candidates reordered by the title feedback, later
    # pages the whole search's order. Before, that order put the window's baristas after the 50th place, so
    # they were shown twice, and the web developers it put before it were never shown.

    def ids(page: dict) -> list[str]:
        return [hit["candidate_id"] for hit in page["results"]]

    for limit in (7, 10):
        seen: list[str] = []
        body = await search(viewer, query="python", limit=limit)
        total = body["total"]
        seen += ids(body)
        while body["next_cursor"]:
            body = await search(viewer, query="python", limit=limit, cursor=body["next_cursor"])
            assert body["total"] == total
            seen += ids(body)
        assert len(seen) == len(set(seen)) == total == len(WINDOW_EDGE), Counter(seen).most_common(3)
    # One page of every match lists them in the order the pages do.
    assert ids(await search(viewer, query="python", limit=100)) == seen


# Engineers and data analysts by the score, a dozen data engineers, and directors of a church's senior adults:
# "senior" is the rarer title word, as in O*NET's titles (6 occupations' alternate titles have it) and in
# the 1M benchmark corpus, and names no trade.
SENIORS = {
    f"{title.split()[-1].lower()}{n}": Person(f"P{n} {title}", 5, "Berlin", ("Excel",), _job(title))
    for title, count in (
        ("Senior Adults Director", 22),
        ("Engineer", 60),
        ("Data Analyst", 60),
        ("Data Engineer", 12),
    )
    for n in range(count)
}


async def test_a_seniority_word_orders_the_role_and_never_outranks_it(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, SENIORS)
    body = await search(viewer, query="senior data engineer", limit=5)
    titles = titles_of(body)
    assert titles == ["Data Engineer"] * 5, titles


# A role and, outnumbering it, a narrower kind of it.
KINDS = {
    **{f"big{n}": Person(f"B{n} Big", 5, "Berlin", ("Excel",), _job("Big Data Engineer")) for n in range(25)},
    **{f"dat{n}": Person(f"D{n} Data", 5, "Berlin", ("Excel",), _job("Data Engineer")) for n in range(3)},
    **{f"ana{n}": Person(f"A{n} Analyst", 5, "Berlin", ("Excel",), _job("Data Analyst")) for n in range(10)},
}


async def test_the_people_whose_title_is_the_text_come_first(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, KINDS)
    body = await search(viewer, query="Data engineer", limit=5, explain=True)
    titles = titles_of(body)
    assert titles[:3] == ["Data Engineer"] * 3 and titles[3:] == ["Big Data Engineer"] * 2, titles
    assert "current title is the query text" in body["results"][0]["match_reasons"]
    plural = await search(viewer, query="data engineers", limit=3)
    assert titles_of(plural) == ["Data Engineer"] * 3


# As at 1M: "c" is a rare title word, and "C#" a common skill that no title names. The C# developers are
# software developers by their skills; one C and one C++ developer; C# in other trades too.
LANGUAGES = {
    "cee": Person("Cy Cee", 5, "Berlin", ("C",), _job("C Developer")),
    "plus": Person("Pia Plus", 5, "Berlin", ("C++",), _job("C++ Developer")),
    **{f"sh{n}": Person(f"S{n} Sharp", 5, "Berlin", ("C#",), _job("Software Developer")) for n in range(3)},
    **{f"ma{n}": Person(f"M{n} Math", 5, "Berlin", ("C#",), _job("Mathematician")) for n in range(2)},
    **{f"rn{n}": Person(f"R{n} Nurse", 5, "Berlin", ("C#",), _job("Registered Nurse")) for n in range(20)},
}


async def test_a_c_sharp_developer_search_answers_c_sharp_developers_not_c_ones(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, LANGUAGES)
    assert sorted(names(await search(viewer, query="c# developer", limit=3))) == ["s0", "s1", "s2"]
    assert names(await search(viewer, query="C++ developer", limit=1)) == ["pia"]


# A trade's words as resumes write them and as recruiters type them.
MECHANICS = {
    "tom": Person("Tom Tanner", 5, "Berlin", ("Diagnostics",), _job("Automotive Technician")),
    "ana": Person("Ana Arndt", 4, "Berlin", ("Excel",), _job("Automobile Claims Adjuster")),
    "nia": Person("Nia Nolte", 6, "Berlin", ("Excel",), _job("Registered Nurse")),
}


async def test_auto_tech_finds_the_automotive_technician(
    viewer: TestClient, db: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    await index_people(db, MECHANICS)
    # O*NET's short titles write "auto" for "automotive" and "automobile", "tech" for "technician".
    assert names(await search(viewer, query="auto tech")) == ["tom", "ana"]
    assert names(await search(viewer, query="automotive technician"))[0] == "tom"
    monkeypatch.setattr(queries, "EQUIVALENTS", False)
    # Without the equivalents no resume has either word (another limit, so not the cached answer).
    assert names(await search(viewer, query="auto tech", limit=5)) == []


# Five people with the source's profile, at different distances from its 6 years: 7.0 and 9.0 sit on the
# edges of the 1-year and 3-year steps.
PLATFORM = ("Python", "Kubernetes")
PEERS = {
    "sam": Person("Sam Source", 6, "Berlin", PLATFORM, _job("Platform Engineer")),
    "far": Person("Fay Far", 12, "Berlin", PLATFORM, _job("Platform Engineer")),
    "mid": Person("Mia Mid", 8.5, "Berlin", PLATFORM, _job("Platform Engineer")),
    "edge3": Person("Eda Edge", 9.0, "Berlin", PLATFORM, _job("Platform Engineer")),
    "near": Person("Nia Near", 6.9, "Berlin", PLATFORM, _job("Platform Engineer")),
    "edge": Person("Ed Edge", 7.0, "Berlin", PLATFORM, _job("Platform Engineer")),
}


async def test_similar_candidates_rank_closer_experience_first_on_every_page(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    ids = await index_people(db, PEERS)
    # A first page adds the experience steps over the best hits (a rescore); pages on a cursor have the
    # steps in the query. Both must give the same order: within a year, then within three, then the rest.
    whole = names(await search(viewer, search_type="similar_candidates", candidate_id=str(ids["sam"])))
    assert sorted(whole[:2]) == ["ed", "nia"] and sorted(whole[2:4]) == ["eda", "mia"], whole
    assert whole[4:] == ["fay"], whole
    paged: list[str] = []
    body = await search(viewer, search_type="similar_candidates", candidate_id=str(ids["sam"]), limit=2)
    paged += names(body)
    while body["next_cursor"]:
        body = await search(
            viewer,
            search_type="similar_candidates",
            candidate_id=str(ids["sam"]),
            limit=2,
            cursor=body["next_cursor"],
        )
        paged += names(body)
    assert paged == whole


async def test_pages_by_cursor_cover_everyone_once(viewer: TestClient, corpus: dict) -> None:
    seen: list[str] = []
    body = await search(viewer, limit=2)
    seen += names(body)
    while body["next_cursor"]:
        body = await search(viewer, limit=2, cursor=body["next_cursor"])
        seen += names(body)
    assert sorted(seen) == ["alice", "bob", "carol", "dave", "erin"]


async def test_a_later_page_scores_its_hits_against_the_searchs_best(
    viewer: TestClient, corpus: dict
) -> None:
    # Each page's scores were relative to its own first hit: every page opened at 1.0 ("Show more" added a
    # 100 % card under 15 % ones) and a candidate's match_score changed with the page size.
    for request in (
        {"query": "engineer developer java"},
        {"search_type": "similar_candidates", "candidate_id": str(corpus["bob"])},
    ):
        whole = await search(viewer, **request, limit=10)
        paged: list[dict] = []
        cursor = None
        while True:
            page = await search(viewer, **request, limit=1, cursor=cursor)
            paged += page["results"]
            if not (cursor := page["next_cursor"]):
                break
        assert len(paged) == len(whole["results"]) > 2, request
        scores = {hit["candidate_id"]: hit["match_score"] for hit in whole["results"]}
        assert {hit["candidate_id"]: hit["match_score"] for hit in paged} == scores, request
        assert min(scores.values()) < 1.0, request


async def test_later_pages_leave_out_candidates_erased_or_deactivated_since_the_first(
    viewer: TestClient, recruiter: TestClient, corpus: dict
) -> None:
    # Pages from the second on are read from a point in time, which keeps the index as it was when paging
    # began: before, a candidate erased (the right to be forgotten) or deactivated meanwhile was still shown
    # there, name and all, for as long as the paging went on.
    order = names(await search(viewer, limit=10))
    first = await search(viewer, limit=1)
    second = await search(viewer, limit=1, cursor=first["next_cursor"])
    erased, deactivated = corpus[order[3]], corpus[order[4]]
    assert (await recruiter.delete(f"/api/v1/candidates/{erased}")).status == 204
    response = await recruiter.patch(f"/api/v1/candidates/{deactivated}", json={"is_active": False})
    assert response.status == 200, await response.text()
    indexer("run", "--until-empty")
    seen, body = names(first) + names(second), second
    while body["next_cursor"]:
        body = await search(viewer, limit=1, cursor=body["next_cursor"])
        seen += names(body)
    assert seen == order[:3]


# Engineers whose years tie in threes and twos, two without years (they sort last), and titles that score
# the text "senior platform engineer" differently within each tie; all were written in one transaction, so
# their last updates tie too.
BY_YEARS = {
    f"p{n}": Person(f"P{n} Years", years, "Berlin", PLATFORM, _job(title))
    for n, (years, title) in enumerate(
        [
            (7.5, "Senior Platform Engineer"),
            (7.5, "Engineer"),
            (7.5, "Platform Engineer"),
            (3.0, "Platform Engineer"),
            (3.0, "Senior Engineer"),
            (12.0, "Engineer"),
            (0.5, "Senior Platform Engineer"),
            (None, "Platform Engineer"),
            (None, "Engineer"),
            (7.4, "Senior Platform Engineer"),
            (7.6, "Engineer"),
        ]
    )
}


@pytest.mark.parametrize("sort", ["experience_desc", "experience_asc", "updated_desc"])
async def test_a_page_sorted_by_a_field_is_the_page_the_single_body_gives(
    settings: Settings, db: async_sessionmaker[AsyncSession], sort: str
) -> None:
    """A field-sorted page is found in two steps (`sorted_pages`): the same candidates, order, sort values,
    scores, total and facets as the one body that scores every match, on every page, by offset and by
    cursor, across ties and candidates without years."""
    await index_people(db, BY_YEARS)
    client = create_opensearch(settings)

    async def engine(body: dict) -> dict:
        answer: dict = await client.search(index=settings.index_alias, body=body)
        return answer

    compared = 0
    try:
        for text_, counted in (("senior platform engineer", False), (None, True)):
            for limit in (2, 3):
                request = SearchRequest(
                    query=text_, sort=sort, limit=limit, facets=counted, exact_total=counted
                )
                pages = [queries.Page(offset=offset) for offset in range(0, 12, limit)]
                after = queries.Page()
                while after is not None:
                    pages.append(after)
                    one, two = await both_ways(request, after, engine)
                    hits = one["hits"]["hits"]
                    after = queries.Page(after=hits[-1]["sort"]) if len(hits) == limit else None
                for page in pages:
                    one, two = await both_ways(request, page, engine)
                    assert [(h["_id"], h["sort"], h["_score"]) for h in two["hits"]["hits"]] == [
                        (h["_id"], h["sort"], h["_score"]) for h in one["hits"]["hits"]
                    ], (text_, limit, page)
                    assert two["hits"]["total"] == one["hits"]["total"]
                    assert two.get("aggregations") == one.get("aggregations")
                    compared += 1
    finally:
        await client.close()
    assert compared > 30


async def both_ways(request: SearchRequest, page: queries.Page, engine: queries.Engine) -> tuple[dict, dict]:
    """A page's answer from its single body and from `sorted_pages` (the title feedback's pass first)."""
    first = await queries.run_first_pass(request, date.today(), page, engine)
    body = queries.build_search(request, None, date.today(), page, first.feedback if first else [])
    two = await sorted_pages.sorted_page(body, request, page, engine)
    if two is None:  # only a cursor among the candidates without years: the body goes as it is
        assert page.after is not None and not sorted_pages.has_value(page.after[0])
        two = await engine(body)
    return await engine(body), two


@pytest.mark.parametrize("sort", ["experience_desc", "experience_asc"])
async def test_pages_sorted_by_years_show_everyone_once_and_those_without_years_last(
    viewer: TestClient, db: async_sessionmaker[AsyncSession], sort: str
) -> None:
    """Paging on by cursor reaches the candidates without years (the engine's cursor then holds its
    "Infinity" for them, which the API must take back)."""
    await index_people(db, BY_YEARS)
    seen: list[dict] = []
    body = await search(viewer, query="platform engineer", sort=sort, limit=2)
    seen += body["results"]
    while body["next_cursor"]:
        body = await search(viewer, query="platform engineer", sort=sort, limit=2, cursor=body["next_cursor"])
        seen += body["results"]
    assert sorted(names({"results": seen})) == sorted(f"p{n}" for n in range(len(BY_YEARS)))
    years = [hit["total_experience_years"] for hit in seen]
    assert years[-2:] == [None, None]
    assert years[:-2] == sorted(years[:-2], reverse=sort == "experience_desc")


@pytest.mark.parametrize(
    "values",
    [None, [], [{"a": 1}, "id"], ["x", "id"], [1.5, 2, "id"], [True, "id"], [1.5, 7]],
)
async def test_a_malformed_cursor_is_a_422_naming_it(
    viewer: TestClient, corpus: dict, values: object
) -> None:
    cursor = "nonsense!" if values is None else base64.urlsafe_b64encode(orjson.dumps(values)).decode()
    response = await viewer.post("/api/v1/search/candidates", json={"limit": 2, "cursor": cursor})
    body = await response.json()
    assert response.status == 422, body
    assert body["error"]["details"] == [{"field": "cursor", "problem": "not a cursor we issued"}]


@pytest.mark.parametrize("search_type", ["skills_match", "similar_candidates", "worked_with"])
async def test_a_relevance_cursor_of_sort_values_without_its_point_in_time_is_a_422(
    viewer: TestClient, corpus: dict, search_type: str
) -> None:
    # Well formed, but never issued for relevance order: the engine refused the body and the API said 503.
    cursor = base64.urlsafe_b64encode(orjson.dumps({"after": [1.5, "id"]})).decode()
    request = {"search_type": search_type, "cursor": cursor}
    if search_type != "skills_match":  # a skills search is about no candidate: it refuses candidate_id
        request["candidate_id"] = str(corpus["alice"])
    response = await viewer.post("/api/v1/search/candidates", json=request)
    body = await response.json()
    assert response.status == 422, body
    assert body["error"]["details"] == [{"field": "cursor", "problem": "not a cursor of this sort"}]


async def test_facets_filters_suggest_and_lightweight(viewer: TestClient, corpus: dict) -> None:
    body = await search(viewer, facets=True, locations=["Berlin"])
    assert {b["value"]: b["count"] for b in body["facets"]["locations"]} == {"Berlin, Germany": 3}
    # Values cached before this corpus went in answer until their background refresh is in
    # (`ResponseCache.get_or_revalidate`): asked until the refreshed ones come.
    for _ in range(50):
        filters = await (await viewer.get("/api/v1/search/filters")).json()
        if {"value": "Kubernetes", "count": 2} in filters["skills"]:
            break
        await asyncio.sleep(0.1)
    assert {"value": "Kubernetes", "count": 2} in filters["skills"]
    suggest = await (await viewer.get("/api/v1/search/suggest?field=skill&prefix=kub")).json()
    assert [s["value"] for s in suggest["suggestions"]] == ["Kubernetes"]
    light = await (
        await viewer.post("/api/v1/search/candidates/lightweight", json={"skills": ["c++"]})
    ).json()
    assert set(light["results"][0]) == {"candidate_id", "full_name", "match_score"}


async def test_the_companies_facet_counts_an_employer_once_whatever_its_spelling_and_a_tick_lets_that_many_in(
    viewer: TestClient, corpus: dict
) -> None:
    # "Acme Corp" (Alice, Carol), "ACME Corporation" (Bob) and "Acme Inc." (Erin) are one company key: the
    # facet listed three rows of one employer, each ticked letting in only its own spelling's people.
    body = await search(viewer, facets=True, exact_total=True)
    companies = body["facets"]["companies"]
    acme = [{"value": "Acme Corp", "count": 4, "key": "acme"}]
    assert [b for b in companies if "acme" in b["value"].lower()] == acme
    assert len([b for b in companies if "globex" in b["value"].lower()]) == 1
    for bucket in companies:
        ticked = await search(viewer, companies=[bucket["value"]], facets=True, exact_total=True)
        assert ticked["total"] == bucket["count"], bucket
        assert ticked["facets"]["asked_companies"] == [bucket]
    # Typed in other words of the same employer, the filter lets the same people in.
    assert sorted(names(await search(viewer, companies=["ACME Inc"]))) == ["alice", "bob", "carol", "erin"]


async def test_the_filter_values_name_each_employer_once_with_as_many_as_its_filter_lets_in(
    viewer: TestClient, corpus: dict
) -> None:
    # /filters listed current employers by spelling: "Acme Corp 1" (Alice; Carol and Bob had left, Erin was
    # at "Acme Inc."), while the filter by that value lets in everyone who ever worked at Acme, 4.
    for _ in range(50):  # values cached before this corpus answer until their refresh is in
        filters = await (await viewer.get("/api/v1/search/filters")).json()
        if any("acme" in b["value"].lower() for b in filters["companies"]):
            break
        await asyncio.sleep(0.1)
    acme = [b for b in filters["companies"] if "acme" in b["value"].lower()]
    assert acme == [{"value": "Acme Corp", "count": 4, "key": "acme"}]
    for bucket in filters["companies"]:
        ticked = await search(viewer, companies=[bucket["value"]], exact_total=True)
        assert ticked["total"] == bucket["count"], bucket


async def test_a_skill_is_suggested_by_a_name_the_search_reads_as_it(
    viewer: TestClient, corpus: dict
) -> None:
    # The search reads "k8s" as Kubernetes and "js" as JavaScript, but their suggestions were those of the
    # values starting with the letters: none.
    for prefix, expected in (("k8s", "Kubernetes"), ("JS", "JavaScript"), ("postgres", "PostgreSQL")):
        response = await viewer.get("/api/v1/search/suggest", params={"field": "skill", "prefix": prefix})
        answer = await response.json()
        assert response.status == 200, answer
        assert [s["value"] for s in answer["suggestions"]] == [expected], prefix
    # A company or a title is suggested by its own letters only.
    response = await viewer.get("/api/v1/search/suggest", params={"field": "title", "prefix": "js"})
    assert (await response.json())["suggestions"] == []


async def test_a_blank_suggest_prefix_is_refused_like_an_empty_one(viewer: TestClient) -> None:
    # "%20" answered 200 with no suggestions, while an empty prefix was a 422 naming it.
    for prefix in ("", "%20", "%20%09"):
        response = await viewer.get(f"/api/v1/search/suggest?field=skill&prefix={prefix}")
        assert response.status == 422, prefix
        assert [d["field"] for d in (await response.json())["error"]["details"]] == ["prefix"]


async def test_a_one_value_parameter_given_twice_says_so(viewer: TestClient) -> None:
    # It said "prefix: Input should be a valid string" of a prefix that was a string, twice.
    response = await viewer.get("/api/v1/search/suggest?field=skill&prefix=py&prefix=ja&limit=5&limit=6")
    assert response.status == 422
    assert (await response.json())["error"]["details"] == [
        {"field": "prefix", "problem": "given more than once; give it once"},
        {"field": "limit", "problem": "given more than once; give it once"},
    ]


@pytest.mark.parametrize("field", ["skill", "company", "title"])
async def test_suggestions_are_those_of_every_candidate_in_any_case(
    settings: Settings, viewer: TestClient, corpus: dict, field: str
) -> None:
    """Suggestions aggregate only the candidates with a value of the prefix (a filter, for speed): each
    prefix answers what the aggregation over every active candidate answers."""
    client = create_opensearch(settings)
    source = {"skill": "skills.raw", "company": "current_company.raw", "title": "current_title.raw"}[field]
    compared = 0
    try:
        prefixes = ("k", "KUB", "ja", "J", "c+", "c#", ".n", "ac", "GLO", "i", "s", "F", "sy", "x", "web d")
        for prefix in prefixes:
            agg = {"terms": {"field": source, "size": 10, "include": queries.prefix_regex(prefix)}}
            every = await client.search(
                index=settings.index_alias,
                body={"size": 0, "query": {"term": {"is_active": True}}, "aggs": {"values": agg}},
            )
            expected = [
                {"value": b["key"], "count": b["doc_count"]}
                for b in every["aggregations"]["values"]["buckets"]
            ]
            response = await viewer.get("/api/v1/search/suggest", params={"field": field, "prefix": prefix})
            answer = await response.json()
            assert response.status == 200, answer
            assert answer["suggestions"] == expected, (field, prefix)
            compared += bool(expected)
    finally:
        await client.close()
    assert compared >= 3


async def test_smart_search_reads_a_recruiters_sentence(viewer: TestClient, corpus: dict) -> None:
    response = await viewer.post(
        "/api/v1/search/smart", json={"query": "senior python engineers with k8s in Berlin, 5+ years"}
    )
    body = await response.json()
    assert response.status == 200, body
    assert body["interpreter"] == "rule_based"
    assert set(body["interpreted"]["skills"]) == {"Python", "Kubernetes"}
    assert body["interpreted"]["min_experience_years"] == 5
    assert names(body["response"])[0] == "alice"


async def test_smart_search_reads_employers_and_a_range_and_refuses_impossible_years(
    viewer: TestClient, corpus: dict
) -> None:
    response = await viewer.post(
        "/api/v1/search/smart", json={"query": "engineers at Globex or Initech, between 2 and 8 years"}
    )
    body = await response.json()
    assert response.status == 200, body
    asked = body["interpreted"]
    assert (asked["companies"], asked["min_experience_years"], asked["max_experience_years"]) == (
        ["Globex", "Initech"],
        2,
        8,
    )
    # Dave (GLOBEX GmbH) has 12 years; Carol (Initech) is no engineer; the others never worked there.
    assert names(body["response"]) == ["bob"]
    refused = await viewer.post(
        "/api/v1/search/smart", json={"query": "engineers with 150 years of experience"}
    )
    assert refused.status == 422
    assert (await refused.json())["error"]["details"] == [
        {"field": "query", "problem": "asks for 150 years of experience; at most 80"}
    ]


async def test_smart_search_reads_recruiters_phrasings(viewer: TestClient, corpus: dict) -> None:
    async def smart(sentence: str) -> tuple[dict, list[str]]:
        response = await viewer.post("/api/v1/search/smart", json={"query": sentence})
        body = await response.json()
        assert response.status == 200, body
        return body["interpreted"], sorted(names(body["response"]))

    # Two places, either: Munich was a word of the text and only Bob came back.
    asked, found = await smart("engineers in Munich or Hamburg")
    assert (asked["locations"], found) == (["Munich", "Hamburg"], ["bob", "dave"])
    # An employer after "worked for": a word before, which every engineer's text matched.
    asked, found = await smart("engineers who worked for Globex")
    assert (asked["companies"], asked["locations"], found) == (["Globex"], [], ["bob", "dave"])
    # Typed in lower case: the word "globex" was searched, which no employer field holds: every engineer.
    asked, found = await smart("engineer who worked at globex")
    assert (asked["companies"], found) == (["globex"], ["bob", "dave"])
    # An upper bound: "no more than 7 years" asked for at least 7 (Alice, Dave, Erin).
    asked, found = await smart("engineers with no more than 7 years")
    assert (asked["min_experience_years"], asked["max_experience_years"], found) == (None, 7, ["bob"])
    # What is not wanted is not searched for: Kubernetes was a skill asked and a word, Alice and Bob first.
    asked, _ = await smart("engineers without Kubernetes")
    assert (asked["query"], asked["skills"]) == ("engineers", [])
    # ... and the answer says so beside the request, as typed: it was dropped without a word.
    response = await viewer.post("/api/v1/search/smart", json={"query": "engineers without Kubernetes"})
    assert (await response.json())["not_searched"] == ["without Kubernetes"]


async def test_smart_search_says_the_lists_it_cut_by_field_and_cap(viewer: TestClient, corpus: dict) -> None:
    # A sentence naming 22 places searched 20 and said the other two among what "a search cannot exclude"
    # (the page's words for not_searched); 35 skills kept 30 as skills without a word. Each cap is said by
    # its field, as a structured search's 422 names it.
    cities = [
        "Berlin",
        "Munich",
        "Hamburg",
        "Paris",
        "London",
        "Madrid",
        "Rome",
        "Vienna",
        "Prague",
        "Warsaw",
    ]
    cities += ["Dublin", "Oslo", "Stockholm", "Helsinki", "Lisbon", "Athens", "Budapest", "Zurich", "Geneva"]
    cities += ["Brussels", "Copenhagen", "Milan"]
    response = await viewer.post(
        "/api/v1/search/smart", json={"query": "engineers in " + " or ".join(cities)}
    )
    body = await response.json()
    assert response.status == 200, body
    assert (body["interpreted"]["locations"], body["not_searched"]) == (cities[:20], [])
    assert body["warnings"] == [
        {
            "field": "locations",
            "problem": "the sentence names 22 places; a search takes 20: Copenhagen, Milan not searched",
        }
    ]
    assert sorted(names(body["response"])) == ["alice", "bob", "dave", "erin"]
    response = await viewer.post("/api/v1/search/smart", json={"query": "engineers in Berlin"})
    assert (await response.json())["warnings"] == []


async def test_smart_search_refuses_a_blank_sentence_naming_the_query(
    viewer: TestClient, corpus: dict
) -> None:
    # Spaces alone listed every candidate, while "" was refused: both are a 422 on `query` now, and so is
    # a sentence without a letter or digit, which the interpreter read as nothing and listed everyone for.
    for query in ("", "   ", "\t\n ", "?!", "🚀 …"):
        response = await viewer.post("/api/v1/search/smart", json={"query": query})
        body = await response.json()
        assert response.status == 422, (query, body)
        [detail] = body["error"]["details"]
        assert detail["field"] == "query", query
    assert detail["problem"] == "has no words to look for: name a skill, a role, a place or an employer"


async def test_a_smart_search_for_dot_net_developers_ranks_by_dot_net_without_filtering(
    viewer: TestClient, corpus: dict
) -> None:
    # ".NET developer" searched the word "net": the text named no skill, so .NET filtered and Erin alone
    # came back, where "C# developer" ranks the developers by C# without leaving the others out.
    response = await viewer.post("/api/v1/search/smart", json={"query": ".NET developer"})
    body = await response.json()
    assert response.status == 200, body
    found = names(body["response"])
    assert found[0] == "erin" and "carol" in found
    assert body["interpreted"]["query"] == ".net developer"


async def test_smart_search_refuses_a_phone_number_or_web_address_alone(
    viewer: TestClient, corpus: dict
) -> None:
    # A phone number pasted to find its candidate listed every candidate (5 here) as if they matched it, and
    # a profile's web address searched the skill HTTPS, which its "https" was read as.
    problem = (
        "names only a phone number or a web address, which a search does not look up; search by the email "
        "address, or name a skill, a role, a place or an employer"
    )
    for query in ("+49 30 1234 5678", "call +1 (555) 123-4567", "https://www.linkedin.com/in/alice-anders"):
        response = await viewer.post("/api/v1/search/smart", json={"query": query})
        body = await response.json()
        assert response.status == 422, (query, body)
        assert body["error"]["details"] == [{"field": "query", "problem": problem}]
    # Beside something to look for, they are left out; an email address is looked up.
    for query, skills, found in (
        ("python engineer https://github.com/alice", ["Python"], ["alice"]),
        ("alice@example.com +49 30 1234 5678", [], ["alice"]),
    ):
        response = await viewer.post("/api/v1/search/smart", json={"query": query})
        body = await response.json()
        assert response.status == 200, (query, body)
        assert (body["interpreted"]["skills"], names(body["response"])[:1]) == (skills, found), query


async def test_history_lists_the_callers_own_searches(viewer: TestClient, corpus: dict) -> None:
    await search(viewer, skills=["python"])
    await asyncio.sleep(1.0)  # written off the hot path
    history = await (await viewer.get("/api/v1/search/history")).json()
    assert history["total"] >= 1
    assert history["items"][0]["request"]["skills"] == ["python"]


async def test_the_pages_facet_counts_are_no_search_in_the_callers_history(
    viewer: TestClient, corpus: dict
) -> None:
    # The page asks, beside a search with a place ticked, the same search without it for the places'
    # counts: each such ask was listed in the recruiter's history as a search of their own.
    await search(viewer, skills=["python"], locations=["Berlin"])
    response = await viewer.post(
        "/api/v1/search/candidates",
        json={"skills": ["python"], "limit": 1, "facets": True},
        headers={"X-Search-Purpose": "facet-counts"},
    )
    assert response.status == 200, await response.text()
    await asyncio.sleep(1.0)  # written off the hot path
    history = await (await viewer.get("/api/v1/search/history")).json()
    assert [item["request"]["locations"] for item in history["items"]] == [["berlin"]]


async def test_a_search_purpose_the_api_does_not_know_is_refused_naming_the_header(
    viewer: TestClient, corpus: dict
) -> None:
    # "facet_counts" (a misspelt purpose) was read as no purpose: the search went into the history.
    response = await viewer.post(
        "/api/v1/search/candidates",
        json={"skills": ["python"], "limit": 1},
        headers={"X-Search-Purpose": "facet_counts"},
    )
    assert response.status == 422, await response.text()
    [detail] = (await response.json())["error"]["details"]
    assert detail["field"] == "X-Search-Purpose" and "facet-counts, candidate-panel" in detail["problem"]
    await asyncio.sleep(1.0)  # written off the hot path
    assert (await (await viewer.get("/api/v1/search/history")).json())["total"] == 0


async def test_paging_on_through_a_search_is_one_entry_of_the_history(
    viewer: TestClient, corpus: dict
) -> None:
    # Each "Show more" (a cursor) and each offset page was an entry of its own: one search read in four
    # pages listed four times, three of them with a cursor that had expired by the time anyone looked.
    first = await search(viewer, skills=["kubernetes", "python", "java"], limit=1)
    second = await search(
        viewer, skills=["kubernetes", "python", "java"], limit=1, cursor=first["next_cursor"]
    )
    await search(viewer, skills=["kubernetes", "python", "java"], limit=1, cursor=second["next_cursor"])
    await search(viewer, skills=["kubernetes", "python", "java"], limit=1, offset=1)
    await asyncio.sleep(1.0)  # written off the hot path
    history = await (await viewer.get("/api/v1/search/history")).json()
    assert history["total"] == 1
    assert history["items"][0]["request"]["cursor"] is None


async def test_totals_stop_at_the_cap_unless_an_exact_count_is_asked(
    settings: Settings, role_headers: dict[str, dict[str, str]], corpus: dict
) -> None:
    capped = settings.model_copy(update={"search_total_hits_cap": 2, "search_exact_count_below": 0})
    async with TestClient(TestServer(create_app(capped)), headers=role_headers["viewer"]) as client:
        rough = await search(client, skills=["python", "java", "c++", "javascript", "c"])
        assert (rough["total"], rough["total_relation"]) == (2, "gte")
        assert len(rough["results"]) == 5  # counting stops at the cap, the page does not
        exact = await search(client, skills=["python", "java", "c++", "javascript", "c"], exact_total=True)
        assert (exact["total"], exact["total_relation"]) == (5, "eq")


async def test_a_skills_search_its_filters_narrow_counts_every_match(
    settings: Settings, role_headers: dict[str, dict[str, str]], corpus: dict
) -> None:
    """Past the cap the engine prunes, which costs more than scoring all when the skill filters let in few
    candidates: then the answer counts them all, with the same page."""
    asked = {"skills": ["python", "java", "c++", "javascript", "c"]}
    # The five skills' counts add up to 6 (Frank, inactive, has Python too): at most 6 let in, all six
    # candidates of this small index (whose default share, a tenth, is under one candidate).
    few = settings.model_copy(
        update={"search_total_hits_cap": 2, "search_exact_count_below": 6, "search_exact_count_share": 1.0}
    )
    app = create_app(few)
    async with TestClient(TestServer(app), headers=role_headers["viewer"]) as client:
        service = app[keys.SEARCH]
        assert service.skill_counts is not None
        await service.skill_counts.read()  # the counts as the first search would have them read
        counts = service.skill_counts.current
        assert counts is not None and counts.count("Python") == 2 and counts.count("c++") == 1
        counted = await search(client, **asked)
        assert (counted["total"], counted["total_relation"]) == (5, "eq")
    capped = settings.model_copy(
        update={"search_total_hits_cap": 2, "search_exact_count_below": 5, "search_exact_count_share": 1.0}
    )
    app = create_app(capped)
    async with TestClient(TestServer(app), headers=role_headers["viewer"]) as client:
        await app[keys.SEARCH].skill_counts.read()  # type: ignore[union-attr]
        await client.app[keys.REDIS].incr(EPOCH_KEY)  # not the answer cached above
        rough = await search(client, **asked)
        assert (rough["total"], rough["total_relation"]) == (2, "gte")
        assert [hit["candidate_id"] for hit in rough["results"]] == [
            hit["candidate_id"] for hit in counted["results"]
        ]


async def test_a_search_a_ticked_place_narrows_counts_every_match(
    settings: Settings, role_headers: dict[str, dict[str, str]], corpus: dict
) -> None:
    """A place no skill count bounds is counted first (once per filter set): three active people in Berlin,
    past a cap of 2, are all counted when at most 3 may be; with at most 2, counting stops at the cap."""
    asked = {"locations": ["Berlin"], "skills": [], "query": "engineer developer designer"}
    for below, expected in ((3, (3, "eq")), (2, (2, "gte"))):
        update = {
            "search_total_hits_cap": 2,
            "search_exact_count_below": below,
            "search_exact_count_share": 1.0,
        }
        app = create_app(settings.model_copy(update=update))
        async with TestClient(TestServer(app), headers=role_headers["viewer"]) as client:
            await app[keys.SEARCH].skill_counts.read()  # type: ignore[union-attr]
            await client.app[keys.REDIS].incr(EPOCH_KEY)  # no answer cached by the other setting
            body = await search(client, **asked)
            assert (body["total"], body["total_relation"]) == expected
            assert sorted(names(body)) == ["alice", "carol", "erin"]  # counting never changes the page


def place_counts(results: list[dict]) -> dict[str, int]:
    return dict(Counter(hit["location"] for hit in results if hit["location"]))


def facet(body: dict, name: str) -> dict[str, int]:
    return {bucket["value"]: bucket["count"] for bucket in body["facets"][name]}


async def test_facets_count_the_best_matches_when_many_match_and_every_match_when_exact(
    viewer: TestClient, corpus: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    wanted = ["python", "java", "c++", "javascript", "c"]
    # No more matches than the sample: the counts are every match's, and say so.
    whole = await search(viewer, skills=wanted, facets=True, limit=19)
    assert (whole["facets_sample"], whole["total"], whole["total_relation"]) == (None, 5, "eq")
    assert facet(whole, "locations") == place_counts(whole["results"])
    # More matches than the sample (2 here): the facets count the best two, the first two results.
    monkeypatch.setattr(queries, "FACET_SAMPLE", 2)
    rough = await search(viewer, skills=wanted, facets=True, limit=18)
    assert rough["facets_sample"] == 2 and rough["total"] == 5
    assert facet(rough, "locations") == place_counts(rough["results"][:2])
    assert sum(b["count"] for b in rough["facets"]["experience"]) == 2
    exact = await search(viewer, skills=wanted, facets=True, exact_total=True, limit=18)
    assert exact["facets_sample"] is None and facet(exact, "locations") == place_counts(exact["results"])
    plain = await search(viewer, skills=wanted, limit=18)
    assert plain["facets"] is None and plain["facets_sample"] is None


async def test_a_cursor_that_is_not_ours_or_has_expired_is_a_422(viewer: TestClient, corpus: dict) -> None:
    import base64

    import orjson

    for position in ({"pit": "bm90IGEgcGl0", "after": [1.0, 3]}, {"from": -5}, [1.5, "x"]):
        cursor = base64.urlsafe_b64encode(orjson.dumps(position)).decode().rstrip("=")
        response = await viewer.post("/api/v1/search/candidates", json={"skills": ["java"], "cursor": cursor})
        body = await response.json()
        assert response.status == 422, body
        assert "cursor" in str(body)


async def test_a_cursor_whose_point_in_time_expired_goes_on_where_it_was(
    viewer: TestClient, corpus: dict, settings: Settings
) -> None:
    # A recruiter who came back to "Show more" after five minutes got a 422 "cursor has expired" and had to
    # search again from the top: the point in time is gone, but the cursor says how many matches came
    # before, so the next page is read from there on the live index (and a new point in time).
    whole = await search(viewer, limit=10)
    first = await search(viewer, limit=1)
    second = await search(viewer, limit=1, cursor=first["next_cursor"])
    cursor = second["next_cursor"]
    position = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    client = create_opensearch(settings)
    try:
        await client.delete_pit(body={"pit_id": [position["pit"]]})
    finally:
        await client.close()
    paged, body = first["results"] + second["results"], second
    while body["next_cursor"]:
        body = await search(viewer, limit=1, cursor=body["next_cursor"])
        paged += body["results"]
    assert [hit["candidate_id"] for hit in paged] == [hit["candidate_id"] for hit in whole["results"]]
    # Scored against the search's best as before, not against the first page read after the expiry.
    assert [hit["match_score"] for hit in paged] == [hit["match_score"] for hit in whole["results"]]


async def test_a_cursor_of_another_search_is_a_422(viewer: TestClient, corpus: dict) -> None:
    first = await search(viewer, limit=2)
    cursor = first["next_cursor"]
    assert cursor
    # The same search goes on, whatever page size or facets its next page asks for.
    assert names(await search(viewer, limit=3, facets=True, cursor=cursor))
    # Another sort or text would skip or repeat candidates: refused, never answered as if it fitted.
    for other in ({"sort": "experience_desc"}, {"query": "platform engineer"}):
        response = await viewer.post(
            "/api/v1/search/candidates", json={"limit": 2, "cursor": cursor, **other}
        )
        body = await response.json()
        assert response.status == 422, body
        assert body["error"]["details"] == [{"field": "cursor", "problem": "a cursor of another search"}]


def _promoted(title: str, before: str) -> tuple[Job, ...]:
    return (
        Job("Initech", "Logistics", title, date(2020, 1, 1), None),
        Job("Initrode", "Logistics", before, date(2015, 1, 1), date(2019, 12, 1)),
    )


# A role and, outnumbering it, a narrower kind of it whose holders held the role before.
TRUCKS = {
    **{
        f"ar{n}": Person(
            f"R{n} Arm", 5, "Berlin", ("Excel",), _promoted("Armored Truck Driver", "Truck Driver")
        )
        for n in range(12)
    },
    **{f"tr{n}": Person(f"T{n} Truck", 5, "Berlin", ("Excel",), _job("Truck Driver")) for n in range(3)},
    **{f"an{n}": Person(f"A{n} Anal", 5, "Berlin", ("Excel",), _job("Data Analyst")) for n in range(40)},
}


async def test_a_role_the_text_names_is_not_narrowed_by_the_title_feedback(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, TRUCKS)
    body = await search(viewer, query="truck driver", limit=5)
    titles = titles_of(body)
    assert titles[:3] == ["Truck Driver"] * 3 and titles[3:] == ["Armored Truck Driver"] * 2, titles


def _career(title: str, before: str, times: int) -> tuple[Job, ...]:
    """A current job and `times` earlier ones, newest first."""
    earlier = tuple(
        Job(f"Haul {n}", "Logistics", before, date(2019 - 2 * n, 1, 1), date(2020 - 2 * n, 1, 1))
        for n in range(times)
    )
    return (Job("Initech", "Logistics", title, date(2020, 1, 1), None), *earlier)


# The holders of a role, outnumbered by a narrower kind of it whose careers say the role's words again
# and again (as the richer resumes of a large corpus do).
VETERANS = {
    **{
        f"ar{n}": Person(
            f"R{n} Arm",
            5,
            "Berlin",
            (
                "Truck Loading",
                "Truck Maintenance",
                "Truck Routing",
                "Truck Inspection",
                "Driver Safety",
                "Driver Logs",
                "Driver Training",
            ),
            _career("Armored Truck Driver", "Truck Driver", 8),
        )
        for n in range(12)
    },
    **{
        f"tr{n}": Person(f"T{n} Truck", 5, "Berlin", ("Excel",), _promoted("Truck Driver", "Warehouse Clerk"))
        for n in range(3)
    },
    **{f"an{n}": Person(f"A{n} Anal", 5, "Berlin", ("Excel",), _job("Data Analyst")) for n in range(40)},
}


async def test_the_typed_titles_holders_come_before_its_narrower_kinds_of_richer_careers(
    viewer: TestClient, db: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    await index_people(db, VETERANS)
    titles = titles_of(await search(viewer, query="truck driver", limit=5))
    assert titles[:3] == ["Truck Driver"] * 3 and titles[3:] == ["Armored Truck Driver"] * 2, titles
    # A constant lift for the exact title (10, session 31) is outweighed by the narrower kind's words in
    # its past titles and skills (another limit, so not the cached answer).
    monkeypatch.setattr(queries, "EXACT_TITLE_SCALE", 0.0)
    constant = titles_of(await search(viewer, query="truck driver", limit=4))
    assert constant == ["Armored Truck Driver"] * 4, constant


# As at 1M: "operations" is a common word of titles and resumes, its equivalent "ops" a rare one; one
# "Operations Specialist", and more "Facilities Ops Specialist"s.
OPERATIONS = {
    "opal": Person("Opal Plain", 5, "Berlin", ("Excel",), _job("Operations Specialist")),
    **{
        f"fa{n}": Person(f"F{n} Fac", 5, "Berlin", ("Excel",), _job("Facilities Ops Specialist"))
        for n in range(4)
    },
    **{f"om{n}": Person(f"O{n} Man", 5, "Berlin", ("Excel",), _job("Operations Manager")) for n in range(30)},
}


async def test_a_word_and_its_equivalent_weigh_as_one_word(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    await index_people(db, OPERATIONS)
    body = await search(viewer, query="operations specialist", limit=5)
    # Scored as words of their own, the rare "ops" outweighed the common "operations" it stands for.
    assert titles_of(body) == ["Operations Specialist", *["Facilities Ops Specialist"] * 4], titles_of(body)


async def test_a_text_that_is_an_email_address_finds_that_candidate_or_nobody(
    db: async_sessionmaker[AsyncSession], viewer: TestClient
) -> None:
    # Every corpus resume gives an address at example.com. Its analyzers read "bob@example.com" in the resume
    # text as "bob" and "example.com": it matched everyone. The indexed text holds no address now either.
    await load_corpus(db)
    async with db.begin() as session:
        await session.execute(
            text(
                "INSERT INTO resumes (candidate_id, original_filename, content_type, size_bytes, sha256, "
                "storage_path, parsing_status, extracted_text) SELECT id, 'cv.txt', 'text/plain', 1, "
                "md5(email), '/nowhere', 'completed', full_name || E'\\n' || email FROM candidates"
            )
        )
    indexer("reindex")
    assert (await search(viewer, query="example.com"))["results"] == []

    for typed in ("bob@example.com", " Bob@Example.COM ", "mailto:bob@example.com"):
        found = await search(viewer, query=typed)
        assert names(found) == ["bob"], typed
        assert (found["total"], found["total_relation"]) == (1, "eq")
        assert found["results"][0]["match_reasons"] == ["email address is in the query text"]
    # With words beside it the address still decides who; the words rank (and must match as ever).
    assert names(await search(viewer, query="java developer bob@example.com")) == ["bob"]
    assert names(await search(viewer, query="bob@example.com", skills=["python"], skills_mode="all")) == []
    # Nobody has it, or only an inactive candidate does: nobody, not everyone at example.com.
    for typed in ("nobody@example.com", "frank@example.com"):
        none = await search(viewer, query=typed)
        assert (none["total"], none["results"]) == (0, []), typed

    # The search box's smart search: it keeps contact details out of the words it reads (and so out of
    # the history of smart searches), and browsed everyone for an address alone.
    for sentence, found in (("bob@example.com", ["bob"]), ("java developer bob@example.com", ["bob"])):
        smart = await viewer.post("/api/v1/search/smart", json={"query": sentence})
        body = await smart.json()
        assert smart.status == 200, body
        assert names(body["response"]) == found, sentence
        assert "example.com" not in orjson.dumps(body["interpreted"]).decode()
    nobody = await (await viewer.post("/api/v1/search/smart", json={"query": "nobody@example.com"})).json()
    assert nobody["response"]["total"] == 0


async def test_erasing_a_candidate_erases_the_searches_that_name_them(
    recruiter: TestClient, corpus: dict
) -> None:
    # A search around the candidate (their id), one whose address found them and the address as typed stayed
    # in the recruiter's search history, for its 90 days, after the candidate was erased everywhere.
    alice, bob = str(corpus["alice"]), str(corpus["bob"])
    await search(recruiter, search_type="similar_candidates", candidate_id=alice)
    await search(recruiter, query="Alice@Example.com python")
    await search(recruiter, search_type="similar_candidates", candidate_id=bob)
    await search(recruiter, skills=["python"])
    await asyncio.sleep(1.0)  # written off the hot path

    async def history() -> list[bytes]:
        body = await (await recruiter.get("/api/v1/search/history")).json()
        return [orjson.dumps(item["request"]) for item in body["items"]]

    def naming_alice(entries: list[bytes]) -> list[bytes]:
        return [entry for entry in entries if alice.encode() in entry or b"alice@example.com" in entry]

    assert len(naming_alice(await history())) == 2
    assert (await recruiter.delete(f"/api/v1/candidates/{alice}")).status == 204
    left = await history()
    assert naming_alice(left) == []
    assert len(left) == 2 and sum(bob.encode() in entry for entry in left) == 1


async def test_a_field_emptied_by_an_edit_is_cleared_not_offered_as_a_blank_filter(
    recruiter: TestClient, corpus: dict
) -> None:
    # "" (a form's field emptied) was stored as "", and the facets offered a blank company, place and title.
    emptied = {"location": "", "current_company": " ", "current_title": "", "phone": "", "summary": ""}
    response = await recruiter.patch(f"/api/v1/candidates/{corpus['bob']}", json=emptied)
    body = await response.json()
    assert response.status == 200, body
    assert {field: body[field] for field in emptied} == dict.fromkeys(emptied)
    indexer("run", "--until-empty")
    found = await search(recruiter, skills=["java"], facets=True)
    assert names(found) == ["bob"]
    # The companies facet counts the employers of his jobs (as a company filter reads them), not a blank one.
    assert {facet: found["facets"][facet] for facet in ("companies", "locations", "titles")} == {
        "companies": [
            {"value": "ACME Corporation", "count": 1, "key": "acme"},
            {"value": "Globex", "count": 1, "key": "globex"},
        ],
        "locations": [],
        "titles": [],
    }


async def test_a_search_typed_in_another_unicode_form_finds_the_same_people(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    # A phone's keyboard or a pasted text sends "São" as "a" and a combining tilde, an East Asian input
    # method full-width letters: the index folds only the composed letters, and the smart search's rules
    # read ASCII, so the place matched nobody and was read as "Sa", and "5＋ years" was no range.
    people = {
        "joao": Person(
            "Joao Gonçalves",
            7,
            "São Paulo, Brazil",
            ("Python",),
            (Job("Müller Logistik", "Data", "Data Engineer", date(2019, 1, 1), None),),
        ),
        "bob": CORPUS["bob"],
    }
    await index_people(db, people)
    decomposed = "Sa\u0303o Paulo"
    assert names(await search(viewer, locations=[decomposed])) == ["joao"]
    assert names(await search(viewer, companies=["Mu\u0308ller Logistik"])) == ["joao"]
    response = await viewer.post("/api/v1/search/smart", json={"query": f"data engineer in {decomposed}"})
    body = await response.json()
    assert (body["interpreted"]["locations"], names(body["response"])) == (["São Paulo"], ["joao"])
    response = await viewer.post("/api/v1/search/smart", json={"query": "Ｐｙｔｈｏｎ engineers, 5＋ years"})
    asked = (await response.json())["interpreted"]
    assert (asked["skills"], asked["min_experience_years"]) == (["Python"], 5)


async def test_a_city_asked_by_another_of_its_names_finds_its_people(
    viewer: TestClient, db: async_sessionmaker[AsyncSession]
) -> None:
    # "München" found nobody whose resume said "Munich, Germany", nor "Cologne" someone in "Köln": the
    # index folds case and accents, not languages.
    people = {
        "bob": CORPUS["bob"],
        "dave": CORPUS["dave"],
        "kai": Person(
            "Kai Krause",
            4,
            "Köln, Germany",
            ("Java",),
            (Job("Initech", "Web", "Java Developer", date(2021, 1, 1), None),),
        ),
    }
    await index_people(db, people)
    assert names(await search(viewer, locations=["München"])) == ["bob"]
    assert names(await search(viewer, locations=["Мюнхен"])) == ["bob"]
    assert names(await search(viewer, locations=["Cologne, Germany"])) == ["kai"]
    assert sorted(names(await search(viewer, locations=["Cologne", "Munich"]))) == ["bob", "kai"]
    assert names(await search(viewer, locations=["Munich, France"])) == []
    # The country after the city by another of its names: "Munich, DE" found nobody in "Munich, Germany".
    assert names(await search(viewer, locations=["Munich, DE"])) == ["bob"]
    assert names(await search(viewer, locations=["Köln, DEU"])) == ["kai"]
    body = await search(viewer, locations=["Cologne"], facets=True)
    assert body["facets"]["asked_locations"] == [{"value": "Cologne", "count": 1}]
    response = await viewer.post("/api/v1/search/smart", json={"query": "developers in München"})
    body = await response.json()
    assert (body["interpreted"]["locations"], names(body["response"])) == (["München"], ["bob"])
