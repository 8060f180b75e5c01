"""Issue 16, session 43: rules fitted to one dev resume and carrying nothing removed; what their removal
brings back; names invented."""

from __future__ import annotations

from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()

_CLIENT_SLOT_HISTORY = """Asha Verma
Quality Analyst

WORK EXPERIENCE

Quality Analyst

Tailspin -

April 2016 to Present

Alternative Assets Management
Responsibilities:
• Test Strategy Planning and Designing
• Leading a team of 4 QA's

Test Engineer (Fourth Coffee

Tailspin -

June 2014 to March 2016

Pharmaceuticals
Responsibilities:
• White-Box Testing of Optimization Algorithms
• Test Data Management
Jun 2014 - Mar 2016 Test Engineer (Fourth Coffee.) Project Domain: Banking
Responsibilities:
• Test Planning
"""


def test_a_dated_line_naming_the_employer_inside_the_job_above_is_kept() -> None:
    # "Jun 2014 - Mar 2016 Test Engineer (Fourth Coffee.)" in the details of the client's slot names the firm
    # the tester worked for; a pass fitted to one resume's dated bullet ("• From Jan '17 to Mar '17, set up
    # ...") dropped it as a duty.
    jobs = [(job.title, job.company) for job in PARSER.parse(_CLIENT_SLOT_HISTORY).work_experience]
    assert ("Test Engineer", "Fourth Coffee.") in jobs


def test_a_bullet_dating_a_duty_inside_a_job_is_still_no_job() -> None:
    # What the removed pass was for is still read as a detail of the job above (history_lines decides it).
    parsed = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nSenior Manager\n\nFabrikam Bank -  Pune, Maharashtra -\n\n"
        "January 2016 to Present\n\n• From Jan '17 to Mar '17, set up and ran a pilot for new products in\n"
        "the western region.\n\nEDUCATION\n\nB.Com\n\nPune University\n"
    )
    assert [(job.title, job.company) for job in parsed.work_experience] == [
        ("Senior Manager", "Fabrikam Bank")
    ]
