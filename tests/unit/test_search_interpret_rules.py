"""The smart search's offline interpreter read as recruiters and job postings phrase their requests."""

from __future__ import annotations

import pytest

from app.search.interpret import interpret_rules


@pytest.mark.parametrize(
    ("text", "query", "low", "high"),
    [
        # Numbers spelled out, as postings write them.
        ("data scientist with at least five years of experience", "data scientist", 5, None),
        ("analyst, two years", "analyst", 2, None),
        ("Position requires five (5) years of related experience", "position requires related", 5, None),
        # "Plus" and "or more" after the number or the unit.
        ("machine learning engineer 5 plus years", "machine learning engineer", 5, None),
        ("java developer 10 years+", "java developer", 10, None),
        ("5 or more years of experience with python", "python", 5, None),
        ("a data scientist with 3-years experience", "data scientist", 3, None),
        # An upper bound however it is said: "no more than" is not "more than".
        ("python developer 2 years or less", "python developer", None, 2),
        ("analyst with no more than 5 years", "analyst", None, 5),
        ("nurse, fewer than 3 years", "nurse", None, 3),
        ("analyst 3 or fewer years", "analyst", None, 3),
        # "YOE" and "5y" as recruiters abbreviate; both numbers of a range spelled out.
        ("python developer 5+ YOE", "python developer", 5, None),
        ("data scientist 5y experience", "data scientist", 5, None),
        ("between three and five years of experience", None, 3, 5),
        # Months, as years ("months" was a word and the number dropped).
        ("analyst with 6 months experience", "analyst", 0.5, None),
        ("18 months of python", "python", 1.5, None),
        ("analyst 3-6 months", "analyst", 0.25, 0.5),
    ],
)
def test_smart_search_reads_the_years_as_recruiters_write_them(
    text: str, query: str | None, low: float | None, high: float | None
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.min_experience_years, request.max_experience_years) == (query, low, high)


@pytest.mark.parametrize("text", ["python developer, 2 years or less", "less than 2 years python developer"])
def test_the_words_of_the_years_name_no_skill(text: str) -> None:
    # "less" is also the LESS stylesheet language: a skill nobody asked for, on a chip and in the ranking.
    assert interpret_rules(text, limit=10).skills == ["Python"]


@pytest.mark.parametrize(
    ("text", "query", "level"),
    [
        # A typographic apostrophe, as phones and word processors type it.
        ("data scientist with a master’s degree", "data scientist", "master"),
        ("bachelor’s degree in statistics", "statistics", "bachelor"),
        # Two letters before "in" or "degree", as postings abbreviate the degree.
        ("BS in computer science", "computer science", "bachelor"),
        ("M.S. in computer science", "computer science", "master"),
        ("economist, BA degree", "economist", "bachelor"),
        # ... but not Microsoft's, nor Mississippi's.
        ("MS Office expert", "ms office expert", None),
    ],
)
def test_smart_search_reads_the_degree_as_recruiters_write_it(
    text: str, query: str, level: str | None
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.education_level) == (query, level)


@pytest.mark.parametrize(
    ("text", "query", "skills", "locations"),
    [
        # The search cannot exclude: what is not wanted is neither a filter nor a word searched for (a
        # skill it names asked for exactly the people the recruiter did not want).
        ("data scientist without Java", "data scientist", [], []),
        ("python developer but not java", "python developer", ["Python"], []),
        ("python developer, no java, in Berlin", "python developer", ["Python"], ["Berlin"]),
        ("data engineer without Java or Scala experience", "data engineer", [], []),
        ("engineer not a manager", "engineer", [], []),
        # A request that starts with what it does not want: "without java" searched for Java, its people
        # first, and said nothing was left out.
        ("without Java", None, [], []),
        ("Except java, in Berlin", None, [], ["Berlin"]),
        ("not a manager", None, [], []),
        # ... but the years' bounds, a place not wanted and a title that starts with "No" stay as before.
        ("analyst with no more than 5 years", "analyst", [], []),
        ("nurse not in Berlin", "nurse", [], []),
        ("No Bake Molder", "no bake molder", [], []),
    ],
)
def test_smart_search_does_not_search_for_what_the_request_does_not_want(
    text: str, query: str, skills: list[str], locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.skills, request.locations) == (query, skills, locations)


def test_what_the_request_does_not_want_is_said_as_left_out() -> None:
    # Dropped from the search without a word: the chips showed "data scientist" and nothing said that Java
    # had been read, nor that Berlin was not a place asked for.
    said = {
        "data scientist without Java": ("without Java",),
        "python developer but not java or c#, in Berlin": ("not java or c#",),
        "java engineer, no PhD": ("no PhD",),
        "accountant outside London, 5 years": ("outside London",),
        "nurse not in Berlin": ("not in Berlin",),
        "without Java": ("without Java",),
        "excluding sales, 5+ years": ("excluding sales",),
    }
    for text, left_out in said.items():
        assert interpret_rules(text, limit=10).not_searched == left_out, text
    # Bounds of the years and a request that starts with "No" are read, not left out.
    assert interpret_rules("analyst with no more than 5 years", limit=10).not_searched == ()


def test_a_skill_written_with_a_leading_dot_stays_a_word_of_the_query_as_written() -> None:
    # ".NET" was searched as the word "net", which names no skill: .NET, which a skill the text names only
    # ranks, filtered instead, and ".NET developer" found no developer whose parsed skills miss it.
    for text, query in (
        (".NET developer", ".net developer"),
        ("C#/.NET engineer, 3+ years", "c#/.net engineer"),
    ):
        request = interpret_rules(text, limit=10)
        assert (request.query, ".NET" in request.skills) == (query, True), text
    # A sentence's full stop is no part of a word.
    assert interpret_rules("Java developer.", limit=10).query == "java developer"


def test_a_degree_not_wanted_is_no_degree_asked() -> None:
    request = interpret_rules("data scientist with no phd", limit=10)
    assert (request.query, request.education_level) == ("data scientist", None)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # The search has no dates: a period's years stay words, on the chips, rather than vanishing with
        # "between" left as a word in their place.
        ("python developers who worked at Google between 2018 and 2020", "python developers 2018 2020"),
        ("engineer at Google 2018-2020", "engineer 2018 2020"),  # no phone number
        ("analyst at Google since 2019", "analyst 2019"),
        # A phone number is still no word.
        ("engineer at Google, +49 30 1234567", "engineer"),
    ],
)
def test_smart_search_keeps_a_periods_years_as_words(text: str, query: str) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.companies) == (query, ["Google"])


@pytest.mark.parametrize(
    ("text", "query", "locations"),
    [
        # Two places or more, any of which a candidate may live in: the second was a word of the query.
        ("data engineer in Berlin or Munich", "data engineer", ["Berlin", "Munich"]),
        ("data engineer Berlin/Munich", "data engineer", ["Berlin", "Munich"]),
        ("data engineer in Germany or Austria", "data engineer", ["Germany", "Austria"]),
        ("data engineer in Berlin, Munich or Hamburg", "data engineer", ["Berlin", "Munich", "Hamburg"]),
        ("data scientist in Austin, TX or Dallas, TX", "data scientist", ["Austin, TX", "Dallas, TX"]),
        ("data engineer in Berlin, Germany", "data engineer", ["Berlin, Germany"]),  # one place
        # Without "in", as job headers write it: the country alone was the filter (every German city let
        # in) and the city a word of the query.
        ("Data Engineer | Munich, Germany", "data engineer", ["Munich, Germany"]),
        ("Accountant - London, UK", "accountant", ["London, UK"]),
        ("Berlin, Germany java developer", "java developer", ["Berlin, Germany"]),
        # "in the ...": the place was dropped ("US", a framing word too) or searched as words.
        ("data scientist in the US", "data scientist", ["US"]),
        # ... in lower case too: "us" is also a framing word, and the place vanished without a word.
        ("data scientist in the us", "data scientist", ["us"]),
        ("data scientist in the Netherlands", "data scientist", ["Netherlands"]),
        ("data scientist in the Bay Area", "data scientist", ["Bay Area"]),  # not Bay, Arkansas
        ("analyst with experience in the area of fraud", "analyst area fraud", []),  # no town called Area
        # A skill or a field after "in" is no place (the towns of Big and CS's capitals as written).
        ("engineer with experience in Big Data", "engineer big data", []),
        ("bachelor in CS", "cs", []),
        # In lower case, a word that is also a small town's or an alternate name in GeoNames is the word:
        # these filtered on places nobody lives in (One, More, Police) and answered nobody.
        ("experience in one or more of java and python", "one java python", []),
        ("teacher experienced in yoga", "teacher yoga", []),
        ("security guard with experience in police", "security guard police", []),
        # ... while a large city, a state, a country or a name of two words is the place, as typed.
        ("nurse in boston or new york", "nurse", ["boston", "new york"]),
        ("developer in texas", "developer", ["texas"]),
        ("engineer in india", "engineer", ["india"]),
        ("nurse in boise, id", "nurse", ["boise, id"]),
        # A large city in another script is the place (a place filter finds it by all its names): it was
        # a word of the query, which no one's record holds.
        ("developer in Мюнхен", "developer", ["Мюнхен"]),
        ("engineer in 東京", "engineer", ["東京"]),
    ],
)
def test_smart_search_reads_places_as_recruiters_list_them(
    text: str, query: str, locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.locations) == (query, locations)


@pytest.mark.parametrize(
    ("text", "query", "companies", "locations"),
    [
        # Employers as recruiters name them besides "at": each was a skill or words before.
        ("consultant from Oracle", "consultant", ["Oracle"], []),
        ("software engineer from Google", "software engineer", ["Google"], []),
        ("engineer from Globex GmbH", "engineer", ["Globex GmbH"], []),
        ("ex-Google engineer", "engineer", ["Google"], []),
        ("engineer who worked for Google", "engineer", ["Google"], []),
        ("developer working for SAP or Salesforce", "developer", ["SAP", "Salesforce"], []),
        ("engineer formerly with Oracle", "engineer", ["Oracle"], []),
        ("analyst formerly at Facebook", "analyst", ["Facebook"], []),
        # "from" a place is still the place.
        ("nurse from Texas", "nurse", [], ["Texas"]),
        # ... and a name the gazetteer does not list is neither an employer nor a place: a word of the query.
        # As a place ("Deloitte", "Europe") it filtered on a location nobody's record names: nobody came.
        ("consultant from Deloitte", "consultant deloitte", [], []),
        ("developers from Europe", "developers europe", [], []),
        ("nurse from the Midwest", "nurse midwest", [], []),
        ("engineer from Berlin at Google", "engineer", ["Google"], ["Berlin"]),
    ],
)
def test_smart_search_reads_employers_as_recruiters_name_them(
    text: str, query: str, companies: list[str], locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.companies, request.locations) == (query, companies, locations)


def test_smart_search_reads_an_employer_typed_in_lower_case() -> None:
    # Only capitalised names were read: "worked at acme" searched the word, which no employer field holds
    # (the corpus of the API tests answered nobody), and "ex-microsoft engineer" searched "ex-microsoft".
    read = {
        "worked at acme": (None, ["acme"]),
        "ex-microsoft engineer": ("engineer", ["microsoft"]),
        "engineer who worked for amazon or meta": ("engineer", ["amazon", "meta"]),
        "analyst formerly with kpmg, 5 years": ("analyst", ["kpmg"]),
        "worked at google, python developer": ("python developer", ["google"]),
    }
    for text, (query, companies) in read.items():
        request = interpret_rules(text, limit=10)
        assert (request.query, request.companies) == (query, companies), text
    # A kind of employer, a word of job titles or a name of several words stays words.
    kept = (
        "developer who worked at big tech",
        "nurse who worked at startups",
        "worked at goldman sachs",
        # A posting's duties: "work for" says whom for, not an employer.
        "present how the models work for stakeholders",
        "analyst who works for clients and partners",
    )
    for text in kept:
        assert interpret_rules(text, limit=10).companies == [], text


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # Framing words and signs were words searched for (each lets in every resume that has it).
        ("I need someone who can do machine learning", "machine learning"),
        ("I'm looking for a java developer", "java developer"),
        ("show me all java developers", "java developers"),
        ("data engineer w/ Python", "data engineer python"),
        ("python developer who is also good at communication", "python developer communication"),
        ("full stack developer (React + Node)", "full stack developer react node"),
        # A possessive's "s" was a word ("nurse s hospitals"), a letter in countless resumes.
        ("nurse in Boston’s hospitals", "nurse hospitals"),
        ("McDonald's shift manager", "mcdonald shift manager"),
        # How urgent the hiring is: a rare word, so a resume that holds it came first.
        ("urgently need a java developer asap", "java developer"),
        ("java developer vacancy, immediate start", "java developer start"),
        # In capitals the same letters name something; a level stays.
        ("DO family medicine physician", "do family medicine physician"),
        ("Data Analyst I", "data analyst i"),
    ],
)
def test_smart_search_leaves_framing_words_out_of_the_text(text: str, query: str) -> None:
    assert interpret_rules(text, limit=10).query == query


@pytest.mark.parametrize(
    ("text", "query", "level"),
    [
        # Several degrees accepted: the lowest (the filter asks for one level), every one cut from the text.
        # Before, the highest: "MS or PhD" filtered out the MS holders, and "ms" or "bachelor s" were words.
        ("statistician with a PhD or MS", "statistician", "master"),
        ("data scientist, MS or PhD", "data scientist", "master"),
        ("BS/MS/PhD in statistics", "statistics", "bachelor"),
        ("bachelor's or master's degree in statistics", "statistics", "bachelor"),
        ("Excel or MS Access", "excel ms access", None),  # no degree beside it: Microsoft's
    ],
)
def test_smart_search_reads_the_lowest_of_the_degrees_listed(
    text: str, query: str, level: str | None
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.education_level) == (query, level)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        # Several ranks asked: any of them. Before, the first in the table's order: "junior to mid-level"
        # stopped at 3 years, "mid-senior" at 7.
        ("junior to mid-level python developer", None, 7),
        ("mid-senior data analyst", 3, None),
        ("senior or staff engineer", 5, None),
    ],
)
def test_smart_search_reads_several_ranks_as_any_of_them(
    text: str, low: float | None, high: float | None
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.min_experience_years, request.max_experience_years) == (low, high)


@pytest.mark.parametrize(
    ("text", "query"),
    [
        # Kinds of employers, not one's name: each filtered on an employer nobody worked for, and nobody came.
        ("PM at FAANG", "pm faang"),
        ("accountant at Big 4", "accountant big"),
        ("consultant at The Big Four", "consultant big four"),
        ("engineer at Fortune 500 companies", "engineer fortune companies"),
    ],
)
def test_a_kind_of_employer_after_at_is_no_employer(text: str, query: str) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.companies) == (query, [])


@pytest.mark.parametrize(
    ("text", "query", "companies", "locations"),
    [
        # "At" and "AT" were no lead: the employer was a skill or words ("data scientist google").
        ("DATA SCIENTIST AT GOOGLE IN BERLIN", "data scientist", ["GOOGLE"], ["BERLIN"]),
        ("EX-GOOGLE ENGINEER", "engineer", ["GOOGLE"], []),
        ("ANALYST AT BANK OF AMERICA, 5 YEARS", "analyst", ["BANK OF AMERICA"], []),
        ("Engineer At Google With Python", "engineer python", ["Google"], []),
        # ... but a word of job titles after a capitalised lead is the title's.
        ("Attorney At Law", "attorney law", [], []),
        ("Stay At Home Parent", "stay home parent", [], []),
        # ... and in a sentence, "At <name>, we ..." is a pasted posting's employer, not one asked for.
        ("At Mist, we built the first platform", "mist built first platform", [], []),
    ],
)
def test_smart_search_reads_an_employer_in_a_request_typed_in_capitals(
    text: str, query: str, companies: list[str], locations: list[str]
) -> None:
    request = interpret_rules(text, limit=10)
    assert (request.query, request.companies, request.locations) == (query, companies, locations)


def test_smart_search_leaves_the_article_out_of_an_employers_name() -> None:
    # "at the Boston Consulting Group" was three words of the text, no employer.
    request = interpret_rules("consultant at the Boston Consulting Group", limit=10)
    assert (request.query, request.companies) == ("consultant", ["Boston Consulting Group"])


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("experience in Amazon's fulfillment centers", "amazon"),
        ("picker in Amazon’s warehouses", "amazon"),
        ("a role in Life360's growth", "growth"),
    ],
)
def test_a_possessive_after_in_names_no_place(text: str, word: str) -> None:
    # "in Amazon's ..." filtered on a place called "Amazon's" (or "Amazon"), which no candidate's location
    # names: nobody came. The name stays a word of the query.
    request = interpret_rules(text, limit=10)
    assert request.locations == []
    assert word in (request.query or "").split()


def test_a_long_list_of_places_is_cut_to_what_a_search_takes() -> None:
    # Places listed are all read now: 26 of them failed the request's validation, a 422 naming
    # `locations`, a field the smart search's caller never sent.
    cities = (
        "Berlin, Munich, Hamburg, Cologne, Frankfurt, Stuttgart, Dresden, Leipzig, Bremen, Hanover, "
        "Nuremberg, Essen, Dortmund, Bonn, Kiel, Mainz, Kassel, Erfurt, Rostock, Potsdam, Vienna, Zurich, "
        "Paris, London"
    )
    request = interpret_rules(f"engineer in {cities}", limit=10)
    assert request.locations == cities.split(", ")[:20]


@pytest.mark.parametrize(
    "text",
    [
        "python developer at " + "Abcdefghij" * 12,
        "nurse in " + "Abcdefghij" * 12,
        "nurse in Berlin, " + "Abcdefghijk" * 10 + " or Munich",
    ],
)
def test_a_name_longer_than_a_request_may_hold_stays_a_word_of_the_query(text: str) -> None:
    # The reading became the request's `companies` / `locations`, and the search answered a 422 naming
    # `locations.0`, a field the caller never sent.
    request = interpret_rules(text, 10)
    assert all(len(name) <= 100 for name in (*request.companies, *request.locations))
    assert request.query is not None and "abcdefghij" in request.query


def test_an_employer_the_recruiter_does_not_want_is_no_filter() -> None:
    # Its lead was read alone: "engineer not at Google" filtered on Google, the one employer not wanted, and
    # searched the word "not".
    for text, said in (
        ("engineer not at Google", "not at Google"),
        ("sales manager not from Oracle", "not from Oracle"),
        ("engineer who never worked at Google", "never worked at Google"),
        ("engineer, not ex-Google", "not ex-Google"),
        ("engineer not working at Amazon", "not working at Amazon"),
    ):
        request = interpret_rules(text, 10)
        assert (request.companies, request.not_searched) == ([], (said,)), text
        assert "not" not in (request.query or "").split() and "never" not in (request.query or "").split()
    request = interpret_rules("data scientist at Google, not at Meta, in London", 10)
    assert (request.companies, request.locations, request.not_searched) == (
        ["Google"],
        ["London"],
        ("not at Meta",),
    )


def test_places_and_employers_past_what_a_request_takes_are_said_to_be_left_out() -> None:
    # The 21st place and employer on were dropped unseen: the search said nothing of Sydney or Tokyo.
    cities = ["Berlin", "Munich", "Paris", "London", "Hamburg", "Austin", "Chicago", "Toronto", "Amsterdam"]
    cities += ["Madrid", "Rome", "Vienna", "Zurich", "Oslo", "Dublin", "Lisbon", "Prague", "Warsaw", "Athens"]
    cities += ["Milan", "Sydney", "Tokyo"]
    # Said among what a search cannot exclude after that, they are said by their field and the cap since.
    request = interpret_rules("nurses in " + " or ".join(cities), 10)
    assert (request.locations, request.not_searched) == (cities[:20], ())
    assert [w.model_dump() for w in request.warnings] == [
        {
            "field": "locations",
            "problem": "the sentence names 22 places; a search takes 20: Sydney, Tokyo not searched",
        }
    ]
    employers = [f"Contoso{n}" for n in range(22)]
    request = interpret_rules("developers at " + " or ".join(employers), 10)
    assert request.companies == employers[:20]
    assert [w.field for w in request.warnings] == ["companies"]
    assert request.warnings[0].problem.endswith("a search takes 20: Contoso20, Contoso21 not searched")


def test_skills_past_what_a_request_takes_are_said_to_be_words_only() -> None:
    # The 31st skill on was dropped from the request's skills unsaid: no chip, never matched or missing.
    named = [
        "python",
        "java",
        "rust",
        "ruby",
        "php",
        "perl",
        "scala",
        "kotlin",
        "haskell",
        "erlang",
        "elixir",
    ]
    named += ["clojure", "lua", "matlab", "fortran", "cobol", "typescript", "javascript", "sql", "bash"]
    named += ["kubernetes", "docker", "terraform", "ansible", "react", "angular", "django", "flask", "spring"]
    named += ["postgresql", "mongodb", "redis"]
    request = interpret_rules(" ".join(named), 10)
    assert len(request.skills) == 30
    [warning] = request.warnings
    assert warning.field == "skills"
    assert warning.problem.startswith(f"the sentence names {len(named)} skills; a search takes 30: ")
    assert warning.problem.endswith("searched as words only, not as skills")
    assert "redis" in (request.query or "").split()
