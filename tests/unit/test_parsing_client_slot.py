"""Indeed's employer slot holding a client, product or department: the parser reads the employer the title
line or the entry names (guideline version 1). Names are invented."""

from __future__ import annotations

from app.parsing.models import WorkExperience
from app.parsing.rule_based import RuleBasedResumeParser

PARSER = RuleBasedResumeParser()


def jobs(experience: str) -> list[WorkExperience]:
    return PARSER.parse(f"Jane Roe\n\nWORK EXPERIENCE\n{experience}").work_experience


def test_a_long_function_phrase_on_the_employer_line_is_still_the_header() -> None:
    # Thirteen tokens with the dashes and the ampersands, eleven words: Indeed's employer line over its dates,
    # holding a function; the title line names the employer.
    (job,) = jobs(
        "Area sales Manager in Contoso Lights Pvt Ltd\n\n"
        "Retail Sales & Distribution Handling in Telecom & Lighting -  Rohtak, Haryana -\n\n"
        "April 2016 to Present\n\nHandled dealers.\n"
    )
    assert (job.title, job.company, job.location) == (
        "Area sales Manager",
        "Contoso Lights Pvt Ltd",
        "Rohtak, Haryana",
    )


def test_a_list_of_products_on_the_employer_line_stays_out_of_the_header() -> None:
    (job,) = jobs(
        "Space Seller, Banner Ads, Pop Up, Loading Screen Ect -  Bihar, Madhya Pradesh -\n\n"
        "January 2018 to Present\n\nSold space.\n"
    )
    assert job.company is None


def test_the_title_line_names_the_employer_over_a_client() -> None:
    # "Sales Associate in Contoso" over "Fabrikam -": a job at an outsourcer, its client typed where Indeed
    # puts the employer. A legal form or an organisation's word on the dash line keeps the dash line, and a
    # name the title line holds itself is the employer at a client's site.
    found = jobs(
        "Sales Associate in Contoso\n\nFabrikam -  Hyderabad, Telangana -\n\nJune 2015 to May 2017\n\n"
        "Handled calls.\n\n"
        "Test Analyst at Northwind, Hyderabad\n\nTailspin Ltd -  Hyderabad, Telangana -\n\n"
        "June 2013 to May 2015\n\nTested.\n\n"
        "Relationship Executive in Litware\n\nAdventure Bank -  Pune, Maharashtra -\n\n"
        "June 2011 to May 2013\n\nSold.\n\n"
        "Guard Supervisor at Woodgrove\n\nWoodgrove -  Pune, Maharashtra -\n\n"
        "June 2009 to May 2011\n\nGuarded.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Associate", "Contoso"),
        ("Test Analyst", "Tailspin Ltd"),
        ("Relationship Executive in Litware", "Adventure Bank"),
        ("Guard Supervisor", "Woodgrove"),
    ]


def test_the_employer_before_the_title_over_a_client_programme() -> None:
    # "Contoso Training, Test Engineer Trainee" over the client's programme: the employer (without its
    # training) is named again in the history; a name written once stays the client's line.
    found = jobs(
        "Contoso Training, Test Engineer Trainee\n\n"
        "Next Generation Licensing (Fabrikam) -  Mysore, Karnataka -\n\n"
        "August 2014 to November 2014\n\nTraining.\n\n"
        "Test Engineer, Contoso\n\nNext Generation Licensing (Fabrikam) -  Hyderabad, Telangana -\n\n"
        "April 2014 to November 2014\n\nTesting.\n\n"
        "Northwind Academy, Junior Tester\n\nTailspin Billing -  Pune, Maharashtra -\n\n"
        "April 2012 to November 2013\n\nTesting.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Test Engineer Trainee", "Contoso"),
        ("Test Engineer", "Contoso"),
        ("Junior Tester", "Tailspin Billing"),
    ]


def test_an_entry_naming_its_client_within_another_job_is_that_jobs_project() -> None:
    # "Contoso Corporation -" over dates within the Fabrikam job's and "Client Description: Contoso
    # Corporation is ...": a project of the Fabrikam job, no job of its own. Outside another job's dates
    # the entry stays, with the name it calls a client as its client, not its employer (session 33).
    found = jobs(
        "Operations Analyst\n\nFabrikam -  Pune, Maharashtra -\n\nJuly 2016 to Present\n\n"
        "Monitored servers.\n\n"
        "Database Support Analyst\n\nContoso Corporation -  Redmond, WA -\n\nJuly 2016 to Present\n\n"
        "Client Description:\nContoso Corporation is a software maker.\n\n"
        "Database Analyst\n\nNorthwind Systems -  Pune, Maharashtra -\n\nMay 2012 to June 2016\n\n"
        "Client: Northwind Systems\nRan backups.\n"
    )
    assert [(job.title, job.company, job.client) for job in found] == [
        ("Operations Analyst", "Fabrikam", None),
        ("Database Analyst", None, "Northwind Systems"),
    ]


def test_an_outsourced_employee_works_for_the_outsourcer() -> None:
    # The line under the dates says who employed the writer at the firm the header names; it was read as a
    # job of its own with no employer and the same dates.
    found = jobs(
        "Administrative Executive\n\nNorthwind India Limited -  Chennai, Tamil Nadu -\n\n"
        "November 2009 to September 2011\n\n"
        "Chennai (Outsourced employee of Fabrikam management Consultant (Nov 2009 - Sep 2011))\n\n"
        "Managed the office.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Administrative Executive", "Fabrikam management Consultant")
    ]


def test_the_details_name_the_employer_serving_the_client_in_the_slot() -> None:
    # The header's firm is called the client (or the firm deputed to) in the job's first sentences, which
    # name who employed the writer; a sentence that does not call it a client leaves the header alone.
    found = jobs(
        "Technical Support Engineer\n\nFabrikam -  Pune, Maharashtra -\n\nJune 2015 to May 2017\n\n"
        "Working for Contoso, client Fabrikam, on network support.\n\n"
        "Support Engineer\n\nTailspin -  Pune, Maharashtra -\n\nJune 2013 to May 2015\n\n"
        "Deputed to Tailspin by Northwind Solutions for desktop support.\n\n"
        "Desktop Engineer\n\nLitware -  Pune, Maharashtra -\n\nJune 2011 to May 2013\n\n"
        "Worked with Adventure Works on a migration.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Technical Support Engineer", "Contoso"),
        ("Support Engineer", "Northwind Solutions"),
        ("Desktop Engineer", "Litware"),
    ]


def test_an_untitled_project_record_within_another_job_is_that_jobs_project() -> None:
    # "Fabrikam Ledger ERP -" with no title over dates within the Contoso job, its details a project's
    # record ("Description ...", "Role"): a project of the Contoso job. An untitled entry whose details are
    # no project's record, or one outside another job's dates, stays.
    found = jobs(
        "Functional Consultant\n\nContoso Infotech Ltd -  Mumbai, Maharashtra -\n\nMarch 2014 to Present\n\n"
        "Implemented the ledger.\n\n"
        "Fabrikam Ledger ERP -\n\nSeptember 2017 to November 2017\n\n"
        "Description Jewellery Business\nRole\n• Testing of customisations.\n\n"
        "Tailspin Traders -\n\nJanuary 2016 to March 2016\n\nHandled the accounts of the shop.\n\n"
        "Northwind Ledger ERP -\n\nJanuary 2012 to March 2013\n\n"
        "Description Retail Business\nRole\n• Testing.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Functional Consultant", "Contoso Infotech Ltd"),
        (None, "Tailspin Traders"),
        (None, "Northwind Ledger ERP"),
    ]


def test_a_relation_to_a_firm_the_line_does_not_name_leaves_the_employer() -> None:
    # "Now" after the legal form (the later name cut off) and "a Division" (of a parent not named) are no
    # part of the employer's name; a name that holds "now" as a word of its own keeps it.
    found = jobs(
        "Sales Representative\n\nContoso Detergent Pvt. Ltd. Now -  Delhi, Delhi -\n\n"
        "April 2009 to March 2010\n\nSold soap.\n\n"
        "Business Development Executive\n\nFabrikam Life Sciences a Division -  Bandra, Maharashtra -\n\n"
        "January 2008 to March 2009\n\nSold tonics.\n\n"
        "Sales Executive\n\nShop Now Retail -  Pune, Maharashtra -\n\n"
        "January 2006 to December 2007\n\nSold.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Representative", "Contoso Detergent Pvt. Ltd."),
        ("Business Development Executive", "Fabrikam Life Sciences"),
        ("Sales Executive", "Shop Now Retail"),
    ]


def test_a_project_dated_by_its_year_alone_within_a_job_begun_that_year() -> None:
    # "2002 to 2002" reads as January to January; the project lies in a job begun in November 2002, so it
    # is that job's project. A year before the job began stays an entry of its own.
    found = jobs(
        "Software Engineer\n\nContoso Technology Ltd -  Bengaluru, Karnataka -\n\n"
        "November 2002 to May 2010\n\nBuilt adapters.\n\n"
        "Fabrikam Adapter POC -\n\n2002 to 2002\n\nThe project involves a proof of concept of an adapter.\n\n"
        "Tailspin Claim Desk -\n\n2001 to 2001\n\nThe project involves a claims desk.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Software Engineer", "Contoso Technology Ltd"),
        (None, "Tailspin Claim Desk"),
    ]


def test_states_written_by_their_iso_codes_are_a_territory_not_an_employer() -> None:
    # ISO 3166-2:IN codes beside a state's name ("Gujarat & MP") or a part of it ("TN-South"): where the sales
    # job was. Initials alone or beside other initials ("HR & AP") are no evidence, and stay as written.
    found = jobs(
        "Area Sales Manager\n\nGujarat & MP -  Mumbai, Maharashtra -\n\n"
        "July 2009 to April 2011\n\nSold lubricants.\n\n"
        "Sales Manager\n\nTN-South -\n\nFebruary 2008 to June 2009\n\nSold lubricants.\n\n"
        "Sales Officer\n\nContoso Oils Pvt Ltd -  Mumbai, Maharashtra -\n\n"
        "February 2007 to January 2008\n\nSold.\n\n"
        "Executive\n\nHR & AP Consulting -  Pune, Maharashtra -\n\n"
        "January 2006 to January 2007\n\nRecruited.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Area Sales Manager", None),
        ("Sales Manager", None),
        ("Sales Officer", "Contoso Oils Pvt Ltd"),
        ("Executive", "HR & AP Consulting"),
    ]


def test_initials_that_spell_a_sentence_word_before_an_organisation_noun_name_the_employer() -> None:
    # "AM" opens sentences ("Am responsible for ..."); in capitals before "CONSULTANTS" it is a firm's
    # initials. "AM RESPONSIBLE FOR ..." stays a sentence.
    found = jobs(
        "Administrative Executive\n\nAM FABRIKAM CONSULTANTS PUNE -  Pune, Maharashtra -\n\n"
        "September 2005 to October 2007\n\nFiled.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Administrative Executive", "AM FABRIKAM CONSULTANTS PUNE")
    ]


def test_the_first_line_of_details_names_the_employer_recruited_by() -> None:
    # The slot holds a business line in lower-case words; the details open on who hired them. A named
    # employer in the slot stays.
    found = jobs(
        "Manager- Sales\n\nIncentives and rewards Services -\n\nSeptember 2015 to Present\n\n"
        "Recruited by Contoso Group, world leader of vouchers, across 80 countries\n\n"
        "Key Accounts Manager\n\nFabrikam Learning -\n\nMay 2012 to August 2015\n\n"
        "Recruited by Tailspin Group for a project\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Manager- Sales", "Contoso Group"),
        ("Key Accounts Manager", "Fabrikam Learning"),
    ]


def test_a_bulleted_employer_and_branch_above_an_empty_slot_names_the_employer() -> None:
    # The line ends the job before's details; the job under it left Indeed's employer slot blank.
    found = jobs(
        "Senior Sales Officer\n\nContoso Housing Fin. Pvt. Ltd -  Pune, Maharashtra -\n\n"
        "April 2013 to May 2014\n\n• Handling home loan sales\n"
        "➢ FABRIKAM RURAL FINANCE LTD, Nagpur Branch\n\n"
        "Agent Channel Officer\n\n-\n\nJanuary 2008 to June 2011\n\nHandling agents.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Senior Sales Officer", "Contoso Housing Fin. Pvt. Ltd"),
        ("Agent Channel Officer", "FABRIKAM RURAL FINANCE LTD"),
    ]


def test_a_firm_named_before_a_dash_and_its_relation_to_a_brand_is_the_employer() -> None:
    # "- Woodland Distributor" says what the firm is to a brand; the name before the dash is the employer.
    found = jobs(
        "Assistant Manager - Marketing & Sales\n\nContosoAssociates- Fabrikam Distributor -\n\n"
        "September 2009 to June 2012\n\nSold shoes.\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Assistant Manager - Marketing & Sales", "ContosoAssociates")
    ]


def test_a_name_under_the_dates_of_a_slot_holding_the_titles_initials_is_the_employer() -> None:
    # "SDM -" is "Sales Development Manager" again; "Contoso Life" alone under the dates names the employer.
    # A place there ("Mumbai") is where the job was.
    found = jobs(
        "Sales Development Manager\n\nSDM -\n\nNovember 2014 to July 2015\n\nContoso Life\n\n"
        "Sales Development Manager\n\nSDM -  Mumbai, Maharashtra -\n\nFebruary 2014 to June 2014\n\nMumbai\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Sales Development Manager", "Contoso Life"),
        ("Sales Development Manager", None),
    ]


def test_an_employer_slot_repeating_an_item_of_the_jobs_duties_is_no_employer() -> None:
    # The first duty typed where Indeed puts the employer; a name that the details merely mention stays.
    found = jobs(
        "Store Manager\n\nBilling through Email -\n\nMay 2015 to Present\n\n"
        "a. Billing through Email.\nb. Inventory Management\n\n"
        "Account Assistant\n\nContoso Builders -\n\nSeptember 2014 to April 2015\n\n"
        "• Handled Contoso Builders accounts\n"
    )
    assert [(job.title, job.company) for job in found] == [
        ("Store Manager", None),
        ("Account Assistant", "Contoso Builders"),
    ]
