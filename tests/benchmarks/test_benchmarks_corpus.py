"""The corpus generator: same seed, same corpus; careers, companies and skills that hold together."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise
from pathlib import Path

import pytest

pytest.importorskip("faker")

from app.candidates.companies import company_key
from app.parsing.extract import extract_text
from app.parsing.shared_data import shared_data_dir
from app.parsing.skills import canonical_skill
from benchmarks.corpus import onet
from benchmarks.corpus.generate import AS_OF, World, parsed_data, resume_text
from benchmarks.corpus.load import COLUMNS, candidate_rows, chunks, skill_catalogue

pytestmark = pytest.mark.skipif(
    not (shared_data_dir() / "skills" / "onet" / "technology_skills.tsv").exists(),
    reason="O*NET files not available",
)


@pytest.fixture(scope="module")
def occupations() -> list[onet.Occupation]:
    return onet.load_occupations()


@pytest.fixture(scope="module")
def world(occupations: list[onet.Occupation]) -> World:
    return World(occupations, seed=7, candidates=2000)


def test_the_same_seed_gives_the_same_candidates(occupations: list[onet.Occupation], world: World) -> None:
    again = World(occupations, seed=7, candidates=2000)
    assert [resume_text(c) for c in world.candidates(0, 30)] == [
        resume_text(c) for c in again.candidates(0, 30)
    ]
    other = World(occupations, seed=8, candidates=2000)
    assert [c.full_name for c in world.candidates(0, 30)] != [c.full_name for c in other.candidates(0, 30)]
    # A candidate does not depend on which chunk made it.
    assert resume_text(world.candidate(25)) == resume_text(list(world.candidates(20, 30))[5])


def test_careers_are_dated_in_order_and_end_by_the_as_of_day(world: World) -> None:
    for candidate in world.candidates(0, 300):
        jobs = candidate.jobs
        assert 1 <= len(jobs)
        for earlier, later in pairwise(jobs):
            assert earlier.end is not None and earlier.end <= later.start
        for job in jobs:
            assert job.start <= (job.end or AS_OF) <= AS_OF
            assert job.is_current == (job.end is None)
        assert sum(job.is_current for job in jobs) <= 1
        assert candidate.total_years >= 0


def test_company_spellings_share_the_record_systems_company_key(world: World) -> None:
    spellings: dict[str, set[str]] = defaultdict(set)
    for candidate in world.candidates(0, 500):
        for job in candidate.jobs:
            assert job.company_key == company_key(job.company)
            spellings[job.company_key].add(job.company)
    assert any(len(names) > 1 for names in spellings.values())


def test_colleagues_really_overlap(world: World) -> None:
    jobs = [(c.id, j) for c in world.candidates(0, 500) for j in c.jobs]
    by_company = defaultdict(list)
    for cid, job in jobs:
        by_company[job.company_key].append((cid, job))
    overlaps = 0
    for members in by_company.values():
        for i, (a_id, a) in enumerate(members):
            for b_id, b in members[i + 1 :]:
                if a_id != b_id and a.start < (b.end or AS_OF) and b.start < (a.end or AS_OF):
                    overlaps += 1
    assert overlaps > 100


def test_skills_are_catalogue_names_from_the_occupation(
    world: World, occupations: list[onet.Occupation]
) -> None:
    by_code = {o.code: o for o in occupations}
    for candidate in world.candidates(0, 200):
        occupation = by_code[candidate.occupation]
        assert 1 <= len(candidate.skills) <= 14
        for name in candidate.skills:
            assert name in occupation.skills
            assert canonical_skill(name) == name


def test_rows_match_the_copy_columns(world: World) -> None:
    ids = skill_catalogue(world)
    rows = candidate_rows(world.candidate(3), ids, with_resume=True)
    for table, columns in COLUMNS.items():
        assert rows[table], table
        assert all(len(row) == len(columns) for row in rows[table])
    assert parsed_data(world.candidate(3))["skills"] == list(world.candidate(3).skills)
    assert list(chunks(12_000, 5_000)) == [(0, 5000), (5000, 10000), (10000, 12000)]


def test_onet_products_map_to_catalogue_skills() -> None:
    assert onet.skill_name("Oracle Java") == "Java"
    assert onet.skill_name("Atlassian JIRA") == "Jira"
    assert onet.skill_name("Amazon Web Services AWS software") == "AWS"
    assert onet.skill_name("Time and attendance software") is None
    assert onet.singular("Software Developers") == "Software Developer"


def test_resume_files_extract_to_the_candidates_text(world: World, tmp_path: Path) -> None:
    pytest.importorskip("reportlab")
    from benchmarks.corpus.files import write_resume_files

    paths = write_resume_files(world, tmp_path, 3)
    assert [p.suffix for p in paths] == [".pdf", ".docx", ".txt"]
    for index, path in enumerate(paths):
        candidate = world.candidate(index)
        text = extract_text(path.read_bytes()).text
        assert candidate.full_name in text
        assert candidate.jobs[-1].title in text
