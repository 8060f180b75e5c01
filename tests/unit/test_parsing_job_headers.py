"""Job headers the offline parser used to misread: which part is the employer, which lines are a job."""

from __future__ import annotations

from datetime import date

from app.parsing import vocabulary
from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser
from app.parsing.sections import heading_kind

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_the_line_ending_with_a_dash_names_the_employer() -> None:
    # Indeed's export: title, then "Employer - City, Region -", then dates. A qualifier after the
    # title's dash or in brackets is part of the title line, not the employer.
    (first, second) = jobs(
        "Team lead - vendor data quality\n"
        "Northwind Traders -  Bangalore, Karnataka -\n"
        "March 2014 to December 2016\n"
        "Program Manager (Software Delivery)\n"
        "Blue Harbor -  Vadodara, Gujarat -\n"
        "January 2012 to February 2014\n"
    )
    assert (first.title, first.company, first.location) == (
        "Team lead",
        "Northwind Traders",
        "Bangalore, Karnataka",
    )
    assert (second.company, second.location) == ("Blue Harbor", "Vadodara, Gujarat")


def test_an_employer_without_telling_words_on_the_dash_line() -> None:
    # Neither line has a title word or a legal form: the dash line is the employer; the other names no
    # role, so it is no title either.
    (job,) = jobs("Space auditing\nContoso -\n2017 to 2017\nAuditing the space.\n")
    assert (job.title, job.company) == (None, "Contoso")


def test_a_client_in_the_details_is_not_the_employer() -> None:
    (job,) = jobs(
        "Trainee\n"
        "Fabrikam Limited -  Mysore, Karnataka -\n"
        "June 2016 to November 2016\n"
        "Client: Tailspin Motors\n"
    )
    assert job.company == "Fabrikam Limited"


def test_a_client_is_the_jobs_client_even_when_the_header_names_no_employer() -> None:
    # Guideline v1 (session 33): a client is no employer; the job keeps it as its client.
    (job,) = jobs("Consultant\nJune 2016 to November 2016\nClient: Tailspin Motors\n")
    assert (job.title, job.company, job.client) == ("Consultant", None, "Tailspin Motors")


def test_an_employer_is_a_name_not_a_lowercase_phrase() -> None:
    (job,) = jobs(
        "Woodgrove SystemsIndPvtLtd\n"
        "September 2012 to Present\n"
        "under the payroll of Litware Technologies\n"
        "Agile team Member, Testing\n"
    )
    assert job.company == "Woodgrove SystemsIndPvtLtd"


def test_a_job_does_not_take_the_next_jobs_header() -> None:
    # The first header has no title word, so the parser looked past its dates for one and took the
    # next job's title and employer.
    (first, second) = jobs(
        "Space auditing, Outreach\n"
        "Contoso -\n"
        "2017 to 2017\n"
        "Analyst Programmer\n"
        "Tailspin -  Pune, Maharashtra -\n"
        "2015 to 2015\n"
    )
    assert (first.title, first.company) == (None, "Contoso")
    assert (second.title, second.company) == ("Analyst Programmer", "Tailspin")


def test_dates_restated_in_the_details_are_not_another_job() -> None:
    (job,) = jobs(
        "Test Analyst\nLitware Ltd -  Hyderabad, Telangana -\nNovember 2011 to February 2016\n"
        "Hyderabad from Nov 2011 to Feb17 2016\n"
    )
    assert (job.title, job.company) == ("Test Analyst", "Litware Ltd")


def test_a_labelled_duration_restating_the_start_is_a_detail_with_its_role_line() -> None:
    # "Duration ... / Role ..." under a job restates it; the role line names no second job's employer.
    (job,) = jobs(
        "QA Engineer\nFabrikam Systems -  Pune, Maharashtra -\nSeptember 2012 to Present\n"
        "Duration Sep 2012 - Till date\nTeam Size 15 Members\nRole Agile team Member, Testing\n"
        "Description:\nA collector of device data.\n"
    )
    assert (job.title, job.company, job.start_date) == ("QA Engineer", "Fabrikam Systems", date(2012, 9, 1))


def test_a_labelled_duration_with_other_dates_is_still_read() -> None:
    # A "Period:" line with its own dates under a header is that header's job, not a restatement.
    (first, second) = jobs(
        "Consultant\nNorthwind Traders -\nMarch 2016 to Present\nBuilt reports.\n"
        "Company: Contoso Ltd\nDesignation: Analyst\nPeriod: May 2012 to June 2013\n"
    )
    assert first.company == "Northwind Traders"
    assert (second.title, second.company, second.start_date) == ("Analyst", "Contoso Ltd", date(2012, 5, 1))


def test_a_repeated_header_gives_the_job_the_title_the_first_copy_lacks() -> None:
    # Indeed's export may write a job's header twice, the title only over the second copy.
    (job,) = jobs(
        "Tailspin Toys -  Mysore, Karnataka -\nSeptember 2014 to December 2014\n"
        "Software Test Engineer\nTailspin Toys -\nSeptember 2014 to December 2014\n"
        "-September 2014 to December 2014.\nProject: 1\nClient: Loan Account\nRole: Software Test Engineer\n"
    )
    assert (job.title, job.company, job.location) == (
        "Software Test Engineer",
        "Tailspin Toys",
        "Mysore, Karnataka",
    )


def test_a_one_word_education_heading_over_a_job_header_keeps_the_job() -> None:
    # "Educational Technologies:" is taken for an education heading by its first word; the title,
    # dash line and dates under it are still a job (a listed "EDUCATION" heading is left alone).
    (first, second) = jobs(
        "Analyst\nContoso -\nJanuary 2012 to August 2014\nWorked on reports.\n"
        "Educational Technologies:\nSoftware Test Engineer\nFabrikam Ltd -\nSeptember 2014 to December 2014\n"
        "EDUCATION\nB.Tech in Computer Science\nAnna University -  Chennai, Tamil Nadu\n2008 to 2012\n"
    )
    assert (second.title, second.company) == ("Software Test Engineer", "Fabrikam Ltd")
    assert first.company == "Contoso"


def test_a_title_followed_by_who_the_work_was_for_is_a_title() -> None:
    # "Project Lead for <client>" over an employer line, with no dates at all, is still a job.
    (job,) = jobs(
        "Project Lead for Litware OpenStack\nOpenStack Cloud -  Chennai, Tamil Nadu\nBuilt clouds.\n"
    )
    assert job.title == "Project Lead for Litware OpenStack"
    assert job.company == "OpenStack Cloud"


def test_an_employer_on_the_title_line_outranks_the_client_on_the_dash_line() -> None:
    # "Title, Employer" over the client's dash line, the employer named again in another job.
    (first, second) = jobs(
        "SDET Automation Engineer, Fabrikam\n"
        "Litware (Capital Group of Companies) -  Chandigarh, Chandigarh -\n"
        "February 2017 to Present\nTested trades.\n"
        "Test Engineer, Fabrikam\nVolume Licensing (Contoso) -  Hyderabad, Telangana -\n"
        "April 2014 to August 2014\nTested licences.\n"
    )
    assert (first.title, first.company) == ("SDET Automation Engineer", "Fabrikam")
    assert (second.title, second.company) == ("Test Engineer", "Fabrikam")


def test_a_name_on_the_title_line_said_once_or_made_of_title_words_is_no_employer() -> None:
    # Named once, "Payments" may be a team; "Testing" is a title word: the dash line stays the employer.
    (first, second) = jobs(
        "Senior Engineer, Payments\nNorthwind Traders -  Pune, Maharashtra -\nMarch 2016 to Present\n"
        "Built payouts.\nAgile team Member, Testing\nContoso -  Pune, Maharashtra -\n"
        "January 2012 to February 2016\nTested, Testing and more Testing.\n"
    )
    assert (first.title, first.company) == ("Senior Engineer", "Northwind Traders")
    assert second.company == "Contoso"


def test_words_saying_only_that_an_employer_follows_are_not_its_name() -> None:
    (first, second) = jobs(
        "MIS Executive\nJob Profile in Northwind Services India Pvt Ltd -\nJune 2016 to Present\nReports.\n"
        "Process Associate\nJob In Progress Ltd -\nDecember 2009 to September 2010\n"
    )
    assert first.company == "Northwind Services India Pvt Ltd"
    assert second.company == "Job In Progress Ltd"  # a capitalised "In" is part of a name


def test_a_dash_glued_to_a_client_separates_it_from_the_employer() -> None:
    # "UBS- Infosys BPO Ltd": the client, then the employer with its legal form; "Co-founder" stays.
    (first, second) = jobs(
        "Senior Process Associate\nFabrikam- Contoso BPO Ltd -  Bengaluru, Karnataka -\n"
        "October 2004 to November 2008\nCo-founder\nNon-Profit Works -\nJanuary 2003 to May 2004\n"
    )
    assert (first.title, first.company, first.location) == (
        "Senior Process Associate",
        "Contoso BPO Ltd",
        "Bengaluru, Karnataka",
    )
    assert (second.title, second.company) == ("Co-founder", "Non-Profit Works")


def test_one_line_jobs_with_the_same_start_are_two_jobs() -> None:
    # LiveCareer's "Title mm/yyyy - mm/yyyy Company Name - City , State", one job a line.
    titles = [
        job.title
        for job in jobs(
            "Research Assistant 05/2012 - 07/2012 Company Name - City , State\n"
            "Office Assistant 05/2012 - 07/2012 Company Name - City , State\n"
            "Mathematics Tutor 10/2010 - 05/2012 Company Name - City , State\n"
        )
    ]
    assert titles == ["Research Assistant", "Office Assistant", "Mathematics Tutor"]


def test_a_glued_dash_inside_a_title_keeps_the_title_whole() -> None:
    (job,) = jobs(
        "Team Lead- Sr. Research/Financial Analyst\nNorthwind Traders -\nJune 2007 to September 2012\n"
    )
    assert (job.title, job.company) == ("Team Lead- Sr. Research/Financial Analyst", "Northwind Traders")


def test_an_undated_job_above_the_first_dated_one() -> None:
    (undated, dated) = jobs(
        "IT Operations Analyst\n"
        "Proseware\n"
        "I am looking for a role that lets me grow and contribute to the organization.\n"
        "Technical Support Engineer\n"
        "Adatum -\n"
        "November 2014 to November 2015\n"
    )
    assert (undated.title, undated.company, undated.start_date) == (
        "IT Operations Analyst",
        "Proseware",
        None,
    )
    assert (dated.title, dated.company) == ("Technical Support Engineer", "Adatum")


def test_a_summary_sentence_above_the_first_job_is_no_job() -> None:
    (job,) = jobs(
        "Seasoned support engineer with eight years in enterprise networks and on-call rotations.\n"
        "Technical Support Engineer\n"
        "Adatum -\n"
        "November 2014 to November 2015\n"
    )
    assert job.company == "Adatum"


def test_a_legal_form_on_the_title_line_outranks_the_client_on_the_dash_line() -> None:
    (job,) = jobs(
        "Production Support Lead, - Fabrikam Ltd\n"
        "Woodgrove Bank -  Pune, Maharashtra -\n"
        "June 2016 to Present\n"
    )
    assert job.company == "Fabrikam Ltd"


def test_dates_first_jobs_keep_the_header_under_their_dates() -> None:
    # Only a dash-ended employer line above the next dates marks the next job's header; in a
    # dates-first layout the lines under the dates are this job's.
    (first, second) = jobs(
        "12/2002 to 08/2004\n"
        "Structures Field Engineer Company Name - City , State\n"
        "Dublin bridge | $10.1 million | State roads department\n"
        "Negotiated change orders and procured the permits for the bridge deck.\n"
        "08/2000 to 09/2001\n"
        "Project Controls Manager Company Name - City , State\n"
    )
    assert (first.title, first.company) == ("Structures Field Engineer", "Company Name")
    assert (second.title, second.company) == ("Project Controls Manager", "Company Name")


def test_particles_that_end_a_few_onet_titles_are_no_title_heads() -> None:
    # "Hook On", "Set Up" end O*NET titles; "Email me on Indeed" under a name is no headline title.
    assert not {"on", "in", "up", "out", "co"} & vocabulary.title_heads()
    resume = PARSER.parse("Jane Roe\nEmail me on Indeed\nPune, Maharashtra\n\nSKILLS\nPython\n")
    assert resume.current_title is None


def test_a_field_of_work_ending_an_employer_name_is_no_title_head() -> None:
    # "Health", "Education", "Training" end a few O*NET titles but name employers in headers.
    assert not {"health", "education", "training"} & vocabulary.title_heads()
    (first, second) = jobs(
        "Research Assistant 05/2012 - 07/2012 Northwind Health - Boston, MA\n"
        "Public Health Campaign Volunteer, September 1998- May 2003 Contoso Relief in Dhaka\n"
    )
    assert (first.title, first.company) == ("Research Assistant", "Northwind Health")
    assert second.title == "Public Health Campaign Volunteer"


def test_a_role_label_that_describes_the_work_names_no_title() -> None:
    (job,) = jobs(
        "Application Development Associate\n"
        "Adatum -\n"
        "November 2017 to Present\n"
        "Role: Currently working on a chat bot, writing its backend queries\n"
    )
    assert (job.title, job.company) == ("Application Development Associate", "Adatum")


def test_a_labelled_technology_line_under_a_job_keeps_the_work_history_going() -> None:
    found = jobs(
        "Team Member\nContoso -\nOctober 2017 to Present\nEnvironment: Splunk\nTechnologies: SPL command\n"
        "Wrote dashboards for the operations team.\n"
        "Team Member\nContoso -\nDecember 2014 to September 2017\n"
    )
    assert [(job.company, job.start_date) for job in found] == [
        ("Contoso", date(2017, 10, 1)),
        ("Contoso", date(2014, 12, 1)),
    ]


def test_a_wrapped_sentence_ending_in_a_heading_word_is_no_heading() -> None:
    assert heading_kind("projects.") is None
    assert heading_kind("software.") is None
    assert heading_kind("Projects") == ("projects", "")
    found = jobs(
        "Automation Developer\nContoso -  Bengaluru, Karnataka -\nAugust 2016 to August 2017\n"
        "Collaborated with customers on migrating payroll\nprojects.\n"
        "Intern\nContoso -  Bengaluru, Karnataka -\nFebruary 2016 to July 2016\n"
    )
    assert [job.title for job in found] == ["Automation Developer", "Intern"]


def test_a_title_the_pdf_glued_into_one_word_is_still_a_title() -> None:
    (job,) = jobs(
        "Harbor Medical Center\nCUSTOMERSERVICEEXECUTIVE -  Dubai, AE -\nDecember 2012 to May 2014\n"
    )
    assert (job.title, job.company) == ("CUSTOMERSERVICEEXECUTIVE", "Harbor Medical Center")
    (job,) = jobs("Woodgrove\nMICROSOFTCORPORATION -\nDecember 2012 to May 2014\n")
    assert job.company == "MICROSOFTCORPORATION"  # no title words spell it out


def test_jobs_under_a_stray_heading_stay_in_the_work_history() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n"
        "Systems Engineer\nContoso Limited -  Pune, Maharashtra -\nJanuary 2017 to Present\n"
        "Built the release pipeline.\n"
        "Declaration\n"
        "Trainee\nAdatum -\nJune 2014 to December 2016\n"
        "Wrote test plans.\n"
        "\nEDUCATION\nB.Tech in Computer Science\nNorthwind Institute of Technology -  Pune, Maharashtra -\n"
        "2010 to 2014\n"
    )
    assert [(job.title, job.company) for job in resume.work_experience] == [
        ("Systems Engineer", "Contoso Limited"),
        ("Trainee", "Adatum"),
    ]
    assert [entry.degree for entry in resume.education] == ["B.Tech"]


def test_a_skills_list_is_not_read_as_jobs() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nSystems Engineer\nContoso -\nJanuary 2017 to Present\n"
        "\nTECHNICAL SKILLS\nPython - 5 years\nSQL -\n"
    )
    assert [job.company for job in resume.work_experience] == ["Contoso"]


def test_a_list_number_is_not_part_of_the_employer() -> None:
    (job,) = jobs("Quality Engineer\n8 Federal Components -\nOctober 2007 to September 2008\n")
    assert (job.title, job.company) == ("Quality Engineer", "Federal Components")


def test_the_legal_form_on_a_dash_line_naming_client_and_employer_is_the_employer() -> None:
    (job,) = jobs(
        "Project Manager\n"
        "Woodgrove Bank - Fabrikam BPO Ltd -  Bengaluru, Karnataka -\n"
        "June 2013 to May 2015\n"
    )
    assert (job.title, job.company) == ("Project Manager", "Fabrikam BPO Ltd")


def test_a_fallback_title_is_a_name_rather_than_a_lowercase_phrase() -> None:
    (job,) = jobs(
        "Contoso Systems -  Pune, Maharashtra -\n"
        "September 2012 to Present\n"
        "under the payroll of Litware\n"
        "Agile team Member, Testing\n"
    )
    assert (job.title, job.company) == ("Agile team Member", "Contoso Systems")


def test_a_position_label_in_the_details_does_not_replace_the_headers_title() -> None:
    (job,) = jobs(
        "Network Ops Associate\n"
        "Contoso -  Bengaluru, Karnataka -\n"
        "December 2017 to Present\n"
        "Organisation: Fabrikam Engineering Services Pvt. Ltd., Bangalore.\n"
        "Position: Network Engineer\n"
    )
    assert (job.title, job.company) == ("Network Ops Associate", "Contoso")


def test_a_role_label_in_the_details_names_an_untitled_header() -> None:
    (job,) = jobs("Contoso -\nDecember 2017 to Present\nRole: Network Engineer\nTeam Size: 4\n")
    assert (job.title, job.company) == ("Network Engineer", "Contoso")


def test_the_wrapped_end_of_a_sentence_is_not_a_title() -> None:
    found = jobs(
        "Operational Analyst\nContoso -  Bengaluru, Karnataka -\nJuly 2016 to Present\n"
        "Worked with business groups on database design and on the phasing from development to production\n"
        "environment\n"
        "Adatum Corporation -\nNovember 2014 to July 2016\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Operational Analyst", "Contoso"),
        (None, "Adatum Corporation"),
    ]


def test_a_number_before_a_legal_form_is_part_of_the_name() -> None:
    (job,) = jobs("MIS Executive\n[24]7 Inc -\nApril 2012 to March 2013\n")
    assert job.company == "7 Inc"


def test_a_range_broken_over_three_lines_is_one_range() -> None:
    found = jobs(
        "September 2011\nto\nCurrent\nDirector of Pipeline Operations\nLed the gas control team.\n"
        "January 2010\nto\nSeptember 2011\nSenior Project Manager\nRan the compressor station build.\n"
    )
    assert [(job.title, job.start_date, job.end_date, job.is_current) for job in found] == [
        ("Director of Pipeline Operations", date(2011, 9, 1), None, True),
        ("Senior Project Manager", date(2010, 1, 1), date(2011, 9, 1), False),
    ]


def test_a_bare_range_over_a_description_is_a_job_even_without_a_readable_header() -> None:
    (job,) = jobs(
        "May 2016 to July 2018\n"
        "Company Name City , State Sales Representative Established new customer accounts for the region.\n"
        "Delivered products to customers in a timely manner.\n"
    )
    assert (job.start_date, job.end_date) == (date(2016, 5, 1), date(2018, 7, 1))


def test_the_jobs_own_employer_written_into_the_title_is_not_part_of_it() -> None:
    # "Contoso as Process Associate" over "Job Profile with Contoso -" at Contoso is a Process Associate;
    # a client named in the title ("for Northwind") and a product before "as" ("SAP as a Consultant"
    # at "SAP Basis") stay, as neither is the employer.
    first, second, third = jobs(
        "CONTOSO as Process Associate\n"
        "Job Profile with Contoso -\n"
        "December 2009 to September 2010\n"
        "Financial Analyst for Northwind\n"
        "Fabrikam Ltd -  Bengaluru, Karnataka -\n"
        "February 2012 to May 2013\n"
        "Support Engineer with Litware\n"
        "Litware Inc -  Hyderabad, Telangana -\n"
        "June 2013 to May 2015\n"
    )
    assert (first.title, first.company) == ("Process Associate", "Contoso")
    assert second.title == "Financial Analyst for Northwind"
    assert (third.title, third.company) == ("Support Engineer", "Litware Inc")


def test_an_sap_module_on_the_employer_line_is_a_practice_not_an_employer() -> None:
    # "SAP ABAP -" where Indeed puts the employer names what the consultant works on; SAP's own offices
    # ("SAP Labs") stay employers, and a title line naming the employer ("in Contoso") gives it.
    first, second, third = jobs(
        "Application Developer\n"
        "SAP ABAP -  Kolkata, West Bengal -\n"
        "March 2011 to June 2017\n"
        "FI/CO Consultant in Contoso Systems\n"
        "SAP FI/CO -\n"
        "April 2009 to February 2011\n"
        "Developer\n"
        "SAP Labs -  Bangalore, Karnataka -\n"
        "May 2006 to March 2009\n"
    )
    assert (first.title, first.company, first.location) == (
        "Application Developer",
        None,
        "Kolkata, West Bengal",
    )
    assert (second.title, second.company) == ("FI/CO Consultant", "Contoso Systems")
    assert third.company == "SAP Labs"


def test_a_title_in_an_employer_on_one_line_gives_both() -> None:
    # "Jr. Developer in Northwind Traders" over a lone dash: the title, then where it was held; an
    # "(Intern)" between the two leaves "in Fabrikam" as a part of its own, and "in" is not the name's.
    first, second = jobs(
        "Jr. .NET Developer in Northwind Traders\n"
        "-\n"
        "September 2015 to May 2016\n"
        "Jr. .NET Developer (Intern) in Fabrikam Infotech\n"
        "-\n"
        "March 2015 to August 2015\n"
    )
    assert (first.title, first.company) == ("Jr. .NET Developer", "Northwind Traders")
    assert second.company == "Fabrikam Infotech"


def test_a_title_abbreviated_with_a_dot_is_still_a_header_line() -> None:
    # "Server Support Engg." ends with an abbreviation's dot, not a sentence's: the second job, with the
    # same dates as the first, keeps its title and its own employer.
    first, second = jobs(
        "Server Support Engineer\n"
        "Contoso -\n"
        "July 2015 to November 2017\n"
        "Patched the servers.\n"
        "Server Support Engg.\n"
        "Fabrikam -\n"
        "July 2015 to November 2017\n"
    )
    assert (first.title, first.company) == ("Server Support Engineer", "Contoso")
    assert (second.title, second.company) == ("Server Support Engg.", "Fabrikam")


def test_an_undated_labelled_entry_under_a_job_is_a_job_of_its_own() -> None:
    # Numbered "Organisation:" / "Position:" entries without dates under the current job are earlier jobs.
    current, second, third = jobs(
        "Network Ops Associate\n"
        "Contoso -  Bengaluru, Karnataka -\n"
        "December 2017 to Present\n"
        "Exposure:\n"
        "Configured the routers of the lab.\n"
        "2) Organisation: Fabrikam Wireless Pvt. Ltd., Bangalore.\n"
        "Position: Network Engineer\n"
        "Experience: 1 year\n"
        "3) Organisation: Northwind Traders Pvt. Ltd.\n"
        "Position: Intern\n"
        "Experience: 1 year\n"
    )
    assert (current.title, current.company) == ("Network Ops Associate", "Contoso")
    assert second.title == "Network Engineer" and second.company.startswith("Fabrikam Wireless Pvt. Ltd.")
    assert (third.title, third.company) == ("Intern", "Northwind Traders Pvt. Ltd.")


def test_the_employer_named_under_a_clients_header_is_the_employer() -> None:
    # Under "Contoso -" (the client served), the first sentence names the agency that employs the writer;
    # a sentence about some other firm that names neither the header nor a client leaves the header alone.
    first, second, third = jobs(
        "L1 Network Engineer\n"
        "Contoso -  Mumbai, Maharashtra -\n"
        "February 2017 to Present\n"
        "associated with Contoso on the roles of Fabrikam (India) Pvt. Ltd\n"
        "Software Engineer\n"
        "Litware, Business Objects -\n"
        "June 2015 to January 2017\n"
        "• Working as software engineer with a retail client in Northwind Technologies Pvt. Ltd. since 2015\n"
        "Support Engineer\n"
        "Adventure Works -\n"
        "May 2012 to May 2015\n"
        "• Trained the new joiners of Tailspin Toys Ltd.\n"
    )
    assert (first.title, first.company) == ("L1 Network Engineer", "Fabrikam (India) Pvt. Ltd")
    assert second.company == "Northwind Technologies Pvt. Ltd."
    assert third.company == "Adventure Works"


def test_a_job_with_a_blank_employer_after_a_stray_heading_is_still_read() -> None:
    # "PROJECT ACME-WAN" looks like a heading and cuts the history; the job under it has a lone dash where
    # Indeed writes the employer, so its title's qualifier ("Automation & Testing") is no employer: it stays
    # with the title.
    found = jobs(
        "Lead Engineer - Automation & Testing\n"
        "Contoso Systems -\n"
        "January 2013 to June 2015\n"
        "Automated the sanity suites.\n"
        "PROJECT ACME-WAN\n"
        "Software Engineer - Automation & Testing\n"
        "-\n"
        "June 2011 to December 2012\n"
        "Identified the automatable cases.\n"
    )
    assert [(job.title, job.company, job.start_date) for job in found] == [
        ("Lead Engineer - Automation & Testing", "Contoso Systems", date(2013, 1, 1)),
        ("Software Engineer - Automation & Testing", None, date(2011, 6, 1)),
    ]


def test_a_line_opening_with_an_action_verb_is_no_title() -> None:
    # "Deployed chef for ..." above the employer line is a description bullet that lost its bullet; the
    # "Role:" line under the dates names the title.
    (job,) = jobs(
        "Deployed chef for configuration management infrastructure\n"
        "Contoso -  Bengaluru, Karnataka -\n"
        "September 2016 to Present\n"
        "Role: Build & release engineer.\n"
        "• Installed and configured Jenkins.\n"
    )
    assert (job.title, job.company) == ("Build & release engineer", "Contoso")


def test_the_dash_line_with_a_legal_form_beats_an_at_line_above_it() -> None:
    # "Test Analyst at Contoso, Hyderabad" restates the current job; the employer line over these dates is
    # "Fabrikam Ltd -", which says plainly that it names an employer.
    (job,) = jobs(
        "Test Analyst at Contoso, Hyderabad\n"
        "Fabrikam Ltd -  Hyderabad, Telangana -\n"
        "November 2011 to February 2016\n"
        "Tested the billing system.\n"
    )
    assert (job.title, job.company, job.location) == ("Test Analyst", "Fabrikam Ltd", "Hyderabad, Telangana")


def test_an_undated_job_whose_employer_carries_a_note() -> None:
    # "Fabrikam (Vendor @ Contoso)": the employer is the name before the note, whose "@" names the client.
    current, earlier = jobs(
        "Consultant\n"
        "Fabrikam (Vendor @ Contoso)\n"
        "Working as Test Automation Engineer.\n"
        "Software Test Automation Engineer\n"
        "Northwind -\n"
        "December 2014 to October 2017\n"
        "Worked as Test Automation Engineer.\n"
    )
    assert (current.title, current.company, current.start_date) == ("Consultant", "Fabrikam", None)
    assert (earlier.title, earlier.company) == ("Software Test Automation Engineer", "Northwind")


def test_an_undated_job_between_two_descriptions() -> None:
    # The second entry has no dates: a title line and an employer line between two descriptions.
    first, second = jobs(
        "Dynamics AX Technical Consultant\n"
        "Contoso Fashions Limited -\n"
        "October 2016 to Present\n"
        "Developing the new modules and customizing the existing modules in AX as per the\n"
        "company requirement\n"
        "Dynamics AX Technical Consultant\n"
        "Fabrikam Technology Services\n"
        "Developing the new modules and customizing the existing modules in AX as per the\n"
        "company requirement\n"
    )
    assert (first.company, first.start_date) == ("Contoso Fashions Limited", date(2016, 10, 1))
    assert (second.title, second.company, second.start_date) == (
        "Dynamics AX Technical Consultant",
        "Fabrikam Technology Services",
        None,
    )


def test_a_course_in_the_work_history_is_no_job() -> None:
    # "Software Testing Training at Contoso" is a course; "Fabrikam Training, Test Engineer Trainee" is a
    # trainee's job, as the title beside it says.
    found = jobs(
        "Jr. .NET Developer in Northwind Traders\n"
        "-\n"
        "September 2015 to May 2016\n"
        "Software Testing Training at Contoso Technology From March 2018 to May 2018\n"
        "Fabrikam Training, Test Engineer Trainee\n"
        "Litware Licensing -  Mysore, Karnataka -\n"
        "August 2014 to March 2015\n"
    )
    assert [(job.title, job.start_date) for job in found] == [
        ("Jr. .NET Developer", date(2015, 9, 1)),
        ("Test Engineer Trainee", date(2014, 8, 1)),
    ]


def test_an_outsourcer_for_its_client_is_the_outsourcer() -> None:
    # "Contoso for Fabrikam": the employer and the client it serves; "Center for Applied Research" is a name.
    first, second = jobs(
        "Technical Support Engineer\n"
        "Contoso for Fabrikam -  Hyderabad, Telangana -\n"
        "November 2014 to Present\n"
        "Research Assistant\n"
        "Center for Applied Research -\n"
        "June 2012 to October 2014\n"
    )
    assert (first.title, first.company) == ("Technical Support Engineer", "Contoso")
    assert second.company == "Center for Applied Research"


def test_which_office_before_the_employer_is_not_part_of_its_name() -> None:
    (job,) = jobs(
        "Travel Consultant\n"
        "Head quarters of CONTOSO TRAVELS PVT.LTD -  Mysore, Karnataka -\n"
        "March 2015 to January 2016\n"
    )
    assert (job.title, job.company) == ("Travel Consultant", "CONTOSO TRAVELS PVT.LTD")


def test_a_working_as_sentence_over_the_employer_line_names_the_title() -> None:
    (job,) = jobs("Working in Contoso as a developer and support\nContoso -\nMay 2015 to Present\n")
    assert (job.title, job.company) == ("developer and support", "Contoso")


def test_self_employment_names_no_employer() -> None:
    # Two self-employed people must not share an employer (and so be found as colleagues); the line above
    # names no role either, but the dates still count towards the experience.
    (job,) = jobs("Self-employed in Family Business\nSELF EMPLOYED -\nFebruary 2015 to Present\n")
    assert (job.title, job.company, job.start_date) == (None, None, date(2015, 2, 1))


def test_an_employer_only_a_sentence_names_is_a_job() -> None:
    # The history's one header is Contoso; two bullets tell of earlier employers with no header of their own.
    found = jobs(
        "Test Analyst\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "March 2017 to Present\n"
        "• Worked in Northwind Consulting Services, Pune from March 2014 to February 2017\n"
        "• Worked as Billing Analyst for Tailspin Toys from June 2012 to January 2014.\n"
        "• Was Online Content Writer for Fabrikam.com.\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Ltd", "Test Analyst"),
        ("Northwind Consulting Services", None),
        ("Tailspin Toys", "Billing Analyst"),
        ("Fabrikam.com", "Online Content Writer"),
    ]
    assert (found[1].start_date, found[1].end_date) == (date(2014, 3, 1), date(2017, 2, 1))
    assert found[2].start_date == date(2012, 6, 1)


def test_a_sentence_saying_only_how_someone_was_employed_gives_no_title() -> None:
    found = jobs(
        "Systems Engineer\nContoso Ltd -  Delhi, Delhi -\nMarch 2016 to Present\n"
        "• Worked with 'Northwind InfoTech' as a part-time employee.\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Ltd", "Systems Engineer"),
        ("Northwind InfoTech", None),
    ]


def test_a_sentence_naming_a_known_employer_a_client_or_a_tool_adds_no_job() -> None:
    found = jobs(
        "Support Engineer\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "March 2017 to Present\n"
        "• Currently working with Contoso as a Support Engineer.\n"  # the header's employer again
        "• Worked as Operations Analyst for Fabrikam Server management team.\n"  # a team
        "• Worked as Application Support Engineer for Tailspin Toys, USA.\n"  # a client and its country
        "• Worked with Jenkins.\n"  # a tool
        "• Worked with Security related tables.\n"  # a phrase
        "• Established business relationships and worked with Small Business\n"  # wrapped, not ended
        "Development Centers across the county.\n"
    )
    assert [job.company for job in found] == ["Contoso Ltd"]


def test_the_one_organisation_project_blocks_label_employs_a_job_with_no_employer() -> None:
    resume = (
        "Jane Roe\n\nWORK EXPERIENCE\nBasis Consultant\nSAP Basis -\nMay 2012 to Present\n"
        "Support projects.\n\n"
        "ADDITIONAL INFORMATION\nPROJECT 1\nOrganization: Contoso India Pvt Ltd\nRole: Basis Consultant\n"
        "PROJECT 2\nORGANISATION Contoso India Pvt Ltd\nClient: Fabrikam Line\n"
    )
    (job,) = PARSER.parse(resume).work_experience
    assert (job.title, job.company) == ("Basis Consultant", "Contoso India Pvt Ltd")
    # Two organisations: which one employed the person is not said.
    (job,) = PARSER.parse(resume + "Organization: Northwind Traders Ltd\n").work_experience
    assert job.company is None


def test_a_wish_under_an_employer_line_is_no_job() -> None:
    assert jobs("Contoso\n-\nJune 2018 to December 2018\nI want full time jobs\n") == []
    assert jobs("typing from home\nContoso -\nAugust 2016 to July 2017\ni need a part time job\n") == []
    # A title that reads as one keeps the job, whatever its details say.
    (job,) = jobs("Operations Analyst\nContoso -\nMay 2015 to May 2017\nI am looking for a new role.\n")
    assert (job.title, job.company) == ("Operations Analyst", "Contoso")


def test_a_title_line_worded_as_a_sentence_gives_its_title() -> None:
    (first, second) = jobs(
        "Have worked as a Support Engineer\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "October 2015 to April 2017\n"
        "Handled escalations.\n"
        "Job Profile -1) Working as Sales Consultant (Promoter)\n"
        "FABRIKAM -\n"
        "August 2014 to October 2015\n"
    )
    assert (first.title, first.company) == ("Support Engineer", "Contoso Ltd")
    assert (second.title, second.company) == ("Sales Consultant", "FABRIKAM")


def test_a_capital_i_opening_a_title_is_no_pronoun() -> None:
    (job,) = jobs("I Phone Solution Consultant\n-\nOctober 2015 to 2017\n")
    assert job.title == "I Phone Solution Consultant"


def test_a_sentence_job_takes_the_dates_it_gives() -> None:
    (job,) = PARSER.parse(
        "Jane Roe\n\nSUMMARY\nCurrently working with Contoso Solutions Pvt Ltd as Senior Analyst "
        "since March 2016.\n"
    ).work_experience
    assert (job.company, job.title, job.start_date, job.is_current) == (
        "Contoso Solutions Pvt Ltd",
        "Senior Analyst",
        date(2016, 3, 1),
        True,
    )
    (job,) = PARSER.parse(
        "Jane Roe\n\nSUMMARY\nPresently working in Fabrikam Technologies Pvt. Ltd., Pune as "
        "Software Engineer from July 2015 to till date.\n"
    ).work_experience
    assert (job.company, job.location, job.start_date, job.is_current) == (
        "Fabrikam Technologies Pvt. Ltd",
        "Pune",
        date(2015, 7, 1),
        True,
    )


def test_a_sentence_naming_the_headers_employer_differently_adds_no_job() -> None:
    found = jobs(
        "Data Analyst\nFabrikam National Financial -\nJune 2013 to October 2014\n"
        "• Worked as Data Analyst for Fabrikam India Financial Inc. from June 2013 till Oct 2014.\n"
    )
    assert [job.company for job in found] == ["Fabrikam National Financial"]


def test_a_contest_or_a_college_festival_is_no_job() -> None:
    found = jobs(
        "Volunteer Contestant, Northwind Quiz\nContoso -\n2017 to 2017\n"
        "Co-coordinator of Code Hunt\nCGC FEST -\nJanuary 2015 to January 2015\n"
        "Analyst Programmer\nFabrikam -  Bengaluru, Karnataka -\n2015 to 2016\n"
    )
    assert [(job.title, job.company) for job in found] == [("Analyst Programmer", "Fabrikam")]


def test_a_titles_qualifier_after_its_dash_stays_with_it() -> None:
    (first, second, third) = jobs(
        "Team lead - supplier data management\nContoso India -  Bangalore, Karnataka -\n"
        "March 2014 to December 2016\n"
        "Senior Engineer - Fabrikam\nNorthwind Traders -\nJanuary 2012 to February 2014\n"
        "Library Aide - full-time\nTailspin Toys -\nJanuary 2010 to February 2011\n"
    )
    assert (first.title, first.company) == ("Team lead - supplier data management", "Contoso India")
    assert second.title == "Senior Engineer"  # a name after the dash is no qualifier
    assert third.title == "Library Aide"  # nor how the job was held


def test_a_title_word_written_short_reads_as_a_title() -> None:
    (job,) = jobs(
        "Netsol Technology -  Pune, Maharashtra -\nSeptember 2016 to Present\n"
        "Designation:. System Engg at Contoso Engineering Pvt Ltd.\n"
    )
    assert job.title == "System Engg"


def test_the_agency_a_sentence_places_someone_through_is_a_job() -> None:
    found = jobs(
        "Team Member\nContoso -\nOctober 2017 to Present\n"
        "• Working as Software Engineer for Contoso Systems Private Ltd under Fabrikam India Pvt. Ltd.\n"
        "• Worked as Developer for Contoso Systems through Northwind Traders.\n"  # no legal form: no agency
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso", "Team Member"),
        ("Fabrikam India Pvt. Ltd", "Software Engineer"),
    ]


def test_a_sentence_job_with_notes_around_the_employer() -> None:
    found = jobs(
        "Team Member\nContoso -\nOctober 2017 to Present\n"
        "• Working as Executive (Legal) at Fabrikam Paper Corporation Limited (A Govt. of India Enterprise), "
        "Nagaon Paper Mill since Jan 2012.\n"
        "• Worked as a Software Engineer in Northwind Corporation, Chennai from Aug 2015 to Sep 2016.\n"
        "• Worked with Tailspin Pvt Ltd. as Sr. Sales Executive.\n"
        "• Worked as Support Engineer for Wingtip Toys, USA.\n"  # a client and its country: no job
    )
    assert [(job.company, job.title, job.start_date) for job in found[1:]] == [
        ("Fabrikam Paper Corporation Limited", "Executive (Legal)", date(2012, 1, 1)),
        ("Northwind Corporation", "Software Engineer", date(2015, 8, 1)),
        ("Tailspin Pvt Ltd", "Sr. Sales Executive", None),
    ]


def test_a_history_listed_one_job_a_line() -> None:
    found = jobs(
        "Team Member\nContoso -\nOctober 2017 to Present\n"
        "VODAFONE AS A TELLE CALLER 1 YEAR\n"
        "Square Capital AS A Sales Manager 5 MONTH\n"
        "Worked as Support Engineer in the service desk.\n"  # a verb opens it: no employer
    )
    assert [(job.company, job.title) for job in found[1:]] == [
        ("VODAFONE", "TELLE CALLER"),
        ("Square Capital", "Sales Manager"),
    ]


def test_a_sentence_jobs_dates_in_brackets_after_it() -> None:
    found = jobs(
        "Team Member\nContoso -\nOctober 2017 to Present\n"
        "Worked with Tailspin Pvt Ltd. as Sr. Sales Executive. (04th Mar 2016 to 03 Jan 2017)\n"
    )
    assert [(job.company, job.start_date, job.end_date) for job in found[1:]] == [
        ("Tailspin Pvt Ltd", date(2016, 3, 1), date(2017, 1, 1)),
    ]


def test_a_sentence_job_with_associated_joined_or_worked_for() -> None:
    # Common wordings of a job in a summary, each with the title after "as"; without a title, "joined" or
    # "worked for" may name a client, so no job.
    found = PARSER.parse(
        "Jane Roe\n\nSUMMARY\n"
        "Currently associated with Contoso Consulting as Software Engineer since March 2014.\n"
        "Worked for Fabrikam Systems as Test Analyst from May 2011 to February 2014.\n"
        "Joined Northwind Traders as Trainee Engineer in June 2010.\n"
        "Worked for Tailspin Toys from 2008 to 2010.\n"
        "\nEDUCATION\nB.E.\n"
    ).work_experience
    assert [(job.company, job.title, job.start_date) for job in found] == [
        ("Contoso Consulting", "Software Engineer", date(2014, 3, 1)),
        ("Fabrikam Systems", "Test Analyst", date(2011, 5, 1)),
        ("Northwind Traders", "Trainee Engineer", None),
    ]


def test_a_title_typed_in_the_employer_field_is_still_the_title() -> None:
    # Indeed's employer line holds "Software Engineer" and the title line "Contoso": a title head ends the
    # dash line ("Software" alone names employers too) and nothing else reads as a title, so the two
    # fields were typed swapped. With a title above, the dash line stays the employer.
    swapped = jobs(
        "Contoso\nSoftware Engineer -  Pune, Maharashtra -\nMarch 2014 to Present\nBuilt things.\n"
    )
    written = jobs("Systems Analyst\nContoso Software -  Pune, Maharashtra -\nMarch 2014 to Present\n")
    assert [(job.title, job.company, job.location) for job in swapped] == [
        ("Software Engineer", "Contoso", "Pune, Maharashtra")
    ]
    assert [(job.title, job.company) for job in written] == [("Systems Analyst", "Contoso Software")]


def test_an_employer_with_its_country_in_brackets_before_the_legal_form() -> None:
    # "(India)" between the name and "Pvt Ltd" is part of the name, not the job's place.
    (first, second) = jobs(
        "Area Sales Manager\n"
        "Fabrikam Nutrition (India) Pvt Ltd -  Pune, Maharashtra -\n"
        "March 2010 to April 2013\n"
        "Territory Manager\n"
        "Fabrikam Nutrition (India) Pvt Ltd -\n"
        "October 2009 to February 2010\n"
    )
    assert (first.company, first.location) == ("Fabrikam Nutrition (India) Pvt Ltd", "Pune, Maharashtra")
    assert (second.title, second.company) == ("Territory Manager", "Fabrikam Nutrition (India) Pvt Ltd")


def test_legal_forms_written_without_a_space_make_an_employer() -> None:
    # "Pvt.Ltd" is two legal forms: "Contoso Electro Engineers Pvt.Ltd" is an employer, though it ends
    # on a title's head word before them.
    assert vocabulary.legal_form("Pvt.Ltd") and vocabulary.legal_form("Co.Ltd.")
    assert not vocabulary.legal_form("Dr.Smith")
    (job,) = jobs("Asst. Sales Manager\nContoso Electro Engineers Pvt.Ltd -\nJuly 2011 to July 2013\n")
    assert (job.title, job.company) == ("Asst. Sales Manager", "Contoso Electro Engineers Pvt.Ltd")
    assert (job.start_date, job.end_date) == (date(2011, 7, 1), date(2013, 7, 1))


def test_a_job_profile_heading_under_a_job_keeps_the_work_history_going() -> None:
    # "Job Profile:" heads a job's details; read as a profile (a summary) it ended the work history.
    assert heading_kind("Job Profile:") is not None
    found = jobs(
        "Sales Manager\n"
        "Contoso Spaces Pvt Ltd -\n"
        "December 2017 to Present\n"
        "Job Profile:\n"
        "• Handling a team of executives.\n"
        "Organisation: Fabrikam Realtors Pvt Ltd.\n"
        "Duration: 2 years.\n"
        "Designation: Manager Sales.\n"
        "JobProfile:\n"
        "• Customer support in the realty sector.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Manager", "Contoso Spaces Pvt Ltd"),
        ("Manager Sales", "Fabrikam Realtors Pvt Ltd."),
    ]


def test_a_place_then_as_before_the_title_is_not_part_of_it() -> None:
    # The export cut "Worked in Goa (India) as Sales Officer" to its last words on the title line.
    (first, second) = jobs(
        "(India) as Sales Executive\n"
        "Contoso Foods Pvt. Ltd -  Pune, Maharashtra -\n"
        "May 2010 to October 2012\n"
        "Goa (India) as Sales Officer\n"
        "Fabrikam Confectionery Ltd -\n"
        "May 2005 to June 2008\n"
    )
    assert (first.title, first.company) == ("Sales Executive", "Contoso Foods Pvt. Ltd")
    assert (second.title, second.company) == ("Sales Officer", "Fabrikam Confectionery Ltd")
    # Not after a name that is no place.
    (third,) = jobs("Contoso as Sales Officer\nFabrikam Ltd -\nMay 2005 to June 2008\n")
    assert third.title == "Contoso as Sales Officer"


def test_an_undated_job_whose_title_names_what_it_dealt_with() -> None:
    # Between two descriptions: "Title - qualifier" over an employer, no dates.
    found = jobs(
        "Operations Manager\n"
        "Contoso Consultants -\n"
        "November 2011 to Present\n"
        "· Conduct interviews, recruit and train telecallers and team leaders.\n"
        "· Responsible for day-to-day operations and thereby ensure its smooth functioning.\n"
        "Assistant Manager - Outbound Sales\n"
        "Fabrikam BPO LTD\n"
        "Have managed a team of 45 tele-callers and 4 team leaders for the upselling process.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Operations Manager", "Contoso Consultants"),
        ("Assistant Manager - Outbound Sales", "Fabrikam BPO LTD"),
    ]


def test_a_dated_sentence_line_gives_its_own_title_and_employer() -> None:
    # A bullet sentence wrapped over two lines, its dates on the second: the job is the sentence's, not
    # the header parts the date line cuts into ("Circle").
    found = jobs(
        "Regional Sales Manager\n"
        "Contoso Lights Pvt Ltd -\n"
        "April 2016 to Present\n"
        "• Worked as an Channel Sales Manager (CSM) in Fabrikam Teleservices Ltd. (North Zone) Haryana\n"
        "Circle from Aug '2012 to July '2015.\n"
        "• Working as a key Account Manager for Northwind Wireless Ltd. (Third Party Roll) in Dehradun Zone\n"
        "UP West Circle from Nov '2009 to Feb '2011.\n"
    )
    assert [(job.title, job.company, job.start_date) for job in found] == [
        ("Regional Sales Manager", "Contoso Lights Pvt Ltd", date(2016, 4, 1)),
        ("Channel Sales Manager (CSM)", "Fabrikam Teleservices Ltd", date(2012, 8, 1)),
        ("key Account Manager", "Northwind Wireless Ltd", date(2009, 11, 1)),
    ]


def test_an_employer_ending_on_a_title_word_under_a_plain_title() -> None:
    # "Machine" ends titles too ("Machine Operator"), but the line above reads far more plainly as the
    # title, so Indeed's dash line is the employer.
    (job,) = jobs(
        "Senior Business Analyst /Assistant Manager\n"
        "Fabrikam Machine -  Mumbai, Maharashtra -\n"
        "March 2016 to February 2017\n"
        "• Digital content strategy analytics.\n"
    )
    assert (job.title, job.company) == ("Senior Business Analyst /Assistant Manager", "Fabrikam Machine")
    # A dash line that reads as much as a title as the line above is still no employer.
    (other,) = jobs("Team Lead\nDevOps Consultant -\nMarch 2016 to February 2017\n")
    assert other.company is None


def test_a_unit_of_an_employer_is_that_employer() -> None:
    (job,) = jobs(
        "Ambassador\nA unit of Contoso Retail (India) Limited -  Pune, Maharashtra -\nMay 2006 to July 2006\n"
    )
    assert (job.title, job.company) == ("Ambassador", "Contoso Retail (India) Limited")


def test_a_certificates_expiry_is_no_job() -> None:
    found = jobs(
        "Sales Consultant\n"
        "Contoso Cloud -\n"
        "April 2017 to Present\n"
        "- Got certified as Solution Architect, Associate Level (Certification\n"
        "Valid till Jan 2020)\n"
    )
    assert [(job.title, job.company) for job in found] == [("Sales Consultant", "Contoso Cloud")]


def test_an_empty_employer_line_takes_no_employer_from_the_description() -> None:
    # Indeed writes "-" alone when the employer field was left empty.
    found = jobs(
        "Senior Manager\n"
        "Contoso Realty -\n"
        "October 2012 to March 2013\n"
        "Leasing of shopping malls to national brands.\n"
        "Manager\n"
        "-\n"
        "May 2007 to September 2012\n"
        "Business Development\n"
        "Key responsibilities: leasing and sales.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Senior Manager", "Contoso Realty"),
        ("Manager", None),
    ]


def test_a_title_qualifier_over_an_employer_line_with_only_the_place() -> None:
    # Indeed writes the place alone before the dash when the employer field was left empty: the words
    # after the title's dash say what the role dealt with, they name no employer; a name there may.
    found = jobs(
        "Asst. Manager - Sales\n"
        "Pune, Maharashtra -\n"
        "February 2014 to February 2015\n"
        "Handled dealers.\n"
        "Senior Developer - Contoso\n"
        "Pune, Maharashtra -\n"
        "January 2011 to April 2013\n"
    )
    assert [(job.title, job.company, job.location) for job in found] == [
        ("Asst. Manager - Sales", None, "Pune, Maharashtra"),
        ("Senior Developer", "Contoso", "Pune, Maharashtra"),
    ]


def test_years_an_achievement_is_counted_in_are_no_job() -> None:
    # "F.Y. of 2012-2013", "in the year of 2009-2010" and a range wrapped from a long sentence are the
    # years an achievement is counted in: the bullets stay the job's details.
    found = jobs(
        "Manager\n"
        "Contoso Media Ltd -  Karnal, Haryana -\n"
        "September 2010 to February 2014\n"
        "Notable Attainments:\n"
        "- Got highest revenue generation award for F.Y. of 2012-2013 in north zone.\n"
        "Team Manager Sales\n"
        "Tailspin Holidays Ltd -  Jaipur, Rajasthan -\n"
        "July 2007 to September 2010\n"
        "- Successfully achieved 180% of the given sales target which was given by the company in\n"
        "2007-2008 and had done 150% of my sales target in the year of 2009-2010.\n"
        "Sales Officer\n"
        "Fabrikam Ltd -  Pune -\n"
        "2005 to 2007\n"
    )
    assert [(job.title, job.company, job.start_date) for job in found] == [
        ("Manager", "Contoso Media Ltd", date(2010, 9, 1)),
        ("Team Manager Sales", "Tailspin Holidays Ltd", date(2007, 7, 1)),
        ("Sales Officer", "Fabrikam Ltd", date(2005, 1, 1)),
    ]


def test_designated_as_and_a_sentence_tail_before_the_title_are_not_part_of_it() -> None:
    found = jobs(
        "Designated as Team Manager Sales\n"
        "Tailspin Holidays (India) Ltd -  Jaipur, Rajasthan -\n"
        "July 2007 to September 2010\n"
        "Stationery products. As Sr. Executive\n"
        "Contoso India Limited -  Mumbai, Maharashtra -\n"
        "July 2005 to August 2007\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Team Manager Sales", "Tailspin Holidays (India) Ltd"),
        ("Sr. Executive", "Contoso India Limited"),
    ]


def test_a_duration_line_inside_the_jobs_dates_restates_them() -> None:
    # Under the header's "June 2012 to October 2015" the details say "Duration Oct2012 - Oct2015"
    # (the project's months): no second job, and "Team Size 110" under it is no title.
    found = jobs(
        "Senior Software Engineer\n"
        "Contoso India -  Gurgaon, Haryana -\n"
        "June 2012 to October 2015\n"
        "US\n"
        "Duration Oct2012 - Oct2015\n"
        "Team Size 110\n"
        "Unified communications for voice, video and data on fixed and mobile networks, for any desk.\n"
    )
    assert [(job.title, job.company, job.start_date) for job in found] == [
        ("Senior Software Engineer", "Contoso India", date(2012, 6, 1))
    ]


def test_a_heading_of_the_jobs_details_is_no_employer() -> None:
    # "Key Achievements" under a bullet's wrapped tail ("Parker" is a title word: a car park attendant)
    # read as an undated title-then-employer pair.
    found = jobs(
        "Sales Head\n"
        "Contoso Systems -  Mumbai, Maharashtra -\n"
        "December 2006 to June 2008\n"
        "Contracts & Strategic Alliances\n"
        "• Secured multi-year contracts valued up to USD ~100K with firms like Fabrikam,\n"
        "Northwind & Parker Drives\n"
        "Key Achievements\n"
        "• Achieved a 2-fold increase in revenue within a period of 18 months\n"
        "National Manager - New Business\n"
        "Litware Systems -\n"
        "November 2004 to December 2006\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Head", "Contoso Systems"),
        ("National Manager - New Business", "Litware Systems"),
    ]


def test_working_with_an_employer_and_a_note_in_brackets() -> None:
    # "Working with X (what the work was)" opens the header: X is the employer, not the note.
    found = jobs(
        "Senior Sales Manager\n"
        "CONTOSO TOYS -\n"
        "June 2016 to March 2017\n"
        "Meet in daily service level and Answering level\n"
        "Working with NORTHWIND FASHION ( FASHION CLOTHING DISTRIBUTION & WHOLESALE)\n"
        "MAY, 2017 to JULY 2018\n"
        "Designation: Area Sales Manager\n"
        "Key Accomplishments:\n"
        "Used to handle the team of sales and marketing.\n"
        "Working with TAILSPIN OUTSOURCING BPO (ORDERS PROCESS) February, 2012 to July, 2012\n"
        "Designation: Customer Sales Representative\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Senior Sales Manager", "CONTOSO TOYS"),
        ("Area Sales Manager", "NORTHWIND FASHION"),
        ("Customer Sales Representative", "TAILSPIN OUTSOURCING BPO"),
    ]


def test_a_start_month_wrapped_away_from_its_year() -> None:
    (job,) = jobs(
        "Working with LITWARE Courier & Cargo International (Admin & Operations Process) Oct,\n"
        "2013 to Nov, 2014\n"
        "Designation: Branch In charge\n"
    )
    assert (job.company, job.title, job.start_date, job.end_date) == (
        "LITWARE Courier & Cargo International",
        "Branch In charge",
        date(2013, 10, 1),
        date(2014, 11, 1),
    )


def test_a_titles_region_or_its_qualifier_after_a_comma_or_in_brackets_stays_with_it() -> None:
    # On Indeed's title line, over the employer's dash line: "Area Sales Manager - West" and "... (West)"
    # are two jobs' titles as written, not "Area Sales Manager" twice; a place after the comma is not.
    found = jobs(
        "Area Sales Manager - West\nContoso Consumer Ltd -  Mumbai, Maharashtra -\n"
        "March 2014 to February 2015\n"
        "Business Development Manager, Sales\nNorthwind Press Pvt. Ltd -\nMay 2012 to February 2014\n"
        "Asst. Manager (Sales)\nTailspin News Network -\nSeptember 2009 to May 2012\n"
        "Software Engineer, Pune\nFabrikam -\nJune 2007 to August 2009\n"
    )
    assert [job.title for job in found] == [
        "Area Sales Manager - West",
        "Business Development Manager, Sales",
        "Asst. Manager (Sales)",
        "Software Engineer",
    ]


def test_working_with_a_duty_names_no_employer() -> None:
    # A duty worded "Working with ..." right above a job's dates is no employer's name.
    (job,) = jobs(
        "Overseeing Accounts Receivables\n"
        "Working with Law Offices on Subpoena Requests\n"
        "January 2008 to January 2010\n"
        "Contoso Ambulance Inc Healthcare Administrator\n"
    )
    assert job.company != "Law Offices on Subpoena Requests"


def test_a_title_run_into_the_employers_name_over_an_empty_employer_line() -> None:
    found = jobs(
        "Area Sales Manager Contoso labs\n-\nFebruary 2001 to January 2007\nJob Role/Department: Sales\n"
        "Manager Pharma Development\n-\nJanuary 1999 to January 2001\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Area Sales Manager", "Contoso labs"),
        ("Manager Pharma Development", None),
    ]


def test_fresher_and_the_employers_head_office_are_no_title() -> None:
    found = jobs(
        "freshers\nContoso & Jony, Head Office -  Mumbai, Maharashtra -\nJanuary 2018 to April 2018\n"
        "Did retail research.\n"
        "Php developer freshers\nFabrikam it solution -\nAugust 2013 to December 2017\n"
    )
    assert [(job.title, job.company) for job in found] == [
        (None, "Contoso & Jony"),
        ("Php developer", "Fabrikam it solution"),
    ]


def test_working_with_a_system_in_a_bullet_adds_no_job() -> None:
    # Without a title or dates, "working with" names what was used; with either, the employer it names stays.
    found = jobs(
        "Data Engineer\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "March 2017 to Present\n"
        "• Working with Columnar Storage Engine.\n"
        "• Wrote parsers and worked with REST API's.\n"
        "• Worked with 'Northwind Analytics' as a part-time employee.\n"
    )
    assert [job.company for job in found] == ["Contoso Ltd", "Northwind Analytics"]


def test_a_sentences_employer_may_end_on_an_organisation_noun_in_lower_case() -> None:
    # "Merchant" is a title's word, but a name closed by "services" is an organisation's.
    found = jobs(
        "Sales Manager\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "March 2019 to Present\n"
        "• Worked with Fabrikam Merchant services (Payroll of Tailspin) As Sales Executive.\n"
        "• Worked as a Territory sales officer (Sr.Lead) in Northwind Wireless services (North Zone) Haryana "
        "Circle from Mar '2011 to Aug '2012.\n"
    )
    assert sorted((job.company, job.title) for job in found) == [
        ("Contoso Ltd", "Sales Manager"),
        ("Fabrikam Merchant services", "Sales Executive"),
        ("Northwind Wireless services", "Territory sales officer (Sr.Lead)"),
    ]


def test_an_undated_indeed_job_whose_employer_line_ends_on_its_place() -> None:
    # Without dates Indeed writes no dash after the place: "Contoso Limited -  Mumbai, Maharashtra".
    found = jobs(
        "Regional Sales Manager\n"
        "Fabrikam Pvt. Ltd. -  Pune, Maharashtra -\n"
        "June 2015 to Present\n"
        "• Grew the western region's sales.\n"
        "Key Accounts Manager\n"
        "Contoso Technologies Limited -  Mumbai, Maharashtra\n"
        "Handled the bank accounts of the region.\n"
        "Sales Executive\n"
        "Northwind Traders Pvt Ltd -  Delhi, Delhi -\n"
        "January 2011 to May 2011\n"
    )
    assert [(job.title, job.company, job.location) for job in found] == [
        ("Regional Sales Manager", "Fabrikam Pvt. Ltd.", "Pune, Maharashtra"),
        ("Key Accounts Manager", "Contoso Technologies Limited", "Mumbai, Maharashtra"),
        ("Sales Executive", "Northwind Traders Pvt Ltd", "Delhi, Delhi"),
    ]


def test_work_with_an_employer_as_a_title_for_a_while_is_a_job() -> None:
    found = jobs(
        "Sales Manager\n"
        "Contoso Realty -  Thane, Maharashtra -\n"
        "April 2016 to Present\n"
        "• Work with Fabrikam Insurance as a Management Trainee for two months\n"
        "• Work with Columnar Storage Engine.\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Realty", "Sales Manager"),
        ("Fabrikam Insurance", "Management Trainee"),
    ]


def test_years_of_experience_as_a_title_at_a_named_employer_is_a_job() -> None:
    found = jobs(
        "Sales Manager\n"
        "Contoso Realty -  Jaipur, Rajasthan -\n"
        "July 2016 to Present\n"
        "• 2 Years Experience as a Sales Manager in Fabrikam Group Jaipur\n"
        "• 6 Month Experience as a Sales Executive in Northwind Homes\n"
        "• 3 years of experience as a developer in Java\n"  # a skill, not an employer
    )
    assert [(job.company, job.title, job.location) for job in found] == [
        ("Contoso Realty", "Sales Manager", "Jaipur, Rajasthan"),
        ("Fabrikam Group", "Sales Manager", "Jaipur"),
        ("Northwind Homes", "Sales Executive", None),
    ]


def test_a_designation_right_under_the_dates_names_the_title() -> None:
    (job,) = jobs(
        "Regional Business Partner\n"
        "Contoso Global Connect Ltd -\n"
        "February 2006 to April 2010\n"
        "for Contoso Inc. USA)\n"
        "Designation: Presales Consultant / Solution Architect\n"
        "Profile: Solution Sales\n"
    )
    assert (job.title, job.company) == (
        "Presales Consultant / Solution Architect",
        "Contoso Global Connect Ltd",
    )


def test_an_undated_job_over_its_length_between_two_descriptions() -> None:
    found = jobs(
        "Retail Floor Manager\n"
        "Contoso Sales -  Vadodara, Gujarat -\n"
        "February 2014 to Present\n"
        "+4 years\n"
        "• All types of electronics sold and supported.\n"
        "Store Manager\n"
        "Fabrikam Mall\n"
        "+1 year\n"
        "• Ran the store and solved its customers' IT problems.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Retail Floor Manager", "Contoso Sales"),
        ("Store Manager", "Fabrikam Mall"),
    ]


def test_a_text_table_of_jobs_with_gapped_columns() -> None:
    # A plain-text table: a header row of column names, then one job a row, cells apart by runs of spaces.
    (first, second) = jobs(
        "Organisation           Designation          Period               Location\n"
        "Northwind Traders Ltd  Senior Accountant    Jan 2016 - Mar 2019  Pune\n"
        "Fabrikam Foods         Accounts Executive   Apr 2012 - Dec 2015  Nashik\n"
    )
    assert (first.company, first.title, first.location) == (
        "Northwind Traders Ltd",
        "Senior Accountant",
        "Pune",
    )
    assert (first.start_date, first.end_date) == (date(2016, 1, 1), date(2019, 3, 1))
    assert (second.company, second.title, second.location) == (
        "Fabrikam Foods",
        "Accounts Executive",
        "Nashik",
    )
    assert second.start_date == date(2012, 4, 1)


def test_a_text_table_of_jobs_whose_columns_a_pdf_joined_with_single_spaces() -> None:
    # Read from a PDF, the cells of a numbered row run together, or stand one a line under the row's number;
    # the header's order and the cells' own evidence (a legal form, a length, title words) split them.
    (first, second) = jobs(
        "NAME OF THE COMPANY Total Period worked DESIGNATION JOBS & RESPONSIBILITIES\n"
        "1 Contoso Appliances Pvt Ltd 2.5 years Regional Sales Manager Handling dealers in Pune\n"
        "and Nashik\n"
        "2\n"
        "Tailspin Traders Ltd\n"
        "3 Years\n"
        "Sales Officer\n"
        "Handling retail accounts of the west zone\n"
    )
    assert (first.company, first.title) == ("Contoso Appliances Pvt Ltd", "Regional Sales Manager")
    assert (second.company, second.title) == ("Tailspin Traders Ltd", "Sales Officer")


def test_a_text_table_row_with_employer_place_and_title_before_the_dates() -> None:
    (job,) = jobs(
        "Organization Designation Duration\n"
        "Litware Systems Limited, Pune, India. Sr. Software Engineer May/2008 - May/2016\n"
    )
    assert (job.company, job.title, job.location) == (
        "Litware Systems Limited",
        "Sr. Software Engineer",
        "Pune, India",
    )
    assert (job.start_date, job.end_date) == (date(2008, 5, 1), date(2016, 5, 1))


def test_a_table_column_name_in_the_employer_slot_leaves_the_job_to_the_table() -> None:
    # Indeed's header took the table's "Sr.No" for the employer; the table's first row is the same job.
    (first, second) = jobs(
        "Regional Sales Manager\n"
        "Sr.No -  Pune, Maharashtra -\n"
        "August 2015 to Present\n"
        "NAME OF THE COMPANY Total Period worked DESIGNATION JOBS & RESPONSIBILITIES\n"
        "1 Contoso Appliances Pvt Ltd 3.0 years till dated Regional Sales Manager Handling dealers\n"
        "2 Tailspin Traders Ltd 2 Years Sales Officer Handling retail accounts\n"
    )
    assert (first.company, first.title, first.location) == (
        "Contoso Appliances Pvt Ltd",
        "Regional Sales Manager",
        "Pune, Maharashtra",
    )
    assert (first.start_date, first.is_current) == (date(2015, 8, 1), True)
    assert (second.company, second.title) == ("Tailspin Traders Ltd", "Sales Officer")


def test_a_text_table_of_jobs_still_names_skills() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nOrganisation  Designation  Period\n"
        "Northwind Traders Ltd  Python Developer  Jan 2016 - Mar 2019\n"
    )
    assert [job.company for job in resume.work_experience] == ["Northwind Traders Ltd"]
    assert "Python" in resume.skills


def test_a_past_organisation_list_names_earlier_employers() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nSales Manager\nContoso -  Pune, Maharashtra -\n"
        "January 2018 to Present\n"
        "Handling key accounts.\n\n"
        "❖ Past Organization:\n"
        "❖ Northwind Broadcasting Pvt. Ltd, Mumbai\n"
        "Fabrikam Media Network All 13 Channels\n"
    )
    assert [(job.company, job.location) for job in resume.work_experience] == [
        ("Contoso", "Pune, Maharashtra"),
        ("Northwind Broadcasting Pvt. Ltd", "Mumbai"),
    ]


def test_a_designations_held_list_names_titles_and_employers() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\nSales Officer\nContoso Pharmaceuticals -  Pune, Maharashtra -\n"
        "April 2001 to February 2005\n"
        "Handled the Pune territory.\n\n"
        "Professional Designations held:\n\n"
        "Sales Manager Northwind Pharmatech.\n"
        "• Area Sales Manager in Fabrikam.\n"
        "\n"
        "Sales Officer Contoso Pharmaceuticals\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Pharmaceuticals", "Sales Officer"),
        ("Northwind Pharmatech", "Sales Manager"),
        ("Fabrikam", "Area Sales Manager"),
    ]


def test_a_projects_form_fields_under_the_dates_are_no_title_or_employer() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nFunctional Consultant\n\n"
        "Contoso Infotech Ltd -  Mumbai, Maharashtra -\n\nMarch 2014 to Present\n\n"
        "Dynamics Suite -\n\nSeptember 2017 to November 2017\n\n"
        "Description Jewelry Business\nRole\n• Testing of customizations.\n\n"
        "Dynamics Suite -  Mumbai, Maharashtra -\n\n2016 to 2016\n\n"
        "Project Dynamics Suite 2016\n"
        "Customer Leading Tire Manufacturer ( Northwind Tire Americas, Inc.)\n"
        "Location USA\n"
    )
    titles = [job.title for job in resume.work_experience]
    companies = [job.company for job in resume.work_experience]
    assert "Description Jewelry Business" not in titles and "Location USA" not in titles
    assert not any(company and "Northwind" in company for company in companies)
    assert resume.work_experience[0].title == "Functional Consultant"


def test_a_school_with_years_only_and_no_title_is_no_job() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nOperations Manager\n\nContoso Infra Ltd -\n\n"
        "September 2009 to September 2016\n\n• Managed site teams.\n\n"
        "Northwind University -  Pune, Maharashtra -\n\n2001 to 2001\n\n"
        "Assistant Professor\n\nFabrikam College -  Pune, Maharashtra -\n\nJune 1999 to May 2001\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Infra Ltd", "Operations Manager"),
        ("Fabrikam College", "Assistant Professor"),
    ]


def test_a_job_under_an_education_heading_inside_the_history_is_read() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nContoso Technology (Pune) -  Pune, Maharashtra -\n\n"
        "September 2016 to Present\n\n➢ Hardware maintenance.\n\n"
        "➢ EDUCATIONAL QUALIFICATION:\n\nDesktop support egg. At Northwind Pune\n\n"
        "Fabrikam Infotech Pvt. Ltd -  Pune, Maharashtra -\n\nJuly 2011 to January 2012\n\n"
        "The company is an authorised service provider.\n\n"
        "EDUCATION\n\nB.Com\n\nUniversity of Pune -  Pune, Maharashtra\n\n2008 to 2011\n"
    )
    companies = [job.company for job in resume.work_experience]
    assert "Fabrikam Infotech Pvt. Ltd" in companies
    assert not any(company and "University" in company for company in companies)


def test_a_length_or_a_joining_phrase_under_the_dates_is_no_title() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nContoso Hotels Pvt. Ltd -\n\nOctober 2015 to February 2017\n\n"
        "4.5 Years\n\nHandled corporate accounts.\n\n"
        "Northwind Traders -\n\nMarch 2012 to May 2015\n\nwith Fabrikam Hotels\nHandled the banquets.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Hotels Pvt. Ltd", None),
        ("Northwind Traders", None),
    ]


def test_an_in_charge_title_is_a_title() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n"
        "NAME OF THE COMPANY Total Period worked DESIGNATION JOBS & RESPONSIBILITIES\n"
        "1 Contoso Grooming Pvt Ltd 3.0 years Area Sales Manager Handling Contoso products\n"
        "2 Northwind Mobile Gallery 1.10 Years Sales - In Charge Sales of SIM Cards, Services\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Contoso Grooming Pvt Ltd", "Area Sales Manager"),
        ("Northwind Mobile Gallery", "Sales - In Charge"),
    ]


def test_a_territory_in_the_employer_slot_is_no_employer() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nAREA SALES MANAGER\n\nKurla to Nashik / Pune to Nashik -\n\n"
        "April 2012 to May 2017\n\n• Handled distributors.\n\n"
        "SALES EXECUTIVE\n\nPune Satara Road -  Pune, Maharashtra -\n\nApril 2011 to March 2012\n\n"
        "• Handled retailers.\n\n"
        "Sales Officer\n\nContoso Healthcare Ltd -  Pune, Maharashtra -\n\nJanuary 2004 to March 2011\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        (None, "AREA SALES MANAGER"),
        (None, "SALES EXECUTIVE"),
        ("Contoso Healthcare Ltd", "Sales Officer"),
    ]


def test_a_state_of_india_in_the_employer_or_title_slot_is_neither() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nZonal Sales Manager\n\nKerala -\n\nJune 2013 to January 2015\n\n"
        "• Grew the premium segment.\n\nArea Sales Manager\n\nTamil Nadu -  Chennai, Tamil Nadu -\n\n"
        "August 2012 to June 2013\n\n• Headed six territories.\n\n"
        "Tamil Nadu\n\nContoso Compressors Ltd. -  Mumbai, Maharashtra -\n\nNovember 1998 to September 2005\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        (None, "Zonal Sales Manager"),
        (None, "Area Sales Manager"),
        ("Contoso Compressors Ltd.", None),
    ]


def test_an_achievement_in_the_employer_or_title_slot_is_neither() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nKey Account Manager\n\nTopped in Pune -  Pune, Maharashtra -\n\n"
        "January 2012 to December 2012\n\n• Grew the key accounts.\n\n"
        "Best Performance Award year 2010\n\nContoso Cellular Ltd -\n\nDecember 2011 to February 2012\n\n"
        "• Sold prepaid plans.\n\nBest Sales Linearity\n\nFabrikam Paints -\n\nFebruary 2007 to April 2011\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        (None, "Key Account Manager"),
        ("Contoso Cellular Ltd", None),
        ("Fabrikam Paints", None),
    ]


def test_the_line_under_the_name_is_the_current_title_only_without_a_work_history() -> None:
    indeed = "\n\nPune, Maharashtra - Email me on Indeed: indeed.com/r/Jane-Roe/1234\n\nWORK EXPERIENCE\n\n"
    past_job = PARSER.parse(
        f"Jane Roe\nChief Coordinator of LEARN{indeed}Contoso Ltd -  Pune -\n\nMay 2014 to June 2016\n"
    )
    jobs = [(job.company, job.title) for job in past_job.work_experience]
    assert (past_job.current_title, jobs) == (None, [("Contoso Ltd", None)])
    no_history = PARSER.parse("Jane Roe\nSenior Software Engineer\nPune, Maharashtra\n\nSKILLS\n\nPython\n")
    assert no_history.current_title == "Senior Software Engineer"
    contest = PARSER.parse("Jane Roe\nCo-coordinator of CODE HUNTER at Contoso FEST\n\nSKILLS\n\nPython\n")
    assert contest.current_title is None


def test_a_function_or_department_in_the_employer_slot_is_no_employer() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nTeam Leader\n\nRetail Sales -  Pune, Maharashtra -\n\n"
        "May 2016 to June 2018\n\n• Led the floor.\n\nSupervisor\n\nSecurity Department -\n\n"
        "April 2012 to April 2016\n\n• Ran the shifts.\n\n"
        "Sales Officer\n\nContoso Marketing Ltd -  Pune, Maharashtra -\n\nJanuary 2010 to March 2012\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        (None, "Team Leader"),
        (None, "Supervisor"),
        ("Contoso Marketing Ltd", "Sales Officer"),
    ]


def test_the_line_under_the_name_is_the_current_title_when_a_job_of_the_history_holds_it() -> None:
    livecareer = PARSER.parse(
        "MECHANICAL ENGINEERING INTERN\nSummary\nCAD | CAM | Mechanical Design\n\nExperience\n"
        "09/2013 to 05/2014\nCompany Name\nDesigned a robot arm.\n"
        "Mechanical Engineering Intern 06/2013 to 08/2013\nCompany Name City , State\n"
        "Drew parts in AutoCAD.\n"
    )
    jobs = [job.title for job in livecareer.work_experience]
    assert (livecareer.current_title, jobs) == (
        "Mechanical Engineering Intern",
        [None, "Mechanical Engineering Intern"],
    )
    indeed = "\n\nPune, Maharashtra - Email me on Indeed: indeed.com/r/Jane-Roe/1234\n\nWORK EXPERIENCE\n\n"
    history = (
        "Contoso Ltd -  Pune -\n\nJuly 2016 to Present\n\n"
        "Area Sales Manager\nFabrikam Ltd -  Pune -\n\nMay 2014 to June 2016\n"
    )
    held = PARSER.parse(f"Jane Roe\nAREA SALES MANAGER{indeed}{history}")
    sells = PARSER.parse(f"Jane Roe\nChief Coordinator of LEARN{indeed}{history}")
    assert (held.current_title, sells.current_title) == ("Area Sales Manager", None)


def test_a_timeline_of_employers_as_titles_names_each_job() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nCareer Timeline\n\nFabrikam Tele.com as Senior Engineer\n"
        "Adatum Cellular Limited, Pune as Zonal Manager\n\n"
        "Litware Communications as Regional Manager, for South India Operations in Program\nmanagement\n\n"
        "Tailspin Technologies, USA as Protocol Specialist/ Consultant\n\n"
        "WORK EXPERIENCE\n\nAccount Manager\n\nContoso Telecom -\n\nNovember 2005 to December 2007\n"
    )
    assert [(job.company, job.title, job.location) for job in resume.work_experience] == [
        ("Contoso Telecom", "Account Manager", None),
        ("Fabrikam Tele.com", "Senior Engineer", None),
        ("Adatum Cellular Limited", "Zonal Manager", "Pune"),
        ("Litware Communications", "Regional Manager", None),
        ("Tailspin Technologies", "Protocol Specialist/ Consultant", "USA"),
    ]


def test_an_undated_indeed_job_of_a_plain_name_under_a_length_line() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nsales representative\n\n"
        "Contoso Minacs Pvt. Ltd -  Mumbai, Maharashtra -\n\nMay 2014 to Present\n\nOne year\n\n"
        "escalation manager\n\nNorthwindcard -  Mumbai, Maharashtra\n\n"
        "I have worked with Contoso for a year as a sales representative.\n\n"
        "EDUCATION\n\nB.Com\n"
    )
    assert [(job.company, job.title, job.location) for job in resume.work_experience] == [
        ("Contoso Minacs Pvt. Ltd", "sales representative", "Mumbai, Maharashtra"),
        ("Northwindcard", "escalation manager", "Mumbai, Maharashtra"),
    ]


def test_a_one_row_job_table_with_joined_cells_above_indeed_jobs() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nSr.No\n\n-\n\nSeptember 2012 to March 2017\n\n"
        "Organization Designation Tenure\n"
        "1. Contoso group Operations Manager logistics (Tanzania) September 2012 - March 2017\n\n"
        "Assistant Manager - Marketing & Sales\n\nFABRIKAM SHOES -\n\nJanuary 2003 to August 2009\n"
    )
    assert [(job.company, job.title, job.location) for job in resume.work_experience] == [
        ("Contoso group", "Operations Manager logistics", "Tanzania"),
        ("FABRIKAM SHOES", "Assistant Manager - Marketing & Sales", None),
    ]


def test_a_title_in_capitals_opening_on_a_form_label_is_still_a_title() -> None:
    resume = PARSER.parse(
        "Jane Roe\n\nExperience\n05/2009 to 09/2009\nPROJECT CO-COORDINATOR Company Name - City , State\n"
        "Planned and executed a nutrition survey.\n"
    )
    assert [(job.company, job.title) for job in resume.work_experience] == [
        ("Company Name", "PROJECT CO-COORDINATOR")
    ]


def test_a_duty_or_function_where_the_title_goes_is_no_title() -> None:
    # A title names a role: lines without one word of the title vocabulary are duties, functions or form
    # fields read where Indeed puts the title; the jobs keep their employers and dates.
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nInventory Management\n\nContoso Traders -  Pune, Maharashtra -\n\n"
        "May 2016 to Present\n\nSales and Distribution\n\nFabrikam Foods Pvt. Ltd -\n\n"
        "June 2012 to April 2016\n\nLocation USA\n\nNorthwind Ltd -\n\n"
        "January 2010 to May 2012\n"
    )
    assert [(job.title, job.company, job.start_date) for job in resume.work_experience] == [
        (None, "Contoso Traders", date(2016, 5, 1)),
        (None, "Fabrikam Foods Pvt. Ltd", date(2012, 6, 1)),
        (None, "Northwind Ltd", date(2010, 1, 1)),
    ]
    assert resume.current_title is None


def test_a_misspelt_or_glued_role_is_still_a_title() -> None:
    # A head word misspelt inside ("Manger", "Exicutive"), glued ("salesofficer") or in the plural stays.
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nArea Sales Manger\n\nContoso Traders -  Pune, Maharashtra -\n\n"
        "May 2016 to Present\n\nBuisness Devlopment Exicutive\n\nFabrikam Foods Pvt. Ltd -\n\n"
        "June 2012 to April 2016\n\nsalesofficer\n\nNorthwind Ltd -\n\nJanuary 2010 to May 2012\n"
    )
    assert [job.title for job in resume.work_experience] == [
        "Area Sales Manger",
        "Buisness Devlopment Exicutive",
        "salesofficer",
    ]


def test_a_word_one_letter_from_a_role_at_its_end_is_no_misspelling() -> None:
    # "employed" is "employee" with its last letter changed, "office" is "officer" without it: other words.
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nSelf employed at home office\n\nContoso Traders -\n\n"
        "May 2016 to Present\n"
    )
    assert [(job.title, job.company) for job in resume.work_experience] == [(None, "Contoso Traders")]


def test_messrs_before_an_employer_is_no_part_of_its_name() -> None:
    # "M/s" (Messrs) says a firm's name follows; with it the same firm got another company key.
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nSales Executive\n\n"
        "M/s Contoso Traders Pvt. Ltd -  Pune, Maharashtra -\n\nMay 2016 to Present\n\n"
        "Sales Officer\n\nM/S. Fabrikam Foods -\n\nJune 2012 to April 2016\n"
    )
    assert [job.company for job in resume.work_experience] == ["Contoso Traders Pvt. Ltd", "Fabrikam Foods"]


def test_a_role_o_net_names_on_its_own_is_a_title() -> None:
    # "Realtor" and "Waitstaff" end too few O*NET titles to be heads, but O*NET gives each as a whole title;
    # "Prior" is one too (a monastery's), yet in "Prior Sales" it is no role and the line stays dropped.
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nRealtor\n\nContoso Homes -  Pune, Maharashtra -\n\n"
        "May 2016 to Present\n\nWaitstaff\n\nFabrikam Bistro -\n\nJune 2012 to April 2016\n\n"
        "Prior Sales\n\nNorthwind Ltd -\n\nJanuary 2010 to May 2012\n"
    )
    assert [(job.title, job.company) for job in resume.work_experience] == [
        ("Realtor", "Contoso Homes"),
        ("Waitstaff", "Fabrikam Bistro"),
        (None, "Northwind Ltd"),
    ]


def test_an_internship_is_a_title() -> None:
    # The "-ship" an intern holds names the role as the title line writes it.
    resume = PARSER.parse(
        "Jane Roe\n\nWORK EXPERIENCE\n\nWellness Center Internship\n\n"
        "Contoso Clinic -  Pune, Maharashtra -\n\nMay 2016 to August 2016\n"
    )
    assert [(job.title, job.company) for job in resume.work_experience] == [
        ("Wellness Center Internship", "Contoso Clinic")
    ]


# LiveCareer's export: its employers anonymised as "Company Name", its places as "City , State".


def test_a_livecareer_title_before_a_single_date_is_kept() -> None:
    # "Designer" before "08/2017" is no month: it stays with the title.
    (first, second) = jobs(
        "Floral Designer 08/2017 Company Name City , State\nMade bouquets for weddings.\n"
        "Patient Advocate , 09/2014 Company Name - City , State\nScreened patients for programmes.\n"
    )
    assert (first.title, first.company) == ("Floral Designer", "Company Name")
    assert first.start_date == date(2017, 8, 1)
    assert (second.title, second.company) == ("Patient Advocate", "Company Name")


def test_a_title_may_open_on_a_word_sentences_open_on() -> None:
    # "Managing", "Work" and the "I" of "I.T." open sentences too, but not these.
    (first, second, third) = jobs(
        "Managing Consultant 11/2003 to Current Company Name City , State\nLeads process redesign work.\n"
        "I.T. Support Technician 01/2001 to 10/2003 Company Name City , State\nAnswered helpdesk tickets.\n"
        "January 1995 to January 2001\n"
        "Company Name City , State Work Flow Coordinator\nRan the transcription flow.\n"
    )
    assert [(job.title, job.company) for job in (first, second, third)] == [
        ("Managing Consultant", "Company Name"),
        ("I.T. Support Technician", "Company Name"),
        ("Work Flow Coordinator", "Company Name"),
    ]


def test_a_livecareer_header_run_into_the_first_sentence() -> None:
    # Under bare dates, one line holds the title, the employer, the place and the first sentence.
    (first, second) = jobs(
        "Summary of the kitchen work.\n"
        "08/2015 to Current\n"
        "Chef Company Name - City , State Line chef in a busy restaurant. Plated ninety lunches a day.\n"
        "Trained new cooks.\n"
        "01/2012 to 08/2015\n"
        "Client Solution Architect, Harbor Software Group, Asia Pacific Company Name - City , State\n"
        "Focused on driving new workloads in key accounts with the sales team every quarter.\n"
    )
    assert (first.title, first.company, first.is_current) == ("Chef", "Company Name", True)
    assert first.description is not None and first.description.startswith("Line chef")
    assert (second.title, second.company) == ("Client Solution Architect", "Company Name")


def test_each_livecareer_job_keeps_the_header_under_its_own_dates() -> None:
    # "dates / Title Company Name - City , State" one job after another without descriptions: the line under
    # a job's dates is its header, not the header of the job below.
    resume = PARSER.parse(
        "Jane Roe\n\nExperience\n"
        "10/2011 to 06/2013\nSpecial Education Assistant Company Name - City , State\n"
        "06/2011 to 07/2011\nFoodservices Director Company Name - City , State\n"
        "03/2007 to 04/2010\nDietary Manager Company Name - City , State\n"
        "Trained staff in food safety.\n"
    )
    assert [job.title for job in resume.work_experience] == [
        "Special Education Assistant",
        "Foodservices Director",
        "Dietary Manager",
    ]


def test_two_titles_on_the_dates_line_leave_the_employer_to_the_next_line() -> None:
    (first, second) = jobs(
        "Operations Finance Director Jan 2016 to Current\nCompany Name - City , State\nPlanned audits.\n"
        "Floor Manager - Head Of Trading Operations Feb 2009 to Oct 2015\nCompany Name - City\n"
        "Supervised the trading floor.\n"
    )
    assert (first.title, first.company) == ("Operations Finance Director", "Company Name")
    assert second.company == "Company Name"


def test_a_job_table_whose_number_column_is_headed_no() -> None:
    # "No." alone heads the number column as "Sr. No" does; the row's joined cells are split by the legal
    # form and the organisation's word, and the header row is no employer.
    (first, second) = jobs(
        "No. Company Role Duration\n"
        "1. Contoso Ltd Technology Analyst January 2015 - March 2017\n"
        "2. Fabrikam Systems Software Engineer April 2017 - Present\n"
    )
    assert (first.company, first.title, first.start_date) == (
        "Contoso Ltd",
        "Technology Analyst",
        date(2015, 1, 1),
    )
    assert (second.company, second.title, second.is_current) == (
        "Fabrikam Systems",
        "Software Engineer",
        True,
    )


def test_a_sentence_opening_on_when_the_job_was_is_no_employer() -> None:
    # "Previously worked in X as Y", "Earlier worked with X as Y": sentences, read as sentence jobs; the
    # header reader took the whole sentence for a second job's employer or title.
    found = jobs(
        "• Presently working with Fabrikam Solutions as Team Lead since July 2016.\n"
        "• Earlier worked with Contoso Systems as Developer from July 2013 to May 2016.\n"
        "• Previously worked in Northwind Traders as a Software Engineer from July 2010 to May 2013.\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Fabrikam Solutions", "Team Lead"),
        ("Contoso Systems", "Developer"),
        ("Northwind Traders", "Software Engineer"),
    ]


def test_a_department_in_the_employer_slot_under_a_title_naming_the_employer() -> None:
    # "HR Executive in Contoso" over "Recruitment -": the title line names the employer, the slot under it
    # holds the department (words of functions only), so the employer is the one the title line names.
    (first, second) = jobs(
        "HR Executive in Contoso\n"
        "Recruitment -\n"
        "March 2016 to Present\n"
        "Hiring for the sales teams.\n"
        "Team Leader in Fabrikam Technologies\n"
        "Operations -  Pune, Maharashtra -\n"
        "March 2013 to February 2016\n"
        "Led a team of twelve.\n"
    )
    assert (first.company, first.title) == ("Contoso", "HR Executive")
    assert (second.company, second.title, second.location) == (
        "Fabrikam Technologies",
        "Team Leader",
        "Pune, Maharashtra",
    )


def test_a_named_employer_under_a_title_naming_another_stays() -> None:
    # Two names: which one is the client is not said, so the employer slot keeps its name.
    (job,) = jobs(
        "Sales Associate in Contoso Services\nFabrikam Ltd -  Hyderabad, Telangana -\nJune 2015 to May 2017\n"
    )
    assert job.company == "Fabrikam Ltd"


def test_an_employer_line_with_its_dates_keeps_the_title_under_it() -> None:
    # "Employer (dates)" over the title, job after job without descriptions: the title under one employer's
    # dates is that job's, not the header of the next dated employer line (which took it and left its own
    # title unread).
    found = jobs(
        "Contoso Infotech Pvt Ltd (Jan 2016 - Present)\n"
        "Software Engineer\n"
        "Fabrikam Ltd (Jan 2015 - Dec 2015)\n"
        "Junior Developer\n"
        "Northwind Traders, Delhi  Jan 2013 - Dec 2014\n"
        "Trainee Engineer\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Infotech Pvt Ltd", "Software Engineer"),
        ("Fabrikam Ltd", "Junior Developer"),
        ("Northwind Traders", "Trainee Engineer"),
    ]


def test_a_title_and_its_dates_over_the_employer_line_job_after_job() -> None:
    # LiveCareer's "Title dates" over "Company Name - City , State": the dated line is a whole header when its
    # words name a title and an employer ("Medical Clinic Assistant"), and the rule above does not apply.
    found = jobs(
        "Fitness Instructor Jan 2007 to Dec 2010\n"
        "Company Name - City , State\n"
        "Medical Clinic Assistant Jan 2007 to Dec 2007\n"
        "Company Name - City , State\n"
        "Employer Contact: Jane Doe, MD\n"
        "Research Lab Assistant Sep 2005 to May 2006\n"
        "Company Name - City , State\n"
    )
    assert [(job.title, job.company) for job in found][:2] == [
        ("Fitness Instructor", "Company Name"),
        ("Medical Clinic Assistant", "Company Name"),
    ]


def test_a_client_labelled_in_brackets_after_the_employer_is_not_the_employer() -> None:
    (job,) = jobs("Contoso Technologies (Client: Fabrikam Bank)\nSenior Analyst\nJan 2015 - Present\n")
    assert (job.company, job.title) == ("Contoso Technologies", "Senior Analyst")


def test_a_labelled_employer_with_its_dates_in_brackets_keeps_no_empty_brackets() -> None:
    (job,) = jobs("Organization: Contoso Technologies Pvt Ltd (Jan 2015 - Present)\nRole: Senior Analyst\n")
    assert (job.company, job.title, job.is_current) == (
        "Contoso Technologies Pvt Ltd",
        "Senior Analyst",
        True,
    )


def test_associated_with_opens_a_sentence_not_a_title() -> None:
    # "Associated with X as Y from ...": read as a sentence job; not a second job titled with the sentence.
    (job,) = jobs("• Associated with Contoso Technologies as a Senior Analyst from Jan 2015 to till date.\n")
    assert (job.company, job.title) == ("Contoso Technologies", "Senior Analyst")


def test_reporting_to_names_the_boss_not_the_title() -> None:
    # "Reporting To General Manager" under the dates says whom the job answered to; it is no title, though
    # it ends on a title's head and outscored the job's own title line ("Sr.Executive - Marketing").
    (first, second) = jobs(
        "General Manager - Marketing\n\nContoso Logistics -\n\nJune 2006 to May 2010\n\n"
        "Reporting To Director\n\nWork Forte:\n• Handling premier customers\n\n"
        "Sr.Executive - Marketing\n\nFabrikam Shipping Pvt Ltd -\n\nFebruary 2000 to June 2006\n\n"
        "Reporting To General Manager\n\nWork Forte:\n• Making sales calls every day\n"
    )
    assert (first.title, first.company) == ("General Manager - Marketing", "Contoso Logistics")
    assert (second.title, second.company) == ("Sr.Executive - Marketing", "Fabrikam Shipping Pvt Ltd")


def test_being_an_employee_is_no_title() -> None:
    # "Contract employee for Fabrikam through Contoso", "Previous Employee", "Employee of the Month": how
    # someone was employed or what they won, no role; a role beside the word stays.
    (contract, previous, relations) = jobs(
        "Contract employee for Fabrikam through Contoso\n"
        "Fabrikam Bank - Contoso BPO Ltd -  Bengaluru, Karnataka -\n"
        "April 2011 to January 2012\n"
        "Processed loans.\n"
        "Previous Employee\n"
        "Northwind Traders Pvt. Ltd -\n"
        "January 2010 to January 2011\n"
        "Sold flats.\n"
        "HR Employee Relations Specialist\n"
        "Tailspin Toys Ltd -\n"
        "January 2008 to December 2009\n"
        "Handled grievances.\n"
    )
    assert (contract.title, previous.title) == (None, None)
    assert (contract.company, previous.company) == ("Contoso BPO Ltd", "Northwind Traders Pvt. Ltd")
    assert relations.title == "HR Employee Relations Specialist"


def test_a_value_cut_off_on_a_joining_word_is_neither_title_nor_employer() -> None:
    # "Carpenter and" (a list of departments broken over two lines), "library staff Responsible for": a
    # fragment, not a title or a name, however its words score.
    (job,) = jobs(
        "library staff Responsible for\nContoso Library Services -\nMay 2010 to July 2010\nShelved books.\n"
    )
    assert (job.title, job.company) == (None, "Contoso Library Services")


def test_a_title_head_the_gazetteer_knows_as_a_town_is_the_title() -> None:
    # GeoNames lists towns named Officer, Mentor and Marshal; with no other title in the header, the word
    # is the title, not where the job was.
    (job,) = jobs(
        "Officer - Publishing\nContoso Systems India Ltd -\n1999 to 2001\nPublished the catalogue.\n"
    )
    assert (job.title, job.company, job.location) == (
        "Officer - Publishing",
        "Contoso Systems India Ltd",
        None,
    )


def test_a_title_head_written_with_a_hyphen() -> None:
    # "Co-ordinator", "Sub-Inspector": the head with its prefix hyphenated is still a head.
    (job,) = jobs("Sales Co-ordinator\nContoso Traders -\nMay 1997 to December 1999\nCoordinated orders.\n")
    assert (job.title, job.company) == ("Sales Co-ordinator", "Contoso Traders")


def test_a_place_alone_on_the_employer_line_is_no_employer() -> None:
    # Indeed's "Mumbai, Maharashtra -" with the employer left blank: the place is where the job was.
    (job,) = jobs(
        "Sales Co-ordinator\nMumbai, Maharashtra -\nMay 1997 to December 1999\nCoordinated orders.\n"
    )
    assert (job.title, job.company) == ("Sales Co-ordinator", None)
    assert job.location is not None and job.location.startswith("Mumbai")


def test_a_date_or_the_title_s_initials_is_no_employer() -> None:
    # "September 6th" read where the employer goes, and "SDM" beside "Sales Development Manager" (the
    # title's initials, written as Indian sales resumes abbreviate titles), name nobody.
    (dated, initials) = jobs(
        "Inside Sales Account Manager\nSeptember 6th -\nJanuary 2010 to March 2012\nSold licences.\n"
        "Sales Development Manager\nSDM -  Pune, Maharashtra -\nFebruary 2008 to December 2009\nSold loans.\n"
    )
    assert (dated.title, dated.company) == ("Inside Sales Account Manager", None)
    assert (initials.title, initials.company) == ("Sales Development Manager", None)


def test_a_school_board_by_its_initials_over_years_is_a_school_entry() -> None:
    # Indeed's education entries leaking into the history: a board by its initials ("C.H.S.E", "CBSE") or an
    # Odia school ("Bidyapitha") over a year alone is where someone studied, not a job.
    found = jobs(
        "Operations Manager\nContoso Infra Ltd -\nSeptember 2009 to September 2016\nRan the depots.\n"
        "C.H.S.E -\n1998 to 1998\n"
        "S A Bidyapitha -\n1995 to 1995\n"
    )
    assert [job.company for job in found] == ["Contoso Infra Ltd"]


def test_a_degree_or_a_length_of_time_is_no_employer() -> None:
    (degree, length) = jobs(
        "HR Generalist\nMasters of Management Studies -\nJanuary 2007 to March 2008\nRan payroll.\n"
        "Sales Manager\nOne & Half Year of Direct Operation -\nJanuary 2016 to June 2017\nSold chairs.\n"
    )
    assert (degree.title, degree.company) == ("HR Generalist", None)
    assert (length.title, length.company) == ("Sales Manager", None)
    # A name that opens like a degree stays.
    (named,) = jobs("Sales Manager\nMasters Infotech Pvt Ltd -\nJanuary 2016 to June 2017\nSold servers.\n")
    assert named.company == "Masters Infotech Pvt Ltd"


def test_a_title_with_its_head_first_then_the_function() -> None:
    # "Manager sales and marketing" (the head first, then the function) under the dates is a title, not the
    # employer; it is weak evidence, so "Director, Vendor Services and Compliance" still keeps "Director"
    # (since session 35 with its function: LiveCareer's title field is read whole beside "Company Name").
    (job,) = jobs(
        "\nReal Estate manager sales and marketing\n\n"
        "contoso builders and developers , fabrikam infrastructure private.ltd , tailspin real structure\n"
        "private.ltd -\n\nNovember 2004 to June 2018\n\nManager sales and marketing\n"
    )
    assert job.company != "Manager sales and marketing"
    (director,) = jobs(
        "Director, Vendor Services and Compliance\nOctober 2015 to Current Company Name - City , State\n"
        "Reviewed vendors.\n"
    )
    assert director.title == "Director, Vendor Services and Compliance"


def test_a_labelled_date_line_is_no_employer() -> None:
    # "Duration AUGUST/2004--APRIL/2005" under a job's dates restates them; read as the header of a job whose
    # own lines were typed in lower case, it was taken for the employer.
    (job,) = jobs("\nAugust 2004 to April 2005\n\nDuration AUGUST/2004--APRIL/2005\n\nprogrammer analyst\n")
    assert job.company is None


def test_a_firm_named_under_the_dates_when_the_employer_slot_names_a_channel() -> None:
    # "Bancassurance -" or "Client Relationships -" in Indeed's employer slot (a channel or a function), the
    # firm alone on the line under the dates with its legal form: that firm is the employer.
    (first, second) = jobs(
        "Co-Owner\nClient Relationships -\nSeptember 2017 to Present\nContoso Wealth Solutions Pvt Ltd.\n"
        "• Business generation in assigned territory\n"
        "Sales Manager\nBancassurance -\nJune 2016 to August 2017\nFabrikam GIC LTD\n• Manage bank channels\n"
    )
    assert (first.title, first.company) == ("Co-Owner", "Contoso Wealth Solutions Pvt Ltd")
    assert (second.title, second.company) == ("Sales Manager", "Fabrikam GIC LTD")
    # A sentence under the dates is no firm, whatever its last word.
    (third,) = jobs("Security Officer\nContoso of Fabrikam -\nMay 2013 to Present\nsalaries is limited\n")
    assert third.company == "Contoso of Fabrikam"


def test_a_lower_case_title_line_over_an_empty_employer_after_a_long_line() -> None:
    # Indeed's "title employer" typed in lower case, over the dash of an employer left empty, right after a
    # description's long last line without a full stop: a job header, not that sentence wrapped.
    (_, job) = jobs(
        "Senior Process Executive\nContoso Services Pvt. Ltd -\nFebruary 2016 to March 2018\n"
        "Reconciliation between GL account and customer account on month end\n\n"
        "process executive fabrikam\n\n-\n\nJuly 2013 to February 2016\n"
    )
    assert (job.title, job.company, job.start_date) == ("process executive", "fabrikam", date(2013, 7, 1))
    (_, intern) = jobs(
        "jr. web developer in contoso vision\n\n-\n\nSeptember 2015 to May 2016\n\n"
        "Software Testing Training at Fabrikam Technology From March 2018 to May 2018\n\n"
        "jr. web developer (intern) in tailspin systems\n\n-\n\nMarch 2015 to August 2015\n"
    )
    assert (intern.company, intern.start_date) == ("tailspin systems", date(2015, 3, 1))


def test_an_employer_typed_in_lower_case_beside_a_capitalised_note() -> None:
    # "contoso (Vendor @ Fabrikam)", "contoso ltd (Technology Lead)", "Fabrikam- contoso bpo ltd -": the
    # employer typed in lower case next to a note or a client written with capitals is still the employer.
    (vendor,) = jobs("consultant\n\ncontoso (Vendor @ Fabrikam)\n\nWorking as Test Automation Engineer.\n")
    assert vendor.company == "contoso"
    (lead,) = jobs(
        "global production support lead, - contoso ltd (Technology Lead)\n\n"
        "Fabrikam -  Pune, Maharashtra -\n\nJune 2016 to Present\n"
    )
    assert lead.company == "contoso ltd"
    (glued,) = jobs(
        "process specialist\n\nFabrikam Mortgage- contoso bpo ltd -  Pune, Maharashtra -\n\n"
        "May 2010 to May 2012\n"
    )
    assert glued.company == "contoso bpo ltd"


def test_an_employer_after_the_title_recurs_whatever_its_case() -> None:
    # "sdet automation engineer, contoso" over the client's dash line: the employer after the title is
    # recognised by recurring in the history, typed in lower case as it is.
    (first, second) = jobs(
        "sdet automation engineer, contoso\n\nFabrikam (Capital Group) -  Chandigarh, Chandigarh -\n\n"
        "February 2017 to Present\n\nTested the compliance workflow.\n\n"
        "test engineer, contoso\n\nTailspin Licensing (Northwind) -  Hyderabad, Telangana -\n\n"
        "April 2014 to November 2014\n\nTested licensing.\n"
    )
    assert (first.company, second.company) == ("contoso", "contoso")


def test_an_employer_typed_in_lower_case_with_its_legal_form_in_a_sentence() -> None:
    # The sentences of the two tests above with the employers typed in lower case: the legal form, not a
    # capital, says a name is there; a lower-case phrase without one ("the retail team") names no employer.
    first, second = jobs(
        "L1 Network Engineer\n"
        "Contoso -  Mumbai, Maharashtra -\n"
        "February 2017 to Present\n"
        "associated with Contoso on the roles of fabrikam (india) pvt. ltd\n"
        "Software Engineer\n"
        "Litware, Business Objects -\n"
        "June 2015 to January 2017\n"
        "• Working as software engineer with a retail client in northwind technologies pvt. ltd. since 2015\n"
    )
    assert first.company == "fabrikam (india) pvt. ltd"
    assert second.company == "northwind technologies pvt. ltd."
    found = jobs(
        "Test Analyst\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "March 2017 to Present\n"
        "• Worked as Billing Analyst for tailspin toys pvt ltd from June 2012 to January 2014.\n"
        "• Worked in the retail team from June 2010 to May 2012.\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Ltd", "Test Analyst"),
        ("tailspin toys pvt ltd", "Billing Analyst"),
    ]


def test_a_lower_case_employer_line_over_its_dates_after_a_long_line() -> None:
    # Indeed's "employer -" typed in lower case right over its dates, after a long line without a full
    # stop (a title with a note, a bullet): the employer line, not that line wrapped; a legal form alone
    # ("private.ltd -") is still the end of a name wrapped from the line above.
    (_, job) = jobs(
        "Programmer Analyst\nContoso Ltd -\nApril 2005 to Present\nExperience\n"
        "sr. software engineer consultant (Client of Fabrikam Technologies)\n\n"
        "tailspin comp services -\n\nAugust 2004 to April 2005\n"
    )
    assert (job.company, job.title) == ("tailspin comp services", "sr. software engineer consultant")
    wrapped = jobs(
        "Real Estate manager sales and marketing\n\n"
        "Contoso builders and developers , fabrikam infrastructure private.ltd , tailspin real structure\n"
        "private.ltd -\n\nNovember 2004 to June 2018\n"
    )
    assert "private.ltd" not in [job.company for job in wrapped]


def test_an_employer_typed_in_lower_case_in_a_label_or_a_table_row() -> None:
    # The project block's "ORGANISATION" label and a text table's employer column with the name typed in
    # lower case: its legal form says it is a name, as a capital would.
    resume = (
        "Jane Roe\n\nWORK EXPERIENCE\nBasis Consultant\nSAP Basis -\nMay 2012 to Present\n"
        "Support projects.\n\n"
        "ADDITIONAL INFORMATION\nPROJECT 1\nORGANISATION contoso india pvt ltd\nClient: Fabrikam Line\n"
    )
    (job,) = PARSER.parse(resume).work_experience
    assert job.company == "contoso india pvt ltd"
    (row,) = jobs(
        "Organization Designation Duration\n"
        "litware systems limited, Pune, India. sr. software engineer May/2008 - May/2016\n"
    )
    assert (row.company, row.title, row.location) == (
        "litware systems limited",
        "sr. software engineer",
        "Pune, India",
    )


def test_an_undated_job_between_two_descriptions_typed_in_lower_case() -> None:
    # The layout of ``test_an_undated_job_between_two_descriptions`` with its fields typed in lower case: the
    # organisation's word closing the name ("services") says it is one; a lower-case phrase does not.
    found = jobs(
        "dynamics ax technical consultant\n"
        "contoso fashions limited -\n"
        "October 2016 to Present\n"
        "Developing the new modules and customizing the existing modules in AX as per the\n"
        "company requirement\n"
        "dynamics ax technical consultant\n"
        "fabrikam technology services\n"
        "Developing the new modules and customizing the existing modules in AX as per the\n"
        "company requirement\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("dynamics ax technical consultant", "contoso fashions limited"),
        ("dynamics ax technical consultant", "fabrikam technology services"),
    ]


def test_a_sentence_job_whose_employer_is_typed_in_lower_case() -> None:
    # With no capital, a name is one in quotes, as a web address, or closed by an organisation noun and
    # followed by a place the gazetteer knows; a lower-case phrase after "worked in" is none.
    found = jobs(
        "Test Analyst\n"
        "Contoso Ltd -  Pune, Maharashtra -\n"
        "March 2017 to Present\n"
        "• Worked in northwind consultancy services, Hyderabad from Feb 2014 to Apr 2017\n"
        "• Worked with 'tailspin infotech' as a part-time employee.\n"
        "• Was Online Content Writer for fabrikam.com.\n"
        "• Worked in customer services from June 2010 to May 2012.\n"
        "• Worked with the support team as a part-time employee.\n"
    )
    assert [(job.company, job.title, job.location) for job in found] == [
        ("Contoso Ltd", "Test Analyst", "Pune, Maharashtra"),
        ("northwind consultancy services", None, "Hyderabad"),
        ("tailspin infotech", None, None),
        ("fabrikam.com", "Online Content Writer", None),
    ]
    assert found[1].start_date == date(2014, 2, 1)


def test_a_business_relationship_is_neither_title_nor_employer() -> None:
    # "Dealer of <brand> ...", "Channel Partner -<brand>", "(<brand> distributor)": what the employer is to a
    # brand, not the person's title nor the employer's name; the title line says the title.
    (dealer,) = jobs(
        "Sales Manager\n\nDealer of Contoso Two Wheeler Vehicles -  Akola, Maharashtra -\n\n"
        "June 2017 to August 2018\n"
    )
    assert (dealer.title, dealer.company) == ("Sales Manager", None)
    (note,) = jobs(
        "Sales Manager\n\nFABRIKAM ENTERPRISES ( tailspin ice-cream distributor) -\n\n"
        "March 2013 to November 2014\n"
    )
    assert (note.title, note.company) == ("Sales Manager", "FABRIKAM ENTERPRISES")
    # The same job written twice, once under its title, once under the relationship: the title is kept.
    found = jobs(
        "Asst. Sales Manager\n\nFabrikam Enterprises -\n\nAugust 2013 to July 2016\n\n"
        "Northwind Electric)\n\nChannel Partner -Northwind Elecric\n\n"
        "Fabrikam Enterprises -  Navi Mumbai, Maharashtra -\n\nAugust 2013 to July 2016\n"
    )
    assert [job.title for job in found] == ["Asst. Sales Manager"]
    # A dealer at a casino's table is a title.
    (casino,) = jobs("Table Games Dealer\n\nContoso Casino -\n\nMay 2015 to May 2017\n")
    assert casino.title == "Table Games Dealer"


def test_an_employer_run_into_the_title_on_a_numbered_line() -> None:
    # "3. Contoso Pharma HR Executive September2016 - ...": the name ends where a legal form or the same name
    # given elsewhere as an employer says; without such evidence the line stays one title ("SAP ABAP
    # Consultant" opens on a practice, "Tailspin Toys" on words nothing else names).
    found = jobs(
        "1. Fabrikam Ltd HR Manager May 2018 - Present\n"
        "2. Tailspin Toys Recruitment Officer January2017 - April 2018\n"
        "3. Contoso Pharma HR Executive September2016 - December 2016\n"
        "4. SAP ABAP Consultant May 2012 - May 2015\n\n"
        "SUMMARY\nHR professional, five years at Contoso Pharma and Fabrikam.\n\nSKILLS\nSAP ABAP, Java\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Fabrikam Ltd", "HR Manager"),
        (None, "Tailspin Toys Recruitment Officer"),
        ("Contoso Pharma", "HR Executive"),
        (None, "SAP ABAP Consultant"),
    ]


def test_a_title_with_its_note_typed_in_the_employers_field() -> None:
    # Title and employer typed in each other's fields, the title with a note in brackets in title words:
    # the note qualifies the title and names no employer ("Software" alone would read as a company word).
    (job,) = jobs(
        "Office Fabrikam\n\nProgram Manager (Software Delivery) -  Vadodara, Gujarat -\n\n"
        "January 2016 to Present\n"
    )
    assert (job.company, job.title) == ("Office Fabrikam", "Program Manager")


def test_a_title_for_a_client_typed_in_the_employers_field() -> None:
    # "Tech Support Executive for Contoso -" under "Fabrikam": the title and its client typed in the
    # employer's field; the employer is the line above, not the title read as an outsourcer.
    (job,) = jobs(
        "Fabrikam\n\nTech Support Executive for Contoso -\n\nSeptember 2017 to Present\n\nprocess.\n"
    )
    assert job.company == "Fabrikam"
    assert job.title is not None and job.title.startswith("Tech Support Executive")


def test_a_sentence_job_at_an_institution_typed_in_lower_case_with_its_title() -> None:
    # "working at fabrikam int school as an arabic teacher": the institution's noun closes the name and the
    # title the sentence gives says it is a job; "worked at the school" or a noun phrase without a title
    # is none.
    found = jobs(
        "Test Analyst\nContoso Ltd -\nMarch 2017 to Present\n"
        "• Present working at fabrikam int school as an arabic teacher.\n"
        "• Worked at customer services from June 2010 to May 2012.\n"
    )
    assert [(job.company, job.title) for job in found] == [
        ("Contoso Ltd", "Test Analyst"),
        ("fabrikam int school", "arabic teacher"),
    ]


def test_a_title_run_into_an_employer_another_job_names() -> None:
    # "AREA SALES MANAGER- CONTOSO FINANCE -": the title, then an employer another job of the resume names
    # ("Contoso Finance Ltd"); a name nothing else gives stays as written.
    found = jobs(
        "AREA SALES MANAGER- CONTOSO FINANCE -\n\nJune 2012 to Present\n\nSold loans.\n\n"
        "AREA SALES MANAGER- FABRIKAM FINSERV -  Nagpur, Maharashtra -\n\nJuly 2011 to May 2012\n\n"
        "Sold loans.\n\nArea Head\n\nContoso Finance Ltd -\n\nJanuary 2010 to June 2011\n\nLed the area.\n"
    )
    assert (found[0].company, found[0].title) == ("CONTOSO FINANCE", "AREA SALES MANAGER")
    assert found[1].company == "AREA SALES MANAGER- FABRIKAM FINSERV"


def test_a_title_in_capitals_ending_on_lead_is_no_heading() -> None:
    # "PROJECT LEAD" over Indeed's employer line is a title in capitals, not a "Projects" heading that cut
    # the job off from its header; "PROJECT DETAILS" is still a heading.
    assert heading_kind("PROJECT LEAD") is None
    assert heading_kind("PROJECT HEAD") is None
    assert heading_kind("PROJECT DETAILS") is not None
    (_, job) = jobs(
        "TECHNOLOGY LEAD\n\nFABRIKAM -  Pune, Maharashtra -\n\nOctober 2015 to July 2016\n\nLed it.\n\n"
        "PROJECT LEAD\n\nCONTOSO TELECOM UK -  Pune, Maharashtra -\n\nAugust 2010 to July 2015\n\nLed it.\n"
    )
    assert (job.title, job.company) == ("PROJECT LEAD", "CONTOSO TELECOM UK")


def test_an_undated_indeed_job_whose_title_has_a_glued_dash() -> None:
    # Indeed writes an undated job's employer line without its last dash ("Contoso Group -  Mumbai"); the
    # title above it may run a dash into its words ("Head-Business Unit", "Senior Manager- Ad Sales"), which
    # the title check read as one unknown word, so the job was lost.
    found = jobs(
        "Head-Business Unit\n\nContoso Group(German MNC) -  Mumbai\n\n"
        "Current Responsibilities: To lead the sales teams.\n\n"
        "Senior Manager- Advertising Sales\n\nFabrikam Media/Northwind -  Mumbai, Maharashtra\n\n"
        "Current Location Mumbai\n\n"
        "National Head\n\nTailspin Telecom Ltd -  Mumbai, Maharashtra -\n\nDecember 2013 to January 2016\n\n"
        "Managed accounts.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Head-Business Unit", "Contoso Group"),
        ("Senior Manager- Advertising Sales", "Fabrikam Media/Northwind"),
        ("National Head", "Tailspin Telecom Ltd"),
    ]
    # A function after the title's comma names no employer, even when another job's title repeats it.
    found = jobs(
        "Head-Business Development, Marketing & Operations\n\n"
        "Contoso Hospitality Ltd -  Mumbai, Maharashtra -\n\n2011 to 2012\n\n• Ran the restaurants.\n\n"
        "General Manager - Marketing & Operations\n\n"
        "Fabrikam Constructions (India) Pvt. Ltd -  Mumbai, Maharashtra -\n\n2009 to 2011\n\n• Ran sites.\n"
    )
    assert [job.company for job in found] == [
        "Contoso Hospitality Ltd",
        "Fabrikam Constructions (India) Pvt. Ltd",
    ]


def test_a_line_ending_with_a_colon_heads_what_follows_and_names_no_employer() -> None:
    # "Highlights across Career Path:" under a restated date line introduces the details under it; it was
    # read as that line's employer.
    found = jobs(
        "Deputy Manager- Sales\n\nContoso Forwarding India Pvt Ltd -  Mumbai, Maharashtra -\n\n"
        "September 2017 to April 2018\n\n"
        "September 2017 to May 2018 with Contoso Forwarding India Pvt. Ltd\n\n"
        "Highlights across Career Path:\nDeputy Manager- Sales\n❒ Responsible for clients\n"
    )
    assert "Highlights across Career Path" not in [job.company for job in found]
    assert {job.company for job in found} <= {
        "Contoso Forwarding India Pvt Ltd",
        "Contoso Forwarding India Pvt. Ltd",
    }


def test_a_plural_head_at_the_end_names_a_firm_not_a_title() -> None:
    # "CONTOSO SOLUTIONS & ENGINEERS" on Indeed's employer line under a function ("Marketing & Sales") was
    # read as the title, for its last word; a person's title is singular, a firm of engineers plural.
    (job, _) = jobs(
        "Marketing & Sales\n\nCONTOSO SOLUTIONS & ENGINEERS -  Navi Mumbai, Maharashtra -\n\n"
        "January 2015 to Present\n\n• Location: Navi Mumbai\n\nManager Sales\n\n"
        "FABRIKAM LIFE INSURANCE CO LTD -  Mumbai, Maharashtra -\n\nOctober 2014 to December 2014\n\n• Sold\n"
    )
    assert job.company == "CONTOSO SOLUTIONS & ENGINEERS"
    assert job.title != "CONTOSO SOLUTIONS & ENGINEERS"


def test_an_employer_label_typed_without_its_colon_over_a_designation() -> None:
    # "Company Contoso Group of Publications- Mumbai," / "Duration 3 Years" / "Designation: Deputy Manager":
    # a labelled entry whose label lost its colon; both jobs were lost.
    found = jobs(
        "Manager\n\nContoso World -  Mumbai, Maharashtra -\n\nAugust 2011 to February 2015\n\n"
        "KEY RESULT AREA\n*Heading the zone\n*Selling space\n\n"
        "Company Fabrikam Group of Publications- Mumbai,\nDuration 3 Years\n"
        "Designation: Deputy Manager, Space Marketing.\n\n"
        "Sales & Marketing\n*Vertical handled: Automobiles\n\n"
        "Company Northwind Music a division of Tailspin and Company Ltd-Mumbai\nDuration 8 Year.\n"
        "Designation: Deputy Manager.\n\nRole and Responsibilities\n*Sales & Marketing\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Manager", "Contoso World"),
        ("Deputy Manager, Space Marketing", "Fabrikam Group of Publications"),
        ("Deputy Manager", "Northwind Music a division of Tailspin and Company Ltd"),
    ]


def test_as_before_an_article_is_no_legal_form() -> None:
    # "To keep Team As a Trade Sales Executive" over a route in the employer slot: "As" ends Norwegian firms'
    # names ("AS"), so "To keep Team As" was split off as the employer and "a Trade Sales Executive" kept as
    # the title; a title never opens on an article.
    (_, job) = jobs(
        "Area Sales Manager\n\nContoso Foods Pvt Ltd -  Mumbai, Maharashtra -\n\n"
        "February 2016 to March 2018\n\n• Managing supervisors\n\nTo keep Team As a Trade Sales Executive\n\n"
        "Vile Parle to Virar -  Virar, Maharashtra -\n\nSeptember 2013 to January 2016\n\n"
        "Handling 3 Distributors.\n"
    )
    assert job.company is None
    assert job.title and job.title.endswith("Trade Sales Executive")


def test_a_ranking_is_an_achievement_not_an_employer() -> None:
    # "• Ranked amongst the Top 10 National achievers consistently from 2002 - 2007." under a job's
    # accomplishments was read as a job at "Ranked amongst the Top 10 National achievers consistently".
    found = jobs(
        "Sales of INR 18 Cr in 2009 achieving 103% of the regional budget with a growth of 23%.\n"
        "• Awarded as Hall of Fame Winner twice consecutively in the years 2006 & 2007\n"
        "• Accolades for Best Performance in Zone.\n"
        "• Ranked amongst the Top 10 National achievers consistently from 2002 - 2007.\n"
        "• Pivotal in team building and succession planning which lead to a drop in attrition and cost of\n"
        "hire.\n"
    )
    assert found == []


def test_a_list_of_places_is_the_territory_not_the_employer() -> None:
    # "Mumbai, Rest of Maharashtra (Pune, Nashik and more), Goa" over the title restated with its dates was
    # read as the employer of a second job.
    found = jobs(
        "Area Sales Manager\n\nContoso Decor Interior Design Pvt. Ltd -  Pune, Maharashtra -\n\n"
        "July 2014 to July 2015\n\n"
        "Mumbai, Rest of Maharashtra (Pune, Nashik, Kolhapur and more), Goa, Jaipur\n"
        "Area Sales Manager (July 2014 - July 2015)\n\n• Planning and scheduling team assignments.\n"
    )
    assert {job.company for job in found} <= {"Contoso Decor Interior Design Pvt. Ltd", None}


def test_a_school_activities_heading_is_no_employer() -> None:
    # A college post under a "CO-CURRICULAR'S -" heading, where Indeed puts the employer, read as a job.
    found = jobs(
        "Key Account Manager\n\nContoso Medical Supplies Pvt Ltd -\n\nJune 2018 to Present\n\n"
        "Sold supplies.\n\nHead of Technical Operations\n\nCO-CURRICULAR'S -\n\nJune 2015 to May 2016\n\n"
        "Ran the technical team of the college.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Key Account Manager", "Contoso Medical Supplies Pvt Ltd")
    ]
