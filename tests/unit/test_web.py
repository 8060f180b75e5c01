"""The page's bundle, the CORS setting and the overlap of two people's jobs (pure functions)."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.search.queries import overlap_months
from app.settings import Settings
from app.web.assets import STATIC_DIR, load_bundle


def test_the_bundle_names_its_files_by_their_content(tmp_path: Path) -> None:
    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text('<script type="module" src="{{assets}}/js/main.js"></script>')
    (tmp_path / "js" / "main.js").write_text("console.log(1);\n" * 200)
    first = load_bundle(tmp_path)
    assert f"/static/{first.version}/js/main.js".encode() in first.index.body
    main = first.files["js/main.js"]
    assert main.gzipped is not None and gzip.decompress(main.gzipped) == main.body
    assert main.content_type.startswith("text/javascript")
    (tmp_path / "js" / "main.js").write_text("console.log(2);\n")
    assert load_bundle(tmp_path).version != first.version


def test_the_shipped_page_is_small() -> None:
    bundle = load_bundle(STATIC_DIR)
    assert {"app.css", "js/main.js", "js/api.js", "js/search.js"} <= set(bundle.files)
    assert bundle.gzipped_bytes() < 300 * 1024


def test_cors_origins_are_none_by_default_and_listed_exactly() -> None:
    assert Settings().cors_origin_set == frozenset()
    listed = Settings(cors_origins=" https://HR.example.com/ , http://localhost:5173")
    assert listed.cors_origin_set == {"https://hr.example.com", "http://localhost:5173"}


@pytest.mark.parametrize("value", ["*", "hr.example.com", "https://hr.example.com/app", "ftp://x.example"])
def test_a_cors_origin_that_is_not_an_origin_is_refused(value: str) -> None:
    with pytest.raises(ValidationError, match="cors_origins"):
        Settings(cors_origins=value)


def job(key: str, start: str, end: str | None) -> dict[str, object]:
    return {"company_key": key, "start_date": start, "end_date": end, "is_current": end is None}


def test_overlap_months_counts_shared_companies_only() -> None:
    today = date(2025, 1, 1)
    bob = {"work_experience": [job("globex", "2022-07-01", None), job("acme", "2019-06-01", "2022-06-01")]}
    alice = {"work_experience": [job("acme", "2018-01-01", None)]}
    dave = {"work_experience": [job("globex", "2015-01-01", "2023-01-01")]}
    erin = {"work_experience": [job("acme", "2015-01-01", "2017-12-01")]}
    assert overlap_months(bob, alice, today) == 36
    assert overlap_months(bob, dave, today) == 6
    assert overlap_months(bob, erin, today) == 0
    assert overlap_months({"work_experience": []}, alice, today) == 0
