"""The parsing benchmark's own reading of the labels and its matching: gold jobs, complete labels."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.parsing.models import ParsedResume, WorkExperience
from benchmarks.parsing import __main__ as parsing_main
from benchmarks.parsing.accuracy import (
    Accuracy,
    Score,
    gold_labels,
    gold_starts,
    labels_complete,
    match_sets,
    matched_values,
    score_resume,
    score_start_dates,
    unlabelled_jobs,
)

HISTORY = (
    "Jane Roe\n\n"
    "Test Analyst\n"
    "Contoso -  Hyderabad, Telangana -\n\n"
    "November 2011 to February 2016\n"
    "Wrote test plans.\n"
    "Trainee\n"
    "Adatum -\n"
    "June 2010 to October 2011\n"
)


def labelled(*spans: tuple[str, str]) -> dict[str, Any]:
    """A DataTurks row for HISTORY with (label, text) spans; ``end`` is inclusive as in the dataset."""
    annotation = []
    for label, text in spans:
        start = HISTORY.index(text)
        annotation.append({"label": [label], "points": [{"start": start, "end": start + len(text) - 1}]})
    return {"content": HISTORY, "annotation": annotation}


def test_every_job_header_labelled_is_complete() -> None:
    row = labelled(
        ("Designation", "Test Analyst"),
        ("Companies worked at", "Contoso"),
        ("Designation", "Trainee"),
        ("Companies worked at", "Adatum"),
    )
    assert labels_complete(row)


def test_an_unlabelled_employer_or_title_is_not_complete() -> None:
    assert not labels_complete(
        labelled(
            ("Designation", "Test Analyst"), ("Companies worked at", "Contoso"), ("Designation", "Trainee")
        )
    )
    assert not labels_complete(
        labelled(
            ("Designation", "Test Analyst"),
            ("Companies worked at", "Contoso"),
            ("Companies worked at", "Adatum"),
        )
    )


def test_a_resume_without_job_headers_is_not_counted() -> None:
    assert not labels_complete({"content": "Jane Roe\nPython, SQL\n", "annotation": []})


def test_scores_add_up() -> None:
    total = Score(true_positives=1, predicted=2, gold=2, resumes=1)
    total.add(Score(true_positives=2, predicted=2, gold=3, resumes=1))
    assert (total.precision, total.recall, total.resumes) == (0.75, 0.6, 2)


def test_every_dated_employer_line_is_a_gold_job() -> None:
    row = labelled(("Companies worked at", "Contoso"), ("Companies worked at", "Adatum"))
    assert gold_starts(row) == [("contoso", (2011, 11)), ("adatum", (2010, 6))]


def test_two_jobs_at_one_employer_are_two_gold_jobs() -> None:
    content = "Analyst\nContoso -\nMay 2015 to Present\nIntern\nContoso -\nJune 2014 to April 2015\n"
    spans = [content.index("Contoso"), content.rindex("Contoso")]
    row = {
        "content": content,
        "annotation": [
            {"label": ["Companies worked at"], "points": [{"start": at, "end": at + 6} for at in spans]}
        ],
    }
    assert gold_starts(row) == [("contoso", (2015, 5)), ("contoso", (2014, 6))]


def test_employers_are_compared_by_company_key() -> None:
    parsed = ParsedResume(
        work_experience=[
            WorkExperience(company="Infosys Limited", title="Systems Engineer"),
            WorkExperience(company="Infosys", title="Trainee"),
            WorkExperience(company="Wipro", title="Intern"),
        ]
    )
    accuracy = Accuracy()
    score_resume(parsed, {"Companies worked at": ["Infosys Ltd"]}, accuracy, 0)
    companies = accuracy.scores["companies"]
    # One employer written two ways counts once; an unlabelled one still counts against precision.
    assert (companies.true_positives, companies.predicted, companies.gold) == (1, 2, 1)


def test_overlapping_spans_of_one_label_are_one_mention() -> None:
    # "Contoso" and "Contoso -  Hyderabad" marked at the same place: one gold employer, one gold job.
    row = labelled(("Companies worked at", "Contoso"), ("Companies worked at", "Contoso -  Hyderabad"))
    assert gold_labels(row)["Companies worked at"] == ["Contoso -  Hyderabad"]
    assert len(gold_starts(row)) == 1


def test_a_job_header_with_no_label_at_all_is_unlabelled() -> None:
    # Adatum's header has neither field labelled; Contoso's has its employer, so it was looked at.
    row = labelled(("Companies worked at", "Contoso"))
    assert unlabelled_jobs(row) == (["Adatum"], ["Trainee"])
    assert unlabelled_jobs(labelled(("Designation", "Trainee"), ("Companies worked at", "Contoso"))) == (
        [],
        [],
    )


def test_a_value_repeating_an_unlabelled_header_is_left_out_of_known_jobs_precision_only() -> None:
    parsed = ParsedResume(
        work_experience=[
            WorkExperience(company="Contoso", title="Test Analyst"),
            WorkExperience(company="Adatum", title="Trainee"),
            WorkExperience(company="Wrong Name", title="Made Up"),
        ]
    )
    row = labelled(("Companies worked at", "Contoso"), ("Designation", "Test Analyst"))
    accuracy = Accuracy()
    score_resume(parsed, gold_labels(row), accuracy, 0, unlabelled_jobs(row))
    for field_name in ("companies", "titles"):
        primary, known = accuracy.scores[field_name], accuracy.known_jobs[field_name]
        assert (primary.true_positives, primary.predicted, primary.gold) == (1, 3, 1)
        # Adatum / Trainee repeat the unlabelled header; the made-up value still counts against precision.
        assert (known.true_positives, known.predicted, known.gold) == (1, 2, 1)


def test_an_accuracy_only_report_says_throughput_was_not_run() -> None:
    by_split = {split: Accuracy() for split in ("dev", "held_out")}
    results: dict[str, object] = {
        "run_at": "now",
        "machine": "test",
        "limit": None,
        "throughput": None,
        "accuracy": parsing_main._as_dicts(by_split),
        "complete_labels": parsing_main.complete_labels_table(by_split),
        "known_jobs": parsing_main.known_jobs_table(by_split),
        "layouts": [],
        "mojibake": {
            "rows": 1,
            "marked_before": 0,
            "marked_after": 0,
            "ftfy_bad_before": 0,
            "ftfy_bad_after": 0,
        },
    }
    markdown = parsing_main.report(results)
    assert "Not run in this report (accuracy only)" in markdown
    assert "--accuracy-only --write" in markdown
    assert "Unlabelled jobs left out" in markdown


def test_values_are_paired_so_that_as_many_as_possible_match() -> None:
    # "sales manager north" matches both gold titles; taking "area sales manager" for it (as a greedy pass
    # over the longest value first did) left "area manager" without a partner although both can pair.
    predicted = {"sales manager north", "area manager"}
    gold = {"area sales manager", "sales manager"}
    assert matched_values(predicted, gold) == predicted
    assert match_sets({"sales manager"}, gold) == 1
    assert match_sets(set(), gold) == 0


def test_a_labelled_start_is_found_at_the_job_that_names_it_its_client() -> None:
    # DataTurks labels a client's name as the company on some dated lines; the parser records that name as
    # the job's client. The job on that line is the one the label names, so its start counts.
    row = labelled(("Companies worked at", "Contoso"), ("Companies worked at", "Adatum"))
    parsed = ParsedResume(
        work_experience=[
            WorkExperience(client="Contoso", title="Test Analyst", start_date=date(2011, 11, 1)),
            WorkExperience(company="Adatum", title="Trainee", start_date=date(2010, 7, 1)),
        ]
    )
    accuracy = Accuracy()
    score_start_dates(parsed, row, accuracy, 0)
    starts = accuracy.scores["start_dates"]
    assert (starts.true_positives, starts.predicted, starts.gold) == (1, 2, 2)
