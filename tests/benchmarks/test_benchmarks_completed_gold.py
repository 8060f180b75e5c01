"""The completed gold of the work history (issue 16, session 9): a well-formed file and its scoring."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.parsing.models import ParsedResume, WorkExperience
from app.parsing.shared_data import shared_data_dir
from benchmarks.parsing import __main__ as parsing_main
from benchmarks.parsing.accuracy import (
    COMPLETED_GOLD,
    COMPLETED_SPLITS,
    DEV2_GOLD,
    DEV3_GOLD,
    DEV3_SDIST,
    DEV4_GOLD,
    DEV5_GOLD,
    DEV6_GOLD,
    DEV7_GOLD,
    DEV8_GOLD,
    DEV9_GOLD,
    DEV10_GOLD,
    DEV13_GOLD,
    DEV14_GOLD,
    DEV15_GOLD,
    DEV16_GOLD,
    MISSES_PRINTED,
    Accuracy,
    completed_jobs,
    employer_names,
    load_completed_gold,
    load_dataturks,
    load_dev2,
    load_dev3,
    load_livecareer,
    recased,
    renamed_employers,
    resume_key,
    score_completed,
    score_job_dates,
    split_of,
    swapped_fields,
)
from benchmarks.parsing.draw_dev8 import ROUND19_POOL

DATA = shared_data_dir()
needs_data = pytest.mark.skipif(
    not (DATA / "resumes" / "dataturks" / "testdata.json").exists(), reason="shared data not available"
)


def test_the_file_is_well_formed_without_the_data() -> None:
    raw = json.loads(COMPLETED_GOLD.read_text(encoding="utf-8"))
    assert raw["meta"]["annotator"] == "blind to parser output"
    gold = load_completed_gold()
    assert gold and "meta" not in gold
    for key, jobs in gold.items():
        assert re.fullmatch(r"[0-9a-f]{16}", key), key
        for job in jobs:
            assert set(job) == {"company", "title"}, (key, job)
            assert job["company"] or job["title"], (key, job)
            for span in (job["company"], job["title"]):
                if span is not None:
                    assert len(span) == 2 and 0 <= span[0] < span[1], (key, span)


@needs_data
def test_every_key_is_a_resume_and_every_span_a_trimmed_piece_of_its_text() -> None:
    texts = {resume_key(row["content"]): row["content"] for row in load_dataturks(DATA)}
    gold = load_completed_gold()
    assert set(gold) <= set(texts)
    for key, jobs in gold.items():
        content = texts[key]
        for job in jobs:
            for span in (job["company"], job["title"]):
                if span is not None:
                    text = content[span[0] : span[1]]
                    assert span[1] <= len(content) and text and text == text.strip(), (key, span)
    # The counts in meta are what the file holds, per split.
    done = json.loads(COMPLETED_GOLD.read_text(encoding="utf-8"))["meta"]["done"]
    for split, counts in done.items():
        keys = [key for key in gold if split_of(texts[key]) == split]
        assert counts == {"resumes": len(keys), "jobs": sum(len(gold[key]) for key in keys)}, split


def test_completed_gold_counts_every_parsed_value_and_every_job() -> None:
    content = "Analyst\nContoso Ltd -  Pune -\nMay 2015 to Present\nIntern at Adatum\n"
    jobs = [
        {"company": [8, 19], "title": [0, 7]},
        {"company": [content.index("Adatum"), len(content) - 1], "title": None},
    ]
    assert completed_jobs(content, jobs) == (["Contoso Ltd", "Adatum"], ["Analyst"])
    parsed = ParsedResume(
        work_experience=[
            WorkExperience(company="Contoso", title="Analyst"),
            WorkExperience(company="Pune", title="Intern at Adatum"),
        ]
    )
    accuracy = Accuracy()
    score_completed(parsed, completed_jobs(content, jobs), accuracy, 0)
    companies, titles = accuracy.completed_gold["companies"], accuracy.completed_gold["titles"]
    # "Contoso" matches "Contoso Ltd" by company key; the city is a wrong employer; Adatum is missed.
    assert (companies.true_positives, companies.predicted, companies.gold) == (1, 2, 2)
    # Only one title is in the gold: the second parsed title counts against precision.
    assert (titles.true_positives, titles.predicted, titles.gold) == (1, 2, 1)
    assert accuracy.completed_gold_jobs == {"companies": 2, "titles": 1}


def test_a_resume_with_no_job_counts_its_parsed_values_against_precision() -> None:
    accuracy = Accuracy()
    parsed = ParsedResume(work_experience=[WorkExperience(company="Accenture")])
    score_completed(parsed, ([], []), accuracy, 0)
    companies = accuracy.completed_gold["companies"]
    assert (companies.resumes, companies.true_positives, companies.predicted, companies.gold) == (1, 0, 1, 0)


def test_the_report_has_the_completed_gold_table() -> None:
    by_split = {split: Accuracy() for split in COMPLETED_SPLITS}
    lines = parsing_main.completed_gold_table(by_split)
    assert lines[0].startswith("Completed gold (blind)")
    assert "| companies | held_out | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| titles | dev_2 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| titles | dev_3 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    dates = parsing_main.job_dates_table(by_split)
    assert "| titles | dev_4 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    end_months = [line.split(" | ")[1] for line in dates if line.startswith("| end month")]
    assert "| titles | dev_5 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_6 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| titles | dev_7 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_8 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| titles | dev_9 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| titles | dev_10 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_11 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_12 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_13 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_14 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_15 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert "| companies | dev_16 | 0.000 | 0.000 | 0.000 | 0 | 0 | 0 | 0 |" in lines
    assert end_months == [
        "dev_2",
        "dev_3",
        "dev_4",
        "dev_5",
        "dev_6",
        "dev_7",
        "dev_8",
        "dev_9",
        "dev_10",
        "dev_11",
        "dev_12",
        "dev_13",
        "dev_14",
        "dev_15",
        "dev_16",
    ]


def test_the_misses_printed_are_the_tuned_splits_only() -> None:
    assert not {"held_out", "dev_7"} & set(MISSES_PRINTED)
    assert {"dev", "dev_2", "dev_3", "dev_4", "dev_5", "dev_6", "dev_8", "dev_9", "dev_10"} <= set(
        MISSES_PRINTED
    )


def _well_formed_gold(
    data: dict[str, Any], resumes: int, offsets: bool, key_pattern: str = r"[0-9a-f]{16}"
) -> None:
    """A hand-written gold file: its meta counts, keys, and per job the fields and months (and spans)."""
    meta = data.pop("meta")
    assert meta["resumes"] == len(data) == resumes
    assert meta["jobs"] == sum(len(jobs) for jobs in data.values())
    month = re.compile(r"^(?:19|20)\d\d-(?:0[1-9]|1[0-2])$")
    for key, jobs in data.items():
        assert re.fullmatch(key_pattern, key)
        for job in jobs:
            assert set(job) == {"company", "title", "start", "end"}
            assert job["company"] or job["title"]
            for name in (job["company"], job["title"]):
                span = offsets and name is not None
                assert not span or (len(name) == 2 and 0 <= name[0] < name[1])
                assert span or name is None or isinstance(name, str)
            assert job["start"] is None or month.match(job["start"])
            assert job["end"] is None or job["end"] == "present" or month.match(job["end"])


def test_dev2_gold_is_well_formed_without_the_data() -> None:
    _well_formed_gold(json.loads(DEV2_GOLD.read_text(encoding="utf-8")), 50, offsets=False)


@needs_data
def test_every_dev2_key_is_a_csv_text_naming_its_gold() -> None:
    rows = load_dev2(DATA)
    assert len(rows) == 50
    for _, text, jobs in rows:
        for job in jobs:
            for name in (job["company"], job["title"]):
                assert name is None or name.lower() in text.lower()


@pytest.mark.parametrize("gold", [DEV13_GOLD, DEV14_GOLD, DEV16_GOLD], ids=["dev_13", "dev_14", "dev_16"])
def test_livecareer_gold_is_well_formed_without_the_data(gold: Path) -> None:
    data = json.loads(gold.read_text(encoding="utf-8"))
    _well_formed_gold(data, 25, offsets=False, key_pattern=r"[A-Z]+(?:-[A-Z]+)*_[0-9]+")


def test_dev14_shares_no_resume_with_dev13() -> None:
    dev13, dev14 = (
        set(json.loads(gold.read_text(encoding="utf-8"))) - {"meta"} for gold in (DEV13_GOLD, DEV14_GOLD)
    )
    assert not dev13 & dev14


def test_dev16_shares_no_resume_with_dev13_or_dev14() -> None:
    dev13, dev14, dev16 = (
        set(json.loads(gold.read_text(encoding="utf-8"))) - {"meta"}
        for gold in (DEV13_GOLD, DEV14_GOLD, DEV16_GOLD)
    )
    assert not (dev13 | dev14) & dev16


@needs_data
@pytest.mark.parametrize("gold", [DEV13_GOLD, DEV14_GOLD, DEV16_GOLD], ids=["dev_13", "dev_14", "dev_16"])
def test_every_livecareer_key_is_a_pdf_naming_its_gold(gold: Path) -> None:
    rows = load_livecareer(DATA, gold)
    assert len(rows) == 25
    for _, text, jobs in rows:
        for job in jobs:
            for name in (job["company"], job["title"]):
                assert name is None or name.lower() in text.lower()


def test_dev15_gold_is_well_formed_without_the_data() -> None:
    _well_formed_gold(json.loads(DEV15_GOLD.read_text(encoding="utf-8")), 25, offsets=False)


@needs_data
def test_every_dev15_key_is_a_csv_text_naming_its_gold() -> None:
    rows = load_dev2(DATA, DEV15_GOLD)
    assert len(rows) == 25
    for _, text, jobs in rows:
        for job in jobs:
            for name in (job["company"], job["title"]):
                assert name is None or name.lower() in text.lower()


def test_dev3_gold_is_offsets_and_months_only() -> None:
    _well_formed_gold(json.loads(DEV3_GOLD.read_text(encoding="utf-8")), 30, offsets=True)


def test_dev4_gold_is_offsets_and_months_only() -> None:
    _well_formed_gold(json.loads(DEV4_GOLD.read_text(encoding="utf-8")), 30, offsets=True)


def test_dev4_shares_no_resume_with_dev3() -> None:
    dev3, dev4 = (json.loads(path.read_text(encoding="utf-8")) for path in (DEV3_GOLD, DEV4_GOLD))
    assert set(dev3) & set(dev4) == {"meta"}


def test_dev5_gold_is_offsets_and_months_only_and_shares_no_resume_with_dev3_or_dev4() -> None:
    dev3, dev4, dev5 = (
        json.loads(path.read_text(encoding="utf-8")) for path in (DEV3_GOLD, DEV4_GOLD, DEV5_GOLD)
    )
    assert set(dev5) & (set(dev3) | set(dev4)) == {"meta"}
    _well_formed_gold(dev5, 30, offsets=True)


def test_dev6_gold_is_offsets_and_months_only_and_shares_no_resume_with_dev3_to_dev5() -> None:
    dev3, dev4, dev5, dev6 = (
        json.loads(path.read_text(encoding="utf-8")) for path in (DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD)
    )
    assert set(dev6) & (set(dev3) | set(dev4) | set(dev5)) == {"meta"}
    _well_formed_gold(dev6, 30, offsets=True)


def test_dev7_gold_is_offsets_and_months_only_and_shares_no_resume_with_dev3_to_dev6() -> None:
    paths = (DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD)
    golds = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    dev7 = json.loads(DEV7_GOLD.read_text(encoding="utf-8"))
    assert set(dev7) & set().union(*golds) == {"meta"}
    _well_formed_gold(dev7, 30, offsets=True)


def test_dev8_gold_is_offsets_and_months_only_and_shares_no_resume_with_dev3_to_dev7_or_round_19s_pool() -> (
    None
):
    paths = (DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD)
    golds = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    dev8 = json.loads(DEV8_GOLD.read_text(encoding="utf-8"))
    assert set(dev8) & set().union(*golds) == {"meta"}
    assert not set(dev8) & ROUND19_POOL
    _well_formed_gold(dev8, 30, offsets=True)


def test_dev9_gold_is_offsets_and_months_only_and_shares_no_resume_with_dev3_to_dev8_or_round_19s_pool() -> (
    None
):
    paths = (DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD, DEV8_GOLD)
    golds = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    dev9 = json.loads(DEV9_GOLD.read_text(encoding="utf-8"))
    assert set(dev9) & set().union(*golds) == {"meta"}
    assert not set(dev9) & ROUND19_POOL
    _well_formed_gold(dev9, 30, offsets=True)


def test_dev10_gold_is_offsets_and_months_only_and_shares_no_resume_with_dev3_to_dev9_or_round_19s_pool() -> (
    None
):
    paths = (DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD, DEV8_GOLD, DEV9_GOLD)
    golds = [json.loads(path.read_text(encoding="utf-8")) for path in paths]
    dev10 = json.loads(DEV10_GOLD.read_text(encoding="utf-8"))
    assert set(dev10) & set().union(*golds) == {"meta"}
    assert not set(dev10) & ROUND19_POOL
    _well_formed_gold(dev10, 21, offsets=True)


def test_dev3_is_skipped_with_a_message_without_its_sdist(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert load_dev3(sdist=tmp_path / "resparserok-0.0.7.tar.gz") == []
    assert "dev_3 skipped" in capsys.readouterr().err


@pytest.mark.skipif(not DEV3_SDIST.is_file(), reason="resparserok 0.0.7 sdist not downloaded")
@pytest.mark.parametrize(
    "gold", [DEV3_GOLD, DEV4_GOLD, DEV5_GOLD, DEV6_GOLD, DEV7_GOLD, DEV8_GOLD, DEV9_GOLD]
)
def test_every_dev3_to_dev9_key_is_a_text_of_the_sdist_naming_its_gold(gold: Path) -> None:
    rows = load_dev3(gold)
    assert len(rows) == 30
    for _, text, jobs in rows:
        assert "WORK EXPERIENCE" in text
        assert all(job["company"] or job["title"] for job in jobs)


@pytest.mark.skipif(not DEV3_SDIST.is_file(), reason="resparserok 0.0.7 sdist not downloaded")
def test_every_dev10_key_is_a_text_of_the_sdist_naming_its_gold() -> None:
    rows = load_dev3(DEV10_GOLD, split="dev_10")
    assert len(rows) == 21
    for _, text, jobs in rows:
        assert "WORK EXPERIENCE" in text
        assert all(job["company"] or job["title"] for job in jobs)


def test_a_dev2_jobs_months_count_through_its_employer() -> None:
    parsed = ParsedResume(
        work_experience=[
            WorkExperience(company="Contoso Ltd", start_date=date(2017, 8, 1), is_current=True),
            WorkExperience(company="Fabrikam", start_date=date(2014, 5, 1), end_date=date(2015, 12, 1)),
        ]
    )
    gold = [
        {"company": "Contoso Limited", "title": None, "start": "2017-08", "end": "present"},
        {"company": "Fabrikam", "title": None, "start": "2014-06", "end": "2015-12"},
        {"company": "Northwind", "title": None, "start": "2010-01", "end": None},
    ]
    accuracy = Accuracy()
    score_job_dates(parsed, gold, accuracy, 0)
    start, end = accuracy.job_dates["start month"], accuracy.job_dates["end month"]
    assert (start.gold, start.predicted, start.true_positives) == (3, 2, 1)
    assert (end.gold, end.predicted, end.true_positives) == (2, 2, 2)


def test_recased_rewrites_only_the_gold_spans() -> None:
    content = "WORK EXPERIENCE\nSenior Consultant\nContoso Ltd -  Pune -\nMay 2015 to Present\nBuilt Things"
    jobs = [{"company": [34, 45], "title": [16, 33]}]
    lowered = recased(content, jobs)
    assert lowered == content.replace("Senior Consultant", "senior consultant").replace(
        "Contoso Ltd", "contoso ltd"
    )
    assert completed_jobs(lowered, jobs) == (["contoso ltd"], ["senior consultant"])
    upper = recased(content, jobs, str.upper)
    assert completed_jobs(upper, jobs) == (["CONTOSO LTD"], ["SENIOR CONSULTANT"])


def test_swapped_fields_types_an_indeed_headers_title_and_employer_in_each_others_boxes() -> None:
    content = "WORK EXPERIENCE\nSenior Consultant\nContoso Ltd -  Pune -\nMay 2015 to Present\nBuilt Things"
    jobs = [{"company": [34, 45], "title": [16, 33]}, {"company": None, "title": [0, 4]}]
    assert swapped_fields(content, jobs) == (
        "WORK EXPERIENCE\nContoso Ltd\nSenior Consultant -  Pune -\nMay 2015 to Present\nBuilt Things"
    )
    undated = "WORK EXPERIENCE\nSenior Consultant\nContoso Ltd -  Pune -\nBuilt Things"
    assert swapped_fields(undated, jobs) == undated


def test_renamed_employers_renames_every_mention_of_a_gold_employer_and_the_gold_alike() -> None:
    content = (
        "Support Lead at CONTOSO\nWORK EXPERIENCE\nSupport Lead for Contoso Ltd\nContoso Ltd -  Pune -\n"
        "May 2015 to Present\nWorked at Contoso Ltd with Fabrikam\nEngineer\nContoso Limited -  Pune -"
    )
    start = content.index("Contoso Ltd -")
    second = content.index("Contoso Limited")
    jobs = [
        {"company": [start, start + 11], "title": [content.index("Support Lead for"), start - 1]},
        {"company": [second, second + 15], "title": None},
    ]
    text, (employers, titles) = renamed_employers(content, jobs, ["Northwind", "Tailspin Toys"])
    # "Contoso Ltd" and "Contoso Limited" are one employer key: one name for both, in the text and the gold.
    assert len(set(employers)) == 1 and employers[0] in ("Northwind", "Tailspin Toys")
    name = employers[0]
    assert text.count(name) == 4 and "Contoso Ltd" not in text and "Contoso Limited" not in text
    assert titles == [f"Support Lead for {name}"]
    # A mention the gold spells otherwise keeps its name; anything else in the text is as it was.
    assert "at CONTOSO" in text and "with Fabrikam" in text
    assert renamed_employers(content, jobs, ["Northwind", "Tailspin Toys"])[0] == text


@needs_data
def test_employer_names_are_real_firms_without_the_glassdoor_ratings() -> None:
    names = employer_names(DATA)
    assert len(names) > 300 and names == sorted(set(names))
    assert not any("\n" in name or name == "-1" for name in names)
