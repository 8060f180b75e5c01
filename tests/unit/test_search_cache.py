"""Cache entries carry the epoch they were computed at; another epoch's entry is a miss."""

from __future__ import annotations

from app.search.cache import ENTRY_FORMAT, cache_key, tagged, value_at


def test_an_entry_answers_only_at_its_own_epoch() -> None:
    entry = tagged(41, b'{"total":1}\n{"results":[]}')
    assert value_at(entry, 41) == b'{"total":1}\n{"results":[]}'
    assert value_at(entry, 42) is None
    assert value_at(entry, 4) is None
    assert value_at(None, 41) is None


def test_the_key_is_the_same_for_equal_requests_and_holds_no_epoch() -> None:
    one = cache_key("candidates", {"skills": ["python"], "limit": 20}, "all", "candidates")
    assert one == cache_key("candidates", {"limit": 20, "skills": ["python"]}, "all", "candidates")
    assert one != cache_key("filters", {"skills": ["python"], "limit": 20}, "all", "candidates")
    assert one.startswith(f"search:{ENTRY_FORMAT}:candidates:candidates:all:")


def test_two_index_aliases_never_share_an_answer() -> None:
    # Two deployments on one Redis (or an API whose INDEX_ALIAS changed) served each other's cached pages:
    # an API whose alias has no index answered a search 200 from another's entry instead of its 503.
    asked = {"skills": ["python"], "limit": 20}
    ours = cache_key("candidates", asked, "all", "candidates")
    assert ours != cache_key("candidates", asked, "all", "other")
