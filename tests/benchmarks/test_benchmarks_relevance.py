"""Relevance metrics and the bodies the relevance benchmark sends."""

from __future__ import annotations

import json
import math
from datetime import date

import pytest

from app.search import queries
from app.search.schemas import SearchRequest
from benchmarks.relevance import before_issue15, feedback_bigrams, feedback_voters, probe, variants
from benchmarks.relevance.metrics import ndcg_at, precision_at, reciprocal_rank

TODAY = date(2026, 11, 28)


def test_ndcg_is_one_for_a_perfect_ranking_and_discounts_later_hits() -> None:
    assert ndcg_at([True] * 10, total_relevant=50) == pytest.approx(1.0)
    assert ndcg_at([True, False], total_relevant=1) == pytest.approx(1.0)
    assert ndcg_at([False, True], total_relevant=1) == pytest.approx(1 / math.log2(3))
    assert ndcg_at([False] * 10, total_relevant=5) == 0.0
    assert ndcg_at([True], total_relevant=0) == 0.0
    # Only the top k count.
    assert ndcg_at([False] * 10 + [True], total_relevant=1, k=10) == 0.0


def test_precision_and_reciprocal_rank() -> None:
    ranked = [False, False, True, True] + [False] * 6
    assert precision_at(ranked) == 0.2
    assert reciprocal_rank(ranked) == pytest.approx(1 / 3)
    assert reciprocal_rank([False] * 10) == 0.0
    # Fewer than k results still divide by k.
    assert precision_at([True, True]) == 0.2


# The hits of the title feedback's first pass (or a variant's probe), as the benchmark's search gives them.
PROBE_HITS = [
    {"_id": "a", "_source": {"current_title": "Senior Python Developer"}},
    {"_id": "b", "_source": {"current_title": "Python Developer"}},
    {"_id": "c", "_source": {"current_title": "Data Engineer"}},
]


async def fake_search(body: dict) -> dict:
    """Answers the first pass only: the builders send nothing else through it."""
    sizes = (queries.TITLE_FEEDBACK_HITS, queries.FEEDBACK_WINDOW)
    assert body["size"] in sizes and "current_title" in body["_source"]
    return {"took": 1, "hits": {"hits": PROBE_HITS}}


async def test_ours_is_exactly_the_api_body_with_the_skills_found_in_the_text() -> None:
    text = "python developer with kubernetes and aws"
    request = variants.request_for(text)
    assert "Python" in request.skills and "Kubernetes" in request.skills
    expected = queries.build_search(
        SearchRequest(query=text, skills=request.skills, limit=10),
        None,
        TODAY,
        None,
        queries.title_feedback(PROBE_HITS),
        window=["a", "b", "c"],
    )
    assert await variants.ours(text, TODAY, fake_search) == expected
    assert "'developer'" in str(expected) and "'python'" in str(expected)
    assert variants.bm25(text) == {"query": {"multi_match": {"query": text, "fields": ["resume_text"]}}}


async def test_constant_variants_restore_the_module_after_building() -> None:
    before = queries.RESUME_TEXT_BOOST
    body = await variants.VARIANTS["resume_text_boost_0.5"](
        "general ledger accounts payable", TODAY, fake_search
    )
    assert queries.RESUME_TEXT_BOOST == before
    ours = await variants.ours("ledger", TODAY, fake_search)
    assert _resume_text_boosts(body) == {0.5} and _resume_text_boosts(ours) == {before}


def _resume_text_boosts(body: dict) -> set[float]:
    """The boosts the text is matched with in resume_text, whole (multi_match) or word by word (without the
    word's specificity weight)."""
    boosts = set()
    for node in queries.walk(body):
        for spec in (node.get("multi_match") or {}).get("fields", []):
            field, _, boost = spec.partition("^")
            if field == "resume_text":
                boosts.add(float(boost or 1))
        spec = (node.get("match") or {}).get("resume_text")
        if isinstance(spec, dict) and str(spec.get("_name", "")).startswith("text:"):
            boosts.add(round(float(spec.get("boost", 1)) / queries.word_weight(spec["query"]), 9))
    return boosts


async def test_without_title_feedback_no_probe_runs_and_no_title_word_ranks() -> None:
    async def no_search(body: dict) -> dict:
        raise AssertionError("no probe expected")

    body = await variants.VARIANTS["no_title_feedback"]("python developer", TODAY, no_search)
    # Feedback words are the only unnamed title matches.
    fields = {"current_title", "job_titles"}
    titles = [n["match"] for n in queries.walk(body) if set(n.get("match", {})) & fields]
    assert titles and all("_name" in spec for match in titles for spec in match.values())
    assert queries.TITLE_FEEDBACK_BOOST > 0


async def test_ours_ranks_by_the_skills_the_text_names_and_skills_decide_makes_them_must() -> None:
    text = "python developer with kubernetes"
    query = variants.scored(await variants.ours(text, TODAY, fake_search))["bool"]
    inner = query["must"][0]["bool"]
    # The skills rank: none is a filter of its own (the title feedback makes the text's disjunction a filter
    # too, which says who is in, any one of its clauses).
    required = [clause for clause in query["filter"] if "should" not in clause.get("bool", {})]
    assert "skill:Python" in str(inner["should"]) and "skill:" not in str(required)
    assert '"_name": "text' in str(inner["should"]).replace("'", '"')
    decide = variants.scored(await variants.VARIANTS["skills_decide"](text, TODAY, fake_search))["bool"][
        "must"
    ][0]
    decide = decide["bool"]
    assert "skill:Python" in str(decide["must"]) and "skill:" not in str(decide["should"])
    assert '"_name": "text' in str(decide["should"]).replace("'", '"')


async def test_the_pre_issue15_body_requires_the_text_and_wraps_recency_around_it() -> None:
    shapes = before_issue15.shapes()
    old = await variants.VARIANTS["before15"]("python developer", TODAY, fake_search)
    scoring = old["query"]["function_score"]
    assert scoring["boost_mode"] == "multiply" and old["sort"] == ["_score", {"candidate_id": "asc"}]
    must = scoring["query"]["bool"]["must"][0]["bool"]["should"]
    # The text decides who is in; the jobs' text is scored per job.
    assert must[0]["multi_match"]["_name"] == "text" and must[1]["nested"]["score_mode"] == "max"
    # With every switch on, issue 15's shape: one flat should (at least one matches) and recency beside it.
    new = await variants.VARIANTS["before15_all_new"]("python developer", TODAY, fake_search)
    core = new["query"]["bool"]["must"][0]["bool"]
    assert core["minimum_should_match"] == 1 and "must" not in core and "sort" not in new
    assert new["query"]["bool"]["should"][0]["distance_feature"]["field"] == "updated_at"
    assert shapes["before15+flat_jobs"] == before_issue15.Shape(flat_jobs=True)


async def test_field_variants_change_the_text_clause_and_restore_the_builder() -> None:
    text = "python developer"
    original = queries.text_clauses
    without = await variants.VARIANTS["text_without_skills_field"](text, TODAY, fake_search)
    jobs = await variants.VARIANTS["job_titles_4"](text, TODAY, fake_search)
    assert queries.text_clauses is original
    ours = await variants.ours(text, TODAY, fake_search)
    # The variants build the text whole to edit its fields; ours (word by word) scores the same fields.
    assert "'text:skills:0'" in str(ours) and f"'skills^{queries.SKILL_BOOST}'" not in str(without)
    assert "'job_titles^4'" in str(jobs) and "'job_titles^4'" not in str(ours)


async def test_the_feedback_rewrites_reproduce_ours_with_every_vote_counted() -> None:
    text = "python developer"
    ours = await variants.ours(text, TODAY, fake_search)
    assert await variants.VARIANTS["feedback_votes_check"](text, TODAY, fake_search) == ours


def test_the_probe_searches_the_normalised_text_alone_in_one_flat_disjunction() -> None:
    body = probe.title_probe(SearchRequest(query="Accounts  payable general ledger", skills=["python"]))
    assert body is not None
    assert body["size"] == queries.TITLE_FEEDBACK_HITS and body["_source"] == ["current_title"]
    # Skills and filters are left out, so the probe's answer is the same for every search with this text.
    assert body == probe.title_probe(SearchRequest(query="accounts payable general ledger"))
    assert "Python" not in json.dumps(body) and body["track_total_hits"] is False
    assert probe.title_probe(SearchRequest(skills=["python"])) is None
    # The prunable shape: filters beside one pure disjunction, no nested clause, sorted by score alone.
    assert list(body["query"]["bool"]) == ["filter", "must"] and "sort" not in body
    assert "nested" not in json.dumps(body)
    should = body["query"]["bool"]["must"][0]["bool"]["should"]
    phrases = [c["match_phrase"]["resume_text"]["query"] for c in should if "match_phrase" in c]
    assert phrases == ["accounts payable", "payable general", "general ledger"]
    jobs = [c["multi_match"]["fields"] for c in should if "multi_match" in c]
    assert jobs[1] == list(probe.JOB_FIELDS)
    # Without the phrases and the jobs it is the text clause alone.
    lighter = probe.title_probe(
        SearchRequest(query="accounts payable general ledger"), phrases=False, job_fields=()
    )
    assert lighter is not None
    assert [c["multi_match"]["_name"] for c in lighter["query"]["bool"]["must"][0]["bool"]["should"]] == [
        "text"
    ]


async def test_each_probe_variant_sends_its_own_probe_and_ranks_the_whole_body() -> None:
    sent: list[dict] = []

    async def recording(body: dict) -> dict:
        sent.append(body)
        return await fake_search(body)

    clauses = {}
    for name in ("probe", "probe_without_phrases", "probe_no_jobs"):
        sent.clear()
        built = await variants.VARIANTS[name]("accounts payable general ledger", TODAY, recording)
        # One probe, its feedback read into the whole body (no window of a first pass).
        assert len(sent) == 1 and "ids" not in json.dumps(built["query"])
        clauses[name] = json.dumps(sent[0]["query"])
    assert "match_phrase" in clauses["probe"] and "match_phrase" not in clauses["probe_without_phrases"]
    assert "job_titles" in clauses["probe"] and "job_titles" not in clauses["probe_no_jobs"]


async def test_the_session_8_feedback_rewrites_weigh_the_first_pass_words_and_restore_the_builder() -> None:
    text = "python developer"
    ours = await variants.ours(text, TODAY, fake_search)
    # A word two titles share but no O*NET title has does not vote.
    junk = [{"_id": i, "_source": {"current_title": "Xyzzy Developer"}} for i in "de"]
    assert "xyzzy" in dict(queries.title_feedback([*PROBE_HITS, *junk]))
    assert "xyzzy" not in dict(variants._feedback_in_onet([*PROBE_HITS, *junk]))
    # Weighed by O*NET title idf with the query's feedback mass kept: the same words, the same total.
    weighed = variants._feedback_onet_idf(1.0, keep_mass=True)(PROBE_HITS)
    assert math.isclose(sum(s for _, s in weighed), sum(s for _, s in queries.title_feedback(PROBE_HITS)))
    scaled = await variants.VARIANTS["feedback_scaled_median_100"](text, TODAY, fake_search)
    assert queries.title_feedback is variants._shared_title_words
    assert scaled != ours and await variants.ours(text, TODAY, fake_search) == ours


def _word_boosts(body: dict, field: str) -> dict[str, float]:
    """The word-by-word clauses' boosts on `field` (the phrases' on resume_text under `match_phrase`)."""
    out = {}
    for node in queries.walk(body):
        for kind in ("match", "match_phrase"):
            match = node.get(kind, {}).get(field)
            if isinstance(match, dict) and "boost" in match:
                out[f"{kind}:{match['query']}"] = match["boost"]
    return out


async def test_the_session_15_placements_weigh_titles_and_phrases_as_named_and_restore_the_builder() -> None:
    text = "automotive service technician"
    ours = await variants.ours(text, TODAY, fake_search)
    whole = await variants.VARIANTS["spec_titles_whole"](text, TODAY, fake_search)
    phrases = await variants.VARIANTS["spec_phrases"](text, TODAY, fake_search)
    # Titles at their whole weight; the resume text still weighed as ours weighs it.
    assert _word_boosts(whole, "current_title")["match:service"] == queries.TITLE_BOOST
    assert _word_boosts(ours, "current_title")["match:service"] < queries.TITLE_BOOST
    assert _word_boosts(whole, "resume_text") == _word_boosts(ours, "resume_text")
    # A phrase of two generic words weighs less than PHRASE_BOOST; the words stay as ours weighs them.
    ours_text, phrase_text = _word_boosts(ours, "resume_text"), _word_boosts(phrases, "resume_text")
    assert ours_text["match_phrase:service technician"] == queries.PHRASE_BOOST
    assert phrase_text["match_phrase:service technician"] < queries.PHRASE_BOOST
    assert phrase_text["match:service"] == ours_text["match:service"]
    assert await variants.ours(text, TODAY, fake_search) == ours


def test_the_feedback_voters_count_only_hits_with_a_specific_word_and_else_vote_as_ours() -> None:
    words = ["crop", "production", "agronomy"]  # weights: agronomy 1, crop 0.93, production 0.66
    chefs = [
        {"_source": {"current_title": "Executive Chef"}, "matched_queries": ["text:resume_text:1"]}
        for _ in range(4)
    ]
    growers = [
        {"_source": {"current_title": f"Crop Scientist {i}"}, "matched_queries": ["text:resume_text:2"]}
        for i in range(6)
    ]
    hits = chefs + growers
    assert dict(queries.title_feedback(hits)) == {
        "executive": 0.4,
        "chef": 0.4,
        "crop": 0.6,
        "scientist": 0.6,
    }
    specific = dict(feedback_voters.feedback(hits, words, 1.0, over_all=False))
    assert specific == {"crop": 1.0, "scientist": 1.0}
    assert dict(feedback_voters.feedback(hits, words, 1.0, over_all=True)) == {"crop": 0.6, "scientist": 0.6}
    # Too few qualifying hits: everyone votes, as ours.
    assert feedback_voters.feedback(hits[:8], words, 1.0, False) == queries.title_feedback(hits[:8])
    weighted = dict(feedback_voters.feedback(hits, words, None, False))
    assert weighted["crop"] > 0.6 and weighted["chef"] < 0.4


async def test_the_feedback_pairs_are_fed_back_as_phrases_and_restore_the_builder() -> None:
    hits = [
        {"_source": {"current_title": t}} for t in ("Business Development Manager", "Business Development")
    ]
    hits += [{"_source": {"current_title": "Business Analyst"}}] * 2
    words = queries.title_feedback(hits)
    assert feedback_bigrams.shared_pairs(hits) == [("business development", 0.5), ("business analyst", 0.5)]
    replaced = dict(feedback_bigrams.feedback(words, hits, 1.0, replace=True))
    assert (
        "business" not in replaced and "development" not in replaced and replaced["business analyst"] == 0.5
    )
    clauses = feedback_bigrams.clauses([("business development", 0.5), ("manager", 0.2)])
    assert clauses[0] == {"match_phrase": {"current_title": {"query": "business development", "boost": 5.0}}}
    assert "match" in clauses[2]
    ours = await variants.ours("business development", TODAY, fake_search)
    await variants.VARIANTS["feedback_bigrams_add"]("business development", TODAY, fake_search)
    assert await variants.ours("business development", TODAY, fake_search) == ours


def test_the_feedback_floor_of_a_fifth_leaves_out_the_words_only_a_few_of_the_best_titles_share() -> None:
    titles = [
        *["Teacher"] * 10,
        *["Classroom Teacher"] * 4,
        *["Adult Education Teacher"] * 3,
        *["Lead Teacher"] * 3,
    ]
    hits = [{"_source": {"current_title": title}} for title in titles]
    # Session 36's floor (`s36_share_fifth`): "adult", "education" and "lead" (3 of the 20 titles) are a
    # minority's words.
    assert variants._FIFTH(hits) == [("teacher", 1.0), ("classroom", 0.2)]
    # As shipped (the floor measured and not kept), a word of two titles or more is fed back.
    shipped = queries.title_feedback(hits)
    assert [word for word, _ in shipped][:2] == ["teacher", "classroom"]
    assert {"adult", "education", "lead"} <= {word for word, _ in shipped}


async def test_the_session_39_variants_each_undo_one_reshape_and_restore_the_builder() -> None:
    text = "mechanical engineering autocad design drawings"
    ours = await variants.ours(text, TODAY, fake_search)

    def has(body: dict, found: str) -> bool:
        return found in json.dumps(body)

    jobs = await variants.VARIANTS["s39_jobs_nested"](text, TODAY, fake_search)
    assert has(jobs, '"work_experience.description"') and not has(jobs, "experience_text:")
    assert has(ours, "experience_text:") and not has(ours, '"nested"')
    recency = await variants.VARIANTS["s39_recency_multiplier"](text, TODAY, fake_search)
    assert has(recency, '"gauss"') and has(recency, '"ids"')  # the window still filters the second pass
    past = await variants.VARIANTS["s39_feedback_nested"](text, TODAY, fake_search)
    assert has(past, '"work_experience.title"') and has(past, '"current_title": {"query": "developer"')
    synonyms = await variants.VARIANTS["s39_skill_synonyms"](text, TODAY, fake_search)
    assert has(synonyms, '"_name": "skill:AutoCAD"') and not has(synonyms, queries.SKILL_KEYWORD)
    exact = await variants.VARIANTS["s39_feedback_exact"](text, TODAY, fake_search)
    assert not has(exact, '"ids"') and has(exact, '"job_titles": {"query": "developer"')
    windowed = await variants.VARIANTS["s39_window_jobs_nested_1"](text, TODAY, fake_search)
    assert has(windowed, '"ids"') and has(windowed, '"work_experience.description"')
    assert has(windowed, "experience_text:")  # the jobs' words of ours stay; the nested clause is added
    assert await variants.ours(text, TODAY, fake_search) == ours
