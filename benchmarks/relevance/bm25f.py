"""Issue 17, session 22: a query word's evidence across fields scored once (BM25F, `combined_fields`).

Ours matches each query word in each field on its own (`queries.text_clauses`, `per_word`) and adds the
fields' BM25 scores: current title x3, resume text x4, its skill tokens (`resume_text.skills`) x4, the skills
list x3, the jobs' titles x2, each with its own idf, its own length norm and its own saturation. The resume
text is the whole resume, so it already holds the title, the jobs' titles and the skills list: one mention of
"loan processing" in a skills list is scored in four clauses (text, text skills, skills list, and the asked
skill's exact term), and a word in a short field is worth a full saturated score again on top of the text's
(benchmarks/README.md, session 7: d09's mislabelled banker at rank 1 through its skills list).

BM25F scores the word once over a group of fields: the fields' term frequencies, each x its weight, add up
to one frequency, the fields' lengths likewise to one length, and one saturation and one idf apply
(Lucene's CombinedFieldQuery, OpenSearch's `combined_fields`). A group's fields must share one search
analyzer, so the prose fields (`current_title`, `resume_text`, `job_titles`) and the skill fields (`skills`,
`resume_text.skills`) form separate groups. Not measured before: issue-17c's `cross_fields` (0.746 dev)
blends the idf across fields but still sums per-field saturated scores; sessions 7 and 8 dropped the skills
field from the text (d09 +0.13, four queries -0.06 to -0.09); session 12 set k1 / b per field.

Each group's words become one `combined_fields` clause per word, named `text:bm25f_<group>:<n>`: the
fields' weights are ours's boosts divided by the group's smallest (so the lightest field counts a mention
as one occurrence; combined_fields takes weights of 1 or more), and the clause's boost is `scale` x the sum
of ours's boosts x the word's O*NET specificity weight (`queries.word_weight`), so a word saturated in the
group weighs at most what it weighed summed over the fields at full saturation. The skill fields go word by
word only when the text holds no multi-word synonym (`queries.splits_into_words`); otherwise their whole
multi_match stays as in ours. The probe (title feedback's first pass) is built by the same clauses, as in
the API. Nothing here reads an evaluation query, label or category.

The configs (fixed before their dev run, benchmarks/README.md "Issue 17, session 22"):

  bm25f_prose            current_title, resume_text, job_titles as one group (scale 1)
  bm25f_text_jobs        resume_text, job_titles as one group; the current title on its own as in ours
  bm25f_skills           skills, resume_text.skills as one group
  bm25f_prose_skills     both groups of bm25f_prose and bm25f_skills
  bm25f_text_jobs_skills both groups of bm25f_text_jobs and bm25f_skills
  bm25f_prose_skills_half  bm25f_prose_skills at scale 0.5

    python -m benchmarks.relevance.bm25f RUN.json   # a dev run's configs, folds (5, position mod 5)
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.search import queries
from benchmarks.relevance import specificity_placement

PROSE = ("current_title", "resume_text", "job_titles")
TEXT_JOBS = ("resume_text", "job_titles")
SKILLS = ("skills", "resume_text.skills")


@dataclass(frozen=True)
class Config:
    groups: tuple[tuple[str, ...], ...]
    scale: float = 1.0


CONFIGS: dict[str, Config] = {
    "bm25f_prose": Config((PROSE,)),
    "bm25f_text_jobs": Config((TEXT_JOBS,)),
    "bm25f_skills": Config((SKILLS,)),
    "bm25f_prose_skills": Config((PROSE, SKILLS)),
    "bm25f_text_jobs_skills": Config((TEXT_JOBS, SKILLS)),
    "bm25f_prose_skills_half": Config((PROSE, SKILLS), scale=0.5),
}
GROUP_NAMES = {PROSE: "prose", TEXT_JOBS: "text_jobs", SKILLS: "skills"}


def _word_field(clause: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(field, its match) of a word-by-word text clause (`queries._word`), else None."""
    match = clause.get("match")
    if not isinstance(match, dict) or len(match) != 1:
        return None
    field, spec = next(iter(match.items()))
    name = spec.get("_name", "") if isinstance(spec, dict) else ""
    if not (name.startswith("text:") or name.startswith("experience_text:")):
        return None
    return field, spec


def _index(spec: dict[str, Any]) -> int:
    return int(spec["_name"].rsplit(":", 1)[1])


def combined(clauses: list[dict[str, Any]], group: Sequence[str], scale: float) -> list[dict[str, Any]]:
    """`clauses` (one query's text clauses) with each word's clauses over the `group`'s fields replaced by
    one combined_fields clause, when every field of the group has that word's clause."""
    by_word: dict[int, dict[str, dict[str, Any]]] = {}
    for clause in clauses:
        found = _word_field(clause)
        if found and found[0] in group:
            by_word.setdefault(_index(found[1]), {})[found[0]] = found[1]
    whole = {n: fields for n, fields in by_word.items() if set(fields) == set(group)}
    if not whole:
        return clauses
    kept = []
    for clause in clauses:
        found = _word_field(clause)
        if not (found and found[0] in group and _index(found[1]) in whole):
            kept.append(clause)
    name = GROUP_NAMES.get(tuple(group), "_".join(group))
    for n, fields in sorted(whole.items()):
        # Each field's boost is its weight x the word's specificity: the weights are the boosts' ratios.
        weight = queries.word_weight(fields[group[0]]["query"])
        boosts = {field: spec["boost"] / weight for field, spec in fields.items()}
        lightest = min(boosts.values())
        kept.append(
            {
                "combined_fields": {
                    "query": fields[group[0]]["query"],
                    "fields": [f"{field}^{boosts[field] / lightest:g}" for field in group],
                    "boost": scale * sum(boosts.values()) * weight,
                    "_name": f"text:bm25f_{name}:{n}",
                }
            }
        )
    return kept


def configured(config: Config) -> contextlib.AbstractContextManager[None]:
    """While a body is built (the probe included): the text clauses with the config's groups combined."""

    def edit(clauses: list[dict[str, Any]], query: str | None, per_word: bool) -> list[dict[str, Any]]:
        for group in config.groups:
            clauses = combined(clauses, group, config.scale)
        return clauses

    return specificity_placement.text_clauses_edited(edit)


def main() -> None:
    specificity_placement.report_cli("benchmarks.relevance.bm25f", __doc__, CONFIGS)


if __name__ == "__main__":
    main()
